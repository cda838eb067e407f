"""Document numbers: the one gate between what a user types and any I/O.

Everything that names a Kamervraag (a zaak number, a KOOP id, a TK document number or
a URL that holds one) is normalised here into a ``DocNumber`` whose ``canonical`` form
only ever contains ``[A-Za-z0-9-]``. Nothing else in kvtui builds a path or a URL from
user input, so a refusal here means no file is touched and no request is sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from urllib.parse import parse_qsl, unquote, urlsplit

ACCEPTED_FORMS = """\
accepted forms:
  2020Z12161                    zaak number (vraagnummer)
  kv-tk-2020Z12161              KOOP id of the questions
  ah-tk-20192020-3940[-h1]      KOOP id of an answer or notice
  kv-tk-20062007-KVR27039, kv-… older KOOP question ids
  ah-1151601, kv-2000100840     unformatted KOOP ids (ah- or kv- and digits)
  2020D25948                    Tweede Kamer document number
  a URL of zoek.officielebekendmakingen.nl, repository.overheid.nl,
  tweedekamer.nl or openkamer.org that contains one of these"""

_MAX_INPUT = 2000


class NumberKind(StrEnum):
    ZAAK = "zaak"  # 2020Z12161
    QUESTIONS_ID = "kv"  # kv-tk-2020Z12161, kv-tk-20062007-KVR27039, kv-2000100840
    ANSWER_ID = "ah"  # ah-tk-20192020-3940, ah-tk-20072008-2031-h1, ah-1151601
    TK_DOCUMENT = "document"  # 2020D25948


@dataclass(frozen=True, slots=True)
class DocNumber:
    kind: NumberKind
    canonical: str
    zaak: str | None = None  # the zaak number, when the form carries it

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


# Every pattern is ASCII-only (re.A): ``\d`` and ``re.I`` would otherwise match
# fullwidth or Arabic-Indic digits and the Kelvin sign, which KOOP never publishes.
_ZAAK = re.compile(r"(\d{4})z(\d{5})", re.I | re.A)
_TKDOC = re.compile(r"(\d{4})d(\d{5})", re.I | re.A)
_KV_TK_ZAAK = re.compile(r"kv-tk-(\d{4})z(\d{5})", re.I | re.A)
_KV_TK_OLD = re.compile(r"kv-tk-(\d{8})-kvr(\d{1,7})", re.I | re.A)
_KV_OTHER = re.compile(r"kv-(\d{4,12})", re.I | re.A)
_AH_OTHER = re.compile(r"ah-(\d{4,12})", re.I | re.A)
_AH_TK = re.compile(r"ah-tk-(\d{8})-(\d{1,6})(-[a-z]\d{1,3})?", re.I | re.A)

# Ordered so that the longest, most specific form wins inside a URL.
_TOKEN = re.compile(
    r"(?<![A-Za-z0-9])("
    r"ah-tk-\d{8}-\d{1,6}(?:-[a-z]\d{1,3})?"
    r"|kv-tk-\d{8}-kvr\d{1,7}"
    r"|kv-tk-\d{4}z\d{5}"
    r"|kv-\d{4,12}"
    r"|ah-\d{4,12}"
    r"|\d{4}z\d{5}"
    r"|\d{4}d\d{5}"
    r")(?![A-Za-z0-9])",
    re.I | re.A,
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
    if any(ch.isnumeric() and not ch.isascii() for ch in s):
        raise InvalidNumber(text, "digits must be ASCII 0-9")
    if "://" in s or s.lower().startswith(("www.", "zoek.", "repository.", "openkamer.")):
        return _from_url(s, text)
    number = _exact(s)
    if number is None:
        raise InvalidNumber(text)
    return number


def is_valid_number(text: str) -> bool:
    return parse_number_or_none(text) is not None


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
    if m := _ZAAK.fullmatch(s):
        zaak = f"{m[1]}Z{m[2]}"
        return DocNumber(NumberKind.ZAAK, zaak, zaak)
    if m := _TKDOC.fullmatch(s):
        return DocNumber(NumberKind.TK_DOCUMENT, f"{m[1]}D{m[2]}")
    if m := _KV_TK_ZAAK.fullmatch(s):
        zaak = f"{m[1]}Z{m[2]}"
        return DocNumber(NumberKind.QUESTIONS_ID, f"kv-tk-{zaak}", zaak)
    if m := _KV_TK_OLD.fullmatch(s):
        return DocNumber(NumberKind.QUESTIONS_ID, f"kv-tk-{m[1]}-KVR{m[2]}")
    if m := _KV_OTHER.fullmatch(s):
        return DocNumber(NumberKind.QUESTIONS_ID, f"kv-{m[1]}")
    if m := _AH_OTHER.fullmatch(s):
        return DocNumber(NumberKind.ANSWER_ID, f"ah-{m[1]}")
    if m := _AH_TK.fullmatch(s):
        suffix = (m[3] or "").lower()
        return DocNumber(NumberKind.ANSWER_ID, f"ah-tk-{m[1]}-{int(m[2])}{suffix}")
    return None


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
            number = _exact(m[1])
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
