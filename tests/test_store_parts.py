"""Parts of the store that work alone: the index file's schema, and the parse pool's policy.

``store.schema`` opens, checks and creates an index without the code that writes sets;
``store.pool`` decides when an import parses in worker processes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from kvtui.store import pool, schema


def test_a_new_file_is_empty_then_exactly_the_schema(tmp_path: Path) -> None:
    conn = schema.connect(tmp_path / "index.sqlite")
    try:
        assert schema.schema_state(conn) == "empty"
        conn.execute("BEGIN")
        schema.create_schema(conn)
        conn.execute("COMMIT")
        assert schema.schema_state(conn) == "ok"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert {"sets", "set_json", "files", "ids", "facets", "meta", "fts"} <= names
    finally:
        conn.close()


@pytest.mark.parametrize(
    "sql",
    [
        "CREATE TRIGGER t AFTER INSERT ON files BEGIN SELECT 1; END",
        "CREATE VIEW v AS SELECT number FROM sets",
        "ALTER TABLE sets ADD COLUMN extra TEXT",
        "DROP INDEX sets_days",
        "PRAGMA user_version = 7",
    ],
)
def test_anything_it_did_not_make_is_another_schema(tmp_path: Path, sql: str) -> None:
    conn = schema.connect(tmp_path / "index.sqlite")
    try:
        schema.create_schema(conn)
        conn.execute(sql)
        assert schema.schema_state(conn) == "other"
    finally:
        conn.close()


def test_a_file_that_is_not_a_database_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "index.sqlite"
    path.write_bytes(b"FICTIEF, geen database" * 300)
    conn = schema.connect(path)
    try:
        with pytest.raises(schema.IndexCorrupt):
            schema.schema_state(conn)
    finally:
        conn.close()
    assert schema.is_corruption(sqlite3.DatabaseError("file is not a database"))
    assert not schema.is_corruption(sqlite3.OperationalError("database or disk is full"))


@pytest.mark.parametrize(
    ("setting", "files", "parallel"),
    [("1", 10_000, False), ("2", 10, False), ("2", 10_000, True), ("x", 10_000, False)],
)
def test_the_pool_is_used_only_for_big_imports_with_workers(
    monkeypatch: pytest.MonkeyPatch, setting: str, files: int, parallel: bool
) -> None:
    monkeypatch.setenv(pool.ENV_WORKERS, setting)
    with pool.parser_pool(files) as workers:
        assert (workers is not None) == parallel
