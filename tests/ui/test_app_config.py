"""Config file (theme, keymap), the registry's consistency, and the palette."""

from __future__ import annotations

import contextlib
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fakes import TODAY, sample_cache, screen_text
from rich.console import Console
from textual.pilot import Pilot

from kvtui.ui import commands
from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config, config_path, dumps, load_config, save_config
from kvtui.ui.palette import prefix_matches
from kvtui.ui.screens.help import help_renderable, help_rows
from kvtui.ui.screens.main import MainScreen
from kvtui.ui.widgets.doc_list import DocList


@pytest.fixture
def config_dir(tmp_path, monkeypatch):
    d = tmp_path / "config"
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(d))
    return d


def test_registry_ids_are_unique_and_no_key_is_ambiguous():
    ids = [c.id for c in commands.COMMANDS]
    assert len(ids) == len(set(ids))
    cmds = commands.COMMANDS
    for i, a in enumerate(cmds):
        for b in cmds[i + 1 :]:
            if a.scope != b.scope or not set(a.key_list) & set(b.key_list):
                continue
            # a key may be shared only by a list command and a reading command
            assert {a.when, b.when} == {"list", "reading"}, (a.id, b.id)


def test_main_screen_bindings_come_from_the_registry():
    ids = {b.id for b in MainScreen.BINDINGS}
    assert ids == {c.id for c in commands.COMMANDS if c.scope == "main"}
    assert {b.id for b in KvtuiApp.BINDINGS} == {
        c.id for c in commands.COMMANDS if c.scope == "app"
    }


def test_help_lists_every_command_with_the_remapped_key():
    rows = [r for group in help_rows({"next-question": "l"}).values() for r in group]
    assert sorted(r[2] for r in rows) == sorted(c.id for c in commands.COMMANDS)
    assert ("l", "Next question in the document", "next-question") in rows
    assert ("y", "Copy the answer", "copy-answer") in rows
    console = Console(record=True, width=200, file=io.StringIO())
    console.print(help_renderable({}))
    plain = console.export_text()
    for c in commands.COMMANDS:
        assert c.description in plain and c.id in plain


def test_config_round_trip_and_atomic_write(config_dir):
    assert config_path() == config_dir / "config.toml"
    cfg = Config(theme="nord", keymap={"next-question": "l", 'quote"key': "x"})
    path = save_config(cfg)
    assert path == config_dir / "config.toml"
    assert [p.name for p in config_dir.iterdir()] == ["config.toml"]  # no temp file left
    back = load_config()
    assert back.theme == "nord" and back.keymap == cfg.keymap and not back.warnings
    assert back.animations is False
    assert 'theme = "nord"' in dumps(back)


def test_broken_config_gives_defaults_and_a_warning(config_dir):
    config_dir.mkdir()
    (config_dir / "config.toml").write_text("theme = [unclosed", encoding="utf-8")
    cfg = load_config()
    assert cfg.theme is None and cfg.warnings
    (config_dir / "config.toml").write_text(
        'theme = 3\nanimations = "yes"\n[keys]\nfilter = ["slash", "F"]\nsearch = 5\n',
        encoding="utf-8",
    )
    cfg = load_config()
    assert cfg.keymap == {"filter": "slash,F"}
    assert len(cfg.warnings) == 3


