"""Named entities of documents that name an external DTD, without ever loading it.

KOOP answers of the 1990s begin ``<!DOCTYPE vraagdoc PUBLIC "…" "…">`` and write
``&eacute;`` or ``&euro;`` in their text, entities that DTD would define. kvtui never
loads a DTD (no file, no network: XXE), so the names are mapped here from the standard
sets instead: the HTML5 table of the standard library, which holds the XHTML 1.0 sets
(lat1, symbol, special) and the ISO 8879 sets that MathML adopted. A name outside them
is written as ``&amp;name;`` so that it reads ``&name;`` to the user: visible, never
dropped (lxml would drop an undefined entity in an attribute without a word).

The mapping works on the decoded text with one left-to-right regex pass, so it is
linear in the document's size; comments, processing instructions and CDATA sections
are copied untouched (an ``&eacute;`` there is literal text, not a reference). The
result is UTF-8 without an XML declaration, ready for the same hardened parse.
"""

from __future__ import annotations

import codecs
import re
from functools import lru_cache
from html.entities import html5

from kvtui.parse.errors import BadDocument

# The five XML defines itself; lxml handles them.
_PREDEFINED = frozenset({"amp", "lt", "gt", "quot", "apos"})
# One token per match: a part copied as is, or a named reference. Every alternative
# either always matches (an unterminated comment runs to the end in one match) or is
# bounded, so the scan is linear even on hostile input.
_TOKEN = re.compile(
    r"<!--.*?(?:-->|\Z)"
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<\?.*?(?:\?>|\Z)"
    r"|&([A-Za-z_][A-Za-z0-9._-]{0,63});",
    re.S,
)
# Anchored at the start, so one linear match however long; it must go whatever its
# length, or a declared encoding would lie about the UTF-8 bytes handed on.
_DECLARATION = re.compile(r"\A<\?xml\s[^>]*?\?>")
_DECLARED_ENCODING = re.compile(
    r"""\A<\?xml\s[^>]{0,4000}?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})"""
)

# Byte-order marks and, without one, the first bytes of '<' in each UTF width (XML 1.0
# appendix F), so a prolog can be read as text before the parser reads it.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_NO_BOM = (
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)


@lru_cache(maxsize=4096)
def replacement(name: str) -> str:
    """What ``&name;`` becomes: the predefined reference, character references, or
    the escaped name itself when no standard set defines it."""
    if name in _PREDEFINED:
        return f"&{name};"
    value = html5.get(name + ";")
    if value is None:
        return f"&amp;{name};"
    return "".join(f"&#x{ord(c):X};" for c in value)


def _sub(match: re.Match[str]) -> str:
    name = match.group(1)
    return match.group(0) if name is None else replacement(name)


def map_named_entities(data: bytes) -> bytes:
    """``data`` decoded, its named entities mapped (see the module), as UTF-8 bytes.

    Raises ``BadDocument`` when the bytes are not text in the encoding they declare,
    the same refusal the parser would give.
    """
    text = _decode(data)
    text = _DECLARATION.sub("", text, count=1)
    return _TOKEN.sub(_sub, text).encode("utf-8")


def head_encoding(data: bytes) -> tuple[str | None, int]:
    """The encoding the first bytes announce (a BOM, or the width of ``<`` without one,
    XML 1.0 appendix F) and the BOM's length; ``(None, 0)`` for ASCII-compatible bytes,
    whose XML declaration names the rest."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    for start, name in _NO_BOM:
        if data.startswith(start):
            return name, 0
    return None, 0


def _decode(data: bytes) -> str:
    encoding, skip = head_encoding(data)
    data = data[skip:]
    if encoding is None:
        head = data[:4096].decode("latin-1")
        m = _DECLARED_ENCODING.match(head)
        encoding = m[1] if m else "utf-8"
    try:
        codecs.lookup(encoding)
        return data.decode(encoding)
    except LookupError:
        raise BadDocument(f"invalid XML: unsupported encoding {encoding[:40]!r}") from None
    except UnicodeDecodeError as exc:
        raise BadDocument(f"invalid XML: bytes are not {encoding} ({exc.reason})") from None
