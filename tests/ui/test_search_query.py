"""The reader's ``s`` speaks the search language: phrases, fields and exclusions find
what ``kvtui search`` finds, each result shows its passage, the count is exact, and a
query that cannot be read is said once (in the title bar while typing, in a notice on
Enter), never a crash. Runs on the repository's sample cache (FICTIEF).
"""

from __future__ import annotations

import pytest
from fakes import screen_text, settle

from kvtui.passage import HIT_END, HIT_START


async def _type(pilot, text: str) -> None:
    await pilot.press(*[ch if ch != " " else "space" for ch in text])


def _title(app) -> str:
    return screen_text(app).splitlines()[0]


def _messages(app) -> list[str]:
    line = app.screen.query_one("#message-line")
    return [str(n.message) for n in app._notifications] + [str(line.render())]


@pytest.mark.parametrize(
    "query",
    ['"voorbeeld voor kvtui"', "fictief -windparken", "status:open", "sinds:2025 fictief",
     "NEAR(zeewier mosselen, 5)", "titel:windparken OR titel:tolken"],
)  # fmt: skip
async def test_the_reader_finds_what_the_index_finds_with_passages(sample_app, query) -> None:
    app = sample_app
    cache = app.cache
    want = cache.search(query, limit=1000)
    assert want, query
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await _type(pilot, query)
        await settle(pilot)
        n = len(want)
        assert f"({n:,} result{'' if n == 1 else 's'})" in _title(app), _title(app)
        shown = [h.number for h in app.screen.doc_list.hits]
        assert shown == [h.number for h in want]
        text = screen_text(app)
        first = want[0].snippet.replace(HIT_START, "").replace(HIT_END, "")
        assert first[:30] in text  # the passage line under the first result
        assert app.is_running


async def test_a_malformed_query_is_said_while_typing_and_once_on_enter(sample_app) -> None:
    app = sample_app
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await _type(pilot, "zeewier")
        await settle(pilot)
        assert "(1 result)" in _title(app)
        await _type(pilot, ' "mosselen')  # the quote is not closed yet
        await settle(pilot)
        assert "never closed" in _title(app)
        assert not any("never closed" in m for m in _messages(app))  # no notice per key
        assert [h.number for h in app.screen.doc_list.hits] == ["2025Z02291"]  # kept
        await pilot.press("enter")
        await settle(pilot)
        notes = [m for m in _messages(app) if "never closed" in m]
        assert notes and "character 9" in notes[0]
        assert app.is_running
        await pilot.press("end")  # the typing stayed in the bar, to mend the query
        await _type(pilot, '"')  # closed: the query runs
        await settle(pilot)
        assert "never closed" not in _title(app) and "(1 result)" in _title(app)


@pytest.mark.parametrize("query", ["sinds:gisteren", "onbekend:x", "-alleen", "NEAR(a b", "OR"])
async def test_every_kind_of_mistake_is_one_notice(sample_app, query) -> None:
    app = sample_app
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await _type(pilot, query)
        await pilot.press("enter")
        await settle(pilot)
        notes = [m for m in _messages(app) if m.startswith("Search: ")]
        assert len(set(notes)) == 1, notes
        assert "character" in notes[0] and app.is_running


async def test_an_opened_result_marks_the_words_found_not_the_fields(sample_app) -> None:
    app = sample_app
    counts = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for query in (
            "zeewier",
            "zeewier -tolken status:beantwoord sinds:2020 partij:x OR zeewier",
        ):
            await pilot.press("s")
            await _type(pilot, query)
            await settle(pilot)
            await pilot.press("enter", "enter")
            await settle(pilot)
            counts.append(app.screen.doc_view.match_count)
            await pilot.press("escape", "escape", "escape")
            await settle(pilot)
    assert counts[0] > 0 and counts[0] == counts[1], counts
