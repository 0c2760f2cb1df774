#!/usr/bin/env python
"""Regenerate the nbval reference notebooks tests/nbval/<chapter>.ipynb (``make nbval-refs``).

Each MyST notebook under book/ is converted with jupytext, executed (kernel python3, cwd book/)
and saved with its outputs. ``make test`` then checks that the cells tagged
``nbval-check-output`` still produce these outputs. Run this deliberately, and commit the
result, only when a chapter's checked results change for a good reason.

    nbval_refs.py [book/chapter.md ...]     (default: every notebook chapter)
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat
from nbclient import NotebookClient

from chapters import BOOK, is_notebook, notebook_chapters, reference_for

TIMEOUT = 600  # seconds per cell, as in _config.yml


def make_reference(chapter: Path) -> Path:
    nb = jupytext.read(chapter)
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"  # stable ids: regenerating does not churn the diff
    client = NotebookClient(
        nb,
        timeout=TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(chapter.parent)}},
        record_timing=False,
    )
    client.execute()
    ref = reference_for(chapter)
    ref.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, ref)
    return ref


def main(argv: list[str]) -> int:
    chapters = [Path(a).resolve() for a in argv] or notebook_chapters()
    if not chapters:
        print(f"error: no notebook chapters under {BOOK}", file=sys.stderr)
        return 2
    for chapter in chapters:
        if not is_notebook(chapter):
            print(f"error: {chapter} is not a notebook chapter", file=sys.stderr)
            return 2
        print(f"executing {chapter.relative_to(BOOK.parent)} ...", flush=True)
        ref = make_reference(chapter)
        print(f"  wrote {ref.relative_to(BOOK.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
