"""The derived SQLite index: list columns, id lookup, source bookkeeping and FTS5.

Everything here can be rebuilt from ``sources/``; that is what makes it safe to throw
away when it is corrupt, of another schema version or outdated. Readers (``show``,
``list``, ``search``, the reader's list) only ever touch this file and the JSON kept in
it, so they never pay for lxml.

Each set's text is kept once here, compressed: ``set_json`` holds the set as
zlib-compressed JSON, and the FTS5 table is contentless (``content=''``), so it keeps
only its inverted index, not a third copy of the text. A contentless table forgets the
values it indexed, yet removing a row means telling FTS5 those values again: they are
rebuilt from the row's stored JSON by the same function that indexed them
(``_fts_values``), which is why the stored JSON and the FTS row are always written and
removed together.

Overdue depends on the day you look, not the day a set was indexed, so rows keep the
inputs (status, submitted, whether a notice exists) and the flag is computed at query
time; an index built last month does not go stale.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kvtui.cachenames import names_for_id
from kvtui.facets import facets
from kvtui.i18n import _
from kvtui.model import Kamervraag, Person, Status
from kvtui.numbers import lookup_key
from kvtui.passage import HIT_END, HIT_START, NO_MARKERS
from kvtui.term import is_overdue, past_term_sql

OPEN_STATES = (Status.OPEN.value, Status.POSTPONED.value)

SORTS = {
    "submitted": ("submitted", "number"),
    "answered": ("answered", "number"),
    "days": ("days_to_answer", "number"),
    "number": ("number", "rid"),
}


class BadIndexData(sqlite3.DatabaseError):
    """A value in the index that kvtui never writes (a status it does not know, JSON
    that is not a Kamervraag): the index came from elsewhere; the caller rebuilds it."""

    sqlite_errorcode = 11  # read as SQLITE_CORRUPT by is_corruption


@dataclass(frozen=True, slots=True)
class ListRow:
    number: str
    title: str | None
    status: Status
    overdue: bool
    submitted: dt.date | None
    answered: dt.date | None
    days_to_answer: int | None
    submitters: str  # "Attje Kuiken (PvdA), …"
    answered_by: str  # "Ankie Broekers-Knol (staatssecretaris van Justitie en Veiligheid)"
    topics: str
    read: bool
    starred: bool


@dataclass(frozen=True, slots=True)
class ListQuery:
    """Which sets the list shows and in which order: the CLI's ``list``, the reader and
    the cache (and its stand-in in the tests) pass this one value instead of each
    spelling out the options again.

    ``status`` is a status's value or "overdue"; ``text`` is matched case-folded against
    number, title, people, ministries and topics; ``numbers`` keeps only the sets with
    these numbers (the rows of search hits, whatever the list's filter); ``limit`` None
    means every row.
    """

    sort: str = "submitted"
    descending: bool = True
    status: str | None = None
    since: dt.date | None = None
    text: str | None = None
    starred_only: bool = False
    limit: int | None = None
    numbers: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    number: str
    title: str | None
    # plain text; matches wrapped in HIT_START … HIT_END, never markup. None: not cut
    # yet (``search.search_page`` with ``passages``)
    snippet: str | None
    submitted: dt.date | None = None


_NO_MARKERS = NO_MARKERS  # the passage marks may not stand in indexed text


def _unmarked(text: str) -> str:
    """``text`` with the marker characters replaced; translating costs a dictionary look-up
    per character, so only the rare text that holds one pays for it."""
    if HIT_START in text or HIT_END in text:
        return text.translate(_NO_MARKERS)
    return text


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------


def person_text(people: Sequence[Person], *, role: bool = False) -> str:
    """'Name (party)' or 'Name (role)' joined with ', ' – the list's people columns."""
    out = []
    for p in people:
        extra = p.role if role else p.party
        out.append(f"{p.name} ({extra})" if extra else p.name)
    return ", ".join(out)


# The stored JSON, compressed with a preset dictionary of the keys and fixed values
# every set repeats (a few KB of JSON per set gains most from it). Changing these bytes
# makes every stored set unreadable: it needs a new SCHEMA_VERSION, which rebuilds.
_ZDICT = (
    b'"ids":["kv-tk-","ah-tk-"],"notices":[{"date":"","text":""}],"further_answers":'
    b'"loose_text":"footnotes":[{"number":1,"text":"","url":"https://","in":"question",'
    b'"in":"answer","at":}],"answer_ref":null,"label":"Vraag ","numbers":["sources":'
    b'{"question_id":"kv-tk-","answer_id":"ah-tk-","question_url":"https://zoek.'
    b'officielebekendmakingen.nl/kv-tk-","answer_url":"https://zoek.officielebekendmakingen'
    b'.nl/ah-tk-"},"topics":[],"answered_by":[{"name":"","role":"minister van ","party":'
    b'null}],"submitters":[{"name":"","party":""}],"days_to_answer":null,"answered":"20",'
    b'"submitted":"20","text_pending":false,"overdue":false,"status":"answered","title":"'
    b'{"number":"20","questions":[{"number":1,"text":"","answer":"'
)
_ZLEVEL = 6  # level 9 measured no smaller on sets' JSON, and slower


def pack(data: dict) -> bytes:
    """A set's stored form: its JSON, UTF-8, compressed (about a third of the text).

    Encoding first also checks every string: a lone surrogate raises
    ``UnicodeEncodeError`` here, before anything of the set is written.
    """
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    packer = zlib.compressobj(_ZLEVEL, zdict=_ZDICT)
    return packer.compress(raw) + packer.flush()


def unpack(blob: object) -> dict:
    """The JSON of a stored set; ``BadIndexData`` for anything kvtui did not write."""
    try:
        if not isinstance(blob, bytes):
            raise TypeError(f"a {type(blob).__name__}, not compressed JSON")
        unpacker = zlib.decompressobj(zdict=_ZDICT)
        data = json.loads(unpacker.decompress(blob) + unpacker.flush())
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
    except (zlib.error, ValueError, TypeError) as exc:
        raise BadIndexData(f"a stored set is not readable: {exc!r:.120}") from None
    return data


def _people_text(people: object, extra: str) -> str:
    """person_text over stored JSON: 'Name (party)' or 'Name (role)', joined with ', '."""
    out = []
    for p in people if isinstance(people, list) else ():
        name, more = p.get("name") or "", p.get(extra)
        out.append(f"{name} ({more})" if more else name)
    return ", ".join(out)


def _texts(items: object, key: str) -> list[str]:
    return [x[key] for x in items if x.get(key)] if isinstance(items, list) else []


def _fts_values(data: dict) -> tuple[str, str, str, str, str]:
    """The FTS row of a set (number, title, people, questions, answers), from its stored
    JSON: the row is indexed from it and, being contentless, removed with it again, so
    both must come from this one function of the same stored value."""
    people = " ; ".join(
        x
        for x in (
            _people_text(data.get("submitters"), "party"),
            _people_text(data.get("answered_by"), "role"),
        )
        if x
    )
    questions = data.get("questions") or []
    asked = _texts(questions, "text")
    for q in questions:
        asked += _texts(q.get("footnotes"), "text")
    asked += [x for x in data.get("loose_text") or [] if x]
    answers = _texts(questions, "answer")
    for further in data.get("further_answers") or []:
        answers += _texts(further.get("questions"), "answer")
    answers += _texts(data.get("notices"), "text")
    return (
        data["number"],
        *(
            _unmarked(text)
            for text in (data.get("title") or "", people, "\n\n".join(asked), "\n\n".join(answers))
        ),
    )


def _unindex(conn: sqlite3.Connection, rid: int) -> None:
    """Remove set ``rid`` from the FTS index and its stored JSON, together.

    A contentless FTS5 table is told the exact values it indexed ('delete' command);
    they are rebuilt from the stored JSON, which kvtui always writes with the FTS row.
    """
    row = conn.execute("SELECT json FROM set_json WHERE rid = ?", (rid,)).fetchone()
    if row is None:
        return
    try:
        values = _fts_values(unpack(row[0]))
    except (AttributeError, KeyError, TypeError) as exc:  # JSON of another shape
        raise BadIndexData(f"a stored set is not readable: {exc!r:.120}") from None
    conn.execute(
        "INSERT INTO fts (fts, rowid, number, title, people, questions, answers) "
        "VALUES ('delete', ?, ?, ?, ?, ?, ?)",
        (rid, *values),
    )
    conn.execute("DELETE FROM set_json WHERE rid = ?", (rid,))


def upsert(
    conn: sqlite3.Connection, kamervraag: Kamervraag, group_key: str, extra_ids: Iterable[str] = ()
) -> None:
    """Insert or replace one Kamervraag with its ids and FTS text."""
    data = kamervraag.to_store_json()
    stored = pack(data)  # raises for text SQLite cannot take, before any write
    fts_row = _fts_values(data)
    submitters = person_text(kamervraag.submitters)
    answered_by = person_text(kamervraag.answered_by, role=True)
    parties = ", ".join(
        dict.fromkeys(p.party for p in kamervraag.submitters + kamervraag.answered_by if p.party)
    )
    ministries = ", ".join(dict.fromkeys(p.role for p in kamervraag.answered_by if p.role))
    topics = ", ".join(kamervraag.topics)
    haystack = " \x1f ".join(
        [
            kamervraag.number,
            kamervraag.title or "",
            submitters,
            answered_by,
            parties,
            ministries,
            topics,
        ]
    ).casefold()
    values = (
        kamervraag.number,
        group_key,
        kamervraag.title,
        kamervraag.status.value,
        int(kamervraag.overdue),
        int(kamervraag.text_pending),
        int(bool(kamervraag.notices)),
        kamervraag.submitted.isoformat() if kamervraag.submitted else None,
        kamervraag.answered.isoformat() if kamervraag.answered else None,
        kamervraag.days_to_answer,
        submitters,
        parties,
        answered_by,
        ministries,
        topics,
        haystack,
    )
    row = conn.execute("SELECT rid FROM sets WHERE number = ?", (kamervraag.number,)).fetchone()
    if row is not None:
        rid = row[0]
        conn.execute(
            "UPDATE sets SET number=?, group_key=?, title=?, status=?, overdue=?, text_pending=?, "
            "has_notice=?, submitted=?, answered=?, days_to_answer=?, submitters=?, parties=?, "
            "answered_by=?, ministries=?, topics=?, filter=? WHERE rid=?",
            (*values, rid),
        )
        _unindex(conn, rid)
    else:
        rid = conn.execute(
            "INSERT INTO sets (number, group_key, title, status, overdue, text_pending, has_notice,"
            " submitted, answered, days_to_answer, submitters, parties, answered_by, ministries,"
            " topics, filter) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            values,
        ).lastrowid
    conn.execute(
        "INSERT INTO fts (rowid, number, title, people, questions, answers) VALUES (?,?,?,?,?,?)",
        (rid, *fts_row),
    )
    conn.execute("INSERT INTO set_json (rid, json) VALUES (?, ?)", (rid, stored))
    conn.execute("DELETE FROM facets WHERE rid = ?", (rid,))
    conn.executemany(
        "INSERT OR IGNORE INTO facets (kind, value, rid) VALUES (?, ?, ?)",
        [(kind, value, rid) for kind, value in facets(kamervraag)],
    )
    conn.execute("DELETE FROM ids WHERE number = ?", (kamervraag.number,))
    # The set's own ids (its number, its files' ids) take an id from whoever held it;
    # ids it merely mentions (aanhangsel rows, claims) only fill a gap, so one hostile
    # file naming other sets' ids cannot send their look-ups here (issue 9 A2).
    own = {id_key(x) for x in (kamervraag.number, *extra_ids) if x}
    mentioned = {id_key(x) for x in kamervraag.ids if x} - own
    conn.executemany(
        "INSERT INTO ids (id, number) VALUES (?, ?) "
        "ON CONFLICT(id) DO UPDATE SET number = excluded.number",
        [(k, kamervraag.number) for k in sorted(own)],
    )
    conn.executemany(
        "INSERT INTO ids (id, number) VALUES (?, ?) ON CONFLICT(id) DO NOTHING",
        [(k, kamervraag.number) for k in sorted(mentioned)],
    )


def delete_numbers(conn: sqlite3.Connection, numbers: Iterable[str]) -> None:
    for number in numbers:
        row = conn.execute("SELECT rid FROM sets WHERE number = ?", (number,)).fetchone()
        if row is None:
            continue
        _unindex(conn, row[0])
        conn.execute("DELETE FROM facets WHERE rid = ?", (row[0],))
        conn.execute("DELETE FROM sets WHERE rid = ?", (row[0],))
        conn.execute("DELETE FROM ids WHERE number = ?", (number,))


def numbers_of_groups(conn: sqlite3.Connection, keys: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for chunk in _chunks(list(keys)):
        marks = ",".join("?" * len(chunk))
        out.update(
            r[0]
            for r in conn.execute(
                f"SELECT number FROM sets WHERE group_key IN ({marks})",  # noqa: S608
                chunk,
            )
        )
    return out


def record_sources(conn: sqlite3.Connection, rows: Iterable[tuple[str, str, int, int]]) -> None:
    """Remember (name, group key, size, mtime_ns) of the files an index entry came from."""
    conn.executemany(
        "INSERT INTO files (name, group_key, size, mtime_ns) VALUES (?,?,?,?) "
        "ON CONFLICT(name) DO UPDATE SET group_key = excluded.group_key, "
        "size = excluded.size, mtime_ns = excluded.mtime_ns",
        rows,
    )


def source_groups(conn: sqlite3.Connection, names: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(list(names)):
        marks = ",".join("?" * len(chunk))
        out.update(
            conn.execute(
                f"SELECT name, group_key FROM files WHERE name IN ({marks})",  # noqa: S608
                chunk,
            ).fetchall()
        )
    return out


def linked_names(conn: sqlite3.Connection, link_ids: Iterable[str]) -> set[str]:
    """Source files already indexed that belong with any of ``link_ids``.

    A file belongs when its group has that key, when its group's Kamervraag is known
    by that id, or when it is that id's own document, metadata or zaak file.
    """
    keys = sorted({id_key(x) for x in link_ids if x})
    raw = sorted({x for x in link_ids if x})
    if not keys:
        return set()
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS want (id TEXT PRIMARY KEY)")
    conn.execute("DELETE FROM temp.want")
    conn.executemany("INSERT OR IGNORE INTO temp.want (id) VALUES (?)", [(k,) for k in keys])
    conn.executemany("INSERT OR IGNORE INTO temp.want (id) VALUES (?)", [(k,) for k in raw])
    names = {
        r[0]
        for r in conn.execute(
            "SELECT s.name FROM files s WHERE s.group_key IN (SELECT id FROM temp.want) "
            "UNION SELECT s.name FROM ids JOIN sets ON sets.number = ids.number "
            "JOIN files s ON s.group_key = sets.group_key "
            "WHERE ids.id IN (SELECT id FROM temp.want)"
        )
    }
    own = [name for x in raw for name in names_for_id(x)]
    names.update(source_groups(conn, own))
    conn.execute("DELETE FROM temp.want")
    return names


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def id_key(value: str) -> str:
    """Look-up key: the number gate's normalised key (``ah-tk-20202021-0001`` and
    ``ah-tk-20202021-1`` meet), case-folded; other text as given, case-folded.

    Case-folding alone gives the same key unless a number part has leading zeros
    (``-0001``, ``-AH0034``), so the gate is asked only then: indexing asks for every
    id of every set.
    """
    value = value.strip()
    return (lookup_key(value) if _LEADING_ZERO.search(value) else value).casefold()


_LEADING_ZERO = re.compile(r"-(?:ah)?0", re.I)


def resolve(conn: sqlite3.Connection, keys: Iterable[str]) -> str | None:
    for key in keys:
        row = conn.execute("SELECT number FROM ids WHERE id = ?", (id_key(key),)).fetchone()
        if row is not None:
            return row[0]
    return None


def overdue_on(status: str, submitted: dt.date | None, has_notice: bool, today: dt.date) -> bool:
    """The overdue rule of the assembler, evaluated for ``today``."""
    if status not in OPEN_STATES:
        return False
    return is_overdue(submitted, has_notice or status == Status.POSTPONED, today)


_OVERDUE_SQL = (
    "(status IN ('open', 'postponed') AND submitted IS NOT NULL AND "
    + past_term_sql(":today", "submitted", "has_notice OR status = 'postponed'")
    + ")"
)


def load(conn: sqlite3.Connection, number: str, today: dt.date) -> Kamervraag | None:
    row = conn.execute(
        "SELECT j.json, sets.status, sets.submitted, sets.has_notice FROM sets "
        "JOIN set_json j ON j.rid = sets.rid WHERE sets.number = ?",
        (number,),
    ).fetchone()
    if row is None:
        return None
    try:
        kamervraag = Kamervraag.from_json(unpack(row[0]))
        kamervraag.overdue = overdue_on(row[1], kamervraag.submitted, bool(row[3]), today)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError) as exc:
        raise BadIndexData(f"stored set {number!r:.40} is not readable: {exc!r:.120}") from None
    return kamervraag


def count(conn: sqlite3.Connection) -> int:
    return conn.execute("SELECT count(*) FROM sets").fetchone()[0]


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def rows(
    conn: sqlite3.Connection,
    query: ListQuery | None = None,
    *,
    today: dt.date,
    state_schema: str | None = "st",
) -> list[ListRow]:
    q = query or ListQuery()
    sort, status, since, text, limit = q.sort, q.status, q.since, q.text, q.limit
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    where: list[str] = []
    params: dict[str, object] = {"today": today.isoformat()}
    if status:
        wanted = status.strip().lower()
        if wanted == "overdue":
            where.append(_OVERDUE_SQL)
        elif wanted in {s.value for s in Status}:
            where.append("sets.status = :status")
            params["status"] = wanted
        else:
            choices = ", ".join([*(s.value for s in Status), "overdue"])
            raise ValueError(f"unknown status {status!r}; use one of {choices}")
    if since:
        where.append("sets.submitted >= :since")
        params["since"] = since.isoformat()
    if text and text.strip():
        where.append("instr(sets.filter, :text) > 0")
        params["text"] = text.strip().casefold()
    if q.numbers is not None:
        where.append("sets.number IN (SELECT value FROM json_each(:numbers))")
        params["numbers"] = json.dumps(list(q.numbers))
    if state_schema:
        state_cols = "coalesce(s.read, 0), coalesce(s.starred, 0)"
        join = f"LEFT JOIN {state_schema}.state s ON s.number = sets.number"
        if q.starred_only:
            where.append("s.starred = 1")
    else:
        state_cols, join = "0, 0", ""
        if q.starred_only:
            return []
    first, second = SORTS[sort]
    direction = "DESC" if q.descending else "ASC"
    # Only fixed fragments are joined here; every user value is a bound parameter.
    # CASTs: a column holds whatever type a foreign writer put in it; kvtui's own
    # values pass unchanged, and nothing else reaches the list as a non-string.
    select = (
        "SELECT CAST(sets.number AS TEXT), CAST(sets.title AS TEXT), sets.status, "  # noqa: S608
        + _OVERDUE_SQL
        + ", sets.submitted, sets.answered, CAST(sets.days_to_answer AS INTEGER), "
        + "CAST(sets.submitters AS TEXT), CAST(sets.answered_by AS TEXT), "
        + f"CAST(sets.topics AS TEXT), {state_cols} FROM sets {join} WHERE "
    )
    # Rows without a value sort last in both directions. One ORDER BY with
    # "(x IS NULL)" first would sort every row on each call; two passes, those with a
    # value and then those without, each walk the (x, number) index and stop at LIMIT.
    passes = [(f"sets.{first} IS NOT NULL", f"sets.{first} {direction}, sets.{second} {direction}")]
    if first != "number":  # number is never NULL
        passes.append((f"sets.{first} IS NULL", f"sets.{second} {direction}"))
    wanted = None if limit is None else max(0, int(limit))
    found: list[tuple] = []
    for condition, order in passes:
        if wanted is not None and len(found) >= wanted:
            break
        sql = select + " AND ".join([condition, *where]) + f" ORDER BY {order}"
        if wanted is not None:
            sql += " LIMIT :limit"
            params["limit"] = wanted - len(found)
        found += conn.execute(sql, params).fetchall()
    date, status_of = _date, _STATUS
    try:
        return [
            ListRow(
                r[0],
                r[1],
                status_of[r[2]],
                bool(r[3]),
                date(r[4]),
                date(r[5]),
                r[6],
                r[7],
                r[8],
                r[9],
                bool(r[10]),
                bool(r[11]),
            )
            for r in found
        ]
    except (ValueError, KeyError, TypeError) as exc:
        raise BadIndexData(f"a list row is not readable: {exc!r:.120}") from None


_STATUS = {s.value: s for s in Status}  # a dict look-up; Status(value) is 10x slower


_TOKEN = re.compile(r"[^\s\"]+")

# What one search may ask of the index (``store.search`` applies these to every query).
# Every term is another posting list to walk and another phrase for the passage to
# find; every prefix term expands to every indexed word that starts with it. 800
# copies of "d*" took 71 s on the 56-file sample cache.
MAX_QUERY_CHARS = 2000
MAX_TERMS = 32
MAX_PREFIX_TERMS = 8
SEARCH_BUDGET_S = 5.0  # wall time; SQLite is asked every few thousand steps
_PROGRESS_STEPS = 5000


class QueryTooCostly(ValueError):
    """A search refused for its size or stopped for its cost; the text says which."""


def fts_query(query: str) -> str | None:
    """Turn any user text into a safe FTS5 query: every word a quoted string, all required.

    This is the plain-words reading a watch rule of kind ``search`` keeps; ``kvtui
    search`` and the reader read the whole search language (``store.search``).

    Quoting makes operators (AND, NEAR, ``-``, ``:``, parentheses) plain words, so no
    input can be an FTS syntax error. A trailing ``*`` keeps its prefix meaning. A word
    given twice counts once (all words are required anyway); more words than
    ``MAX_TERMS`` or prefixes than ``MAX_PREFIX_TERMS`` raise ``QueryTooCostly``.
    """
    if len(query or "") > MAX_QUERY_CHARS:
        said = _("search too long: at most {most} characters (use fewer words)")
        raise QueryTooCostly(said.format(most=MAX_QUERY_CHARS))
    parts: dict[str, None] = {}
    # FTS5 ends a string at NUL; controls never match indexed words anyway.
    query = "".join(" " if ord(ch) < 32 or ch == "\x7f" else ch for ch in query or "")
    for token in _TOKEN.findall(query):
        prefix = token.endswith("*") and len(token.rstrip("*")) > 0
        word = token.rstrip("*") if prefix else token
        if not any(ch.isalnum() for ch in word):
            continue
        parts['"' + word.replace('"', '""') + '"' + ("*" if prefix else "")] = None
    if len(parts) > MAX_TERMS:
        said = _("search has {n} words: at most {most}")
        raise QueryTooCostly(said.format(n=len(parts), most=MAX_TERMS))
    prefixes = sum(p.endswith("*") for p in parts)
    if prefixes > MAX_PREFIX_TERMS:
        said = _("search has {n} words ending in *: at most {most}")
        raise QueryTooCostly(said.format(n=prefixes, most=MAX_PREFIX_TERMS))
    return " ".join(parts) if parts else None


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]
