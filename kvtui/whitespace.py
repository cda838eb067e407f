"""How runs of whitespace are folded to one space: the three policies, side by side.

They differ on purpose, and each caller picks the one whose reason fits:

* ``fold_ascii``: document text (paragraphs, titles, names). Only ASCII whitespace
  (space, tab, CR, LF, FF, VT) is folded. A no-break space (U+00A0) is the author's
  ("25\u00a0juni") and stays; NEL (U+0085), U+001C-U+001F and U+2028/9 stay too, so
  that ``inert`` can show them instead of their vanishing (``str.split`` would eat them).
* ``fold_xml``: attribute and element values of KOOP's metadata. XML's own whitespace
  (space, tab, CR, LF) is folded, as an XML reader would; FF and VT are not XML
  whitespace and are left for the caller to see.
* ``fold_all``: one line on a screen or in a message (a list cell, an error's cause).
  Every Unicode whitespace run becomes one space (``str.split``): what matters there is
  that nothing breaks the line, not the author's spacing. Document text goes through
  ``inert`` first, so controls are already visible and are not folded away.

All three are linear in the text's length.
"""

from __future__ import annotations

import re

ASCII_SPACE = " \t\n\r\f\v"
XML_SPACE = " \t\r\n"

# Only runs that change are matched (two or more, or one that is not a plain space):
# most text has single spaces only, and matching each of them made this the parsers'
# hottest line.
_ASCII_RUN = re.compile(r"[ \t\n\r\f\v]{2,}|[\t\n\r\f\v]")
_XML_RUN = re.compile(r"[ \t\r\n]+")

# Every run, for callers that fold around something of their own (a footnote mark, a
# Markdown marker) and so split or substitute word by word: the ``fold_ascii`` policy.
ASCII_RUN = re.compile(r"[ \t\n\r\f\v]+")


def fold_ascii(text: str | None) -> str:
    """ASCII whitespace runs become one space, the ends are stripped; "" for None."""
    if not text:
        return ""
    # Most paragraphs hold only single spaces: ``in`` scans in C far faster than a
    # regex pass that finds nothing to replace.
    if "  " in text or "\n" in text or "\t" in text or "\r" in text or "\f" in text or "\v" in text:
        text = _ASCII_RUN.sub(" ", text)
    return text.strip(" ")


def fold_xml(text: str) -> str:
    """XML whitespace runs become one space, the ends are stripped."""
    # Most values hold single spaces only, which the regex would replace by themselves.
    if "  " in text or "\n" in text or "\t" in text or "\r" in text:
        text = _XML_RUN.sub(" ", text)
    return text.strip(" ")


def fold_all(text: str | None) -> str:
    """Every Unicode whitespace run becomes one space, the ends are stripped."""
    return " ".join((text or "").split())
