"""The one HTTP client every kvtui request goes through.

Politeness and fault handling live here once, so the TK, KOOP and SRU clients cannot
forget them: a shared keep-alive ``httpx.AsyncClient``, a semaphore that bounds requests
in flight across all services, timeouts, retries with exponential backoff and full jitter
(honouring ``Retry-After``), no retry where retrying cannot help (404), detection of error
pages served as 200, a cap on body size, and conditional requests (ETag/Last-Modified)
so an unchanged document costs the server a 304.

Hostile servers and networks (issue 9) are bounded here too: redirects are followed by
hand and only to the services' own hosts and ports; the body is decoded by
``kvtui.services.encoding`` in bounded pieces, so stacked Content-Encodings cannot grow it
past ``max_body``; each try has a total time and the command a deadline
(``set_deadline``), of which one request may use half; a host that refused or could not
be resolved is "offline" for the rest of the run after one quick second try; and a
``RequestBudget`` in ``REQUEST_BUDGET`` caps the requests one Kamervraag may cost.

The sleep function and the random source are injectable so tests can check the delays
without waiting for them.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import email.utils
import random
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx

from kvtui.i18n import _
from kvtui.services import encoding
from kvtui.services.config import (
    DEFAULT_KOOP_URL,
    DEFAULT_SRU_URL,
    DEFAULT_TK_URL,
    ServiceConfig,
)
from kvtui.services.errors import (
    BadPayload,
    CannotConnect,
    ConnectionLost,
    DeadlineReached,
    FetchError,
    NotFound,
    OverCap,
    RateLimited,
    Redirected,
    Refused,
    ServerError,
    TimedOut,
)

# Markers of the error pages KOOP redirects to instead of answering 404
# (the open-source clients openkamer/tkapi check the first, tkconv the second).
ERROR_PAGE_MARKERS = ("errors/404.htm", "fout404")
REDIRECTS = (301, 302, 303, 307, 308)
MAX_REDIRECTS = 10


@dataclass(frozen=True, slots=True)
class Validators:
    """What a server said about the version we hold, to ask "changed since?"."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(frozen=True, slots=True)
class Response:
    url: str  # final URL, after redirects
    status: int  # 200 (or another 2xx) or 304
    content: bytes
    content_type: str
    validators: Validators

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(frozen=True, slots=True)
class _Request:
    """One GET as asked, handed from the retry loop to each try."""

    client: httpx.AsyncClient
    url: str
    params: Mapping[str, str] | None
    headers: dict[str, str]
    service: str


@dataclass(slots=True)
class RequestBudget:
    """Requests one unit of work (one Kamervraag's fetch) may still make. Set through
    ``REQUEST_BUDGET`` so that every task the work spawns shares it."""

    limit: int
    used: int = 0

    def spend(self, service: str) -> None:
        if self.used >= self.limit:
            raise OverCap(
                service,
                f"stopped after {self.limit} requests, the cap per set (MAX_REQUESTS_PER_SET)",
            )
        self.used += 1


REQUEST_BUDGET: contextvars.ContextVar[RequestBudget | None] = contextvars.ContextVar(
    "kvtui_request_budget", default=None
)


@dataclass(slots=True)
class HttpStats:
    requests: int = 0
    retries: int = 0
    max_in_flight: int = 0
    in_flight: int = 0


Sleep = Callable[[float], Awaitable[Any]]


