"""The one registry of reader commands.

Bindings, the footer, the help screen, the command palette and the config keymap are all
generated from ``COMMANDS``, so a key is declared once and can never disagree between
those places. A command's ``id`` is what a user names in the config file to remap it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from textual.binding import Binding

Scope = Literal["app", "main"]


@dataclass(frozen=True, slots=True)
class Command:
    id: str
    keys: str  # Textual key names, comma separated (first one shown in the footer)
    action: str  # action name on the scope's node (without "action_")
    description: str  # one line for help and palette
    label: str  # short footer text
    group: str
    show: bool = False  # shown in the footer
    scope: Scope = "main"
    palette: bool = True  # offered in the command palette
    priority: bool = False  # also works while an input has focus

    @property
    def key_list(self) -> list[str]:
        return [k.strip() for k in self.keys.split(",") if k.strip()]

    def binding(self) -> Binding:
        return Binding(
            self.keys,
            self.action,
            self.label,
            show=self.show,
            tooltip=self.description,
            id=self.id,
            priority=self.priority,
        )


NAV, LIST, DOC, COPY, FETCH, APP = (
    "Moving",
    "The list",
    "The document",
    "Copy and open",
    "Fetching",
    "General",
)

COMMANDS: tuple[Command, ...] = (
    # Moving: the same keys act on whichever pane has focus.
    Command("down", "j,down", "cursor_down", "Move down a line", "Down", NAV, palette=False),
    Command("up", "k,up", "cursor_up", "Move up a line", "Up", NAV, palette=False),
    Command("top", "g,home", "cursor_top", "Go to the top", "Top", NAV),
    Command("bottom", "G,end", "cursor_bottom", "Go to the bottom", "Bottom", NAV),
    Command("page-down", "ctrl+d,pagedown", "page_down", "Move down a page", "PgDn", NAV),
    Command("page-up", "ctrl+u,pageup", "page_up", "Move up a page", "PgUp", NAV),
    Command("open", "enter", "open", "Open the Kamervraag under the cursor", "Open", LIST, True),
    Command(
        "back",
        "escape",
        "back",
        "Back: close the filter, the search or the document",
        "Back",
        NAV,
        palette=False,
    ),
    Command(
        "quit-or-back",
        "q",
        "back_or_quit",
        "Back from the document; quit from the list",
        "Quit",
        NAV,
        True,
    ),
    Command(
        "next-kamervraag",
        "J",
        "next_kamervraag",
        "Next Kamervraag in the list, without going back to it",
        "Next KV",
        NAV,
    ),
    Command(
        "prev-kamervraag",
        "K",
        "prev_kamervraag",
        "Previous Kamervraag in the list",
        "Prev KV",
        NAV,
    ),
    # The list
    Command(
        "filter",
        "slash",
        "filter",
        "Filter the list as you type (number, title, people, party, ministry, topic)",
        "Filter",
        LIST,
        True,
    ),
    Command(
        "search",
        "s",
        "search",
        "Full-text search in questions and answers, with the matching passage",
        "Search",
        LIST,
        True,
    ),
    Command(
        "sort", "o", "sort_cycle", "Sort by date, days to answer or number", "Sort", LIST, True
    ),
    Command("toggle-read", "m", "toggle_read", "Mark read / unread", "Read", LIST),
    Command("toggle-star", "b,asterisk", "toggle_star", "Star / unstar", "Star", LIST),
    # The document
    Command(
        "find", "ctrl+f", "find", "Find in the document", "Find", DOC, scope="main", show=False
    ),
    Command("find-next", "n", "find_next", "Next match of the find", "Next match", DOC),
    Command("find-prev", "N", "find_prev", "Previous match of the find", "Prev match", DOC),
    Command(
        "next-question",
        "right_square_bracket",
        "next_question",
        "Next question in the document",
        "Next Q",
        DOC,
    ),
    Command(
        "prev-question",
        "left_square_bracket",
        "prev_question",
        "Previous question in the document",
        "Prev Q",
        DOC,
    ),
    # Copy and open
    Command("copy-answer", "y", "copy('answer')", "Copy the answer", "Copy answer", COPY),
    Command("copy-question", "Y", "copy('question')", "Copy the question", "Copy Q", COPY),
    Command("copy-set", "c", "copy('set')", "Copy the whole Kamervraag as text", "Copy all", COPY),
    Command("copy-url", "u", "copy('url')", "Copy the source URL", "Copy URL", COPY),
    Command(
        "open-source",
        "O",
        "open_source",
        "Open the source in a browser (or show and copy the link without a display)",
        "Browser",
        COPY,
    ),
    Command("export", "e", "export", "Export the Kamervraag to Markdown", "Export", COPY),
    # Fetching
    Command("fetch", "f", "fetch", "Fetch a Kamervraag by number", "Fetch", FETCH, True),
    Command("refresh", "r", "refresh", "Refresh the open Kamervraag", "Refresh", FETCH),
    Command(
        "refresh-all",
        "R",
        "refresh_all",
        "Refresh all open and postponed Kamervragen",
        "Refresh all",
        FETCH,
    ),
    # General
    Command("help", "question_mark,f1", "help", "Show the keys", "Help", APP, True, scope="app"),
    Command("theme", "t", "change_theme", "Choose a theme (remembered)", "Theme", APP, scope="app"),
    Command(
        "palette",
        "ctrl+p",
        "command_palette",
        "Command palette (also jumps to a cached number)",
        "Palette",
        APP,
        scope="app",
        palette=False,
        priority=True,
    ),
)

BY_ID: dict[str, Command] = {c.id: c for c in COMMANDS}


def bindings(scope: Scope) -> list[Binding]:
    """The ``BINDINGS`` of the node that owns ``scope``."""
    return [c.binding() for c in COMMANDS if c.scope == scope]


def effective_keys(command: Command, keymap: Mapping[str, str]) -> list[str]:
    """The keys that trigger ``command`` once the user's keymap is applied."""
    override = keymap.get(command.id)
    if override:
        return [k.strip() for k in override.split(",") if k.strip()]
    return command.key_list


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    return sorted(k for k in keymap if k not in BY_ID)


def groups(commands: Iterable[Command] = COMMANDS) -> dict[str, list[Command]]:
    out: dict[str, list[Command]] = {}
    for c in commands:
        out.setdefault(c.group, []).append(c)
    return out


_KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "asterisk": "*",
    "left_square_bracket": "[",
    "right_square_bracket": "]",
    "enter": "Enter",
    "escape": "Esc",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "home": "Home",
    "end": "End",
    "down": "↓",
    "up": "↑",
}


def key_display(key: str) -> str:
    """How a key is written for people: ``ctrl+d`` → ``^d``, ``slash`` → ``/``."""
    if key in _KEY_NAMES:
        return _KEY_NAMES[key]
    if key.startswith("ctrl+"):
        return "^" + key_display(key[5:])
    if key.startswith("f") and key[1:].isdigit():
        return key.upper()
    return key
