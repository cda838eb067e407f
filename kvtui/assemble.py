"""From the parsed sources of one set to the ``Kamervraag`` a reader shows.

Parsers read one file each and infer nothing across files; this module is the one
place where files meet: questions are matched to answers by the *sets* of numbers
their labels name, dates and people are taken from the best source that has them
(document text, then KOOP metadata, then TK open data), and the state of the set
(answered, postponed, withdrawn, open, overdue) is derived. It is a pure function of
its inputs and ``today``, so the index can be rebuilt from the cache at any time and
give the same result, and so every rule here can be tested without I/O.

The order of preference for each field is written at each field below, with the reason
a source is preferred; tests/test_assemble.py pins it.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import replace

from kvtui.model import (
    DocKind,
    Footnote,
    FurtherAnswer,
    Kamervraag,
    Notice,
    Person,
    Question,
    Sources,
    Status,
    koop_url,
)
from kvtui.numbers import is_safe_id
from kvtui.records import DocumentMetadata, Item, ParsedDocument, PersonRef, TkDocument, Zaak
from kvtui.term import is_overdue

ANSWER_KIND = "Antwoord schriftelijke vragen"
FURTHER_KIND = "Antwoord schriftelijke vragen (nader)"
DELAY_KIND = "Mededeling (uitstel antwoord)"
NOTICE_KIND = "Mededeling"
QUESTIONS_KIND = "Schriftelijke vragen"

# Each further answer repeats the set's questions (up to parse.labels.MAX_ITEMS): a
# few hundred tiny answer files would multiply a set a few hundredfold. No set has
# more than a handful; the rest are named in the set, not assembled.
MAX_FURTHER_ANSWERS = 10
# Entries (questions and unmatched answers) of a set with its further answers: twice
# what one document may hold (parse.labels.MAX_ITEMS), so that the reader lays out a
# bounded number of blocks (its "G" mounts them all).
MAX_SET_ENTRIES = 2000

_WITHDRAWN = re.compile(r"ingetrokken|intrekken|intrekking", re.I)
_ANSWER_KINDS = (DocKind.ANSWER, DocKind.FURTHER_ANSWER)


def assemble(
    docs: list[ParsedDocument],
    metadata: dict[str, DocumentMetadata],
    zaak: Zaak | None,
    *,
    today: dt.date,
) -> Kamervraag:
    """Combine every parsed source of one Kamervraag; raises ValueError on no input."""
    if not docs and not metadata and zaak is None:
        raise ValueError("nothing to assemble: no documents, metadata or zaak")
    tk_docs = list(zaak.documents) if zaak else []
    kinds = {id(d): _kind(d, metadata, tk_docs) for d in docs}

    question_doc = _pick_question_doc(docs, kinds)
    answer_docs = _answer_docs(docs, kinds, metadata, tk_docs)
    main_answer = answer_docs[0] if answer_docs else None
    notice_docs = [d for d in docs if kinds[id(d)] is DocKind.NOTICE]

    question_meta = _question_metadata(question_doc, metadata)
    answer_meta = metadata.get(main_answer.id) if main_answer and main_answer.id else None

    number = _number(docs, metadata, zaak, question_doc, main_answer)
    submitted = _submitted(question_doc, docs, question_meta, metadata, zaak)
    answered = _answered(main_answer, answer_meta, tk_docs)

    base_questions = _question_items(main_answer, question_doc, docs)
    questions = match_items(base_questions, main_answer.answers if main_answer else [])

    notices = _notices(notice_docs, metadata, tk_docs)
    withdrawn = any(_WITHDRAWN.search(n.text) for n in notices) or any(
        d.kind == NOTICE_KIND and _WITHDRAWN.search(f"{d.subject or ''} {d.title or ''}")
        for d in tk_docs
    )
    tk_answer = any(d.kind.startswith(ANSWER_KIND) for d in tk_docs)
    answer_text = main_answer is not None and bool(
        main_answer.answers or main_answer.loose_text or main_answer.answer_description
    )
    delay = any(d.kind == DELAY_KIND for d in tk_docs) or any(
        not _WITHDRAWN.search(n.text) for n in notices
    )

    if main_answer is not None or tk_answer:
        status = Status.ANSWERED
    elif withdrawn:
        status = Status.WITHDRAWN
    elif delay:
        status = Status.POSTPONED
    else:
        status = Status.OPEN
    overdue = status in (Status.OPEN, Status.POSTPONED) and is_overdue(submitted, delay, today)

    question_id = (question_doc.id if question_doc else None) or _tk_external(
        tk_docs, QUESTIONS_KIND
    )
    answer_id = (main_answer.id if main_answer else None) or _tk_external(tk_docs, ANSWER_KIND)

    further = _further_answers(answer_docs[1:], base_questions, len(questions), metadata, tk_docs)
    return Kamervraag(
        number=number,
        title=_title(question_meta, zaak, question_doc, docs, metadata),
        status=status,
        overdue=overdue,
        text_pending=tk_answer and not answer_text,
        submitted=submitted,
        answered=answered if status is Status.ANSWERED else None,
        days_to_answer=(
            (answered - submitted).days
            if status is Status.ANSWERED and answered and submitted
            else None
        ),
        submitters=_submitters(zaak, question_meta, metadata, question_doc, docs),
        answered_by=_answered_by(zaak, answer_meta, question_meta, main_answer, docs),
        topics=_topics(question_meta, metadata),
        sources=Sources(question_id, answer_id, koop_url(question_id), koop_url(answer_id)),
        questions=questions,
        notices=notices,
        further_answers=further,
        answer_title=answer_meta.title if answer_meta else None,
        ids=_ids(number, docs, metadata, zaak),
        loose_text=_loose_text(docs) + _over_cap(len(answer_docs) - 1, len(further)),
    )


def _further_answers(
    docs: list[ParsedDocument],
    base_questions: list[Item],
    shown: int,
    metadata: dict[str, DocumentMetadata],
    tk: list[TkDocument],
) -> list[FurtherAnswer]:
    """The further answers a set shows: at most ``MAX_FURTHER_ANSWERS``, and only while
    the set's entries (``shown`` so far) stay within ``MAX_SET_ENTRIES``."""
    out: list[FurtherAnswer] = []
    for doc in docs[:MAX_FURTHER_ANSWERS]:
        further = _further(doc, base_questions, metadata, tk)
        shown += len(further.questions)
        if shown > MAX_SET_ENTRIES:
            break
        out.append(further)
    return out


