"""The subcommands that work on the cache alone: show, list, search, import, reindex.

``show``/``list``/``search`` read only the index (no parser, no lxml, no httpx, no
Textual), so they start about as fast as Python itself. Every number is checked by the
number gate before anything touches the disk, and every piece of document text goes
through ``inert`` on its way to the terminal (JSON output stays faithful: it is data).
"""

from __future__ import annotations

import os
import sys

from kvtui.cli.exits import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from kvtui.i18n import _
from kvtui.numbers import DocNumber, InvalidNumber, parse_number
from kvtui.textsafe import inert
from kvtui.whitespace import fold_all

# Not typing.TYPE_CHECKING: importing typing costs show's start-up a few ms.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any, TextIO

    from kvtui.store.cache import Cache
    from kvtui.store.index import ListRow, SearchHit


def err(message: str) -> None:
    print(f"kvtui: {inert(message)}", file=sys.stderr)


def open_cache(args: argparse.Namespace, *, create: bool = True) -> Cache:
    """The cache ``--cache`` names (or the default). Commands that only read pass
    ``create=False``: a mistyped folder then says "no cache at PATH" and exits 1
    instead of being created and listed as empty."""
    from kvtui.store.cache import Cache

    root = getattr(args, "cache", None)
    return Cache(root if root is not None else Cache.default_root(), create=create)


def say_warnings(cache: Cache) -> None:
    """Print what the cache noticed but did not stop for (named files, a full disk)."""
    for message in cache.take_warnings():
        err(_("warning: {message}").format(message=message))


def check_number(text: str) -> DocNumber | None:
    """The number gate for the CLI: the reason goes to stderr, the caller exits 2."""
    try:
        return parse_number(text)
    except InvalidNumber as exc:
        print(f"kvtui: {exc}", file=sys.stderr)
        return None


def _dumps(value: Any) -> str:
    from kvtui.render.json import dumps  # escapes C1 and bidi controls json.dumps leaves raw

    return dumps(value)


def _write(text: str, out: TextIO | None = None, *, json: bool = False) -> None:
    out = out or sys.stdout
    if json and not _unicode_out(out):
        text = ascii_json(text)  # valid JSON on any terminal: \u escapes, not "?"
    out.write(text if text.endswith("\n") else text + "\n")
    out.flush()


def _unicode_out(out: TextIO) -> bool:
    encoding = (getattr(out, "encoding", None) or "utf-8").lower().replace("_", "-")
    return encoding.startswith(("utf-8", "utf8", "utf-16", "utf-32"))


def _escape(m: Any) -> str:
    code = ord(m.group())
    if code > 0xFFFF:  # a pair of surrogate escapes, as json.dumps(ensure_ascii=True) writes
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
    return f"\\u{code:04x}"


def ascii_json(text: str) -> str:
    """JSON text with every non-ASCII character written as a ``\\u`` escape.

    Outside strings JSON is ASCII, so escaping every other character yields the same
    document (what ``ensure_ascii`` would have written), readable on any stdout.
    """
    import re

    return re.sub(r"[^\x00-\x7f]", _escape, text)


# -- show ---------------------------------------------------------------------


def run_show(args: argparse.Namespace) -> int:
    number = check_number(args.number)
    if number is None:
        return EXIT_USAGE
    status = EXIT_OK
    with open_cache(args, create=not args.offline) as cache:  # without --offline it fetches
        kamervraag = cache.get(number.canonical)
        if kamervraag is None:
            if args.offline:
                err(_("{number} is not in the cache").format(number=number))
                return EXIT_FAILED
            status, key = _fetch_one(cache, number)
            kamervraag = cache.get(key)
            if kamervraag is None:
                if status == EXIT_OK:
                    err(_("{number} was not found").format(number=number))
                return EXIT_FAILED
            if status != EXIT_OK:  # a degraded fetch kept one service's part: show it
                said = _("{number}: incomplete – showing what was fetched; the rest failed (above)")
                err(said.format(number=number))
        if args.format == "json":
            from kvtui.render.json import render_json

            text = render_json(kamervraag)
            say_warnings(cache)
            _write(text, json=True)
            return EXIT_OK
        elif args.format == "markdown":
            from kvtui.render.markdown import render_markdown

            text = render_markdown(kamervraag)
        else:
            from kvtui.render.text import render_text

            text = render_text(kamervraag, today=cache.today)
        say_warnings(cache)
    _write(text)
    return status


