"""The detail pane: one Kamervraag, one ``Static`` per block, with moving and find.

What the blocks say and in which order comes from ``kvtui.render.outline`` (the same
layout as ``kvtui show`` and the Markdown export); how they look comes from
``doc_blocks`` and their wrapping from ``doc_wrap``. This module only mounts them,
moves between questions, finds text, and gives text to copy.

Why blocks of ``Static`` and not the ``Markdown`` widget: the source is plain text, and
Markdown mounts a widget per paragraph (seconds for a large set), while a handful of
``Static``s per question mount in milliseconds and can be re-styled one at a time when
find highlights a match.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from textual.await_complete import AwaitComplete
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from kvtui.model import Kamervraag, Question, koop_url
from kvtui.render import text as plain_render
from kvtui.ui.widgets.doc_blocks import Block, build_blocks, plain_text
from kvtui.ui.widgets.doc_wrap import HangingIndent, Wrapped, line_of_offset

__all__ = ["Block", "DocView", "HangingIndent", "build_blocks", "plain_text"]

Scope = Literal["question", "answer", "set", "url"]

MATCH_STYLE = "reverse"
CURRENT_MATCH_STYLE = "reverse bold underline"
FIRST_BLOCKS = 30  # blocks mounted before the first paint (at least the screen's height)
BATCH_BLOCKS = 100  # blocks mounted per later batch: ~0.1 s each (each relays out all)
BATCH_DELAY = 0.02  # seconds between batches, so keys and paints come in between


def _answer_owner(questions: list[Question], ref: int) -> Question | None:
    for q in questions:
        if q.answer is not None and (q.number == ref or ref in q.numbers):
            return q
    return None


def source_url(kv: Kamervraag) -> str | None:
    """The one URL that stands for the set: the answer (it repeats the questions) when
    there is one, else the questions."""
    s = kv.sources
    return (
        s.answer_url or koop_url(s.answer_id) or s.question_url or koop_url(s.question_id) or None
    )


def answer_for(kv: Kamervraag, index: int) -> str | None:
    """The answer that belongs to question ``index``, following a combined answer's ref."""
    q = kv.questions[index]
    if q.answer is not None:
        return q.answer
    if q.answer_ref is not None:
        owner = _answer_owner(kv.questions, q.answer_ref)
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


