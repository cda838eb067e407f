"""A delay notice known only from its metadata.xml (issue 8, item 5).

Recent notices are published "onopgemaakt": a ``metadata.xml`` whose ``DC.identifier``
is an unformatted id (``ah-1151601``, scheme ``OVERHEIDop.ParlID``), ``DC.type``
Mededeling, with the vraagnummer, the date received and a title, and no XML (or one
without a body). Such a file postpones its set, dated, with its title as the notice
text; by import under any name, and by fetch when the Kamer or SRU points to it. Every
document here is written for these tests (FICTIEF).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from fakeservices import world
from fakeservices.helpers import serve
from test_store_support import run_main

from kvtui.assemble import assemble
from kvtui.model import Status
from kvtui.numbers import parse_number
from kvtui.parse import parse_source
from kvtui.records import DocumentMetadata
from kvtui.services.fetch import fetch_numbers
from kvtui.store.cache import Cache

ZAAK = "2024Z11223"
NOTICE_ID = "ah-1151601"
TITLE = "Uitstel beantwoording vragen van het lid Fictief over de veerboot (FICTIEF)"
TODAY = dt.date(2024, 7, 20)


def notice_metadata(
    *,
    doc_id: str = NOTICE_ID,
    zaak: str = ZAAK,
    types: tuple[str, ...] = ("Mededeling",),
    title: str = TITLE,
    received: str = "2024-07-05",
    vraagnummer_name: str = "OVERHEIDop.vraagnummer",
) -> bytes:
    rows = [
        "<!-- FICTIEF voorbeeld voor kvtui: metadata of an unformatted delay notice -->",
        "<metadata_gegevens>",
        f'<metadata name="DC.identifier" scheme="OVERHEIDop.ParlID" content="{doc_id}"/>',
        *(f'<metadata name="DC.type" scheme="" content="{t}"/>' for t in types),
        f'<metadata name="{vraagnummer_name}" scheme="" content="{zaak}"/>',
        f'<metadata name="OVERHEIDop.datumOntvangst" scheme="" content="{received}"/>',
        '<metadata name="OVERHEIDop.documentStatus" scheme="" content="Onopgemaakt"/>',
        f'<metadata name="DC.title" scheme="" content="{title}"/>',
        "</metadata_gegevens>",
    ]
    return "\n".join(rows).encode()


def questions_xml(zaak: str = ZAAK, submitted: str = "2024-06-20") -> bytes:
    return (
        "<?xml version='1.0' encoding='utf-8'?><!-- FICTIEF voorbeeld voor kvtui -->"
        "<officiele-publicatie><kamervragen>"
        f"<kamervraagnummer>{zaak}</kamervraagnummer>"
        "<kamervraagomschrijving type='vraag'>Vragen van het lid <naam>Fictief</naam> (FICT) "
        "aan de minister van Voorbeelden over de veerboot (ingezonden "
        f"<datum isodatum='{submitted}'>…</datum>).</kamervraagomschrijving>"
        "<vraag><nr>Vraag 1</nr><al>Vaart de veerboot? (FICTIEF voorbeeld voor kvtui)</al></vraag>"
        "</kamervragen></officiele-publicatie>"
    ).encode()


def notice_xml(body: str = "") -> bytes:
    """The notice's own XML: with a ``kamervraagopmerking`` body, or none at all."""
    remark = f"<kamervraagopmerking><al>{body}</al></kamervraagopmerking>" if body else ""
    return (
        "<officiele-publicatie><metadata>"
        f'<meta name="DC.identifier" content="{NOTICE_ID}"/>'
        f'<meta name="OVERHEIDop.vraagnummer" content="{ZAAK}"/>'
        f"</metadata><kamervragen>{remark}</kamervragen></officiele-publicatie>"
    ).encode()


# ---------------------------------------------------------------------------
# Assembly
# ---------------------------------------------------------------------------


