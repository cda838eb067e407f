"""Reader state (read, starred, last position, last opened), kept apart from the index.

The index is derived and may be thrown away and rebuilt at any time (corrupt, another
schema version, sources changed behind its back). What the reader marked is not derived
from anything, so it lives in its own ``state.sqlite`` that no rebuild ever touches.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

STATE_VERSION = 1
BUSY_TIMEOUT_MS = 15000

STATE_SCHEMA = _SCHEMA = """
CREATE TABLE IF NOT EXISTS state (
    number   TEXT PRIMARY KEY,
    read     INTEGER NOT NULL DEFAULT 0,
    starred  INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    opened   TEXT
);
"""


@dataclass(frozen=True, slots=True)
class ReaderState:
    read: bool = False
    starred: bool = False
    position: int = 0


def connect_state(path: Path) -> sqlite3.Connection:
    """Open (creating) ``state.sqlite``; a corrupt one is set aside, never silently reused."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return _open(path)
    except sqlite3.DatabaseError:
        # Keep the damaged file for whoever wants to recover it; start a fresh one.
        stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S")
        path.replace(path.with_name(f"{path.name}.corrupt-{stamp}"))
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        return _open(path)


def _open(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
    try:
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.executescript(_SCHEMA)
        if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
            conn.execute(f"PRAGMA user_version = {STATE_VERSION}")
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


class StateStore:
    """Small synchronous accessors over one ``state.sqlite`` connection."""

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
        self.conn.execute(
            "UPDATE state SET opened = ? WHERE number = ?",
            (dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), number),
        )

    def _upsert(self, number: str, column: str, value: int) -> None:
        # ``column`` is one of three literals chosen above, never user input.
        self.conn.execute(
            f"INSERT INTO state (number, {column}) VALUES (?, ?) "  # noqa: S608
            f"ON CONFLICT(number) DO UPDATE SET {column} = excluded.{column}",
            (number, value),
        )