def _over_cap(further: int, shown: int) -> list[str]:
    """The line a set shows when it has more further answers than are assembled."""
    if further <= shown:
        return []
    return [
        f"kvtui: this set has {further:,} further answers (nader antwoorden); only the "
        f"first {shown:,} are shown (a set shows at most {MAX_FURTHER_ANSWERS} and "
        f"{MAX_SET_ENTRIES:,} entries)"
    ]


# ---------------------------------------------------------------------------
# Matching questions and answers
# ---------------------------------------------------------------------------


def match_items(questions: list[Item], answers: list[Item]) -> list[Question]:
    """Questions with their answers, matched by number sets (see ``Question``).

    A combined answer ("Antwoord 5, 6") stands in full under the first question it
    names; the others point to it with ``answer_ref``. An answer that fits no
    question is kept as an entry of its own, after the last question numbered
    below it. Unnumbered items pair by position when both lists are equally long.
    """
    out = [_question(q) for q in questions]
    # Questions by number, in order, so an answer finds its questions without a scan
    # of the whole set: with thousands of questions sharing one label, scanning made
    # matching quadratic (30 s for a hostile set).
    by_number: dict[int, list[Question]] = {}
    for q in out:
        for n in dict.fromkeys(q.numbers or _num(q)):
            by_number.setdefault(n, []).append(q)
    order = {id(q): i for i, q in enumerate(out)}
    settled: set[int] = set()  # numbers whose questions all have an answer or a ref
    by_position = len(questions) == len(answers)
    orphans: list[Question] = []
    for pos, answer in enumerate(answers):
        head: Question | None = None
        wanted = [n for n in dict.fromkeys(answer.numbers) if n in by_number]
        if wanted:
            head = min((by_number[n][0] for n in wanted), key=lambda q: order[id(q)])
        elif by_position and not answer.numbers:
            head = out[pos]
        if head is None or head.answer is not None or head.answer_ref is not None:
            orphans.append(_orphan(answer))
            continue
        head.answer = answer.text
        head.footnotes.extend(_in(answer.footnotes, "answer"))
        # Every other question that shares a number points to the head. A number done
        # once needs no second pass: all its questions then have an answer or a ref.
        for n in wanted:
            if n in settled:
                continue
            settled.add(n)
            for other in by_number[n]:
                if other.answer is None and other.answer_ref is None:
                    other.answer_ref = head.number
    return _with_orphans(out, orphans)


