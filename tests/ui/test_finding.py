"""Find and go-to without the app: which question a number means, what a find says,
the words a search marks, and when n / N leave the set for the next result."""

from __future__ import annotations

import pytest

from kvtui.ui.finding import MAX_DIGITS, found_notice, goto_index, leaves_set, marked_words
from kvtui.ui.notice import Notice


def numbered(*numbers: int):  # the source's numbers, in the set's order
    def index_for(n: int) -> int | None:
        return numbers.index(n) if n in numbers else None

    return index_for


@pytest.mark.parametrize("count", [1, 2, 8, 31])
def test_every_question_can_be_reached_by_its_number(count: int) -> None:
    index_for = numbered(*range(1, count + 1))
    for n in range(1, count + 1):
        assert goto_index(str(n), count, index_for) == n - 1
        assert goto_index(f"  {n} ", count, index_for) == n - 1


def test_the_source_numbering_decides_not_the_position() -> None:
    index_for = numbered(5, 6, 9)
    assert goto_index("9", 3, index_for) == 2
    assert isinstance(goto_index("1", 3, index_for), Notice)


@pytest.mark.parametrize(
    "typed", ["0", "9", "-1", "", "  ", "abc", "٣", "1.5", "1e3", "7" * (MAX_DIGITS + 1)]
)
@pytest.mark.parametrize("count", [1, 8])
def test_no_such_question_is_one_warning_that_names_the_range(typed: str, count: int) -> None:
    said = goto_index(typed, count, numbered(*range(1, count + 1)))
    assert isinstance(said, Notice)
    assert said.severity == "warning" and said.markup is False
    assert f"1 to {count}" in said.text
    assert ("question " if count == 1 else "questions ") in said.text


def test_a_number_out_of_the_sets_range_is_refused_even_when_mapped() -> None:
    assert isinstance(goto_index("3", 2, lambda n: 5), Notice)


def test_hostile_typing_comes_back_inert() -> None:
    said = goto_index("\x1b]52;c;eA==\x07", 2, numbered(1, 2))
    assert isinstance(said, Notice) and "\x1b" not in said.text and "\x07" not in said.text


@pytest.mark.parametrize("found", [0, 1, 2, 1234])
def test_a_find_says_how_many_matches(found: int) -> None:
    said = found_notice(found, "zee\x1b[2J")
    assert said.markup is False and said.timeout == 2
    assert ("match for" if found == 1 else "matches for") in said.text
    assert "\x1b" not in said.text


# a search, and the words it marks in an opened result (not the excluded ones)
MARKED = {"zee": "zee", "wind zee": "wind zee", "wind*": "wind*", "zee -wind": "zee"}
MARKED |= {'"spoorbrug zwolle"': "spoorbrug zwolle", 'zee "unclosed': ""}


@pytest.mark.parametrize(("query", "words"), MARKED.items())
def test_the_marked_words_are_the_found_ones(query: str, words: str) -> None:
    assert set(marked_words(query).split()) == set(words.split())


@pytest.mark.parametrize("count", [1, 2, 5])
def test_n_leaves_the_set_only_past_its_last_match(count: int) -> None:
    for index in range(count):
        assert leaves_set(+1, index, count) is (index == count - 1)
        assert leaves_set(-1, index, count) is (index == 0)


def test_a_set_without_matches_is_left_either_way() -> None:
    assert leaves_set(+1, -1, 0) and leaves_set(-1, -1, 0)
