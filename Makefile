# Build and test pipeline of the book. Everything runs in .venv, created on demand.
#   make book   build the HTML book into _build/html (executes every chapter; works offline)
#   make test   lint, unit tests, strict (-W) book build, checked outputs, browser test of every page
#   make run NB=book/equilibrium.md PARAMS="rs=3 kernel=rpa" [NAME=myrun] [FORCE=1]
#   make params NB=book/dynamics.md   (a chapter's parameters, defaults and allowed ranges)
#   make sweep STUDY=dynamics PARAMS="rs=1:6:100" [OUT=file.csv]   (a study over a grid, cached, in parallel)
#   make browser-test | make nbval-refs | make bench | make clean | make distclean

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

BOOTSTRAP_PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
BIN := $(abspath $(VENV))/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PIP := $(PY) -m pip --disable-pip-version-check --no-input

# Subprocesses (jupyter kernels, jupytext, ...) find the tools of .venv first.
export PATH := $(BIN):$(PATH)
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# the kernels' IPython profile (scripts/ipython): drops ipykernel's warning about the local TCP link
export IPYTHONDIR := $(abspath scripts/ipython)

# checks that the ledger shares with the chapters are computed once per build (currentforces.evidence.checks);
# the folder lives in the execution cache, which scripts/cache_key.py clears when src/ changes
EVIDENCE_CACHE := $(abspath _build/.jupyter_cache/evidence)
SWEEP_CACHE := $(abspath _build/.jupyter_cache/sweeps)

NB ?=
PARAMS ?=
NAME ?=
FORCE ?=

# MathJax 3, served from the book (_static/mathjax/) so that the HTML works offline: the npm
# package, pinned by version and by the SHA-256 of its tarball, unpacked into the static folder
# that _config.yml gives Sphinx (html_static_path: _build/vendor/static).
MATHJAX_VERSION := 3.2.2
MATHJAX_SHA256 := 1b9c0a1c44df864e915690558e72adb9cc5203360daefd385084ced3b6c64c09
VENDOR := _build/vendor
MATHJAX_DIR := $(VENDOR)/static/mathjax
MATHJAX_STAMP := $(MATHJAX_DIR)/.mathjax-$(MATHJAX_VERSION)