def _num(q: Question) -> tuple[int, ...]:
    return (q.number,) if q.number is not None else ()


def _question(item: Item) -> Question:
    number = item.numbers[0] if item.numbers else None
    return Question(
        number=number,
        text=item.text,
        footnotes=_in(item.footnotes, "question"),
        label=_label(item.label, number, "Vraag"),
        numbers=item.numbers,
    )


def _orphan(item: Item) -> Question:
    number = item.numbers[0] if item.numbers else None
    return Question(
        number=number,
        text=None,
        answer=item.text,
        footnotes=_in(item.footnotes, "answer"),
        label=item.label or None,
        numbers=item.numbers,
    )


def _in(notes: list[Footnote], part: str) -> list[Footnote]:
    """Copies of an item's notes that say which text of the question holds them; the
    parsed item is shared (a further answer matches the same questions again)."""
    return [replace(n, part=part) for n in notes]


def _label(label: str, number: int | None, word: str) -> str | None:
    """None when the printed label says no more than "Vraag {number}"."""
    if not label or (number is not None and label.strip() == f"{word} {number}"):
        return None
    return label


def _with_orphans(out: list[Question], orphans: list[Question]) -> list[Question]:
    """Each orphan after the last question numbered below it (or equal: a second answer
    to a question follows that question rather than preceding it); orphans that land
    in one place stand by number, in their own order when equal; unnumbered ones last.

    The same order as inserting them one by one after the last entry numbered at most
    theirs, built in one pass: the inserts made a set of many orphans quadratic.
    """
    if not orphans:
        return out
    ranked = sorted((q.number, i) for i, q in enumerate(out) if q.number is not None)
    numbers = [n for n, _ in ranked]
    last_at: list[int] = []  # last_at[k]: the last position among ranked[: k + 1]
    for _, i in ranked:
        last_at.append(max(i, last_at[-1]) if last_at else i)
    after: dict[int, list[Question]] = {}
    loose: list[Question] = []
    for orphan in orphans:
        if orphan.number is None:
            loose.append(orphan)
            continue
        k = bisect_right(numbers, orphan.number)
        after.setdefault(last_at[k - 1] if k else -1, []).append(orphan)

    def number(q: Question) -> int:
        return q.number if q.number is not None else 0

    placed = sorted(after.get(-1, ()), key=number)
    for i, q in enumerate(out):
        placed.append(q)
        placed.extend(sorted(after.get(i, ()), key=number))
    return placed + loose


# ---------------------------------------------------------------------------
# Which document is what
# ---------------------------------------------------------------------------


def _kind(
    doc: ParsedDocument, metadata: dict[str, DocumentMetadata], tk: list[TkDocument]
) -> DocKind:
    tk_doc = _tk_doc_for(doc.id, tk)
    if tk_doc is not None and tk_doc.kind == FURTHER_KIND and doc.kind in _ANSWER_KINDS:
        return DocKind.FURTHER_ANSWER
    meta = metadata.get(doc.id) if doc.id else None
    types = " ".join(meta.types).lower() if meta else ""
    # Only loose text made it an answer; its metadata may know it is a notice.
    answerless = doc.kind is DocKind.ANSWER and not (doc.answers or doc.answer_description)
    if answerless and "mededeling" in types:
        return DocKind.NOTICE
    if doc.kind is not DocKind.UNKNOWN:
        return doc.kind
    if "mededeling" in types or (tk_doc and tk_doc.kind.startswith(NOTICE_KIND)):
        return DocKind.NOTICE
    if "antwoord" in types or (tk_doc and tk_doc.kind.startswith(ANSWER_KIND)):
        return DocKind.ANSWER
    if meta and meta.publication_name == "Kamervragen zonder antwoord":
        return DocKind.QUESTIONS
    return DocKind.UNKNOWN


