"""The list of cached Kamervragen: a line-API ``ScrollView``, no widget per row.

A cache can hold 50,000 sets; mounting a widget per row takes seconds (research note
§C.2), while rendering only the visible lines costs the same for 50 or 50,000 rows.
Rows are kept in a plain Python list, so a new filter result is a list swap. The list
shows either index rows (``ListRow``) or full-text hits (``SearchHit``, two lines each:
the row and the matching passage).

Every cell is built from plain strings after ``inert`` – document text never meets a
markup parser – and the status is a word, so it reads the same without colour.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets import Static

from kvtui.i18n import _, ngettext, number
from kvtui.model import Status
from kvtui.render.outline import OVERDUE_WORD as _OVERDUE_MSGID
from kvtui.render.outline import STATUS_WORDS as _STATUS_MSGIDS
from kvtui.render.outline import no_title
from kvtui.render.outline import status_word as _status_word
from kvtui.textsafe import inert

if TYPE_CHECKING:  # names for the type checker only: the reader's start-up skips them
    from kvtui.store.index import ListRow, SearchHit

HIT_START, HIT_END = "\ue000", "\ue001"

OVERDUE_WORD = _OVERDUE_MSGID  # as shown: ``_(OVERDUE_WORD)``
UNREAD_MARK, STAR_MARK = "●", "★"
PASSAGES_AHEAD = 12  # hits whose passages are cut together when one is first drawn


def status_word(row: Any) -> str:
    """The row's status in the words of the document and ``kvtui list`` (one helper)."""
    return _status_word(row.status, row.overdue)


def is_overdue(row: Any) -> bool:
    return bool(row.overdue) and row.status in (Status.OPEN, Status.POSTPONED)


def status_width() -> int:
    """The status column: its longest word in this run's language ("ingetrokken")."""
    words = [_(w) for w in (*_STATUS_MSGIDS.values(), _OVERDUE_MSGID, "Status")]
    return max(map(cell_len, words))


def days_width() -> int:
    """ "Days↓" (or "Dagen↓") whole; four digits of days fit with room."""
    return max(DAYS_WIDTH, cell_len(_("Days")) + 1)


def one_line(text: str | None) -> str:
    """Document text fit for a single cell: inert, whitespace folded."""
    if not text:
        return ""
    return " ".join(inert(text).split())


