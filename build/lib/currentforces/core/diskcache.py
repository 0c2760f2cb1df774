"""The one cache mechanism of the package: entries on disk, written atomically, read safely.

- :func:`write_atomic` writes a file under a name unique to the writer, flushes it to disk
  (fsync) and renames it into place (``os.replace``): a reader sees the old entry or the new
  one, never half of one, and two writers of one key do not collide;
- :func:`read_entry` returns :data:`MISS` for an absent entry and also for a damaged one, which
  it logs with its path (it is recomputed and rewritten);
- :func:`memo_on_disk` keeps the result of an expensive function in the folder named by
  ``$CURRENTFORCES_EVIDENCE_CACHE`` (``make book`` sets it inside the execution cache);
- :func:`source_digest` is a digest of the package's source, so that keys change with the code.

The sweep engine (:mod:`currentforces.studies.engine`) stores its rows with the same functions.
"""

from __future__ import annotations

import functools
import hashlib
import inspect
import logging
import os
import pickle
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["MISS", "memo_on_disk", "read_entry", "source_digest", "write_atomic"]

log = logging.getLogger("currentforces")

MISS = object()
"""What :func:`read_entry` returns for an absent or damaged entry."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: unique temporary name, fsync, os.replace."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


def read_entry(path: Path, loads: Callable[[bytes], Any]) -> Any:
    """The decoded entry at ``path``, or :data:`MISS` if it is absent or cannot be decoded.

    A damaged file is logged with its path and left to be overwritten.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return MISS
    try:
        return loads(data)
    except Exception as exc:  # noqa: BLE001 - any damage is a miss
        log.warning("damaged cache entry %s ignored (%s: %s)", path, type(exc).__name__, exc)
        return MISS


@functools.lru_cache(maxsize=1)
def source_digest() -> str:
    """A digest of the package version and its Python source (16 hex digits)."""
    from .. import __version__

    h = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        h.update(str(path.relative_to(package)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def memo_on_disk(fn):
    """Keep the result of ``fn`` on disk while the book is built.

    The ledger recomputes, at the paper's point, checks that the chapters compute too. When the
    environment variable CURRENTFORCES_EVIDENCE_CACHE names a folder (``make book`` and ``make
    test`` set it inside the execution cache, which scripts/cache_key.py clears whenever the
    package changes), the result is stored there under the function's name and its arguments
    (bound to its signature, so ``f(k)`` and ``f(k, 1.0)`` are one entry) and read back. Without
    the variable the function simply runs.
    """
    signature = inspect.signature(fn)

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        folder = os.environ.get("CURRENTFORCES_EVIDENCE_CACHE")
        if not folder:
            return fn(*args, **kwargs)
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        key = f"{fn.__qualname__}{sorted((k, repr(v)) for k, v in bound.arguments.items())}"
        path = Path(folder) / (hashlib.sha256(key.encode()).hexdigest() + ".pickle")
        value = read_entry(path, pickle.loads)
        if value is MISS:
            value = fn(*args, **kwargs)
            write_atomic(path, pickle.dumps(value))
        return value

    return wrapper