class HttpClient:
    """Use as ``async with HttpClient(config) as http: await http.get(...)``."""

    def __init__(
        self,
        config: ServiceConfig | None = None,
        *,
        sleep: Sleep = asyncio.sleep,
        rng: Callable[[], float] = random.random,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.config = config or ServiceConfig.from_env()
        self._sleep = sleep
        self._rng = rng
        self._transport = transport
        self._client: httpx.AsyncClient | None = None
        self._sem: asyncio.Semaphore | None = None
        self._allowed: frozenset[tuple[str, int]] | None = None
        self._deadline: tuple[float, float] | None = None  # (monotonic end, length)
        self._down: dict[tuple[str, int], FetchError] = {}  # origins that could not connect
        self.stats = HttpStats()

    async def __aenter__(self) -> HttpClient:
        self._open()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    def _open(self) -> httpx.AsyncClient:
        if self._client is None:
            c = self.config
            self._client = httpx.AsyncClient(
                http1=True,
                http2=False,
                follow_redirects=False,  # followed by hand, to known hosts only
                timeout=httpx.Timeout(c.read_timeout, connect=c.connect_timeout, pool=None),
                limits=httpx.Limits(
                    max_connections=c.concurrency,
                    max_keepalive_connections=c.concurrency,
                    keepalive_expiry=30.0,
                ),
                headers={"User-Agent": c.user_agent, "Accept-Encoding": "gzip, deflate"},
                transport=self._transport,
            )
            self._sem = asyncio.Semaphore(c.concurrency)
        return self._client

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()
            self._client = None

    # -- the deadline ---------------------------------------------------------------

    def set_deadline(self, seconds: float | None) -> None:
        """Give every request from now on ``seconds`` in all (None: no deadline).

        Each ``get`` may use at most half of the whole deadline (retries included), so a
        service that accepts and never answers leaves time for the other one: the reader
        gets what KOOP had while the Kamer hung, rather than nothing."""
        if seconds is None:
            self._deadline = None
            return
        now = time.monotonic()
        self._deadline = (now + seconds, seconds)

    def remaining(self) -> float | None:
        """Seconds left before the deadline (None: no deadline)."""
        if self._deadline is None:
            return None
        return self._deadline[0] - time.monotonic()

    def _call_end(self) -> float | None:
        if self._deadline is None:
            return None
        end, length = self._deadline
        return min(end, time.monotonic() + length / 2)

    def _past_deadline(self, service: str) -> DeadlineReached | None:
        if self._deadline is not None and time.monotonic() >= self._deadline[0]:
            return DeadlineReached(service, seconds=self._deadline[1])
        return None

    # -- requests ---------------------------------------------------------------------

    async def get(
        self,
        url: str,
        *,
        service: str,
        params: Mapping[str, str] | None = None,
        accept: str | None = None,
        validators: Validators | None = None,
    ) -> Response:
        """GET with retries; raises a ``FetchError`` subclass when it cannot succeed."""
        client = self._open()
        headers: dict[str, str] = {}
        if accept:
            headers["Accept"] = accept
        if validators:
            headers.update(validators.headers())
        request = _Request(client, url, params, headers, service)
        origin = _origin_of(url)
        call_end = self._call_end()
        last: FetchError | None = None
        for attempt in range(self.config.attempts):
            stop = self._past_deadline(service)
            if stop is None and call_end is not None and time.monotonic() >= call_end:
                stop = last or TimedOut(service, "no answer in time")
            if stop is not None:
                raise stop
            budget = REQUEST_BUDGET.get()
            if budget is not None:
                budget.spend(service)
            down = self._down.get(origin)
            if down is not None:  # it refused or could not be reached moments ago
                raise CannotConnect(service, down.detail)
            wait: float | None = None
            try:
                return await self._attempt(request, call_end)
            except RateLimited as exc:
                last = exc
                if exc.retry_after is not None:
                    if exc.retry_after > self.config.retry_after_cap:
                        raise  # waiting that long is not "a retry"; say so now
                    # Each request may use half the deadline (see ``set_deadline``).
                    left = None if call_end is None else call_end - time.monotonic()
                    if left is not None and exc.retry_after >= left:
                        raise RateLimited(
                            service, exc.retry_after, deadline=self.deadline_length
                        ) from None
                    wait = exc.retry_after
            except (CannotConnect, TimedOut) as exc:
                if isinstance(exc, DeadlineReached):
                    raise
                offline = isinstance(exc, CannotConnect) or exc.detail == "connect"
                if offline and (attempt >= 1 or attempt + 1 >= self.config.attempts):
                    self._down[origin] = exc  # "offline" in seconds, not after every retry
                    raise
                last = exc
                if offline:
                    wait = -1.0  # one quick second try: a refused port rarely heals later
            except FetchError as exc:
                if not exc.transient:
                    raise
                last = exc
            if attempt + 1 < self.config.attempts:
                delay = 0.1 if wait == -1.0 else max(wait or 0.0, self._backoff(attempt))
                if call_end is not None and time.monotonic() + delay >= call_end:
                    break  # no time left for another try: say what went wrong
                self.stats.retries += 1
                await self._sleep(delay)
        assert last is not None
        raise self._past_deadline(service) or last

    @property
    def deadline_length(self) -> float | None:
        return self._deadline[1] if self._deadline is not None else None

    async def _attempt(self, request: _Request, call_end: float | None) -> Response:
        """One try, bounded as a whole: waiting for a slot, connecting, every byte."""
        assert self._sem is not None
        service = request.service
        limit = self.config.request_total
        detail = f"no complete answer in {round(limit, 1):g} s"
        if call_end is not None and call_end - time.monotonic() < limit:
            limit = max(0.0, call_end - time.monotonic())
            share, whole = round(limit, 1), self.deadline_length
            detail = f"no complete answer in {share:g} s of the {whole:g} s deadline"
        try:
            async with asyncio.timeout(limit):
                async with self._sem:
                    self.stats.in_flight += 1
                    self.stats.max_in_flight = max(self.stats.max_in_flight, self.stats.in_flight)
                    self.stats.requests += 1
                    try:
                        with _transport_errors(service):
                            return await self._follow(request)
                    finally:
                        self.stats.in_flight -= 1
        except TimeoutError:
            raise self._past_deadline(service) or TimedOut(service, detail) from None

    def _backoff(self, attempt: int) -> float:
        """Full jitter (AWS architecture blog): uniform in [0, min(cap, base·2ⁿ)]."""
        ceiling = min(self.config.retry_cap, self.config.retry_base * (2**attempt))
        return ceiling * self._rng()

    async def _follow(self, request: _Request) -> Response:
        """One GET, following redirects by hand: only to the services' own hosts."""
        target: str | httpx.URL = request.url
        params, headers, service = request.params, request.headers, request.service
        for _hop in range(MAX_REDIRECTS + 1):
            async with request.client.stream("GET", target, params=params, headers=headers) as resp:
                status = resp.status_code
                if status in REDIRECTS and "Location" in resp.headers:
                    target = self._redirect_target(resp.url, resp.headers["Location"], service)
                    params = None  # the Location carries its own query
                    continue
                return await self._answer(resp, service)
        raise Redirected(service, f"more than {MAX_REDIRECTS} redirects")

    def _redirect_target(self, current: httpx.URL, location: str, service: str) -> httpx.URL:
        try:
            nxt = current.join(location.strip())
        except (httpx.InvalidURL, ValueError):
            raise Redirected(service, "to an unreadable address") from None
        if nxt.scheme not in ("http", "https") or _origin(nxt) not in self._origins:
            raise Redirected(service, _shown(nxt))
        return nxt

    async def _answer(self, resp: httpx.Response, service: str) -> Response:
        status = resp.status_code
        final = str(resp.url)
        if status == 304:
            return Response(final, 304, b"", "", _validators(resp.headers))
        if status in (204, 404, 410):
            raise NotFound(service)
        if status == 429:
            raise RateLimited(service, _retry_after(resp.headers.get("Retry-After")))
        if status >= 500:
            raise ServerError(service, status)
        if status >= 400 or status < 200 or status >= 300:
            raise Refused(service, status)
        if any(m in final.lower() for m in ERROR_PAGE_MARKERS):
            raise NotFound(service, _("error page"))
        body = await self._body(resp, service)
        return Response(
            final,
            status,
            bytes(body),
            resp.headers.get("Content-Type", ""),
            _validators(resp.headers),
        )

    async def _body(self, resp: httpx.Response, service: str) -> bytearray:
        """The decoded body, never more than ``max_body`` bytes of it in memory.

        The raw bytes are decoded here (``kvtui.services.encoding``) rather than by httpx,
        whose one-call-per-chunk decoding let ``gzip, gzip`` grow 3.5 KB into 4.2 GB
        before any check could run."""
        cap = self.config.max_body
        try:
            layers = encoding.decoder_chain(resp.headers.get("Content-Encoding"))
        except encoding.EncodingRefused as exc:
            raise BadPayload(service, str(exc)) from None
        body = bytearray()

        def add(pieces: Iterable[bytes]) -> None:
            for piece in pieces:
                body.extend(piece)
                if len(body) > cap:
                    said = _("response larger than {size} once decoded").format(size=_size(cap))
                    raise BadPayload(service, said)

        try:
            async for chunk in resp.aiter_raw():
                add(encoding.decode(layers, chunk))
            add(encoding.finish(layers))
        except encoding.EncodingRefused as exc:
            raise BadPayload(service, str(exc)) from None
        return body

    @property
    def _origins(self) -> frozenset[tuple[str, int]]:
        """(host, port) pairs a redirect may go to: the configured services and the real
        ones (over http or https), nothing else."""
        if self._allowed is None:
            c = self.config
            allowed = {_origin(httpx.URL(u)) for u in (c.tk_url, c.koop_url, c.sru_url)}
            for u in (DEFAULT_TK_URL, DEFAULT_KOOP_URL, DEFAULT_SRU_URL):
                host = httpx.URL(u).host
                allowed.update({(host, 80), (host, 443)})
            self._allowed = frozenset(allowed)
        return self._allowed


def _origin(url: httpx.URL) -> tuple[str, int]:
    port = url.port or (443 if url.scheme == "https" else 80)
    return (url.host.lower().rstrip("."), port)


def _origin_of(url: str) -> tuple[str, int]:
    try:
        return _origin(httpx.URL(url))
    except (httpx.InvalidURL, ValueError):
        return (url, 0)


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n} bytes"


