"""Check that a payload is the document that was asked for, before anything is stored.

A server can answer 200 with an error page, HTML where XML was asked, a truncated body or
plain garbage. The only trustworthy test is to parse the bytes with the same parser the
store will use later; whatever fails here is reported and never reaches the cache.
Parsers are imported lazily so importing ``kvtui.sources`` stays cheap.
"""

from __future__ import annotations

import re
from typing import Any

from kvtui.parse.errors import BadDocument
from kvtui.sources.errors import BadPayload, NotFound
from kvtui.whitespace import fold_all

_HTML_START = re.compile(
    # Each comment atomic: it ends at its first "-->" and is never re-split on a retry
    # (without it, ~30 comments and no "<html" took minutes: exponential).
    rb"^\s*(?:<\?xml[^>]*>\s*)?(?:(?><!--.*?-->)\s*)*<(?:!doctype\s+html|html)\b",
    re.I | re.S,
)


def looks_like_html(data: bytes) -> bool:
    return bool(_HTML_START.match(data[:4096]))


def _bad(service: str, exc: BadDocument) -> BadPayload:
    text = fold_all(str(exc))
    # "invalid XML: Opening and ending tag mismatch…" → "invalid XML"; keep short causes whole.
    head = text.split(":", 1)[0] if ":" in text else text
    detail = head if len(head) <= 60 else head[:57] + "..."
    return BadPayload(service, detail or "unreadable")


def koop_xml(data: bytes, doc_id: str, service: str) -> Any:
    """A KOOP ``{id}.xml``; an HTML page in its place is an error page, so "not found"."""
    if looks_like_html(data):
        raise NotFound(service, "HTML page where XML was asked")
    from kvtui.parse.koop_xml import parse_koop_xml

    try:
        return parse_koop_xml(data, doc_id)
    except BadDocument as exc:
        raise _bad(service, exc) from None


def koop_html(data: bytes, doc_id: str, service: str) -> Any:
    from kvtui.parse.koop_html import parse_koop_html

    try:
        doc = parse_koop_html(data, doc_id)
    except BadDocument as exc:
        raise _bad(service, exc) from None
    if not (doc.questions or doc.answers or doc.remarks or doc.loose_text):
        # KOOP's own error pages are valid HTML too: a page with no Kamervraag in it
        # is not a document we can keep.
        raise NotFound(service, "page holds no Kamervraag")
    return doc


def metadata(data: bytes, service: str) -> Any:
    if looks_like_html(data):
        raise NotFound(service, "HTML page where XML was asked")
    from kvtui.parse.metadata import parse_metadata

    try:
        return parse_metadata(data)
    except BadDocument as exc:
        raise _bad(service, exc) from None


def sru(data: bytes, service: str) -> Any:
    from kvtui.parse.sru import parse_sru

    try:
        return parse_sru(data)
    except BadDocument as exc:
        raise _bad(service, exc) from None


def zaak_json(data: bytes, service: str) -> Any:
    from kvtui.parse.odata import parse_zaak_json

    try:
        return parse_zaak_json(data)
    except BadDocument as exc:
        raise _bad(service, exc) from None


def document_json(data: bytes, service: str) -> list[str]:
    from kvtui.parse.odata import parse_document_json

    try:
        return parse_document_json(data)
    except BadDocument as exc:
        raise _bad(service, exc) from None


def next_link(data: bytes) -> str | None:
    from kvtui.parse.odata import odata_next_link

    return odata_next_link(data)
