"""The Kamer's answer term: the one place that knows "21 days, or 42 after a delay notice".

A minister answers written questions within three weeks of their submission; a delay
notice (*mededeling uitstel*) extends that to six weeks. The Kamer's Monday list of late
sets, the assembler's ``overdue`` flag, the index's ``--status overdue`` filter, the
overdue board and the answer-time statistics all derive from this term, so each of them
asks this module (in Python, or in SQL through ``*_sql``) instead of writing the numbers
again. tests/test_term.py pins that no other module carries the numbers.

The edge day: a set submitted on day D has its *due date* D + term. It is answered *in
time* when answered on or before the due date, and *overdue* from the day after the due
date on (not on the due date itself). ``days_late`` is how many days today lies past
the due date (1 on the first overdue day).

Standard library only: the CLI loads this for ``list`` and ``overdue``.
"""

from __future__ import annotations

import datetime as dt

TERM_DAYS = 21  # answer within three weeks…
TERM_DAYS_POSTPONED = 42  # …or six after a delay notice (tkconv, rd.nl 2025)


def term_days(postponed: bool) -> int:
    """Days allowed to answer: 42 after a delay notice, else 21."""
    return TERM_DAYS_POSTPONED if postponed else TERM_DAYS


def due_date(submitted: dt.date, postponed: bool) -> dt.date:
    """The last day on which an answer is still in time."""
    return submitted + dt.timedelta(days=term_days(postponed))


def is_overdue(submitted: dt.date | None, postponed: bool, today: dt.date) -> bool:
    """Unanswered past the due date (the caller checks that the set is still open)."""
    return submitted is not None and (today - submitted).days > term_days(postponed)


def days_late(submitted: dt.date, postponed: bool, today: dt.date) -> int:
    """Days past the due date: 1 on the first overdue day, 0 or less while in time."""
    return (today - due_date(submitted, postponed)).days


def in_time(submitted: dt.date, answered: dt.date, postponed: bool) -> bool:
    """Answered on or before the due date."""
    return answered <= due_date(submitted, postponed)


# -- the same rule for SQL over the index's ``sets`` table -----------------------------
# ``postponed`` is an SQL expression that is true when the 42-day term applies; the
# numbers are formatted in from the constants above, never from user input.


def term_sql(postponed: str) -> str:
    """SQL for the term in days of a row."""
    return f"(CASE WHEN {postponed} THEN {TERM_DAYS_POSTPONED} ELSE {TERM_DAYS} END)"


def past_term_sql(day: str, submitted: str, postponed: str) -> str:
    """SQL: ``day`` lies after the due date (ISO dates; ``day`` may be a parameter)."""
    return f"julianday({day}) - julianday({submitted}) > {term_sql(postponed)}"


def due_sql(submitted: str, postponed: str) -> str:
    """SQL for the due date of a row as an ISO date."""
    return f"date({submitted}, '+' || {term_sql(postponed)} || ' days')"
