"""Text extraction shared by the KOOP XML and HTML parsers.

Both parsers walk lxml trees (``lxml.etree`` for XML, ``lxml.html`` for HTML share one
element API), and both must agree on what a paragraph's text is, or the same question
would read differently depending on which form was fetched. The rules:

* whitespace runs (space, tab, CR, LF, FF, VT) collapse to one space and the ends are
  stripped; U+00A0 no-break spaces are *kept*, because KOOP uses them on purpose
  ("25\u00a0juni") and readers compare against the published text;
* an element can be *skipped* (a footnote, a footnote reference): its own text and its
  children are left out, but its tail, the text that follows it, stays.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from lxml import etree

from kvtui.parse.xmlsafe import local
from kvtui.whitespace import fold_ascii as collapse

Skip = Callable[[etree._Element], bool]


def _never(_el: etree._Element) -> bool:
    return False


def raw_text(el: etree._Element, skip: Skip = _never) -> str:
    """All text under ``el`` in document order, leaving out skipped subtrees (not tails)."""
    if skip is _never or not _may_skip(el, skip):
        # libxml2's text serialiser keeps the same rules as ``itertext`` (element text
        # and every tail, never a comment's or processing instruction's own text) and
        # builds the string in C: five times faster than joining the iterator's pieces.
        # Only elements: a comment or PI passed in raises in ``itertext`` as before.
        if isinstance(el.tag, str):
            return etree.tostring(el, method="text", encoding=str, with_tail=False)
        return "".join(el.itertext())
    parts: list[str] = []
    _collect(el, skip, parts)
    return "".join(parts)


def _may_skip(el: etree._Element, skip: Skip) -> bool:
    """Whether any descendant is skipped; a skip rule with names asks lxml to look."""
    tags = getattr(skip, "tags", None)
    if tags is not None:
        return next(el.iterdescendants(*tags), None) is not None
    return any(isinstance(d.tag, str) and skip(d) for d in el.iterdescendants())


def _collect(el: etree._Element, skip: Skip, parts: list[str]) -> None:
    if isinstance(el.tag, str) and el.text:
        parts.append(el.text)
    for child in el:
        if isinstance(child.tag, str) and not skip(child):
            _collect(child, skip, parts)
        if child.tail:
            parts.append(child.tail)


def paragraph(el: etree._Element, skip: Skip = _never) -> str:
    """The collapsed text of one paragraph-like element."""
    return collapse(raw_text(el, skip))


def skip_tags(*names: str) -> Skip:
    """A skip rule that leaves out elements with these local names."""
    wanted = frozenset(names)

    def _skip(el: etree._Element) -> bool:
        return local(el.tag) in wanted

    _skip.tags = _tags(names)  # type: ignore[attr-defined]  # lets raw_text ask lxml
    return _skip


_TAGS: dict[tuple[str, ...], tuple[str, ...]] = {}


def _tags(names: tuple[str, ...]) -> tuple[str, ...]:
    """lxml tag filters for local names in any namespace (or none): ``{*}name``.

    Filtering by tag runs inside lxml's C tree walk; testing ``local(tag)`` of every
    element in Python was most of the parsers' time on big imports.
    """
    try:
        return _TAGS[names]
    except KeyError:
        found = _TAGS[names] = tuple(f"{{*}}{n}" for n in names)
        return found


def children(el: etree._Element, *names: str) -> list[etree._Element]:
    """Direct element children with one of these local names (namespace ignored)."""
    return list(el.iterchildren(*_tags(names)))


def first(el: etree._Element, *names: str) -> etree._Element | None:
    return next(el.iterchildren(*_tags(names)), None)


def descendants(el: etree._Element, *names: str) -> Iterable[etree._Element]:
    """Descendants (not ``el`` itself) with one of these local names, in document order."""
    return el.iterdescendants(*_tags(names))


def first_descendant(el: etree._Element, name: str) -> etree._Element | None:
    return next(el.iterdescendants(*_tags((name,))), None)


_YEAR_PAIR = re.compile(r"(\d{4})\s*[-\u2010-\u2015/]\s*(\d{4})")


def vergaderjaar(text: str | None) -> str | None:
    """``'Vergaderjaar 2019–2020'`` or ``'20192020'`` → ``'2019-2020'`` (metadata style)."""
    if not text:
        return None
    m = _YEAR_PAIR.search(text)
    if m:
        return f"{m[1]}-{m[2]}"
    m = re.search(r"(?<!\d)(\d{4})(\d{4})(?!\d)", text)
    if m:
        return f"{m[1]}-{m[2]}"
    return None
