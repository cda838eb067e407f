"""The only way kvtui turns bytes into an XML tree.

lxml resolves internal entities and may read DTDs unless told not to. Documents come
from the network and from files users import, so three walls stand between a document
and the rest of kvtui:

1. a prolog check refuses entity declarations before lxml runs (the cheap, early
   refusal of billion laughs and XXE). It reads the prolog as text in the document's
   own encoding (a UTF-16 or UTF-32 document is not ASCII bytes) and skips comments
   and processing instructions, so ``<!-- <a -->`` cannot end it early;
2. lxml parses with entity resolution, DTD loading and network access all off;
3. after parsing, the tree's DTD is inspected: any declared entity is refused. This
   wall needs no scan window and no guess at the encoding, so a prolog that slips past
   the first one (one longer than the scan window, an encoding the scan does not know)
   is still refused instead of being parsed inertly and kept.

A DOCTYPE that names an external DTD (``PUBLIC``/``SYSTEM``, as every KOOP answer of
the 1990s does) is accepted and never loaded: wall 2 keeps lxml from reading it, and
the named entities such a DTD would define are mapped from the standard sets before
parsing (``kvtui.parse.entities``), so nothing the DTD holds can reach kvtui.
"""

from __future__ import annotations

import codecs
import re

from lxml import etree

from kvtui.parse.entities import head_encoding, map_named_entities
from kvtui.parse.errors import BadDocument
from kvtui.whitespace import fold_xml

MAX_XML_BYTES = 64 * 1024 * 1024
PROLOG_SCAN_BYTES = 1_000_000

ENTITIES_REFUSED = "XML declares entities (refused: entity expansion / XXE)"
UNMAPPED_ENTITY_REFUSED = "XML uses a named entity kvtui could not map (refused)"

_ENTITY = re.compile(r"<!ENTITY", re.I)
_DOCTYPE = re.compile(r"<!DOCTYPE", re.I)
_HEAD_END = re.compile(r"[>\[]")
_EXTERNAL_ID = re.compile(r"\b(?:SYSTEM|PUBLIC)\b", re.I)
# Prolog parts that may hold a '<' followed by a letter without being the root element.
_SKIPPABLE = re.compile(r"<!--.*?(?:-->|\Z)|<\?.*?(?:\?>|\Z)", re.S)
_ROOT_START = re.compile(r"<[^\s!?]")


def _parser() -> etree.XMLParser:
    # The switches, at one glance: nothing resolved or loaded, no huge trees.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_comments=True, remove_pis=True,
    )  # fmt: skip


def _head_encoding(data: bytes) -> str:
    # ASCII-compatible (None): Latin-1 and friends read the same in the prolog.
    return head_encoding(data)[0] or "utf-8"


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


def check_prolog(data: bytes) -> bool:
    """Refuse entity declarations before any parser runs.

    Returns whether the DOCTYPE names an external DTD, whose entities must then be
    mapped (an undefined entity is legal XML only in such a document).
    """
    prolog = prolog_text(bytes(data))
    if _ENTITY.search(prolog):
        raise BadDocument(ENTITIES_REFUSED)
    return _external_doctype(prolog)


def _external_doctype(prolog: str) -> bool:
    """Whether a DOCTYPE names an external DTD (``SYSTEM``/``PUBLIC`` before ``[``/``>``).

    Each DOCTYPE's head is cut at its first ``[`` or ``>`` and searched once, so the
    scan is linear however many DOCTYPEs a hostile prolog repeats (one regex running
    to the next ``>`` from every ``<!DOCTYPE`` was quadratic).
    """
    pos = 0
    while m := _DOCTYPE.search(prolog, pos):
        start = m.end()
        stop = _HEAD_END.search(prolog, start)
        end = stop.start() if stop else len(prolog)
        if _EXTERNAL_ID.search(prolog, start, end):
            return True
        pos = max(end, start)
    return False


def check_tree(root: etree._Element) -> None:
    """Refuse a parsed document whose DTD declares entities or kept an entity reference.

    The parser resolved nothing, so the tree is harmless as it stands; refusing it
    anyway keeps one rule for every path (an entity reference left unresolved would
    otherwise silently drop text) and catches what the prolog scan cannot see. An
    external DTD is allowed: it was not loaded, and its entities were mapped.
    """
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and next(iter(dtd.iterentities()), None) is not None:
        raise BadDocument(ENTITIES_REFUSED)
    # After mapping no named reference is left; one here came past the prolog scan
    # (an external DOCTYPE it could not see), and its text would be lost.
    if dtd is not None and next(root.iter(etree.Entity), None) is not None:
        raise BadDocument(UNMAPPED_ENTITY_REFUSED)


def parse_xml(data: bytes) -> etree._Element:
    """Parse ``data`` safely, or raise ``BadDocument`` with a short reason."""
    if not isinstance(data, bytes | bytearray):
        raise BadDocument("not bytes")
    if len(data) > MAX_XML_BYTES:
        raise BadDocument(f"XML larger than {MAX_XML_BYTES // (1024 * 1024)} MiB")
    data = bytes(data)
    mapped = check_prolog(data)
    if mapped:
        data = map_named_entities(data)
    root = _parse(data)
    info = root.getroottree().docinfo
    if not mapped and (info.public_id or info.system_url):
        # An external DOCTYPE the prolog scan did not reach: map, then parse again.
        root = _parse(map_named_entities(data))
    check_tree(root)
    return root


def _parse(data: bytes) -> etree._Element:
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise BadDocument(f"invalid XML: {exc}") from None
    except ValueError as exc:  # e.g. unicode strings with encoding declarations
        raise BadDocument(f"invalid XML: {exc}") from None
    if root is None:
        raise BadDocument("empty XML document")
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


def text_of(el: etree._Element) -> str:
    """All text inside an element, XML whitespace runs collapsed (``fold_xml``)."""
    return fold_xml("".join(el.itertext()))
