"""Reader state (read, starred, last position), kept apart from the index.

The index is derived and may be thrown away and rebuilt at any time (corrupt, another
schema version, sources changed behind its back). What the reader marked is not derived
from anything, so it lives in its own ``state.sqlite`` that no rebuild ever touches.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kvtui.store.transaction import transaction

# 2: watch rules (``watch``), the statuses each reporter last reported (``seen``: ``who``
# is "cli" for ``kvtui new``, another name for the reader's "new since your last visit",
# so the two never take each other's news) and small notes such as the last sync
# (``notes``). A version-1 file is migrated in place by adding those tables: its marks
# stay where they are.
STATE_VERSION = 2
BUSY_TIMEOUT_MS = 15000

_TEMPLATE = """
CREATE TABLE IF NOT EXISTS {s}state (
    number   TEXT PRIMARY KEY,
    read     INTEGER NOT NULL DEFAULT 0,
    starred  INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    opened   TEXT
);
CREATE TABLE IF NOT EXISTS {s}watch (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind  TEXT NOT NULL,
    value TEXT NOT NULL,
    added TEXT NOT NULL,
    UNIQUE (kind, value)
);
CREATE TABLE IF NOT EXISTS {s}seen (
    who    TEXT NOT NULL,
    number TEXT NOT NULL,
    status TEXT NOT NULL,
    PRIMARY KEY (who, number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS {s}notes (
    key   TEXT PRIMARY KEY,
    value TEXT
) WITHOUT ROWID;
"""
# ``opened`` is neither read nor written any more (kvtui once stored when a Kamervraag
# was last opened, and nothing used it). The column stays so that state files made
# since then keep their exact shape and are not set aside as foreign (see
# ``foreign_state``), which would cost their owner every read and star mark.


def state_schema(schema: str = "") -> str:
    """The state tables' DDL, in the attached database ``schema`` when one is named."""
    return _TEMPLATE.format(s=f"{schema}." if schema else "")


STATE_SCHEMA = _SCHEMA = state_schema()


@dataclass(frozen=True, slots=True)
class ReaderState:
    read: bool = False
    starred: bool = False
    position: int = 0


_COLUMNS = ["number", "read", "starred", "position", "opened"]
# Every table kvtui writes, with its columns: version 1 had only ``state``.
_TABLES = {
    "state": _COLUMNS,
    "watch": ["id", "kind", "value", "added"],
    "seen": ["who", "number", "status"],
    "notes": ["key", "value"],
}
_V1_TABLES = ("state",)


def connect_state(path: Path, warn: Callable[[str], None] | None = None) -> sqlite3.Connection:
    """Open (creating) ``state.sqlite``; one kvtui cannot use is set aside, never lost.

    A corrupt file, or one of another version or shape (a cache copied from someone
    else, an older or newer kvtui, a trigger that would run on kvtui's writes) is
    renamed ``state.sqlite.corrupt-…``/``.other-…`` beside the cache, the user is told,
    and a fresh one is started: never a crash, and never a change to that file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    why = "corrupt"
    try:
        conn = _connect(path)
        try:
            reason = foreign_state(conn)
        except sqlite3.DatabaseError:
            conn.close()
            raise
        if reason is None:
            return _prepare(conn)
        conn.close()
        why = "other"
    except sqlite3.DatabaseError as exc:
        from kvtui.store.schema import is_corruption

        if not is_corruption(exc):
            raise  # a full disk, a read-only mount: the file is fine, keep it
        reason = f"not readable ({exc})"
    from kvtui.store.boundary import set_aside

    aside = set_aside(path, why)  # kept for whoever wants to recover it
    if warn is not None:
        warn(
            f"{path.name} could not be used ({reason}); kvtui renamed it to {aside.name} "
            "and started new reader marks"
        )
    return _prepare(_connect(path))


def foreign_state(conn: sqlite3.Connection) -> str | None:
    """Why this state file is not one kvtui can use as it is (None: it can).

    Read-only queries only: nothing in the file runs or changes before it is accepted.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    objects = [
        (t, n)
        for t, n, table in conn.execute("SELECT type, name, tbl_name FROM main.sqlite_master")
        if not (t == "index" and n.startswith("sqlite_autoindex_") and table in _TABLES)
    ]
    if version == 0 and not objects:
        return None  # new
    if version not in (0, 1, STATE_VERSION):
        return f"version {version}, kvtui reads versions 1 to {STATE_VERSION}"
    # Version 1 (or 0, a file made by a kvtui that had not set its version yet) holds
    # the marks alone; version 2 may also hold its own tables (missing ones are added).
    known = _V1_TABLES if version in (0, 1) else (*_TABLES, "sqlite_sequence")
    unexpected = [f"{t} {n}" for t, n in objects if t != "table" or n not in known]
    if unexpected:
        return "it holds " + ", ".join(unexpected[:3])
    for _, table in objects:
        if table == "sqlite_sequence":
            continue
        info = conn.execute("SELECT name FROM pragma_table_info(?, 'main')", (table,))
        columns = [r[0] for r in info]
        if columns != _TABLES[table]:
            return f"the columns of its {table} table are {', '.join(columns[:8])}"
    return None


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA trusted_schema = OFF")
    return conn


def _prepare(conn: sqlite3.Connection) -> sqlite3.Connection:
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        # One transaction: a version-1 file gains the new tables and its new version
        # together, or not at all (a second kvtui doing the same waits, then finds them).
        with transaction(conn, script=_SCHEMA):
            if conn.execute("PRAGMA user_version").fetchone()[0] in (0, 1):
                conn.execute(f"PRAGMA user_version = {STATE_VERSION}")
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


def copy_extra_state(conn: sqlite3.Connection, source: str, target: str) -> None:
    """Copy the version-2 tables of attached ``source`` into ``target`` (a read-only
    cache's state in memory); a version-1 ``source`` has none, which is fine."""
    for table, columns in _TABLES.items():
        if table == "state":
            continue
        cols = ", ".join(columns)
        try:
            conn.execute(
                f"INSERT OR REPLACE INTO {target}.{table} ({cols}) "  # noqa: S608 - constants
                f"SELECT {cols} FROM {source}.{table}"
            )
        except sqlite3.OperationalError:
            continue  # no such table: a version-1 file


class StateStore:
    """Read and set one Kamervraag's marks (read, starred, position).

    It is given the index's connection with the state database attached as ``st`` (see
    ``kvtui.store.cache``); the bare ``state`` table resolves there, as the index has
    none. That database is ``state.sqlite``, or an in-memory one where the cache cannot
    be written (read-only, full), and then the marks last until kvtui ends. Each call
    is one statement; no rebuild of the index touches the marks.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def get(self, number: str) -> ReaderState:
        row = self.conn.execute(
            "SELECT read, starred, position FROM state WHERE number = ?", (number,)
        ).fetchone()
        if row is None:
            return ReaderState()
        return ReaderState(bool(row[0]), bool(row[1]), int(row[2]))

    def set_read(self, number: str, read: bool) -> None:
        self._upsert(number, "read", int(bool(read)))

    def set_starred(self, number: str, starred: bool) -> None:
        self._upsert(number, "starred", int(bool(starred)))

    def set_position(self, number: str, position: int) -> None:
        self._upsert(number, "position", max(0, int(position)))

    def _upsert(self, number: str, column: str, value: int) -> None:
        # ``column`` is one of three literals chosen above, never user input.
        self.conn.execute(
            f"INSERT INTO state (number, {column}) VALUES (?, ?) "  # noqa: S608
            f"ON CONFLICT(number) DO UPDATE SET {column} = excluded.{column}",
            (number, value),
        )
