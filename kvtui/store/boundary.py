"""The cache directory as a boundary: what kvtui accepts to find there before using it.

A cache may come from someone else (``rsync``/``scp``), sit on a read-only mount or a
full disk, or hold things kvtui never made: a symlink where ``index.sqlite`` should be
(SQLite would follow it and rewrite the file it points to), a FIFO named like the lock,
a directory named like a database. The rules:

* kvtui never follows a symlink inside the cache, so nothing outside it is written: a
  link in place of the derived index (or its ``-wal``/``-shm`` side files) is removed,
  and the index is rebuilt; a link in place of the reader state is set aside (renamed,
  never followed) with a warning; ``sources/`` as a link is refused with a message.
* every shape kvtui cannot work with (the cache path is a file or a device, ``sources``
  is a file, a database is a directory) is one clear message (``CacheError``), never
  a traceback.

The cache root itself may be a symlink: that one the user chose.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from kvtui.i18n import N_, _

SIDE_SUFFIXES = ("-wal", "-shm", "-journal")


class CacheError(Exception):
    """The cache cannot be used as it is; the message says why, in one line."""


class NoCache(CacheError):
    """A reading command was pointed at a cache that does not exist (often a typo)."""


class CacheFull(CacheError):
    """The disk holding the cache is full (the message names it)."""


class CacheReadOnly(CacheError):
    """The cache cannot be written (a read-only mount or directory)."""


def kind_of(path: Path | str) -> str:
    """'absent', 'file', 'dir', 'link' or 'other' (FIFO, device, socket), by lstat."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "absent"
    except NotADirectoryError:
        return "absent"
    if stat.S_ISLNK(mode):
        return "link"
    if stat.S_ISREG(mode):
        return "file"
    if stat.S_ISDIR(mode):
        return "dir"
    return "other"


_KIND_WORDS = {
    "link": N_("a symbolic link"),
    "shared": N_("a hard link to a file with another name"),
    "dir": N_("a directory"),
    "other": N_("not a regular file (a FIFO, device or socket)"),
    "file": N_("a file"),
}


def _kind_word(kind: str) -> str:
    return _(_KIND_WORDS[kind])


def check_root(root: Path, *, create: bool) -> None:
    """The cache directory exists (created when ``create``) and is a directory."""
    try:
        st = os.stat(root)  # the root may be a link the user made: followed
    except FileNotFoundError:
        if not create:
            return
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            said = _("cannot create the cache directory {root}: {error}")
            raise CacheError(said.format(root=root, error=describe(exc))) from None
        return
    except NotADirectoryError:
        said = _("the cache directory {root} cannot exist: a part of its path is a file")
        raise CacheError(said.format(root=root)) from None
    except OSError as exc:
        said = _("cannot use the cache directory {root}: {error}")
        raise CacheError(said.format(root=root, error=describe(exc))) from None
    if not stat.S_ISDIR(st.st_mode):
        said = _(
            "the cache directory {root} is not a directory; choose another with --cache "
            "or KVTUI_CACHE_DIR"
        )
        raise CacheError(said.format(root=root))


def check_sources(directory: Path) -> None:
    """``sources/`` is absent or a real directory (never a link, never a file)."""
    kind = kind_of(directory)
    if kind in ("absent", "dir"):
        return
    if kind == "link":
        said = _(
            "{path} is {kind}, not a directory; kvtui never follows links inside its cache "
            "(point --cache at the real directory)"
        )
    else:
        said = _("{path} is {kind}, not a directory")
    raise CacheError(said.format(path=directory, kind=_kind_word(kind)))


def clear_derived(path: Path, warn: list[str] | None = None) -> bool:
    """Make ``path`` (the derived index) and its side files safe to open; True if the
    index itself was removed. Links and FIFOs are removed (only the link, never what it
    points to); a directory is refused, since it may hold someone's data."""
    removed = False
    for suffix in ("", *SIDE_SUFFIXES):
        p = Path(f"{path}{suffix}")
        kind = kind_of(p)
        if kind == "file" and suffix in ("", "-wal") and is_shared(p):
            kind = "shared"  # a hard link: writing it would write the file elsewhere too
        if kind in ("absent", "file"):
            continue
        if kind == "dir":
            said = _(
                "{path} is a directory; kvtui keeps its index there: move it away and try again"
            )
            raise CacheError(said.format(path=p))
        try:
            os.unlink(p)
        except OSError as exc:
            said = _("cannot remove {path} ({kind}): {error}")
            raise CacheError(
                said.format(path=p, kind=_kind_word(kind), error=describe(exc))
            ) from None
        if suffix == "":
            removed = True
        if warn is not None:
            said = _("{name} was {kind}; kvtui removed it and made its own")
            warn.append(said.format(name=p.name, kind=_kind_word(kind)))
    if removed:  # a link's side files belonged to the file it pointed to
        for suffix in SIDE_SUFFIXES:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(f"{path}{suffix}")
    return removed


