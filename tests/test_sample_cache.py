"""The repository's sample cache (``cache/``) holds what its README promises.

``cache/sources`` is imported through the real import path into a temporary cache (so
the committed directory is never touched), and each set is checked for the state or
feature it was written to show: this is what keeps the sample cache honest while
parsers and the assembler change, and what the UI tests and snapshots rely on.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from test_store_support import run_main

pytest.importorskip("kvtui.store.cache", reason="needs the store (kvtui.store.cache)")
pytest.importorskip("kvtui.assemble", reason="needs the assembler (kvtui.assemble)")

from kvtui.model import Kamervraag, Status
from kvtui.store.cache import Cache

TODAY = dt.date(2026, 11, 28)
SAMPLE = Path(__file__).resolve().parents[1] / "cache"
HOSTILE = "2024Z10666"
EXPECTED_SETS = {
    "2019Z21034",
    "2020Z08817",
    "2021Z19004",
    "2022Z13350",
    "2023Z05120",
    HOSTILE,
    "2025Z02291",
    "2025Z11230",
    "2026Z17702",
    "2026Z18230",
    "2026Z19876",
    "2026Z21455",
    "kv-tk-20072008-KVR31522",
    "ah-tk-19961997-1403",
}
# Every way a terminal could be told to act; none may survive into text output.
CONTROLS = ["\x1b", "\x07", "\x9b", "\x85", "\x7f", "\u202e", "\u202c"]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sample-cache")
    with Cache(root, today=TODAY) as cache:
        report = cache.import_paths([SAMPLE / "sources"])
    assert report.failed == []
    assert len(report.imported) == len(list((SAMPLE / "sources").iterdir()))
    return root


@pytest.fixture(scope="module")
def cache(imported: Path):
    c = Cache(imported, today=TODAY)
    yield c
    c.close()


def get(cache: Cache, number: str) -> Kamervraag:
    kv = cache.get(number)
    assert kv is not None, f"{number} is not in the imported sample cache"
    return kv


def cli(capsys, monkeypatch, root: Path, *args: str) -> str:
    code, out, _ = run_main(capsys, monkeypatch, "--cache", str(root), *args, today=TODAY)
    assert code == 0, out
    return out


def test_sample_files_are_committed_sources_only() -> None:
    names = sorted(p.name for p in (SAMPLE / "sources").iterdir())
    assert len(names) >= 40
    assert not [n for n in names if n.startswith(".") or "sqlite" in n]
    assert (SAMPLE / "README.md").read_text(encoding="utf-8").count("FICTIEF") >= 1


def test_every_set_is_there_and_says_it_is_fictional(cache: Cache) -> None:
    assert cache.count() == len(EXPECTED_SETS)
    assert {row.number for row in cache.rows()} == EXPECTED_SETS
    for number in EXPECTED_SETS:
        kv = get(cache, number)
        first = kv.questions[0]
        assert "FICTIEF voorbeeld voor kvtui" in (first.text or ""), number
    # and every file says so in its own bytes
    for path in (SAMPLE / "sources").iterdir():
        assert b"FICTIEF" in path.read_bytes(), path.name


def test_the_list_covers_every_state(cache: Cache) -> None:
    rows = {r.number: r for r in cache.rows()}
    assert {r.status for r in rows.values()} == set(Status)
    assert rows["2026Z17702"].overdue and rows["2025Z11230"].overdue
    assert not rows["2026Z21455"].overdue and not rows["2026Z19876"].overdue


def test_answered_with_footnotes_and_a_kamerstuk_reference(cache: Cache) -> None:
    kv = get(cache, "2019Z21034")
    assert kv.status is Status.ANSWERED and not kv.overdue and not kv.text_pending
    assert (kv.submitted, kv.answered, kv.days_to_answer) == (
        dt.date(2019, 11, 5),
        dt.date(2019, 12, 2),
        27,
    )
    assert [p.name for p in kv.submitters] == ["Lotte Baaijens"]
    assert kv.answered_by[0].role == "minister van Infrastructuur en Waterstaat"
    notes = {f.number: (q.number, f) for q in kv.questions for f in q.footnotes}
    assert sorted(notes) == [1, 2, 3]
    assert notes[1][0] == 1 and notes[1][1].url.startswith("https://nieuws.example.nl/")
    assert notes[2][0] == 2 and notes[2][1].url.startswith("https://www.example.org/")
    assert notes[3][0] == 3 and notes[3][1].url is None
    assert "29 232, nr. 58" in notes[3][1].text
    # the footnote marker is not left in the paragraph text
    assert kv.questions[0].text.endswith("station»? (FICTIEF voorbeeld voor kvtui)")
    assert "Verkeer | Fiets" in kv.topics


def test_combined_answer_and_combined_question(cache: Cache) -> None:
    kv = get(cache, "2020Z08817")
    by_number = {q.number: q for q in kv.questions}
    assert sorted(by_number) == [1, 2, 3, 4, 6]
    assert by_number[2].answer.startswith("Er bestaat geen landelijk beeld")
    assert "Treeknormen" in by_number[2].answer  # the whole combined answer, both paragraphs
    assert by_number[3].answer is None and by_number[3].answer_ref == 2
    combined_q = by_number[4]
    assert combined_q.numbers == (4, 5) and combined_q.label == "Vraag 4, 5"
    assert combined_q.text.count("\n\n") == 1
    assert combined_q.answer.startswith("Gemeenten zijn verantwoordelijk")
    assert [(p.name, p.party) for p in kv.submitters] == [
        ("Karim el Ouazzani", "PvdA"),
        ("Sanne Roelofsen-Mulder", "SP"),
    ]


def test_unmatched_answer_is_kept(cache: Cache) -> None:
    kv = get(cache, "2021Z19004")
    assert [q.number for q in kv.questions] == [1, 2, 3, 4, 5]
    assert kv.questions[3].answer is None  # Vraag 4 got no "Antwoord 4"
    stray = kv.questions[4]
    assert stray.text is None and stray.answer.startswith("Ja. Defensie werkt")


def test_withdrawn(cache: Cache) -> None:
    kv = get(cache, "2022Z13350")
    assert kv.status is Status.WITHDRAWN and not kv.overdue
    assert [n.date for n in kv.notices] == [dt.date(2022, 9, 1)]
    assert "als ingetrokken worden beschouwd" in kv.notices[0].text


def test_further_answer(cache: Cache) -> None:
    kv = get(cache, "2023Z05120")
    assert kv.status is Status.ANSWERED and kv.answered == dt.date(2023, 4, 20)
    assert "nader antwoord" in kv.questions[2].answer
    (further,) = kv.further_answers
    assert (further.id, further.date) == ("ah-tk-20222023-2789", dt.date(2023, 5, 30))
    answers = {q.number: q.answer for q in further.questions}
    assert sorted(answers) == [3, 4]
    assert answers[3].startswith("DUO heeft 1\u00a0870 meldingen")
    assert any(
        f.url == "https://duo.example.org/vergoeding-vertraging"
        for q in further.questions
        for f in q.footnotes
    )


def test_postponed_then_answered_with_long_answers(cache: Cache) -> None:
    kv = get(cache, "2025Z02291")
    assert kv.status is Status.ANSWERED and kv.days_to_answer == 40
    assert [n.date for n in kv.notices] == [dt.date(2025, 2, 27)]
    assert kv.questions[1].answer.count("\n\n") == 3
    assert sum(len(q.footnotes) for q in kv.questions) == 7
    # Numbering runs on through the answer document; note 5 stands in a list item,
    # notes 6 and 7 both after one word in an al-groep.
    last = kv.questions[4]
    assert [(f.number, f.part) for f in last.footnotes] == [
        (5, "answer"),
        (6, "answer"),
        (7, "answer"),
    ]
    at = {f.number: f.at for f in last.footnotes}
    assert last.answer[: at[5]].endswith("a. de omzet per vlootsegment")
    assert at[6] == at[7] and last.answer[at[6] :].startswith(" over de Noordzee.")


def test_postponed_and_overdue(cache: Cache) -> None:
    kv = get(cache, "2025Z11230")
    assert kv.status is Status.POSTPONED and kv.overdue
    assert kv.answered is None and all(q.answer is None for q in kv.questions)
    assert [n.date for n in kv.notices] == [dt.date(2025, 6, 24)]
    assert kv.notices[0].text.count("\n\n") == 1


def test_postponed_not_overdue(cache: Cache) -> None:
    kv = get(cache, "2026Z19876")
    assert kv.status is Status.POSTPONED and not kv.overdue
    assert [n.date for n in kv.notices] == [dt.date(2026, 11, 9)]


def test_open_overdue_and_open_recent(cache: Cache) -> None:
    late = get(cache, "2026Z17702")
    assert late.status is Status.OPEN and late.overdue and late.notices == []
    recent = get(cache, "2026Z21455")
    assert recent.status is Status.OPEN and not recent.overdue
    assert len(recent.submitters) == 2 and recent.topics == []  # no metadata for this one


def test_answer_known_to_tk_but_text_pending(cache: Cache) -> None:
    kv = get(cache, "2026Z18230")
    assert kv.status is Status.ANSWERED and kv.text_pending
    assert kv.answered == dt.date(2026, 11, 26)
    assert all(q.answer is None for q in kv.questions) and len(kv.questions) == 3


def test_old_format_set(cache: Cache) -> None:
    kv = get(cache, "kv-tk-20072008-KVR31522")
    assert kv.status is Status.ANSWERED
    assert (kv.submitted, kv.answered) == (dt.date(2008, 3, 4), dt.date(2008, 4, 2))
    assert [q.number for q in kv.questions] == [1, 2, 3]
    assert all(q.text and q.answer for q in kv.questions)
    assert cache.resolve("ah-tk-20072008-1877") == "kv-tk-20072008-KVR31522"
    # Headed like every other set, with the party the description gives (issue 8).
    assert all(q.label in (None, f"Vraag {q.number}") for q in kv.questions)
    assert [(p.name, p.party) for p in kv.submitters] == [("W.J. ten Hove-Bakker", "CDA")]


def test_1990s_set_with_a_public_doctype(cache: Cache, imported: Path, capsys, monkeypatch) -> None:
    """``DOCTYPE vraagdoc PUBLIC``: read without its DTD, entities mapped (issue 8)."""
    kv = get(cache, "ah-tk-19961997-1403")
    assert kv.status is Status.ANSWERED
    assert (kv.submitted, kv.answered) == (dt.date(1997, 3, 3), dt.date(1997, 4, 7))
    assert [(q.number, q.answer_ref) for q in kv.questions] == [(1, None), (2, None), (3, 2)]
    assert [(p.name, p.party) for p in kv.submitters] == [
        ("A.M. van Wijngaarden-Smit", "CDA"),
        ("H. Koçer", "PvdA"),
    ]
    assert "‘Veerboot vaart vaker niet dan wel’" in (kv.questions[0].text or "")
    assert "ƒ\u00a01,2 miljoen" in (kv.questions[1].text or "")
    assert "vóór 1 oktober 1997 (zie bijlage &bijlageA;" in (kv.questions[1].answer or "")
    out = cli(capsys, monkeypatch, imported, "show", "ah-tk-19961997-1403", "--offline")
    for n in (1, 2, 3):
        assert f"Vraag {n}" in out
    assert "Koçer (PvdA)" in out and "&bijlageA;" in out


def test_lookup_by_any_id_and_search(cache: Cache) -> None:
    assert cache.resolve("kv-tk-2019Z21034") == "2019Z21034"
    assert cache.resolve("ah-tk-20192020-812") == "2019Z21034"
    assert cache.resolve("ah-tk-20242025-2678") == "2025Z11230"  # built from Aanhangselnummer
    hits = {h.number for h in cache.search("kottervisserij")}
    assert hits == {"2025Z02291"}
    assert {h.number for h in cache.search("Treeknormen")} == {"2020Z08817"}


def test_hostile_text_is_kept_literally_in_json(
    cache: Cache, imported: Path, capsys, monkeypatch
) -> None:
    data = json.loads(cli(capsys, monkeypatch, imported, "show", HOSTILE, "--format", "json"))
    assert "\x1b]52;c;a3Z0dWkgdGVzdA==\x07" in data["title"]  # OSC 52 from the OData Titel
    assert "\x1b]8;;https://example.invalid/\x1b\\" in data["title"]  # OSC 8
    assert "\x9b2J" in data["title"]
    assert "\x1b[2J" in data["submitters"][0]["name"]
    assert data["submitters"][0]["party"] == "[link=https://example.invalid]Volt[/link]"
    assert "\x1b]0;venstertitel\x07" in data["answered_by"][0]["role"]
    texts = [q["text"] for q in data["questions"]]
    assert "[bold]vet[/bold]" in texts[0] and "[link=https://example.invalid]x[/link]" in texts[0]
    assert "[@click=app.quit]klik[/]" in texts[1]
    assert "\x9b2J" in texts[2] and "\x85" in texts[2]
    assert "\u202e" in texts[3] and "\x7f" in texts[3]
    answers = [q["answer"] for q in data["questions"]]
    assert "[reverse]" in answers[0] and ":smile:" in answers[1]
    assert data["topics"] == ["[bold]Bestuur[/bold] | Informatievoorziening"]


def test_hostile_text_is_inert_in_text_output(imported: Path, capsys, monkeypatch) -> None:
    out = cli(capsys, monkeypatch, imported, "show", HOSTILE)
    for ch in CONTROLS:
        assert ch not in out, f"{ch!r} reached the terminal"
    assert "␛]52;c;a3Z0dWkgdGVzdA==␇" in out  # shown, not acted on
    assert "[bold]vet[/bold]" in out and "[@click=app.quit]klik[/]" in out
    listing = cli(capsys, monkeypatch, imported, "list")
    for ch in CONTROLS:
        assert ch not in listing


def test_import_leaves_the_committed_directory_alone(tmp_path: Path) -> None:
    """Reading the sample cache in place (``kvtui --cache cache``) builds only ignored files."""
    copy = tmp_path / "cache"
    shutil.copytree(SAMPLE, copy)
    before = {p.name: p.read_bytes() for p in (copy / "sources").iterdir()}
    with Cache(copy, today=TODAY) as cache:
        assert cache.count() == len(EXPECTED_SETS)
    after = {
        p.name: p.read_bytes() for p in (copy / "sources").iterdir() if not p.name.startswith(".")
    }
    assert after == before
