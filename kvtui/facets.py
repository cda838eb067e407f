"""Which groups a Kamervraag falls into: member, party, minister and ministry.

The overdue board and the answer-time statistics count sets per group. The index keeps
one ``facets`` row per (kind, value, set), written from here when a set is indexed, so
the figures are a GROUP BY in SQL rather than a pass over every set's JSON. A set
belongs to every group it names: a set by two members counts for both, so the groups'
totals can exceed the number of sets.

- ``member``: each submitter (Indiener, Medeindiener), by name;
- ``party``: each submitter's party (the addressee's party is not the asker's);
- ``minister``: each person the set is addressed to ("Gericht aan"), by name;
- ``ministry``: the portfolio in that person's role, "minister van Financiën" →
  "Financiën"; the minister-president's is Algemene Zaken. A role of another shape is
  kept whole rather than dropped.

Standard library only.
"""

from __future__ import annotations

import re

from kvtui.whitespace import fold_all as _squash

TYPE_CHECKING = False
if TYPE_CHECKING:
    from kvtui.model import Kamervraag

KINDS = ("ministry", "minister", "party", "member")
# The group of sets that name nobody of a kind: a key (sorting, exports, SQL), shown in
# the language of the run by ``kvtui.board.group_name``.
UNKNOWN = "(onbekend)"

# One pass, anchored, no nested repetition: linear in the role's length.
_ROLE = re.compile(
    r"^(?:minister|staatssecretaris)(?:\s+(?:van|voor)\b)?\s*(.*)$",
    re.IGNORECASE,
)


def ministry_of(role: str | None) -> str | None:
    """The ministry a role speaks for, or None when there is no role."""
    role = _squash(role)
    if not role:
        return None
    if role.lower().startswith("minister-president"):
        return "Algemene Zaken"
    m = _ROLE.match(role)
    if m is None:
        return role
    return _without_trailing_note(m.group(1)).strip() or role


def _without_trailing_note(text: str) -> str:
    """``text`` without a closing "(…)", a post's remit ("… (Digitalisering)").

    By position, not by pattern: a pattern that tries spaces before "(" from every
    position re-reads a long run of spaces over and over.
    """
    if text.endswith(")"):
        start = text.rfind("(")
        if start != -1 and ")" not in text[start + 1 : -1]:
            return text[:start].rstrip()
    return text


def facets(kamervraag: Kamervraag) -> list[tuple[str, str]]:
    """(kind, value) pairs of ``kamervraag``, each once, in a stable order."""
    out: dict[tuple[str, str], None] = {}
    for p in kamervraag.submitters:
        if _squash(p.name):
            out["member", _squash(p.name)] = None
        if _squash(p.party):
            out["party", _squash(p.party)] = None
    for p in kamervraag.answered_by:
        if _squash(p.name):
            out["minister", _squash(p.name)] = None
        ministry = ministry_of(p.role)
        if ministry:
            out["ministry", ministry] = None
    return list(out)
