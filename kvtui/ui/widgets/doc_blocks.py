"""The reader's formatter of ``render.outline``: blocks of ``Content`` to show.

Order and wording come from the outline (the same as ``kvtui show`` and the Markdown
export); this module decides only how the reader shows them: the header as one block
with a key column, the question and the answer each a block (the view styles them),
footnotes as a block under the part that holds their marker, and the marker itself a
bold ``[1]`` in the text where the source has it.

Why ``Content`` built from plain strings: document text is hostile until proven
otherwise. Every string from a document passes through ``kvtui.textsafe.inert`` and is
placed into ``Content`` as *text*, never parsed as markup, so ``[bold]`` or
``[@click=app.quit]`` in a document is shown literally. The only links are the ones this
module adds from the model's URL fields, and only after ``safe_link`` accepted them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from textual.content import Content
from textual.style import Style

from kvtui.model import Kamervraag
from kvtui.render import outline as layout
from kvtui.textsafe import inert
from kvtui.ui.links import safe_link

LABEL_WIDTH = 16  # "Beantwoord door " – the header's key column, as in the seed
MARK_STYLE = "bold"
EMPTY_HINT = "Geen Kamervraag gekozen. Kies er een in de lijst, of haal er een op met f."


def _text(s: str | None) -> str:
    return inert(s or "")


def _assemble(*parts: Content | tuple[str, str] | str) -> Content:
    """``Content.assemble`` of text made inert: Textual would strip BEL, BS, VT, FF and
    CR again, which ``inert`` has already replaced, at the cost of another pass over
    the text at every level of assembly (a third of opening the largest set)."""
    return Content.assemble(*parts, strip_control_codes=False)


def _styled(text: str, style: str | Style) -> Content:
    return Content.styled(text, style, strip_control_codes=False)


def _link(url: str) -> Content:
    """The URL as text that is also an OSC 8 hyperlink (when it is safe to be one)."""
    shown = _text(url)
    target = safe_link(url)
    return _styled(shown, Style(link=target)) if target else _styled(shown, "")


def _field(label: str, value: Content | str) -> Content:
    return _assemble((label.ljust(LABEL_WIDTH), "bold"), value)


@dataclass(slots=True)
class Block:
    """One piece of the document as it is shown: its kind, text and question."""

    kind: str  # header, question, answer, footnotes, notice, further, loose, ids, empty
    content: Content
    question: int | None = None  # index into Kamervraag.questions
    hanging: frozenset[int] = frozenset()  # lines shown with a hanging indent (header fields)


def paragraphs(paras: tuple[layout.Paragraph, ...] | tuple[str, ...]) -> Content:
    """Paragraphs separated by a blank line, each marker a bold ``[n]`` in place."""
    parts: list[Content | tuple[str, str] | str] = []
    for n, para in enumerate(paras):
        if n:
            parts.append("\n\n")
        if isinstance(para, str):
            parts.append(_text(para))
            continue
        for piece in para:
            if isinstance(piece, layout.Mark):
                parts.append((f"[{piece.label}]", MARK_STYLE))
            else:
                parts.append(_text(piece))
    return _assemble(*parts)


def footnote_line(note: layout.Note) -> Content:
    """``[1] text (url)`` with its URL linked: inside the text where it is printed."""
    mark = f"[{note.label}] "
    text = _text(note.text)
    line = _assemble((mark, "bold"), text)
    if not note.url:
        return line
    if note.show_url:
        return _assemble(line, " (" if text else "", _link(note.url), ")" if text else "")
    target = safe_link(note.url)
    at = text.find(_text(note.url))
    if target and at >= 0:
        start = len(mark) + at
        return line.stylize(Style(link=target), start, start + len(_text(note.url)))
    return line


def _header(heading: layout.Heading, fields: list[layout.Field]) -> Block:
    rows: list[Content] = [
        _styled(f"Kamervraag {_text(heading.number)}", "bold"),
        Content(""),
        _styled(_text(heading.title), "bold"),
        Content(""),
    ]
    for f in fields:
        rows.append(_field(f.label, _link(f.url) if f.url else _text(f.value)))
    return Block("header", Content("\n").join(rows), hanging=frozenset(range(4, len(rows))))


def build_blocks(kamervraag: Kamervraag | None, today: dt.date) -> list[Block]:
    """The whole document, top to bottom, in the outline's order."""
    if kamervraag is None:
        return [Block("empty", Content(EMPTY_HINT))]
    return format_blocks(layout.outline(kamervraag, today))


def format_blocks(items: list[layout.Block]) -> list[Block]:
    blocks: list[Block] = []
    heading: layout.Heading | None = None
    fields: list[layout.Field] = []
    notes: list[layout.Note] = []

    def flush() -> None:
        nonlocal heading
        if heading is not None:
            blocks.append(_header(heading, fields))
            heading = None
            fields.clear()
        if notes:
            lines = Content("\n").join(footnote_line(n) for n in notes)
            blocks.append(Block("footnotes", lines, notes[0].question))
            notes.clear()

    for item in items:
        if isinstance(item, layout.Heading):
            flush()
            heading = item
            continue
        if isinstance(item, layout.Field):
            fields.append(item)
            continue
        if isinstance(item, layout.Note):
            if notes and (notes[-1].part != item.part or notes[-1].question != item.question):
                flush()
            notes.append(item)
            continue
        flush()
        match item:
            case layout.QuestionText():
                head = _styled(_text(item.label), "bold")
                body = [head, "\n", paragraphs(item.paragraphs)] if item.paragraphs else [head]
                blocks.append(Block("question", _assemble(*body), item.question))
            case layout.AnswerText():
                if item.paragraphs:
                    content = _assemble(
                        (layout.ANSWER_HEADING, "bold"), "\n", paragraphs(item.paragraphs)
                    )
                else:
                    content = _styled(_text(item.note), "italic")
                blocks.append(Block("answer", content, item.question))
            case layout.FurtherHeading():
                blocks.append(Block("further", _styled(_text(item.heading), "bold")))
            case layout.NoticeText() | layout.LooseText():
                kind = "notice" if isinstance(item, layout.NoticeText) else "loose"
                content = _assemble(
                    (_text(item.heading), "bold"), "\n", paragraphs(item.paragraphs)
                )
                blocks.append(Block(kind, content))
            case layout.Ids():
                blocks.append(Block("ids", Content("\n").join(_text(x) for x in item.lines)))
    flush()
    return blocks


def plain_text(blocks: list[Block]) -> str:
    return "\n\n".join(b.content.plain for b in blocks)
