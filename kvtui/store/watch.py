"""Watch rules and ``kvtui new`` in SQL: ``state.sqlite`` (attached as ``st``) and the index.

Rules are rows of ``st.watch``. A rule is matched with the index's own structures, so
a cache of 50,000 sets answers in milliseconds: ``facets`` for member, party, minister
and ministry (the distinct values of one kind are matched in Python, then their sets
fetched by the primary key), ``fts`` for a saved search, ``ids`` for a number, and the
distinct ``sets.topics`` strings for a topic.

``kvtui new`` compares the index's status of every set with ``st.seen``, the statuses
the previous ``new`` reported. Why a snapshot and not a log written where sets are
indexed: every path that changes the index (fetch, refresh, sync, import, reindex, a
rebuild of a corrupt or foreign index) would have to write the log, and a rebuild
re-indexes every set, so a log would have to tell a rebuild from a change. Comparing
two states needs no cooperation from any writer and cannot miss one; one join over the
``seen`` primary key costs little even at 50,000 sets.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from kvtui.dates import iso_date
from kvtui.store.transaction import transaction
from kvtui.watch import FACET_KINDS, Rule, value_matches

REPORTED = {"answered": "answered", "postponed": "postponed", "withdrawn": "withdrawn"}
_LAST_NEW = "new_last_run"  # + ":" + who
CLI = "cli"  # ``kvtui new``; the reader keeps its own baseline under another name


@dataclass(frozen=True, slots=True)
class Change:
    number: str
    change: str  # answered, postponed, withdrawn, new
    title: str | None
    status: str  # the status now
    rule: Rule | None

    def to_json(self) -> dict[str, object]:
        rule = (
            None
            if self.rule is None
            else {
                "id": self.rule.id,
                "kind": self.rule.kind,
                "value": self.rule.value,
            }
        )
        return {"number": self.number, "change": self.change, "title": self.title, "rule": rule}


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def rules(conn: sqlite3.Connection) -> list[Rule]:
    rows = conn.execute("SELECT id, kind, value, added FROM st.watch ORDER BY id")
    return [Rule(int(i), str(k), str(v), str(a)) for i, k, v, a in rows]


def add_rule(conn: sqlite3.Connection, kind: str, value: str) -> tuple[Rule, bool]:
    """Store a checked rule; (the rule, True) when new, (the existing one, False) when
    the same kind and value (case aside) is watched already."""
    if kind == "number":  # any id of a cached set stands for its number
        from kvtui.store.index import id_key

        row = conn.execute("SELECT number FROM ids WHERE id = ?", (id_key(value),)).fetchone()
        value = row[0] if row else value
    for rule in rules(conn):
        if rule.kind == kind and rule.value.casefold() == value.casefold():
            return rule, False
    added = _now()
    rid = conn.execute(
        "INSERT INTO st.watch (kind, value, added) VALUES (?, ?, ?)", (kind, value, added)
    ).lastrowid
    return Rule(int(rid or 0), kind, value, added), True


def remove_rule(conn: sqlite3.Connection, rule_id: int) -> Rule | None:
    for rule in rules(conn):
        if rule.id == rule_id:
            conn.execute("DELETE FROM st.watch WHERE id = ?", (rule_id,))
            return rule
    return None


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def matches(conn: sqlite3.Connection, rule: Rule) -> set[str]:
    """The numbers of the indexed sets that ``rule`` follows."""
    if rule.kind == "number":
        from kvtui.store.index import id_key

        row = conn.execute("SELECT number FROM ids WHERE id = ?", (id_key(rule.value),)).fetchone()
        return {row[0]} if row else set()
    if rule.kind == "search":
        from kvtui.store.index import fts_query

        query = fts_query(rule.value)
        if query is None:
            return set()
        sql = "SELECT sets.number FROM fts JOIN sets ON sets.rid = fts.rowid WHERE fts MATCH ?"
        return {r[0] for r in conn.execute(sql, (query,))}
    out: set[str] = set()
    if rule.kind in FACET_KINDS:
        values = [
            v
            for (v,) in conn.execute(
                "SELECT DISTINCT value FROM facets WHERE kind = ?", (rule.kind,)
            )
            if value_matches(rule.kind, rule.value, v)
        ]
        for chunk in _chunks(values):
            marks = ",".join("?" * len(chunk))
            out.update(
                r[0]
                for r in conn.execute(
                    "SELECT sets.number FROM facets f JOIN sets ON sets.rid = f.rid "  # noqa: S608
                    f"WHERE f.kind = ? AND f.value IN ({marks})",
                    (rule.kind, *chunk),
                )
            )
        return out
    if rule.kind == "topic":
        # A set's topics are one ", "-joined string; distinct strings are few.
        topics = [
            t
            for (t,) in conn.execute("SELECT DISTINCT topics FROM sets WHERE topics != ''")
            if any(value_matches("topic", rule.value, one) for one in t.split(", "))
        ]
        for chunk in _chunks(topics):
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT number FROM sets WHERE topics IN ({marks})"  # noqa: S608
            out.update(r[0] for r in conn.execute(sql, chunk))
        return out
    return out


def first_rules(conn: sqlite3.Connection, numbers: set[str]) -> dict[str, Rule]:
    """For each of ``numbers`` followed by a rule, the first such rule (lowest id)."""
    out: dict[str, Rule] = {}
    if not numbers:
        return out
    for rule in rules(conn):
        for number in matches(conn, rule) & numbers:
            out.setdefault(number, rule)
    return out


def has_baseline(conn: sqlite3.Connection, who: str = CLI) -> bool:
    row = conn.execute("SELECT 1 FROM st.notes WHERE key = ?", (f"{_LAST_NEW}:{who}",))
    return row.fetchone() is not None


def changes(conn: sqlite3.Connection, who: str = CLI) -> tuple[list[Change], dict[str, str]]:
    """What changed since the statuses in ``st.seen``: the changes to report, and the
    statuses observed now for every set that differs (to save once they are reported).

    A set seen before whose status became answered, postponed or withdrawn is a change;
    a set not seen before is one only when a watch rule follows it. Before the first
    run there is nothing to compare with: no change is reported, every set is noted.
    """
    rows = conn.execute(
        "SELECT sets.number, sets.title, sets.status, s.status FROM sets "
        "LEFT JOIN st.seen s ON s.who = ? AND s.number = sets.number "
        "WHERE s.status IS NULL OR s.status != sets.status",
        (who,),
    ).fetchall()
    observed = {number: status for number, _, status, _ in rows}
    if not has_baseline(conn, who):
        return [], observed
    candidates = {
        number
        for number, _, status, old in rows
        if old is None or (status in REPORTED and status != old)
    }
    followed = first_rules(conn, candidates)
    out: list[Change] = []
    for number, title, status, old in rows:
        if number not in candidates:
            continue
        if old is None:
            if number in followed:
                out.append(Change(number, "new", title, status, followed[number]))
            continue
        out.append(Change(number, REPORTED[status], title, status, followed.get(number)))
    order = {"answered": 0, "postponed": 1, "withdrawn": 2, "new": 3}
    out.sort(key=lambda c: (order[c.change], c.number))
    return out, observed


def save_seen(conn: sqlite3.Connection, observed: dict[str, str], who: str = CLI) -> None:
    """Remember ``observed`` as reported (one transaction: all of it or none)."""
    with transaction(conn):
        conn.executemany(
            "INSERT INTO st.seen (who, number, status) VALUES (?, ?, ?) "
            "ON CONFLICT(who, number) DO UPDATE SET status = excluded.status",
            [(who, number, status) for number, status in observed.items()],
        )
        conn.execute(
            "INSERT INTO st.notes (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (f"{_LAST_NEW}:{who}", _now()),
        )


# -- where the last sync ended (``kvtui sync`` without --since continues there) --------

_LAST_SYNC = "sync_until"


def last_sync(conn: sqlite3.Connection) -> dt.date | None:
    """The last day the last complete ``kvtui sync`` covered, if any."""
    row = conn.execute("SELECT value FROM st.notes WHERE key = ?", (_LAST_SYNC,)).fetchone()
    return iso_date(row[0]) if row else None  # a value kvtui never wrote: as if none


def note_sync(conn: sqlite3.Connection, until: dt.date) -> None:
    """Remember that sync covered the days up to ``until`` (never moving backwards: a
    sync of an old period does not make the next plain sync start over)."""
    before = last_sync(conn)
    if before is not None and before >= until:
        return
    conn.execute(
        "INSERT INTO st.notes (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (_LAST_SYNC, until.isoformat()),
    )


def followed_numbers(conn: sqlite3.Connection) -> set[str]:
    """Every indexed set some watch rule follows."""
    out: set[str] = set()
    for rule in rules(conn):
        out |= matches(conn, rule)
    return out


# -- for the reader: the sets of each rule, with their unread count --------------------


@dataclass(frozen=True, slots=True)
class WatchedSet:
    number: str
    title: str | None
    status: str
    submitted: str | None
    read: bool


@dataclass(frozen=True, slots=True)
class RuleList:
    rule: Rule
    total: int
    unread: int
    sets: list[WatchedSet]  # newest first, at most ``limit``


@dataclass(frozen=True, slots=True)
class WatchLists:
    """Every rule's list, and how many sets under any rule are unread: each set once,
    however many rules follow it (the rules' own counts overlap)."""

    lists: list[RuleList]
    unread: int


def rule_lists(conn: sqlite3.Connection, limit: int = 200) -> WatchLists:
    """Each rule as a list of its own: how many sets, how many unread, the newest sets."""
    read = {r[0] for r in conn.execute("SELECT number FROM st.state WHERE read")}
    out: list[RuleList] = []
    followed: set[str] = set()
    for rule in rules(conn):
        numbers = sorted(matches(conn, rule))
        followed.update(numbers)
        found: list[WatchedSet] = []
        for chunk in _chunks(numbers):
            marks = ",".join("?" * len(chunk))
            found.extend(
                WatchedSet(n, t, s, d, n in read)
                for n, t, s, d in conn.execute(
                    "SELECT number, title, status, submitted FROM sets "  # noqa: S608
                    f"WHERE number IN ({marks})",
                    chunk,
                )
            )
        found.sort(key=lambda w: (w.submitted or "", w.number), reverse=True)
        unread = sum(1 for w in found if not w.read)
        out.append(RuleList(rule, len(found), unread, found[:limit]))
    return WatchLists(out, len(followed - read))
