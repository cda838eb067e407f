"""The search language: what people type into ``kvtui search`` and the reader's ``s``.

One parser for both, so a query means the same everywhere. It reads

* words (all required), ``"exact phrase"``, ``prefix*``, ``OR``, ``NOT word`` / ``-word``,
  ``NEAR(a b, 5)`` and parentheses;
* fields: ``titel:``/``title:``, ``indiener:``/``submitter:``, ``partij:``/``party:``,
  ``minister:``/``door:``/``by:``, ``ministerie:``/``ministry:``, ``onderwerp:``/``topic:``,
  ``status:``, and the dates ``sinds:``/``since:`` and ``tot:``/``until:``;
* any document number form (``2020D25948``, ``ah-tk-…``), which finds its set.

It returns a small tree and knows nothing of SQLite: ``kvtui.store.querysql`` turns the
tree into FTS5 and SQL. Every mistake is one ``QuerySyntaxError`` that says what is wrong
and where, so no input reaches the index as an FTS syntax error. The scan is one pass
over the text (no regular expressions), and nesting is capped, so parsing stays linear.
"""

from __future__ import annotations

import datetime as dt

from kvtui.dates import date_bound
from kvtui.i18n import N_, _
from kvtui.numbers import DocNumber, parse_number_or_none
from kvtui.whitespace import fold_all

MAX_DEPTH = 8  # parentheses inside parentheses
MAX_NEAR = 100  # the widest NEAR distance, in words
NEAR_DEFAULT = 10  # FTS5's own default

# The name typed before ":" → the field it means.
FIELDS = {
    "titel": "title",
    "title": "title",
    "indiener": "submitter",
    "submitter": "submitter",
    "partij": "party",
    "party": "party",
    "minister": "minister",
    "door": "minister",
    "by": "minister",
    "ministerie": "ministry",
    "ministry": "ministry",
    "onderwerp": "topic",
    "topic": "topic",
    "status": "status",
    "sinds": "since",
    "since": "since",
    "tot": "until",
    "until": "until",
}
# The word after ``status:`` → the state it names (the choices of ``kvtui list --status``
# plus ``pending``, an answer whose text is not published yet).
STATUSES = {
    "open": "open",
    "answered": "answered",
    "beantwoord": "answered",
    "postponed": "postponed",
    "uitgesteld": "postponed",
    "withdrawn": "withdrawn",
    "ingetrokken": "withdrawn",
    "overdue": "overdue",
    "te laat": "overdue",
    "telaat": "overdue",
    "te-laat": "overdue",
    "pending": "pending",
    "text pending": "pending",
    "text-pending": "pending",
}
OPERATORS = ("AND", "OR", "NOT")


class QuerySyntaxError(ValueError):
    """A query that cannot be read; the message names the place (1-based character).

    ``message`` is an English msgid with ``{placeholders}`` filled from ``values``; the
    parser is a pure layer, so the text is put into the language of the run when it is
    read (``reason``, ``str``), where the CLI or the reader shows it.
    """

    def __init__(self, message: str, position: int, query: str, **values: object) -> None:
        self.template = message
        self.values = values
        self.position = position
        self.query = query
        super().__init__(message, position)

    @property
    def reason(self) -> str:
        return _(self.template).format(**self.values)

    def __str__(self) -> str:
        near = self.query[max(0, self.position - 10) : self.position + 20]
        said = _("{reason} (character {n}: {near})")
        return said.format(reason=self.reason, n=self.position + 1, near=repr(near))


# -- the tree ---------------------------------------------------------------------------


class _Value:
    """Value semantics for the tree's small classes: immutable, equal when of one class
    with equal fields, hashable, a readable repr. Plain classes with ``__slots__`` rather
    than frozen dataclasses, whose creation cost ~1 ms each of every search's start-up."""

    __slots__ = ()

    def _set(self, **values: object) -> None:
        for name, value in values.items():
            object.__setattr__(self, name, value)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _fields(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._fields() == other._fields()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash((type(self).__name__, *self._fields()))

    def __repr__(self) -> str:
        said = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.__slots__)
        return f"{type(self).__name__}({said})"


class Text(_Value):
    """Words that must stand together: one word (``covid-19`` is two tokens) or a
    quoted phrase; with ``prefix`` the last word may go on (``stikstof*``)."""

    __slots__ = ("phrase", "prefix", "text")
    text: str
    prefix: bool
    phrase: bool  # typed in quotes

    def __init__(self, text: str, prefix: bool = False, phrase: bool = False) -> None:
        self._set(text=text, prefix=prefix, phrase=phrase)


class Near(_Value):
    __slots__ = ("distance", "items")
    items: tuple[Text, ...]
    distance: int

    def __init__(self, items: tuple[Text, ...], distance: int = NEAR_DEFAULT) -> None:
        self._set(items=items, distance=distance)


