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
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from kvtui.i18n import N_, _
from kvtui.ui import commands


def help_rows(
    keymap: Mapping[str, str], app: App[Any] | None = None
) -> dict[str, list[tuple[str, str, str]]]:
    """Per group (in this run's language): (keys as the footer writes them, description,
    command id), with the keymap applied."""
    out: dict[str, list[tuple[str, str, str]]] = {}
    for group, cmds in commands.groups().items():
        out[_(group)] = [
            (
                commands.keys_display(commands.effective_keys(c, keymap), app),
                commands.description(c),
                c.id,
            )
            for c in cmds
        ]
    return out


def help_renderable(keymap: Mapping[str, str], app: App[Any] | None = None) -> Group:
    parts: list[Any] = [
        Text(_("kvtui – keys"), style="bold"),
        Text(_("Remap a key by its id (right column) in the config file's [keys] table.")),
    ]
    for group, rows in help_rows(keymap, app).items():
        table = Table(title=group, title_justify="left", title_style="bold", box=None, expand=True)
        table.add_column(_("Keys"), style="bold", no_wrap=True, min_width=10)
        table.add_column(_("What"), ratio=1)
        table.add_column(_("Id"), style="dim", no_wrap=True)
        for keys, description, cmd_id in rows:
            # Text, not str: a table cell given a str is parsed as markup, and keys come
            # from the user's config file ("[link=…]" must never become a link).
            table.add_row(Text(keys), Text(description), Text(cmd_id))
        parts += [Text(""), table]
    close = ", ".join(
        commands.key_display(k, app) for i in ("back", "quit", "help") for k in _key_list(i)
    )
    parts += [Text(""), Text(_("Press {keys} to close.").format(keys=close), style="italic")]
    return Group(*parts)


def _key_list(command_id: str) -> list[str]:
    return commands.BY_ID[command_id].key_list


def _keys(*ids: str) -> str:
    return ",".join(k for i in ids for k in _key_list(i))


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 90%; max-width: 100; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    """

    BINDINGS: ClassVar = [
        Binding(_keys("back", "quit", "help"), "dismiss", N_("Close"), id="help-close"),
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
            yield Static(help_renderable(self.keymap, self.app), id="help-text", markup=False)

    def on_mount(self) -> None:
        commands.localize(self._bindings)
        self.query_one("#help-scroll").focus()

    def action_scroll(self, how: str) -> None:
        scroller = self.query_one("#help-scroll", VerticalScroll)
        getattr(scroller, f"scroll_{how}")(animate=False)

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
