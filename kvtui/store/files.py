"""The ``sources/`` directory: raw payloads, one file per document, written atomically.

The index is derived from these files, so they must never be half-written: each file is
written to a ``.tmp-`` file in the same directory, flushed, fsynced and renamed over its
final name, and the directory is fsynced so the rename survives a crash. A process killed
mid-write leaves only a ``.tmp-`` file, which readers ignore and later writers remove.

File names are the only path component built from document data, so every name is
checked against the cache-name convention before it touches the file system.
"""

from __future__ import annotations

import contextlib
import os
import stat as stat_mod
import time
from dataclasses import dataclass, field
from pathlib import Path

from kvtui.cachenames import parse_cache_name

TEMP_PREFIX = ".tmp-"
_STALE_TEMP_SECONDS = 3600
_SMALL_BATCH = 16  # up to this many files: fsync each; more: one syncfs


class BadSourceName(ValueError):
    """A name that is not a cache file name (and so never becomes a path)."""


def check_name(name: str) -> str:
    """Return ``name`` when it follows the sources/ naming convention, else raise."""
    if parse_cache_name(name) is None:
        raise BadSourceName(f"not a cache file name: {name!r:.80}")
    return name


def is_source_name(name: str) -> bool:
    try:
        check_name(name)
    except BadSourceName:
        return False
    return True


@dataclass(frozen=True, slots=True)
class SourceStat:
    name: str
    size: int
    mtime_ns: int


