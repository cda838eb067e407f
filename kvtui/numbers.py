"""Document numbers: the one gate between what a user types and any I/O.

Everything that names a Kamervraag (a zaak number, a KOOP id, a TK document number or
a URL that holds one) is read here into a ``DocNumber``. Nothing else in kvtui builds a
path or a URL from user input, so a refusal here means no file is touched and no request
is sent. Every pattern is ASCII-only: a fullwidth or Arabic-Indic digit is refused.

A number carries two spellings (issue 14):

- ``canonical``: the id **as KOOP publishes it**, used for every URL and file name. Case
  and zero padding are kept (``ah-tk-20202021-0001``, ``kv-tk-2018z12433`` exist, and
  their tidied forms do not); only parts KOOP always writes one way are fixed (the
  ``kv-``/``ah-``/``tk-`` prefixes and ``-h1``/``-n1`` suffixes lower-case, ``KVR``/``AH``
  upper-case). Zaak and TK document numbers are written with an upper-case Z/D.
- ``key``: a normalised form used **only for look-up**: upper-case Z, answer numbers
  without leading zeros, so ``ah-tk-20202021-1`` finds ``ah-tk-20202021-0001``.

``FORMS`` below is the one list of accepted forms, with a real example of each; the
refusal message is made from it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit

_MAX_INPUT = 2000
_FLAGS = re.I | re.A  # ASCII only: \d and re.I would match other scripts' digits


class NumberKind(StrEnum):
    ZAAK = "zaak"  # 2020Z12161
    QUESTIONS_ID = "kv"  # kv-tk-2020Z12161, kv-2009Z03159, kv-tk-20062007-KVR27039, kv-…
    ANSWER_ID = "ah"  # ah-tk-20192020-3940, ah-tk-20202021-0001, ah-tk-…-h1, ah-1151601
    TK_DOCUMENT = "document"  # 2020D25948


@dataclass(frozen=True, slots=True)
class DocNumber:
    kind: NumberKind
    canonical: str  # as published: for URLs and file names
    zaak: str | None = None  # the zaak number, when the form carries it
    key: str = ""  # normalised, for look-up only (empty: same as canonical)

    def __post_init__(self) -> None:
        if not self.key:
            object.__setattr__(self, "key", self.canonical)

    def __str__(self) -> str:
        return self.canonical

    @property
    def is_koop_id(self) -> bool:
        return self.kind in (NumberKind.QUESTIONS_ID, NumberKind.ANSWER_ID)


class InvalidNumber(ValueError):
    """Raised for input that is none of the accepted forms; its text lists them."""

    def __init__(self, given: str, reason: str = "not a Kamervraag number") -> None:
        shown = given if len(given) <= 60 else given[:57] + "..."
        shown = "".join(ch if ch.isprintable() else "\ufffd" for ch in shown)
        super().__init__(f"{shown!r}: {reason}\n{ACCEPTED_FORMS}")
        self.given = given
        self.reason = reason


# -- the accepted forms -------------------------------------------------------------------

_SFX = r"(?P<sfx>-[a-z]\d{0,3})?"  # -h1 (herdruk), -n1, -h: kept, lower-case


def _zaak(m: re.Match[str]) -> DocNumber:
    zaak = f"{m['y']}Z{m['n']}"
    return DocNumber(NumberKind.ZAAK, zaak, zaak)


def _tk_document(m: re.Match[str]) -> DocNumber:
    return DocNumber(NumberKind.TK_DOCUMENT, f"{m['y']}D{m['n']}")


def _kv_zaak(m: re.Match[str]) -> DocNumber:
    """kv-tk-{zaak} and the 2009–2010 kv-{zaak}: the z keeps its published case."""
    prefix = "kv-tk-" if m["tk"] else "kv-"
    tail = f"{m['n']}{(m['letter'] or '').lower()}{(m['sfx'] or '').lower()}"
    # A 4-digit tail (kv-tk-2011Z2249) does not spell the zaak number: the metadata tells.
    zaak = f"{m['y']}Z{m['n']}" if len(m["n"]) == 5 else None
    return DocNumber(
        NumberKind.QUESTIONS_ID,
        f"{prefix}{m['y']}{m['z']}{tail}",
        zaak,
        f"{prefix}{m['y']}Z{tail}",
    )


def _kv_old(m: re.Match[str]) -> DocNumber:
    return DocNumber(NumberKind.QUESTIONS_ID, f"kv-tk-{m['vj']}-KVR{m['n']}")


def _kv_digits(m: re.Match[str]) -> DocNumber:
    return DocNumber(NumberKind.QUESTIONS_ID, f"kv-{m['n']}{(m['sfx'] or '').lower()}")


def _ah_digits(m: re.Match[str]) -> DocNumber:
    return DocNumber(NumberKind.ANSWER_ID, f"ah-{m['n']}")


def _ah_tk(m: re.Match[str]) -> DocNumber:
    """ah-tk-{vergaderjaar}-{n}: n keeps its zero padding; the key drops it."""
    ah = "AH" if m["ah"] else ""
    rest = f"{(m['letter'] or '').lower()}{(m['sfx'] or '').lower()}"
    return DocNumber(
        NumberKind.ANSWER_ID,
        f"ah-tk-{m['vj']}-{ah}{m['n']}{rest}",
        None,
        f"ah-tk-{m['vj']}-{ah}{int(m['n'])}{rest}",
    )


@dataclass(frozen=True, slots=True)
class Form:
    """One accepted pattern, with a real example of each shape it covers."""

    examples: tuple[tuple[str, str], ...]  # (example, what it is)
    pattern: re.Pattern[str]
    build: Callable[[re.Match[str]], DocNumber]


# THE list of accepted forms (issue 14), most specific first, which is also the order in
# which a URL is searched. The examples are the shapes issue 14 found in KOOP's list of
# publication ids; tests parse each one, and the refusal message shows them all.
FORMS: tuple[Form, ...] = (
    Form(
        (
            ("ah-tk-20192020-3940", "KOOP id of an answer or notice"),
            ("ah-tk-20202021-0001", "  zero-padded: kept as published"),
            ("ah-tk-20072008-2031-h1", "  with a suffix (-h1, -n1)"),
            ("ah-tk-20152016-6a", "  with a letter"),
            ("ah-tk-20102011-AH2134", "  AH-numbered"),
        ),
        re.compile(
            r"ah-tk-(?P<vj>\d{8})-(?P<ah>ah)?(?P<n>\d{1,6})(?P<letter>[a-z])?" + _SFX, _FLAGS
        ),
        _ah_tk,
    ),
    Form((("kv-tk-20062007-KVR27039", "KOOP id of older questions"),),
         re.compile(r"kv-tk-(?P<vj>\d{8})-kvr(?P<n>\d{1,7})", _FLAGS), _kv_old),
    Form(
        (
            ("kv-tk-2020Z12161", "KOOP id of the questions"),
            ("kv-tk-2018z12433", "  a lower-case z: kept as published"),
            ("kv-2009Z03159", "  2009-2010, without tk-"),
            ("kv-2009Z14347-h1", "  with a suffix (-h1, -n1)"),
            ("kv-tk-2010Z11045-n1", "  with a suffix"),
            ("kv-tk-2015Z15377a", "  with a letter"),
            ("kv-tk-2011Z2249", "  with a 4-digit zaak tail"),
        ),
        re.compile(
            r"kv-(?P<tk>tk-)?(?P<y>\d{4})(?P<z>z)(?P<n>\d{4,5})(?P<letter>[a-z])?" + _SFX,
            _FLAGS,
        ),
        _kv_zaak,
    ),
    Form(
        (
            ("kv-2000100840", "unformatted KOOP id of questions"),
            ("kv-2000100840-h1", "  with a suffix (-h1, -h)"),
        ),
        re.compile(r"kv-(?P<n>\d{4,12})" + _SFX, _FLAGS),
        _kv_digits,
    ),
    Form((("ah-1151601", "unformatted KOOP id (a delay notice)"),),
         re.compile(r"ah-(?P<n>\d{4,12})", _FLAGS), _ah_digits),
    Form((("2020Z12161", "zaak number (vraagnummer)"),),
         re.compile(r"(?P<y>\d{4})z(?P<n>\d{5})", _FLAGS), _zaak),
    Form((("2020D25948", "Tweede Kamer document number"),),
         re.compile(r"(?P<y>\d{4})d(?P<n>\d{5})", _FLAGS), _tk_document),
)  # fmt: skip

ACCEPTED_FORMS = (
    "accepted forms:\n"
    + "\n".join(f"  {ex:<26}{what}" for form in FORMS for ex, what in form.examples)
    + "\n  a URL of zoek.officielebekendmakingen.nl, repository.overheid.nl,"
    "\n  tweedekamer.nl or openkamer.org that contains one of these"
)

_NAMED_GROUP = re.compile(r"\(\?P<[a-z]+>")


def _unnamed(form: Form) -> str:
    return "(?:" + _NAMED_GROUP.sub("(?:", form.pattern.pattern) + ")"


# Any form inside a longer text (a URL): the same patterns, each between non-id characters.
_TOKEN = re.compile(
    r"(?<![A-Za-z0-9])(?:" + "|".join(map(_unnamed, FORMS)) + r")(?![A-Za-z0-9])", _FLAGS
)

_URL_HOSTS = (
    "officielebekendmakingen.nl",
    "overheid.nl",
    "tweedekamer.nl",
    "openkamer.org",
)


def parse_number(text: str) -> DocNumber:
    """Normalise one accepted form, or raise ``InvalidNumber`` (before any I/O)."""
    if not isinstance(text, str):
        raise InvalidNumber(repr(text), "not text")
    if len(text) > _MAX_INPUT:
        raise InvalidNumber(text, "too long")
    found = _parse_cached(text)
    if isinstance(found, str):
        raise InvalidNumber(text, found)
    return found


@lru_cache(maxsize=16384)
def _parse_cached(text: str) -> DocNumber | str:
    """The number in ``text``, or the reason it holds none.

    Pure, and an import asks for the same few ids (zaak numbers, KOOP ids) many times
    over; the reason, not the exception, is cached so each refusal is a fresh one.
    """
    try:
        return _parse_uncached(text)
    except InvalidNumber as exc:
        return exc.reason


def _parse_uncached(text: str) -> DocNumber:
    s = text.strip()
    if not s:
        raise InvalidNumber(text, "empty")
    if not s.isascii() and any(ch.isnumeric() and not ch.isascii() for ch in s):
        raise InvalidNumber(text, "digits must be ASCII 0-9")
    if "://" in s or s.lower().startswith(("www.", "zoek.", "repository.", "openkamer.")):
        return _from_url(s, text)
    number = _exact(s)
    if number is None:
        raise InvalidNumber(text)
    return number


def parse_number_or_none(value: str | None, *, allow_url: bool = True) -> DocNumber | None:
    """``parse_number`` for ids found in documents, where a bad one is skipped, not reported.

    ``allow_url=False`` refuses any value holding ``://``: an id field of a document names
    the document itself, so a URL there is not taken for the id it happens to contain.
    """
    if not value:
        return None
    try:
        number = parse_number(value)
    except InvalidNumber:
        return None
    return None if not allow_url and "://" in value else number


def _exact(s: str) -> DocNumber | None:
    for form in FORMS:
        if m := form.pattern.fullmatch(s):
            return form.build(m)
    return None


def question_id_guesses(zaak: str) -> list[str]:
    """The KOOP ids the questions of ``zaak`` may have, likeliest first (a guess: an id
    named by OData or SRU always wins). 2009-2010 questions are mostly ``kv-{zaak}``."""
    year = zaak[:4]
    return [f"kv-{zaak}", f"kv-tk-{zaak}"] if year in ("2009", "2010") else [f"kv-tk-{zaak}"]


def answer_id_guesses(vergaderjaar: str, serial: int) -> list[str]:
    """``ah-tk-{vj}-{n}`` as KOOP may spell it: unpadded, or zero-padded to 4 digits."""
    plain, padded = f"ah-tk-{vergaderjaar}-{serial}", f"ah-tk-{vergaderjaar}-{serial:04d}"
    return [plain] if plain == padded else [plain, padded]


def spellings(number: DocNumber) -> list[str]:
    """``number.canonical`` first, then the other spellings KOOP may publish it under.

    For an id a user typed or kvtui built: padded and unpadded answer numbers, and the
    ``kv-``/``kv-tk-`` forms of 2009-2010 questions.
    """
    out = [number.canonical]
    if number.kind is NumberKind.ANSWER_ID and (m := _PLAIN_AH_TK.fullmatch(number.canonical)):
        out += answer_id_guesses(m[1], int(m[2]))
    elif number.zaak and number.key in (f"kv-tk-{number.zaak}", f"kv-{number.zaak}"):
        out += question_id_guesses(number.zaak)  # the plain questions id, no suffix
    return list(dict.fromkeys(out))


_PLAIN_AH_TK = re.compile(r"ah-tk-([0-9]{8})-([0-9]{1,6})")


def lookup_key(value: str) -> str:
    """The normalised key of an accepted id, else the text stripped: for look-ups only."""
    number = parse_number_or_none(value, allow_url=False)
    return number.key if number is not None else value.strip()


def _from_url(s: str, original: str) -> DocNumber:
    candidate = s if "://" in s else "https://" + s
    try:
        parts = urlsplit(candidate)
        host = (parts.hostname or "").lower()
    except ValueError as exc:
        raise InvalidNumber(original, "not a valid URL") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise InvalidNumber(original, "only http(s) URLs are accepted")
    if not any(host == h or host.endswith("." + h) for h in _URL_HOSTS):
        raise InvalidNumber(original, f"URL host {host or '?'!r} is not one kvtui reads")
    # Query values first (tweedekamer.nl's ?id=2020Z…&did=2020D… names the zaak in id),
    # then the path from its end, where the document's own id stands.
    haystacks = [unquote(v) for _, v in parse_qsl(parts.query)]
    haystacks += reversed([unquote(seg) for seg in parts.path.split("/") if seg])
    found: list[DocNumber] = []
    for hay in haystacks:
        for m in _TOKEN.finditer(hay):
            number = _exact(m[0])
            if number is not None:
                found.append(number)
    if not found:
        raise InvalidNumber(original, "the URL holds no Kamervraag number")
    for kind in (NumberKind.ZAAK, NumberKind.QUESTIONS_ID, NumberKind.ANSWER_ID):
        for number in found:
            if number.kind is kind:
                return number
    return found[0]


_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,99}")


def is_safe_id(value: str) -> bool:
    """True when ``value`` may be used as part of a file name in the cache."""
    return bool(_SAFE_ID.fullmatch(value))


def document_id(value: str | None) -> str | None:
    """A zaak number or KOOP id found in a source, canonical and safe as a cache file
    name; None for anything else, a TK document number included (no file is named
    after one, and it names no set of its own)."""
    number = parse_number_or_none(value, allow_url=False)
    if number is None or number.kind is NumberKind.TK_DOCUMENT:
        return None
    return number.canonical if is_safe_id(number.canonical) else None


def normalise_id(value: str | None) -> str | None:
    """A KOOP id or zaak number in canonical form; other non-empty text kept as given.

    For the id fields of sources: they are kept faithful (an unknown id form is still
    information), but the forms kvtui knows are normalised so that ids from different
    files compare equal.
    """
    if value is None:
        return None
    value = value.strip()
    if not value:
        return None
    try:
        return parse_number(value).canonical
    except InvalidNumber:
        return value
