"""bytes → model: the one entry point for every kind of source file.

``parse_source`` sniffs what the bytes are and reads them with the parser the table of
kinds (``kvtui.parse.kinds``) names, so ``kvtui import``, the fetcher and the cache
rebuild need not know which parser reads what. The parsers themselves (and lxml) are
imported only when a source of their kind arrives: importing ``kvtui.parse.errors``
from a light command must not pay for lxml.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kvtui.cachenames import id_from_name
from kvtui.numbers import document_id
from kvtui.parse.errors import BadDocument
from kvtui.parse.kinds import KINDS, NOT_A_SOURCE, ParsedSource, SourceType
from kvtui.parse.sniff import sniff

if TYPE_CHECKING:
    from kvtui.parse.sru import SruResult

__all__ = [
    "BadDocument",
    "ParsedSource",
    "SourceType",
    "id_from_name",
    "parse_source",
    "sniff",
    "source_id",
    "sru_about",
]


def parse_source(
    data: bytes, name: str | None = None, *, doc_id: str | None = None, name_id: bool = True
) -> ParsedSource:
    """Parse any source kvtui reads; BadDocument when it is none of them.

    A KOOP document takes ``doc_id`` as its id when given, else (with ``name_id``) the
    id its file name carries, else the one its content declares. ``name_id=False``
    reads the content's own id, which ``kvtui import`` asks first (the file name only
    helps sniffing then).
    """
    kind = KINDS.get(sniff(data, name))
    if kind is None:
        raise BadDocument(NOT_A_SOURCE)
    hint = doc_id if doc_id is not None else (id_from_name(name) if name_id else None)
    return kind.read(data, hint)


def source_id(parsed: ParsedSource, name: str | None = None) -> str | None:
    """The KOOP id or zaak number a source is about; what its content says comes first."""
    candidates: list[str | None] = []
    if parsed.document is not None:
        candidates.append(parsed.document.id)
    if parsed.metadata is not None:
        candidates.append(parsed.metadata.id)
    candidates.extend(z.number for z in parsed.zaken[:1])
    if parsed.sru is not None:
        own, zaak = sru_about(parsed.sru)
        candidates.append(own if len(parsed.sru.records) == 1 else zaak)
    candidates.extend(parsed.zaak_numbers[:1])
    candidates.append(id_from_name(name))
    for candidate in candidates:
        valid = document_id(candidate)
        if valid:
            return valid
    return None


def sru_about(result: SruResult) -> tuple[str | None, str | None]:
    """(the document, the zaak) an SRU answer is about, each None when it is not one.

    A one-record answer is a look-up of that document; records that all name one zaak
    are a vraagnummer search for that zaak.
    """
    own = result.records[0].identifier if len(result.records) == 1 else None
    zaken = {r.zaak_number for r in result.records if r.zaak_number}
    return own, (next(iter(zaken)) if len(zaken) == 1 else None)
