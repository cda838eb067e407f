"""The subcommands that work on the cache alone: show, list, search, import, reindex.

``show``/``list``/``search`` read only the index (no parser, no lxml, no httpx, no
Textual), so they start about as fast as Python itself. Every number is checked by the
number gate before anything touches the disk, and every piece of document text goes
through ``inert`` on its way to the terminal (JSON output stays faithful: it is data).
"""

from __future__ import annotations

import os
import sys

from kvtui.numbers import DocNumber, InvalidNumber, parse_number
from kvtui.textsafe import inert

# Not typing.TYPE_CHECKING: importing typing costs show's start-up a few ms.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import Any, TextIO

    from kvtui.store.cache import Cache
    from kvtui.store.index import ListRow, SearchHit

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def err(message: str) -> None:
    print(f"kvtui: {inert(message)}", file=sys.stderr)


def open_cache(args: argparse.Namespace) -> Cache:
    from kvtui.store.cache import Cache

    root = getattr(args, "cache", None)
    return Cache(root if root is not None else Cache.default_root())


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


def _write(text: str, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    out.write(text if text.endswith("\n") else text + "\n")
    out.flush()


# -- show ---------------------------------------------------------------------


def run_show(args: argparse.Namespace) -> int:
    number = check_number(args.number)
    if number is None:
        return EXIT_USAGE
    with open_cache(args) as cache:
        kv = cache.get(number.canonical)
        if kv is None:
            if args.offline:
                err(f"{number} is not in the cache")
                return EXIT_FAILED
            status = _fetch_one(cache, number)
            if status != EXIT_OK:
                return status
            kv = cache.get(number.canonical)
            if kv is None:
                err(f"{number} was not found")
                return EXIT_FAILED
        if args.format == "json":
            from kvtui.render.json import render_json

            text = render_json(kv)
        elif args.format == "markdown":
            from kvtui.render.markdown import render_markdown

            text = render_markdown(kv)
        else:
            from kvtui.render.text import render_text

            text = render_text(kv, today=cache.today)
    _write(text)
    return EXIT_OK


def _fetch_one(cache: Cache, number: DocNumber) -> int:
    try:
        from kvtui.sources.fetch import fetch_numbers
    except ImportError:
        err(f"{number} is not in the cache, and fetching is not available in this build")
        return EXIT_FAILED
    err(f"{number} is not in the cache; fetching it")
    report = fetch_numbers(cache, [number], progress=lambda event: err(str(event)))
    failed = list(getattr(report, "failed", []) or [])
    for which, message in failed:
        err(f"{which}: {message}")
    return EXIT_FAILED if failed else EXIT_OK


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
    status = row.status.value + (" (te laat)" if row.overdue else "")
    submitted = row.submitted.isoformat() if row.submitted else "-"
    star = "*" if row.starred else " "
    title = " ".join((row.title or "(zonder titel)").split())
    return inert(f"{star}{row.number:<24} {submitted:<10}  {status:<20} {title}")


def run_list(args: argparse.Namespace) -> int:
    with open_cache(args) as cache:
        rows = cache.rows(
            sort=args.sort,
            descending=not args.ascending,
            status=args.status,
            since=args.since,
            text=args.filter,
            starred_only=args.starred,
            limit=args.limit,
        )
    if args.json:
        _write(_dumps([row_json(r) for r in rows]))
    else:
        out = sys.stdout
        for row in rows:
            out.write(row_line(row) + "\n")
        out.flush()
        if not rows:
            err("no Kamervragen in the cache match")
    return EXIT_OK


# -- search -------------------------------------------------------------------


def hit_json(hit: SearchHit) -> dict[str, Any]:
    from kvtui.store.index import HIT_END, HIT_START

    plain, spans, pos, i, s = [], [], 0, 0, hit.snippet
    start = None
    while i < len(s):
        ch = s[i]
        if ch == HIT_START:
            start = pos
        elif ch == HIT_END and start is not None:
            spans.append([start, pos])
            start = None
        else:
            plain.append(ch)
            pos += 1
        i += 1
    return {"number": hit.number, "title": hit.title, "snippet": "".join(plain), "matches": spans}


def hit_lines(hit: SearchHit, *, bold: bool) -> str:
    from kvtui.store.index import HIT_END, HIT_START

    snippet = " ".join(inert(hit.snippet).split())
    on, off = ("\x1b[1m", "\x1b[0m") if bold else ("", "")
    snippet = snippet.replace(HIT_START, on).replace(HIT_END, off)
    title = " ".join(inert(hit.title or "(zonder titel)").split())
    return f"{inert(hit.number)}  {title}\n    {snippet}"


def run_search(args: argparse.Namespace) -> int:
    from kvtui.store.index import QueryTooCostly

    query = " ".join(args.query)
    with open_cache(args) as cache:
        try:
            hits = cache.search(query, limit=args.limit)
        except QueryTooCostly as exc:  # the query's fault, not the cache's: a usage error
            err(str(exc))
            return EXIT_USAGE
    if args.json:
        _write(_dumps([hit_json(h) for h in hits]))
        return EXIT_OK
    bold = sys.stdout.isatty() and "NO_COLOR" not in os.environ
    for hit in hits:
        sys.stdout.write(hit_lines(hit, bold=bold) + "\n")
    sys.stdout.flush()
    if not hits:
        err(f"nothing found for {query!r}")
    return EXIT_OK


# -- import / reindex ---------------------------------------------------------


def run_import(args: argparse.Namespace) -> int:
    with open_cache(args) as cache:
        report = cache.import_paths(list(args.paths), progress=err)
    for path, reason in report.failed:
        err(f"{path}: {reason}")
    for number in report.numbers:
        sys.stdout.write(inert(number) + "\n")
    sys.stdout.flush()
    err(
        f"imported {len(report.imported)} file(s) into {len(report.numbers)} Kamervraag/-vragen"
        + (f"; {len(report.failed)} failed" if report.failed else "")
    )
    return EXIT_FAILED if report.failed else EXIT_OK


def run_reindex(args: argparse.Namespace) -> int:
    with open_cache(args) as cache:
        n = cache.reindex()
        bad = len(cache.source_names())
    err(f"reindexed {n} Kamervraag/-vragen from {bad} source file(s)")
    return EXIT_OK
