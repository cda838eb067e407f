"""Issue 10, item 11: facets in the reader – status (answered, postponed, open, overdue,
withdrawn, text pending), starred and unread, as the CLI can; reverse sort; sort by date
answered; "days to answer" puts the longest-waiting open sets first; an empty result
says so. All content is FICTIEF (made up for kvtui's tests).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from fakes import TODAY, sample_cache, screen_text, settle

from kvtui.model import Status
from kvtui.ui import facets
from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config
from kvtui.ui.widgets.doc_list import DocList

# sample_cache(): number → status
EXPECTED = {
    "open": {"2026Z00088"},
    "overdue": {"2026Z00088"},
    "postponed": {"2026Z00042"},
    "withdrawn": {"2025Z19999"},
    "answered": {"2026Z00101", "2024Z05000", "2023Z00777"},
}


@pytest.fixture(autouse=True)
def _no_real_config(tmp_path, monkeypatch):
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))


def numbers(app) -> list[str]:
    return app.query_one(DocList).numbers()


async def type_filter(pilot, text: str) -> None:
    await pilot.press("slash", *text, "enter")
    await settle(pilot)


@pytest.mark.parametrize("status", sorted(EXPECTED))
async def test_each_status_filters_the_list(status):
    app = KvtuiApp(sample_cache(), today=TODAY, config=Config())
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await type_filter(pilot, f"is:{status}")
        assert set(numbers(app)) == EXPECTED[status]


async def test_the_status_key_cycles_and_combines_with_words_starred_and_unread():
    cache = sample_cache()
    cache.set_starred("2024Z05000", True)
    cache.set_starred("2026Z00088", True)
    cache.set_read("2026Z00088", True)
    app = KvtuiApp(cache, today=TODAY, config=Config())
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        seen = []
        for _ in range(len(facets.STATUSES) + 1):
            await pilot.press("v")
            await settle(pilot)
            seen.append(facets.parse(app.screen.filter_text).status)
        assert seen == [*facets.STATUSES, None]
        assert len(numbers(app)) == 6  # the cycle ends at "all"
        await pilot.press("B")  # starred only
        await settle(pilot)
        assert set(numbers(app)) == {"2024Z05000", "2026Z00088"}
        assert "is:starred" in screen_text(app)  # the facet is visible in the bar
        await pilot.press("U")  # and unread
        await settle(pilot)
        assert numbers(app) == ["2024Z05000"]
        await pilot.press("B", "U")  # both off again
        await settle(pilot)
        assert len(numbers(app)) == 6
        await type_filter(pilot, "is:answered mensenhandel")
        assert numbers(app) == ["2024Z05000"]
        assert app.screen.current.number == "2024Z05000"  # Enter opened it
        await pilot.press("escape", "escape")  # back to the list; Esc clears facets and words
        await settle(pilot)
        assert len(numbers(app)) == 6


async def test_text_pending_and_an_unknown_facet():
    cache = sample_cache()
    cache.pending_numbers = lambda: {"2023Z00777"}  # type: ignore[attr-defined]
    app = KvtuiApp(cache, today=TODAY, config=Config())
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "is:pending")
        assert numbers(app) == ["2023Z00777"]
        await pilot.press("escape")
        await type_filter(pilot, "is:gelezen")
        assert "Not a facet: is:gelezen" in screen_text(app)
        assert app.is_running


async def test_an_empty_result_says_so_and_how_to_get_out():
    app = KvtuiApp(sample_cache(), today=TODAY, config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await type_filter(pilot, "is:withdrawn windmolens")
        assert numbers(app) == []
        text = screen_text(app)
        assert "No Kamervragen match withdrawn “windmolens”" in text
        assert "esc clears the filter" in text  # the key as the footer writes it
        await pilot.press("escape", "s", *"qwertyuiop")
        await settle(pilot)
        assert "Nothing in the cache matches “qwertyuiop”" in screen_text(app)


def waiting_cache():
    """Answered sets of 10 and 300 days, open sets waiting 50 and 400 days, one
    withdrawn set: by days to answer the 400-day open set leads."""
    cache = sample_cache()
    base = cache.items[0]

    def kv(number: str, status: Status, submitted: dt.date, answered: dt.date | None):
        days = (answered - submitted).days if answered else None
        return dataclasses.replace(
            base,
            number=number,
            status=status,
            submitted=submitted,
            answered=answered,
            days_to_answer=days,
            ids=[number],
        )

    d = dt.timedelta
    cache.items = [
        kv("2026Z00010", Status.ANSWERED, TODAY - d(100), TODAY - d(90)),
        kv("2025Z00300", Status.ANSWERED, TODAY - d(600), TODAY - d(300)),
        kv("2026Z00050", Status.OPEN, TODAY - d(50), None),
        kv("2025Z00400", Status.POSTPONED, TODAY - d(400), None),
        kv("2025Z00999", Status.WITHDRAWN, TODAY - d(200), None),
    ]
    return cache


async def test_days_to_answer_puts_the_longest_waiting_first_and_reverse_and_answered_sort():
    app = KvtuiApp(waiting_cache(), today=TODAY, config=Config())
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("o")  # days to answer
        await settle(pilot)
        assert app.screen.sort == "days"
        assert numbers(app) == [
            "2025Z00400",  # waiting 400 days
            "2025Z00300",  # answered after 300
            "2026Z00050",  # waiting 50
            "2026Z00010",  # answered after 10
            "2025Z00999",  # withdrawn: no days either way, last
        ]
        await pilot.press("i")  # reversed: shortest first, the undated still last
        await settle(pilot)
        assert numbers(app)[:2] == ["2026Z00010", "2026Z00050"]
        assert numbers(app)[-1] == "2025Z00999"
        assert "Days↑" in screen_text(app)
        await pilot.press("i", "o", "o")  # number, then date answered
        await settle(pilot)
        assert app.screen.sort == "answered"
        assert numbers(app)[:2] == ["2026Z00010", "2025Z00300"]
        text = screen_text(app)
        assert "Answered↓" in text and (TODAY - dt.timedelta(90)).isoformat() in text


def test_parse_and_with_word():
    q = facets.parse("IS:Open wind is:starred  is:unread  is:bogus zee")
    assert (q.text, q.status, q.starred, q.unread, q.unknown) == (
        "wind zee",
        "open",
        True,
        True,
        ("is:bogus",),
    )
    assert facets.with_word("is:open wind", "overdue", replacing=facets.STATUSES) == (
        "is:overdue wind"
    )
    assert facets.with_word("is:starred wind", None, replacing=("starred",)) == "wind"
    assert facets.next_status(None) == facets.STATUSES[0]
    assert facets.next_status(facets.STATUSES[-1]) is None
