"""Which source files belong to the same Kamervraag.

A set is spread over several files (the OData zaak, the kv-tk questions, one or more
ah-tk answers and notices, their metadata.xml) that name each other in different ways:
an answer names its zaak number, a kv-tk metadata file lists its ah-tk ids, the OData
zaak lists the KOOP ids of its documents. Files and the ids they mention are joined
with union-find, so any chain of mentions puts files together and the order in which
files arrive does not matter. Pure: no I/O, no parsing.

Files are known by their cache names, which ``kvtui.cachenames`` makes and reads.
"""

from __future__ import annotations

import gc
import re
from collections import Counter
from dataclasses import dataclass, field

from kvtui.cachenames import named_id, parse_cache_name
from kvtui.numbers import DocNumber, NumberKind, is_safe_id, parse_number_or_none

# The parsers' package is imported only where grouping itself runs, not when the store
# imports this module (not typing.TYPE_CHECKING: see store.cache).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from kvtui.parse import ParsedSource


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


# Weights of what says which zaak a document belongs to (issue 9 A2). An id that spells
# its zaak (kv-tk-{zaak}) is decisive; a file about the document itself (its XML, HTML or
# metadata) outweighs what another file says about it (an OData zaak listing it, an SRU
# record), so one foreign file cannot move a document out of its set.
_SPELLED, _OWN, _OTHER = 100, 2, 1


@dataclass(slots=True)
class _Facts:
    """What one file says: the document it is, the zaak it claims, what it names."""

    own: str | None = None  # id node of the document the file is (kv:…/ah:…)
    claim: str | None = None  # zaak node the file says it belongs to
    votes: list[tuple[str, str, int]] = field(default_factory=list)  # (id node, zaak, weight)
    mentions: list[str] = field(default_factory=list)  # id nodes it names as related


def group_sources(items: dict[str, ParsedSource]) -> list[SourceGroup]:
    """Group parsed sources (keyed by cache file name) per Kamervraag, every file kept.

    Documents join only when they agree on who they belong to (issue 9 A2):

    1. each document (id) gets the zaak its own files and the other files vote for;
    2. each file joins its document, and the document's zaak (or the zaak the file
       itself claims, for a file that is no KOOP document: an OData zaak, an SRU search);
    3. a mention (``OVERHEIDop.aanhangsel``, an HTML head link, a file name that differs
       from the content's id) only brings in a *stray* answer or notice: one whose files
       name no zaak, and that exactly one set mentions. It never joins two sets.

    Every step is deterministic and independent of the order of ``items``.
    """
    # Grouping makes a few small objects per file and no reference cycles; the cyclic
    # collector would only rescan the caller's parsed files again and again (at 40,000
    # files it cost more than the grouping itself), so it waits until the end.
    paused = gc.isenabled()
    gc.disable()
    try:
        return _group(items)
    finally:
        if paused:
            gc.enable()


