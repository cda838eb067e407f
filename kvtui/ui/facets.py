"""Facets of the reader's list: ``is:`` words in the filter, and the days-waiting order.

The filter bar takes words as before (number, title, people, …) and also ``is:open``,
``is:starred``, ``is:unread`` and the like – the same choices as ``kvtui list --status``
and more – so a facet is visible in the bar, combines with words, and Esc clears it with
the rest. Keys (``v``, ``B``, ``U``) only add or remove these words.

Nothing here imports Textual: parsing and ordering are plain functions, tested alone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kvtui.i18n import N_, _
from kvtui.model import Status
from kvtui.render.outline import status_word
from kvtui.textsafe import inert

PREFIX = "is:"
STATUSES: tuple[str, ...] = ("open", "overdue", "postponed", "answered", "withdrawn", "pending")
FLAGS: tuple[str, ...] = ("starred", "unread")
FLAG_WORDS: dict[str, str] = {"starred": N_("starred"), "unread": N_("unread")}
PENDING_WORD = N_("text pending")
WAITING = (Status.OPEN, Status.POSTPONED)


@dataclass(frozen=True, slots=True)
class FilterQuery:
    """What the filter text asks of the list."""

    text: str = ""  # the words left for the text filter
    status: str | None = None  # one of STATUSES
    starred: bool = False
    unread: bool = False
    unknown: tuple[str, ...] = ()  # is: words that name no facet

    @property
    def faceted(self) -> bool:
        return bool(self.status or self.starred or self.unread)


def parse(filter_text: str) -> FilterQuery:
    """Split ``is:`` words from the rest; the last status named wins."""
    words: list[str] = []
    status: str | None = None
    starred = unread = False
    unknown: list[str] = []
    for word in filter_text.split():
        if not word.casefold().startswith(PREFIX):
            words.append(word)
            continue
        name = word[len(PREFIX) :].casefold()
        if name in STATUSES:
            status = name
        elif name == "starred":
            starred = True
        elif name == "unread":
            unread = True
        else:
            unknown.append(word)
    return FilterQuery(" ".join(words), status, starred, unread, tuple(unknown))


def with_word(filter_text: str, word: str | None, *, replacing: Iterable[str] = ()) -> str:
    """``filter_text`` with the ``is:`` words in ``replacing`` removed and ``word`` added
    (at the front, where the bar shows it first)."""
    drop = {PREFIX + r for r in replacing}
    kept = [w for w in filter_text.split() if w.casefold() not in drop]
    return " ".join(([PREFIX + word] if word else []) + kept)


def next_status(current: str | None) -> str | None:
    """The status after ``current`` in the cycle (None: every status)."""
    cycle: list[str | None] = [None, *STATUSES]
    return cycle[(cycle.index(current) + 1) % len(cycle)] if current in cycle else None


def describe(query: FilterQuery) -> str:
    """``open, starred, unread`` – the facets for a title or an empty list's message, in
    this run's language."""
    parts = [status_words(query.status)] if query.status else []
    parts += [_(FLAG_WORDS[f]) for f in FLAGS if getattr(query, f)]
    return ", ".join(parts)


def status_words(status: str) -> str:
    """A facet's status as the list and the document write it (``render.outline``)."""
    if status == "pending":
        return _(PENDING_WORD)
    if status == "overdue":
        return status_word(Status.OPEN, overdue=True)
    return status_word(Status(status))


def waited(row: Any, today: dt.date) -> int | None:
    """Days to answer, or for a set still waiting the days it has waited so far."""
    if row.days_to_answer is not None:
        return row.days_to_answer
    if row.status in WAITING and row.submitted is not None:
        return (today - row.submitted).days
    return None


def by_days(rows: list[Any], today: dt.date, *, descending: bool = True) -> list[Any]:
    """Rows ordered by days to answer, where an open or postponed set counts the days it
    has waited – so the longest-waiting open sets lead, rather than trail as sets with
    no answer date. Sets without either (withdrawn, undated) come last either way."""
    keyed = [(waited(r, today), r) for r in rows]
    known = [kr for kr in keyed if kr[0] is not None]
    known.sort(key=lambda kr: kr[0], reverse=descending)  # stable: ties keep their order
    return [r for _, r in known] + [r for d, r in keyed if d is None]


def with_next_status(filter_text: str) -> str:
    """The filter with its status word moved on to the next (``is:open`` → ``is:overdue``
    …, and from the last back to none)."""
    status = next_status(parse(filter_text).status)
    return with_word(filter_text, status, replacing=STATUSES)


def with_flag_turned(filter_text: str, flag: str) -> str:
    """The filter with ``is:<flag>`` added, or taken out when it was there."""
    on = getattr(parse(filter_text), flag)
    return with_word(filter_text, None if on else flag, replacing=(flag,))


def showing(filter_text: str) -> str:
    """What a facet key says it shows now."""
    shown = describe(parse(filter_text)) or _("every Kamervraag")
    return _("Showing {what}").format(what=shown)


def unknown_said(unknown: Iterable[str]) -> str:
    """Why ``is:`` words the filter does not know do nothing, and which ones it knows."""
    words = ", ".join(PREFIX + f for f in (*STATUSES, *FLAGS))
    return _("Not a facet: {words}; use {facets}").format(
        words=", ".join(inert(u) for u in unknown), facets=words
    )
