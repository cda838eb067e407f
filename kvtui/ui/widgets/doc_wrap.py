"""Wrapping the reader's text: no break at a no-break space, no URL cut in two.

Textual wraps at any whitespace (U+00A0 included, so "25 juni 2020" broke between
"25" and "juni") and folds a word that does not fit the rest of a line. KOOP puts
no-break spaces in dates on purpose, and a URL cut across two lines cannot be selected
and used. So the reader wraps its blocks here: breaks only at ASCII spaces, a word that
does not fit goes whole to the next line, and only a word longer than the whole width
(a URL wider than the pane) is folded: on lines of its own, at the width, each piece
still carrying its link, as there is no other way to show it.

Both Visuals cache their wrap per width; ``line_of_offset`` uses the same wrap, so find
scrolls to the line a match is really on.
"""

from __future__ import annotations

import re

from rich.cells import get_character_cell_size
from textual._cells import cell_len
from textual.content import Content
from textual.css.styles import RulesMap
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual

_WORD = re.compile(r"[^ \t]+")


def line_spans(text: str, width: int) -> list[tuple[int, int]]:
    """Where one logical line (no ``\\n``) breaks: (start, end) of each wrapped line.

    Greedy, in one pass: words are runs between ASCII spaces/tabs, so U+00A0 binds.
    """
    if width <= 0 or cell_len(text) <= width:
        return [(0, len(text))]
    spans: list[tuple[int, int]] = []
    start = end = -1  # the current line's first and last character (exclusive end)
    used = 0
    for m in _WORD.finditer(text):
        w_start, w_end = m.span()
        size = cell_len(m.group())
        if start >= 0 and used + 1 + size <= width:
            end, used = w_end, used + 1 + size
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


def wrap_lines(content: Content, width: int) -> list[Content]:
    """``content`` as wrapped lines, styles (links, highlights) kept on every piece."""
    out: list[Content] = []
    for line in content.split("\n", allow_blank=True):
        if width <= 0 or line.cell_length <= width:
            out.append(line)
            continue
        out.extend(line[a:b] for a, b in line_spans(line.plain, width))
    return out


def line_of_offset(content: Content, offset: int, width: int) -> int:
    """Which wrapped line (0-based) of ``content`` holds character ``offset``."""
    row = 0
    base = 0
    for line in content.plain.split("\n"):
        spans = line_spans(line, width) if width > 0 else [(0, len(line))]
        if offset <= base + len(line):
            for n, (_a, b) in enumerate(spans):
                if offset - base < b or n == len(spans) - 1:
                    return row + n
        row += len(spans)
        base += len(line) + 1
    return max(0, row - 1)


class _WrappedVisual(Visual):
    """A Visual that shows ``wrapped(width)``: lines that each fit, so Textual keeps them."""

    content: Content

    def __init__(self, content: Content) -> None:
        self.content = content
        self._cache: tuple[int, list[Content], Content] | None = None

    @property
    def plain(self) -> str:
        return self.content.plain

    @property
    def spans(self) -> list:
        return list(self.content.spans)

    def __str__(self) -> str:
        return self.content.plain

    def lines(self, width: int) -> list[Content]:
        return wrap_lines(self.content, width)

    def _wrap(self, width: int) -> tuple[int, list[Content], Content]:
        if self._cache is None or self._cache[0] != width:
            lines = self.lines(width)
            self._cache = (width, lines, Content("\n").join(lines))
        return self._cache

    def wrapped(self, width: int) -> Content:
        return self._wrap(width)[2]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.wrapped(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self.content.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self._wrap(width)[1])


class Wrapped(_WrappedVisual):
    """Document text: wrapped at ASCII spaces only, URLs kept whole where they fit."""


class HangingIndent(_WrappedVisual):
    """Header fields wrapped under their value, not under their label.

    ``Beantwoord door`` and the source URLs often run past 80 columns; wrapped by
    Content alone their second line would start under the label and the key column
    would be lost. This wraps each field's value to the width left after the label.
    """

    def __init__(self, content: Content, indent: int, lines: frozenset[int]) -> None:
        super().__init__(content)
        self.indent = indent
        self.field_lines = lines

    def lines(self, width: int) -> list[Content]:
        room = width - self.indent
        out: list[Content] = []
        for n, line in enumerate(self.content.split("\n", allow_blank=True)):
            if n not in self.field_lines or room < 12 or line.cell_length <= width:
                out.extend(wrap_lines(line, width))
                continue
            value = line[self.indent :]
            if " " not in value.plain.strip():
                # one long word (a URL): on a line of its own, whole if it fits there
                out.append(line[: self.indent].rstrip())
                out.extend(wrap_lines(value, width))
                continue
            pieces = wrap_lines(value, room)
            out.append(line[: self.indent] + pieces[0])
            pad = Content(" " * self.indent)
            out.extend(pad + piece for piece in pieces[1:])
        return out