class DocView(VerticalScroll, can_focus=True):
    """A scrollable Kamervraag: header, every question expanded with its answer."""

    DEFAULT_CSS = """
    DocView {
        height: 1fr;
        padding: 0 1;
    }
    DocView > Static {
        width: 1fr;
    }
    DocView > .kv-header {
        padding-bottom: 1;
    }
    DocView > .kv-question {
        margin-top: 1;
    }
    DocView > .kv-answer {
        margin-left: 2;
        margin-top: 1;
        padding-left: 1;
        border-left: thick $accent;
    }
    DocView > .kv-footnotes {
        margin-left: 2;
        margin-top: 1;
        padding-left: 1;
        border-left: vkey $foreground 40%;
    }
    DocView > .kv-notice, DocView > .kv-further, DocView > .kv-loose, DocView > .kv-ids {
        margin-top: 1;
    }
    DocView > .kv-notice {
        border-left: thick $warning;
        padding-left: 1;
    }
    DocView > .kv-ids {
        color: $text-muted;
        margin: 1 0 1 0;
    }
    """

    def __init__(
        self,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.kv: Kamervraag | None = None
        self._blocks: list[Block] = []
        self._block_widgets: list[Static] = []
        self._mounted_generation = -1  # which show() the mounted widgets belong to
        self._question_first_block: list[int] = []
        self._index = 0
        self._index_scroll_y: float | None = None
        self._matches: list[_Match] = []
        self._match_at = -1
        self._generation = 0
        self._mount_lock = asyncio.Lock()
        self._ready = asyncio.Event()  # set by on_mount: children can be mounted

    # -- showing -----------------------------------------------------------

    async def on_mount(self) -> None:
        self._ready.set()
        if self._generation == 0:
            await self.show(None)  # the hint, until a Kamervraag is shown

    @property
    def today(self) -> dt.date:
        """The app's fixed ``today`` when it has one (tests, snapshots), else the clock."""
        today = getattr(self.app, "today", None)
        return today if isinstance(today, dt.date) else dt.date.today()

    def show(
        self,
        kv: Kamervraag | None,
        *,
        scroll_y: float | None = None,
        question: int | None = None,
    ) -> AwaitComplete:
        """Lay out ``kv`` (or the empty hint), at the top or at a saved place.

        ``scroll_y`` restores a saved scroll offset (the reader's last position);
        ``question`` opens at that question's index. The model state changes at once (so
        ``text_for``/``find`` work immediately); the widgets are swapped, and the place
        restored, when the returned awaitable completes – so a caller must pass the place
        here rather than scroll afterwards.
        """
        self.kv = kv
        self._blocks = build_blocks(kv, self.today)
        self._question_first_block = []
        seen: set[int] = set()
        for i, b in enumerate(self._blocks):
            if b.question is not None and b.question not in seen:
                seen.add(b.question)
                self._question_first_block.append(i)
        self._index = 0
        self._index_scroll_y = 0.0
        self._matches, self._match_at = [], -1
        self._generation += 1
        return AwaitComplete(self._mount_blocks(self._generation, scroll_y, question))

    async def _mount_blocks(
        self, generation: int, scroll_y: float | None, question: int | None
    ) -> None:
        async with self._mount_lock:
            if generation != self._generation:
                return  # a newer show() has taken over
            await self._ready.wait()  # show() may come before this widget is mounted
            if generation != self._generation or not self.is_attached:
                return
            # Only the blocks the first screen needs: laying out (wrapping) all ~500
            # blocks of the largest set takes most of a second; the rest follow in
            # small batches between frames (``_mount_more``).
            screen = self._first_blocks()
            end = screen
            target = question or self._index
            if self._matches:
                end = max(end, self._matches[self._match_at].block + screen)
            elif target and target < len(self._question_first_block):
                end = max(end, self._question_first_block[target] + screen)
            elif scroll_y:
                end = max(end, self._blocks_for_rows(scroll_y) + screen)
            widgets = self._new_widgets(0, end)
            # Reserve the scrollbar's column while the blocks are laid out for the first
            # time: otherwise the scrollbar appears half-way and every block is wrapped
            # again at the narrower width (a third of the time to open a long set).
            self.styles.scrollbar_gutter = "stable"
            with self.app.batch_update():
                await self.remove_children()
                await self.mount_all(widgets)
            self._block_widgets = widgets
            self._mounted_generation = generation
            self.scroll_home(animate=False, immediate=True)
            # what the reader asked for while the blocks were on their way
            if self._matches:
                self.call_after_refresh(self._scroll_to_match)
            elif target:
                self.call_after_refresh(self.go_to_question, target)
            elif scroll_y:
                self.call_after_refresh(self._restore_scroll, scroll_y)
            self._after_batch(generation)

    def _first_blocks(self) -> int:
        """How many blocks surely fill the screen: every block takes two rows or more."""
        return max(FIRST_BLOCKS, self.app.size.height)

    def _blocks_for_rows(self, rows: float) -> int:
        """A rough count of the blocks above row ``rows``, from their text alone (the
        real heights are known only once laid out; ``_restore_scroll`` makes up for a
        short guess)."""
        width = max(20, (self.size.width or self.app.size.width) - 8)
        total = 0
        for n, b in enumerate(self._blocks):
            total += 1 + sum(1 + len(line) // width for line in b.content.plain.split("\n"))
            if total > rows:
                return n + 1
        return len(self._blocks)

    def _visual_for(self, i: int) -> Wrapped | HangingIndent:
        """Block ``i`` as shown: with find's highlights, if it has matches."""
        content = self._blocks[i].content
        for n, m in enumerate(self._matches):
            if m.block == i:
                style = CURRENT_MATCH_STYLE if n == self._match_at else MATCH_STYLE
                content = content.stylize(style, m.start, m.end)
        return self._blocks[i].visual(content)

    def _new_widgets(self, start: int, end: int) -> list[Static]:
        return [
            Static(self._visual_for(i), classes=f"kv-{self._blocks[i].kind}", markup=False)
            for i in range(start, min(end, len(self._blocks)))
        ]

    @property
    def fully_mounted(self) -> bool:
        """True once every block of the current document is mounted."""
        return self._mounted_generation == self._generation and len(self._block_widgets) >= len(
            self._blocks
        )

    def _after_batch(self, generation: int) -> None:
        if generation != self._generation:
            return
        if self.fully_mounted:
            self.call_after_refresh(self._release_gutter)
        else:
            self.set_timer(BATCH_DELAY, partial(self._mount_more, generation))

    async def _mount_more(self, generation: int) -> None:
        await self._mount_upto(generation, len(self._block_widgets) + BATCH_BLOCKS)
        self._after_batch(generation)

    async def _mount_upto(self, generation: int, end: int) -> bool:
        """Mount the blocks before ``end`` not mounted yet; False if the set changed."""
        async with self._mount_lock:
            if generation != self._generation or self._mounted_generation != generation:
                return False
            if not self.is_attached:
                return False
            widgets = self._new_widgets(len(self._block_widgets), end)
            if widgets:
                self._block_widgets.extend(widgets)  # so find's restyle reaches them at once
                await self.mount_all(widgets)
            return True

    def _then_after_mount(self, end: int, then: Callable[[], object]) -> None:
        """Mount the blocks up to ``end`` now, then – once laid out – call ``then``."""
        generation = self._generation

        async def mount_and_go() -> None:
            if await self._mount_upto(generation, end) and generation == self._generation:
                self.call_after_refresh(then)

        self.call_later(mount_and_go)

    def _unmounted(self, block: int) -> bool:
        """True if ``block`` has to be mounted before it can be scrolled to (and the
        first batch is there, so it can be)."""
        return self._mounted_generation == self._generation and block >= len(self._widgets)

    def scroll_end(self, **kwargs: Any) -> None:  # type: ignore[override]
        """The end of the document, not of the blocks mounted so far."""
        if self._unmounted(len(self._blocks) - 1):
            self._then_after_mount(len(self._blocks), partial(self.scroll_end, **kwargs))
            return
        super().scroll_end(**kwargs)

    @property
    def _widgets(self) -> list[Static]:
        """The block widgets, if they show the current blocks (not a previous set's)."""
        if self._mounted_generation != self._generation:
            return []
        return self._block_widgets

    def _release_gutter(self) -> None:
        self.styles.scrollbar_gutter = "auto"

    def _restore_scroll(self, y: float) -> None:
        if self.max_scroll_y < y and self._unmounted(len(self._blocks) - 1):
            end = len(self._widgets) + self._first_blocks()  # the guess was short
            self._then_after_mount(end, partial(self._restore_scroll, y))
            return
        self.scroll_to(y=y, animate=False, immediate=True)
        self._index_scroll_y = None  # derive the current question from the place

    @property
    def question_count(self) -> int:
        return len(self._question_first_block)

    # -- moving between questions ------------------------------------------

    @property
    def current_index(self) -> int:
        """The current question: the one last moved to, or – once the reader has scrolled
        by hand – the last one whose block starts at or above the top of the view."""
        if not self._question_first_block:
            return 0
        if not self._widgets:  # not laid out yet: nothing has been scrolled by hand
            return self._index
        if self._index_scroll_y is not None and abs(self.scroll_y - self._index_scroll_y) < 1:
            return self._index
        current = 0
        for i, b in enumerate(self._question_first_block):
            if b < len(self._widgets) and self._widgets[b].virtual_region.y <= self.scroll_y:
                current = i
        return current

    def go_to_question(self, index: int) -> int:
        """Scroll so question ``index`` starts at the top; returns the index kept."""
        if not self._question_first_block:
            return 0
        index = max(0, min(index, len(self._question_first_block) - 1))
        self._index = index
        block = self._question_first_block[index]
        if self._unmounted(block):
            self._then_after_mount(
                block + self._first_blocks(), partial(self.go_to_question, index)
            )
        elif block < len(self._widgets):
            y = self._widgets[block].virtual_region.y
            self.scroll_to(y=y, animate=False, immediate=True)
        self._index_scroll_y = self.scroll_y
        return index

    def next_question(self) -> int:
        return self.go_to_question(self.current_index + 1)

    def prev_question(self) -> int:
        return self.go_to_question(self.current_index - 1)

    def action_next_question(self) -> None:
        self.next_question()

    def action_prev_question(self) -> None:
        self.prev_question()

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
        old_blocks = {m.block for m in self._matches}
        self._matches = []
        if text:
            pattern = re.compile(re.escape(text), re.IGNORECASE)
            for i, b in enumerate(self._blocks):
                self._matches.extend(
                    _Match(i, m.start(), m.end()) for m in pattern.finditer(b.content.plain)
                )
        self._match_at = 0 if self._matches else -1
        self._restyle(old_blocks | {m.block for m in self._matches})
        if self._matches:
            self.call_after_refresh(self._scroll_to_match)
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
        before = self._matches[self._match_at].block
        self._match_at = (self._match_at + step) % len(self._matches)
        self._restyle({before, self._matches[self._match_at].block})
        self.call_after_refresh(self._scroll_to_match)
        return self._match_at

    def _restyle(self, blocks: set[int]) -> None:
        """Re-show the mounted ``blocks``; the others get their highlights when mounted."""
        for i in blocks:
            if i < len(self._widgets):
                self._widgets[i].update(self._visual_for(i))

    def _scroll_to_match(self) -> None:
        if not self._matches or self._match_at < 0:
            return
        m = self._matches[self._match_at]
        if self._unmounted(m.block):
            self._then_after_mount(m.block + self._first_blocks(), self._scroll_to_match)
            return
        if m.block >= len(self._widgets):
            return
        widget = self._widgets[m.block]
        line = _line_of_offset(self._blocks[m.block].content, m.start, widget.content_size.width)
        region = widget.virtual_region
        top = region.y + widget.styles.gutter.top + line
        if not (
            self.scroll_y + 1 <= top < self.scroll_y + self.scrollable_content_region.height - 1
        ):
            self.scroll_to(y=max(0, top - 2), animate=False, immediate=True)
        for i, b in enumerate(self._question_first_block):
            if b <= m.block:
                self._index = i
        self._index_scroll_y = self.scroll_y

    # -- text for copying ----------------------------------------------------

    def text_for(self, scope: Scope) -> str | None:
        """Plain text to copy: the current question, its answer, the whole set, or its URL."""
        kv = self.kv
        if kv is None:
            return None
        if scope == "url":
            return source_url(kv)
        if scope == "set":
            return _render_set(kv, self._blocks, self.today)
        if not kv.questions:
            return None
        index = min(self.current_index, len(kv.questions) - 1)
        if scope == "question":
            return kv.questions[index].text
        if scope == "answer":
            return answer_for(kv, index)
        raise ValueError(f"unknown scope {scope!r}")


def _render_set(kv: Kamervraag, blocks: list[Block], today: dt.date) -> str:
    """The whole set as plain text: what ``kvtui show`` prints, so a copy reads the same;
    the blocks' own text if the renderer ever fails on an odd set."""
    try:
        return plain_render.render_text(kv, today=today)
    except Exception:  # a renderer bug must not stop a copy; the blocks say the same
        return plain_text(blocks)


def _line_of_offset(content: Content, offset: int, width: int) -> int:
    """Which wrapped line (0-based) of ``content`` holds character ``offset``: the
    reader's own wrap (``doc_wrap``), so find scrolls to where a match really is."""
    return line_of_offset(content, offset, width)
