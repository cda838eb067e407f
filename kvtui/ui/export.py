"""Saving a Kamervraag as Markdown where the user will find it, never over another file.

Where (``kvtui locate export`` prints it; README "Export" and ``kvtui --help`` say it):

1. ``KVTUI_EXPORT_DIR`` when set – the user asked for it, so it is created if missing;
2. else the user's downloads folder (platformdirs) **only if it exists** – on a headless
   server kvtui used to create ``~/Downloads``, a home folder nobody asked for;
3. else the current directory.

A file of the same name is never overwritten: the export takes the next free numbered
name (``2020Z12161-2.md``), claimed with a hard link (or ``O_EXCL``) so two exports at
once cannot take the same one, and written in full before it appears. When the reader
is served to a web browser (``textual serve``) there is no useful server-side folder:
the file goes to the user's browser as a download through ``App.deliver_text``.

The Markdown itself comes from ``render.markdown``, a formatter of ``render.outline``
like the reader's own blocks, so ``kvtui show --format markdown``, the export and the
reader show the same blocks in the same words (tests/test_one_layout.py).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kvtui.i18n import _
from kvtui.model import Kamervraag
from kvtui.numbers import is_safe_id
from kvtui.render.markdown import render_markdown
from kvtui.textsafe import inert

EXPORT_DIR_ENV = "KVTUI_EXPORT_DIR"
_MAX_NUMBERED = 1000  # 2020Z12161-1000.md and then a clear refusal


def export_place(env: Mapping[str, str] = os.environ) -> tuple[Path, str]:
    """The export folder and why it is that one (for ``kvtui locate export``)."""
    given = env.get(EXPORT_DIR_ENV)
    if given:
        return Path(given).expanduser(), f"from ${EXPORT_DIR_ENV}"
    import platformdirs

    downloads = Path(platformdirs.user_downloads_dir())
    if downloads.is_dir():
        return downloads, "the user's downloads folder"
    return Path.cwd(), "the current directory (no downloads folder here)"


def export_dir(env: Mapping[str, str] = os.environ) -> Path:
    """``KVTUI_EXPORT_DIR``, else an existing downloads folder, else the current directory."""
    return export_place(env)[0]


def file_name(kamervraag: Kamervraag) -> str:
    """``{number}.md``; a number that could not be a file name is reduced to one that can."""
    number = (
        kamervraag.number
        if is_safe_id(kamervraag.number)
        else re.sub(r"[^A-Za-z0-9-]", "_", kamervraag.number)
    )
    return f"{number.strip('_-.')[:100] or 'kamervraag'}.md"


def to_markdown(kamervraag: Kamervraag, today: dt.date | None = None) -> str:
    """The renderer's Markdown (what ``kvtui show --format markdown`` prints), made inert."""
    return inert(render_markdown(kamervraag, today=today))


def _numbered(name: str, i: int) -> str:
    stem, dot, suffix = name.rpartition(".")
    return name if i == 1 else f"{stem}-{i}{dot}{suffix}"


def write_new_file(directory: Path, name: str, data: bytes) -> Path:
    """Write ``data`` as ``name`` in ``directory``, or the first free ``name-N``; never
    over an existing file. The content is complete before the name appears."""
    fd, temp = tempfile.mkstemp(prefix=".kvtui-", suffix=".md.tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:  # mkstemp: mode 0o600, the user's own file
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        for i in range(1, _MAX_NUMBERED + 1):
            target = directory / _numbered(name, i)
            try:
                os.link(temp, target)  # fails if the name is taken: no overwrite
            except FileExistsError:
                continue
            except OSError:  # no hard links here (some network or FAT file systems)
                try:
                    out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                except FileExistsError:
                    continue
                with os.fdopen(out, "wb") as f:
                    f.write(data)
            return target
        raise FileExistsError(
            f"{name} and {_MAX_NUMBERED - 1} numbered copies exist in {directory}"
        )
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def export_markdown(
    kamervraag: Kamervraag, directory: Path | None = None, *, today: dt.date | None = None
) -> Path:
    """Write ``kamervraag`` as Markdown into ``directory`` (default: ``export_dir()``);
    returns the path.

    A folder the user named (``directory`` or ``KVTUI_EXPORT_DIR``) is created if missing;
    the platform's downloads folder is used only when it exists, never created.
    ``today`` dates the "open since" wording of unanswered sets (the app's fixed day).
    """
    target_dir = directory if directory is not None else export_dir()
    if directory is not None or os.environ.get(EXPORT_DIR_ENV):
        target_dir.mkdir(parents=True, exist_ok=True)
    return write_new_file(
        target_dir, file_name(kamervraag), to_markdown(kamervraag, today).encode("utf-8")
    )


def export_with_notice(app: Any, kamervraag: Kamervraag | None) -> Path | None:
    """Export and tell the user where the file went (or why it did not).

    Served to a browser, the file is delivered as a download by ``App.deliver_text``
    (returns None: there is no path on the user's side); in a terminal it is written here.
    """
    if kamervraag is None:
        app.notify(_("Nothing to export"), severity="warning", markup=False)
        return None
    if getattr(app, "is_web", False):
        name = file_name(kamervraag)
        app.deliver_text(
            io.StringIO(to_markdown(kamervraag, getattr(app, "today", None))),
            save_filename=name,
            mime_type="text/markdown",
        )
        said = _("Sent {name} to your browser as a download").format(name=name)
        app.notify(said, title=_("Export"), markup=False)
        return None
    try:
        path = export_markdown(kamervraag, today=getattr(app, "today", None))
    except OSError as exc:
        said = _("Export failed: {error}").format(error=inert(str(exc)))
        app.notify(said, severity="error", markup=False)
        return None
    said = _("Saved {path}").format(path=path)
    if path.name != file_name(kamervraag):
        said += " (" + _("{name} exists; not overwritten").format(name=file_name(kamervraag)) + ")"
    app.notify(said, title=_("Export"), timeout=15, markup=False)
    return path
