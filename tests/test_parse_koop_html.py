"""KOOP HTML parser: real pre-2019 fragments (read from ../shared) and fictional pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kvtui.model import DocKind
from kvtui.parse.errors import BadDocument
from kvtui.parse.koop_html import parse_koop_html

FIXTURES = Path(__file__).parent / "fixtures" / "koop"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.shared
def test_real_question_fragment(shared_dir: Path) -> None:
    data = (shared_dir / "fixtures/real/kv-tk-2016Z00020.vragen-fragment.html").read_bytes()
    doc = parse_koop_html(data, "kv-tk-2016Z00020")
    assert doc.id == "kv-tk-2016Z00020"
    assert doc.kind is DocKind.QUESTIONS
    assert [q.numbers for q in doc.questions] == [(1,), (2,), (3,), (4,)]
    assert [q.label for q in doc.questions] == ["Vraag 1", "Vraag 2", "Vraag 3", "Vraag 4"]
    # footnote markers are removed from the text (UTF-8 read as UTF-8: « and » intact)
    assert doc.questions[0].text == (
        "Wat is uw reactie op het bericht «Veel beginnende ggz-krachten krijgen "
        "alleen onkostenvergoeding»?"
    )
    # line breaks inside a <p> are only wrapping
    assert doc.questions[1].text == (
        "Bent u van mening dat hier sprake is van een arbeidsrelatie waarbij loon "
        "verschuldigd is? Zo ja, wat gaat u hieraan doen? Zo nee, waarom niet?"
    )
    # the markers point at notes that are not in this fragment: said, not hidden
    assert len(doc.warnings) == 2


@pytest.mark.shared
def test_real_footnote_fragment(shared_dir: Path) -> None:
    data = (shared_dir / "fixtures/real/kv-tk-2016Z00047.noten-fragment.html").read_bytes()
    doc = parse_koop_html(data, "kv-tk-2016Z00047")
    notes = [(f.number, f.text, f.url) for f in doc.footnotes]
    assert notes == [
        (1, "http://nos.nl/l/2077649", "http://nos.nl/l/2077649"),
        (2, "VOG: verklaring omtrent gedrag", None),
    ]


def test_fictional_page_items_notes_and_head() -> None:
    doc = parse_koop_html(fixture("ah-tk-20982099-903.html"))
    assert doc.id == "ah-tk-20982099-903"
    assert doc.kind is DocKind.ANSWER
    assert doc.title == "Een FICTIEF HTML-voorbeeld voor kvtui"
    assert doc.zaak_number == "2099Z00002"
    assert doc.vergaderjaar == "2098-2099"
    assert doc.related_ids == ["ah-tk-20982099-904"]  # the path-like value is refused
    assert doc.submitted == dt.date(2099, 1, 5)
    assert doc.received == dt.date(2099, 2, 20)
    assert [(p.name, p.party) for p in doc.submitters] == [("Voorbeeld", "FICT")]
    assert [(p.name, p.role) for p in doc.answerers] == [("Fictief", "Minister van Fictieve Zaken")]
    assert [(q.label, q.numbers) for q in doc.questions] == [
        ("Vraag 1", (1,)),
        ("Vraag 2, 3", (2, 3)),
    ]
    assert doc.questions[0].text == "Eerste vraag met een noot?"
    assert [(f.number, f.url) for f in doc.questions[0].footnotes] == [
        (1, "https://example.org/html-fictief")
    ]
    assert doc.questions[1].paragraphs == ["Een gecombineerde vraag.", "punt een", "punt twee"]
    # p.nummer is a label, not text
    assert doc.answers[0].label == "Antwoord 1"
    assert doc.answers[0].paragraphs == [
        "Eerste antwoord.",
        "Met een tweede alinea en een [bold]markering[/bold].",
    ]
    assert doc.answers[1].numbers == (2, 3)
    assert [(f.number, f.text, f.url) for f in doc.answers[1].footnotes] == [
        (2, "Een noot zonder link.", None)
    ]
    assert doc.remarks == ["Mededeling: een FICTIEVE opmerking."]
    # a note nobody points at is kept; its javascript: link is not a URL
    assert [(f.number, f.text, f.url) for f in doc.footnotes] == [(3, "niet klikbaar", None)]


def test_error_page_is_refused() -> None:
    with pytest.raises(BadDocument, match="Pagina niet gevonden"):
        parse_koop_html(fixture("error-page.html"))


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b"<html><body></body></html>", b"<html><body><p>Hallo</p></body></html>"],
)
def test_pages_without_kamervragen_content_are_refused(data: bytes) -> None:
    with pytest.raises(BadDocument):
        parse_koop_html(data)


def test_identified_page_in_an_unknown_layout_keeps_its_text() -> None:
    data = (
        b'<html><head><meta name="DC.identifier" content="kv-tk-2099Z00007"></head>'
        b"<body><main><p>FICTIEVE vraag in een nieuwe opmaak?</p><p>Tweede alinea.</p>"
        b"</main></body></html>"
    )
    doc = parse_koop_html(data)
    assert doc.id == "kv-tk-2099Z00007"
    assert doc.loose_text == ["FICTIEVE vraag in een nieuwe opmaak?", "Tweede alinea."]
    assert doc.warnings


def test_entities_are_not_expanded_from_outside() -> None:
    data = (
        b'<!DOCTYPE html SYSTEM "http://127.0.0.1:9/evil.dtd"><html><head>'
        b'<meta name="DC.identifier" content="kv-tk-2099Z00008"></head><body>'
        b'<div class="vraag"><h2>Vraag 1</h2><p>A &amp; B &lt;script&gt; &evil;</p></div>'
        b"</body></html>"
    )
    doc = parse_koop_html(data)
    assert doc.questions[0].text.startswith("A & B <script>")


def test_latin1_page_is_read_by_its_declaration() -> None:
    data = (
        b'<html><head><meta charset="iso-8859-1"><meta name="DC.identifier" '
        b'content="kv-tk-2099Z00009"></head><body><div class="vraag"><h2>Vraag 1</h2>'
        b"<p>Caf\xe9?</p></div></body></html>"
    )
    assert parse_koop_html(data).questions[0].text == "Café?"
