"""metadata.xml in both KOOP forms, real samples and fictional ones."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kvtui.dates import iso_date as parse_date
from kvtui.numbers import normalise_id
from kvtui.parse.errors import BadDocument
from kvtui.parse.metadata import parse_metadata

FIX = Path(__file__).parent / "fixtures" / "meta"


def _read(path: Path) -> bytes:
    return path.read_bytes()


# --- real samples (../shared) -------------------------------------------------------


@pytest.mark.shared
def test_real_metadata_gegevens(shared_dir):
    md = parse_metadata(_read(shared_dir / "fixtures/real/gmb-2024-216934.metadata.xml"))
    assert md.id == "gmb-2024-216934"
    assert md.title.startswith("Kennisgeving melding incidentele festiviteit")
    assert md.types == ["officiële publicatie", "evenementenvergunning"]
    assert md.publication_name == "Gemeenteblad"
    assert md.available == dt.date(2024, 5, 17)
    assert md.categories == ["Openbare orde en veiligheid | Organisatie en beleid"]
    assert md.zaak_number is None and md.appendices == [] and md.submitted is None


@pytest.mark.shared
def test_real_owms_metadata_agrees_with_the_flat_form(shared_dir):
    flat = parse_metadata(_read(shared_dir / "fixtures/real/gmb-2024-216934.metadata.xml"))
    owms = parse_metadata(_read(shared_dir / "fixtures/real/gmb-2024-216934.metadata_owms.xml"))
    assert owms.id == flat.id
    assert owms.title == flat.title
    assert owms.publication_name == flat.publication_name
    assert owms.available == flat.available
    assert owms.categories == flat.categories
    assert owms.types == ["evenementenvergunning"]  # the owms copy has only the Rubriek


@pytest.mark.shared
def test_seed_question_metadata(shared_dir):
    md = parse_metadata(_read(shared_dir / "fixtures/seed/kv-tk-2020Z12161.metadata.xml"))
    assert md.id == "kv-tk-2020Z12161"
    assert md.title == "Het lekken van data van slachtoffers van mensenhandel"
    assert md.publication_name == "Kamervragen zonder antwoord"
    assert md.zaak_number == "2020Z12161"
    assert md.appendices == ["ah-tk-20192020-3666", "ah-tk-20192020-3940"]
    assert md.submitters == ["A.H. Kuiken"]
    assert md.recipients == ["A. Broekers-Knol"]
    assert md.submitted == dt.date(2020, 6, 25)
    assert md.received is None
    assert md.issued == dt.date(2020, 6, 26)
    assert md.vergaderjaar == "2019-2020"
    assert md.categories == ["Openbare orde en veiligheid | Organisatie en beleid"]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "kind", "received", "number"),
    [
        ("ah-tk-20192020-3940", "Antwoord", dt.date(2020, 8, 31), "3940"),
        ("ah-tk-20192020-3666", "Mededeling", dt.date(2020, 7, 17), "3666"),
    ],
)
def test_seed_appendix_metadata(shared_dir, name, kind, received, number):
    md = parse_metadata(_read(shared_dir / f"fixtures/seed/{name}.metadata.xml"))
    assert md.id == name
    assert md.types == ["officiële publicatie", kind, "Aanhangsel van de Handelingen"]
    assert md.publication_name == "Kamervragen (Aanhangsel)"
    assert md.zaak_number == "2020Z12161"
    assert md.received == received
    assert md.appendix_number == number
    assert md.received != md.issued  # ontvangen is not the publication date


# --- fictional fixtures -----------------------------------------------------------


def test_flat_form_with_old_spelling_bad_dates_and_repeats():
    md = parse_metadata(_read(FIX / "kv-tk-2031Z00001.metadata.xml"))
    assert md.id == "kv-tk-2031Z00001"
    assert md.zaak_number == "2031Z00001"  # from vraagNummer, normalised
    assert md.types == ["officiële publicatie", "Kamervragen"]  # repeats kept once, in order
    assert md.categories == ["Verkeer | Spoor", "Economie | Ondernemen"]
    assert md.submitters == ["J. de Vries", "P. Jansen"]
    assert md.recipients == ["K. Bakker"]
    # Ids as published: the zero padding of -0117 is KOOP's, only the prefix case is fixed.
    assert md.appendices == ["ah-tk-20302031-101", "ah-tk-20302031-0117"]
    assert md.submitted == dt.date(2031, 2, 3)
    assert md.received is None  # 30 February
    assert md.issued == dt.date(2031, 2, 4)  # date part of a datetime
    assert md.available is None  # "binnenkort"


def test_hostile_text_is_kept_literally():
    md = parse_metadata(_read(FIX / "kv-tk-2031Z00001.metadata.xml"))
    # The parser stays faithful; making controls inert is the output layer's job.
    assert "[bold]treinen[/bold]" in md.title
    assert "[@click=app.quit]" in md.title
    assert "\x9d52;c;aGk=\x9c" in md.title


def test_owms_form_gives_the_same_record_as_the_flat_form():
    flat = parse_metadata(_read(FIX / "kv-tk-2031Z00001.metadata.xml"))
    owms = parse_metadata(_read(FIX / "kv-tk-2031Z00001.metadata_owms.xml"))
    assert owms == flat


def test_answer_metadata():
    md = parse_metadata(_read(FIX / "ah-tk-20302031-117.metadata.xml"))
    assert md.id == "ah-tk-20302031-117"
    assert "Antwoord" in md.types
    assert md.zaak_number == "2031Z00001"
    assert md.appendix_number == "117"
    assert md.received == dt.date(2031, 3, 1)


def test_namespace_stripped_owms_and_empty_values():
    data = b"""<owms-metadata><owmskern><identifier>kv-tk-2031Z00002</identifier>
        <title>  FICTIEF   titel  </title><type></type></owmskern>
        <oep><vraagnummer>2031Z00002</vraagnummer><aanhangsel> </aanhangsel>
        <datumIndiening>2031-13-01</datumIndiening></oep></owms-metadata>"""
    md = parse_metadata(data)
    assert md.id == "kv-tk-2031Z00002"
    assert md.title == "FICTIEF titel"
    assert md.types == [] and md.appendices == []
    assert md.zaak_number == "2031Z00002"
    assert md.submitted is None


def test_unknown_identifier_forms_are_kept_as_given():
    data = b'<metadata_gegevens><metadata name="DC.identifier" content="stb-2031-1"/>'
    data += b"</metadata_gegevens>"
    assert parse_metadata(data).id == "stb-2031-1"


@pytest.mark.parametrize(
    "data",
    [
        b"<html><body>Pagina niet gevonden</body></html>",
        b"not xml at all",
        b"",
        b"<metadata_gegevens><metadata name='x'",
    ],
)
def test_non_metadata_is_refused(data):
    with pytest.raises(BadDocument):
        parse_metadata(data)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-06-25", dt.date(2020, 6, 25)),
        ("2020-06-25T00:00:00+02:00", dt.date(2020, 6, 25)),
        ("2020-06-25T23:30:00-05:00", dt.date(2020, 6, 25)),  # local date, not UTC
        ("2020-02-30", None),
        ("25-06-2020", None),
        ("", None),
        (None, None),
        (20200625, None),
    ],
)
def test_parse_date_is_tolerant(value, expected):
    assert parse_date(value) == expected


def test_normalise_id():
    # The id as KOOP publishes it: prefix case fixed, z case and zero padding kept.
    assert normalise_id(" KV-TK-2020z12161 ") == "kv-tk-2020z12161"
    assert normalise_id("ah-tk-20192020-03940") == "ah-tk-20192020-03940"
    assert normalise_id("2020z12161") == "2020Z12161"  # a zaak number is the Kamer's
    assert normalise_id("  ") is None
    assert normalise_id("something else") == "something else"


def test_no_break_spaces_survive_whitespace_collapsing():
    data = '<metadata_gegevens><metadata name="DC.title" content=" 25\u00a0juni \n\t 2031 "/>'
    data += "</metadata_gegevens>"
    assert parse_metadata(data.encode()).title == "25\u00a0juni 2031"
    owms = "<owms-metadata><owmskern><title>\n  25\u00a0juni\n  2031\n</title></owmskern>"
    owms += "</owms-metadata>"
    assert parse_metadata(owms.encode()).title == "25\u00a0juni 2031"
