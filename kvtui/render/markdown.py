"""Markdown export: the same content as the text layout, with document text kept literal.

Document text may contain ``*``, ``[link](…)``, ``#`` at a line start, HTML tags and
the like; each is backslash-escaped (CommonMark allows that for any ASCII punctuation)
so a Markdown viewer shows the characters instead of formatting, linking or embedding.
Control characters are made visible with ``inert`` as everywhere else.
"""

from __future__ import annotations

import datetime as dt
import re

from kvtui.model import Kamervraag, Question, Status
from kvtui.render.text import dutch_date, person_label, squash, status_line, topic_label
from kvtui.textsafe import inert

# Inline specials anywhere, plus the characters that only matter at a line start.
_INLINE = re.compile(r"([\\`*_{}\[\]<>#|~!&$^])")
# Spaces within the line only: "\s*" also ran over newlines, so every line start of a
# long run of blank lines re-read the rest of it (quadratic). Same escapes as before.
_LINE_START = re.compile(r"^([^\S\n]*)([-+=:>]|\d+(?=[.)]))", re.M)


def _line_start(m: re.Match[str]) -> str:
    lead, mark = m[1], m[2]
    return lead + mark + "\\" if mark.isdigit() else lead + "\\" + mark


def escape(text: str | None) -> str:
    """Make ``text`` literal in Markdown (and inert for a terminal)."""
    if not text:
        return ""
    text = _INLINE.sub(r"\\\1", inert(text))
    return _LINE_START.sub(_line_start, text)


def _paragraphs(text: str | None) -> list[str]:
    if not text:
        return []
    out: list[str] = []
    for para in text.split("\n\n"):
        if squash(para):
            out += [escape(squash(para)), ""]
    return out


def _question(q: Question, status: Status, level: str = "##") -> list[str]:
    if q.text is None:
        title = q.label or (f"Antwoord {q.number}" if q.number is not None else "Antwoord")
        title += " (zonder bijbehorende vraag)" if not q.label else ""
    else:
        title = q.label or (f"Vraag {q.number}" if q.number is not None else "Vraag")
    lines = [f"{level} {escape(title)}", ""]
    lines += _paragraphs(q.text)
    if q.answer:
        lines += ["**Antwoord**", "", *_paragraphs(q.answer)]
    elif q.answer_ref is not None:
        lines += [f"*Zie antwoord op vraag {q.answer_ref}.*", ""]
    elif status is Status.ANSWERED:
        lines += ["*Geen antwoord op deze vraag gevonden in de bron.*", ""]
    for f in q.footnotes:
        mark = f"\\[{f.number}\\]" if f.number is not None else "\\[\\*\\]"
        text = escape(squash(f.text))
        if f.url and f.url not in f.text:
            text += f" <{escape(f.url)}>" if not _SAFE_URL.fullmatch(f.url) else f" <{f.url}>"
        lines.append(f"- {mark} {text}")
    if q.footnotes:
        lines.append("")
    return lines


_SAFE_URL = re.compile(r"https?://[^\s<>\x00-\x1f\x7f-\x9f]+")


def render_markdown(kv: Kamervraag, *, today: dt.date | None = None) -> str:
    """The whole Kamervraag as a Markdown document."""
    lines = [f"# Kamervraag {escape(kv.number)}", ""]
    if kv.title:
        lines += [f"**{escape(squash(kv.title))}**", ""]
    meta = [f"- **Ingediend:** {dutch_date(kv.submitted)}"]
    if kv.status is Status.ANSWERED:
        answered = f"- **Beantwoord:** {dutch_date(kv.answered)}"
        if kv.days_to_answer is not None:
            answered += f" (na {kv.days_to_answer} dagen)"
        meta.append(answered)
        if kv.text_pending:
            meta.append("- **Tekst van het antwoord:** nog niet gepubliceerd")
    else:
        meta.append(f"- **Status:** {escape(status_line(kv, today or dt.date.today()))}")
    if kv.submitters:
        meta.append("- **Indiener:** " + escape(", ".join(person_label(p) for p in kv.submitters)))
    if kv.answered_by:
        who = ", ".join(person_label(p, role=True) for p in kv.answered_by)
        meta.append(f"- **Beantwoord door:** {escape(who)}")
    if kv.topics:
        meta.append(f"- **Onderwerpen:** {escape(topic_label(kv.topics))}")
    for label, url in (
        ("Bron vraag", kv.sources.question_url),
        ("Bron antwoord", kv.sources.answer_url),
    ):
        if url:
            shown = f"<{url}>" if _SAFE_URL.fullmatch(url) else escape(url)
            meta.append(f"- **{label}:** {shown}")
    lines += [*meta, ""]
    for q in kv.questions:
        lines += _question(q, kv.status)
    for fa in kv.further_answers:
        head = "## Nader antwoord" + (f" - {dutch_date(fa.date)}" if fa.date else "")
        lines += [head, ""]
        for q in fa.questions:
            lines += _question(q, Status.ANSWERED, level="###")
    for n in kv.notices:
        lines += [f"## Mededeling - {dutch_date(n.date)}", "", *_paragraphs(n.text)]
    if kv.loose_text:
        lines += ["## Overige tekst uit de bron", ""]
        for para in kv.loose_text:
            lines += _paragraphs(para)
    tail = []
    if kv.sources.question_id:
        tail.append(f"- Kamervraag document nummer: {escape(kv.sources.question_id)}")
    if kv.sources.answer_id:
        tail.append(f"- Kamerantwoord document nummer: {escape(kv.sources.answer_id)}")
        if kv.answer_title:
            tail.append(f"- Volledige titel: {escape(squash(kv.answer_title))}")
    if tail:
        lines += ["---", "", *tail, ""]
    return "\n".join(lines).rstrip("\n") + "\n"
