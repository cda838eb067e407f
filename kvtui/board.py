"""The overdue board and the answer-time statistics as plain figures (no SQL, no UI).

``kvtui.store.figures`` counts in SQLite; this module turns those counts into what the
CLI prints, the exports write and the reader's screens draw, so each figure is
computed once and means the same everywhere. The answer term (21/42 days, the edge
day) is ``kvtui.term``'s.

Definitions
-----------
- ``sets``: the sets of the group submitted in the period (a set belongs to the year it
  was submitted in, and to every member, party, minister and ministry it names);
- ``answered``: sets whose status is answered;
- ``median_days`` / ``p90_days``: percentiles of days to answer over the answered sets
  whose days are known (see ``percentile``); None when there are none;
- ``in_time_share``: of those answered sets, the share answered on or before the due
  date (``kvtui.term.in_time``); None when there are none;
- ``open``: sets neither answered nor withdrawn (postponed included);
- ``overdue``: open sets past their due date, as of today.

Standard library only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kvtui.facets import UNKNOWN
from kvtui.i18n import _, number
from kvtui.term import TERM_DAYS, TERM_DAYS_POSTPONED

TYPE_CHECKING = False
if TYPE_CHECKING:
    from kvtui.store.figures import OverdueRow, StatsCell


def percentile(histogram: Mapping[int, int], p: float) -> float | None:
    """The ``p``-th percentile (0–100) of the values counted in ``histogram``.

    Method: linear interpolation between closest ranks, the "inclusive" definition
    (Hyndman & Fan type 7; numpy's default, Excel's PERCENTILE.INC, Python's
    ``statistics.quantiles(method="inclusive")``). For the n values sorted as
    x[0] ≤ … ≤ x[n-1], let h = (n - 1) · p / 100; the result is
    x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋+1] − x[⌊h⌋]). So the 50th percentile is the usual
    median (the mean of the two middle values when n is even), the 0th the minimum and
    the 100th the maximum. ``histogram`` maps a value to how often it occurs; counts
    of zero or less are ignored. None for no values.
    """
    if not 0 <= p <= 100:
        raise ValueError("p must lie between 0 and 100")
    items = sorted((v, c) for v, c in histogram.items() if c > 0)
    n = sum(c for _, c in items)
    if n == 0:
        return None
    h = (n - 1) * p / 100
    lo = math.floor(h)
    x_lo, x_hi = _kth(items, lo), _kth(items, min(lo + 1, n - 1))
    return x_lo + (h - lo) * (x_hi - x_lo)


def _kth(items: list[tuple[int, int]], k: int) -> int:
    """The value at 0-based rank ``k`` of the sorted, counted values."""
    seen = 0
    for value, count in items:
        seen += count
        if k < seen:
            return value
    raise IndexError(k)


@dataclass(frozen=True, slots=True)
class GroupFigures:
    group: str
    sets: int
    answered: int
    median_days: float | None
    p90_days: float | None
    in_time_share: float | None
    open: int
    overdue: int
    histogram: Mapping[int, int]  # days to answer → answered sets

    def to_json(self) -> dict[str, object]:
        return {
            "group": self.group,
            "sets": self.sets,
            "answered": self.answered,
            "median_days": _round(self.median_days),
            "p90_days": _round(self.p90_days),
            "in_time_share": _round(self.in_time_share, 4),
            "open": self.open,
            "overdue": self.overdue,
        }


def days_text(value: float | None) -> str:
    """A figure of days as a reader sees it: "28", "37.5", or "-" for none."""
    return "-" if value is None else number(value, 1)


def share_text(value: float | None) -> str:
    """A share as a whole percentage, or "-" for none."""
    return "-" if value is None else f"{round(value * 100)}%"


def _round(value: float | None, places: int = 1) -> float | None:
    return None if value is None else round(value, places)


def group_figures(cells: Iterable[StatsCell], *, by: str) -> list[GroupFigures]:
    """One ``GroupFigures`` per group; years in order, other groups largest first."""
    totals: dict[str, list[int]] = {}
    hist: dict[str, dict[int, int]] = {}
    timely: dict[str, int] = {}
    for c in cells:
        t = totals.setdefault(c.group, [0, 0, 0, 0])
        t[0] += c.sets
        t[1] += c.answered
        t[2] += c.open
        t[3] += c.overdue
        if c.days is not None and c.answered:
            h = hist.setdefault(c.group, {})
            h[c.days] = h.get(c.days, 0) + c.answered
            timely[c.group] = timely.get(c.group, 0) + c.in_time
    out = []
    for group, (sets, answered, open_, overdue) in totals.items():
        h = hist.get(group, {})
        known = sum(h.values())
        out.append(
            GroupFigures(
                group=group,
                sets=sets,
                answered=answered,
                median_days=percentile(h, 50),
                p90_days=percentile(h, 90),
                in_time_share=timely.get(group, 0) / known if known else None,
                open=open_,
                overdue=overdue,
                histogram=h,
            )
        )
    if by == "year":
        out.sort(key=lambda g: (g.group == UNKNOWN, g.group))
    else:
        out.sort(key=lambda g: (g.group == UNKNOWN, -g.sets, g.group.casefold()))
    return out


def group_name(group: str) -> str:
    """A group as shown to a reader: the group of sets that name nobody is "(unknown)" in
    the language of the run. ``UNKNOWN`` stays the key for sorting and in exports."""
    return _("(unknown)") if group == UNKNOWN else group


def overdue_groups(rows: Iterable[OverdueRow]) -> list[tuple[str, list[OverdueRow]]]:
    """Overdue sets per group (``row.groups``), most overdue sets first; each group's sets
    longest late first."""
    out: dict[str, list[OverdueRow]] = {}
    for row in rows:
        for group in row.groups or (UNKNOWN,):
            out.setdefault(group, []).append(row)
    for members in out.values():
        members.sort(key=lambda r: (-r.days_late, r.number))
    return sorted(
        out.items(), key=lambda item: (item[0] == UNKNOWN, -len(item[1]), item[0].casefold())
    )


def overdue_json(row: OverdueRow) -> dict[str, object]:
    """One overdue set as ``kvtui overdue --json`` gives it."""
    return {
        "number": row.number,
        "title": row.title,
        "submitted": row.submitted.isoformat(),
        "due": row.due.isoformat(),
        "days_late": row.days_late,
        "postponed": row.postponed,
        "ministries": list(row.ministries),
        "submitters": [{"name": name, "party": party} for name, party in row.submitters],
    }


def bucket_histogram(
    histogram: Mapping[int, int], width: int = 7, max_buckets: int = 13
) -> list[tuple[int, int | None, int]]:
    """(first day, last day, sets) per bucket of ``width`` days, for the chart.

    Buckets end on multiples of ``width`` (…, 15–21, 22–28, …, 36–42), so with weeks the
    last day in time (21, or 42 after a delay notice) closes a bucket: the bars left of
    it are in time. Day 0 joins the first bucket (0–7). Values past the 98th percentile
    and past ``max_buckets`` buckets are folded into a last, open-ended bucket (last
    day None), so a few very late answers do not stretch the chart into hundreds of
    empty lines.
    """
    if not histogram:
        return []
    cap = max(int(percentile(histogram, 98) or 0), 1)
    last = min((cap - 1) // width, max_buckets - 1)  # index of the last bucket shown
    counts = [0] * (last + 1)
    for days, count in histogram.items():
        counts[min(max(days - 1, 0) // width, last)] += count
    out: list[tuple[int, int | None, int]] = []
    for i, count in enumerate(counts):
        lo, hi = (0 if i == 0 else i * width + 1), (i + 1) * width
        out.append((lo, hi, count))
    if max(histogram) > out[-1][1]:  # type: ignore[operator]
        lo, _, count = out[-1]
        out[-1] = (lo, None, count)
    return out


def term_note() -> str:
    """The answer term in one phrase, in this run's language."""
    note = _("term {term} days, {late} after a delay notice")
    return note.format(term=TERM_DAYS, late=TERM_DAYS_POSTPONED)
