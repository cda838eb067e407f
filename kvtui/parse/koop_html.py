"""KOOP HTML pages (zoek.officielebekendmakingen.nl ``{id}.html``): the last fallback.

The XML is preferred; the HTML layout changed in 2019 and will change again. So this
parser keys on the few class names both known layouts share (``vraag``, ``antwoord``,
``kamervraagopmerking``, ``voet noot``/``#noten``, ``nootnum``) and treats everything
else as optional. A missing document is often served as HTTP 200 with an error page;
a page with no Kamervragen content and an error-like title is refused as
``BadDocument`` so the fetcher never caches it as the text.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from kvtui.dates import iso_date, parse_dutch_date
from kvtui.model import DocKind, Footnote
from kvtui.numbers import NumberKind, is_safe_id, parse_number_or_none
from kvtui.parse.errors import BadDocument
from kvtui.parse.koop_xml import classify, first_safe_id, notice_paragraphs
from kvtui.parse.labels import MAX_ITEMS, over_cap_notice
from kvtui.parse.marks import MARK, Body, strip_marks
from kvtui.parse.phrases import addressee, answerer, people, submitters
from kvtui.parse.text import collapse, paragraph, vergaderjaar
from kvtui.records import ParsedDocument, PersonRef

MAX_HTML_BYTES = 32 * 1024 * 1024

_BLOCKS = frozenset({"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "dt", "pre", "tr"})
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
_ERROR_WORDS = re.compile(
    r"niet gevonden|not found|\b404\b|\b500\b|foutmelding|\bfout\b|\berror\b|onderhoud", re.I
)


def _encoding(data: bytes) -> str | None:
    """UTF-8 when the bytes are valid UTF-8 (KOOP pages are), else what the page declares:
    lxml's own default for an undeclared page is Latin-1, which garbles « and ’."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return "utf-8"


def _classes(el: etree._Element) -> set[str]:
    return set((el.get("class") or "").split())


def _is_note_ref(el: etree._Element) -> bool:
    """A footnote marker inside running text: ``a.nootnum`` (or a ``sup`` holding one)."""
    if not isinstance(el.tag, str):
        return False
    if el.tag == "a" and "nootnum" in _classes(el):
        return True
    return el.tag == "sup" and any("nootnum" in _classes(a) for a in el.iter("a"))


def _is_note(el: etree._Element) -> bool:
    cls = _classes(el)
    return "noot" in cls and ("voet" in cls or (el.getparent() is not None and _in_notes(el)))


def _in_notes(el: etree._Element) -> bool:
    return any(a.get("id") == "noten" for a in el.iterancestors())


def _skip_in_text(el: etree._Element) -> bool:
    return _is_note_ref(el) or _is_note(el)


