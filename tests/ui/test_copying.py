"""What a copy took, said without the app, for every scope and every kind of label."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from fakes import kamervraag

from kvtui.ui.copying import described

SET = kamervraag("2026Z00101", "Fictief", submitted=dt.date(2026, 1, 5), n_questions=3)


@pytest.mark.parametrize("index", [0, 1, 2, 7])
def test_question_and_answer_name_the_question_the_reader_is_at(index: int) -> None:
    n = min(index, 2) + 1  # past the last question: the last one
    assert described(SET, "question", index) == f"Vraag {n} of 2026Z00101"
    assert described(SET, "answer", index) == f"the answer to Vraag {n} of 2026Z00101"


def test_the_sources_own_label_is_used_shown_inert() -> None:
    questions = [replace(SET.questions[0], label="Vraag 5, 6\x1b[2J"), *SET.questions[1:]]
    labelled = replace(SET, questions=questions)
    said = described(labelled, "answer", 0)
    assert said.startswith("the answer to Vraag 5, 6") and "\x1b" not in said


def test_a_question_without_number_or_label_is_named_by_its_place() -> None:
    questions = [replace(q, number=None, label=None) for q in SET.questions]
    assert described(replace(SET, questions=questions), "question", 1) == (
        "question 2 of 2026Z00101"
    )


@pytest.mark.parametrize(
    ("scope", "said"),
    [("url", "the source URL of 2026Z00101"), ("set", "all of 2026Z00101")],
)
def test_whole_set_scopes(scope: str, said: str) -> None:
    assert described(SET, scope, 0) == said  # type: ignore[arg-type]


@pytest.mark.parametrize("scope", ["question", "answer"])
def test_a_set_without_questions_is_copied_whole(scope: str) -> None:
    assert described(replace(SET, questions=[]), scope, 0) == "all of 2026Z00101"  # type: ignore[arg-type]


@pytest.mark.parametrize("scope", ["question", "answer", "set", "url"])
def test_nothing_open_names_only_the_scope(scope: str) -> None:
    assert described(None, scope, 0) == scope  # type: ignore[arg-type]


def test_a_hostile_number_is_shown_inert() -> None:
    said = described(replace(SET, number="2026Z\x1b]52;c;eA==\x07"), "url", 0)
    assert "\x1b" not in said and "\x07" not in said