class SourceFiles:
    """Atomic reads and writes of the files in one ``sources/`` directory."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        # Plain strings for the per-file hot paths of a big import: pathlib's joins
        # cost more than the system calls they lead to.
        self._dir = os.fspath(directory)

    def ensure(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)

    def path(self, name: str) -> Path:
        return self.dir / check_name(name)

    # Only regular files are sources. Whatever else carries a source's name (a symlink
    # to an 8 GB file or to /dev/zero, a FIFO that would block every reader, a
    # directory) is not one: it is never followed, opened or counted.

    def exists(self, name: str) -> bool:
        return self.stat(name) is not None

    def read(self, name: str) -> bytes | None:
        """The file's bytes; None when it is absent, not a regular file or too large."""
        if not is_source_name(name):
            return None
        return read_regular(os.path.join(self._dir, name), MAX_FILE_BYTES)

    def names(self) -> list[str]:
        """Every complete source file (temp files and strays are not sources)."""
        return [s.name for s in self._entries(stat=False)]

    def stats(self) -> list[SourceStat]:
        return self._entries(stat=True)

    def _entries(self, *, stat: bool) -> list[SourceStat]:
        out: list[SourceStat] = []
        try:
            it = os.scandir(self.dir)
        except (FileNotFoundError, NotADirectoryError):
            return out
        with it:
            for entry in it:
                name = entry.name
                if name.startswith(".") or not is_source_name(name):
                    continue
                try:  # the directory entry's type: no extra system call, no link followed
                    if not entry.is_file(follow_symlinks=False):
                        continue
                    st = entry.stat(follow_symlinks=False) if stat else None
                except OSError:
                    continue
                out.append(
                    SourceStat(name, st.st_size, st.st_mtime_ns) if st else SourceStat(name, 0, 0)
                )
        out.sort(key=lambda s: s.name)
        return out

    def stat(self, name: str) -> SourceStat | None:
        if not is_source_name(name):
            return None
        try:
            st = os.lstat(os.path.join(self._dir, name))
        except (FileNotFoundError, NotADirectoryError):
            return None
        if not stat_mod.S_ISREG(st.st_mode):
            return None
        return SourceStat(name, st.st_size, st.st_mtime_ns)

    def fingerprint(self) -> str:
        """A one-stat summary that changes whenever a file is added, replaced or removed.

        Every write here ends in a rename, and ``rsync``/``scp`` add files the same way,
        which updates the directory's mtime; so comparing it costs one ``stat`` at open
        instead of a listing of 200,000 files.
        """
        try:
            st = os.stat(self.dir)
        except FileNotFoundError:
            return "absent"
        return f"{st.st_ino}:{st.st_mtime_ns}"

    def write(self, name: str, data: bytes) -> None:
        self.write_many([(name, data)]).keep()

    def write_many(self, items: list[tuple[str, bytes]], *, undoable: bool = True) -> Written:
        """Write every file atomically: all data durable first, then the renames.

        All or nothing: a failure at any file (a write error, a full disk) removes what
        this call wrote and puts back what it replaced, then raises. On success the
        caller decides: ``keep()`` the new files, or ``undo()`` them when what follows
        (indexing the set) fails, so a failed store leaves ``sources/`` as it was.
        ``undoable=False`` (a bulk import, which keeps each good file on its own) skips
        the second names: a failure then removes the files not yet renamed, and the
        complete files already in place stay, as each is whole.

        A small batch fsyncs each file; a big one flushes the file system once
        (``syncfs``), which is what makes a bulk import fast: one flush instead of
        thousands, with the same guarantee that no rename ever exposes unsynced data.
        """
        written = Written(self)
        if not items:
            return written
        for name, _ in items:
            check_name(name)
        self.ensure()
        temps: list[tuple[str, str]] = []
        bulk = len(items) > _SMALL_BATCH
        join, prefix = os.path.join, f"{TEMP_PREFIX}{os.getpid()}-"
        renamed = 0
        try:
            for name, data in items:
                tmp = join(self._dir, prefix + os.urandom(6).hex())  # as secrets does
                temps.append((tmp, name))
                _write_file(tmp, bytes(data), sync=not bulk)
            if bulk and not self._syncfs():
                for tmp, _ in temps:
                    fd = os.open(tmp, os.O_RDONLY)
                    try:
                        os.fsync(fd)
                    finally:
                        os.close(fd)
            for tmp, name in temps:
                final = join(self._dir, name)
                if undoable:
                    written.placed.append((final, self._backup(final, prefix)))
                os.replace(tmp, final)
                renamed += 1
        except BaseException:
            for tmp, _ in temps[renamed:]:  # not renamed: remove them
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
            if renamed < len(written.placed):  # its backup was made, its rename failed
                final, backup = written.placed.pop()
                if backup is not None:
                    with contextlib.suppress(OSError):
                        if os.path.lexists(final):  # a second link to the untouched file
                            os.unlink(backup)
                        else:  # moved aside: put it back
                            os.replace(backup, final)
            with contextlib.suppress(OSError):
                written.undo()
            raise
        self._sync_dir()
        return written

    def _backup(self, final: str, prefix: str) -> str | None:
        """A second name for the file about to be replaced (None: there is none).

        A hard link costs no data blocks, so it works on a full disk; where links are
        not possible the file itself is moved aside (the rename that follows puts the
        new one in place at once, and the import lock keeps readers from catching up
        in between).
        """
        try:
            st = os.lstat(final)
        except FileNotFoundError:
            return None
        backup = os.path.join(self._dir, prefix + os.urandom(6).hex() + ".old")
        if stat_mod.S_ISREG(st.st_mode):
            try:
                os.link(final, backup, follow_symlinks=False)
                return backup
            except OSError:
                pass
        os.replace(final, backup)  # a symlink or a FIFO too: moved aside, never followed
        return backup

    def _syncfs(self) -> bool:
        """Flush the file system holding ``sources/`` in one call (Linux); False if unable."""
        try:
            import ctypes

            syncfs = ctypes.CDLL(None, use_errno=True).syncfs
        except (OSError, AttributeError):
            return False
        fd = os.open(self.dir, os.O_RDONLY)
        try:
            return syncfs(fd) == 0
        finally:
            os.close(fd)

    def remove_stale_temp(self, *, max_age: float = _STALE_TEMP_SECONDS) -> int:
        """Remove temp files left by killed processes (by age, or by a dead pid)."""
        removed = 0
        now = time.time()
        try:
            entries = list(os.scandir(self.dir))
        except FileNotFoundError:
            return 0
        for entry in entries:
            if not entry.name.startswith(TEMP_PREFIX):
                continue
            try:
                age = now - entry.stat().st_mtime
            except FileNotFoundError:
                continue
            if age > max_age or not _pid_alive(entry.name):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
        return removed

    def _sync_dir(self) -> None:
        try:
            fd = os.open(self.dir, os.O_RDONLY)
        except OSError:
            return
        try:
            os.fsync(fd)
        except OSError:
            pass
        finally:
            os.close(fd)


