"""One layout for every output (issue 8): text, Markdown, the export and the reader.

``render.outline`` decides the blocks, their order and their words; the formatters
only dress them. For every set in the sample cache (and the real and seed documents in
``../shared/fixtures``, where present) this checks that each output shows the same
blocks in the same order, each footnote marker at its place (``[1]`` in text and the
reader, ``[^1]`` in Markdown) and each note under the part that holds it. Outputs are
compared after undoing only their own dress (indent, Markdown escapes and emphasis), so
a formatter that drops, reorders or rewords a block fails.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kvtui.assemble import assemble
from kvtui.model import Footnote, Kamervraag
from kvtui.parse.koop_xml import parse_koop_xml
from kvtui.render import outline as layout
from kvtui.render.markdown import render_markdown
from kvtui.render.text import render_text
from kvtui.store.cache import Cache, ListQuery
from kvtui.textsafe import inert
from kvtui.ui.export import export_markdown
from kvtui.ui.widgets.doc_view import build_blocks

TODAY = dt.date(2026, 11, 28)
SAMPLE = Path(__file__).resolve().parents[1] / "cache"
_WS = re.compile(r"\s+")


@pytest.fixture(scope="module")
def sample_sets(tmp_path_factory: pytest.TempPathFactory) -> list[Kamervraag]:
    root = tmp_path_factory.mktemp("one-layout")
    with Cache(root, today=TODAY) as cache:
        report = cache.import_paths([SAMPLE / "sources"])
        assert report.failed == []
        sets = [cache.get(row.number) for row in cache.rows(ListQuery(sort="number"))]
    assert len(sets) >= 13 and all(kv is not None for kv in sets)
    return sets  # type: ignore[return-value]


def norm(text: str) -> str:
    return _WS.sub(" ", text).strip()


def norm_markdown(md: str) -> str:
    """Markdown back to the words: footnote syntax to ``[n]``, emphasis, autolink
    brackets, heading and list marks and escapes removed."""
    md = re.sub(r"^\[\^([0-9]+|noot)(?:-[0-9]+)?\]: ", r"[\1] ", md, flags=re.M)
    md = re.sub(r"\[\^([0-9]+|noot)(?:-[0-9]+)?\]", r"[\1]", md)
    md = re.sub(r"(?<!\\)\*", "", md)
    md = re.sub(r"(?<!\\)[<>]", "", md)
    md = re.sub(r"^(?:#+ |- |---$)", "", md, flags=re.M)
    md = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", md)
    return norm(md)


def expected_strings(block: layout.Block) -> list[str]:
    """What any output must show of one block, in order (markers as ``[n]``)."""
    match block:
        case layout.Heading():
            return [f"Kamervraag {block.number}", block.title]
        case layout.Field():
            return [block.label, block.value]
        case layout.QuestionText():
            return [block.label, *(layout.plain_paragraph(p) for p in block.paragraphs)]
        case layout.AnswerText():
            return [layout.plain_paragraph(p) for p in block.paragraphs] or [block.note or ""]
        case layout.Note():
            return [f"[{block.label}] {block.text}", *([block.url] if block.show_url else [])]
        case layout.FurtherHeading():
            return [block.heading]
        case layout.NoticeText() | layout.LooseText():
            return [block.heading, *block.paragraphs]
        case layout.Ids():
            return list(block.lines)
    raise AssertionError(block)


def assert_in_order(output: str, blocks: list[layout.Block], what: str) -> None:
    at = 0
    for block in blocks:
        for s in expected_strings(block):
            wanted = norm(inert(s))
            found = output.find(wanted, at)
            assert found >= 0, f"{what}: {type(block).__name__} {wanted[:80]!r} not in order"
            at = found + len(wanted)


READER_KIND = {
    layout.Heading: "header",
    layout.QuestionText: "question",
    layout.AnswerText: "answer",
    layout.Note: "footnotes",
    layout.FurtherHeading: "further",
    layout.NoticeText: "notice",
    layout.LooseText: "loose",
    layout.Ids: "ids",
}


def reader_kinds(blocks: list[layout.Block]) -> list[str]:
    """The reader's blocks: fields join the header, a run of notes is one block."""
    kinds: list[str] = []
    previous: layout.Block | None = None
    for block in blocks:
        if isinstance(block, layout.Field):
            continue
        same_notes = (
            isinstance(block, layout.Note)
            and isinstance(previous, layout.Note)
            and (previous.part, previous.question) == (block.part, block.question)
        )
        if not same_notes:
            kinds.append(READER_KIND[type(block)])
        previous = block
    return kinds


