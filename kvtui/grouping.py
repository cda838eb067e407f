"""Which source files belong to the same Kamervraag, and what they are called on disk.

A set is spread over several files (the OData zaak, the kv-tk questions, one or more
ah-tk answers and notices, their metadata.xml) that name each other in different ways:
an answer names its zaak number, a kv-tk metadata file lists its ah-tk ids, the OData
zaak lists the KOOP ids of its documents. Files and the ids they mention are joined
with union-find, so any chain of mentions puts files together and the order in which
files arrive does not matter. Pure: no I/O, no parsing.

The cache file names (``{id}.xml``, ``{id}.html``, ``{id}.metadata.xml``,
``zaak-{number}.json``) are made and read only here, and only from ids that pass
``is_safe_id``, so nothing from a document ever becomes a path unchecked.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache

from kvtui.numbers import NumberKind, is_safe_id, parse_number_or_none

# The store checks file names with this module on every open, so the parsers' package
# is imported only where grouping itself runs (not typing.TYPE_CHECKING: see store.cache).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from kvtui.parse import ParsedSource


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


@dataclass(slots=True)
class SourceGroup:
    """The files of one Kamervraag; ``key`` is its zaak number, or the kv id of old sets."""

    key: str
    names: list[str] = field(default_factory=list)


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self.parent
        up = parent.get(x)
        if up is None:  # new node: its own root
            parent[x] = x
            return x
        if up == x:  # most finds ask about a root
            return x
        root = up
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:  # path compression
            parent[x], x = root, parent[x]
        return root

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def group_sources(items: dict[str, ParsedSource]) -> list[SourceGroup]:
    """Group parsed sources (keyed by cache file name) per Kamervraag, every file kept."""
    from kvtui.parse import id_from_name

    uf = _UnionFind()
    mentions: Counter[str] = Counter()  # id node -> how often files name it
    memo: dict[str, tuple[str, ...]] = {}  # value -> its nodes; ids repeat across files
    spelled: dict[str, str] = {}  # node (look-up key) -> the id as first published

    def nodes_of(value: str | None) -> tuple[str, ...]:
        if not value or not isinstance(value, str):
            return ()
        found = memo.get(value)
        if found is None:
            found = memo[value] = _id_nodes(value)
            if found:
                spelled.setdefault(found[0], _spelling(value))
        return found

    def link(file_node: str, value: str | None) -> None:
        nodes = nodes_of(value)
        for node in nodes:  # kv-tk-{zaak} also names the zaak itself
            mentions[node] += 1
            uf.union(file_node, node)

    for name, parsed in items.items():
        me = "file:" + name
        uf.find(me)
        parsed_name = parse_cache_name(name)
        link(me, parsed_name[1] if parsed_name else id_from_name(name))
        for value in _mentioned_ids(parsed):
            link(me, value)
        if parsed.sru is not None:
            # Each record ties its own id to its zaak, without pulling the file along.
            for record in parsed.sru.records:
                for a, b in itertools.product(
                    nodes_of(record.identifier), nodes_of(record.zaak_number)
                ):
                    uf.union(a, b)

    members: dict[str, list[str]] = {}
    nodes: dict[str, list[str]] = {}
    for node in list(uf.parent):
        root = uf.find(node)
        if node.startswith("file:"):
            members.setdefault(root, []).append(node[5:])
        else:
            nodes.setdefault(root, []).append(node)
    groups = [
        SourceGroup(_group_key(nodes.get(root, []), mentions, names, spelled), sorted(names))
        for root, names in members.items()
    ]
    return sorted(groups, key=lambda g: (g.key, g.names))


def _mentioned_ids(parsed: ParsedSource) -> list[str | None]:
    """Ids a source names as belonging to the same set as itself."""
    # Imported here: the store needs cache_name() without loading the parsers (lxml).
    from kvtui.parse.odata import koop_ids_for_zaak

    out: list[str | None] = []
    if parsed.document is not None:
        out += [parsed.document.id, parsed.document.zaak_number, *parsed.document.related_ids]
    if parsed.metadata is not None:
        out += [parsed.metadata.id, parsed.metadata.zaak_number, *parsed.metadata.appendices]
    for zaak in parsed.zaken:
        out.append(zaak.number)
        out += [koop_id for koop_id, _ in koop_ids_for_zaak(zaak)]
    if parsed.sru is not None:
        if len(parsed.sru.records) == 1:  # a look-up of one document
            out.append(parsed.sru.records[0].identifier)
        zaken = {r.zaak_number for r in parsed.sru.records if r.zaak_number}
        if len(zaken) == 1:  # a vraagnummer search: the file is about that zaak
            out.append(zaken.pop())
    # A TK document can belong to several zaken; the file sides with the first only,
    # so one shared document never merges two Kamervragen.
    out += parsed.zaak_numbers[:1]
    return out


def _id_nodes(value: str) -> tuple[str, ...]:
    """``zaak:2020Z12161`` / ``kv:kv-tk-…`` / ``ah:ah-tk-…`` for a valid id, else ().

    A ``kv-tk-{zaak}`` id gives its zaak node too: it is that zaak's question document.
    """
    number = parse_number_or_none(value, allow_url=False)
    if number is None or not is_safe_id(number.canonical) or not is_safe_id(number.key):
        return ()
    # Nodes are look-up keys, so ah-tk-20202021-0001 and a mention of -1 meet.
    if number.kind is NumberKind.ZAAK:
        return ("zaak:" + number.key,)
    if number.kind is NumberKind.QUESTIONS_ID:
        own = "kv:" + number.key
        return (own, "zaak:" + number.zaak) if number.zaak else (own,)
    if number.kind is NumberKind.ANSWER_ID:
        return ("ah:" + number.key,)
    return ()  # a TK document number is not a set of its own


def _spelling(value: str) -> str:
    number = parse_number_or_none(value, allow_url=False)
    return number.canonical if number is not None else value


def _group_key(
    nodes: list[str], mentions: Counter[str], names: list[str], spelled: dict[str, str]
) -> str:
    """The most-mentioned zaak number; else the question id; else an answer id; else a name.

    An id key is given as KOOP published it (``ah-tk-20202021-0001``), not as its key.
    """
    for prefix in ("zaak:", "kv:", "ah:"):
        found = [n for n in nodes if n.startswith(prefix)]
        if found:
            best = min(found, key=lambda n: (-mentions[n], n))
            return spelled.get(best, best[len(prefix) :])
    return min(names)
