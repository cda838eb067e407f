"""Counts in command-line messages: one plural rule, and pages that say they are pages.

Every message that counts Kamervragen goes through ``plural`` so the CLI never says
"1 Kamervragen" or a slashed plural; a page of search results that is not the whole
result says how many there are and how to see the rest.
"""

from __future__ import annotations

from kvtui.i18n import _, ngettext, number


def plural(n: int, noun: str) -> str:
    """``"1 Kamervraag"``, ``"2 Kamervragen"``, ``"0 Kamervragen"`` (and in Dutch
    ``"1.273 bronbestanden"``): the nouns the CLI counts, each with its plural forms in
    the catalogue."""
    forms = {
        "Kamervraag": ngettext("{n} Kamervraag", "{n} Kamervragen", n),
        "file": ngettext("{n} file", "{n} files", n),
        "source file": ngettext("{n} source file", "{n} source files", n),
        "result": ngettext("{n} result", "{n} results", n),
    }
    return forms[noun].format(n=number(n))


def page_note(shown: int, total: int, offset: int, query: str) -> str | None:
    """What stderr says after a page of ``search`` results, or None for a whole result.

    ``total`` is the true count; when the page is not all of it the note says so and
    names ``--limit``/``--offset``, so a silent cap never reads as the whole result.
    """
    if total == 0:
        return _("nothing found for {query}").format(query=repr(query))
    if shown == total and offset == 0:
        return None
    if shown == 0:
        said = _("no results from {first}: {results} in all")
        return said.format(first=number(offset + 1), results=plural(total, "result"))
    first, last = offset + 1, offset + shown
    where = number(shown) if offset == 0 else f"{number(first)}–{number(last)}"
    said = _("showing {where} of {total}; --limit/--offset for more")
    return said.format(where=where, total=number(total))


def count_stopped(shown: int, offset: int, reason: str) -> str:
    """What stderr says when counting every result ran out of time: the page is shown,
    and the total is said to be unknown rather than guessed."""
    first, last = offset + 1, offset + shown
    said = _("showing {first}–{last}; the total is not known: counting {reason}")
    return said.format(first=number(first), last=number(last), reason=reason.split(": ", 1)[-1])