def check_every_output(kv: Kamervraag, tmp_path: Path) -> None:
    blocks = layout.outline(kv, TODAY)
    text = render_text(kv, today=TODAY)
    md = render_markdown(kv, today=TODAY)
    exported = export_markdown(kv, tmp_path, today=TODAY).read_text(encoding="utf-8")
    reader = build_blocks(kv, TODAY)
    assert exported == inert(md)
    assert_in_order(norm(text), blocks, f"{kv.number} text")
    assert_in_order(norm_markdown(md), blocks, f"{kv.number} markdown")
    assert_in_order(norm_markdown(exported), blocks, f"{kv.number} export")
    assert_in_order(norm("\n\n".join(b.content.plain for b in reader)), blocks, kv.number)
    assert [b.kind for b in reader] == reader_kinds(blocks), kv.number


def check_markers(kv: Kamervraag) -> int:
    """Each footnote's marker right after the words before its offset, in every output."""
    text = norm(render_text(kv, today=TODAY))
    md = norm_markdown(render_markdown(kv, today=TODAY))
    reader = norm("\n\n".join(b.content.plain for b in build_blocks(kv, TODAY)))
    count = 0
    further = [q for fa in kv.further_answers for q in fa.questions]
    for q in kv.questions + further:
        for note in q.footnotes:
            if note.at is None:
                continue
            source = q.text if note.part == "question" else q.answer
            assert source is not None and 0 <= note.at <= len(source)
            before = source[: note.at].rsplit("\n\n", 1)[-1][-30:]
            after = source[note.at :].split("\n\n", 1)[0][:10]
            # Other notes may stand after the same word, before this one.
            needle = re.compile(
                re.escape(norm(inert(before))) + r"(?:\[[0-9*]+\])*" + re.escape(f"[{note.number}]")
            )
            for name, out in (("text", text), ("markdown", md), ("reader", reader)):
                found = needle.search(out)
                assert found, (kv.number, name, needle.pattern)
                if after.strip():
                    rest = re.sub(r"^(\[[0-9*]+\])+", "", out[found.end() :])
                    assert rest.lstrip().startswith(norm(inert(after))[:5]), (kv.number, name)
            count += 1
    return count


def test_every_sample_set_has_the_same_blocks_in_every_output(
    sample_sets: list[Kamervraag], tmp_path: Path
) -> None:
    for kv in sample_sets:
        check_every_output(kv, tmp_path)


def test_every_sample_footnote_has_its_marker_in_place_everywhere(
    sample_sets: list[Kamervraag],
) -> None:
    total = sum(check_markers(kv) for kv in sample_sets)
    # Every footnote of the sample cache has a place and was checked, not a chosen few.
    every = [q for kv in sample_sets for q in kv.questions]
    every += [q for kv in sample_sets for fa in kv.further_answers for q in fa.questions]
    assert total == sum(len(q.footnotes) for q in every) >= 14
    parts = {f.part for kv in sample_sets for q in kv.questions for f in q.footnotes}
    assert parts == {"question", "answer"}


def test_wording_is_decided_once() -> None:
    """What the three layouts once said differently now comes out the same."""
    from kvtui.model import Person, Question, Status

    kv = Kamervraag(
        number="2099Z00960",
        title="FICTIEF voorbeeld voor kvtui",
        status=Status.OPEN,
        submitted=None,
        answered_by=[Person("Fien Fictief", None, "minister van Testzaken")],
        questions=[Question(1, "Vraag?")],
    )
    text = render_text(kv, today=TODAY)
    md = render_markdown(kv, today=TODAY)
    reader = "\n".join(b.content.plain for b in build_blocks(kv, TODAY))
    for out in (text, md, reader):
        assert "Gericht aan" in out and "Beantwoord door" not in out
        assert "onbekend" in out and "?" not in out.replace("Vraag?", "")
        assert "Nog geen antwoord." in out


