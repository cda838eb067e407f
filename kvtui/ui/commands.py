"""The one registry of reader commands.

Bindings, the footer, the help screen, the command palette and the config keymap are all
generated from ``COMMANDS``, so a key is declared once and can never disagree between
those places. A command's ``id`` is what a user names in the config file to remap it.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal

from kvtui.i18n import N_, _

if TYPE_CHECKING:  # Binding is imported where it is made: `kvtui --bindings` needs no Textual
    from textual.app import App
    from textual.binding import Binding, BindingsMap

Scope = Literal["app", "main", "board"]  # board: the overdue board and statistics screens
# When a main-screen command applies: always (None), on the list (no document being
# read), while reading a document, or whenever a document is on screen (the wide
# layout previews one beside the list). One key may serve a "list" and a "reading"
# command – ``q`` quits from the list and goes back from a document – and the footer
# then shows whichever applies.
When = Literal["list", "reading", "doc"] | None


@dataclass(frozen=True, slots=True)
class Command:
    id: str
    keys: str  # Textual key names, comma separated (first one shown in the footer)
    action: str  # action name on the scope's node (without "action_")
    description: str  # one line for help and palette
    label: str  # short footer text
    group: str
    show: bool = False  # shown in the footer (when it applies)
    scope: Scope = "main"
    palette: bool = True  # offered in the command palette
    priority: bool = False  # also works while an input has focus
    when: When = None

    @property
    def key_list(self) -> list[str]:
        return [k.strip() for k in self.keys.split(",") if k.strip()]

    @property
    def action_name(self) -> str:
        return self.action.split("(", 1)[0]

    def binding(self) -> Binding:
        from textual.binding import Binding

        return Binding(
            self.keys,
            self.action,
            self.label,
            show=self.show,
            tooltip=self.description,
            id=self.id,
            priority=self.priority,
        )


# Groups, descriptions and labels are English msgids: shown through ``_()`` (see
# ``description``, ``label``, ``localize``) once the run's language is known.
NAV, LIST, DOC, COPY, FETCH, APP = (
    N_("Moving"),
    N_("The list"),
    N_("The document"),
    N_("Copy and open"),
    N_("Fetching"),
    N_("General"),
)
FIGURES = N_("Overdue board and statistics")

C = Command
COMMANDS: tuple[Command, ...] = (
    # Moving: the same keys act on whichever pane has focus.
    C("down", "j,down", "cursor_down", "Move down a line", "Down", NAV, palette=False),
    C("up", "k,up", "cursor_up", "Move up a line", "Up", NAV, palette=False),
    C("top", "g,home", "cursor_top", "Go to the top", "Top", NAV),
    C("bottom", "G,end", "cursor_bottom", "Go to the bottom", "Bottom", NAV),
    C("page-down", "ctrl+d,pagedown", "page_down", "Move down a page", "PgDn", NAV),
    C("page-up", "ctrl+u,pageup", "page_up", "Move up a page", "PgUp", NAV),
    C("open", "enter", "open", "Open the Kamervraag under the cursor", "Open", LIST, True,
      when="list"),
    C("back", "escape", "back", "Back: close the filter, the search or the document", "Back",
      NAV, palette=False),
    C("quit", "q", "quit", "Quit kvtui (from the list)", "Quit", NAV, True, when="list"),
    C("close", "q", "close_document", "Back to the list (from a document)", "Back", NAV, True,
      when="reading"),
    C("next-kamervraag", "J", "next_kamervraag",
      "Next Kamervraag in the list, without going back to it", "Next Kamervraag", NAV),
    C("prev-kamervraag", "K", "prev_kamervraag", "Previous Kamervraag in the list",
      "Previous Kamervraag", NAV),
    # The list
    C("filter", "slash", "filter",
      "Filter the list as you type (number, title, people, party, ministry, topic)", "Filter",
      LIST, True, when="list"),
    C("search", "s", "search",
      "Full-text search in questions and answers, with the matching passage", "Search", LIST,
      True, when="list"),
    C("sort", "o", "sort_cycle", "Sort by date, days to answer or number", "Sort", LIST, True,
      when="list"),
    C("sort-reverse", "i", "sort_reverse", "Reverse the sort order (o also sorts by date "
      "answered)", "Reverse", LIST, when="list"),
    C("filter-status", "v", "filter_status",
      "Show one status: open, overdue, postponed, answered, withdrawn, text pending, all",
      "Status", LIST, when="list"),
    C("filter-starred", "B", "filter_starred", "Show only starred sets (again: all)",
      "Starred", LIST, when="list"),
    C("filter-unread", "U", "filter_unread", "Show only unread sets (again: all)", "Unread",
      LIST, when="list"),
    C("toggle-read", "m", "toggle_read", "Mark read / unread", "Read", LIST),
    C("toggle-list", "w", "toggle_list",
      "Hide or show the list (the document takes the screen)", "List", LIST),
    C("toggle-star", "b,asterisk", "toggle_star", "Star / unstar", "Star", LIST),
    # The document
    C("find", "slash", "find", "Find in the document (from a document)", "Find", DOC, True,
      when="reading"),
    C("find-anywhere", "ctrl+f", "find_anywhere", "Find in the open document", "Find", DOC,
      when="doc"),
    C("find-next", "n", "find_next", "Next match (of the find, or next search result)",
      "Next match", DOC),
    C("find-prev", "N", "find_prev", "Previous match", "Prev match", DOC),
    C("next-question", "right_square_bracket", "next_question", "Next question in the document",
      "Next Q", DOC, True, when="doc"),
    C("prev-question", "left_square_bracket", "prev_question",
      "Previous question in the document", "Prev Q", DOC, when="doc"),
    C("goto-question", "colon", "goto_question", "Go to question N of the document",
      "Go to Q", DOC, when="doc"),
    # Copy and open
    C("copy-answer", "y", "copy('answer')", "Copy the answer", "Copy answer", COPY, True,
      when="doc"),
    C("copy-question", "Y", "copy('question')", "Copy the question", "Copy Q", COPY, when="doc"),
    C("copy-set", "c", "copy('set')", "Copy the whole Kamervraag as text", "Copy all", COPY,
      when="doc"),
    C("copy-url", "u", "copy('url')", "Copy the source URL", "Copy URL", COPY, when="doc"),
    C("open-source", "O", "open_source",
      "Open the source in a browser (or show and copy the link without a display)", "Browser",
      COPY, True, when="doc"),
    C("export", "e", "export", "Export the Kamervraag to Markdown", "Export", COPY, when="doc"),
    # Fetching
    C("fetch", "f", "fetch", "Fetch a Kamervraag by number", "Fetch", FETCH, True),
    C("refresh", "r", "refresh", "Refresh the open Kamervraag", "Refresh", FETCH, when="doc"),
    C("refresh-all", "R", "refresh_all", "Refresh all open, postponed and text-pending Kamervragen",
      "Refresh all", FETCH),
    # Overdue board and statistics (scope "board": keys of those two screens)
    C("overdue-board", "L", "overdue_board",
      "The overdue board: sets past the answer term, with due date and days late", "Late",
      FIGURES, scope="app"),
    C("statistics", "S", "statistics",
      "Answer-time statistics with charts (median, p90, share in time) per group", "Stats",
      FIGURES, scope="app"),
    C("watch-list", "W", "watch_list",
      "The watch list: each watch rule's sets with unread counts; what is new since your "
      "last visit", "Watch", FIGURES, scope="app"),
    C("figures-group", "v", "cycle_group",
      "Board and statistics: group by ministry, minister, party, member (or year)", "Group by",
      FIGURES, True, scope="board", palette=False),
    C("figures-open", "enter", "open_set", "Overdue board: read the set under the cursor",
      "Open", FIGURES, True, scope="board", palette=False),
    C("figures-close", "escape,q", "close", "Close the overdue board or the statistics",
      "Close", FIGURES, True, scope="board", palette=False),
    # General
    C("help", "question_mark,f1", "help", "Show the keys", "Help", APP, True, scope="app"),
    C("theme", "t", "change_theme", "Choose a theme (remembered)", "Theme", APP, scope="app"),
    C("palette", "ctrl+p", "command_palette", "Command palette (also jumps to a cached number)",
      "Palette", APP, scope="app", palette=False, priority=True),
)  # fmt: skip

WHEN_BY_ACTION: dict[str, When] = {c.action_name: c.when for c in COMMANDS if c.scope == "main"}

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


def apply_keymap(bindings_map: BindingsMap, keymap: Mapping[str, str]) -> None:
    """Give the commands the keymap names their new keys, in place, and nothing else.

    Textual's own ``App.set_keymap`` drops *every* binding on a rebound key, so
    ``quit = "x"`` also took ``q`` from ``close`` and ``find = "z"`` took ``/`` from
    ``filter``; here only the named commands lose their keys. A new key that another
    command of the same node already has is tried first (the user's choice wins where
    both apply); the other command keeps it where the user's command does not apply.
    The bindings are then given this run's language (``localize``).
    """
    from textual.keys import _normalize_key_list

    table = bindings_map.key_to_bindings
    moved: dict[str, Binding] = {}
    for key, key_bindings in list(table.items()):
        kept = [b for b in key_bindings if not (b.id and b.id in keymap)]
        for b in key_bindings:
            if b.id and b.id in keymap:
                moved.setdefault(b.id, b)
        if kept:
            table[key] = kept
        else:
            del table[key]
    for command_id, binding in moved.items():
        for key in _normalize_key_list(keymap[command_id]).split(","):
            if key:
                new = binding.with_key(key=key, key_display=None)
                table[key] = [new, *table.get(key, [])]
    localize(bindings_map)


def unknown_ids(keymap: Mapping[str, str]) -> list[str]:
    return sorted(k for k in keymap if k not in BY_ID)


def groups(commands: Iterable[Command] = COMMANDS) -> dict[str, list[Command]]:
    out: dict[str, list[Command]] = {}
    for c in commands:
        out.setdefault(c.group, []).append(c)
    return out


def key_display(key: str, app: App[Any] | None = None) -> str:
    """How Textual writes ``key`` in its footer (``App.get_key_display``): ``⏎``, ``esc``,
    ``^d``, ``/``. The help screen, the palette, the boards and the README use it too, so
    a key reads the same everywhere. Without a running ``app`` a plain one formats it."""
    from textual.binding import Binding

    return (app or _plain_app()).get_key_display(Binding(key, ""))


def keys_display(keys: Iterable[str], app: App[Any] | None = None) -> str:
    return " ".join(key_display(k, app) for k in keys)


@functools.cache
def _plain_app() -> App[Any]:
    from textual.app import App

    return App()


def description(command: Command) -> str:
    """The command's one line of help in this run's language."""
    return _(command.description)


def label(command: Command) -> str:
    """The command's footer word in this run's language."""
    return _(command.label)


def localize(bindings_map: BindingsMap) -> None:
    """Give the bindings their footer text and tooltip in this run's language.

    ``BINDINGS`` are made when a class is defined, before the config has chosen the
    language; each node calls this (through ``apply_keymap``, or itself for a dialog's
    own bindings) when it mounts.
    """
    table = bindings_map.key_to_bindings
    for key, key_bindings in table.items():
        table[key] = [
            replace(b, description=label(BY_ID[b.id]), tooltip=description(BY_ID[b.id]))
            if b.id in BY_ID
            else replace(b, description=_(b.description))  # a dialog's own, an N_() msgid
            if b.description
            else b
            for b in key_bindings
        ]
