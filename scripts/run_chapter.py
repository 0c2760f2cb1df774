#!/usr/bin/env python
"""Re-run one chapter of the book with other parameters.

    run_chapter.py book/equilibrium.md rs=3 kernel=rpa [--name NAME] [--out runs] [--force]
    run_chapter.py book/equilibrium.md --list        # the chapter's parameters and their ranges

Values are Python literals (``rs=3``, ``T=2e3``, ``kernel='rpa'``); anything that is not a
literal is taken as a string (``kernel=rpa``). Every name must exist in the chapter's code cell
tagged ``parameters``, values must have the type of the default there (an int is accepted for a
float), ``currentforces.book.parameters.validate_parameters`` must accept them (the parameter
box) and ``preflight`` must find the physics well posed (e.g. an equilibrium branch that the
kernels share). All of this is checked before anything is executed or written.

The chapter is executed with papermill into a temporary directory inside ``--out``; the kernel
gets ``CURRENTFORCES_RUN_DIR=<that directory>`` so the chapter can save figures and tables
there. Only if execution succeeds is the directory renamed to ``<out>/<name>/`` (holding
``<chapter>.ipynb``, a readable ``<chapter>.html`` with the glued numbers and figures, and
whatever the chapter wrote: each figure as PNG with its data as CSV); then the output of the
chapter's cells tagged ``run-summary`` is printed. A run of an existing name is refused unless
``--force`` is given. On failure nothing is left behind.

Errors: exit status 2 and one line ``error: ...`` on stderr. A run that executes but whose
checks fail (lines ``CHECK FAILED: ...`` in its output, ``currentforces.book.report.check``)
is kept, says so at the top of its page and on stderr, and exits with status 1.
"""

from __future__ import annotations

import argparse
import ast
import os
import re
import shutil
import sys
import tempfile
import types
from pathlib import Path

# the kernel's IPython profile, as in the Makefile: no warning about the local TCP link
os.environ.setdefault("IPYTHONDIR", str(Path(__file__).resolve().parent / "ipython"))

EXIT_ERROR = 2
EXIT_CHECKS_FAILED = 1


class RunError(Exception):
    """A user-facing error: printed as ``error: <message>``, exit status 2."""


def parse_assignments(items: list[str]) -> dict:
    """Parse ``key=value`` strings; values are Python literals, else plain strings."""
    params: dict = {}
    for item in items:
        key, sep, raw = item.partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise RunError(f"parameters must be given as name=value, got {item!r}")
        if key in params:
            raise RunError(f"parameter {key} given twice")
        try:
            value = ast.literal_eval(raw.strip())
        except (ValueError, SyntaxError, MemoryError, RecursionError):
            value = raw.strip()
        params[key] = value
    return params


def read_chapter(path: Path):
    """Read a MyST (or any jupytext) notebook; return the notebook and its parameters cell."""
    import jupytext

    if not path.is_file():
        raise RunError(f"chapter {str(path)!r} not found")
    try:
        nb = jupytext.read(path)
    except Exception as exc:  # noqa: BLE001 - any parse failure is a user error here
        raise RunError(f"cannot read {path} as a notebook: {exc}") from None
    if "kernelspec" not in nb.metadata:
        raise RunError(f"{path} is not a notebook (no kernelspec in its header)")
    cells = [
        c for c in nb.cells if c.cell_type == "code" and "parameters" in c.metadata.get("tags", [])
    ]
    if len(cells) != 1:
        raise RunError(
            f"{path} must have exactly one code cell tagged 'parameters', found {len(cells)}"
        )
    return nb, cells[0]


def default_parameters(source: str, path: Path) -> dict:
    """Execute the parameters cell in an empty namespace; return its names and defaults."""
    namespace: dict = {}
    try:
        exec(compile(source, f"<parameters cell of {path}>", "exec"), namespace)  # noqa: S102
    except Exception as exc:  # noqa: BLE001
        raise RunError(f"the parameters cell of {path} failed: {exc!r}") from None
    return {
        name: value
        for name, value in namespace.items()
        if not name.startswith("_")
        and not isinstance(value, (types.ModuleType, types.FunctionType, type))
    }


def _type_name(value) -> str:
    return type(value).__name__


