"""One layout of a Kamervraag for every output: a sequence of typed blocks.

Plain text (``kvtui show``), Markdown (``--format markdown`` and the reader's export)
and the reader's document view once each laid a Kamervraag out on their own, and they
drifted apart: an open set "Beantwoord door" in one and "Gericht aan" in another,
notices before further answers here and after them there, an unknown date "?" or
"onbekend". Every decision of order and wording is now made here, once; a formatter
only decides how a block looks (indent, escaping, styles), so a new output format is
one small file. The layout follows the Kamer's own web page: the header fields, every
question with its answer under it, further answers, the notices, loose text, and the
document numbers at the end.

Footnote markers stand where the source has them: a question's or an answer's text
comes as paragraphs of pieces, plain strings and ``Mark``s, built from the footnotes'
``in``/``at`` (as in the JSON form, ``kvtui.model``), and each footnote is listed under the part
that holds its marker. Strings here are the document's own, not yet made inert or
escaped: that is each formatter's job, for its medium.

Pure: no Textual, no I/O; ``today`` is passed in (it dates "open sinds N dagen").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from kvtui.dates import dutch_date
from kvtui.i18n import N_, _, ngettext, number
from kvtui.model import Footnote, FurtherAnswer, Kamervraag, Person, Question, Status, koop_url
from kvtui.whitespace import ASCII_SPACE
from kvtui.whitespace import fold_ascii as squash

# Interface words among the document's own Dutch layout: a missing title and where a
# set stands are said in the reader's language, in the same words as the list, the
# reader and ``kvtui list``. Every other label of the layout (Ingediend, Vraag 1,
# Antwoord, Mededeling, Bron vraag, …) is the seed's and stays Dutch.
NO_TITLE = N_("(no title)")
STATUS_WORDS: dict[Status, str] = {
    Status.ANSWERED: N_("answered"),
    Status.POSTPONED: N_("postponed"),
    Status.OPEN: N_("open"),
    Status.WITHDRAWN: N_("withdrawn"),
}
OVERDUE_WORD = N_("overdue")
LOOSE_HEADING = "Overige tekst uit de bron"
ANSWER_HEADING = "Antwoord"

# Words are squashed and paragraphs trimmed by ASCII whitespace only (see
# kvtui.whitespace): str.split()/strip() would also eat NEL (U+0085), the separators
# U+001C-U+001F, U+2028/9 and no-break spaces, so a control that should be shown inert
# vanished, and a paragraph of nothing else was dropped whole.


# ---------------------------------------------------------------------------
# Blocks
# ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Mark:
    """A footnote marker inside a paragraph; ``label`` is its number ("*" if none)."""

    label: str


Piece = str | Mark
Paragraph = tuple[Piece, ...]


@dataclass(frozen=True, slots=True)
class Heading:
    """``Kamervraag {number}`` and the title under it."""

    number: str
    title: str


@dataclass(frozen=True, slots=True)
class Field:
    """One header line: ``label`` and ``value``; ``url`` when the value is a link."""

    label: str
    value: str
    url: str | None = None


@dataclass(frozen=True, slots=True)
class QuestionText:
    """A question: its label and paragraphs (none for an answer that fits no question).

    ``question`` is the index into ``Kamervraag.questions`` (moving between questions);
    None inside a further answer.
    """

    label: str
    paragraphs: tuple[Paragraph, ...]
    question: int | None


@dataclass(frozen=True, slots=True)
class AnswerText:
    """The answer under a question, or ``note``: where it is (a combined answer) or why
    there is none."""

    paragraphs: tuple[Paragraph, ...]
    note: str | None
    question: int | None


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote, listed under the part (``"question"`` or ``"answer"``) that holds its
    marker. ``url`` is its link; ``show_url`` says the text does not print it already."""

    label: str
    text: str
    url: str | None
    show_url: bool
    part: str
    question: int | None


@dataclass(frozen=True, slots=True)
class Section:
    """A heading over paragraphs of plain text that belong to no question. Every output
    lays its two kinds out alike; the reader styles them apart."""

    heading: str
    paragraphs: tuple[str, ...]


class NoticeText(Section):
    """A notice: "Mededeling - date" and its text."""

    __slots__ = ()


class LooseText(Section):
    """Answer text that no question claims, shown rather than lost."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class FurtherHeading:
    heading: str


@dataclass(frozen=True, slots=True)
class Ids:
    """The seed's closing lines: document numbers and full titles."""

    lines: tuple[str, ...]


Block = (
    Heading
    | Field
    | QuestionText
    | AnswerText
    | Note
    | NoticeText
    | FurtherHeading
    | LooseText
    | Ids
)


# ---------------------------------------------------------------------------
# Words shared by every format
# ---------------------------------------------------------------------------


def dated(head: str, d: dt.date | None) -> str:
    """'Mededeling - 17 juli 2020' (the seed's form); the bare head when undated."""
    return f"{head} - {dutch_date(d)}" if d is not None else head


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


def no_title() -> str:
    return _(NO_TITLE)