def _real_sets(shared_dir: Path) -> list[Kamervraag]:
    real = sorted((shared_dir / "fixtures" / "real").glob("ah-tk-*.fragments.xml"))
    sets = []
    for path in real:
        doc = parse_koop_xml(path.read_bytes(), path.name.split(".")[0])
        sets.append(assemble([doc], {}, None, today=TODAY))
    seed = shared_dir / "fixtures" / "seed"
    names = ("kv-tk-2020Z12161", "ah-tk-20192020-3940", "ah-tk-20192020-3666")
    if all((seed / f"{n}.xml").exists() for n in names):
        docs = [parse_koop_xml((seed / f"{n}.xml").read_bytes()) for n in names]
        sets.append(assemble(docs, {}, None, today=TODAY))
    if not sets:
        pytest.skip("no real or seed documents in ../shared/fixtures")
    return sets


@pytest.mark.shared
def test_real_and_seed_footnotes_have_their_markers_in_place_everywhere(
    shared_dir: Path, tmp_path: Path
) -> None:
    sets = _real_sets(shared_dir)
    total = 0
    for kv in sets:
        check_every_output(kv, tmp_path)
        total += check_markers(kv)
    assert total == sum(len(q.footnotes) for kv in sets for q in kv.questions) >= 1


@pytest.mark.shared
def test_seed_shows_its_markers_where_the_seed_page_has_them(shared_dir: Path) -> None:
    kv = next(k for k in _real_sets(shared_dir) if k.number == "2020Z12161")
    text = render_text(kv, today=TODAY)
    assert "gezet»?[1]\n" in text and "24\u00a0juni jl.[2]\n" in text
    md = render_markdown(kv, today=TODAY)
    assert "gezet»?[^1]\n" in md and "\n[^1]: NRC, 23" in md
    assert "24\u00a0juni jl.[^2]\n" in md and "\n[^2]: Brief van de" in md


_texts = st.text(alphabet=st.sampled_from("ab \n\u00a0*[]#1."), max_size=30)
_notes = st.lists(
    st.builds(
        Footnote,
        st.one_of(st.none(), st.integers(0, 9)),
        _texts,
        st.one_of(st.none(), st.just("https://example.invalid/n")),
        st.sampled_from([None, "question", "answer"]),
        st.one_of(st.none(), st.integers(-3, 40)),
    ),
    max_size=4,
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.none(), _texts), st.one_of(st.none(), _texts), _notes)
def test_any_question_any_notes_every_output_keeps_every_note(question, answer, notes) -> None:
    """Odd offsets (past the end, negative, in a blank paragraph, none) never crash a
    formatter or lose a note: each note is listed once in every output."""
    from kvtui.model import Question, Status

    kv = Kamervraag("2099Z00980", "FICTIEF", Status.ANSWERED)
    kv.questions = [Question(1, question, answer, footnotes=notes)]
    blocks = layout.outline(kv, TODAY)
    listed = [b for b in blocks if isinstance(b, layout.Note)]
    assert len(listed) == len(notes)
    marks = [
        piece
        for b in blocks
        if isinstance(b, layout.QuestionText | layout.AnswerText)
        for para in b.paragraphs
        for piece in para
        if isinstance(piece, layout.Mark)
    ]
    assert len(marks) <= len(notes)
    text = render_text(kv, today=TODAY)
    md = render_markdown(kv, today=TODAY)
    reader = build_blocks(kv, TODAY)
    assert text.count("\n  [") >= len(notes)
    assert md.count("[^") >= 2 * len(marks)
    assert sum(b.content.plain.count("\n") + 1 for b in reader if b.kind == "footnotes") == len(
        notes
    )
