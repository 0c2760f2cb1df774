#!/usr/bin/env python
"""Invalidate jupyter-book's execution cache when the code behind the chapters changes.

jupyter-cache keys each chapter on its own code cells only; the chapters' results also depend
on the package (src/), the pinned requirements and the build configuration. This script hashes
those files and, if the hash differs from the one stored with the cache
(_build/.jupyter_cache/.source-key), deletes the cache so that every chapter is executed
again. Run by ``make book`` and ``make test`` before the build.
"""

from __future__ import annotations

import hashlib
import shutil
import sys

from chapters import ROOT

CACHE = ROOT / "_build" / ".jupyter_cache"
KEY = CACHE / ".source-key"


def source_key() -> str:
    digest = hashlib.sha256()
    files = sorted((ROOT / "src").rglob("*.py"))
    files += [ROOT / "requirements.txt", ROOT / "pyproject.toml", ROOT / "_config.yml"]
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def main() -> int:
    key = source_key()
    if CACHE.exists() and (not KEY.is_file() or KEY.read_text().strip() != key):
        shutil.rmtree(CACHE)
        print("execution cache cleared: the package, the requirements or the config changed")
    CACHE.mkdir(parents=True, exist_ok=True)
    KEY.write_text(key + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
