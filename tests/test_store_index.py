"""The derived index on its own, fed with hand-built Kamervragen (no parsers involved)."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_store_support import TODAY, fill, hand_built

from kvtui.model import Notice, Status
from kvtui.passage import HIT_END, HIT_START
from kvtui.query import QuerySyntaxError
from kvtui.store import index, schema, search
from kvtui.store.cache import Cache, ListQuery


@pytest.fixture
def cache(tmp_path):
    c = Cache(tmp_path / "cache", today=TODAY)
    fill(
        c,
        [
            hand_built("2025Z00001", title="Fietsen in de regen", submitted=dt.date(2025, 1, 5),
                       answered=dt.date(2025, 2, 1)),
            hand_built("2025Z00002", title="Treinen en tunnels", submitted=dt.date(2025, 6, 1),
                       answered=dt.date(2025, 9, 1), submitter="Karel Appel", party="PvdT",
                       role="minister van Infrastructuur"),
            hand_built("2026Z00003", status=Status.OPEN, title="Privacy bij de gemeente",
                       submitted=TODAY - dt.timedelta(days=30), answered=None),
            hand_built("2026Z00004", status=Status.OPEN, title="Een recente vraag",
                       submitted=TODAY - dt.timedelta(days=5), answered=None),
            hand_built("2026Z00005", status=Status.POSTPONED, title="Uitgestelde zaak",
                       submitted=TODAY - dt.timedelta(days=30), answered=None,
                       notices=(Notice(TODAY - dt.timedelta(days=5), "Uitstel."),)),
            hand_built("2026Z00006", status=Status.WITHDRAWN, title="Ingetrokken vraag",
                       submitted=None, answered=None),
        ],
    )  # fmt: skip
    yield c
    c.close()


def numbers(rows) -> list[str]:
    return [r.number for r in rows]


def test_rows_sort_newest_first_with_unknown_dates_last(cache: Cache) -> None:
    assert numbers(cache.rows()) == [
        "2026Z00004", "2026Z00005", "2026Z00003", "2025Z00002", "2025Z00001", "2026Z00006",
    ]  # fmt: skip
    assert numbers(cache.rows(ListQuery(descending=False)))[:2] == ["2025Z00001", "2025Z00002"]
    assert numbers(cache.rows(ListQuery(sort="days")))[:2] == ["2025Z00002", "2025Z00001"]
    assert numbers(cache.rows(ListQuery(sort="number", descending=False)))[0] == "2025Z00001"
    assert numbers(cache.rows(ListQuery(limit=2))) == ["2026Z00004", "2026Z00005"]
    with pytest.raises(ValueError, match="sort"):
        cache.rows(ListQuery(sort="title; DROP TABLE kv"))


def test_rows_by_number_keep_the_list_s_order_and_other_options(cache: Cache) -> None:
    """Search results take their columns from these rows, whatever the list's filter."""
    wanted = ("2025Z00001", "2026Z00006", "2026Z00004", "2099Z99999", "x') OR 1=1 --")
    assert numbers(cache.rows(ListQuery(numbers=wanted))) == [
        "2026Z00004", "2025Z00001", "2026Z00006",
    ]  # fmt: skip
    assert numbers(cache.rows(ListQuery(numbers=wanted, limit=1))) == ["2026Z00004"]
    assert cache.rows(ListQuery(numbers=())) == []


def test_row_columns(cache: Cache) -> None:
    row = next(r for r in cache.rows() if r.number == "2025Z00002")
    assert row.submitters == "Karel Appel (PvdT)"
    assert row.answered_by == "Mr. Test (minister van Infrastructuur)"
    assert row.topics == "Testen | Voorbeelden"
    assert (row.submitted, row.answered, row.days_to_answer) == (
        dt.date(2025, 6, 1), dt.date(2025, 9, 1), 92,
    )  # fmt: skip
    assert row.status is Status.ANSWERED and not row.read and not row.starred


def test_overdue_is_computed_for_the_day_you_look(tmp_path, cache: Cache) -> None:
    overdue = {r.number for r in cache.rows() if r.overdue}
    assert overdue == {"2026Z00003"}  # 30 days open, no notice; postponed has 42 days
    assert numbers(cache.rows(ListQuery(status="overdue"))) == ["2026Z00003"]
    later = Cache(cache.root, today=TODAY + dt.timedelta(days=20))
    assert {r.number for r in later.rows() if r.overdue} == {
        "2026Z00003", "2026Z00004", "2026Z00005",
    }  # fmt: skip
    assert later.get("2026Z00005").overdue and not cache.get("2026Z00005").overdue
    later.close()


