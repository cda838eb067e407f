"""Hostile documents, end to end: refused, or shown inert, and quickly.

Two families (every document FICTIEF voorbeeld voor kvtui):

* **Attacks on the parser** through ``kvtui import``: XXE (file and network), billion
  laughs and quadratic blow-up (also in UTF-16 and behind a comment or a long prolog),
  deep nesting, 50 MB documents of every kind, invalid UTF-8 and mixed encodings. Each
  is refused or imported within seconds, the canary file is never read, no connection
  is made, and the cache stays consistent.
* **Hostile text in every field** (title, people, parties, topics, questions, answers,
  footnotes and their URLs, remarks, notices, ids in the zaak): Rich/Textual markup
  (``[link=…]``, ``[@click=…]``) and ESC/CSI/OSC 52/OSC 8 sequences and C0/C1 controls,
  in KOOP XML (C1 by character reference), HTML and OData JSON (raw ESC). ``show`` in
  every format, ``list`` and ``search`` must print no control at all, and the reader
  (Textual Pilot) must show the markup literally, link nothing, copy nothing by itself
  and keep running after clicks on all of it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rel_payloads import labelled_html, metadata_xml

from kvtui.store.cache import Cache

TODAY = "2026-11-28"
CANARY = "KVTUI-CANARY-b81d"
CLICK = "[@click=app.quit]klik[/]"
MARKUP = f"[bold]vet[/bold] [link=https://evil.example/x]link[/link] {CLICK}"
# In XML text, C0 controls cannot occur at all; C1 and bidi overrides can, by reference.
XML_CONTROLS = "&#155;2J &#157;52;c;aGk=&#156; &#157;8;;https://evil.example&#156; &#x202e;"
# JSON strings can carry anything, ESC included.
RAW_CONTROLS = (
    "\x1b]52;c;aGk=\x07 \x1b]8;;https://evil.example\x1b\\x \x1b[2J\x1b[H \x9b \x00 \u202e"
)
HOSTILE_XML = f"{MARKUP} {XML_CONTROLS}"
HOSTILE_RAW = f"{MARKUP} {RAW_CONTROLS}"
ZAAK = "2099Z06660"
KV_ID = f"kv-tk-{ZAAK}"
AH_ID = "ah-tk-20982099-6660"
HTML_ZAAK = "2099Z06661"
HTML_ID = "ah-tk-20982099-6661"


# ---------------------------------------------------------------------------
# Hostile text in every field
# ---------------------------------------------------------------------------


def _koop(doc_id: str, *, answer: bool) -> bytes:
    h = HOSTILE_XML
    answers = (
        f'<kamervraagomschrijving type="antwoord">Antwoord van minister <naam>{h}</naam> '
        f'({h}) (ontvangen <datum isodatum="2099-02-01">1 februari 2099</datum>).'
        "</kamervraagomschrijving>"
        f"<antwoord><nr>Antwoord 1</nr><al>Antwoord {h}<noot id='n2' type='voet'>"
        f"<noot.nr>2</noot.nr><noot.al>Noot {h} <extref soort='URL' doc='javascript:alert(1)'>"
        f"x</extref></noot.al></noot></al></antwoord>"
        f"<antwoord><nr>Antwoord 9 {h}</nr><al>Los antwoord {h}</al></antwoord>"
        if answer
        else ""
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<!-- FICTIEF voorbeeld voor kvtui -->\n'
        f'<officiele-publicatie><metadata><meta name="DC.identifier" content="{doc_id}"/>'
        f"</metadata><kamervragen><kamervraagnummer>{ZAAK}</kamervraagnummer>"
        f'<kamervraagomschrijving type="vraag">Vragen van het lid <naam><achternaam>{h}'
        f"</achternaam></naam> ({h}) aan de minister van {h} over <kamervraagonderwerp>{h}"
        f'</kamervraagonderwerp> (ingezonden <datum isodatum="2099-01-05">5 januari 2099'
        "</datum>).</kamervraagomschrijving>"
        f"<kamervraagopmerking><al>Opmerking {h}</al></kamervraagopmerking>"
        f"<vraag><nr>Vraag 1</nr><al>Vraag {h}<noot id='n1' type='voet'><noot.nr>1</noot.nr>"
        f"<noot.al>Noot {h} <extref soort='URL' doc='https://example.org/&#x9d;52;c;aGk='>"
        f"x</extref></noot.al></noot></al></vraag>{answers}"
        "</kamervragen></officiele-publicatie>\n"
    ).encode()


def _metadata(doc_id: str) -> bytes:
    kind = "Antwoord" if doc_id.startswith("ah-") else "officiële publicatie"
    h = HOSTILE_XML.replace('"', "&quot;")
    return metadata_xml(doc_id, ZAAK, h, submitted="2099-01-05", kind=kind)


def _zaak() -> bytes:
    h = HOSTILE_RAW
    person = {"Achternaam": f"Achternaam {h}", "Roepnaam": h, "Verwijderd": False}
    zaak = {
        "Nummer": ZAAK,
        "Soort": "Schriftelijke vragen",
        "Titel": f"Zaaktitel {h}",
        "Onderwerp": f"Onderwerp {h}",
        "GestartOp": "2099-01-05T00:00:00+01:00",
        "Vergaderjaar": "2098-2099",
        "Alias": h,
        "Verwijderd": False,
        "ZaakActor": [
            {
                "Relatie": "Indiener",
                "ActorNaam": h,
                "ActorFractie": f"Fractie {h}",
                "Persoon": person,
            },
            {"Relatie": "Gericht aan", "ActorNaam": f"Minister {h}", "Functie": f"minister {h}"},
        ],
        "Document": [
            {
                "Soort": "Schriftelijke vragen",
                "DocumentNummer": "2099D06660",
                "Titel": h,
                "Onderwerp": h,
                "Datum": "2099-01-05T00:00:00+01:00",
                "DocumentVersie": [{"Versienummer": 1, "ExterneIdentifier": f"{KV_ID}\x1b[2J"}],
            }
        ],
    }
    return json.dumps({"value": [zaak]}).encode()


def _html() -> bytes:
    h = HOSTILE_RAW.replace("\x00", "").replace("<", "&lt;")
    return labelled_html(
        HTML_ID,
        HTML_ZAAK,
        h,
        after_answer='<a class="nootnum" href="#n1">1</a>',
        notes=f'<div id="noten"><div class="voet noot" id="n1"><p>HTML-noot {h} '
        '<a href="javascript:alert(1)">x</a></p></div></div>',
    )


def _hostile_sources(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{KV_ID}.xml").write_bytes(_koop(KV_ID, answer=False))
    (directory / f"{AH_ID}.xml").write_bytes(_koop(AH_ID, answer=True))
    (directory / f"{KV_ID}.metadata.xml").write_bytes(_metadata(KV_ID))
    (directory / f"{AH_ID}.metadata.xml").write_bytes(_metadata(AH_ID))
    (directory / f"zaak-{ZAAK}.json").write_bytes(_zaak())
    (directory / f"{HTML_ID}.html").write_bytes(_html())


def _kvtui(root: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "kvtui", "--cache", str(root), *args],
        capture_output=True,
        timeout=timeout,
        env={**os.environ, "KVTUI_TODAY": TODAY, "NO_COLOR": "1"},
        stdin=subprocess.DEVNULL,
    )


def _assert_inert(label: str, data: bytes) -> str:
    """Output bytes with no control a terminal could act on (TAB and LF aside)."""
    bad = sorted({b for b in data if (b < 0x20 and b not in (9, 10)) or b == 0x7F})
    assert not bad, f"{label}: raw control bytes {bad}"
    text = data.decode("utf-8")
    c1 = sorted(
        {
            hex(ord(c))
            for c in text
            if 0x80 <= ord(c) <= 0x9F
            or c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
        }
    )
    assert not c1, f"{label}: raw C1/bidi controls {c1}"
    return text


@pytest.fixture(scope="module")
def hostile_cache(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("hostile")
    _hostile_sources(tmp / "in")
    root = tmp / "cache"
    done = _kvtui(root, "import", str(tmp / "in"))
    _assert_inert("import", done.stdout + done.stderr)
    assert done.returncode == 0, done.stderr
    return root


def test_show_list_and_search_print_hostile_text_inert(hostile_cache, tally):
    outputs = {
        "show text": _kvtui(hostile_cache, "show", ZAAK, "--offline"),
        "show markdown": _kvtui(hostile_cache, "show", ZAAK, "--format", "markdown", "--offline"),
        "show json": _kvtui(hostile_cache, "show", ZAAK, "--format", "json", "--offline"),
        "show html set": _kvtui(hostile_cache, "show", HTML_ZAAK, "--offline"),
        "show by id": _kvtui(hostile_cache, "show", AH_ID, "--offline"),
        "list": _kvtui(hostile_cache, "list"),
        "list json": _kvtui(hostile_cache, "list", "--json"),
        "search": _kvtui(hostile_cache, "search", "klik"),
        "search json": _kvtui(hostile_cache, "search", "klik", "--json"),
        "search hostile query": _kvtui(hostile_cache, "search", "\x1b]52;c;aGk=\x07 [@click"),
        "show hostile number": _kvtui(hostile_cache, "show", "\x1b]52;c;aGk=\x07"),
    }
    texts = {}
    for label, done in outputs.items():
        tally["hostile_cases"] += 1
        texts[label] = _assert_inert(label, done.stdout) + _assert_inert(label, done.stderr)
        expected = 2 if label == "show hostile number" else 0
        if label != "search hostile query":
            assert done.returncode == expected, (label, done.stderr)
    text = texts["show text"]
    assert text.count(CLICK) >= 6, text  # title, people, topics, question, answer, notes
    for shown in ("␛]52;c;aGk=␇", "<U+009B>2J", "<U+009D>52;c;aGk=<U+009C>", "<U+202E>"):
        assert shown in text, shown
    assert "[link=https://evil.example/x]link[/link]" in texts["show markdown"].replace("\\", "")
    assert CLICK in texts["show html set"] and "␛]8;;" in texts["show html set"]
    assert CLICK in texts["list"] and CLICK in texts["search"]
    # JSON stays faithful: the controls are escaped, not lost
    data = json.loads(outputs["show json"].stdout)
    assert "\x9d52;c;aGk=\x9c" in data["questions"][0]["text"]
    assert any("\x1b]52;c;aGk=\x07" in p["name"] for p in data["submitters"])
    assert json.loads(outputs["list json"].stdout)
    assert json.loads(outputs["search json"].stdout)


def _screen(app) -> list:
    return app.screen._compositor.render_strips()


async def test_the_reader_shows_hostile_text_literally_and_it_never_acts(
    hostile_cache, tmp_path, monkeypatch, tally
):
    pytest.importorskip("kvtui.ui.app", reason="needs the reader (kvtui.ui.app)")
    from kvtui.ui.app import KvtuiApp
    from kvtui.ui.config import Config
    from kvtui.ui.links import safe_link

    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    cache = Cache(hostile_cache)

    def allowed(number: str) -> set[str]:
        kamervraag = cache.get(number)
        links = {kamervraag.sources.question_url, kamervraag.sources.answer_url}
        notes = {safe_link(f.url) for q in kamervraag.questions for f in q.footnotes}
        return links | notes - {None}

    actions: list[str] = []

    class Watched(KvtuiApp):
        CSS_PATH = str(Path(sys.modules[KvtuiApp.__module__].__file__).parent / "kvtui.tcss")

        async def run_action(self, action, default_namespace=None):  # type: ignore[override]
            actions.append(str(action))
            return await super().run_action(action, default_namespace)

    app = Watched(cache, config=Config())
    try:
        async with app.run_test(size=(110, 40)) as pilot:
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            seen = ["\n".join(s.text for s in _screen(app))]  # the list
            for number in (ZAAK, HTML_ZAAK):
                assert app.get_main_screen().open_number(number)
                await pilot.pause()
                last = None
                for _ in range(30):  # page through, clicking the first of each kind
                    strips = _screen(app)
                    page = "\n".join(s.text for s in strips)
                    if page == last:
                        break
                    seen.append(page)
                    last = page
                    links = {g.style.link for s in strips for g in s if g.style and g.style.link}
                    assert links <= allowed(number), links - allowed(number)
                    for needle in ("[@click=", "[link=", "␛]"):
                        hits = [(y, s.text.find(needle)) for y, s in enumerate(strips)]
                        hits = [(y, x) for y, x in hits if x >= 0]
                        if hits:
                            tally["hostile_cases"] += 1
                            await pilot.click(offset=(hits[0][1] + 2, hits[0][0]))
                    await pilot.press("pagedown")
                    await pilot.pause()
                await pilot.press("escape")
                await pilot.pause()
            text = "\n".join(seen)
            assert CLICK in text and "␛]52;c;aGk=␇" in text and "<U+009D>" in text
            assert not any(ch in text for ch in "\x1b\x07\x9b\x9d\u202e")
            assert app.is_running and app.return_code is None
            assert app.clipboard == ""
            assert not [a for a in actions if "quit" in a or "bell" in a]
            # an explicit copy carries the text inert
            assert app.get_main_screen().open_number(ZAAK)
            await pilot.pause()
            await pilot.press("c")
            await pilot.pause()
            assert CLICK in app.clipboard
            assert not any(ch in app.clipboard for ch in "\x1b\x07\x9b\x9d\u202e")
    finally:
        cache.close()


# ---------------------------------------------------------------------------
# Attacks on the parser
# ---------------------------------------------------------------------------

MB = 1024 * 1024
FAST = 10.0  # seconds for one hostile import on a loaded 2-core machine
# A 50 MB KOOP XML of 950,000 paragraphs is read whole (it is valid): linear, ~6 s on
# a quiet machine; the bound only says it cannot hang or blow up.
FAST_50MB = 40.0


def _koop_body(text: str) -> str:
    return (
        "<officiele-publicatie><kamervragen><kamervraagnummer>2099Z06670</kamervraagnummer>"
        f"<vraag><nr>Vraag 1</nr><al>FICTIEF {text}</al></vraag></kamervragen>"
        "</officiele-publicatie>"
    )


def _attacks(canary: Path, port: int) -> dict[str, bytes]:
    file_url, net = canary.as_uri(), f"http://127.0.0.1:{port}"
    lol = ['<!ENTITY l0 "lol">'] + [f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)]
    bomb = f"<!DOCTYPE r [{''.join(lol)}]>" + _koop_body("&l9;")
    quadratic = f'<!DOCTYPE r [<!ENTITY a "{"A" * 100_000}">]>' + _koop_body("&a;" * 100_000)
    xxe_file = f'<!DOCTYPE r [<!ENTITY x SYSTEM "{file_url}">]>' + _koop_body("&x;")
    xxe_net = f'<!DOCTYPE r [<!ENTITY x SYSTEM "{net}/x">]>' + _koop_body("&x;")
    dtd_net = f'<!DOCTYPE r SYSTEM "{net}/x.dtd">' + _koop_body("x")
    param = f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{net}/p"> %p;]>' + _koop_body("&leak;")
    xinclude = _koop_body(
        f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{file_url}" parse="text"/>'
    )
    big_para = "<al>FICTIEF voorbeeld voor kvtui, een lange alinea.</al>" * (50 * MB // 55)
    big_xml = (
        "<officiele-publicatie><kamervragen><kamervraagnummer>2099Z06671</kamervraagnummer>"
        f"<vraag><nr>Vraag 1</nr>{big_para}</vraag></kamervragen></officiele-publicatie>"
    )
    big_html = (
        '<html><head><meta name="DC.identifier" content="ah-tk-20982099-6672"></head><body>'
        '<div class="stuk"><div class="vraag"><h2>Vraag 1</h2>'
        + "<p>FICTIEF voorbeeld voor kvtui, een lange alinea.</p>" * (50 * MB // 52)
        + "</div></div></body></html>"
    )
    big_json = json.dumps(
        {"value": [{"Nummer": "2099Z06673", "Titel": "FICTIEF " + "x" * (50 * MB)}]}
    )
    deep = "<officiele-publicatie>" + "<al>" * 200_000 + "</al>" * 200_000
    return {
        "billion laughs": bomb.encode(),
        "billion laughs utf-16": ('<?xml version="1.0" encoding="UTF-16"?>' + bomb).encode(
            "utf-16"
        ),
        "billion laughs behind a comment": ("<!-- <a -->" + bomb).encode(),
        "billion laughs after a 1.1 MB prolog": ("<!--" + " " * 1_100_000 + "-->" + bomb).encode(),
        "quadratic blow-up": quadratic.encode(),
        "XXE file": xxe_file.encode(),
        "XXE file utf-16": ('<?xml version="1.0" encoding="UTF-16"?>' + xxe_file).encode("utf-16"),
        "XXE network": xxe_net.encode(),
        "external DTD network": dtd_net.encode(),
        "parameter entity network": param.encode(),
        "XInclude": xinclude.encode(),
        "deep nesting": (deep + "</officiele-publicatie>").encode(),
        "50 MB KOOP XML": big_xml.encode(),
        "50 MB HTML": big_html.encode(),
        "50 MB OData JSON": big_json.encode(),
        "50 MB of zero bytes": b"\x00" * (50 * MB),
        "70 MB XML": b"<r>" + b"x" * (70 * MB) + b"</r>",
        "invalid UTF-8": _koop_body("\xff\xfe \udcc3(").encode("utf-8", "surrogateescape"),
        "UTF-8 declared Latin-1": (
            '<?xml version="1.0" encoding="iso-8859-1"?>' + _koop_body("één «vraag»")
        ).encode(),
        "Latin-1 declared UTF-8": (
            '<?xml version="1.0" encoding="utf-8"?>' + _koop_body("één «vraag»")
        ).encode("latin-1"),
        "UTF-16 without declaration": _koop_body("één").encode("utf-16-le"),
        "mixed UTF-8 and Latin-1": _koop_body("één").encode() + "één".encode("latin-1"),
        "EBCDIC with an entity": (
            '<?xml version="1.0" encoding="cp037"?><!DOCTYPE r [<!ENTITY x "FICTIEF">]>'
            + _koop_body("&x;")
        ).encode("cp037"),
    }


def test_parser_attacks_through_import_are_refused_or_inert(tmp_path, listener, tally):
    canary = tmp_path / "canary.txt"
    canary.write_text(CANARY)
    attacks = _attacks(canary, listener.port)
    root = tmp_path / "cache"
    with Cache(root) as cache:
        before = cache.import_paths([])  # an empty, open cache
        assert not before.failed
        for i, (label, data) in enumerate(attacks.items()):
            tally["hostile_cases"] += 1
            folder = tmp_path / f"attack-{i}"
            folder.mkdir()
            name = (
                f"kv-tk-2099Z0{6700 + i}.json" if "JSON" in label else f"kv-tk-2099Z0{6700 + i}.xml"
            )
            (folder / name).write_bytes(data)
            start = time.perf_counter()
            report = cache.import_paths([folder])
            took = time.perf_counter() - start
            assert took < (FAST_50MB if "MB" in label else FAST), f"{label}: {took:.1f}s"
            for _path, reason in report.failed:
                assert CANARY not in reason
                assert not any(ord(c) < 0x20 for c in reason), reason
            for number in report.numbers:
                kamervraag = cache.get(number)
                assert kamervraag is not None
                assert CANARY not in json.dumps(kamervraag.to_json()), label
                assert "lollollol" not in json.dumps(kamervraag.to_json()), label
            assert "billion" not in label or report.failed, f"{label} was imported"
            (folder / name).unlink()
        names = set(cache.source_names())
        indexed = {r[0] for r in cache._conn().execute("SELECT name FROM files")}
        assert indexed == names
    assert not listener.connected(), "a parser opened a network connection"
    for path in root.rglob("*"):
        if path.is_file():
            assert CANARY.encode() not in path.read_bytes(), path


def test_show_of_a_cache_with_attacks_is_quick_and_inert(tmp_path, listener, tally):
    """Attack files put straight into sources/ (as rsync would): the next open copes."""
    canary = tmp_path / "canary.txt"
    canary.write_text(CANARY)
    sources = tmp_path / "cache" / "sources"
    sources.mkdir(parents=True)
    wanted = ("billion laughs utf-16", "XXE file utf-16", "deep nesting", "invalid UTF-8")
    attacks = _attacks(canary, listener.port)
    for i, label in enumerate(wanted):
        (sources / f"kv-tk-2099Z0{6800 + i}.xml").write_bytes(attacks[label])
    _hostile_sources(sources)
    start = time.perf_counter()
    done = _kvtui(tmp_path / "cache", "show", ZAAK, "--offline")
    tally["hostile_cases"] += 1
    assert time.perf_counter() - start < FAST
    assert done.returncode == 0, done.stderr
    text = _assert_inert("show", done.stdout + done.stderr)
    assert CANARY not in text and CLICK in text
    assert not listener.connected()


def test_search_markers_in_a_document_cannot_fake_a_highlight(tmp_path, tally):
    """U+E000/U+E001 mark the matches in FTS snippets; a document holding them must not
    turn into bold escapes in ``search`` or into spans that match nothing in ``--json``."""
    from kvtui.cli.offline import hit_json, hit_lines

    tally["hostile_cases"] += 1
    src = tmp_path / "in"
    src.mkdir()
    text = "\ue000nep\ue001 FICTIEF klik \ue000[bold]\ue001"
    (src / "kv-tk-2099Z06690.xml").write_bytes(
        _koop_body(text).replace("2099Z06670", "2099Z06690").encode()
    )
    with Cache(tmp_path / "cache") as cache:
        assert cache.import_paths([src]).numbers == ["2099Z06690"]
        (hit,) = cache.search("klik")
    data = hit_json(hit)
    assert [data["snippet"][a:b] for a, b in data["matches"]] == ["klik"]
    assert hit_lines(hit, bold=True).count("\x1b[1m") == 1
