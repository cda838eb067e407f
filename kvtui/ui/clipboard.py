"""Copying to the user's clipboard from a terminal app, including over SSH.

``App.copy_to_clipboard`` sends OSC 52, which the *user's* terminal turns into a
clipboard write – the only way that works when kvtui runs on a server over SSH. The
text is made inert first: a document's own ESC/OSC sequences must not reach the
terminal by way of the clipboard either (some terminals paste them back raw).
"""

from __future__ import annotations

from typing import Protocol

from kvtui.i18n import _, ngettext, number
from kvtui.textsafe import inert

# Terminals and tmux cap OSC 52 payloads (often ~100 kB of base64); say so rather than
# let a large copy fail silently.
LARGE_COPY = 74_000


class _CopyApp(Protocol):
    def copy_to_clipboard(self, text: str) -> None: ...

    def notify(self, message: str, *, severity: str = ..., markup: bool = ...) -> None: ...


def copy(app: _CopyApp, text: str | None, what: str = "") -> int:
    """Copy ``text`` (made inert) and tell the user; returns the number of characters."""
    label = f" ({what})" if what else ""
    if not text:
        app.notify(_("Nothing to copy") + label, severity="warning", markup=False)
        return 0
    safe = inert(text)
    app.copy_to_clipboard(safe)
    n = len(safe)
    message = ngettext("Copied {n} character", "Copied {n} characters", n).format(n=number(n))
    message += label
    if len(safe.encode()) > LARGE_COPY:
        message += " – " + _("large copies may be refused by the terminal or tmux")
        app.notify(message, severity="warning", markup=False)
    else:
        app.notify(message, markup=False)
    return len(safe)