# The browser test drives Debian's chromium through chromium-driver (selenium, requirements.txt).
CHROMIUM ?= /usr/bin/chromium
CHROMEDRIVER ?= /usr/bin/chromedriver
SUDO := $(if $(filter 0,$(shell id -u)),,sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends

.PHONY: help venv install mathjax plotly chromium book test lint unit nbval-prepare nbval \
        pipeline-build check-outputs browser-test run params sweep nbval-refs bench clean distclean \
        slow-tests

help:
	@sed -n '2,7s/^# \{0,1\}//p' Makefile

# ---------------------------------------------------------------- environment
# the version lives in __init__.py: a new version reinstalls the package (its metadata)
$(STAMP): requirements.txt pyproject.toml src/currentforces/__init__.py
	@if [ ! -x "$(PY)" ]; then \
	  if [ -z "$(BOOTSTRAP_PYTHON)" ]; then echo "error: python3.11 (or python3) not found" >&2; exit 1; fi; \
	  echo "creating $(VENV) with $(BOOTSTRAP_PYTHON)"; \
	  "$(BOOTSTRAP_PYTHON)" -m venv $(VENV); \
	fi
	$(PIP) install -r requirements.txt
	$(PIP) install -e .
	@# numba compiles the Numerov kernels of the nonlinear screening into its cache now, once,
	@# instead of in the first chapter (and each worker process) that solves a screening
	$(PY) -m currentforces.impurity.numerov
	touch $@

venv install: $(STAMP)

# npm comes with node; on a machine without it, Debian's npm is installed.
$(MATHJAX_STAMP):
	@if ! command -v npm >/dev/null; then \
	  echo "npm not found: installing Debian's npm"; \
	  $(SUDO) apt-get update -q && $(APT_INSTALL) npm; fi
	rm -rf $(MATHJAX_DIR) $(VENDOR)/tmp
	mkdir -p $(MATHJAX_DIR) $(VENDOR)/tmp
	cd $(VENDOR)/tmp && npm pack --silent --no-fund --no-audit mathjax@$(MATHJAX_VERSION) >/dev/null
	echo "$(MATHJAX_SHA256)  $(VENDOR)/tmp/mathjax-$(MATHJAX_VERSION).tgz" | sha256sum --check --quiet
	tar -xzf $(VENDOR)/tmp/mathjax-$(MATHJAX_VERSION).tgz -C $(VENDOR)/tmp
	cp -R $(VENDOR)/tmp/package/es5/{tex-mml-chtml.js,a11y,adaptors,input,output,sre,ui} \
	  $(VENDOR)/tmp/package/LICENSE $(MATHJAX_DIR)/
	rm -rf $(VENDOR)/tmp
	touch $@

mathjax: $(MATHJAX_STAMP)

# plotly.js for the explorer page, served from the book like MathJax: the file the pinned
# plotly package (requirements.txt) ships, copied into the static folder
PLOTLY_JS := $(VENDOR)/static/plotly/plotly.min.js
$(PLOTLY_JS): $(STAMP)
	mkdir -p $(dir $@)
	$(PY) -c "import pathlib, plotly, shutil; shutil.copy(pathlib.Path(plotly.__file__).parent / 'package_data' / 'plotly.min.js', '$@')"

plotly: $(PLOTLY_JS)

chromium:
	@if [ -x "$(CHROMIUM)" ] && [ -x "$(CHROMEDRIVER)" ]; then exit 0; fi; \
	echo "installing Debian's chromium and chromium-driver"; \
	$(SUDO) apt-get update -q && $(APT_INSTALL) chromium chromium-driver

# ---------------------------------------------------------------- book
# The execution cache (_build/.jupyter_cache) is keyed on each chapter's code by jupyter-cache
# and on the package, requirements and config by scripts/cache_key.py.
book: $(STAMP) $(MATHJAX_STAMP) $(PLOTLY_JS)
	$(PY) scripts/cache_key.py
	CURRENTFORCES_EVIDENCE_CACHE=$(EVIDENCE_CACHE) CURRENTFORCES_SWEEP_CACHE=$(SWEEP_CACHE) $(BIN)/jupyter-book build .
	@echo "open _build/html/index.html"

# ---------------------------------------------------------------- tests
# Each step fails the target; pytest exits 5 if it collects nothing, which is a failure too.
# Each chapter is executed once: by the strict build (or taken from the execution cache), whose
# executed notebooks check-outputs then compares with the nbval references.
test: $(STAMP)
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory unit
	$(MAKE) --no-print-directory slow-tests
	$(MAKE) --no-print-directory pipeline-build
	$(MAKE) --no-print-directory check-outputs
	$(MAKE) --no-print-directory browser-test
	@echo "make test: all checks passed"

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts

# the unit tests and the Examples of the package's docstrings (doctests)
unit: $(STAMP)
	$(PY) -m pytest -q -n 2 -m "not slow" tests --ignore=tests/browser --doctest-modules src/currentforces

# the tests that run chapters, a fresh install, a cluster or the parameter box in subprocesses
slow-tests: $(STAMP)
	$(PY) -m pytest -q -n 2 -m slow tests --ignore=tests/browser

nbval-prepare: $(STAMP)
	$(PY) scripts/nbval_prepare.py

# nbval itself, re-executing every chapter (make test compares the build's execution instead)
nbval: nbval-prepare
	$(PY) -m pytest -q -p no:cacheprovider --nbval-lax --nbval-current-env _build/nbval/

pipeline-build: $(STAMP) $(MATHJAX_STAMP) $(PLOTLY_JS)
	$(PY) scripts/cache_key.py
	CURRENTFORCES_EVIDENCE_CACHE=$(EVIDENCE_CACHE) CURRENTFORCES_SWEEP_CACHE=$(SWEEP_CACHE) $(BIN)/jupyter-book build --all -W --keep-going .

check-outputs: $(STAMP)
	$(PY) scripts/check_outputs.py

# Every page of the built book in headless Chromium (tests/browser/): math typeset, images
# loaded, no console error, nothing from the network, internal links and anchors resolve.
browser-test: $(STAMP) chromium
	@if [ ! -f _build/html/index.html ]; then echo "no built book: run make book first" >&2; exit 1; fi
	BOOK_HTML=$(abspath _build/html) CHROMIUM=$(CHROMIUM) CHROMEDRIVER=$(CHROMEDRIVER) \
	  $(PY) -m pytest -q -p no:cacheprovider tests/browser

# ---------------------------------------------------------------- chapters
run: $(STAMP)
	@if [ -z "$(NB)" ]; then \
	  echo 'usage: make run NB=book/<chapter>.md PARAMS="rs=3 kernel=rpa" [NAME=myrun]' >&2; exit 2; fi
	$(PY) scripts/run_chapter.py $(NB) $(PARAMS) $(if $(NAME),--name $(NAME)) $(if $(FORCE),--force)

params: $(STAMP)
	@if [ -z "$(NB)" ]; then echo 'usage: make params NB=book/<chapter>.md' >&2; exit 2; fi
	@$(PY) scripts/run_chapter.py $(NB) --list

# a study over a grid of parameters, cached and in parallel (currentforces.studies.engine); the same as
# `.venv/bin/currentforces sweep STUDY -p rs=1:6:100 ...`
sweep: $(STAMP)
	@if [ -z "$(STUDY)" ]; then \
	  echo 'usage: make sweep STUDY=dynamics PARAMS="rs=1:6:100 nucleus2=deuteron,triton" [OUT=file.csv]' >&2; \
	  $(VENV)/bin/currentforces studies >&2; exit 2; fi
	$(VENV)/bin/currentforces sweep $(STUDY) $(foreach p,$(PARAMS),-p $(p)) $(if $(OUT),-o $(OUT))

nbval-refs: $(STAMP)
	$(PY) scripts/nbval_refs.py

bench: $(STAMP)
	$(PY) scripts/bench.py

# ---------------------------------------------------------------- cleaning
clean:
	rm -rf _build .pytest_cache .ruff_cache .jupyter_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV)
