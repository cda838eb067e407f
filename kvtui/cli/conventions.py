"""What the terminal-app ecosystem expects of a command (issue 10 item 15).

``kvtui --bindings`` prints every reader command id with its keys from the one registry
(``kvtui.ui.commands``, the same that feeds the help screen, the footer and the palette);
``kvtui locate config|cache|export`` prints where kvtui keeps things; ``--help`` lists
the ``KVTUI_*`` variables; ``--theme``/``TEXTUAL_THEME`` choose the reader's theme for
one run. Nothing here imports Textual except the theme check, which runs only when the
reader is about to start anyway.
"""

from __future__ import annotations

import os
import sys

from kvtui.cli.exits import EXIT_OK
from kvtui.cli.options import PLACES

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Mapping
    from typing import TextIO

# Used when ``kvtui.envvars`` (the checked table of every variable) is not in this build.
_VARIABLES = {
    "KVTUI_CACHE_DIR": "cache directory",
    "KVTUI_CONFIG_DIR": "config directory",
    "KVTUI_EXPORT_DIR": "export directory",
    "KVTUI_TK_URL": "Tweede Kamer OData base URL",
    "KVTUI_KOOP_URL": "officielebekendmakingen.nl base URL",
    "KVTUI_SRU_URL": "KOOP SRU search URL",
    "KVTUI_HTTP_TIMEOUT": "seconds per network step",
    "KVTUI_CONCURRENCY": "requests in flight at most",
    "KVTUI_HTTP_ATTEMPTS": "tries per request",
    "KVTUI_RETRY_BASE": "first backoff, seconds",
    "KVTUI_RETRY_CAP": "longest backoff, seconds",
    "KVTUI_RETRY_AFTER_CAP": "longest Retry-After honoured",
    "KVTUI_IMPORT_CHUNK": "files per import transaction",
    "KVTUI_IMPORT_WORKERS": "parser processes (0: automatic)",
    "KVTUI_TODAY": "today's date, for tests",
    "KVTUI_FORCE_TUI": "start the reader without a terminal",
    "KVTUI_LANGUAGE": "interface language: nl or en",
}

# Variables kvtui honours that are not its own.
OTHER_VARIABLES = {
    "TEXTUAL_THEME": "reader theme for this run (as --theme)",
    "NO_COLOR": "no colour in the reader or in search output",
}


def variables() -> dict[str, str]:
    """Every ``KVTUI_*`` variable with one line of what it is, in a stable order."""
    try:
        from kvtui.envvars import VARIABLES  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return dict(_VARIABLES)
    table = {name: str(row[0]) for name, row in VARIABLES.items()}
    for name, what in _VARIABLES.items():
        table.setdefault(name, what)
    return table


def env_epilog() -> str:
    """The environment part of ``kvtui --help`` (argparse keeps its line breaks)."""
    rows = {**variables(), **OTHER_VARIABLES}
    width = max(map(len, rows))
    lines = ["environment:"] + [f"  {name:<{width}}  {what}" for name, what in rows.items()]
    lines += [
        "",
        "exports (e in the reader) go to $KVTUI_EXPORT_DIR, else to the downloads folder",
        "if it exists, else to the current directory; never over an existing file",
        "(kvtui locate export)",
    ]
    return "\n".join(lines)


# -- --bindings ---------------------------------------------------------------


def run_bindings(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Every command id, its keys (as the config file names them) and what it does.

    Keys remapped in the config file are shown as they will act, marked "(config)".
    """
    from kvtui.ui import commands
    from kvtui.ui.config import load_config

    out = out or sys.stdout
    if getattr(args, "bindings", None) == "markdown":
        out.write(bindings_markdown())
        out.flush()
        return EXIT_OK
    keymap = load_config().keymap
    width = max(len(c.id) for c in commands.COMMANDS)
    for group, members in commands.groups().items():
        out.write(f"{group}\n")
        for c in members:
            keys = ",".join(commands.effective_keys(c, keymap))
            mark = " (config)" if c.id in keymap else ""
            out.write(f"  {c.id:<{width}}  {keys + mark:<20} {c.description}\n")
    out.flush()
    return EXIT_OK


def bindings_markdown() -> str:
    """The README's keys table: every command of the registry by group, its default keys
    written as the reader's footer and help write them (Textual's ``get_key_display``),
    what it does and its id. The README holds this text between its ``keys`` markers
    (tests/test_readme_keys.py compares them), so the README, the help screen and
    ``--bindings`` cannot disagree."""
    from kvtui.ui import commands

    def cell(text: str) -> str:
        return text.replace("|", "\\|")

    lines = ["| keys | what | id |", "|---|---|---|"]
    for group, members in commands.groups().items():
        lines.append(f"| **{cell(group)}** | | |")
        for c in members:
            keys = " ".join(f"`{cell(commands.key_display(k))}`" for k in c.key_list)
            lines.append(f"| {keys} | {cell(c.description)} | `{c.id}` |")
    return "\n".join(lines) + "\n"


# -- locate -------------------------------------------------------------------


def places(args: argparse.Namespace, env: Mapping[str, str] = os.environ) -> dict[str, str]:
    """Where kvtui keeps each thing, as it would use it now (``--cache`` included)."""
    from pathlib import Path

    from kvtui.store.paths import default_root
    from kvtui.ui.config import config_path
    from kvtui.ui.export import export_place

    given = getattr(args, "cache", None)
    return {
        "config": str(config_path()),
        "cache": str(Path(given) if given else default_root()),
        "export": str(export_place(env)[0]),
    }


def run_locate(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """``kvtui locate THING`` prints one path (for scripts); without THING, all three."""
    out = out or sys.stdout
    found = places(args)
    what = getattr(args, "what", None)
    if what:
        out.write(found[what] + "\n")
    else:
        for name in PLACES:
            out.write(f"{name}: {found[name]}\n")
    out.flush()
    return EXIT_OK


# -- the reader's theme ---------------------------------------------------------


def reader_theme(given: str | None, env: Mapping[str, str] = os.environ) -> str | None:
    """The theme for this run: ``--theme``, else ``TEXTUAL_THEME``, else None (config).

    Both win over the theme remembered in the config file for this run only (it is not
    saved). An unknown name raises ``ValueError`` with the names Textual offers,
    ``ansi-dark``/``ansi-light`` (the terminal's own colours) among them.
    """
    source, name = ("--theme", given) if given else ("TEXTUAL_THEME", env.get("TEXTUAL_THEME"))
    name = (name or "").strip()
    if not name:
        return None
    from textual.theme import BUILTIN_THEMES

    if name not in BUILTIN_THEMES:
        names = ", ".join(sorted(BUILTIN_THEMES))
        raise ValueError(f"unknown theme {name!r} (from {source}); themes: {names}")
    return name
