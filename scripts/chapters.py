"""Helpers shared by the pipeline scripts and tests: which chapters are notebooks."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
NBVAL_REFS = ROOT / "tests" / "nbval"
TOC = ROOT / "_toc.yml"


def _header(path: Path) -> dict:
    """The YAML front matter of a markdown file ({} if none)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        return {}
    end = text.find("\n---", 3)
    if end < 0:
        return {}
    header = yaml.safe_load(text[3:end]) or {}
    return header if isinstance(header, dict) else {}


def is_notebook(path: Path) -> bool:
    """A chapter is a notebook if its front matter has a jupytext kernelspec."""
    return "kernelspec" in _header(path)


def notebook_chapters() -> list[Path]:
    """Every MyST notebook under book/ (sorted)."""
    return sorted(p for p in BOOK.rglob("*.md") if is_notebook(p))


def reference_for(chapter: Path) -> Path:
    """tests/nbval/<path relative to book/ with .ipynb>."""
    return NBVAL_REFS / chapter.relative_to(BOOK).with_suffix(".ipynb")


def toc_files() -> list[str]:
    """Every ``file:`` entry of _toc.yml, root first (paths without suffix)."""
    toc = yaml.safe_load(TOC.read_text(encoding="utf-8"))
    files = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                files.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return files
