"""Notifications are rendered for real here.

``run_test`` hides toasts by default, so a notification built wrongly (a ``Text`` where
Textual wants a string, document text parsed as markup) only crashes in a person's
terminal. These paths run with ``notifications=True`` and let the toasts paint.
"""

from __future__ import annotations

import pytest
from fakes import TODAY, sample_cache, screen_text

from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config


@pytest.fixture(autouse=True)
def _no_real_config(tmp_path, monkeypatch):
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("KVTUI_EXPORT_DIR", str(tmp_path / "export"))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


async def test_find_copy_sort_export_and_link_toasts_paint_without_crashing():
    app = KvtuiApp(sample_cache(), today=TODAY, config=Config())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("o")  # sort toast
        await pilot.press("o", "o")
        await pilot.press("G", "k", "enter")
        await pilot.pause()
        await pilot.press("ctrl+f", *"bericht", "enter")
        await pilot.pause(0.2)
        assert "match" in screen_text(app)
        await pilot.press("y", "u", "m", "e", "O")
        await pilot.pause(0.2)
        assert app.is_running
        assert app._exit_renderables == []
