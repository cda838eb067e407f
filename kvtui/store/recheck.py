"""Which cached sets a refresh re-checks: one definition for ``kvtui refresh`` and the
reader's "refresh all".

A set is re-checked while it is open or postponed, and while the Kamer calls it
answered but the answer's text is not published yet (text pending): until then it is
not complete. ``everything`` (``refresh --all``) re-checks every set.
"""

from __future__ import annotations

from typing import Any

from kvtui.model import Status
from kvtui.store.index import OPEN_STATES, ListQuery
from kvtui.store.interface import ReaderCache


def to_recheck(cache: ReaderCache, *, everything: bool = False) -> list[tuple[Any, bool]]:
    """(list row, text pending) of each set to re-check, in list order: the open and
    postponed sets first (one query each), then the answered ones whose text is pending.

    A cache that cannot tell which texts are pending (no ``pending_numbers``) has none.
    """
    pending_of = getattr(cache, "pending_numbers", None)
    pending_numbers = pending_of() if pending_of is not None else set()
    answered = Status.ANSWERED.value
    out: list[tuple[Any, bool]] = []
    for status in (None,) if everything else (*OPEN_STATES, answered):
        for row in cache.rows(ListQuery(status=status)):
            value = getattr(row.status, "value", row.status)
            pending = value == answered and row.number in pending_numbers
            if value == answered and not (everything or pending):
                continue
            out.append((row, pending))
    return out
