"""SIGKILL at random moments during ``fetch``, ``import`` and ``reindex``: nothing lost.

Each operation first runs to completion (a batch in parallel, as the kills will), which
gives its typical runtime and the exact bytes of every file it writes. Then copies of
one cache are handed to batches of processes that are killed after a random delay in
[0, typical runtime] (the median complete run). After each kill:

* no partial file: every file under ``sources/`` is byte-for-byte a file the cache
  had before or one the complete run wrote, and no temporary file outlives the next open;
* the index opens (no "database is locked", no corruption) and lists exactly the files
  in ``sources/``;
* every document cached before is still there, on disk and through ``Cache.get``, and
  so is the reader state (a star) set before.

Kills run in parallel batches so 200+ of them fit in about a minute on two cores.
``KVTUI_RELIABILITY_SCALE`` scales the number of kills; ``KVTUI_KILL_SEED`` replays one run.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fakeservices import world
from fakeservices.helpers import FAST_ENV
from fakeservices.server import FakeServices
from rel_support import scale

from kvtui.store.cache import Cache

TODAY = "2026-11-28"
BATCH = 6
BEFORE_SETS = world.generated_sets(8, start=30000)  # in the cache before each kill
IMPORT_SETS = world.generated_sets(10, start=31000)  # what ``import`` brings
FETCH_SETS = world.generated_sets(3, start=32000)  # what the fake services serve
KILLS = {"import": scale(70), "reindex": scale(60), "fetch": scale(70)}
# What a cache directory holds; anything else after a kill is litter.
KNOWN = {
    "sources",
    ".import.lock",
    "http-validators.json",
    *(
        f"{db}{end}"
        for db in ("index.sqlite", "state.sqlite")
        for end in ("", "-wal", "-shm", "-journal")
    ),
}
SEED = int(os.environ.get("KVTUI_KILL_SEED", "0")) or random.SystemRandom().randrange(1, 10**9)


def _source_files(root: Path) -> dict[str, bytes]:
    sources = root / "sources"
    if not sources.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sources.iterdir() if not p.name.startswith(".")}


def _env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = {**os.environ, "KVTUI_TODAY": TODAY, "KVTUI_IMPORT_CHUNK": "25"}
    for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        env.pop(proxy, None)
    return {**env, **(extra or {})}


@dataclass
class Scenario:
    """One operation on copies of one cache: the command, and what a full run leaves."""

    name: str
    template: Path
    args: list[str]
    env: dict[str, str]
    before: dict[str, bytes]
    before_numbers: list[str]
    starred: str
    after: dict[str, bytes] | None = None  # every file a complete run leaves
    runtime: float = 0.0

    def start(self, root: Path) -> subprocess.Popen:
        shutil.copytree(self.template, root)
        return subprocess.Popen(
            [sys.executable, "-m", "kvtui", "--cache", str(root), *self.args],
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def _template(root: Path, sets: list[world.Set], staging: Path) -> tuple[list[str], str]:
    world.write_import_folder(staging, sets)
    with Cache(root) as cache:
        report = cache.import_paths([staging])
        assert not report.failed, report.failed
        numbers = sorted(report.numbers)
        cache.set_starred(numbers[0], True)
    return numbers, numbers[0]


def _scenario(tmp: Path, name: str, args: list[str], env: dict[str, str], sets) -> Scenario:
    template = tmp / f"template-{name}"
    numbers, starred = _template(template, sets, tmp / f"staging-{name}")
    return Scenario(name, template, args, env, _source_files(template), numbers, starred)


@dataclass
class Job:
    delay: float | None  # None: let it finish
    root: Path
    proc: subprocess.Popen
    started: float


def _run_pool(sc: Scenario, tmp: Path, delays: list[float | None]) -> list[tuple[Job, bool, float]]:
    """Run one job per delay, ``BATCH`` at a time; (job, killed, runtime) of each.

    A steady pool (a new job starts as soon as one ends) keeps the load the same for
    the calibration and the kills, so "typical runtime" means the same in both. Checks
    wait until the pool is done: work in this loop would make every kill late.
    """
    ended: list[tuple[Job, bool, float]] = []
    pending = list(delays)
    running: list[Job] = []
    serial = 0
    while pending or running:
        while pending and len(running) < BATCH:
            serial += 1
            root = tmp / f"{sc.name}-{serial}"
            proc = sc.start(root)
            running.append(Job(pending.pop(0), root, proc, time.perf_counter()))
        for job in list(running):
            now = time.perf_counter()
            if job.proc.poll() is not None:
                running.remove(job)
                ended.append((job, False, now - job.started))
            elif job.delay is not None and now - job.started >= job.delay:
                job.proc.send_signal(signal.SIGKILL)
                job.proc.wait(timeout=60)
                running.remove(job)
                ended.append((job, job.proc.returncode == -signal.SIGKILL, now - job.started))
        deadlines = [j.started + j.delay for j in running if j.delay is not None]
        wait = min(deadlines, default=time.perf_counter() + 0.005) - time.perf_counter()
        time.sleep(min(0.005, max(0.0, wait)))
    return ended


def _calibrate(sc: Scenario, tmp: Path) -> None:
    """Run a pool to completion: the typical runtime, and the files a full run leaves."""
    runtimes: list[float] = []
    results: list[dict[str, bytes]] = []

    for job, _killed, runtime in _run_pool(sc, tmp, [None] * (BATCH + 2)):
        assert job.proc.returncode == 0, f"{sc.name} failed without a kill"
        runtimes.append(runtime)
        results.append(_source_files(job.root))
        shutil.rmtree(job.root)
    sc.runtime = sorted(runtimes)[len(runtimes) // 2]
    sc.after = results[0]
    assert all(r == sc.after for r in results), "a complete run is not deterministic"
    assert set(sc.before) <= set(sc.after)


def _check_after_kill(sc: Scenario, root: Path, tally, where: str) -> None:
    assert sc.after is not None
    on_disk = _source_files(root)
    for name, data in on_disk.items():
        assert data in (sc.before.get(name), sc.after.get(name)), f"{where}: partial {name}"
    # A forced fetch may replace a file with what the service sends now: still there.
    lost = [n for n, b in sc.before.items() if on_disk.get(n) not in (b, sc.after.get(n))]
    with Cache(root) as cache:
        count = cache.count()  # opens: recovers the WAL, catches up with sources/
        indexed = {r[0] for r in cache._conn().execute("SELECT name FROM files")}
        missing = [n for n in sc.before_numbers if cache.get(n) is None]
        starred = cache.state(sc.starred).starred
    tally["documents_lost"] += len(lost) + len(missing)
    assert not lost, f"{where}: files cached before are gone or changed: {lost}"
    assert not missing, f"{where}: Kamervragen cached before are gone: {missing}"
    assert starred, f"{where}: the reader state was lost"
    assert indexed == set(_source_files(root)), f"{where}: the index does not match sources/"
    assert count >= len(sc.before_numbers)
    temps = [n for n in os.listdir(root / "sources") if n.startswith(".tmp-")]
    assert not temps, f"{where}: temporary files outlived the next open: {temps}"
    # The HTTP validators beside sources/ are swept by the next fetch (test below).
    strays = [
        p.name
        for p in root.iterdir()
        if p.name not in KNOWN and not p.name.startswith(".tmp-http-validators")
    ]
    assert not strays, f"{where}: temporary files left in the cache: {strays}"


def _kill_batches(sc: Scenario, tmp: Path, tally, target: int) -> tuple[int, int]:
    """Kill until ``target`` processes died mid-run; returns (kills, finished first)."""
    rng = random.Random(f"{SEED}-{sc.name}")
    counts = {"kills": 0, "finished": 0}

    def check(job: Job, killed: bool) -> None:
        where = f"{sc.name} killed after {job.delay or 0:.3f}s (seed {SEED})"
        if killed:
            counts["kills"] += 1
            tally["kills"] += 1
        else:
            counts["finished"] += 1
            tally["kills_missed"] += 1
        _check_after_kill(sc, job.root, tally, where)
        if killed:
            tally["kills_survived"] += 1
        shutil.rmtree(job.root)

    while counts["kills"] < target:
        tried = counts["kills"] + counts["finished"]
        assert tried < 4 * target, f"{sc.name}: runs keep ending before the kill: {counts}"
        missing = max(target - counts["kills"], BATCH)
        delays: list[float | None] = [rng.uniform(0, sc.runtime) for _ in range(missing)]
        for job, killed, _runtime in _run_pool(sc, tmp, delays):
            check(job, killed)
    return counts["kills"], counts["finished"]


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeServices]:
    with FakeServices(world.fictional_sets() + FETCH_SETS + BEFORE_SETS) as server:
        yield server


def test_kill_import(tmp_path, tally):
    src = tmp_path / "import-src"
    world.write_import_folder(src, IMPORT_SETS + BEFORE_SETS[:2])  # two sets the cache already has
    sc = _scenario(tmp_path, "import", ["import", str(src)], _env(), BEFORE_SETS)
    _calibrate(sc, tmp_path)
    kills, _ = _kill_batches(sc, tmp_path, tally, KILLS["import"])
    assert kills >= KILLS["import"]


def test_kill_reindex(tmp_path, tally):
    sets = BEFORE_SETS + IMPORT_SETS[:3]
    sc = _scenario(tmp_path, "reindex", ["reindex"], _env(), sets)
    _calibrate(sc, tmp_path)
    assert sc.after == sc.before  # reindex writes no source file
    kills, _ = _kill_batches(sc, tmp_path, tally, KILLS["reindex"])
    assert kills >= KILLS["reindex"]


def test_kill_fetch(tmp_path, tally, fake):
    numbers = [s.number for s in FETCH_SETS] + [BEFORE_SETS[0].number]
    env = _env({**fake.env, **FAST_ENV})
    sc = _scenario(tmp_path, "fetch", ["fetch", "--force", *numbers], env, BEFORE_SETS)
    _calibrate(sc, tmp_path)
    assert len(sc.after) > len(sc.before)
    kills, _ = _kill_batches(sc, tmp_path, tally, KILLS["fetch"])
    assert kills >= KILLS["fetch"]


def test_the_next_fetch_sweeps_validator_files_a_kill_left(tmp_path, fake):
    """A kill while the HTTP validators were saved leaves their temporary file beside
    ``sources/``; the next fetch removes it (and only those of dead processes)."""
    root = tmp_path / "cache"
    root.mkdir()
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = root / f".tmp-http-validators.json-{gone.stdout.strip()}-0badc0de"
    mine = root / f".tmp-http-validators.json-{os.getpid()}-0badc0de"
    for stray in (dead, mine):
        stray.write_text('{"half": ')
    env = _env({**fake.env, **FAST_ENV})
    done = subprocess.run(
        [sys.executable, "-m", "kvtui", "--cache", str(root), "fetch", FETCH_SETS[0].number],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert not dead.exists() and mine.exists()
