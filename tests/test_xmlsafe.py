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
from xml_encodings import ENCODINGS

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
    # Next to an external DTD too: naming one does not open the door to declarations.
    with pytest.raises(BadDocument, match="entities"):
        parse_xml(
            f'<!DOCTYPE r SYSTEM "{canary.as_uri()}" [<!ENTITY x "FICTIEF">]><r>&x;</r>'.encode()
        )
    # The external DTD alone is accepted and not read.
    root = parse_xml(f'<!DOCTYPE r SYSTEM "{canary.as_uri()}"><r/>'.encode())
    assert CANARY not in _outputs(root)


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


# ---------------------------------------------------------------------------
# Old documents: a DOCTYPE with PUBLIC/SYSTEM is accepted, never loaded, and its
# named entities are mapped from the standard sets (issue 8, item 4)
# ---------------------------------------------------------------------------


class _DtdServer:
    """A local HTTP server that serves a DTD and records every request it gets.

    The DTD would define ``&onbekend;`` and ``&eacute;`` as the canary and give every
    ``al`` a defaulted attribute: if any parser path loaded it, the canary would show.
    """

    def __init__(self, dtd: str) -> None:
        import http.server
        import threading

        hits: list[str] = []
        body = dtd.encode()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "application/xml-dtd")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.hits = hits
        self._srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._srv.server_address[1]}/vraagdoc.dtd"
        self._thread = threading.Thread(target=self._srv.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._srv.shutdown()
        self._srv.server_close()


CANARY_DTD = (
    f'<!ENTITY onbekend "{CANARY}"><!ENTITY eacute "{CANARY}">'
    f'<!ENTITY % p "{CANARY}"><!ATTLIST al lek CDATA "{CANARY}">'
)


@pytest.fixture
def dtd_server():
    server = _DtdServer(CANARY_DTD)
    yield server
    server.close()


@pytest.fixture
def dtd_file(tmp_path: Path) -> Path:
    path = tmp_path / "vraagdoc.dtd"
    path.write_text(CANARY_DTD, encoding="utf-8")
    return path


def _old_doc(doctype: str, *, attr: str = "x&eacute;&onbekend;") -> str:
    return (
        f"{doctype}<vraagdoc><body><vragen><vraag><nummer>1</nummer>"
        f'<al n="{attr}">FICTIEF caf&eacute; &ndash; &onbekend; &euro;&nbsp;5 &amp; &lt;</al>'
        "</vraag></vragen></body></vraagdoc>"
    )


def _doctypes(dtd_url: str, dtd_path: Path) -> dict[str, str]:
    file_url = dtd_path.as_uri()
    return {
        "PUBLIC http": f'<!DOCTYPE vraagdoc PUBLIC "-//FICTIEF//DTD vraagdoc//NL" "{dtd_url}">',
        "PUBLIC file": f'<!DOCTYPE vraagdoc PUBLIC "-//FICTIEF//DTD vraagdoc//NL" "{file_url}">',
        "SYSTEM http": f'<!DOCTYPE vraagdoc SYSTEM "{dtd_url}">',
        "SYSTEM file": f'<!DOCTYPE vraagdoc SYSTEM "{file_url}">',
        "SYSTEM relative file": f'<!DOCTYPE vraagdoc SYSTEM "{dtd_path.name}">',
        "SYSTEM plain path": f'<!DOCTYPE vraagdoc SYSTEM "{dtd_path}">',
        "spread over lines": (
            f'<!DOCTYPE vraagdoc\n  PUBLIC\t"-//FICTIEF//DTD vraagdoc//NL"\n  "{dtd_url}"\n>'
        ),
        "with an internal subset": (
            f'<!DOCTYPE vraagdoc SYSTEM "{dtd_url}" [<!ELEMENT vraagdoc ANY> %p;]>'
        ),
    }


OLD_WRAPPERS: dict[str, Callable[[str], bytes]] = {
    **ENCODINGS,
    "comment with <a": lambda d: ("<!-- <a -->" + d).encode(),
    "long prolog": lambda d: ("<!--" + " " * 1_100_000 + "-->" + d).encode(),
}


@pytest.mark.parametrize("wrapper", list(OLD_WRAPPERS))
def test_external_dtd_is_accepted_never_loaded_and_entities_are_mapped(
    dtd_server, dtd_file, listener, wrapper
):
    for label, doctype in _doctypes(dtd_server.url, dtd_file).items():
        data = OLD_WRAPPERS[wrapper](_old_doc(doctype))
        root, took = _run(lambda data=data: parse_xml(data))
        assert took < FAST, f"{label} ({wrapper}) took {took:.2f}s"
        assert isinstance(root, etree._Element), f"{label} ({wrapper}): {root}"
        al = root.find(".//al")
        where = f"{label} ({wrapper})"
        assert CANARY not in _outputs(root), f"{where}: the DTD was read"
        assert "lek" not in al.attrib, f"{where}: a default attribute from the DTD"
        assert al.text == "FICTIEF café – &onbekend; €\u00a05 & <", where
        assert al.get("n") == "xé&onbekend;", where
    assert dtd_server.hits == [], "a DTD was fetched over HTTP"
    assert not listener.connected()


def test_unknown_entities_stay_visible_in_every_place():
    doctype = '<!DOCTYPE r PUBLIC "-//FICTIEF//DTD r//NL" "r.dtd">'
    data = (
        f'{doctype}<r a="&x1;"><b>&x2;</b>&x3;<c d="&amp;x4;">&x5;&x6;&eacute;</c>&x7;</r>'
    ).encode()
    root = parse_xml(data)
    assert root.get("a") == "&x1;"
    assert root[0].text == "&x2;" and root[0].tail == "&x3;"
    assert root[1].get("d") == "&x4;"  # an escaped ampersand stays one
    assert root[1].text == "&x5;&x6;é" and root[1].tail == "&x7;"


def test_entity_names_are_case_sensitive_and_literal_parts_untouched():
    doctype = '<!DOCTYPE r SYSTEM "r.dtd">'
    data = (
        f"{doctype}<r>&Eacute;&eacute;&EACUTE;<![CDATA[&eacute; &x;]]>"
        "<?pi &eacute;?><!-- &eacute; -->&#233;&#xE9;</r>"
    ).encode()
    root = parse_xml(data)
    assert root.text == "Éé&EACUTE;&eacute; &x;éé"


def test_documents_without_an_external_dtd_are_read_as_before():
    """No DOCTYPE: an undeclared entity is still not XML, and nothing is rewritten."""
    with pytest.raises(BadDocument, match="invalid XML"):
        parse_xml(b"<r>caf&eacute;</r>")
    with pytest.raises(BadDocument, match="invalid XML"):
        parse_xml(b"<!DOCTYPE r [<!ELEMENT r ANY>]><r>caf&eacute;</r>")
    assert parse_xml("<r>café &amp; <![CDATA[&x;]]></r>".encode()).text == "café & &x;"


@pytest.mark.parametrize("size", [10_000, 100_000, 1_000_000])
def test_entity_mapping_is_linear(size):
    """Time per entity stays flat as documents grow a hundredfold."""
    doctype = '<!DOCTYPE r SYSTEM "r.dtd">'
    body = "<al>caf&eacute; &onbekend; &euro;</al>" * (size // 10)
    data = f"{doctype}<r>{body}</r>".encode()
    root, took = _run(lambda: parse_xml(data))
    assert len(root) == size // 10
    # 1 MB-ish of entities in well under a second; 30 MB would take a few.
    assert took < FAST * max(1, size / 300_000), f"{size}: {took:.2f}s"


def test_hostile_shapes_around_entities_stay_linear():
    """Unterminated comments, CDATA and PIs, long names, many DOCTYPEs."""
    doctype = '<!DOCTYPE r SYSTEM "r.dtd">'
    shapes = {
        "many unterminated comments": doctype + "<r>" + "<!--" * 200_000,
        "many unterminated CDATA": doctype + "<r>" + "<![CDATA[" * 100_000,
        "many unterminated PIs": doctype + "<r>" + "<?a" * 200_000,
        "long names without ;": doctype + "<r>" + ("&" + "a" * 5000) * 200 + "</r>",
        "ampersands": doctype + "<r>" + "&" * 500_000 + "</r>",
        "many DOCTYPEs": "<!DOCTYPE" * 100_000 + "<r/>",
        "many open DOCTYPE subsets": "<!DOCTYPE r [" * 100_000 + "]><r/>",
    }
    for label, doc in shapes.items():
        result, took = _run(lambda doc=doc: _parse(doc.encode()))
        assert took < FAST, f"{label}: {took:.2f}s"
        assert isinstance(result, BadDocument | etree._Element), label
