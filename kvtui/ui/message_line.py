"""What the main screen's message line shows: a message as ``Content``, and how many
of them the screen remembers.

Toasts in the corner covered the text at 80 columns and vanished before they were read;
the main screen says things on a line of its own above the footer instead, and keeps
the last ones (``MainScreen.messages``). Building the line's content is a plain
function, tested without the app.
"""

from __future__ import annotations

from textual.content import Content

KEPT = 50  # recent messages the screen remembers


def content(message: str, *, title: str = "", markup: bool = True) -> Content:
    """``message`` as ``Content`` (markup only where the caller said so; a stray ``[``
    in a message of ours shown as written rather than raising), after ``title``."""
    shown = Content(message)
    if markup:
        try:
            shown = Content.from_markup(message)
        except Exception:
            shown = Content(message)
    if title:
        shown = Content.assemble((f"{title}: ", "bold"), shown)
    return shown
