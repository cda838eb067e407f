"""--theme and TEXTUAL_THEME (issue 10 item 15): they choose the reader's theme for one
run, ahead of the theme remembered in config.toml, and are not saved over it; Textual's
ansi-dark/ansi-light (the terminal's own colours) are accepted."""

from __future__ import annotations

import argparse

import pytest
from fakes import TODAY, sample_cache

from kvtui.cli.reader import run_reader
from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import load_config


@pytest.fixture
def remembered(tmp_path, monkeypatch):
    d = tmp_path / "config"
    d.mkdir()
    (d / "config.toml").write_text('theme = "nord"\n', encoding="utf-8")
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(d))
    return d / "config.toml"


@pytest.mark.parametrize(
    ("flag", "env", "expected"),
    [("ansi-dark", None, "ansi-dark"), (None, "ansi-light", "ansi-light"),
     ("gruvbox", "ansi-light", "gruvbox"), (None, None, "nord")],
)  # fmt: skip
def test_run_reader_passes_the_theme(remembered, monkeypatch, tmp_path, flag, env, expected):
    seen: list[str | None] = []
    monkeypatch.setattr(KvtuiApp, "run", lambda self, **kw: seen.append(self.config.theme))
    monkeypatch.setenv("KVTUI_FORCE_TUI", "1")
    if env:
        monkeypatch.setenv("TEXTUAL_THEME", env)
    else:
        monkeypatch.delenv("TEXTUAL_THEME", raising=False)
    args = argparse.Namespace(number=None, cache=tmp_path / "cache", no_mouse=True, theme=flag)
    assert run_reader(args) == 0
    assert seen == [expected]
    assert load_config().theme == "nord"  # the remembered theme is left as it was


@pytest.mark.parametrize("theme", ["ansi-dark", "ansi-light"])
async def test_the_app_takes_the_theme_for_this_run_without_saving_it(remembered, theme):
    app = KvtuiApp(sample_cache(), today=TODAY)
    app.config.theme = theme  # what run_reader does for --theme / TEXTUAL_THEME
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == theme
    assert load_config().theme == "nord"
