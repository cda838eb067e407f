"""Where the services live and how politely kvtui talks to them.

Every knob comes from the environment so tests, mirrors and benchmarks can point kvtui at
another server, or make retries fast, without touching code (design.md › Service addresses).
Values are read once per fetch run, when ``ServiceConfig.from_env()`` is called, so a test
that sets the variables before a fetch gets them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from kvtui import __version__

DEFAULT_TK_URL = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"
DEFAULT_KOOP_URL = "https://zoek.officielebekendmakingen.nl"
DEFAULT_SRU_URL = "https://repository.overheid.nl/sru"

PROJECT_HINT = "terminal reader for Kamervragen"
USER_AGENT = f"kvtui/{__version__} (+{PROJECT_HINT})"


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    tk_url: str = DEFAULT_TK_URL
    koop_url: str = DEFAULT_KOOP_URL
    sru_url: str = DEFAULT_SRU_URL
    user_agent: str = USER_AGENT
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    concurrency: int = 4
    attempts: int = 4  # first try + 3 retries
    retry_base: float = 0.5  # seconds; full jitter over base * 2**n
    retry_cap: float = 30.0  # longest backoff between two tries
    retry_after_cap: float = 120.0  # a longer Retry-After means "give up now", not "hang"
    max_body: int = 64 * 1024 * 1024

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> ServiceConfig:
        e = os.environ if env is None else env
        timeout = _float(e, "KVTUI_HTTP_TIMEOUT", None)
        return cls(
            tk_url=_url(e, "KVTUI_TK_URL", DEFAULT_TK_URL),
            koop_url=_url(e, "KVTUI_KOOP_URL", DEFAULT_KOOP_URL),
            sru_url=_url(e, "KVTUI_SRU_URL", DEFAULT_SRU_URL),
            connect_timeout=min(10.0, timeout) if timeout else 10.0,
            read_timeout=timeout or 60.0,
            concurrency=max(1, int(_float(e, "KVTUI_CONCURRENCY", 4) or 4)),
            attempts=max(1, int(_float(e, "KVTUI_HTTP_ATTEMPTS", 4) or 4)),
            retry_base=_float(e, "KVTUI_RETRY_BASE", 0.5) or 0.0,
            retry_cap=_float(e, "KVTUI_RETRY_CAP", 30.0) or 0.0,
            retry_after_cap=_float(e, "KVTUI_RETRY_AFTER_CAP", 120.0) or 0.0,
        )


def _url(env, name: str, default: str) -> str:
    value = (env.get(name) or "").strip()
    return (value or default).rstrip("/")


def _float(env, name: str, default: float | None) -> float | None:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        return default
    return value if value >= 0 else default
