"""The few phrases read out of a description's free text, each found in linear time.

"Vragen van het lid X (Partij) aan de minister van Y over Z" and "Antwoord van
staatssecretaris X (Ministerie)" name people, parties and addressees. The patterns
that read them used to be written as one regex each with a lazy group before a
whitespace run (``(.+?)\\s+over\\b``): on a long run of spaces, words or
parentheses without the final word, Python's backtracking engine retried every split
and a 64 KB description took a minute to import. Here each phrase is found in steps
that each look at a character a bounded number of times: find the opening words,
then the first closing word after them, then cut. The results are those of the old
patterns (``tests/test_parse_phrases.py`` compares them on ordinary text).
"""

from __future__ import annotations

import re

# ``\s++`` (possessive) never gives back what it took; "de"/"het" are not spaces, so
# nothing is lost, and a long run of spaces is read once.
_AAN_DE = re.compile(r"\baan\s++(?:de|het)\s")
_SPACES = re.compile(r"\s*+")
_OVER = re.compile(r"(?<=\s)over\b")
_SUBMITTERS_START = re.compile(r"Vragen van (?:het lid|de leden)\s")
_AAN_DE_AFTER_SPACE = re.compile(r"(?<=\s)aan\s++(?:de|het)\s")
# A segment starts at the text's start or right after "(", ")" or ","; within one
# segment a match can only start at its beginning, so the other starts are skipped.
_PERSON = re.compile(r"(?<![^(),])([^(),]++)\(([^()]{1,60})\)")
_ANSWERER_START = re.compile(r"Antwoord van\s++(\S++)\s")
_PAREN = re.compile(r"\(([^()]{1,60})\)")
# Word characters and hyphens, read backwards from the end of the text.
_WORD_AT_START = re.compile(r"[\w-]*+")
_UPPER = re.compile(r"[A-Z]")


def _cut(text: str, start: int, end: int) -> str:
    """``text[start:end]`` without the whitespace run before ``end`` (at least one char)."""
    return text[start:end].rstrip() or text[start:end][:1]


def _between(text: str, opening: re.Match[str] | None, closing: re.Pattern[str]) -> str | None:
    """What stands after ``opening`` (and the spaces after it) up to the first
    ``closing`` at least two characters on, as the lazy group ``\\s+(.+?)\\s+`` read it;
    None without either."""
    if not opening:
        return None
    start = _SPACES.match(text, opening.end()).end()
    end = closing.search(text, start + 2)
    return _cut(text, start, end.start()) if end else None


def addressee(text: str) -> str | None:
    """What stands between the first "aan de/het" and the " over" after it.

    The group of ``\\baan\\s+(?:de|het)\\s+(.+?)\\s+over\\b``, or None.
    """
    # A later "aan de" can only see less of the text, so the first one decides.
    return _between(text, _AAN_DE.search(text), _OVER)


def submitters(text: str) -> str | None:
    """The names in "Vragen van het lid … aan de …" (the text must start with it).

    The group of ``^Vragen van (?:het lid|de leden)\\s+(.+?)\\s+aan\\s+(?:de|het)\\s``.
    """
    return _between(text, _SUBMITTERS_START.match(text), _AAN_DE_AFTER_SPACE)


def people(text: str) -> list[tuple[str, str]]:
    """``(name, party)`` for each "Name (Party)", the name stripped of trailing space.

    The groups of ``([^(),]+?)\\s*\\(([^()]{1,60})\\)`` over ``text``.
    """
    return [(_cut(m[1], 0, len(m[1])), m[2]) for m in _PERSON.finditer(text)]


def answerer(text: str) -> tuple[str, str, str] | None:
    """``(title, name, ministry)`` from "Antwoord van <title> <name> (<ministry>)".

    The groups of ``^Antwoord van\\s+(\\S+)\\s+(.+?)\\s*\\(([^()]{1,60})\\)``.
    """
    m = _ANSWERER_START.match(text)
    if not m:
        return None
    start = _SPACES.match(text, m.end()).end()
    paren = _PAREN.search(text, start + 1)
    if paren:
        return m[1], _cut(text, start, paren.start()), paren[1]
    # The old pattern's last resort: a space given back as the whole name, when two or
    # more spaces stand right before the parenthesis.
    if start > m.end() and (paren := _PAREN.match(text, start)):
        return m[1], text[start - 1], paren[1]
    return None


def trailing_title(text: str) -> str | None:
    """The title printed just before a name: from the first capital of the last word.

    The group of ``([A-Z][\\w-]*)\\s*$``: read backwards, so a long last word (or a
    long text of capitals) is looked at once, not once per capital.
    """
    stripped = text.rstrip()
    word_length = _WORD_AT_START.match(stripped[::-1]).end()
    word = stripped[len(stripped) - word_length :]
    upper = _UPPER.search(word)
    return word[upper.start() :] if upper else None
