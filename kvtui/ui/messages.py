"""What the command palette asks of the screen that lists the sets.

The palette knows commands and numbers, not screens: it finds the nearest screen in the
stack that is a ``NumberList`` and posts one of these messages to it, and that screen
decides what opening, fetching or running a command means. So the palette never imports
the main screen (which imports the app, which registers the palette).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from textual.message import Message


@dataclass
class OpenNumber(Message):
    """Open the cached set known by ``number`` (any of its ids)."""

    number: str


@dataclass
class FetchNumber(Message):
    """Fetch ``number`` (not cached yet) from the services, starting at once."""

    number: str


@dataclass
class RunCommand(Message):
    """Run a command of the main screen's registry scope (``action`` as the registry
    writes it, parameters included)."""

    action: str


@runtime_checkable
class NumberList(Protocol):
    """A screen that lists sets: the numbers the palette matches a prefix against, the
    title it shows beside each, and which commands apply right now."""

    def sorted_numbers(self) -> list[str]: ...

    def listed_title(self, number: str) -> str: ...

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None: ...

    def post_message(self, message: Message) -> bool: ...
