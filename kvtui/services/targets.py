"""Which KOOP ids a set's fetch tries, and which SRU records belong to the set (issue 14).

Pure: no I/O. Two kinds of id meet here:

- an id KOOP itself named (a TK ``ExterneIdentifier``, an SRU ``identifier``, a metadata
  ``OVERHEIDop.aanhangsel``) is *exact*: it is used as published, case and zero padding
  included, and it replaces every guess of the same look-up key;
- an id kvtui built or a user typed is a *guess*: a list of the spellings that exist for
  its period (``kv-{zaak}`` before ``kv-tk-{zaak}`` in 2009-2010, unpadded and padded
  answer numbers), tried in order until one is found.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from kvtui.numbers import NumberKind, lookup_key, parse_number_or_none


class Targets:
    """Groups of candidate ids, one group per document, keyed by look-up key."""

    def __init__(self) -> None:
        self._groups: dict[str, list[str]] = {}  # key of first candidate -> candidates
        self._exact: set[str] = set()  # keys named by KOOP or the Kamer

    def add_exact(self, doc_id: str) -> None:
        key = lookup_key(doc_id)
        if key in self._exact:
            return  # the first exact spelling wins (OData before SRU before links)
        for first, group in list(self._groups.items()):
            if first not in self._exact and any(lookup_key(c) == key for c in group):
                del self._groups[first]  # a guess of the same document gives way
        self._groups[key] = [doc_id]
        self._exact.add(key)

    def add_guess(self, candidates: Iterable[str]) -> None:
        group = list(dict.fromkeys(candidates))
        if not group or any(lookup_key(c) in self.keys() for c in group):
            return
        self._groups[lookup_key(group[0])] = group

    def keys(self) -> set[str]:
        return {lookup_key(c) for group in self._groups.values() for c in group}

    def groups(self) -> list[list[str]]:
        return [list(g) for g in self._groups.values()]

    def has_questions(self) -> bool:
        return any(c.startswith("kv-") for g in self._groups.values() for c in g)


def record_belongs(record: Any, zaak_nr: str, known_keys: set[str]) -> bool:
    """Does this SRU record belong to the set of ``zaak_nr``?

    Its vraagnummer decides when it has one; without one, its identifier must be an id
    the set already knows or one that spells the zaak (``kv-tk-{zaak}``). A server that
    ignored the vraagnummer clause answers with strangers, and those stay out.
    """
    given = getattr(record, "zaak_number", None)
    if given:  # any vraagnummer but this one (or one that is no number) says "elsewhere"
        zaak = parse_number_or_none(given, allow_url=False)
        return zaak is not None and zaak.kind is NumberKind.ZAAK and zaak.canonical == zaak_nr
    number = parse_number_or_none(getattr(record, "identifier", None), allow_url=False)
    if number is None or not number.is_koop_id:
        return False
    return number.key in known_keys or number.zaak == zaak_nr
