"""bytes → model: the one entry point for every kind of source file.

``parse_source`` sniffs what the bytes are and hands them to the matching parser, so
``kvtui import`` and the cache rebuild need not know which parser reads what. The
parsers themselves (and lxml) are imported only when a source of their kind arrives:
importing ``kvtui.parse.errors`` from a light command must not pay for lxml.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kvtui.numbers import NumberKind, is_safe_id, parse_number_or_none
from kvtui.parse.errors import BadDocument
from kvtui.parse.sniff import SourceType, sniff

if TYPE_CHECKING:
    from kvtui.model import DocumentMetadata, ParsedDocument, Zaak
    from kvtui.parse.sru import SruResult

__all__ = [
    "BadDocument",
    "ParsedSource",
    "SourceType",
    "id_from_name",
    "parse_source",
    "sniff",
    "source_id",
]

_SUFFIXES = (".metadata.xml", "_metadata.xml", ".xml", ".html", ".htm", ".json")


@dataclass(slots=True)
class ParsedSource:
    """One parsed source file; exactly one of the payload fields is filled per ``type``."""

    type: SourceType
    document: ParsedDocument | None = None  # KOOP_XML, KOOP_HTML
    metadata: DocumentMetadata | None = None  # METADATA
    zaken: list[Zaak] = field(default_factory=list)  # ODATA_ZAAK
    sru: SruResult | None = None  # SRU
    zaak_numbers: list[str] = field(default_factory=list)  # ODATA_DOCUMENT: its zaken


def parse_source(
    data: bytes, name: str | None = None, *, doc_id: str | None = None, name_id: bool = True
) -> ParsedSource:
    """Parse any source kvtui reads; BadDocument when it is none of them.

    A KOOP document takes ``doc_id`` as its id when given, else (with ``name_id``) the
    id its file name carries, else the one its content declares. ``name_id=False``
    reads the content's own id, which ``kvtui import`` asks first (the file name only
    helps sniffing then).
    """
    kind = sniff(data, name)
    hint = doc_id if doc_id is not None else (id_from_name(name) if name_id else None)
    if kind is SourceType.KOOP_XML:
        from kvtui.parse.koop_xml import parse_koop_xml

        return ParsedSource(kind, document=parse_koop_xml(data, hint))
    if kind is SourceType.KOOP_HTML:
        from kvtui.parse.koop_html import parse_koop_html

        return ParsedSource(kind, document=parse_koop_html(data, hint))
    if kind is SourceType.METADATA:
        from kvtui.parse.metadata import parse_metadata

        return ParsedSource(kind, metadata=parse_metadata(data))
    if kind is SourceType.SRU:
        from kvtui.parse.sru import parse_sru

        return ParsedSource(kind, sru=parse_sru(data))
    if kind is SourceType.ODATA_ZAAK:
        from kvtui.parse.odata import parse_zaak_json

        return ParsedSource(kind, zaken=parse_zaak_json(data))
    if kind is SourceType.ODATA_DOCUMENT:
        from kvtui.parse.odata import parse_document_json

        return ParsedSource(kind, zaak_numbers=parse_document_json(data))
    raise BadDocument("not a source kvtui reads (KOOP XML/HTML, metadata.xml, SRU, OData JSON)")


def id_from_name(name: str | None) -> str | None:
    """The KOOP id or zaak number a file name carries (``kv-tk-2020Z12161.xml``), if any.

    Tolerant of directories and of the suffixes users' files have; strict about the id
    itself, which must pass the number gate.
    """
    if not name:
        return None
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    lower = base.lower()
    for suffix in _SUFFIXES:
        if lower.endswith(suffix):
            base = base[: -len(suffix)]
            break
    if base.lower().startswith("zaak-"):
        base = base[5:]
    return _valid_id(base)


def source_id(parsed: ParsedSource, name: str | None = None) -> str | None:
    """The KOOP id or zaak number a source is about; what its content says comes first."""
    candidates: list[str | None] = []
    if parsed.document is not None:
        candidates.append(parsed.document.id)
    if parsed.metadata is not None:
        candidates.append(parsed.metadata.id)
    candidates.extend(z.number for z in parsed.zaken[:1])
    if parsed.sru is not None:
        candidates.append(_sru_subject(parsed.sru))
    candidates.extend(parsed.zaak_numbers[:1])
    candidates.append(id_from_name(name))
    for candidate in candidates:
        valid = _valid_id(candidate)
        if valid:
            return valid
    return None


def _sru_subject(result: SruResult) -> str | None:
    """A one-record answer is about that record; a vraagnummer search about its zaak."""
    if len(result.records) == 1:
        return result.records[0].identifier
    zaken = {r.zaak_number for r in result.records if r.zaak_number}
    return zaken.pop() if len(zaken) == 1 else None


def _valid_id(value: str | None) -> str | None:
    number = parse_number_or_none(value, allow_url=False)
    if number is None or number.kind is NumberKind.TK_DOCUMENT:
        return None
    return number.canonical if is_safe_id(number.canonical) else None
