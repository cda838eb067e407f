"""The statistics screen: answer times per group as bars, and a histogram of days.

Charts are lines of text from ``kvtui.render.chart`` (why not a plotting widget: see
that module): one bar per group, its length the median days to answer, with p90, the
share answered in time and the number of sets written beside it; then every answered
set's days to answer in weekly buckets, the term's last days marked. Everything is
said in words and lengths, so it reads the same with ``NO_COLOR``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Static

from kvtui.board import (
    GroupFigures,
    bucket_histogram,
    days_text,
    group_figures,
    group_name,
    share_text,
)
from kvtui.i18n import N_, _, number
from kvtui.render.chart import bar_lines, histogram_lines
from kvtui.store.figures import days_histogram, stats_cells
from kvtui.term import TERM_DAYS, TERM_DAYS_POSTPONED
from kvtui.ui.screens.board import BoardScreen, plain

MAX_BARS = 40  # more bars than this do not read as a chart; the CLI lists every group


def note_head() -> str:
    """The heads of the figures beside the bars, in this run's language."""
    return f"{_('median'):>6}  {'p90':>5}  {_('in time'):>7}  {_('sets'):>5}"


def group_note(g: GroupFigures) -> str:
    """The figures beside a bar, in the columns of ``note_head``."""
    median = days_text(g.median_days) + (" d" if g.median_days is not None else "  ")
    share = share_text(g.in_time_share)
    return f"{median:>6}  {days_text(g.p90_days):>5}  {share:>7}  {number(g.sets):>5}"


class StatsScreen(BoardScreen):
    DEFAULT_CSS = """
    StatsScreen #board-title { height: 1; padding: 0 1; }
    StatsScreen #stats-scroll { height: 1fr; padding: 0 1; }
    """
    GROUPS: ClassVar[tuple[str | None, ...]] = (
        N_("ministry"),
        N_("minister"),
        N_("party"),
        N_("member"),
        N_("year"),
    )
    TITLE: ClassVar[str] = N_("Answer times")

    def compose(self) -> ComposeResult:
        yield Static("", id="board-title", markup=False)
        with VerticalScroll(id="stats-scroll"):
            yield Static("", id="stats-body", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#stats-scroll").focus()
        super().on_mount()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action != "open_set"

    def query_figures(self, reader: Callable[..., Any], group: str | None) -> Any:
        by = group or "ministry"

        def read(conn: Any, today: Any) -> tuple[Any, list[GroupFigures], dict[int, int]]:
            cells = stats_cells(conn, today=today, by=by)
            return today, group_figures(cells, by=by), days_histogram(conn)

        return reader(read)

    def show_figures(self, group: str | None, data: Any) -> None:
        if group != self.group:
            return
        today, figures, histogram = data
        self.query_one("#stats-body", Static).update(
            self.body(group or "ministry", today, figures, histogram)
        )

    def body(
        self, by: str, today: Any, figures: list[GroupFigures], histogram: dict[int, int]
    ) -> Text:
        width = max(40, self.size.width - 5)  # padding, scrollbar and a gap
        answered = sum(histogram.values())
        out = Text()
        title = _("Days to answer per {group}: the bar is the median").format(group=_(by))
        out.append(title + "\n", style="bold")
        in_time = _("in time: within {term} days ({late} after a delay notice); as of {date}")
        out.append(in_time.format(term=TERM_DAYS, late=TERM_DAYS_POSTPONED, date=today) + "\n")
        shown = figures[:MAX_BARS]
        items = [(plain(group_name(g.group)), g.median_days, group_note(g)) for g in shown]
        lines = bar_lines(items, width=width, label_width=max(12, width // 4))
        if lines:
            head = note_head()
            pad = max(len(line) for line in lines) - len(head)
            out.append(f"{_(by):<{pad}}{head}\n", style="bold")
        for line in lines:
            out.append(line + "\n")
        if len(figures) > len(shown):
            rest = len(figures) - len(shown)
            more = _("… {n} smaller groups not drawn (all of them: kvtui stats --by {group})")
            out.append(more.format(n=number(rest), group=by) + "\n", style="italic")
        if not figures:
            out.append(_("No Kamervragen in the cache.") + "\n")
        out.append("\n")
        days = _("Days to answer, {n} answered sets (each once)").format(n=number(answered))
        out.append(days + "\n", style="bold")
        marks = {
            TERM_DAYS: _("{days} d term").format(days=TERM_DAYS),
            TERM_DAYS_POSTPONED: _("after a notice"),
        }
        for line in histogram_lines(bucket_histogram(histogram), width=width, marks=marks):
            out.append(line + "\n")
        return out
