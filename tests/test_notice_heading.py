"""A notice's heading is not its text (issue 8); the notice keeps its date and paragraphs.

A ``kamervraagopmerking`` may open with "Mededeling" in ``kop``, in ``titel`` or as a
first paragraph of its own; each shape is checked in XML and HTML, with and without a
date in the heading. The documents are fictional, written for these tests.
"""

from __future__ import annotations

import datetime as dt

import pytest

from kvtui.assemble import assemble
from kvtui.parse.koop_html import parse_koop_html
from kvtui.parse.koop_xml import parse_koop_xml

BODY = (
    "<al>Hierbij deel ik u mede dat de FICTIEVE vragen niet binnen de gebruikelijke "
    "termijn kunnen worden beantwoord.</al><al>Ik streef ernaar ze spoedig te beantwoorden.</al>"
)
TEXT = (
    "Hierbij deel ik u mede dat de FICTIEVE vragen niet binnen de gebruikelijke termijn "
    "kunnen worden beantwoord.\n\nIk streef ernaar ze spoedig te beantwoorden."
)


def notice_xml(opening: str, body: str = BODY) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!-- FICTIEF voorbeeld voor kvtui: written for its tests, not a real KOOP document. -->
<officiele-publicatie><kamervragen>
<kamervraagnummer>2099Z00970</kamervraagnummer>
<kamervraagomschrijving type="vraag">Vragen van het lid <naam><achternaam>Voorbeeld
</achternaam></naam> (FICT) aan de Minister van Fictieve Zaken over iets (ingezonden
<datum isodatum="2099-06-01">1 juni 2099</datum>).</kamervraagomschrijving>
<kamervraagopmerking>{opening}{body}</kamervraagopmerking>
</kamervragen></officiele-publicatie>""".encode()


@pytest.mark.parametrize(
    "opening",
    [
        "<kop><titel>Mededeling</titel></kop>",
        "<titel>Mededeling</titel>",
        "<kop>Mededeling</kop>",
        "<al>Mededeling</al>",
        "<al>MEDEDELING:</al>",
        "",
    ],
)
def test_heading_is_not_notice_text(opening: str) -> None:
    doc = parse_koop_xml(notice_xml(opening), "ah-tk-20982099-970")
    assert "\n\n".join(doc.remarks) == TEXT
    kv = assemble([doc], {}, None, today=dt.date(2099, 7, 1))
    assert [n.text for n in kv.notices] == [TEXT]


@pytest.mark.parametrize(
    "opening", ["<kop>Mededeling – 17 juni 2099</kop>", "<al>Mededeling - 17 juni 2099</al>"]
)
def test_a_date_in_the_heading_still_dates_the_notice(opening: str) -> None:
    doc = parse_koop_xml(notice_xml(opening), "ah-tk-20982099-971")
    assert "\n\n".join(doc.remarks) == TEXT
    kv = assemble([doc], {}, None, today=dt.date(2099, 7, 1))
    assert [(n.date, n.text) for n in kv.notices] == [(dt.date(2099, 6, 17), TEXT)]


def test_a_sentence_that_starts_with_the_word_stays_text() -> None:
    body = "<al>Mededelingen over uitstel volgen hieronder.</al>" + BODY
    doc = parse_koop_xml(notice_xml("", body), "ah-tk-20982099-972")
    assert doc.remarks[0] == "Mededelingen over uitstel volgen hieronder."


def test_a_notice_of_nothing_but_its_heading_is_not_lost() -> None:
    doc = parse_koop_xml(notice_xml("<kop>Mededeling</kop>", ""), "ah-tk-20982099-973")
    kv = assemble([doc], {}, None, today=dt.date(2099, 7, 1))
    assert [n.text for n in kv.notices] == ["Mededeling"]


@pytest.mark.parametrize("heading", ["<h3>Mededeling</h3>", "<p>Mededeling</p>", ""])
def test_html_notice_heading_is_not_text(heading: str) -> None:
    page = (
        "<html><head><meta name='DC.identifier' content='ah-tk-20982099-974'></head><body>"
        "<div class='stuk'><div class='kamervraagopmerking'>"
        f"{heading}<p>Hierbij deel ik u mede dat de FICTIEVE vragen niet binnen de "
        "gebruikelijke termijn kunnen worden beantwoord.</p>"
        "<p>Ik streef ernaar ze spoedig te beantwoorden.</p></div></div></body></html>"
    ).encode()
    doc = parse_koop_html(page)
    assert "\n\n".join(doc.remarks) == TEXT
