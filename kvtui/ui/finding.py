"""Find in the open set, go to one of its questions, and the words a search marks in it.

What the reader typed is worked out here, apart from the screen, so a test can check
each answer without the app: which question "go to 12" means (as the source numbers
them) or why there is none, what a find says it found, which search words are marked
in an opened result, and when ``n`` / ``N`` leave the set for the next search result.
"""

from __future__ import annotations

from collections.abc import Callable

from kvtui.i18n import ngettext, number
from kvtui.textsafe import inert
from kvtui.ui.notice import Notice

MAX_DIGITS = 6  # a question number longer than this is no question number


def goto_index(text: str, count: int, index_for: Callable[[int], int | None]) -> int | Notice:
    """The index of the question numbered ``text`` among ``count`` (``index_for`` maps a
    source number to an index), or the notice that says there is none."""
    digits = text.strip()
    ok = digits.isascii() and digits.isdigit() and len(digits) <= MAX_DIGITS
    index = index_for(int(digits)) if ok else None
    if index is not None and 0 <= index < count:
        return index
    said = ngettext(
        "No Vraag {digits} here: this set has {n} question (type a number from 1 to {n})",
        "No Vraag {digits} here: this set has {n} questions (type a number from 1 to {n})",
        count,
    )
    return Notice(said.format(digits=inert(digits), n=count), severity="warning", markup=False)


def found_notice(found: int, text: str) -> Notice:
    """What a find says: how many matches of ``text`` the set holds."""
    said = ngettext("{n} match for “{text}”", "{n} matches for “{text}”", found)
    return Notice(said.format(n=number(found), text=inert(text)), timeout=2, markup=False)


def marked_words(search_query: str) -> str:
    """The words of the search to mark in an opened result: those it found (not the
    excluded ones, not fields or dates), as ``DocView.mark_words`` reads them."""
    from kvtui.query import QuerySyntaxError, found_texts, parse

    try:
        texts = found_texts(parse(search_query))
    except QuerySyntaxError:
        return ""
    return " ".join(t.text + ("*" if t.prefix else "") for t in texts)


def leaves_set(delta: int, match_index: int, match_count: int) -> bool:
    """True when ``n`` (``delta`` +1) is past the last match of the set, or ``N`` (-1)
    before its first: the walk through the search results goes on to the next (or
    previous) result."""
    if delta > 0:
        return match_index >= match_count - 1
    return match_index <= 0
