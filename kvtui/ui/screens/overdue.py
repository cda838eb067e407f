"""The overdue board: every set past the answer term, with its due date and days late.

One table, grouped on ``v`` by ministry, minister, party or member (a set shows under
each of its groups, as the Kamer's Monday list does per minister). Enter reads the set
under the cursor. A ``DataTable`` renders only the lines in view, so a board of
thousands of late sets scrolls like the main list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual.widgets import Static

from kvtui.board import group_name, overdue_groups, term_note
from kvtui.i18n import N_, _, number
from kvtui.render.outline import no_title
from kvtui.store.figures import OverdueRow, overdue_rows
from kvtui.ui.screens.board import SetTableScreen, fit, plain
from kvtui.ui.widgets.doc_list import fit_number

NUMBER_W, DATE_W, LATE_W = 10, 10, 6


class OverdueScreen(SetTableScreen):
    DEFAULT_CSS = """
    OverdueScreen #board-title { height: 1; padding: 0 1; }
    OverdueScreen #board-summary { height: 1; padding: 0 1; }
    OverdueScreen DataTable { height: 1fr; }
    """
    GROUPS: ClassVar[tuple[str | None, ...]] = (
        None,
        N_("ministry"),
        N_("minister"),
        N_("party"),
        N_("member"),
    )
    TITLE: ClassVar[str] = N_("Overdue")

    def query_figures(self, reader: Callable[..., Any], group: str | None) -> Any:
        return reader(lambda conn, today: (today, overdue_rows(conn, today=today, by=group)))

    def show_figures(self, group: str | None, data: Any) -> None:
        if group != self.group:
            return  # the user moved on to another grouping
        today, rows = data
        grouped = (
            overdue_groups(rows)
            if group
            else [("", sorted(rows, key=lambda r: (-r.days_late, r.number)))]
        )
        summary = _("{n} overdue on {date}").format(n=number(len(rows)), date=today)
        summary += f" · {term_note()} (U)"
        self.query_one("#board-summary", Static).update(Text(summary))
        table = self.table
        table.clear(columns=True)
        width = max(40, self.size.width - 2)
        # the "late" head is as wide as its word in the language shown ("Te laat")
        late_w = max(LATE_W, len(_("Late")))
        group_w = max(20, min(40, width // 4)) if group else 0
        # Five columns with a cell of padding on each side.
        title_w = max(10, width - group_w - NUMBER_W - DATE_W - late_w - (10 if group else 8))
        if group:
            table.add_column(_(group).capitalize(), width=group_w, key="group")
        table.add_column(_("Number"), width=NUMBER_W, key="number")
        table.add_column(_("Due"), width=DATE_W, key="due")
        table.add_column(_("Late"), width=late_w, key="late")
        table.add_column(_("Title"), width=title_w, key="title")
        for name, members in grouped:
            for i, row in enumerate(members):
                cells: list[Any] = []
                if group:
                    label = fit(plain(group_name(name)), group_w) if i == 0 else ""
                    cells.append(Text(label, style="bold"))
                cells += self._cells(row, title_w, late_w)
                table.add_row(*cells, key=f"{name}\x00{row.number}")
        if not rows:
            table.add_row(*([""] * (1 if group else 0)), "", "", "", _("Nothing is overdue."))

    def _cells(self, row: OverdueRow, title_w: int, late_w: int) -> list[Any]:
        late = f"{number(row.days_late)}{' U' if row.postponed else '  '}"
        return [
            Text(fit_number(plain(row.number), NUMBER_W)),
            Text(row.due.isoformat()),
            Text(late.rjust(late_w)),
            Text(fit(plain(row.title or no_title()), title_w)),
        ]
