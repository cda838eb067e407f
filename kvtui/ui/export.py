"""Saving a Kamervraag as Markdown where the user will find it.

The file goes to the downloads folder (or ``KVTUI_EXPORT_DIR``), named after the set's
number, written atomically so a crash never leaves half a file that looks complete.
The Markdown itself comes from ``render.markdown``, a formatter of ``render.outline``
like the reader's own blocks, so ``kvtui show --format markdown``, the export and the
reader show the same blocks in the same words (tests/test_one_layout.py).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

from kvtui.model import Kamervraag
from kvtui.numbers import is_safe_id
from kvtui.render.markdown import render_markdown
from kvtui.store.files import replace_file
from kvtui.textsafe import inert

EXPORT_DIR_ENV = "KVTUI_EXPORT_DIR"


def export_dir() -> Path:
    """``KVTUI_EXPORT_DIR`` when set, else the user's downloads folder."""
    env = os.environ.get(EXPORT_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_downloads_dir())


def file_name(kv: Kamervraag) -> str:
    """``{number}.md``; a number that could not be a file name is reduced to one that can."""
    number = kv.number if is_safe_id(kv.number) else re.sub(r"[^A-Za-z0-9-]", "_", kv.number)
    return f"{number.strip('_-.')[:100] or 'kamervraag'}.md"


def to_markdown(kv: Kamervraag, today: dt.date | None = None) -> str:
    """The renderer's Markdown (what ``kvtui show --format markdown`` prints), made inert."""
    return inert(render_markdown(kv, today=today))


def export_markdown(
    kv: Kamervraag, directory: Path | None = None, *, today: dt.date | None = None
) -> Path:
    """Write ``kv`` as Markdown into ``directory`` (default: ``export_dir()``); returns the path.

    ``today`` dates the "open since" wording of unanswered sets (the app's fixed day).
    """
    target_dir = directory if directory is not None else export_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    target = target_dir / file_name(kv)
    data = to_markdown(kv, today).encode("utf-8")
    # 0o600 as mkstemp made it before: an export is the user's own file
    replace_file(target, data, temp_prefix=".kvtui-", temp_suffix=".md.tmp", mode=0o600)
    return target


def export_with_notice(app: Any, kv: Kamervraag | None) -> Path | None:
    """Export and tell the user where the file went (or why it did not)."""
    if kv is None:
        app.notify("Nothing to export", severity="warning", markup=False)
        return None
    try:
        path = export_markdown(kv, today=getattr(app, "today", None))
    except OSError as exc:
        app.notify(f"Export failed: {inert(str(exc))}", severity="error", markup=False)
        return None
    app.notify(f"Saved {path}", title="Export", markup=False)
    return path