def _fetch_one(cache: Cache, number: DocNumber) -> tuple[int, str]:
    """Fetch one number for ``show``: (exit status, the key the set is cached under)."""
    try:
        from kvtui.services.fetch import fetch_numbers
    except ImportError:
        err(
            _("{number} is not in the cache, and fetching is not available in this build").format(
                number=number
            )
        )
        return EXIT_FAILED, number.canonical
    err(_("{number} is not in the cache; fetching it").format(number=number))
    told: set[str] = set()  # failures the progress lines named: not printed twice

    def progress(event: Any) -> None:
        if event.kind == "failed":
            told.add(event.number)
        err(str(event))

    report = fetch_numbers(cache, [number], progress=progress)
    failed = list(getattr(report, "failed", []) or [])
    for which, message in failed:
        if which not in told:
            err(f"{which}: {message}")
    key = (getattr(report, "resolved", None) or {}).get(number.canonical, number.canonical)
    return (EXIT_FAILED if failed else EXIT_OK), key


# -- list ---------------------------------------------------------------------


def row_json(row: ListRow) -> dict[str, Any]:
    return {
        "number": row.number,
        "title": row.title,
        "status": row.status.value,
        "overdue": row.overdue,
        "submitted": row.submitted.isoformat() if row.submitted else None,
        "answered": row.answered.isoformat() if row.answered else None,
        "days_to_answer": row.days_to_answer,
        "submitters": row.submitters,
        "answered_by": row.answered_by,
        "topics": row.topics,
        "read": row.read,
        "starred": row.starred,
    }


def row_line(row: ListRow) -> str:
    from kvtui.render.outline import no_title, status_word

    status = status_word(row.status, row.overdue)  # the reader's words, one per state
    submitted = row.submitted.isoformat() if row.submitted else "-"
    star = "*" if row.starred else " "
    title = fold_all(row.title or no_title())
    return inert(f"{star}{row.number:<24} {submitted:<10}  {status:<12} {title}")


def run_list(args: argparse.Namespace) -> int:
    from kvtui.store.index import ListQuery

    query = ListQuery(
        sort=args.sort,
        descending=not args.ascending,
        status=args.status,
        since=args.since,
        text=args.filter,
        starred_only=args.starred,
        limit=args.limit,
    )
    with open_cache(args, create=False) as cache:
        rows = cache.rows(query)
        # asked only when nothing was listed: the path helps with a mistyped --cache
        empty = str(cache.root) if not rows and cache.count() == 0 else None
        say_warnings(cache)
    fmt = "json" if args.json else getattr(args, "format", None)
    if fmt == "json":
        _write(_dumps([row_json(r) for r in rows]), json=True)
    elif fmt in ("csv", "jsonl"):
        from kvtui.cli.board import LIST_COLUMNS, write_table

        write_table(fmt, [row_json(r) for r in rows], LIST_COLUMNS)
    else:
        out = sys.stdout
        for row in rows:
            out.write(row_line(row) + "\n")
        out.flush()
        if not rows:
            err(_nothing_listed(empty))
    return EXIT_OK


def _nothing_listed(empty: str | None) -> str:
    """Why ``list`` printed nothing: an empty cache (where, and how to fill it) or the
    filters; ``empty`` is the path of an empty cache."""
    if empty is not None:
        return _(
            "the cache at {path} is empty; fill it with 'kvtui fetch NUMBER', "
            "'kvtui sync --since YYYY-MM-DD' or 'kvtui import PATH'"
        ).format(path=empty)
    return _("no Kamervragen in the cache match the filters given")


# -- search -------------------------------------------------------------------


