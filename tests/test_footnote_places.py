"""Where footnote markers stand (issue 8): ``in``/``at`` from parsing to JSON.

Texts stay marker-free; each footnote says which text of its question holds its
marker and at which character offset. These tests put ``[n]`` back at that offset and
compare with the text as the (fictional) source prints it, for every place a note can
sit: running numbering, a list item, an al-groep, a table cell, loose item text, two
notes after one word, whitespace and line breaks around a note. Real documents are
checked against an oracle that reads the XML independently (skipped where absent).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from kvtui.assemble import assemble
from kvtui.model import Footnote, Kamervraag
from kvtui.parse.koop_html import parse_koop_html
from kvtui.parse.koop_xml import parse_koop_xml
from kvtui.parse.marks import MARK, collapse_marked
from kvtui.parse.text import collapse

NOTES = Path(__file__).parent / "fixtures" / "notes"


def put_markers(text: str, notes: list[Footnote]) -> str:
    """``text`` with ``[n]`` at each note's offset (an oracle independent of render/)."""
    out, last = [], 0
    for note in sorted(notes, key=lambda n: n.at if n.at is not None else len(text)):
        at = len(text) if note.at is None else note.at
        out += [text[last:at], f"[{note.number}]"]
        last = at
    out.append(text[last:])
    return "".join(out)


def test_every_place_a_note_can_sit_keeps_its_marker() -> None:
    doc = parse_koop_xml((NOTES / "ah-tk-20982099-950.xml").read_bytes())
    q1, q2 = doc.questions
    a1, a2 = doc.answers
    assert put_markers(q1.text, q1.footnotes) == (
        "Kent u het FICTIEVE bericht «Noten op hun plaats»?[1] Zo ja, wat vindt u ervan?"
    )
    assert put_markers(a1.text, a1.footnotes) == (
        "Ja.\n\nZie de brief van 2\u00a0mei 2099[2][3] en het verslag[4] van het overleg."
        if "\u00a0" in a1.text
        else "Ja.\n\nZie de brief van 2 mei 2099[2][3] en het verslag[4] van het overleg."
    )
    assert put_markers(q2.text, q2.footnotes) == (
        "Welke stappen zet u?\n\na. de eerste stap[5];\n\nb. de tweede stap."
    )
    assert put_markers(a2.text, a2.footnotes) == (
        "Eerst dit.\n\nDan dat[6].\n\nStap | Kosten[7]\n\nTot slot[8]."
    )
    # Texts themselves stay marker-free, and the numbering runs on through the document.
    for item in (q1, q2, a1, a2):
        assert MARK not in item.text and "[" not in item.text
    numbers = [n.number for item in (q1, a1, q2, a2) for n in item.footnotes]
    assert numbers == list(range(1, 9))


def test_assembled_notes_say_which_text_holds_them_and_survive_the_store_json() -> None:
    doc = parse_koop_xml((NOTES / "ah-tk-20982099-950.xml").read_bytes())
    kv = assemble([doc], {}, None, today=dt.date(2099, 6, 1))
    q1, q2 = kv.questions
    assert [(n.number, n.part) for n in q1.footnotes] == [
        (1, "question"),
        (2, "answer"),
        (3, "answer"),
        (4, "answer"),
    ]
    assert [(n.number, n.part) for n in q2.footnotes] == [(5, "question")] + [
        (k, "answer") for k in (6, 7, 8)
    ]
    for q in kv.questions:
        for note in q.footnotes:
            text = q.text if note.part == "question" else q.answer
            assert text is not None and 0 <= note.at <= len(text)
    data = kv.to_json()
    assert data["questions"][0]["footnotes"][0] == {
        "number": 1,
        "text": "Fictieve Krant, 1 mei 2099 (https://example.invalid/noten)",
        "url": "https://example.invalid/noten",
        "in": "question",
        "at": len("Kent u het FICTIEVE bericht «Noten op hun plaats»?"),
    }
    back = Kamervraag.from_json(json.loads(json.dumps(kv.to_store_json())))
    assert back.to_store_json() == kv.to_store_json()


