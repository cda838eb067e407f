"""The detail pane: one Kamervraag laid out like the seed, one ``Static`` per block.

Why blocks of ``Static`` and not the ``Markdown`` widget: the source is plain text, and
Markdown mounts a widget per paragraph (seconds for a large set), while a handful of
``Static``s per question mount in milliseconds and can be re-styled one at a time when
find highlights a match.

Why ``Content`` built from plain strings: document text is hostile until proven
otherwise. Every string from a document passes through ``kvtui.textsafe.inert`` and is
placed into ``Content`` as *text*, never parsed as markup, so ``[bold]`` or
``[@click=app.quit]`` in a document is shown literally. The only links are the ones this
module adds from the model's URL fields, and only after ``safe_link`` accepted them.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal

from textual.await_complete import AwaitComplete
from textual.containers import VerticalScroll
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import Static

from kvtui.model import Footnote, FurtherAnswer, Kamervraag, Question, Status, koop_url
from kvtui.render import text as plain_render
from kvtui.textsafe import inert
from kvtui.ui.links import safe_link

Scope = Literal["question", "answer", "set", "url"]

LABEL_WIDTH = 16  # "Beantwoord door " – the header's key column, as in the seed
MATCH_STYLE = "reverse"
CURRENT_MATCH_STYLE = "reverse bold underline"
FIRST_BLOCKS = 30  # blocks mounted before the first paint (at least the screen's height)
BATCH_BLOCKS = 100  # blocks mounted per later batch: ~0.1 s each (each relays out all)
BATCH_DELAY = 0.02  # seconds between batches, so keys and paints come in between


def dutch_date(d: dt.date | None) -> str:
    """``25 juni 2020``: the seed's date form (the renderers' own), "onbekend" if unknown."""
    return plain_render.dutch_date(d) if d is not None else "onbekend"


def _text(s: str | None) -> str:
    return inert(s or "")


def _link(url: str) -> Content:
    """The URL as text that is also an OSC 8 hyperlink (when it is safe to be one)."""
    shown = _text(url)
    target = safe_link(url)
    return Content.styled(shown, Style(link=target)) if target else Content(shown)


def _field(label: str, value: Content | str) -> Content:
    return Content.assemble((label.ljust(LABEL_WIDTH), "bold"), value)


# ---------------------------------------------------------------------------
# Blocks: pure functions from the model to Content, testable without an app
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Block:
    """One piece of the document as it is mounted: its class, text and question."""

    kind: str  # header, question, answer, footnotes, notice, further, loose, ids, empty
    content: Content
    question: int | None = None  # index into Kamervraag.questions
    hanging: frozenset[int] = frozenset()  # lines shown with a hanging indent (header fields)

    def visual(self, content: Content | None = None) -> Content | HangingIndent:
        """What the block's ``Static`` shows: its content (perhaps re-styled by find)."""
        content = self.content if content is None else content
        return HangingIndent(content, LABEL_WIDTH, self.hanging) if self.hanging else content


