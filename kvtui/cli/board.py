"""``kvtui overdue`` and ``kvtui stats``, and the CSV/JSON Lines form of any list.

Reads the index alone (``kvtui.store.figures`` counts in SQL, ``kvtui.board`` does the
arithmetic): no parser, no httpx, no Textual. Text goes through ``inert``; JSON is data
(controls escaped, text faithful); CSV cells are made inert by ``render.tabular``.
"""

from __future__ import annotations

import sys

from kvtui.cli.exits import EXIT_OK, EXIT_USAGE
from kvtui.textsafe import inert
from kvtui.whitespace import fold_all

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    import datetime as dt
    import sqlite3
    from collections.abc import Mapping, Sequence
    from typing import Any

    from kvtui.board import GroupFigures
    from kvtui.store.figures import OverdueRow
    from kvtui.store.interface import IndexCache

LIST_COLUMNS = (
    "number",
    "title",
    "status",
    "overdue",
    "submitted",
    "answered",
    "days_to_answer",
    "submitters",
    "answered_by",
    "topics",
    "read",
    "starred",
)
OVERDUE_COLUMNS = (
    "number",
    "title",
    "submitted",
    "due",
    "days_late",
    "postponed",
    "ministries",
    "ministers",
    "submitters",
)
STATS_COLUMNS = (
    "group",
    "sets",
    "answered",
    "median_days",
    "p90_days",
    "in_time_share",
    "open",
    "overdue",
)


def _err(message: str) -> None:
    print(f"kvtui: {inert(message)}", file=sys.stderr)


def _out(text: str, *, json: bool = False) -> None:
    """Through the CLI's one writer, so JSON stays valid JSON on a stdout that is not UTF-8."""
    from kvtui.cli.offline import _write

    _write(text, json=json)


def write_table(fmt: str, rows: Sequence[Mapping[str, Any]], columns: Sequence[str]) -> None:
    """Write ``rows`` to stdout as CSV (with a header) or JSON Lines."""
    from kvtui.render.tabular import write_csv, write_jsonl

    _out(write_csv(rows, columns) if fmt == "csv" else write_jsonl(rows), json=fmt == "jsonl")


def _fmt(args: argparse.Namespace) -> str:
    if getattr(args, "json", False):
        return "json"
    return getattr(args, "format", None) or "text"


def _check_period(args: argparse.Namespace) -> bool:
    since, until = getattr(args, "since", None), getattr(args, "until", None)
    if since and until and since > until:
        from kvtui.i18n import _

        _err(_("--since {since} lies after --until {until}").format(since=since, until=until))
        return False
    return True


# -- overdue ------------------------------------------------------------------


def _overdue_record(row: OverdueRow, group: str | None, *, csv: bool) -> dict[str, Any]:
    """One overdue set for an export: the ``--json`` object plus its ministers (and its
    group with ``--by``); in CSV each submitter is "Name (party)"."""
    from kvtui.board import overdue_json

    out: dict[str, Any] = {"group": group} if group is not None else {}
    out.update(overdue_json(row))
    out["ministers"] = list(row.ministers)
    if csv:
        out["submitters"] = [f"{n} ({p})" if p else n for n, p in row.submitters]
    return out


def _overdue_line(row: OverdueRow, width: int) -> str:
    from kvtui.i18n import number
    from kvtui.render.outline import no_title

    title = fold_all(row.title or no_title())
    late = f"{number(row.days_late)} d" + (" U" if row.postponed else "  ")
    return inert(
        f"{row.number:<{width}}  {row.submitted.isoformat()}  {row.due.isoformat()}"
        f"  {late:>8}  {title}"
    )


