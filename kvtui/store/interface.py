"""What the reader and the fetcher ask of a cache, as typed interfaces.

``kvtui.ui`` and ``kvtui.services`` are handed a cache and call only the methods named
here, so a stand-in (the UI tests' in-memory cache) can take the place of
``kvtui.store.cache.Cache`` without SQLite, and a change to the cache's methods shows
which callers it touches. tests/test_cache_interface.py checks that ``Cache`` and the
stand-in both fit these shapes and that the two layers call nothing else.

A few more members are asked for with ``getattr`` and a fallback, because a cache
without an index (the stand-in) has no use for them; they are named in the
``..._OPTIONAL`` tuples rather than in the protocols.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Protocol, TypeVar

from kvtui.model import Kamervraag
from kvtui.store.index import ListQuery, ListRow
from kvtui.store.state import ReaderState

if TYPE_CHECKING:  # the parsers are not loaded for the reader's sake
    import datetime as dt
    import sqlite3
    from typing import Unpack

    from kvtui.parse import ParsedSource
    from kvtui.passage import Term
    from kvtui.store.search import Page as SearchPage
    from kvtui.store.search import PageOptions

R = TypeVar("R")

__all__ = [
    "READER_OPTIONAL",
    "SOURCE_OPTIONAL",
    "IndexCache",
    "ListQuery",
    "ReaderCache",
    "SourceCache",
]


class ReaderCache(Protocol):
    """The cache as the reader (``kvtui.ui``) uses it: the list, search, a set, marks."""

    def count(self) -> int: ...

    def rows(self, query: ListQuery | None = None) -> list[ListRow]: ...

    def resolve(self, key: str) -> str | None: ...

    def get(self, key: str) -> Kamervraag | None: ...

    def search_page(self, query: str, **options: Unpack[PageOptions]) -> SearchPage: ...

    def passage(self, number: str, terms: list[Term]) -> str: ...

    def state(self, number: str) -> ReaderState: ...

    def set_read(self, number: str, read: bool = True) -> None: ...

    def set_starred(self, number: str, starred: bool) -> None: ...

    def set_position(self, number: str, position: int) -> None: ...


class SourceCache(Protocol):
    """The cache as the fetcher (``kvtui.services``) uses it: stored payloads and sets."""

    def has_source(self, name: str) -> bool: ...

    def read_source(self, name: str) -> bytes | None: ...

    def add_sources(
        self, items: Sequence[tuple[str, bytes] | tuple[str, bytes, ParsedSource]]
    ) -> list[str]: ...

    def get(self, key: str) -> Kamervraag | None: ...


class IndexCache(Protocol):
    """The cache as the command line's boards and watch rules use it: a query run on
    its index (``read``), or with the reader state attached (``with_state``)."""

    def read(self, fn: Callable[[sqlite3.Connection, dt.date], R]) -> R: ...

    def with_state(self, fn: Callable[[sqlite3.Connection, dt.date], R]) -> R: ...


# Asked for with getattr by the reader: warnings to show at start, the sets whose
# answer text is pending (a filter facet), where the cache is (said by an empty list),
# the index and reader state for the boards and watch rules, and whether marks are kept.
READER_OPTIONAL = (
    "take_warnings",
    "pending_numbers",
    "root",
    "read",
    "with_state",
    "state_saved",
)
# Asked for with getattr by the fetcher: where the cache is (its validators are kept there).
SOURCE_OPTIONAL = ("root",)
