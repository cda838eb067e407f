"""The man page, generated from the parsers: ``kvtui --man`` or ``python -m kvtui.cli.manpage``.

Generated rather than written so it can never disagree with ``--help``: every option of
every subcommand, with its help line, the environment table and the exit codes. Install
with ``kvtui --man > ~/.local/share/man/man1/kvtui.1``. No date in the header, so the
output is the same on every run.
"""

from __future__ import annotations

import sys

from kvtui import __version__

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import TextIO


def esc(text: str) -> str:
    """Text as roff reads it literally: backslashes, hyphens, and a leading dot or quote."""
    text = text.replace("\\", "\\e").replace("-", "\\-")
    lines = [("\\&" + ln if ln.startswith((".", "'")) else ln) for ln in text.split("\n")]
    return "\n".join(lines)


def _invocation(parser: argparse.ArgumentParser, action: argparse.Action) -> str:
    names = action.option_strings or [action.metavar or action.dest]
    metavar = ""
    if action.option_strings and action.nargs != 0:
        metavar = action.metavar or (
            "{" + ",".join(map(str, action.choices)) + "}" if action.choices else action.dest
        )
    bold = ", ".join(f"\\fB{esc(n)}\\fR" for n in names)
    return bold + (f" \\fI{esc(str(metavar))}\\fR" if metavar else "")


def _options(parser: argparse.ArgumentParser) -> list[str]:
    formatter = parser._get_formatter()
    out: list[str] = []
    for action in parser._actions:
        if action.help is None or action.help == "==SUPPRESS==":
            continue
        out += [".TP", _invocation(parser, action), esc(formatter._expand_help(action))]
    return out


def render() -> str:
    """The whole page in roff (man macros)."""
    from kvtui.cli import parsers

    top, subs = parsers()
    from kvtui.cli.conventions import OTHER_VARIABLES, variables

    lines = [
        f'.TH KVTUI 1 "" "kvtui {esc(__version__)}" "User Commands"',
        ".SH NAME",
        f"kvtui \\- {esc(top.description or '')}",
        ".SH SYNOPSIS",
        ".B kvtui",
        "[\\fIOPTIONS\\fR] [\\fINUMBER\\fR]",
        ".br",
        ".B kvtui",
        "\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]",
        ".SH DESCRIPTION",
        esc(
            "Without a command, kvtui opens the reader (at NUMBER when given, fetching it if "
            "needed). The commands work on the cache without a terminal user interface; "
            "data goes to stdout, progress and messages to stderr."
        ),
        ".SH OPTIONS",
        *_options(top),
        ".SH COMMANDS",
    ]
    for name, parser in subs.items():
        usage = parser.format_usage().strip().removeprefix("usage: ")
        lines += [f".SS {esc(name)}", esc(parser.description or ""), ".PP", esc(usage)]
        lines += _options(parser)
    lines.append(".SH ENVIRONMENT")
    for name, what in {**variables(), **OTHER_VARIABLES}.items():
        lines += [".TP", f"\\fB{esc(name)}\\fR", esc(what)]
    lines += [
        ".SH FILES",
        esc("kvtui locate config|cache|export prints where they are on this machine."),
        ".SH EXIT STATUS",
        ".TP",
        "0",
        "success",
        ".TP",
        "1",
        esc("some items failed (each named on stderr)"),
        ".TP",
        "2",
        esc("usage error (a bad option, number or command), before any I/O"),
    ]
    return "\n".join(lines) + "\n"


def run_man(args: argparse.Namespace | None = None, out: TextIO | None = None) -> int:
    (out or sys.stdout).write(render())
    return 0


if __name__ == "__main__":
    raise SystemExit(run_man())