def run_overdue(args: argparse.Namespace) -> int:
    from kvtui.board import group_name, overdue_groups, overdue_json, term_note
    from kvtui.cli.offline import open_cache
    from kvtui.i18n import _, number

    with open_cache(args, create=False) as cache:
        rows, today = cache.read(lambda conn, today: _overdue(conn, today, args.by)), cache.today
    fmt = _fmt(args)
    if args.by:
        groups = overdue_groups(rows)
    else:
        rows = sorted(rows, key=lambda r: (-r.days_late, r.number))
        groups = [("", rows)]
    if fmt == "json":
        from kvtui.render.json import dumps

        if args.by:
            value: Any = [
                {"group": g, "count": len(m), "sets": [overdue_json(r) for r in m]}
                for g, m in groups
            ]
        else:
            value = [overdue_json(r) for r in rows]
        _out(dumps(value), json=True)
        return EXIT_OK
    if fmt in ("csv", "jsonl"):
        columns = (("group",) if args.by else ()) + OVERDUE_COLUMNS
        flat = [
            _overdue_record(r, g if args.by else None, csv=fmt == "csv")
            for g, members in groups
            for r in members
        ]
        write_table(fmt, flat, columns)
        return EXIT_OK
    if not rows:
        _err(_("no overdue Kamervragen on {date} ({term})").format(date=today, term=term_note()))
        return EXIT_OK
    width = max(len(r.number) for r in rows)
    lines = [
        _("{n} overdue on {date}").format(n=number(len(rows)), date=today) + f" ({term_note()})",
        _("number, submitted, due, days late (U: after a delay notice), title"),
    ]
    for group, members in groups:
        if args.by:
            lines.append("")
            lines.append(
                inert(
                    _("{group}: {n} overdue").format(
                        group=group_name(group), n=number(len(members))
                    )
                )
            )
        lines += [("  " if args.by else "") + _overdue_line(r, width) for r in members]
    _out("\n".join(lines) + "\n")
    return EXIT_OK


def _overdue(conn: sqlite3.Connection, today: dt.date, by: str | None) -> list[OverdueRow]:
    from kvtui.store.figures import overdue_rows

    return overdue_rows(conn, today=today, by=by)


# -- stats --------------------------------------------------------------------


def stats(
    cache: IndexCache, by: str, since: dt.date | None = None, until: dt.date | None = None
) -> list[GroupFigures]:
    """The figures per group, read from ``cache``'s index."""
    from kvtui.board import group_figures
    from kvtui.store.figures import stats_cells

    cells = cache.read(
        lambda conn, today: stats_cells(conn, today=today, by=by, since=since, until=until)
    )
    return group_figures(cells, by=by)


def stats_lines(figures: Sequence[GroupFigures], by: str) -> list[str]:
    from kvtui.board import days_text, group_name, share_text
    from kvtui.i18n import _, number

    name = 30
    head = f"{_(by):<{name}} {_('sets'):>6} {_('answ.'):>6} {_('median'):>6} {'p90':>5}"
    head += f" {_('in time'):>7} {_('open'):>5} {_('late'):>5}"
    lines = [head]
    for g in figures:
        group = fold_all(group_name(g.group))
        group = group if len(group) <= name else group[: name - 1] + "…"
        lines.append(
            inert(
                f"{group:<{name}} {number(g.sets):>6} {number(g.answered):>6} "
                f"{days_text(g.median_days):>6} {days_text(g.p90_days):>5} "
                f"{share_text(g.in_time_share):>7} {number(g.open):>5} {number(g.overdue):>5}"
            )
        )
    return lines


def run_stats(args: argparse.Namespace) -> int:
    from kvtui.board import term_note
    from kvtui.cli.offline import open_cache
    from kvtui.i18n import _

    if not _check_period(args):
        return EXIT_USAGE
    with open_cache(args, create=False) as cache:
        figures = stats(cache, args.by, args.since, args.until)
    fmt = _fmt(args)
    rows = [g.to_json() for g in figures]
    if fmt == "json":
        from kvtui.render.json import dumps

        _out(dumps(rows), json=True)
    elif fmt in ("csv", "jsonl"):
        write_table(fmt, rows, STATS_COLUMNS)
    elif not figures:
        _err(_("no Kamervragen in the cache for this period"))
    else:
        note = _("days to answer; in time: answered on or before the due date")
        note += f" ({term_note()})"
        _out("\n".join([*stats_lines(figures, args.by), "", note]) + "\n")
    return EXIT_OK
