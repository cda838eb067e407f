"""The detail pane: one Kamervraag, drawn row by row, with moving and find.

What the blocks say and in which order comes from ``kvtui.render.outline`` (the same
layout as ``kvtui show`` and the Markdown export); how they look comes from
``doc_blocks``, their wrapping from ``doc_wrap`` and their place from ``doc_layout``.
This module draws the rows on screen, moves between questions, finds text, and gives
text to copy.

Why a line-API ``ScrollView`` and not a widget per block: a set can hold 2,000
questions and a field a megabyte of text. Mounted as ``Static``s, the largest set took
seconds to reach its end (``G``) and a 256 KB field seconds to open, as every block was
laid out and rendered whole. Here the blocks are counted in rows once per width (a
linear pass), and only the rows on screen are cut from the text, styled and drawn, so
the cost of a screen does not grow with the set.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import ClassVar, Literal

from rich.segment import Segment
from textual import events
from textual.await_complete import AwaitComplete
from textual.cache import LRUCache
from textual.content import Content, Span
from textual.geometry import Offset, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.selection import Selection
from textual.strip import Strip

from kvtui.model import Kamervraag, Question, koop_url
from kvtui.render import text as plain_render
from kvtui.ui.widgets.doc_blocks import Block, build_blocks, plain_text
from kvtui.ui.widgets.doc_layout import Layout, frame_of
from kvtui.ui.widgets.doc_search import fold_accents, words_pattern
from kvtui.ui.widgets.doc_wrap import row_of_offset

__all__ = ["Block", "DocView", "build_blocks", "plain_text"]

Scope = Literal["question", "answer", "set", "url"]

MATCH_STYLE = "reverse"
CURRENT_MATCH_STYLE = "reverse bold underline"
STOP_KINDS = frozenset({"question", "further", "notice", "loose"})  # where ] and [ stop


def _answer_owner(questions: list[Question], ref: int) -> Question | None:
    for q in questions:
        if q.answer is not None and (q.number == ref or ref in q.numbers):
            return q
    return None


def source_url(kamervraag: Kamervraag) -> str | None:
    """The one URL that stands for the set: the answer (it repeats the questions) when
    there is one, else the questions."""
    s = kamervraag.sources
    return (
        s.answer_url or koop_url(s.answer_id) or s.question_url or koop_url(s.question_id) or None
    )


def answer_for(kamervraag: Kamervraag, index: int) -> str | None:
    """The answer that belongs to question ``index``, following a combined answer's ref."""
    q = kamervraag.questions[index]
    if q.answer is not None:
        return q.answer
    if q.answer_ref is not None:
        owner = _answer_owner(kamervraag.questions, q.answer_ref)
        return owner.answer if owner else None
    return None


# ---------------------------------------------------------------------------
# The widget
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class _Match:
    block: int
    start: int
    end: int


