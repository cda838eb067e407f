"""Fixtures shared by the UI tests (helpers that are not fixtures live in ``fakes``)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fakes import TODAY

SAMPLE = Path(__file__).resolve().parents[2] / "cache" / "sources"


@pytest.fixture
def no_real_config(tmp_path, monkeypatch) -> None:
    """The reader reads no config of the person running the tests, exports into
    ``tmp_path``, and finds no display (so no browser is started for a link)."""
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("KVTUI_EXPORT_DIR", str(tmp_path / "export"))
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)


@pytest.fixture
def sample_app(tmp_path, monkeypatch):
    """The reader on the repository's sample cache, indexed afresh in ``tmp_path``.

    Stable by construction, for the SVG snapshots: a fixed ``today``, the default theme
    (an empty ``Config``), animations off, a config dir of its own.
    """
    pytest.importorskip("kvtui.store.cache", reason="needs the store (kvtui.store.cache)")
    pytest.importorskip("kvtui.ui.app", reason="needs the reader (kvtui.ui.app)")
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
