"""KOOP XML parser and label parsing.

The seed test compares every text with ``expected.json`` exactly (U+00A0 and all); the
fixtures in ``tests/fixtures/koop`` are fictional documents written for kvtui that
cover what the seed does not: combined answers, lists, tables, unknown elements, the
older ``vraagdoc`` form, loose answers and hostile text.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kvtui.model import DocKind
from kvtui.parse.errors import BadDocument
from kvtui.parse.koop_xml import parse_koop_xml
from kvtui.parse.labels import MAX_NUMBER, MAX_NUMBERS, MAX_RANGE, parse_label

FIXTURES = Path(__file__).parent / "fixtures" / "koop"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


# ---------------------------------------------------------------------------
# The seed: texts exactly as expected.json
# ---------------------------------------------------------------------------


@pytest.mark.shared
def test_seed_answer_document_reproduces_expected_texts(seed_dir: Path, seed_expected) -> None:
    doc = parse_koop_xml((seed_dir / "ah-tk-20192020-3940.xml").read_bytes())
    assert doc.kind is DocKind.ANSWER
    assert doc.id == "ah-tk-20192020-3940"
    assert doc.zaak_number == "2020Z12161"
    assert doc.vergaderjaar == "2019-2020"
    assert doc.submitted == dt.date(2020, 6, 25)
    assert doc.received == dt.date(2020, 8, 31)
    assert [q.numbers for q in doc.questions] == [(n,) for n in range(1, 9)]
    assert [a.numbers for a in doc.answers] == [(n,) for n in range(1, 9)]
    for q, a, exp in zip(doc.questions, doc.answers, seed_expected["questions"], strict=True):
        assert q.text == exp["text"]
        assert a.text == exp["answer"]
        # The parser says where in its item's text a note stands; which text (question
        # or answer) is the item it came from.
        notes = [
            {"number": f.number, "text": f.text, "url": f.url, "in": part, "at": f.at}
            for part, item in (("question", q), ("answer", a))
            for f in item.footnotes
        ]
        assert notes == exp["footnotes"]
    assert "\u00a0" in doc.answers[1].text  # "1\u00a0februari" kept, not turned into a space


@pytest.mark.shared
def test_seed_question_and_notice_documents(seed_dir: Path, seed_expected) -> None:
    doc = parse_koop_xml((seed_dir / "kv-tk-2020Z12161.xml").read_bytes())
    assert doc.kind is DocKind.QUESTIONS
    assert doc.id == "kv-tk-2020Z12161"
    assert [q.text for q in doc.questions] == [q["text"] for q in seed_expected["questions"]]
    assert doc.submitters[0].name == "Kuiken" and doc.submitters[0].party == "PvdA"
    assert doc.addressees[0].role == "Staatssecretaris van Justitie en Veiligheid"
    assert doc.subject == "het lekken van data van slachtoffers van mensenhandel"
    notice = parse_koop_xml((seed_dir / "ah-tk-20192020-3666.xml").read_bytes())
    assert notice.kind is DocKind.NOTICE
    assert "\n\n".join(notice.remarks) == seed_expected["notices"][0]["text"]
    assert notice.loose_text == []


# ---------------------------------------------------------------------------
# Fictional fixtures: structure
# ---------------------------------------------------------------------------


def test_question_document_header_and_people() -> None:
    doc = parse_koop_xml(fixture("kv-tk-2099Z00001.xml"))
    # externMetadataRecord wins over a conflicting DC.identifier
    assert doc.id == "kv-tk-2099Z00001"
    assert doc.kind is DocKind.QUESTIONS
    assert doc.zaak_number == "2099Z00001"
    assert doc.vergaderjaar == "2098-2099"
    assert doc.submitted == dt.date(2099, 1, 5)
    assert [(p.name, p.party) for p in doc.submitters] == [
        ("A. Voorbeeld", "FICT"),
        ("Proef", "TEST"),
    ]
    assert [p.role for p in doc.addressees] == [
        "Minister van Fictieve Zaken",
        "Staatssecretaris van Voorbeelden",
    ]
    assert doc.questions[2].text == "Derde vraag, over meerdere regels."
    assert doc.questions[3].text == "Vierde vraag op 7\u00a0maart?"


def test_doc_id_argument_wins_and_unsafe_ids_are_refused() -> None:
    assert parse_koop_xml(fixture("kv-tk-2099Z00001.xml"), "kv-tk-2099Z00009").id == (
        "kv-tk-2099Z00009"
    )
    doc = parse_koop_xml(fixture("kv-tk-2099Z00001.xml"), "../../etc/passwd")
    assert doc.id == "kv-tk-2099Z00001"
    assert any("unsafe" in w for w in doc.warnings)


def test_answer_document_blocks_footnotes_and_combined_label() -> None:
    doc = parse_koop_xml(fixture("ah-tk-20982099-901.xml"))
    assert doc.kind is DocKind.ANSWER
    assert doc.received == dt.date(2099, 2, 20)
    assert [(p.name, p.role) for p in doc.answerers] == [("Fictief", "Minister van Fictieve Zaken")]
    first = doc.answers[0]
    # the noot is removed from the running text; its tail stays
    assert first.paragraphs == ["Ja. Dit is FICTIEF."]
    assert [(f.number, f.text, f.url) for f in first.footnotes] == [
        (2, "Zie Kamerstuk 99 999, nr. 1.\n\nTweede alinea van de noot.", None)
    ]
    combined = doc.answers[1]
    assert combined.label == "Antwoord 2 en 3"
    assert combined.numbers == (2, 3)
    assert combined.paragraphs == [
        "Een gecombineerd antwoord op beide vragen.",
        "Een tussenkop",
        "Met een lijst:",
        "a. eerste punt;",
        "b. tweede punt.",
        "Jaar | Aantal",
        "2098 | 12",
    ]
    assert [a.index for a in doc.answers] == [1, 2, 3, 4]
    # text in an element kvtui does not know is kept, not dropped
    assert doc.questions[3].paragraphs[-1] == "Tekst in een onbekend element."


def test_hostile_markup_is_kept_literally() -> None:
    doc = parse_koop_xml(fixture("ah-tk-20982099-901.xml"))
    assert doc.questions[1].text == (
        "Staat er [bold]opmaak[/bold] of [link=https://evil.example]een link[/link] "
        "of [@click=app.quit]klik[/] in deze vraag?"
    )


def test_withdrawal_notice_is_a_notice() -> None:
    doc = parse_koop_xml(fixture("ah-tk-20982099-900.xml"))
    assert doc.kind is DocKind.NOTICE
    assert doc.id == "ah-tk-20982099-900"
    assert "als ingetrokken worden beschouwd" in doc.remarks[0]


def test_old_vraagdoc_form() -> None:
    doc = parse_koop_xml(fixture("kv-tk-20052006-KVR99999.xml"), "kv-tk-20052006-KVR99999")
    assert doc.id == "kv-tk-20052006-KVR99999"
    assert doc.zaak_number is None  # an old vraagnummer is not a zaak number
    assert doc.submitted == dt.date(2006, 2, 1)
    assert doc.question_description and doc.question_description.startswith("Vragen van het lid")
    # A bare printed number is headed like every other set (issue 8, item 8).
    assert [(q.label, q.text) for q in doc.questions] == [
        ("Vraag 1", "Eerste oude vraag?"),
        ("Vraag 2", "Tweede oude vraag, zonder al-element?"),
    ]
    assert [(a.label, a.text) for a in doc.answers] == [
        ("Antwoord 1", "Eerste oude antwoord."),
        ("Antwoord 2", "Tweede oude antwoord."),
    ]
    assert [(p.name, p.party) for p in doc.submitters] == [("Oudvorm", "OUD")]
    assert doc.loose_text == ["Toelichting bij deze FICTIEVE vragen."]


def test_answers_outside_antwoord_elements_go_to_loose_text() -> None:
    doc = parse_koop_xml(fixture("ah-tk-20982099-902.xml"), "ah-tk-20982099-902")
    assert [q.text for q in doc.questions] == ["Een vraag waarvan het antwoord los staat?"]
    assert doc.answers == []
    assert doc.loose_text == ["Antwoord", "Het FICTIEVE antwoord staat hier los in de tekst."]
    assert doc.warnings


def test_any_root_with_items_is_accepted() -> None:
    data = (
        b"<wrapper><vraag><nr>Vraag 1</nr><al>V?</al></vraag>"
        b"<antwoord><nr>Antwoord 1</nr><al>A.</al></antwoord></wrapper>"
    )
    doc = parse_koop_xml(data)
    assert [(q.text, a.text) for q, a in zip(doc.questions, doc.answers, strict=True)] == [
        ("V?", "A.")
    ]


def test_plain_text_fallback_keeps_every_paragraph() -> None:
    data = (
        b"<officiele-publicatie><kamervragen><kop>Kop</kop><al>Een</al>"
        b"<sectie><al>Twee</al><p>Drie</p></sectie></kamervragen></officiele-publicatie>"
    )
    doc = parse_koop_xml(data, "kv-tk-2099Z00005")
    assert doc.loose_text == ["Kop", "Een", "Twee", "Drie"]
    assert doc.kind is DocKind.QUESTIONS  # by id prefix


@pytest.mark.parametrize(
    "data",
    [
        b"<officiele-publicatie/>",
        b"<officiele-publicatie><kamervragen><vraag/><antwoord><nr/></antwoord>"
        b"</kamervragen></officiele-publicatie>",
        b"<x><kamervraagomschrijving type='vraag'><datum isodatum='nonsense'/>"
        b"</kamervraagomschrijving>"
        b"<kamervraagnummer>not a number</kamervraagnummer><noot/></x>",
        b"<x><vraag><nr>Vraag 1</nr><al><noot><noot.nr>x</noot.nr></noot></al></vraag></x>",
    ],
)
def test_odd_structure_never_raises(data: bytes) -> None:
    doc = parse_koop_xml(data)
    assert doc.submitted is None
    assert doc.zaak_number is None


@pytest.mark.parametrize(
    "data",
    [
        b"not xml at all",
        b"<html><head><title>Pagina niet gevonden</title></head><body/></html>",
        b"<metadata_gegevens/>",
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
        b"",
    ],
)
def test_not_a_koop_document_is_refused(data: bytes) -> None:
    with pytest.raises(BadDocument):
        parse_koop_xml(data)


def test_non_web_footnote_url_is_not_linked() -> None:
    data = (
        b"<x><vraag><nr>Vraag 1</nr><al>V?<noot><noot.nr>1</noot.nr><noot.al>"
        b'<extref soort="URL" doc="javascript:alert(1)">x</extref>'
        b"</noot.al></noot></al></vraag></x>"
    )
    note = parse_koop_xml(data).questions[0].footnotes[0]
    assert (note.number, note.text, note.url) == (1, "x", None)


# ---------------------------------------------------------------------------
# Labels
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "numbers"),
    [
        ("Vraag 1", (1,)),
        ("Antwoord 5, 6", (5, 6)),
        ("Vraag 2 en 3", (2, 3)),
        ("Vraag 5 t/m 7", (5, 6, 7)),
        ("Vraag 5 tot en met 7", (5, 6, 7)),
        ("Vraag 12–14", (12, 13, 14)),
        ("Antwoord op vraag 1:", (1,)),
        ("Antwoord 1 en 2", (1, 2)),
        ("Vragen 3, 4 en 5", (3, 4, 5)),
        ("1.", (1,)),
        ("", ()),
        ("Antwoord", ()),
        ("Vraag 6, 5, 5", (5, 6)),
        ("1 t/m 100000", (1,)),
        ("Vraag 9 t/m 3", (3, 9)),
        ("Vraag 3 (2019-2020)", (3,)),
    ],
)
def test_parse_label(label: str, numbers: tuple[int, ...]) -> None:
    assert parse_label(label) == numbers


@given(st.text(max_size=300))
def test_parse_label_never_raises_and_is_bounded(text: str) -> None:
    numbers = parse_label(text)
    assert list(numbers) == sorted(set(numbers))
    assert all(1 <= n <= MAX_NUMBER for n in numbers)
    assert len(numbers) <= MAX_NUMBERS


@given(
    st.lists(st.integers(1, MAX_NUMBER), min_size=1, max_size=8, unique=True),
    st.sampled_from(["Vraag", "Vragen", "Antwoord", "Antwoord op vraag"]),
)
def test_parse_label_reads_what_was_printed(numbers: list[int], word: str) -> None:
    ordered = sorted(numbers)
    if len(ordered) == 1:
        label = f"{word} {ordered[0]}"
    else:
        label = f"{word} {', '.join(map(str, ordered[:-1]))} en {ordered[-1]}"
    assert parse_label(label) == tuple(ordered)


@given(st.integers(1, MAX_NUMBER), st.integers(0, 10**6))
def test_parse_label_ranges_expand_only_when_sane(lo: int, width: int) -> None:
    hi = lo + width
    numbers = parse_label(f"Vraag {lo} t/m {hi}")
    if width <= MAX_RANGE:  # expanded, numbers beyond MAX_NUMBER cut off
        assert numbers == tuple(range(lo, min(hi, MAX_NUMBER) + 1))
    else:
        assert len(numbers) <= 2 and numbers[0] == lo
