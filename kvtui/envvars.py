"""Every ``KVTUI_*`` environment variable kvtui reads, checked in one place.

A value from the environment is input like any other: ``KVTUI_HTTP_ATTEMPTS=inf`` or
``KVTUI_CONCURRENCY=1e400`` used to reach ``int()`` and end in ``OverflowError``. Here
each variable has one parser that accepts a plain, finite value in a sane range and
otherwise raises ``EnvError`` naming the variable, the value and what is accepted, so
the command line can stop with a usage error (exit 2) before any I/O.

An empty (or all-space) value means "not set": the default applies, as for a shell's
``KVTUI_X= kvtui …``. The modules that read a variable keep reading it themselves; this
module only tells whether what they will read is sane (``check_environment``) and gives
the network layer its parsed values.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: ``kvtui show`` imports this module
if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = ["VARIABLES", "EnvError", "check_environment", "env_float", "env_int", "env_url", "value"]

_INT = re.compile(r"[+]?[0-9]{1,12}")
_FLOAT = re.compile(r"[+]?(?:[0-9]{1,12}(?:\.[0-9]{0,9})?|\.[0-9]{1,9})")
_MAX_TEXT = 4096


class EnvError(ValueError):
    """One environment value kvtui cannot use; ``str()`` is the whole message."""

    def __init__(self, name: str, value: str, accepted: str) -> None:
        self.name = name
        self.value = value
        self.accepted = accepted
        shown = value if len(value) <= 60 else value[:57] + "..."
        shown = "".join(c if c.isprintable() else "?" for c in shown)
        super().__init__(f"{name}={shown!r} is not usable: {accepted}")

    @property
    def message(self) -> str:  # the fetch layer's errors carry ``.message`` too
        return str(self)


def _raw(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name)
    if value is None or not value.strip():
        return None
    return value.strip()


def env_int(env: Mapping[str, str], name: str, default: int, low: int, high: int) -> int:
    """A whole number in [low, high] written in plain digits (no ``1e3``, ``inf``, ``4.0``)."""
    raw = _raw(env, name)
    if raw is None:
        return default
    if not _INT.fullmatch(raw) or not low <= int(raw) <= high:
        raise EnvError(name, raw, f"a whole number from {low} to {high}")
    return int(raw)


def env_float(env: Mapping[str, str], name: str, default: float, low: float, high: float) -> float:
    """A finite decimal number of seconds in [low, high] (no exponent, NaN or inf)."""
    raw = _raw(env, name)
    if raw is None:
        return default
    if not _FLOAT.fullmatch(raw):
        raise EnvError(name, raw, f"a number of seconds from {low:g} to {high:g}")
    value = float(raw)  # finite: the pattern allows no exponent, "inf" or "nan"
    if not low <= value <= high:
        raise EnvError(name, raw, f"a number of seconds from {low:g} to {high:g}")
    return value


def env_url(env: Mapping[str, str], name: str, default: str) -> str:
    """An ``http(s)://host[:port][/path]`` base URL, without query, fragment or user info."""
    raw = _raw(env, name)
    if raw is None:
        return default.rstrip("/")
    from urllib.parse import urlsplit  # here: ``kvtui show`` checks its environment too

    accepted = "an http:// or https:// address such as https://host[:port]/path"
    if len(raw) > 2000 or any(c.isspace() or not c.isprintable() for c in raw):
        raise EnvError(name, raw, accepted)
    try:
        parts = urlsplit(raw)
        port = parts.port  # ValueError when out of range or not a number
    except ValueError:
        raise EnvError(name, raw, accepted) from None
    if (
        parts.scheme.lower() not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or parts.password is not None
        or parts.query
        or parts.fragment
        or port == 0
        or "\\" in raw
    ):
        raise EnvError(name, raw, accepted)
    return raw.rstrip("/")


def _date(env: Mapping[str, str], name: str) -> None:
    raw = _raw(env, name)
    if raw is None:
        return
    import datetime as dt

    try:
        dt.date.fromisoformat(raw)
    except ValueError:
        raise EnvError(name, raw, "a date written YYYY-MM-DD") from None


