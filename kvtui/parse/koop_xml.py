"""KOOP XML of Kamervragen (``kv-…``) and their answers and notices (``ah-tk-…``).

Two generations are read by one walker. The current form (``officiele-publicatie/
kamervragen`` with ``vraag``/``antwoord``/``nr``/``al``/``noot``) and the older one
(``vraagdoc`` or ``body/vragen/vraag`` and ``body/reactie/antwoord`` with ``nummer``,
``omschr``, ``toelicht``) differ mostly in names, so items are found wherever they
sit, under any root, and their contents are turned into paragraphs by one set of
rules. That tolerance is deliberate: KOOP documents no schema for these files and old
ones vary, and a reader that drops a document because of one unexpected
element loses exactly the text its user came for. What cannot be placed goes to
``loose_text`` and ``warnings`` instead of being dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from lxml import etree

from kvtui.dates import iso_date, parse_dutch_date
from kvtui.model import DocKind, Footnote
from kvtui.numbers import NumberKind, is_safe_id, parse_number_or_none
from kvtui.parse.errors import BadDocument
from kvtui.parse.labels import MAX_ITEMS, over_cap_notice
from kvtui.parse.marks import MARK, Body, collapse_marked, strip_marks
from kvtui.parse.phrases import addressee, trailing_title
from kvtui.parse.text import (
    children,
    collapse,
    descendants,
    first,
    first_descendant,
    paragraph,
    raw_text,
    skip_tags,
    vergaderjaar,
)
from kvtui.parse.xmlsafe import local, parse_xml
from kvtui.records import ParsedDocument, PersonRef

# Roots that are some other document, fetched or imported by mistake.
_NOT_KOOP = {
    "html": "an HTML page (error page?), not KOOP XML",
    "metadata_gegevens": "a metadata.xml file, not the document",
    "owms-metadata": "an OWMS metadata file, not the document",
    "searchretrieveresponse": "an SRU response, not the document",
    "diagnostics": "an SRU diagnostic, not the document",
}

_ITEM_TAGS = ("vraag", "antwoord")
_ITEM_LABELS = ("nr", "nummer")
_LABEL_TAGS = frozenset({*_ITEM_LABELS, "li.nr"})
_PARA_TAGS = frozenset({"al", "p", "tussenkop", "alinea", "kop", "titel", "intitule"})
_TABLE_TAGS = frozenset({"tabel", "table"})
_ROW_TAGS = ("row", "tr")
_CELL_TAGS = ("entry", "td", "th")
_NOTE = "noot"
# lxml tag filters ({*}: any namespace or none), so the tree walks run in C.
_ITEM_FILTER = tuple(f"{{*}}{t}" for t in _ITEM_TAGS)
_NOTE_FILTER = f"{{*}}{_NOTE}"
_BLOCK_FILTER = tuple(f"{{*}}{t}" for t in (*sorted(_PARA_TAGS), "lijst"))
# Not question or answer text: header, metadata and the parts read into fields.
_HEADER_TAGS = frozenset(
    {
        "metadata",
        "meta",
        "kamervraagkop",
        "kamervraagnummer",
        "vraagnummer",
        "kamervraagomschrijving",
        "omschr",
        "kamervraagopmerking",
        "toelicht",
        _NOTE,
    }
)

_skip_notes = skip_tags(_NOTE)
_skip_note_nr = skip_tags("noot.nr")
_PARTY_AFTER = re.compile(r"^\s*\(([^()]{1,60})\)")
# The asker part starts and ends on a non-space, so no run of spaces is re-read from
# each of its positions (a description of tabs made the old form quadratic).
_ASKERS = re.compile(
    r"Vragen van (?:het lid|de leden)\s+(\S.{0,599}?)(?<!\s)\s+aan\s+(?:de|het)\s", re.S
)
_PARTY = re.compile(r"\(([^()]{1,60})\)")
# Leading spaces are taken only where a run of spaces starts, never inside one (each
# start inside a long run re-read the rest of it: quadratic). Same splits as before.
_ADDRESSEE_SPLIT = re.compile(r"(?:(?<!\s)\s*)?(?:,|\sen)\s+(?:de|het)\s+")
_METADATA_RECORD = re.compile(r"/([A-Za-z0-9][A-Za-z0-9-]{0,99})/metadata\.xml\b")


def parse_koop_xml(data: bytes, doc_id: str | None = None) -> ParsedDocument:
    """Read one KOOP XML document; raises ``BadDocument`` only when it is not one."""
    root = parse_xml(data)
    why = _NOT_KOOP.get(local(root.tag).lower())
    if why:
        raise BadDocument(why)
    doc = ParsedDocument(id=None, kind=DocKind.UNKNOWN)
    meta = _meta(root)
    doc.id = _document_id(meta, doc_id, doc)
    _read_header(root, doc, meta)
    _read_descriptions(root, doc)
    _read_items(root, doc)
    _head_items(doc)
    _read_remarks(root, doc)
    _read_loose_text(root, doc)
    doc.kind = classify(doc)
    return doc


def _head_items(doc: ParsedDocument) -> None:
    # Imported here, on its own line: the label code is shared with the HTML parser,
    # and this keeps each change to it apart.
    from kvtui.parse.labels import head_items

    head_items(doc)


# ---------------------------------------------------------------------------
# Header: id, zaak number, vergaderjaar
# ---------------------------------------------------------------------------


def _meta(root: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in descendants(root, "meta"):
        name, content = m.get("name"), m.get("content")
        if name and content and name not in found:
            found[name] = content.strip()
    return found


def _document_id(meta: dict[str, str], given: str | None, doc: ParsedDocument) -> str | None:
    candidates = [given]
    record = meta.get("OVERHEIDop.externMetadataRecord")
    if record and (m := _METADATA_RECORD.search(record)):
        candidates.append(m[1])
    candidates.append(meta.get("DC.identifier"))
    return first_safe_id(candidates, doc)


def first_safe_id(candidates: Iterable[str | None], doc: ParsedDocument) -> str | None:
    """The first candidate id that is safe as a file name; unsafe ones become warnings.

    Shared with the HTML parser: both forms of a document must settle on the same id.
    """
    for value in candidates:
        if not value:
            continue
        value = value.strip()
        if is_safe_id(value):
            return value
        doc.warnings.append(f"ignored unsafe document id {value[:60]!r}")
    return None


def _zaak_number(text: str | None) -> str | None:
    number = parse_number_or_none(text)
    return number.zaak if number is not None and number.kind is NumberKind.ZAAK else None


def _read_header(root: etree._Element, doc: ParsedDocument, meta: dict[str, str]) -> None:
    for tag in ("kamervraagnummer", "vraagnummer"):
        for el in descendants(root, tag):
            raw = paragraph(el)
            zaak = _zaak_number(raw)
            if zaak:
                doc.zaak_number = zaak
                break
            if raw:
                doc.warnings.append(f"{tag} {raw[:40]!r} is not a zaak number")
        if doc.zaak_number:
            break
    if not doc.zaak_number:
        doc.zaak_number = _zaak_number(
            meta.get("OVERHEIDop.vraagnummer") or meta.get("OVERHEIDop.vraagNummer")
        )
    if not doc.zaak_number and doc.id and (m := re.fullmatch(r"kv-tk-(\d{4}Z\d{5})", doc.id)):
        doc.zaak_number = m[1]
    for el in descendants(root, "tekstregel"):
        if el.get("inhoud") == "vergaderjaar":
            doc.vergaderjaar = vergaderjaar(paragraph(el))
            break
    if not doc.vergaderjaar:
        doc.vergaderjaar = vergaderjaar(meta.get("OVERHEIDop.vergaderjaar"))
    if not doc.vergaderjaar and doc.id and doc.id.startswith("ah-"):
        doc.vergaderjaar = vergaderjaar(doc.id)


# ---------------------------------------------------------------------------
# Descriptions: who asked whom about what, and when
# ---------------------------------------------------------------------------


def _read_descriptions(root: etree._Element, doc: ParsedDocument) -> None:
    for el in descendants(root, "kamervraagomschrijving", "omschr"):
        kind = (el.get("type") or "").strip().lower()
        if local(el.tag) == "omschr":
            kind = kind or "vraag"
        text = paragraph(el, _skip_notes)
        date = _first_date(el)
        if date is None and local(el.tag) == "omschr":
            date = _printed_date(text, "ingezonden")  # the older form prints it only
        if kind == "vraag" and doc.question_description is None:
            doc.question_description = text or None
            doc.submitted = date
            subject = first_descendant(el, "kamervraagonderwerp")
            doc.subject = (paragraph(subject) or None) if subject is not None else None
            doc.submitters = _named_people(el) or _people_in_text(text)
            doc.addressees = _addressees(text)
        elif kind == "antwoord" and doc.answer_description is None:
            doc.answer_description = text or None
            doc.received = date
            doc.answerers = _answerers(el)
        else:
            # A description of a kind not seen before (a notice's own header?): keep
            # its text readable and its date as the best "received" we have.
            if text:
                doc.loose_text.append(text)
            doc.received = doc.received or date
            doc.warnings.append(f"kamervraagomschrijving of type {kind or '?'!r} kept as text")
    if doc.received is None:
        # The older form says when the answer came only in words, in its toelicht:
        # "Antwoord van minister … (Ontvangen 2 april 2008)". The text stays loose text.
        for el in descendants(root, "toelicht"):
            text = paragraph(el, _skip_notes)
            if text.lower().startswith("antwoord"):
                doc.received = _printed_date(text, "ontvangen")
                if doc.received:
                    break


def _printed_date(text: str, word: str) -> dt.date | None:
    """The date printed after ``word`` ("(Ingezonden 4 maart 2008)"), if any."""
    at = text.lower().find(word)
    return parse_dutch_date(text[at : at + 80]) if at >= 0 else None


def _first_date(el: etree._Element) -> dt.date | None:
    for d in descendants(el, "datum"):
        value = iso_date(d.get("isodatum"))
        if value:
            return value
    return None


def _named_people(el: etree._Element) -> list[PersonRef]:
    people = []
    for naam in descendants(el, "naam"):
        name = paragraph(naam)
        if not name:
            continue
        m = _PARTY_AFTER.match(naam.tail or "")
        people.append(PersonRef(name=name, party=collapse(m[1]) if m else None))
    return people


def _people_in_text(text: str) -> list[PersonRef]:
    """Askers and their parties from a description in plain text, as the older form
    writes it ("Vragen van het lid Ten Hove-Bakker (CDA) aan de minister …", "… van
    de leden Jansen (PvdA) en De Wit (SP) aan …"), which has no ``naam`` elements.

    Bounded and single-pass: the asker part is at most 600 characters, and each party
    is found by one bracket match, so a hostile description costs linear time.
    """
    m = _ASKERS.match(text)
    if not m:
        return []
    part = m[1]
    people = []
    start = 0
    for p in _PARTY.finditer(part):
        name = _asker_name(part[start : p.start()])
        if name:
            people.append(PersonRef(name=name, party=collapse(p[1])))
        start = p.end()
    name = _asker_name(part[start:])
    if name and not people:  # a single asker with no party printed
        people.append(PersonRef(name=name))
    return people


def _asker_name(segment: str) -> str:
    return collapse(segment).strip(" ,;").removeprefix("en ").strip()


def _addressees(text: str) -> list[PersonRef]:
    found = addressee(text)
    if found is None:
        return []
    roles = [collapse(r) for r in _ADDRESSEE_SPLIT.split(found) if collapse(r)]
    return [PersonRef(name="", role=role) for role in roles]


def _answerers(el: etree._Element) -> list[PersonRef]:
    """Names in the answer description, each with the title printed before it
    ("Staatssecretaris") and the ministry after it ("(Justitie en Veiligheid)")."""
    people = []
    before = el.text or ""
    for child in el:
        if isinstance(child.tag, str) and local(child.tag) == "naam":
            name = paragraph(child)
            tail = child.tail or ""
            role = trailing_title(collapse(before))
            ministry = _PARTY_AFTER.match(tail)
            if role and ministry:
                where = collapse(ministry[1])
                role = (
                    f"{role} {where}"
                    if where.startswith(("van ", "voor "))
                    else (f"{role} van {where}")
                )
            if name:
                people.append(PersonRef(name=name, role=role))
            before = tail
        else:
            before += raw_text(child) + (child.tail or "")
    return people


# ---------------------------------------------------------------------------
# Items: numbered questions and answers
# ---------------------------------------------------------------------------


def _top_items(root: etree._Element) -> Iterator[etree._Element]:
    """``vraag``/``antwoord`` elements wherever they sit, but not ones nested in another."""
    for el in root.iterdescendants(*_ITEM_FILTER):
        if next(el.iterancestors(*_ITEM_FILTER), None) is None:
            yield el


def _read_items(root: etree._Element, doc: ParsedDocument) -> None:
    counters = {"vraag": 0, "antwoord": 0}
    for el in _top_items(root):
        tag = local(el.tag)
        counters[tag] += 1
        if counters[tag] > MAX_ITEMS:
            continue  # counted for the notice below, not read
        label_el = first(el, *_ITEM_LABELS)
        label = paragraph(label_el) if label_el is not None else ""
        body = Body()
        _blocks(el, body, doc)
        item = body.item(label, counters[tag])
        if label and not item.numbers:
            doc.warnings.append(f"{tag} {counters[tag]}: label {label[:40]!r} has no number")
        (doc.questions if tag == "vraag" else doc.answers).append(item)
    if notice := over_cap_notice(counters):
        doc.loose_text.append(notice)


def _blocks(
    el: etree._Element, body: Body, doc: ParsedDocument, skip: tuple[str, ...] = ()
) -> None:
    """Paragraphs of a container, in order; loose inline text between blocks is one
    paragraph of its own, so text typed straight into a ``vraag`` is not lost. Each
    footnote leaves a ``MARK`` where it stood, so its place survives (see marks.py)."""
    run: list[str] = [strip_marks(el.text or "")]
    run_notes: list[Footnote] = []

    def flush() -> None:
        if run or run_notes:
            body.add("".join(run), run_notes[:])
        run.clear()
        run_notes.clear()

    for child in el:
        if not isinstance(child.tag, str):
            run.append(strip_marks(child.tail or ""))
            continue
        name = local(child.tag)
        if name in _LABEL_TAGS or name in skip:
            pass
        elif name == _NOTE:
            run.append(MARK)
            run_notes.append(_footnote(child, doc))
        elif name in _PARA_TAGS:
            flush()
            raw, nested = _text_and_notes(child)
            body.add(raw, [_footnote(n, doc) for n in nested])
        elif name == "lijst":
            flush()
            for li in children(child, "li"):
                _list_item(li, body, doc)
        elif name in _TABLE_TAGS:
            flush()
            _table(child, body, doc)
        elif _has_blocks(child):
            flush()
            _blocks(child, body, doc)
        else:  # inline markup (nadruk, extref, …) inside loose text
            raw, nested = _text_and_notes(child)
            run.append(raw)
            run_notes.extend(_footnote(n, doc) for n in nested)
        run.append(strip_marks(child.tail or ""))
    flush()


def _text_and_notes(el: etree._Element) -> tuple[str, list[etree._Element]]:
    """An element's text with a ``MARK`` where each footnote stood, and those footnotes.

    One walk finds the notes; only an element that holds one needs the slower
    marking text walk, and the notes are not searched for a second time.
    """
    if next(el.iterdescendants(_NOTE_FILTER), None) is None:
        return strip_marks(raw_text(el)), []
    parts: list[str] = []
    nested: list[etree._Element] = []
    _collect_marked(el, parts, nested)
    return "".join(parts), nested


def _collect_marked(el: etree._Element, parts: list[str], notes: list[etree._Element]) -> None:
    """Text under ``el`` in document order; a note (not a note inside a note) becomes
    ``MARK`` and joins ``notes``; its tail stays text."""
    if el.text:
        parts.append(strip_marks(el.text))
    for child in el:
        if isinstance(child.tag, str):
            if local(child.tag) == _NOTE:
                parts.append(MARK)
                notes.append(child)
            else:
                _collect_marked(child, parts, notes)
        if child.tail:
            parts.append(strip_marks(child.tail))


def _has_blocks(el: etree._Element) -> bool:
    return next(el.iterdescendants(*_BLOCK_FILTER), None) is not None


def _list_item(li: etree._Element, body: Body, doc: ParsedDocument) -> None:
    marker_el = first(li, "li.nr")
    marker = paragraph(marker_el) if marker_el is not None else ""
    inner = Body()
    _blocks(li, inner, doc)
    body.extend(inner, prefix=marker)


def _table(table: etree._Element, body: Body, doc: ParsedDocument) -> None:
    """One paragraph per row, cells separated by " | ": plain text keeps the grid legible."""
    for row in descendants(table, *_ROW_TAGS):
        texts: list[str] = []
        notes: list[Footnote] = []
        offsets: list[int] = []
        length = 0
        for cell in children(row, *_CELL_TAGS):
            if texts:
                length += 3  # " | "
            raw, nested = _text_and_notes(cell)
            text, marks = collapse_marked(raw)
            texts.append(text)
            notes.extend(_footnote(n, doc) for n in nested)
            offsets.extend(length + m for m in marks)
            length += len(text)
        joined = " | ".join(texts)
        text = joined.strip(" |")
        lead = len(joined) - len(joined.lstrip(" |"))
        body.add_text(text, notes, [max(0, o - lead) for o in offsets])


def _footnote(noot: etree._Element, doc: ParsedDocument) -> Footnote:
    nr_el = first(noot, "noot.nr")
    digits = re.sub(r"\D", "", paragraph(nr_el)) if nr_el is not None else ""
    number = int(digits[:6]) if digits else None
    bodies = children(noot, "noot.al")
    # Without noot.al: whatever the note holds apart from its number.
    parts = [paragraph(b) for b in bodies] if bodies else [paragraph(noot, _skip_note_nr)]
    text = "\n\n".join(p for p in parts if p)
    url = None
    for ref in descendants(noot, "extref"):
        if (ref.get("soort") or "").upper() == "URL" and ref.get("doc"):
            candidate = ref.get("doc", "").strip()
            if candidate.lower().startswith(("http://", "https://")):
                url = candidate
                break
            doc.warnings.append(f"footnote {number}: non-web URL {candidate[:40]!r} not linked")
    return Footnote(number=number, text=text, url=url)


# ---------------------------------------------------------------------------
# Remarks and whatever text is left
# ---------------------------------------------------------------------------


def _read_remarks(root: etree._Element, doc: ParsedDocument) -> None:
    for el in descendants(root, "kamervraagopmerking"):
        body = Body()
        headings = [paragraph(h, _skip_notes) for h in children(el, *_NOTICE_HEADING_TAGS)]
        _blocks(el, body, doc, skip=_NOTICE_HEADING_TAGS)
        doc.remarks.extend(notice_paragraphs(body.paragraphs, headings, doc))
        doc.footnotes.extend(body.notes)
    for el in descendants(root, "toelicht"):
        body = Body()
        _blocks(el, body, doc)
        doc.loose_text.extend(body.paragraphs)
        doc.footnotes.extend(body.notes)


_NOTICE_HEADING_TAGS = ("kop", "titel")
# "Mededeling", perhaps with a date ("Mededeling - 17 juli 2020"): a heading, not text.
# Possessive runs (``*+``, ``++``): each run of spaces ends where the next word starts,
# so nothing is lost, and "Mededeling" + a long run of spaces is no longer split every
# way between the three ``\s*`` (quadratic: a second for 16 KB).
_NOTICE_HEADING = re.compile(
    r"(?i)mededeling\s*+(?:[-\u2013\u2014:,]?\s*+\d{1,2}[\s\u00a0]++[a-z]++[\s\u00a0]++\d{4})?"
    r"\s*+[:.]?"
)


def notice_paragraphs(paragraphs: list[str], headings: list[str], doc: ParsedDocument) -> list[str]:
    """A notice's text without its heading (shared with the HTML parser).

    A ``kamervraagopmerking`` may open with a heading, in ``kop``/``titel`` or as a first
    paragraph of its own ("Mededeling", "Mededeling - 17 juli 2020"); that is not what
    the minister wrote, so it is left out. A date in it still dates the notice when the
    document says nothing else; a notice of nothing but its heading keeps the heading,
    so the notice (and its date) is not lost.
    """
    heads = [h for h in headings if h]
    body = list(paragraphs)
    if body and _NOTICE_HEADING.fullmatch(body[0]):
        heads.append(body.pop(0))
    for head in heads:
        doc.received = doc.received or parse_dutch_date(head)
    return body or heads[:1]


def _read_loose_text(root: etree._Element, doc: ParsedDocument) -> None:
    """Without items: every paragraph outside the header, in order (nothing lost).
    With items: only paragraphs that sit outside every item (2009–2010 answers whose
    text is not in ``antwoord`` elements)."""
    has_items = bool(doc.questions or doc.answers)
    stray: list[str] = []
    notes: list[Footnote] = []

    def walk(el: etree._Element) -> None:
        for child in el:
            if not isinstance(child.tag, str):
                continue
            name = local(child.tag)
            if name in _HEADER_TAGS or name in _ITEM_TAGS:
                continue
            if name in _PARA_TAGS:
                raw, nested = _text_and_notes(child)
                text = collapse_marked(raw)[0]
                if text:
                    stray.append(text)
                notes.extend(_footnote(n, doc) for n in nested)
            elif name == "lijst" and not has_items:
                body = Body()
                _blocks(child, body, doc)
                stray.extend(body.paragraphs)
                notes.extend(body.notes)
            else:
                walk(child)

    walk(root)
    if stray and has_items:
        doc.warnings.append(f"{len(stray)} paragraph(s) outside any question or answer")
    doc.loose_text.extend(stray)
    doc.footnotes.extend(notes)


def classify(doc: ParsedDocument) -> DocKind:
    """What a parsed document is, from its own content (shared with the HTML parser).

    Withdrawal is not decided here: a notice that says the questions "als ingetrokken
    worden beschouwd" is still a NOTICE; the assembler reads its text.
    """
    if doc.answers or doc.answer_description:
        description = (doc.answer_description or "").lower()
        if description.startswith("nader") or "nader antwoord" in description:
            return DocKind.FURTHER_ANSWER
        return DocKind.ANSWER
    if doc.remarks:
        return DocKind.NOTICE
    doc_id = (doc.id or "").lower()
    if doc_id.startswith("kv-"):
        return DocKind.QUESTIONS
    if doc_id.startswith("ah-"):
        return DocKind.ANSWER if doc.loose_text else DocKind.UNKNOWN
    if doc.questions:
        return DocKind.QUESTIONS
    return DocKind.UNKNOWN
