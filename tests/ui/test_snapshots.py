"""SVG snapshots of the list (80×24 and 160×48) on the repository's sample cache.

Stable by construction: fixed ``today``, default theme (an empty ``Config``), animations
off, the sample sources copied to a fresh directory. When the sample cache changes on
purpose, regenerate with ``pytest tests/ui/test_snapshots.py --snapshot-update`` and look
at the SVGs before committing them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fakes import TODAY

from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config

SAMPLE = Path(__file__).resolve().parents[2] / "cache" / "sources"


@pytest.fixture
def sample_app(tmp_path, monkeypatch):
    pytest.importorskip("kvtui.store.cache", reason="helper B's store is not there yet")
    if not SAMPLE.is_dir():
        pytest.skip("the sample cache is not there yet")
    from kvtui.store.cache import Cache

    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    shutil.copytree(SAMPLE, tmp_path / "cache" / "sources")
    cache = Cache(tmp_path / "cache", today=TODAY)
    cache.reindex()
    yield KvtuiApp(cache, today=TODAY, config=Config())
    cache.close()


async def _settle(pilot) -> None:
    await pilot.pause(0.3)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.3)


def test_list_80x24(snap_compare, sample_app):
    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=_settle)


def test_list_160x48_side_by_side(snap_compare, sample_app):
    assert snap_compare(sample_app, terminal_size=(160, 48), run_before=_settle)


def test_list_filtered_80x24(snap_compare, sample_app):
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("slash", *"wacht")
        await _settle(pilot)

    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=run_before)


def test_help_80x24(snap_compare, sample_app):
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("question_mark")
        await _settle(pilot)

    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=run_before)
