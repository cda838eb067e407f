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

from kvtui.model import DocKind, Footnote, Item, ParsedDocument, PersonRef
from kvtui.numbers import NumberKind, is_safe_id, parse_number_or_none
from kvtui.parse.errors import BadDocument
from kvtui.parse.koop_xml import classify, first_safe_id
from kvtui.parse.labels import MAX_ITEMS, over_cap_notice, parse_label
from kvtui.parse.phrases import addressee, answerer, people, submitters
from kvtui.parse.text import collapse, dutch_date, iso_date, paragraph, vergaderjaar

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
            doc.remarks.extend(_paragraphs(el))
    doc.footnotes = [note for i, (note, _ids) in enumerate(notes) if i not in used]

    if not (doc.questions or doc.answers or doc.remarks or notes):
        title = _page_title(root)
        if (title and _ERROR_WORDS.search(title)) or not (doc.id or doc.question_description):
            raise BadDocument(f"no Kamervragen content (page title {title[:80]!r})")
        doc.loose_text = _paragraphs(content)
        doc.warnings.append("no questions or answers found; page text kept as loose text")
    doc.kind = classify(doc)
    return doc


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


def _paragraphs(el: etree._Element, skip: etree._Element | None = None) -> list[str]:
    """Text of the innermost block elements under ``el``, in order, notes left out."""
    out = []
    for block in el.iter(*_BLOCKS):
        if block is skip or any(_skip_in_text(a) for a in block.iterancestors()):
            continue
        if any(isinstance(d.tag, str) and d.tag in _BLOCKS for d in block.iterdescendants()):
            continue
        if skip is not None and any(a is skip for a in block.iterancestors()):
            continue
        text = paragraph(block, _skip_in_text)
        if text:
            out.append(text)
    return out


def _read_descriptions(content: etree._Element, doc: ParsedDocument) -> None:
    for el in content.iter():
        if not isinstance(el.tag, str):
            continue
        if not any(c.startswith("kamervraagomschrijving") for c in _classes(el)):
            continue
        text = paragraph(el, _skip_in_text)
        if text.startswith("Antwoord") and doc.answer_description is None:
            doc.answer_description = text
            doc.received = doc.received or dutch_date(_after(text, "ontvangen"))
            if found := answerer(text):
                title, name, ministry = found
                where = collapse(ministry)
                joiner = " " if where.startswith(("van ", "voor ")) else " van "
                doc.answerers = [PersonRef(name=collapse(name), role=f"{title}{joiner}{where}")]
        elif doc.question_description is None and text:
            doc.question_description = text
            doc.submitted = doc.submitted or dutch_date(_after(text, "ingezonden"))
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
        item = Item(
            label=label,
            numbers=parse_label(label),
            paragraphs=_paragraphs(el, skip=label_el),
            footnotes=_referenced(el, notes, used, doc),
            index=counters[kind],
        )
        (doc.questions if kind == "vraag" else doc.answers).append(item)
    if notice := over_cap_notice(counters):
        doc.loose_text.append(notice)


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


def _referenced(
    item: etree._Element,
    notes: list[tuple[Footnote, set[str]]],
    used: set[int],
    doc: ParsedDocument,
) -> list[Footnote]:
    """The footnotes an item's ``a.nootnum`` markers point to, in marker order."""
    out = []
    for a in item.iter("a"):
        if "nootnum" not in _classes(a):
            continue
        target = (a.get("href") or "").lstrip("#")
        number = re.sub(r"\D", "", paragraph(a))
        match = next(
            (i for i, (_n, ids) in enumerate(notes) if target and _points_at(target, ids)),
            None,
        )
        if match is None and number:
            match = next((i for i, (n, _ids) in enumerate(notes) if n.number == int(number)), None)
        if match is None:
            doc.warnings.append(f"footnote marker {number or target!r} has no footnote on the page")
        elif match not in used:
            used.add(match)
            out.append(notes[match][0])
    return out


def _points_at(target: str, ids: set[str]) -> bool:
    return any(x == target or x.endswith("-" + target) for x in ids)