def _path(env: Mapping[str, str], name: str) -> None:
    raw = _raw(env, name)
    if raw is not None and (len(raw) > _MAX_TEXT or "\x00" in raw):
        raise EnvError(name, raw, f"a directory path of at most {_MAX_TEXT} characters")


def _language(env: Mapping[str, str], name: str) -> None:
    raw = _raw(env, name)
    if raw is not None and raw.lower() not in ("nl", "en"):
        raise EnvError(name, raw, "nl (Dutch) or en (English)")


def _any(env: Mapping[str, str], name: str) -> None:
    """Read as a switch (set or not): every value is fine."""


# Name → (what it is, kind, default, low, high). Ranges are generous for real use and
# refuse what can only be a mistake or an attack (overflow, NaN, a negative count, a
# week-long timeout). The defaults of the network knobs live here and nowhere else.
VARIABLES: dict[str, tuple[str, str, object, float, float]] = {
    "KVTUI_TK_URL": ("Tweede Kamer OData base URL", "url", None, 0, 0),
    "KVTUI_KOOP_URL": ("officielebekendmakingen.nl base URL", "url", None, 0, 0),
    "KVTUI_SRU_URL": ("KOOP SRU search URL", "url", None, 0, 0),
    "KVTUI_HTTP_TIMEOUT": ("seconds per network step", "float", 60.0, 0.01, 3600.0),
    "KVTUI_CONCURRENCY": ("requests in flight at most", "int", 4, 1, 32),
    "KVTUI_HTTP_ATTEMPTS": ("tries per request", "int", 4, 1, 10),
    "KVTUI_RETRY_BASE": ("first backoff, seconds", "float", 0.5, 0.0, 600.0),
    "KVTUI_RETRY_CAP": ("longest backoff, seconds", "float", 30.0, 0.0, 3600.0),
    "KVTUI_RETRY_AFTER_CAP": ("longest Retry-After honoured", "float", 120.0, 0.0, 3600.0),
    "KVTUI_DEADLINE": ("seconds one show/fetch may take", "float", 30.0, 0.1, 86400.0),
    "KVTUI_SYNC_DEADLINE": ("seconds a sync/refresh may take", "float", 3600.0, 0.1, 604800.0),
    "KVTUI_MAX_BODY_MB": ("largest decoded response, MB", "int", 64, 1, 1024),
    "KVTUI_CACHE_DIR": ("cache directory", "path", None, 0, 0),
    "KVTUI_CONFIG_DIR": ("config directory", "path", None, 0, 0),
    "KVTUI_EXPORT_DIR": ("export directory", "path", None, 0, 0),
    "KVTUI_TODAY": ("today's date, for tests", "date", None, 0, 0),
    "KVTUI_IMPORT_CHUNK": ("files per import transaction", "int", 4000, 1, 10**6),
    "KVTUI_IMPORT_WORKERS": ("parser processes (0: automatic)", "int", 0, 0, 64),
    "KVTUI_FORCE_TUI": ("start the reader without a terminal", "any", None, 0, 0),
    "KVTUI_LANGUAGE": ("interface language: nl or en", "language", None, 0, 0),
}


def value(env: Mapping[str, str], name: str, default: object = None) -> object:
    """The parsed value of ``name`` (its table default when unset); ``EnvError`` if bad."""
    _what, kind, table_default, low, high = VARIABLES[name]
    fallback = table_default if default is None else default
    if kind == "int":
        return env_int(env, name, int(fallback), int(low), int(high))  # type: ignore[call-overload]
    if kind == "float":
        return env_float(env, name, float(fallback), low, high)  # type: ignore[arg-type]
    if kind == "url":
        return env_url(env, name, str(fallback or ""))
    {"date": _date, "path": _path, "language": _language, "any": _any}[kind](env, name)
    return _raw(env, name)


def check_environment(env: Mapping[str, str]) -> list[EnvError]:
    """Every known ``KVTUI_*`` value that kvtui could not use (empty list: all fine)."""
    problems: list[EnvError] = []
    for name in VARIABLES:
        try:
            value(env, name)
        except EnvError as exc:
            problems.append(exc)
    return problems
