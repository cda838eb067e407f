"""``kvtui.store.transaction``: the one place that opens, commits and rolls back a write.

Every writer of the index and the reader state used to spell BEGIN/COMMIT/ROLLBACK out
(and two of them rolled back carelessly, so a full disk could surface as "cannot
rollback"). These tests pin what the helper does and that no module writes it again.
"""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path

import pytest

from kvtui.store.transaction import rollback, transaction

PKG = Path(__file__).resolve().parents[1] / "kvtui"
HOME = PKG / "store" / "transaction.py"
_CONTROL = re.compile(r"\b(BEGIN|COMMIT|ROLLBACK|END TRANSACTION)\b", re.I)


def _conn(tmp_path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(tmp_path / "t.sqlite", isolation_level=None)
    conn.execute("CREATE TABLE t (x INTEGER)")
    return conn


def _count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM t").fetchone()[0]


@pytest.mark.parametrize("immediate", [True, False])
def test_a_block_that_ends_normally_is_committed(tmp_path: Path, immediate: bool) -> None:
    conn = _conn(tmp_path)
    with transaction(conn, immediate=immediate) as same:
        assert same is conn and conn.in_transaction
        conn.execute("INSERT INTO t VALUES (1)")
    assert not conn.in_transaction
    other = sqlite3.connect(tmp_path / "t.sqlite")
    assert _count(other) == 1  # committed: another connection sees it


@pytest.mark.parametrize("error", [ValueError("bad set"), KeyboardInterrupt(), sqlite3.Error()])
def test_any_exception_rolls_back_and_is_raised_unchanged(tmp_path: Path, error) -> None:
    conn = _conn(tmp_path)
    with pytest.raises(type(error)) as caught, transaction(conn):
        conn.execute("INSERT INTO t VALUES (1)")
        raise error
    assert caught.value is error
    assert not conn.in_transaction and _count(conn) == 0


def test_a_transaction_sqlite_already_ended_keeps_the_real_cause(tmp_path: Path) -> None:
    """After SQLITE_FULL SQLite may have rolled back itself: the cause must survive."""
    conn = _conn(tmp_path)
    full = pytest.raises(sqlite3.OperationalError, match="database or disk is full")
    with full, transaction(conn):
        conn.execute("INSERT INTO t VALUES (1)")
        conn.execute("ROLLBACK")  # what SQLite does on its own after a full disk
        raise sqlite3.OperationalError("database or disk is full")
    rollback(conn)  # nothing open: a no-op, not an error


def test_a_script_runs_inside_the_transaction_it_starts(tmp_path: Path) -> None:
    conn = _conn(tmp_path)
    with pytest.raises(RuntimeError), transaction(conn, script="CREATE TABLE u (y);"):
        assert conn.in_transaction
        raise RuntimeError("stop")
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert names == {"t"}  # the script's table went with the rollback
    with transaction(conn, script="CREATE TABLE u (y);"):
        conn.execute("INSERT INTO u VALUES (1)")
    assert conn.execute("SELECT count(*) FROM u").fetchone()[0] == 1


def test_a_begin_that_fails_leaves_the_open_transaction_alone(tmp_path: Path) -> None:
    conn = _conn(tmp_path)
    conn.execute("BEGIN")
    conn.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(sqlite3.OperationalError), transaction(conn):
        pass
    assert conn.in_transaction and _count(conn) == 1
    conn.execute("COMMIT")


def _control_statements(source: str) -> list[int]:
    """Lines where SQL handed to ``execute``/``executescript`` controls a transaction."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"execute", "executescript", "executemany"}
            and node.args
        ):
            continue
        strings = [p.value for p in ast.walk(node.args[0]) if isinstance(p, ast.Constant)]
        if any(isinstance(s, str) and _CONTROL.search(s) for s in strings):
            found.append(node.lineno)
    return found


def test_only_the_helper_begins_commits_or_rolls_back() -> None:
    found = {
        str(p.relative_to(PKG.parent)): lines
        for p in sorted(PKG.rglob("*.py"))
        if p != HOME and (lines := _control_statements(p.read_text(encoding="utf-8")))
    }
    assert found == {}
    assert _control_statements(HOME.read_text(encoding="utf-8"))  # the scan sees the home


@pytest.mark.parametrize(
    "text",
    [
        'conn.execute("BEGIN IMMEDIATE")',
        'conn.executescript("begin;" + SCHEMA)',
        'conn.execute(f"ROLLBACK TO {name}")',
        'conn.execute("COMMIT")',
    ],
)
def test_the_pin_can_fail(text: str) -> None:
    assert _control_statements(text) == [1]
    assert _control_statements(text.replace("execute", "print")) == []