def test_filters(cache: Cache) -> None:
    assert numbers(cache.rows(ListQuery(status="open"))) == ["2026Z00004", "2026Z00003"]
    later_answered = ListQuery(since=dt.date(2025, 6, 1), status="answered")
    assert numbers(cache.rows(later_answered)) == ["2025Z00002"]
    assert numbers(cache.rows(ListQuery(text="TREINEN"))) == ["2025Z00002"]
    assert numbers(cache.rows(ListQuery(text="pvdt"))) == ["2025Z00002"]  # party
    assert numbers(cache.rows(ListQuery(text="infrastructuur"))) == ["2025Z00002"]  # ministry
    assert numbers(cache.rows(ListQuery(text="z00001"))) == ["2025Z00001"]  # number
    assert numbers(cache.rows(ListQuery(text="100%_'\""))) == []
    with pytest.raises(ValueError, match="status"):
        cache.rows(ListQuery(status="bogus"))


def test_reader_state_joins_rows_and_survives(cache: Cache) -> None:
    cache.set_starred("2025Z00001", True)
    cache.set_read("2025Z00002")
    cache.set_position("2025Z00002", 17)
    assert numbers(cache.rows(ListQuery(starred_only=True))) == ["2025Z00001"]
    rows = {r.number: r for r in cache.rows()}
    assert rows["2025Z00001"].starred and rows["2025Z00002"].read
    assert cache.state("2025Z00002").position == 17
    assert cache.state("2099Z99999") == index_state_default()
    cache.set_starred("2025Z00001", False)
    assert cache.rows(ListQuery(starred_only=True)) == []


def index_state_default():
    from kvtui.store.cache import ReaderState

    return ReaderState()


def test_lookup_by_any_id(cache: Cache) -> None:
    url = "https://zoek.officielebekendmakingen.nl/kv-tk-2025Z00001.html"
    for key in ("2025Z00001", "2025z00001", " kv-tk-2025Z00001 ", "KV-TK-2025Z00001",
                "ah-tk-20242025-1001", url):  # fmt: skip
        assert cache.resolve(key) == "2025Z00001", key
        assert cache.get(key).number == "2025Z00001"
    assert cache.get("2030Z00001") is None
    assert cache.get("../../etc/passwd") is None
    assert cache.count() == 6


def test_get_round_trips_the_stored_json(cache: Cache) -> None:
    kv = hand_built("2025Z00001", title="Fietsen in de regen", submitted=dt.date(2025, 1, 5),
                    answered=dt.date(2025, 2, 1))  # fmt: skip
    assert cache.get("2025Z00001").to_store_json() == kv.to_store_json()


def test_search_marks_matches_and_ranks(cache: Cache) -> None:
    hits = cache.search("tunnels")
    assert [h.number for h in hits] == ["2025Z00002"]
    assert f"{HIT_START}tunnels{HIT_END}" in hits[0].snippet.lower()
    # diacritics folded both ways
    fill(cache, [hand_built("2025Z00010", title="Café-eigenaren en reünies")])
    assert [h.number for h in cache.search("cafe reunies")] == ["2025Z00010"]
    assert [h.number for h in cache.search("Café")] == ["2025Z00010"]
    assert cache.search("caf*")[0].number == "2025Z00010"
    assert cache.search("") == [] and cache.search('"" ,,,') == []
    assert len(cache.search("fictieve", limit=2)) == 2


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=40))
def test_search_never_raises_on_any_input(tmp_path_factory, text: str) -> None:
    """Any text is a list of hits or one QuerySyntaxError: never an FTS5 error."""
    conn = _mem_index()
    try:
        assert isinstance(search.search(conn, text, today=TODAY), list)
    except QuerySyntaxError as exc:
        assert 0 <= exc.position <= len(text)


def test_search_syntax_is_literal_or_one_clear_error() -> None:
    conn = _mem_index()
    for q in ['a" OR "b', "NEAR(a b)", "title:x", "^x", "a AND b", "10:30"]:
        assert search.search(conn, q, today=TODAY) == [], q
    for q in ["(", "a AND", "x:", "-x", "*", 'NEAR("x']:
        with pytest.raises(QuerySyntaxError):
            search.search(conn, q, today=TODAY)


_MEM = None


def _mem_index() -> sqlite3.Connection:
    global _MEM
    if _MEM is None:
        _MEM = sqlite3.connect(":memory:", isolation_level=None)
        schema.create_schema(_MEM)
        index.upsert(_MEM, hand_built("2025Z00001"), "2025Z00001")
    return _MEM


def test_upsert_replaces_and_delete_removes(cache: Cache) -> None:
    kv = hand_built("2025Z00001", title="Nieuwe titel over wolken")
    kv.ids.append("2025D99999")
    fill(cache, [kv])
    assert cache.count() == 6
    assert [h.number for h in cache.search("wolken")] == ["2025Z00001"]
    assert cache.search("regen") == []
    assert cache.resolve("2025D99999") == "2025Z00001"
    conn = cache._conn()
    index.delete_numbers(conn, ["2025Z00001"])
    assert cache.get("2025Z00001") is None and cache.resolve("2025D99999") is None
    assert cache.search("wolken") == []