class Field(_Value):
    """``name:value`` for a field answered from the set's own columns (not from FTS,
    except ``title``, whose value is a ``Text``)."""

    __slots__ = ("name", "text", "value")
    name: str  # a value of FIELDS
    value: str
    text: Text | None  # title: the words to find in the title

    def __init__(self, name: str, value: str, text: Text | None = None) -> None:
        self._set(name=name, value=value, text=text)


class Status(_Value):
    __slots__ = ("state",)
    state: str  # a value of STATUSES

    def __init__(self, state: str) -> None:
        self._set(state=state)


class DateBound(_Value):
    __slots__ = ("day", "name")
    name: str  # "since" or "until"
    day: dt.date

    def __init__(self, name: str, day: dt.date) -> None:
        self._set(name=name, day=day)


class Number(_Value):
    __slots__ = ("number",)
    number: DocNumber

    def __init__(self, number: DocNumber) -> None:
        self._set(number=number)


class Not(_Value):
    __slots__ = ("child",)
    child: Node

    def __init__(self, child: Node) -> None:
        self._set(child=child)


class And(_Value):
    __slots__ = ("children",)
    children: tuple[Node, ...]

    def __init__(self, children: tuple[Node, ...]) -> None:
        self._set(children=children)


class Or(_Value):
    __slots__ = ("children",)
    children: tuple[Node, ...]

    def __init__(self, children: tuple[Node, ...]) -> None:
        self._set(children=children)


Node = Text | Near | Field | Status | DateBound | Number | Not | And | Or


# -- scanning ---------------------------------------------------------------------------


class _Token(_Value):
    __slots__ = ("glued", "kind", "pos", "star", "text")
    kind: str  # "word", "quote", "(", ")", ","
    text: str
    pos: int
    glued: bool  # no space before it (a quote right after "titel:")
    star: bool  # a quote with "*" right after its closing mark

    def __init__(
        self, kind: str, text: str, pos: int, glued: bool = False, star: bool = False
    ) -> None:
        self._set(kind=kind, text=text, pos=pos, glued=glued, star=star)


_BREAKS = frozenset(' \t\n\r\f\v"(),')


def _tokens(query: str) -> list[_Token]:
    out: list[_Token] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        glued = i > 0 and not query[i - 1].isspace()
        if ch.isspace():
            i += 1
        elif ch in "(),":
            out.append(_Token(ch, ch, i, glued))
            i += 1
        elif ch == '"':
            end = query.find('"', i + 1)
            if end == -1:
                raise QuerySyntaxError(N_("this quote is never closed"), i, query)
            star = end + 1 < n and query[end + 1] == "*"
            out.append(_Token("quote", query[i + 1 : end], i, glued, star))
            i = end + 2 if star else end + 1
        else:
            start = i
            while i < n and query[i] not in _BREAKS and not query[i].isspace():
                i += 1
            out.append(_Token("word", query[start:i], start, glued))
    return out


def _has_word(text: str) -> bool:
    return any(ch.isalnum() for ch in text)


