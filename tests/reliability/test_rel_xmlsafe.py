"""The hardened XML entry point: the bypasses of the old prolog scan are closed.

The parser author noted that ``check_prolog`` could be passed by a UTF-16 document, a
comment holding ``<a`` before the DOCTYPE, or a prolog longer than the scan window;
lxml's own settings then kept the document harmless but it was still accepted. Now
each is refused, by the encoding-aware scan or by the check of the parsed tree.

An external DTD (``PUBLIC``/``SYSTEM``, as in every KOOP answer of the 1990s) is no
longer refused: behind each of the same bypasses it is accepted, never read, and its
named entities are mapped from the standard sets (issue 8, item 4).
"""

from __future__ import annotations

import time

import pytest

from kvtui.parse.errors import BadDocument
from kvtui.parse.xmlsafe import check_prolog, check_tree, parse_xml, prolog_text

ENTITY_DOC = '<!DOCTYPE r [<!ENTITY x "FICTIEF">]><r>&x;</r>'
EXTERNAL_DOC = '<!DOCTYPE r SYSTEM "http://127.0.0.1:{port}/x.dtd"><r a="&eacute;&x;">&euro;&x;</r>'
ENTITY_BEHIND_EXTERNAL = (
    '<!DOCTYPE r SYSTEM "http://127.0.0.1:9/x.dtd" [<!ENTITY x "FICTIEF">]><r>&x;</r>'
)

WRAPPERS = {
    "utf-16": lambda d: ('<?xml version="1.0" encoding="UTF-16"?>' + d).encode("utf-16"),
    "utf-16-be with BOM": lambda d: ("\ufeff" + d).encode("utf-16-be"),
    "utf-16-le without BOM": lambda d: d.encode("utf-16-le"),
    "utf-32": lambda d: ('<?xml version="1.0" encoding="UTF-32"?>' + d).encode("utf-32"),
    "utf-8 BOM": lambda d: ("\ufeff" + d).encode("utf-8"),
    "comment holding <a": lambda d: ("<!-- <a -->" + d).encode(),
    "PI holding <a": lambda d: ("<?kvtui <a?>" + d).encode(),
    "prolog past the scan window": lambda d: ("<!--" + " " * 1_100_000 + "-->" + d).encode(),
    "EBCDIC": lambda d: ('<?xml version="1.0" encoding="cp037"?>' + d).encode("cp037"),
}


@pytest.mark.parametrize("wrapper", list(WRAPPERS))
@pytest.mark.parametrize("doc", [ENTITY_DOC, ENTITY_BEHIND_EXTERNAL])
def test_every_known_bypass_is_refused(wrapper, doc, tally):
    tally["hostile_cases"] += 1
    # Some libxml2 builds refuse EBCDIC outright: refused all the same.
    with pytest.raises(BadDocument, match=None if wrapper == "EBCDIC" else "entities"):
        parse_xml(WRAPPERS[wrapper](doc))


@pytest.mark.parametrize("wrapper", list(WRAPPERS))
def test_an_external_dtd_behind_every_bypass_is_read_inertly(wrapper, listener, tally):
    """Accepted, not fetched, entities mapped (an unknown one stays ``&x;``)."""
    tally["hostile_cases"] += 1
    data = WRAPPERS[wrapper](EXTERNAL_DOC.format(port=listener.port))
    if wrapper == "EBCDIC":  # no entity mapping for EBCDIC: refused, never guessed at
        with pytest.raises(BadDocument):
            parse_xml(data)
    else:
        root = parse_xml(data)
        assert (root.text, root.get("a")) == ("€&x;", "é&x;")
    assert not listener.connected()


@pytest.mark.parametrize("wrapper", ["utf-16", "comment holding <a", "utf-8 BOM"])
def test_the_scan_itself_sees_through_encodings_and_comments(wrapper):
    """Refused before lxml runs (the cheap wall), not only after parsing."""
    with pytest.raises(BadDocument, match="entities"):
        check_prolog(WRAPPERS[wrapper](ENTITY_DOC))


def test_the_prolog_ends_at_the_root_element():
    assert "ENTITY" not in prolog_text(b"<r><!ENTITY x 'y'></r>")
    assert prolog_text(b"<?xml version='1.0'?><!-- x --><r/>").strip() == ""


def test_harmless_documents_still_parse():
    assert parse_xml(b"<!DOCTYPE r [<!ELEMENT r ANY>]><r>ok</r>").text == "ok"
    assert parse_xml("<r>één</r>".encode("utf-16")).text == "één"
    assert parse_xml(b"<!-- <a --><r>ok</r>").text == "ok"
    root = parse_xml(b"<r>ok</r>")
    check_tree(root)


def test_the_scan_stays_cheap_on_a_big_document():
    big = b"<r>" + b"<al>FICTIEF voorbeeld voor kvtui</al>" * 1_500_000 + b"</r>"
    start = time.perf_counter()
    for _ in range(100):
        check_prolog(big)
    assert (time.perf_counter() - start) / 100 < 0.005
    headless = b"<!--" + b" " * 60_000_000 + b"-->"
    start = time.perf_counter()
    check_prolog(headless)
    assert time.perf_counter() - start < 1.0
