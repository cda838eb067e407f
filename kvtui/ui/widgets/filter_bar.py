"""The one-line bar for filtering the list, full-text search and find-in-document.

It debounces keystrokes itself: a filter or a search over 50,000 rows is cheap but not
free, and running one per keystroke while someone types "mensenhandel" only queues work
whose answer is thrown away. The screen decides what a query does; this bar only says
what was typed, and when.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from textual import getters
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Label

from kvtui.i18n import N_, _

Mode = Literal["filter", "search", "find", "goto"]

# msgids, shown through ``_()`` (the ``is:`` words are the filter's own syntax). A
# placeholder fits the bar at 80 columns in either language, or it is cut mid-word.
PROMPTS: dict[str, str] = {
    "filter": N_("Filter"),
    "search": N_("Search"),
    "find": N_("Find"),
    "goto": N_("Go to question"),
}
PLACEHOLDERS: dict[str, str] = {
    "filter": N_("number, title, name, party, topic; is:open is:starred is:unread"),
    "search": N_('words, "a phrase", OR, -word, titel: partij: status: sinds:'),
    "find": N_("text in this Kamervraag (then n / N)"),
    "goto": N_("its number, then Enter"),
}


def prompt(mode: str) -> str:
    return _(PROMPTS[mode]) + " "


def placeholder(mode: str) -> str:
    return _(PLACEHOLDERS[mode])


class FilterBar(Horizontal):
    DEFAULT_CSS = """
    FilterBar { height: 1; display: none; }
    FilterBar.-active { display: block; }
    FilterBar > Label { width: auto; padding: 0 1; background: $primary; color: $text; }
    FilterBar > Input { width: 1fr; height: 1; border: none; padding: 0 1; }
    """

    DELAYS: ClassVar[dict[str, float]] = {
        "filter": 0.12,
        "search": 0.3,
        "find": 0.3,
        "goto": 0.3,
    }

    @dataclass
    class Changed(Message):
        """The query settled (after the debounce delay)."""

        mode: Mode
        value: str

    @dataclass
    class Submitted(Message):
        """Enter in the bar."""

        mode: Mode
        value: str

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.mode: Mode = "filter"
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Label(prompt("filter"), id="filter-prompt", markup=False)
        yield Input(placeholder=placeholder("filter"), id="filter-input", compact=True)

    def on_mount(self) -> None:
        # A blinking cursor redraws the line twice a second: traffic over SSH, like the
        # animations the reader leaves off unless asked (and an unstable snapshot).
        self.input.cursor_blink = getattr(self.app, "animation_level", "full") != "none"

    input = getters.query_one("#filter-input", Input)

    @property
    def active(self) -> bool:
        return self.has_class("-active")

    @property
    def value(self) -> str:
        return self.input.value

    def open(self, mode: Mode, value: str | None = None) -> None:
        self.mode = mode
        self.query_one("#filter-prompt", Label).update(prompt(mode))
        self.input.placeholder = placeholder(mode)
        if value is not None:
            with self.input.prevent(Input.Changed):
                self.input.value = value
        self.add_class("-active")
        self.input.select_on_focus = True  # what the bar brings back is typed over
        self.input.focus()

    def mend(self) -> None:
        """Take the typing back, the cursor after the text: a query that was refused is
        kept to be corrected, not selected to be typed over."""
        self.input.select_on_focus = False
        self.input.focus()

    def show(self, mode: Mode, value: str) -> None:
        """Show the bar with ``value`` without taking the focus (a facet key set it)."""
        self.mode = mode
        self.query_one("#filter-prompt", Label).update(prompt(mode))
        self.input.placeholder = placeholder(mode)
        with self.input.prevent(Input.Changed):
            self.input.value = value
        self.add_class("-active")

    def close(self) -> None:
        self._cancel_timer()
        with self.input.prevent(Input.Changed):
            self.input.value = ""
        self.remove_class("-active")

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self._cancel_timer()
        mode, value = self.mode, event.value
        self._timer = self.set_timer(
            self.DELAYS[mode], lambda: self.post_message(self.Changed(mode, value))
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._cancel_timer()
        self.post_message(self.Submitted(self.mode, event.value))