def _shown(url: httpx.URL) -> str:
    """Where a refused redirect pointed, short and printable."""
    where = f"{url.scheme}://{url.host}" if url.host else f"{url.scheme}:"
    if url.port:
        where += f":{url.port}"
    where = "".join(c for c in where[:80] if c.isprintable())
    return f"to {where}"


def _validators(headers: httpx.Headers) -> Validators:
    return Validators(headers.get("ETag"), headers.get("Last-Modified"))


def _retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    delta = when.timestamp() - (time.time() if now is None else now)
    return max(0.0, delta)


@contextlib.contextmanager
def _transport_errors(service: str) -> Iterator[None]:
    """httpx's transport errors as the fetch layer's own, each with its short cause."""
    try:
        yield
    except httpx.ConnectTimeout:
        raise TimedOut(service, "connect") from None
    except httpx.TimeoutException:
        raise TimedOut(service) from None
    except httpx.ConnectError:
        raise CannotConnect(service) from None
    except httpx.RemoteProtocolError as exc:
        text = str(exc).lower()
        if "location header" in text:  # httpx reads every Location, even unfollowed
            raise Redirected(service, "to an unreadable address") from None
        if "incomplete" in text or "expected" in text or "less data" in text:
            raise ConnectionLost(service, "truncated response") from None
        raise ConnectionLost(service, "connection reset") from None
    except (httpx.ReadError, httpx.WriteError, httpx.CloseError):
        raise ConnectionLost(service, "connection reset") from None
    except httpx.DecodingError:
        raise BadPayload(service, _("undecodable response")) from None
    except (httpx.InvalidURL, httpx.UnsupportedProtocol):
        raise Redirected(service, "to an address kvtui cannot use") from None
    except (httpx.HTTPError, httpx.StreamError) as exc:  # proxy, protocol, pool …
        raise ConnectionLost(service, type(exc).__name__) from None