def check_types(given: dict, defaults: dict, path: Path) -> dict:
    """Check names and types of ``given`` against the defaults; return converted values."""
    unknown = [name for name in given if name not in defaults]
    if unknown:
        raise RunError(
            f"unknown parameter {unknown[0]!r} for {path.name}; "
            f"allowed: {', '.join(sorted(defaults))}"
        )
    from currentforces.book.parameters import ANY_TYPE

    converted = {}
    for name, value in given.items():
        default = defaults[name]
        if default is None or name in ANY_TYPE:
            converted[name] = value
            continue
        if isinstance(default, bool) or isinstance(value, bool):
            ok = isinstance(default, bool) and isinstance(value, bool)
        elif isinstance(default, float) and isinstance(value, int):
            value, ok = float(value), True
        elif isinstance(default, (list, tuple)) and isinstance(value, (list, tuple)):
            value, ok = type(default)(value), True
        else:
            ok = isinstance(value, type(default))
        if not ok:
            raise RunError(
                f"parameter {name} must be of type {_type_name(default)} "
                f"(default {default!r}), got {value!r} of type {_type_name(value)}"
            )
        converted[name] = value
    return converted


def validate(given: dict, defaults: dict, chapter: str = "") -> dict:
    """Check the merged parameters against the box, then the physics (``preflight``)."""
    from currentforces.book.parameters import preflight, validate_parameters

    merged = {**defaults, **given}
    try:
        clean = validate_parameters(merged)
    except ValueError as exc:
        raise RunError(f"invalid parameter: {exc}") from None
    try:
        preflight(chapter, clean)
    except ValueError as exc:
        raise RunError(f"no answer for these parameters: {exc}") from None
    return {name: clean.get(name, value) for name, value in given.items()}


def list_parameters(defaults: dict, path: Path) -> str:
    """The chapter's parameters with defaults, types and allowed values, as text."""
    from currentforces.book.parameters import describe

    rows = describe(defaults)
    width = max(len(r[0]) for r in rows)
    lines = [f'parameters of {path} (make run NB={path} PARAMS="name=value ..."):']
    for name, default, kind, allowed in rows:
        lines.append(f"  {name:<{width}}  default {default} ({kind}); {allowed}")
    return "\n".join(lines)


def slug(stem: str, items: list[str]) -> str:
    """Default run name: chapter stem plus the parameters as typed, e.g.
    ``equilibrium_rs-3_kernel-rpa`` for ``rs=3 kernel=rpa``."""
    if not items:
        return f"{stem}_defaults"
    parts = [stem]
    for item in items:
        name, _, raw = item.partition("=")
        text = re.sub(r"[^A-Za-z0-9.+-]+", "", raw) or "x"
        parts.append(f"{name.strip()}-{text}")
    return "_".join(parts)


def check_name(name: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.+=-]*", name):
        raise RunError(
            f"run name {name!r} must start with a letter or digit and contain only "
            "letters, digits and _ . + = -"
        )
    return name


