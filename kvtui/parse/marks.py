"""Where footnote markers stand once a text is collapsed, joined and prefixed.

The parsers take a footnote out of the running text (texts are marker-free, so they
search and copy cleanly) but must say where its marker stood: ``at``, a character offset
into the text that is finally output. That text is built in steps (whitespace collapsed,
a list marker put in front, paragraphs joined with a blank line), and every step moves
the offsets. So the parsers put ``MARK`` where a note stood in the raw text, let
``collapse_marked`` take the marks out while collapsing, and keep per paragraph the
offsets that ``Body`` turns into offsets of the joined text. All of it is one pass over
the text (linear).

``MARK`` is NUL: XML 1.0 cannot carry it at all (not even as a character reference),
and the HTML parser strips it from the text before marking (``strip_marks``), so a
document can never forge a marker.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from kvtui.model import Footnote
from kvtui.parse.labels import parse_label
from kvtui.parse.text import collapse
from kvtui.records import Item
from kvtui.whitespace import ASCII_RUN

MARK = "\x00"


def strip_marks(text: str) -> str:
    """Text from a source with any NUL removed, so only the parser's marks remain."""
    return text.replace(MARK, "") if MARK in text else text


def collapse_marked(raw: str) -> tuple[str, list[int]]:
    """``collapse`` of ``raw`` without its marks, and the offset of each mark in it.

    A mark keeps to the word before it: in ``"word <noot/> next"`` the marker stands
    right after ``word`` (offset 4 of ``"word next"``), as a printed superscript would.
    """
    if MARK not in raw:
        return collapse(raw), []
    pieces: list[str] = []
    length = 0
    space = False
    offsets: list[int] = []
    for i, segment in enumerate(raw.split(MARK)):
        if i:
            offsets.append(length)
        for j, word in enumerate(ASCII_RUN.split(segment)):
            if j:
                space = True
            if word:
                if space and length:
                    pieces.append(" ")
                    length += 1
                space = False
                pieces.append(word)
                length += len(word)
    return "".join(pieces), offsets


@dataclass(slots=True)
class Body:
    """Paragraphs of one item (or notice) and where each of its footnotes stands.

    ``places`` runs parallel to ``notes``: (paragraph index, offset in it). A note whose
    paragraph has no text keeps to the end of the paragraph before (or the start).
    """

    paragraphs: list[str] = field(default_factory=list)
    notes: list[Footnote] = field(default_factory=list)
    places: list[tuple[int, int]] = field(default_factory=list)

    def add(self, raw: str, notes: list[Footnote]) -> None:
        """One paragraph from raw text holding one ``MARK`` per note, in order."""
        text, offsets = collapse_marked(raw)
        if text:
            self.paragraphs.append(text)
            where = len(self.paragraphs) - 1
            places = [(where, o) for o in offsets]
        else:
            places = [self._end()] * len(offsets)
        # A mark without its note (or a note without its mark) never shifts the others.
        for k, note in enumerate(notes):
            self.notes.append(note)
            self.places.append(places[k] if k < len(places) else self._end())

    def add_text(self, text: str, notes: list[Footnote], offsets: list[int]) -> None:
        """A paragraph already collapsed, with its notes' offsets in it."""
        if not text:
            self.add("", notes)
            return
        self.paragraphs.append(text)
        where = len(self.paragraphs) - 1
        for k, note in enumerate(notes):
            self.notes.append(note)
            self.places.append((where, min(offsets[k], len(text)) if k < len(offsets) else 0))

    def add_unplaced(self, notes: list[Footnote]) -> None:
        """Notes with no marker in the text: they stand at the end of what came before."""
        for note in notes:
            self.notes.append(note)
            self.places.append(self._end())

    def extend(self, other: Body, prefix: str = "") -> None:
        """Append another body's paragraphs, ``prefix`` in front of its first one."""
        base = len(self.paragraphs)
        end_before = self._end()
        paragraphs = list(other.paragraphs)
        if prefix and paragraphs:
            paragraphs[0] = f"{prefix} {paragraphs[0]}"
        elif prefix:
            paragraphs.append(prefix)
        shift = len(prefix) + 1 if prefix and other.paragraphs else 0
        for note, (where, offset) in zip(other.notes, other.places, strict=True):
            self.notes.append(note)
            if where < 0 and other.paragraphs:
                self.places.append((base, shift))
            elif where < 0 and prefix:
                self.places.append((base, len(prefix)))
            elif where < 0:
                self.places.append(end_before)
            else:
                self.places.append((base + where, offset + (shift if where == 0 else 0)))
        self.paragraphs.extend(paragraphs)

    def placed(self) -> list[Footnote]:
        """The notes with ``at`` set to their offset in ``"\\n\\n".join(paragraphs)``."""
        starts = []
        total = 0
        for p in self.paragraphs:
            starts.append(total)
            total += len(p) + 2
        out = []
        for note, (where, offset) in zip(self.notes, self.places, strict=True):
            at = starts[where] + offset if 0 <= where < len(starts) else 0
            out.append(replace(note, at=at))
        return out

    def item(self, label: str, index: int) -> Item:
        """The question or answer this body is, under ``label`` (whose numbers match
        answers to questions), the ``index``-th of its kind in the document."""
        return Item(
            label=label,
            numbers=parse_label(label),
            paragraphs=self.paragraphs,
            footnotes=self.placed(),
            index=index,
        )

    def _end(self) -> tuple[int, int]:
        if not self.paragraphs:
            return (-1, 0)
        return (len(self.paragraphs) - 1, len(self.paragraphs[-1]))
