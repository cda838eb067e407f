"""Plain text in the layout readers know from the Kamer's web page.

A formatter of ``render.outline``: the blocks and their words come from there; this
module only decides how they look on a terminal: header lines ``Label value``, each
question as `` • Vraag N`` with its paragraphs indented, a footnote's marker ``[1]`` in
the text where the source has it and the note itself (``[1] text (url)``) under the
part that holds it. Every string from a document passes through ``inert`` so the
terminal shows control sequences instead of obeying them.
"""

from __future__ import annotations

import datetime as dt

from kvtui.model import Kamervraag
from kvtui.render import outline as layout
from kvtui.render.outline import (
    dutch_date,
    outline,
    person_label,
    plain_paragraph,
    squash,
    status_line,
    topic_label,
)
from kvtui.textsafe import inert

__all__ = [
    "dutch_date",
    "note_line",
    "person_label",
    "render_text",
    "squash",
    "status_line",
    "topic_label",
]

BULLET = " \u2022 "
FURTHER_BULLET = "   "
INDENT = "  "
MARK = "[{}]"


def note_line(note: layout.Note) -> str:
    """``[1] text (url)``: the URL after the text when the text does not print it."""
    text = note.text
    if note.show_url and note.url:
        text = f"{text} ({note.url})" if text else note.url
    return f"[{note.label}] {text}"


def _lines(paragraphs: tuple[layout.Paragraph, ...] | tuple[str, ...]) -> list[str]:
    """One output line per paragraph (and per line break inside one), indented."""
    out = []
    for para in paragraphs:
        text = para if isinstance(para, str) else plain_paragraph(para, MARK)
        for line in text.split("\n"):
            line = line.strip(" \t\r\f\v")
            if line:
                out.append(INDENT + line)
    return out


def format_blocks(blocks: list[layout.Block]) -> list[str]:
    """The outline's blocks as lines of text (not yet made inert)."""
    lines: list[str] = []
    bullet = BULLET
    for i, block in enumerate(blocks):
        match block:
            case layout.Heading():
                lines += [f"Kamervraag {block.number}", "", block.title, ""]
            case layout.Field():
                lines.append(f"{block.label} {block.value}")
            case layout.QuestionText():
                lines.append(bullet + block.label)
                if block.paragraphs:
                    lines += [*_lines(block.paragraphs), ""]
            case layout.Note():
                lines.append(INDENT + note_line(block))
                following = blocks[i + 1] if i + 1 < len(blocks) else None
                if not isinstance(following, layout.Note) or following.part != block.part:
                    lines.append("")
            case layout.AnswerText():
                body = _lines(block.paragraphs) or [INDENT + (block.note or "")]
                lines += [*body, ""]
            case layout.FurtherHeading():
                lines += [BULLET + block.heading, ""]
                bullet = FURTHER_BULLET
            case layout.Section():
                lines += [BULLET + block.heading, "", *_lines(block.paragraphs), ""]
                bullet = BULLET
            case layout.Ids():
                lines += ["", *block.lines]
    return lines


def render_text(kamervraag: Kamervraag, *, today: dt.date | None = None) -> str:
    """The whole Kamervraag as plain text, safe to print to a terminal."""
    lines = format_blocks(outline(kamervraag, today or dt.date.today()))
    return inert("\n".join(lines).rstrip("\n") + "\n")
