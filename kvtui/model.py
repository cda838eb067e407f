"""Plain data shared by every layer: the assembled ``Kamervraag`` and its parts.

The ``Kamervraag`` is what a reader shows: the sources of one set combined,
questions matched to answers, states and day counts derived. It is the only thing the
store keeps in its index, the renderers print and the UI shows, so its JSON form
(``to_json``/``from_json``) is the contract of ``kvtui show --format json``
(tests/test_seed_check.py and the snapshot tests hold it to its shape). What the
parsers read from one source file each lives in ``kvtui.records``.

No imports beyond the standard library: the CLI must be able to load this module
without paying for lxml, httpx or Textual.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from kvtui.dates import iso_date as _date

# Not typing.TYPE_CHECKING: ``kvtui show`` loads this module, and typing costs its start-up.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

KOOP_BASE_URL = "https://zoek.officielebekendmakingen.nl"


class Status(StrEnum):
    """Where a Kamervraag stands; the values are the JSON contract."""

    ANSWERED = "answered"
    POSTPONED = "postponed"
    OPEN = "open"
    WITHDRAWN = "withdrawn"


class DocKind(StrEnum):
    """What one KOOP document is, as far as its own text or metadata tells."""

    QUESTIONS = "questions"  # kv-tk / kv-…: the questions as submitted
    ANSWER = "answer"  # ah-tk: answer (repeats the questions)
    FURTHER_ANSWER = "further_answer"  # ah-tk: nader antwoord
    NOTICE = "notice"  # ah-tk: mededeling (uitstel), or a withdrawal
    UNKNOWN = "unknown"


# ---------------------------------------------------------------------------
# Parsed records: one per source file
# ---------------------------------------------------------------------------


@dataclass(slots=True)
class Footnote:
    """A footnote and where its marker stands.

    ``part`` is ``"question"`` or ``"answer"``: which text of its ``Question`` holds the
    marker (JSON ``"in"``); ``at`` is the character offset in that marker-free text (a
    marker at the very end has ``at`` = its length). Parsers set ``at`` relative to the
    item's text; the assembler sets ``part``. Both ``None`` where unknown (a note of a
    notice, or one no marker points to).
    """

    number: int | None
    text: str
    url: str | None = None
    part: str | None = None
    at: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text,
            "url": self.url,
            "in": self.part,
            "at": self.at,
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Footnote:
        part = d.get("in")
        at = d.get("at")
        return cls(
            d.get("number"),
            d.get("text") or "",
            d.get("url"),
            part if part in ("question", "answer") else None,
            at if isinstance(at, int) and not isinstance(at, bool) and at >= 0 else None,
        )


@dataclass(slots=True)
class Person:
    name: str
    party: str | None = None
    role: str | None = None


@dataclass(slots=True)
class Question:
    """A question with its answer under it.

    A combined answer stands in full under the first question it names; the others
    carry ``answer=None`` and ``answer_ref`` = that first number. An answer that
    matches no question becomes an entry of its own with ``text=None``, so it is
    shown rather than lost.
    """

    number: int | None
    text: str | None
    answer: str | None = None
    answer_ref: int | None = None
    footnotes: list[Footnote] = field(default_factory=list)
    label: str | None = None  # as printed, e.g. "Vraag 5, 6"; None when "Vraag {number}"
    numbers: tuple[int, ...] = ()  # every number of a combined question

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "number": self.number,
            "text": self.text,
            "answer": self.answer,
            "answer_ref": self.answer_ref,
            "footnotes": [f.to_json() for f in self.footnotes],
        }
        if self.label is not None:
            out["label"] = self.label
        if len(self.numbers) > 1:
            out["numbers"] = list(self.numbers)
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Question:
        return cls(
            number=d.get("number"),
            text=d.get("text"),
            answer=d.get("answer"),
            answer_ref=d.get("answer_ref"),
            footnotes=[Footnote.from_json(f) for f in d.get("footnotes") or []],
            label=d.get("label"),
            numbers=tuple(d.get("numbers") or ()),
        )


@dataclass(slots=True)
class Notice:
    date: dt.date | None
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"date": _iso(self.date), "text": self.text}


@dataclass(slots=True)
class FurtherAnswer:
    """A nader antwoord: a second answer document, kept whole beside the first."""

    id: str | None
    date: dt.date | None
    questions: list[Question] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "date": _iso(self.date),
            "questions": [q.to_json() for q in self.questions],
        }


@dataclass(slots=True)
class Sources:
    question_id: str | None = None
    answer_id: str | None = None
    question_url: str | None = None
    answer_url: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "answer_id": self.answer_id,
            "question_url": self.question_url,
            "answer_url": self.answer_url,
        }


@dataclass(slots=True)
class Kamervraag:
    number: str  # zaak number; for old sets without one, the question document's id
    title: str | None
    status: Status
    overdue: bool = False
    text_pending: bool = False
    submitted: dt.date | None = None
    answered: dt.date | None = None
    days_to_answer: int | None = None
    submitters: list[Person] = field(default_factory=list)
    answered_by: list[Person] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    sources: Sources = field(default_factory=Sources)
    questions: list[Question] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    further_answers: list[FurtherAnswer] = field(default_factory=list)
    answer_title: str | None = None  # "Volledige titel" of the answer document
    ids: list[str] = field(default_factory=list)  # every id it can be looked up by
    loose_text: list[str] = field(default_factory=list)  # unstructured text, never dropped

    def to_json(self) -> dict[str, Any]:
        """The ``show --format json`` shape: fields keep their meaning, new ones are added."""
        out: dict[str, Any] = {
            "number": self.number,
            "title": self.title,
            "status": self.status.value,
            "overdue": self.overdue,
            "text_pending": self.text_pending,
            "submitted": _iso(self.submitted),
            "answered": _iso(self.answered),
            "days_to_answer": self.days_to_answer,
            "submitters": [{"name": p.name, "party": p.party} for p in self.submitters],
            "answered_by": [
                {"name": p.name, "role": p.role, "party": p.party} for p in self.answered_by
            ],
            "topics": list(self.topics),
            "sources": self.sources.to_json(),
            "questions": [q.to_json() for q in self.questions],
            "notices": [n.to_json() for n in self.notices],
        }
        if self.further_answers:
            out["further_answers"] = [f.to_json() for f in self.further_answers]
        if self.loose_text:
            out["loose_text"] = list(self.loose_text)
        return out

    def to_store_json(self) -> dict[str, Any]:
        """What the index keeps: the public JSON plus fields only the reader needs."""
        out = self.to_json()
        out["ids"] = list(self.ids)
        if self.answer_title is not None:
            out["answer_title"] = self.answer_title
        return out

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Kamervraag:
        src = d.get("sources") or {}
        return cls(
            number=d["number"],
            title=d.get("title"),
            status=Status(d.get("status") or "open"),
            overdue=bool(d.get("overdue")),
            text_pending=bool(d.get("text_pending")),
            submitted=_date(d.get("submitted")),
            answered=_date(d.get("answered")),
            days_to_answer=d.get("days_to_answer"),
            submitters=[Person(p["name"], p.get("party")) for p in d.get("submitters") or []],
            answered_by=[
                Person(p["name"], p.get("party"), p.get("role")) for p in d.get("answered_by") or []
            ],
            topics=list(d.get("topics") or []),
            sources=Sources(
                src.get("question_id"),
                src.get("answer_id"),
                src.get("question_url"),
                src.get("answer_url"),
            ),
            questions=[Question.from_json(q) for q in d.get("questions") or []],
            notices=[
                Notice(_date(n.get("date")), n.get("text") or "") for n in d.get("notices") or []
            ],
            further_answers=[
                FurtherAnswer(
                    f.get("id"),
                    _date(f.get("date")),
                    [Question.from_json(q) for q in f.get("questions") or []],
                )
                for f in d.get("further_answers") or []
            ],
            answer_title=d.get("answer_title"),
            ids=list(d.get("ids") or []),
            loose_text=list(d.get("loose_text") or []),
        )


def koop_url(doc_id: str | None, ext: str = "html") -> str | None:
    """The public zoek.officielebekendmakingen.nl address of a KOOP document."""
    return f"{KOOP_BASE_URL}/{doc_id}.{ext}" if doc_id else None


def _iso(d: dt.date | None) -> str | None:
    return d.isoformat() if d else None
