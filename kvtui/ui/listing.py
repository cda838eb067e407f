"""Reading the reader's list from the cache: what the filter asks of the index, and what
is left to do on the rows it gives.

The index answers the sort, the text, a status and starred; ``is:unread``, ``is:pending``
and the days-waiting order are applied here to the whole list, so those have no first
page. Plain functions over a cache, so a test can read a list without the app;
``MainScreen`` runs them in a thread worker and shows the rows.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from kvtui.store.index import ListQuery, ListRow
from kvtui.store.interface import ReaderCache
from kvtui.ui import facets


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
