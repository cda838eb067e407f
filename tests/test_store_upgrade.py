"""The index keeps each text once, and an index of an older schema is replaced safely.

``tests/fixtures/schema6/`` holds an index and a reader state made by kvtui at schema 6
(the last version with FTS5's own copy of the text and plain JSON) from the sample
cache's sources (``cache/sources``): ``kvtui --cache DIR reindex``, then read, starred,
position, two watch rules, a saved "seen" baseline and a note set through ``Cache``. Both
files are gzipped; the sources they belong to are the sample cache's, copied per test.

``tests/fixtures/schema7/`` holds the index kvtui made at schema 7 from the same sources
(beside the same reader state): schema 8 only renamed its tables, and upgrades it in
place instead of rebuilding it.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from kvtui.render.text import render_text
from kvtui.store import index, schema, upgrade
from kvtui.store.cache import Cache, ListQuery

REPO = Path(__file__).resolve().parents[1]
FIXTURE = REPO / "tests" / "fixtures" / "schema6"
FIXTURE_7 = REPO / "tests" / "fixtures" / "schema7"
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
    return _unpack(FIXTURE, tmp_path / "cache")


def _unpack(fixture: Path, root: Path) -> Path:
    shutil.copytree(REPO / "cache" / "sources", root / "sources")
    for name in ("index.sqlite", "state.sqlite"):
        (root / name).write_bytes(gzip.decompress((fixture / f"{name}.gz").read_bytes()))
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
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        assert schema.schema_state(conn) == "ok"
        fingerprint = schema.get_meta(conn, "fingerprint")
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
        stored = [r[0] for r in conn.execute("SELECT json FROM set_json")]
        numbers = [r[0] for r in conn.execute("SELECT number FROM sets")]
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
        groups = dict(conn.execute("SELECT number, group_key FROM sets ORDER BY number"))
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
    schema.create_schema(fresh)
    for kv in left:
        assert kv is not None
        index.upsert(fresh, kv, groups[kv.number])
    assert got == _vocabulary(fresh)


# -- schema 7: renamed in place --------------------------------------------------------

NAMES_7 = dict(upgrade.RENAMED_TABLES)  # schema 8 name -> schema 7 name
SAME = {"ids": "ids", "facets": "facets", "meta": "meta"}


@pytest.fixture
def cache_7(tmp_path: Path) -> Path:
    """The schema 7 cache, its files dated as when it was indexed (a checkout dates them
    anew), so that opening it finds nothing to index again."""
    root = _unpack(FIXTURE_7, tmp_path / "cache")
    conn = sqlite3.connect(root / "index.sqlite")
    try:
        for name, mtime_ns in conn.execute("SELECT name, mtime_ns FROM sources"):
            os.utime(root / "sources" / name, ns=(mtime_ns, mtime_ns))
    finally:
        conn.close()
    return root


def _content(path: Path, names: dict[str, str]) -> dict[str, list[tuple]]:
    """Every row of the index's tables (by schema 8's names) and its FTS vocabulary."""
    conn = sqlite3.connect(path)
    try:
        out = {
            new: sorted(conn.execute(f'SELECT * FROM "{old}"').fetchall())
            for new, old in {**names, **SAME}.items()
        }
        out["fts"] = _vocabulary(conn)
        # what the directory looked like when last checked: a copied cache records anew
        out["meta"] = [r for r in out["meta"] if r[0] not in ("fingerprint", "checked_ns")]
    finally:
        conn.close()
    return out


def _objects(path: Path) -> list[tuple[str, str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        return schema._objects(conn)
    finally:
        conn.close()


class _Counted:
    """Counts the calls that would mean the sets are indexed again."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: dict[str, int] = {}
        for owner, name in (
            (index, "upsert"),
            (schema, "create_schema"),
            (Cache, "reindex"),
        ):
            monkeypatch.setattr(owner, name, self._wrap(name, getattr(owner, name)))

    def _wrap(self, name: str, fn: Callable[..., object]) -> Callable[..., object]:
        def counted(*args: object, **kwargs: object) -> object:
            self.calls[name] = self.calls.get(name, 0) + 1
            return fn(*args, **kwargs)

        return counted


