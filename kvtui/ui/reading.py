"""The reader's own state of a set as its keys change it: read, starred, where it was left.

The cache keeps that state (a rebuild of the index never loses it). What opening,
leaving and the read and star keys do to it, and what the reader is told, are worked out
here apart from the screen, so a test can run them against a stand-in cache without the
app. A cache that fails says so in one "Cache error" notice and the step does nothing
more: the reader goes on with what it has.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeVar

from kvtui.i18n import N_, _
from kvtui.ui.notice import Notice, cache_error

if TYPE_CHECKING:
    from kvtui.model import Kamervraag
    from kvtui.store.interface import ReaderCache

T = TypeVar("T")
Flag = Literal["read", "starred"]

# msgids (shown through ``_()``) of what a toggle says, when it turns the flag on and off
SAID: dict[Flag, tuple[str, str]] = {
    "read": (N_("{number} marked read"), N_("{number} marked unread")),
    "starred": (N_("{number} starred"), N_("{number} unstarred")),
}
# Added to what a toggle says where the cache cannot keep it (``Cache.state_saved``).
NOT_KEPT = N_("{said} (not kept: the cache is read-only)")
# Said once at start on such a cache, so no mark is believed saved.
NOT_KEPT_AT_START = N_(
    "The cache cannot be written: stars, read marks and positions will not be kept after kvtui ends"
)


def state_kept(cache: ReaderCache) -> bool:
    """Whether marks set now outlive this run: True for a cache that does not say, or
    that fails while asked (that failure is told where the marks are used)."""
    try:
        return bool(getattr(cache, "state_saved", True))
    except Exception:
        return True


@dataclass(frozen=True)
class Toggled:
    """A flag the reader turned over: its new value, and what the reader is told."""

    value: bool
    notice: Notice


class ReadingState:
    """The reader state of the sets in ``cache``; failures are told through ``say``."""

    def __init__(self, cache: ReaderCache, say: Callable[[Notice], None]) -> None:
        self.cache = cache
        self.say = say

    def safe(self, fn: Callable[[], T], default: T) -> T:
        """``fn()``, or ``default`` after telling the reader why it failed."""
        try:
            return fn()
        except Exception as exc:
            self.say(cache_error(exc))
            return default

    def get(self, number: str) -> Kamervraag | None:
        """The set known by ``number`` (any of its ids); None when it is not cached."""
        return self.safe(lambda: self.cache.get(number), None)

    def position(self, number: str) -> int | None:
        """Where the reader left the set (None: at the top, or never opened)."""
        state = self.safe(lambda: self.cache.state(number), None)
        return state.position if state is not None and state.position else None

    def save_position(self, number: str, position: int) -> None:
        self.safe(lambda: self.cache.set_position(number, position), None)

    def mark_read(self, number: str) -> None:
        self.safe(lambda: self.cache.set_read(number, True), None)

    def toggle(self, number: str, flag: Flag) -> Toggled | None:
        """Turn ``flag`` of the set over; None when its state cannot be read."""
        state = self.safe(lambda: self.cache.state(number), None)
        if state is None:
            return None
        value = not getattr(state, flag)
        if flag == "read":
            self.safe(lambda: self.cache.set_read(number, value), None)
        else:
            self.safe(lambda: self.cache.set_starred(number, value), None)
        said_on, said_off = SAID[flag]
        said = _(said_on if value else said_off).format(number=number)
        if not state_kept(self.cache):
            said = _(NOT_KEPT).format(said=said)
        return Toggled(value, Notice(said, timeout=2, markup=False))
