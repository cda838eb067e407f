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


@pytest.mark.parametrize(
    "query",
    ['"stikstof uit', "(fiets", "a OR", "sinds:2026-13-01", "*", "***", "a *", "(kamer OR *)"],
)
async def test_enter_on_a_query_that_cannot_run_leaves_the_typing_in_the_bar(sample_app, query):
    """Seen: after Enter on an unclosed quote the message showed, but the keys typed next
    to mend the query went to the list: ``R`` refreshed every open set, ``f`` opened the
    fetch dialog, ``t`` the theme picker. Seen too: ``*`` alone found 0 results and said
    nothing about why."""
    app = sample_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.get_main_screen()
        await pilot.press("s", *query, "enter")
        await settle(pilot)
        said = [text for _severity, text in main.messages]
        assert any(text.startswith("Search: ") for text in said), said
        await pilot.press(*"Rft")
        await settle(pilot)
        assert app.screen is main, "a key reached the list and opened a dialog"
        assert main.filter_bar.input.has_focus
        assert main.filter_bar.value == query + "Rft"
        assert not [w for w in app.workers if w.group == "refresh"]


OLD_IDS = [f"kv-tk-20052006-KVR{22500 + i}" for i in range(8)] + [
    f"ah-tk-19961997-{1230 + i}" for i in range(4)
]


@pytest.mark.parametrize("size", [(80, 30), (160, 45)])  # 12 hits of two lines each
async def test_older_ids_stay_apart_in_the_list_and_in_search_hits(size):
    """Seen on the 50,000-set cache: a page of rows all numbered "kv-tk-20052…"."""
    import datetime as dt

    from fakes import FakeCache, kamervraag

    sets = [
        kamervraag(
            n,
            f"Fictieve vraag {i} over het mbo",
            submitted=dt.date(2006, 1, 1 + i),
            text="Hoe staat het mbo ervoor? (FICTIEF voorbeeld voor kvtui)",
        )
        for i, n in enumerate(OLD_IDS)
    ]
    app = KvtuiApp(FakeCache(sets), today=TODAY, config=Config())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        listed = screen_text(app)
        await pilot.press("s", *"mbo", "enter")
        await settle(pilot)
        hits = screen_text(app)
    for shown in (listed, hits):
        rows = [line.split("▕")[0] for line in shown.splitlines()]  # the list's side
        cells = [row.split()[1] for row in rows if "Fictieve vraag" in row]
        assert len(cells) == len(OLD_IDS), shown
        assert len(set(cells)) == len(cells), cells  # no two rows read alike
        for cell, number in zip(sorted(cells), sorted(OLD_IDS), strict=True):
            assert cell.startswith(number[:3]) and number.endswith(cell.rsplit("…")[-1])


@pytest.mark.parametrize("width", range(8, 26))
def test_a_cut_number_keeps_its_kind_and_its_tail(width):
    from rich.cells import cell_len

    from kvtui.ui.widgets.doc_list import fit_number

    for number in (*OLD_IDS, "2026Z11158", "kv-2009Z03159"):
        shown = fit_number(number, width)
        assert cell_len(shown) == width
        if len(number) <= width:
            assert shown.rstrip() == number
        else:
            head, tail = shown.split("…")
            assert head == number[:3] and number.endswith(tail) and len(tail) >= 4


@pytest.mark.parametrize("today", ["2026-11-28", "2031-02-03"])
def test_the_document_counts_open_days_from_the_cache_s_today(monkeypatch, tmp_path, today):
    """Seen with KVTUI_TODAY=2026-11-28: the overdue board counted from the 28th while an
    open set's document said "open for 4 days" from the machine's date (the 30th)."""
    import argparse
    import datetime as dt

    from kvtui.cli.reader import run_reader

    seen: list[tuple[dt.date, dt.date]] = []
    monkeypatch.setattr(
        KvtuiApp, "run", lambda self, **kw: seen.append((self.today, self.cache.today))
    )
    monkeypatch.setenv("KVTUI_FORCE_TUI", "1")
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("KVTUI_TODAY", today)
    args = argparse.Namespace(number=None, cache=tmp_path / "cache", no_mouse=True, theme=None)
    assert run_reader(args) == 0
    assert seen == [(dt.date.fromisoformat(today), dt.date.fromisoformat(today))]


@pytest.mark.parametrize(
    ("down", "up"), [("G", "g"), ("end", "home"), ("ctrl+d", "ctrl+u"), ("j", "k")]
)
async def test_the_moving_keys_of_the_help_move_on_the_boards(sample_app, down, up):
    """Seen on the 1,204-row overdue board: G, End and ^d did nothing, though the help
    (opened from the board) lists them under "Moving"; only the arrows and PgDn moved."""
    from textual.widgets import DataTable

    app = sample_app
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count >= 2
        await pilot.press(down)
        await settle(pilot)
        assert table.cursor_row == table.row_count - 1
        await pilot.press(up)
        await settle(pilot)
        assert table.cursor_row == 0
        await pilot.press("escape", "S")  # the statistics scroll under the same keys
        await settle(pilot)
        scroll = app.screen.query_one("#stats-scroll")
        assert scroll.max_scroll_y > 0
        await pilot.press(down)
        await settle(pilot)
        assert scroll.scroll_y > 0
        await pilot.press(up)
        await settle(pilot)
        assert scroll.scroll_y == 0


