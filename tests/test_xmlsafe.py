"""Hostile XML: every attack is refused fast or parsed inertly, and nothing is read.

The prolog check in ``xmlsafe`` is the first wall; each attack is also sent wrapped so
that it slips past a byte-level scan of the prolog (UTF-16, a comment holding ``<a``,
a prolog longer than the scan window), which proves the second wall (lxml with entity
resolution, DTD loading and network access off) holds on its own.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from lxml import etree

from kvtui.parse import parse_source
from kvtui.parse.errors import BadDocument
from kvtui.parse.metadata import parse_metadata
from kvtui.parse.xmlsafe import parse_xml

CANARY = "KVTUI-CANARY-7f3a9c"
FAST = 1.0  # seconds


@pytest.fixture
def canary(tmp_path: Path) -> Path:
    path = tmp_path / "canary.txt"
    path.write_text(CANARY, encoding="utf-8")
    (tmp_path / "canary.dtd").write_text(f'<!ENTITY leak "{CANARY}">', encoding="utf-8")
    (tmp_path / "param.ent").write_text(f'<!ENTITY leak "{CANARY}">', encoding="utf-8")
    return path


def _billion_laughs() -> str:
    ents = ['<!ENTITY lol0 "lol">']
    ents += [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return f"<!DOCTYPE lolz [{''.join(ents)}]><lolz>&lol9;</lolz>"


def _quadratic() -> str:
    return f'<!DOCTYPE r [<!ENTITY a "{"A" * 50_000}">]><r>{"&a;" * 50_000}</r>'


def _hostile(canary: Path, port: int) -> dict[str, str]:
    file_url = canary.as_uri()
    folder = canary.parent.as_uri()
    net = f"http://127.0.0.1:{port}"
    return {
        "billion laughs": _billion_laughs(),
        "quadratic blow-up": _quadratic(),
        "quadratic in attribute": (
            f'<!DOCTYPE r [<!ENTITY a "{"A" * 50_000}">]><r x="{"&a;" * 50_000}"/>'
        ),
        "XXE file": f'<!DOCTYPE r [<!ENTITY x SYSTEM "{file_url}">]><r>&x;</r>',
        "XXE network": f'<!DOCTYPE r [<!ENTITY x SYSTEM "{net}/x">]><r>&x;</r>',
        "XXE public id": f'<!DOCTYPE r [<!ENTITY x PUBLIC "-//X//Y" "{file_url}">]><r>&x;</r>',
        "external DTD file": f'<!DOCTYPE r SYSTEM "{folder}/canary.dtd"><r>&leak;</r>',
        "external DTD network": f'<!DOCTYPE r SYSTEM "{net}/x.dtd"><r>&leak;</r>',
        "parameter entity file": (
            f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{folder}/param.ent"> %p;]><r>&leak;</r>'
        ),
        "parameter entity network": (
            f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{net}/p.ent"> %p;]><r>&leak;</r>'
        ),
        "XInclude": (
            '<r xmlns:xi="http://www.w3.org/2001/XInclude">'
            f'<xi:include href="{file_url}" parse="text"/></r>'
        ),
        "XSLT stylesheet PI": f'<?xml-stylesheet href="{net}/s.xsl"?><r/>',
        "schema location": (
            '<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            f'xsi:noNamespaceSchemaLocation="{net}/s.xsd"/>'
        ),
    }


# Ways to carry a document past a byte scan of the prolog.
WRAPPERS: dict[str, Callable[[str], bytes]] = {
    "plain": lambda doc: doc.encode("utf-8"),
    "utf-16": lambda doc: ('<?xml version="1.0" encoding="UTF-16"?>' + doc).encode("utf-16"),
    "comment with <a": lambda doc: ("<!-- <a -->" + doc).encode("utf-8"),
    "long prolog": lambda doc: ("<!--" + " " * 1_100_000 + "-->" + doc).encode("utf-8"),
}


def _outputs(root: etree._Element) -> str:
    return etree.tostring(root, encoding="unicode") + "".join(root.itertext())


def _run(fn: Callable[[], object]) -> tuple[object, float]:
    """Run ``fn`` in a worker so a hang fails the test instead of stalling the suite."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        start = time.perf_counter()
        future = pool.submit(fn)
        result = future.result(timeout=10)
        return result, time.perf_counter() - start


def _parse(data: bytes) -> etree._Element | BadDocument:
    try:
        return parse_xml(data)
    except BadDocument as exc:
        return exc


@pytest.mark.parametrize("wrapper", list(WRAPPERS))
def test_hostile_documents_are_refused_or_inert(canary, listener, wrapper):
    port = listener.port
    for label, doc in _hostile(canary, port).items():
        data = WRAPPERS[wrapper](doc)
        result, took = _run(lambda data=data: _parse(data))
        assert took < FAST, f"{label} ({wrapper}) took {took:.2f}s"
        if isinstance(result, BadDocument):
            assert CANARY not in str(result)
            continue
        text = _outputs(result)
        assert CANARY not in text, f"{label} ({wrapper}) read the file"
        assert len(text) < 3_000_000, f"{label} ({wrapper}) expanded entities"
        assert "lollollol" not in text, f"{label} ({wrapper}) expanded entities"
    assert not listener.connected(), "the parser opened a network connection"


