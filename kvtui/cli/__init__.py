"""The ``kvtui`` command: arguments, exit codes and dispatch; nothing heavy at import.

Each subcommand's module is imported only when it runs, so ``kvtui show`` never loads
Textual (the reader), httpx (the fetchers) or lxml (the parsers). argparse cannot mix
subcommands with an optional positional ``NUMBER`` for the reader, so the first word
that is not an option decides: a known subcommand gets its parser, anything else is
the reader's number.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from kvtui import __version__
from kvtui.cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from kvtui.i18n import N_, _

# argparse, datetime and typing are imported where they are used: ``kvtui show`` takes
# a path without them (see ``_fast_show``), and its start-up is a quality bar.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    import datetime as dt
    from collections.abc import Callable, Sequence


FORMATS = ("text", "markdown", "json")
SORTS = ("submitted", "answered", "days", "number")
STATUSES = ("answered", "postponed", "open", "withdrawn", "overdue")
EXPORTS = ("text", "json", "csv", "jsonl")
LIST_FORMATS = EXPORTS
BOARD_BY = ("ministry", "minister", "party", "member", "year")  # overdue: all but year


def _date(value: str) -> dt.date:
    import argparse
    import datetime as dt

    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        said = _("not a date (YYYY-MM-DD): {value}").format(value=repr(value))
        raise argparse.ArgumentTypeError(said) from None


SEARCH_SORTS = ("relevance", "date")
SINCE_HELP = N_("submitted on or after DATE: YYYY-MM-DD, YYYY-MM or YYYY (as sinds:)")
UNTIL_HELP = N_("submitted on or before DATE: YYYY-MM-DD, YYYY-MM or YYYY (as tot:)")


def _day_from(value: str, *, last: bool = False) -> dt.date:
    """A search bound: the first day of a date, month or year (the last with ``last``)."""
    import argparse

    from kvtui.dates import date_bound

    day = date_bound(value, last=last)
    if day is None:
        said = _("not a date (YYYY-MM-DD, YYYY-MM or YYYY): {value}")
        raise argparse.ArgumentTypeError(said.format(value=repr(value)))
    return day


def _day_until(value: str) -> dt.date:
    return _day_from(value, last=True)


def _at_least(value: str, least: int, too_small: str) -> int:
    """A whole number of ``least`` or more; else argparse's error, ``too_small`` below it."""
    import argparse

    try:
        n = int(value)
    except ValueError:
        said = _("not a number: {value}").format(value=repr(value))
        raise argparse.ArgumentTypeError(said) from None
    if n < least:
        raise argparse.ArgumentTypeError(_(too_small))
    return n


def _positive(value: str) -> int:
    return _at_least(value, 1, N_("must be 1 or more"))


