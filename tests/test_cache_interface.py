"""The cache as the reader and the fetcher see it: one ``ListQuery`` for the list's
options, and the interfaces (``kvtui.store.interface``) that the real ``Cache`` and the
UI tests' stand-in both satisfy.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import sys
from pathlib import Path

import pytest

from kvtui.store.index import ListQuery

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "ui"))

from fakes import FakeCache, sample_items  # noqa: E402

# -- ListQuery: the list's options, written once -----------------------------------------

_OPTIONS = {f.name for f in dataclasses.fields(ListQuery)}


def _functions_spelling_out_the_options(source: str) -> list[str]:
    """Functions that take the list's options as parameters of their own: ``starred_only``
    (no other query has it), or ``sort``, ``descending`` and ``status`` together (the
    list's header takes the first two to draw its arrow, and that is not a query)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            args = node.args
            names = {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs]}
            if "starred_only" in names or {"sort", "descending", "status"} <= names:
                found.append(f"{node.lineno} {node.name}")
    return found


def test_no_function_spells_the_list_options_out_again() -> None:
    paths = [*sorted((REPO / "kvtui").rglob("*.py")), REPO / "tests" / "ui" / "fakes.py"]
    found = {
        str(p.relative_to(REPO)): hits
        for p in paths
        if (hits := _functions_spelling_out_the_options(p.read_text(encoding="utf-8")))
    }
    assert found == {}
    assert {"starred_only", "sort", "descending", "status"} <= _OPTIONS


@pytest.mark.parametrize(
    "source",
    [
        "def rows(self, *, sort='x', descending=True, status=None): ...",
        "def rows(conn, starred_only=False): ...",
        "async def rows(sort, descending, status, /): ...",
    ],
)
def test_the_pin_can_fail(source: str) -> None:
    assert _functions_spelling_out_the_options(source) == ["1 rows"]
    assert _functions_spelling_out_the_options("def rows(query, *, today): ...") == []


def test_the_default_query_is_every_set_newest_first() -> None:
    q = ListQuery()
    assert (q.sort, q.descending, q.status, q.since, q.text, q.starred_only, q.limit) == (
        "submitted",
        True,
        None,
        None,
        None,
        False,
        None,
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        q.limit = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (ListQuery(), ["2026Z00101", "2026Z00088", "2026Z00042", "2025Z19999"]),
        (ListQuery(descending=False, limit=2), ["2023Z00777", "2024Z05000"]),
        (ListQuery(status="open"), ["2026Z00088"]),
        (ListQuery(since=dt.date(2026, 1, 1)), ["2026Z00101", "2026Z00088", "2026Z00042"]),
        (ListQuery(text="spoorbrug"), ["2026Z00042"]),
        (ListQuery(sort="number", limit=1), ["2026Z00101"]),
    ],
)
def test_the_stand_in_reads_every_field(query: ListQuery, expected: list[str]) -> None:
    rows = FakeCache(sample_items()).rows(query)
    assert [r.number for r in rows][: len(expected)] == expected
    if query.limit or query.status or query.since or query.text:
        assert len(rows) == len(expected)
