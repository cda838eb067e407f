""" "Did you mean …?" for a mistyped subcommand (issue 10 bug 6).

The reader takes a number as its first argument, so a word that is not a subcommand used
to be read as a bad number ("kvtui lsit": "not a Kamervraag number"). A word that is a
valid number still opens the reader; a word of letters alone (numbers always have
digits) is an unknown command and exits 2 with the closest name from ``difflib``, or
the list of commands. Anything else (a mistyped number, a URL) stays the reader's to
refuse, with the list of accepted number forms.
"""

from __future__ import annotations

from kvtui.i18n import _
from kvtui.numbers import InvalidNumber, parse_number

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable


def unknown_command(word: str, commands: Iterable[str]) -> str | None:
    """The message for ``word`` when it is a mistyped subcommand, else None."""
    try:
        parse_number(word)
    except InvalidNumber:
        pass
    else:
        return None
    # Only a word of letters (and hyphens) reads as a command; a URL, a path or anything
    # with a digit is a number attempt, refused by the number gate with its forms.
    if not (word.isascii() and word[:1].isalpha() and word.replace("-", "").isalpha()):
        return None
    import difflib

    names = sorted(commands)
    close = difflib.get_close_matches(word.lower(), names, n=1, cutoff=0.6)
    if close:
        said = _("unknown command {word}; did you mean {command}?")
        return said.format(word=repr(word), command=repr(close[0]))
    said = _("unknown command {word}; commands: {commands} (or a NUMBER to read)")
    return said.format(word=repr(word), commands=", ".join(names))
