"""Benchmark (not a test): fetch N fictional Kamervragen from the fake services.

Every request to the fake server takes LATENCY seconds, so the best any client with
CONCURRENCY requests in flight can do is ``requests × latency ÷ concurrency``. The
script measures the real run and prints it beside that ideal, computed from the number
of requests the same run made. Target: within 1.5× of ideal.

    python benchmarks/bench_fetch.py [--count 200] [--latency 0.05] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))  # the fake services live with the tests

from fakeservices import FakeServices, generated_sets  # noqa: E402

from kvtui.numbers import parse_number  # noqa: E402
from kvtui.services.config import ServiceConfig  # noqa: E402
from kvtui.services.fetch import fetch_numbers  # noqa: E402
from kvtui.store.cache import Cache  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--latency", type=float, default=0.05)
    ap.add_argument("--concurrency", type=int, default=4)
    args = ap.parse_args()

    sets = generated_sets(args.count)
    with FakeServices(sets) as fake, tempfile.TemporaryDirectory() as tmp:
        fake.set_latency(args.latency)
        os.environ.update(fake.env)
        os.environ["KVTUI_CONCURRENCY"] = str(args.concurrency)
        config = ServiceConfig.from_env()
        cache = Cache(Path(tmp) / "cache")
        numbers = [parse_number(s.number) for s in sets]
        started = time.perf_counter()
        report = fetch_numbers(cache, numbers, config=config)
        elapsed = time.perf_counter() - started
        cache.close()
        requests = len(fake.log)
        ideal = requests * args.latency / args.concurrency
        ratio = elapsed / ideal if ideal else float("inf")
        print(
            f"fetched {len(report.fetched)}/{args.count} Kamervragen, failed {len(report.failed)}"
        )
        print(
            f"requests {requests} (client counted {report.requests}), "
            f"max in flight at the server {fake.max_in_flight} (limit {args.concurrency})"
        )
        print(
            f"time {elapsed:.2f} s; ideal {ideal:.2f} s "
            f"(= {requests} × {args.latency * 1000:.0f} ms ÷ {args.concurrency}); "
            f"ratio {ratio:.2f}× (target ≤ 1.5×)"
        )
        return 0 if report.ok and ratio <= 1.5 and fake.max_in_flight <= args.concurrency else 1


if __name__ == "__main__":
    raise SystemExit(main())
