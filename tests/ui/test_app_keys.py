"""Pilot tests for the reader's key paths, on the in-memory fake cache.

Each test drives one app through several keys, so the suite starts few apps.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from fakes import TODAY, FakeCache, big_cache, sample_cache, screen_text
from textual.pilot import Pilot

from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config
from kvtui.ui.screens.help import HelpScreen
from kvtui.ui.screens.main import MainScreen
from kvtui.ui.widgets.doc_list import DocList


@pytest.fixture(autouse=True)
def _no_real_config(tmp_path, monkeypatch):
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("KVTUI_EXPORT_DIR", str(tmp_path / "export"))


def make_app(cache=None, **kw) -> KvtuiApp:
    return KvtuiApp(cache or sample_cache(), today=TODAY, config=Config(), **kw)


@contextlib.asynccontextmanager
async def running(
    cache: FakeCache | None = None, *, size: tuple[int, int] = (80, 24), **kw: Any
) -> AsyncIterator[tuple[KvtuiApp, Pilot]]:
    """The reader on ``cache`` (the sample by default) at ``size``, past its first
    paint: the app and its pilot."""
    app = make_app(cache, **kw)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        yield app, pilot


async def test_list_shows_rows_newest_first_with_status_words():
    async with running() as (app, _pilot):
        text = screen_text(app)
        lines = [ln for ln in text.splitlines() if "Z0" in ln or "Z1" in ln]
        numbers = [ln.split()[1] for ln in lines[:5]]
        assert numbers == ["2026Z00101", "2026Z00088", "2026Z00042", "2025Z19999", "2024Z05000"]
        # the status is a word, readable without colour
        assert "answered" in lines[0]
        assert "overdue" in lines[1]
        assert "postponed" in lines[2]
        assert "withdrawn" in lines[3]
        # at 80 columns the title has the room the submitters had (issue 10 item 8)
        assert "Fictieve vragen over windmolens op zee" in text
        assert "6 Kamervragen" in text
        assert isinstance(app.focused, DocList)


async def test_vim_keys_move_the_cursor_and_enter_opens_and_marks_read():
    cache = big_cache(200)
    async with running(cache) as (app, pilot):
        doc_list = app.query_one(DocList)
        await pilot.press("j", "j", "down")
        assert doc_list.cursor == 3
        await pilot.press("k")
        assert doc_list.cursor == 2
        await pilot.press("G")
        assert doc_list.cursor == 199
        assert doc_list.scroll_y > 0  # the cursor stays visible
        await pilot.press("g")
        assert doc_list.cursor == 0 and doc_list.scroll_y == 0
        await pilot.press("ctrl+d")
        page = doc_list.cursor
        assert page > 5
        await pilot.press("pagedown")
        assert doc_list.cursor == 2 * page
        await pilot.press("ctrl+u", "pageup")
        assert doc_list.cursor == 0
        await pilot.press("end")
        assert doc_list.cursor == 199
        await pilot.press("home", "j", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MainScreen)
        number = doc_list.current_number
        assert screen.current is not None and screen.current.number == number
        assert cache.state(number).read
        assert doc_list.row_for(number).read
        # narrow: the document replaces the list; q goes back, q again quits
        assert not doc_list.display or not screen.query_one("#list-pane").display
        await pilot.press("q")
        await pilot.pause()
        assert screen.query_one("#list-pane").display
        assert isinstance(app.focused, DocList)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_escape_goes_back_and_next_previous_kamervraag():
    cache = sample_cache()
    async with running(cache) as (app, pilot):
        screen = app.screen
        await pilot.press("enter")
        await pilot.pause()
        assert screen.current.number == "2026Z00101"
        await pilot.press("J")
        await pilot.pause()
        assert screen.current.number == "2026Z00088"
        assert cache.state("2026Z00088").read
        await pilot.press("J", "K")
        await pilot.pause()
        assert screen.current.number == "2026Z00088"
        assert screen.reading
        await pilot.press("escape")
        await pilot.pause()
        assert not screen.reading
        assert app.query_one(DocList).current_number == "2026Z00088"


async def test_filter_as_you_type_then_escape_restores_the_list():
    cache = sample_cache()
    async with running(cache) as (app, pilot):
        doc_list = app.query_one(DocList)
        await pilot.press("slash")
        for ch in "jansen":  # a submitter
            await pilot.press(ch)
        await app.workers.wait_for_complete()
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert doc_list.numbers() == ["2026Z00088"]
        assert "filter (1 shown): “jansen”" in screen_text(app)
        # the keystrokes were debounced: one query for "jansen", none for "j", "ja", …
        assert [c for c in cache.calls if c.startswith("rows:submitted:j")] == [
            "rows:submitted:jansen:None"
        ]
        await pilot.press("enter")  # keep the filter, open the highlighted set (issue 10)
        await pilot.pause()
        assert app.screen.current.number == "2026Z00088" and app.screen.reading
        await pilot.press("escape")  # back to the filtered list
        await pilot.pause()
        assert isinstance(app.focused, DocList) and doc_list.numbers() == ["2026Z00088"]
        await pilot.press("escape")  # clears the filter
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(doc_list.numbers()) == 6


async def test_search_shows_the_matching_passage_and_opens_a_hit():
    async with running() as (app, pilot):
        await pilot.press("s")
        for ch in "windmolens":
            await pilot.press(ch)
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        doc_list = app.query_one(DocList)
        assert doc_list.searching and [h.number for h in doc_list.hits] == ["2026Z00101"]
        text = screen_text(app)
        assert "Hoeveel windmolens staan er" in text  # the passage, markers stripped
        assert "\ue000" not in text
        await pilot.press("enter")  # to the results
        assert isinstance(app.focused, DocList)
        await pilot.press("enter")  # open the hit
        await pilot.pause()
        assert app.screen.current.number == "2026Z00101"
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert not doc_list.searching


async def test_sort_cycle_read_and_star_toggles():
    cache = sample_cache()
    async with running(cache) as (app, pilot):
        doc_list = app.query_one(DocList)
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.sort == "days"
        # the postponed set has waited 170 days: longer than the slowest answer (89)
        assert doc_list.numbers()[:2] == ["2026Z00042", "2024Z05000"]
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.sort == "number"
        assert doc_list.numbers()[0] == "2026Z00101"
        await pilot.press("o", "o")  # date answered, then back to date submitted
        await app.workers.wait_for_complete()
        await pilot.pause()
        number = doc_list.current_number
        await pilot.press("m")
        assert cache.state(number).read and doc_list.row_for(number).read
        await pilot.press("m")
        assert not cache.state(number).read
        await pilot.press("b")
        assert cache.state(number).starred and doc_list.row_for(number).starred
        assert "★" in screen_text(app)
        await pilot.press("asterisk")
        assert not cache.state(number).starred


async def test_help_screen_is_generated_from_the_registry():
    async with running() as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        plain = screen_text(app)
        for needle in ("Move down a line", "Go to the top", "close"):
            assert needle in plain
        await pilot.press("G")  # the help scrolls with the same keys
        await pilot.pause()
        plain = screen_text(app)
        assert "Choose a theme" in plain and "Move down a line" not in plain
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)


async def test_document_keys_delegate_to_the_doc_view():
    async with running() as (app, pilot):
        await pilot.press("G", "k", "enter")  # 2024Z05000, eight questions
        await pilot.pause()
        screen = app.screen
        assert screen.current.number == "2024Z05000"
        view = screen.doc_view
        await pilot.press(*["right_square_bracket"] * 3)  # Vraag 1, 2, 3
        await pilot.pause()
        assert view.current_index == 2
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert view.current_index == 1
        await pilot.press("y")
        assert app.clipboard.startswith("Antwoord")
        await pilot.press("Y")
        assert "mensenhandel" in app.clipboard
        await pilot.press("u")
        assert app.clipboard == "https://zoek.officielebekendmakingen.nl/kv-tk-2024Z05000.html"
        await pilot.press("c")
        assert "2024Z05000" in app.clipboard and "Vraag 8" in app.clipboard
        await pilot.press("ctrl+f")
        for ch in "bericht":
            await pilot.press(ch)
        await pilot.press("enter")
        await pilot.pause()
        assert view.match_count == 8
        first = view.match_index
        await pilot.press("n")
        assert view.match_index == first + 1
        await pilot.press("N")
        assert view.match_index == first
        await pilot.press("e")
        await pilot.pause()
        saved = Path(os.environ["KVTUI_EXPORT_DIR"]) / "2024Z05000.md"
        assert screen.messages[-1] == ("information", f"Export: Saved {saved}")
        assert "Export: Saved" in screen_text(app)
        assert saved.read_text(encoding="utf-8").count("mensenhandel") >= 1


async def test_wide_terminal_shows_list_and_document_side_by_side():
    async with running(size=(160, 48)) as (app, pilot):
        await app.workers.wait_for_complete()
        await pilot.pause(0.4)
        screen = app.screen
        assert screen.has_class("-wide")
        assert screen.query_one("#list-pane").display
        assert screen.query_one("#detail-pane").display
        # the document previews the row under the cursor, without marking it read
        assert screen.current is not None and screen.current.number == "2026Z00101"
        assert not app.cache.state("2026Z00101").read
        await pilot.press("j")
        await pilot.pause(0.4)
        assert screen.current.number == "2026Z00088"
        await pilot.press("enter")
        await pilot.pause()
        assert app.cache.state("2026Z00088").read
        assert screen.query_one("#list-pane").display  # still side by side
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.has_class("-narrow")
        assert not screen.query_one("#list-pane").display


async def test_start_number_opens_a_cached_set_by_any_id():
    async with running(start_number="kv-tk-2026Z00042") as (app, pilot):
        await pilot.pause()
        assert app.screen.current is not None
        assert app.screen.current.number == "2026Z00042"


async def test_start_number_not_cached_opens_the_fetch_dialog_prefilled(monkeypatch):
    from kvtui.ui.screens.fetch import FetchScreen

    started: list[str] = []
    monkeypatch.setattr(FetchScreen, "on_mount", lambda self: started.append(self.initial))
    async with running(start_number="2019Z00001") as (app, pilot):
        await pilot.pause()
        assert isinstance(app.screen, FetchScreen)
        assert app.screen.autostart
        assert started == ["2019Z00001"]


async def test_position_is_remembered_per_document():
    cache = sample_cache()
    async with running(cache) as (app, pilot):
        await pilot.press("G", "k", "enter")  # the long one
        await pilot.pause()
        await pilot.press("ctrl+d")
        await pilot.pause()
        y = int(app.screen.doc_view.scroll_y)
        assert y > 0
        await pilot.press("escape")
        assert cache.state("2024Z05000").position == y
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert int(app.screen.doc_view.scroll_y) == y


async def test_refresh_and_refresh_all_fetch_with_force_and_survive_failures(monkeypatch):
    import kvtui.services.fetch as fetch

    calls: list[tuple[list[str], bool]] = []

    class Report:
        def __init__(self, failed):
            self.fetched, self.skipped, self.failed = [], [], failed

    async def fake_fetch_many(cache, numbers, *, force=False, progress=None):
        numbers = [str(n) for n in numbers]
        calls.append((numbers, force))
        if len(calls) == 2:
            return Report([(numbers[0], "cannot connect (offline?)")])
        if len(calls) == 3:
            raise OSError("network is unreachable")
        return Report([])

    monkeypatch.setattr(fetch, "fetch_many", fake_fetch_many)
    app = make_app()
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("j", "enter")  # 2026Z00088, open
        await pilot.pause()
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert calls[0] == (["2026Z00088"], True)
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert sorted(calls[1][0]) == ["2026Z00042", "2026Z00088"] and calls[1][1]
        assert any("cannot connect" in text for _, text in app.screen.messages)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("network is unreachable" in text for _, text in app.screen.messages)
        assert app.is_running
        assert app.screen.current.number == "2026Z00088"


async def test_refresh_all_rechecks_the_sets_kvtui_refresh_rechecks(monkeypatch):
    """R and ``kvtui refresh`` share one definition (``store.recheck``): open, postponed
    and answered sets whose text is still pending, nothing else."""
    import kvtui.services.fetch as fetch
    from kvtui.cli.online import _refresh_candidates

    calls: list[list[str]] = []

    class Report:
        fetched, skipped, failed = [], [], []

    async def fake_fetch_many(cache, numbers, *, force=False, progress=None):
        calls.append([str(n) for n in numbers])
        return Report()

    class PendingCache(type(sample_cache())):
        def pending_numbers(self) -> set[str]:
            return {"2024Z05000"}  # answered, its text not published yet

    monkeypatch.setattr(fetch, "fetch_many", fake_fetch_many)
    cache = PendingCache(sample_cache().items)
    app = make_app(cache)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("R")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert sorted(calls[0]) == ["2024Z05000", "2026Z00042", "2026Z00088"]
    assert sorted(_refresh_candidates(cache, everything=False)) == sorted(calls[0])


async def test_fetch_key_opens_the_dialog_and_its_result_opens_the_set(monkeypatch):
    from kvtui.ui.screens.fetch import FetchScreen

    async with running() as (app, pilot):
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FetchScreen)
        app.screen.dismiss("kv-tk-2025Z19999")  # what a successful fetch returns
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert app.screen.current.number == "2025Z19999"
