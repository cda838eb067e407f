"""Benchmark the reader on a large cache (the scale bar: 50,000 sets).

    python benchmarks/bench_ui.py [--cache DIR] [--count 50000] [--largest NUMBER] [--runs 5]
                                  [--size 100x30]

Without ``--cache`` it generates a cache with ``benchmarks/generate_cache.py`` into a
temporary directory (minutes for 50,000 sets) and uses the largest set it reports.
Prints a table of:

- time to first screen of ``kvtui`` (headless, 80×24 or ``--size``, a fresh process each run: Python
  start, imports, opening the cache, first page of rows painted) BESIDE a bare Textual
  app (a Static and a Footer) measured in the same run the same way; the bar is ≤ 1.5×;
- a filter keystroke (query in the worker + list swap + repaint; the 0.12 s debounce
  is not counted), a full-text search, opening the largest document (its first screen
  and every block mounted);
- peak memory (``resource.getrusage`` maxrss) of the process that ran those steps.

It is a benchmark, not a test: nothing here asserts, it reports.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = dt.date(2026, 11, 28)


# -- children: one process per first-screen measurement -------------------------------


_SPAWNED_AT = 0.0  # wall clock when the parent started this child (from --spawned)
_SIZE = (80, 24)  # the terminal of the first-screen children (from --size)


async def _first_paint(pilot) -> None:  # type: ignore[no-untyped-def]
    """Report the time from process spawn to the first painted screen, then quit.

    Measured here rather than by the parent's wall clock, so interpreter shut-down
    (which waits for a list query still running in a worker thread) is not counted.
    """
    await pilot.pause()
    print(f"FIRST-SCREEN {time.time() - _SPAWNED_AT:.6f}", flush=True)
    doc_lists = pilot.app.query("DocList")
    if doc_lists:  # kvtui: also when the first rows of the list are on screen
        while not len(doc_lists.first()):
            await asyncio.sleep(0.005)
        await pilot.pause()
        print(f"FIRST-ROWS {time.time() - _SPAWNED_AT:.6f}", flush=True)
    pilot.app.exit()


def child_bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("bare Textual app")
            yield Footer()

    Bare().run(headless=True, size=_SIZE, auto_pilot=_first_paint)


def child_kvtui(cache_dir: str) -> None:
    from kvtui.store.cache import Cache
    from kvtui.ui.app import KvtuiApp
    from kvtui.ui.config import Config

    cache = Cache(Path(cache_dir), today=TODAY)
    KvtuiApp(cache, today=TODAY, config=Config()).run(
        headless=True, size=_SIZE, auto_pilot=_first_paint
    )


# Both apps import from cached bytecode, as an installed kvtui does: the cache goes to a
# private prefix, and PYTHONDONTWRITEBYTECODE (set by some shells and CI images) is
# dropped. Without this every kvtui module is compiled anew on each start while Textual's
# come precompiled from site-packages, which is not the comparison a user makes.
# Made by the parent in main() and removed at its end: a child process (which imports
# this file too) must not make one of its own, or every run leaves a directory behind.
_PYCACHE = ""


def first_screen(kind: str, cache_dir: Path, size: str) -> tuple[float, float | None]:
    env = {**os.environ, "TEXTUAL_ANIMATIONS": "none", "PYTHONPYCACHEPREFIX": _PYCACHE}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    spawned = time.time()
    cmd = [sys.executable, __file__, "--child", kind, "--cache", str(cache_dir)]
    cmd += ["--spawned", repr(spawned), "--size", size]
    proc = subprocess.run(cmd, check=True, env=env, capture_output=True, text=True)
    m = re.search(r"FIRST-SCREEN (\S+)", proc.stdout)
    if not m:
        raise RuntimeError(f"{kind}: no first screen reported\n{proc.stderr[-2000:]}")
    rows = re.search(r"FIRST-ROWS (\S+)", proc.stdout)
    return float(m.group(1)), float(rows.group(1)) if rows else None


# -- in-process steps ------------------------------------------------------------------


async def steps(cache_dir: Path, largest: str | None, filter_text: str, query: str) -> dict:
    from textual.worker import WorkerCancelled

    from kvtui.store.cache import Cache
    from kvtui.ui.app import KvtuiApp
    from kvtui.ui.config import Config
    from kvtui.ui.widgets.doc_list import DocList

    out: dict[str, object] = {}
    cache = Cache(cache_dir, today=TODAY)
    app = KvtuiApp(cache, today=TODAY, config=Config())

    async def settle() -> None:
        """Wait for the workers; one replaced by a newer query counts as done."""
        while True:
            try:
                await app.workers.wait_for_complete()
                return
            except WorkerCancelled:
                continue

    total = cache.count()
    async with app.run_test(size=(120, 40)) as pilot:
        t0 = time.perf_counter()
        doc_list = app.query_one(DocList)
        # The first page comes at once; the rest is read a moment later by a worker.
        while len(doc_list) < total and time.perf_counter() - t0 < 60:
            await asyncio.sleep(0.005)
        await pilot.pause()
        out["all rows loaded (worker)"] = time.perf_counter() - t0
        screen = app.screen
        out["rows"] = len(doc_list)

        times = []
        for i in range(1, len(filter_text) + 1):
            t0 = time.perf_counter()
            screen.filter_text = filter_text[:i]
            screen._query_rows()
            await settle()
            await pilot.pause()
            times.append(time.perf_counter() - t0)
        out["filter keystroke (median)"] = statistics.median(times)
        out["filter keystroke (max)"] = max(times)
        out["filter result rows"] = len(doc_list)
        screen.filter_text = ""
        screen._query_rows()
        await settle()

        t0 = time.perf_counter()
        screen._run_search(query)
        await settle()
        await pilot.pause()
        out["full-text search"] = time.perf_counter() - t0
        out["search hits"] = len(doc_list.hits or [])
        screen._end_search()

        t0 = time.perf_counter()
        await pilot.press("j", "j", "j")
        out["3 cursor moves"] = time.perf_counter() - t0

        if largest:
            t0 = time.perf_counter()
            ok = screen.open_number(largest)
            view = screen.doc_view
            while ok and not view.children and time.perf_counter() - t0 < 30:
                await asyncio.sleep(0.002)
            painted = asyncio.get_running_loop().create_future()
            app.call_after_refresh(lambda: painted.done() or painted.set_result(None))
            await painted
            first = time.perf_counter() - t0
            # The view mounts the first screenful at once and the rest in batches.
            while ok and not getattr(view, "fully_mounted", True):
                await asyncio.sleep(0.005)
            await pilot.pause()
            out["open largest: first screen"] = first if ok else "not cached"
            out["open largest: every block"] = time.perf_counter() - t0 if ok else "not cached"
            kv = screen.current
            out["largest: questions"] = len(kv.questions) if kv else 0
    cache.close()
    out["peak memory (MB)"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def generate(count: int) -> tuple[Path, str | None]:
    root = Path(tempfile.mkdtemp(prefix="kvtui-bench-ui-")) / "cache"
    print(f"generating {count} Kamervragen into {root} …", file=sys.stderr, flush=True)
    proc = subprocess.run(
        [sys.executable, str(HERE / "generate_cache.py"), str(root), "--count", str(count)],
        check=True,
        capture_output=True,
        text=True,
    )
    print(proc.stdout, file=sys.stderr)
    m = re.search(r"^largest: (\S+)", proc.stdout, re.M)
    return root, m.group(1) if m else None


def fmt(value: object, name: str = "") -> str:
    if isinstance(value, float) and "MB" in name:
        return f"{value:8.0f} MB"
    if isinstance(value, float):
        return f"{value * 1000:8.0f} ms" if value < 10 else f"{value:8.1f} s"
    return f"{value!s:>11}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--cache", type=Path, help="an existing (large) cache directory")
    ap.add_argument("--count", type=int, default=50_000, help="sets to generate without --cache")
    ap.add_argument("--largest", help="number of the largest set (for 'open largest')")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--filter", default="sluizen", help="text typed into the filter")
    ap.add_argument("--query", default="drinkwater", help="full-text search query")
    ap.add_argument("--child", choices=["bare", "kvtui"], help=argparse.SUPPRESS)
    ap.add_argument("--size", default="80x24", help="terminal of the first-screen runs, WxH")
    ap.add_argument("--spawned", type=float, default=0.0, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    global _SPAWNED_AT, _SIZE
    _SPAWNED_AT = args.spawned or time.time()
    width, _, height = args.size.partition("x")
    _SIZE = (int(width), int(height))

    if args.child == "bare":
        child_bare()
        return 0
    if args.child == "kvtui":
        child_kvtui(str(args.cache))
        return 0

    global _PYCACHE
    _PYCACHE = tempfile.mkdtemp(prefix="kvtui-bench-ui-pyc-")
    try:
        return _measure(args)
    finally:
        shutil.rmtree(_PYCACHE, ignore_errors=True)


def _measure(args: argparse.Namespace) -> int:
    cache_dir, largest = (args.cache, args.largest) if args.cache else generate(args.count)
    # open once so an index catch-up is not counted as start-up
    first_screen("kvtui", cache_dir, args.size)

    bare, kv, kv_rows = [], [], []
    for _ in range(args.runs):  # interleaved, so machine load hits both alike
        bare.append(first_screen("bare", cache_dir, args.size)[0])
        paint, rows = first_screen("kvtui", cache_dir, args.size)
        kv.append(paint)
        kv_rows.append(rows or paint)
    b, k, kr = statistics.median(bare), statistics.median(kv), statistics.median(kv_rows)

    results = asyncio.run(steps(cache_dir, largest, args.filter, args.query))

    print(f"\nkvtui reader benchmark – cache {cache_dir}, first screens at {args.size}")
    print(f"{'measure':<34} {'value':>11}")
    print("-" * 46)
    print(f"{'first screen, bare Textual (median)':<34} {fmt(b)}")
    print(f"{'first screen, kvtui (median)':<34} {fmt(k)}")
    print(f"{'ratio kvtui / bare (bar ≤ 1.5)':<34} {k / b:11.2f}")
    print(f"{'first rows of the list, kvtui':<34} {fmt(kr)}")
    print(f"{'ratio first rows / bare':<34} {kr / b:11.2f}")
    for name, value in results.items():
        print(f"{name:<34} {fmt(value, name)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
