"""The overdue board and the statistics screen: what a reader sees, and snapshots.

The figures on screen are checked against the cache's own list (the sample cache) and
against the independent count of tests/test_board.py (generated sets).
"""

from __future__ import annotations

import pytest
from fakes import TODAY, screen_text, settle

from kvtui.store.cache import ListQuery
from kvtui.ui import commands


async def _open(app, key: str, pilot) -> None:
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)


def _board_snapshot(
    snap_compare, app, size: tuple[int, int], board_key: str, group_by_presses: int = 0
) -> bool:
    """The board ``board_key`` opens, its grouping moved on ``group_by_presses`` times
    (v), at ``size``: does it look as its snapshot does?"""

    async def run_before(pilot) -> None:
        await _open(pilot.app, board_key, pilot)
        if group_by_presses:
            for _ in range(group_by_presses):
                await pilot.press("v")
            await settle(pilot)

    return snap_compare(app, terminal_size=size, run_before=run_before)


def test_snapshot_overdue_80x24(snap_compare, sample_app):
    assert _board_snapshot(snap_compare, sample_app, (80, 24), "L")


def test_snapshot_overdue_by_ministry_160x48(snap_compare, sample_app):
    assert _board_snapshot(snap_compare, sample_app, (160, 48), "L", group_by_presses=1)


def test_snapshot_stats_80x24(snap_compare, sample_app):
    assert _board_snapshot(snap_compare, sample_app, (80, 24), "S")


def test_snapshot_stats_by_year_160x48(snap_compare, sample_app):
    assert _board_snapshot(snap_compare, sample_app, (160, 48), "S", group_by_presses=4)


async def test_board_lists_the_overdue_sets_and_opens_one(sample_app):
    app = sample_app
    late = [r.number for r in app.cache.rows(ListQuery(status="overdue"))]
    assert late
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, "L", pilot)
        text = screen_text(app)
        assert f"{len(late)} overdue on {TODAY}" in text
        for number in late:
            assert number in text
        await pilot.press("v")
        await settle(pilot)
        assert "Ministry" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        main = app.get_main_screen()
        assert app.screen is main
        assert main.current is not None and main.current.number in late


async def test_stats_screen_shows_every_group_with_its_median(sample_app):
    from kvtui.board import group_figures, group_name
    from kvtui.store.figures import stats_cells
    from kvtui.ui.screens.board import plain

    app = sample_app
    async with app.run_test(size=(100, 60)) as pilot:
        await _open(app, "S", pilot)
        for by in ("ministry", "minister", "party", "member", "year"):
            figures = app.cache.read(
                lambda conn, today, by=by: group_figures(
                    stats_cells(conn, today=today, by=by), by=by
                )
            )
            text = screen_text(app)
            assert f"per {by}" in text
            lines = text.splitlines()
            for g in figures[:20]:
                label = plain(group_name(g.group))[:12]  # controls shown inert, never acting
                line = next((ln for ln in lines if ln.strip().startswith(label)), None)
                assert line is not None, (by, g.group)
                if g.median_days is not None:
                    assert f"{g.median_days:g} d" in line or f"{g.median_days:.1f} d" in line
                    assert "█" in line or "▏" in line
            await pilot.press("v")
            await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is app.get_main_screen()


@pytest.fixture
def mono_app(tmp_path, monkeypatch):
    """The sample app built with NO_COLOR set (Textual reads it when the app is made)."""
    import shutil

    from conftest import SAMPLE

    from kvtui.store.cache import Cache
    from kvtui.ui.app import KvtuiApp
    from kvtui.ui.config import Config

    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("NO_COLOR", "1")
    shutil.copytree(SAMPLE, tmp_path / "cache" / "sources")
    cache = Cache(tmp_path / "cache", today=TODAY)
    cache.reindex()
    app = KvtuiApp(cache, today=TODAY, config=Config())
    assert app.no_color
    yield app
    cache.close()


async def test_screens_read_without_colour(mono_app):
    """NO_COLOR: bars are block characters and every figure is a word, so nothing is lost."""
    app = mono_app
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, "S", pilot)
        text = screen_text(app)
        assert "█" in text and "median" in text and "in time" in text
        await pilot.press("escape")
        await _open(app, "L", pilot)
        assert "overdue on" in screen_text(app) and " U " in screen_text(app)


