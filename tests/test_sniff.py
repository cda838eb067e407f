"""Source sniffing by content, and the parse_source / source_id entry points."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from kvtui.model import DocKind
from kvtui.parse import ParsedSource, id_from_name, parse_source, source_id
from kvtui.parse.errors import BadDocument
from kvtui.parse.sniff import SourceType, sniff

FIX = Path(__file__).parent / "fixtures" / "meta"

KOOP_XML = b"""<?xml version="1.0" encoding="utf-8"?>
<!-- FICTIEF voorbeeld voor kvtui <html> in a comment must not fool the sniffer -->
<officiele-publicatie><kamervragen><kamervraagnummer>2031Z00001</kamervraagnummer>
<vraag><nr>Vraag 1</nr><al>FICTIEF: rijden de treinen op tijd?</al></vraag>
</kamervragen></officiele-publicatie>"""


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (KOOP_XML, SourceType.KOOP_XML),
        (b"<vraagdoc><body><vragen/></body></vraagdoc>", SourceType.KOOP_XML),
        (b"<wrapper><vraag><nr>Vraag 1</nr></vraag></wrapper>", SourceType.KOOP_XML),
        (b"<!DOCTYPE html><html><body>x</body></html>", SourceType.KOOP_HTML),
        (b"<!doctype HTML>\n<p>Pagina niet gevonden</p>", SourceType.KOOP_HTML),
        (b'  <div class="vraag"><h2>Vraag 1</h2></div>', SourceType.KOOP_HTML),
        (b"<HTML><HEAD></HEAD></HTML>", SourceType.KOOP_HTML),
        (b"<metadata_gegevens/>", SourceType.METADATA),
        (b'<owms-metadata xmlns:x="urn:x"><owmskern/></owms-metadata>', SourceType.METADATA),
        (b'<sru:searchRetrieveResponse xmlns:sru="urn:x"/>', SourceType.SRU),
        (b"<record><recordData/></record>", SourceType.SRU),
        (b'{"value": [{"Nummer": "2031Z00001"}]}', SourceType.ODATA_ZAAK),
        (b'{"Nummer": "2031Z00001", "Soort": "Schriftelijke vragen"}', SourceType.ODATA_ZAAK),
        (b'{"value": [{"DocumentNummer": "2031D00001"}]}', SourceType.ODATA_DOCUMENT),
        (b'{"@odata.context": "x/$metadata#Zaak", "value": []}', SourceType.ODATA_ZAAK),
        (b'{"@odata.context": "x/$metadata#Document", "value": []}', SourceType.ODATA_DOCUMENT),
        (b'{"value": []}', SourceType.UNKNOWN),
        (b'{"error": {"message": "nope"}}', SourceType.UNKNOWN),
        (b"[1, 2]", SourceType.UNKNOWN),
        (b"{not json", SourceType.UNKNOWN),
        (b"", SourceType.UNKNOWN),
        (b"   \n ", SourceType.UNKNOWN),
        (b"%PDF-1.7 binary", SourceType.UNKNOWN),
        (b"<unknown-root/>", SourceType.UNKNOWN),
        (b"<!-- only a comment -->", SourceType.UNKNOWN),
    ],
)  # fmt: skip
def test_sniff_by_content(data, expected):
    assert sniff(data) is expected


def test_content_beats_the_name():
    assert sniff(b"<html><body>404</body></html>", "kv-tk-2031Z00001.xml") is SourceType.KOOP_HTML
    assert sniff(b"<metadata_gegevens/>", "kv-tk-2031Z00001.xml") is SourceType.METADATA
    assert sniff(KOOP_XML, "zaak-2031Z00001.json") is SourceType.KOOP_XML


def test_name_breaks_ties_only():
    odd = b"<unbekannt/>"
    assert sniff(odd, "dir/kv-tk-2031Z00001.metadata.xml") is SourceType.METADATA
    assert sniff(odd, "ah-tk-20302031-117.xml") is SourceType.KOOP_XML
    assert sniff(odd, "C:\\tmp\\page.html") is SourceType.KOOP_HTML
    assert sniff(odd, "notes.xml") is SourceType.UNKNOWN
    assert sniff(b'{"value": []}', "zaak-2031Z00001.json") is SourceType.ODATA_ZAAK


def test_sniff_skips_prolog_doctype_and_boms():
    doctype = b'<?xml version="1.0"?><!DOCTYPE x [<!ELEMENT x ANY>]><!-- c --><metadata_gegevens/>'
    assert sniff(doctype) is SourceType.METADATA
    assert sniff(b"\xef\xbb\xbf<metadata_gegevens/>") is SourceType.METADATA
    assert sniff("<metadata_gegevens/>".encode("utf-16")) is SourceType.METADATA
    assert sniff('{"Nummer": "2031Z00001"}'.encode("utf-16")) is SourceType.ODATA_ZAAK


def test_sniff_is_fast_on_big_and_odd_input():
    assert sniff(b"<" * 5_000_000) is SourceType.UNKNOWN
    assert sniff(b"<!--" + b"x" * 5_000_000) is SourceType.UNKNOWN
    assert sniff(b"[" * 100_000) is SourceType.UNKNOWN


@pytest.mark.shared
def test_sniff_shared_files(shared_dir):
    seed = shared_dir / "fixtures/seed"
    real = shared_dir / "fixtures/real"
    expected = {
        seed / "kv-tk-2020Z12161.xml": SourceType.KOOP_XML,
        seed / "ah-tk-20192020-3940.xml": SourceType.KOOP_XML,
        seed / "ah-tk-20192020-3666.metadata.xml": SourceType.METADATA,
        seed / "zaak-2020Z12161.json": SourceType.ODATA_ZAAK,
        seed / "expected.json": SourceType.UNKNOWN,
        real / "gmb-2024-216934.metadata_owms.xml": SourceType.METADATA,
        real / "gmb-2023-174296.sru-record.xml": SourceType.SRU,
        real / "ah-tk-20192020-2197.fragments.xml": SourceType.KOOP_XML,
        real / "kv-tk-2016Z00047.noten-fragment.html": SourceType.KOOP_HTML,
    }
    for path, kind in expected.items():
        assert sniff(path.read_bytes()) is kind, path.name  # no name: content alone


# --- parse_source / source_id ------------------------------------------------------


def test_parse_source_dispatches_each_kind():
    md = parse_source((FIX / "kv-tk-2031Z00001.metadata.xml").read_bytes())
    assert md.type is SourceType.METADATA and md.metadata.zaak_number == "2031Z00001"
    sru = parse_source((FIX / "sru-2031Z00001.xml").read_bytes())
    assert sru.type is SourceType.SRU and len(sru.sru.records) == 2
    zaak = parse_source((FIX / "zaak-2031Z00001.json").read_bytes())
    assert zaak.type is SourceType.ODATA_ZAAK and [z.number for z in zaak.zaken] == ["2031Z00001"]
    doc = parse_source((FIX / "document-2031D00040.json").read_bytes())
    assert doc.type is SourceType.ODATA_DOCUMENT and doc.zaak_numbers[0] == "2031Z00001"


def test_parse_source_koop_xml_uses_the_name_for_the_id():
    parsed = parse_source(KOOP_XML, "imports/kv-tk-2031Z00001.xml")
    assert parsed.type is SourceType.KOOP_XML
    assert parsed.document is not None
    assert [q.numbers for q in parsed.document.questions] == [(1,)]
    assert source_id(parsed, "kv-tk-2031Z00001.xml") == "kv-tk-2031Z00001"


def test_parse_source_html():
    page = b"""<html><head><meta name="DC.identifier" content="kv-tk-2031Z00001"/></head>
    <body><div class="stuk"><div class="vraag"><h2>Vraag 1</h2><p>FICTIEF: vraag?</p></div>
    </div></body></html>"""
    parsed = parse_source(page, "kv-tk-2031Z00001.html")
    assert parsed.type is SourceType.KOOP_HTML
    assert parsed.document.kind in (DocKind.QUESTIONS, DocKind.UNKNOWN)
    assert source_id(parsed, None) == "kv-tk-2031Z00001"


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4", b"<unknown/>", b'{"value": []}'])
def test_parse_source_refuses_unknown(data):
    with pytest.raises(BadDocument):
        parse_source(data, "x.bin")


def test_parse_source_passes_on_parser_refusals():
    with pytest.raises(BadDocument, match="diagnostics"):
        parse_source((FIX / "sru-diagnostics.xml").read_bytes())


def test_source_id_prefers_content_and_validates():
    zaak = parse_source((FIX / "zaak-2031Z00001.json").read_bytes())
    assert source_id(zaak, "zaak-2099Z99999.json") == "2031Z00001"
    sru = parse_source((FIX / "sru-2031Z00001.xml").read_bytes())
    assert source_id(sru) == "2031Z00001"  # a vraagnummer search is about its zaak
    doc = parse_source((FIX / "document-2031D00040.json").read_bytes())
    assert source_id(doc) == "2031Z00001"
    md = parse_source(b'<metadata_gegevens><metadata name="DC.identifier" content="../x"/>'
                      b"</metadata_gegevens>")  # fmt: skip
    assert source_id(md) is None
    assert source_id(md, "ah-tk-20302031-117.metadata.xml") == "ah-tk-20302031-117"
    assert source_id(ParsedSource(SourceType.UNKNOWN), "2031D00001.json") is None


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("kv-tk-2031Z00001.xml", "kv-tk-2031Z00001"),
        ("/tmp/dl/AH-TK-20302031-0117.metadata.xml", "ah-tk-20302031-0117"),  # padding kept
        ("C:\\Users\\x\\kv-tk-2031Z00001.html", "kv-tk-2031Z00001"),
        ("zaak-2031Z00001.json", "2031Z00001"),
        ("kv-tk-2031Z00001 (1).xml", None),
        ("../kv-tk-2031Z00001", "kv-tk-2031Z00001"),
        ("https://zoek.officielebekendmakingen.nl/kv-tk-2031Z00001.xml", "kv-tk-2031Z00001"),
        ("2031D00001.json", None),
        ("", None),
        (None, None),
    ],
)
def test_id_from_name(name, expected):
    assert id_from_name(name) == expected


def test_entry_point_does_not_load_lxml():
    """Light commands import kvtui.parse.errors; that must not pay for lxml."""
    code = (
        "import sys, kvtui.parse, kvtui.parse.errors, kvtui.grouping;print('lxml' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_odata_json_type_survives_a_round_trip():
    data = json.dumps({"value": [{"Nummer": "2031Z00001", "Verwijderd": True}]}).encode()
    parsed = parse_source(data)
    assert parsed.type is SourceType.ODATA_ZAAK and parsed.zaken == []
