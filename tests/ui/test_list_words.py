"""What the list says of itself, without the app: the orders, why it is empty, and what
the facet keys do to the filter text."""

from __future__ import annotations

import pytest

from kvtui.i18n import _
from kvtui.ui import facets, listing
from kvtui.ui.listing import SORTS


@pytest.mark.parametrize("index", range(len(SORTS)))
def test_every_order_is_named_and_says_when_it_runs_reversed(index: int) -> None:
    name = _(SORTS[index][1])
    usual = listing.sort_said(index, True)
    turned = listing.sort_said(index, False)
    assert usual == f"Sorted by {name}"
    assert turned == f"Sorted by {name}, reversed"
    assert listing.sort_said(index, False, reversed_now=True) == turned
    back = listing.sort_said(index, True, reversed_now=True)
    assert back == f"Sorted by {name}, back to the usual order"


def test_the_orders_are_the_ones_the_index_knows() -> None:
    from kvtui.store.index import SORTS as INDEX_SORTS

    assert {key for key, _name in SORTS} <= set(INDEX_SORTS)


@pytest.mark.parametrize("root", [None, "", "/tmp/kvtui-cache", "/tmp/[bold]x\x1b[2J"])
def test_an_empty_cache_says_how_to_fill_it_and_where_it_is(root: str | None) -> None:
    said = listing.empty_text(0, "zee", cache_root=root, fetch_key="f", clear_key="esc")
    assert "Press f to fetch" in said and "kvtui sync" in said
    assert ("Cache:" in said) is bool(root)
    assert "\x1b" not in said


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("zee", "“zee”"),
        ("is:open", "open"),
        ("is:starred wind", "“wind”"),
        ("is:unread", "unread"),
        ("", "the filter"),
    ],
)
def test_an_empty_filtered_list_names_the_filter_and_the_key_that_clears_it(
    text: str, named: str
) -> None:
    said = listing.empty_text(12, text, cache_root="/c", fetch_key="f", clear_key="Esc")
    assert named in said and said.endswith("Esc clears the filter.")
    assert "Cache:" not in said


def test_hostile_filter_words_come_back_inert() -> None:
    said = listing.empty_text(3, "\x1b]8;;x\x07", cache_root=None, fetch_key="f", clear_key="e")
    assert "\x1b" not in said and "\x07" not in said


def test_the_status_key_walks_every_status_and_back_to_none() -> None:
    text, seen = "zee", []
    for _step in range(len(facets.STATUSES) + 1):
        text = facets.with_next_status(text)
        seen.append(facets.parse(text).status)
        assert facets.parse(text).text == "zee"
    assert seen == [*facets.STATUSES, None]


@pytest.mark.parametrize("flag", facets.FLAGS)
@pytest.mark.parametrize("start", ["", "zee", "is:open zee"])
def test_a_flag_key_adds_its_word_and_takes_it_out_again(flag: str, start: str) -> None:
    on = facets.with_flag_turned(start, flag)
    assert getattr(facets.parse(on), flag) is True
    off = facets.with_flag_turned(on, flag)
    assert getattr(facets.parse(off), flag) is False
    assert facets.parse(off).status == facets.parse(start).status
    assert facets.parse(off).text == facets.parse(start).text


@pytest.mark.parametrize("text", ["", "is:open", "is:starred is:unread", "zee"])
def test_showing_names_what_the_list_shows(text: str) -> None:
    said = facets.showing(text)
    described = facets.describe(facets.parse(text))
    assert said == "Showing " + (described or "every Kamervraag")


def test_unknown_facet_words_are_named_inert_with_the_known_ones() -> None:
    said = facets.unknown_said(["is:opn", "is:\x1b[31mred"])
    assert "is:opn" in said and "\x1b" not in said
    for word in (*facets.STATUSES, *facets.FLAGS):
        assert facets.PREFIX + word in said