class DocView(ScrollView, can_focus=True):
    """A scrollable Kamervraag: header, every question expanded with its answer."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "doc-view--answer",
        "doc-view--footnotes",
        "doc-view--notice",
        "doc-view--ids",
    }

    DEFAULT_CSS = """
    DocView {
        height: 1fr;
        padding: 0 1;
        overflow-x: hidden;
        overflow-y: auto;
    }
    DocView > .doc-view--answer { color: $accent; }
    DocView > .doc-view--footnotes { color: $foreground 40%; }
    DocView > .doc-view--notice { color: $warning; }
    DocView > .doc-view--ids { color: $text-muted; }
    """

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.kamervraag: Kamervraag | None = None
        self._blocks: list[Block] = []
        self._question_first_block: list[int] = []
        self._stops: list[int] = []  # blocks ] and [ stop at, top to bottom
        self._stop = -1  # the stop last moved to (-1: the top of the document)
        self._stop_scroll_y: float | None = 0.0  # where the view was when it got there
        self._position: tuple[object, ...] = ()
        self._last_height = 0
        self._matches: list[_Match] = []
        self._match_ends: list[tuple[int, int]] = []  # (block, end) of each match, sorted
        self._match_at = -1
        self._generation = 0
        self._layout: Layout | None = None
        self._layouts: dict[int, Layout] = {}  # this document's layouts by text width
        self._laid_out = -1  # the generation the layout belongs to
        self._place: tuple[float | None, int | None] = (None, None)  # for the first layout
        self._marks = 0  # changes whenever the highlights do
        self._strips: LRUCache[tuple[int, ...], Strip] = LRUCache(1024)

    # -- showing -----------------------------------------------------------

    def on_mount(self) -> None:
        if self._generation == 0:
            self.show(None)  # the hint, until a Kamervraag is shown

    @property
    def today(self) -> dt.date:
        """The app's fixed ``today`` when it has one (tests, snapshots), else the clock."""
        today = getattr(self.app, "today", None)
        return today if isinstance(today, dt.date) else dt.date.today()

    def show(
        self,
        kamervraag: Kamervraag | None,
        *,
        scroll_y: float | None = None,
        question: int | None = None,
    ) -> AwaitComplete:
        """Lay out ``kamervraag`` (or the empty hint), at the top or at a saved place.

        ``scroll_y`` restores a saved scroll offset (the reader's last position);
        ``question`` opens at that question's index. Once the view has a size this is
        done at once; before that (a view not yet laid out) when it gets one, with any
        move or find made meanwhile. The returned awaitable is kept for callers that
        wait for the document to be in place.
        """
        self.kamervraag = kamervraag
        self._blocks = build_blocks(kamervraag, self.today)
        self._question_first_block = []
        self._stops = []
        seen: set[int] = set()
        for i, b in enumerate(self._blocks):
            if b.question is not None and b.question not in seen:
                seen.add(b.question)
                self._question_first_block.append(i)
            if b.kind in STOP_KINDS:
                self._stops.append(i)
        self._stop, self._stop_scroll_y = -1, 0.0
        self._matches, self._match_ends, self._match_at = [], [], -1
        self._generation += 1
        self._layouts = {}
        self._place = (scroll_y, question)
        self._lay_out()
        return AwaitComplete.nothing()

    @property
    def fully_mounted(self) -> bool:
        """True once the current document is laid out: every block has its rows, so
        every part of it can be scrolled to (the name is from when blocks were mounted)."""
        return self._laid_out == self._generation and self._layout is not None

    def _text_width(self) -> tuple[int, int]:
        """The width for the text with and without a vertical scrollbar (``size`` is
        the view's inside, padding excluded, scrollbar included)."""
        full = self.size.width
        return full - self.styles.scrollbar_size_vertical, full

    def _layout_at(self, width: int) -> Layout:
        layout = self._layouts.get(width)
        if layout is None:
            layout = self._layouts[width] = Layout(self._blocks, max(1, width))
            while len(self._layouts) > 2:
                del self._layouts[next(iter(self._layouts))]
        return layout

    def _lay_out(self) -> None:
        """Count the rows of every block at the view's width (the narrower one, if the
        text needs a scrollbar), keep the place, and apply what waited for a layout."""
        if not self.is_attached or self.size.width <= 0 or self.size.height <= 0:
            return
        narrow, full = self._text_width()
        height = self.size.height
        layout = self._layout_at(narrow)
        if layout.height <= height and narrow != full:
            layout = self._layout_at(full)  # no scrollbar: the text gets its column
        fresh = self._laid_out != self._generation
        at_stop = not fresh and (self._at_stop() or self._at_bottom_with_stop_in_view())
        if not fresh and layout is self._layout:
            if at_stop and self.scroll_y != self._block_y(self._stops[self._stop]):
                self.go_to_stop(self._stop)  # taller: the stop can reach the top now
            return
        anchor = None if fresh else self._anchor()
        self._layout, self._laid_out = layout, self._generation
        self._strips.clear()
        self.virtual_size = Size(layout.width, layout.height)
        # The scrollbar (and so whether the view may scroll) follows the new extent now,
        # not at the next layout pass, so the place below can be scrolled to at once.
        self._scroll_update(self.virtual_size)
        if fresh:
            self._arrive()
        elif at_stop:
            self.go_to_stop(self._stop)  # the stop moved to stays at the top
        elif anchor is not None:
            self.scroll_to(y=self._row_of(anchor, layout), animate=False, immediate=True)
        self.refresh()

    def _arrive(self) -> None:
        """The first layout of a document: go where the reader asked to be, or to what
        was asked while it was on its way."""
        scroll_y, question = self._place
        self.scroll_home(animate=False, immediate=True)
        if self._matches:
            self._scroll_to_match()
        elif question and question < len(self._question_first_block):
            self.go_to_question(question)
        elif self._stop >= 0:
            self.go_to_stop(self._stop)
        elif scroll_y:
            self.scroll_to(y=scroll_y, animate=False, immediate=True)
            self._stop_scroll_y = None  # derive the current question from the place
        self._moved()

    def _anchor(self) -> tuple[int, int | None, int] | None:
        """What is at the top of the view, to keep there when the text is wrapped again:
        a row of text as (block, the character the row starts at, 0); a blank row
        between blocks as (the block below it, None, how many rows above that block's
        top it is), since the blank rows between two blocks are the same at any width
        (taken as the row above, the text moved one row down)."""
        layout = self._layout
        if layout is None or self.scroll_y < 1:
            return None
        y = round(self.scroll_y)
        block, row = layout.locate(y)
        if block < 0:
            return None
        if row is None:
            below = block + 1
            top = layout.tops[below] if below < len(layout.tops) else layout.height
            return below, None, top - y
        return block, layout.rows(block)[row][1], 0

    @staticmethod
    def _row_of(anchor: tuple[int, int | None, int], layout: Layout) -> int:
        """The row of ``layout`` where ``anchor`` (see ``_anchor``) is."""
        block, offset, above = anchor
        if offset is None:
            top = layout.tops[block] if block < len(layout.tops) else layout.height
            return top - above
        return layout.tops[block] + row_of_offset(layout.rows(block), offset)

    def _at_stop(self) -> bool:
        stop_y = self._stop_scroll_y
        return self._stop >= 0 and stop_y is not None and abs(stop_y - self.scroll_y) < 1

    @property
    def question_count(self) -> int:
        return len(self._question_first_block)

    # -- drawing -------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        layout = self._layout if self.fully_mounted else None
        row = round(self.scroll_y) + y
        base = self.visual_style
        if layout is None:
            return Strip.blank(width, base.rich_style)
        selection = self.text_selection
        span = selection.get_span(row) if selection is not None else None
        key = (self._generation, layout.width, width, row, self._marks, *(span or ()))
        strip = self._strips.get(key)
        if strip is None:
            strip = self._render_row(layout, row).adjust_cell_length(width, base.rich_style)
            if span is not None:
                strip = self._selected(strip, *span)
            self._strips[key] = strip.apply_offsets(0, row)
        return self._strips[key]

    def _selected(self, strip: Strip, start: int, end: int) -> Strip:
        """``strip`` with the mouse selection's part (cells ``start`` to ``end``, -1:
        to the end) in the selection style."""
        end = strip.cell_length if end < 0 else min(end, strip.cell_length)
        if end <= start:
            return strip
        before, chosen, after = strip.divide([start, end, strip.cell_length])
        style = self.screen.get_component_rich_style("screen--selection")
        return Strip.join([before, chosen.apply_style(style), after])

    def selection_updated(self, selection: Selection | None) -> None:
        self.refresh()

    def get_selection(self, selection: Selection) -> tuple[str, str] | None:
        """The text under a mouse selection, as shown, without the bars and indents of
        the layout: only the rows it covers are cut from the blocks."""
        layout = self._layout if self.fully_mounted else None
        if layout is None:
            return None
        first = selection.start.y if selection.start is not None else 0
        last = selection.end.y if selection.end is not None else layout.height - 1
        lines = []
        for y in range(max(0, first), min(last, layout.height - 1) + 1):
            block, row = layout.locate(y)
            if block < 0 or row is None:
                lines.append("")
                continue
            pad, start, end = layout.rows(block)[row]
            indent = frame_of(self._blocks[block]).indent + pad
            text = self._blocks[block].content.plain[start:end].replace("\t", " ")
            lines.append(" " * indent + text)
        start, end = selection
        moved = Selection(
            None if start is None else Offset(start.x, start.y - first),
            None if end is None else Offset(end.x, end.y - first),
        )
        text = moved.extract("\n".join(lines))
        return "\n".join(line.strip(" ") for line in text.split("\n")), "\n"

    def _render_row(self, layout: Layout, y: int) -> Strip:
        base = self.visual_style
        block, row = layout.locate(y)
        if block < 0 or row is None:
            return Strip([])
        frame = frame_of(self._blocks[block])
        segments: list[Segment] = []
        text_style = base
        if frame.left:
            segments.append(Segment(" " * frame.left, base.rich_style))
        if frame.bar:
            bar = self.get_visual_style(frame.style)
            segments += [Segment(frame.bar, bar.rich_style), Segment(" ", base.rich_style)]
        elif frame.style:
            text_style = self.get_visual_style(frame.style)
        pad, start, end = layout.rows(block)[row]
        if pad:
            segments.append(Segment(" " * pad, base.rich_style))
        content = self._row_content(layout, block, start, end)
        segments += content.render_segments(text_style)
        return Strip(segments)

    def _row_content(self, layout: Layout, block: int, start: int, end: int) -> Content:
        """The block's text from ``start`` to ``end`` with its styles (bold markers,
        links) and find's highlights."""
        spans = layout.spans(block, start, end)
        if self._matches:
            spans += self._highlights(block, start, end)
        text = self._blocks[block].content.plain[start:end]
        # A tab is the one control ``inert`` keeps; the wrap counts it as one cell, and
        # sent raw it would move the terminal's cursor.
        return Content(text.replace("\t", " "), spans, strip_control_codes=False)

    def _highlights(self, block: int, start: int, end: int) -> list[Span]:
        """Find's marks over a row: the matches that touch ``[start, end)``."""
        spans = []
        n = bisect_right(self._match_ends, (block, start))
        while n < len(self._matches):
            m = self._matches[n]
            if m.block != block or m.start >= end:
                break
            style = CURRENT_MATCH_STYLE if n == self._match_at else MATCH_STYLE
            spans.append(Span(max(m.start, start) - start, min(m.end, end) - start, style))
            n += 1
        return spans

    # -- moving between questions ------------------------------------------

    def _block_y(self, block: int) -> int:
        """The first row of ``block`` (0 before the document is laid out)."""
        layout = self._layout if self.fully_mounted else None
        return layout.tops[block] if layout is not None else 0

    def block_span(self, block: int) -> tuple[int, int]:
        """The rows ``block`` takes: its first and the one after its last."""
        layout = self._layout if self.fully_mounted else None
        if layout is None:
            return 0, 0
        return layout.tops[block], layout.tops[block] + layout.heights[block]

    def _stop_at_or_above(self, y: float) -> int:
        """The last stop whose block starts at or above row ``y`` (-1: none)."""
        layout = self._layout
        if layout is None:
            return -1
        tops = layout.tops
        lo, hi = 0, len(self._stops)
        while lo < hi:  # bisect over the stops' rows, without building the list
            mid = (lo + hi) // 2
            if tops[self._stops[mid]] <= y:
                lo = mid + 1
            else:
                hi = mid
        return lo - 1

    @property
    def current_stop(self) -> int:
        """The stop (question, further answer, notice) the reader is at: the one last
        moved to, or – once scrolled by hand – the last one that starts at or above the
        top of the view; -1 above the first (the header)."""
        if not self._stops:
            return -1
        if not self.fully_mounted:  # not laid out yet: nothing has been scrolled by hand
            return self._stop
        if self._at_stop():
            return self._stop
        if self._at_bottom_with_stop_in_view():
            return self._stop  # the last stops cannot reach the top
        return self._stop_at_or_above(self.scroll_y)

    def _at_bottom_with_stop_in_view(self) -> bool:
        if self._stop < 0 or self.scroll_y < self.max_scroll_y - 1:
            return False
        return self._block_y(self._stops[self._stop]) >= self.scroll_y

    @property
    def current_index(self) -> int:
        """The current question (an index into ``kamervraag.questions``): the one whose block is
        at the current stop or last above it; the first one at the top."""
        stop = self.current_stop
        if stop < 0:
            return 0
        for b in range(self._stops[stop], -1, -1):
            q = self._blocks[b].question
            if q is not None:
                return q
        return 0

    @property
    def current_part(self) -> str:
        """What kind of block the reader is at: question, further, notice, loose or
        header (for the position in the title bar)."""
        stop = self.current_stop
        return "header" if stop < 0 else self._blocks[self._stops[stop]].kind

    def go_to_stop(self, stop: int) -> int:
        """Scroll so stop ``stop`` starts at the top; returns the stop kept (-1: none)."""
        if not self._stops:
            return -1
        stop = max(0, min(stop, len(self._stops) - 1))
        self._stop = stop
        if self.fully_mounted:
            self.scroll_to(y=self._block_y(self._stops[stop]), animate=False, immediate=True)
        self._stop_scroll_y = self.scroll_y
        self._moved()
        return stop

    def go_to_question(self, index: int) -> int:
        """Scroll so question ``index`` starts at the top; returns the index kept."""
        if not self._question_first_block:
            return 0
        index = max(0, min(index, len(self._question_first_block) - 1))
        block = self._question_first_block[index]
        stop = bisect_left(self._stops, block)
        self.go_to_stop(min(stop, len(self._stops) - 1))
        return index

    def question_for_number(self, number: int) -> int | None:
        """The index of the question the source numbers ``number`` (or, failing that, the
        ``number``-th question); None when there is no such question."""
        if self.kamervraag is None:
            return None
        for i, q in enumerate(self.kamervraag.questions):
            if q.number == number or number in q.numbers:
                return i
        return number - 1 if 1 <= number <= len(self.kamervraag.questions) else None

    def step_stop(self, delta: int) -> bool:
        """Move to the next (+1) or previous (-1) stop: every question in turn, then
        further answers and notices; back from the first goes to the top. False when
        there is nowhere to go."""
        current = self.current_stop
        if delta > 0:
            if current + 1 >= len(self._stops):
                return False
            self.go_to_stop(current + 1)
            return True
        if current > 0:
            self.go_to_stop(current - 1)
            return True
        if current < 0 and self.scroll_y < 1:
            return False
        self.scroll_home(animate=False, immediate=True)
        self._stop, self._stop_scroll_y = -1, self.scroll_y
        self._moved()
        return True

    def next_question(self) -> int:
        """``]``: the next stop; returns the current question's index after it."""
        self.step_stop(+1)
        return self.current_index

    def prev_question(self) -> int:
        """``[``: the previous stop (or the top); returns the current question's index."""
        self.step_stop(-1)
        return self.current_index

    def action_next_question(self) -> None:
        self.next_question()

    def action_prev_question(self) -> None:
        self.prev_question()

    # -- position ------------------------------------------------------------

    class Moved(Message):
        """The current question or match changed (for the position in the title bar)."""

    def on_resize(self, event: events.Resize) -> None:
        """A new size may wrap the text anew (kept at the same place), and a taller or
        shorter view (a message line, a resized terminal) shifts the scroll offset
        without the reader scrolling: keep the stop moved to."""
        change = abs(event.size.height - self._last_height)
        self._last_height = event.size.height
        stop_y = self._stop_scroll_y
        if self._stop >= 0 and stop_y is not None and abs(stop_y - self.scroll_y) <= change + 1:
            self._stop_scroll_y = self.scroll_y
        self._lay_out()
        self._moved()

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        if round(old_value) != round(new_value):
            self._moved()

    def _moved(self) -> None:
        position = (self._generation, self.current_index, self.current_part, self._match_at)
        if position != self._position:
            self._position = position
            self.post_message(self.Moved())

    # -- find ----------------------------------------------------------------

    @property
    def match_count(self) -> int:
        return len(self._matches)

    @property
    def match_index(self) -> int:
        """0-based position of the current match, -1 when there is none."""
        return self._match_at

    def find(self, text: str) -> int:
        """Highlight every case-insensitive occurrence of ``text``; scroll to the first.

        Returns the number of matches; an empty ``text`` clears the highlights.
        """
        pattern = re.compile(re.escape(text), re.IGNORECASE) if text else None
        return self._mark(pattern, last=False)

    def mark_words(self, query: str, *, last: bool = False) -> int:
        """Highlight the words of a full-text search (as the index matched them: whole
        words, ``word*`` as a prefix, accents ignored) and go to the first match, or the
        last with ``last``. Returns the number of matches."""
        found = self._mark(words_pattern(query), last=last, fold=True)
        if found and not last:
            # The title is in the list already: land on the first passage of the text
            # (the header's matches stay one N away).
            body = next(
                (n for n, m in enumerate(self._matches) if self._blocks[m.block].kind != "header"),
                0,
            )
            if body:
                self._match_at = body
                self._restyle()
                self._scroll_to_match()
        return found

    def _mark(self, pattern: re.Pattern[str] | None, *, last: bool, fold: bool = False) -> int:
        self._matches = []
        if pattern is not None:
            for i, b in enumerate(self._blocks):
                plain = b.content.plain
                if fold:
                    plain = fold_accents(plain)
                self._matches.extend(_Match(i, m.start(), m.end()) for m in pattern.finditer(plain))
        self._match_ends = [(m.block, m.end) for m in self._matches]
        self._match_at = (len(self._matches) - 1 if last else 0) if self._matches else -1
        self._restyle()
        if self._matches:
            self._scroll_to_match()
        self._moved()
        return len(self._matches)

    def find_next(self) -> int:
        return self._step_match(+1)

    def find_prev(self) -> int:
        return self._step_match(-1)

    def action_find_next(self) -> None:
        self.find_next()

    def action_find_prev(self) -> None:
        self.find_prev()

    def _step_match(self, step: int) -> int:
        """Move the current match (wrapping around); returns its 0-based position."""
        if not self._matches:
            return -1
        self._match_at = (self._match_at + step) % len(self._matches)
        self._restyle()
        self._scroll_to_match()
        return self._match_at

    def _restyle(self) -> None:
        """Draw the rows again with the new highlights."""
        self._marks += 1
        self.refresh()

    def _scroll_to_match(self) -> None:
        if not self._matches or self._match_at < 0:
            return
        m = self._matches[self._match_at]
        top = self._match_row(self._match_at)
        if top is not None:
            height = self.size.height  # the rows in view (there is no horizontal scrollbar)
            if not (self.scroll_y + 1 <= top < self.scroll_y + height - 1):
                y = self._context_top(m.block, top, height)
                self.scroll_to(y=y, animate=False, immediate=True)
        self._stop = bisect_right(self._stops, m.block) - 1
        self._stop_scroll_y = self.scroll_y
        self._moved()

    def _match_row(self, n: int) -> int | None:
        """The row match ``n`` starts on (None before the document is laid out)."""
        layout = self._layout if self.fully_mounted else None
        if layout is None:
            return None
        m = self._matches[n]
        return layout.tops[m.block] + row_of_offset(layout.rows(m.block), m.start)

    def _context_top(self, block: int, top: float, height: int) -> float:
        """Where to scroll to show the match on row ``top`` with its context: from its
        question (or at least its block) when that fits above it on one screen, else
        two rows above it."""
        starts = [self._block_y(block)]
        question = self._blocks[block].question
        if question is not None and question < len(self._question_first_block):
            starts.insert(0, self._block_y(self._question_first_block[question]))
        for start in starts:
            if start <= top and top - start <= height - 4:
                return start
        return max(0, top - 2)

    # -- text for copying ----------------------------------------------------

    def text_for(self, scope: Scope) -> str | None:
        """Plain text to copy: the current question, its answer, the whole set, or its URL."""
        kamervraag = self.kamervraag
        if kamervraag is None:
            return None
        if scope == "url":
            return source_url(kamervraag)
        if scope == "set":
            return _render_set(kamervraag, self._blocks, self.today)
        if not kamervraag.questions:
            return None
        index = min(self.current_index, len(kamervraag.questions) - 1)
        if scope == "question":
            return kamervraag.questions[index].text
        if scope == "answer":
            return answer_for(kamervraag, index)
        raise ValueError(f"unknown scope {scope!r}")


def _render_set(kamervraag: Kamervraag, blocks: list[Block], today: dt.date) -> str:
    """The whole set as plain text: what ``kvtui show`` prints, so a copy reads the same;
    the blocks' own text if the renderer ever fails on an odd set."""
    try:
        return plain_render.render_text(kamervraag, today=today)
    except Exception:  # a renderer bug must not stop a copy; the blocks say the same
        return plain_text(blocks)
