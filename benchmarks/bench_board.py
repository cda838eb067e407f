"""Benchmark the overdue board and the answer-time statistics on an existing cache.

    python benchmarks/bench_board.py --cache DIR [--runs 9]

Why: issue 12 asks the figures to stay fast on 50,000 sets, so they are GROUP BYs in
SQLite rather than a pass over every set. This prints the median wall time of
``kvtui overdue``, ``kvtui stats --by ministry`` (and a few more forms) as fresh
processes BESIDE ``python -c "import sqlite3, json"`` in the same round-robin rounds
(``bench_core.time_commands``), with the ratio. Index the cache first
(``kvtui --cache DIR reindex``): the first open of an outdated index rebuilds it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_core import median_ms, time_commands  # noqa: E402

TODAY = "2026-11-28"  # the generator's and the tests' fixed day


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, required=True, metavar="DIR")
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    py = sys.executable
    kvtui_argv = [py, "-m", "kvtui", "--cache", str(args.cache)]
    rows = [
        ('python -c "import sqlite3, json"', [py, "-c", "import sqlite3, json"]),
        ("kvtui overdue", [*kvtui_argv, "overdue"]),
        (
            "kvtui overdue --by ministry --json",
            [*kvtui_argv, "overdue", "--by", "ministry", "--json"],
        ),
        ("kvtui stats --by ministry", [*kvtui_argv, "stats", "--by", "ministry"]),
        (
            "kvtui stats --by member --format csv",
            [*kvtui_argv, "stats", "--by", "member", "--format", "csv"],
        ),
        ("kvtui stats --by year --json", [*kvtui_argv, "stats", "--by", "year", "--json"]),
    ]
    # Bytecode goes to a private prefix, removed at the end so a run leaves nothing in the
    # temporary folder; PYTHONDONTWRITEBYTECODE would keep the prefix empty.
    with tempfile.TemporaryDirectory(prefix="kvtui-bench-pyc-") as pycache:
        env = dict(os.environ, KVTUI_TODAY=TODAY, PYTHONPYCACHEPREFIX=pycache)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        samples = time_commands([argv for _, argv in rows], args.runs, env)
    base = median_ms(samples[0])
    print(f"{'command':<40} {'median ms':>10} {'x baseline':>11}")
    for (label, _), times in zip(rows, samples, strict=True):
        ms = median_ms(times)
        print(f"{label:<40} {ms:>10.0f} {ms / base:>11.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