class HangingIndent(Visual):
    """Header fields wrapped under their value, not under their label.

    ``Beantwoord door`` and the source URLs often run past 80 columns; wrapped by
    Content alone their second line would start under the label and the key column
    would be lost. This wraps each field's value to the width left after the label.
    """

    def __init__(self, content: Content, indent: int, lines: frozenset[int]) -> None:
        self.content = content
        self.indent = indent
        self.lines = lines
        self._cache: tuple[int, Content] | None = None

    @property
    def plain(self) -> str:
        return self.content.plain

    @property
    def spans(self) -> list:
        return list(self.content.spans)

    def __str__(self) -> str:
        return self.content.plain

    def wrapped(self, width: int) -> Content:
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        room = width - self.indent
        out: list[Content] = []
        for n, line in enumerate(self.content.split("\n", allow_blank=True)):
            if n not in self.lines or room < 12 or line.cell_length <= width:
                out.append(line)
                continue
            value = line[self.indent :]
            if " " not in value.plain.strip():
                # one long word (a URL): on a line of its own, whole if it fits there
                out.extend([line[: self.indent].rstrip(), value])
                continue
            pieces = value.wrap(room)
            out.append(line[: self.indent] + pieces[0])
            pad = Content(" " * self.indent)
            out.extend(pad + piece for piece in pieces[1:])
        result = Content("\n").join(out)
        self._cache = (width, result)
        return result

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.wrapped(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.wrapped(width).get_height(rules, width)


def status_line(kv: Kamervraag, today: dt.date) -> Content:
    """The header line that says where the set stands, in words (readable without colour).

    Answered sets get the seed's ``Beantwoord … (na N dagen)``; the others the same
    sentence ``kvtui show`` prints, so reader and command line agree.
    """
    if kv.status is Status.ANSWERED:
        value = dutch_date(kv.answered) if kv.answered else "datum onbekend"
        if kv.days_to_answer is not None:
            value += f" (na {kv.days_to_answer} dagen)"
        if kv.text_pending:
            value += " – tekst nog niet gepubliceerd"
        return _field("Beantwoord", value)
    return _field("Status", _text(plain_render.status_line(kv, today)))


def header_block(kv: Kamervraag, today: dt.date) -> Block:
    rows: list[Content] = [
        Content.styled(f"Kamervraag {_text(kv.number)}", "bold"),
        Content(""),
        Content.styled(_text(kv.title) or "(zonder titel)", "bold"),
        Content(""),
        _field("Ingediend", dutch_date(kv.submitted)),
        status_line(kv, today),
    ]
    if kv.submitters:
        names = ", ".join(plain_render.person_label(p) for p in kv.submitters)
        rows.append(_field("Indiener", _text(names)))
    if kv.answered_by:
        names = ", ".join(plain_render.person_label(p, role=True) for p in kv.answered_by)
        # until an answer exists these are the people the questions are addressed to
        label = "Beantwoord door" if kv.status is Status.ANSWERED else "Gericht aan"
        rows.append(_field(label, _text(names)))
    if kv.topics:
        rows.append(_field("Onderwerpen", _text(plain_render.topic_label(kv.topics))))
    question_url = kv.sources.question_url or koop_url(kv.sources.question_id)
    answer_url = kv.sources.answer_url or koop_url(kv.sources.answer_id)
    if question_url:
        rows.append(_field("Bron vraag", _link(question_url)))
    if answer_url:
        rows.append(_field("Bron antwoord", _link(answer_url)))
    fields = frozenset(range(4, len(rows)))  # the rows after number, title and blanks
    return Block("header", Content("\n").join(rows), hanging=fields)


def question_label(q: Question, position: int) -> str:
    if q.label:
        return _text(q.label)
    if q.number is not None:
        return f"Vraag {q.number}"
    return f"Vraag {position + 1}"


def footnote_line(f: Footnote) -> Content:
    """``[1] text`` with its URL linked: inside the text where it is printed, else after."""
    mark = f"[{f.number}] " if f.number is not None else "[*] "
    text = _text(f.text)
    target = safe_link(f.url)
    line = Content.assemble((mark, "bold"), text)
    if not target:
        return line
    shown = _text(f.url)
    at = text.find(shown)
    if at >= 0:
        start = len(mark) + at
        return line.stylize(Style(link=target), start, start + len(shown))
    return Content.assemble(line, " ", _link(target))


def _answer_owner(questions: list[Question], ref: int) -> Question | None:
    for q in questions:
        if q.answer is not None and (q.number == ref or ref in q.numbers):
            return q
    return None


def question_blocks(
    questions: list[Question], *, index_base: int | None = 0, pending: bool = False
) -> Iterator[Block]:
    """Each question, its answer under it, then its footnotes.

    ``index_base`` None marks blocks that are not navigable (a nader antwoord's copy).
    """
    for i, q in enumerate(questions):
        idx = None if index_base is None else index_base + i
        label = question_label(q, i)
        if q.text is not None:
            yield Block("question", Content.assemble((label, "bold"), "\n", _text(q.text)), idx)
        else:
            note = "Antwoord zonder bijbehorende vraag"
            yield Block("question", Content.assemble((label, "bold"), "\n", (note, "italic")), idx)
        if q.answer is not None:
            yield Block(
                "answer", Content.assemble(("Antwoord", "bold"), "\n", _text(q.answer)), idx
            )
        elif q.answer_ref is not None:
            yield Block(
                "answer", Content.styled(f"Zie antwoord op vraag {q.answer_ref}", "italic"), idx
            )
        else:
            missing = "Antwoord nog niet gepubliceerd" if pending else "Nog geen antwoord"
            yield Block("answer", Content.styled(missing, "italic"), idx)
        if q.footnotes:
            lines = [footnote_line(f) for f in q.footnotes]
            yield Block("footnotes", Content("\n").join(lines), idx)


def build_blocks(kv: Kamervraag | None, today: dt.date) -> list[Block]:
    """The whole document, top to bottom, in the seed's order."""
    if kv is None:
        hint = "Geen Kamervraag gekozen. Kies er een in de lijst, of haal er een op met f."
        return [Block("empty", Content(hint))]
    blocks = [header_block(kv, today)]
    blocks.extend(question_blocks(kv.questions, pending=kv.text_pending))
    for n in kv.notices:
        head = f"Mededeling – {dutch_date(n.date)}" if n.date else "Mededeling"
        blocks.append(Block("notice", Content.assemble((head, "bold"), "\n", _text(n.text))))
    for fa in kv.further_answers:
        blocks.extend(further_answer_blocks(fa))
    if kv.loose_text:
        body = "\n\n".join(_text(p) for p in kv.loose_text)
        blocks.append(Block("loose", Content.assemble(("Overige tekst", "bold"), "\n", body)))
    ids = id_lines(kv)
    if ids:
        blocks.append(Block("ids", Content("\n").join(ids)))
    return blocks


def further_answer_blocks(fa: FurtherAnswer) -> Iterable[Block]:
    head = "Nader antwoord"
    if fa.date:
        head += f" – {dutch_date(fa.date)}"
    if fa.id:
        head += f" ({_text(fa.id)})"
    yield Block("further", Content.styled(head, "bold"))
    yield from question_blocks(fa.questions, index_base=None)


def id_lines(kv: Kamervraag) -> list[Content]:
    """The seed's closing lines: document numbers and full titles."""
    lines: list[Content] = []
    if kv.sources.question_id:
        lines.append(Content(f"Kamervraag document nummer: {_text(kv.sources.question_id)}"))
        if kv.title:
            lines.append(Content(f"Volledige titel: {_text(kv.title)}"))
    if kv.sources.answer_id:
        lines.append(Content(f"Kamerantwoord document nummer: {_text(kv.sources.answer_id)}"))
        if kv.answer_title:
            lines.append(Content(f"Volledige titel: {_text(kv.answer_title)}"))
    return lines


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


def plain_text(blocks: list[Block]) -> str:
    return "\n\n".join(b.content.plain for b in blocks)


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

    def _visual_for(self, i: int) -> Content | HangingIndent:
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
    """Which wrapped line (0-based) of ``content`` holds character ``offset``.

    Wrapping drops the spaces at a break, so each wrapped line is found again in the
    source text from where the previous one ended.
    """
    if width <= 0:
        return 0
    text = content.plain
    cursor = 0
    found = 0
    for n, line in enumerate(content.without_spans.wrap(width)):
        piece = line.plain.strip()
        if not piece:
            continue
        at = text.find(piece, cursor)
        if at < 0 or at > offset:
            break
        found, cursor = n, at + len(piece)
    return found
