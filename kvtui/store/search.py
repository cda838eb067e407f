"""Search over the index: the query tree (``kvtui.query``) as FTS5 and SQL, run within
a budget, with the true count and a passage per hit.

One compiler serves ``kvtui search`` and the reader. Words, phrases, ``NEAR`` and
``titel:`` become one FTS5 MATCH string in which every user word is a quoted string, so
no input is an FTS syntax error; fields, dates, statuses and document numbers become SQL
conditions over ``sets``, ``facets`` and ``ids`` with bound parameters. What a query may
ask is bounded before it runs (terms, prefixes, characters) and while it runs (wall
time), as ``store.index`` sets out.

Passages come from the stored Kamervraag (``index.load``), not from FTS5's snippet(),
so they do not need the index to keep a copy of the text.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import time

from kvtui import query as q
from kvtui.dates import iso_date
from kvtui.i18n import _
from kvtui.passage import Term, passage, term, words
from kvtui.store import index
from kvtui.store.index import QueryTooCostly, SearchHit

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypedDict, Unpack

    from kvtui.model import Kamervraag

    class PageOptions(TypedDict, total=False):
        """``search_page``'s options after the query, as the calls that pass them on
        take them (``search``, ``Cache.search_page``)."""

        limit: int
        offset: int
        sort: str
        since: dt.date | None
        until: dt.date | None
        passages: int | None  # hits that get their passage now (``search_page``)


SORTS = ("relevance", "date")
# The most sets a query may find and still be ranked by bm25. Ranking scores every
# match before the first page (about 0.8 µs each: 30 ms for a word in 40,000 sets);
# past this many, a page is newest first instead (``search_page``).
RANK_MAX = 5_000
_FACET_KIND = {
    "submitter": "member",
    "party": "party",
    "minister": "minister",
    "ministry": "ministry",
}


class Compiled:
    """A query ready for SQLite: ``match`` (None: no text to rank by) and conditions.

    A plain class, as ``Page``: a dataclass costs about a millisecond to create, on the
    start-up path of every ``kvtui search``."""

    __slots__ = ("match", "params", "terms", "where")

    def __init__(self, params: dict[str, object] | None = None) -> None:
        self.match: str | None = None
        self.where: list[str] = []
        self.params: dict[str, object] = params if params is not None else {}
        self.terms: list[Term] = []  # what a passage marks

    def name(self, value: object) -> str:
        """A fresh named parameter holding ``value``: user text never enters the SQL."""
        key = f"p{len(self.params)}"
        self.params[key] = value
        return f":{key}"


# -- cost -------------------------------------------------------------------------------


def _check_cost(node: q.Node | None) -> None:
    """Refuse a query whose terms or prefixes exceed the bounds of ``store.index``.

    A phrase counts its words, a NEAR group its words, each OR branch its own; fields,
    dates and numbers count one each (each is a look-up of its own).
    """
    distinct = {(tuple(words(t.text)), t.prefix) for t in q.all_texts(node)}
    size = sum(max(1, len(w)) for w, _prefix in distinct) + _conditions(node)
    if size > index.MAX_TERMS:
        said = _("search has {n} words and fields: at most {most}")
        raise QueryTooCostly(said.format(n=size, most=index.MAX_TERMS))
    prefixes = sum(prefix for _, prefix in distinct)
    if prefixes > index.MAX_PREFIX_TERMS:
        said = _("search has {n} words ending in *: at most {most}")
        raise QueryTooCostly(said.format(n=prefixes, most=index.MAX_PREFIX_TERMS))


def _conditions(node: q.Node | None) -> int:
    if isinstance(node, q.Field):
        return 0 if node.text is not None else 1
    if isinstance(node, q.Status | q.DateBound | q.Number):
        return 1
    if isinstance(node, q.Not):
        return _conditions(node.child)
    if isinstance(node, q.And | q.Or):
        return sum(_conditions(c) for c in node.children)
    return 0


# -- compiling --------------------------------------------------------------------------


def _quoted(text: q.Text) -> str:
    return '"' + text.text.replace('"', '""') + '"' + ("*" if text.prefix else "")


def _is_text(node: q.Node) -> bool:
    """Whether FTS5 alone answers ``node`` (words, phrases, NEAR, titel:)."""
    if isinstance(node, q.Text | q.Near):
        return True
    if isinstance(node, q.Field):
        return node.text is not None
    if isinstance(node, q.Not):
        return _is_text(node.child)
    if isinstance(node, q.And | q.Or):
        return all(_is_text(c) for c in node.children)
    return False


def _fts(node: q.Node) -> str:
    """The FTS5 text of a node for which ``_is_text`` holds; every group parenthesised,
    so FTS5's own precedence never decides."""
    if isinstance(node, q.Text):
        return _quoted(node)
    if isinstance(node, q.Near):
        return "NEAR(" + " ".join(_quoted(t) for t in node.items) + f", {node.distance})"
    if isinstance(node, q.Field):
        assert node.text is not None
        return f"title : {_quoted(node.text)}"
    if isinstance(node, q.Or):
        return "(" + " OR ".join(_fts(c) for c in node.children) + ")"
    if isinstance(node, q.And):
        found = [_fts(c) for c in node.children if not isinstance(c, q.Not)]
        out = "(" + " AND ".join(found) + ")"
        excluded = [_fts(c.child) for c in node.children if isinstance(c, q.Not)]
        if excluded:
            out = f"({out} NOT ({' OR '.join(excluded)}))"
        return out
    raise ValueError(f"not a text node: {node!r}")  # _is_text said otherwise


