"""Issue 10, item 9: position in long sets. The title bar says which set is open and
"Vraag 3/8"; ``:`` (and the palette) goes to question N – what the 250-question set
needs. All content is FICTIEF (made up for kvtui's tests).
"""

from __future__ import annotations

import datetime as dt

import pytest
from fakes import TODAY, FakeCache, kamervraag, screen_text, settle
from test_doc_stops import top_line

from kvtui.ui import commands
from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config
from kvtui.ui.palette import KvtuiCommands


@pytest.fixture(autouse=True)
def _no_real_config(tmp_path, monkeypatch):
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))


def long_cache(n_questions: int) -> FakeCache:
    kv = kamervraag(
        "2026Z00250",
        "Fictieve vragen met heel veel vragen",
        submitted=dt.date(2026, 3, 1),
        answered=dt.date(2026, 4, 1),
        n_questions=n_questions,
    )
    return FakeCache([kv])


def title(app) -> str:
    return screen_text(app).splitlines()[0]


@pytest.mark.parametrize(("n_questions", "target"), [(8, 3), (250, 200), (250, 250)])
async def test_go_to_question_n_and_the_position_shows_it(n_questions, target):
    app = KvtuiApp(long_cache(n_questions), today=TODAY, config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.doc_view
        assert title(app).startswith(" kvtui  2026Z00250 · Vraag 1/")
        assert "sorted by" not in title(app)
        await pilot.press("colon", *str(target), "enter")
        await settle(pilot)
        assert view.current_index == target - 1
        assert f"Vraag {target}/{n_questions}" in title(app)
        if target < n_questions:  # the last ones cannot all reach the top
            assert top_line(view) == f"Vraag {target}"
        assert app.focused is view
        # a number the set does not have: one clear message, the place is kept
        for bad in (str(n_questions + 1), "0", "drie", "1" * 5000):
            app.screen.document.goto(bad)
            await settle(pilot, 0.05)
            assert view.current_index == target - 1, (
                view.scroll_y,
                view._stop_scroll_y,
                view.max_scroll_y,
                view._stop,
            )
        assert app.is_running


async def test_go_to_question_is_one_registry_command_with_a_key_and_a_palette_entry():
    cmd = commands.BY_ID["goto-question"]
    assert cmd.palette and cmd.key_list and cmd.when == "doc"
    app = KvtuiApp(long_cache(8), today=TODAY, config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        provider = KvtuiCommands(app.screen)
        assert cmd not in provider._palette_commands()  # no document open yet
        await pilot.press("enter")
        await settle(pilot)
        assert cmd in provider._palette_commands()
        await app.screen.run_action(cmd.action)
        await settle(pilot, 0.1)
        assert "Go to question" in screen_text(app)
        await pilot.press("5", "enter")
        await settle(pilot)
        assert app.screen.doc_view.current_index == 4


async def test_back_from_a_document_shows_the_filter_that_is_still_on():
    app = KvtuiApp(long_cache(8), today=TODAY, config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"veel", "enter")  # opens the one match
        await settle(pilot)
        await pilot.press("colon", "2", "enter", "q")
        await settle(pilot)
        assert "Filter  veel" in screen_text(app)
