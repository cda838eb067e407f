"""The only way kvtui turns bytes into an XML tree.

lxml resolves internal entities and may read DTDs unless told not to. Documents come
from the network and from files users import, so three walls stand between a document
and the rest of kvtui:

1. a prolog check refuses entity declarations and external DTDs before lxml runs (the
   cheap, early refusal of billion laughs and XXE). It reads the prolog as text in the
   document's own encoding (a UTF-16 or UTF-32 document is not ASCII bytes) and skips
   comments and processing instructions, so ``<!-- <a -->`` cannot end it early;
2. lxml parses with entity resolution, DTD loading and network access all off;
3. after parsing, the tree's DTD is inspected: any declared entity or external DTD is
   refused. This wall needs no scan window and no guess at the encoding, so a prolog
   that slips past the first one (one longer than the scan window, an encoding the scan
   does not know) is still refused instead of being parsed inertly and kept.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree

from kvtui.parse.errors import BadDocument

MAX_XML_BYTES = 64 * 1024 * 1024
PROLOG_SCAN_BYTES = 1_000_000

ENTITIES_REFUSED = "XML declares entities (refused: entity expansion / XXE)"
EXTERNAL_DTD_REFUSED = "XML refers to an external DTD (refused)"

_ENTITY = re.compile(r"<!ENTITY", re.I)
# One pass over the prolog's tokens: "<!DOCTYPE", the ">" or "[" that ends its head, and
# the keywords of an external id. (As one pattern, "<!DOCTYPE[^>\[]*\bSYSTEM", every
# repeated "<!DOCTYPE" re-read the rest of a long prolog: quadratic.)
_DOCTYPE_TOKEN = re.compile(r"<!DOCTYPE|[>\[]|\b(?:SYSTEM|PUBLIC)\b", re.I)
# Prolog parts that may hold a '<' followed by a letter without being the root element.
_SKIPPABLE = re.compile(r"<!--.*?(?:-->|\Z)|<\?.*?(?:\?>|\Z)", re.S)
_ROOT_START = re.compile(r"<[^\s!?]")

# Byte-order marks and, without one, the first bytes of '<?' in each UTF width (XML 1.0
# appendix F), so the prolog can be read as text before the parser reads it.
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


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _head_encoding(data: bytes) -> str:
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    for start, name in _NO_BOM:
        if data.startswith(start):
            return name
    return "utf-8"  # ASCII-compatible: Latin-1 and friends read the same in the prolog


def prolog_text(data: bytes) -> str:
    """The document's prolog as text: up to its root element, comments and PIs removed.

    Decoded in the encoding the first bytes announce; undecodable bytes become U+FFFD,
    which never hides a declaration (their own parser would refuse such bytes anyway).
    """
    encoding = _head_encoding(data)
    window = 4096  # almost every prolog ends here; widen only when it does not
    while True:
        head = data[: min(window, PROLOG_SCAN_BYTES)]
        text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(head)
        text = _SKIPPABLE.sub(" ", text.lstrip("\ufeff"))
        end = _ROOT_START.search(text)
        if end:
            return text[: end.start()]
        if len(head) == len(data) or window >= PROLOG_SCAN_BYTES:
            return text
        window *= 16


def check_prolog(data: bytes) -> None:
    """Refuse entity declarations and external DTDs before any parser runs."""
    prolog = prolog_text(bytes(data))
    if _ENTITY.search(prolog):
        raise BadDocument(ENTITIES_REFUSED)
    if _external_doctype(prolog):
        raise BadDocument(EXTERNAL_DTD_REFUSED)


def _external_doctype(prolog: str) -> bool:
    """A SYSTEM or PUBLIC keyword in a DOCTYPE's head (before its "[" or ">")."""
    in_head = False
    for m in _DOCTYPE_TOKEN.finditer(prolog):
        token = m[0]
        if token[0] == "<":
            in_head = True
        elif token in (">", "["):
            in_head = False
        elif in_head:
            return True
    return False


def check_tree(root: etree._Element) -> None:
    """Refuse a parsed document whose DTD declares entities or names an external DTD.

    The parser resolved nothing, so the tree is harmless as it stands; refusing it
    anyway keeps one rule for every path (an entity reference left unresolved would
    otherwise silently drop text) and catches what the prolog scan cannot see.
    """
    info = root.getroottree().docinfo
    if info.system_url or info.public_id:
        raise BadDocument(EXTERNAL_DTD_REFUSED)
    dtd = info.internalDTD
    if dtd is not None and next(iter(dtd.iterentities()), None) is not None:
        raise BadDocument(ENTITIES_REFUSED)
    if dtd is not None and (dtd.system_url or dtd.external_id):
        raise BadDocument(EXTERNAL_DTD_REFUSED)


def parse_xml(data: bytes) -> etree._Element:
    """Parse ``data`` safely, or raise ``BadDocument`` with a short reason."""
    if not isinstance(data, bytes | bytearray):
        raise BadDocument("not bytes")
    if len(data) > MAX_XML_BYTES:
        raise BadDocument(f"XML larger than {MAX_XML_BYTES // (1024 * 1024)} MiB")
    data = bytes(data)
    check_prolog(data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise BadDocument(f"invalid XML: {exc}") from None
    except ValueError as exc:  # e.g. unicode strings with encoding declarations
        raise BadDocument(f"invalid XML: {exc}") from None
    if root is None:
        raise BadDocument("empty XML document")
    check_tree(root)
    return root


def local(tag: object) -> str:
    """Element name without namespace; '' for comments and processing instructions."""
    # Parsers ask this of every element they walk, and documents use few names.
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1]
        if len(_LOCAL_NAMES) < 4096:  # hostile documents may hold endless names
            _LOCAL_NAMES[tag] = name
    return name


_LOCAL_NAMES: dict[str, str] = {}