def _pick_question_doc(
    docs: list[ParsedDocument], kinds: dict[int, DocKind]
) -> ParsedDocument | None:
    candidates = [d for d in docs if kinds[id(d)] is DocKind.QUESTIONS]
    candidates.sort(key=lambda d: (not (d.id or "").startswith("kv-"), not d.questions))
    return candidates[0] if candidates else None


def _answer_docs(
    docs: list[ParsedDocument],
    kinds: dict[int, DocKind],
    metadata: dict[str, DocumentMetadata],
    tk: list[TkDocument],
) -> list[ParsedDocument]:
    """Answer documents, the first answer before any further (nader) one, each by date."""
    found = [d for d in docs if kinds[id(d)] in _ANSWER_KINDS]

    def key(d: ParsedDocument) -> tuple[bool, dt.date]:
        date = _doc_date(d, metadata, tk) or dt.date.max
        return (kinds[id(d)] is DocKind.FURTHER_ANSWER, date)

    return sorted(found, key=key)


def _question_metadata(
    question_doc: ParsedDocument | None, metadata: dict[str, DocumentMetadata]
) -> DocumentMetadata | None:
    if question_doc and question_doc.id and question_doc.id in metadata:
        return metadata[question_doc.id]
    for key, meta in metadata.items():
        if key.startswith("kv-") or meta.publication_name == "Kamervragen zonder antwoord":
            return meta
    return None


def _question_items(
    main_answer: ParsedDocument | None,
    question_doc: ParsedDocument | None,
    docs: list[ParsedDocument],
) -> list[Item]:
    """The answer document repeats the questions (and numbers their footnotes with its
    answers), so its copy is preferred; the question document is the fallback."""
    if main_answer and main_answer.questions:
        return main_answer.questions
    if question_doc and question_doc.questions:
        return question_doc.questions
    return next((d.questions for d in docs if d.questions), [])


# ---------------------------------------------------------------------------
# Fields
# ---------------------------------------------------------------------------


def _number(
    docs: list[ParsedDocument],
    metadata: dict[str, DocumentMetadata],
    zaak: Zaak | None,
    question_doc: ParsedDocument | None,
    main_answer: ParsedDocument | None,
) -> str:
    candidates: list[str | None] = [zaak.number if zaak else None]
    candidates += [d.zaak_number for d in docs]
    candidates += [m.zaak_number for m in metadata.values()]
    for d in docs:
        if d.id and (m := re.fullmatch(r"kv-tk-(\d{4}Z\d{5})", d.id, re.I)):
            candidates.append(f"{m[1][:4]}Z{m[1][5:]}")
    candidates += [question_doc.id if question_doc else None]
    candidates += [main_answer.id if main_answer else None]
    candidates += [d.id for d in docs] + list(metadata)
    for value in candidates:
        if value and is_safe_id(value):
            return value
    raise ValueError("no number or document id names this Kamervraag")


def _title(
    question_meta: DocumentMetadata | None,
    zaak: Zaak | None,
    question_doc: ParsedDocument | None,
    docs: list[ParsedDocument],
    metadata: dict[str, DocumentMetadata],
) -> str | None:
    if question_meta and question_meta.title:
        return question_meta.title
    if zaak and zaak.title:
        return zaak.title
    if question_doc and question_doc.title:
        return question_doc.title
    subject = next((d.subject for d in docs if d.subject), None)
    if subject:
        return subject
    # Last: the title of another of the set's documents ("Antwoord op vragen van het
    # lid … over …", "Uitstel beantwoording vragen van het lid …"), which names the
    # set better than nothing when only an answer or a notice is known.
    return next((m.title for m in metadata.values() if m.title), None)


def _first_known(*dates: dt.date | None) -> dt.date | None:
    """The first date known, the sources given from the most trusted down."""
    return next((d for d in dates if d), None)


