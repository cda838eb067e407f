"""The assembler: matching, dates, status, notices, people and ids.

Unit tests build the parsed records by hand (fictional values); the seed test runs the
real parsers on ``../shared/fixtures/seed`` and must give ``expected.json`` exactly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kvtui.assemble import assemble, match_items
from kvtui.model import DocKind, Footnote, Kamervraag, Status
from kvtui.parse.koop_xml import parse_koop_xml
from kvtui.records import (
    DocumentMetadata,
    Item,
    ParsedDocument,
    PersonRef,
    TkDocument,
    Zaak,
    ZaakActor,
)

FIXTURES = Path(__file__).parent / "fixtures" / "koop"
D = dt.date


def item(
    label: str, numbers: tuple[int, ...], text: str, notes: list[Footnote] | None = None
) -> Item:
    return Item(label=label, numbers=numbers, paragraphs=[text], footnotes=notes or [])


def questions_doc(**kw: object) -> ParsedDocument:
    base: dict[str, object] = {
        "id": "kv-tk-2099Z00010",
        "kind": DocKind.QUESTIONS,
        "zaak_number": "2099Z00010",
        "submitted": D(2099, 1, 1),
        "questions": [item("Vraag 1", (1,), "V1?"), item("Vraag 2", (2,), "V2?")],
    }
    base.update(kw)
    return ParsedDocument(**base)  # type: ignore[arg-type]


def answer_doc(**kw: object) -> ParsedDocument:
    """The answer to ``questions_doc``: it repeats both questions and answers each."""
    answer: dict[str, object] = {
        "id": "ah-tk-20982099-10",
        "kind": DocKind.ANSWER,
        "received": D(2099, 1, 31),
        "answers": [item("Antwoord 1", (1,), "A1."), item("Antwoord 2", (2,), "A2.")],
    }
    return questions_doc(**{**answer, **kw})


def notice_doc(doc_id: str, text: str, received: dt.date | None = None) -> ParsedDocument:
    return ParsedDocument(
        id=doc_id, kind=DocKind.NOTICE, zaak_number="2099Z00010", remarks=[text], received=received
    )


TODAY = D(2099, 1, 10)


def run(docs: list[ParsedDocument], meta=None, zaak=None, today=TODAY) -> Kamervraag:
    return assemble(docs, meta or {}, zaak, today=today)


# ---------------------------------------------------------------------------
# The seed
# ---------------------------------------------------------------------------


@pytest.mark.shared
def test_seed_gives_expected_json_exactly(seed_dir: Path, seed_expected) -> None:
    metadata_mod = pytest.importorskip("kvtui.parse.metadata")
    odata_mod = pytest.importorskip("kvtui.parse.odata")
    docs = [
        parse_koop_xml((seed_dir / f"{name}.xml").read_bytes())
        for name in ("kv-tk-2020Z12161", "ah-tk-20192020-3940", "ah-tk-20192020-3666")
    ]
    meta = {}
    for path in sorted(seed_dir.glob("*.metadata.xml")):
        m = metadata_mod.parse_metadata(path.read_bytes())
        meta[m.id] = m
    (zaak,) = odata_mod.parse_zaak_json((seed_dir / "zaak-2020Z12161.json").read_bytes())
    kamervraag = assemble(docs, meta, zaak, today=D(2026, 1, 1))
    assert kamervraag.to_json() == seed_expected
    assert kamervraag.answer_title and kamervraag.answer_title.startswith("Antwoord op vragen")
    for wanted in ("2020Z12161", "kv-tk-2020Z12161", "ah-tk-20192020-3940", "2020D25948"):
        assert wanted in kamervraag.ids
    # order of documents does not matter
    assert assemble(docs[::-1], meta, zaak, today=D(2026, 1, 1)).to_json() == seed_expected


# ---------------------------------------------------------------------------
# Matching
# ---------------------------------------------------------------------------


def test_combined_answer_stands_under_first_question() -> None:
    qs = [item(f"Vraag {n}", (n,), f"V{n}") for n in (1, 2, 3)]
    out = match_items(qs, [item("Antwoord 1", (1,), "A1"), item("Antwoord 2 en 3", (2, 3), "A23")])
    assert [(q.number, q.answer, q.answer_ref) for q in out] == [
        (1, "A1", None),
        (2, "A23", None),
        (3, None, 2),
    ]
    assert [q.label for q in out] == [None, None, None]


def test_combined_question_is_one_entry() -> None:
    qs = [item("Vraag 4", (4,), "V4"), item("Vraag 5, 6", (5, 6), "V56")]
    out = match_items(qs, [item("Antwoord 4", (4,), "A4"), item("Antwoord 5, 6", (5, 6), "A56")])
    assert [(q.number, q.numbers, q.label, q.answer) for q in out] == [
        (4, (4,), None, "A4"),
        (5, (5, 6), "Vraag 5, 6", "A56"),
    ]
    assert out[1].to_json()["numbers"] == [5, 6]


def test_unmatched_answers_are_kept_in_place() -> None:
    qs = [item(f"Vraag {n}", (n,), f"V{n}") for n in (2, 5)]
    answers = [
        item("Antwoord 7", (7,), "A7"),
        item("Antwoord 2", (2,), "A2"),
        item("Antwoord 3", (3,), "A3"),
        item("Antwoord 1", (1,), "A1"),
    ]
    out = match_items(qs, answers)
    assert [(q.number, q.text, q.answer) for q in out] == [
        (1, None, "A1"),
        (2, "V2", "A2"),
        (3, None, "A3"),
        (5, "V5", None),
        (7, None, "A7"),
    ]
    assert out[0].label == "Antwoord 1"


def test_second_answer_to_the_same_question_is_not_lost() -> None:
    out = match_items(
        [item("Vraag 1", (1,), "V1")],
        [item("Antwoord 1", (1,), "A"), item("Antwoord 1", (1,), "B")],
    )
    assert [(q.text, q.answer) for q in out] == [("V1", "A"), (None, "B")]


def test_unnumbered_items_pair_by_position_only_when_counts_agree() -> None:
    qs = [item("", (), "V-a"), item("", (), "V-b")]
    out = match_items(qs, [item("", (), "A-a"), item("", (), "A-b")])
    assert [(q.text, q.answer) for q in out] == [("V-a", "A-a"), ("V-b", "A-b")]
    out = match_items(qs, [item("", (), "A-x")])
    assert [(q.text, q.answer) for q in out] == [("V-a", None), ("V-b", None), (None, "A-x")]


def test_footnotes_of_question_and_answer_in_order() -> None:
    qs = [item("Vraag 1", (1,), "V1", [Footnote(1, "n1")]), item("Vraag 2", (2,), "V2")]
    answers = [item("Antwoord 1, 2", (1, 2), "A", [Footnote(2, "n2", "https://example.org")])]
    out = match_items(qs, answers)
    assert [(f.number, f.url) for f in out[0].footnotes] == [(1, None), (2, "https://example.org")]
    assert out[1].footnotes == [] and out[1].answer_ref == 1


def test_fictional_documents_end_to_end() -> None:
    kv = parse_koop_xml((FIXTURES / "kv-tk-2099Z00001.xml").read_bytes())
    ah = parse_koop_xml((FIXTURES / "ah-tk-20982099-901.xml").read_bytes())
    result = run([kv, ah], today=D(2099, 6, 1))
    assert result.number == "2099Z00001"
    assert result.status is Status.ANSWERED
    assert (result.submitted, result.answered, result.days_to_answer) == (
        D(2099, 1, 5),
        D(2099, 2, 20),
        46,
    )
    assert [(q.number, q.answer_ref, q.text is None) for q in result.questions] == [
        (1, None, False),
        (2, None, False),
        (3, 2, False),
        (4, None, False),
        (7, None, True),
    ]
    assert [f.number for f in result.questions[0].footnotes] == [1, 2]
    assert result.questions[0].answer == "Ja. Dit is FICTIEF."
    # no zaak, no metadata: people from the descriptions
    assert [(p.name, p.party) for p in result.submitters] == [
        ("A. Voorbeeld", "FICT"),
        ("Proef", "TEST"),
    ]
    assert [(p.name, p.role) for p in result.answered_by] == [
        ("Fictief", "Minister van Fictieve Zaken")
    ]
    assert result.title == "een FICTIEF voorbeeld voor kvtui"  # the subject, last resort
    assert result.sources.question_url == (
        "https://zoek.officielebekendmakingen.nl/kv-tk-2099Z00001.html"
    )
    # round trip through the store's JSON
    assert Kamervraag.from_json(result.to_store_json()).to_json() == result.to_json()


# ---------------------------------------------------------------------------
# Status, dates and notices
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("days", "overdue"), [(21, False), (22, True)])
def test_open_and_overdue_after_three_weeks(days: int, overdue: bool) -> None:
    kv = run([questions_doc()], today=D(2099, 1, 1) + dt.timedelta(days=days))
    assert kv.status is Status.OPEN
    assert kv.overdue is overdue
    assert kv.answered is None and kv.days_to_answer is None
    assert kv.sources.answer_id is None


@pytest.mark.parametrize(("days", "overdue"), [(42, False), (43, True)])
def test_postponed_by_tk_notice_gets_six_weeks(days: int, overdue: bool) -> None:
    zaak = Zaak(
        "2099Z00010",
        documents=[TkDocument("Mededeling (uitstel antwoord)", "2099D1", D(2099, 1, 20))],
    )
    kv = run([questions_doc()], zaak=zaak, today=D(2099, 1, 1) + dt.timedelta(days=days))
    assert kv.status is Status.POSTPONED
    assert kv.overdue is overdue
    assert kv.notices == []  # TK knows of it, but its text is not here: nothing invented


def test_notice_dates_metadata_then_tk_then_received_and_sorted() -> None:
    docs = [
        questions_doc(),
        notice_doc("ah-tk-20982099-12", "Derde", received=D(2099, 3, 1)),
        notice_doc("ah-tk-20982099-11", "Tweede"),
        notice_doc("ah-tk-20982099-13", "Eerste"),
    ]
    meta = {"ah-tk-20982099-13": DocumentMetadata("ah-tk-20982099-13", received=D(2099, 1, 15))}
    zaak = Zaak(
        "2099Z00010",
        documents=[
            TkDocument(
                "Mededeling (uitstel antwoord)", "2099D2", D(2099, 2, 1), "2098-2099", "980900011"
            ),
        ],
    )
    kv = run(docs, meta, zaak)
    assert [(n.date, n.text) for n in kv.notices] == [
        (D(2099, 1, 15), "Eerste"),
        (D(2099, 2, 1), "Tweede"),  # matched by aanhangsel number 980900011
        (D(2099, 3, 1), "Derde"),
    ]
    assert kv.status is Status.POSTPONED
    assert "ah-tk-20982099-11" in kv.ids and "2099D2" in kv.ids


def test_withdrawn_by_notice_text() -> None:
    notice = parse_koop_xml((FIXTURES / "ah-tk-20982099-900.xml").read_bytes())
    kv = run([notice], today=D(2099, 12, 1))
    assert kv.number == "2099Z00003"
    assert kv.status is Status.WITHDRAWN
    assert kv.overdue is False
    assert kv.notices and "ingetrokken" in kv.notices[0].text


def test_withdrawn_by_tk_mededeling() -> None:
    zaak = Zaak(
        "2099Z00010",
        documents=[TkDocument("Mededeling", "2099D3", D(2099, 1, 5), subject="Vragen ingetrokken")],
    )
    assert run([questions_doc()], zaak=zaak).status is Status.WITHDRAWN


def test_tk_answer_without_text_is_pending() -> None:
    zaak = Zaak(
        "2099Z00010",
        started=D(2099, 1, 1),
        documents=[
            TkDocument(
                "Antwoord schriftelijke vragen",
                "2099D4",
                D(2099, 1, 25),
                external_id="ah-tk-20982099-10",
            ),
        ],
    )
    kv = run([questions_doc()], zaak=zaak)
    assert kv.status is Status.ANSWERED
    assert kv.text_pending is True
    assert (kv.answered, kv.days_to_answer) == (D(2099, 1, 25), 24)
    assert kv.sources.answer_id == "ah-tk-20982099-10"
    assert [q.answer for q in kv.questions] == [None, None]


def test_answer_text_present_is_not_pending_and_dates_fall_back_to_metadata() -> None:
    ans = answer_doc(received=None, submitted=None)
    meta = {
        "ah-tk-20982099-10": DocumentMetadata(
            "ah-tk-20982099-10", title="Antwoord op vragen", received=D(2099, 2, 1)
        ),
        "kv-tk-2099Z00010": DocumentMetadata(
            "kv-tk-2099Z00010",
            title="Titel",
            submitted=D(2099, 1, 2),
            categories=["A | B"],
            submitters=["X. Lid"],
            recipients=["Y. Minister"],
        ),
    }
    kv = run([ans], meta)
    assert (kv.status, kv.text_pending) == (Status.ANSWERED, False)
    assert (kv.submitted, kv.answered, kv.days_to_answer) == (D(2099, 1, 2), D(2099, 2, 1), 30)
    assert (kv.title, kv.answer_title, kv.topics) == ("Titel", "Antwoord op vragen", ["A | B"])
    assert [p.name for p in kv.submitters] == ["X. Lid"]
    assert [p.name for p in kv.answered_by] == ["Y. Minister"]
    assert [(q.text, q.answer) for q in kv.questions] == [("V1?", "A1."), ("V2?", "A2.")]


def test_zaak_people_win_and_keep_their_order() -> None:
    zaak = Zaak(
        "2099Z00010",
        title="Zaaktitel",
        actors=[
            ZaakActor("Medeindiener", "Tweede Lid", "B"),
            ZaakActor("Gericht aan", "Een Minister", "C", "minister van Voorbeelden"),
            ZaakActor("Indiener", "Eerste Lid", "A"),
        ],
    )
    kv = run([answer_doc(submitters=[PersonRef("Lid")])], zaak=zaak)
    assert [(p.name, p.party) for p in kv.submitters] == [("Eerste Lid", "A"), ("Tweede Lid", "B")]
    assert [(p.name, p.party, p.role) for p in kv.answered_by] == [
        ("Een Minister", "C", "minister van Voorbeelden")
    ]
    assert kv.title == "Zaaktitel"


def test_further_answers_by_tk_kind_and_by_date() -> None:
    first = answer_doc()
    nader = answer_doc(
        id="ah-tk-20982099-20",
        received=D(2099, 3, 1),
        questions=[],
        answers=[item("Antwoord 2", (2,), "Nader A2.")],
    )
    zaak = Zaak(
        "2099Z00010",
        documents=[
            TkDocument(
                "Antwoord schriftelijke vragen (nader)",
                "2099D9",
                D(2099, 3, 1),
                external_id="ah-tk-20982099-20",
            ),
        ],
    )
    for docs in ([first, nader], [nader, first]):
        kv = run(docs, zaak=zaak)
        assert kv.sources.answer_id == "ah-tk-20982099-10"
        assert [q.answer for q in kv.questions] == ["A1.", "A2."]
        (further,) = kv.further_answers
        assert (further.id, further.date) == ("ah-tk-20982099-20", D(2099, 3, 1))
        assert [(q.number, q.text, q.answer) for q in further.questions] == [
            (1, "V1?", None),
            (2, "V2?", "Nader A2."),
        ]
        assert kv.to_json()["further_answers"][0]["id"] == "ah-tk-20982099-20"


def test_old_set_is_numbered_by_its_question_document() -> None:
    old = parse_koop_xml(
        (FIXTURES / "kv-tk-20052006-KVR99999.xml").read_bytes(), "kv-tk-20052006-KVR99999"
    )
    kv = run([old], today=D(2007, 1, 1))
    assert kv.number == "kv-tk-20052006-KVR99999"
    assert kv.status is Status.ANSWERED  # the old form holds the answers itself
    assert [q.answer for q in kv.questions] == ["Eerste oude antwoord.", "Tweede oude antwoord."]
    assert kv.loose_text == ["Toelichting bij deze FICTIEVE vragen."]
    assert kv.to_json()["loose_text"] == kv.loose_text


def test_loose_text_and_unclaimed_footnotes_are_kept() -> None:
    doc = answer_doc(
        loose_text=["Los."],
        footnotes=[Footnote(9, "Noot", "https://example.org/n")],
    )
    kv = run([doc, questions_doc(loose_text=["Los."])])
    assert kv.loose_text == ["Los.", "[9] Noot (https://example.org/n)"]


def test_nothing_to_assemble_is_an_error() -> None:
    with pytest.raises(ValueError, match="nothing"):
        assemble([], {}, None, today=D(2099, 1, 1))
