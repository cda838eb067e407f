"""SRU 2.0 ``gzd`` search responses of repository.overheid.nl.

The live service answers with namespaced XML (``sru:``, ``gzd:``, ``dcterms:``,
``overheidwetgeving:``, ``c:``), while copies kept by other projects are often
namespace-stripped or hold a single bare ``<record>``. Everything is therefore matched
by local name. A query the server cannot run still comes back as HTTP 200 with
``<diagnostics>``; that is turned into ``BadDocument`` so a fetcher never mistakes it
for "no documents found".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from kvtui.dates import iso_date
from kvtui.numbers import normalise_id
from kvtui.parse.errors import BadDocument
from kvtui.parse.xmlsafe import local, parse_xml, text_of
from kvtui.records import SruRecord

_RESPONSE_ROOTS = {"searchRetrieveResponse", "records", "record", "gzd", "diagnostics"}


class SruDiagnostics(BadDocument):
    """A 200 that holds only ``<diagnostics>``: the server cannot run this query."""


@dataclass(slots=True)
class SruResult:
    """One page of an SRU answer: its records and where the next page starts."""

    records: list[SruRecord] = field(default_factory=list)
    number_of_records: int | None = None
    next_record: int | None = None
    diagnostics: list[str] = field(default_factory=list)  # messages beside records
    warnings: list[str] = field(default_factory=list)  # records that could not be read


def parse_sru(data: bytes) -> SruResult:
    """Read an SRU response, a ``records`` list or a bare ``record``."""
    root = parse_xml(data)
    kind = local(root.tag)
    if kind not in _RESPONSE_ROOTS:
        raise BadDocument(f"not an SRU response (root element {kind[:40]!r})")
    result = SruResult(
        number_of_records=_int(_first_child(root, "numberOfRecords")),
        next_record=_int(_first_child(root, "nextRecordPosition")),
        diagnostics=_diagnostics(root),
    )
    for position, rec in enumerate(_record_elements(root), start=1):
        record = _record(rec)
        if record is None:
            result.warnings.append(f"record {position} has no identifier; skipped")
        else:
            result.records.append(record)
    if result.diagnostics and not result.records:
        raise SruDiagnostics("SRU diagnostics: " + "; ".join(result.diagnostics))
    return result


def _record_elements(root: etree._Element) -> list[etree._Element]:
    if local(root.tag) in ("record", "gzd"):
        return [root]
    return [el for el in root.iter() if local(el.tag) == "record" and _parent_is_records(el)]


def _parent_is_records(el: etree._Element) -> bool:
    parent = el.getparent()
    return parent is not None and local(parent.tag) == "records"


def _first_child(root: etree._Element, name: str) -> str | None:
    for el in root:
        if local(el.tag) == name:
            return text_of(el)
    return None


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _diagnostics(root: etree._Element) -> list[str]:
    messages = []
    for el in root.iter():
        if local(el.tag) != "diagnostic":
            continue
        found = {local(child.tag): text_of(child) for child in el}
        parts = [found[key] for key in ("message", "details") if found.get(key)]
        messages.append(": ".join(parts) or text_of(el) or "unspecified diagnostic")
    if not messages:
        for el in root.iter():
            if local(el.tag) == "diagnostics" and text_of(el):
                messages.append(text_of(el))
    return messages


def _record(rec: etree._Element) -> SruRecord | None:
    values: dict[str, list[str]] = {}
    item_urls: dict[str, str] = {}
    for el in rec.iter():
        if not isinstance(el.tag, str) or len(el):
            continue
        name = local(el.tag)
        text = text_of(el)
        if not text:
            continue
        if name == "itemUrl":
            manifestation = (el.get("manifestation") or "").strip()
            if manifestation:
                item_urls.setdefault(manifestation, text)
            continue
        values.setdefault(name, []).append(text)

    def first(*names: str) -> str | None:
        for name in names:
            if values.get(name):
                return values[name][0]
        return None

    identifier = normalise_id(first("identifier"))
    if identifier is None:
        return None
    types: list[str] = []
    for t in values.get("type", []):
        if t not in types:
            types.append(t)
    return SruRecord(
        identifier=identifier,
        title=first("title"),
        types=types,
        zaak_number=normalise_id(first("vraagnummer", "vraagNummer")),
        publication_name=first("publicatienaam", "publicationName"),
        appendix_number=first("aanhangselnummer", "aanhangselNummer"),
        vergaderjaar=first("vergaderjaar"),
        issued=iso_date(first("issued")),
        available=iso_date(first("available")),
        item_urls=item_urls,
        preferred_url=first("preferredUrl"),
    )
