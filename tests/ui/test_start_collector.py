"""The reader's start-up keeps the garbage collector's work out of its first screen.

``KvtuiApp.run`` freezes the objects the imports left (so no collection walks them again)
and holds the collector off until the first screen has painted; it is on again once the
start-up news begins, and whenever ``run`` returns, however it ends.
All content is FICTIEF (made up for kvtui's tests).
"""

from __future__ import annotations

import asyncio
import gc

import pytest
from fakes import TODAY, sample_cache

from kvtui.ui import app as app_module
from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config


@pytest.fixture(autouse=True)
def _thaw(tmp_path, monkeypatch):
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    yield
    gc.unfreeze()  # the test process's own objects go back to the collector
    gc.enable()


def _run(app: KvtuiApp, pilot_steps) -> dict[str, object]:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    async def auto_pilot(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        await pilot_steps(pilot, seen)
        pilot.app.exit()

    app.run(headless=True, size=(100, 30), auto_pilot=auto_pilot)
    seen["after run"] = gc.isenabled()
    return seen


def test_the_collector_waits_for_the_first_screen_and_comes_back(monkeypatch):
    monkeypatch.setattr(app_module, "NEWS_DELAY_S", 0.2)

    async def steps(pilot, seen) -> None:  # type: ignore[no-untyped-def]
        seen["at the first screen"] = gc.isenabled()
        seen["frozen"] = gc.get_freeze_count()
        await asyncio.sleep(0.4)  # the news timer has fired
        await pilot.pause()
        seen["after the news began"] = gc.isenabled()

    seen = _run(KvtuiApp(sample_cache(), today=TODAY, config=Config()), steps)
    assert seen["at the first screen"] is False
    assert isinstance(seen["frozen"], int) and seen["frozen"] > 1_000
    assert seen["after the news began"] is True
    assert seen["after run"] is True


def test_the_collector_is_back_when_the_reader_stops_before_the_news(monkeypatch):
    monkeypatch.setattr(app_module, "NEWS_DELAY_S", 30)

    async def steps(pilot, seen) -> None:  # type: ignore[no-untyped-def]
        seen["at the first screen"] = gc.isenabled()

    seen = _run(KvtuiApp(sample_cache(), today=TODAY, config=Config()), steps)
    assert seen == {"at the first screen": False, "after run": True}
