"""``kvtui import`` tells which document a file is: content first, then the file name.

Issue 8, item 6: the content's own id wins (``DC.identifier``, the metadata record
link, an OData zaak's number); a file whose content names none is known by any id in
its name (``X (1).xml``, ``X_1.xml``, ``X.fragments.xml``, ``X.xml.xml``, …); then by
the set's number in its content (``kamervraagnummer``, ``vraagnummer``). A refusal
says what was looked for. Import and a rebuild from ``sources/`` index the same thing.
Every document here is written for these tests (FICTIEF).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from test_store_support import run_main

from kvtui.cachenames import ids_in_name
from kvtui.store.cache import Cache
from kvtui.store.ingest import SourceRejected, identify, parse_payload

TODAY = dt.date(2031, 3, 1)
ZAAK = "2031Z04401"
KV = f"kv-tk-{ZAAK}"
AH = "ah-tk-20302031-441"


def koop_xml(*, doc_id: str | None = None, zaak: str | None = ZAAK, answer: bool = False) -> bytes:
    meta = f'<metadata><meta name="DC.identifier" content="{doc_id}"/></metadata>' if doc_id else ""
    number = f"<kamervraagnummer>{zaak}</kamervraagnummer>" if zaak else ""
    items = "<vraag><nr>Vraag 1</nr><al>Een vraag? (FICTIEF voorbeeld voor kvtui)</al></vraag>"
    if answer:
        items += "<antwoord><nr>Antwoord 1</nr><al>Een antwoord. (FICTIEF)</al></antwoord>"
    return (
        f"<officiele-publicatie>{meta}<kamervragen>{number}{items}</kamervragen>"
        "</officiele-publicatie>"
    ).encode()


def koop_html(*, doc_id: str | None = None) -> bytes:
    meta = f'<meta name="DC.identifier" content="{doc_id}">' if doc_id else ""
    return (
        f"<html><head>{meta}</head><body><div class='stuk'><div class='vraag'><h2>Vraag 1</h2>"
        "<p>Een vraag? (FICTIEF voorbeeld voor kvtui)</p></div></div></body></html>"
    ).encode()


def metadata(*, doc_id: str | None = None, zaak: str | None = ZAAK) -> bytes:
    rows = ["<metadata_gegevens>"]
    if doc_id:
        rows.append(f'<metadata name="DC.identifier" content="{doc_id}"/>')
    if zaak:
        rows.append(f'<metadata name="OVERHEIDop.vraagnummer" content="{zaak}"/>')
    rows.append('<metadata name="DC.title" content="FICTIEF voorbeeld voor kvtui"/>')
    rows.append("</metadata_gegevens>")
    return "".join(rows).encode()


# ---------------------------------------------------------------------------
# Content first
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (koop_xml(doc_id=AH, answer=True), f"{AH}.xml"),
        (koop_html(doc_id=KV), f"{KV}.html"),
        (metadata(doc_id=AH), f"{AH}.metadata.xml"),
    ],
    ids=["xml", "html", "metadata"],
)
@pytest.mark.parametrize("name", [f"{KV.replace('4401', '9999')}.xml", "x.xml", None])
def test_the_contents_own_id_wins_over_any_name(data, expected, name):
    stored, parsed = parse_payload(data, name)
    assert stored == expected
    if parsed.document is not None:
        assert parsed.document.id == expected.rsplit(".", 1)[0]


# ---------------------------------------------------------------------------
# Then the name, in the shapes users' files have
# ---------------------------------------------------------------------------

NAME_SHAPES = [
    "{x}.xml",
    "{x} (1).xml",
    "{x}_1.xml",
    "{x}.fragments.xml",
    "{x}.xml.xml",
    "{x}-kopie.xml",
    "Kopie van {x}.xml",
    "/downloads/2031/{x} (2).xml",
    "C:\\Users\\lid\\Downloads\\{x}(3).xml",
]


@pytest.mark.parametrize("shape", NAME_SHAPES)
@pytest.mark.parametrize(
    ("make", "x", "suffix"),
    [
        (lambda: koop_xml(zaak=None, answer=True), AH, ".xml"),
        (lambda: koop_xml(zaak=None), KV, ".xml"),
        (lambda: koop_xml(zaak=ZAAK, answer=True), AH, ".xml"),  # the name beats the number
        (lambda: koop_html(), KV, ".html"),
        (lambda: metadata(zaak=None), AH, ".metadata.xml"),
        (lambda: metadata(zaak=ZAAK), "ah-1151601", ".metadata.xml"),
    ],
    ids=["ah xml", "kv xml", "ah xml with number", "html", "metadata", "unformatted id"],
)
def test_an_id_anywhere_in_the_name(shape, make, x, suffix):
    name = shape.format(x=x)
    if suffix == ".html":
        name = name.replace(".xml", ".html")
    stored, parsed = parse_payload(make(), name)
    assert stored == x + suffix, name
    if parsed.document is not None:
        assert parsed.document.id == x


def test_koop_ids_in_a_name_go_before_zaak_numbers():
    assert ids_in_name(f"{ZAAK} antwoord {AH}.xml") == [AH, ZAAK]
    assert ids_in_name("geen-nummer.xml") == []
    assert ids_in_name("2031D00001.json") == []  # a TK document number names no document here
    assert ids_in_name("a-" * 5000 + ".xml") == []  # long names stay cheap and find nothing


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (koop_xml(zaak=ZAAK), f"{ZAAK}.xml"),
        (metadata(zaak=ZAAK), f"{ZAAK}.metadata.xml"),
    ],
)
def test_then_the_sets_number_in_the_content(data, expected):
    assert parse_payload(data, "download.xml")[0] == expected


@pytest.mark.parametrize(
    ("data", "looked_for"),
    [
        (koop_xml(zaak=None), "kamervraagnummer"),
        (koop_html(), "DC.identifier"),
        (metadata(zaak=None), "OVERHEIDop.vraagnummer"),
    ],
)
@pytest.mark.parametrize("name", ["download.xml", "x\x1b[31m.xml", "a" * 400 + ".xml", None])
def test_the_refusal_names_what_it_looked_for(data, looked_for, name):
    with pytest.raises(SourceRejected) as info:
        parse_payload(data, name)
    message = str(info.value)
    assert "cannot tell which document this is" in message
    assert looked_for in message and "in its name" in message
    assert "\n" not in message and "\x1b" not in message and len(message) < 400


def test_identify_is_content_then_name_then_number():
    from kvtui.parse import parse_source

    bare = parse_source(koop_xml(zaak=ZAAK), None, name_id=False)
    assert identify(bare, None) == ZAAK
    assert identify(bare, f"{AH} (1).xml") == AH
    own = parse_source(koop_xml(doc_id=KV, zaak=ZAAK), None, name_id=False)
    assert identify(own, f"{AH} (1).xml") == KV


# ---------------------------------------------------------------------------
# End to end: import under odd names, then a rebuild gives the same
# ---------------------------------------------------------------------------


def _cli(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    return run_main(capsys, monkeypatch, *args, today=TODAY)


def test_import_odd_names_then_rebuild(tmp_path: Path, capsys, monkeypatch):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / f"{KV} (1).xml").write_bytes(koop_xml(zaak=None))
    (folder / f"{AH}.fragments.xml").write_bytes(koop_xml(zaak=None, answer=True))
    (folder / f"{AH}_metadata (2).xml").write_bytes(metadata(zaak=ZAAK))
    (folder / "onbekend.xml").write_bytes(koop_xml(zaak=None))
    cache = tmp_path / "cache"
    code, _, err = _cli(capsys, monkeypatch, "--cache", str(cache), "import", str(folder))
    assert code == 1  # one file could not be identified…
    assert "onbekend.xml" in err and "kamervraagnummer" in err  # …and says what was looked for
    assert sorted(p.name for p in (cache / "sources").iterdir()) == [
        f"{AH}.metadata.xml",
        f"{AH}.xml",
        f"{KV}.xml",
    ]

    def shown() -> dict:
        code, out, err = _cli(
            capsys, monkeypatch, "--cache", str(cache), "show", AH, "--offline", "--format", "json"
        )
        assert code == 0, err
        return json.loads(out)

    before = shown()
    assert before["number"] == ZAAK and before["status"] == "answered"
    assert before["questions"][0]["answer"] == "Een antwoord. (FICTIEF)"
    code, _, err = _cli(capsys, monkeypatch, "--cache", str(cache), "reindex")
    assert code == 0, err
    assert shown() == before
    with Cache(cache, today=TODAY) as c:
        assert c.resolve(KV) == c.resolve(AH) == ZAAK
