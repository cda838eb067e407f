"""The virtual list: column fitting, marks, hostile text, and scale (no widget per row)."""

from __future__ import annotations

import time

import pytest
from fakes import HOSTILE, TODAY, FakeCache, big_cache, kamervraag, screen_text
from rich.cells import cell_len

from kvtui.model import Status
from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config
from kvtui.ui.widgets.doc_list import (
    OVERDUE_WORD,
    Columns,
    DocList,
    fit,
    one_line,
    status_word,
    strip_marks,
)


@pytest.fixture(autouse=True)
def _no_real_config(tmp_path, monkeypatch):
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))


def test_fit_pads_cuts_with_ellipsis_and_counts_cells():
    assert fit("abc", 5) == "abc  "
    assert fit("abc", 5, right=True) == "  abc"
    assert fit("abcdef", 4) == "abc…"
    assert fit("abc", 0) == ""
    cut = fit("日本語", 4)  # wide characters count two cells
    assert cut.endswith("…") and cell_len(cut) == 4


def test_one_line_makes_controls_visible_and_folds_whitespace():
    assert one_line("a\n\tb\x1b[31m") == "a b␛[31m"
    assert one_line(None) == ""


def test_status_words_are_readable_without_colour():
    class Row:
        def __init__(self, status, overdue=False):
            self.status, self.overdue = status, overdue

    assert status_word(Row(Status.ANSWERED)) == "answered"
    assert status_word(Row(Status.OPEN)) == "open"
    assert status_word(Row(Status.OPEN, overdue=True)) == OVERDUE_WORD
    assert status_word(Row(Status.POSTPONED)) == "postponed"
    assert status_word(Row(Status.POSTPONED, overdue=True)) == OVERDUE_WORD
    assert status_word(Row(Status.WITHDRAWN)) == "withdrawn"


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160, 240])
def test_columns_fill_the_width_exactly(width):
    c = Columns.for_width(width, 10)
    used = 2 + c.number + 1 + c.date + 1 + c.status + 1 + c.days + 1
    used += (c.people + 1) if c.people else 0
    assert used + c.title == width
    assert c.title > 0


def test_columns_grow_on_wide_terminals_and_old_ids_get_room():
    narrow, wide = Columns.for_width(80, 23), Columns.for_width(160, 23)
    assert narrow.number < wide.number == 23
    assert wide.people > narrow.people


def test_strip_marks():
    assert strip_marks("a \ue000b\ue001 c") == "a b c"


async def test_hostile_text_in_the_list_is_shown_literally_and_does_nothing():
    title = "[@click=app.quit]klik[/] [bold]vet[/bold] [link=https://x.invalid]y[/link]"
    item = kamervraag(
        "2023Z00001",
        "\x1b]52;c;aGVsbG8=\x07" + title,
        submitted=TODAY,
        submitter=("[bold]Hacker[/bold]", "[@click=app.quit]X[/]"),
    )
    app = KvtuiApp(FakeCache([item]), today=TODAY, config=Config())
    async with app.run_test(size=(119, 12)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        y, line = next((i, ln) for i, ln in enumerate(text.splitlines()) if "2023Z00001" in ln)
        assert "␛]52;c;aGVsbG8=␇" + title[:30] in line
        assert "[bold]Hacker[/b" in line
        assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
        # no style or link came from the document text
        x = line.index("[bold]vet")
        compositor = app.screen._compositor
        assert not compositor.get_style_at(x + 7, y).italic
        assert all(compositor.get_style_at(dx, y).link is None for dx in range(len(line)))
        assert all(not compositor.get_style_at(dx, y).meta.get("@click") for dx in range(len(line)))
        await pilot.click(offset=(line.index("klik"), y))
        await pilot.pause()
        assert app.is_running
    assert "[@click" in HOSTILE


async def test_fifty_thousand_rows_render_without_a_widget_per_row():
    cache = big_cache(50_000)
    rows = cache.rows()
    app = KvtuiApp(cache, today=TODAY, config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        doc_list = app.query_one(DocList)
        start = time.perf_counter()
        doc_list.set_rows(rows)
        await pilot.pause()
        assert time.perf_counter() - start < 2.0  # generous: a guard, not a benchmark
        assert len(doc_list.children) == 0
        assert doc_list.virtual_size.height == 50_000
        await pilot.press("G")
        await pilot.pause()
        assert doc_list.cursor == 49_999
        assert rows[-1].number in screen_text(app)
        start = time.perf_counter()
        doc_list.set_rows(rows[:10])  # a filter result is a list swap
        await pilot.pause()
        assert time.perf_counter() - start < 1.0
        assert doc_list.cursor == 0
