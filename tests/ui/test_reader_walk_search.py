"""Faults a reader met in search and in the bars at 80×24 and 160×45 on the sample cache
and on a 50,000-set cache (each test names what was seen)."""

from __future__ import annotations

import pytest
from fakes import screen_text, settle


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", ["Next Kamervraag", "Previous Kamervraag"]),
     ("nl", ["Volgende Kamervraag", "Vorige Kamervraag"])],
)  # fmt: skip
async def test_the_palette_names_j_and_k_in_words_a_reader_knows(
    sample_app, monkeypatch, language, words
):
    """Seen: the palette offered J and K as "Next KV" and "Prev KV"."""
    from kvtui import i18n
    from kvtui.ui import commands
    from kvtui.ui.app import KvtuiApp
    from kvtui.ui.config import Config

    monkeypatch.setenv("KVTUI_LANGUAGE", language)
    app = KvtuiApp(sample_app.cache, today=sample_app.today, config=Config())
    assert i18n.current() == language
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"kamervraag")
        await settle(pilot, 0.3)
        shown = screen_text(app)
    for word in words:
        assert word in shown, shown
    assert not [c.label for c in commands.COMMANDS if "KV" in commands.label(c).split()]


LONG_URL = "https://zoek.officielebekendmakingen.nl/" + "fictief-pad/" * 8


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pytest.mark.parametrize(
    ("keys", "kept"),
    [
        (["s", *f"kamer {LONG_URL}", "enter"], "0 results"),
        (["s", *"kamer", "enter"], "results"),
        (["slash", *f"kamer{LONG_URL}"], "0 shown"),
        (["s", *f"kamer {LONG_URL} OR"], "OR needs words after it"),
    ],
)
async def test_the_title_bar_keeps_the_count_and_says_when_it_cuts(sample_app, size, keys, kept):
    """Seen: "search: OR needs words after it (character" cut with no mark, and with a URL
    as the query the result count went off the right edge."""
    app = sample_app
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)
        title = screen_text(app).splitlines()[0].rstrip()
    assert kept in title, title
    if len(title) >= size[0] - 1:  # cut: it says so
        assert title.endswith("…"), title
    else:
        assert LONG_URL not in "".join(keys) or "…" not in title, title


def _footer_keys(app) -> dict[str, str]:
    """The footer's keys and their actions."""
    from textual.widgets._footer import FooterKey

    return {key.key: key.action for key in app.screen.query(FooterKey)}


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pytest.mark.parametrize(
    ("opening", "bar"),
    [(["slash"], "filter"), (["s"], "search"), (["enter", "slash"], "find"),
     (["enter", "colon"], "goto")],
)  # fmt: skip
async def test_while_typing_in_a_bar_the_footer_offers_no_key_that_types(
    sample_app, size, opening, bar
):
    """Seen: while typing in the search bar the footer offered "/ Filter", and "/" typed
    a slash; the same in the find and go-to bars with "/ Find"."""
    from kvtui.ui.widgets.footer import typed_as_text

    app = sample_app
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(*opening[:-1])
        await settle(pilot)
        before = _footer_keys(app)
        await pilot.press(opening[-1])
        await settle(pilot)
        main = app.get_main_screen()
        assert main.filter_bar.mode == bar and main.filter_bar.input.has_focus
        typing = _footer_keys(app)
        hidden = [action for key, action in before.items() if key not in typing]
        # commands the footer leaves out stay for the palette (it asks check_action)
        allowed = {action: main.check_action(action, ()) for action in hidden}
        await pilot.press("escape")
        await settle(pilot)
        after = _footer_keys(app)
    assert [key for key in before if typed_as_text(key)], before  # the keys were there
    assert typing and not [key for key in typing if typed_as_text(key)], typing
    assert [action for action, ok in allowed.items() if ok is not False], allowed
    assert [key for key in after if typed_as_text(key)], after  # and come back


SEARCH_HITS = {"2025Z02291": "2025-02-06", "2019Z21034": "2019-11-05"}  # fiets OR windparken


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pytest.mark.parametrize("filtered", ["wind", "fiets", "is:open", ""])
async def test_with_a_filter_every_search_result_shows_the_same_columns(sample_app, size, filtered):
    """Seen: with the filter "wind", searching "fiets OR windparken" showed the result
    inside the filter with date, status and days, and the one outside with only number
    and title, its number in another column."""
    app = sample_app
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if filtered:  # as the reader did: Enter opens the first, q goes back
            await pilot.press("slash", *filtered, "enter")
            await settle(pilot)
            await pilot.press("q")
            await settle(pilot)
        await pilot.press("s", *"fiets OR windparken", "enter")
        await settle(pilot)
        main = app.get_main_screen()
        assert main.doc_list.hits is not None, main.messages
        assert sorted(h.number for h in main.doc_list.hits) == sorted(SEARCH_HITS)
        outside = [n for n in SEARCH_HITS if main.doc_list.row_for(n) is None]
        assert bool(outside) == (filtered != ""), outside
        lines = [line.split("▕")[0] for line in screen_text(app).splitlines()[1:]]
        # a result marked as the reader marks it: the mark shows, listed or not
        marked_number = (outside or list(SEARCH_HITS))[0]
        main.doc_list.update_row(marked_number, starred=True)
        await settle(pilot)
        shown = [line.split("▕")[0] for line in screen_text(app).splitlines()[1:]]
        marked = next(line for line in shown if marked_number in line)
    rows = {n: next(line for line in lines if n in line) for n in SEARCH_HITS}
    for number, day in SEARCH_HITS.items():
        assert day in rows[number] and "answered" in rows[number], rows
    for column in (lambda line, n: line.index(n), lambda line, n: line.index(SEARCH_HITS[n])):
        assert len({column(line, n) for n, line in rows.items()}) == 1, rows
    assert "★" in marked and "★" not in rows[marked_number], (marked, rows)