def _sql(node: q.Node, out: Compiled, conn: sqlite3.Connection) -> str:
    """A condition over ``sets`` for ``node``; text parts ask FTS5 for their rows. Only
    fixed fragments are joined: every value the user typed is a named parameter."""
    if _is_text(node) and not isinstance(node, q.Not):
        match = out.name(_fts(node))
        return f"sets.rid IN (SELECT rowid FROM fts WHERE fts MATCH {match})"  # noqa: S608
    if isinstance(node, q.Not):
        return f"NOT coalesce({_sql(node.child, out, conn)}, 0)"
    if isinstance(node, q.And | q.Or):
        joiner = " AND " if isinstance(node, q.And) else " OR "
        return "(" + joiner.join(_sql(c, out, conn) for c in node.children) + ")"
    if isinstance(node, q.Number):
        keys = sorted({node.number.key.casefold(), node.number.canonical.casefold()})
        chosen = out.name(json.dumps(keys))
        return f"sets.number IN (SELECT number FROM ids WHERE id IN (SELECT value FROM json_each({chosen})))"  # noqa: S608, E501
    if isinstance(node, q.DateBound):
        op = ">=" if node.name == "since" else "<="
        return f"sets.submitted {op} {out.name(node.day.isoformat())}"
    if isinstance(node, q.Status):
        if node.state == "overdue":
            return index._OVERDUE_SQL
        if node.state == "pending":
            return "sets.text_pending = 1"
        return f"sets.status = {out.name(node.state)}"
    if isinstance(node, q.Field):
        return _field_sql(node, out, conn)
    raise ValueError(f"unknown query node: {node!r}")


def _field_sql(node: q.Field, out: Compiled, conn: sqlite3.Connection) -> str:
    """A field as the set of group values it matches (found in Python, as watch rules
    are: case and accents ignored, whole words, a party whole), then a look-up."""
    from kvtui.watch import value_matches  # only a query with a field pays for it

    if node.name == "topic":
        strings = [
            t
            for (t,) in conn.execute("SELECT DISTINCT topics FROM sets WHERE topics != ''")
            if any(value_matches("topic", node.value, one) for one in str(t).split(", "))
        ]
        chosen = out.name(json.dumps(strings))
        return f"sets.topics IN (SELECT value FROM json_each({chosen}))"  # noqa: S608
    kind = _FACET_KIND[node.name]
    values = [
        v
        for (v,) in conn.execute("SELECT DISTINCT value FROM facets WHERE kind = ?", (kind,))
        if value_matches(kind, node.value, str(v))
    ]
    named, chosen = out.name(kind), out.name(json.dumps(values))
    return (
        f"sets.rid IN (SELECT rid FROM facets WHERE kind = {named} AND value IN "  # noqa: S608
        f"(SELECT value FROM json_each({chosen})))"
    )


def compile_query(
    conn: sqlite3.Connection,
    text: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    today: dt.date,
) -> Compiled | None:
    """``text`` (plus ``--since``/``--until``) ready to run; None when it asks nothing.

    Raises ``QuerySyntaxError`` or ``QueryTooCostly`` before touching the index.
    """
    if len(text or "") > index.MAX_QUERY_CHARS:
        said = _("search too long: at most {most} characters (use fewer words)")
        raise QueryTooCostly(said.format(most=index.MAX_QUERY_CHARS))
    node = q.parse(text)
    _check_cost(node)
    parts: list[q.Node] = []
    if isinstance(node, q.And):
        parts.extend(node.children)
    elif node is not None:
        parts.append(node)
    parts += [q.DateBound(n, d) for n, d in (("since", since), ("until", until)) if d]
    if not parts:
        return None
    out = Compiled(params={"today": today.isoformat()})
    found = [p for p in parts if _is_text(p) and not isinstance(p, q.Not)]
    # Excluded words join the MATCH when there is one (FTS5's NOT needs a left side);
    # else each is a condition ("status:open -stikstof").
    excluded = [p for p in parts if isinstance(p, q.Not) and _is_text(p.child)] if found else []
    if found:
        out.match = _fts(
            found[0] if len(found) == 1 and not excluded else q.And((*found, *excluded))
        )
    out.where = [_sql(p, out, conn) for p in parts if p not in found and p not in excluded]
    out.terms = [t for t in (term(x.text, x.prefix) for x in q.found_texts(node)) if t]
    return out


