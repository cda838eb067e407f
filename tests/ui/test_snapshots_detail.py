"""SVG snapshots of the detail view and the fetch dialog, 80×24 and 160×48, on the sample cache.

Stable by construction: a fixed ``today``, the default theme (an empty ``Config``),
animations off, and the repository's sample sources (FICTIEF, written by the project)
indexed into a fresh directory. When the layout changes on purpose, regenerate with
``pytest tests/ui/test_snapshots_detail.py --snapshot-update`` and look at the SVGs
before committing them.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

SAMPLE = Path(__file__).resolve().parents[2] / "cache" / "sources"
TODAY = dt.date(2026, 11, 28)  # the sample cache's "today" (cache/README.md)


@pytest.fixture
def sample_app(tmp_path, monkeypatch):
    pytest.importorskip("kvtui.store.cache", reason="helper B's store is not there yet")
    pytest.importorskip("kvtui.ui.app", reason="helper D1's app is not there yet")
    if not SAMPLE.is_dir():
        pytest.skip("the sample cache is not there yet")
    from kvtui.store.cache import Cache
    from kvtui.ui.app import KvtuiApp
    from kvtui.ui.config import Config

    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    shutil.copytree(SAMPLE, tmp_path / "cache" / "sources")
    cache = Cache(tmp_path / "cache", today=TODAY)
    cache.reindex()
    yield KvtuiApp(cache, today=TODAY, config=Config())
    cache.close()


async def _settle(pilot) -> None:
    await pilot.pause(0.2)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.2)


def _open(number: str, *keys: str):
    async def run_before(pilot) -> None:
        await _settle(pilot)
        assert pilot.app.get_main_screen().open_number(number)
        await _settle(pilot)
        if keys:
            await pilot.press(*keys)
            await _settle(pilot)

    return run_before


def test_detail_80x24(snap_compare, sample_app):
    """Postponed, then answered: header, the first question and its answer."""
    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=_open("2025Z02291"))


def test_detail_160x48_side_by_side(snap_compare, sample_app):
    assert snap_compare(sample_app, terminal_size=(160, 48), run_before=_open("2025Z02291"))


def test_detail_combined_answer_80x24(snap_compare, sample_app):
    """``]`` twice: question 3 of a set whose answer to 2 and 3 is combined."""
    run_before = _open("2020Z08817", "right_square_bracket", "right_square_bracket")
    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=run_before)


def _fetch_dialog(text: str):
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f")
        await _settle(pilot)
        pilot.app.screen.query_one("#fetch-input").value = text
        await _settle(pilot)

    return run_before


def test_fetch_dialog_80x24(snap_compare, sample_app):
    run_before = _fetch_dialog("kv-tk-2020z12161")
    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=run_before)


def test_fetch_dialog_invalid_160x48(snap_compare, sample_app):
    run_before = _fetch_dialog("2020X12161")
    assert snap_compare(sample_app, terminal_size=(160, 48), run_before=run_before)
