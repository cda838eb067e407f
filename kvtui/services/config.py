"""Where the services live and how politely kvtui talks to them.

Every knob comes from the environment so tests, mirrors and benchmarks can point kvtui at
another server, or make retries fast, without touching code (README: the environment variables).
Values are read once per fetch run, when ``ServiceConfig.from_env()`` is called, so a test
that sets the variables before a fetch gets them. Every value is checked by
``kvtui.envvars``: one that cannot be used is an ``EnvError`` (a usage error), never a
silent default and never an ``OverflowError``.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from kvtui import __version__
from kvtui.envvars import EnvError, value

__all__ = ["EnvError", "ServiceConfig"]

DEFAULT_TK_URL = "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"
DEFAULT_KOOP_URL = "https://zoek.officielebekendmakingen.nl"
DEFAULT_SRU_URL = "https://repository.overheid.nl/sru"

PROJECT_HINT = "terminal reader for Kamervragen"
USER_AGENT = f"kvtui/{__version__} (+{PROJECT_HINT})"

# Total time a command may take (``KVTUI_DEADLINE``, ``KVTUI_SYNC_DEADLINE``): a reader
# waiting for one Kamervraag gets an answer, or what there is, within half a minute.
DEFAULT_DEADLINE = 30.0
DEFAULT_SYNC_DEADLINE = 3600.0
# What one Kamervraag (one set) may cost, however its sources describe it. A real set has
# the questions, an answer or two and a few notices: under 10 documents and 30 requests.
# A zaak listing 300 documents once made 1,802 requests; now it is cut with a message.
MAX_DOCUMENTS_PER_SET = 40  # KOOP documents fetched for one set (text + metadata each)
MAX_REQUESTS_PER_SET = 200  # HTTP requests for one set, retries and fallbacks included
CONNECT_TIMEOUT = 5.0  # also bounds the DNS look-up: "offline" must show in seconds
READ_TIMEOUT = 60.0  # per read; ``request_total`` bounds a whole request


@dataclass(frozen=True, slots=True)
class ServiceConfig:
    tk_url: str = DEFAULT_TK_URL
    koop_url: str = DEFAULT_KOOP_URL
    sru_url: str = DEFAULT_SRU_URL
    user_agent: str = USER_AGENT
    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT
    concurrency: int = 4
    attempts: int = 4  # first try + 3 retries
    retry_base: float = 0.5  # seconds; full jitter over base * 2**n
    retry_cap: float = 30.0  # longest backoff between two tries
    retry_after_cap: float = 120.0  # a longer Retry-After means "give up now", not "hang"
    max_body: int = 64 * 1024 * 1024  # decoded bytes, whatever the Content-Encoding
    deadline: float = DEFAULT_DEADLINE  # a whole show / fetch / reader fetch
    sync_deadline: float = DEFAULT_SYNC_DEADLINE  # a whole sync / refresh

    @property
    def request_total(self) -> float:
        """Longest one request may take from first byte sent to last byte read: a body
        dripping one byte at a time must end even when each read is quick enough."""
        return self.read_timeout * 2

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> ServiceConfig:
        """The configuration the environment asks for; ``EnvError`` names a bad value."""
        e = os.environ if env is None else env
        timeout = float(value(e, "KVTUI_HTTP_TIMEOUT", 0.0)) or None  # type: ignore[arg-type]

        def num(name: str) -> Any:
            return value(e, name)

        return cls(
            tk_url=str(value(e, "KVTUI_TK_URL", DEFAULT_TK_URL)),
            koop_url=str(value(e, "KVTUI_KOOP_URL", DEFAULT_KOOP_URL)),
            sru_url=str(value(e, "KVTUI_SRU_URL", DEFAULT_SRU_URL)),
            connect_timeout=min(CONNECT_TIMEOUT, timeout) if timeout else CONNECT_TIMEOUT,
            read_timeout=timeout or READ_TIMEOUT,
            concurrency=num("KVTUI_CONCURRENCY"),
            attempts=num("KVTUI_HTTP_ATTEMPTS"),
            retry_base=num("KVTUI_RETRY_BASE"),
            retry_cap=num("KVTUI_RETRY_CAP"),
            retry_after_cap=num("KVTUI_RETRY_AFTER_CAP"),
            max_body=num("KVTUI_MAX_BODY_MB") * 1024 * 1024,
            deadline=num("KVTUI_DEADLINE"),
            sync_deadline=num("KVTUI_SYNC_DEADLINE"),
        )
