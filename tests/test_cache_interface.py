"""The cache as the reader and the fetcher see it: one ``ListQuery`` for the list's
options, and the interfaces (``kvtui.store.interface``) that the real ``Cache`` and the
UI tests' stand-in both satisfy.
"""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import inspect
import sys
import typing
from pathlib import Path

import pytest

from kvtui.store import interface
from kvtui.store.cache import Cache
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


def _rows_calls_with_options(source: str) -> list[int]:
    """Lines that call ``rows`` with a list option as a keyword of its own."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute | ast.Name)
        and (node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id) == "rows"
        and any(k.arg in _OPTIONS for k in node.keywords)
    ]


def test_every_caller_passes_a_list_query() -> None:
    """The benchmarks too: no test runs them, so an old call there would only fail by hand."""
    found = {
        str(p.relative_to(REPO)): lines
        for folder in ("kvtui", "benchmarks", "tests")
        for p in sorted((REPO / folder).rglob("*.py"))
        if (lines := _rows_calls_with_options(p.read_text(encoding="utf-8")))
    }
    assert found == {}
    assert _rows_calls_with_options("cache.rows(limit=200)\nrows(q)\nx.rows(ListQuery())") == [1]


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
        (ListQuery(numbers=("2023Z00777", "2026Z00042")), ["2026Z00042", "2023Z00777"]),
        (ListQuery(numbers=()), []),
    ],
)
def test_the_stand_in_reads_every_field(query: ListQuery, expected: list[str]) -> None:
    rows = FakeCache(sample_items()).rows(query)
    assert [r.number for r in rows][: len(expected)] == expected
    if query.limit or query.status or query.since or query.text or query.numbers is not None:
        assert len(rows) == len(expected)


# -- the interfaces: Cache and the stand-in fit them, and nothing else is called ----------

PROTOCOLS = {"reader": interface.ReaderCache, "services": interface.SourceCache}
OPTIONAL = {"reader": interface.READER_OPTIONAL, "services": interface.SOURCE_OPTIONAL}
LAYER_DIRS = {"reader": REPO / "kvtui" / "ui", "services": REPO / "kvtui" / "services"}


def _members(protocol: type) -> list[str]:
    return sorted(
        n for n, v in vars(protocol).items() if inspect.isfunction(v) and not n.startswith("_")
    )


class _PageOptions(dict):
    """``store.search.PageOptions`` exists for type checkers only; both sides name it."""


def _hints(fn: object) -> dict[str, object]:
    """Annotations resolved with the names the interface module knows (``Cache`` names
    some of its types only for type checkers)."""
    import datetime as dt
    import sqlite3

    from kvtui.parse import ParsedSource
    from kvtui.passage import Term
    from kvtui.store.search import Page

    known = {**vars(interface), "ParsedSource": ParsedSource, "dt": dt, "sqlite3": sqlite3}
    known |= {"SearchPage": Page, "Term": Term, "Unpack": typing.Unpack}
    known["PageOptions"] = _PageOptions
    return typing.get_type_hints(fn, localns=known)


def _differ(want: object, have: object) -> bool:
    """Two hints differ unless they read the same: each module declares its own ``R``
    type variable, and two of one name stand for the same thing here."""
    return repr(want) != repr(have)


def _misfits(protocol: type, implementation: type) -> list[str]:
    """How ``implementation`` fails to fit ``protocol``: a missing member, a parameter
    missing or of another kind or type, a default the protocol has and it lacks, an
    extra parameter without a default, or another return type."""
    out: list[str] = []
    for name in _members(protocol):
        want = getattr(protocol, name)
        have = getattr(implementation, name, None)
        if not callable(have):
            out.append(f"{name}: missing")
            continue
        w_sig, h_sig = inspect.signature(want), inspect.signature(have)
        w_hints, h_hints = _hints(want), _hints(have)
        for p in w_sig.parameters.values():
            if p.name == "self":
                continue
            q = h_sig.parameters.get(p.name)
            if q is None:
                out.append(f"{name}: no parameter {p.name}")
                continue
            positional = {p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD}
            if p.kind != q.kind and not (p.kind in positional and q.kind in positional):
                out.append(f"{name}: {p.name} is {q.kind.description}")
            if p.default is not p.empty and q.default is q.empty:
                out.append(f"{name}: {p.name} has no default")
            if _differ(w_hints.get(p.name), h_hints.get(p.name)):
                out.append(f"{name}: {p.name} is {h_hints.get(p.name)}")
        for q in h_sig.parameters.values():
            extra = q.name not in w_sig.parameters and q.name != "self"
            if extra and q.default is q.empty and q.kind not in (q.VAR_POSITIONAL, q.VAR_KEYWORD):
                out.append(f"{name}: extra parameter {q.name} without a default")
        if _differ(w_hints.get("return"), h_hints.get("return")):
            out.append(f"{name}: returns {h_hints.get('return')}")
    return out


@pytest.mark.parametrize("layer", sorted(PROTOCOLS))
def test_the_real_cache_fits_each_interface(layer: str) -> None:
    assert _misfits(PROTOCOLS[layer], Cache) == []
    assert [n for n in OPTIONAL[layer] if not hasattr(Cache, n)] in ([], ["root"])
    assert "root" in vars(Cache(REPO / "no-such-cache-for-this-test"))


def test_the_real_cache_fits_the_command_lines_index_interface() -> None:
    assert _misfits(interface.IndexCache, Cache) == []


def test_the_ui_stand_in_fits_the_reader_interface() -> None:
    assert _misfits(interface.ReaderCache, FakeCache) == []


def test_a_misfit_is_found() -> None:
    class Wrong:
        def count(self) -> str: ...  # another return type

        def rows(self, *, query: ListQuery | None = None) -> list: ...  # keyword only

        def get(self, key: str, strict: bool) -> None: ...  # an extra, required parameter

        def set_read(self, number: str, read: bool) -> None: ...

    found = _misfits(interface.ReaderCache, Wrong)
    assert "count: returns <class 'str'>" in found
    assert "rows: query is keyword-only" in found
    assert "get: extra parameter strict without a default" in found
    assert "set_read: read has no default" in found  # lost its default
    assert "resolve: missing" in found and "set_position: missing" in found


def _cache_uses(source: str) -> tuple[set[str], set[str]]:
    """Members of a cache a module reaches: ``<x>.cache.NAME`` / ``cache.NAME``, and
    ``getattr(<x>.cache, "NAME", …)``."""
    direct: set[str] = set()
    asked: set[str] = set()

    def is_cache(node: ast.AST) -> bool:
        return (isinstance(node, ast.Name) and node.id == "cache") or (
            isinstance(node, ast.Attribute) and node.attr == "cache"
        )

    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and is_cache(node.value):
            direct.add(node.attr)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "getattr"
            and len(node.args) >= 2
            and is_cache(node.args[0])
            and isinstance(node.args[1], ast.Constant)
        ):
            asked.add(str(node.args[1].value))
    return direct, asked


@pytest.mark.parametrize("layer", sorted(PROTOCOLS))
def test_each_layer_calls_exactly_its_interface(layer: str) -> None:
    direct: set[str] = set()
    asked: set[str] = set()
    for path in sorted(LAYER_DIRS[layer].rglob("*.py")):
        d, a = _cache_uses(path.read_text(encoding="utf-8"))
        direct |= d
        asked |= a
    members = set(_members(PROTOCOLS[layer]))
    assert direct - members == set(), "called but not in the interface"
    assert asked - set(OPTIONAL[layer]) == set(), "asked with getattr but not named optional"
    # and nothing in the interface that the layer does not use
    assert members | set(OPTIONAL[layer]) == direct | asked


def test_the_use_scan_can_fail() -> None:
    d, a = _cache_uses(
        "self.cache.rows(q)\ncache.get(k)\ngetattr(self.app.cache, 'root', None)\nx.cached\n"
    )
    assert (d, a) == ({"rows", "get"}, {"root"})
