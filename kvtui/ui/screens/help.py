"""The help screen, generated from the command registry and the user's keymap.

Because it is generated, a key remapped in the config file shows up here as remapped,
and a command added to the registry can never be missing from the help.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kvtui.ui import commands


def help_text(keymap: Mapping[str, str]) -> Text:
    text = Text()
    text.append("kvtui – keys\n", "bold")
    text.append("Remap any key by its id in the config file ([keys] section).\n")
    for group, cmds in commands.groups().items():
        text.append(f"\n{group}\n", "bold underline")
        for c in cmds:
            keys = " ".join(commands.key_display(k) for k in commands.effective_keys(c, keymap))
            text.append(f"  {keys:<14}", "bold")
            text.append(f" {c.description}")
            text.append(f"  [{c.id}]\n", "dim")
    text.append("\nPress Esc, q, ? or F1 to close.", "italic")
    return text


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
        Binding(_keys("back", "quit-or-back", "help"), "dismiss", "Close", id="help-close"),
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
            yield Static(help_text(self.keymap), id="help-text", markup=False)

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_scroll(self, how: str) -> None:
        scroller = self.query_one("#help-scroll", VerticalScroll)
        getattr(scroller, f"scroll_{how}")(animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
