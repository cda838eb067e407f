"""Dates, read and written in one place: ISO dates in, Dutch dates out (and in).

* ``iso_date`` reads every machine date kvtui meets (KOOP metadata and ``isodatum``
  attributes, OData fields, the cache's own JSON): the calendar date at the start of an
  ISO date or datetime, in the extended ``YYYY-MM-DD`` form the services publish.
* ``dutch_date`` writes a date the way a Dutch reader expects it ("25 juni 2020").
* ``parse_dutch_date`` reads the same form back out of text (HTML pages print dates
  only this way).

The month names are defined once, here, for both directions.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
_MONTH_NUMBER = {name: i for i, name in enumerate(MONTHS, start=1)}

UNKNOWN_DATE = "onbekend"

_ISO_DATE = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")
_DUTCH_DATE = re.compile(r"(\d{1,2})[\s\u00a0]+([a-z]+)[\s\u00a0]+(\d{4})", re.I)


def iso_date(value: object) -> dt.date | None:
    """The calendar date at the start of an ISO date or datetime; None when there is none.

    Only the date part is read, so ``2020-06-25T00:00:00+02:00`` stays the 25th (the
    local date the source meant) instead of shifting to UTC.
    """
    if not isinstance(value, str):
        return None
    m = _ISO_DATE.match(value)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def dutch_date(d: dt.date | None) -> str:
    """'25 juni 2020'; 'onbekend' when unknown."""
    if d is None:
        return UNKNOWN_DATE
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def parse_dutch_date(text: str | None) -> dt.date | None:
    """The first "25 juni 2020" in ``text``; None when there is none."""
    if not text:
        return None
    for m in _DUTCH_DATE.finditer(text):
        month = _MONTH_NUMBER.get(m[2].lower())
        if month:
            try:
                return dt.date(int(m[3]), month, int(m[1]))
            except ValueError:
                continue
    return None


def date_bound(text: str, *, last: bool = False) -> dt.date | None:
    """The first day (or, with ``last``, the last day) of ``YYYY-MM-DD`` (or
    ``YYYYMMDD``), ``YYYY-MM`` or ``YYYY``; None for anything else.

    Search ranges read this way: ``sinds:2024`` starts on 1 January 2024 and ``tot:2024-06``
    ends on 30 June, so a month or a year is one word for what people mean by it.
    """
    text = (text or "").strip()
    if len(text) == 8 and text.isascii() and text.isdigit():  # the basic form, 20240615
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    parts = text.split("-")
    if not 1 <= len(parts) <= 3 or not all(p.isascii() and p.isdigit() for p in parts):
        return None
    if len(parts[0]) != 4 or any(len(p) != 2 for p in parts[1:]):
        return None
    year = int(parts[0])
    month = int(parts[1]) if len(parts) > 1 else (12 if last else 1)
    try:
        if len(parts) == 3:
            return dt.date(year, month, int(parts[2]))
        if not last:
            return dt.date(year, month, 1)
        if month == 12:
            return dt.date(year, 12, 31)
        return dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    except (ValueError, OverflowError):
        return None
