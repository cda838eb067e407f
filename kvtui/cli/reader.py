"""``kvtui [--cache DIR] [--no-mouse] [NUMBER]``: start the reader.

The number is checked before Textual is even imported, so a typo costs no start-up and
exits with the usage code (2) and the list of accepted forms, like every other
subcommand. This is the only module outside ``kvtui.ui`` that imports the UI.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from kvtui.cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from kvtui.numbers import InvalidNumber, parse_number


def run_reader(args: argparse.Namespace) -> int:
    number: str | None = getattr(args, "number", None)
    if number is not None:
        try:
            parse_number(number)
        except InvalidNumber as exc:
            print(f"kvtui: {exc}", file=sys.stderr)
            return EXIT_USAGE
    from kvtui.cli.conventions import reader_theme

    try:
        theme = reader_theme(getattr(args, "theme", None))
    except ValueError as exc:
        print(f"kvtui: {exc}", file=sys.stderr)
        return EXIT_USAGE

    if not sys.stdout.isatty() and not os.environ.get("KVTUI_FORCE_TUI"):
        print(
            "kvtui: the reader needs a terminal; use 'kvtui show NUMBER' or 'kvtui list'",
            file=sys.stderr,
        )
        return EXIT_USAGE

    from kvtui.store.cache import Cache, CacheError
    from kvtui.textsafe import inert
    from kvtui.ui.app import KvtuiApp

    given = getattr(args, "cache", None)
    cache = Cache(Path(given) if given else Cache.default_root())
    try:
        cache.count()  # open it now: a cache that cannot be used is one line, not a crash
    except CacheError as exc:
        print(f"kvtui: {inert(str(exc))}", file=sys.stderr)
        cache.close()
        return EXIT_FAILED
    # the document's "open for N days" counts from the day the list and boards count from
    app = KvtuiApp(cache, start_number=number, today=cache.today)
    if theme:  # --theme / TEXTUAL_THEME: this run only, ahead of the remembered one
        app.config.theme = theme
    try:
        app.run(mouse=not getattr(args, "no_mouse", False))
    finally:
        close = getattr(cache, "close", None)
        if close is not None:
            close()
    return app.return_code or EXIT_OK
