"""The Cache end to end with the real parsers: import, regrouping, rebuilds, faults.

Sources are the fictional kv-tk/ah-tk documents of ``test_store_support`` (FICTIEF
voorbeeld voor kvtui). Crash and concurrency tests run real subprocesses.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_store_support import (
    TODAY,
    answer_id,
    answer_xml,
    questions_xml,
    write_set,
    zaak_number,
)

from kvtui.model import Status
from kvtui.store.cache import Cache

pytest.importorskip("kvtui.assemble", reason="needs the assembler (kvtui.assemble)")
pytest.importorskip("kvtui.grouping", reason="needs grouping (kvtui.grouping)")

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent


@pytest.fixture
def cache(tmp_path):
    c = Cache(tmp_path / "cache", today=TODAY)
    yield c
    c.close()


def test_import_groups_and_assembles(tmp_path, cache: Cache) -> None:
    src = tmp_path / "in"
    src.mkdir()
    zaak, _ = write_set(src, 1)
    open_zaak, _ = write_set(src, 2, answered=False)
    report = cache.import_paths([src])
    assert report.failed == []
    assert sorted(report.numbers) == [zaak, open_zaak]
    assert sorted(report.imported) == sorted(os.listdir(cache.sources_dir))
    kv = cache.get(zaak)
    assert kv.status is Status.ANSWERED and kv.answered.isoformat() == "2025-04-01"
    assert [q.answer for q in kv.questions] == ["Fictief antwoord 1.", "Fictief antwoord 2."]
    assert cache.get(answer_id(1)).number == zaak  # by the answer's id too
    assert cache.get(open_zaak).status is Status.OPEN
    assert cache.count() == 2


def test_content_names_the_file_not_the_file_name(tmp_path, cache: Cache) -> None:
    odd = tmp_path / "download (3).xml"
    odd.write_bytes(questions_xml(zaak_number(7)))
    report = cache.import_paths([odd])
    assert report.failed == []
    assert cache.source_names() == [f"kv-tk-{zaak_number(7)}.xml"]


def test_an_answer_arriving_later_updates_the_same_set(tmp_path, cache: Cache) -> None:
    zaak = zaak_number(3)
    cache.add_sources([(f"kv-tk-{zaak}.xml", questions_xml(zaak))])
    assert cache.get(zaak).status is Status.OPEN
    touched = cache.add_sources([(f"{answer_id(3)}.xml", answer_xml(zaak, answer_id(3)))])
    assert touched == [zaak]
    kv = cache.get(zaak)
    assert kv.status is Status.ANSWERED and kv.questions[0].answer == "Fictief antwoord 1."
    assert cache.count() == 1
    # Reopening a second Cache on the same directory sees the same thing (no rebuild needed).
    other = Cache(cache.root, today=TODAY)
    assert other.get(zaak).status is Status.ANSWERED
    other.close()


def test_bad_files_are_reported_and_leave_the_cache_alone(tmp_path, cache: Cache) -> None:
    good = tmp_path / "kv-tk-2025Z00005.xml"
    good.write_bytes(questions_xml(zaak_number(5)))
    garbage = tmp_path / "kv-tk-2025Z00006.xml"
    garbage.write_bytes(questions_xml(zaak_number(6))[:300])  # truncated download
    notxml = tmp_path / "notes.txt"
    notxml.write_bytes(b"\x00\x01 not a document")
    report = cache.import_paths([good, garbage, notxml, tmp_path / "missing.xml"])
    failed = {Path(p).name for p, _ in report.failed}
    assert failed == {"kv-tk-2025Z00006.xml", "notes.txt", "missing.xml"}
    assert cache.source_names() == ["kv-tk-2025Z00005.xml"]


def test_add_sources_is_all_or_nothing(cache: Cache) -> None:
    zaak = zaak_number(8)
    with pytest.raises(ValueError, match="ah-tk"):
        cache.add_sources(
            [(f"kv-tk-{zaak}.xml", questions_xml(zaak)), (f"{answer_id(8)}.xml", b"<oops")]
        )
    with pytest.raises(ValueError):
        cache.add_sources([("../../etc/passwd", questions_xml(zaak))])
    assert cache.source_names() == []
    assert cache.count() == 0


def test_identical_reimport_does_not_touch_files(tmp_path, cache: Cache) -> None:
    src = tmp_path / "in"
    src.mkdir()
    write_set(src, 9)
    cache.import_paths([src])
    before = {n: os.stat(cache.sources_dir / n).st_mtime_ns for n in cache.source_names()}
    report = cache.import_paths([src])
    assert report.failed == [] and len(report.imported) == 2
    after = {n: os.stat(cache.sources_dir / n).st_mtime_ns for n in cache.source_names()}
    assert before == after


def _imported(tmp_path: Path, i: int) -> tuple[Path, str]:
    """A cache at ``tmp_path / "cache"`` that imported set ``i``: its root and zaak."""
    src = tmp_path / "in"
    src.mkdir()
    zaak, _ = write_set(src, i)
    root = tmp_path / "cache"
    with Cache(root, today=TODAY) as c:
        c.import_paths([src])
    return root, zaak


def test_corrupt_index_is_rebuilt_and_state_survives(tmp_path) -> None:
    root, zaak = _imported(tmp_path, 11)
    with Cache(root, today=TODAY) as c:
        c.set_starred(zaak, True)
        c.set_position(zaak, 42)
    (root / "index.sqlite").write_bytes(os.urandom(8192))
    for suffix in ("-wal", "-shm"):
        (root / f"index.sqlite{suffix}").unlink(missing_ok=True)
    with Cache(root, today=TODAY) as c:
        assert c.get(zaak).status is Status.ANSWERED
        assert c.state(zaak).starred and c.state(zaak).position == 42
        assert [r.starred for r in c.rows()] == [True]


def test_other_schema_version_is_rebuilt(tmp_path) -> None:
    root, zaak = _imported(tmp_path, 12)
    conn = sqlite3.connect(root / "index.sqlite")
    conn.execute("PRAGMA user_version = 999")
    conn.execute("DELETE FROM sets")
    conn.commit()
    conn.close()
    with Cache(root, today=TODAY) as c:
        assert c.get(zaak) is not None


def test_sources_changed_behind_its_back_are_picked_up(tmp_path) -> None:
    root = tmp_path / "cache"
    with Cache(root, today=TODAY) as c:
        c.add_sources([(f"kv-tk-{zaak_number(13)}.xml", questions_xml(zaak_number(13)))])
    # Like an rsync from another machine: files appear and disappear in sources/.
    (root / "sources" / f"{answer_id(13)}.xml").write_bytes(
        answer_xml(zaak_number(13), answer_id(13))
    )
    (root / "sources" / f"kv-tk-{zaak_number(14)}.xml").write_bytes(questions_xml(zaak_number(14)))
    with Cache(root, today=TODAY) as c:
        assert c.get(zaak_number(13)).status is Status.ANSWERED
        assert c.get(zaak_number(14)).status is Status.OPEN
    (root / "sources" / f"kv-tk-{zaak_number(14)}.xml").unlink()
    (root / "sources" / f"{answer_id(13)}.xml").unlink()
    with Cache(root, today=TODAY) as c:
        assert c.get(zaak_number(14)) is None
        assert c.get(zaak_number(13)).status is Status.OPEN
        assert c.count() == 1


def test_reindex_rebuilds_everything(tmp_path, cache: Cache) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(20, 25):
        write_set(src, i, answered=i % 2 == 0)
    cache.import_paths([src])
    before = {r.number: r for r in cache.rows()}
    assert cache.reindex() == 5
    assert {r.number: r for r in cache.rows()} == before


# -- several processes --------------------------------------------------------

_IMPORTER = """
import sys
from pathlib import Path
from kvtui.store.cache import Cache
c = Cache(Path(sys.argv[1]))
report = c.import_paths([Path(p) for p in sys.argv[2:]])
assert not report.failed, report.failed
"""


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO), "KVTUI_TODAY": TODAY.isoformat()}


def test_two_processes_importing_at_once_lose_nothing(tmp_path) -> None:
    """One process brings the questions, the other the answers of the same sets."""
    questions, answers = tmp_path / "q", tmp_path / "a"
    questions.mkdir()
    answers.mkdir()
    n = 60
    for i in range(1, n + 1):
        zaak = zaak_number(i)
        (questions / f"kv-tk-{zaak}.xml").write_bytes(questions_xml(zaak))
        (answers / f"{answer_id(i)}.xml").write_bytes(answer_xml(zaak, answer_id(i)))
    root = tmp_path / "cache"
    procs = [
        subprocess.Popen([sys.executable, "-c", _IMPORTER, str(root), str(d)], env=_env())
        for d in (questions, answers)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    with Cache(root, today=TODAY) as c:
        assert c.count() == n
        assert {r.status for r in c.rows()} == {Status.ANSWERED}
        assert len(c.source_names()) == 2 * n


def test_killing_an_import_leaves_no_partial_file_and_an_index_that_opens(tmp_path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(1, 301):
        write_set(src, i)
    expected = {p.name: p.read_bytes() for p in src.iterdir()}
    rng = random.Random(7)
    for attempt in range(4):
        root = tmp_path / f"cache{attempt}"
        proc = subprocess.Popen(
            [sys.executable, "-m", "kvtui", "--cache", str(root), "import", str(src)],
            env={**_env(), "KVTUI_IMPORT_CHUNK": "40"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        sources = root / "sources"
        names = (
            [n for n in os.listdir(sources) if not n.startswith(".")] if sources.exists() else []
        )
        for name in names:
            assert (sources / name).read_bytes() == expected[name], name
        with Cache(root, today=TODAY) as c:  # opens, and catches up with what is on disk
            c.count()
            indexed = c._conn().execute("SELECT count(*) FROM files").fetchone()[0]
            assert indexed == len(names)
            if sources.exists():  # absent when the kill came before the first write
                assert not [n for n in os.listdir(sources) if n.startswith(".tmp-")]
            report = c.import_paths([src])
            assert report.failed == []
            assert c.count() == 300
    # Where the kills land depends on the machine's load; tests/reliability/test_rel_kills.py
    # calibrates its delays on measured runtimes and reports how many landed mid-run.


def test_reindex_of_a_cache_without_an_index_builds_it_once(tmp_path, monkeypatch) -> None:
    """A rebuild reads every source anyway: catching up on open first indexed each twice."""
    import shutil

    shutil.copytree(REPO / "cache" / "sources", tmp_path / "sources")
    c = Cache(tmp_path)
    calls: list[int] = []
    real = Cache._catch_up
    monkeypatch.setattr(Cache, "_catch_up", lambda self: calls.append(1) or real(self))
    try:
        n = c.reindex()
        assert n == len(c.rows()) > 0
    finally:
        c.close()
    assert calls == []
