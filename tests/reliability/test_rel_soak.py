"""Eight readers and two writers share one cache for ``KVTUI_SOAK_SECONDS`` (30 by default).

Readers are processes as a user runs them: four keep a ``Cache`` open as the reader
app does (listing, opening, searching, and writing reader state: stars, read marks,
positions), four run ``kvtui list``/``search``/``show`` as scripts do. Writers import
new fictional sets in small batches; one of them also rebuilds the index every few
batches, the heaviest lock kvtui takes. Afterwards:

* no process saw "database is locked" (or any other error), and every CLI run exited 0
  with nothing on stderr;
* nothing was lost: every set a writer imported opens, every file it wrote is in
  ``sources/`` and in the index, every star a reader set is still there.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from fakeservices import world

from kvtui.store.cache import Cache

HERE = Path(__file__).resolve().parent
READERS, WRITERS = 8, 2
SECONDS = float(os.environ.get("KVTUI_SOAK_SECONDS", "30"))


def _seed(root: Path, staging: Path) -> list[str]:
    world.write_import_folder(staging, world.generated_sets(8, start=30000))
    with Cache(root) as cache:
        report = cache.import_paths([staging])
        assert not report.failed
        return report.numbers


def _soak_litter() -> set[str]:
    """What the workers' staging once left in the system's temporary folder, every run."""
    return {p.name for p in Path(tempfile.gettempdir()).glob("kvtui-soak-*")}


def test_eight_readers_two_writers_share_one_cache(tmp_path, tally):
    root = tmp_path / "cache"
    seeded = _seed(root, tmp_path / "seed")
    staging, own_tmp = tmp_path / "staging", tmp_path / "tmp"
    own_tmp.mkdir()
    litter_before = _soak_litter()
    env = {
        **os.environ,
        "KVTUI_TODAY": "2026-11-28",
        "KVTUI_IMPORT_WORKERS": "1",
        "TMPDIR": str(own_tmp),  # whatever a worker puts in "the" temporary folder shows here
    }
    worker = [sys.executable, str(HERE / "soak_worker.py")]
    procs = [
        subprocess.Popen(
            [*worker, role, str(root), str(SECONDS), str(i), str(staging)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for role, count in (("writer", WRITERS), ("reader", READERS))
        for i in range(count)
    ]
    results = []
    for proc in procs:
        stdout, stderr = proc.communicate(timeout=SECONDS + 120)
        assert proc.returncode == 0, stderr
        results.append(json.loads(stdout.strip().splitlines()[-1]))

    errors = [f"{r['role']} {r['id']}: {e}" for r in results for e in r["errors"]]
    reads = sum(r["ops"] for r in results if r["role"] == "reader")
    writes = sum(r["ops"] for r in results if r["role"] == "writer")
    tally["soak_reads"] += reads
    tally["soak_writes"] += writes
    tally["locked_errors"] += sum(r["locked"] for r in results)
    assert not errors, "\n".join(errors[:20])
    assert all(r["ops"] > 0 for r in results), [(r["role"], r["id"], r["ops"]) for r in results]
    assert any(r["reindexes"] for r in results), "the writer never rebuilt the index"

    imported = seeded + [n for r in results for n in r["numbers"]]
    files = {f for r in results for f in r["files"]}
    starred = {n for r in results for n in r["starred"]}
    with Cache(root) as cache:
        missing = [n for n in imported if cache.get(n) is None]
        on_disk = set(cache.source_names())
        indexed = {row[0] for row in cache._conn().execute("SELECT name FROM files")}
        unstarred = [n for n in starred if not cache.state(n).starred]
        assert cache.count() == len(set(imported))
    lost = len(missing) + len(files - on_disk) + len(unstarred)
    tally["documents_lost"] += lost
    assert not missing, f"sets imported but gone: {missing[:10]}"
    assert files <= on_disk, sorted(files - on_disk)[:10]
    assert indexed == on_disk
    assert not unstarred, f"stars lost: {unstarred[:10]}"
    assert writes >= 2 * WRITERS and reads >= READERS
    # Nothing left outside the test's own folder: the workers staged under tmp_path.
    assert sorted(p.name for p in own_tmp.iterdir()) == []
    assert _soak_litter() <= litter_before
    assert sorted(p.name for p in staging.iterdir()) == [f"w{i}" for i in range(WRITERS)]