def test_a_question_from_the_answer_document_keeps_the_offsets_of_that_text() -> None:
    """The answer document's repeated question is what is shown; when the question
    document words it differently, the offsets must be those of the text shown."""
    kv_doc = b"""<?xml version="1.0"?>
<!-- FICTIEF voorbeeld voor kvtui -->
<kamervragen><kamervraagnummer>2099Z00951</kamervraagnummer>
<vraag><nr>Vraag 1</nr><al>Kort?<noot><noot.nr>1</noot.nr><noot.al>Bron</noot.al></noot></al>
</vraag>
</kamervragen>"""
    ah_doc = b"""<?xml version="1.0"?>
<!-- FICTIEF voorbeeld voor kvtui -->
<kamervragen><kamervraagnummer>2099Z00951</kamervraagnummer>
<kamervraagomschrijving type="antwoord">Antwoord (ontvangen
<datum isodatum="2099-05-20">20 mei 2099</datum>).</kamervraagomschrijving>
<vraag><nr>Vraag 1</nr><al>Een langere vraag, anders gezet?<noot><noot.nr>1</noot.nr>
<noot.al>Bron</noot.al></noot></al></vraag>
<antwoord><nr>Antwoord 1</nr><al>Nee.</al></antwoord>
</kamervragen>"""
    questions = parse_koop_xml(kv_doc, "kv-tk-2099Z00951")
    answer = parse_koop_xml(ah_doc, "ah-tk-20982099-951")
    kv = assemble([questions, answer], {}, None, today=dt.date(2099, 6, 1))
    (q,) = kv.questions
    assert put_markers(q.text, q.footnotes) == "Een langere vraag, anders gezet?[1]"


def test_a_note_that_forges_a_mark_cannot_move_the_others() -> None:
    # XML cannot carry NUL; an HTML page can try. It is dropped, never taken as a mark.
    page = (
        b"<html><body><div class='vraag'><h2>Vraag 1</h2><p>A\x00B<a class='nootnum' "
        b"href='#n1'>1</a> C</p></div><div id='noten'><div class='voet noot' id='n1'>"
        b"<sup><span class='nootnum'>1</span></sup><p>Noot</p></div></div></body></html>"
    )
    doc = parse_koop_html(page, "kv-tk-2099Z00952")
    (q,) = doc.questions
    assert MARK not in q.text  # libxml2 makes it U+FFFD; either way no mark
    word = q.text.split(" ")[0]
    assert word[0] == "A" and word[-1] == "B"
    assert put_markers(q.text, q.footnotes) == f"{word}[1] C"


def test_html_markers_keep_their_place_and_a_second_marker_adds_no_note() -> None:
    page = (
        "<html><body><div class='stuk'>"
        "<div class='vraag'><h2>Vraag 1</h2><p>Eerst<sup><a class='nootnum' href='#ID-X-d1'>1"
        "</a></sup> en dan<a class='nootnum' href='#ID-X-d2'>2</a><a class='nootnum' "
        "href='#ID-X-d3'>3</a>.</p><p>Weer<a class='nootnum' href='#ID-X-d1'>1</a>.</p></div>"
        "<div class='antwoord'><h2>Antwoord 1</h2><p>Ja<a class='nootnum' href='#d4'>4</a>.</p>"
        "</div><div id='noten'>"
        + "".join(
            f"<div class='voet noot' id='supernote-note-ID-X-d{k}'><sup><span class='nootnum'>"
            f"<a id='ID-X-d{k}'></a>{k}</span></sup><p>Fictieve noot {k}</p></div>"
            for k in range(1, 5)
        )
        + "</div></div></body></html>"
    ).encode()
    doc = parse_koop_html(page, "ah-tk-20982099-953")
    (q,), (a,) = doc.questions, doc.answers
    assert put_markers(q.text, q.footnotes) == "Eerst[1] en dan[2][3].\n\nWeer."
    assert put_markers(a.text, a.footnotes) == "Ja[4]."
    assert doc.footnotes == []


