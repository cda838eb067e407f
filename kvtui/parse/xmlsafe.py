"""The only way kvtui turns bytes into an XML tree.

lxml resolves internal entities and may read DTDs unless told not to. Documents come
from the network and from files users import, so this parser refuses any DOCTYPE that
declares entities (billion laughs, quadratic blow-up, XXE) before lxml sees it, and
parses with entity resolution, DTD loading and network access all off.
"""

from __future__ import annotations

import re

from lxml import etree

from kvtui.parse.errors import BadDocument

MAX_XML_BYTES = 64 * 1024 * 1024

# Looked for in the prolog only: a DOCTYPE must precede the root element.
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.I)
_ENTITY = re.compile(rb"<!ENTITY", re.I)
_ROOT_START = re.compile(rb"<[A-Za-z_]")


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


def check_prolog(data: bytes) -> None:
    """Refuse entity declarations and external DTDs before any parser runs."""
    head_end = _ROOT_START.search(data)
    prolog = data[: head_end.start()] if head_end else data[:65536]
    if _ENTITY.search(prolog):
        raise BadDocument("XML declares entities (refused: entity expansion / XXE)")
    if _DOCTYPE.search(prolog) and re.search(rb"<!DOCTYPE[^>\[]*\b(SYSTEM|PUBLIC)\b", prolog, re.I):
        raise BadDocument("XML refers to an external DTD (refused)")


def parse_xml(data: bytes) -> etree._Element:
    """Parse ``data`` safely, or raise ``BadDocument`` with a short reason."""
    if not isinstance(data, bytes | bytearray):
        raise BadDocument("not bytes")
    if len(data) > MAX_XML_BYTES:
        raise BadDocument(f"XML larger than {MAX_XML_BYTES // (1024 * 1024)} MiB")
    check_prolog(bytes(data[:1_000_000]))
    try:
        root = etree.fromstring(bytes(data), _parser())
    except etree.XMLSyntaxError as exc:
        raise BadDocument(f"invalid XML: {exc}") from None
    except ValueError as exc:  # e.g. unicode strings with encoding declarations
        raise BadDocument(f"invalid XML: {exc}") from None
    if root is None:
        raise BadDocument("empty XML document")
    return root


def local(tag: object) -> str:
    """Element name without namespace; '' for comments and processing instructions."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]