@dataclass(slots=True)
class Written:
    """Files one ``write_many`` put in place, each with the name of what it replaced."""

    files: SourceFiles
    placed: list[tuple[str, str | None]] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [os.path.basename(final) for final, _ in self.placed]

    def keep(self) -> None:
        """The new files stay: drop the second names of the old ones."""
        for _, backup in self.placed:
            if backup is not None:
                with contextlib.suppress(OSError):
                    os.unlink(backup)
        self.placed = []

    def undo(self) -> None:
        """Put back what was replaced and remove what was new, newest first."""
        failed: OSError | None = None
        for final, backup in reversed(self.placed):
            try:
                if backup is None:
                    os.unlink(final)
                else:
                    os.replace(backup, final)
            except FileNotFoundError:
                pass
            except OSError as exc:  # keep going: put back as much as can be
                failed = failed or exc
        self.placed = []
        if self.files is not None:
            self.files._sync_dir()
        if failed is not None:
            raise failed


# A source is at most this large (the importer's cap, kvtui.store.ingest); a file
# in the cache that is larger was not written by kvtui and is not read whole.
MAX_FILE_BYTES = 64 * 1024 * 1024
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def read_regular(path: str | os.PathLike[str], limit: int, *, follow: bool = False) -> bytes | None:
    """The bytes of the regular file at ``path``, read to at most ``limit`` bytes.

    None when there is no such regular file or it holds more than ``limit`` bytes.
    Never blocks and never reads more than ``limit + 1`` bytes, however the file got
    there: a final symlink is not followed (unless ``follow``: a path the user gave),
    the open is non-blocking (a FIFO cannot hang it) and the type is checked on the
    open file itself (``fstat``), so nothing can be swapped in between.
    """
    try:
        if not follow and not stat_mod.S_ISREG(os.lstat(path).st_mode):
            return None  # a device or FIFO is not even opened
        fd = os.open(path, _READ_FLAGS | (0 if follow else _NOFOLLOW))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat_mod.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        data = os.read(fd, st.st_size + 1)  # one read for a file at rest
        if len(data) <= st.st_size:
            return data
        chunks = [data]  # it grew while being read: go on, to the cap
        got = len(data)
        while got <= limit and (chunk := os.read(fd, min(1 << 20, limit + 1 - got))):
            chunks.append(chunk)
            got += len(chunk)
        return None if got > limit else b"".join(chunks)
    except OSError:
        return None
    finally:
        os.close(fd)


def replace_file(
    path: Path, data: bytes, *, temp_prefix: str = TEMP_PREFIX, temp_suffix: str = "", mode: int
) -> None:
    """Replace ``path`` by ``data`` so that a reader sees the old file or the new, never half.

    For the single files kept beside the cache and the user's own files (validators,
    config, exports): a ``{temp_prefix}{pid}-…{temp_suffix}`` file beside it, fsynced,
    renamed over it; the pid lets a later sweep tell a killed writer's file from a live one.
    """
    tmp = os.path.join(
        path.parent, f"{temp_prefix}{os.getpid()}-{os.urandom(4).hex()}{temp_suffix}"
    )
    try:
        _write_file(tmp, data, sync=True, mode=mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _write_file(path: str, data: bytes, *, sync: bool, mode: int = 0o644) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
        if sync:
            os.fsync(fd)
    finally:
        os.close(fd)


def _pid_alive(temp_name: str) -> bool:
    """Whether the process that wrote ``.tmp-{pid}-…`` still runs (True when unsure)."""
    try:
        pid = int(temp_name[len(TEMP_PREFIX) :].split("-", 1)[0])
    except ValueError:
        return True
    return pid_alive(pid)


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs (True when unsure, and for this process)."""
    if pid == os.getpid() or os.name == "nt":  # os.kill there terminates instead of probing
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, but not ours to signal
    return True