def _count(value: str) -> int:
    return _at_least(value, 0, N_("must be 0 or more"))


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    import argparse

    # After the subcommand, --cache must not overwrite a value given before it.
    default = None if top else argparse.SUPPRESS
    parser.add_argument(
        "--cache",
        type=Path,
        metavar="DIR",
        default=default,
        help=N_("cache directory (default: $KVTUI_CACHE_DIR or the user cache dir)"),
    )


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    import argparse

    parsers: dict[str, argparse.ArgumentParser] = {}

    def sub(name: str, help_text: str) -> argparse.ArgumentParser:
        p = argparse.ArgumentParser(prog=f"kvtui {name}", description=help_text)
        _common(p, top=False)
        parsers[name] = p
        return p

    p = sub("fetch", N_("fetch Kamervragen into the cache; progress on stderr"))
    p.add_argument("numbers", nargs="+", metavar="NUMBER")
    p.add_argument("--force", action="store_true", help=N_("fetch again even if cached"))

    p = sub("refresh", N_("re-check open, postponed and text-pending questions"))
    p.add_argument("--all", action="store_true", help=N_("re-check every cached Kamervraag"))

    p = sub("sync", N_("fetch every Kamervraag submitted in a period"))
    p.add_argument(
        "--since", type=_date, default=None, metavar="DATE", help=N_("(default: continue)")
    )
    p.add_argument("--until", type=_date, default=None, metavar="DATE")

    p = sub("show", N_("print one Kamervraag"))
    p.add_argument("number", metavar="NUMBER")
    p.add_argument("--format", choices=FORMATS, default="text")
    p.add_argument("--offline", action="store_true", help=N_("never fetch; cache only"))

    p = sub("list", N_("list cached Kamervragen"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--format", choices=LIST_FORMATS, default=None, help=N_("(--json: json)"))
    p.add_argument("--status", choices=STATUSES, default=None)
    p.add_argument("--since", type=_date, default=None, metavar="DATE")
    p.add_argument("--sort", choices=SORTS, default="submitted")
    p.add_argument("--ascending", action="store_true", help=N_("oldest/lowest first"))
    p.add_argument("--filter", default=None, metavar="TEXT", help=N_("substring filter"))
    p.add_argument("--starred", action="store_true", help=N_("only starred ones"))
    p.add_argument("--limit", type=_positive, default=None)

    p = sub("search", N_("full-text search over cached questions and answers"))
    p.add_argument("query", metavar="QUERY", nargs="*")
    p.add_argument("--json", action="store_true")
    p.add_argument("--since", type=_day_from, default=None, metavar="DATE", help=SINCE_HELP)
    p.add_argument("--until", type=_day_until, default=None, metavar="DATE", help=UNTIL_HELP)
    p.add_argument(
        "--sort", choices=SEARCH_SORTS, default="relevance", help=N_("best match first, or newest")
    )
    p.add_argument(
        "--limit", type=_positive, default=50, metavar="N", help=N_("show N results (default 50)")
    )
    p.add_argument(
        "--offset",
        type=_count,
        default=0,
        metavar="N",
        help=N_("skip the N best results first (default 0); stderr says how many there are"),
    )

    p = sub("import", N_("add source files (KOOP XML/HTML, metadata.xml, OData JSON)"))
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH")

    sub("reindex", N_("rebuild the index from the cached sources"))

    p = sub("overdue", N_("the overdue board: sets past the answer term, with due date"))
    p.add_argument("--by", choices=BOARD_BY[:-1], default=None, help=N_("group the sets"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--format", choices=EXPORTS, default=None)

    p = sub("stats", N_("answer-time statistics per group"))
    p.add_argument("--by", choices=BOARD_BY, required=True)
    p.add_argument("--since", type=_date, default=None, metavar="DATE", help=N_("submitted from"))
    p.add_argument("--until", type=_date, default=None, metavar="DATE", help=N_("submitted until"))
    p.add_argument("--json", action="store_true")
    p.add_argument("--format", choices=EXPORTS, default=None)

    from kvtui.cli.watch import add_parsers  # watch, new

    add_parsers(sub, _common)
    return parsers


def _top_parser() -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog="kvtui",
        description=N_("A keyboard-driven terminal reader for Dutch Kamervragen."),
        epilog="subcommands: fetch, show, list, search, import, reindex, refresh, sync, "
        "overdue, stats, watch, new "
        "(kvtui SUBCOMMAND --help)",
    )
    _common(parser, top=True)
    parser.add_argument("--version", action="version", version=f"kvtui {__version__}")
    parser.add_argument("--no-mouse", action="store_true", help=N_("reader: ignore the mouse"))
    parser.add_argument("number", nargs="?", default=None, metavar="NUMBER")
    from kvtui.cli.options import add_conventions

    add_conventions(parser)
    return parser


def parsers(
    *, epilog: bool = True
) -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    """The finished top parser and subcommand parsers (help on every option, epilog);
    ``--man`` and ``--completion`` are generated from these."""
    from kvtui.cli import options

    subs = _subparsers()
    options.add_locate(subs, _common)
    top = _top_parser()
    options.finish(top, subs, epilog=epilog)
    return top, subs


# Top-level options that take a value: the word after them is not a subcommand.
_TOP_VALUED = ("--cache", "--theme", "--completion")


class _Args:
    """What argparse would return for the commands ``_fast_show`` reads (duck-typed)."""

    def __init__(self, **values: object) -> None:
        self.__dict__.update(values)


# What argparse leaves for the top-level flags when the line does not give them.
_TOP_DEFAULTS: dict[str, object] = {
    "no_mouse": False,
    "theme": None,
    "bindings": None,
    "man": False,
    "completion": None,
    "number": None,
}


def _fast_args(cache: str | None, command: str | None, **values: object) -> _Args:
    """A fast path's result: ``values`` over the top-level defaults, as argparse has it."""
    cache_dir = Path(cache) if cache is not None else None
    return _Args(**{**_TOP_DEFAULTS, **values, "cache": cache_dir, "command": command})


def _before_command(argv: list[str], command: str) -> tuple[str | None, int] | None:
    """``[--cache DIR]… COMMAND`` at the start of ``argv``: the cache given (the last
    one) and where the words after COMMAND start; None when the line starts otherwise."""
    cache: str | None = None
    i, n = 0, len(argv)
    while i + 1 < n and argv[i] == "--cache" and not argv[i + 1].startswith("-"):
        cache, i = argv[i + 1], i + 2
    if i >= n or argv[i] != command:
        return None
    return cache, i + 1


def _fast_show(argv: list[str]) -> _Args | None:
    """``[--cache DIR] show NUMBER [--format F] [--offline] [--cache DIR]``, or None.

    The everyday form of ``show`` is read without argparse, whose parsers (and the
    shutil/bz2/lzma imports their help formatter pulls in) are a visible part of a
    40 ms command. Anything else – help, unknown or abbreviated options, ``--x=y``,
    a second positional – returns None and goes through argparse, so errors and
    messages are argparse's own. Later options win, as in argparse.
    """
    head = _before_command(argv, "show")
    if head is None:
        return None
    cache, i = head
    n = len(argv)
    number: str | None = None
    fmt, offline = "text", False
    while i < n:
        word = argv[i]
        if word in ("--cache", "--format"):
            if i + 1 >= n or argv[i + 1].startswith("-"):
                return None
            if word == "--cache":
                cache = argv[i + 1]
            elif argv[i + 1] in FORMATS:
                fmt = argv[i + 1]
            else:
                return None
            i += 2
        elif word == "--offline":
            offline, i = True, i + 1
        elif word.startswith("-") or number is not None:
            return None
        else:
            number, i = word, i + 1
    if number is None:
        return None
    return _fast_args(cache, "show", number=number, format=fmt, offline=offline)


def _fast_search(argv: list[str]) -> _Args | None:
    """``[--cache DIR] search WORD… [--json] [--sort S] [--limit N] [--offset N]
    [--since D] [--until D] [--cache DIR]``, or None, read without argparse as
    ``_fast_show`` reads ``show`` (building every subcommand's parser is ~15 ms of a
    search). A word starting with ``-`` (an excluded word, help, an unknown or
    abbreviated option, ``--x=y``) or a value its option refuses returns None, and
    argparse reads the line, so its messages and ``-word`` handling stay its own.
    """
    head = _before_command(argv, "search")
    if head is None:
        return None
    cache, i = head
    n = len(argv)
    values: dict[str, object] = {
        "json": False, "sort": "relevance", "limit": 50, "offset": 0, "since": None,
        "until": None,
    }  # fmt: skip
    convert = {
        "--sort": lambda v: v if v in SEARCH_SORTS else _refuse(),
        "--limit": _positive,
        "--offset": _count,
        "--since": _day_from,
        "--until": _day_until,
    }
    words: list[str] = []
    while i < n:
        word = argv[i]
        if word == "--json":
            values["json"], i = True, i + 1
            continue
        if word in convert or word == "--cache":
            if i + 1 >= n or argv[i + 1].startswith("-"):
                return None
            if word == "--cache":
                cache = argv[i + 1]
            else:
                try:
                    values[word[2:]] = convert[word](argv[i + 1])
                except Exception:  # argparse says what is wrong with the value
                    return None
            i += 2
            continue
        if word.startswith("-"):
            return None
        words.append(word)
        i += 1
    if not words:
        return None
    return _fast_args(cache, "search", query=words, **values)


def _fast_reader(argv: list[str]) -> _Args | None:
    """``kvtui [--cache DIR] [--no-mouse]`` (the reader, no number), or None: read
    without argparse, whose parsers for every subcommand cost the reader ~20 ms before
    its first paint. Anything else goes through argparse."""
    cache: str | None = None
    no_mouse = False
    i, n = 0, len(argv)
    while i < n:
        if argv[i] == "--cache" and i + 1 < n and not argv[i + 1].startswith("-"):
            cache, i = argv[i + 1], i + 2
        elif argv[i] == "--no-mouse":
            no_mouse, i = True, i + 1
        else:
            return None
    return _fast_args(cache, None, no_mouse=no_mouse)


def _refuse() -> str:
    raise ValueError("not a choice")


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    """Parse argv by hand at the top: global options, then a subcommand or a number."""
    argv = list(argv)
    # The top epilog (subcommands, environment) is built only when help may be printed.
    top, subs = parsers(epilog="-h" in argv or any(w.startswith("--h") for w in argv))
    i = 0
    while i < len(argv):
        word = argv[i]
        if word == "--":
            break
        if word in _TOP_VALUED:
            i += 2
            continue
        if word == "--bindings" and argv[i + 1 : i + 2] == ["markdown"]:  # its optional FORMAT
            i += 2
            continue
        if word.startswith("-"):
            i += 1
            continue
        if word in subs:
            head = top.parse_args([w for w in argv[:i]])
            if head.number is not None:  # cannot happen: nothing positional before i
                top.error(_("unexpected argument before the subcommand"))
            if word == "search":
                args = _search_args(subs[word], argv[i + 1 :], head)
            else:
                args = subs[word].parse_args(argv[i + 1 :], namespace=head)
            args.command = word
            return args
        from kvtui.cli.suggest import unknown_command

        message = unknown_command(word, subs)
        if message is not None:
            top.print_usage(sys.stderr)
            print(f"kvtui: error: {message}", file=sys.stderr)
            raise SystemExit(EXIT_USAGE)
        break
    args = top.parse_args(argv)
    from kvtui.cli.options import flag_command

    args.command = flag_command(args)
    return args


def _search_args(
    parser: argparse.ArgumentParser, words: list[str], head: argparse.Namespace
) -> argparse.Namespace:
    """``search``'s arguments, where ``-word`` (exclude a word) is part of the query,
    not an option argparse does not know; an unknown ``--option`` is still an error."""
    args, rest = parser.parse_known_args(words, namespace=head)
    bad = [w for w in rest if w.startswith("--") or w == "-"]
    if bad:
        parser.error(_("unrecognized arguments: {words}").format(words=" ".join(bad)))
    args.query = [*args.query, *rest]
    if not args.query:
        parser.error(_("the following arguments are required: QUERY"))
    return args


def _handler(command: str | None) -> Callable[[argparse.Namespace], int]:
    if command is None:
        from kvtui.cli.reader import run_reader

        return run_reader
    if command in ("bindings", "locate", "man", "completion"):
        from kvtui.cli import completion, conventions, manpage

        return {
            "bindings": conventions.run_bindings,
            "locate": conventions.run_locate,
            "man": manpage.run_man,
            "completion": completion.run_completion,
        }[command]
    if command in ("fetch", "refresh", "sync"):
        from kvtui.cli import online

        return {"fetch": online.run_fetch, "refresh": online.run_refresh, "sync": online.run_sync}[
            command
        ]
    if command in ("overdue", "stats"):
        from kvtui.cli import board

        return {"overdue": board.run_overdue, "stats": board.run_stats}[command]
    if command in ("watch", "new"):
        from kvtui.cli import watch

        return {"watch": watch.run_watch, "new": watch.run_new}[command]
    from kvtui.cli import offline

    return {
        "show": offline.run_show,
        "list": offline.run_list,
        "search": offline.run_search,
        "import": offline.run_import,
        "reindex": offline.run_reindex,
    }[command]


def _bad_environment() -> int:
    """A ``KVTUI_*`` value kvtui cannot use is a usage error, named before any I/O."""
    if not any(name.startswith("KVTUI_") for name in os.environ):
        return EXIT_OK  # nothing to check, nothing to import
    from kvtui.envvars import check_environment

    problems = check_environment(os.environ)
    for problem in problems:
        print(f"kvtui: {problem}", file=sys.stderr)
    return EXIT_USAGE if problems else EXIT_OK


def _tolerant_output() -> None:
    """Let stdout write any text, whatever its encoding (``PYTHONIOENCODING=ascii``,
    a latin-1 terminal): a character it cannot hold is written as a backslash escape,
    as stderr already does, instead of ending the command in UnicodeEncodeError."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(ValueError, OSError):  # a stream that cannot change
                reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``kvtui``; returns the exit code (0 ok, 1 some items failed, 2 usage)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    _tolerant_output()
    try:
        args = _fast_show(argv) or _fast_search(argv) or _fast_reader(argv) or parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error (2)
        return int(exc.code) if isinstance(exc.code, int) else EXIT_USAGE
    bad_env = _bad_environment()
    if bad_env:
        return bad_env
    from kvtui import i18n

    i18n.set_language(i18n.choose())  # the reader may still apply its config's choice
    try:
        handler = _handler(args.command)
    except ImportError as exc:
        what = _("the reader") if args.command is None else f"'kvtui {args.command}'"
        said = _("{what} is not available in this build ({error})").format(what=what, error=exc)
        print(f"kvtui: {said}", file=sys.stderr)
        return EXIT_FAILED
    try:
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        print("kvtui: " + _("interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `kvtui list | head`: the reader went away; that is not an error of ours.
        # Point stdout at /dev/null so the interpreter's final flush stays quiet.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        from kvtui.store.boundary import CacheError

        if not isinstance(exc, CacheError):
            raise
        from kvtui.textsafe import inert

        print(f"kvtui: {inert(str(exc))}", file=sys.stderr)  # one line, no traceback
        return EXIT_FAILED
