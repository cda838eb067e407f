"""Making document text inert before it reaches a terminal.

Documents come from the internet; their text may hold ESC/CSI/OSC sequences (OSC 52
writes the clipboard, OSC 8 makes links) and other C0/C1 controls. Parsers keep text
faithful; every *output* path (``show``, exports, the reader) passes it through
``inert`` so a control can be read but never acts. Rich/Textual markup is a separate
concern handled where markup is parsed: kvtui never feeds document text to a markup
parser (the UI builds ``Text``/``Content`` objects from plain strings).
"""

from __future__ import annotations

import re

# C0 except TAB and LF, DEL, C1; plus the bidi overrides that can reorder what is shown.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀…␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def inert(text: str) -> str:
    """Return ``text`` with every control character replaced by a visible stand-in.

    CR and CRLF become LF first, so Windows line ends are not shown as ␍.
    """
    if not text:
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROLS.sub(_visible, text)


def has_controls(text: str) -> bool:
    return bool(_CONTROLS.search(text.replace("\r\n", "\n").replace("\r", "\n")))