# -- parsing ----------------------------------------------------------------------------


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokens(query)
        self.at = 0

    def error(self, message: str, pos: int | None = None, **values: object) -> QuerySyntaxError:
        if pos is None:
            pos = self.tokens[self.at].pos if self.at < len(self.tokens) else len(self.query)
        return QuerySyntaxError(message, pos, self.query, **values)

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def is_op(self, name: str) -> bool:
        tok = self.peek()
        return tok is not None and tok.kind == "word" and tok.text == name

    def parse(self) -> Node | None:
        node = self.or_expr(0)
        tok = self.peek()
        if tok is not None:  # only a ")" stops or_expr early
            raise self.error(N_("this ) closes nothing"), tok.pos)
        return node

    def or_expr(self, depth: int) -> Node | None:
        branches: list[Node | None] = []
        branches.append(self.and_expr(depth))
        while self.is_op("OR"):
            op = self.tokens[self.at]
            self.at += 1
            if branches[-1] is None:
                raise self.error(N_("OR needs words before it"), op.pos)
            following = self.and_expr(depth)
            if following is None:
                raise self.error(N_("OR needs words after it"), op.pos)
            branches.append(following)
        kept = [b for b in branches if b is not None]
        if not kept:
            return None
        if len(kept) == 1:
            return kept[0]
        return Or(tuple(kept))

    def and_expr(self, depth: int) -> Node | None:
        parts: list[Node] = []
        first = self.peek()
        while True:
            tok = self.peek()
            if tok is None or tok.kind == ")" or self.is_op("OR"):
                break
            if self.is_op("AND"):
                self.at += 1
                if not parts or self.peek() is None or self.is_op("OR"):
                    raise self.error(N_("AND needs words on both sides"), tok.pos)
                continue
            node = self.unary(depth)
            if node is not None:
                parts.append(node)
        flat: list[Node] = []
        for part in parts:
            flat.extend(part.children if isinstance(part, And) else (part,))
        flat = list(dict.fromkeys(flat))  # "de de de" is "de"
        if not flat:
            return None
        if all(isinstance(p, Not) for p in flat):
            pos = first.pos if first else 0
            raise self.error(
                N_("only excluded words: add a word, field or date to find first"), pos
            )
        return flat[0] if len(flat) == 1 else And(tuple(flat))

    def unary(self, depth: int) -> Node | None:
        """NOT x, -x, -"phrase", -(…): a loop, not recursion, so "NOT NOT … x" and
        "-----x" cost nothing; any number of them excludes once."""
        negated = False
        first = self.tokens[self.at]
        while True:
            tok = self.peek()
            if tok is None:
                raise self.error(N_("NOT needs a word after it"), first.pos)
            if self.is_op("NOT"):
                self.at += 1
                negated = True
                continue
            if tok.kind == "word" and tok.text.startswith("-"):
                rest = tok.text.lstrip("-")
                if rest:
                    self.tokens[self.at] = _Token("word", rest, tok.pos + len(tok.text) - len(rest))
                    negated = True
                    break
                nxt = self.tokens[self.at + 1] if self.at + 1 < len(self.tokens) else None
                if nxt is not None and nxt.glued and nxt.kind in ("quote", "("):
                    self.at += 1
                    negated = True
                    continue
            break
        child = self.primary(depth)
        if not negated:
            return child
        if child is None:
            if first.text == "NOT":
                raise self.error(N_("NOT needs a word after it"), first.pos)
            return None  # "-…": punctuation, not a word
        return Not(child)

    def primary(self, depth: int) -> Node | None:
        tok = self.tokens[self.at]
        self.at += 1
        if tok.kind == "(":
            if depth >= MAX_DEPTH:
                raise self.error(
                    N_("at most {n} parentheses inside each other"), tok.pos, n=MAX_DEPTH
                )
            inner = self.or_expr(depth + 1)
            close = self.peek()
            if close is None or close.kind != ")":
                raise self.error(N_("this ( is never closed"), tok.pos)
            self.at += 1
            return inner
        if tok.kind == ")":
            raise self.error(N_("this ) closes nothing"), tok.pos)
        if tok.kind == ",":
            return None  # a comma between words separates them, as a space does
        if tok.kind == "quote":
            return Text(tok.text, tok.star, True) if _has_word(tok.text) else None
        if tok.text == "NEAR":
            nxt = self.peek()
            if nxt is not None and nxt.kind == "(" and nxt.glued:
                return self.near(tok)
        if ":" in tok.text:
            field = self.field(tok)
            if field is not None:
                return field
        return self.word(tok)

    def word(self, tok: _Token) -> Node | None:
        text = tok.text
        if text in OPERATORS:
            raise self.error(N_("{word} needs words on both sides"), tok.pos, word=text)
        number = _number(text)
        if number is not None:
            return Number(number)
        stem = self.stem(tok)
        if not _has_word(stem):
            return None
        return Text(stem, text.endswith("*"))

    def stem(self, tok: _Token) -> str:
        """``tok``'s text without its closing stars. A star with nothing before it to
        extend is refused: it would find nothing, and say nothing about why."""
        stem = tok.text.rstrip("*")
        if stem != tok.text and not _has_word(stem):
            raise self.error(N_("* needs a word before it, as in stikstof*"), tok.pos + len(stem))
        return stem

    def near(self, tok: _Token) -> Node:
        self.at += 1  # the "("
        items: list[Text] = []
        distance = NEAR_DEFAULT
        while True:
            part = self.peek()
            if part is None:
                raise self.error(N_("this NEAR( is never closed"), tok.pos)
            self.at += 1
            if part.kind == ")":
                break
            if part.kind == ",":
                distance = self.near_distance(tok)
                break
            if part.kind == "(":
                raise self.error(N_("NEAR takes words and phrases, not parentheses"), part.pos)
            if part.kind == "quote":
                if _has_word(part.text):
                    items.append(Text(part.text, part.star, True))
                continue
            if part.text in OPERATORS:
                said = N_("NEAR takes words and phrases, not {word}")
                raise self.error(said, part.pos, word=part.text)
            stem = self.stem(part)
            if _has_word(stem):
                items.append(Text(stem, part.text.endswith("*")))
        if len(items) < 2:
            raise self.error(N_("NEAR needs two words or phrases or more"), tok.pos)
        return Near(tuple(items), distance)

    def near_distance(self, tok: _Token) -> int:
        value = self.peek()
        if value is None or value.kind != "word":
            raise self.error(N_("NEAR( … , N) needs a number of words after the comma"), tok.pos)
        self.at += 1
        close = self.peek()
        if close is None or close.kind != ")":
            raise self.error(N_("this NEAR( is never closed"), tok.pos)
        self.at += 1
        digits = value.text
        if not (digits.isascii() and digits.isdigit()) or int(digits) > MAX_NEAR:
            said = N_("the NEAR distance is a number from 0 to {n}")
            raise self.error(said, value.pos, n=MAX_NEAR)
        return int(digits)

    def field(self, tok: _Token) -> Node | None:
        name, _colon, value = tok.text.partition(":")
        if not name or not name.isalpha() or value.startswith("//"):
            return None  # 10:30, a URL: words, not a field
        field = FIELDS.get(name.casefold())
        if field is None:
            said = N_("no field {name}: (fields: {fields})")
            raise self.error(said, tok.pos, name=name, fields=field_names())
        star = False
        phrase = False
        if not value:
            nxt = self.peek()
            if nxt is None or nxt.kind != "quote" or not nxt.glued:
                said = N_("{name}: needs a value right after the colon")
                raise self.error(said, tok.pos, name=name)
            self.at += 1
            value, star, phrase = nxt.text, nxt.star, True
        return self.field_value(field, name, value, star, phrase, tok.pos)

    def field_value(
        self, field: str, name: str, value: str, star: bool, phrase: bool, pos: int
    ) -> Node:
        if field == "status":
            state = STATUSES.get(fold_all(value.casefold()))
            if state is None:
                choices = ", ".join(STATUSES)
                said = N_("no status {value} (use one of: {choices})")
                raise self.error(said, pos, value=repr(value), choices=choices)
            return Status(state)
        if field in ("since", "until"):
            day = date_bound(value, last=field == "until")
            if day is None:
                said = N_("{name}: takes a date: YYYY-MM-DD, YYYY-MM or YYYY")
                raise self.error(said, pos, name=name)
            return DateBound(field, day)
        if not phrase:
            star = value.endswith("*")
            value = value.rstrip("*")
        if not _has_word(value):
            raise self.error(N_("{name}: needs a value with a letter or digit"), pos, name=name)
        if field == "title":
            return Field(field, value, Text(value, star, phrase))
        return Field(field, value)


