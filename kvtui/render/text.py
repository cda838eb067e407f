"""Plain text in the layout readers know from the web (design.md's seed).

Header lines, then every question with its answer under it, the delay notices, and the
document numbers at the end. Nothing in the model is left out: combined answers point
to the question that carries them, answers that match no question and text that
matches no structure get blocks of their own, and a set that is not answered says
where it stands instead of a "Beantwoord" line. Every string from a document passes
through ``inert`` so the terminal shows control sequences instead of obeying them.
"""

from __future__ import annotations

import datetime as dt
import re

from kvtui.model import FurtherAnswer, Kamervraag, Person, Question, Status
from kvtui.textsafe import inert

MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip

BULLET = " \u2022 "
INDENT = "  "

# ASCII whitespace only: str.split()/strip() would also eat NEL (U+0085), the
# separators U+001C-U+001F and U+2028/9 and no-break spaces, so a control that should be
# shown inert vanished, and a paragraph of nothing else was dropped whole.
_ASCII_SPACE = " \t\n\r\f\v"
_ASCII_RUN = re.compile(f"[{_ASCII_SPACE}]+")


def squash(text: str) -> str:
    """One line: runs of ASCII whitespace become one space, the ends are trimmed."""
    return _ASCII_RUN.sub(" ", text).strip(" ")


def dutch_date(d: dt.date | None) -> str:
    """'25 juni 2020'; '?' when unknown."""
    if d is None:
        return "?"
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def person_label(p: Person, *, role: bool = False) -> str:
    parts = [p.name]
    if role and p.role:
        parts.append(f"({p.role})")
    if p.party:
        parts.append(f"({p.party})")
    return " ".join(parts)


def topic_label(topics: list[str]) -> str:
    """The seed's display: the category terms, split on '|' and lower-cased."""
    terms = [t.strip() for topic in topics for t in topic.split("|") if t.strip()]
    return " ".join(t[:1].lower() + t[1:] for t in terms)


def _days(a: dt.date | None, b: dt.date | None) -> int | None:
    return (b - a).days if a and b else None


def status_line(kv: Kamervraag, today: dt.date) -> str:
    """What stands where 'Beantwoord …' would be when a set is not answered (yet)."""
    if kv.status is Status.WITHDRAWN:
        return "Ingetrokken"
    open_days = _days(kv.submitted, today)
    since = f"open sinds {open_days} dagen" if open_days is not None else "open"
    late = ", te laat" if kv.overdue else ""
    if kv.status is Status.POSTPONED:
        return f"Nog niet beantwoord (uitgesteld, {since}{late})"
    return f"Nog niet beantwoord ({since}{late})"


def _paragraphs(text: str | None) -> list[str]:
    """One output line per paragraph (and per line break inside one), indented."""
    if not text:
        return []
    out = []
    for para in text.split("\n\n"):
        for line in para.split("\n"):
            line = line.strip(_ASCII_SPACE)
            if line:
                out.append(INDENT + line)
    return out


def _question_block(q: Question, status: Status, *, bullet: str = BULLET) -> list[str]:
    label = q.label or (f"Vraag {q.number}" if q.number is not None else "Vraag")
    if q.text is None:  # an answer that matched no question: shown, not lost
        label = q.label or (
            f"Antwoord {q.number} (zonder bijbehorende vraag)"
            if q.number is not None
            else "Antwoord (zonder bijbehorende vraag)"
        )
    lines = [bullet + label]
    lines += _paragraphs(q.text)
    if q.text is not None:
        lines.append("")
    if q.answer:
        lines += _paragraphs(q.answer)
        lines.append("")
    elif q.answer_ref is not None:
        lines += [f"{INDENT}Zie antwoord op vraag {q.answer_ref}.", ""]
    elif status is Status.ANSWERED:
        lines += [f"{INDENT}(Geen antwoord op deze vraag gevonden in de bron.)", ""]
    for f in q.footnotes:
        mark = f"[{f.number}]" if f.number is not None else "[*]"
        text = squash(f.text)
        if f.url and f.url not in text:
            text = f"{text} ({f.url})" if text else f.url
        lines.append(f"{INDENT}{mark} {text}")
    if q.footnotes:
        lines.append("")
    return lines


def _further_block(fa: FurtherAnswer) -> list[str]:
    head = (
        f"{BULLET}Nader antwoord - {dutch_date(fa.date)}" if fa.date else f"{BULLET}Nader antwoord"
    )
    if fa.id:
        head += f" ({fa.id})"
    lines = [head, ""]
    for q in fa.questions:
        lines += _question_block(q, Status.ANSWERED, bullet="   ")
    return lines


def render_text(kv: Kamervraag, *, today: dt.date | None = None) -> str:
    """The whole Kamervraag as plain text, safe to print to a terminal."""
    today = today or dt.date.today()
    lines = [f"Kamervraag {kv.number}", ""]
    if kv.title:
        lines += [squash(kv.title), ""]
    lines.append(f"Ingediend {dutch_date(kv.submitted)}")
    if kv.status is Status.ANSWERED:
        answered = f"Beantwoord {dutch_date(kv.answered)}"
        days = kv.days_to_answer
        if days is None:
            days = _days(kv.submitted, kv.answered)
        if days is not None:
            answered += f" (na {days} dagen)"
        lines.append(answered)
        if kv.text_pending:
            lines.append("Tekst van het antwoord nog niet gepubliceerd")
    else:
        lines.append(status_line(kv, today))
    if kv.submitters:
        lines.append("Indiener " + ", ".join(person_label(p) for p in kv.submitters))
    if kv.answered_by:
        who = ", ".join(person_label(p, role=True) for p in kv.answered_by)
        label = "Beantwoord door" if kv.status is Status.ANSWERED else "Gericht aan"
        lines.append(f"{label} {who}")
    if kv.topics:
        lines.append("Onderwerpen " + topic_label(kv.topics))
    if kv.sources.question_url:
        lines.append(f"Bron vraag {kv.sources.question_url}")
    if kv.sources.answer_url:
        lines.append(f"Bron antwoord {kv.sources.answer_url}")
    for q in kv.questions:
        lines += _question_block(q, kv.status)
    for fa in kv.further_answers:
        lines += _further_block(fa)
    for n in kv.notices:
        lines += [f"{BULLET}Mededeling - {dutch_date(n.date)}", ""]
        lines += _paragraphs(n.text)
        lines.append("")
    if kv.loose_text:
        lines += [f"{BULLET}Overige tekst uit de bron", ""]
        for para in kv.loose_text:
            lines += _paragraphs(para)
        lines.append("")
    tail = []
    if kv.sources.question_id:
        tail.append(f"Kamervraag document nummer: {kv.sources.question_id}")
        if kv.title:
            tail.append(f"Volledige titel: {squash(kv.title)}")
    if kv.sources.answer_id:
        tail.append(f"Kamerantwoord document nummer: {kv.sources.answer_id}")
        if kv.answer_title:
            tail.append(f"Volledige titel: {squash(kv.answer_title)}")
    if tail:
        lines += ["", *tail]
    return inert("\n".join(lines).rstrip("\n") + "\n")