def set_aside_odd(path: Path, warn: list[str] | None = None) -> None:
    """Make a file kvtui keeps (reader state) safe to open without losing anything:
    a link or FIFO in its place is renamed aside (not followed), as are side files."""
    kind = kind_of(path)
    if kind == "dir":
        said = _("{path} is a directory; kvtui keeps its reader state there: move it away")
        raise CacheError(said.format(path=path))
    if kind in ("link", "other"):
        aside = set_aside(path, "not-a-file")
        if warn is not None:
            said = _(
                "{name} was {kind}; kvtui did not follow it, renamed it "
                "to {aside} and started a new one"
            )
            warn.append(said.format(name=path.name, kind=_kind_word(kind), aside=aside.name))
    for suffix in SIDE_SUFFIXES:
        side = Path(f"{path}{suffix}")
        if kind_of(side) in ("link", "other"):
            os.unlink(side)
    if kind == "file" and (is_shared(path) or is_shared(Path(f"{path}-wal"))):
        try:
            _private_copy(path)
        except Exception:  # not copyable: our name goes aside, nothing is lost
            set_aside(path, "shared")
        if warn is not None:
            said = _(
                "{name} was {kind}; kvtui now keeps its own copy, "
                "so the other name is never written"
            )
            warn.append(said.format(name=path.name, kind=_kind_word("shared")))


def is_shared(path: Path) -> bool:
    """A regular file that has another name (a hard link) somewhere else."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return stat.S_ISREG(st.st_mode) and st.st_nlink > 1


def _private_copy(path: Path) -> None:
    """Replace ``path`` (an SQLite file with a hard link elsewhere) by a copy of its
    own: SQLite's backup reads it consistently, WAL included, and the rename breaks the
    link; the file's other name keeps its data, untouched."""
    import sqlite3

    tmp = path.with_name(f".tmp-{os.getpid()}-{path.name}-copy")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(tmp)
    src = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()
    for suffix in SIDE_SUFFIXES:  # the copy holds what the WAL held
        with contextlib.suppress(FileNotFoundError):
            os.unlink(f"{path}{suffix}")
    os.replace(tmp, path)


def set_aside(path: Path, why: str) -> Path:
    """Rename ``path`` (and its side files) to ``{name}.{why}-{stamp}``; returns it."""
    import datetime as dt

    stamp = dt.datetime.now().strftime("%Y%m%d%H%M%S")
    aside = path.with_name(f"{path.name}.{why}-{stamp}")
    n = 1
    while kind_of(aside) != "absent":
        n += 1
        aside = path.with_name(f"{path.name}.{why}-{stamp}-{n}")
    os.replace(path, aside)
    for suffix in SIDE_SUFFIXES:
        side = Path(f"{path}{suffix}")
        if kind_of(side) == "file":
            os.replace(side, Path(f"{aside}{suffix}"))
        elif kind_of(side) != "absent":
            os.unlink(side)
    return aside


def open_lock(path: Path) -> int:
    """Open (creating) the advisory lock file without following a link or blocking."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    for _attempt in range(3):
        kind = kind_of(path)
        if kind in ("link", "other"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)  # the link itself; an empty lock file holds nothing
        elif kind == "dir":
            said = _("{path} is a directory; kvtui uses that name for its lock file")
            raise CacheError(said.format(path=path))
        try:
            fd = os.open(path, flags, 0o644)
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENXIO, errno.EEXIST):
                continue  # swapped in between: look again
            raise
        if stat.S_ISREG(os.fstat(fd).st_mode):
            return fd
        os.close(fd)
    raise CacheError(
        _("cannot open the lock file {path}: it keeps being replaced").format(path=path)
    )


def is_full(exc: BaseException, where: Path | None = None) -> bool:
    """Whether an error is a full disk (or quota), from the OS or from SQLite.

    SQLite reports a full disk met while growing its shared-memory file as a plain
    "disk I/O error"; with ``where`` given, such an error counts as a full disk when
    that file system has no free space left.
    """
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    text = str(exc).lower()
    if "disk is full" in text or "no space left" in text or "disk quota" in text:
        return True
    return where is not None and "i/o error" in text and no_space(where)


def no_space(where: Path) -> bool:
    try:
        st = os.statvfs(where)
    except (OSError, AttributeError):
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def is_read_only(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return True
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text


def describe(exc: BaseException, where: Path | None = None) -> str:
    """An OS or SQLite error in a few words, naming a full disk or read-only mount."""
    if is_full(exc, where):
        return _("the disk holding the cache is full, no space left")
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)