def _html_with_notes(n: int) -> bytes:
    refs = "".join(f"<p>Zin {k}<a class='nootnum' href='#ID-Y-d{k}'>{k}</a>.</p>" for k in range(n))
    notes = "".join(
        f"<div class='voet noot' id='supernote-note-ID-Y-d{k}'><p>Noot {k}</p></div>"
        for k in range(n)
    )
    return (
        f"<html><body><div class='vraag'><h2>Vraag 1</h2>{refs}</div>"
        f"<div id='noten'>{notes}</div></body></html>"
    ).encode()


def test_html_footnote_matching_grows_linearly() -> None:
    """Every marker once scanned every note: 4,000 notes took 10.6 s, four times as
    long per doubling. Four times the notes must now take about four times as long."""

    def timed(n: int) -> float:
        data = _html_with_notes(n)
        best = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            doc = parse_koop_html(data, "kv-tk-2099Z00954")
            best = min(best, time.perf_counter() - start)
        assert len(doc.questions[0].footnotes) == n
        return best

    small, big = timed(1000), timed(4000)
    # Linear: about 4 times; quadratic (as before): 16 times.
    assert big < small * 8 + 0.05, (small, big)


@given(st.lists(st.sampled_from(["a", "b", " ", "\n", "\t", "\u00a0", MARK, "«"]), max_size=40))
def test_collapse_marked_is_collapse_plus_marks_that_keep_to_the_word_before(
    pieces: list[str],
) -> None:
    raw = "".join(pieces)
    text, offsets = collapse_marked(raw)
    assert text == collapse(raw.replace(MARK, ""))
    assert len(offsets) == raw.count(MARK)
    assert offsets == sorted(offsets) and all(0 <= o <= len(text) for o in offsets)
    for k, o in enumerate(offsets):
        before = raw.split(MARK)[: k + 1]
        assert o == len(collapse("".join(before).replace(MARK, "")))


# ---------------------------------------------------------------------------
# Real documents: an independent oracle reads each note's neighbours from the XML
# ---------------------------------------------------------------------------

_WS = re.compile(r"[ \t\n\r\f\v]+")


def _neighbours(noot: etree._Element) -> tuple[str, str]:
    """The text of the note's paragraph just before and just after it, notes left out."""
    al = noot.getparent()
    before: list[str] = []
    after: list[str] = []
    target = before

    def walk(el: etree._Element) -> None:
        nonlocal target
        if el.text and el is not noot:
            target.append(el.text)
        for child in el:
            if child is noot:
                target = after
            elif isinstance(child.tag, str) and etree.QName(child).localname != "noot":
                walk(child)
            if child.tail:
                target.append(child.tail)

    walk(al)
    return _WS.sub(" ", "".join(before)).strip(" "), _WS.sub(" ", "".join(after)).strip(" ")


def _real_answer_files(shared_dir: Path) -> list[Path]:
    files = sorted((shared_dir / "fixtures" / "real").glob("ah-tk-*.fragments.xml"))
    files += sorted((shared_dir / "fixtures" / "seed").glob("*-tk-*.xml"))
    files = [f for f in files if not f.name.endswith(".metadata.xml")]
    if not files:
        pytest.skip("no real KOOP documents in ../shared/fixtures")
    return files


@pytest.mark.shared
def test_every_real_footnote_points_between_its_neighbours(shared_dir: Path) -> None:
    checked = 0
    for path in _real_answer_files(shared_dir):
        data = path.read_bytes()
        doc = parse_koop_xml(data, path.name.split(".")[0])
        root = etree.fromstring(data, etree.XMLParser(resolve_entities=False))
        by_number = {}
        for noot in root.iter("{*}noot"):
            nr = noot.find("{*}noot.nr")
            by_number[int(re.sub(r"\D", "", "".join(nr.itertext())))] = noot
        for item in doc.questions + doc.answers:
            for note in item.footnotes:
                before, after = _neighbours(by_number[note.number])
                assert item.text[: note.at].endswith(before[-40:]), (path.name, note.number)
                assert item.text[note.at :].lstrip(" ").startswith(after[:40]), (
                    path.name,
                    note.number,
                )
                checked += 1
        assert sum(len(i.footnotes) for i in doc.questions + doc.answers) == len(by_number)
    assert checked >= 1
