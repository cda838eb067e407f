"""TK OData JSON: zaken, actors, documents, deleted rows, paging and KOOP ids."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from kvtui.parse.errors import BadDocument
from kvtui.parse.odata import (
    koop_ids_for_zaak,
    load_json,
    odata_next_link,
    parse_document_json,
    parse_zaak_json,
)
from kvtui.records import TkDocument, Zaak

FIX = Path(__file__).parent / "fixtures" / "meta"


@pytest.fixture
def fictional() -> bytes:
    return (FIX / "zaak-2031Z00001.json").read_bytes()


# --- the seed ---------------------------------------------------------------------


@pytest.mark.shared
def test_seed_zaak_drops_the_deleted_answer(shared_dir):
    (zaak,) = parse_zaak_json((shared_dir / "fixtures/seed/zaak-2020Z12161.json").read_bytes())
    assert zaak.number == "2020Z12161"
    assert zaak.title == "Het lekken van data van slachtoffers van mensenhandel"
    assert zaak.started == dt.date(2020, 6, 25)
    assert zaak.done is True
    assert zaak.deadline is None
    assert zaak.vergaderjaar == "2019-2020"
    # The trap: a deleted "Antwoord schriftelijke vragen" of 2020-08-28 listed first.
    answers = [d for d in zaak.documents if d.kind == "Antwoord schriftelijke vragen"]
    assert [(d.number, d.date) for d in answers] == [("2020D34123", dt.date(2020, 8, 31))]
    assert all(d.number != "2020D34122" for d in zaak.documents)
    assert [d.kind for d in zaak.documents] == [
        "Schriftelijke vragen",
        "Mededeling (uitstel antwoord)",
        "Antwoord schriftelijke vragen",
    ]
    assert [(a.relation, a.name, a.party, a.function) for a in zaak.actors] == [
        ("Indiener", "Attje Kuiken", "PvdA", "Tweede Kamerlid"),
        (
            "Gericht aan",
            "Ankie Broekers-Knol",
            "VVD",
            "staatssecretaris van Justitie en Veiligheid",
        ),
    ]
    assert [(i, d.number) for i, d in koop_ids_for_zaak(zaak)] == [
        ("kv-tk-2020Z12161", "2020D25948"),
        ("ah-tk-20192020-3666", "2020D30411"),
        ("ah-tk-20192020-3940", "2020D34123"),
    ]


@pytest.mark.shared
def test_seed_constructed_ids_equal_the_external_ones(shared_dir):
    """A constructed KOOP id must be the ExterneIdentifier wherever both exist."""
    (zaak,) = parse_zaak_json((shared_dir / "fixtures/seed/zaak-2020Z12161.json").read_bytes())
    external = koop_ids_for_zaak(zaak)
    for doc in zaak.documents:
        doc.external_id = None
    assert koop_ids_for_zaak(zaak) == external


# --- fictional fixture ------------------------------------------------------------


def test_deleted_zaak_actor_and_document_rows_are_dropped(fictional):
    zaken = parse_zaak_json(fictional)
    assert [z.number for z in zaken] == ["2031Z00001"]
    (zaak,) = zaken
    assert all(a.name != "X. Weg" for a in zaak.actors)
    assert all(d.number != "2031D00020" for d in zaak.documents)
    assert len(zaak.documents) == 5


def test_actor_names(fictional):
    (zaak,) = parse_zaak_json(fictional)
    assert [(a.relation, a.name, a.party) for a in zaak.actors] == [
        ("Indiener", "Jan de Vries", "FICT"),  # Roepnaam + Tussenvoegsel + Achternaam
        ("Medeindiener", "P. Jansen", "FICT"),  # no Persoon: ActorNaam
        ("Gericht aan", "K. Bakker", None),  # deleted Persoon: ActorNaam
    ]
    assert zaak.actors[2].function == "minister van Infrastructuur en Waterstaat"


def test_zaak_fields_and_local_dates(fictional):
    (zaak,) = parse_zaak_json(fictional)
    assert zaak.title == "FICTIEF: treinen op tijd"
    assert zaak.alias == "2031Z00001-alias"
    assert zaak.done is False
    assert zaak.started == dt.date(2031, 2, 3)
    assert zaak.deadline == dt.date(2031, 2, 24)  # 23:30+01:00 stays the 24th
    doc = zaak.documents[0]
    assert (doc.kind, doc.number, doc.date) == (
        "Schriftelijke vragen",
        "2031D00010",
        dt.date(2031, 2, 3),
    )


def test_external_id_is_from_the_highest_live_version(fictional):
    (zaak,) = parse_zaak_json(fictional)
    by_number = {d.number: d for d in zaak.documents}
    assert by_number["2031D00040"].external_id == "ah-tk-20302031-117"  # v3 deleted, v2 wins
    assert by_number["2031D00050"].external_id is None  # empty string
    assert by_number["2031D00010"].external_id is None  # no versions
    assert by_number["2031D00030"].external_id is None  # "../../etc/passwd" is not kept
    assert by_number["2031D00030"].appendix_number == "303100105"  # a JSON number, as text


def test_koop_ids_external_then_constructed(fictional):
    (zaak,) = parse_zaak_json(fictional)
    assert [(i, d.number) for i, d in koop_ids_for_zaak(zaak)] == [
        ("kv-tk-2031Z00001", "2031D00010"),  # constructed from the zaak number
        ("ah-tk-20302031-105", "2031D00030"),  # hostile external id ignored, constructed
        ("ah-tk-20302031-117", "2031D00040"),  # ExterneIdentifier
        ("ah-tk-20302031-1234", "2031D00050"),  # nader antwoord, constructed
    ]  # "Brief regering" has no KOOP id of its own


def _zaak(*docs: TkDocument, number: str = "2031Z00005") -> Zaak:
    return Zaak(number=number, documents=list(docs))


def _answer(vergaderjaar: str | None, nr: str, kind: str = "Antwoord schriftelijke vragen"):
    return TkDocument(kind, None, None, vergaderjaar, nr)


def _questions(external_id: str) -> TkDocument:
    return TkDocument("Schriftelijke vragen", None, None, external_id=external_id)


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (_answer("2030-2031", "303100042", "Mededeling"), "ah-tk-20302031-42"),
        (_answer("2030-2031", "3031"), None),  # too short to hold a number
        (_answer("2030", "303100042"), None),
        (_answer(None, "303100042"), None),
        (_answer("2030-2031", "30x100042"), None),
        (_answer("2030-2031", "30310012345678"), None),  # refused by the number gate
        (_questions("kv-2000100840"), "kv-2000100840"),  # an old id, as given
        (_questions("https://x/kv-tk-2031Z00009"), "kv-tk-2031Z00005"),  # URL: not an id
        (_questions("kst-35000-1"), "kv-tk-2031Z00005"),  # not a Kamervraag id
        (TkDocument("Brief regering", None, None, external_id="2031D00001"), None),
    ],
)
def test_koop_id_rules(doc, expected):
    ids = [i for i, _ in koop_ids_for_zaak(_zaak(doc))]
    assert ids == ([expected] if expected else [])


def test_koop_ids_for_an_old_zaak_without_a_zaak_number_form():
    zaak = _zaak(TkDocument("Schriftelijke vragen", None, None), number="KVR-oud")
    assert koop_ids_for_zaak(zaak) == []


def test_koop_ids_are_deduplicated():
    a = TkDocument("Antwoord schriftelijke vragen", "2031D1", None, external_id="ah-tk-20302031-7")
    b = TkDocument("Antwoord schriftelijke vragen", "2031D2", None, "2030-2031", "303100007")
    assert [d.number for _, d in koop_ids_for_zaak(_zaak(a, b))] == ["2031D1"]


# --- shapes, paging, documents ----------------------------------------------------


def test_single_entity_form():
    entity = {"Nummer": "2031z00004", "Titel": "FICTIEF", "Verwijderd": False}
    (zaak,) = parse_zaak_json(json.dumps(entity).encode())
    assert zaak.number == "2031Z00004"
    assert zaak.actors == [] and zaak.documents == []


def test_rows_without_a_number_and_non_objects_are_skipped():
    data = json.dumps(
        {"value": [{"Titel": "geen nummer"}, "tekst", None, {"Nummer": "2031Z00006"}]}
    )
    assert [z.number for z in parse_zaak_json(data.encode())] == ["2031Z00006"]


def test_tolerates_odd_field_types():
    row = {
        "Nummer": "2031Z00007",
        "Titel": 12,
        "Afgedaan": "ja",
        "GestartOp": 5,
        "ZaakActor": {"ActorNaam": "  ", "Relatie": "Indiener"},
        "Document": [{"Soort": None, "Datum": "morgen", "DocumentVersie": "x"}],
    }
    (zaak,) = parse_zaak_json(json.dumps({"value": [row]}).encode())
    assert zaak.title == "12" and zaak.done is None and zaak.started is None
    assert zaak.actors == []  # no name anywhere
    assert zaak.documents[0].kind == "" and zaak.documents[0].date is None


@pytest.mark.parametrize(
    "data",
    [
        b"<html>Pagina niet gevonden</html>",
        b"",
        b"[1, 2]",
        b'{"value": {"Nummer": "2031Z00001"}}',
        b'{"something": "else"}',
        b'{"error": {"code": "400", "message": "Syntax error in $filter"}}',
        b"\xff\xfe\x00garbage",
        b"[" * 100_000,
    ],
)
def test_wrong_shapes_are_refused(data):
    with pytest.raises(BadDocument):
        parse_zaak_json(data)


def test_odata_error_message_is_reported():
    with pytest.raises(BadDocument, match="Syntax error in"):
        parse_zaak_json(b'{"error": {"code": "400", "message": "Syntax error in $filter"}}')


def test_next_link(fictional):
    assert odata_next_link(fictional) == "https://example.invalid/OData/v4/2.0/Zaak?$skip=250"
    assert odata_next_link(b'{"value": []}') is None
    assert odata_next_link({"value": [], "@odata.nextLink": "  "}) is None
    with pytest.raises(BadDocument):
        odata_next_link(b"not json")


def test_document_json_gives_live_zaak_numbers_once():
    data = (FIX / "document-2031D00040.json").read_bytes()
    assert parse_document_json(data) == ["2031Z00001", "2031Z00002"]


def test_document_json_deleted_document_and_single_entity():
    deleted = {
        "value": [
            {"DocumentNummer": "2031D1", "Verwijderd": True, "Zaak": [{"Nummer": "2031Z00001"}]}
        ]
    }
    assert parse_document_json(json.dumps(deleted).encode()) == []
    single = {"DocumentNummer": "2031D1", "Zaak": {"Nummer": "2031Z00008"}}
    assert parse_document_json(json.dumps(single).encode()) == ["2031Z00008"]
    with pytest.raises(BadDocument):
        parse_document_json(b'{"Nummer": "2031Z00001"}')


@pytest.mark.parametrize("body", [b"null", b"1", b"1.5", b'"zaak"', b"true", b"[]", b"[null]"])
def test_a_json_body_that_is_no_object_is_one_refusal(body):
    """The depth check walks containers only: a bare scalar is refused as 'not an object'."""
    with pytest.raises(BadDocument, match="must be an object"):
        load_json(body)
