"""Watch rules: what a reader follows, and how a rule's value meets a set's values.

A rule is a kind and a value: a saved search (plain words, all required, as
``kvtui search``), a member, party, ministry, minister or topic, or one number. Rules
live in ``state.sqlite`` (``kvtui.store.watch``), so a rebuilt index never loses them;
this module holds the parts that need no database: checking what the user typed, and
comparing a rule's value with one group value of the index, so the store can match a
rule against the few thousand distinct names of a kind instead of every set.

Matching is forgiving in the ways people type names: case and diacritics do not count
("financien" finds "Financiën"), and a member, minister, ministry or topic rule matches
a value that holds its words as a whole-word phrase ("Kuiken" finds "Attje Kuiken",
"Waterbeheer" finds "Waterbeheer en Infrastructuur"). A party is matched whole, since
short party names are parts of other names. Standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from kvtui.i18n import _
from kvtui.whitespace import fold_all

KINDS = ("search", "member", "party", "ministry", "minister", "topic", "number")
FACET_KINDS = ("member", "party", "ministry", "minister")  # the index's ``facets`` kinds
MAX_VALUE = 200  # characters: a rule is a name or a few words, not a document

_WORD = re.compile(r"\w+")


class BadRule(ValueError):
    """What the user typed cannot be a watch rule; the message says why."""


@dataclass(frozen=True, slots=True)
class Rule:
    id: int
    kind: str
    value: str
    added: str  # ISO timestamp (UTC)

    def label(self) -> str:
        return f"{self.kind} {self.value}"

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "kind": self.kind, "value": self.value, "added": self.added}


def check_rule(kind: str, value: str) -> tuple[str, str]:
    """The (kind, value) to store for what the user typed, or BadRule.

    Whitespace is squashed; a number is kept in its canonical form so that
    ``kv-tk-2020Z12161`` and ``2020z12161`` are one rule.
    """
    kind = (kind or "").strip().lower()
    if kind not in KINDS:
        said = _("unknown kind {kind}; use one of: {kinds}")
        raise BadRule(said.format(kind=repr(kind), kinds=", ".join(KINDS)))
    if any(unicodedata.category(ch) in ("Cc", "Cf") and not ch.isspace() for ch in value or ""):
        raise BadRule(_("a rule's value cannot hold control or format characters"))
    value = fold_all(value)
    if not value:
        raise BadRule(_("give a value to watch"))
    if len(value) > MAX_VALUE:
        raise BadRule(_("a rule's value is at most {n} characters").format(n=MAX_VALUE))
    if kind == "number":
        from kvtui.numbers import InvalidNumber, parse_number

        try:
            return kind, parse_number(value).canonical
        except InvalidNumber as exc:
            raise BadRule(str(exc)) from None
    if not _WORD.search(value):
        raise BadRule(_("a rule needs at least one letter or digit"))
    return kind, value


def fold(text: str) -> str:
    """``text`` without case or diacritics, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(plain.casefold()))


def value_matches(kind: str, wanted: str, value: str) -> bool:
    """Whether group value ``value`` (a member's name, a topic …) answers rule ``wanted``."""
    want, have = fold(wanted), fold(value)
    if not want or not have:
        return False
    if kind == "party":
        return want == have
    # Whole words: pad both with spaces so "ken" never matches inside "Kuiken".
    return f" {want} " in f" {have} "
