"""Code nothing called is gone and stays gone; the state file keeps its shape.

Each name below was defined and never used (issue 13, item 7). A test per name keeps
a copy from coming back unnoticed with a merge.
"""

from __future__ import annotations

import inspect
import sqlite3
from pathlib import Path

import pytest

from kvtui import numbers
from kvtui.services.sru import SruClient
from kvtui.store import index, ingest
from kvtui.store.state import StateStore, connect_state, foreign_state


@pytest.mark.parametrize(
    ("owner", "name"),
    [
        (numbers, "is_valid_number"),
        (SruClient, "by_identifier"),
        (index, "clear"),
        (index, "known_source"),
    ],
)
def test_unused_names_are_gone(owner: object, name: str) -> None:
    assert not hasattr(owner, name)


def test_index_batch_has_no_reparse_hook() -> None:
    assert "reparse" not in inspect.signature(ingest.index_batch).parameters


def _state(tmp_path: Path) -> tuple[sqlite3.Connection, StateStore]:
    conn = connect_state(tmp_path / "state.sqlite")
    return conn, StateStore(conn)


def test_opened_is_no_longer_written(tmp_path: Path) -> None:
    conn, store = _state(tmp_path)
    for number in ("2020Z12161", "2019Z00001", "kv-tk-2020Z12161"):
        store.set_position(number, 12)
        store.set_read(number, True)
        store.set_starred(number, True)
        row = conn.execute(
            "SELECT read, starred, position, opened FROM state WHERE number = ?", (number,)
        ).fetchone()
        assert row == (1, 1, 12, None)


def test_a_state_file_written_with_opened_is_still_kvtuis(tmp_path: Path) -> None:
    """Older files hold an ``opened`` value: they are read as they are, not set aside."""
    conn, store = _state(tmp_path)
    store.set_starred("2020Z12161", True)
    conn.execute("UPDATE state SET opened = '2026-01-01T00:00:00+00:00'")
    conn.close()
    warnings: list[str] = []
    again = connect_state(tmp_path / "state.sqlite", warnings.append)
    assert foreign_state(again) is None
    assert warnings == []
    assert StateStore(again).get("2020Z12161").starred