def _meta(data: bytes) -> DocumentMetadata:
    parsed = parse_source(data, "metadata.xml")
    assert parsed.metadata is not None
    return parsed.metadata


def test_metadata_alone_makes_a_postponed_set_with_its_date_and_title():
    meta = _meta(notice_metadata())
    assert (meta.id, meta.zaak_number) == (NOTICE_ID, ZAAK)
    kv = assemble([], {NOTICE_ID: meta}, None, today=TODAY)
    assert kv.number == ZAAK
    assert kv.status is Status.POSTPONED
    assert [(n.date, n.text) for n in kv.notices] == [(dt.date(2024, 7, 5), TITLE)]
    assert kv.title == TITLE  # nothing else names the set
    assert NOTICE_ID in kv.ids


@pytest.mark.parametrize(
    "types",
    [("Mededeling",), ("officiële publicatie", "Mededeling", "Aanhangsel van de Handelingen")],
)
def test_any_mededeling_type_counts(types):
    kv = assemble([], {NOTICE_ID: _meta(notice_metadata(types=types))}, None, today=TODAY)
    assert kv.status is Status.POSTPONED and len(kv.notices) == 1


def test_an_answer_metadata_is_not_a_notice():
    meta = _meta(notice_metadata(types=("Antwoord",), title="Antwoord op vragen (FICTIEF)"))
    kv = assemble([], {NOTICE_ID: meta}, None, today=TODAY)
    assert kv.notices == []


def test_a_withdrawal_known_from_metadata_withdraws():
    title = "Intrekking vragen van het lid Fictief over de veerboot (FICTIEF)"
    kv = assemble([], {NOTICE_ID: _meta(notice_metadata(title=title))}, None, today=TODAY)
    assert kv.status is Status.WITHDRAWN


def test_the_notice_xml_body_wins_over_the_title_and_is_not_doubled():
    doc = parse_source(notice_xml("Beantwoording duurt langer. (FICTIEF)"), None).document
    kv = assemble([doc], {NOTICE_ID: _meta(notice_metadata())}, None, today=TODAY)
    assert [n.text for n in kv.notices] == ["Beantwoording duurt langer. (FICTIEF)"]


def test_a_notice_xml_without_body_takes_the_title():
    doc = parse_source(notice_xml(), None).document
    kv = assemble([doc], {NOTICE_ID: _meta(notice_metadata())}, None, today=TODAY)
    assert kv.status is Status.POSTPONED
    assert [(n.date, n.text) for n in kv.notices] == [(dt.date(2024, 7, 5), TITLE)]


def test_ids_that_differ_only_in_case_still_meet():
    doc = parse_source(notice_xml(), None).document
    doc.id = NOTICE_ID.upper()
    kv = assemble([doc], {NOTICE_ID: _meta(notice_metadata())}, None, today=TODAY)
    assert [n.text for n in kv.notices] == [TITLE]


def test_the_postponed_term_applies():
    questions = parse_source(questions_xml(submitted="2024-05-01"), None).document
    meta = {NOTICE_ID: _meta(notice_metadata())}
    late = assemble([questions], meta, None, today=dt.date(2024, 6, 13))  # 43 days
    on_time = assemble([questions], meta, None, today=dt.date(2024, 6, 12))  # 42 days
    assert late.status is on_time.status is Status.POSTPONED
    assert late.overdue and not on_time.overdue


# ---------------------------------------------------------------------------
# Import, under the names users' files have
# ---------------------------------------------------------------------------


def _cli(capsys, monkeypatch, *args: str) -> tuple[int, str, str]:
    return run_main(capsys, monkeypatch, *args, today=TODAY)


