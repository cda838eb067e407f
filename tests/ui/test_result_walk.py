"""Walking search results without the app: the title's position phrase and n / N."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace

import pytest

from kvtui.ui.result_walk import (
    PART_WORDS,
    Place,
    doc_position,
    result_position,
    results_count,
    results_phrase,
    step_result,
)


@dataclass
class Hit:
    number: str


def hits(*numbers: str) -> list[Hit]:
    return [Hit(n) for n in numbers]


@pytest.mark.parametrize(
    ("shown", "total", "said"),
    [
        (0, None, "0 results"),
        (1, None, "1 result"),
        (41, 41, "41 results"),
        (41, None, "41 results"),
        (200, 1273, "first 200 of 1,273 results"),
        (200, 200, "200 results"),
    ],
)
def test_results_phrase_says_when_the_list_is_capped(shown, total, said) -> None:
    assert results_phrase(shown, total) == said


def test_results_count_prefers_the_total() -> None:
    assert results_count(200, 1273) == 1273
    assert results_count(7, None) == 7


def test_result_position_keeps_the_cursors_place_for_a_set_listed_twice() -> None:
    listed = hits("2099Z00001", "2099Z00002", "2099Z00001")
    assert result_position(listed, 2, "2099Z00001") == 2
    assert result_position(listed, 1, "2099Z00001") == 0
    assert result_position(listed, 0, "2099Z00002") == 1
    assert result_position(listed, 9, "2099Z00002") == 1  # a cursor past the list
    assert result_position(listed, 0, "2099Z00003") is None
    assert result_position([], 0, "2099Z00001") is None


def place(**changes: object) -> Place:
    values: dict[str, object] = {
        "number": "2099Z00042",
        "question_count": 8,
        "question_index": 2,
        "part": "question",
        "match_index": 1,
        "match_count": 7,
    }
    values.update(changes)
    return Place(**values)  # type: ignore[arg-type]


def test_doc_position_names_question_match_and_result() -> None:
    said = doc_position(place(), from_search=True, result=2, results_total=41)
    assert said == "2099Z00042 · Vraag 3/8 · match 2 of 7 · result 3 of 41"


@pytest.mark.parametrize("part", sorted(PART_WORDS))
def test_doc_position_names_the_parts_that_are_not_questions(part: str) -> None:
    said = doc_position(place(part=part), from_search=False, result=None, results_total=0)
    assert said.split(" · ")[1] == PART_WORDS[part]
    assert "Vraag" not in said


def test_doc_position_without_matches_or_questions() -> None:
    bare = place(question_count=0, match_count=0)
    assert doc_position(bare, from_search=False, result=None, results_total=0) == "2099Z00042"
    from_search = doc_position(bare, from_search=True, result=0, results_total=1_200)
    assert from_search == "2099Z00042 · no match in the text · result 1 of 1,200"


def test_doc_position_never_counts_past_the_last_question() -> None:
    said = doc_position(place(question_index=12), from_search=False, result=None, results_total=0)
    assert "Vraag 8/8" in said


def test_doc_position_shows_a_hostile_number_inert() -> None:
    said = doc_position(
        place(number="2099Z\x1b[2J"), from_search=False, result=None, results_total=0
    )
    assert "\x1b" not in said


@pytest.mark.parametrize("shown", [1, 2, 41, 200])
def test_step_result_walks_every_listed_result_and_stops_at_the_ends(shown: int) -> None:
    forward = [step_result(i, +1, shown, shown).target for i in range(shown)]
    assert forward == [*range(1, shown), None]
    backward = [step_result(i, -1, shown, shown).target for i in range(shown)]
    assert backward == [None, *range(shown - 1)]
    assert step_result(shown - 1, +1, shown, shown).notice == "No next search result"
    assert step_result(0, -1, shown, shown).notice == "No previous search result"


def test_step_result_past_a_capped_list_says_how_many_there_are() -> None:
    step = step_result(199, +1, 200, 1273)
    assert step.target is None
    assert step.notice == "Last of the first 200 results (of 1,273)"
    assert step.timeout == 3
    assert step_result(0, -1, 200, 1273).notice == "No previous search result"


def test_a_place_reads_the_counts_of_a_view() -> None:
    view = SimpleNamespace(
        question_count=4, current_index=3, current_part="question", match_index=0, match_count=2
    )
    got = Place.of("2099Z00042", view)
    assert got == Place("2099Z00042", 4, 3, "question", 0, 2)
    said = doc_position(got, from_search=False, result=None, results_total=0)
    assert said == "2099Z00042 · Vraag 4/4 · match 1 of 2"


@pytest.mark.parametrize("module", ["result_walk", "refresh", "listing"])
def test_the_screens_rules_need_no_textual(module: str) -> None:
    """These modules are usable without the app: they import neither Textual nor Rich."""
    path = Path(__file__).resolve().parents[2] / "kvtui" / "ui" / f"{module}.py"
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported.add(node.module.split(".")[0])
    assert "kvtui" in imported
    assert not imported & {"textual", "rich"}, imported