@pytest.mark.parametrize("wrapper", ["plain", "comment with <a"])
def test_plain_entity_attacks_are_refused_outright(wrapper):
    for doc in (_billion_laughs(), _quadratic()):
        with pytest.raises(BadDocument):
            parse_xml(WRAPPERS[wrapper](doc))


def test_entity_declarations_are_refused_by_the_prolog_check(canary):
    with pytest.raises(BadDocument, match="entities"):
        parse_xml(f'<!DOCTYPE r [<!ENTITY x SYSTEM "{canary.as_uri()}">]><r>&x;</r>'.encode())
    with pytest.raises(BadDocument, match="external DTD"):
        parse_xml(f'<!DOCTYPE r SYSTEM "{canary.as_uri()}"><r/>'.encode())


def test_no_entry_point_leaks_the_canary(canary, listener):
    """Through every parser kvtui has, as a metadata file, a KOOP document and SRU."""
    urls = [canary.as_uri(), f"http://127.0.0.1:{listener.port}/x"]
    bodies = {
        "metadata": '<metadata_gegevens><metadata name="DC.title" content="&x;"/>'
        "</metadata_gegevens>",
        "koop": "<officiele-publicatie><kamervragen><vraag><nr>Vraag 1</nr><al>&x;</al></vraag>"
        "</kamervragen></officiele-publicatie>",
        "sru": "<record><recordData><identifier>kv-tk-2031Z00001</identifier><title>&x;</title>"
        "</recordData></record>",
    }
    for (label, body), url in itertools.product(bodies.items(), urls):
        for wrapper in ("plain", "utf-16", "comment with <a"):
            doc = f'<!DOCTYPE r [<!ENTITY x SYSTEM "{url}">]>{body}'
            data = WRAPPERS[wrapper](doc)
            try:
                (parsed, took) = _run(lambda data=data: parse_source(data, "kv-tk-2031Z00001.xml"))
            except BadDocument as exc:
                assert CANARY not in str(exc)
                continue
            assert took < FAST
            assert CANARY not in repr(parsed), f"{label} ({wrapper})"
    assert not listener.connected()


def test_deep_nesting_fails_fast():
    data = b"<a>" * 100_000 + b"x" + b"</a>" * 100_000
    result, took = _run(lambda: _parse(data))
    assert took < FAST
    assert isinstance(result, BadDocument)


def test_deep_nesting_through_the_metadata_parser():
    data = b"<metadata_gegevens>" + b"<m>" * 100_000 + b"</m>" * 100_000 + b"</metadata_gegevens>"

    def attempt() -> BadDocument | None:
        try:
            parse_metadata(data)
        except BadDocument as exc:
            return exc
        return None

    result, took = _run(attempt)
    assert took < FAST
    assert isinstance(result, BadDocument)


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0" encoding="utf-8"?><r>\xff\xfe\xc3(</r>',
        b"<r>\xc3\x28</r>",
        b"<r>\xed\xa0\x80</r>",  # an encoded surrogate
        b"\x00\x00\x00<r/>",
        b"<r>\x1b]52;c;aGk=\x07</r>",  # raw C0 controls are not XML
        b"<r>&#27;</r>",  # nor are references to them
        b"",
        b"<r>",
    ],
)
def test_invalid_bytes_are_refused(data):
    with pytest.raises(BadDocument):
        parse_xml(data)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_read(encoding):
    text = '<?xml version="1.0" encoding="UTF-16"?><r>FICTIEF: één «vraag»</r>'
    data = text.encode(encoding)
    if encoding != "utf-16":
        data = ("\ufeff" + text).encode(encoding)
    root = parse_xml(data)
    assert root.text == "FICTIEF: één «vraag»"


def test_a_harmless_internal_doctype_is_accepted():
    root = parse_xml(b"<!DOCTYPE r [<!ELEMENT r ANY>]><r>ok</r>")
    assert root.text == "ok"


def test_c1_controls_by_reference_are_kept_as_text():
    """XML 1.0 allows them; parsing keeps them and output paths make them inert."""
    root = parse_xml(b"<r>&#155;2J&#x202e;</r>")
    assert root.text == "\x9b2J\u202e"


def test_not_bytes_and_oversize_are_refused():
    with pytest.raises(BadDocument):
        parse_xml("<r/>")  # type: ignore[arg-type]
    with pytest.raises(BadDocument, match="larger"):
        parse_xml(b"<r>" + b" " * (64 * 1024 * 1024) + b"</r>")