def _fresh(tmp_path: Path) -> Path:
    """The same sources indexed by this kvtui from scratch: what an upgrade must equal."""
    root = tmp_path / "fresh"
    shutil.copytree(REPO / "cache" / "sources", root / "sources")
    with Cache(root, today=TODAY) as cache:
        cache.count()
    return root


def _shown(root: Path) -> dict[str, tuple[str, list[str]]]:
    """What a reader sees of each set: its text, and the hits of a few searches."""
    with Cache(root, today=TODAY) as cache:
        numbers = [r.number for r in cache.rows()]
        out = {}
        for number in numbers:
            kamervraag = cache.get(number)
            assert kamervraag is not None
            out[number] = (render_text(kamervraag, today=TODAY), [])
        for query in ("FICTIEF", "veerdienst", "status:beantwoord", "minister"):
            out[query] = ("", [h.number for h in cache.search(query, limit=100)])
    return out


def test_the_fixture_is_a_schema_7_index(cache_7: Path) -> None:
    conn = sqlite3.connect(cache_7 / "index.sqlite")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == upgrade.FROM_VERSION == 7
        assert conn.execute("SELECT count(*) FROM kv").fetchone()[0] == 14
        assert upgrade.upgradable(conn)
    finally:
        conn.close()
    assert all(_state_rows(cache_7 / "state.sqlite").values())


