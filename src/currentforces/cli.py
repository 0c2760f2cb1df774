"""The command line: ``currentforces sweep`` and ``currentforces studies``.

    currentforces studies
    currentforces sweep dynamics --param rs=1:6:100 --out rs_sweep.csv
    currentforces sweep friction --param rs=1,2,4 --param kernel=mcp07,rpa --workers 2
    currentforces sweep dynamics --param rs=2 --param nucleus2=deuteron,triton --scheduler tcp://host:8786

A parameter is ``name=a:b:n`` (n values from a to b, linspace), ``name=x,y,z`` or ``name=x``;
numbers are read as numbers. Rows are cached as they finish (see
:mod:`currentforces.studies.engine`); ``--no-cache``
computes everything. The CSV has one row per case and the unit of each column in its header.
"""

from __future__ import annotations

import argparse
import sys

import numpy as np

from .studies import (
    STUDIES,
    SweepFailed,
    SweepInterrupted,
    default_cache,
    grid,
    run_sweep,
)


def _value(text: str):
    try:
        return float(text)
    except ValueError:
        return text


def parse_param(text: str) -> tuple[str, list]:
    """``'rs=1:6:3'`` -> ('rs', [1.0, 3.5, 6.0]); ``'kernel=mcp07,rpa'`` -> ('kernel', [...])."""
    if "=" not in text:
        raise ValueError(f"a parameter is name=values, got {text!r}")
    name, values = text.split("=", 1)
    if values.count(":") == 2:
        a, b, n = values.split(":")
        try:
            count = int(n)
            start, stop = float(a), float(b)
        except ValueError:
            raise ValueError(
                f"{name}: a:b:n needs two numbers and an integer, got {values!r}"
            ) from None
        if count < 1:
            raise ValueError(f"{name}: the number of values must be >= 1, got {count}")
        return name.strip(), [float(x) for x in np.linspace(start, stop, count)]
    return name.strip(), [_value(v.strip()) for v in values.split(",") if v.strip()]


EXIT_FAILED_CASES = 1
EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


def _studies_text() -> str:
    return "\n".join(study.describe() for study in STUDIES.values())


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``currentforces`` command.

    Exit status: 0 done; 1 some cases failed (the others are written); 2 bad input (nothing
    ran); 130 interrupted by Ctrl-C (the finished rows are kept in the cache).
    """
    parser = argparse.ArgumentParser(prog="currentforces", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("studies", help="list the studies a sweep can run, with their columns")
    sw = sub.add_parser(
        "sweep",
        help="map a study over a grid of parameters",
        epilog="studies:\n"
        + _studies_text()
        + "\n\nexit status: 0 done, 1 some cases failed (the others are written), 2 bad input, "
        "130 interrupted (finished rows kept; the same command resumes)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sw.add_argument("study", choices=sorted(STUDIES))
    sw.add_argument("--param", "-p", action="append", default=[], help="name=a:b:n or name=x,y,...")
    sw.add_argument("--out", "-o", default=None, help="CSV file (default: <study>_sweep.csv)")
    sw.add_argument(
        "--workers", "-j", type=int, default=None, help="local processes (default: CPUs)"
    )
    sw.add_argument("--scheduler", default=None, help="address of a dask.distributed scheduler")
    sw.add_argument("--no-cache", action="store_true", help="compute every case, store nothing")
    args = parser.parse_args(argv)

    if args.command == "studies":
        print(_studies_text())
        return 0
    try:
        axes = dict(parse_param(p) for p in args.param)
        cases = grid(**axes)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    client = None
    status = 0
    try:
        if args.scheduler:
            try:
                from distributed import Client
            except ImportError:
                print(
                    "error: --scheduler needs dask.distributed: pip install currentforces[dask]",
                    file=sys.stderr,
                )
                return EXIT_BAD_INPUT

            try:
                client = Client(args.scheduler, timeout="10s")
            except OSError as exc:
                print(f"error: no dask scheduler at {args.scheduler}: {exc}", file=sys.stderr)
                return EXIT_BAD_INPUT
        result = run_sweep(
            args.study,
            cases,
            cache=False if args.no_cache else None,
            client=client,
            max_workers=args.workers,
        )
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except SweepInterrupted as exc:
        where = f"in the cache {exc.folder}" if exc.folder else "nowhere (--no-cache)"
        print(
            f"interrupted: {exc.kept} of {exc.total} rows kept {where}; run the same command "
            "again to resume",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    except SweepFailed as exc:
        result = exc.result
        for failure in exc.failures:
            last = [line for line in failure.traceback.strip().splitlines() if line.strip()][-3:]
            print(f"failed: {dict(failure.params)}: {failure.summary}", file=sys.stderr)
            for line in last[:-1]:
                print(f"    {line.strip()}", file=sys.stderr)
        print(
            f"error: {len(exc.failures)} of {len(exc.failures) + len(result.rows)} cases failed; "
            "the others are written",
            file=sys.stderr,
        )
        status = EXIT_FAILED_CASES
    except RuntimeError as exc:  # e.g. workers running other code
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAILED_CASES
    finally:
        if client is not None:
            client.close()
    out = result.to_csv(args.out or f"{args.study}_sweep.csv")
    where = "not cached" if args.no_cache else f"cache {default_cache()}"
    print(
        f"{len(result.rows)} cases ({result.cached} from the cache, {result.computed} computed; {where})"
    )
    print(f"wrote {out}")
    if any(isinstance(v, float) and v != v for row in result.rows for v in row.values()):
        print(f"nan in the CSV: {STUDIES[args.study].description.split('(nan: ')[-1].rstrip(')')}")
    return status


if __name__ == "__main__":
    sys.exit(main())