def test_snapshot_stats_no_color_80x24(snap_compare, mono_app):
    async def run_before(pilot) -> None:
        await _open(pilot.app, "S", pilot)

    assert snap_compare(mono_app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_overdue_no_color_80x24(snap_compare, mono_app):
    async def run_before(pilot) -> None:
        await _open(pilot.app, "L", pilot)

    assert snap_compare(mono_app, terminal_size=(80, 24), run_before=run_before)


def test_board_keys_come_from_the_registry():
    from kvtui.ui.screens.board import MOVES, BoardScreen

    ids = {b.id for b in BoardScreen.BINDINGS}
    moving = {c.id for c in commands.COMMANDS if c.action in MOVES}  # the list's, shared
    assert moving == {"down", "up", "top", "bottom", "page-down", "page-up"}
    assert ids == {c.id for c in commands.COMMANDS if c.scope == "board"} | moving
    assert {"overdue-board", "statistics"} <= {c.id for c in commands.COMMANDS if c.scope == "app"}


async def test_generated_sets_on_the_board(tmp_path, monkeypatch):
    """Generated sets: the board shows exactly the sets the literal 21/42 rule finds."""
    from test_board import _build, _generate, _overdue

    from kvtui.store.cache import Cache
    from kvtui.ui.app import KvtuiApp
    from kvtui.ui.config import Config

    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    sets = _generate(60, seed=3)
    root = _build(tmp_path / "cache", sets)
    late = {s["number"] for s in sets if _overdue(s)}
    cache = Cache(root, today=TODAY)
    app = KvtuiApp(cache, today=TODAY, config=Config())
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            await _open(app, "L", pilot)
            table = app.screen.query_one("#board-table")
            shown = {table.get_row_at(i)[0].plain for i in range(table.row_count)}
            assert shown == late
    finally:
        cache.close()


@pytest.mark.parametrize("key", ["L", "S"])
async def test_a_cache_without_an_index_gets_a_message(key):
    from fakes import sample_cache

    from kvtui.ui.app import KvtuiApp
    from kvtui.ui.config import Config

    app = KvtuiApp(sample_cache(), today=TODAY, config=Config())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await _open(app, key, pilot)
        assert "need the index" in screen_text(app)


async def test_generated_sets_on_the_statistics_screen(tmp_path, monkeypatch):
    """Generated sets: each ministry's line carries the independently counted figures."""
    from test_board import MINISTRIES, _build, _expected, _generate

    from kvtui.board import days_text as _num
    from kvtui.board import share_text as _share
    from kvtui.store.cache import Cache
    from kvtui.ui.app import KvtuiApp
    from kvtui.ui.config import Config

    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    sets = _generate(80, seed=5)
    expected = _expected(sets, "ministry")
    cache = Cache(_build(tmp_path / "cache", sets), today=TODAY)
    app = KvtuiApp(cache, today=TODAY, config=Config())
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await _open(app, "S", pilot)
            lines = screen_text(app).splitlines()
            for name in MINISTRIES:
                e = expected[name]
                line = next(ln for ln in lines if ln.strip().startswith(name[:12]))
                cells = line.split()
                assert cells[-1] == str(e["sets"])
                assert _share(e["in_time_share"]) in cells
                assert _num(e["p90_days"]) in cells and _num(e["median_days"]) in cells
    finally:
        cache.close()


async def test_many_groups_draw_the_largest_and_say_how_many_are_left(tmp_path, monkeypatch):
    from test_board import _build, _generate

    from kvtui.store.cache import Cache
    from kvtui.ui.app import KvtuiApp
    from kvtui.ui.config import Config
    from kvtui.ui.screens.stats import MAX_BARS

    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    sets = _generate(MAX_BARS + 7, seed=9)
    for i, s in enumerate(sets):
        s["members"] = [(f"Lid {i:03d}", "Rood")]  # one member group per set
    cache = Cache(_build(tmp_path / "cache", sets), today=TODAY)
    app = KvtuiApp(cache, today=TODAY, config=Config())
    try:
        async with app.run_test(size=(80, 80)) as pilot:
            await _open(app, "S", pilot)
            for _ in range(3):  # ministry -> minister -> party -> member
                await pilot.press("v")
            await settle(pilot)
            text = screen_text(app)
            assert "per member" in text
            assert "7 smaller groups not drawn (all of them: kvtui stats --by member)" in text
            assert sum(line.strip().startswith("Lid ") for line in text.splitlines()) == MAX_BARS
    finally:
        cache.close()


async def test_board_keys_can_be_remapped_by_id(sample_app):
    app = sample_app
    app.config.keymap = {"figures-group": "x", "statistics": "A"}
    async with app.run_test(size=(80, 24)) as pilot:
        await _open(app, "A", pilot)
        assert "per ministry" in screen_text(app)
        assert "x: group by" in screen_text(app)  # the heading names the remapped key
        await pilot.press("x")
        await settle(pilot)
        assert "per minister" in screen_text(app)
        await pilot.press("v")  # the old key no longer groups
        await settle(pilot)
        assert "per minister" in screen_text(app)
