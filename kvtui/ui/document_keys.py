"""The keys that act on the open set: step through its questions, go to one by number,
find in it, copy from it, open its source, export it.

They need of the screen only what ``Reader`` names (the open set, the document view, the
app that copies, opens links and writes files) and tell the reader through ``say``, so a
test runs every key against a stand-in view without the app. ``MainScreen`` decides
when a key reaches here; what the key then does, and says, is decided here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from kvtui.i18n import _
from kvtui.ui import clipboard, copying, finding, links
from kvtui.ui.notice import Notice

if TYPE_CHECKING:
    from kvtui.model import Kamervraag


class View(Protocol):
    """What the keys use of ``DocView``."""

    @property
    def current_index(self) -> int: ...

    @property
    def question_count(self) -> int: ...

    def next_question(self) -> int: ...

    def prev_question(self) -> int: ...

    def question_for_number(self, number: int) -> int | None: ...

    def go_to_question(self, index: int) -> int: ...

    def find(self, text: str) -> int: ...

    def text_for(self, scope: copying.Scope) -> str | None: ...


class Reader(Protocol):
    """What the keys use of the screen."""

    current: Kamervraag | None

    @property
    def doc_view(self) -> Any: ...

    @property
    def app(self) -> Any: ...


class DocumentKeys:
    """The open set's keys, for ``reader``; what they say goes to ``say``."""

    def __init__(self, reader: Reader, say: Callable[[Notice], None]) -> None:
        self.reader = reader
        self.say = say

    @property
    def view(self) -> View:
        return self.reader.doc_view  # type: ignore[no-any-return]

    def need_doc(self) -> bool:
        """True when a set is open; else the reader is told how to open one."""
        if self.reader.current is None:
            self.say(Notice(_("Open a Kamervraag first (Enter on the list)"), timeout=2))
            return False
        return True

    def next_question(self) -> None:
        if self.need_doc():
            self.view.next_question()

    def prev_question(self) -> None:
        if self.need_doc():
            self.view.prev_question()

    def goto(self, text: str) -> None:
        """Go to the question the user numbered (as the source numbers it)."""
        if self.reader.current is None:
            return
        view = self.view
        index = finding.goto_index(text, view.question_count, view.question_for_number)
        if isinstance(index, Notice):
            self.say(index)
        else:
            view.go_to_question(index)

    def find(self, text: str) -> None:
        if self.reader.current is not None:
            self.say(finding.found_notice(self.view.find(text), text))

    def copy(self, scope: copying.Scope) -> None:
        if self.need_doc():
            view = self.view
            what = copying.described(self.reader.current, scope, view.current_index)
            clipboard.copy(self.reader.app, view.text_for(scope), what)

    def open_source(self) -> None:
        if not self.need_doc():
            return
        url = self.view.text_for("url")
        if not url:
            said = _("This Kamervraag has no source URL")
            self.say(Notice(said, severity="warning", timeout=2))
            return
        links.open_url(self.reader.app, url)

    def export(self) -> None:
        from kvtui.ui import export  # with render.markdown: ~15 ms the first screen skips

        if self.need_doc():
            export.export_with_notice(self.reader.app, self.reader.current)
