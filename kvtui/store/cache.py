"""``Cache``: the one object the CLI, the fetchers and the reader use to reach the cache.

It hides three files with different lifetimes: ``sources/`` (the truth, written
atomically), ``index.sqlite`` (derived; rebuilt whenever it is missing, corrupt, of
another schema version or outdated) and ``state.sqlite`` (the reader's marks, never
rebuilt). Reading methods touch only the index, so ``show``/``list``/``search`` never
import a parser or lxml. Several processes may share one cache: SQLite's WAL mode and a
busy timeout serialise writers, each batch is indexed inside one write transaction
that first re-reads what others committed, and an advisory lock file tells a reader
that an import is under way (so it does not rebuild an index that is merely catching up).

The directory is a boundary (``kvtui.store.boundary``): nothing in it is followed out of
it, odd shapes are one message, and a cache kvtui cannot write (a read-only mount, a full
disk) is still read, from a private temporary index when its own is not usable.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from kvtui.i18n import N_, _
from kvtui.numbers import InvalidNumber, parse_number
from kvtui.store import index, schema
from kvtui.store.boundary import (
    CacheError,
    CacheFull,
    CacheReadOnly,
    NoCache,
    check_root,
    check_sources,
    clear_derived,
    describe,
    is_full,
    is_read_only,
    kind_of,
    no_space,
    open_lock,
    set_aside_odd,
)
from kvtui.store.files import TEMP_PREFIX, SourceFiles, Written, _pid_alive
from kvtui.store.index import ListQuery, ListRow, SearchHit
from kvtui.store.paths import default_root
from kvtui.store.pool import parser_pool
from kvtui.store.state import (
    ReaderState,
    StateStore,
    connect_state,
    copy_extra_state,
    state_schema,
)
from kvtui.store.transaction import rollback, transaction

# Not ``typing.TYPE_CHECKING``: importing typing is a measurable part of ``kvtui show``'s
# start-up, and type checkers treat any constant of this name the same way.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TypeVar, Unpack

    from kvtui.model import Kamervraag
    from kvtui.parse import ParsedSource
    from kvtui.passage import Term
    from kvtui.store.ingest import ImportReport, Indexed
    from kvtui.store.search import Page as SearchPage
    from kvtui.store.search import PageOptions

    R = TypeVar("R")

__all__ = [
    "Cache",
    "CacheError",
    "ImportReport",
    "ListQuery",
    "ListRow",
    "ReaderState",
    "SearchHit",
]

ENV_TODAY = "KVTUI_TODAY"
INDEX_NAME = "index.sqlite"
STATE_NAME = "state.sqlite"
LOCK_NAME = ".import.lock"
CHUNK_FILES = 4000  # files parsed and indexed per transaction on a big import
ENV_CHUNK = "KVTUI_IMPORT_CHUNK"  # override (tests use small chunks to crash mid-import)


def _chunk_files() -> int:
    with contextlib.suppress(ValueError):
        return max(1, int(os.environ.get(ENV_CHUNK, CHUNK_FILES)))
    return CHUNK_FILES


def _today_default() -> dt.date:
    value = os.environ.get(ENV_TODAY)
    if value:
        with contextlib.suppress(ValueError):
            return dt.date.fromisoformat(value)
    return dt.date.today()


def _is_corruption(exc: sqlite3.DatabaseError) -> bool:
    """A damaged index, or one whose text is not UTF-8 (not written by kvtui): rebuild."""
    return schema.is_corruption(exc) or "could not decode" in str(exc).lower()


def _read_only_uris(path: Path) -> list[str]:
    """How to open a database kvtui must not write, best first.

    ``immutable=1`` creates no side file and takes no lock, and is exact when there is
    no write-ahead log to read; with a non-empty ``-wal`` (a copy taken while kvtui ran)
    ``mode=ro`` reads it too, where SQLite can open its shared memory.
    """
    uri = path.absolute().as_uri()
    wal = Path(f"{path}-wal")
    has_wal = kind_of(wal) == "file" and wal.stat().st_size > 0
    order = ("mode=ro", "immutable=1") if has_wal else ("immutable=1", "mode=ro")
    return [f"{uri}?{query}" for query in order]


def _attach_read_only(conn: sqlite3.Connection, path: Path, name: str) -> bool:
    """Attach ``path`` read-only as ``name``; False when SQLite cannot read it at all."""
    for uri in _read_only_uris(path):
        try:
            conn.execute("ATTACH DATABASE ? AS " + name, (uri,))
        except sqlite3.Error:
            continue
        try:
            conn.execute(f"SELECT count(*) FROM {name}.sqlite_master").fetchone()  # noqa: S608
            return True
        except sqlite3.Error:
            with contextlib.suppress(sqlite3.Error):
                conn.execute(f"DETACH DATABASE {name}")
    return False


def _writable(root: Path) -> bool:
    """Whether kvtui may write in ``root`` (True when it does not exist yet).

    ``access`` answers for the file system too (EROFS on a read-only mount, even for
    root); the mount flag is asked as well where the platform has it.
    """
    try:
        if not os.access(root, os.W_OK):
            return not os.path.lexists(root)
        flags = os.statvfs(root).f_flag
    except (OSError, AttributeError):
        return True
    return not flags & getattr(os, "ST_RDONLY", 1)


class Cache:
    """The cache directory at ``root``: sources, index and reader state."""

    def __init__(self, root: Path, *, today: dt.date | None = None, create: bool = True) -> None:
        """``create=False`` is for commands that only read: a missing ``root`` (a
        mistyped ``--cache``) raises ``NoCache`` here rather than being created empty."""
        self.root = Path(root)
        if not create and not os.path.exists(self.root):
            raise NoCache(_("no cache at {path}").format(path=self.root))
        self.sources_dir = self.root / "sources"
        self._files = SourceFiles(self.sources_dir)
        self._today = today
        self._db: sqlite3.Connection | None = None
        # Bring the index up to date with sources/ when opening; a full rebuild turns this
        # off, since catching up first would index every new file twice.
        self._catch_up_on_open = True
        self._state: StateStore | None = None
        self._lock = threading.RLock()
        self._read_only = False  # found unwritable at open: never written, never deleted from
        self._private: Path | None = None  # a temporary index for a read-only cache
        self._why_read_only: BaseException | None = None
        # What the user should hear about but that stopped nothing: a source file that
        # could not be indexed (named), a reader state set aside, a full disk. The CLI
        # prints these on stderr, the reader shows them as notifications.
        self.warnings: list[str] = []

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def take_warnings(self) -> list[str]:
        """The warnings so far, once each (the list is emptied)."""
        out, self.warnings = self.warnings, []
        return out

    @staticmethod
    def default_root() -> Path:
        return default_root()

    @property
    def today(self) -> dt.date:
        return self._today or _today_default()

    # -- opening -----------------------------------------------------------------

    @property
    def index_path(self) -> Path:
        return self.root / INDEX_NAME

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self._open()
        assert self._db is not None
        return self._db

    def _open(self) -> None:
        self._read_only = self._read_only or not _writable(self.root)
        check_root(self.root, create=not self._read_only)
        check_sources(self.sources_dir)
        self._state = None  # attached on first use: ``show`` and ``search`` never need it
        if self._read_only:
            self._open_read_only()
            return
        self._remove_dead_rebuilds()
        try:
            conn = self._connect_index()
        except (sqlite3.Error, OSError) as exc:
            if not (is_read_only(exc) or is_full(exc, self.root)):
                raise
            # A cache kvtui cannot write (a read-only file, a full disk): read it anyway.
            self._read_only = True
            self._why_read_only = exc
            self._open_read_only(why=exc)
            return
        self._db = conn
        if self._catch_up_on_open and not self._index_current(conn):
            try:
                self._catch_up()
            except (sqlite3.Error, OSError) as exc:
                if not (is_read_only(exc) or is_full(exc, self.root)):
                    raise
                rollback(conn)
                said = _(
                    "the index could not be brought up to date ({error}); showing what it holds"
                )
                self.warn(said.format(error=describe(exc, self.root)))

    # -- a cache kvtui cannot write ------------------------------------------------

    def _open_read_only(self, why: BaseException | None = None, *, fresh: bool = False) -> None:
        """Read a cache on a read-only mount (or a full disk) without writing to it.

        The index is opened read-only (``mode=ro``; ``immutable=1`` where SQLite cannot
        even create its shared-memory file there). If it is missing, damaged, of another
        version or behind ``sources/``, a private copy in a temporary directory is
        brought up to date instead and removed at close: the cache itself is never
        written, and nothing is ever deleted from it.
        """
        conn = None if fresh else self._connect_read_only()
        if conn is not None:
            try:
                ok = schema.schema_state(conn) == "ok" and (
                    self._index_current(conn) or self._unchanged(conn)
                )
            except (sqlite3.Error, schema.IndexCorrupt):
                ok = False
            if ok:
                self._db = conn
                return
        import tempfile

        from kvtui.store import upgrade

        try:
            self._private = Path(tempfile.mkdtemp(prefix="kvtui-index-"))
            work = schema.connect(self._private / INDEX_NAME)
            if conn is not None:
                with contextlib.suppress(sqlite3.Error, schema.IndexCorrupt):
                    if schema.schema_state(conn) == "ok" or upgrade.upgradable(conn):
                        conn.backup(work)
            if schema.schema_state(work) != "ok":
                with transaction(work, immediate=False):
                    if not upgrade.upgrade(work):
                        schema.create_schema(work)
            self._db = work
            self._sync_all()
        except (sqlite3.Error, OSError) as exc:
            self.close()
            cause = why or exc
            said = _(
                "the cache at {path} cannot be written ({why}) "
                "and its index could not be rebuilt elsewhere ({error})"
            )
            said = said.format(path=self.root, why=describe(cause, self.root), error=describe(exc))
            raise (CacheFull if is_full(cause, self.root) else CacheReadOnly)(said) from None
        finally:
            if conn is not None:
                conn.close()
        said = _(
            "the cache at {path} cannot be written ({why}) and its "
            "index was missing or out of date: kvtui indexed it in a temporary copy"
        )
        self.warn(said.format(path=self.root, why=self._why_not_written()))

    def _why_not_written(self) -> str:
        why = self._why_read_only
        return describe(why, self.root) if why is not None else _("a read-only directory")

    def _connect_read_only(self) -> sqlite3.Connection | None:
        if kind_of(self.index_path) != "file":
            return None
        for uri in _read_only_uris(self.index_path):
            try:
                conn = schema.connect(uri, uri=True)
            except sqlite3.Error:
                continue
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return conn
            except sqlite3.Error:
                conn.close()
        return None

    def _unchanged(self, conn: sqlite3.Connection) -> bool:
        """Whether the index records exactly the files in ``sources/`` (a copied cache
        has a new directory inode, so the fingerprint alone says "changed")."""
        known = {r[0]: (r[1], r[2]) for r in conn.execute("SELECT name, size, mtime_ns FROM files")}
        on_disk = {s.name: (s.size, s.mtime_ns) for s in self._files.stats()}
        return known == on_disk

    def _require_writable(self, what: str) -> None:
        self._conn()
        if self._read_only:
            said = _("cannot {what}: the cache at {path} cannot be written ({why})")
            said = said.format(what=_(what), path=self.root, why=self._why_not_written())
            raise (CacheFull if no_space(self.root) else CacheReadOnly)(said)

    def _remove_dead_rebuilds(self) -> None:
        """Remove the side file of a rebuild whose process was killed (it can be as big as
        the index); a live rebuild's file is kept, so this needs no lock."""
        prefix = f"{INDEX_NAME}.rebuild-"
        try:
            entries = [e.name for e in os.scandir(self.root) if e.name.startswith(prefix)]
        except OSError:
            return
        for name in entries:
            if not _pid_alive(TEMP_PREFIX + name[len(prefix) :]):  # same "{pid}-…" tail
                with contextlib.suppress(OSError):
                    os.unlink(self.root / name)

    def _with_state(self) -> sqlite3.Connection:
        """The index connection with ``state.sqlite`` attached as ``st``."""
        conn = self._conn()
        if self._state is None:
            path = self.root / STATE_NAME
            if not self._read_only:
                try:
                    set_aside_odd(path, self.warnings)  # a link is never followed
                    state_conn = connect_state(path, self.warn)  # creates or sets aside
                    state_conn.close()
                    conn.execute("ATTACH DATABASE ? AS st", (path.absolute().as_uri(),))
                    self._state = StateStore(conn)
                    return conn
                except (sqlite3.Error, OSError) as exc:
                    if not (is_read_only(exc) or is_full(exc, self.root)):
                        raise
                    with contextlib.suppress(sqlite3.Error):
                        conn.execute("DETACH DATABASE st")
                    said = _(
                        "reader marks are kept until kvtui ends: they cannot be saved ({error})"
                    )
                    self.warn(said.format(error=describe(exc, self.root)))
            self._attach_memory_state(path)
            self._state = StateStore(conn)
        return conn

    def _attach_memory_state(self, path: Path) -> None:
        """Reader state for a cache kvtui cannot write: what ``state.sqlite`` holds (read
        only, if it is a readable file of this version), kept in memory; marks made now
        last until kvtui ends."""
        conn = self._conn()
        conn.execute("ATTACH DATABASE ':memory:' AS st")
        conn.executescript(state_schema("st"))
        if kind_of(path) != "file" or not _attach_read_only(conn, path, "st_disk"):
            return
        try:
            conn.execute(
                "INSERT OR REPLACE INTO st.state (number, read, starred, position, opened) "
                "SELECT number, read, starred, position, opened FROM st_disk.state"
            )
            copy_extra_state(conn, "st_disk", "st")  # watch rules, last statuses (version 2)
        except sqlite3.Error:
            self.warn(_("the reader state of this cache is not readable; marks start empty"))
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("DETACH DATABASE st_disk")

    def _index_current(self, conn: sqlite3.Connection) -> bool:
        """Whether the index knows every file in ``sources/`` (cheaply, at each open).

        Normally one ``stat``: the fingerprint recorded by the last writer equals the
        directory's. A file system with coarse timestamps could hide a file added in
        the same tick as that record, so a record taken within two seconds of the
        directory's last change is confirmed once by counting files.
        """
        stored = schema.get_meta(conn, "fingerprint")
        current = self._files.fingerprint()
        if stored is None or stored != current:
            return False
        checked = int(schema.get_meta(conn, "checked_ns") or 0)
        mtime = int(current.rsplit(":", 1)[-1]) if ":" in current else 0
        if checked - mtime > 2_000_000_000:
            return True
        indexed = conn.execute("SELECT count(*) FROM files").fetchone()[0]
        if indexed != len(self._files.names()):
            return False
        if time.time_ns() - mtime > 2_000_000_000:
            with contextlib.suppress(sqlite3.Error):
                schema.set_meta(conn, "checked_ns", str(time.time_ns()))
        return True

    def _connect_index(self) -> sqlite3.Connection:
        clear_derived(self.index_path, self.warnings)  # a link in its place: removed
        conn = schema.connect(self.index_path)
        try:
            shape = schema.schema_state(conn)
        except schema.IndexCorrupt:
            conn.close()
            self._remove_index_files()
            conn = schema.connect(self.index_path)
            shape = schema.schema_state(conn)
        if shape != "ok":
            try:
                self._make_schema(conn)
            except schema.IndexCorrupt:  # something in it cannot even be dropped: start anew
                conn.close()
                self._remove_index_files()
                conn = schema.connect(self.index_path)
                self._make_schema(conn)
        return conn

    @staticmethod
    def _make_schema(conn: sqlite3.Connection) -> None:
        from kvtui.store import upgrade

        schema.set_wal(conn)
        with transaction(conn):
            shape = schema.schema_state(conn)
            # The previous schema is renamed in place and keeps its sets; others are rebuilt.
            replaced = shape == "other" and not upgrade.upgrade(conn)
            if replaced or shape == "empty":
                schema.create_schema(conn)
                schema.set_meta(conn, "fingerprint", "new")
        if replaced:
            # The old version's pages are free now, but the file keeps them: an index of
            # schema 6 was over twice the size of the one that replaces it. Emptied, the
            # file is small and VACUUM quick; another process reading it only postpones
            # this to the next rebuild.
            with contextlib.suppress(sqlite3.OperationalError):
                conn.execute("VACUUM")

    def _remove_index_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{self.index_path}{suffix}")

    def _recover(self) -> None:
        """Throw away a corrupt index and rebuild it; reader state is elsewhere.

        A cache kvtui cannot write is never deleted from: its index is rebuilt in a
        private copy instead.
        """
        read_only = self._read_only
        self.close()
        if read_only:
            self._read_only = True
            self._open_read_only(fresh=True)
            return
        self._remove_index_files()
        self._open()

    def _guarded(self, fn: Callable[[], R]) -> R:
        with self._lock:
            try:
                return fn()
            except sqlite3.DatabaseError as exc:
                if not _is_corruption(exc):
                    raise
                self._recover()
                return fn()

    @contextlib.contextmanager
    def _import_lock(self, *, exclusive: bool = False, wait: bool = True) -> Iterator[bool]:
        """Advisory lock: importers share it, a catching-up reader wants it alone."""
        try:
            import fcntl
        except ImportError:  # no flock (Windows): rely on SQLite's own locking
            yield True
            return
        check_root(self.root, create=True)
        fd = open_lock(self.root / LOCK_NAME)
        try:
            flags = fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH
            if not wait:
                flags |= fcntl.LOCK_NB
            try:
                fcntl.flock(fd, flags)
            except BlockingIOError:
                yield False
                return
            yield True
        finally:
            os.close(fd)  # closing releases the lock

    def _catch_up(self) -> None:
        """Index what changed in ``sources/`` behind the index's back (or everything)."""
        with self._import_lock(exclusive=True, wait=False) as alone:
            if not alone:
                return  # an import is under way and will bring the index up to date
            self._sync_all()

    def _sync_all(self) -> int:
        conn = self._conn()
        self._files.remove_stale_temp()
        fingerprint = self._files.fingerprint()
        on_disk = {s.name: s for s in self._files.stats()}
        known = dict(
            (r[0], (r[1], r[2])) for r in conn.execute("SELECT name, size, mtime_ns FROM files")
        )
        removed = [n for n in known if n not in on_disk]
        changed = [n for n, s in on_disk.items() if known.get(n) != (s.size, s.mtime_ns)]
        changed.sort(key=lambda n: (on_disk[n].mtime_ns, n))
        from kvtui.store.ingest import read_and_parse_source as read_and_parse

        touched = 0
        size = _chunk_files()
        chunks = [changed[start : start + size] for start in range(0, len(changed), size)]
        source_dir = self._files.dir
        with parser_pool(len(changed)) as pool:
            # As in import_paths: workers parse the next chunk while this process
            # indexes the current one (a full rebuild is mostly parsing).
            def parse(chunk: list[str]) -> Iterable[tuple[str, ParsedSource, bytes] | str]:
                paths = [str(source_dir / name) for name in chunk]
                if pool is None:
                    return map(read_and_parse, paths)
                return pool.map(read_and_parse, paths, chunksize=32)

            upcoming = parse(chunks[0]) if chunks else iter(())
            for i, chunk in enumerate(chunks or [[]]):
                results = upcoming
                if i + 1 < len(chunks):
                    upcoming = parse(chunks[i + 1])
                parsed: dict[str, ParsedSource] = {}
                for name, outcome in zip(chunk, results, strict=True):
                    if isinstance(outcome, str):  # a refused file stays out of the index
                        said = _("sources/{name} left out of the index: {reason}")
                        self.warn(said.format(name=name, reason=outcome))
                    else:
                        parsed[name] = outcome[1]
                done = self._write(parsed, removed=removed if i == 0 else ())
                for name, reason in done.failed:
                    said = _("sources/{name} left out of the index: {reason}")
                    self.warn(said.format(name=name, reason=reason))
                touched += len(done.numbers)
        self._finish(fingerprint)
        return touched

    def _write(
        self,
        parsed: dict[str, ParsedSource],
        *,
        removed: Iterable[str] = (),
        strict: bool = False,
    ) -> Indexed:
        """Index one batch in one write transaction (which sees all earlier commits).

        ``strict`` (one fetched set): if any of its files cannot be indexed, nothing
        of the batch is committed and ``ValueError`` names the file and why.
        """
        from kvtui.store.ingest import Indexed, index_batch

        removed = list(removed)
        if not parsed and not removed:
            return Indexed()
        conn = self._conn()
        with transaction(conn):
            done = index_batch(conn, self._files, parsed, today=self.today, removed=removed)
            mine = [(name, reason) for name, reason in done.failed if name in parsed]
            if strict and mine:
                raise ValueError(f"{mine[0][0]}: {mine[0][1]}")
        return done

    def _finish(self, fingerprint: str) -> None:
        """Record the fingerprint only when every file on disk is indexed.

        Another importer may have written files whose transaction has not run yet (or
        was killed); then the fingerprint stays stale and the next opener catches up.
        """
        conn = self._conn()
        with transaction(conn):
            indexed = conn.execute("SELECT count(*) FROM files").fetchone()[0]
            on_disk = len(self._files.names())
            schema.set_meta(conn, "fingerprint", fingerprint if indexed == on_disk else "stale")
            schema.set_meta(conn, "checked_ns", str(time.time_ns()))

    # -- reading -----------------------------------------------------------------

    def _keys(self, key: str) -> list[str]:
        keys = []
        with contextlib.suppress(InvalidNumber):
            keys.append(parse_number(key).canonical)
        if isinstance(key, str) and key.strip():
            keys.append(key.strip())
        return keys

    def resolve(self, key: str) -> str | None:
        keys = self._keys(key)
        if not keys:
            return None
        return self._guarded(lambda: index.resolve(self._conn(), keys))

    def get(self, key: str) -> Kamervraag | None:
        keys = self._keys(key)
        if not keys:
            return None

        def run() -> Kamervraag | None:
            conn = self._conn()
            number = index.resolve(conn, keys)
            return index.load(conn, number, self.today) if number else None

        return self._guarded(run)

    def rows(self, query: ListQuery | None = None) -> list[ListRow]:
        """The list ``query`` describes (every set, newest first, without one)."""
        return self._guarded(lambda: index.rows(self._with_state(), query, today=self.today))

    def read(self, fn: Callable[[sqlite3.Connection, dt.date], R]) -> R:
        """Run a read-only query ``fn(index connection, today)`` under the cache's lock,
        rebuilding a corrupt index as every other read does (``store.figures`` uses it)."""
        return self._guarded(lambda: fn(self._conn(), self.today))

    def with_state(self, fn: Callable[[sqlite3.Connection, dt.date], R]) -> R:
        """Run ``fn(index connection with state.sqlite attached as st, today)`` under the
        cache's lock (watch rules and ``kvtui new`` read and write ``st``)."""
        return self._guarded(lambda: fn(self._with_state(), self.today))

    @property
    def state_saved(self) -> bool:
        """Whether reader state written now outlives this process (False: read-only)."""

        def run() -> bool:
            rows = self._with_state().execute("PRAGMA database_list").fetchall()
            return any(name == "st" and file for _, name, file in rows)

        return self._guarded(run)

    def count(self) -> int:
        return self._guarded(lambda: index.count(self._conn()))

    def pending_numbers(self) -> set[str]:
        """Numbers of answered sets whose answer text is not published yet (to re-check)."""
        return self._guarded(
            lambda: {
                r[0] for r in self._conn().execute("SELECT number FROM sets WHERE text_pending")
            }
        )

    def search(
        self,
        query: str,
        *,
        limit: int = 200,
        offset: int = 0,
        sort: str = "relevance",
        since: dt.date | None = None,
        until: dt.date | None = None,
    ) -> list[SearchHit]:
        """Hits with passages (``kvtui.query`` syntax); QuerySyntaxError/QueryTooCostly."""
        page = self.search_page(
            query, limit=limit, offset=offset, sort=sort, since=since, until=until
        )
        return page.hits

    def search_page(self, query: str, **options: Unpack[PageOptions]) -> SearchPage:
        """A page of hits with the true count and the order used (``search.search_page``,
        whose options it takes)."""
        from kvtui.store import search

        return self._guarded(
            lambda: search.search_page(self._conn(), query, today=self.today, **options)
        )

    def passage(self, number: str, terms: list[Term]) -> str:
        """The passage of a hit that ``search_page`` left without, for its page's terms."""
        from kvtui.store import search

        return self._guarded(
            lambda: search.hit_passage(self._conn(), number, terms, today=self.today)
        )

    def search_count(
        self, query: str, *, since: dt.date | None = None, until: dt.date | None = None
    ) -> int:
        from kvtui.store import search

        return self._guarded(
            lambda: search.search_count(
                self._conn(), query, today=self.today, since=since, until=until
            )
        )

    # -- reader state ------------------------------------------------------------

    def _states(self) -> StateStore:
        self._with_state()
        assert self._state is not None
        return self._state

    def state(self, number: str) -> ReaderState:
        return self._guarded(lambda: self._states().get(number))

    def set_read(self, number: str, read: bool = True) -> None:
        self._guarded(lambda: self._states().set_read(number, read))

    def set_starred(self, number: str, starred: bool) -> None:
        self._guarded(lambda: self._states().set_starred(number, starred))

    def set_position(self, number: str, position: int) -> None:
        self._guarded(lambda: self._states().set_position(number, position))

    # -- sources -----------------------------------------------------------------

    def has_source(self, name: str) -> bool:
        return self._files.exists(name)

    def read_source(self, name: str) -> bytes | None:
        return self._files.read(name)

    def source_names(self) -> list[str]:
        return self._files.names()

    def add_sources(
        self, items: Sequence[tuple[str, bytes] | tuple[str, bytes, ParsedSource]]
    ) -> list[str]:
        """Store fetched payloads (already named) and index their sets; all or nothing.

        Every payload is checked before the first byte is written, so a bad one leaves
        the cache exactly as it was (``ValueError`` names it). A payload comes with its
        record when the fetcher read it already (``store.ingest.read_payload``), and is
        not read again; else it is read here.
        """
        from kvtui.store.files import check_name
        from kvtui.store.ingest import check_read

        self._require_writable(N_("store fetched documents"))
        parsed: dict[str, ParsedSource] = {}
        payloads: dict[str, bytes] = {}
        for name, data, *record in items:
            check_name(name)
            try:
                if record:
                    check_read(name, record[0])
                parsed[name] = record[0] if record else _reparse(name, data)
            except ValueError as exc:
                raise ValueError(f"{name}: {exc}") from None
            payloads[name] = bytes(data)
        with self._lock:
            self._conn()
            with self._import_lock():
                written = self._store_files(payloads)
                try:
                    done = self._guarded(lambda: self._write(parsed, strict=True))
                except BaseException:
                    written.undo()  # the set's files go with its failed index update
                    raise
                written.keep()
                # Only a record of the directory's state: when it cannot be written
                # (a full disk) the next open finds the files and indexes them.
                with contextlib.suppress(sqlite3.Error):
                    self._finish(self._files.fingerprint())
        return done.numbers

    def import_paths(
        self, paths: list[Path], *, progress: Callable[[str], None] | None = None
    ) -> ImportReport:
        """Import source files (a directory means the files in it), grouped per set."""
        from kvtui.store.ingest import ImportReport, read_and_parse

        self._require_writable(N_("import files"))
        report = ImportReport()
        files: list[tuple[float, str, Path]] = []
        for raw in paths:
            path = Path(raw)
            try:
                if path.is_dir():
                    for entry in os.scandir(path):
                        if entry.is_file() and not entry.name.startswith("."):
                            files.append((entry.stat().st_mtime, entry.name, Path(entry.path)))
                elif path.is_file():
                    files.append((path.stat().st_mtime, path.name, path))
                else:
                    report.failed.append((str(path), _("no such file")))
            except OSError as exc:
                report.failed.append((str(path), exc.strerror or str(exc)))
        # Writers usually write a set's files together; importing in that order keeps a
        # set inside one chunk, so fewer files are read back.
        files.sort(key=lambda t: (t[0], t[1]))
        numbers: dict[str, None] = {}
        size = _chunk_files()
        chunks = [
            [str(path) for _, _, path in files[start : start + size]]
            for start in range(0, len(files), size)
        ]
        with self._lock:
            self._conn()
            with self._import_lock(), parser_pool(len(files)) as pool:

                def parse(chunk: list[str]) -> Iterable[tuple[str, ParsedSource, bytes] | str]:
                    if pool is None:
                        return map(read_and_parse, chunk)
                    return pool.map(read_and_parse, chunk, chunksize=32)  # submits at once

                upcoming = parse(chunks[0]) if chunks else iter(())
                done_files = 0
                for i, chunk in enumerate(chunks):
                    results = upcoming
                    if i + 1 < len(chunks):
                        # The workers parse the next chunk while this process writes
                        # and indexes this one; at most two chunks are in memory.
                        upcoming = parse(chunks[i + 1])
                    parsed: dict[str, ParsedSource] = {}
                    payloads: dict[str, bytes] = {}
                    origin: dict[str, str] = {}
                    for path, outcome in zip(chunk, results, strict=True):
                        if isinstance(outcome, str):
                            report.failed.append((path, outcome))
                            continue
                        name, source, data = outcome
                        parsed[name] = source
                        payloads[name] = data
                        origin[name] = path
                    self._store_files(payloads, undoable=False).keep()
                    report.imported.extend(payloads)
                    for n in self._write_collect(parsed, origin=origin, report=report):
                        numbers[n] = None
                    done_files += len(chunk)
                    if progress:
                        progress(
                            _("{done}/{total} files").format(done=done_files, total=len(files))
                        )
                self._finish(self._files.fingerprint())
        report.numbers = list(numbers)
        return report

    def _store_files(self, payloads: dict[str, bytes], *, undoable: bool = True) -> Written:
        """Write what is new or different; identical files keep their mtime."""
        changed = []
        for name, data in payloads.items():
            st = self._files.stat(name)
            if st is None or st.size != len(data) or self._files.read(name) != data:
                changed.append((name, data))
        return self._files.write_many(changed, undoable=undoable)

    def _write_collect(
        self,
        parsed: dict[str, ParsedSource],
        *,
        origin: dict[str, str] | None = None,
        report: ImportReport | None = None,
    ) -> list[str]:
        done = self._guarded(lambda: self._write(parsed))
        if report is not None:
            for name, reason in done.failed:
                report.failed.append(((origin or {}).get(name, name), reason))
        return done.numbers

    def reindex(self) -> int:
        """Rebuild the whole index from ``sources/``; returns the number of Kamervragen.

        The new index is built in a file of its own and then copied over the live one
        with SQLite's backup API in one write transaction, so readers (other processes
        included) see the old list until the new one is complete, never a partial one.
        A rebuild killed half-way leaves only that side file, which the next open removes.
        Reader state lives in ``state.sqlite`` and is not touched.
        """
        with self._lock:
            self._catch_up_on_open = False
            try:
                self._require_writable(N_("rebuild the index"))
                live = self._conn()
            finally:
                self._catch_up_on_open = True
            with self._import_lock(exclusive=True):
                # Holding the exclusive lock, no other rebuild runs: side files are stale.
                for stale in self.root.glob(f"{INDEX_NAME}.rebuild-*"):
                    with contextlib.suppress(OSError):
                        stale.unlink()
                side = self.root / f"{INDEX_NAME}.rebuild-{os.getpid()}"
                build = schema.connect(side)
                try:
                    # Nothing reads the side file while it is built, and a crash only
                    # loses it: no journal, no syncs. (A set that cannot be indexed is
                    # undone by deleting its rows, which needs no journal.)
                    build.execute("PRAGMA journal_mode = OFF")
                    build.execute("PRAGMA synchronous = OFF")
                    with transaction(build, immediate=False):
                        schema.create_schema(build)
                        schema.set_meta(build, "fingerprint", "rebuilding")
                    self._db = build
                    try:
                        self._sync_all()
                    finally:
                        self._db = live
                    schema.compact(build)
                    build.backup(live, pages=-1)  # one step: one write transaction
                finally:
                    build.close()
                    with contextlib.suppress(OSError):
                        side.unlink()
            return index.count(live)

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                with contextlib.suppress(sqlite3.Error):
                    self._db.close()
            self._db = None
            self._state = None
            if self._private is not None:
                import shutil

                shutil.rmtree(self._private, ignore_errors=True)
                self._private = None

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _reparse(name: str, data: bytes) -> ParsedSource:
    from kvtui.store.ingest import read_named

    return read_named(name, data)


def __getattr__(name: str) -> object:
    # ImportReport is part of this module's API, but readers of the index never need
    # it: import the write path's module only when someone asks.
    if name == "ImportReport":
        from kvtui.store.ingest import ImportReport

        return ImportReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