# -- running ----------------------------------------------------------------------------


def _run(conn: sqlite3.Connection, sql: str, params: dict[str, object]) -> list[tuple]:
    """Run ``sql`` within ``index.SEARCH_BUDGET_S``; QueryTooCostly when it runs over."""
    deadline = time.monotonic() + index.SEARCH_BUDGET_S
    stopped = False

    def over_budget() -> int:
        nonlocal stopped
        stopped = time.monotonic() > deadline
        return 1 if stopped else 0  # non-zero makes SQLite interrupt the statement

    conn.set_progress_handler(over_budget, index._PROGRESS_STEPS)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        if stopped:
            said = _(
                "search too costly: stopped after {seconds} s "
                "(use longer words, fewer words ending in *)"
            )
            raise QueryTooCostly(said.format(seconds=f"{index.SEARCH_BUDGET_S:g}")) from None
        raise
    finally:
        conn.set_progress_handler(None, 0)


def _from_where(c: Compiled) -> str:
    where = list(c.where)
    if c.match is not None:
        c.params["match"] = c.match
        where.insert(0, "fts MATCH :match")
        source = "fts JOIN sets ON sets.rid = fts.rowid"
    else:
        source = "sets"
    return f" FROM {source} WHERE " + (" AND ".join(where) if where else "1")


def _count(conn: sqlite3.Connection, c: Compiled) -> int:
    """How many sets ``c`` finds. Words alone are counted in FTS5 without the join to
    ``sets`` (1–2 ms rather than 10 for a word in 40,000 sets): a set's FTS row and its
    ``sets`` row are written and removed together (``index.upsert``/``_unindex``)."""
    if c.match is not None and not c.where:
        c.params["match"] = c.match
        return _run(conn, "SELECT count(*) FROM fts WHERE fts MATCH :match", c.params)[0][0]
    return _run(conn, "SELECT count(*)" + _from_where(c), c.params)[0][0]


class Page:
    """One page of hits, the true number of sets found, and the order the page is in
    (``"relevance"`` or ``"date"``: a query asked by relevance may come back by date,
    see ``RANK_MAX``)."""

    __slots__ = ("hits", "order", "stopped", "terms", "total", "unranked")

    def __init__(
        self,
        hits: list[SearchHit],
        total: int | None,
        order: str,
        *,
        unranked: bool = False,
        stopped: str | None = None,
        terms: list[Term] | None = None,
    ) -> None:
        self.hits = hits
        self.total = total  # None: counting ran out of time (``stopped`` says why)
        self.order = order
        self.unranked = unranked  # relevance asked, but more than RANK_MAX sets found
        self.stopped = stopped
        self.terms = terms or []  # what a passage marks (``hit_passage`` for a hit left without)

    def __repr__(self) -> str:
        return f"Page({len(self.hits)} hits of {self.total}, by {self.order})"


_COLUMNS = "SELECT CAST(sets.number AS TEXT), CAST(sets.title AS TEXT), sets.submitted"
# Newest first, undated last: SQLite sorts NULL lowest, so DESC puts it last, and the
# order is the ``sets_submitted`` index read backwards.
_BY_DATE = " ORDER BY sets.submitted DESC, sets.number DESC LIMIT :limit OFFSET :offset"


def _page_sql(c: Compiled, total: int | None, ranked: bool) -> str:
    """The SELECT for one page (constants only; every value is a bound parameter)."""
    if ranked and not c.where:
        # Ranked first, joined after: in one SELECT, SQLite looks up the ``sets`` row of every
        # match before sorting.
        c.params["match"] = c.match
        return (
            _COLUMNS  # noqa: S608 - constants only; values are bound
            + " FROM (SELECT rowid AS hit, bm25(fts) AS score FROM fts WHERE fts MATCH :match"
            + " ORDER BY score LIMIT :limit OFFSET :offset) AS best"
            + " JOIN sets ON sets.rid = best.hit ORDER BY best.score"
        )
    if ranked:
        return _COLUMNS + _from_where(c) + " ORDER BY bm25(fts) LIMIT :limit OFFSET :offset"
    if total is not None and total > RANK_MAX:
        # Many sets: walk the date index from the newest and keep the ones found, which
        # stops after about a page (sorting 40,000 matches by date took 30-60 ms).
        where = list(c.where)
        if c.match is not None:
            c.params["match"] = c.match
            where.insert(0, "sets.rid IN (SELECT rowid FROM fts WHERE fts MATCH :match)")
        sql = _COLUMNS + " FROM sets INDEXED BY sets_submitted WHERE "
        return sql + (" AND ".join(where) if where else "1") + _BY_DATE
    return _COLUMNS + _from_where(c) + _BY_DATE


