"""Old KOOP documents read faithfully (issue 8, items 4 and 8).

Answers of the 1990s begin ``<?xml …?><!DOCTYPE vraagdoc PUBLIC …>`` and use named
entities their DTD defines; kvtui accepts them without loading the DTD and maps the
names from the standard sets. Old-format sets head their items "Vraag N" like every
other set and take the askers' parties from the description when nothing else gives
them. Every document here is written for these tests (FICTIEF).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from test_store_support import run_main
from xml_encodings import ENCODINGS

from kvtui.assemble import assemble
from kvtui.model import DocKind
from kvtui.parse import parse_source
from kvtui.parse.koop_xml import parse_koop_xml
from kvtui.parse.labels import heading
from kvtui.parse.sniff import SourceType, sniff
from kvtui.records import DocumentMetadata, ParsedDocument, PersonRef, Zaak, ZaakActor

TODAY = dt.date(2026, 11, 28)
PUBLIC = '<!DOCTYPE vraagdoc PUBLIC "-//KVTUI//DTD vraagdoc FICTIEF//NL" "vraagdoc.dtd">'
SYSTEM = '<!DOCTYPE vraagdoc SYSTEM "http://127.0.0.1:9/vraagdoc.dtd">'


def vraagdoc(
    doctype: str = PUBLIC, *, askers: str = "het lid De Vries-&Oslash;sterg&aring;rd (VVD)"
) -> str:
    """An answer in the shape of the 1990s: ``nummer``, ``omschr``, ``toelicht``,
    ``vragen``/``reactie``, with named entities in text and attributes."""
    return (
        f"{doctype}\n"
        "<!-- FICTIEF voorbeeld voor kvtui -->\n"
        "<vraagdoc><body>"
        f"<omschr>Vragen van {askers} aan de minister van Landbouw over de "
        "pr&eacute;paraten in veevoer. (Ingezonden 2 mei 1995)</omschr>"
        "<toelicht>Toelichting: zie &sect;&nbsp;3 van de FICTIEVE nota.</toelicht>"
        "<vragen>"
        '<vraag><nummer>1</nummer><al titel="caf&eacute;">Klopt het bericht &lsquo;Veevoer '
        "met resten&rsquo;? (FICTIEF voorbeeld voor kvtui)</al></vraag>"
        "<vraag><nummer>2</nummer><al>Wat kost dat &ndash; in &fnof; &ndash; per jaar?</al></vraag>"
        "<vraag><nummer>3</nummer><al>Kent u &onbekend; en &eacute;&eacute;n&amp;ander?</al>"
        "</vraag>"
        "</vragen><reactie>"
        "<antwoord><nummer>1</nummer><al>Ja. (FICTIEF)</al></antwoord>"
        "<antwoord><nummer>2, 3</nummer>"
        "<al>Ruim &fnof;&nbsp;3 miljoen; &onbekend; ken ik niet.</al>"
        "</antwoord></reactie></body></vraagdoc>"
    )


@pytest.mark.parametrize("doctype", [PUBLIC, SYSTEM], ids=["PUBLIC", "SYSTEM"])
@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_a_1990s_answer_is_read_with_its_entities(doctype, encoding):
    data = ENCODINGS[encoding](vraagdoc(doctype))
    assert sniff(data, "ah-tk-19941995-77.xml") is SourceType.KOOP_XML
    doc = parse_koop_xml(data, "ah-tk-19941995-77")
    assert doc.kind is DocKind.ANSWER
    assert [(q.label, q.text) for q in doc.questions] == [
        ("Vraag 1", "Klopt het bericht ‘Veevoer met resten’? (FICTIEF voorbeeld voor kvtui)"),
        ("Vraag 2", "Wat kost dat – in ƒ – per jaar?"),
        ("Vraag 3", "Kent u &onbekend; en één&ander?"),
    ]
    assert [(a.label, a.numbers, a.text) for a in doc.answers] == [
        ("Antwoord 1", (1,), "Ja. (FICTIEF)"),
        ("Antwoord 2, 3", (2, 3), "Ruim ƒ\u00a03 miljoen; &onbekend; ken ik niet."),
    ]
    assert doc.question_description and "préparaten" in doc.question_description
    assert [(p.name, p.party) for p in doc.submitters] == [("De Vries-Østergård", "VVD")]
    assert doc.loose_text == ["Toelichting: zie §\u00a03 van de FICTIEVE nota."]


@pytest.mark.parametrize(
    ("askers", "expected"),
    [
        ("het lid Jansen (SP)", [("Jansen", "SP")]),
        ("het lid Jansen", [("Jansen", None)]),
        (
            "de leden Van Dijk (CDA), Ter Horst (PvdA) en De Wit (GPV)",
            [("Van Dijk", "CDA"), ("Ter Horst", "PvdA"), ("De Wit", "GPV")],
        ),
        ("de leden Bakker (D66) en Smit (RPF)", [("Bakker", "D66"), ("Smit", "RPF")]),
    ],
)
def test_askers_and_parties_come_from_a_plain_description(askers, expected):
    doc = parse_koop_xml(ENCODINGS["utf-8"](vraagdoc(askers=askers)), "ah-tk-19941995-77")
    assert [(p.name, p.party) for p in doc.submitters] == expected


def test_a_hostile_description_is_read_in_linear_time():
    import time

    for askers in (
        "het lid " + "x" * 200_000,
        "de leden " + "(a) " * 50_000,
        "het lid " + "(" * 100_000,
    ):
        data = ENCODINGS["utf-8"](vraagdoc(askers=askers))
        start = time.perf_counter()
        parse_koop_xml(data, "ah-tk-19941995-77")
        assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(
    ("label", "word", "expected"),
    [
        ("1", "Vraag", "Vraag 1"),
        (" 2, 3 ", "Antwoord", "Antwoord 2, 3"),
        ("4 en 5", "Vraag", "Vraag 4 en 5"),
        ("6.", "Vraag", "Vraag 6"),
        ("7)", "Antwoord", "Antwoord 7"),
        ("8 t/m 10:", "Vraag", "Vraag 8 t/m 10"),
        ("Vraag 1", "Vraag", "Vraag 1"),
        ("Antwoord op vraag 1:", "Antwoord", "Antwoord op vraag 1:"),
        ("", "Vraag", ""),
        ("a.", "Vraag", "a."),
    ],
)
def test_bare_numbers_become_headings(label, word, expected):
    assert heading(label, word) == expected


def test_old_html_labels_are_headed_too():
    html = (
        b"<html><head><meta name='DC.identifier' content='ah-tk-19941995-78'></head><body>"
        b"<div class='stuk'><div class='vraag'><p class='nummer'>1</p><p>V? FICTIEF</p></div>"
        b"<div class='antwoord'><p class='nummer'>1</p><p>A. FICTIEF</p></div></div></body></html>"
    )
    doc = parse_source(html, "ah-tk-19941995-78.html").document
    assert isinstance(doc, ParsedDocument)
    assert [q.label for q in doc.questions] == ["Vraag 1"]
    assert [a.label for a in doc.answers] == ["Antwoord 1"]


# ---------------------------------------------------------------------------
# Parties: from the description when no other source gives them
# ---------------------------------------------------------------------------


def _answer(submitters: list[PersonRef]) -> ParsedDocument:
    doc = parse_koop_xml(ENCODINGS["utf-8"](vraagdoc()), "ah-tk-19941995-77")
    doc.submitters = submitters
    return doc


def _meta(*names: str) -> dict[str, DocumentMetadata]:
    return {"ah-tk-19941995-77": DocumentMetadata(id="ah-tk-19941995-77", submitters=list(names))}


def test_metadata_names_take_their_party_from_the_description():
    described = [PersonRef("Ten Hove-Bakker", "CDA"), PersonRef("Van der Zee", "GL")]
    kv = assemble(
        [_answer(described)],
        _meta("W.J. ten Hove-Bakker", "P. van der Zee", "K. Onbekend"),
        None,
        today=TODAY,
    )
    assert [(p.name, p.party) for p in kv.submitters] == [
        ("W.J. ten Hove-Bakker", "CDA"),
        ("P. van der Zee", "GL"),
        ("K. Onbekend", None),  # nobody printed a party for this name: none is invented
    ]


def test_tk_actors_without_a_party_take_it_from_the_description():
    zaak = Zaak(
        "1995Z00077",
        actors=[
            ZaakActor("Indiener", "Jan ten Hove-Bakker", None),
            ZaakActor("Medeindiener", "Piet Smit", "SGP"),
        ],
    )
    described = [PersonRef("Ten Hove-Bakker", "CDA"), PersonRef("Smit", "RPF")]
    kv = assemble([_answer(described)], {}, zaak, today=TODAY)
    # TK's own party wins; the description only fills what is missing.
    assert [(p.name, p.party) for p in kv.submitters] == [
        ("Jan ten Hove-Bakker", "CDA"),
        ("Piet Smit", "SGP"),
    ]


def test_description_people_stand_alone_when_nothing_else_names_them():
    kv = assemble([_answer([PersonRef("Jansen", "SP")])], {}, None, today=TODAY)
    assert [(p.name, p.party) for p in kv.submitters] == [("Jansen", "SP")]


# ---------------------------------------------------------------------------
# End to end: kvtui import, then kvtui show in every format
# ---------------------------------------------------------------------------


def _cli(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    return run_main(capsys, monkeypatch, *args, today=TODAY)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "iso-8859-1"])
def test_import_then_show_an_old_answer(tmp_path: Path, capsys, monkeypatch, encoding):
    source = tmp_path / "in" / "ah-tk-19941995-77.xml"
    source.parent.mkdir()
    source.write_bytes(ENCODINGS[encoding](vraagdoc()))
    cache = str(tmp_path / "cache")
    code, _, err = _cli(capsys, monkeypatch, "--cache", cache, "import", str(source))
    assert code == 0, err
    code, text, err = _cli(
        capsys, monkeypatch, "--cache", cache, "show", "ah-tk-19941995-77", "--offline"
    )
    assert code == 0, err
    for needle in (
        "Vraag 1",
        "Vraag 2",
        "Vraag 3",
        "Klopt het bericht ‘Veevoer met resten’?",
        "Ruim ƒ\u00a03 miljoen; &onbekend; ken ik niet.",
        "De Vries-Østergård (VVD)",
    ):
        assert needle in text, needle
    assert text.index("Vraag 1") < text.index("Ja. (FICTIEF)") < text.index("Vraag 2")
    code, md, _ = _cli(
        capsys, monkeypatch, "--cache", cache, "show", "ah-tk-19941995-77", "--offline",
        "--format", "markdown",
    )  # fmt: skip
    assert code == 0 and "Vraag 1" in md and "Vraag 3" in md
    code, out, _ = _cli(
        capsys, monkeypatch, "--cache", cache, "show", "ah-tk-19941995-77", "--offline",
        "--format", "json",
    )  # fmt: skip
    data = json.loads(out)
    assert [q["number"] for q in data["questions"]] == [1, 2, 3]
    assert data["questions"][0]["answer"] == "Ja. (FICTIEF)"
    assert data["questions"][2]["answer_ref"] == 2
    assert data["submitters"] == [{"name": "De Vries-Østergård", "party": "VVD"}]
    assert all(q.get("label") in (None, f"Vraag {q['number']}") for q in data["questions"])


@pytest.mark.parametrize(
    ("omschr_date", "toelicht", "submitted", "received"),
    [
        ("(Ingezonden 2 mei 1995)", "Antwoord van minister X. (Ontvangen 30 mei 1995)",
         dt.date(1995, 5, 2), dt.date(1995, 5, 30)),
        ("(ingezonden 31 december 1999)", "Antwoord (ontvangen 3 januari 2000)",
         dt.date(1999, 12, 31), dt.date(2000, 1, 3)),
        ("", "Toelichting: wij hebben op 4 mei 1995 een brief ontvangen.", None, None),
        ("(Ingezonden 31 februari 1995)", "", None, None),  # no such day: no date invented
    ],
)  # fmt: skip
def test_old_dates_printed_in_words(omschr_date, toelicht, submitted, received):
    doc = (
        "<vraagdoc><body>"
        f"<omschr>Vragen van het lid Jansen (SP) aan de minister over iets. {omschr_date}</omschr>"
        f"<vragen><vraag><nummer>1</nummer><al>V? FICTIEF</al></vraag></vragen>"
        f"<reactie><toelicht>{toelicht}</toelicht>"
        "<antwoord><nummer>1</nummer><al>A. FICTIEF</al></antwoord></reactie></body></vraagdoc>"
    )
    parsed = parse_koop_xml(doc.encode(), "ah-tk-19941995-79")
    assert (parsed.submitted, parsed.received) == (submitted, received)
    if toelicht:
        assert parsed.loose_text == [toelicht]  # the words stay readable