def hit_json(hit: SearchHit) -> dict[str, Any]:
    """A hit as JSON: its passage as plain text (``snippet``) with the character spans
    of the matches (``matches``), so no marker character reaches a consumer."""
    from kvtui.passage import HIT_END, HIT_START

    plain, spans, pos, s = [], [], 0, hit.snippet
    start = None
    for ch in s:
        if ch == HIT_START:
            start = pos
        elif ch == HIT_END and start is not None:
            spans.append([start, pos])
            start = None
        elif ch not in (HIT_START, HIT_END):
            plain.append(ch)
            pos += 1
    return {
        "number": hit.number,
        "title": hit.title,
        "submitted": hit.submitted.isoformat() if hit.submitted else None,
        "snippet": "".join(plain),
        "matches": spans,
    }


def hit_lines(hit: SearchHit, *, bold: bool) -> str:
    from kvtui.passage import HIT_END, HIT_START

    snippet = fold_all(inert(hit.snippet))
    on, off = ("\x1b[1m", "\x1b[0m") if bold else ("", "")
    snippet = snippet.replace(HIT_START, on).replace(HIT_END, off)
    title = fold_all(inert(hit.title or "(zonder titel)"))
    day = hit.submitted.isoformat() if hit.submitted else "-"
    return f"{inert(hit.number)}  {day}  {title}\n    {snippet}"


def run_search(args: argparse.Namespace) -> int:
    from kvtui.query import QuerySyntaxError
    from kvtui.store.index import QueryTooCostly

    query = " ".join(args.query)
    offset = getattr(args, "offset", 0)
    bounds = {"since": getattr(args, "since", None), "until": getattr(args, "until", None)}
    with open_cache(args, create=False) as cache:
        try:
            page = cache.search_page(
                query,
                limit=args.limit,
                offset=offset,
                sort=getattr(args, "sort", "relevance"),
                **bounds,
            )
        except (QuerySyntaxError, QueryTooCostly) as exc:  # the query's fault: a usage error
            err(f"search: {exc}")
            return EXIT_USAGE
        say_warnings(cache)
    hits, total, stopped = page.hits, page.total, page.stopped
    if args.json:
        _write(_dumps([hit_json(h) for h in hits]), json=True)
    else:
        bold = sys.stdout.isatty() and "NO_COLOR" not in os.environ
        for hit in hits:
            sys.stdout.write(hit_lines(hit, bold=bold) + "\n")
        sys.stdout.flush()
    from kvtui.cli.counts import count_stopped, page_note

    note = page_note(len(hits), total, offset, query) if total is not None else None
    if stopped is not None:
        note = count_stopped(len(hits), offset, stopped)
    if page.unranked:  # more found than relevance ranks (store.search.RANK_MAX)
        from kvtui.i18n import number
        from kvtui.store.search import RANK_MAX

        said = _("newest first: relevance ranks at most {most} results").format(
            most=number(RANK_MAX)
        )
        note = f"{note}; {said}" if note else said
    if note:
        err(note)
    return EXIT_OK


# -- import / reindex ---------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    with open_cache(args) as cache:
        report = cache.import_paths(list(args.paths), progress=err)
        say_warnings(cache)
    for path, reason in report.failed:
        err(f"{path}: {reason}")
    for number in report.numbers:
        sys.stdout.write(inert(number) + "\n")
    sys.stdout.flush()
    from kvtui.cli.counts import plural

    said = _("imported {files} into {sets}").format(
        files=plural(len(report.imported), "file"), sets=plural(len(report.numbers), "Kamervraag")
    )
    if report.failed:
        said += "; " + _("{n} failed").format(n=len(report.failed))
    err(said)
    return EXIT_FAILED if report.failed else EXIT_OK


def run_reindex(args: argparse.Namespace) -> int:
    with open_cache(args) as cache:
        n = cache.reindex()
        bad = len(cache.source_names())
        say_warnings(cache)
    from kvtui.cli.counts import plural

    err(
        _("reindexed {sets} from {files}").format(
            sets=plural(n, "Kamervraag"), files=plural(bad, "source file")
        )
    )
    return EXIT_OK
