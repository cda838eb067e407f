"""An index of schema 7 becomes schema 8 in place, in well under a second.

Schema 8 changed names only: the tables of schema 7 were ``kv``, ``kv_json`` and
``sources``, names that also meant the package, an id prefix and the cache folder. Their
rows are the same, so renaming them keeps every set: rebuilding a cache of 100,000 sets
from ``sources/`` takes many minutes, renaming it a moment (SQLite rewrites only the
schema; the indexes that carry the old names are made again, a sort of the list
columns). The FTS table keeps its name.

The upgrade runs inside the caller's write transaction, so a crash or a full disk
half-way leaves schema 7 as it was, to be upgraded at the next open. An index that is
not exactly kvtui's schema 7 (a trigger, a view, a column kvtui did not make) is left
unchanged and reported, and the caller rebuilds it as before. Older schemas are rebuilt.
"""

from __future__ import annotations

import sqlite3

from kvtui.store import schema
from kvtui.store.transaction import savepoint

FROM_VERSION = 7
# Schema 8's name of each table and index that schema 7 named otherwise.
RENAMED_TABLES = {"sets": "kv", "set_json": "kv_json", "files": "sources"}
RENAMED_INDEXES = {
    "sets_submitted": "kv_submitted",
    "sets_answered": "kv_answered",
    "sets_days": "kv_days",
    "sets_status": "kv_status",
    "sets_group": "kv_group",
    "files_group": "sources_group",
}
_SQLITE_ERROR = 1  # SQLite's generic result code: an SQL error, not a fault of the disk


class _NotSchema7(Exception):
    """The renamed index is not exactly schema 8: the file was not kvtui's schema 7."""


def upgradable(conn: sqlite3.Connection) -> bool:
    """Whether the index says it is of schema 7 and has schema 7's tables."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version != FROM_VERSION:
        return False
    names = {r[0] for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type = 'table'")}
    return set(RENAMED_TABLES.values()) <= names


def _index_statements() -> list[str]:
    """Schema 8's statements that make the renamed indexes."""
    return [s for s in schema.schema_statements() if s.split()[:3][-1] in RENAMED_INDEXES]


def upgrade(conn: sqlite3.Connection) -> bool:
    """Give an index of schema 7 the names of schema 8; run inside a write transaction.

    True when the index is now exactly schema 8. False when it was not schema 7, or the
    result is not what this kvtui makes: then nothing in it has changed. An error of the
    disk (full, read-only, I/O) is raised, and the caller's transaction rolls back.
    """
    if not upgradable(conn):
        return False
    try:
        with savepoint(conn, "upgrade"):
            for new, old in RENAMED_TABLES.items():
                conn.execute(f'ALTER TABLE "{old}" RENAME TO "{new}"')
            for old in RENAMED_INDEXES.values():
                conn.execute(f'DROP INDEX "{old}"')
            for statement in _index_statements():
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
            if schema.schema_state(conn) != "ok":
                raise _NotSchema7
    except _NotSchema7:
        return False
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) != _SQLITE_ERROR:
            raise  # a fault of the disk: the caller's transaction rolls back
        return False  # e.g. an index of schema 7 missing: not kvtui's own file
    return True