@pytest.mark.parametrize(("language", "sep"), [("en", ","), ("nl", ".")])
def test_the_histogram_groups_its_counts_like_every_other_count(language, sep):
    """Seen on the 50,000-set statistics: "48,014 answered sets" above bars counting
    "5025" and "771"."""
    from kvtui.render.chart import histogram_lines

    before = i18n.current()
    i18n.set_language(language)
    try:
        lines = histogram_lines([(0, 7, 771), (8, 14, 5025), (15, None, 1234567)], width=76)
    finally:
        i18n.set_language(before)
    ends = [line.rstrip().rsplit(" ", 1)[-1] for line in lines]
    assert ends == ["771", f"5{sep}025", f"1{sep}234{sep}567"]


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_an_empty_watch_list_says_how_to_add_a_rule_in_full(
    sample_app, monkeypatch, language, size
):
    """Seen at 80×24: "No watch rules yet: kvtui watch" (the rule to type was cut off)."""
    app = _reader(sample_app, monkeypatch, language)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("W")
        await settle(pilot)
        text = screen_text(app)
    assert i18n._("No watch rules yet: kvtui watch add party PvdA") in text, text


@pytest.mark.parametrize("failures", [2, 5, 1546])
def test_a_refresh_that_failed_for_one_cause_says_it_once(failures):
    """Seen offline on the 50,000-set cache: "Refresh: 1,546 failed" and then the same
    "offline / cannot connect – Tweede Kamer open data" under three numbers."""
    from types import SimpleNamespace

    from kvtui.ui.refresh import outcome

    cause = "offline / cannot connect – Tweede Kamer open data"
    report = SimpleNamespace(failed=[(f"2026Z{i:05d}", cause) for i in range(failures)])
    said = outcome(report)
    assert said.severity == "error"
    assert said.text == f"Refresh: {failures:,} failed: {cause}"
    assert said.text.count(cause) == 1


async def test_the_fetch_dialog_offline_says_the_cause_once(monkeypatch):
    """Seen with every service refusing (127.0.0.1:9): the dialog showed the cause twice
    ("[1/1] 2020Z12161: offline …" and "Failed: 2020Z12161: offline …") under a
    "gives up after 30 s" that no longer applied."""
    import types

    from textual.app import App
    from textual.widgets import Static

    from kvtui.ui.screens.fetch import FetchScreen

    cause = "offline / cannot connect – Tweede Kamer open data"

    async def fetch_many(cache, numbers, *, force=False, progress=None):
        progress(f"[0/1] {numbers[0].canonical}: fetching")
        progress(f"[1/1] {numbers[0].canonical}: {cause}")
        return types.SimpleNamespace(failed=[(numbers[0].canonical, cause)], fetched=[])

    module = types.ModuleType("kvtui.services.fetch")
    module.fetch_many = fetch_many  # type: ignore[attr-defined]
    monkeypatch.setitem(__import__("sys").modules, "kvtui.services.fetch", module)

    class DialogApp(App[None]):
        cache = None

    app = DialogApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = FetchScreen("2020Z12161", autostart=True)
        app.push_screen(screen)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = screen_text(app)
        error = str(screen.query_one("#fetch-error", Static).render())
    assert error == f"Failed: 2020Z12161: {cause}"
    assert shown.count(cause) == 1, shown
    assert "gives up after" not in shown


async def test_a_remapped_moving_key_moves_on_the_board_too(sample_app):
    """The board's moving keys are the registry's: a user's [keys] bottom = "x" holds."""
    from textual.widgets import DataTable

    app = KvtuiApp(sample_app.cache, today=TODAY, config=Config(keymap={"bottom": "x"}))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("L")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        await pilot.press("G")  # no longer "bottom"
        await settle(pilot)
        assert table.cursor_row == 0
        await pilot.press("x")
        await settle(pilot)
        assert table.cursor_row == table.row_count - 1 > 0


@pytest.mark.parametrize("language", ["en", "nl"])
async def test_the_watch_list_footer_names_v_as_its_heading_does(sample_app, monkeypatch, language):
    """Seen: the watch list's heading said "v: switch view" and its footer "v Group by"."""
    app = _reader(sample_app, monkeypatch, language)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("W")
        await settle(pilot)
        lines = screen_text(app).splitlines()
        await pilot.press("v")  # the key still switches the view
        await settle(pilot)
        heading = screen_text(app).splitlines()[0]
    switch = i18n._("switch view")
    assert f"v: {switch}" in lines[0]
    assert f"v {switch.capitalize()}" in lines[-1], lines[-1]
    assert i18n._("Group by") not in lines[-1]
    assert i18n._("new since your last visit") in heading
