"""What the overdue board and the statistics screen share: keys, grouping, loading.

Both read their figures from the index through ``Cache.read`` in a thread worker (a
GROUP BY over 50,000 sets must not hold up the keyboard), from the same functions the
CLI uses (``kvtui.store.figures`` and ``kvtui.board``), so the screen and ``kvtui
overdue``/``kvtui stats`` can never disagree. Their keys come from the registry's
"board" scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from kvtui.i18n import _
from kvtui.store.interface import ReaderCache
from kvtui.textsafe import inert
from kvtui.ui import commands
from kvtui.whitespace import fold_all


def plain(text: str | None) -> str:
    """Document text for one line of a screen: controls visible, whitespace folded."""
    return fold_all(inert(text or ""))


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, an ellipsis marking the cut."""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


# The list's moving commands (j/k, g/G, home/end, ^d/^u and the user's keys for them) move
# on a board too: command action -> (the DataTable's action, a scrolling container's).
MOVES: dict[str, tuple[str, str]] = {
    "cursor_down": ("cursor_down", "scroll_down"),
    "cursor_up": ("cursor_up", "scroll_up"),
    "cursor_top": ("scroll_top", "scroll_home"),
    "cursor_bottom": ("scroll_bottom", "scroll_end"),
    "page_down": ("page_down", "page_down"),
    "page_up": ("page_up", "page_up"),
}


def moving_bindings() -> list[Binding]:
    """The moving commands' bindings, ahead of the focused widget's own: a DataTable
    reads home/end as "first/last column" and would swallow them."""
    return [
        replace(c, action=f"move('{c.action}')", priority=True).binding()
        for c in commands.COMMANDS
        if c.action in MOVES
    ]


class BoardScreen(Screen[None]):
    """A full screen over the main screen; ``Esc``/``q`` return to it."""

    BINDINGS: ClassVar = commands.bindings("board") + moving_bindings()
    GROUPS: ClassVar[tuple[str | None, ...]] = ()
    TITLE: ClassVar[str] = ""

    def __init__(self, group: str | None = None) -> None:
        super().__init__()
        self.group = group if group in self.GROUPS else self.GROUPS[0]
        self.error: str | None = None

    @property
    def cache(self) -> ReaderCache:
        return self.app.cache  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        commands.apply_keymap(self._bindings, getattr(self.app, "keymap", {}))
        self.reload()

    def reload(self) -> None:
        self.query_one("#board-title", Static).update(Text(self.heading(), style="bold"))
        self._load(self.group)

    def key(self, command_id: str) -> str:
        """The key that runs a command now, the user's keymap applied, as people write it."""
        keymap = getattr(self.app, "keymap", {})
        keys = commands.effective_keys(commands.BY_ID[command_id], keymap)
        return commands.key_display(keys[0], self.app) if keys else "?"

    def heading(self) -> str:
        """The title, the grouping and the two keys (``TITLE`` and groups are msgids)."""
        by = " " + _("by {group}").format(group=_(self.group)) if self.group else ""
        group, back = self.key("figures-group"), self.key("figures-close")
        return f"{_(self.TITLE)}{by}  ·  {group}: {_('group by')}  ·  {back}: {_('back')}"

    @work(thread=True, exclusive=True, group="board")
    def _load(self, group: str | None) -> None:
        reader: Callable[..., Any] | None = getattr(self.cache, "read", None)
        if reader is None:  # a cache without an index (a test stand-in)
            self.app.call_from_thread(self.show_error, _("these figures need the index"))
            return
        try:
            data = self.query_figures(reader, group)
        except Exception as exc:  # one clear message, never a traceback
            message = _("could not read the figures: {error}").format(error=exc)
            self.app.call_from_thread(self.show_error, message)
            return
        self.app.call_from_thread(self.show_figures, group, data)

    def query_figures(self, reader: Callable[..., Any], group: str | None) -> Any:
        raise NotImplementedError

    def show_figures(self, group: str | None, data: Any) -> None:
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        self.error = message
        self.notify(plain(message), severity="error", markup=False)

    def action_cycle_group(self) -> None:
        i = self.GROUPS.index(self.group)
        self.group = self.GROUPS[(i + 1) % len(self.GROUPS)]
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)

    def action_move(self, action: str) -> None:
        """A moving command, done by the focused table (its cursor) or scroll area."""
        target = self.focused
        if target is None or action not in MOVES:
            return
        table_action, scroll_action = MOVES[action]
        name = table_action if isinstance(target, DataTable) else scroll_action
        method = getattr(target, f"action_{name}", None)
        if method is not None:
            method()

    def action_open_set(self) -> None:
        """Only the board has sets to open (see ``check_action``)."""


class SetTableScreen(BoardScreen):
    """A board whose table rows are Kamervragen (row keys ``"…\x00NUMBER"``): Enter opens one.

    The overdue board and the watch list both list sets; what a row is and how it opens
    is decided here once.
    """

    def compose(self) -> ComposeResult:
        yield Static("", id="board-title", markup=False)
        yield Static("", id="board-summary", markup=False)
        yield DataTable(id="board-table", cursor_type="row", zebra_stripes=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.table.focus()
        super().on_mount()

    @property
    def table(self) -> DataTable:
        return self.query_one("#board-table", DataTable)

    def current_number(self) -> str | None:
        table = self.table
        if table.row_count == 0:
            return None
        try:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        except Exception:
            return None
        return key.split("\x00", 1)[1] if key and "\x00" in key else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_set()

    def before_open(self) -> None:
        """What a board does before it leaves for a set (the watch list notes the visit)."""

    def action_open_set(self) -> None:
        number = self.current_number()
        if number is None:
            return
        self.before_open()
        self.dismiss(None)
        main = self.app.get_main_screen()  # type: ignore[attr-defined]
        main.open_number(number)
