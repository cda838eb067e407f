"""From source files to index rows: parse, name, group, assemble, upsert.

One set's files arrive in any order and in any number of batches (an import today, a
fetched answer next month, an rsync from another machine). So each batch is indexed by
growing it to whole groups: the new files are grouped, every file the index already
knows to belong with them (same group key, same ids, or the id's own document,
metadata and zaak files) is read back from ``sources/`` and added, until nothing new
joins; then each group is assembled once and its rows replace the old ones. The
parsers and the assembler (and lxml with them) are imported here only, so readers of
the index never load them.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kvtui.store import index
from kvtui.store.files import SourceFiles

if TYPE_CHECKING:
    from kvtui.cachenames import CacheKind
    from kvtui.model import Kamervraag
    from kvtui.parse import ParsedSource

MAX_SOURCE_BYTES = 64 * 1024 * 1024
_MAX_ROUNDS = 8


@dataclass(slots=True)
class ImportReport:
    imported: list[str] = field(default_factory=list)  # cache names written or already there
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path or name, reason)
    numbers: list[str] = field(default_factory=list)  # Kamervragen added or changed


class SourceRejected(ValueError):
    """A payload that is not a source document kvtui keeps; the message says why."""


def read_payload(data: bytes, name: str | None) -> tuple[ParsedSource, str | None]:
    """Read one payload as the cache reads it: (its record, the id it is known by).

    Its content names it first, the file name only as fallback (``identify``). A
    document whose content names no id of its own is read a second time under the id
    chosen, exactly as a rebuild reading the cache file of that name will, so import,
    fetch and rebuild index the same thing. Raises the parser's ``BadDocument``.
    """
    from kvtui.parse import parse_source

    if len(data) > MAX_SOURCE_BYTES:
        raise SourceRejected(f"larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MiB")
    parsed = parse_source(data, name, name_id=False)
    doc_id = identify(parsed, name)
    if doc_id is not None and parsed.document is not None and parsed.document.id != doc_id:
        parsed = parse_source(data, name, doc_id=doc_id)
    return parsed, doc_id


def parse_payload(data: bytes, name_hint: str | None) -> tuple[str, ParsedSource]:
    """Read one payload and name it from its CONTENT (the file name only as fallback)."""
    from kvtui.cachenames import cache_name

    parsed, doc_id = _read(data, name_hint)
    kind = kept_kind(parsed, doc_id, name_hint)
    try:
        return cache_name(kind, doc_id or ""), parsed
    except ValueError as exc:
        raise SourceRejected(one_line(exc)) from None


def read_named(name: str, data: bytes) -> ParsedSource:
    """Read a payload whose cache name is already known (a file in ``sources/``)."""
    parsed, doc_id = _read(data, name)
    kept_kind(parsed, doc_id, name)
    return parsed


def _read(data: bytes, name: str | None) -> tuple[ParsedSource, str | None]:
    try:
        return read_payload(data, name)
    except SourceRejected:
        raise
    except ValueError as exc:  # BadDocument and friends
        raise SourceRejected(one_line(exc)) from None
    except Exception as exc:  # a parser bug must not stop an import of many files
        raise SourceRejected(f"parser error: {type(exc).__name__}: {one_line(exc)}") from None


def kept_kind(parsed: ParsedSource, doc_id: str | None, name: str | None) -> CacheKind:
    """The name kind a read payload is kept under; ``SourceRejected`` for one kvtui does
    not keep (an SRU answer, a TK document list, several zaken, no id at all)."""
    from kvtui.parse.kinds import KINDS, NOT_A_SOURCE, SourceType

    if parsed.type is SourceType.UNKNOWN:
        raise SourceRejected(parsed.refused or NOT_A_SOURCE)
    kind = KINDS[parsed.type].cache
    if kind is None:
        raise SourceRejected(f"{parsed.type} response: not a source document kvtui keeps")
    if parsed.type is SourceType.ODATA_ZAAK and len(parsed.zaken) != 1:
        raise SourceRejected(
            f"OData response holds {len(parsed.zaken)} zaken; kvtui keeps one zaak per file"
        )
    if doc_id is None:
        raise SourceRejected(_unidentified(parsed, name))
    return kind


def check_read(name: str, parsed: ParsedSource) -> None:
    """Refuse a payload read elsewhere (a fetched one) exactly as ``read_named`` would."""
    kept_kind(parsed, identify(parsed, name), name)


def identify(parsed: ParsedSource, name: str | None) -> str | None:
    """Which document a source is: its content first, then its file name.

    In order: the id the content gives the document itself (``DC.identifier``, the
    metadata record link, an OData zaak's ``Nummer``); any id anywhere in the file
    name (``X (1).xml``, ``X_1.xml``, ``X.fragments.xml``, ``X.xml.xml``); the set's
    number in the content (``kamervraagnummer``, ``OVERHEIDop.vraagnummer``). A
    document's own id goes before the set's number because two documents of one set
    (an answer and a notice) share the number and would share a cache file name.
    """
    from kvtui.cachenames import ids_in_name
    from kvtui.numbers import document_id
    from kvtui.parse import source_id

    own = source_id(parsed, None)
    if own is not None:
        return own
    named = ids_in_name(name)
    if named:
        return named[0]
    numbers = []
    if parsed.document is not None:
        numbers.append(parsed.document.zaak_number)
    if parsed.metadata is not None:
        numbers.append(parsed.metadata.zaak_number)
    return next((n for n in map(document_id, numbers) if n), None)


def _unidentified(parsed: ParsedSource, name: str | None) -> str:
    """The refusal: what was looked for, in the content and in the name."""
    from kvtui.parse.kinds import KINDS

    kind = KINDS.get(parsed.type)
    looked = kind.named_by if kind is not None else "an id"
    shown = (name or "").replace("\\", "/").rsplit("/", 1)[-1][:80]
    shown = "".join(ch if ch.isprintable() else "\ufffd" for ch in shown)
    return (
        f"cannot tell which document this is: no {looked} in its content, and no "
        f"kv-…, ah-… or zaak number (2020Z12161) in its name {shown!r}"
    )


def read_and_parse(path: str) -> tuple[str, ParsedSource, bytes] | str:
    """(cache name, parsed, bytes) of one file to import, or the reason it is refused.

    A plain module-level function of a path so worker processes can run it.
    """
    try:
        data = _read_bounded(path)
        name, parsed = parse_payload(data, os.path.basename(path))
    except OSError as exc:
        return exc.strerror or str(exc)
    except SourceRejected as exc:
        return str(exc)
    return name, parsed, data


def read_and_parse_source(path: str) -> tuple[str, ParsedSource, bytes] | str:
    """``read_and_parse`` for a file already in ``sources/``: only a regular file there
    (no symlink followed, no FIFO opened) of at most the size cap is read."""
    from kvtui.store.files import read_regular

    data = read_regular(path, MAX_SOURCE_BYTES)
    if data is None:
        return f"not a regular file of at most {MAX_SOURCE_BYTES // (1024 * 1024)} MiB"
    name = os.path.basename(path)
    try:
        parsed = read_named(name, data)
    except SourceRejected as exc:
        return str(exc)
    return name, parsed, data


def _read_bounded(path: str) -> bytes:
    """At most the cap plus one byte of a file the user named; never blocks on a FIFO."""
    import stat

    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        size = os.fstat(fd)
        if not stat.S_ISREG(size.st_mode):
            raise SourceRejected("not a regular file")
        limit = MAX_SOURCE_BYTES + 1
        data = os.read(fd, min(size.st_size + 1, limit))  # one read for a file at rest
        if len(data) <= size.st_size or len(data) >= limit:
            return data
        parts = [data]  # it grew while being read: go on, to the cap
        got = len(data)
        while got < limit and (chunk := os.read(fd, min(1 << 20, limit - got))):
            parts.append(chunk)
            got += len(chunk)
        return b"".join(parts)
    finally:
        os.close(fd)


def one_line(exc: BaseException) -> str:
    """The first line of an error's message, at most 300 characters."""
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else type(exc).__name__


def name_ids(name: str) -> list[str]:
    """The id a cache file name carries, so a Kamervraag can be found by it."""
    from kvtui.cachenames import parse_cache_name

    parsed = parse_cache_name(name)
    return [parsed[1]] if parsed else []


def assemble_group(
    key: str, names: list[str], parsed: dict[str, ParsedSource], today: dt.date
) -> Kamervraag:
    """Hand one group's parsed files to the assembler, in the shapes it takes."""
    from kvtui.assemble import assemble
    from kvtui.cachenames import CacheKind, parse_cache_name

    docs = []
    metadata = {}
    zaken = []
    have_xml = {n[: -len(".xml")] for n in names if n.endswith(".xml")}
    for name in names:
        source = parsed[name]
        named = parse_cache_name(name)
        kind, doc_id = named if named else (None, None)
        if source.document is not None:
            if kind is CacheKind.HTML and doc_id in have_xml:
                continue  # HTML is the last fallback: the XML of the same id says it better
            docs.append(source.document)
        if source.metadata is not None:
            metadata[source.metadata.id or doc_id or name] = source.metadata
        zaken.extend(source.zaken)
    zaak = next((z for z in zaken if z.number == key), zaken[0] if zaken else None)
    return assemble(docs, metadata, zaak, today=today)


@dataclass(slots=True)
class Indexed:
    numbers: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (name, reason)


def index_batch(
    conn: sqlite3.Connection,
    files: SourceFiles,
    parsed: dict[str, ParsedSource],
    *,
    today: dt.date,
    removed: Iterable[str] = (),
) -> Indexed:
    """Bring the index up to date for ``parsed`` (new or changed files) and ``removed``.

    Runs inside the caller's write transaction, so what other processes committed
    before it is visible and nothing they commit can interleave.
    """
    from kvtui.grouping import group_sources

    result = Indexed()
    work = dict(parsed)
    removed = set(removed)
    seed_links: set[str] = set()
    if removed:
        groups_of_removed = set(index.source_groups(conn, removed).values())
        seed_links |= groups_of_removed
        conn.executemany("DELETE FROM files WHERE name = ?", [(n,) for n in removed])
    unreadable: set[str] = set()
    groups = []
    built: dict[str, Kamervraag] = {}
    for _ in range(_MAX_ROUNDS):
        groups = group_sources(work) if work else []
        built = {}
        links = set(seed_links)
        for group in groups:
            links.add(group.key)
            for name in group.names:
                links.update(name_ids(name))
            try:
                kamervraag = assemble_group(group.key, group.names, work, today)
            except Exception as exc:  # one odd set must never break the rest
                for name in group.names:
                    if name in parsed:
                        result.failed.append((name, f"could not assemble: {one_line(exc)}"))
                continue
            built[group.key] = kamervraag
            links.update(kamervraag.ids)
            links.add(kamervraag.number)
        more = index.linked_names(conn, links) - work.keys() - unreadable - removed
        if not more:
            break
        for name in sorted(more):
            data = files.read(name)
            if data is None:
                unreadable.add(name)
                continue
            try:
                work[name] = _reparse(name, data)
            except SourceRejected:
                unreadable.add(name)
    if unreadable:
        conn.executemany("DELETE FROM files WHERE name = ?", [(n,) for n in unreadable])

    old_keys = set(index.source_groups(conn, work).values()) | seed_links
    new_keys = {g.key for g in groups}
    old_numbers = index.numbers_of_groups(conn, old_keys | new_keys)
    new_numbers = {kamervraag.number for kamervraag in built.values()}
    index.delete_numbers(conn, old_numbers - new_numbers)
    stats = []
    for group in groups:
        kamervraag = built.get(group.key)
        if kamervraag is not None:
            extra = [i for name in group.names for i in name_ids(name)]
            reason = _upsert_one(conn, kamervraag, group.key, extra)
            if reason is not None:  # left out of the index, and named; the rest goes on
                result.failed.extend((name, reason) for name in group.names)
                continue
            result.numbers.append(kamervraag.number)
        for name in group.names:
            st = files.stat(name)
            if st is not None:
                stats.append((name, group.key, st.size, st.mtime_ns))
    index.record_sources(conn, stats)
    return result


def _upsert_one(
    conn: sqlite3.Connection, kamervraag: Kamervraag, key: str, extra: list[str]
) -> str | None:
    """Index one set; the reason it could not be, or None.

    This is where parsed text becomes stored text, so it is the one place that makes
    every string valid: a lone surrogate (a JSON ``\\ud800`` escape, bytes decoded with
    ``surrogatepass``) cannot be encoded for SQLite, whichever parser or field it came
    from. Checking costs nothing on the normal path: SQLite's binding raises
    ``UnicodeEncodeError`` and only then is the set walked and cleaned (U+FFFD). Any
    other failure of this set removes what of it was written, so one set never stops
    the others. (Removing its rows, not a savepoint per set: savepoints made a bulk
    import's indexing a fifth slower.)
    """
    from kvtui.textsafe import valid_strings

    try:
        try:
            index.upsert(conn, kamervraag, key, extra)
        except UnicodeEncodeError:
            index.delete_numbers(conn, [kamervraag.number])  # whatever of it was written
            index.upsert(conn, valid_strings(kamervraag), key, extra)  # type: ignore[arg-type]
    except sqlite3.Error as exc:
        if not _set_level(exc):
            raise  # disk full, locked, corrupt: the whole batch fails, not just this set
        index.delete_numbers(conn, [kamervraag.number])
        return f"could not index: {one_line(exc)}"
    except Exception as exc:  # one odd set must never break the rest
        index.delete_numbers(conn, [kamervraag.number])
        return f"could not index: {type(exc).__name__}: {one_line(exc)}"
    return None


def _set_level(exc: sqlite3.Error) -> bool:
    """Whether an SQLite error is about this set's values (not the database or disk)."""
    return isinstance(exc, sqlite3.IntegrityError | sqlite3.InterfaceError | sqlite3.DataError)


def _reparse(name: str, data: bytes) -> ParsedSource:
    return read_named(name, data)