def test_upgrade_from_schema_7_renames_in_place_and_indexes_nothing(
    cache_7: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _content(cache_7 / "index.sqlite", NAMES_7)
    state = _state_rows(cache_7 / "state.sqlite")
    fresh = _fresh(tmp_path)
    counted = _Counted(monkeypatch)
    with Cache(cache_7, today=TODAY) as cache:
        assert cache.count() == 14 and cache.take_warnings() == []
        assert cache.state("2026Z18230").position == 7
    assert counted.calls == {}  # no set parsed, indexed or written again
    assert _content(cache_7 / "index.sqlite", {n: n for n in NAMES_7}) == before
    assert _state_rows(cache_7 / "state.sqlite") == state
    # The same file a new index is, object for object, and it stays as it is.
    assert _objects(cache_7 / "index.sqlite") == _objects(fresh / "index.sqlite")
    with Cache(cache_7, today=TODAY) as cache:
        assert cache._index_current(cache._conn())
    monkeypatch.undo()
    assert _shown(cache_7) == _shown(fresh)


def _schema_7_as(root: Path, sql: str) -> None:
    conn = sqlite3.connect(root / "index.sqlite", isolation_level=None)
    try:
        conn.executescript(sql)
    finally:
        conn.close()


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TRIGGER t BEFORE INSERT ON kv BEGIN SELECT RAISE(ABORT, 'FICTIEF'); END",
        "CREATE VIEW listing AS SELECT * FROM kv",
        "ALTER TABLE sources ADD COLUMN extra TEXT",
        "DROP INDEX kv_days",
        "CREATE INDEX kv_title ON kv (title)",
    ],
    ids=["trigger", "view", "extra column", "index missing", "extra index"],
)
def test_a_schema_7_index_kvtui_did_not_make_is_rebuilt(
    cache_7: Path, sql: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    _schema_7_as(cache_7, sql)
    counted = _Counted(monkeypatch)
    with Cache(cache_7, today=TODAY) as cache:
        assert cache.count() == 14
    assert counted.calls.get("create_schema") == 1 and counted.calls.get("upsert") == 14
    conn = sqlite3.connect(cache_7 / "index.sqlite")
    try:
        assert schema.schema_state(conn) == "ok"
    finally:
        conn.close()


_STEPS = re.compile(r"^(ALTER TABLE|DROP INDEX|CREATE INDEX|PRAGMA user_version =)", re.I)
# The upgrade's statements: three renames, six indexes dropped and six made, the version.
STEPS = len(upgrade.RENAMED_TABLES) + 2 * len(upgrade.RENAMED_INDEXES) + 1


def _failing_at(step: int, where: Path, fail: Callable[[], None]) -> type[sqlite3.Connection]:
    """A connection class that calls ``fail`` before the upgrade's ``step``-th statement
    on the index under ``where`` (a private copy elsewhere is left alone)."""

    class Failing(sqlite3.Connection):
        seen = 0

        def __init__(self, target: str, *args: object, **kwargs: object) -> None:
            super().__init__(target, *args, **kwargs)  # type: ignore[arg-type]
            self.ours = str(where) in str(target)

        def execute(self, sql: str, *args: object) -> sqlite3.Cursor:  # type: ignore[override]
            if self.ours and _STEPS.match(sql):
                Failing.seen += 1
                if Failing.seen == step:
                    fail()
            return super().execute(sql, *args)  # type: ignore[arg-type]

    return Failing


def _assert_schema_7_kept(root: Path, content: dict[str, list[tuple]]) -> None:
    conn = sqlite3.connect(root / "index.sqlite")
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 7
        assert upgrade.upgradable(conn)
    finally:
        conn.close()
    assert _content(root / "index.sqlite", NAMES_7) == content


@pytest.mark.parametrize("step", range(1, STEPS + 1))
def test_a_full_disk_half_way_leaves_schema_7_whole_and_readable(
    cache_7: Path, step: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The upgrade is one transaction: a full disk at any of its statements leaves the
    index of schema 7 as it was; the cache is read meanwhile (from a copy upgraded
    elsewhere, not rebuilt), and the next open upgrades it."""
    before = _content(cache_7 / "index.sqlite", NAMES_7)
    state = _state_rows(cache_7 / "state.sqlite")

    def full() -> None:
        raise sqlite3.OperationalError("database or disk is full")

    real_connect = sqlite3.connect
    failing = _failing_at(step, cache_7, full)
    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: real_connect(*a, **k, factory=failing))
    counted = _Counted(monkeypatch)
    with Cache(cache_7, today=TODAY) as cache:
        assert cache.count() == 14
        assert [h.number for h in cache.search("veerdienst")] == ["ah-tk-19961997-1403"]
        assert any("temporary copy" in w for w in cache.take_warnings())
    assert failing.seen == step and "upsert" not in counted.calls
    _assert_schema_7_kept(cache_7, before)
    monkeypatch.undo()
    with Cache(cache_7, today=TODAY) as cache:
        assert cache.count() == 14 and cache.take_warnings() == []
    assert _content(cache_7 / "index.sqlite", {n: n for n in NAMES_7}) == before
    assert _state_rows(cache_7 / "state.sqlite") == state


_KILLED = """
import datetime as dt, os, re, sqlite3, sys
from pathlib import Path
from kvtui.store.cache import Cache
root, step = Path(sys.argv[1]), int(sys.argv[2])
steps = re.compile(r"^(ALTER TABLE|DROP INDEX|CREATE INDEX|PRAGMA user_version =)", re.I)
class Killed(sqlite3.Connection):
    seen = 0
    def execute(self, sql, *args):
        if steps.match(sql):
            Killed.seen += 1
            if Killed.seen == step:
                os._exit(9)
        return super().execute(sql, *args)
real = sqlite3.connect
sqlite3.connect = lambda *a, **k: real(*a, **k, factory=Killed)
Cache(root, today=dt.date(2026, 11, 28)).count()
"""


@pytest.mark.parametrize("step", [1, 3, 4, 10, STEPS])
def test_a_process_killed_half_way_leaves_schema_7_whole(cache_7: Path, step: int) -> None:
    before = _content(cache_7 / "index.sqlite", NAMES_7)
    done = subprocess.run(
        [sys.executable, "-c", _KILLED, str(cache_7), str(step)], check=False, timeout=120
    )
    assert done.returncode == 9
    _assert_schema_7_kept(cache_7, before)
    with Cache(cache_7, today=TODAY) as cache:
        assert cache.count() == 14
    assert _content(cache_7 / "index.sqlite", {n: n for n in NAMES_7}) == before


def test_an_older_schema_is_not_upgraded_in_place(old_cache: Path) -> None:
    conn = sqlite3.connect(old_cache / "index.sqlite", isolation_level=None)
    try:
        conn.execute("BEGIN")
        assert not upgrade.upgrade(conn)
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 6
        conn.execute("ROLLBACK")
    finally:
        conn.close()