@pytest.mark.parametrize(
    "name", ["metadata.xml", f"{NOTICE_ID}.metadata.xml", "download (3).xml", "notice.metadata.xml"]
)
@pytest.mark.parametrize("with_xml", ["no xml", "empty xml", "no questions"])
def test_import_then_show(tmp_path: Path, capsys, monkeypatch, name, with_xml):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / name).write_bytes(notice_metadata())
    paths = [folder / name]
    if with_xml == "empty xml":
        (folder / f"{NOTICE_ID}.xml").write_bytes(notice_xml())
        paths.append(folder / f"{NOTICE_ID}.xml")
    if with_xml != "no questions":
        (folder / f"kv-tk-{ZAAK}.xml").write_bytes(questions_xml())
        paths.append(folder / f"kv-tk-{ZAAK}.xml")
    cache = str(tmp_path / "cache")
    code, _, err = _cli(capsys, monkeypatch, "--cache", cache, "import", *map(str, paths))
    assert code == 0, err
    for asked in (ZAAK, NOTICE_ID):
        code, out, err = _cli(
            capsys, monkeypatch, "--cache", cache, "show", asked, "--offline", "--format", "json"
        )
        assert code == 0, err
        data = json.loads(out)
        assert data["number"] == ZAAK
        assert data["status"] == "postponed"
        assert data["notices"] == [{"date": "2024-07-05", "text": TITLE}]
    code, text, _ = _cli(capsys, monkeypatch, "--cache", cache, "show", ZAAK, "--offline")
    assert code == 0 and TITLE in text and "2024" in text


# ---------------------------------------------------------------------------
# Fetch: the Kamer or SRU points to the unformatted notice
# ---------------------------------------------------------------------------


def _set(external_id: str | None) -> world.Set:
    sub = ("F.", "Fenna", "Fictief", "FICT")
    mini = ("M.", "Mark", "Voorbeeld", "minister van Voorbeelden")
    return world.Set(
        ZAAK,
        "2023-2024",
        "2024-06-20",
        "Fictieve veerboot",
        sub,
        mini,
        [("Vraag 1", f"Vaart de veerboot? ({world.FICTIEF})")],
        [
            world.Doc("Schriftelijke vragen", f"kv-tk-{ZAAK}", "2024-06-20", "2024D26001"),
            world.Doc(
                "Mededeling (uitstel antwoord)",
                NOTICE_ID,
                "2024-07-05",
                "2024D28002",
                external_id=external_id,
                html_only=True,  # no XML at KOOP…
            ),
        ],
    )


@pytest.fixture
def metadata_only(monkeypatch, tmp_path):
    """KOOP serves the notice as metadata only: no XML, no HTML page."""
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / f"{NOTICE_ID}.metadata.xml").write_bytes(notice_metadata())
    real_html = world.koop_html
    monkeypatch.setattr(
        world, "koop_html", lambda s, d: None if d.koop_id == NOTICE_ID else real_html(s, d)
    )
    return seed


@pytest.mark.parametrize(
    ("external_id", "asked", "route"),
    [
        ("same", ZAAK, "tk"),  # the Kamer names the KOOP id
        (None, ZAAK, "sru"),  # no id at the Kamer: KOOP's search names it
        ("same", NOTICE_ID, "koop:meta"),  # asked by the notice's own id
    ],
)
def test_fetch_treats_it_the_same(monkeypatch, tmp_path, metadata_only, external_id, asked, route):
    monkeypatch.setenv("KVTUI_TODAY", TODAY.isoformat())
    for fake in serve(monkeypatch, [_set(external_id)], seed_dir=metadata_only):
        with Cache(tmp_path / "cache", today=TODAY) as cache:
            report = fetch_numbers(cache, [parse_number(asked)])
            assert report.failed == [], report.failed
            kv = cache.get(asked)
            assert kv is not None and kv.number == ZAAK
            assert kv.status is Status.POSTPONED
            assert [(n.date, n.text) for n in kv.notices] == [(dt.date(2024, 7, 5), TITLE)]
            assert cache.has_source(f"{NOTICE_ID}.metadata.xml")
            assert "FICTIEF" in (kv.questions[0].text or "")
        assert any(r.startswith(route) for r in fake.routes()), fake.routes()
