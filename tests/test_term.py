"""The answer term (21 days, 42 after a delay notice) is written once, in ``kvtui.term``.

Pins the places that use it: each user imports ``kvtui.term``; no module but ``term``
holds the numbers 21 or 42 as code; and the Python rule, the SQL rule, the assembler
and the index agree on every day around both due dates (the edge day included).
"""

from __future__ import annotations

import ast
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from kvtui import term

PKG = Path(__file__).resolve().parents[1] / "kvtui"

# Every module whose figures depend on the term. A new user is added here.
USERS = [
    "assemble.py",
    "store/index.py",
    "store/figures.py",
    "board.py",
]


def _tree(rel: str) -> ast.AST:
    return ast.parse((PKG / rel).read_text(encoding="utf-8"))


@pytest.mark.parametrize("rel", USERS)
def test_each_user_takes_the_term_from_kvtui_term(rel):
    if not (PKG / rel).is_file():
        pytest.skip(f"{rel} is not in this tree")
    modules = {node.module for node in ast.walk(_tree(rel)) if isinstance(node, ast.ImportFrom)} | {
        a.name for node in ast.walk(_tree(rel)) if isinstance(node, ast.Import) for a in node.names
    }
    assert "kvtui.term" in modules, f"{rel} does not use kvtui.term"


def test_no_module_but_term_writes_the_numbers():
    """21 and 42 as integers in code anywhere else would be a second copy of the rule."""
    found = []
    for path in sorted(PKG.rglob("*.py")):
        if path.name == "term.py" and path.parent == PKG:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_int = isinstance(node, ast.Constant) and type(node.value) is int
            if is_int and node.value in (term.TERM_DAYS, term.TERM_DAYS_POSTPONED):
                found.append(f"{path.relative_to(PKG)}:{node.lineno}")
    assert not found, f"the answer term written outside kvtui/term.py: {found}"


def test_the_numbers_are_the_kamers():
    assert (term.TERM_DAYS, term.TERM_DAYS_POSTPONED) == (21, 42)


SUBMITTED = dt.date(2024, 2, 20)  # a leap February: the day count crosses 29 February


@pytest.mark.parametrize("postponed", [False, True])
@pytest.mark.parametrize("offset", range(15, 50))
def test_python_and_sql_agree_on_every_day(postponed, offset):
    today = SUBMITTED + dt.timedelta(days=offset)
    limit = 42 if postponed else 21  # an independent statement of the rule
    expected = offset > limit
    assert term.is_overdue(SUBMITTED, postponed, today) is expected
    assert term.days_late(SUBMITTED, postponed, today) == offset - limit
    assert term.in_time(SUBMITTED, today, postponed) is (offset <= limit)
    conn = sqlite3.connect(":memory:")
    sql = (
        f"SELECT {term.past_term_sql(':today', ':submitted', ':postponed')}, "
        f"{term.due_sql(':submitted', ':postponed')}"
    )
    past, due = conn.execute(
        sql,
        {"today": today.isoformat(), "submitted": SUBMITTED.isoformat(), "postponed": postponed},
    ).fetchone()
    assert bool(past) is expected
    assert due == term.due_date(SUBMITTED, postponed).isoformat()
    assert due == (SUBMITTED + dt.timedelta(days=limit)).isoformat()


def test_the_edge_day_is_in_time_and_the_next_is_late():
    due = term.due_date(SUBMITTED, False)
    assert due == dt.date(2024, 3, 12)
    assert term.in_time(SUBMITTED, due, False)
    assert not term.is_overdue(SUBMITTED, False, due)
    after = due + dt.timedelta(days=1)
    assert not term.in_time(SUBMITTED, after, False)
    assert term.is_overdue(SUBMITTED, False, after)
    assert term.days_late(SUBMITTED, False, after) == 1


@pytest.mark.parametrize("postponed", [False, True])
@pytest.mark.parametrize("offset", [20, 21, 22, 41, 42, 43])
def test_index_and_assembler_agree_with_the_rule(postponed, offset):
    from kvtui.model import Status
    from kvtui.store import index

    today = SUBMITTED + dt.timedelta(days=offset)
    status = Status.POSTPONED if postponed else Status.OPEN
    expected = offset > (42 if postponed else 21)
    assert index.overdue_on(status.value, SUBMITTED, postponed, today) is expected
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE sets (status TEXT, submitted TEXT, has_notice INTEGER)")
    conn.execute(
        "INSERT INTO sets VALUES (?, ?, ?)", (status.value, SUBMITTED.isoformat(), int(postponed))
    )
    got = conn.execute(
        f"SELECT {index._OVERDUE_SQL} FROM sets",
        {"today": today.isoformat()},
    ).fetchone()[0]
    assert bool(got) is expected
