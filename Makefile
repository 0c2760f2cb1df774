# Build and test pipeline of the book. Everything runs in .venv, created on demand.
#   make book   build the HTML book into _build/html (executes every chapter)
#   make test   lint, unit tests, nbval regression tests, strict (-W) book build
#   make run NB=book/equilibrium.md PARAMS="rs=3 kernel=rpa" [NAME=myrun]
#   make nbval-refs | make bench | make clean | make distclean

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

NB ?=
PARAMS ?=
NAME ?=

.PHONY: help venv install book test lint unit nbval-prepare nbval pipeline-build run \
        nbval-refs bench clean distclean

help:
	@sed -n '2,6s/^# \{0,1\}//p' Makefile

# ---------------------------------------------------------------- environment
$(STAMP): requirements.txt pyproject.toml
	@if [ ! -x "$(PY)" ]; then \
	  if [ -z "$(BOOTSTRAP_PYTHON)" ]; then echo "error: python3.11 (or python3) not found" >&2; exit 1; fi; \
	  echo "creating $(VENV) with $(BOOTSTRAP_PYTHON)"; \
	  "$(BOOTSTRAP_PYTHON)" -m venv $(VENV); \
	fi
	$(PIP) install -r requirements.txt
	$(PIP) install -e .
	touch $@

venv install: $(STAMP)

# ---------------------------------------------------------------- book
book: $(STAMP)
	$(BIN)/jupyter-book build --all .
	@echo "open _build/html/index.html"

# ---------------------------------------------------------------- tests
# Each step fails the target; pytest exits 5 if it collects nothing, which is a failure too.
test: $(STAMP)
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory unit
	$(MAKE) --no-print-directory nbval
	$(MAKE) --no-print-directory pipeline-build
	@echo "make test: all checks passed"

lint: $(STAMP)
	$(BIN)/ruff check --extend-exclude tests/nbval src tests scripts

unit: $(STAMP)
	$(PY) -m pytest -q tests

nbval-prepare: $(STAMP)
	$(PY) scripts/nbval_prepare.py

nbval: nbval-prepare
	$(PY) -m pytest -q -p no:cacheprovider --nbval-lax --nbval-current-env _build/nbval/

pipeline-build: $(STAMP)
	$(BIN)/jupyter-book build --all -W --keep-going .

# ---------------------------------------------------------------- chapters
run: $(STAMP)
	@if [ -z "$(NB)" ]; then \
	  echo 'usage: make run NB=book/<chapter>.md PARAMS="rs=3 kernel=rpa" [NAME=myrun]' >&2; exit 2; fi
	$(PY) scripts/run_chapter.py $(NB) $(PARAMS) $(if $(NAME),--name $(NAME))

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
