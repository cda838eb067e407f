"""What source files are called in the cache's ``sources/`` folder: made and read only here.

A document's text is ``{id}.xml`` or ``{id}.html``, its KOOP metadata
``{id}.metadata.xml``, a zaak from the Tweede Kamer's OData service
``zaak-{number}.json``. Names are made only from ids that pass ``is_safe_id``, so
nothing from a document ever becomes a path unchecked, and ``parse_cache_name`` accepts
exactly the names ``cache_name`` makes (tests/test_each_rule_once.py checks that no
other module spells one out).
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import lru_cache

from kvtui.numbers import is_safe_id


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
