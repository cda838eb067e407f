"""Wrapping the reader's text: no break at a no-break space, no URL cut in two.

Textual wraps at any whitespace (U+00A0 included, so "25 juni 2020" broke between
"25" and "juni") and folds a word that does not fit the rest of a line. KOOP puts
no-break spaces in dates on purpose, and a URL cut across two lines cannot be selected
and used. So the reader wraps its blocks here: breaks only at ASCII spaces (and tabs),
a word that does not fit goes whole to the next line, and only a word longer than the
whole width (a URL wider than the pane) is folded: on lines of its own, at the width,
as there is no other way to show it.

Why rows of offsets and not lines of text: the document view draws only the rows on
screen (a line-API widget). It needs each block's height at a width, for the scroll
extent, and for the rows on screen where each starts and ends in the block's text. A
row is ``(pad, start, end)``: ``pad`` blank cells, then the block's text from ``start``
to ``end``. The view, find and the scroll extent all use these rows, so find scrolls to
the row a match is really on.

Linear and cheap: a line of text in one-cell characters (nearly all text) is broken by
``str.rfind`` once per row, not by a Python step per character or word; other text
(wide characters) is measured word by word.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import cache

from rich.cells import get_character_cell_size
from textual._cells import cell_len

Row = tuple[int, int, int]  # (pad, start, end): blank cells, then text[start:end]

_SEPARATORS = " \t"
_SEPARATOR_RUN = re.compile(r"[ \t]*")
_WORD = re.compile(r"[^ \t]+")


@cache
def _one_cell_characters() -> frozenset[str]:
    """Characters that are surely one cell wide: Latin, Greek, Cyrillic, punctuation,
    the control pictures ``inert`` shows; checked one by one against the terminal's
    measure, so a character of another width is never counted as one. Made when first
    needed (~5 ms): the reader's first screen shows no document."""
    ranges = ((0x20, 0x7F), (0xA0, 0x0300), (0x0370, 0x0483), (0x0400, 0x0530))
    ranges += ((0x2010, 0x2028), (0x2030, 0x205F), (0x20A0, 0x20C0), (0x2100, 0x2190))
    ranges += ((0x2190, 0x2300), (0x2400, 0x2427), (0x2500, 0x25A0), (0xFFFD, 0xFFFE))
    return frozenset(
        ch
        for lo, hi in ranges
        for ch in map(chr, range(lo, hi))
        if get_character_cell_size(ch) == 1 and cell_len(ch) == 1
    )


def _one_cell(text: str) -> bool:
    """True when every character of ``text`` takes exactly one cell (or is a tab,
    which the wrap counts as one, like a space)."""
    return text.isascii() or _one_cell_characters().issuperset(text.replace("\t", " "))


def line_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Where one logical line (no ``\\n``) breaks: (start, end) of each wrapped line.

    Greedy: a line takes words (runs between ASCII spaces/tabs, so U+00A0 binds) while
    they fit; the spaces between words count as they are. Linear in the text.
    """
    if width <= 0 or (len(text) <= width and cell_len(text) <= width):
        return [(0, len(text))]
    if not _one_cell(text):
        return _spans_by_cells(text, width)
    spans: list[tuple[int, int]] = []
    end = len(text.rstrip(_SEPARATORS))
    pos = _SEPARATOR_RUN.match(text).end()  # type: ignore[union-attr]
    while pos < end:
        if end - pos <= width:
            spans.append((pos, end))
            break
        limit = pos + width + 1  # a separator at pos + width still ends a full line
        cut = max(text.rfind(" ", pos, limit), text.rfind("\t", pos, limit))
        if cut > pos:
            spans.append((pos, pos + len(text[pos:cut].rstrip(_SEPARATORS))))
            pos = _SEPARATOR_RUN.match(text, cut).end()  # type: ignore[union-attr]
            continue
        # A word wider than the whole line: folded at the width, on lines of its own.
        word_end = _WORD.match(text, pos).end()  # type: ignore[union-attr]
        spans.extend((k, min(k + width, word_end)) for k in range(pos, word_end, width))
        pos = _SEPARATOR_RUN.match(text, word_end).end()  # type: ignore[union-attr]
    return spans or [(0, 0)]


def _spans_by_cells(text: str, width: int) -> list[tuple[int, int]]:
    """``line_spans`` for text with characters of other widths: word by word."""
    spans: list[tuple[int, int]] = []
    start = end = -1  # the current line's first and last character (exclusive end)
    used = 0
    for m in _WORD.finditer(text):
        w_start, w_end = m.span()
        size = cell_len(m.group())
        if start >= 0 and used + (w_start - end) + size <= width:
            used += (w_start - end) + size
            end = w_end
            continue
        if start >= 0:
            spans.append((start, end))
            start = -1
        if size <= width:
            start, end, used = w_start, w_end, size
            continue
        # Wider than the whole line: fold at the width, on lines of its own.
        piece_start, piece_used = w_start, 0
        for i in range(w_start, w_end):
            cell = get_character_cell_size(text[i])
            if piece_used + cell > width and i > piece_start:
                spans.append((piece_start, i))
                piece_start, piece_used = i, 0
            piece_used += cell
        spans.append((piece_start, w_end))
    if start >= 0:
        spans.append((start, end))
    return spans or [(0, 0)]


def block_rows(
    text: str, width: int, hanging: frozenset[int] = frozenset(), indent: int = 0
) -> list[Row]:
    """Every row of a block's ``text`` at ``width``.

    The logical lines numbered in ``hanging`` (the header's fields) wrap under their
    value, not under their label: ``Beantwoord door`` and the source URLs often run past
    80 columns, and a second line under the label would lose the key column. The value
    gets the width left after the ``indent`` columns of label; a value that is one long
    word (a URL) goes whole to a line of its own under the label.
    """
    rows: list[Row] = []
    base = 0
    room = width - indent
    for n, line in enumerate(text.split("\n")):
        if n in hanging and room >= 12 and cell_len(line) > width:
            value = line[indent:]
            at = base + indent
            if " " not in value.strip(_SEPARATORS):
                rows.append((0, base, base + len(line[:indent].rstrip(_SEPARATORS))))
                rows.extend((0, at + a, at + b) for a, b in line_spans(value, width))
            else:
                pieces = line_spans(value, room)
                rows.append((0, base, at + pieces[0][1]))
                rows.extend((indent, at + a, at + b) for a, b in pieces[1:])
        else:
            rows.extend((0, base + a, base + b) for a, b in line_spans(line, width))
        base += len(line) + 1
    return rows


def row_of_offset(rows: list[Row], offset: int) -> int:
    """Which row (0-based) holds character ``offset``: the last that starts at or
    before it (a break's spaces belong to the row above)."""
    starts = [start for _pad, start, _end in rows]
    return max(0, bisect_right(starts, offset) - 1)
