"""The index file itself: opening it, its schema, and whether a file on disk is that schema.

A test (or a tool) can open, check and create an index with this module alone: it
knows the tables and nothing about what goes in them (``store.index`` writes and reads
the sets). The check is strict on purpose: the index is derived, so any object kvtui
did not make (a trigger that would run on kvtui's own writes, a view, a column of
another shape) means the file came from elsewhere, and it is rebuilt rather than trusted.
"""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from kvtui.whitespace import fold_all

# 5: footnotes carry "in"/"at"; 6: facets; 7: contentless FTS, compressed JSON;
# 8: tables named for what they hold (``store.upgrade`` renames those of 7 in place)
SCHEMA_VERSION = 8
BUSY_TIMEOUT_MS = 15000

# ``sets`` has one row per Kamervraag (the list's columns), ``set_json`` its stored text,
# ``files`` one row per file in ``sources/`` (which set it belongs to, and its size and
# time, to see what changed). Renamed tables are quoted because SQLite writes a name
# given by ALTER TABLE … RENAME that way: an upgraded index and a new one are the same.
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE "sets" (
    rid            INTEGER PRIMARY KEY,
    number         TEXT NOT NULL UNIQUE,
    group_key      TEXT NOT NULL,
    title          TEXT,
    status         TEXT NOT NULL,
    overdue        INTEGER NOT NULL DEFAULT 0,
    text_pending   INTEGER NOT NULL DEFAULT 0,
    has_notice     INTEGER NOT NULL DEFAULT 0,
    submitted      TEXT,
    answered       TEXT,
    days_to_answer INTEGER,
    submitters     TEXT NOT NULL DEFAULT '',
    parties        TEXT NOT NULL DEFAULT '',
    answered_by    TEXT NOT NULL DEFAULT '',
    ministries     TEXT NOT NULL DEFAULT '',
    topics         TEXT NOT NULL DEFAULT '',
    filter         TEXT NOT NULL DEFAULT ''
);
CREATE TABLE "set_json" (rid INTEGER PRIMARY KEY, json BLOB NOT NULL);
CREATE INDEX sets_submitted ON sets (submitted, number);
CREATE INDEX sets_answered ON sets (answered, number);
CREATE INDEX sets_days ON sets (days_to_answer, number);
CREATE INDEX sets_status ON sets (status);
CREATE INDEX sets_group ON sets (group_key);
CREATE TABLE facets (
    kind  TEXT NOT NULL,
    value TEXT NOT NULL,
    rid   INTEGER NOT NULL,
    PRIMARY KEY (kind, value, rid)
) WITHOUT ROWID;
CREATE INDEX facets_rid ON facets (rid);
CREATE TABLE ids (id TEXT PRIMARY KEY, number TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX ids_number ON ids (number);
CREATE TABLE "files" (
    name      TEXT PRIMARY KEY,
    group_key TEXT NOT NULL,
    size      INTEGER NOT NULL,
    mtime_ns  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX files_group ON files (group_key);
CREATE VIRTUAL TABLE fts USING fts5(
    number, title, people, questions, answers,
    content = '', tokenize = 'unicode61 remove_diacritics 2'
);
"""

# The JSON of a set (tens of KB for a large one) lives in its own table: list rows stay
# a few hundred bytes, so a page of the list reads a few pages, not the documents.
_TABLES = ("meta", "sets", "set_json", "ids", "files", "fts", "facets")


class IndexCorrupt(Exception):
    """The index file cannot be used; the caller rebuilds it."""


def connect(path: Path | str, *, uri: bool = False) -> sqlite3.Connection:
    """Open the index file with the settings every kvtui process shares.

    URI filenames are always understood, so a read-only state file can be attached
    (``file:…?mode=ro``); ``uri`` says whether ``path`` itself is one.
    """
    # The reader runs queries from worker threads; Cache serialises them with a lock.
    target = str(path) if uri or str(path) == ":memory:" else Path(path).absolute().as_uri()
    conn = sqlite3.connect(
        target,
        timeout=BUSY_TIMEOUT_MS / 1000,
        isolation_level=None,
        check_same_thread=False,
        uri=True,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # Triggers and views of a file from elsewhere may not call functions with side
    # effects (they are refused anyway: see schema_state).
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn


_CORRUPT_CODES = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB


def is_corruption(exc: BaseException) -> bool:
    """Whether an SQLite error says the file itself is damaged (so: rebuild it).

    By SQLite's own result code where Python gives it: "unable to open database file"
    (a read-only directory), "disk I/O error" or "database or disk is full" are not
    corruption, and deleting the index for them would lose it for nothing.
    """
    code = getattr(exc, "sqlite_errorcode", None)
    if code is not None:
        return (code & 0xFF) in _CORRUPT_CODES
    text = str(exc).lower()
    return any(w in text for w in ("not a database", "malformed", "corrupt"))


def schema_state(conn: sqlite3.Connection) -> str:
    """'ok', 'empty' (new file) or 'other' (another schema version); raises IndexCorrupt."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        if not is_corruption(exc):
            raise
        raise IndexCorrupt(str(exc)) from exc
    if version == 0 and not names:
        return "empty"
    if version != SCHEMA_VERSION or not set(_TABLES) <= names:
        return "other"
    found = _objects(conn)
    if found != _snapshot() and found != _expected_objects():
        return "other"  # a trigger, view, table, index or column kvtui did not make
    return "ok"


def _objects(conn: sqlite3.Connection) -> list[tuple[str, str, str, str]]:
    """Every schema object (type, name, table, normalised SQL), in a fixed order."""
    rows = conn.execute("SELECT type, name, tbl_name, coalesce(sql, '') FROM main.sqlite_master")
    return sorted((t, n, tb, fold_all(sql)) for t, n, tb, sql in rows)


_EXPECTED: list[tuple[str, str, str, str]] = []

# What FTS5 and SQLite add to kvtui's own statements, as the SQLite kvtui is built and
# tested with writes them. With _SCHEMA they make an exact copy of _expected_objects()
# that costs no database: an ordinary open compares with it first and never builds the
# reference (1.5 ms of a 50 ms ``show``). Another SQLite may word its FTS5 tables
# differently; then the reference is built. The reliability tests keep this in step.
_ADDED = [
    ("index", "sqlite_autoindex_sets_1", "sets", ""),
    ("index", "sqlite_autoindex_meta_1", "meta", ""),
    (
        "table",
        "fts_config",
        "fts_config",
        "CREATE TABLE 'fts_config'(k PRIMARY KEY, v) WITHOUT ROWID",
    ),
    (
        "table",
        "fts_data",
        "fts_data",
        "CREATE TABLE 'fts_data'(id INTEGER PRIMARY KEY, block BLOB)",
    ),
    (
        "table",
        "fts_docsize",
        "fts_docsize",
        "CREATE TABLE 'fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB)",
    ),
    (
        "table",
        "fts_idx",
        "fts_idx",
        "CREATE TABLE 'fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID",
    ),
]
_SNAPSHOT: list[tuple[str, str, str, str]] = []


def _snapshot() -> list[tuple[str, str, str, str]]:
    """_SCHEMA's own objects (type, name, table, SQL as SQLite keeps it) plus _ADDED."""
    if not _SNAPSHOT:
        rows = list(_ADDED)
        for statement in schema_statements():
            sql = fold_all(statement)
            words = sql.split()
            if words[:2] == ["CREATE", "TABLE"] or words[:3] == ["CREATE", "VIRTUAL", "TABLE"]:
                name = words[3 if words[1] == "VIRTUAL" else 2].strip('"')
                rows.append(("table", name, name, sql))
            elif words[:2] == ["CREATE", "INDEX"]:
                rows.append(("index", words[2], words[4], sql))
        _SNAPSHOT.extend(sorted(rows))
    return _SNAPSHOT


def schema_statements() -> list[str]:
    """The statements that make this version's tables and indexes, in order."""
    return [statement.strip() for statement in _SCHEMA.split(";") if statement.strip()]


def _expected_objects() -> list[tuple[str, str, str, str]]:
    """The schema this version of kvtui makes, as this SQLite writes it (built once).

    The index is derived: anything else in it (a trigger that would run on kvtui's own
    writes, a view, a column of another shape) means it was not made by this kvtui, and
    it is rebuilt rather than trusted.
    """
    if not _EXPECTED:
        ref = sqlite3.connect(":memory:", isolation_level=None)
        try:
            for statement in schema_statements():
                ref.execute(statement)
            _EXPECTED.extend(_objects(ref))
        finally:
            ref.close()
    return _EXPECTED


def create_schema(conn: sqlite3.Connection) -> None:
    """(Re)create every table; run inside a write transaction.

    Everything else in the file goes first (triggers, views, tables and indexes of
    another version or of someone else): the index is derived and holds nothing else.
    A virtual table whose module this SQLite lacks cannot be dropped: IndexCorrupt,
    and the caller starts a new file.
    """
    drop = {"trigger": "TRIGGER", "view": "VIEW", "index": "INDEX", "table": "TABLE"}
    rows = conn.execute(
        "SELECT type, name, sql FROM main.sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    order = {"trigger": 0, "view": 1, "table": 2, "index": 3}
    virtual = {
        n for t, n, sql in rows if t == "table" and (sql or "").upper().startswith("CREATE VIRTUAL")
    }
    for kind, name, _sql in sorted(rows, key=lambda r: (order.get(r[0], 4), r[1] not in virtual)):
        if kind not in drop:
            continue
        quoted = '"' + name.replace('"', '""') + '"'
        try:
            conn.execute(f"DROP {drop[kind]} IF EXISTS main.{quoted}")
        except sqlite3.DatabaseError as exc:
            raise IndexCorrupt(f"cannot drop {kind} {name!r}: {exc}") from exc
    for name in _TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {name}")
    for statement in schema_statements():
        conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def set_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL, waiting like any other statement when a second process is doing so.

    Changing the journal mode can report "database is locked" at once, without SQLite's
    busy handler, while another process creates the same fresh index: two imports into a
    new cache met exactly that. So the wait is ours, bounded by the same busy timeout.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            break
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.1)
    conn.execute("PRAGMA synchronous = NORMAL")


def compact(conn: sqlite3.Connection) -> None:
    """Merge the FTS index into one segment and drop the freed pages (after a rebuild).

    A rebuild writes the FTS index in hundreds of segments, one or more per batch;
    one segment is a little smaller and a query for a common word walks one posting
    list instead of hundreds. Merging frees the old segments' pages, which VACUUM
    removes from the file. Seconds for 50,000 sets; run outside a transaction.
    """
    conn.execute("INSERT INTO fts (fts) VALUES ('optimize')")
    conn.execute("VACUUM")


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )
