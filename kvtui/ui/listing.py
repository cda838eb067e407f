"""Reading the reader's list from the cache: what the filter asks of the index, and what
is left to do on the rows it gives.

The index answers the sort, the text, a status and starred; ``is:unread``, ``is:pending``
and the days-waiting order are applied here to the whole list, so those have no first
page. Plain functions over a cache, so a test can read a list without the app;
``MainScreen`` runs them in a thread worker and shows the rows. What the list says of
itself lives here too: the orders it can be sorted in, and why it is empty.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kvtui.i18n import N_, _
from kvtui.store.index import ListQuery, ListRow
from kvtui.store.interface import ReaderCache
from kvtui.textsafe import inert
from kvtui.ui import facets

SORTS: tuple[tuple[str, str], ...] = (
    ("submitted", N_("date submitted")),
    ("days", N_("days to answer (open sets: days waiting)")),
    ("number", N_("number")),
    ("answered", N_("date answered")),
)


def list_query(query: facets.FilterQuery, sort: str, descending: bool) -> ListQuery:
    """The part of the filter the index answers itself."""
    return ListQuery(
        sort=sort,
        descending=descending,
        text=query.text or None,
        status=query.status if query.status != "pending" else None,
        starred_only=query.starred,
    )


def whole_list_only(query: facets.FilterQuery, sort: str) -> bool:
    """True when the rows need the whole list (no first page can be shown alone)."""
    return sort == "days" or query.unread or query.status == "pending"


def read_rows(
    cache: ReaderCache, query: facets.FilterQuery, sort: str, descending: bool, today: dt.date
) -> list[ListRow]:
    """Every row the filter lets through, in the order asked for."""
    rows = cache.rows(list_query(query, sort, descending))  # the Cache serialises threads
    if query.unread:
        rows = [r for r in rows if not r.read]
    if query.status == "pending":
        pending: Any = getattr(cache, "pending_numbers", None)
        numbers = pending() if pending is not None else set()
        rows = [r for r in rows if r.number in numbers]
    if sort == "days":
        rows = facets.by_days(rows, today, descending=descending)
    return rows


def sort_said(sort_index: int, descending: bool, *, reversed_now: bool = False) -> str:
    """What the reader is told of the order: after a new sort (and whether it runs
    reversed), or after ``reversed_now`` turned the same sort round or back."""
    how = _(SORTS[sort_index][1])
    if reversed_now:
        how += ", " + (_("reversed") if not descending else _("back to the usual order"))
    elif not descending:
        how += ", " + _("reversed")
    return _("Sorted by {how}").format(how=how)


def empty_text(
    total: int, filter_text: str, *, cache_root: object, fetch_key: str, clear_key: str
) -> str:
    """What an empty list says: why it is empty, and what to do about it (with
    ``total`` sets in the cache, ``fetch_key`` and ``clear_key`` as the reader's keys)."""
    if not total:
        where = " " + _("Cache: {path}").format(path=inert(str(cache_root))) if cache_root else ""
        said = _(
            "No Kamervragen in the cache yet. Press {key} to fetch one by number "
            "(such as 2020Z12161), or run kvtui sync."
        )
        return said.format(key=fetch_key) + where
    query = facets.parse(filter_text)
    what = " ".join(
        p for p in (facets.describe(query), f"“{inert(query.text)}”" if query.text else "") if p
    )
    what = what or _("the filter")
    said = _("No Kamervragen match {what}. {key} clears the filter.")
    return said.format(what=what, key=clear_key)
