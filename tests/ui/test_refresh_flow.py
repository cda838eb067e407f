"""Refreshing sets without the app: what is fetched and what the reader is told.

``kvtui.services.fetch`` is replaced by a stand-in module for each test, so no network
and no cache are involved: the stand-in records what it was asked for.
"""

from __future__ import annotations

import asyncio
import sys
import types
from dataclasses import dataclass, field
from typing import Any

import pytest

from kvtui.ui.refresh import FAILED_SHOWN, Notice, fetchable, outcome, refresh


@dataclass
class Report:
    failed: list[tuple[str, str]] = field(default_factory=list)


def stand_in(monkeypatch: pytest.MonkeyPatch, answer: Any) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []

    async def fetch_many(cache: Any, numbers: Any, *, force: bool = False) -> Any:
        calls.append((cache, [str(n) for n in numbers], force))
        if isinstance(answer, BaseException):
            raise answer
        return answer

    module = types.ModuleType("kvtui.services.fetch")
    module.fetch_many = fetch_many  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kvtui.services.fetch", module)
    return calls


def run(numbers: list[str]) -> tuple[bool, list[Notice]]:
    said: list[Notice] = []
    ran = asyncio.run(refresh("the cache", numbers, said.append))
    return ran, said


def test_fetchable_leaves_out_what_cannot_be_looked_up() -> None:
    got = [str(n) for n in fetchable(["2099Z00001", "not a number", "", "2099Z00002"])]
    assert got == [str(n) for n in fetchable(["2099Z00001", "2099Z00002"])]
    assert len(got) == 2


def test_a_refresh_fetches_again_and_says_done(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = stand_in(monkeypatch, Report())
    ran, said = run(["2099Z00001", "bogus", "2099Z00002"])
    assert ran
    assert len(calls) == 1
    cache, numbers, force = calls[0]
    assert cache == "the cache" and force is True and len(numbers) == 2
    assert [n.text for n in said] == ["Refreshing 2 Kamervragen…", "Refresh done"]


@pytest.mark.parametrize("failures", [1, FAILED_SHOWN, FAILED_SHOWN + 3])
def test_failures_are_listed_up_to_a_few_and_counted(
    monkeypatch: pytest.MonkeyPatch, failures: int
) -> None:
    failed = [(f"2099Z{i:05d}", f"[b]reason {i}[/b]") for i in range(failures)]
    stand_in(monkeypatch, Report(failed))
    ran, said = run([n for n, _ in failed])
    assert ran
    last = said[-1]
    assert last.severity == "error" and last.markup is False
    head, *lines = last.text.split("\n")
    assert head == f"Refresh: {failures} failed"
    assert len(lines) == min(failures, FAILED_SHOWN)
    assert lines[0] == "2099Z00000: [b]reason 0[/b]"


def test_a_refresh_that_fails_as_a_whole_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    stand_in(monkeypatch, OSError("disk full"))
    ran, said = run(["2099Z00001"])
    assert not ran
    assert said[-1] == Notice("Refresh failed: disk full", severity="error", markup=False)


def test_without_the_fetcher_the_reader_is_told(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "kvtui.services.fetch", None)
    ran, said = run(["2099Z00001"])
    assert not ran
    assert said == [Notice("Fetching is not available in this build", severity="warning")]


def test_outcome_reads_a_report_without_failures() -> None:
    assert outcome(Report()) == Notice("Refresh done", timeout=3)
    assert outcome(object()) == Notice("Refresh done", timeout=3)
