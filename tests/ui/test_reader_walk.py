"""Faults a first reader met when walking the reader at 80×24 and 160×45, in English and
Dutch, on the sample cache and on a 50,000-set cache (each test names what was seen).
"""

from __future__ import annotations

import pytest
from fakes import TODAY, screen_text, settle

from kvtui import i18n
from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config
from kvtui.ui.widgets.filter_bar import PLACEHOLDERS, PROMPTS


def _reader(sample_app, monkeypatch, language: str) -> KvtuiApp:
    """The sample cache's reader, speaking ``language``."""
    monkeypatch.setenv("KVTUI_LANGUAGE", language)
    app = KvtuiApp(sample_app.cache, today=TODAY, config=Config())
    assert i18n.current() == language
    return app


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("mode", sorted(PLACEHOLDERS))
async def test_every_bar_hint_is_whole_at_80_columns(sample_app, monkeypatch, language, mode):
    """Seen: at 80 columns the search hint ended "sinds: (Enter:" and the filter's
    "is:open" lost "is:starred is:unread" – the part that tells what the bar takes."""
    app = _reader(sample_app, monkeypatch, language)
    keys = {"filter": ["slash"], "search": ["s"], "find": ["enter", "slash"]}
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.get_main_screen()
        if mode == "goto":
            await pilot.press("enter", "colon")
        else:
            await pilot.press(*keys[mode])
        await settle(pilot)
        assert main.filter_bar.mode == mode
        bar_line = next(
            line for line in screen_text(app).splitlines() if i18n._(PROMPTS[mode]) in line
        )
    assert i18n._(PLACEHOLDERS[mode]) in bar_line, bar_line


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
@pytest.mark.parametrize("grouped", [False, True])
async def test_the_overdue_board_heads_every_column_in_full(
    sample_app, monkeypatch, language, size, grouped
):
    """Seen in Dutch: the days-late column was headed "Te laa" (six cells for "Te laat")."""
    app = _reader(sample_app, monkeypatch, language)
    heads = [i18n._(word) for word in ("Number", "Due", "Late", "Title")]
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        if grouped:
            await pilot.press("v")
            await settle(pilot)
        head = next(line for line in screen_text(app).splitlines() if heads[0] in line)
        late = [line for line in screen_text(app).splitlines() if "2025Z11230" in line]
    for word in heads:
        assert f" {word} " in head + " ", head
    # the days late still stand under their head, right-aligned, with the U of a delay
    assert late and late[0].index(" U ") < head.index(heads[2]) + len(heads[2]) + 1, late
