"""Property-based fuzzing of number parsing and of every parser, end to end.

Two properties, over well above 10,000 generated cases per run:

* **Nothing but ``BadDocument`` escapes.** Real fragments (``../shared/fixtures/real``)
  and kvtui's own fictional payloads (the fixtures, and every wire format the fake
  services write) are mutated byte-wise and with hostile tokens, then fed to
  ``parse_source`` and to the parser of the seed's own kind; whatever parses is also
  assembled and rendered, so a parser that hands on a strange value is caught too.
* **No question or answer text is lost from well-formed input.** Sets with generated
  texts (any XML character, Rich markup, C1 controls, no-break spaces) are written in
  the KOOP XML, HTML, metadata, SRU and OData formats, parsed, assembled and rendered:
  every text arrives whole, and inert in the text output.

``KVTUI_RELIABILITY_SCALE`` multiplies the example counts (CI runs at 1).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from fakeservices import world
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rel_support import scale

from kvtui.assemble import assemble
from kvtui.model import Kamervraag
from kvtui.numbers import InvalidNumber, NumberKind, is_safe_id, parse_number
from kvtui.parse import ParsedSource, SourceType, parse_source, source_id
from kvtui.parse.errors import BadDocument
from kvtui.parse.koop_html import parse_koop_html
from kvtui.parse.koop_xml import parse_koop_xml
from kvtui.parse.metadata import parse_metadata
from kvtui.parse.odata import parse_document_json, parse_zaak_json
from kvtui.parse.sru import parse_sru
from kvtui.parse.text import collapse
from kvtui.records import ParsedDocument
from kvtui.render.json import render_json
from kvtui.render.markdown import render_markdown
from kvtui.render.text import render_text
from kvtui.textsafe import inert

REPO = Path(__file__).resolve().parents[2]
TODAY = dt.date(2025, 1, 1)
BASE = "http://127.0.0.1:9"

_BASE = settings(deadline=None, suppress_health_check=list(HealthCheck), print_blob=True)


def fuzz(examples: int) -> settings:
    """Settings for one property: ``examples`` cases (times the scale knob), no deadline
    (the machine is shared), and a blob to replay a failure with."""
    return settings(_BASE, max_examples=scale(examples))


# ---------------------------------------------------------------------------
# Seeds: kvtui's own fictional payloads of every kind
# ---------------------------------------------------------------------------

PARSERS = {
    SourceType.KOOP_XML: parse_koop_xml,
    SourceType.KOOP_HTML: parse_koop_html,
    SourceType.METADATA: parse_metadata,
    SourceType.SRU: parse_sru,
    SourceType.ODATA_ZAAK: parse_zaak_json,
    SourceType.ODATA_DOCUMENT: parse_document_json,
}


def _own_seeds() -> list[tuple[str, bytes, SourceType]]:
    seeds: list[tuple[str, bytes, SourceType]] = []
    for path in sorted((REPO / "tests" / "fixtures").rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            try:
                kind = parse_source(data, path.name).type
            except BadDocument:
                kind = SourceType.KOOP_HTML if path.suffix == ".html" else SourceType.KOOP_XML
            seeds.append((path.name, data, kind))
    for s in world.fictional_sets()[:3]:
        seeds.append((f"zaak-{s.number}.json", world.zaak_json([s], BASE), SourceType.ODATA_ZAAK))
        for d in s.docs:
            if not d.koop_id:
                continue
            seeds.append((f"{d.koop_id}.xml", world.koop_xml(s, d), SourceType.KOOP_XML))
            seeds.append((f"{d.koop_id}.html", world.koop_html(s, d), SourceType.KOOP_HTML))
            meta = world.metadata_xml(s, d)
            seeds.append((f"{d.koop_id}.metadata.xml", meta, SourceType.METADATA))
            doc_json = world.document_json(s, d, BASE)
            seeds.append(("document.json", doc_json, SourceType.ODATA_DOCUMENT))
        pairs = [(s, d) for d in s.docs if d.koop_id]
        seeds.append(("sru.xml", world.sru_response(pairs, BASE), SourceType.SRU))
    return seeds


OWN_SEEDS = _own_seeds()

HOSTILE_TOKENS = [
    b"[bold]",
    b"[/bold]",
    b"[link=https://evil.example]x[/link]",
    b"[@click=app.quit]klik[/]",
    b"\x1b]52;c;aGk=\x07",
    b"\x1b]8;;https://evil.example\x1b\\x\x1b]8;;\x1b\\",
    b"\x1b[2J\x1b[H",
    b"\x9b2J",
    b"\xc2\x9b",
    b"&#27;",
    b"&#155;",
    b"&#x202e;",
    b"&#0;",
    b"&#xd800;",
    b"&a;",
    b"&amp;",
    b"&",
    b"\xff\xfe",
    b"\xfe\xff",
    b"\xc3(",
    b"\xed\xa0\x80",
    b"\x00",
    b'<!DOCTYPE r [<!ENTITY a "b">]>',
    b'<!DOCTYPE r SYSTEM "file:///etc/passwd">',
    b'<?xml version="1.0" encoding="utf-16"?>',
    b'<?xml version="1.0" encoding="x-unknown"?>',
    b"<vraag>",
    b"</vraag>",
    b"<antwoord>",
    b"</antwoord>",
    b"<nr>Vraag 99</nr>",
    b"<nr>Antwoord 1 t/m 99999999999</nr>",
    b"<nr>Vraag 2, 3 en 4</nr>",
    b"<al>",
    b"</al>",
    b"<noot><noot.nr>999999999</noot.nr></noot>",
    b'<extref soort="URL" doc="javascript:alert(1)">x</extref>',
    b"<lijst><li><li.nr>a</li.nr></li></lijst>",
    b"<tabel><row><entry>x</entry></row></tabel>",
    b"<![CDATA[x]]>",
    b"<!--",
    b"-->",
    b"<?pi x?>",
    b'<div class="vraag"><h2>Vraag 1</h2>',
    b'<div class="voet noot">',
    b'<a class="nootnum" href="#x">1</a>',
    b"</div>",
    b'<meta name="DC.identifier" content="../../etc/passwd">',
    b'<meta name="OVERHEIDop.vraagnummer" content="2020Z12161">',
    b'<metadata name="DC.identifier" content="kv-tk-2020Z12161"/>',
    b"<datum isodatum='9999-99-99'>",
    b'isodatum="0001-01-01"',
    b"2020-02-30",
    b"31 februari 2020",
    b"{",
    b"}",
    b"[",
    b"]",
    b",",
    b":",
    b"null",
    b"true",
    b"1e999",
    b"-0",
    b'"\\ud800"',
    b'"\\u0000"',
    b'"value":',
    b'"value": {}',
    b'"Nummer": 5',
    b'"Verwijderd": "nee"',
    b'"Datum": "gisteren"',
    b'"ZaakActor": {}',
    b'"Document": [1, "x", null]',
    b'"error": {"message": "x"}',
    b"\r\n",
    b"\t",
    "\u00a0".encode(),
    "\u202e".encode(),
    "\ufeff".encode(),
    b"9" * 40,
    b"<" * 50,
]


@st.composite
def mutated(draw: st.DrawFn, data: bytes) -> bytes:
    """``data`` after a few random edits: inserts, deletions, flips, copies, a cut."""
    out = bytearray(data)
    for _ in range(draw(st.integers(1, 6))):
        n = len(out)
        op = draw(st.sampled_from(["insert", "insert", "delete", "flip", "dup", "cut", "swap"]))
        at = draw(st.integers(0, max(n, 1) - 1)) if n else 0
        if op == "insert":
            token = draw(st.sampled_from(HOSTILE_TOKENS) | st.binary(min_size=1, max_size=8))
            out[at:at] = token
        elif op == "delete" and n:
            del out[at : at + draw(st.integers(1, 64))]
        elif op == "flip" and n:
            out[at] = draw(st.integers(0, 255))
        elif op == "dup" and n:
            out[at:at] = out[at : at + draw(st.integers(1, 256))]
        elif op == "cut" and n:
            del out[at:]
        elif op == "swap" and n:
            other = draw(st.integers(0, n - 1))
            out[at], out[other] = out[other], out[at]
    return bytes(out)


@st.composite
def own_case(draw: st.DrawFn) -> tuple[str, bytes, SourceType]:
    name, data, kind = draw(st.sampled_from(OWN_SEEDS))
    return name, draw(mutated(data)), kind


def _exercise(parsed: ParsedSource, name: str) -> None:
    """Hand what a parser made to the layers after it: assemble and every renderer.

    Only what an import would keep: a source that names no document is refused there
    (``SourceRejected``), and ``assemble`` documents a ValueError for that case.
    """
    if source_id(parsed, name) is None:
        return
    docs = [parsed.document] if parsed.document is not None else []
    meta = {}
    if parsed.metadata is not None:
        meta[parsed.metadata.id or "x"] = parsed.metadata
    zaak = parsed.zaken[0] if parsed.zaken else None
    if not (docs or meta or zaak):
        return
    try:
        kamervraag = assemble(docs, meta, zaak, today=TODAY)
    except ValueError as exc:
        # assemble's one documented refusal (an import reports it per set): a zaak whose
        # Nummer is no number (``-1``), with nothing else to name the set by.
        assert str(exc).startswith("no number or document id"), exc
        return
    _render_all(kamervraag)


def _render_all(kamervraag: Kamervraag) -> tuple[str, str, str]:
    text = render_text(kamervraag, today=TODAY)
    md = render_markdown(kamervraag, today=TODAY)
    js = render_json(kamervraag)
    assert Kamervraag.from_json(json.loads(js)).to_json() == kamervraag.to_json()
    return text, md, js


def _only_bad_document(fn, *args) -> object:
    """Run a parser; ``BadDocument`` is the one documented refusal, anything else fails."""
    try:
        return fn(*args)
    except BadDocument:
        return None


def _fuzz_one(name: str, data: bytes, kind: SourceType) -> None:
    parsed = _only_bad_document(parse_source, data, name)
    if parsed is not None:
        _exercise(parsed, name)
    _only_bad_document(PARSERS[kind], data)


@fuzz(3000)
@given(own_case())
def test_mutated_own_payloads_raise_only_bad_document(tally, case):
    tally["fuzz_cases"] += 1
    _fuzz_one(*case)


def _real_seeds(shared_dir: Path) -> list[tuple[str, bytes, SourceType]]:
    seeds = []
    for path in sorted((shared_dir / "fixtures" / "real").iterdir()):
        if not path.is_file():
            continue
        data = path.read_bytes()
        name = path.name
        try:
            kind = parse_source(data, name).type
        except BadDocument:
            lower = name.lower()
            kind = (
                SourceType.KOOP_HTML
                if lower.endswith(".html")
                else SourceType.ODATA_ZAAK
                if lower.endswith(".json")
                else SourceType.METADATA
                if "metadata" in lower
                else SourceType.SRU
                if "sru" in lower
                else SourceType.KOOP_XML
            )
        seeds.append((name, data, kind))
    return seeds


@pytest.mark.shared
def test_mutated_real_fragments_raise_only_bad_document(tally, shared_dir):
    seeds = _real_seeds(shared_dir)
    assert seeds, "no real fragments found"

    @fuzz(1500)
    @given(st.data())
    def run(data):
        name, raw, kind = data.draw(st.sampled_from(seeds))
        tally["fuzz_cases"] += 1
        _fuzz_one(name, data.draw(mutated(raw)), kind)

    for name, raw, kind in seeds:  # the unmutated fragments first
        _fuzz_one(name, raw, kind)
    run()


# ---------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------

_NUMBER_PIECES = st.sampled_from(
    [
        "2020Z12161",
        "kv-tk-",
        "ah-tk-",
        "20192020-",
        "3940",
        "-h1",
        "KVR",
        "2020D25948",
        "https://",
        "zoek.officielebekendmakingen.nl/",
        "www.tweedekamer.nl/kamerstukken/detail?id=",
        "&did=",
        "openkamer.org/",
        "repository.overheid.nl/",
        "javascript:",
        "file:///",
        "../",
        "%2F",
        "%00",
        "?",
        "#",
        " ",
        "\x1b",
        "\u202e",
        "Z",
        "z",
        "0",
        "9",
    ]
)


@fuzz(2500)
@given(st.one_of(st.text(max_size=80), st.lists(_NUMBER_PIECES, max_size=8).map("".join)))
def test_any_text_is_a_number_or_refused_with_the_forms(tally, text):
    tally["fuzz_cases"] += 1
    try:
        number = parse_number(text)
    except InvalidNumber as exc:
        assert "2020Z12161" in str(exc)  # the message lists the accepted forms
        assert "\x1b" not in str(exc)
        return
    assert is_safe_id(number.canonical)
    again = parse_number(number.canonical)
    assert again == number
    if number.zaak is not None:
        assert re.fullmatch(r"\d{4}Z\d{5}", number.zaak)


_ZAAK = st.from_regex(r"\A[0-9]{4}[zZ][0-9]{5}\Z")
_AH = st.from_regex(r"\A[aA][hH]-tk-[0-9]{8}-[0-9]{1,6}(-[a-z][0-9]{1,3})?\Z")
_KV_OLD = st.from_regex(r"\Akv-tk-[0-9]{8}-KVR[0-9]{1,7}\Z")


@fuzz(1200)
@given(
    st.one_of(_ZAAK, _AH, _KV_OLD, _ZAAK.map(lambda z: f"kv-tk-{z}")),
    st.sampled_from(
        [
            "{}",
            " {} ",
            "https://zoek.officielebekendmakingen.nl/{}.html",
            "https://zoek.officielebekendmakingen.nl/{}/metadata.xml",
            "https://repository.overheid.nl/frbr/officielepublicaties/{}",
            "https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id={}",
            "https://www.openkamer.org/kamervraag/{}/",
        ]
    ),
)
def test_every_accepted_form_parses(tally, number, form):
    tally["fuzz_cases"] += 1
    parsed = parse_number(form.format(number))
    assert parsed == parse_number(number)  # a URL names the same document as its id
    assert parsed.kind is not NumberKind.TK_DOCUMENT
    assert is_safe_id(parsed.canonical)


# ---------------------------------------------------------------------------
# Well-formed input loses no text
# ---------------------------------------------------------------------------

# Any character XML 1.0 allows except ASCII whitespace (collapsed by design) and the
# two non-characters; with the hostile strings readers must see literally.
_XML_CHAR = st.characters(
    exclude_categories=("Cs", "Cc"),
    exclude_characters="\ufffe\uffff",
) | st.sampled_from(["\x85", "\x9b", "\x80", "\u00a0", "\u202e", "\u2066"])
_WORD = st.text(_XML_CHAR, min_size=1, max_size=12) | st.sampled_from(
    [
        "[bold]",
        "[/bold]",
        "[link=https://evil.example]link[/link]",
        "[@click=app.quit]klik[/]",
        "&",
        "<al>",
        "]]>",
        "Vraag 2",
        "Antwoord 1",
        "FICTIEF",
    ]
)
TEXT = st.lists(_WORD, min_size=1, max_size=8).map(" ".join).filter(lambda t: collapse(t) != "")


@st.composite
def fictional_set(draw: st.DrawFn) -> world.Set:
    n = draw(st.integers(1, 6))
    questions = [(f"Vraag {i}", draw(TEXT)) for i in range(1, n + 1)]
    answers = [(f"Antwoord {i}", draw(TEXT)) for i in range(1, n + 1)]
    title = draw(TEXT)
    return world.Set(
        "2024Z19999",
        "2023-2024",
        "2024-01-10",
        title,
        ("A.", "Anna", "Fuzz", "Testpartij"),
        ("B.", "Bert", "Proef", "minister van Fictieve Zaken"),
        questions,
        [
            world.Doc("Schriftelijke vragen", "kv-tk-2024Z19999", "2024-01-10", "2024D99901"),
            world.Doc(
                "Antwoord schriftelijke vragen",
                "ah-tk-20232024-9999",
                "2024-02-05",
                "2024D99902",
                aanhangselnummer="232409999",
                answers=answers,
            ),
        ],
    )


def _texts(items) -> list[str]:
    return [collapse(text) for _label, text in items]


def _every_text_checked(tally) -> None:
    """One fuzz case whose input was well-formed, so every text in it was checked."""
    tally["fuzz_cases"] += 1
    tally["fuzz_text_checked"] += 1


def _parsed(
    render: Callable[[world.Set, world.Doc], bytes], s: world.Set, doc: world.Doc, suffix: str
) -> ParsedDocument:
    """``doc`` of ``s`` in one wire format, parsed under its cache name."""
    return parse_source(render(s, doc), f"{doc.koop_id}{suffix}").document


def _check_document(doc: ParsedDocument, s: world.Set, *, answers: bool) -> None:
    assert [q.text for q in doc.questions] == _texts(s.questions)
    if answers:
        assert [a.text for a in doc.answers] == _texts(s.docs[1].answers)


def _check_rendered(kamervraag: Kamervraag, s: world.Set) -> None:
    want_q = _texts(s.questions)
    want_a = _texts(s.docs[1].answers)
    assert [q.text for q in kamervraag.questions] == want_q
    assert [q.answer for q in kamervraag.questions] == want_a
    text, _md, js = _render_all(kamervraag)
    for t in want_q + want_a:
        assert inert(t) in text
    assert "\x1b" not in text and "\x9b" not in text
    data = json.loads(js)
    assert [q["text"] for q in data["questions"]] == want_q
    assert [q["answer"] for q in data["questions"]] == want_a


@fuzz(700)
@given(fictional_set())
def test_koop_xml_keeps_every_text(tally, s):
    _every_text_checked(tally)
    q_doc, a_doc = s.docs
    question = _parsed(world.koop_xml, s, q_doc, ".xml")
    answer = _parsed(world.koop_xml, s, a_doc, ".xml")
    _check_document(question, s, answers=False)
    _check_document(answer, s, answers=True)
    zaak = parse_zaak_json(world.zaak_json([s], BASE))[0]
    metadata = {d.koop_id: parse_metadata(world.metadata_xml(s, d)) for d in s.docs if d.koop_id}
    kamervraag = assemble([question, answer], metadata, zaak, today=TODAY)
    assert kamervraag.title == collapse(s.title)
    _check_rendered(kamervraag, s)


@fuzz(500)
@given(fictional_set())
def test_koop_html_keeps_every_text(tally, s):
    _every_text_checked(tally)
    _q_doc, a_doc = s.docs
    answer = _parsed(world.koop_html, s, a_doc, ".html")
    _check_document(answer, s, answers=True)
    kamervraag = assemble([answer], {}, None, today=TODAY)
    _check_rendered(kamervraag, s)


def _old_form(s: world.Set) -> bytes:
    """The pre-2010 ``vraagdoc`` shape, with the generated texts."""
    vragen = "".join(
        f"<vraag><nummer>{i}</nummer><al>{escape(t)}</al></vraag>"
        for i, (_l, t) in enumerate(s.questions, 1)
    )
    antwoorden = "".join(
        f"<antwoord><nummer>{i}</nummer><al>{escape(t)}</al></antwoord>"
        for i, (_l, t) in enumerate(s.docs[1].answers, 1)
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?><!-- FICTIEF voorbeeld voor kvtui -->'
        f"<vraagdoc><body><vragen>{vragen}</vragen><reactie>{antwoorden}</reactie>"
        "</body></vraagdoc>"
    ).encode()


@fuzz(400)
@given(fictional_set(), st.sampled_from(["utf-8", "utf-16", "utf-16-be"]))
def test_old_koop_xml_keeps_every_text_in_any_utf(tally, s, encoding):
    _every_text_checked(tally)
    data = _old_form(s)
    if encoding != "utf-8":
        text = data.decode().replace('encoding="utf-8"', 'encoding="UTF-16"')
        bom = "" if encoding == "utf-16" else "\ufeff"  # Python's utf-16 writes its own
        data = (bom + text).encode(encoding)
    doc = parse_source(data, "kv-tk-20052006-KVR99999.xml").document
    _check_document(doc, s, answers=True)
    _check_rendered(assemble([doc], {}, None, today=TODAY), s)


@fuzz(300)
@given(fictional_set())
def test_metadata_sru_and_odata_keep_their_values(tally, s):
    _every_text_checked(tally)
    q_doc = s.docs[0]
    meta = parse_source(world.metadata_xml(s, q_doc), "x.metadata.xml").metadata
    assert meta.title == collapse(s.title)
    assert meta.id == q_doc.koop_id
    sru = parse_source(world.sru_response([(s, d) for d in s.docs], BASE), "sru.xml").sru
    assert [r.identifier for r in sru.records] == [d.koop_id for d in s.docs]
    assert {collapse(r.title or "") for r in sru.records} == {collapse(s.title)}
    (zaak,) = parse_source(world.zaak_json([s], BASE), "zaak-2024Z19999.json").zaken
    assert zaak.number == s.number
    assert zaak.title == (s.title.strip() or None)  # OData values are trimmed, as str.strip


# OData JSON with values of every JSON type in every field: the shape is the server's
# to choose, and a field of an unexpected type must not break a listing.
_JSON_LEAF = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.sampled_from(["2024Z10001", "kv-tk-2024Z10001", "ah-tk-20232024-1", "2024-01-10T00:00"]),
)
_JSON = st.recursive(
    _JSON_LEAF,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=12,
)


@st.composite
def odata_payload(draw: st.DrawFn) -> bytes:
    entity = world.zaak_entity(draw(st.sampled_from(world.fictional_sets())))
    for _ in range(draw(st.integers(1, 5))):
        # Walk down zaak → actor/document → person/version; an earlier edit may have put
        # a value of another type anywhere on the way, so each step checks what it finds.
        target: object = entity
        for key in draw(st.sampled_from([(), ("ZaakActor",), ("Document",)])):
            rows = entity.get(key)
            if isinstance(rows, list) and rows:
                target = rows[draw(st.integers(0, len(rows) - 1))]
                inner_key = "Persoon" if key == "ZaakActor" else "DocumentVersie"
                inner = target.get(inner_key) if isinstance(target, dict) else None
                if isinstance(inner, list) and inner:
                    inner = inner[0]
                if isinstance(inner, dict) and draw(st.booleans()):
                    target = inner
        if not isinstance(target, dict):
            continue
        key = draw(st.sampled_from([*sorted(target), "Nieuw"]) | st.text(max_size=6))
        target[key] = draw(_JSON)
    shape = draw(st.sampled_from(["page", "entity", "document"]))
    if shape == "page":
        body: object = {"value": [entity]}
    elif shape == "entity":
        body = entity
    else:
        body = {"value": [{"Id": "x", "DocumentNummer": "2024D00101", "Zaak": [entity]}]}
    return json.dumps(body).encode()


@fuzz(800)
@given(odata_payload())
def test_odata_fields_of_any_type_raise_only_bad_document(tally, data):
    tally["fuzz_cases"] += 1
    for fn in (parse_zaak_json, parse_document_json):
        _only_bad_document(fn, data)
    parsed = _only_bad_document(parse_source, data, "zaak-2024Z10001.json")
    if parsed is not None:
        _exercise(parsed, "zaak-2024Z10001.json")
