"""Check that a payload is the document that was asked for, before anything is stored.

A server can answer 200 with an error page, HTML where XML was asked, a truncated body or
plain garbage. The only trustworthy test is to read the bytes as the store will; the
record that reading gives is what the store keeps (each payload is read once), and
whatever fails here is reported and never reaches the cache. What each kind needs is a
row of ``kvtui.parse.kinds``. Parsers are imported lazily so importing
``kvtui.services`` stays cheap.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kvtui.i18n import _
from kvtui.parse.errors import BadDocument
from kvtui.parse.kinds import ParsedSource, SourceType
from kvtui.services.errors import BadPayload, NotFound
from kvtui.whitespace import fold_all

_HTML_START = re.compile(
    # Each comment atomic: it ends at its first "-->" and is never re-split on a retry
    # (without it, ~30 comments and no "<html" took minutes: exponential).
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:(?><!--.*?-->)\s*)*<(?:!doctype\s+html|html)\b",
    re.I | re.S,
)


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_START.match(data[:4096]))


def _bad(service: str, exc: ValueError) -> BadPayload:
    text = fold_all(str(exc))
    # "invalid XML: Opening and ending tag mismatch…" → "invalid XML"; keep short causes whole.
    head = text.split(":", 1)[0] if ":" in text else text
    detail = head if len(head) <= 60 else head[:57] + "..."
    return BadPayload(service, detail or "unreadable")


def payload(
    data: bytes, name: str, asked: SourceType, doc_id: str | None, service: str
) -> ParsedSource:
    """Check that a fetched payload is the kind ``asked`` for, and read it once, as the
    cache will read the file ``name``: the record returned is the one the store keeps.

    An HTML page where XML was asked is an error page, so "not found", as is a page of
    the asked kind that holds no Kamervraag; a payload its kind's parser refuses is a
    bad document, named by that parser's words.
    """
    from kvtui.parse.kinds import KINDS
    from kvtui.parse.sniff import sniff

    kind = KINDS[asked]
    if kind.xml_asked and looks_like_html(data):
        raise NotFound(service, _("HTML page where XML was asked"))
    stored, refusal = _as_stored(data, name) if sniff(data, name) is asked else (None, "")
    checked = stored
    if stored is None:
        # Not plainly the kind asked for, or not readable as the cache reads it: the
        # parser of the kind asked for says what is wrong with it. What that parser
        # accepts goes on to the store, which keeps it only if it can read it.
        try:
            checked = kind.read(data, doc_id)
        except BadDocument as exc:
            raise _bad(service, exc) from None
        if not refusal:
            stored, refusal = _as_stored(data, name)
    if kind.empty is not None and kind.empty(checked):  # type: ignore[arg-type]
        raise NotFound(service, _("page holds no Kamervraag"))
    if stored is not None:
        return stored
    # The fetcher still reads what the parser of the asked kind found (the zaak, the
    # links); the store refuses the payload, by name, as it always did.
    return replace(checked, type=SourceType.UNKNOWN, refused=refusal)  # type: ignore[arg-type]


def _as_stored(data: bytes, name: str) -> tuple[ParsedSource | None, str]:
    """(the record the cache keeps, '') or (None, why the cache would refuse it)."""
    from kvtui.store.ingest import SourceRejected, one_line, read_payload

    try:
        return read_payload(data, name)[0], ""
    except (BadDocument, SourceRejected) as exc:
        return None, one_line(exc)


def document_json(data: bytes, service: str) -> list[str]:
    """The zaak numbers of a TK document answer (not kept: it only points the way)."""
    from kvtui.parse.kinds import KINDS

    try:
        return KINDS[SourceType.ODATA_DOCUMENT].read(data, None).zaak_numbers
    except BadDocument as exc:
        raise _bad(service, exc) from None


def next_link(data: bytes) -> str | None:
    from kvtui.parse.odata import odata_next_link

    return odata_next_link(data)
