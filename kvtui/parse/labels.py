"""Question numbers from printed labels ("Vraag 5, 6", "Antwoord 2 en 3", "5 t/m 7").

Answers are matched to questions by the *set* of numbers their labels name, so this
is where a combined answer becomes ``(5, 6)``. Labels are free text typed by people;
the parser never raises and refuses absurd values rather than expanding them: a
label such as "1 t/m 100000" must not make a reader allocate a hundred thousand
questions.
"""

from __future__ import annotations

import re

# Not typing.TYPE_CHECKING: the CLI loads the parsers lazily and typing costs start-up.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from kvtui.records import ParsedDocument

MAX_NUMBER = 999  # no Kamervraag set has more questions; larger numbers are years, ids…
MAX_RANGE = 100  # widest "a t/m b" that is expanded; wider ranges keep their endpoints
MAX_NUMBERS = 200  # at most this many numbers from one label
# Questions (and, apart, answers) read from one document. No set has more than
# MAX_NUMBER questions; a document with a million empty ones (8 MB) took 880 MB to
# import. Items past the cap are counted, not read, and the set says so.
MAX_ITEMS = 1000


def over_cap_notice(counts: dict[str, int]) -> str | None:
    """The line a set shows when a document held more items than are read."""
    over = {tag: n for tag, n in counts.items() if n > MAX_ITEMS}
    if not over:
        return None
    names = {"vraag": "questions", "antwoord": "answers"}
    what = " and ".join(f"{n:,} {names.get(tag, tag)}" for tag, n in sorted(over.items()))
    return (
        f"kvtui: this document holds {what}; only the first {MAX_ITEMS:,} of each are "
        "shown (no Kamervraag has that many: the file is damaged or not what it seems)"
    )


_RANGE = re.compile(
    r"(?<!\d)(\d{1,6})\s*(?:t\s*/\s*m|tot\s+en\s+met|tot|[-\u2010-\u2014])\s*(\d{1,6})(?!\d)",
    re.I,
)
_NUMBER = re.compile(r"(?<!\d)(\d{1,6})(?!\d)")


def parse_label(text: str | None) -> tuple[int, ...]:
    """Every question number a label names, ascending and unique; ``()`` when none."""
    if not text:
        return ()
    text = text[:500]
    found: set[int] = set()

    def _expand(m: re.Match[str]) -> str:
        lo, hi = int(m[1]), int(m[2])
        if lo <= hi and hi - lo <= MAX_RANGE:
            found.update(range(lo, hi + 1))
        else:  # backwards or absurd: keep what is printed, expand nothing
            found.update((lo, hi))
        return " "

    rest = _RANGE.sub(_expand, text)
    found.update(int(m[1]) for m in _NUMBER.finditer(rest))
    valid = sorted(n for n in found if 1 <= n <= MAX_NUMBER)
    return tuple(valid[:MAX_NUMBERS])


def heading(label: str, word: str) -> str:
    """A printed label as a heading: a bare number ("1", "2, 3", as the older KOOP
    form prints in ``nummer``) gains the word every other set shows ("Vraag 1"), so
    all outputs head items alike; a label that has its own words is kept as printed."""
    label = label.strip()
    if label[:1].isdigit():
        # "1." and "1)" are the same bare number with the typist's punctuation.
        return f"{word} {label.rstrip('.:) ')}"
    return label


def head_items(doc: ParsedDocument) -> None:
    """Every question and answer label of a parsed document as a heading (``heading``),
    so the XML and HTML parsers, old form and new, give every output the same heads."""
    for item in doc.questions:
        item.label = heading(item.label, "Vraag")
    for item in doc.answers:
        item.label = heading(item.label, "Antwoord")
