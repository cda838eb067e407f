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

# C0 except TAB and LF, DEL, C1; plus the bidi overrides that can reorder what is shown;
# plus lone surrogates, which no terminal encoding can write (they become U+FFFD).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _visible(m: re.Match[str]) -> str:
    code = ord(m.group())
    if code < 0x20:
        return chr(0x2400 + code)  # ␀…␟ (␛ for ESC)
    if code == 0x7F:
        return "\u2421"  # ␡
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
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


# Lone surrogates: a Python ``str`` can hold them (a JSON ``"\ud800"`` escape, bytes
# decoded with ``surrogatepass``/``surrogateescape``) but UTF-8 cannot, so SQLite, the
# terminal and every encoder refuse them. They are the only code points that make a
# ``str`` unencodable.
_SURROGATES = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def valid_text(text: str) -> str:
    """``text`` with every lone surrogate replaced by U+FFFD, so it always encodes."""
    if text.isascii() or _SURROGATES.search(text) is None:
        return text
    return _SURROGATES.sub(REPLACEMENT, text)


_FIELDS: dict[type, tuple[str, ...]] = {}


def valid_strings(obj: object) -> object:
    """Make every string reachable from ``obj`` valid text (see ``valid_text``).

    Walks dataclasses (changed in place), lists and dicts (in place), tuples and sets
    (rebuilt), whatever their shape, so no field is forgotten: the store applies this to
    a set whose text SQLite refused to encode, before anything of it is stored (see
    ``kvtui.store.ingest``). Returns the cleaned object.
    """
    kind = type(obj)
    if kind is str:
        return valid_text(obj)  # type: ignore[arg-type]
    if kind is list:
        items: list = obj  # type: ignore[assignment]
        for i, value in enumerate(items):
            if type(value) in _SCALARS:
                continue
            new = valid_strings(value)
            if new is not value:
                items[i] = new
        return obj
    if kind is dict:
        mapping: dict = obj  # type: ignore[assignment]
        for key, value in list(mapping.items()):
            new_key, new = valid_strings(key), valid_strings(value)
            if new_key is not key:
                del mapping[key]
            if new_key is not key or new is not value:
                mapping[new_key] = new
        return obj
    if kind is tuple:
        values = tuple(valid_strings(v) for v in obj)  # type: ignore[union-attr]
        return obj if all(a is b for a, b in zip(values, obj, strict=True)) else values  # type: ignore[arg-type]
    if kind is set or kind is frozenset:
        cleaned = [valid_strings(v) for v in obj]  # type: ignore[union-attr]
        return kind(cleaned) if any(a is not b for a, b in zip(cleaned, obj, strict=True)) else obj  # type: ignore[call-arg,arg-type]
    if kind in _SCALARS:
        return obj
    names = _FIELDS.get(kind)
    if names is None:
        names = _FIELDS[kind] = tuple(getattr(kind, "__dataclass_fields__", ()))
    for name in names:
        value = getattr(obj, name)
        if type(value) in _SCALARS:
            continue
        new = valid_strings(value)
        if new is not value:
            object.__setattr__(obj, name, new)
    return obj


_SCALARS = frozenset({int, float, bool, type(None), bytes})
