#!/usr/bin/env python
"""Invalidate jupyter-book's execution cache when the code behind the chapters changes.

jupyter-cache keys each chapter on its own code cells only; the chapters' results also depend
on the package (src/), the pinned requirements, the build configuration and the book's static
files. This script hashes those files and, if the hash differs from the one stored with the
cache (_build/.jupyter_cache/.source-key), deletes the cache and Sphinx's environment so that
every chapter is executed and every page written again. Run by ``make book`` and ``make test`` before the build.
"""

from __future__ import annotations

import hashlib
import shutil
import sys

from chapters import ROOT

CACHE = ROOT / "_build" / ".jupyter_cache"
KEY = CACHE / ".source-key"
DOCTREES = ROOT / "_build" / ".doctrees"


def source_key() -> str:
    digest = hashlib.sha256()
    files = sorted((ROOT / "src").rglob("*.py"))
    files += sorted((ROOT / "book" / "_static").rglob("*"))
    files += [ROOT / "requirements.txt", ROOT / "pyproject.toml", ROOT / "_config.yml"]
    files += [ROOT / "_toc.yml", ROOT / "references.bib"]
    files = [f for f in files if f.is_file()]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def main() -> int:
    key = source_key()
    if CACHE.exists() and (not KEY.is_file() or KEY.read_text().strip() != key):
        shutil.rmtree(CACHE)
        # Sphinx re-reads a page only if its source changed: without its environment every page
        # is read (and executed) again, and the static files are copied again
        shutil.rmtree(DOCTREES, ignore_errors=True)
        print("execution cache cleared: the package, the requirements or the config changed")
    CACHE.mkdir(parents=True, exist_ok=True)
    KEY.write_text(key + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
