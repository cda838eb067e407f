"""Reading the reader's list without the app: what the index is asked, what is left to
the rows, and the order by days waited."""

from __future__ import annotations

import pytest
from fakes import TODAY, FakeCache, sample_cache

from kvtui.ui import facets, listing

SORTS = ("submitted", "days", "number", "answered")


@pytest.mark.parametrize("status", [None, *facets.STATUSES])
def test_the_index_is_asked_every_status_but_pending(status: str | None) -> None:
    text = f"is:{status} zee" if status else "zee"
    asked = listing.list_query(facets.parse(text), "number", False)
    assert asked.status == (None if status == "pending" else status)
    assert (asked.sort, asked.descending, asked.text) == ("number", False, "zee")


def test_no_words_ask_no_text_and_starred_is_passed_on() -> None:
    assert listing.list_query(facets.parse(""), "submitted", True).text is None
    assert listing.list_query(facets.parse("is:starred"), "submitted", True).starred_only
    assert not listing.list_query(facets.parse(""), "submitted", True).starred_only


@pytest.mark.parametrize("sort", SORTS)
@pytest.mark.parametrize("text", ["", "zee", "is:open", "is:starred", "is:unread", "is:pending"])
def test_only_what_the_index_cannot_answer_needs_the_whole_list(sort: str, text: str) -> None:
    expected = sort == "days" or text in ("is:unread", "is:pending")
    assert listing.whole_list_only(facets.parse(text), sort) is expected


def read(cache: FakeCache, text: str, sort: str = "number") -> list[str]:
    rows = listing.read_rows(cache, facets.parse(text), sort, False, TODAY)
    return [r.number for r in rows]


def test_unread_leaves_out_what_was_read() -> None:
    cache = sample_cache()
    everything = read(cache, "")
    cache.set_read("2026Z00101")
    cache.set_read("2024Z05000")
    assert read(cache, "is:unread") == [
        n for n in everything if n not in {"2026Z00101", "2024Z05000"}
    ]
    assert read(cache, "") == everything


class PendingCache(FakeCache):
    def pending_numbers(self) -> set[str]:
        return {"2026Z00042", "2025Z19999", "2099Z99999"}


def test_pending_keeps_the_sets_the_cache_names_and_nothing_without_it() -> None:
    pending = PendingCache(sample_cache().items)
    assert read(pending, "is:pending") == ["2025Z19999", "2026Z00042"]
    assert read(sample_cache(), "is:pending") == []


@pytest.mark.parametrize("descending", [True, False])
def test_days_order_counts_the_days_an_open_set_has_waited(descending: bool) -> None:
    rows = listing.read_rows(sample_cache(), facets.parse(""), "days", descending, TODAY)
    waited = [facets.waited(r, TODAY) for r in rows]
    known = [w for w in waited if w is not None]
    assert known == sorted(known, reverse=descending)
    assert all(w is None for w in waited[len(known) :])  # the undated come last
    assert len(rows) == len(sample_cache().items)
    open_sets = {r.number for r in rows if r.days_to_answer is None and r.status == "open"}
    assert open_sets and open_sets <= {r.number for r in rows[: len(known)]}


def test_the_text_filter_reaches_the_index() -> None:
    assert read(sample_cache(), "windmolens") == ["2026Z00101"]
