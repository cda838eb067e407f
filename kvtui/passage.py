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
MAX_PIECE = 40  # characters of one word, or of the gap between two, in a passage
MAX_SCAN = 400_000  # characters of one set read for its passage (a hostile set is huge)
MAX_MATCHES = 1_000  # matches weighed for the window: the best of the first thousand
MAX_WORD = 256  # characters of a word compared; a longer one is no query's word
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
    """(first word, end word, term index) of every match, in text order.

    Candidates are found by comprehensions (a set look-up per word, one per prefix
    length), so the per-word cost stays a few dozen nanoseconds on a long text.
    """
    by_first: dict[str, list[int]] = {}
    stems: dict[int, dict[str, list[int]]] = {}  # one-word prefix terms by stem length
    for k, (ws, prefix) in enumerate(terms):
        if prefix and len(ws) == 1:
            stems.setdefault(len(ws[0]), {}).setdefault(ws[0], []).append(k)
        else:
            by_first.setdefault(ws[0], []).append(k)
    starts = [i for i, tok in enumerate(tokens) if tok in by_first]
    for size, group in stems.items():
        starts += [i for i, tok in enumerate(tokens) if tok[:size] in group]
    out: list[tuple[int, int, int]] = []
    n = len(tokens)
    for i in sorted(set(starts))[:MAX_MATCHES]:
        tok = tokens[i]
        for k in by_first.get(tok, ()):
            ws, prefix = terms[k]
            end = i + len(ws)
            if end > n or any(tokens[i + j] != ws[j] for j in range(1, len(ws) - 1)):
                continue
            last = tokens[end - 1]
            if len(ws) == 1 or (last.startswith(ws[-1]) if prefix else last == ws[-1]):
                out.append((i, end, k))
        for size, group in stems.items():
            for k in group.get(tok[:size], ()):
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


def _clip(piece: str, most: int) -> str:
    return piece if len(piece) <= most else piece[: most - 1] + ELLIPSIS


def _window_text(
    text: str, spans: Sequence[tuple[int, int]], lo: int, hi: int, marks: dict[int, int]
) -> str:
    """Words ``lo``..``hi`` of ``text`` (character spans ``spans``); a match from word
    ``a`` up to word ``b`` (``marks[a] = b``) between HIT_START and HIT_END. A word or
    a gap between words is cut at ``MAX_PIECE`` characters, so a passage stays short
    however odd the text."""
    pieces: list[str] = [ELLIPSIS if lo > 0 else ""]
    open_until = -1
    for j in range(lo, hi):
        start, end = spans[j]
        if j > lo:
            pieces.append(_clip(text[spans[j - 1][1] : start], MAX_PIECE))
        if open_until < 0 and j in marks:
            pieces.append(HIT_START)
            open_until = min(marks[j], hi)
        pieces.append(_clip(text[start:end], MAX_PIECE))
        if j + 1 == open_until:
            pieces.append(HIT_END)
            open_until = -1
    tail = text[spans[hi - 1][1] : spans[hi][0] if hi < len(spans) else len(text)]
    cut = next((n for n, ch in enumerate(tail) if ch.isspace()), len(tail))
    pieces.append(_clip(tail[:cut], MAX_PIECE))  # the closing mark or bracket stays
    if hi < len(spans):
        pieces.append(ELLIPSIS)
    return fold_all("".join(pieces))


def _folded(raw: list[str]) -> list[str]:
    """``fold_word`` of every word, each distinct word folded once."""
    table = {
        w: fold_word(w) if len(w) <= MAX_WORD else fold_word(w[:MAX_WORD]) + "\0" for w in set(raw)
    }
    return [table[w] for w in raw]


def _may_match(lowered: str, terms: Sequence[Term]) -> bool:
    """Whether an ASCII text (lower-cased) may hold a match: each of its words folds to
    its lower case, so a matched term's first word (or stem) stands in it as is. Most
    texts of a set lack the term; this skips cutting them into words."""
    return any(ws[0] in lowered for ws, _prefix in terms)


def passage(texts: Iterable[str], terms: Sequence[Term], window: int = WINDOW) -> str:
    """The best passage of ``texts`` (in order of preference) for ``terms``.

    Without a match (a set found by a field, a date or its number) it is the start of
    the first text that has words. At most ``MAX_SCAN`` characters of a set are read.
    """
    best: tuple[tuple[int, int], str] | None = None
    first: str | None = None
    terms = [t for t in terms if t[0]]
    budget = MAX_SCAN
    for raw in texts:
        if not raw or budget <= 0:
            continue
        text = raw[:budget].translate(NO_MARKERS)
        budget -= len(text)
        if first is None and _WORD.search(text):
            first = text  # its start is the passage if nothing matches
        if not terms:
            break
        tokens = _folded(_WORD.findall(text))
        found = _matches(tokens, terms)
        if not found:
            continue
        distinct, count, left = _best_window(found, window)
        if best is not None and (distinct, count) <= best[0]:
            continue
        lo = max(0, found[left][0] - LEAD)
        hi = min(len(tokens), lo + window)
        spans = []
        for m in _WORD.finditer(text):  # the places of the words, up to the window's end
            spans.append(m.span())
            if len(spans) > hi:
                break
        marks = {a: b for a, b, _ in reversed(found[left:]) if lo <= a < hi}
        best = ((distinct, count), _window_text(text, spans, lo, hi, marks))
        if distinct == len(terms):
            break  # every term in one window: a later text could only tie
    if best is not None:
        return best[1]
    if first is None:
        return ""
    spans = [m.span() for m in _WORD.finditer(first[: MAX_PIECE * window * 2])]
    return _window_text(first, spans, 0, min(window, len(spans)), {})
