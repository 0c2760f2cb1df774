#!/usr/bin/env python
"""Prepare the notebooks nbval checks (``make test``): _build/nbval/<chapter>.ipynb.

For every MyST notebook chapter under book/, take the committed reference
tests/nbval/<chapter>.ipynb, replace its inputs by the chapter's current source (as
``jupytext --update`` does: cells are matched by content, then by position, and keep the
reference outputs) and write the result to _build/nbval/. nbval then re-executes the inputs
and compares the cells tagged ``nbval-check-output`` with the reference outputs; a
conftest.py written there makes nbval ignore the full-precision records of myst-nb's glue.

Fails (exit 2) if a chapter has no reference, or if a checked cell has no reference output
(the chapter changed since ``make nbval-refs`` was last run).
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import jupytext
import nbformat
from jupytext.combine import combine_inputs_with_outputs

from chapters import BOOK, ROOT, notebook_chapters, reference_for

OUT = ROOT / "_build" / "nbval"
CHECK_TAG = "nbval-check-output"
# glue() records its values at full precision under these MIME types; the printed text of a
# checked cell states each number at its intended precision, so the records are not compared
CONFTEST = '''"""Written by scripts/nbval_prepare.py: nbval skips myst-nb glue records."""
import nbval.plugin

_init = nbval.plugin.IPyNbFile.__init__


def _init_skipping_glue(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    self.skip_compare = self.skip_compare + tuple(
        "application/papermill.record/" + kind
        for kind in ("text/plain", "text/html", "image/png", "text/markdown", "text/latex")
    )


nbval.plugin.IPyNbFile.__init__ = _init_skipping_glue
'''


def prepare(chapter: Path) -> tuple[Path, int]:
    ref_path = reference_for(chapter)
    rel = chapter.relative_to(ROOT)
    if not ref_path.is_file():
        raise SystemExit(
            f"error: {rel} has no nbval reference {ref_path.relative_to(ROOT)}; "
            f"run `make nbval-refs` and commit it"
        )
    ref = nbformat.read(ref_path, as_version=4)
    source = jupytext.read(chapter)
    nb = combine_inputs_with_outputs(source, ref, fmt="md:myst")
    checked = 0
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or CHECK_TAG not in cell.metadata.get("tags", []):
            continue
        checked += 1
        if not cell.get("outputs"):
            raise SystemExit(
                f"error: cell {i} of {rel} is tagged {CHECK_TAG} but its reference in "
                f"{ref_path.relative_to(ROOT)} has no output (stale reference?); "
                "run `make nbval-refs` if the change is intended"
            )
    out = OUT / chapter.relative_to(BOOK).with_suffix(".ipynb")
    out.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out)
    return out, checked


def main() -> int:
    chapters = notebook_chapters()
    if not chapters:
        print(f"error: no notebook chapters under {BOOK}", file=sys.stderr)
        return 2
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    (OUT / "conftest.py").write_text(CONFTEST)
    for chapter in chapters:
        out, checked = prepare(chapter)
        print(f"{out.relative_to(ROOT)}: {checked} checked cell(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
