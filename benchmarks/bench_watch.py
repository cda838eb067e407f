"""Benchmark watch-rule matching and ``kvtui new``'s comparison on N generated sets.

    python benchmarks/bench_watch.py [--count 50000]

Why: issue 12 asks watch rules and ``kvtui new`` to stay fast on 50,000 sets, so a rule
is matched through the index (``facets``, ``fts``, ``ids``, distinct topics) and ``new``
is one join of ``sets`` with ``st.seen``. This builds a throw-away index of hand-built
fictional sets (the tests' ``hand_built``, names cycling so each rule matches a share),
then prints the time of each rule kind's match and of ``new`` (first run, nothing
changed, 1 % changed), in process. A few seconds for 50,000 sets.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT))

from test_watch import generated  # noqa: E402

from kvtui.store import index  # noqa: E402
from kvtui.store import watch as store  # noqa: E402
from kvtui.store.cache import Cache  # noqa: E402

RULES = [
    ("party", "PvdA"),
    ("member", "Kuiken"),
    ("ministry", "Financien"),
    ("minister", "Minister B. Fictief"),
    ("topic", "natuur"),
    ("search", "stikstof"),
    ("number", "2025Z10003"),
]


def _ms(start: float) -> str:
    return f"{1000 * (time.perf_counter() - start):7.1f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=50000)
    n = parser.parse_args().count
    with tempfile.TemporaryDirectory(prefix="kvtui-watch-bench-") as tmp:
        run(n, Path(tmp) / "cache")


def run(n: int, root: Path) -> None:
    start = time.perf_counter()
    cache = Cache(root)
    conn = cache._conn()
    conn.execute("BEGIN IMMEDIATE")
    for kamervraag in generated(n):
        index.upsert(conn, kamervraag, kamervraag.number)
    conn.execute("COMMIT")
    cache.close()
    print(f"indexed {n} sets in {time.perf_counter() - start:.1f} s")
    with Cache(root) as cache:
        for kind, value in RULES:
            cache.with_state(lambda c, _t, k=kind, v=value: store.add_rule(c, k, v))
        for rule in cache.with_state(lambda c, _t: store.rules(c)):
            start = time.perf_counter()
            found = cache.with_state(lambda c, _t, r=rule: store.matches(c, r))
            print(f"  match {rule.kind:<8} {rule.value:<22} {len(found):6} sets {_ms(start)}")
        start = time.perf_counter()
        _, seen = cache.with_state(lambda c, _t: store.changes(c))
        print(f"new, first run ({len(seen)} noted):        {_ms(start)}")
        start = time.perf_counter()
        cache.with_state(lambda c, _t: store.save_seen(c, seen))
        print(f"new, noting them:                   {_ms(start)}")
        start = time.perf_counter()
        cache.with_state(lambda c, _t: store.changes(c))
        print(f"new, nothing changed:               {_ms(start)}")
        conn = cache._conn()
        conn.execute("UPDATE sets SET status = 'answered' WHERE rid % 100 = 0 AND status = 'open'")
        start = time.perf_counter()
        found, _ = cache.with_state(lambda c, _t: store.changes(c))
        print(f"new, {len(found)} answered, {len(RULES)} rules:     {_ms(start)}")


if __name__ == "__main__":
    main()
