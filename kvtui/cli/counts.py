"""Counts in command-line messages: one plural rule, and pages that say they are pages.

Every message that counts Kamervragen goes through ``plural`` so the CLI never says
"1 Kamervragen" or a slashed plural; a page of search results that is not the whole
result says how many there are and how to see the rest.
"""

from __future__ import annotations

# Irregular plurals the CLI uses; every other noun takes an "s".
_PLURALS = {"Kamervraag": "Kamervragen", "file": "files", "source file": "source files"}


def plural(n: int, noun: str) -> str:
    """``"1 Kamervraag"``, ``"2 Kamervragen"``, ``"0 Kamervragen"``."""
    return f"{n} {noun if n == 1 else _PLURALS.get(noun, noun + 's')}"


def page_note(shown: int, total: int, offset: int, query: str) -> str | None:
    """What stderr says after a page of ``search`` results, or None for a whole result.

    ``total`` is the true count; when the page is not all of it the note says so and
    names ``--limit``/``--offset``, so a silent cap never reads as the whole result.
    """
    if total == 0:
        return f"nothing found for {query!r}"
    if shown == total and offset == 0:
        return None
    if shown == 0:
        return f"no results from {offset + 1}: {plural(total, 'result')} in all"
    first, last = offset + 1, offset + shown
    where = f"{shown}" if offset == 0 else f"{first}–{last}"
    return f"showing {where} of {total}; --limit/--offset for more"


def count_stopped(shown: int, offset: int, reason: str) -> str:
    """What stderr says when counting every result ran out of time: the page is shown,
    and the total is said to be unknown rather than guessed."""
    first, last = offset + 1, offset + shown
    return f"showing {first}–{last}; the total is not known: counting {reason.split(': ', 1)[-1]}"
