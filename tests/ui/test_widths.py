"""Issue 10, item 8: widths work for reading. The document pane gets 60–100 columns
whenever the screen has them; the list gives the title what is left after its fixed
columns; ``z`` (and the palette) hides and restores the list. All content is FICTIEF.
"""

from __future__ import annotations

import pytest
from fakes import TODAY, sample_cache, screen_text, settle

from kvtui.ui import commands
from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config
from kvtui.ui.palette import KvtuiCommands
from kvtui.ui.widgets.doc_list import Columns


@pytest.fixture(autouse=True)
def _no_real_config(tmp_path, monkeypatch):
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))


def make_app() -> KvtuiApp:
    return KvtuiApp(sample_cache(), today=TODAY, config=Config())


@pytest.mark.parametrize("width", [120, 130, 160, 200, 240])
async def test_the_document_pane_has_60_to_100_columns_beside_the_list(width):
    app = make_app()
    async with app.run_test(size=(width, 40)) as pilot:
        await settle(pilot)
        detail = app.screen.query_one("#detail-pane")
        listing = app.screen.query_one("#list-pane")
        assert app.screen.current is not None  # the wide layout previews a set
        assert 60 <= detail.size.width <= 100, detail.size.width
        assert listing.size.width >= 40
        assert detail.size.width + listing.outer_size.width == width


@pytest.mark.parametrize("width", [60, 80, 100, 119, 120, 160, 240])
@pytest.mark.parametrize("number_width", [10, 12, 23])
def test_the_title_gets_what_is_left_after_the_fixed_columns(width, number_width):
    c = Columns.for_width(width, number_width)
    used = 2 + c.number + 1 + c.date + 1 + c.status + 1 + c.days + 1
    used += c.people + (1 if c.people else 0)
    assert used + c.title == width  # every column is accounted for, none wasted
    assert c.title >= c.people  # the title never loses to the submitters
    if c.people:
        assert c.title >= 50
    if width >= 80:
        assert c.title >= 35


async def test_at_80_columns_whole_titles_are_shown():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "Fictieve vragen over windmolens op zee" in text  # 38 characters, uncut


@pytest.mark.parametrize("width", [120, 160])
async def test_a_key_and_the_palette_hide_and_restore_the_list(width):
    cmd = commands.BY_ID["toggle-list"]
    app = make_app()
    async with app.run_test(size=(width, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        listing = screen.query_one("#list-pane")
        detail = screen.query_one("#detail-pane")
        view = screen.doc_view
        await pilot.press(cmd.key_list[0])
        await settle(pilot, 0.1)
        assert not listing.display and app.focused is view
        assert detail.size.width == width
        assert 60 <= view.size.width <= 100
        await pilot.press("right_square_bracket")  # document keys work there
        await settle(pilot, 0.05)
        assert view.current_stop == 0
        provider = KvtuiCommands(screen)
        assert cmd in provider._palette_commands()
        await screen.run_action(cmd.action)  # what the palette entry runs
        await settle(pilot, 0.1)
        assert listing.display and 60 <= detail.size.width <= 100
        # q (back) from the document restores the list too
        await pilot.press(cmd.key_list[0])
        await settle(pilot, 0.1)
        await pilot.press("q")
        await settle(pilot, 0.1)
        assert listing.display and app.is_running


async def test_on_a_narrow_screen_the_key_switches_between_list_and_document():
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("w")
        await settle(pilot)
        assert screen.reading and screen.current.number == "2026Z00101"
        await pilot.press("w")
        await settle(pilot, 0.1)
        assert not screen.reading and screen.query_one("#list-pane").display


async def test_a_hidden_list_on_a_screen_that_narrows_leaves_the_document_in_view():
    app = make_app()
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("w")
        await settle(pilot, 0.1)
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        screen = app.screen
        assert screen.reading and screen.doc_view.display
        assert screen.query_one("#detail-pane").size.width == 80
        await pilot.press("q")  # back to the list as usual
        await settle(pilot, 0.1)
        assert screen.query_one("#list-pane").size.width == 80
