"""The linear phrase readers give what the old (backtracking) patterns gave.

The old patterns stay here as the reference: on short text they are quick, and on
thousands of random descriptions built from the words those patterns key on (with
spaces of several kinds, parentheses and commas in odd places) both must agree.
"""

from __future__ import annotations

import random
import re

from kvtui.parse import phrases

OLD_ADDRESSEE = re.compile(r"\baan\s+(?:de|het)\s+(.+?)\s+over\b", re.S)
OLD_SUBMITTERS = re.compile(r"^Vragen van (?:het lid|de leden)\s+(.+?)\s+aan\s+(?:de|het)\s", re.S)
OLD_PERSON = re.compile(r"([^(),]+?)\s*\(([^()]{1,60})\)")
OLD_ANSWERER = re.compile(r"^Antwoord van\s+(\S+)\s+(.+?)\s*\(([^()]{1,60})\)", re.S)
OLD_TITLE_BEFORE = re.compile(r"([A-Z][\w-]*)\s*$")
OLD_SPLIT = re.compile(r"\s*(?:,|\sen)\s+(?:de|het)\s+")

WORDS = [
    "aan", "de", "het", "over", "en", "lid", "leden", "Vragen", "van", "Antwoord",
    "Minister", "staatssecretaris", "Jansen", "(PvdA)", "(", ")", ",", "(VVD", "x)",
    "overal", "daan", "A-b", "É", "Q", "1",
]  # fmt: skip
SPACES = [" ", " ", " ", "  ", "\u00a0", "\n", "\t", ""]


def _texts(seed: int, count: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        parts = []
        if rnd.random() < 0.5:
            parts.append(
                rnd.choice(["Vragen van het lid ", "Vragen van de leden ", "Antwoord van "])
            )
        for _ in range(rnd.randint(0, 14)):
            parts.append(rnd.choice(WORDS))
            parts.append(rnd.choice(SPACES))
        out.append("".join(parts))
    return out


def _group(m: re.Match[str] | None, i: int = 1) -> str | None:
    return m[i] if m else None


def test_addressee_and_submitters_agree_with_the_old_patterns():
    for text in _texts(1, 6000):
        assert phrases.addressee(text) == _group(OLD_ADDRESSEE.search(text)), text
        assert phrases.submitters(text) == _group(OLD_SUBMITTERS.match(text)), text


def test_people_answerer_title_and_split_agree_with_the_old_patterns():
    from kvtui.parse.koop_xml import _ADDRESSEE_SPLIT

    for text in _texts(2, 6000):
        assert phrases.people(text) == [(m[1], m[2]) for m in OLD_PERSON.finditer(text)], text
        old = OLD_ANSWERER.match(text)
        assert phrases.answerer(text) == (old.groups() if old else None), text
        assert phrases.trailing_title(text) == _group(OLD_TITLE_BEFORE.search(text)), text
        assert _ADDRESSEE_SPLIT.split(text) == OLD_SPLIT.split(text), text
