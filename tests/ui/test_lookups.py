"""Issue 10, item 12: lookups. The palette offers to fetch a number that is not cached;
Enter in the filter opens the highlighted set; an empty cache says what to do. FICTIEF.
"""

from __future__ import annotations

import pytest
from fakes import TODAY, FakeCache, sample_cache, screen_text, settle

from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config
from kvtui.ui.palette import KvtuiCommands
from kvtui.ui.screens.main import MainScreen


@pytest.fixture(autouse=True)
def _no_real_config(tmp_path, monkeypatch):
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))


async def hits_for(app, query: str) -> list[str]:
    provider = KvtuiCommands(app.screen)
    return [str(hit.text) async for hit in provider.search(query)]


async def test_the_palette_offers_to_fetch_a_number_that_is_not_cached(monkeypatch):
    asked: list[tuple[str, bool]] = []
    monkeypatch.setattr(
        MainScreen,
        "action_fetch",
        lambda self, initial="", autostart=False: asked.append((initial, autostart)),
    )
    app = KvtuiApp(sample_cache(), today=TODAY, config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for query, offered in [
            ("2020Z12161", "Fetch 2020Z12161"),
            (" 2020z12161 ", "Fetch 2020Z12161"),
            ("kv-tk-2021Z00001", "Fetch kv-tk-2021Z00001"),
        ]:
            assert offered in await hits_for(app, query), query
        for query in ("2024Z05000", "kv-tk-2024Z05000", "2020", "wind", "2020X12161"):
            assert not any(h.startswith("Fetch ") for h in await hits_for(app, query)), query
        # Through the palette for real: the hit starts the fetch of that number
        await pilot.press("ctrl+p", *"2020Z12161")
        await pilot.pause(0.6)
        assert "Fetch 2020Z12161" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert asked == [("2020Z12161", True)]


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_enter_in_the_filter_opens_the_highlighted_set(size):
    app = KvtuiApp(sample_cache(), today=TODAY, config=Config())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"spoorbrug", "enter")  # Enter before the debounce
        await settle(pilot)
        screen = app.screen
        assert screen.current is not None and screen.current.number == "2026Z00042"
        assert screen.reading
        await pilot.press("q")
        await settle(pilot)
        await pilot.press("slash", *"mensenhandel")
        await settle(pilot)  # after the debounce: the list already shows it
        await pilot.press("enter")
        await settle(pilot)
        assert screen.current.number == "2024Z05000" and screen.reading


async def test_an_empty_cache_says_what_to_do(tmp_path):
    cache = FakeCache([])
    cache.root = tmp_path / "mijn-cache"  # type: ignore[attr-defined]
    app = KvtuiApp(cache, today=TODAY, config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        text = " ".join(screen_text(app).split())
        assert "No Kamervragen in the cache yet" in text
        assert "Press f to fetch one by number" in text
        # the whole path, however the screen wraps it (a long temporary path does)
        assert str(cache.root) in "".join(text.split())
        await pilot.press("enter", "j", "slash", *"x", "enter")  # nothing to open: no crash
        await settle(pilot)
        assert app.is_running and app.screen.current is None
        text = " ".join(screen_text(app).split())
        assert "0 Kamervragen in the cache · filter (0 shown): “x”" in text
        assert "No Kamervragen in the cache yet" in text  # still says what to do
