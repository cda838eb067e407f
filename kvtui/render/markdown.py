"""Markdown export: a formatter of ``render.outline``, with document text kept literal.

Document text may contain ``*``, ``[link](…)``, ``#`` at a line start, HTML tags and
the like; each is backslash-escaped (CommonMark allows that for any ASCII punctuation)
so a Markdown viewer shows the characters instead of formatting, linking or embedding.
Control characters are made visible with ``inert`` as everywhere else.

Footnotes use the syntax of GitHub, pandoc and most renderers: ``[^1]`` where the
source has the marker, ``[^1]: text <url>`` under the part that holds it. A label is
unique in the document (a further answer numbers its notes from 1 again: its second
``1`` becomes ``1-2``). A note that has no place in the text (none is known) is listed
as ``\\[1\\] text``, since a definition nothing refers to is not shown at all.
"""

from __future__ import annotations

import datetime as dt
import re

from kvtui.model import Kamervraag
from kvtui.render import outline as layout
from kvtui.render.outline import outline, squash
from kvtui.textsafe import inert
from kvtui.whitespace import ASCII_RUN

# Inline specials anywhere, plus the characters that only matter at a line start.
_INLINE = re.compile(r"([\\`*_{}\[\]<>#|~!&$^])")
# Spaces within the line only: "\s*" also ran over newlines, so every line start of a
# long run of blank lines re-read the rest of it (quadratic). Same escapes as before.
_LINE_START = re.compile(r"^([^\S\n]*)([-+=:>]|\d+(?=[.)]))", re.M)
_SAFE_URL = re.compile(r"https?://[^\s<>\x00-\x1f\x7f-\x9f]+")
_LABEL = re.compile(r"[0-9]{1,9}")


def _line_start(m: re.Match[str]) -> str:
    lead, mark = m[1], m[2]
    return lead + mark + "\\" if mark.isdigit() else lead + "\\" + mark


def escape_inline(text: str | None) -> str:
    """Make ``text`` literal inside a line (and inert for a terminal)."""
    if not text:
        return ""
    return _INLINE.sub(r"\\\1", inert(text))


def escape(text: str | None) -> str:
    """Make ``text`` literal in Markdown, also at the start of a line."""
    if not text:
        return ""
    return _LINE_START.sub(_line_start, escape_inline(text))


def _url(url: str) -> str:
    return f"<{url}>" if _SAFE_URL.fullmatch(url) else escape(url)


class _Labels:
    """Footnote labels unique in one document; a definition finds its reference's."""

    def __init__(self) -> None:
        self.used: dict[str, int] = {}
        self.waiting: dict[str, list[str]] = {}

    def reference(self, label: str) -> str:
        base = label if _LABEL.fullmatch(label) else "noot"
        count = self.used.get(base, 0) + 1
        self.used[base] = count
        unique = base if count == 1 else f"{base}-{count}"
        self.waiting.setdefault(label, []).append(unique)
        return unique

    def definition(self, label: str) -> str | None:
        waiting = self.waiting.get(label)
        return waiting.pop(0) if waiting else None


def _paragraph(para: layout.Paragraph | str, labels: _Labels) -> str:
    if isinstance(para, str):
        return escape(squash(para))
    out: list[str] = []
    for n, piece in enumerate(para):
        if isinstance(piece, layout.Mark):
            out.append(f"[^{labels.reference(piece.label)}]")
        else:
            # One line, as ``squash`` would make it, but a space next to a marker stays.
            text = ASCII_RUN.sub(" ", piece)
            text = text.lstrip(" ") if n == 0 else text
            text = text.rstrip(" ") if n == len(para) - 1 else text
            out.append(escape(text) if n == 0 else escape_inline(text))
    return "".join(out)


def _paragraphs(
    paragraphs: tuple[layout.Paragraph, ...] | tuple[str, ...], labels: _Labels
) -> list[str]:
    out: list[str] = []
    for para in paragraphs:
        text = _paragraph(para, labels)
        if text.strip():
            out += [text, ""]
    return out


def _note(note: layout.Note, labels: _Labels) -> str:
    text = escape(note.text)
    if note.show_url and note.url:
        text = f"{text} {_url(note.url)}" if text else _url(note.url)
    unique = labels.definition(note.label)
    if unique is None:
        return f"\\[{escape_inline(note.label)}\\] {text}"
    return f"[^{unique}]: {text}"


def format_blocks(blocks: list[layout.Block]) -> list[str]:
    """The outline's blocks as Markdown lines."""
    lines: list[str] = []
    labels = _Labels()
    level = "##"
    for i, block in enumerate(blocks):
        following = blocks[i + 1] if i + 1 < len(blocks) else None
        match block:
            case layout.Heading():
                lines += [f"# Kamervraag {escape(block.number)}", ""]
                lines += [f"**{escape(block.title)}**", ""]
            case layout.Field():
                value = _url(block.url) if block.url else escape(block.value)
                lines.append(f"- **{escape_inline(block.label)}:** {value}")
                if not isinstance(following, layout.Field):
                    lines.append("")
            case layout.QuestionText():
                lines += [f"{level} {escape(block.label)}", ""]
                lines += _paragraphs(block.paragraphs, labels)
            case layout.Note():
                lines.append(_note(block, labels))
                if not isinstance(following, layout.Note) or following.part != block.part:
                    lines.append("")
            case layout.AnswerText():
                lines += ["**Antwoord**", ""]
                body = _paragraphs(block.paragraphs, labels)
                lines += body or [f"*{escape_inline(block.note)}*", ""]
            case layout.FurtherHeading():
                lines += [f"## {escape(block.heading)}", ""]
                level = "###"
            case layout.Section():
                lines += [f"## {escape(block.heading)}", "", *_paragraphs(block.paragraphs, labels)]
                level = "##"
            case layout.Ids():
                lines += ["---", "", *(f"- {escape_inline(line)}" for line in block.lines), ""]
    return lines


def render_markdown(kamervraag: Kamervraag, *, today: dt.date | None = None) -> str:
    """The whole Kamervraag as a Markdown document."""
    lines = format_blocks(outline(kamervraag, today or dt.date.today()))
    return "\n".join(lines).rstrip("\n") + "\n"
