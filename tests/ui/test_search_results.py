"""Issue 10, bug 1: a search result opens on its first matching passage, marked; ``n``
and ``N`` walk its matches and then on to the next or previous result; the title bar
says "match 2 of 7 · result 3 of 41". All content is FICTIEF (made up for kvtui's tests).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from fakes import TODAY, FakeCache, kamervraag, screen_text, settle

from kvtui.model import Question
from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config
from kvtui.ui.widgets.doc_list import DocList
from kvtui.ui.widgets.doc_search import fold_accents, words_pattern

FILLER = " ".join(["Dit is een lange fictieve alinea die ruimte inneemt."] * 12)


@pytest.fixture(autouse=True)
def _no_real_config(tmp_path, monkeypatch):
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))


def seaweed_set(number: str, hits_in: tuple[int, ...], n_questions: int = 8):
    """A set of ``n_questions`` long questions; the answers of ``hits_in`` (1-based)
    mention "zeewier" twice, so the first match is far below the header."""
    kv = kamervraag(number, f"Fictieve vragen {number}", submitted=dt.date(2026, 1, 2))
    questions = [
        Question(
            i,
            f"Vraag {i} (FICTIEF). {FILLER}",
            f"Antwoord {i}. Zeewier is hier fictief; zeewier groeit. {FILLER}"
            if i in hits_in
            else f"Antwoord {i} (FICTIEF). {FILLER}",
        )
        for i in range(1, n_questions + 1)
    ]
    return dataclasses.replace(kv, questions=questions)


def seaweed_cache() -> FakeCache:
    return FakeCache(
        [
            seaweed_set("2026Z00001", (6, 7)),
            seaweed_set("2026Z00002", (3,)),
            seaweed_set("2026Z00003", (2, 5, 8)),
        ]
    )


def make_app(cache) -> KvtuiApp:
    return KvtuiApp(cache, today=TODAY, config=Config())


async def search_and_open(pilot, word: str) -> None:
    await pilot.press("s", *word)
    await settle(pilot)
    await pilot.press("enter")  # to the results
    await pilot.press("enter")  # open the first
    await settle(pilot)


def title(app) -> str:
    return screen_text(app).splitlines()[0]


def match_on_screen(view) -> bool:
    """The current match's block is in the visible part of the document."""
    m = view._matches[view.match_index]
    top, bottom = view.block_span(m.block)
    return top <= view.scroll_y + view.size.height and bottom >= view.scroll_y


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_a_result_opens_on_its_marked_passage_and_n_walks_matches_then_results(size):
    app = make_app(seaweed_cache())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await search_and_open(pilot, "zeewier")
        screen = app.screen
        view = screen.doc_view
        assert screen.current.number == "2026Z00001"
        assert view.match_count == 4  # two words in each of two answers
        assert view.match_index == 0
        assert view.scroll_y > 0 and match_on_screen(view)  # not the top of the document
        assert view.current_index == 5  # Antwoord 6
        assert "match 1 of 4 · result 1 of 3" in title(app)
        assert "Vraag 6/8" in title(app)
        await pilot.press("n")
        await settle(pilot, 0.1)
        assert view.match_index == 1 and "match 2 of 4" in title(app)
        await pilot.press("n", "n")
        await settle(pilot, 0.1)
        assert view.match_index == 3 and view.current_index == 6 and match_on_screen(view)
        await pilot.press("n")  # past the last match: the next result, on its first match
        await settle(pilot)
        assert screen.current.number == "2026Z00002"
        assert view.match_index == 0 and view.current_index == 2 and match_on_screen(view)
        assert "match 1 of 2 · result 2 of 3" in title(app)
        await pilot.press("N")  # before the first match: back to the previous result's last
        await settle(pilot)
        assert screen.current.number == "2026Z00001"
        assert view.match_index == 3 and "match 4 of 4 · result 1 of 3" in title(app)
        assert match_on_screen(view)
        await pilot.press("N")
        await settle(pilot, 0.1)
        assert view.match_index == 2
        # past the last result there is nowhere to go: the reader says so and stays
        await pilot.press("n", "n", "n")  # to result 2
        await settle(pilot)
        await pilot.press("n", "n", "n")  # to result 3
        await settle(pilot)
        assert screen.current.number == "2026Z00003" and "result 3 of 3" in title(app)
        await pilot.press(*["n"] * 6)
        await settle(pilot)
        assert screen.current.number == "2026Z00003" and view.match_index == 5


async def test_a_set_opened_from_the_list_is_not_marked_and_find_counts_too():
    app = make_app(seaweed_cache())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.doc_view
        assert view.match_count == 0 and view.scroll_y == 0
        assert "result" not in title(app) and "Vraag 1/8" in title(app)
        await pilot.press("slash", *"zeewier", "enter")
        await settle(pilot)
        assert view.match_count == 4 and "match 1 of 4" in title(app)
        await pilot.press("n")  # no search behind it: n wraps within the document
        await pilot.press("n", "n", "n")
        await settle(pilot, 0.1)
        assert view.match_index == 0 and app.screen.current.number == "2026Z00001"


def test_the_marked_words_are_the_words_the_index_matched():
    def found(query: str, text: str) -> list[str]:
        pattern = words_pattern(query)
        assert pattern is not None
        return [text[m.start() : m.end()] for m in pattern.finditer(fold_accents(text))]

    text = "Zeewier, zeewierteelt; het zeewier-plan. Één café, cafés; wind en windparken."
    assert found("zeewier", text) == ["Zeewier", "zeewier"]
    assert found("ZEEWIER*", text) == ["Zeewier", "zeewierteelt", "zeewier"]
    assert found("een cafe", text) == ["Één", "café"]
    assert found('"wind" plan', text) == ["plan", "wind"]
    assert words_pattern("* ( ) -") is None
    # linear in the text: a long text with no match is one pass
    assert found("zeewier", "a" * 200_000) == []


async def test_a_match_in_the_title_does_not_keep_the_reader_at_the_header():
    cache = seaweed_cache()
    first = cache.items[0]
    cache.items[0] = dataclasses.replace(first, title="Fictieve vragen over zeewier")
    app = make_app(cache)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search_and_open(pilot, "zeewier")
        view = app.screen.doc_view
        assert view.match_count == 6  # the title twice (header, closing ids), four in answers
        assert view.match_index == 1 and view.current_index == 5 and match_on_screen(view)
        assert "match 2 of 6" in title(app)
        await pilot.press("N")  # the title's match is one N away
        await settle(pilot, 0.1)
        assert view.match_index == 0 and view.scroll_y == 0


async def test_after_the_search_ends_n_wraps_within_the_document():
    app = make_app(seaweed_cache())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await search_and_open(pilot, "zeewier")
        screen = app.screen
        view = screen.doc_view
        await pilot.press("escape")  # back to the results list (wide: the set stays)
        await pilot.press("escape")  # and the search ends
        await settle(pilot)
        assert not app.query_one(DocList).searching
        assert "result" not in title(app)
        view.focus()
        await settle(pilot, 0.05)
        await pilot.press("n", "n", "n", "n")  # four matches: round to the first again
        await settle(pilot, 0.1)
        assert screen.current.number == "2026Z00001" and view.match_index == 0
