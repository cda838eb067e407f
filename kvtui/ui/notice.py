"""One notice for the reader, as ``notify`` takes it.

The parts of the reader that work without the app (refreshing, the reading state, find
and go-to) say what happened as ``Notice`` values; the screen hands them to ``notify``.
So a test reads what the reader would be told without running the app.
"""

from __future__ import annotations

from dataclasses import dataclass

from kvtui.i18n import _
from kvtui.textsafe import inert


@dataclass(frozen=True)
class Notice:
    """One notice for the reader, as ``notify`` takes it."""

    text: str
    severity: str = "information"
    timeout: float | None = None
    markup: bool = True


def cache_error(exc: Exception) -> Notice:
    """What a failing cache says: its own words, shown literally."""
    return Notice(_("Cache error: {error}").format(error=inert(str(exc))), severity="error")
