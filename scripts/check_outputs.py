#!/usr/bin/env python
"""Compare the chapters' checked outputs, as executed by the book build, with the references.

The cells of a chapter tagged ``nbval-check-output`` are regression tests: their printed
output must equal that stored in tests/nbval/<chapter>.ipynb (the nbval references, written by
``make nbval-refs``). ``make test`` builds the book strictly first (executing each chapter once,
or taking it from the execution cache when nothing it depends on changed) and then runs this
script on the outputs in that cache (_build/.jupyter_cache, matched to the chapter's current
code by jupyter-cache), so that no chapter is executed twice. The comparison is nbval's in its lax mode: the stream output and the text/plain data of
every checked cell, with myst-nb's glue records left out. ``make nbval`` still runs nbval itself,
re-executing every chapter.

Exit 1 with a diff of every mismatch; 2 if an executed notebook is missing or stale.
"""

from __future__ import annotations

import difflib
import sys

import jupytext
import nbformat

from chapters import BOOK, ROOT, notebook_chapters, reference_for

CACHE = ROOT / "_build" / ".jupyter_cache"
TAG = "nbval-check-output"
RECORD = "application/papermill.record/"


def _checked(nb) -> list:
    return [c for c in nb.cells if c.cell_type == "code" and TAG in c.metadata.get("tags", [])]


def _text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.get("metadata", {}).get("scrapbook"):
            continue  # a glue record: its full-precision value is not compared
        kind = out.get("output_type")
        if kind == "stream":
            head = f"[{out.get('name')}]\n"
            if parts and parts[-1].startswith(head):  # consecutive writes: one stream
                parts[-1] += out.get("text", "")
            else:
                parts.append(head + out.get("text", ""))
        elif kind in ("display_data", "execute_result"):
            data = {k: v for k, v in out.get("data", {}).items() if not k.startswith(RECORD)}
            if "text/plain" in data:
                parts.append(f"[{kind}]\n{data['text/plain']}")
        elif kind == "error":
            parts.append(f"[error] {out.get('ename')}: {out.get('evalue')}")
    return "".join(parts)


def check(chapter, cache) -> list[str]:
    rel = chapter.relative_to(BOOK)
    nb = jupytext.read(chapter)
    try:
        _, executed = cache.merge_match_into_notebook(nb)
    except KeyError:
        raise SystemExit(
            f"error: no execution of the current {rel} in {CACHE.relative_to(ROOT)}: build the "
            "book first (make pipeline-build)"
        ) from None
    source = _checked(nb)
    ran = _checked(executed)
    ref = _checked(nbformat.read(reference_for(chapter), as_version=4))
    if not (len(source) == len(ran) == len(ref)):
        return [
            f"{rel}: {len(source)} checked cells in the chapter, {len(ran)} executed, "
            f"{len(ref)} in the reference (run `make nbval-refs` if the change is intended)"
        ]
    problems = []
    for i, (test, want) in enumerate(zip(ran, ref, strict=True)):
        a, b = _text(want), _text(test)
        if a != b:
            diff = "\n".join(
                difflib.unified_diff(
                    a.splitlines(), b.splitlines(), "reference", "executed", lineterm="", n=1
                )
            )
            problems.append(f"{rel}, checked cell {i + 1}:\n{diff}")
    return problems


def main() -> int:
    from jupyter_cache import get_cache

    chapters = notebook_chapters()
    cache = get_cache(str(CACHE))
    problems = [p for chapter in chapters for p in check(chapter, cache)]
    for p in problems:
        print(p, file=sys.stderr)
    n = sum(len(_checked(jupytext.read(c))) for c in chapters)
    print(f"checked outputs: {n - len(problems)} passed, {len(problems)} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
