"""SQL for the overdue board and the answer-time statistics, over the derived index.

Both read only ``sets`` and ``facets`` (plus, for overdue sets alone, the submitters out
of ``set_json``), and aggregate in SQLite: the statistics come back as one row per
(group, days to answer) with counts, so 50,000 sets cost a GROUP BY, not a pass in
Python. The answer term and the overdue rule come from ``kvtui.term``; the pure
arithmetic (percentiles, shares) is ``kvtui.board``'s.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from dataclasses import dataclass

from kvtui.facets import KINDS, UNKNOWN
from kvtui.store.index import BadIndexData, unpack
from kvtui.term import due_sql, past_term_sql, term_sql

BY = (*KINDS, "year")

# The 42-day term applies after a delay notice: the index's own rule (``has_notice``
# covers answered sets, ``postponed`` a notice known only from TK open data).
POSTPONED_SQL = "(sets.has_notice OR sets.status = 'postponed')"
OPEN_SQL = "sets.status IN ('open', 'postponed')"
OVERDUE_SQL = (
    f"({OPEN_SQL} AND sets.submitted IS NOT NULL AND "
    f"{past_term_sql(':today', 'sets.submitted', POSTPONED_SQL)})"
)
IN_TIME_SQL = f"(sets.days_to_answer <= {term_sql(POSTPONED_SQL)})"


@dataclass(frozen=True, slots=True)
class OverdueRow:
    number: str
    title: str | None
    submitted: dt.date
    due: dt.date
    days_late: int
    postponed: bool
    ministries: tuple[str, ...]
    ministers: tuple[str, ...]
    submitters: tuple[tuple[str, str | None], ...]  # (name, party)
    groups: tuple[str, ...]  # the values of the ``by`` kind asked for, else ()


@dataclass(frozen=True, slots=True)
class StatsCell:
    """Sets of one group that share a days-to-answer value (None: not answered)."""

    group: str
    days: int | None
    sets: int
    answered: int
    in_time: int
    open: int
    overdue: int


def _check_by(by: str | None) -> None:
    if by is not None and by not in BY:
        raise ValueError(f"unknown grouping {by!r}; use one of {', '.join(BY)}")


def _period(since: dt.date | None, until: dt.date | None, params: dict) -> str:
    where = ""
    if since:
        where += " AND sets.submitted >= :since"
        params["since"] = since.isoformat()
    if until:
        where += " AND sets.submitted <= :until"
        params["until"] = until.isoformat()
    return where


def overdue_rows(
    conn: sqlite3.Connection, *, today: dt.date, by: str | None = None
) -> list[OverdueRow]:
    """Every overdue set, latest due date last; ``groups`` filled for ``by``."""
    _check_by(by)
    sql = (
        "SELECT sets.rid, sets.number, sets.title, sets.submitted, "  # noqa: S608 - fixed fragments
        f"{due_sql('sets.submitted', POSTPONED_SQL)}, {POSTPONED_SQL}, "
        "j.json "
        f"FROM sets JOIN set_json j ON j.rid = sets.rid WHERE {OVERDUE_SQL} "
        "ORDER BY sets.submitted, sets.number"
    )
    found = conn.execute(sql, {"today": today.isoformat()}).fetchall()
    facets: dict[int, dict[str, list[str]]] = {}
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS board_rids (rid INTEGER PRIMARY KEY)")
    conn.execute("DELETE FROM temp.board_rids")
    conn.executemany("INSERT INTO temp.board_rids (rid) VALUES (?)", [(r[0],) for r in found])
    for rid, kind, value in conn.execute(
        "SELECT f.rid, f.kind, f.value FROM facets f JOIN temp.board_rids b ON b.rid = f.rid "
        "ORDER BY f.rid, f.kind, f.value"
    ):
        facets.setdefault(rid, {}).setdefault(kind, []).append(value)
    conn.execute("DELETE FROM temp.board_rids")
    out = []
    for rid, number, title, submitted, due, postponed, people in found:
        mine = facets.get(rid, {})
        submitted_d, due_d = dt.date.fromisoformat(submitted), dt.date.fromisoformat(due)
        if by == "year":
            groups: tuple[str, ...] = (submitted[:4],)
        elif by:
            groups = tuple(mine.get(by) or [UNKNOWN])
        else:
            groups = ()
        out.append(
            OverdueRow(
                number=number,
                title=title,
                submitted=submitted_d,
                due=due_d,
                days_late=(today - due_d).days,
                postponed=bool(postponed),
                ministries=tuple(mine.get("ministry", ())),
                ministers=tuple(mine.get("minister", ())),
                submitters=_submitters(people),
                groups=groups,
            )
        )
    return out


def _submitters(stored: bytes | None) -> tuple[tuple[str, str | None], ...]:
    """The submitters of a set's stored (compressed) JSON; none if it is not readable."""
    try:
        people = unpack(stored).get("submitters") or []
    except BadIndexData:
        return ()
    if not isinstance(people, list):
        return ()
    return tuple(
        (str(p.get("name") or ""), p.get("party"))
        for p in people
        if isinstance(p, dict) and p.get("name")
    )


def stats_cells(
    conn: sqlite3.Connection,
    *,
    today: dt.date,
    by: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> list[StatsCell]:
    """Counts per (group, days to answer); sets without a group of ``by`` in UNKNOWN."""
    _check_by(by)
    params: dict[str, object] = {"today": today.isoformat(), "unknown": UNKNOWN}
    period = _period(since, until, params)
    answered = "sets.status = 'answered'"
    counts = (
        "count(*), "
        f"sum({answered}), "
        f"sum({answered} AND sets.days_to_answer IS NOT NULL AND {IN_TIME_SQL}), "
        f"sum({OPEN_SQL}), "
        f"sum({OVERDUE_SQL})"
    )
    days = f"CASE WHEN {answered} THEN sets.days_to_answer END"
    if by == "year":
        sql = (
            f"SELECT coalesce(substr(sets.submitted, 1, 4), :unknown), {days}, "  # noqa: S608
            f"{counts} FROM sets WHERE 1{period} GROUP BY 1, 2"
        )
    else:
        params["kind"] = by
        # ``sets`` drives the loop (one sequential scan) and each set's groups come from the
        # covering index facets_rid; a set with none of this kind joins as NULL, i.e. the
        # UNKNOWN group. Twice as fast on 50,000 sets as starting from facets.
        sql = (
            f"SELECT coalesce(f.value, :unknown), {days}, {counts} FROM sets "  # noqa: S608
            "LEFT JOIN facets f ON f.rid = sets.rid AND f.kind = :kind "
            f"WHERE 1{period} GROUP BY 1, 2"
        )
    return [StatsCell(*row) for row in conn.execute(sql, params) if row[2]]


def days_histogram(
    conn: sqlite3.Connection, *, since: dt.date | None = None, until: dt.date | None = None
) -> dict[int, int]:
    """Answered sets per days-to-answer, each set once (whatever its groups)."""
    params: dict[str, object] = {}
    period = _period(since, until, params)
    sql = (
        "SELECT sets.days_to_answer, count(*) FROM sets "  # noqa: S608 - fixed fragments
        f"WHERE sets.status = 'answered' AND sets.days_to_answer IS NOT NULL{period} GROUP BY 1"
    )
    return dict(conn.execute(sql, params).fetchall())
