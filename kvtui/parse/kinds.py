"""The one table of source kinds: how each is recognised, read, named and checked.

Every kind of file kvtui reads is one row: the XML roots (or OData context) that say
what it is, the file-name endings that break a tie when the content does not, the
parser that reads it, the name a kept file has in ``sources/`` (``kvtui.cachenames``),
what in its content names the document, and how a fetched payload of the kind is
checked before anything is stored. ``sniff`` recognises by this table, ``parse_source``
reads by it, the fetcher checks by it and the store names by it: a new kind of source
is a new row plus its parser.

Parsers (and lxml with them) are imported only when a source of their kind is read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

from kvtui.cachenames import CacheKind

if TYPE_CHECKING:
    from kvtui.parse.sru import SruResult
    from kvtui.records import DocumentMetadata, ParsedDocument, Zaak


class SourceType(StrEnum):
    KOOP_XML = "koop_xml"
    KOOP_HTML = "koop_html"
    METADATA = "metadata"
    SRU = "sru"
    ODATA_ZAAK = "odata_zaak"
    ODATA_DOCUMENT = "odata_document"
    UNKNOWN = "unknown"


@dataclass(slots=True)
class ParsedSource:
    """One parsed source file; exactly one of the payload fields is filled per ``type``."""

    type: SourceType
    document: ParsedDocument | None = None  # KOOP_XML, KOOP_HTML
    metadata: DocumentMetadata | None = None  # METADATA
    zaken: list[Zaak] = field(default_factory=list)  # ODATA_ZAAK
    sru: SruResult | None = None  # SRU
    zaak_numbers: list[str] = field(default_factory=list)  # ODATA_DOCUMENT: its zaken
    # UNKNOWN only: why the cache will not keep a fetched payload that the parser of
    # the kind asked for accepts but the cache cannot read (the store says it, by name).
    refused: str = ""


# A parser of one kind: (bytes, the document's id when the caller knows it) -> record.
Reader = Callable[[bytes, "str | None"], ParsedSource]


@dataclass(frozen=True, slots=True)
class Kind:
    """One row of the table."""

    type: SourceType
    read: Reader
    roots: frozenset[str] = frozenset()  # local names of the root element that say it
    any_case: bool = False  # the roots match in any case (HTML's element names)
    context: str = ""  # what an OData answer's @odata.context names
    name_ends: tuple[str, ...] = ()  # file-name endings (lower case) that break a tie
    name_starts: tuple[str, ...] = ()  # ... together with one of these beginnings
    cache: CacheKind | None = None  # the name a kept file has; None: never kept
    named_by: str = "an id"  # what in the content names the document (refusals)
    xml_asked: bool = False  # fetched as XML: an HTML page in its place is "not found"
    empty: Callable[[ParsedSource], bool] | None = None  # an error page that parses


def _koop_xml(data: bytes, doc_id: str | None) -> ParsedSource:
    from kvtui.parse.koop_xml import parse_koop_xml

    return ParsedSource(SourceType.KOOP_XML, document=parse_koop_xml(data, doc_id))


def _koop_html(data: bytes, doc_id: str | None) -> ParsedSource:
    from kvtui.parse.koop_html import parse_koop_html

    return ParsedSource(SourceType.KOOP_HTML, document=parse_koop_html(data, doc_id))


def _metadata(data: bytes, _doc_id: str | None) -> ParsedSource:
    from kvtui.parse.metadata import parse_metadata

    return ParsedSource(SourceType.METADATA, metadata=parse_metadata(data))


def _sru(data: bytes, _doc_id: str | None) -> ParsedSource:
    from kvtui.parse.sru import parse_sru

    return ParsedSource(SourceType.SRU, sru=parse_sru(data))


def _zaak(data: bytes, _doc_id: str | None) -> ParsedSource:
    from kvtui.parse.odata import parse_zaak_json

    return ParsedSource(SourceType.ODATA_ZAAK, zaken=parse_zaak_json(data))


def _tk_document(data: bytes, _doc_id: str | None) -> ParsedSource:
    from kvtui.parse.odata import parse_document_json

    return ParsedSource(SourceType.ODATA_DOCUMENT, zaak_numbers=parse_document_json(data))


def _no_kamervraag(source: ParsedSource) -> bool:
    """KOOP's own error pages are valid HTML too: a page with no Kamervraag in it."""
    doc = source.document
    return doc is None or not (doc.questions or doc.answers or doc.remarks or doc.loose_text)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Elements an HTML page or fragment may start with.
_HTML_ELEMENTS = _words(
    "html head body main div section article p span a h1 h2 h3 table ul ol meta title link"
    " script hr"
)
_BY_DC = "DC.identifier or OVERHEIDop.vraagnummer"

# fmt: off
KINDS: dict[SourceType, Kind] = {k.type: k for k in (
    Kind(SourceType.KOOP_XML, _koop_xml, cache=CacheKind.XML, xml_asked=True,
         roots=_words("officiele-publicatie kamervragen vraagdoc aanhangsel"),
         name_ends=(".xml",), name_starts=("kv-", "ah-tk-"),
         named_by="DC.identifier, a metadata record link, kamervraagnummer or vraagnummer"),
    Kind(SourceType.KOOP_HTML, _koop_html, cache=CacheKind.HTML, empty=_no_kamervraag,
         roots=_HTML_ELEMENTS, any_case=True, name_ends=(".htm", ".html"), named_by=_BY_DC),
    Kind(SourceType.METADATA, _metadata, cache=CacheKind.METADATA, xml_asked=True,
         roots=_words("metadata_gegevens owms-metadata"),
         name_ends=(".metadata.xml", "metadata_owms.xml"), named_by=_BY_DC),
    Kind(SourceType.SRU, _sru,
         roots=_words("searchRetrieveResponse records record gzd diagnostics")),
    Kind(SourceType.ODATA_ZAAK, _zaak, cache=CacheKind.ZAAK, context="$metadata#Zaak",
         named_by="a zaak Nummer"),
    Kind(SourceType.ODATA_DOCUMENT, _tk_document, context="$metadata#Document"),
)}
# fmt: on

# The kinds a file name can tell apart, most specific ending first
# ("x.metadata.xml" is metadata before it is XML).
BY_NAME = sorted(
    (k for k in KINDS.values() if k.name_ends),
    key=lambda k: -max(len(end) for end in k.name_ends),
)

NOT_A_SOURCE = "not a source kvtui reads (KOOP XML/HTML, metadata.xml, SRU, OData JSON)"
