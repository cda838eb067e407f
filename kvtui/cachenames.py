"""What source files are called: made and read only here.

In the cache's ``sources/`` folder a document's text is ``{id}.xml`` or ``{id}.html``,
its KOOP metadata ``{id}.metadata.xml``, a zaak from the Tweede Kamer's OData service
``zaak-{number}.json``. Names are made only from ids that pass ``is_safe_id``, so
nothing from a document ever becomes a path unchecked, and ``parse_cache_name`` accepts
exactly the names ``cache_name`` makes (tests/test_each_rule_once.py checks that no
other module spells one out). The files a user imports have any name; ``id_from_name``
and ``ids_in_name`` read the ids such names carry.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from kvtui.numbers import document_id, is_safe_id, parse_number_or_none


class CacheKind(StrEnum):
    XML = "xml"
    HTML = "html"
    METADATA = "metadata"
    ZAAK = "zaak"


_SUFFIX = {
    CacheKind.XML: ".xml",
    CacheKind.HTML: ".html",
    CacheKind.METADATA: ".metadata.xml",
}
_ID = r"[A-Za-z0-9][A-Za-z0-9-]{0,99}"
_CACHE_NAME = re.compile(
    rf"zaak-(?P<zaak>{_ID})\.json|(?P<id>{_ID})(?P<suffix>\.metadata\.xml|\.xml|\.html)"
)


def cache_name(kind: CacheKind | str, doc_id: str) -> str:
    """The file name under ``sources/`` for a document; ValueError for an unsafe id."""
    kind = CacheKind(kind)
    if not isinstance(doc_id, str) or not is_safe_id(doc_id):
        raise ValueError(f"unsafe id for a cache file name: {doc_id!r:.60}")
    if kind is CacheKind.ZAAK:
        return f"zaak-{doc_id}.json"
    return doc_id + _SUFFIX[kind]


def names_for_id(doc_id: str) -> tuple[str, ...]:
    """Every name a file about ``doc_id`` could have (text, metadata, zaak).

    Empty for an unsafe id: no file in the cache can carry such a name.
    """
    if not isinstance(doc_id, str) or not is_safe_id(doc_id):
        return ()
    return tuple(cache_name(kind, doc_id) for kind in CacheKind)


def parse_cache_name(name: str) -> tuple[CacheKind, str] | None:
    """(kind, id) of a name made by ``cache_name``; None for anything else."""
    if not isinstance(name, str) or len(name) > 130:
        return None
    return _parse_cache_name(name)


@lru_cache(maxsize=65536)
def _parse_cache_name(name: str) -> tuple[CacheKind, str] | None:
    # Pure and asked about the same names again and again while an import groups files.
    m = _CACHE_NAME.fullmatch(name)
    if m is None:
        return None
    if m["zaak"] is not None:
        return CacheKind.ZAAK, m["zaak"]
    kind = {".xml": CacheKind.XML, ".html": CacheKind.HTML}.get(m["suffix"], CacheKind.METADATA)
    return kind, m["id"]


def named_id(name: str) -> str | None:
    """The id a file name carries: a cache name's own, else what ``id_from_name`` reads."""
    parsed = parse_cache_name(name)
    return parsed[1] if parsed else id_from_name(name)


_USER_SUFFIXES = (".metadata.xml", "_metadata.xml", ".xml", ".html", ".htm", ".json")


def _base(name: str) -> str:
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def id_from_name(name: str | None) -> str | None:
    """The KOOP id or zaak number a file name carries (``kv-tk-2020Z12161.xml``), if any.

    Tolerant of directories and of the suffixes users' files have; strict about the id
    itself, which must pass the number gate.
    """
    if not name:
        return None
    base = _base(name)
    lower = base.lower()
    for suffix in _USER_SUFFIXES:
        if lower.endswith(suffix):
            base = base[: -len(suffix)]
            break
    if base.lower().startswith("zaak-"):
        base = base[5:]
    return document_id(base)


_NAME_TOKEN = re.compile(r"[A-Za-z0-9-]{1,120}")
_MAX_NAME = 1000
_MAX_PARTS = 12


def ids_in_name(name: str | None) -> list[str]:
    """Every id a file name holds anywhere, KOOP ids before zaak numbers.

    The name is cut into runs of letters, digits and hyphens (so "(1)", "_1", ".xml"
    fall away), and in each run every span between hyphens is tried, longest first
    ("kv-tk-2020Z12161-kopie" holds kv-tk-2020Z12161). Names are short and the spans
    bounded, so this costs little whatever the name.
    """
    if not name:
        return []
    base = _base(name)[:_MAX_NAME]
    koop: list[str] = []
    other: list[str] = []
    for token in _NAME_TOKEN.findall(base):
        parts = token.split("-")[:_MAX_PARTS]
        spans = sorted(
            ((i, j) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1)),
            key=lambda ij: (ij[0] - ij[1], ij[0]),
        )
        for i, j in spans:
            found = document_id("-".join(parts[i:j]))
            if found is None:
                continue
            number = parse_number_or_none(found, allow_url=False)
            target = koop if number is not None and number.is_koop_id else other
            if found not in koop and found not in other:
                target.append(found)
            break
    return koop + other
