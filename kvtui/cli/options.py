"""Finishing the argparse parsers: help on every option, the epilog, the ``locate`` command.

The parsers themselves are declared in ``kvtui.cli``; this module is applied to them
after they are built, so every option any subcommand declares – now or later – has a
help line (a missing one gets the shared wording for its name), every DATE says its
format, and ``kvtui --help`` ends with the subcommands and the environment. The man
page and the shell completion are generated from the finished parsers.
"""

from __future__ import annotations

import argparse

# Shared help for options and arguments that several subcommands declare.
HELP = {
    "number": "a Kamervraag number, KOOP id or URL (a wrong one lists every form)",
    "numbers": "Kamervraag numbers, KOOP ids or URLs",
    "since": "from this day on, YYYY-MM-DD",
    "until": "up to this day, YYYY-MM-DD (default: today)",
    "format": "output format",
    "json": "print JSON on stdout (messages stay on stderr)",
    "status": "only sets with this status",
    "sort": "sort order",
    "limit": "print at most this many",
    "query": 'words to find, all required: "a phrase", OR, -word, NEAR(a b, 5), prefix*, '
    "fields such as titel:, partij:, status:, sinds:/tot: (see the README)",
    "paths": "files or directories of source files",
    "by": "group by",
    "what": "one of %(choices)s (default: all three)",
}
DATE_FORMAT = "YYYY-MM-DD"
PLACES = ("config", "cache", "export")  # what ``kvtui locate`` prints
BINDINGS_FORMATS = ("text", "markdown")


def _fill_help(parser: argparse.ArgumentParser) -> None:
    for action in parser._actions:
        if action.help is None:
            action.help = HELP.get(action.dest, action.dest.replace("_", " "))
        shown = action.default not in (None, False, argparse.SUPPRESS) and action.nargs != 0
        if shown and not action.required and "default" not in str(action.help):
            action.help = f"{action.help} (default: %(default)s)"
        if action.metavar == "DATE" and DATE_FORMAT not in str(action.help):
            action.help = f"{action.help} ({DATE_FORMAT})"


def add_conventions(top: argparse.ArgumentParser) -> None:
    """The top-level flags of item 15 (the reader's theme, bindings, man, completion)."""
    top.add_argument(
        "--theme",
        metavar="NAME",
        default=None,
        help="reader theme for this run, e.g. ansi-dark or ansi-light (the terminal's own "
        "colours), nord, textual-light; default $TEXTUAL_THEME, else the one remembered",
    )
    top.add_argument(
        "--bindings",
        nargs="?",
        const="text",
        default=None,
        choices=BINDINGS_FORMATS,
        metavar="FORMAT",
        help="print every reader command id with its keys (ids for [keys] in config.toml); "
        "FORMAT markdown writes the README's keys table",
    )
    top.add_argument("--man", action="store_true", help="print the man page (roff) and exit")
    top.add_argument(
        "--completion",
        choices=("bash", "zsh"),
        default=None,
        metavar="SHELL",
        help="print a completion script for bash or zsh, e.g. 'source <(kvtui --completion bash)'",
    )


def add_locate(parsers: dict[str, argparse.ArgumentParser], common: object) -> None:
    p = argparse.ArgumentParser(
        prog="kvtui locate", description="print where kvtui keeps its config, cache and exports"
    )
    common(p, top=False)  # type: ignore[operator]
    p.add_argument("what", nargs="?", choices=PLACES, default=None)
    parsers["locate"] = p


def finish(
    top: argparse.ArgumentParser,
    parsers: dict[str, argparse.ArgumentParser],
    *,
    epilog: bool = True,
) -> None:
    """Help on every action, DATE formats, and the top epilog (subcommands, environment).

    The epilog reads the variable table; ``epilog=False`` leaves it out where no help will
    be printed, so ``kvtui list`` does not pay for it.
    """
    for parser in (top, *parsers.values()):
        _fill_help(parser)
    if not epilog:
        return
    from kvtui.cli.conventions import env_epilog

    top.formatter_class = argparse.RawDescriptionHelpFormatter
    names = ", ".join(parsers)
    top.epilog = (
        f"subcommands: {names} (kvtui SUBCOMMAND --help)\n"
        "a word that is not a subcommand is the NUMBER the reader opens at\n\n" + env_epilog()
    )


def flag_command(args: argparse.Namespace) -> str | None:
    """The top-level flag that stands for a command of its own, if one was given."""
    if getattr(args, "man", False):
        return "man"
    if getattr(args, "completion", None):
        return "completion"
    if getattr(args, "bindings", None):
        return "bindings"
    return None
