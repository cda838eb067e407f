"""Opening a link only where a browser can appear.

On a server without a display ``webbrowser.open`` starts a console browser inside the
TUI or silently does nothing (frogmouth#79); over SSH it would open a browser on the
*server*. So kvtui decides from the environment whether a graphical browser can reach
the user, and otherwise shows the URL and copies it (OSC 52 reaches the user's side).

The browser is asked through ``App.open_url``: served to a web browser (``textual
serve``) that opens a tab on the *user's* machine, so there it is always used. In a
terminal Textual's driver only calls ``webbrowser.open`` (it cannot tell whether a
browser appeared), so the display rule above still decides there.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Mapping
from typing import Any

from kvtui.i18n import _
from kvtui.textsafe import inert
from kvtui.ui import clipboard

# A URL may become an OSC 8 link or reach a browser only when it cannot carry anything
# else: http(s), no whitespace, no control characters (which could end an escape early).
_SAFE_URL = re.compile(
    r"https?://[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]{1,2000}", re.IGNORECASE
)


def safe_link(url: str | None) -> str | None:
    """The URL if it may be linked and opened, else ``None``."""
    if not url:
        return None
    url = url.strip()
    return url if _SAFE_URL.fullmatch(url) else None


def can_open_browser(env: Mapping[str, str] = os.environ, platform: str = sys.platform) -> bool:
    """True when a browser started here would be seen by the person at the keyboard.

    A display (X11/Wayland) counts; macOS and Windows always have one. Over SSH only a
    forwarded X display counts (``DISPLAY`` set by ``ssh -X``); a bare SSH session
    never opens a browser, even on a Mac server.
    """
    over_ssh = bool(env.get("SSH_CONNECTION") or env.get("SSH_TTY") or env.get("SSH_CLIENT"))
    has_display = bool(env.get("DISPLAY") or env.get("WAYLAND_DISPLAY"))
    if over_ssh:
        return has_display
    return has_display or platform == "darwin" or platform.startswith(("win", "cygwin"))


def open_url(app: Any, url: str | None) -> bool:
    """Open ``url`` in a browser when one can be seen; else show and copy it.

    Returns True when a browser was asked to open it. Only http(s) URLs are opened.
    """
    target = safe_link(url)
    if target is None:
        shown = inert(url or "")
        app.notify(
            _("Not a web link: {link}").format(link=shown) if shown else _("No link here"),
            severity="warning",
            markup=False,
        )
        return False
    if getattr(app, "is_web", False) or can_open_browser():
        try:
            app.open_url(target)
        except Exception as exc:  # a broken browser setup must not close the reader
            app.notify(
                _("Could not start a browser ({error})").format(error=inert(str(exc))),
                severity="warning",
                markup=False,
            )
        else:
            app.notify(_("Opened {link}").format(link=target), markup=False)
            return True
    clipboard.copy(app, target, what=_("link – no browser here"))
    app.notify(target, title=_("Link"), timeout=15, markup=False)
    return False
