"""The fast paths behind the performance bars keep the behaviour of the slow ones.

``kvtui show`` skips argparse for its everyday form, list pages come from indexes in
two passes (rows with a value, then rows without), ``reindex`` builds a side file and
copies it in with one transaction, and ``show`` loads only the modules it needs. Each
test compares the fast path with the straightforward answer, so a speed-up can never
quietly change a result. Sets are FICTIEF voorbeeld voor kvtui, built by hand.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_store_support import TODAY, hand_built

from kvtui.cli import _fast_show, parse_args
from kvtui.model import Status
from kvtui.store import index, schema
from kvtui.store.cache import Cache, ListQuery

REPO = Path(__file__).resolve().parents[1]


# -- the show fast path -----------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["show", "2020Z12161"],
        ["--cache", "/x", "show", "2020Z12161"],
        ["show", "2020Z12161", "--format", "json"],
        ["show", "--offline", "kv-tk-2020Z12161", "--format", "markdown"],
        ["--cache", "/a", "--cache", "/b", "show", "x", "--cache", "/c", "--offline"],
        ["show", "2020Z12161", "--format", "json", "--format", "text"],
        ["show", "show"],
        ["show", ""],
    ],
)
def test_fast_show_reads_what_argparse_reads(argv: list[str]) -> None:
    fast = _fast_show(argv)
    assert fast is not None
    assert vars(fast) == vars(parse_args(argv))


@pytest.mark.parametrize(
    "argv",
    [
        ["show"],
        ["show", "--help"],
        ["show", "-h"],
        ["show", "a", "b"],
        ["show", "a", "--format", "pdf"],
        ["show", "a", "--format=json"],
        ["show", "a", "--form", "json"],
        ["show", "a", "--cache"],
        ["show", "a", "--format"],
        ["--no-mouse", "show", "a"],
        ["show", "-1"],
        ["list"],
        ["2020Z12161"],
        [],
    ],
)
def test_fast_show_leaves_everything_else_to_argparse(argv: list[str]) -> None:
    assert _fast_show(argv) is None


def test_show_loads_no_argparse_typing_parser_or_write_path(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    with Cache(root, today=TODAY) as cache:
        conn = cache._conn()
        conn.execute("BEGIN IMMEDIATE")
        index.upsert(conn, hand_built(), "2025Z00001")
        conn.execute("COMMIT")
        cache._finish(cache._files.fingerprint())
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['kvtui'] + sys.argv[1:]\n"
        "try:\n    runpy.run_module('kvtui', run_name='__main__')\n"
        "except SystemExit as e:\n    assert not e.code, e.code\n"
        "print('LOADED', sorted(sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, "--cache", str(root), "show", "2025Z00001"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "KVTUI_TODAY": TODAY.isoformat()},
        timeout=60,
    )
    assert result.returncode == 0, result.stderr[-800:]
    assert "2025Z00001" in result.stdout
    loaded = result.stderr.rsplit("LOADED", 1)[1]
    for module in ("argparse", "'typing'", "kvtui.store.ingest", "kvtui.parse", "lxml", "shutil"):
        assert module not in loaded, module


# -- list pages from indexes --------------------------------------------------------


def _filled(n: int, seed: int) -> sqlite3.Connection:
    """An in-memory index of ``n`` hand-built sets with NULLs and ties in every column."""
    rng = random.Random(seed)
    conn = sqlite3.connect(":memory:", isolation_level=None)
    schema.create_schema(conn)
    conn.execute("ATTACH ':memory:' AS st")
    conn.execute("CREATE TABLE st.state (number TEXT PRIMARY KEY, read INT, starred INT)")
    for i in range(n):
        status = rng.choice(list(Status))
        submitted = rng.choice([None, dt.date(2024, 1, 1) + dt.timedelta(rng.randrange(40))])
        answered = rng.choice([None, dt.date(2024, 3, 1) + dt.timedelta(rng.randrange(40))])
        kv = hand_built(
            f"2024Z{i:05d}",
            status=status,
            submitted=submitted,
            answered=answered,
            title=rng.choice(["Zorg en welzijn", "Wegen", "Zorgkosten"]),
        )
        index.upsert(conn, kv, kv.number)
        if rng.random() < 0.2:
            conn.execute("INSERT INTO st.state VALUES (?, 0, 1)", (kv.number,))
    return conn


def _expected(conn: sqlite3.Connection, sort: str, descending: bool) -> list[str]:
    """The order rows() promises, computed the slow way: NULLs last, then the tie-breaker."""
    first, second = index.SORTS[sort]
    direction = "DESC" if descending else "ASC"
    sql = (
        f"SELECT number FROM sets ORDER BY ({first} IS NULL), {first} {direction}, "
        f"{second} {direction}"
    )
    return [r[0] for r in conn.execute(sql)]


@pytest.mark.parametrize("sort", sorted(index.SORTS))
@pytest.mark.parametrize("descending", [True, False])
def test_rows_order_and_limits_match_a_full_sort(sort: str, descending: bool) -> None:
    conn = _filled(120, seed=len(sort) + descending)
    full = _expected(conn, sort, descending)
    got = [r.number for r in index.rows(conn, ListQuery(sort, descending), today=TODAY)]
    assert got == full
    for limit in (0, 1, 7, 50, 119, 120, 500):
        page = index.rows(conn, ListQuery(sort, descending, limit=limit), today=TODAY)
        assert [r.number for r in page] == full[:limit]


def test_filtered_rows_match_a_filter_of_all_rows() -> None:
    conn = _filled(150, seed=3)
    every = index.rows(conn, today=TODAY)
    for kwargs, keep in [
        ({"status": "open"}, lambda r: r.status is Status.OPEN),
        ({"text": "zorg"}, lambda r: "zorg" in r.title.casefold()),
        ({"starred_only": True}, lambda r: r.starred),
        ({"status": "overdue"}, lambda r: r.overdue),
    ]:
        wanted = [r for r in every if keep(r)]
        assert index.rows(conn, ListQuery(**kwargs), today=TODAY) == wanted
        assert index.rows(conn, ListQuery(limit=5, **kwargs), today=TODAY) == wanted[:5]


@pytest.mark.parametrize("sort", sorted(index.SORTS))
def test_a_page_of_the_list_is_read_from_an_index_not_sorted(sort: str) -> None:
    conn = _filled(5, seed=1)
    plans: list[str] = []

    class Explain:
        def execute(self, sql: str, params: object = ()) -> sqlite3.Cursor:
            plans.extend(r[-1] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, params))
            return conn.execute(sql, params)

    for descending in (True, False):
        page = ListQuery(sort, descending, limit=200)
        index.rows(Explain(), page, today=TODAY)  # type: ignore[arg-type]
    assert plans and not [p for p in plans if "TEMP B-TREE" in p], plans
    assert not [p for p in plans if p.startswith("SCAN sets") and "INDEX" not in p], plans


# -- reindex swaps in a complete index -------------------------------------------


def test_reindex_readers_see_the_old_list_until_the_new_one_is_whole(tmp_path: Path) -> None:
    from test_store_support import write_set

    src = tmp_path / "in"
    src.mkdir()
    numbers = [write_set(src, i)[0] for i in range(1, 9)]
    root = tmp_path / "cache"
    with Cache(root, today=TODAY) as cache:
        cache.import_paths([src])
        cache.set_starred(numbers[0], True)
    reader = sqlite3.connect(root / "index.sqlite", isolation_level=None)
    reader.execute("BEGIN")
    assert reader.execute("SELECT count(*) FROM sets").fetchone()[0] == 8
    with Cache(root, today=TODAY) as cache:
        assert cache.reindex() == 8
        # A reader inside its snapshot still sees every row (never an emptied table).
        assert reader.execute("SELECT count(*) FROM sets").fetchone()[0] == 8
        reader.execute("COMMIT")
        assert reader.execute("SELECT count(*) FROM sets").fetchone()[0] == 8
        assert sorted(r.number for r in cache.rows()) == sorted(numbers)
        assert cache.state(numbers[0]).starred
        assert cache.get(numbers[3]) is not None
    reader.close()
    assert not list(root.glob("index.sqlite.rebuild-*"))
    check = sqlite3.connect(root / "index.sqlite")
    assert check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()


def test_reindex_removes_a_side_file_left_by_a_killed_rebuild(tmp_path: Path) -> None:
    root = tmp_path / "cache"
    with Cache(root, today=TODAY) as cache:
        cache.count()
        stale = root / "index.sqlite.rebuild-999999"
        stale.write_bytes(b"half a database")
        cache.reindex()
    assert not stale.exists()
