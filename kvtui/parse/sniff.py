"""Telling what a source file is from its bytes.

``kvtui import`` takes whatever files a user has, under any name, and the fetchers
must notice an HTML error page served where XML was asked for. So the content decides
(root element, JSON keys, HTML markers); the file name is consulted only when the
content alone is ambiguous (an XML root kvtui does not know, an empty OData page).
Sniffing reads the start of the bytes with plain string scanning: it never parses
XML, so it cannot be tricked into resolving anything.
"""

from __future__ import annotations

import json
import re

from kvtui.parse.entities import head_encoding
from kvtui.parse.kinds import BY_NAME, KINDS, SourceType

__all__ = ["SourceType", "sniff"]


_HEAD_BYTES = 65536

# Which XML root says which kind: the roots of the table's rows.
_XML_ROOTS = {root: kind.type for kind in KINDS.values() for root in kind.roots}
_CONTEXTS = [(kind.context, kind.type) for kind in KINDS.values() if kind.context]

_ANY_CASE = {r: kind.type for kind in KINDS.values() if kind.any_case for r in kind.roots}

# Elements that only KOOP Kamervragen XML has; used for fragments under unknown roots.
_KOOP_ELEMENTS = re.compile(r"<(?:[\w.-]+:)?(?:kamervra\w*|vraag|antwoord)[\s>/]")
_NAME = re.compile(r"[A-Za-z_][\w.:-]*")


def sniff(data: bytes, name: str | None = None) -> SourceType:
    """What ``data`` holds; ``name`` (a file name) only breaks ties."""
    head = _head_text(data)
    stripped = head.lstrip()
    if not stripped:
        return SourceType.UNKNOWN
    if stripped[0] in "{[":
        return _sniff_json(data, name)
    if stripped[0] == "<":
        return _sniff_markup(stripped, name)
    return SourceType.UNKNOWN


def _head_text(data: bytes) -> str:
    head = bytes(data[:_HEAD_BYTES])
    # A BOM, or UTF-16/32 without one (the width of the first "<"): the same rules the
    # XML parser follows, so a document it reads is never sniffed as unknown.
    encoding, skip = head_encoding(head)
    return head[skip:].decode(encoding or "utf-8", errors="replace")


def _sniff_json(data: bytes, name: str | None) -> SourceType:
    try:
        obj = json.loads(data)
    except (ValueError, RecursionError):
        return SourceType.UNKNOWN
    if not isinstance(obj, dict):
        return SourceType.UNKNOWN
    rows = obj.get("value") if "value" in obj else [obj]
    if not isinstance(rows, list):
        return SourceType.UNKNOWN
    for row in rows:
        if isinstance(row, dict):
            if "DocumentNummer" in row and "Nummer" not in row:
                return SourceType.ODATA_DOCUMENT
            if "Nummer" in row:
                return SourceType.ODATA_ZAAK
    context = str(obj.get("@odata.context") or "")
    for marker, kind in _CONTEXTS:
        if marker in context:
            return kind
    if "value" in obj and _base(name).startswith("zaak-"):
        return SourceType.ODATA_ZAAK
    return SourceType.UNKNOWN


def _sniff_markup(text: str, name: str | None) -> SourceType:
    root, doctype = _root_name(text)
    if doctype.lower().startswith("html"):
        return SourceType.KOOP_HTML
    if root is None:
        return SourceType.UNKNOWN
    local = root.rsplit(":", 1)[-1]
    if local in _XML_ROOTS:
        return _XML_ROOTS[local]
    if local.lower() in _ANY_CASE:
        return _ANY_CASE[local.lower()]
    if _KOOP_ELEMENTS.search(text):
        return SourceType.KOOP_XML
    base = _base(name).lower()
    for kind in BY_NAME:
        if base.endswith(kind.name_ends) and base.startswith(kind.name_starts or ("",)):
            return kind.type
    return SourceType.UNKNOWN


def _root_name(text: str) -> tuple[str | None, str]:
    """Name of the first element, skipping declarations, comments and a DOCTYPE.

    Returns (root name or None, DOCTYPE text after the keyword or '').
    """
    pos = 0
    doctype = ""
    n = len(text)
    while pos < n:
        start = text.find("<", pos)
        if start < 0:
            return None, doctype
        if text.startswith("<?", start):
            end = text.find("?>", start + 2)
            pos = n if end < 0 else end + 2
        elif text.startswith("<!--", start):
            end = text.find("-->", start + 4)
            pos = n if end < 0 else end + 3
        elif text[start : start + 9].upper() == "<!DOCTYPE":
            doctype = text[start + 9 : start + 200].strip()
            pos = _doctype_end(text, start)
        elif text.startswith("<!", start):
            end = text.find(">", start)
            pos = n if end < 0 else end + 1
        else:
            m = _NAME.match(text, start + 1)
            return (m.group() if m else None), doctype
    return None, doctype


def _doctype_end(text: str, start: int) -> int:
    bracket = text.find("[", start)
    close = text.find(">", start)
    if close < 0:
        return len(text)
    if 0 <= bracket < close:
        end = text.find("]", bracket)
        close = text.find(">", end) if end >= 0 else -1
    return len(text) if close < 0 else close + 1


def _base(name: str | None) -> str:
    if not name:
        return ""
    return name.replace("\\", "/").rsplit("/", 1)[-1]