def _group(items: dict[str, ParsedSource]) -> list[SourceGroup]:
    cache: dict[str, _Info] = {}
    spelled: dict[str, str] = {}  # node (look-up key) -> the id as first published

    def info(value: str | None) -> _Info:
        if not value or not isinstance(value, str):
            return _NOTHING
        found = cache.get(value)
        if found is None:
            number = parse_number_or_none(value, allow_url=False)
            nodes = _id_nodes(number)
            if not nodes or number is None:
                found = _NOTHING
            elif nodes[0].startswith("zaak:"):
                found = (None, nodes[0], None)
            else:
                found = (nodes[0], None, nodes[1] if len(nodes) > 1 else None)
            if nodes and number is not None:
                spelled.setdefault(nodes[0], number.canonical)
            cache[value] = found
        return found

    facts = {name: _facts_of(name, parsed, info) for name, parsed in items.items()}

    mentions: Counter[str] = Counter()  # zaak node -> how often files name it
    ballots: dict[str, dict[str, int]] = {}
    for f in facts.values():
        if f.claim:
            mentions[f.claim] += 1
        for node, zaak, weight in f.votes:
            mentions[zaak] += 1
            if weight > _OTHER:
                ballot = ballots.setdefault(node, {})
                ballot[zaak] = ballot.get(zaak, 0) + weight
    # What the documents' own files say comes first. A file speaking for other documents
    # (an OData zaak, an SRU answer) is heard only if it contradicts none of that: one
    # that places other sets' documents in its zaak is not believed about any document.
    own_word = {node: _winner(b, mentions) for node, b in ballots.items()}
    # A stray answer that a set's questions list as theirs is left to that link.
    listed = {
        node
        for f in facts.values()
        if (f.own or "").startswith("kv:")
        for node in f.mentions
        if node.startswith("ah:")
    }
    for f in facts.values():
        others = [(n, z) for n, z, w in f.votes if w == _OTHER]
        if others and all(own_word.get(n, z) == z for n, z in others):
            for node, zaak in others:
                if node in own_word or node in listed or not _could_belong(node, zaak):
                    continue
                ballot = ballots.setdefault(node, {})
                ballot[zaak] = ballot.get(zaak, 0) + _OTHER
    decided = {node: _winner(b, mentions) for node, b in ballots.items()}

    uf = _UnionFind()
    for name, f in facts.items():
        me = "file:" + name
        uf.find(me)
        anchor = f.claim
        if f.own:
            uf.union(me, f.own)
            anchor = decided.get(f.own) or f.own
        if anchor:
            uf.union(me, anchor)
            mentions[anchor] += 1

    _bring_in_strays(uf, facts, decided)

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


def _bring_in_strays(uf: _UnionFind, facts: dict[str, _Facts], decided: dict[str, str]) -> None:
    """Join each stray answer/notice to the set whose questions name it.

    A stray is an ``ah:`` document no file places in a zaak (old sets, whose answers
    name no vraagnummer). It is the only thing a mention can move, only a questions
    document's mention counts (KOOP lists a set's answers in its questions' metadata),
    and only into a set with an identity of its own (a zaak or a questions id), so no
    chain of mentions can join two sets. Questions of another period cannot claim it (a
    file of 2099 naming a 1997 answer is not its questions). When several sets name the
    same stray, the one of its vergaderjaar wins, then the one whose file names the fewest
    ids (a file naming every id in the cache is the least specific); a tie leaves it alone.
    Decided once, from the groups as they stand, so the order of the files cannot matter.
    """
    anchored = {uf.find(n) for n in list(uf.parent) if n.startswith(("zaak:", "kv:"))}
    offers: dict[str, dict[str, tuple[int, int]]] = {}  # stray -> set root -> best score
    for name, f in facts.items():
        if not (f.own or "").startswith("kv:"):
            continue
        root = uf.find("file:" + name)
        if root not in anchored:
            continue
        for node in f.mentions:
            if node.startswith("ah:") and node not in decided and node in uf.parent:
                if not _could_belong(node, f.own or ""):
                    continue
                score = (int(bool(_same_year(node, f.own or ""))), -len(f.mentions))
                best = offers.setdefault(node, {})
                best[root] = max(best.get(root, score), score)
    joins = []
    for node, by_root in sorted(offers.items()):
        if uf.find(node) in anchored:
            continue
        ranked = sorted(by_root.items(), key=lambda item: item[1], reverse=True)
        if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
            joins.append((node, ranked[0][0]))
    for node, target in joins:
        uf.union(node, target)


_AH_YEAR = re.compile(r"ah:ah-tk-(\d{8})-", re.I)
_KV_YEAR = re.compile(r"(?:kv:kv-(?:tk-)?|zaak:)(?:(\d{8})-|(\d{4})z)", re.I)


def _years_apart(answer: str, questions: str) -> int | None:
    """How many vergaderjaren the answer comes after its questions; None when one does not tell.

    A vergaderjaar is counted by the year it starts in; a zaak of calendar year Y was
    asked in the vergaderjaar starting in Y - 1 or Y, so the earlier one counts as 0.
    """
    a, q = _AH_YEAR.match(answer), _KV_YEAR.match(questions)
    if a is None or q is None:
        return None
    start = int(a[1][:4])
    if q[1]:
        return start - int(q[1][:4])
    year = int(q[2])
    return 0 if start in (year - 1, year) else start - year


