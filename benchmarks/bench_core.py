"""Benchmark kvtui's core on a cache of 50,000 Kamervragen.

    python benchmarks/bench_core.py [--count 50000] [--seed 1] [--runs 9] [--cache DIR]

Why these numbers: the quality bar is that a cache of 50,000 sets behaves without a visible
pause, and that the subcommands that need no UI stay as quick as a bare interpreter that
loads sqlite3 and json. So this measures, on one generated cache:

- import throughput through the real path (``Cache.import_paths``: parse, group,
  assemble, atomic writes, one transaction per chunk), in Kamervragen/s (target ≥ 500);
- ``python -m kvtui --cache DIR show NUMBER`` as a subprocess, median of N runs, BESIDE
  ``python -c "import sqlite3, json"`` measured in the same run with the same interpreter
  (target: show ≤ 3× that), for a typical set and for the largest one;
- ``list`` and ``search`` the same way: ``search`` for a word in most sets (target ≤ 3×;
  every match is ranked before the first page is shown) and for a rare one;
- the size of ``index.sqlite`` beside the bytes of ``sources/`` (target ≤ 0.6×);
- the in-process Cache calls the reader makes.

Without ``--cache`` the cache is generated into a temporary directory (removed after,
unless ``--keep DIR``); with ``--cache DIR`` an existing cache is measured as it is.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate_cache as gen  # noqa: E402

SHOW_TARGET = 2.5  # issue 11's goals, each × ``python -c "import sqlite3, json"``
SEARCH_TARGET = 3.0
SIZE_TARGET = 0.6  # index.sqlite / sources/
IMPORT_TARGET = 500.0


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def run_once(argv: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr[-500:]!r}")
    return elapsed


def time_commands(commands: list[list[str]], runs: int, env: dict[str, str]) -> list[list[float]]:
    """Wall time of each command as a fresh process, ``runs`` times each.

    Runs go round-robin (baseline, show, list, …, baseline, show, …) after one warm-up
    round, so a burst of load on a shared machine hits every command alike and the
    ratios stay fair even when the absolute times wobble.
    """
    samples: list[list[float]] = [[] for _ in commands]
    for argv in commands:
        run_once(argv, env)  # warm the page cache; the first open checks the index once
    for _ in range(runs):
        for i, argv in enumerate(commands):
            samples[i].append(run_once(argv, env))
    return samples


def cpu_seconds() -> float:
    """User + system time of this process and its finished children (import workers)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def time_call(fn: Callable[[], object], runs: int) -> tuple[list[float], object]:
    samples: list[float] = []
    result: object = None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        samples.append(time.perf_counter() - t0)
    return samples, result


def pick_words(index_path: Path, total: int) -> tuple[str, str]:
    """(common, rare): the alphabetic word of 6+ letters in the most sets, but in at most
    80 % of them (the generator's marker words stand in every set), and the one in
    the fewest, as read from the FTS index's own vocabulary."""
    import sqlite3

    conn = sqlite3.connect(f"file:{index_path}?mode=ro", uri=True)
    try:
        conn.execute("CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, fts, row)")
        alpha = "term GLOB '[a-z][a-z][a-z][a-z][a-z][a-z]*' AND term NOT GLOB '*[^a-z]*'"
        common = conn.execute(
            f"SELECT term FROM temp.words WHERE {alpha} AND doc <= ? "
            "ORDER BY doc DESC, term LIMIT 1",
            (int(total * 0.8),),
        ).fetchone()
        rare = conn.execute(
            f"SELECT term FROM temp.words WHERE {alpha} ORDER BY doc, term LIMIT 1"
        ).fetchone()
    finally:
        conn.close()
    return (common or ("kvtui",))[0], (rare or ("kvtui",))[0]


