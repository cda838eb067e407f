"""The reading state without the app: read, starred and the place left in a set, and
what the reader is told when the cache fails at any step."""

from __future__ import annotations

from typing import Any

import pytest
from fakes import FakeCache, sample_cache

from kvtui.ui.notice import Notice
from kvtui.ui.reading import SAID, ReadingState

FLAGS = tuple(SAID)


def keeper(cache: Any) -> tuple[ReadingState, list[Notice]]:
    said: list[Notice] = []
    return ReadingState(cache, said.append), said


@pytest.mark.parametrize("flag", FLAGS)
@pytest.mark.parametrize("number", ["2026Z00101", "2023Z00777"])
def test_a_toggle_turns_the_flag_over_and_back(flag: str, number: str) -> None:
    cache = sample_cache()
    state, said = keeper(cache)
    first = state.toggle(number, flag)  # type: ignore[arg-type]
    assert first is not None and first.value is True
    assert getattr(cache.state(number), flag) is True
    second = state.toggle(number, flag)  # type: ignore[arg-type]
    assert second is not None and second.value is False
    assert getattr(cache.state(number), flag) is False
    assert first.notice.text != second.notice.text
    for notice in (first.notice, second.notice):
        assert number in notice.text and notice.markup is False and notice.timeout == 2
    assert said == []  # nothing went wrong, so nothing else was said


@pytest.mark.parametrize("flag", FLAGS)
def test_a_toggle_leaves_the_other_flag_and_the_place_alone(flag: str) -> None:
    cache = sample_cache()
    cache.set_position("2026Z00101", 40)
    other = next(f for f in FLAGS if f != flag)
    state, _said = keeper(cache)
    state.toggle("2026Z00101", flag)  # type: ignore[arg-type]
    after = cache.state("2026Z00101")
    assert getattr(after, other) is False and after.position == 40


def test_the_place_left_is_kept_and_the_top_is_no_place() -> None:
    cache = sample_cache()
    state, _said = keeper(cache)
    assert state.position("2026Z00101") is None
    for place in (1, 17, 10_000):
        state.save_position("2026Z00101", place)
        assert state.position("2026Z00101") == place
    state.save_position("2026Z00101", 0)
    assert state.position("2026Z00101") is None


def test_opening_finds_a_set_by_any_of_its_ids_and_marks_it_read() -> None:
    cache = sample_cache()
    state, _said = keeper(cache)
    for key in ("2026Z00088", "kv-tk-2026Z00088"):
        found = state.get(key)
        assert found is not None and found.number == "2026Z00088"
    assert state.get("2099Z99999") is None
    state.mark_read("2026Z00088")
    assert cache.state("2026Z00088").read is True


class Failing(FakeCache):
    """A cache whose every call the reading state makes fails."""

    def __init__(self, failing: str) -> None:
        super().__init__(sample_cache().items)
        self.failing = failing

    def __getattribute__(self, name: str) -> Any:
        if name == object.__getattribute__(self, "failing"):
            raise OSError(f"disk gone ({name}) [bold]x[/bold]")
        return super().__getattribute__(name)


STEPS = {
    "get": lambda s: s.get("2026Z00101"),
    "position": lambda s: s.position("2026Z00101"),
    "save_position": lambda s: s.save_position("2026Z00101", 3),
    "mark_read": lambda s: s.mark_read("2026Z00101"),
    "toggle read": lambda s: s.toggle("2026Z00101", "read"),
    "toggle starred": lambda s: s.toggle("2026Z00101", "starred"),
}


@pytest.mark.parametrize("failing", ["get", "state", "set_read", "set_starred", "set_position"])
@pytest.mark.parametrize("step", list(STEPS))
def test_a_failing_cache_is_one_error_notice_never_an_exception(failing: str, step: str) -> None:
    state, said = keeper(Failing(failing))
    STEPS[step](state)  # does not raise
    assert len(said) <= 1
    for notice in said:
        assert notice.severity == "error" and notice.text.startswith("Cache error: ")
        assert f"({failing})" in notice.text


@pytest.mark.parametrize("flag", FLAGS)
def test_a_toggle_whose_state_cannot_be_read_changes_nothing(flag: str) -> None:
    cache = Failing("state")
    state, said = keeper(cache)
    assert state.toggle("2026Z00101", flag) is None  # type: ignore[arg-type]
    assert len(said) == 1
    assert cache.states == {}
