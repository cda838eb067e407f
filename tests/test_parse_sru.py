"""SRU gzd responses: namespaced, namespace-stripped, bare records and diagnostics."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from lxml import etree

from kvtui.parse.errors import BadDocument
from kvtui.parse.sru import SruResult, parse_sru
from kvtui.parse.xmlsafe import parse_xml

FIX = Path(__file__).parent / "fixtures" / "meta"


@pytest.mark.shared
def test_real_bare_record(shared_dir):
    result = parse_sru((shared_dir / "fixtures/real/gmb-2023-174296.sru-record.xml").read_bytes())
    assert isinstance(result, SruResult)
    assert len(result.records) == 1
    rec = result.records[0]
    assert rec.identifier == "gmb-2023-174296"
    assert rec.title.startswith("Ingekomen melding, Frater Romboutsstraat 42")
    assert rec.types == ["omgevingsvergunning"]
    assert rec.publication_name == "Gemeenteblad"
    assert rec.available == dt.date(2023, 4, 20)
    assert rec.preferred_url == "https://zoek.officielebekendmakingen.nl/gmb-2023-174296.html"
    assert set(rec.item_urls) == {"html", "metadata", "metadataowms", "odt", "pdf", "xml"}
    assert rec.item_urls["xml"].endswith("/gmb-2023-174296/1/xml/gmb-2023-174296.xml")
    assert rec.zaak_number is None
    assert result.number_of_records is None and result.next_record is None


def test_namespaced_response():
    result = parse_sru((FIX / "sru-2031Z00001.xml").read_bytes())
    assert result.number_of_records == 3
    assert result.next_record == 3
    assert [r.identifier for r in result.records] == ["kv-tk-2031Z00001", "ah-tk-20302031-117"]
    kv, ah = result.records
    assert kv.zaak_number == ah.zaak_number == "2031Z00001"
    assert kv.publication_name == "Kamervragen zonder antwoord"
    assert ah.publication_name == "Kamervragen (Aanhangsel)"
    assert ah.appendix_number == "117"
    assert ah.vergaderjaar == "2030-2031"
    assert ah.types == ["officiële publicatie", "Antwoord"]
    assert kv.issued == dt.date(2031, 2, 4) and kv.available == dt.date(2031, 2, 5)
    assert ah.available is None
    assert set(kv.item_urls) == {"xml", "metadata"}
    assert ah.item_urls == {
        "xml": "https://repository.overheid.nl/frbr/officielepublicaties/ah-tk/20302031/"
        "ah-tk-20302031-117/1/xml/ah-tk-20302031-117.xml"
    }
    assert kv.preferred_url == "https://zoek.officielebekendmakingen.nl/kv-tk-2031Z00001.html"


def test_namespaced_and_stripped_forms_read_the_same():
    data = (FIX / "sru-2031Z00001.xml").read_bytes()
    root = parse_xml(data)
    for el in root.iter():
        if isinstance(el.tag, str):
            el.tag = etree.QName(el).localname
    etree.cleanup_namespaces(root)
    stripped = etree.tostring(root)
    assert b"xmlns" not in stripped
    assert parse_sru(stripped) == parse_sru(data)


def test_records_list_without_envelope():
    data = b"""<records><!-- FICTIEF voorbeeld voor kvtui -->
      <record><recordData><gzd><originalData><meta><owmskern>
        <identifier>KV-TK-2031z00003</identifier></owmskern>
        <tpmeta><vraagNummer>2031z00003</vraagNummer></tpmeta></meta></originalData></gzd>
      </recordData></record>
      <record><recordData><gzd><originalData><meta><owmskern>
        <title>zonder identifier</title></owmskern></meta></originalData></gzd></recordData>
      </record>
    </records>"""
    result = parse_sru(data)
    assert [r.identifier for r in result.records] == ["kv-tk-2031z00003"]  # as published
    assert result.records[0].zaak_number == "2031Z00003"
    assert result.warnings == ["record 2 has no identifier; skipped"]


def test_empty_result_is_not_an_error():
    data = b"""<searchRetrieveResponse><version>2.0</version>
      <numberOfRecords>0</numberOfRecords></searchRetrieveResponse>"""
    result = parse_sru(data)
    assert result.records == [] and result.number_of_records == 0


def test_diagnostics_without_records_raise():
    with pytest.raises(BadDocument, match=r"Query syntax error: w\.vraagnummer=="):
        parse_sru((FIX / "sru-diagnostics.xml").read_bytes())


def test_diagnostics_beside_records_are_kept():
    data = b"""<searchRetrieveResponse><numberOfRecords>1</numberOfRecords>
      <records><record><recordData><identifier>ah-tk-20302031-117</identifier></recordData>
      </record></records>
      <diagnostics><diagnostic><message>Result set truncated</message></diagnostic></diagnostics>
      </searchRetrieveResponse>"""
    result = parse_sru(data)
    assert [r.identifier for r in result.records] == ["ah-tk-20302031-117"]
    assert result.diagnostics == ["Result set truncated"]


@pytest.mark.parametrize(
    "data",
    [
        b"<html><head><title>Fout</title></head><body>Er ging iets mis</body></html>",
        b"<metadata_gegevens/>",
        b'{"value": []}',
        b"<searchRetrieveResponse><records>",
    ],
)
def test_not_sru_is_refused(data):
    with pytest.raises(BadDocument):
        parse_sru(data)


def test_bad_counts_are_none():
    data = (
        b"<searchRetrieveResponse><numberOfRecords>veel</numberOfRecords></searchRetrieveResponse>"
    )
    assert parse_sru(data).number_of_records is None