def sizes(root: Path) -> tuple[int, int]:
    """(bytes of index.sqlite and its WAL, bytes of the files in sources/)."""
    index_bytes = sum(
        p.stat().st_size for p in (root / "index.sqlite", root / "index.sqlite-wal") if p.exists()
    )
    with os.scandir(root / "sources") as entries:
        source_bytes = sum(e.stat().st_size for e in entries if e.is_file())
    return index_bytes, source_bytes


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=50_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--runs", type=int, default=9, help="timed runs per command (median shown)")
    ap.add_argument("--cache", type=Path, help="measure this existing cache instead of generating")
    ap.add_argument("--keep", type=Path, help="generate into DIR and keep it")
    ap.add_argument("--largest", help="with --cache: the number of its largest set, to time it")
    args = ap.parse_args(argv)

    from kvtui.store.cache import Cache, ListQuery

    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    tmp: Path | None = None
    largest: str | None = args.largest
    say(
        f"kvtui core benchmark: python {platform.python_version()}, {os.cpu_count()} CPU(s), "
        f"{platform.system()} {platform.machine()}"
    )
    if args.cache:
        root = args.cache
        say(f"cache: {root} (existing)")
    else:
        if args.keep:
            root = args.keep
            if root.exists():
                shutil.rmtree(root)
        else:
            tmp = Path(tempfile.mkdtemp(prefix="kvtui-bench-"))
            root = tmp / "cache"
        staging = root.parent / (root.name + "-staging")
        if staging.exists():
            shutil.rmtree(staging)
        stats = gen.generate_sources(staging, args.count, args.seed)
        largest = stats.largest
        say(
            f"generated {stats.sets:,} Kamervragen (seed {args.seed}) in {stats.files:,} files, "
            f"{stats.bytes / 1e6:.0f} MB, in {stats.seconds:.1f} s"
        )
        cpu0 = cpu_seconds()
        report, count, seconds = gen.import_sources(root, staging, verbose=False)
        cpu = cpu_seconds() - cpu0
        shutil.rmtree(staging, ignore_errors=True)
        rate = stats.sets / seconds
        verdict = "OK" if rate >= IMPORT_TARGET else "BELOW TARGET"
        say(
            f"import (Cache.import_paths, atomic writes): {len(report.imported):,} files -> "
            f"{count:,} Kamervragen in {seconds:.1f} s = {rate:.0f} Kamervragen/s, "
            f"{len(report.imported) / seconds:.0f} files/s "
            f"(target >= {IMPORT_TARGET:.0f}: {verdict})"
        )
        say(
            f"  import used {cpu:.0f} CPU s (this process and its workers): "
            f"{stats.sets / cpu:.0f} Kamervragen per CPU second, a figure that load on a shared "
            "machine disturbs less than wall time"
        )
        if report.failed:
            say(f"  {len(report.failed)} file(s) failed; first: {report.failed[0]}")

    # Measure imports as an installed kvtui runs them: from cached bytecode. The cache goes
    # to a private prefix (not into the working tree), and PYTHONDONTWRITEBYTECODE, which
    # some shells and CI images set, is dropped; the warm-up round fills it for every row,
    # the baseline included.
    pycache = Path(tempfile.mkdtemp(prefix="kvtui-bench-pyc-"))
    env = dict(os.environ, KVTUI_TODAY=gen.TODAY.isoformat(), PYTHONPYCACHEPREFIX=str(pycache))
    env.pop("KVTUI_CACHE_DIR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    py = sys.executable
    kvtui_argv = [py, "-m", "kvtui", "--cache", str(root)]

    with Cache(root, today=gen.TODAY) as cache:
        total = cache.count()
        rows = cache.rows()
        typical = rows[len(rows) // 3].number
        word, rare = pick_words(cache.index_path, total)
        hits = cache.search_count(word)
        rare_hits = cache.search_count(rare)
        runs = max(3, args.runs // 3)
        page, zorg = ListQuery(limit=200), ListQuery(text="zorg")
        open_sets = ListQuery(status="open")
        in_process = [
            ("Cache.count()", time_call(cache.count, runs)[0]),
            ("Cache.rows() all rows", time_call(cache.rows, runs)[0]),
            ("Cache.rows(limit=200)", time_call(lambda: cache.rows(page), runs)[0]),
            ("Cache.rows(text='zorg')", time_call(lambda: cache.rows(zorg), runs)[0]),
            ("Cache.rows(status='open')", time_call(lambda: cache.rows(open_sets), runs)[0]),
            (f"Cache.search({word!r})", time_call(lambda: cache.search(word), runs)[0]),
            (f"Cache.search({rare!r})", time_call(lambda: cache.search(rare), runs)[0]),
            (f"Cache.search_count({word!r})", time_call(lambda: cache.search_count(word), runs)[0]),
            (f"Cache.get({typical})", time_call(lambda: cache.get(typical), runs)[0]),
        ]
        if largest:
            in_process.append(
                (f"Cache.get({largest}) largest", time_call(lambda: cache.get(largest), runs)[0])
            )
    say(f"cache holds {total:,} Kamervragen; typical set {typical}; largest {largest or '?'}")
    say(f"common word {word!r} in {hits:,} sets; rare word {rare!r} in {rare_hits:,}")
    index_bytes, source_bytes = sizes(root)
    ratio = index_bytes / source_bytes
    verdict = "OK" if ratio <= SIZE_TARGET else "MISSED"
    say(
        f"index.sqlite {index_bytes / 1e6:.0f} MB, sources/ {source_bytes / 1e6:.0f} MB: "
        f"{ratio:.2f}x (target <= {SIZE_TARGET}x: {verdict})"
    )
    say()

    commands: list[tuple[str, list[str], float | None]] = [
        ('python -c "import sqlite3, json"', [py, "-c", "import sqlite3, json"], None),
        (f"kvtui show {typical}", [*kvtui_argv, "show", typical], SHOW_TARGET),
        (
            f"kvtui show {typical} --format json",
            [*kvtui_argv, "show", typical, "--format", "json"],
            SHOW_TARGET,
        ),
    ]
    if largest:
        commands.append((f"kvtui show {largest} (largest)", [*kvtui_argv, "show", largest], None))
    commands += [
        ("kvtui list (all rows)", [*kvtui_argv, "list"], None),
        ("kvtui list --status open", [*kvtui_argv, "list", "--status", "open"], None),
        (f"kvtui search {word} (common)", [*kvtui_argv, "search", word], SEARCH_TARGET),
        (f"kvtui search {rare} (rare)", [*kvtui_argv, "search", rare], None),
    ]
    results = time_commands([c[1] for c in commands], args.runs, env)
    base = median_ms(results[0])
    width = max(len(c[0]) for c in commands) + 2
    head = f"subprocess (median of {args.runs})"
    say(f"{head:<{width}} {'median ms':>10} {'min ms':>8} {'x base':>7}")
    failed = False
    for (label, _, target), samples in zip(commands, results, strict=True):
        ratio = median_ms(samples) / base
        note = ""
        if target is not None:
            ok = ratio <= target
            failed |= not ok
            note = f"  target <= {target:g}x: {'OK' if ok else 'MISSED'}"
        med, low = median_ms(samples), min(samples) * 1000
        say(f"{label:<{width}} {med:>10.1f} {low:>8.1f} {ratio:>7.2f}{note}")
    say()
    say(f"{'in process (median of ' + str(runs) + ')':<{width}} {'median ms':>10} {'min ms':>8}")
    for label, samples in in_process:
        say(f"{label:<{width}} {median_ms(samples):>10.1f} {min(samples) * 1000:>8.1f}")

    shutil.rmtree(pycache, ignore_errors=True)
    if tmp is not None:
        shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