def parse_koop_html(data: bytes, doc_id: str | None = None) -> ParsedDocument:
    """Read one KOOP HTML page (or a fragment of one)."""
    if not isinstance(data, bytes | bytearray):
        raise BadDocument("not bytes")
    if len(data) > MAX_HTML_BYTES:
        raise BadDocument(f"HTML larger than {MAX_HTML_BYTES // (1024 * 1024)} MiB")
    if not data.strip():
        raise BadDocument("empty HTML document")
    parser = lxml.html.HTMLParser(
        encoding=_encoding(bytes(data)), no_network=True, remove_comments=True, remove_pis=True
    )
    try:
        root = lxml.html.document_fromstring(bytes(data), parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise BadDocument(f"unreadable HTML: {exc}") from None

    doc = ParsedDocument(id=None, kind=DocKind.UNKNOWN)
    meta = _head_meta(root)
    doc.id = _document_id(doc_id, meta, doc)
    doc.title = collapse(meta.get("DC.title", [""])[0]) or None
    doc.related_ids = [v for v in meta.get("OVERHEIDop.aanhangsel", []) if is_safe_id(v)]
    doc.zaak_number = _zaak(meta)
    doc.vergaderjaar = vergaderjaar((meta.get("OVERHEIDop.vergaderjaar") or [""])[0]) or (
        vergaderjaar(doc.id) if doc.id and doc.id.startswith("ah-") else None
    )
    doc.submitted = iso_date((meta.get("OVERHEIDop.datumIndiening") or [""])[0])
    doc.received = iso_date((meta.get("OVERHEIDop.datumOntvangst") or [""])[0])

    content = _content_root(root)
    notes = _footnotes(content)
    used: set[int] = set()
    _read_descriptions(content, doc)
    _read_items(content, doc, notes, used)
    for el in content.iter():
        if isinstance(el.tag, str) and "kamervraagopmerking" in _classes(el):
            blocks = _blocks(el)
            headings = [paragraph(b, _skip_in_text) for b in blocks if b.tag in _HEADINGS]
            texts = [paragraph(b, _skip_in_text) for b in blocks if b.tag not in _HEADINGS]
            doc.remarks.extend(notice_paragraphs([t for t in texts if t], headings, doc))
    doc.footnotes = [note for i, (note, _ids) in enumerate(notes) if i not in used]

    if not (doc.questions or doc.answers or doc.remarks or notes):
        title = _page_title(root)
        if (title and _ERROR_WORDS.search(title)) or not (doc.id or doc.question_description):
            raise BadDocument(f"no Kamervragen content (page title {title[:80]!r})")
        doc.loose_text = _paragraphs(content)
        doc.warnings.append("no questions or answers found; page text kept as loose text")
    _head_items(doc)
    doc.kind = classify(doc)
    return doc


def _head_items(doc: ParsedDocument) -> None:
    from kvtui.parse.labels import head_items  # on its own line, as in koop_xml

    head_items(doc)


# ---------------------------------------------------------------------------
# Head
# ---------------------------------------------------------------------------


def _head_meta(root: etree._Element) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for m in root.iter("meta"):
        name, content = m.get("name"), m.get("content")
        if name and content:
            found.setdefault(name.strip(), []).append(content.strip())
    return found


def _document_id(given: str | None, meta: dict[str, list[str]], doc: ParsedDocument) -> str | None:
    return first_safe_id([given, *meta.get("DC.identifier", [])], doc)


def _zaak(meta: dict[str, list[str]]) -> str | None:
    for key in ("OVERHEIDop.vraagnummer", "OVERHEIDop.vraagNummer"):
        for value in meta.get(key, []):
            number = parse_number_or_none(value)
            if number is not None and number.kind is NumberKind.ZAAK:
                return number.zaak
    return None


def _page_title(root: etree._Element) -> str:
    for el in root.iter("title", "h1"):
        text = paragraph(el)
        if text:
            return text
    return ""


def _content_root(root: etree._Element) -> etree._Element:
    for el in root.iter("div", "main", "article"):
        if "stuk" in _classes(el):
            return el
    body = root.find("body")
    return body if body is not None else root


# ---------------------------------------------------------------------------
# Body
# ---------------------------------------------------------------------------


def _blocks(el: etree._Element, skip: etree._Element | None = None) -> list[etree._Element]:
    """The innermost block elements under ``el``, in order, outside notes and ``skip``."""
    out = []
    for block in el.iter(*_BLOCKS):
        if block is skip or any(_skip_in_text(a) for a in block.iterancestors()):
            continue
        if any(isinstance(d.tag, str) and d.tag in _BLOCKS for d in block.iterdescendants()):
            continue
        if skip is not None and any(a is skip for a in block.iterancestors()):
            continue
        out.append(block)
    return out


def _paragraphs(el: etree._Element, skip: etree._Element | None = None) -> list[str]:
    """Text of the innermost block elements under ``el``, in order, notes left out."""
    return [t for t in (paragraph(b, _skip_in_text) for b in _blocks(el, skip)) if t]


def _read_descriptions(content: etree._Element, doc: ParsedDocument) -> None:
    for el in content.iter():
        if not isinstance(el.tag, str):
            continue
        if not any(c.startswith("kamervraagomschrijving") for c in _classes(el)):
            continue
        text = paragraph(el, _skip_in_text)
        if text.startswith("Antwoord") and doc.answer_description is None:
            doc.answer_description = text
            doc.received = doc.received or parse_dutch_date(_after(text, "ontvangen"))
            if found := answerer(text):
                title, name, ministry = found
                where = collapse(ministry)
                joiner = " " if where.startswith(("van ", "voor ")) else " van "
                doc.answerers = [PersonRef(name=collapse(name), role=f"{title}{joiner}{where}")]
        elif doc.question_description is None and text:
            doc.question_description = text
            doc.submitted = doc.submitted or parse_dutch_date(_after(text, "ingezonden"))
            if (names := submitters(text)) is not None:
                doc.submitters = [
                    PersonRef(name=collapse(who).removeprefix("en ").strip(), party=collapse(p))
                    for who, p in people(names)
                ]
            if (role := addressee(text)) is not None:
                doc.addressees = [PersonRef(name="", role=collapse(role))]


def _after(text: str, word: str) -> str:
    i = text.find(word)
    return text[i:] if i >= 0 else ""


def _read_items(
    content: etree._Element,
    doc: ParsedDocument,
    notes: list[tuple[Footnote, set[str]]],
    used: set[int],
) -> None:
    counters = {"vraag": 0, "antwoord": 0}
    index = _NoteIndex(notes)
    for el in content.iter():
        if not isinstance(el.tag, str):
            continue
        kind = next((k for k in ("vraag", "antwoord") if k in _classes(el)), None)
        if kind is None:
            continue
        if any(_classes(a) & {"vraag", "antwoord"} for a in el.iterancestors()):
            continue
        counters[kind] += 1
        if counters[kind] > MAX_ITEMS:
            continue  # counted for the notice below, not read
        label_el = _label_element(el)
        label = paragraph(label_el, _skip_in_text) if label_el is not None else ""
        body = _item_body(el, label_el, index, used, doc)
        item = body.item(label, counters[kind])
        (doc.questions if kind == "vraag" else doc.answers).append(item)
    if notice := over_cap_notice(counters):
        doc.loose_text.append(notice)


def _item_body(
    item: etree._Element,
    label_el: etree._Element | None,
    index: _NoteIndex,
    used: set[int],
    doc: ParsedDocument,
) -> Body:
    """An item's paragraphs, each footnote at the place of its ``a.nootnum`` marker.

    A marker outside every paragraph (in the label, say) still brings its note, at the
    end of the text, so no note an item points to is lost.
    """
    body = Body()
    seen: list[etree._Element] = []  # kept alive, so their ids stay theirs
    for block in _blocks(item, skip=label_el):
        parts: list[str] = []
        found: list[Footnote] = []
        _marked(block, parts, found, index, used, doc, seen)
        body.add("".join(parts), found)
    seen_ids = {id(a) for a in seen}
    rest: list[Footnote] = []
    for a in item.iter("a"):
        if "nootnum" in _classes(a) and id(a) not in seen_ids:
            note = index.take(a, used, doc)
            if note is not None:
                rest.append(note)
    body.add_unplaced(rest)
    return body


def _marked(
    el: etree._Element,
    parts: list[str],
    found: list[Footnote],
    index: _NoteIndex,
    used: set[int],
    doc: ParsedDocument,
    seen: list[etree._Element],
) -> None:
    """Text under ``el`` with a ``MARK`` for each marker whose note is found (and not
    taken before); footnotes themselves are left out, tails kept."""
    if isinstance(el.tag, str) and el.text:
        parts.append(strip_marks(el.text))
    for child in el:
        if isinstance(child.tag, str):
            if _is_note_ref(child):
                refs = [a for a in child.iter("a") if "nootnum" in _classes(a)]
                seen.extend(refs)
                for a in refs:
                    note = index.take(a, used, doc)
                    if note is not None:
                        parts.append(MARK)
                        found.append(note)
            elif not _is_note(child):
                _marked(child, parts, found, index, used, doc, seen)
        if child.tail:
            parts.append(strip_marks(child.tail))


class _NoteIndex:
    """The page's footnotes by anchor id and by number, built once.

    A marker's ``href="#X"`` names a note whose ids include ``X`` or end in ``-X``
    (``supernote-note-ID-…``); looking that up by scanning every note for every marker
    was quadratic (4,000 notes: 10.6 s). Each id is entered whole and by its suffixes
    after its last few dashes, so a lookup is one dict access and the first note in
    page order wins, as before.
    """

    _DASHES = 8  # real ids have 2-4 dashes before the part a marker names

    def __init__(self, notes: list[tuple[Footnote, set[str]]]) -> None:
        self.notes = notes
        self.by_id: dict[str, int] = {}
        self.by_number: dict[int, int] = {}
        for i, (note, ids) in enumerate(notes):
            for x in sorted(ids):
                self.by_id.setdefault(x, i)
                pos = len(x)
                for _ in range(self._DASHES):
                    pos = x.rfind("-", 0, pos)
                    if pos < 0:
                        break
                    self.by_id.setdefault(x[pos + 1 :], i)
            if note.number is not None:
                self.by_number.setdefault(note.number, i)

    def take(self, a: etree._Element, used: set[int], doc: ParsedDocument) -> Footnote | None:
        """The note marker ``a`` points to, once: a second marker of it gives None."""
        target = (a.get("href") or "").lstrip("#")
        digits = re.sub(r"\D", "", paragraph(a))
        match = self.by_id.get(target) if target else None
        if match is None and digits:
            match = self.by_number.get(int(digits[:6]))
        if match is None:
            doc.warnings.append(f"footnote marker {digits or target!r} has no footnote on the page")
            return None
        if match in used:
            return None
        used.add(match)
        return self.notes[match][0]


def _label_element(item: etree._Element) -> etree._Element | None:
    for el in item.iter(*_HEADINGS):
        return el
    for el in item.iter():
        if isinstance(el.tag, str) and "nummer" in _classes(el):
            return el
    return None


def _footnotes(content: etree._Element) -> list[tuple[Footnote, set[str]]]:
    """Every footnote on the page with the anchor ids a reference may point at."""
    found = []
    for el in content.iter():
        if not isinstance(el.tag, str) or not _is_note(el):
            continue
        number_el = next((s for s in el.iter() if "nootnum" in _classes(s)), None)
        digits = re.sub(r"\D", "", paragraph(number_el)) if number_el is not None else ""
        texts = [paragraph(p, _skip_in_text) for p in el.iter("p")]
        url = None
        for a in el.iter("a"):
            href = (a.get("href") or "").strip()
            if href.lower().startswith(("http://", "https://")):
                url = href
                break
        ids = {v for d in el.iter() for v in (d.get("id"), d.get("name")) if v}
        note = Footnote(
            number=int(digits[:6]) if digits else None,
            text="\n\n".join(t for t in texts if t),
            url=url,
        )
        found.append((note, ids))
    return found
