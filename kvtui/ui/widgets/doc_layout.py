"""Where each block of the reader's document sits: rows, at one width.

The document view draws only the rows on screen; this is what tells it which rows
those are. One pass over the blocks (``doc_wrap.block_rows``, linear in the text)
gives each block's height and first row, so the scroll extent is exact and ``G``, a
question's place and a saved position are a look-up (``bisect``), whatever the size of
the set. The rows themselves are kept only for the blocks last drawn.

How a block is framed (the space above it, the bar on its left) is the reader's look,
kept here in one table (``FRAMES``) for the drawing and the row count alike: the
answer under a thick accent bar, the footnotes under a thin one, a notice under a
warning bar, a blank row between blocks (margins that meet count once, as in CSS).
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections import OrderedDict
from dataclasses import dataclass

from textual.content import Content, Span

from kvtui.ui.widgets.doc_blocks import LABEL_WIDTH, Block
from kvtui.ui.widgets.doc_wrap import Row, block_rows

THICK_BAR = "█"
THIN_BAR = "▏"
KEPT_BLOCKS = 64  # blocks whose rows (and span index) are kept: a few screens' worth


@dataclass(frozen=True, slots=True)
class Frame:
    """How one kind of block is framed.

    ``top``/``bottom``: blank rows around it (where two meet, the larger counts);
    ``pad_bottom``: blank rows inside it, under its text; ``left``: blank columns before
    its bar; ``bar``: the bar's character ("" for none; one blank column follows it);
    ``style``: the component class of the bar (or of the whole text, with no bar).
    """

    top: int = 0
    bottom: int = 0
    pad_bottom: int = 0
    left: int = 0
    bar: str = ""
    style: str = ""

    @property
    def indent(self) -> int:
        """Columns before the text."""
        return self.left + (2 if self.bar else 0)


FRAMES: dict[str, Frame] = {
    "header": Frame(pad_bottom=1),
    "question": Frame(top=1),
    "answer": Frame(top=1, left=2, bar=THICK_BAR, style="doc-view--answer"),
    "footnotes": Frame(top=1, left=2, bar=THIN_BAR, style="doc-view--footnotes"),
    "notice": Frame(top=1, bar=THICK_BAR, style="doc-view--notice"),
    "further": Frame(top=1),
    "loose": Frame(top=1),
    "ids": Frame(top=1, bottom=1, style="doc-view--ids"),
    "empty": Frame(),
}


def frame_of(block: Block) -> Frame:
    return FRAMES.get(block.kind, FRAMES["empty"])


class _Spans:
    """A block's styled spans, sorted, to find those over a row by bisection (a set's
    footnote list can hold thousands, and a row needs the few that touch it)."""

    __slots__ = ("longest", "spans", "starts")

    def __init__(self, content: Content) -> None:
        ordered = sorted(enumerate(content.spans), key=lambda item: item[1].start)
        self.spans = ordered
        self.starts = [span.start for _n, span in ordered]
        self.longest = max((span.end - span.start for _n, span in ordered), default=0)

    def over(self, start: int, end: int) -> list[Span]:
        """The spans over ``[start, end)``, cut to it and shifted to start at 0, in
        their original order (a later span wins where two overlap)."""
        lo = bisect_right(self.starts, start - self.longest - 1)
        hi = bisect_right(self.starts, end - 1)
        found = [(n, s) for n, s in self.spans[lo:hi] if s.end > start and s.start < end]
        found.sort(key=lambda item: item[0])
        return [
            Span(max(s.start, start) - start, min(s.end, end) - start, s.style) for _n, s in found
        ]


class Layout:
    """The rows of every block of a document at one text width."""

    def __init__(self, blocks: list[Block], width: int) -> None:
        self.blocks = blocks
        self.width = width
        self.tops = array("q")  # each block's first row
        self.heights = array("q")  # each block's rows of text
        self._kept: OrderedDict[int, tuple[list[Row], _Spans]] = OrderedDict()
        y = 0
        below = 0  # the margin under the block before
        for n, block in enumerate(blocks):
            frame = frame_of(block)
            y += max(below, frame.top) if n else frame.top
            rows = len(self._wrap(block, frame))
            self.tops.append(y)
            self.heights.append(rows)
            y += rows + frame.pad_bottom
            below = frame.bottom
        self.height = y + below

    def _wrap(self, block: Block, frame: Frame) -> list[Row]:
        width = max(1, self.width - frame.indent)
        return block_rows(block.content.plain, width, block.hanging, LABEL_WIDTH)

    def _entry(self, block: int) -> tuple[list[Row], _Spans]:
        kept = self._kept.get(block)
        if kept is None:
            b = self.blocks[block]
            kept = self._kept[block] = (self._wrap(b, frame_of(b)), _Spans(b.content))
            while len(self._kept) > KEPT_BLOCKS:
                self._kept.popitem(last=False)
        else:
            self._kept.move_to_end(block)
        return kept

    def rows(self, block: int) -> list[Row]:
        """The rows of ``block`` (computed again if not among the last drawn)."""
        return self._entry(block)[0]

    def spans(self, block: int, start: int, end: int) -> list[Span]:
        """The styled spans of ``block`` over its text ``[start, end)``, from 0."""
        return self._entry(block)[1].over(start, end)

    def locate(self, y: int) -> tuple[int, int | None]:
        """The block at row ``y`` and its row of text there (None: a blank row of its
        frame or the space under it); (-1, None) above the first or past the end."""
        n = bisect_right(self.tops, y) - 1
        if n < 0 or y >= self.height:
            return -1, None
        row = y - self.tops[n]
        return n, (row if row < self.heights[n] else None)
