"""Which words of a document a full-text search matched, for marking them in the reader.

The index (SQLite FTS5, ``unicode61 remove_diacritics 2``) matches whole words, ignores
case and accents, and reads ``word*`` as a prefix. Opening a search result marks the
same words, so the reader lands on a passage the search really found – not on a longer
word that merely contains the query.

Both functions are linear in their input: one pass to fold accents (one character in,
one out, so match offsets hold for the original text) and one alternation regex.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TOKEN = re.compile(r"[^\s\"]+")


@lru_cache(maxsize=4096)
def _base(ch: str) -> str:
    """``é`` → ``e``: the first character of the decomposition, if that is a letter."""
    first = unicodedata.normalize("NFD", ch)[0]
    return first if first.isalnum() else ch


def fold_accents(text: str) -> str:
    """``text`` with accents removed, character for character (same length)."""
    if text.isascii():
        return text
    return "".join(ch if ch < "\x80" else _base(ch) for ch in text)


def query_words(query: str) -> list[tuple[str, bool]]:
    """The words of a search query as the index reads them: (word, is_prefix)."""
    out: list[tuple[str, bool]] = []
    for token in _TOKEN.findall(query or ""):
        prefix = token.endswith("*") and len(token.rstrip("*")) > 0
        word = token.rstrip("*") if prefix else token
        word = "".join(ch for ch in word if ch.isalnum() or ch in "-'")
        parts = [p for p in re.split(r"[-']", word) if p]  # the index splits these too
        for n, part in enumerate(parts):
            out.append((fold_accents(part), prefix and n == len(parts) - 1))
    return out


def words_pattern(query: str) -> re.Pattern[str] | None:
    """A case-insensitive pattern for the query's words as whole words (prefixes for
    ``word*``), to run over ``fold_accents`` of a text; None for a query of no words."""
    words = query_words(query)
    if not words:
        return None
    whole = sorted({re.escape(w) for w, prefix in words if not prefix}, key=len, reverse=True)
    starts = sorted({re.escape(w) for w, prefix in words if prefix}, key=len, reverse=True)
    alternatives = []
    if whole:
        alternatives.append(r"(?:" + "|".join(whole) + r")(?!\w)")
    if starts:
        alternatives.append(r"(?:" + "|".join(starts) + r")\w*")
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + ")", re.IGNORECASE)