async def test_keymap_from_config_remaps_by_command_id_and_theme_is_remembered(config_dir):
    config_dir.mkdir()
    (config_dir / "config.toml").write_text(
        'theme = "nord"\n[keys]\nsort = "z"\nno-such-command = "x"\n', encoding="utf-8"
    )
    app = KvtuiApp(sample_cache(), today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        assert app.theme == "nord"
        assert app.animation_level == "none"
        await pilot.press("z")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.sort == "days"
        await pilot.press("o")  # the old key no longer sorts
        await pilot.pause()
        assert app.screen.sort == "days"
        assert "no-such-command" in screen_text(app)  # told about the unknown id
        app.theme = "gruvbox"
        await pilot.pause()
    cfg = load_config()
    assert cfg.theme == "gruvbox"
    assert cfg.keymap["sort"] == "z"  # hand-written keys survive the save


def test_prefix_matches_is_a_bisect_over_sorted_numbers():
    numbers = sorted(["2020Z00001", "2020Z00002", "2021Z00001", "kv-tk-20072008-KVR1"])
    assert prefix_matches(numbers, "2020z") == ["2020Z00001", "2020Z00002"]
    assert prefix_matches(numbers, "KV-TK") == ["kv-tk-20072008-KVR1"]
    assert prefix_matches(numbers, "1999") == []
    assert prefix_matches(numbers, "20", limit=2) == ["2020Z00001", "2020Z00002"]


async def test_palette_jumps_to_a_cached_number_and_runs_commands(config_dir):
    from textual.command import CommandPalette

    app = KvtuiApp(sample_cache(), today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        for ch in "2024z05":
            await pilot.press(ch)
        await pilot.pause(0.6)
        assert "Open 2024Z05000" in screen_text(app)
        await pilot.press("enter")
        await pilot.pause(0.3)
        main = app.screen
        assert isinstance(main, MainScreen)
        assert main.current is not None and main.current.number == "2024Z05000"
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        for ch in "sort":
            await pilot.press(ch)
        await pilot.pause(0.6)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.sort == "days"
        assert isinstance(app.query_one(DocList), DocList)


def _shared_keys(scope: str) -> list[tuple[str, commands.Command, commands.Command]]:
    """Every (key, command, other command) where two commands of one scope share a key."""
    found = []
    scoped = [c for c in commands.COMMANDS if c.scope == scope]
    for c in scoped:
        for other in scoped:
            if other is not c:
                found += [(k, c, other) for k in c.key_list if k in other.key_list]
    return found


@pytest.mark.parametrize("scope", ["app", "main", "board"])
def test_remapping_one_command_leaves_a_shared_key_to_the_other(scope):
    """Issue 10: Textual's keymap took a rebound key from every command that shared it."""
    from textual.binding import BindingsMap

    shared = _shared_keys(scope)
    if scope == "main":
        assert shared  # q and / are shared: the test has something to check
    for key, moved, other in shared:
        table = BindingsMap(commands.bindings(scope))
        commands.apply_keymap(table, {moved.id: "x,ctrl+z"})
        ids_on = {k: {b.id for b in bs} for k, bs in table.key_to_bindings.items()}
        assert other.id in ids_on[key], (key, moved.id, other.id)
        assert moved.id not in ids_on.get(key, set())
        assert moved.id in ids_on["x"] and moved.id in ids_on["ctrl+z"]
        # every other command keeps all of its keys
        for c in commands.COMMANDS:
            if c.scope == scope and c.id != moved.id:
                assert all(c.id in ids_on[k] for k in c.key_list), c.id


@contextlib.asynccontextmanager
async def _run_with_keys(
    config_dir: Path, keys_toml: str
) -> AsyncIterator[tuple[KvtuiApp, Pilot, MainScreen]]:
    """The reader with ``keys_toml`` as its config's [keys], started at 80x24: the app,
    its pilot and the main screen."""
    config_dir.mkdir()
    (config_dir / "config.toml").write_text("[keys]\n" + keys_toml, encoding="utf-8")
    app = KvtuiApp(sample_cache(), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        yield app, pilot, app.screen


async def test_quit_remapped_q_still_closes_a_document_and_help_says_so(config_dir):
    async with _run_with_keys(config_dir, 'quit = "x"\n') as (app, pilot, screen):
        await pilot.press("enter")
        await pilot.pause()
        assert screen.reading
        await pilot.press("q")  # "close" keeps q
        await pilot.pause()
        assert not screen.reading
        await pilot.press("q")  # ... but q no longer quits from the list
        await pilot.pause()
        assert app.is_running and app.return_code is None
        rows = {cid: keys for group in help_rows(app.keymap).values() for keys, _, cid in group}
        assert rows["quit"] == "x" and rows["close"] == "q"
        await pilot.press("x")
        await pilot.pause()
    assert app.return_code == 0


async def test_find_remapped_slash_still_filters_the_list(config_dir):
    async with _run_with_keys(config_dir, 'find = "z"\n') as (_app, pilot, screen):
        await pilot.press("slash")
        await pilot.pause()
        assert screen.filter_bar.has_class("-active") and screen.filter_bar.mode == "filter"
        await pilot.press("escape", "enter")
        await pilot.pause()
        assert screen.reading
        await pilot.press("slash")  # find lost /: nothing opens while reading
        await pilot.pause()
        assert not screen.filter_bar.has_class("-active")
        await pilot.press("z")
        await pilot.pause()
        assert screen.filter_bar.has_class("-active") and screen.filter_bar.mode == "find"


async def test_close_remapped_q_still_quits_and_board_keeps_q(config_dir):
    """The other direction (the reading command moved), several keys, and another scope:
    moving the list's status filter off v leaves v to the board's group-by."""
    keys = 'close = ["x", "backspace"]\nfilter-status = "z"\n'
    async with _run_with_keys(config_dir, keys) as (app, pilot, screen):
        for back in ("x", "backspace"):
            await pilot.press("enter")
            await pilot.pause()
            assert screen.reading
            await pilot.press(back)
            await pilot.pause()
            assert not screen.reading
        await pilot.press("L")  # the overdue board
        await pilot.pause()
        board = app.screen
        before = board.group
        await pilot.press("v")
        await pilot.pause()
        assert board.group != before
        await pilot.press("q")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