def status_word(status: Status, overdue: bool = False) -> str:
    """One word per state, the same everywhere it is shown. "overdue" wins for open *and*
    postponed sets past their term: that is what a reader scanning a list needs."""
    if overdue and status in (Status.OPEN, Status.POSTPONED):
        return _(OVERDUE_WORD)
    return _(STATUS_WORDS.get(status, str(status)))


WATCH_CHANGES = ("answered", "postponed", "withdrawn", "new")  # what a watch rule reports


def change_word(change: str) -> str:
    """A watch rule's change (``answered``, ``postponed``, ``withdrawn``, ``new``) in the
    words of the list: the watch list and ``kvtui new`` say it as statuses are said."""
    if change == "new":
        return _("new")
    try:
        return status_word(Status(change))
    except ValueError:
        return change


def status_line(kamervraag: Kamervraag, today: dt.date) -> str:
    """What stands where 'Beantwoord …' would be when a set is not answered (yet), in the
    status words of the list: "Not answered yet (postponed, open for 30 days, overdue)"."""
    if kamervraag.status is Status.WITHDRAWN:
        word = status_word(Status.WITHDRAWN)
        return word[:1].upper() + word[1:]
    open_days = (today - kamervraag.submitted).days if kamervraag.submitted else None
    parts = [status_word(Status.POSTPONED)] if kamervraag.status is Status.POSTPONED else []
    if open_days is None:
        parts.append(status_word(Status.OPEN))
    else:
        days = ngettext("open for {n} day", "open for {n} days", open_days)
        parts.append(days.format(n=number(open_days)))
    if kamervraag.overdue:
        parts.append(_(OVERDUE_WORD))
    return f"{_('Not answered yet')} ({', '.join(parts)})"


def note_label(note: Footnote) -> str:
    return str(note.number) if note.number is not None else "*"


def plain_paragraph(paragraph: Paragraph, mark: str = "[{}]") -> str:
    """A paragraph as plain text, each marker written as ``mark`` formatted with its label."""
    return "".join(p if isinstance(p, str) else mark.format(p.label) for p in paragraph)


# ---------------------------------------------------------------------------
# The layout
# ---------------------------------------------------------------------------


def outline(kamervraag: Kamervraag, today: dt.date) -> list[Block]:
    """Every block of ``kamervraag``, top to bottom."""
    blocks: list[Block] = [Heading(kamervraag.number, squash(kamervraag.title or "") or no_title())]
    blocks += header_fields(kamervraag, today)
    for i, q in enumerate(kamervraag.questions):
        blocks += question_blocks(q, i, kamervraag.status, kamervraag.text_pending)
    for fa in kamervraag.further_answers:
        blocks += further_blocks(fa)
    for n in kamervraag.notices:
        blocks.append(NoticeText(dated("Mededeling", n.date), tuple(paragraphs_of(n.text))))
    if kamervraag.loose_text:
        loose = tuple(p for text in kamervraag.loose_text for p in paragraphs_of(text))
        if loose:
            blocks.append(LooseText(LOOSE_HEADING, loose))
    lines = id_lines(kamervraag)
    if lines:
        blocks.append(Ids(tuple(lines)))
    return blocks


def header_fields(kamervraag: Kamervraag, today: dt.date) -> list[Field]:
    fields = [Field("Ingediend", dutch_date(kamervraag.submitted))]
    if kamervraag.status is Status.ANSWERED:
        value = dutch_date(kamervraag.answered)
        days = kamervraag.days_to_answer
        if days is None and kamervraag.submitted and kamervraag.answered:
            days = (kamervraag.answered - kamervraag.submitted).days
        if days is not None:
            value += f" (na {days} dagen)"
        fields.append(Field("Beantwoord", value))
        if kamervraag.text_pending:
            fields.append(Field("Antwoordtekst", "nog niet gepubliceerd"))
    else:
        fields.append(Field("Status", status_line(kamervraag, today)))
    if kamervraag.submitters:
        fields.append(Field("Indiener", ", ".join(person_label(p) for p in kamervraag.submitters)))
    if kamervraag.answered_by:
        who = ", ".join(person_label(p, role=True) for p in kamervraag.answered_by)
        # Until an answer exists these are the people the questions are addressed to.
        label = "Beantwoord door" if kamervraag.status is Status.ANSWERED else "Gericht aan"
        fields.append(Field(label, who))
    if kamervraag.topics:
        fields.append(Field("Onderwerpen", topic_label(kamervraag.topics)))
    for label, url, doc_id in (
        ("Bron vraag", kamervraag.sources.question_url, kamervraag.sources.question_id),
        ("Bron antwoord", kamervraag.sources.answer_url, kamervraag.sources.answer_id),
    ):
        url = url or koop_url(doc_id)
        if url:
            fields.append(Field(label, url, url))
    return fields


def question_label(q: Question) -> str:
    """ "Vraag 5" (or the source's own label, "Vraag 5, 6"); an answer that fits no
    question says so in its label."""
    if q.text is None:
        if q.label:
            return q.label
        head = f"Antwoord {q.number}" if q.number is not None else "Antwoord"
        return f"{head} (zonder bijbehorende vraag)"
    if q.label:
        return q.label
    return f"Vraag {q.number}" if q.number is not None else "Vraag"