def _same_year(answer: str, questions: str) -> bool | None:
    """Is the answer of its questions' vergaderjaar? None when one does not tell."""
    gap = _years_apart(answer, questions)
    return None if gap is None else gap == 0


def _could_belong(answer: str, questions: str) -> bool:
    """Could the answer be of these questions (or this zaak) at all?

    Answers come within months of their questions, a long delay at most a vergaderjaar
    later, so a file of another period cannot place an answer in a set, whatever it says
    (a 2099 zaak never holds a 1997 answer).
    """
    gap = _years_apart(answer, questions)
    return gap is None or gap in (0, 1)


def _winner(ballot: dict[str, int], mentions: Counter[str]) -> str:
    """The zaak with the most weight; ties go to the most-mentioned, then the lowest."""
    if len(ballot) == 1:
        return next(iter(ballot))
    return min(ballot, key=lambda z: (-ballot[z], -mentions[z], z))


# What one id value is to grouping: (its document node, its zaak node if it is a zaak
# number, the zaak node it spells if it is kv-tk-{zaak}).
_Info = tuple[str | None, str | None, str | None]
_NOTHING: _Info = (None, None, None)


def _facts_of(name: str, parsed: ParsedSource, info: Callable[[str | None], _Info]) -> _Facts:
    """Who a file is, which zaak it claims, and which documents it votes for or names."""
    f = _Facts()
    mentions, votes = f.mentions, f.votes
    parsed_name = parse_cache_name(name)
    named = named_id(name)
    # The document the file is: what its content says first, then its name.
    own_values: list[str | None] = []
    claims: list[str | None] = []
    doc, meta = parsed.document, parsed.metadata
    if doc is not None:
        own_values.append(doc.id)
        claims.append(doc.zaak_number)
        mentions += [n for n in (info(v)[0] for v in doc.related_ids) if n]
    if meta is not None:
        own_values.append(meta.id)
        claims.append(meta.zaak_number)
        mentions += [n for n in (info(v)[0] for v in meta.appendices) if n]
    if parsed.zaken:
        from kvtui.parse.odata import koop_ids_for_zaak

        if len(parsed.zaken) == 1:
            claims.append(parsed.zaken[0].number)
        for zaak in parsed.zaken:  # the Kamer's word on each of its documents
            zaak_node = info(zaak.number)[1]
            for koop_id, _doc in koop_ids_for_zaak(zaak) if zaak_node else ():
                node = info(koop_id)[0]
                if node:
                    votes.append((node, zaak_node, _OTHER))
    if parsed.sru is not None:
        from kvtui.parse import sru_about

        about, zaak_claim = sru_about(parsed.sru)
        own_values.append(about)  # a look-up of one document: the file is about it
        claims.append(zaak_claim)  # a vraagnummer search: the file is about that zaak
        for record in parsed.sru.records:  # each record places its own id, without the file
            zaak_node = info(record.zaak_number)[1]
            node = info(record.identifier)[0] if zaak_node else None
            if node and zaak_node:
                votes.append((node, zaak_node, _OTHER))
    # A TK document can belong to several zaken; the file sides with the first only.
    claims += parsed.zaak_numbers[:1]
    own_values.append(named)

    for value in own_values:
        node, _zaak, spelled = info(value)
        if node is None:
            continue
        if f.own is None:
            f.own = node
            if spelled:  # kv-tk-{zaak} spells its zaak
                votes.append((node, spelled, _SPELLED))
        elif node != f.own:
            mentions.append(node)  # a name that disagrees with the content
    # A file kept under another document's name (or under a name that is no id) is not
    # believed about the zaak of the document it contains.
    trusted = parsed_name is None or info(named)[0] == f.own
    for value in claims:
        zaak_node = info(value)[1]
        if zaak_node:
            f.claim = zaak_node
            if f.own and trusted:
                votes.append((f.own, zaak_node, _OWN))
            break
    return f


def _id_nodes(number: DocNumber | None) -> tuple[str, ...]:
    """``zaak:2020Z12161`` / ``kv:kv-tk-…`` / ``ah:ah-tk-…`` for a valid id, else ().

    A ``kv-tk-{zaak}`` id gives its zaak node too: it is that zaak's question document.
    """
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
