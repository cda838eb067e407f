"""The watch list in the reader: each watch rule as a list of its own, with unread counts,
and what changed since the last visit.

``v`` switches between the two views. "Rules" shows every rule with its number of sets
and of unread ones, the newest sets under it (unread marked ``•``); "New since your
last visit" shows the sets newly answered, postponed or withdrawn and new followed
sets since this view was last seen, from the same comparison as ``kvtui new``, under a
baseline of its own ("reader"), so cron's ``kvtui new`` and the reader never take each
other's news. That baseline moves on when the view is closed, not when it is opened.
Enter reads the set under the cursor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from rich.text import Text
from textual.widgets import DataTable, Static

from kvtui.i18n import N_, _, ngettext, number
from kvtui.render.outline import WATCH_CHANGES, change_word, no_title
from kvtui.store import watch as store
from kvtui.ui import commands
from kvtui.ui.screens.board import SetTableScreen, fit, plain
from kvtui.ui.widgets.doc_list import fit_number

READER = "reader"  # this view's baseline in state.sqlite
NUMBER_W, TAG_W = 10, 9


class WatchScreen(SetTableScreen):
    DEFAULT_CSS = """
    WatchScreen #board-title { height: 1; padding: 0 1; }
    WatchScreen #board-summary { height: 1; padding: 0 1; }
    WatchScreen DataTable { height: 1fr; }
    """
    GROUPS: ClassVar[tuple[str | None, ...]] = ("rules", "new")
    TITLE: ClassVar[str] = N_("Watch list")

    def __init__(self, group: str | None = None) -> None:
        super().__init__(group)
        self._observed: dict[str, str] | None = None  # seen in the "new" view, to note

    def reload(self) -> None:
        super().reload()
        # ``v`` switches between the rules and what is new, not a grouping: the footer
        # says what the heading says (here, after the mount has localised the bindings).
        table = self._bindings.key_to_bindings
        switch = _("switch view").capitalize()
        for key, found in table.items():
            table[key] = [
                replace(b, description=switch) if b.id == "figures-group" else b for b in found
            ]
        self.refresh_bindings()

    def heading(self) -> str:
        view = _("rules") if self.group == "rules" else _("new since your last visit")
        group, back = self.key("figures-group"), self.key("figures-close")
        return f"{_(self.TITLE)}: {view}  ·  {group}: {_('switch view')}  ·  {back}: {_('back')}"

    def query_figures(self, reader: Callable[..., Any], group: str | None) -> Any:
        with_state = getattr(self.cache, "with_state", None)
        if with_state is None:
            raise RuntimeError(_("the watch list needs the reader state"))
        if group == "new":
            return with_state(
                lambda conn, _today: (
                    *store.changes(conn, READER),
                    not store.has_baseline(conn, READER),
                )
            )
        return with_state(lambda conn, _today: store.rule_lists(conn))

    def show_figures(self, group: str | None, data: Any) -> None:
        if group != self.group:
            return
        table = self.table
        table.clear(columns=True)
        width = max(40, self.size.width - 2)
        if group == "new":
            self._show_new(table, width, *data)
        else:
            self._show_rules(table, width, data)

    def _show_rules(self, table: DataTable, width: int, watched: store.WatchLists) -> None:
        lists, unread = watched.lists, watched.unread
        summary = ngettext("{n} rule", "{n} rules", len(lists)).format(n=number(len(lists)))
        summary += " · " + _("{n} unread (kvtui watch add KIND VALUE adds one)").format(
            n=number(unread)
        )
        self.query_one("#board-summary", Static).update(Text(summary))
        if not lists:  # one line across the table: in the title column it was cut
            table.add_column("", width=width - 2, key="rule")
            table.add_row(_("No watch rules yet: kvtui watch add party PvdA"))
            return
        rule_w = max(16, min(36, width // 3))
        title_w = max(10, width - rule_w - NUMBER_W - 2 - 8)
        table.add_column(_("Rule"), width=rule_w, key="rule")
        table.add_column("", width=1, key="unread")
        table.add_column(_("Number"), width=NUMBER_W, key="number")
        table.add_column(_("Title"), width=title_w, key="title")
        for item in lists:
            label = f"{item.rule.kind} {plain(item.rule.value)}"
            counts = ngettext("{n} set", "{n} sets", item.total).format(n=number(item.total))
            counts += ", " + _("{n} unread").format(n=number(item.unread))
            table.add_row(
                Text(fit(label, rule_w), style="bold"),
                "",
                "",
                Text(counts, style="bold"),
                key=f"rule-{item.rule.id}",
            )
            for w in item.sets:
                table.add_row(
                    "",
                    Text("•" if not w.read else " "),
                    Text(fit_number(plain(w.number), NUMBER_W)),
                    Text(fit(plain(w.title or no_title()), title_w)),
                    key=f"{item.rule.id}\x00{w.number}",
                )
            if item.total > len(item.sets):
                older = number(item.total - len(item.sets))
                more = _("… {n} older sets (kvtui list shows all)").format(n=older)
                table.add_row("", "", "", Text(more, style="dim"), key=f"more-{item.rule.id}")

    def _show_new(
        self,
        table: DataTable,
        width: int,
        found: list[store.Change],
        observed: dict[str, str],
        first: bool,
    ) -> None:
        self._observed = observed
        summary = (
            _("First visit: from now on this view lists what changes")
            if first
            else changes_phrase(len(found))
        )
        self.query_one("#board-summary", Static).update(Text(summary))
        rule_w = max(12, min(30, width // 4))
        tag_w = max(TAG_W, *(len(change_word(c)) for c in WATCH_CHANGES))
        title_w = max(10, width - tag_w - NUMBER_W - rule_w - 8)
        table.add_column(_("Change"), width=tag_w, key="change")
        table.add_column(_("Number"), width=NUMBER_W, key="number")
        table.add_column(_("Title"), width=title_w, key="title")
        table.add_column(_("Rule"), width=rule_w, key="rule")
        for c in found:
            rule = f"{c.rule.kind} {plain(c.rule.value)}" if c.rule else ""
            table.add_row(
                Text(change_word(c.change)),
                Text(fit_number(plain(c.number), NUMBER_W)),
                Text(fit(plain(c.title or no_title()), title_w)),
                Text(fit(rule, rule_w)),
                key=f"new\x00{c.number}",
            )
        if not found:
            table.add_row("", "", _("Nothing new."), "")

    def _note_visit(self) -> None:
        """The news shown is news no more: remember what this view saw."""
        observed, self._observed = self._observed, None
        with_state = getattr(self.cache, "with_state", None)
        if observed is None or with_state is None:
            return
        try:
            with_state(lambda conn, _t: store.save_seen(conn, observed, READER))
        except Exception as exc:  # one clear message, never a traceback
            said = _("could not note this visit: {error}").format(error=plain(str(exc)))
            self.notify(said, severity="warning")

    def action_cycle_group(self) -> None:
        self._note_visit()
        super().action_cycle_group()

    def action_close(self) -> None:
        self._note_visit()
        super().action_close()

    def before_open(self) -> None:
        self._note_visit()


def changes_phrase(n: int) -> str:
    return ngettext(
        "{n} change since your last visit", "{n} changes since your last visit", n
    ).format(n=number(n))


def news_since_last_visit(app: Any) -> None:
    """At start-up (in a thread): say how many changes wait in the watch list's "new"
    view. Silent before the first visit, when nothing changed, or when the cache cannot
    tell (a test stand-in, an unreadable state): news is never worth an error."""
    with_state = getattr(app.cache, "with_state", None)
    if with_state is None:
        return
    try:
        found = with_state(
            lambda conn, _t: (
                store.changes(conn, READER)[0] if store.has_baseline(conn, READER) else []
            )
        )
    except Exception:
        return
    if found:
        keys = f"{commands.key_display('W', app)}, {commands.key_display('v', app)}"
        message = changes_phrase(len(found)) + f" ({keys})"
        app.call_from_thread(app.notify, message, timeout=8)