def missing_answer(status: Status, pending: bool) -> str:
    """Why a question of a set in this state has no answer under it."""
    if status is Status.ANSWERED:
        if pending:
            return "Antwoord nog niet gepubliceerd."
        return "Geen antwoord op deze vraag gevonden in de bron."
    if status is Status.WITHDRAWN:
        return "Niet beantwoord: de vragen zijn ingetrokken."
    return "Nog geen antwoord."


def question_blocks(
    q: Question, index: int | None, status: Status, pending: bool = False
) -> Iterator[Block]:
    """The question, its notes, the answer (or where it is, or why it is missing), and
    the answer's notes."""
    question_notes, answer_notes = _split_notes(q)
    yield QuestionText(question_label(q), tuple(marked(q.text, question_notes)), index)
    yield from _notes(question_notes, "question", index)
    answer = tuple(marked(q.answer, answer_notes))
    if answer:
        yield AnswerText(answer, None, index)
    elif q.answer_ref is not None:
        yield AnswerText((), f"Zie antwoord op vraag {q.answer_ref}.", index)
    else:
        yield AnswerText((), missing_answer(status, pending), index)
    yield from _notes(answer_notes, "answer", index)


def further_blocks(fa: FurtherAnswer) -> Iterator[Block]:
    """A nader antwoord: its heading, then the questions it answers (again). A question
    it only repeats without answering is left out: it stands above already."""
    head = dated("Nader antwoord", fa.date)
    if fa.id:
        head += f" ({fa.id})"
    yield FurtherHeading(head)
    for q in fa.questions:
        if q.answer is None and q.answer_ref is None and q.text is not None:
            continue
        yield from question_blocks(q, None, Status.ANSWERED)


def id_lines(kamervraag: Kamervraag) -> list[str]:
    lines: list[str] = []
    if kamervraag.sources.question_id:
        lines.append(f"Kamervraag document nummer: {kamervraag.sources.question_id}")
        if kamervraag.title:
            lines.append(f"Volledige titel: {squash(kamervraag.title)}")
    if kamervraag.sources.answer_id:
        lines.append(f"Kamerantwoord document nummer: {kamervraag.sources.answer_id}")
        if kamervraag.answer_title:
            lines.append(f"Volledige titel: {squash(kamervraag.answer_title)}")
    return lines


def _split_notes(q: Question) -> tuple[list[Footnote], list[Footnote]]:
    """A note goes under the part that holds its marker; one that does not say, under
    the answer when there is one (the source listed it after the answer)."""
    question: list[Footnote] = []
    answer: list[Footnote] = []
    for note in q.footnotes:
        part = note.part or ("answer" if q.answer is not None or q.text is None else "question")
        (question if part == "question" and q.text is not None else answer).append(note)
    return question, answer


def _notes(notes: list[Footnote], part: str, index: int | None) -> Iterator[Note]:
    for note in notes:
        text = squash(note.text)
        url = note.url.strip() if note.url else None
        yield Note(note_label(note), text, url, bool(url) and url not in text, part, index)


# ---------------------------------------------------------------------------
# Paragraphs with their markers
# ---------------------------------------------------------------------------


def paragraphs_of(text: str | None) -> list[str]:
    """The non-empty paragraphs of a text (split at blank lines, ASCII-trimmed)."""
    if not text:
        return []
    return [p for p in (part.strip(ASCII_SPACE) for part in text.split("\n\n")) if p]


def marked(text: str | None, notes: list[Footnote]) -> list[Paragraph]:
    """``text`` as paragraphs, each footnote's marker at its offset ``at``.

    A marker keeps to the paragraph it ends (``at`` at a paragraph's end is that
    paragraph's, not the next one's); one whose paragraph is blank goes to the end of
    the paragraph before. Notes without a place get no marker (they are still listed).
    One pass over the text and the sorted notes.
    """
    if not text:
        return []
    placed = sorted(
        (min(max(n.at, 0), len(text)), k, n) for k, n in enumerate(notes) if n.at is not None
    )
    out: list[Paragraph] = []
    start = 0
    cursor = 0
    for part in text.split("\n\n"):
        end = start + len(part)
        here: list[tuple[int, Footnote]] = []
        while cursor < len(placed) and placed[cursor][0] <= end + 1:
            here.append((placed[cursor][0] - start, placed[cursor][2]))
            cursor += 1
        body = part.strip(ASCII_SPACE)
        lead = len(part) - len(part.lstrip(ASCII_SPACE))
        if not body:
            if here and out:
                out[-1] = out[-1] + tuple(Mark(note_label(n)) for _at, n in here)
            elif here:
                # Nothing before: they open the next paragraph.
                placed[cursor:cursor] = [(end + 2, -1, n) for _at, n in here]
            start = end + 2
            continue
        pieces: list[Piece] = []
        last = 0
        for at, note in here:
            at = min(max(at - lead, 0), len(body))
            if at > last:
                pieces.append(body[last:at])
                last = at
            pieces.append(Mark(note_label(note)))
        if last < len(body):
            pieces.append(body[last:])
        out.append(tuple(pieces))
        start = end + 2
    return out
