"""The help screen, generated from the command registry and the user's keymap.

Because it is generated, a key remapped in the config file shows up here as remapped,
and a command added to the registry can never be missing from the help.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kvtui.ui import commands


def help_rows(keymap: Mapping[str, str]) -> dict[str, list[tuple[str, str, str]]]:
    """Per group: (keys as shown, description, command id), with the keymap applied."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for group, cmds in commands.groups().items():
        out[group] = [
            (
                " ".join(commands.key_display(k) for k in commands.effective_keys(c, keymap)),
                c.description,
                c.id,
            )
            for c in cmds
        ]
    return out


def help_renderable(keymap: Mapping[str, str]) -> Group:
    parts: list[Any] = [
        Text("kvtui – keys", style="bold"),
        Text("Remap a key by its id (right column) in the config file's [keys] table."),
    ]
    for group, rows in help_rows(keymap).items():
        table = Table(title=group, title_justify="left", title_style="bold", box=None, expand=True)
        table.add_column("Keys", style="bold", no_wrap=True, min_width=10)
        table.add_column("What", ratio=1)
        table.add_column("Id", style="dim", no_wrap=True)
        for keys, description, cmd_id in rows:
            # Text, not str: a table cell given a str is parsed as markup, and keys come
            # from the user's config file ("[link=…]" must never become a link).
            table.add_row(Text(keys), Text(description), Text(cmd_id))
        parts += [Text(""), table]
    parts += [Text(""), Text("Press Esc, q, ? or F1 to close.", style="italic")]
    return Group(*parts)


def _keys(*ids: str) -> str:
    return ",".join(k for i in ids for k in commands.BY_ID[i].key_list)


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar = [
        Binding(_keys("back", "quit", "help"), "dismiss", "Close", id="help-close"),
        Binding(_keys("down"), "scroll('down')", show=False),
        Binding(_keys("up"), "scroll('up')", show=False),
        Binding(_keys("page-down"), "scroll('page_down')", show=False),
        Binding(_keys("page-up"), "scroll('page_up')", show=False),
        Binding(_keys("top"), "scroll('home')", show=False),
        Binding(_keys("bottom"), "scroll('end')", show=False),
    ]

    def __init__(self, keymap: Mapping[str, str] | None = None) -> None:
        super().__init__(id="help")
        self.keymap = dict(keymap or {})

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-scroll"):
            yield Static(help_renderable(self.keymap), id="help-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_scroll(self, how: str) -> None:
        scroller = self.query_one("#help-scroll", VerticalScroll)
        getattr(scroller, f"scroll_{how}")(animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