def _submitted(
    question_doc: ParsedDocument | None,
    docs: list[ParsedDocument],
    question_meta: DocumentMetadata | None,
    metadata: dict[str, DocumentMetadata],
    zaak: Zaak | None,
) -> dt.date | None:
    return _first_known(
        question_doc.submitted if question_doc else None,
        next((d.submitted for d in docs if d.submitted), None),
        question_meta.submitted if question_meta else None,
        next((m.submitted for m in metadata.values() if m.submitted), None),
        zaak.started if zaak else None,
    )


def _answered(
    main_answer: ParsedDocument | None,
    answer_meta: DocumentMetadata | None,
    tk: list[TkDocument],
) -> dt.date | None:
    dates = [d.date for d in tk if d.kind == ANSWER_KIND and d.date]
    return _first_known(
        main_answer.received if main_answer else None,
        answer_meta.received if answer_meta else None,
        min(dates) if dates else None,
    )


def _doc_date(
    doc: ParsedDocument, metadata: dict[str, DocumentMetadata], tk: list[TkDocument]
) -> dt.date | None:
    """When a notice or answer arrived: its metadata, then TK, then its own text."""
    meta = metadata.get(doc.id) if doc.id else None
    if meta and meta.received:
        return meta.received
    tk_doc = _tk_doc_for(doc.id, tk)
    if tk_doc and tk_doc.date:
        return tk_doc.date
    return doc.received


def _tk_doc_for(doc_id: str | None, tk: list[TkDocument]) -> TkDocument | None:
    """The TK document a KOOP id stands for: by ExterneIdentifier, else by the
    aanhangsel number (``192003666`` ↔ ``ah-tk-20192020-3666``)."""
    if not doc_id:
        return None
    for d in tk:
        if d.external_id and d.external_id.lower() == doc_id.lower():
            return d
    m = re.fullmatch(r"ah-tk-(\d{4})(\d{4})-(\d+)(?:-.*)?", doc_id, re.I)
    if not m:
        return None
    for d in tk:
        nr = d.appendix_number or ""
        same_number = len(nr) > 4 and nr[4:].isdigit() and int(nr[4:]) == int(m[3])
        same_year = d.vergaderjaar in (None, f"{m[1]}-{m[2]}") and nr[:2] == m[1][2:]
        if same_number and same_year:
            return d
    return None


def _tk_external(tk: list[TkDocument], kind: str) -> str | None:
    for d in tk:
        if d.kind == kind and d.external_id and is_safe_id(d.external_id):
            return d.external_id
    return None


def _notices(
    notice_docs: list[ParsedDocument],
    metadata: dict[str, DocumentMetadata],
    tk: list[TkDocument],
) -> list[Notice]:
    """Notices from their documents, and from metadata alone.

    Recent delay notices are often published "onopgemaakt": a metadata.xml whose
    ``DC.type`` is Mededeling, with no XML or one without a body. Such a notice still
    postpones its set, dated by its metadata, with its title as the text.
    """
    notices = []
    seen: set[str] = set()
    by_id = {k: m for key, m in metadata.items() for k in _meta_keys(key, m)}
    for d in notice_docs:
        meta = by_id.get(d.id.lower()) if d.id else None
        seen.update(_meta_keys(d.id, meta))
        text = "\n\n".join(d.remarks) or (_notice_title(meta) if _is_notice(meta) else "")
        if text:
            notices.append(Notice(_doc_date(d, metadata, tk), text))
    for key, meta in metadata.items():
        keys = _meta_keys(key, meta)
        if keys & seen or not _is_notice(meta):
            continue
        seen |= keys
        notices.append(Notice(meta.received or meta.issued or meta.available, _notice_title(meta)))
    notices.sort(key=lambda n: n.date or dt.date.max)
    return notices


def _is_notice(meta: DocumentMetadata | None) -> bool:
    return meta is not None and any("mededeling" in t.lower() for t in meta.types)


def _notice_title(meta: DocumentMetadata | None) -> str:
    return (meta.title if meta else None) or "Mededeling"