def fit(text: str, width: int, *, right: bool = False) -> str:
    """Pad or cut ``text`` to exactly ``width`` cells, marking a cut with an ellipsis."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    if right:
        return " " * (width - cell_len(text)) + text
    return set_cell_size(text, width)


def fit_number(number: str, width: int) -> str:
    """A set's number in exactly ``width`` cells. The numbers too long for their column
    are older KOOP ids, and they share their head (``kv-tk-20052006-KVR…``): cut at the
    end, a whole page of them read alike. The cut keeps the kind and the tail that tells
    them apart (``kv-…KVR22509``)."""
    head = number[:3]
    if cell_len(number) <= width or width < 8 or not number.isascii():
        return fit(number, width)
    return head + "…" + number[len(number) - (width - len(head) - 1) :]


DAYS_WIDTH = 5  # "Days↓" whole; four digits of days fit with room
TITLE_FIRST = 50  # columns the title gets before a submitters column is shown
MIN_PEOPLE = 14  # a submitters column narrower than this shows too little to help


@dataclass(frozen=True, slots=True)
class Columns:
    number: int
    date: int
    status: int
    days: int
    people: int
    title: int

    @classmethod
    def for_width(cls, width: int, number_width: int) -> Columns:
        # marks(2) + number + sp + date(10) + sp + status(9) + sp + days(4) + sp + people + sp
        number = max(10, min(number_width, 24 if width >= 120 else 12))
        status, days = status_width(), days_width()
        fixed = 2 + number + 1 + 10 + 1 + status + 1 + days + 1
        rest = max(0, width - fixed)
        # The title is what a reader scans: it keeps TITLE_FIRST columns before the
        # submitters get any, and the submitters never more than a third of the rest.
        spare = rest - TITLE_FIRST - 1
        people = 0 if spare < MIN_PEOPLE else min(34, spare, rest // 3)
        title = max(0, rest - people - (1 if people else 0))
        return cls(number, 10, status, days, people, title)


def header_text(width: int, number_width: int, sort: str, descending: bool = True) -> Text:
    """Column names in the list's own widths; ``↓`` (or ``↑``, reversed) marks the sorted
    column. Sorted by date answered, the date column shows that date."""
    c = Columns.for_width(width, number_width)
    arrow = "↓" if descending else "↑"

    def name(label: str, key: str) -> str:
        return label + (arrow if key == sort else "")

    date_label = (
        name(_("Answered"), "answered") if sort == "answered" else name(_("Submitted"), "submitted")
    )
    parts = [
        "  ",
        fit(name(_("Number"), "number"), c.number),
        " ",
        fit(date_label, c.date),
        " ",
        fit(_("Status"), c.status),
        " ",
        fit(name(_("Days"), "days"), c.days, right=True),
        " ",
    ]
    if c.people:
        parts += [fit(_("Submitted by"), c.people), " "]
    parts.append(fit(_("Title"), c.title))
    return Text("".join(parts), no_wrap=True, overflow="crop")


class DocList(ScrollView, can_focus=True):
    """Virtual list of ``ListRow``s or ``SearchHit``s with a cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "doc-list--cursor",
        "doc-list--cursor-blurred",
        "doc-list--unread",
        "doc-list--overdue",
        "doc-list--withdrawn",
        "doc-list--star",
        "doc-list--match",
        "doc-list--snippet",
        "doc-list--dim",
    }

    DEFAULT_CSS = """
    DocList { height: 1fr; }
    DocList > .doc-list--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
        text-style: bold;
    }
    DocList > .doc-list--cursor-blurred { background: $block-cursor-blurred-background; }
    DocList > .doc-list--unread { text-style: bold; }
    DocList > .doc-list--overdue { color: $text-error; text-style: bold; }
    DocList > .doc-list--withdrawn { color: $text-muted; text-style: strike; }
    DocList > .doc-list--star { color: $text-warning; }
    DocList > .doc-list--match { color: $text-accent; text-style: bold underline; }
    DocList > .doc-list--snippet { color: $text-muted; }
    DocList > .doc-list--dim { color: $text-muted; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    @dataclass
    class Highlighted(Message):
        """The cursor moved to ``number`` (None on an empty list)."""

        doc_list: DocList
        number: str | None

    @dataclass
    class Selected(Message):
        """Enter on ``number``: open it."""

        doc_list: DocList
        number: str

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[ListRow] = []
        self._hits: list[SearchHit] | None = None
        self.hits_total: int | None = None  # every match of the search (hits may be capped)
        self.hits_newest_first = False  # the hits are in date order, not by relevance
        self._passage: Callable[[str], str] | None = None  # cuts a hit's missing passage
        self.empty_text = ""  # what an empty list says (why, and what to do)
        self.date_field = "submitted"  # which date the date column shows
        self._index: dict[str, int] = {}
        self._hit_rows: dict[str, ListRow] = {}  # the hits' own rows, listed or not
        self._number_width = 10
        self._gen = 0
        self._strips: LRUCache[tuple[Any, ...], Strip] = LRUCache(2000)

    # -- data -----------------------------------------------------------------

    @property
    def rows(self) -> list[ListRow]:
        return self._rows

    @property
    def hits(self) -> list[SearchHit] | None:
        return self._hits

    @property
    def searching(self) -> bool:
        return self._hits is not None

    @property
    def lines_per_item(self) -> int:
        return 2 if self._hits is not None else 1

    def __len__(self) -> int:
        return len(self._hits) if self._hits is not None else len(self._rows)

    def set_rows(self, rows: list[ListRow], *, keep: str | None = None) -> None:
        """Show ``rows``; keep the cursor on number ``keep`` (or the current one) if present."""
        keep = keep or self.current_number
        self._rows = rows
        self._index = {r.number: i for i, r in enumerate(rows)}
        self._number_width = max((len(r.number) for r in rows), default=10)
        if self._hits is None:
            self._data_changed(self._index.get(keep, 0) if keep else 0)

    def set_hits(
        self,
        hits: list[SearchHit],
        total: int | None = None,
        *,
        newest_first: bool = False,
        passage: Callable[[str], str] | None = None,
        rows: list[ListRow] | None = None,
    ) -> None:
        """Show search ``hits``; ``total`` is how many sets match in all (None: unknown,
        or the same as shown); ``newest_first`` when they are in date order although
        relevance was asked (too many to rank). A hit whose passage is not cut yet
        (``snippet`` None) gets it from ``passage(number)`` when it is first drawn.
        ``rows`` are the hits' list rows: a search looks in the whole cache, a filter
        lists only part of it, and every result shows the same columns."""
        self._hits = hits
        self._hit_rows = {row.number: row for row in rows or ()}
        self.hits_total = total
        self.hits_newest_first = newest_first
        self._passage = passage
        self._data_changed(0)

    def clear_hits(self, *, keep: str | None = None) -> None:
        keep = keep or self.current_number
        self._hits = None
        self._hit_rows = {}
        self.hits_total = None
        self.hits_newest_first = False
        self._passage = None
        self._data_changed(self._index.get(keep, 0) if keep else 0)

    def _cut_passages(self, item: int) -> None:
        """Cut the passages of hit ``item`` and the few after it that lack one: the
        search cuts only the first screenful, as each costs loading a set."""
        hits = self._hits
        if hits is None:
            return
        for i in range(item, min(len(hits), item + PASSAGES_AHEAD)):
            hit = hits[i]
            if hit.snippet is not None:
                continue
            try:
                snippet = self._passage(hit.number) if self._passage is not None else ""
            except Exception:  # a cache gone away: the row stays, without its passage
                snippet = ""
            hits[i] = replace(hit, snippet=snippet)

    def update_row(self, number: str, **changes: Any) -> None:
        """Change fields of one row in place (read/starred marks)."""
        i = self._index.get(number)
        hit_row = self._hit_rows.get(number)
        if i is None and hit_row is None:
            return
        if i is not None:
            self._rows[i] = replace(self._rows[i], **changes)
        if hit_row is not None:
            self._hit_rows[number] = replace(hit_row, **changes)
        self._gen += 1
        self.refresh()

    def row_for(self, number: str) -> ListRow | None:
        i = self._index.get(number)
        return self._rows[i] if i is not None else None

    def _row_of_hit(self, number: str) -> ListRow | None:
        """A hit's row: its own (read with the search) or, without one, the list's."""
        return self._hit_rows.get(number) or self.row_for(number)

    def numbers(self) -> list[str]:
        return [r.number for r in self._rows]

    def _data_changed(self, cursor: int) -> None:
        self._gen += 1
        self._strips.clear()
        self._update_virtual_size()
        self.cursor = max(0, min(cursor, len(self) - 1))
        self.refresh()
        self._refresh_header()

    def _update_virtual_size(self) -> None:
        self.virtual_size = Size(
            self.scrollable_content_region.width, len(self) * self.lines_per_item
        )

    # -- cursor ---------------------------------------------------------------

    @property
    def current_number(self) -> str | None:
        items = self._hits if self._hits is not None else self._rows
        if 0 <= self.cursor < len(items):
            return items[self.cursor].number
        return None

    def move_to(self, number: str) -> bool:
        items = self._hits if self._hits is not None else self._rows
        if self._hits is None:
            i = self._index.get(number)
        else:
            i = next((k for k, h in enumerate(items) if h.number == number), None)
        if i is None:
            return False
        self.cursor = i
        return True

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self) - 1)) if len(self) else 0

    def watch_cursor(self, old: int, new: int) -> None:
        lpi = self.lines_per_item
        self.refresh_lines(old * lpi, lpi)
        self.refresh_lines(new * lpi, lpi)
        self._scroll_cursor_visible()
        self.post_message(self.Highlighted(self, self.current_number))

    def _scroll_cursor_visible(self) -> None:
        lpi = self.lines_per_item
        top = self.cursor * lpi
        height = max(1, self.scrollable_content_region.height)
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top + lpi > self.scroll_y + height:
            self.scroll_to(y=top + lpi - height, animate=False, immediate=True)

    @property
    def page_items(self) -> int:
        return max(1, self.scrollable_content_region.height // self.lines_per_item - 1)

    def cursor_down(self) -> None:
        self.cursor += 1

    def cursor_up(self) -> None:
        self.cursor -= 1

    def cursor_top(self) -> None:
        self.cursor = 0

    def cursor_bottom(self) -> None:
        self.cursor = len(self) - 1

    def page_down(self) -> None:
        self.cursor += self.page_items

    def page_up(self) -> None:
        self.cursor -= self.page_items

    # ScrollableContainer binds the arrows, Home/End and PgUp/PgDn to scrolling; in a
    # list they are the cursor moves (and the view follows the cursor).
    action_scroll_down = cursor_down
    action_scroll_up = cursor_up
    action_scroll_home = cursor_top
    action_scroll_end = cursor_bottom
    action_page_down = page_down
    action_page_up = page_up

    def select(self) -> None:
        number = self.current_number
        if number is not None:
            self.post_message(self.Selected(self, number))

    # -- rendering ------------------------------------------------------------

    # A line's strip is cached under everything it is drawn from (``render_line``'s key:
    # the rows' generation, the width, the cursor and, for the cursor's line, the
    # focus), so a resize or a change of focus keeps the lines it does not change: at
    # start both come right after the first rows are drawn.

    def on_resize(self) -> None:
        self._update_virtual_size()
        self._refresh_header()
        self._scroll_cursor_visible()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = round(self.scroll_y) + y
        lpi = self.lines_per_item
        item, sub = divmod(line, lpi)
        if not len(self) and self.empty_text:
            return self._empty_line(line, width)
        if item >= len(self):
            return Strip.blank(width, self.rich_style)
        is_cursor = item == self.cursor
        # focus changes only the cursor's colour: the other lines stay cached
        key = (self._gen, item, sub, width, is_cursor, is_cursor and self.has_focus)
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_item_line(item, sub, width, is_cursor)
            self._strips[key] = strip
        return strip

    def _empty_line(self, y: int, width: int) -> Strip:
        """Line ``y`` of the empty list's message, wrapped to the width (a blank line
        above it)."""
        lines = Text(self.empty_text).wrap(self.app.console, max(10, width - 4))
        if 1 <= y <= len(lines):
            text = Text("  ") + lines[y - 1]
            text.stylize(self.get_component_rich_style("doc-list--dim"))
            segments = list(text.render(self.app.console))
            strip = Strip(Segment.apply_style(segments, self.rich_style), cell_len(text.plain))
            return strip.adjust_cell_length(width, self.rich_style)
        return Strip.blank(width, self.rich_style)

    def _render_item_line(self, item: int, sub: int, width: int, is_cursor: bool) -> Strip:
        base = self.rich_style
        if self._hits is not None:
            if sub == 1 and self._hits[item].snippet is None:
                self._cut_passages(item)
            hit = self._hits[item]
            row = self._row_of_hit(hit.number)
            text = self._row_text(row, width) if row and sub == 0 else None
            if text is None:
                text = self._hit_text(hit, width, sub)
        else:
            text = self._row_text(self._rows[item], width)
        if is_cursor:
            cls = "doc-list--cursor" if self.has_focus else "doc-list--cursor-blurred"
            text.stylize(self.get_component_rich_style(cls, partial=True))
        segments = list(text.render(self.app.console))
        strip = Strip(Segment.apply_style(segments, base), cell_len(text.plain))
        return strip.adjust_cell_length(width, base)

    def _row_text(self, row: Any, width: int) -> Text:
        c = Columns.for_width(width, self._number_width)
        style = self.get_component_rich_style
        text = Text(no_wrap=True, overflow="crop", end="")
        text.append(UNREAD_MARK if not row.read else " ", style("doc-list--unread"))
        text.append(STAR_MARK if row.starred else " ", style("doc-list--star"))
        unread = style("doc-list--unread") if not row.read else Style()
        text.append(fit_number(one_line(row.number), c.number), unread)
        text.append(" ")
        day = row.answered if self.date_field == "answered" else row.submitted
        missing = "–" if self.date_field == "answered" else "?"
        text.append(fit(day.isoformat() if day else missing, c.date))
        text.append(" ")
        word = status_word(row)
        status_style = Style()
        if is_overdue(row):
            status_style = style("doc-list--overdue")
        elif row.status == Status.WITHDRAWN:
            status_style = style("doc-list--withdrawn")
        text.append(fit(word, c.status), status_style)
        text.append(" ")
        days = "" if row.days_to_answer is None else number(row.days_to_answer)
        text.append(fit(days, c.days, right=True))
        text.append(" ")
        if c.people:
            text.append(fit(one_line(row.submitters), c.people), style("doc-list--dim"))
            text.append(" ")
        text.append(fit(one_line(row.title) or no_title(), c.title), unread)
        return text

    def _hit_text(self, hit: Any, width: int, sub: int) -> Text:
        style = self.get_component_rich_style
        text = Text(no_wrap=True, overflow="crop", end="")
        if sub == 0:
            text.append("  ")
            text.append(fit_number(one_line(hit.number), 12))
            text.append(" ")
            text.append(fit(one_line(hit.title), max(0, width - 15)))
            return text
        text.append("    ")
        snippet = inert(hit.snippet or "")
        snippet = " ".join(snippet.split())
        budget = max(0, width - 4)
        inside = False
        used = 0
        for piece in _split_marks(snippet):
            if piece == HIT_START:
                inside = True
                continue
            if piece == HIT_END:
                inside = False
                continue
            if used >= budget:
                break
            chunk = piece
            if used + cell_len(chunk) > budget:
                chunk = fit(chunk, budget - used)
            used += cell_len(chunk)
            text.append(chunk, style("doc-list--match") if inside else style("doc-list--snippet"))
        return text

    def _refresh_header(self) -> None:
        parent = self.parent
        if isinstance(parent, DocListPane):
            parent.refresh_header()


def _split_marks(snippet: str) -> list[str]:
    out: list[str] = []
    buf = ""
    for ch in snippet:
        if ch in (HIT_START, HIT_END):
            if buf:
                out.append(buf)
                buf = ""
            out.append(ch)
        else:
            buf += ch
    if buf:
        out.append(buf)
    return out


def strip_marks(snippet: str) -> str:
    return snippet.replace(HIT_START, "").replace(HIT_END, "")


def hits_phrase(doc_list: DocList) -> str:
    """``41 search results``, or ``first 200 of 1,273 search results`` when capped."""
    shown, total = len(doc_list), doc_list.hits_total
    if total is not None and total > shown:
        return _("first {shown} of {total} search results").format(
            shown=number(shown), total=number(total)
        )
    return ngettext("{n} search result", "{n} search results", shown).format(n=number(shown))


class DocListPane(Vertical):
    """The list with its column header (which must share the list's column widths)."""

    DEFAULT_CSS = """
    DocListPane { height: 1fr; }
    DocListPane > #list-header { height: 1; text-style: bold; background: $panel; }
    """

    sort_key: reactive[str] = reactive("submitted")
    descending: reactive[bool] = reactive(True)

    def compose(self):  # type: ignore[override]
        yield Static("", id="list-header", markup=False)
        yield DocList(id="doc-list")

    def watch_sort_key(self, sort: str) -> None:
        try:
            doc_list = self.query_one(DocList)
        except Exception:
            return
        field = "answered" if sort == "answered" else "submitted"
        if doc_list.date_field != field:
            doc_list.date_field = field
            doc_list._gen += 1
            doc_list._strips.clear()
            doc_list.refresh()
        self.refresh_header()

    def watch_descending(self) -> None:
        self.refresh_header()

    def refresh_header(self) -> None:
        if not self.is_mounted:
            return
        try:
            header = self.query_one("#list-header", Static)
            doc_list = self.query_one(DocList)
        except Exception:
            return
        width = doc_list.scrollable_content_region.width or self.size.width
        if doc_list.hits is not None:
            header.update(Text(f"  {hits_phrase(doc_list)}", no_wrap=True))
        else:
            header.update(
                header_text(width, doc_list._number_width, self.sort_key, self.descending)
            )
