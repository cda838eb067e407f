"""The passage that shows why a set matched a search, found in Python from its text.

The index only says *that* a set matches; this module finds *where*, in the texts of
the stored Kamervraag, so it works whatever the index keeps (a contentless FTS table
keeps no text to quote). Words are read as the index reads them (``unicode61
remove_diacritics 2``): runs of letters and digits, case and accents ignored. A search
term is a run of such words (a word, ``covid-19``, a phrase), the last one a prefix for
``word*``. The best window of ``WINDOW`` words is the one holding the most different
terms, then the most matches, earliest first.

Linear in the text: one regex pass of a fixed, linear pattern to cut words, a dict
look-up per word (terms by their first word) plus a bounded number of prefix tests,
and one sliding window over the matches.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from kvtui.whitespace import fold_all

WINDOW = 16  # words in a passage
LEAD = 3  # words shown before the first match of the window
ELLIPSIS = "…"

# The marks around a match in a passage. Private-use characters: no document text and
# no markup language gives them meaning, so a passage is plain text that every output
# (terminal, JSON, the reader's list) turns into its own highlighting.
HIT_START = "\ue000"
HIT_END = "\ue001"
# A document may hold the marker characters themselves (they are valid XML and JSON);
# in a passage they would fake a highlight.
NO_MARKERS = str.maketrans({HIT_START: "\ufffd", HIT_END: "\ufffd"})

_WORD = re.compile(r"[^\W_]+")  # unicode61: letters and digits; "_" separates

Term = tuple[tuple[str, ...], bool]  # folded words, the last one a prefix


def fold_word(word: str) -> str:
    """A word as the index compares it: case folded, accents removed."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The folded words of ``text`` (for a query term: ``covid-19`` is two)."""
    return [fold_word(m.group()) for m in _WORD.finditer(text or "")]


def term(text: str, prefix: bool = False) -> Term | None:
    found = tuple(words(text))
    return (found, prefix) if found else None


def _matches(tokens: list[str], terms: Sequence[Term]) -> list[tuple[int, int, int]]:
    """(first word, end word, term index) of every match, in text order."""
    by_first: dict[str, list[int]] = {}
    prefix_first: list[tuple[str, int]] = []
    for k, (ws, prefix) in enumerate(terms):
        if prefix and len(ws) == 1:
            prefix_first.append((ws[0], k))
        else:
            by_first.setdefault(ws[0], []).append(k)
    out: list[tuple[int, int, int]] = []
    n = len(tokens)
    for i, tok in enumerate(tokens):
        for k in by_first.get(tok, ()):
            ws, prefix = terms[k]
            end = i + len(ws)
            if end > n:
                continue
            if all(tokens[i + j] == ws[j] for j in range(1, len(ws) - 1)) and (
                len(ws) == 1
                or (tokens[end - 1].startswith(ws[-1]) if prefix else tokens[end - 1] == ws[-1])
            ):
                out.append((i, end, k))
        for stem, k in prefix_first:
            if tok.startswith(stem):
                out.append((i, i + 1, k))
    return out


def _best_window(found: list[tuple[int, int, int]], window: int) -> tuple[int, int, int]:
    """(distinct terms, matches, first match index) of the best window of ``window`` words."""
    best = (0, 0, 0)
    counts: dict[int, int] = {}
    right = 0
    for left, (start, _end, _k) in enumerate(found):
        while right < len(found) and found[right][1] <= start + window:
            k = found[right][2]
            counts[k] = counts.get(k, 0) + 1
            right += 1
        score = (len(counts), right - left)
        if score > best[:2]:
            best = (*score, left)
        k = found[left][2]
        if right > left:
            counts[k] -= 1
            if not counts[k]:
                del counts[k]
    return best


def _window_text(
    text: str, spans: list[tuple[int, int]], lo: int, hi: int, matches: list[tuple[int, int, int]]
) -> str:
    """Words ``lo``..``hi`` of ``text`` (character spans ``spans``), matches marked."""
    pieces: list[str] = [ELLIPSIS if lo > 0 else ""]
    at = spans[lo][0]
    for start, end, _k in matches:
        if start < lo or end > hi:
            continue
        a, b = spans[start][0], spans[end - 1][1]
        if a < at:
            continue  # overlaps the previous mark
        pieces += [text[at:a], HIT_START, text[a:b], HIT_END]
        at = b
    end = spans[hi - 1][1]
    if hi < len(spans):
        # up to the next space: the closing mark or bracket of the last word stays
        gap = text[end : spans[hi][0]]
        cut = next((n for n, ch in enumerate(gap) if ch.isspace()), len(gap))
        pieces += [text[at : end + cut], ELLIPSIS]
    else:
        pieces.append(text[at:])
    return fold_all("".join(pieces))


def passage(texts: Iterable[str], terms: Sequence[Term], window: int = WINDOW) -> str:
    """The best passage of ``texts`` (in order of preference) for ``terms``.

    Without a match (a set found by a field, a date or its number) it is the start of
    the first text that has words.
    """
    best: tuple[tuple[int, int], str] | None = None
    first: str | None = None
    terms = [t for t in terms if t[0]]
    for raw in texts:
        if not raw:
            continue
        text = raw.translate(NO_MARKERS)
        cut = [(m.start(), m.end(), fold_word(m.group())) for m in _WORD.finditer(text)]
        if not cut:
            continue
        spans = [(a, b) for a, b, _ in cut]
        if first is None:
            first = _window_text(text, spans, 0, min(window, len(spans)), [])
        if not terms:
            break
        found = _matches([w for _, _, w in cut], terms)
        if not found:
            continue
        distinct, count, left = _best_window(found, window)
        if best is not None and (distinct, count) <= best[0]:
            continue
        lo = max(0, found[left][0] - LEAD)
        hi = min(len(spans), lo + window)
        best = ((distinct, count), _window_text(text, spans, lo, hi, found))
        if distinct == len(terms):
            break  # every term in one window: a later text could only tie
    if best is not None:
        return best[1]
    return first or ""