def execute(nb, chapter: Path, params: dict, out: Path, name: str, force: bool = False) -> Path:
    """Execute into a temporary directory in ``out``; rename it to ``out/name`` on success."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    if (out / name).exists() and not force:
        raise RunError(
            f"a run named {name!r} exists in {out}/; give another NAME= or FORCE=1 to replace it"
        )
    created_out = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".tmp-{name}-", dir=out))
    umask = os.umask(0)
    os.umask(umask)
    tmp.chmod(0o777 & ~umask)  # mkdtemp makes it 0700; give it normal directory permissions
    target = out / name
    old_env = os.environ.get("CURRENTFORCES_RUN_DIR")
    os.environ["CURRENTFORCES_RUN_DIR"] = str(tmp.resolve())
    try:
        executed = papermill.execute_notebook(
            nb,
            str(tmp / f"{chapter.stem}.ipynb"),
            parameters=params,
            kernel_name="python3",
            cwd=str(chapter.resolve().parent),
            progress_bar=sys.stderr.isatty(),
            log_output=False,
        )
        write_page(executed, tmp / f"{chapter.stem}.html", chapter, params)
        if target.exists():
            trash = Path(tempfile.mkdtemp(prefix=f".old-{name}-", dir=out))
            target.rename(trash / name)
            tmp.rename(target)
            shutil.rmtree(trash)
        else:
            tmp.rename(target)
    except PapermillExecutionError as exc:
        raise RunError(
            f"{chapter.name} failed in cell {exc.exec_count}: {exc.ename}: {exc.evalue}"
        ) from None
    except Exception as exc:  # noqa: BLE001 - kernel start-up, I/O, ...
        raise RunError(f"{chapter.name} failed: {type(exc).__name__}: {exc}") from None
    finally:
        if old_env is None:
            os.environ.pop("CURRENTFORCES_RUN_DIR", None)
        else:
            os.environ["CURRENTFORCES_RUN_DIR"] = old_env
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
        if created_out and not any(out.iterdir()):
            out.rmdir()
    return target


def write_page(executed, path: Path, chapter: Path, params: dict) -> None:
    """The readable HTML page of the run (glue rendered, figures inline)."""
    from currentforces.book.runpage import render_page

    title = next(
        (
            c.source.split("\n# ", 1)[-1].split("\n")[0].lstrip("# ")
            for c in executed.cells
            if c.cell_type == "markdown" and "# " in c.source
        ),
        chapter.stem,
    )
    mathjax = copy_mathjax(
        chapter.resolve().parents[1] / "_build/vendor/static/mathjax", path.parent
    )
    page = render_page(
        executed, title, params, mathjax, chapter.resolve().parent, failed_checks(executed)
    )
    path.write_text(page, encoding="utf-8")


def copy_mathjax(source: Path, run: Path) -> str | None:
    """Copy MathJax (the combined component and its fonts) into the run; its URL from the page.

    The page then shows its math wherever the run folder is moved or shared, offline. None if
    the book's MathJax has not been fetched (``make mathjax``): the page shows TeX source.
    """
    bundle = source / "tex-mml-chtml.js"
    if not bundle.is_file():
        return None
    target = run / "mathjax"
    fonts = Path("output/chtml/fonts/woff-v2")
    (target / fonts).mkdir(parents=True, exist_ok=True)
    shutil.copy2(bundle, target / bundle.name)
    shutil.copytree(source / fonts, target / fonts, dirs_exist_ok=True)
    return f"mathjax/{bundle.name}"


def failed_checks(executed) -> list[str]:
    """The lines of failed checks printed by any cell (``currentforces.book.report.check``)."""
    from currentforces.book.report import FAILURE_MARKER

    lines = []
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                lines += [
                    line.strip()
                    for line in output.get("text", "").splitlines()
                    if line.strip().startswith(FAILURE_MARKER)
                ]
    return list(dict.fromkeys(lines))


def summary(executed) -> str:
    """The printed output of the cells tagged ``run-summary``."""
    texts = []
    for cell in executed.cells:
        if "run-summary" in cell.get("metadata", {}).get("tags", []):
            for output in cell.get("outputs", []):
                if output.get("output_type") == "stream":
                    texts.append(output.get("text", ""))
    return "".join(texts).rstrip()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Re-run a chapter of the book with other parameters.",
    )
    parser.add_argument("notebook", help="chapter, e.g. book/equilibrium.md")
    parser.add_argument("params", nargs="*", help="name=value pairs, e.g. rs=3 kernel=rpa")
    parser.add_argument("--name", help="run name (default: chapter stem + parameters)")
    parser.add_argument("--out", default="runs", help="directory of runs (default: runs)")
    parser.add_argument("--force", action="store_true", help="replace a run of the same name")
    parser.add_argument("--list", action="store_true", help="list the chapter's parameters")
    args = parser.parse_args(argv)

    try:
        chapter = Path(args.notebook)
        nb, cell = read_chapter(chapter)
        defaults = default_parameters(cell.source, chapter)
        if args.list:
            print(list_parameters(defaults, chapter))
            return 0
        given = parse_assignments(args.params)
        given = check_types(given, defaults, chapter)
        given = validate(given, defaults, chapter.stem)
        name = check_name(args.name) if args.name else slug(chapter.stem, args.params)
        if (Path(args.out) / name).exists() and not args.force:
            raise RunError(
                f"a run named {name!r} exists in {args.out}/; give another NAME= or FORCE=1 "
                "to replace it"
            )
        # --- nothing has been written up to here ---
        print(f"running {chapter} with {given or 'its defaults'} ...", file=sys.stderr)
        target = execute(nb, chapter, given, Path(args.out), name, force=args.force)
    except RunError as exc:
        print("error: " + " ".join(str(exc).split()), file=sys.stderr)
        return EXIT_ERROR
    import nbformat

    executed = nbformat.read(target / f"{chapter.stem}.ipynb", as_version=4)
    text = summary(executed)
    if text:
        print(text)
    print(f"wrote {target}/ ({chapter.stem}.html is the readable page of the run)")
    failed = failed_checks(executed)
    if failed:
        for line in failed:
            print(line, file=sys.stderr)
        print(
            f"error: {len(failed)} check(s) failed for these parameters; the page of the run "
            "says which at its top",
            file=sys.stderr,
        )
        return EXIT_CHECKS_FAILED
    return 0


if __name__ == "__main__":
    sys.exit(main())
