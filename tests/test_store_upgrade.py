"""The index keeps each text once, and an index of the previous schema is replaced safely.

``tests/fixtures/schema6/`` holds an index and a reader state made by kvtui at schema 6
(the last version with FTS5's own copy of the text and plain JSON) from the sample
cache's sources (``cache/sources``): ``kvtui --cache DIR reindex``, then read, starred,
position, two watch rules, a saved "seen" baseline and a note set through ``Cache``. Both
files are gzipped; the sources they belong to are the sample cache's, copied per test.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from kvtui.store import index
from kvtui.store.cache import Cache, ListQuery

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "schema6"
TODAY = dt.date(2026, 11, 28)
STATE_TABLES = ("state", "watch", "seen", "notes")


def _state_rows(path: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(path)
    try:
        return {t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall()) for t in STATE_TABLES}
    finally:
        conn.close()


def _used_bytes(path: Path) -> int:
    """Bytes of the pages the index uses: its size once free pages are dropped."""
    conn = sqlite3.connect(path)
    try:
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        free = conn.execute("PRAGMA freelist_count").fetchone()[0]
        size = conn.execute("PRAGMA page_size").fetchone()[0]
    finally:
        conn.close()
    return (pages - free) * size


@pytest.fixture
def old_cache(tmp_path: Path) -> Path:
    root = tmp_path / "cache"
    shutil.copytree(REPO / "cache" / "sources", root / "sources")
    for name in ("index.sqlite", "state.sqlite"):
        (root / name).write_bytes(gzip.decompress((FIXTURE / f"{name}.gz").read_bytes()))
    return root


def test_the_fixture_is_a_schema_6_index_with_reader_state(old_cache: Path) -> None:
    conn = sqlite3.connect(old_cache / "index.sqlite")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 6
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert "fts_content" in names  # the third copy of the text that schema 7 drops
        sets = conn.execute("SELECT count(*) FROM kv").fetchone()[0]
    finally:
        conn.close()
    state = _state_rows(old_cache / "state.sqlite")
    assert sets == 14 and all(state[t] for t in STATE_TABLES), state


def test_upgrade_from_schema_6_rebuilds_once_and_keeps_reader_state(old_cache: Path) -> None:
    before = _state_rows(old_cache / "state.sqlite")
    old_size = (old_cache / "index.sqlite").stat().st_size
    with Cache(old_cache, today=TODAY) as cache:
        assert cache.count() == 14
        starred = {r.number for r in cache.rows(ListQuery(starred_only=True))}
        read = {r.number for r in cache.rows() if r.read}
        assert [h.number for h in cache.search("veerdienst")] == ["ah-tk-19961997-1403"]
        assert cache.state("2026Z18230").position == 7
        kv = cache.get("2022Z13350")
        assert kv is not None and kv.questions and "FICTIEF" in kv.questions[0].text
    assert starred == {"2026Z19876", "2026Z17702"} and read == {"2026Z21455", "2026Z17702"}
    assert _state_rows(old_cache / "state.sqlite") == before
    conn = sqlite3.connect(old_cache / "index.sqlite")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == index.SCHEMA_VERSION
        assert index.schema_state(conn) == "ok"
        fingerprint = index.get_meta(conn, "fingerprint")
    finally:
        conn.close()
    # Built once: the next open finds it current and indexes nothing.
    assert fingerprint not in (None, "new", "stale", "rebuilding")
    with Cache(old_cache, today=TODAY) as cache:
        assert cache._index_current(cache._conn())
    # The freed pages of the old schema are given back, not kept in the file.
    assert (old_cache / "index.sqlite").stat().st_size < old_size * 0.75


def test_a_second_process_reading_during_the_upgrade_does_not_lose_state(
    old_cache: Path,
) -> None:
    """The upgrade's VACUUM gives way to a reader that holds the file: the index is still
    rebuilt (only its free pages wait for a later rebuild), the state untouched."""
    before = _state_rows(old_cache / "state.sqlite")
    holder = sqlite3.connect(old_cache / "index.sqlite", isolation_level=None)
    holder.execute("BEGIN")
    holder.execute("SELECT count(*) FROM kv").fetchone()
    try:
        with Cache(old_cache, today=TODAY) as cache:
            assert cache.count() == 14
            assert [h.number for h in cache.search("veerdienst")] == ["ah-tk-19961997-1403"]
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert _state_rows(old_cache / "state.sqlite") == before


def test_text_is_stored_once_and_compressed(tmp_path: Path) -> None:
    """No FTS content table, and the stored sets take well under their JSON's size."""
    root = tmp_path / "cache"
    shutil.copytree(REPO / "cache" / "sources", root / "sources")
    with Cache(root, today=TODAY) as cache:
        cache.reindex()
        conn = cache._conn()
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        stored = [r[0] for r in conn.execute("SELECT json FROM kv_json")]
        numbers = [r[0] for r in conn.execute("SELECT number FROM kv")]
    assert "fts_content" not in names and len(stored) == len(numbers) == 14
    raw = sum(len(json.dumps(index.unpack(b), ensure_ascii=False).encode()) for b in stored)
    assert sum(len(b) for b in stored) < 0.6 * raw
    assert _used_bytes(root / "index.sqlite") < 2 * sum(
        p.stat().st_size for p in (root / "sources").iterdir()
    )


def _vocabulary(conn: sqlite3.Connection) -> list[tuple]:
    """Every indexed word with the number of sets and of times it occurs (fts5vocab)."""
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.words USING fts5vocab(main, fts, row)")
    return conn.execute("SELECT term, doc, cnt FROM temp.words ORDER BY term").fetchall()


def test_replacing_and_removing_sets_leaves_the_fts_index_exact(tmp_path: Path) -> None:
    """A contentless FTS table is told the old values on every replace and delete; a wrong
    value would leave words behind (or take too many away): after replacing and deleting,
    the index holds exactly the words of an index built from the sets that are left."""
    root = tmp_path / "cache"
    shutil.copytree(REPO / "cache" / "sources", root / "sources")
    with Cache(root, today=TODAY) as cache:
        cache.reindex()
        conn = cache._conn()
        groups = dict(conn.execute("SELECT number, group_key FROM kv ORDER BY number"))
        numbers = sorted(groups)
        gone = numbers[1:6:2]
        conn.execute("BEGIN")
        for number in numbers[::2]:  # replace half of them with a changed title
            kv = index.load(conn, number, TODAY)
            assert kv is not None
            kv.title = f"{kv.title} herzien"
            index.upsert(conn, kv, groups[number])
        index.delete_numbers(conn, gone)
        conn.execute("COMMIT")
        left = [index.load(conn, n, TODAY) for n in numbers if n not in gone]
        got = _vocabulary(conn)
        assert {h.number for h in cache.search("FICTIEF")} == set(numbers) - set(gone)
        assert len(cache.search("herzien")) == len(numbers[::2])
    fresh = sqlite3.connect(":memory:", isolation_level=None)
    index.create_schema(fresh)
    for kv in left:
        assert kv is not None
        index.upsert(fresh, kv, groups[kv.number])
    assert got == _vocabulary(fresh)
