"""Walking search results from an open set: where the reader is and where n / N go.

The title bar says ``2025Z02291 · Vraag 3/8 · match 2 of 7 · result 3 of 41``, and n / N
step past the last match of one result to the next result. Both are worked out here from
plain values (the listed hits, the cursor, the counts of the document view), so a test
can check them without a running app; ``MainScreen`` reads the values from its widgets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kvtui.i18n import _, ngettext, number
from kvtui.textsafe import inert

# The parts of a set that are not numbered questions, as the title bar names them.
PART_WORDS = {"further": "Nader antwoord", "notice": "Mededeling", "loose": "Losse tekst"}


class Numbered(Protocol):
    """A listed search hit, as far as walking the results is concerned."""

    number: str


def results_count(shown: int, total: int | None) -> int:
    """How many results the search has: ``total`` when known, else those listed."""
    return total if total is not None else shown


def results_phrase(shown: int, total: int | None, *, newest_first: bool = False) -> str:
    """``41 results``, or ``first 200 of 1,273 results`` when the list is capped; with
    ``newest_first`` (more found than relevance ranks, ``store.search.RANK_MAX``) it says
    that the results are in date order: ``first 200 of 39,771 results, newest first``."""
    if total is not None and total > shown:
        said = _("first {shown} of {total} results").format(
            shown=number(shown), total=number(total)
        )
    else:
        n = results_count(shown, total)
        said = ngettext("{n} result", "{n} results", n).format(n=number(n))
    return _("{results}, newest first").format(results=said) if newest_first else said


def result_position(hits: Sequence[Numbered], cursor: int, wanted: str) -> int | None:
    """Where ``wanted`` stands among the listed ``hits``: the cursor's place when it is
    there (a set listed twice is found where the reader is), else its first place."""
    if 0 <= cursor < len(hits) and hits[cursor].number == wanted:
        return cursor
    return next((i for i, h in enumerate(hits) if h.number == wanted), None)


@dataclass(frozen=True)
class Place:
    """Where the reader is in an open set, as the document view counts it."""

    number: str
    question_count: int
    question_index: int  # 0-based
    part: str  # "question", or one of PART_WORDS
    match_index: int  # 0-based
    match_count: int

    @classmethod
    def of(cls, number: str, view: Any) -> Place:
        """The place the document view (or anything that counts as it does) is at."""
        counts = (view.question_count, view.current_index, view.current_part)
        return cls(number, *counts, view.match_index, view.match_count)


def doc_position(place: Place, *, from_search: bool, result: int | None, results_total: int) -> str:
    """``2025Z02291 · Vraag 3/8 · match 2 of 7 · result 3 of 41`` (``result`` is 0-based;
    None when the set was not opened from the results still listed)."""
    parts = [inert(place.number)]
    n = place.question_count
    if place.part in PART_WORDS:
        parts.append(PART_WORDS[place.part])
    elif n:
        parts.append(f"Vraag {min(place.question_index + 1, n)}/{n}")
    if place.match_count:
        said = _("match {i} of {n}")
        parts.append(said.format(i=number(place.match_index + 1), n=number(place.match_count)))
    elif from_search:
        parts.append(_("no match in the text"))
    if result is not None:
        said = _("result {i} of {n}")
        parts.append(said.format(i=number(result + 1), n=number(results_total)))
    return " · ".join(parts)


@dataclass(frozen=True)
class Step:
    """Where a step through the results lands: a listed result to open, or a notice
    (with how long it stays) that there is none that way."""

    target: int | None
    notice: str = ""
    timeout: float = 0.0


def step_result(here: int, delta: int, shown: int, total: int) -> Step:
    """The result ``delta`` away from ``here`` among ``shown`` listed of ``total``."""
    target = here + delta
    if 0 <= target < shown:
        return Step(target)
    if delta > 0 and total > shown:
        said = _("Last of the first {shown} results (of {total})")
        return Step(None, said.format(shown=number(shown), total=number(total)), 3)
    if delta > 0:
        return Step(None, _("No next search result"), 2)
    return Step(None, _("No previous search result"), 2)