def search_page(
    conn: sqlite3.Connection,
    text: str,
    *,
    today: dt.date,
    limit: int = 200,
    offset: int = 0,
    sort: str = "relevance",
    since: dt.date | None = None,
    until: dt.date | None = None,
    passages: int | None = None,
) -> Page:
    """A page of hits for ``text``, each with its passage, with the true count.

    ``sort="relevance"`` ranks by bm25 when the query has words and finds at most
    ``RANK_MAX`` sets; beyond that (a word in most sets, where bm25 mostly ranks by
    length) and for a query of fields alone, the page is newest first, and ``order``
    says so. ``sort="date"`` is always newest first. With ``passages``, only that many
    hits get their passage now and the others ``None`` (``hit_passage`` gives it when it
    is shown: loading a set and cutting its passage is most of a page's cost). Raises
    ``QuerySyntaxError`` or ``QueryTooCostly``.
    """
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    c = compile_query(conn, text, since=since, until=until, today=today)
    if c is None:
        return Page([], 0, sort)
    # One count serves the order chosen and the page's note. A count that runs out of
    # time leaves the total unknown; the page is still shown, in the order asked.
    total: int | None = None
    stopped = None
    try:
        total = _count(conn, c)
    except QueryTooCostly as exc:
        stopped = str(exc)
    wanted = sort == "relevance" and c.match is not None
    ranked = wanted and (total is None or total <= RANK_MAX)
    c.params.update(limit=max(0, int(limit)), offset=max(0, int(offset)))
    rows = _run(conn, _page_sql(c, total, ranked), c.params) if total != 0 else []
    now = len(rows) if passages is None else max(0, passages)
    hits = [
        SearchHit(
            number,
            title,
            hit_passage(conn, number, c.terms, today=today) if i < now else None,
            iso_date(submitted),
        )
        for i, (number, title, submitted) in enumerate(rows)
    ]
    order = "relevance" if ranked else "date"
    unranked = wanted and not ranked
    return Page(hits, total, order, unranked=unranked, stopped=stopped, terms=c.terms)


def hit_passage(conn: sqlite3.Connection, number: str, terms: list[Term], *, today: dt.date) -> str:
    """The passage of set ``number`` for the ``terms`` of a ``Page`` ("" when the set is
    gone)."""
    kamervraag = index.load(conn, number, today)
    return passage(_texts(kamervraag), terms) if kamervraag is not None else ""


def search(
    conn: sqlite3.Connection, text: str, *, today: dt.date, **options: Unpack[PageOptions]
) -> list[SearchHit]:
    """The hits of ``search_page``: best first for a query that finds at most
    ``RANK_MAX`` sets, else (or with ``sort="date"``) newest first."""
    return search_page(conn, text, today=today, **options).hits


def search_count(
    conn: sqlite3.Connection,
    text: str,
    *,
    today: dt.date,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> int:
    """How many sets ``search`` finds without a limit: the same conditions, counted
    (no ranking, no passages), so a page can say "first 200 of 1,273"."""
    c = compile_query(conn, text, since=since, until=until, today=today)
    return 0 if c is None else _count(conn, c)


def _texts(kamervraag: Kamervraag) -> list[str]:
    """The texts of a set in the order a passage prefers them: the questions with their
    answers as the reader shows them, then further answers, notices, footnotes, loose
    text, the people and last the title (the list shows it already)."""
    out: list[str] = []
    for question in kamervraag.questions:
        out += [question.text or "", question.answer or ""]
    for further in kamervraag.further_answers:
        out += [x.answer or "" for x in further.questions]
    out += [n.text or "" for n in kamervraag.notices]
    out += [f.text or "" for question in kamervraag.questions for f in question.footnotes]
    out += list(kamervraag.loose_text)
    out.append(
        ", ".join(p.name for p in [*kamervraag.submitters, *kamervraag.answered_by] if p.name)
    )
    out.append(kamervraag.title or "")
    return out