def field_names() -> str:
    """``titel/title:, indiener/submitter:, …``: every field with its other names."""
    names: dict[str, list[str]] = {}
    for name, field in FIELDS.items():
        names.setdefault(field, []).append(name)
    return ", ".join("/".join(n) + ":" for n in names.values())


def _number(text: str) -> DocNumber | None:
    """The document number ``text`` spells, if any: a word with a digit and a letter
    (every form has both), so ordinary words never pay for the number gate."""
    if not any(ch.isdigit() for ch in text) or not any(ch.isalpha() for ch in text):
        return None
    return parse_number_or_none(text)


def parse(query: str) -> Node | None:
    """The tree of ``query``; None when it holds nothing to look for (only punctuation).

    Raises ``QuerySyntaxError`` for a query that cannot be read.
    """
    # FTS5 ends a string at NUL; controls never match an indexed word anyway. Curly
    # quotes (what a phone or a word processor types) are quotes. One character for one
    # keeps the positions of error messages.
    text = "".join(
        " " if ord(ch) < 32 or ch == "\x7f" else '"' if ch in _CURLY else ch for ch in query or ""
    )
    return _Parser(text).parse()


_CURLY = frozenset("\u201c\u201d\u201e\u201f")  # “ ” „ ‟


# -- reading the tree -------------------------------------------------------------------


def found_texts(node: Node | None) -> list[Text]:
    """The words and phrases a match shows (not those under NOT), each once, in order:
    what a passage marks and what the reader highlights."""
    out: dict[Text, None] = {}

    def walk(n: Node | None) -> None:
        if isinstance(n, Text):
            out[Text(n.text, n.prefix)] = None
        elif isinstance(n, Near):
            for item in n.items:
                walk(item)
        elif isinstance(n, Field) and n.text is not None:
            walk(n.text)
        elif isinstance(n, And | Or):
            for child in n.children:
                walk(child)

    walk(node)
    return list(out)


def all_texts(node: Node | None) -> list[Text]:
    """Every word and phrase the index is asked for, excluded ones too (for the cost)."""
    out: list[Text] = []

    def walk(n: Node | None) -> None:
        if isinstance(n, Text):
            out.append(n)
        elif isinstance(n, Near):
            out.extend(n.items)
        elif isinstance(n, Field) and n.text is not None:
            out.append(n.text)
        elif isinstance(n, Not):
            walk(n.child)
        elif isinstance(n, And | Or):
            for child in n.children:
                walk(child)

    walk(node)
    return out
