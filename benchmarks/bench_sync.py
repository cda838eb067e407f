"""Benchmark (not a test): what a ``sync`` of a generated period costs, in requests a set.

Three runs over the same fictional period, each into an empty cache, counting the
requests at the fake server: number by number (each zaak asked on its own, as before
the period listing), the sync's full walk (``lean=False``) and the sync as it runs
(the cheaper walk). The issue's goal is at most 2.5 requests a set.

    python benchmarks/bench_sync.py [--count 300] [--page-size 250] [--latency 0.0] [--mixed]

``--mixed`` syncs a period's usual mix instead (``fakeservices.mixed_sets``: open,
postponed and answered sets, some answered after a delay notice).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the fake services live with the tests

from fakeservices import FakeServices, generated_sets, mixed_sets  # noqa: E402

from kvtui.numbers import parse_number  # noqa: E402
from kvtui.services.config import ServiceConfig  # noqa: E402
from kvtui.services.fetch import fetch_numbers, sync_numbers  # noqa: E402
from kvtui.store.cache import Cache  # noqa: E402

GOAL = 2.5
FIRST_DAY = dt.date(2023, 3, 1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--page-size", type=int, default=250, help="sets a listing page holds")
    ap.add_argument("--latency", type=float, default=0.0, help="seconds each request takes")
    ap.add_argument("--mixed", action="store_true", help="open, postponed and answered sets")
    args = ap.parse_args()

    sets = mixed_sets(args.count) if args.mixed else generated_sets(args.count)
    for i, s in enumerate(sets):  # a period of one set a day, as the listing orders it
        s.submitted = (FIRST_DAY + dt.timedelta(days=i % 365)).isoformat()
    since, until = FIRST_DAY, FIRST_DAY + dt.timedelta(days=365)
    numbers = [parse_number(s.number) for s in sets]
    runs = {
        "number by number": lambda cache: fetch_numbers(cache, numbers, config=config),
        "sync, full walk": lambda cache: sync_numbers(
            cache, since, until, config=config, lean=False
        ),
        "sync": lambda cache: sync_numbers(cache, since, until, config=config),
    }
    ok = True
    with FakeServices(sets) as fake, tempfile.TemporaryDirectory() as tmp:
        fake.state.page_size = args.page_size
        fake.set_latency(args.latency)
        os.environ.update(fake.env)
        config = ServiceConfig.from_env()
        kind = "mixed (open, postponed, answered)" if args.mixed else "answered"
        print(f"{args.count} generated {kind} sets, listing pages of {args.page_size}")
        for i, (name, run) in enumerate(runs.items()):
            first = len(fake.log)
            cache = Cache(Path(tmp) / f"cache{i}")
            started = time.perf_counter()
            report = run(cache)
            elapsed = time.perf_counter() - started
            cache.close()
            log = fake.log[first:]
            per_set = len(log) / args.count
            routes = Counter(":".join(r.route.split(":")[:2]) for r in log)
            mark = "" if name != "sync" else (" ✓" if per_set <= GOAL else " ✗ over the goal")
            print(
                f"{name:>17}: {per_set:.2f} requests a set (goal ≤ {GOAL}){mark}; "
                f"{len(log)} requests {dict(sorted(routes.items()))}; "
                f"{len(report.fetched)} stored, {len(report.failed)} failed; {elapsed:.2f} s"
            )
            ok = ok and report.ok and (name != "sync" or per_set <= GOAL)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