def _meta_keys(key: str | None, meta: DocumentMetadata | None) -> set[str]:
    return {k.lower() for k in (key, meta.id if meta else None) if k}


def _further(
    doc: ParsedDocument,
    base_questions: list[Item],
    metadata: dict[str, DocumentMetadata],
    tk: list[TkDocument],
) -> FurtherAnswer:
    return FurtherAnswer(
        id=doc.id,
        date=_doc_date(doc, metadata, tk),
        questions=match_items(doc.questions or base_questions, doc.answers),
    )


def _submitters(
    zaak: Zaak | None,
    question_meta: DocumentMetadata | None,
    metadata: dict[str, DocumentMetadata],
    question_doc: ParsedDocument | None,
    docs: list[ParsedDocument],
) -> list[Person]:
    sources = [question_doc] if question_doc else []
    described = next((d.submitters for d in sources + docs if d.submitters), [])
    if zaak:
        people = [
            Person(a.name, a.party or _party_of(a.name, described))
            for relation in ("Indiener", "Medeindiener")
            for a in zaak.actors
            if a.relation == relation and a.name
        ]
        if people:
            return people
    metas = [question_meta] if question_meta else []
    metas += list(metadata.values())
    for meta in metas:
        if meta.submitters:
            return [Person(name, _party_of(name, described)) for name in meta.submitters]
    return [Person(p.name, p.party) for p in described]


def _party_of(name: str, described: list[PersonRef]) -> str | None:
    """The party the description prints after this asker ("Ten Hove-Bakker (CDA)"),
    matched on the surname's last word, since metadata writes "W.J. ten Hove-Bakker";
    the older documents give the party nowhere else."""
    key = _surname_key(name)
    for p in described:
        if p.party and key and _surname_key(p.name) == key:
            return p.party
    return None


def _surname_key(name: str) -> str:
    words = name.replace(".", " ").split()
    return words[-1].casefold() if words else ""


def _answered_by(
    zaak: Zaak | None,
    answer_meta: DocumentMetadata | None,
    question_meta: DocumentMetadata | None,
    main_answer: ParsedDocument | None,
    docs: list[ParsedDocument],
) -> list[Person]:
    if zaak:
        people = [
            Person(a.name, a.party, a.function)
            for a in zaak.actors
            if a.relation == "Gericht aan" and a.name
        ]
        if people:
            return people
    for meta in (answer_meta, question_meta):
        if meta and meta.recipients:
            return [Person(name) for name in meta.recipients]
    if main_answer and main_answer.answerers:
        return [Person(p.name, p.party, p.role) for p in main_answer.answerers]
    for d in docs:
        if d.addressees:
            return [Person(p.name or p.role or "", p.party, p.role) for p in d.addressees]
    return []


def _topics(
    question_meta: DocumentMetadata | None, metadata: dict[str, DocumentMetadata]
) -> list[str]:
    if question_meta and question_meta.categories:
        return list(question_meta.categories)
    return next((list(m.categories) for m in metadata.values() if m.categories), [])


def _ids(
    number: str,
    docs: list[ParsedDocument],
    metadata: dict[str, DocumentMetadata],
    zaak: Zaak | None,
) -> list[str]:
    values: list[str | None] = [number]
    for d in docs:
        values += [d.zaak_number, d.id, *d.related_ids]
    for key, meta in metadata.items():
        values += [key, meta.id, meta.zaak_number, *meta.appendices]
    if zaak:
        values.append(zaak.number)
        for t in zaak.documents:
            values += [t.number, t.external_id]
    return _unique(v for v in values if v and is_safe_id(v))


def _loose_text(docs: list[ParsedDocument]) -> list[str]:
    parts: list[str] = []
    for d in docs:
        parts += d.loose_text
        parts += [_footnote_line(f) for f in d.footnotes]
    return _unique(p for p in parts if p)


def _footnote_line(note: Footnote) -> str:
    """A footnote no question claims, kept readable in the loose text."""
    head = f"[{note.number}] " if note.number is not None else ""
    tail = f" ({note.url})" if note.url and note.url not in note.text else ""
    return f"{head}{note.text}{tail}"


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
