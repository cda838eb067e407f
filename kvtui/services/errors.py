"""Why a request failed, in the words a user reads on one stderr line.

Each class carries the short cause a user is promised ("offline / cannot connect", "not
found", "server error (HTTP 503)", "rate limited", "timed out", "bad document (…)") and
the service it came from, so a failure line names both without a traceback. ``transient``
tells the retry loop which ones are worth another try. ``cause`` is the English msgid;
``reason`` and ``message`` say it in the language of the run when they are read.
"""

from __future__ import annotations

import sys

from kvtui.i18n import N_, _


def _with(cause: str, detail: str | None) -> str:
    """``cause (detail)`` in the language of the run; the cause alone without detail."""
    return _("{cause} ({detail})").format(cause=_(cause), detail=detail) if detail else _(cause)


class FetchError(Exception):
    cause = N_("fetch failed")
    transient = False

    def __init__(self, service: str, detail: str | None = None) -> None:
        self.service = service
        self.detail = detail
        super().__init__(self.message)

    @property
    def reason(self) -> str:
        """The cause alone, e.g. ``server error (HTTP 503)``."""
        return _(self.cause)

    @property
    def message(self) -> str:
        return f"{self.reason} – {self.service}" if self.service else self.reason


class CannotConnect(FetchError):
    cause = N_("offline / cannot connect")
    transient = True


class TimedOut(FetchError):
    cause = N_("timed out")
    transient = True

    @property
    def reason(self) -> str:
        return _with(self.cause, self.detail if self.detail != "connect" else None)


class DeadlineReached(TimedOut):
    """The command's whole deadline (``KVTUI_DEADLINE``, ``KVTUI_SYNC_DEADLINE``) passed:
    no retry, no next request; what was gathered so far may still be kept."""

    transient = False

    def __init__(self, service: str, detail: str | None = None, *, seconds: float) -> None:
        self.seconds = seconds
        super().__init__(service, detail)

    @property
    def reason(self) -> str:
        said = _("{cause} (the {seconds} s deadline passed)")
        return said.format(cause=_(self.cause), seconds=f"{self.seconds:g}")


class ConnectionLost(FetchError):
    """The server hung up mid-answer: a reset, or a body shorter than announced."""

    cause = N_("connection lost")
    transient = True

    @property
    def reason(self) -> str:
        return _with(self.cause, self.detail)


class _StatusError(FetchError):
    """A refusal told by the HTTP status alone; ``said`` puts the status in words."""

    said: str  # each kind's msgid, with {status}

    def __init__(self, service: str, status: int) -> None:
        self.status = status
        super().__init__(service, None)

    @property
    def reason(self) -> str:
        return _(self.said).format(status=self.status)


class ServerError(_StatusError):
    said = N_("server error (HTTP {status})")
    transient = True


class RateLimited(FetchError):
    cause = N_("rate limited")
    transient = True

    def __init__(
        self, service: str, retry_after: float | None = None, *, deadline: float | None = None
    ) -> None:
        self.retry_after = retry_after
        self.deadline = deadline  # set when the wait would pass the command's deadline
        super().__init__(service, None)

    @property
    def reason(self) -> str:
        if self.retry_after and self.deadline is not None:
            said = _(
                "{cause} (server asks to wait {wait} s, "
                "longer than the {seconds} s deadline allows)"
            )
            wait, seconds = f"{self.retry_after:.0f}", f"{self.deadline:g}"
            return said.format(cause=_(self.cause), wait=wait, seconds=seconds)
        if self.retry_after:
            said = _("{cause} (server asks to wait {wait} s)")
            return said.format(cause=_(self.cause), wait=f"{self.retry_after:.0f}")
        return _(self.cause)


class Refused(_StatusError):
    """A 4xx other than 404/410/429: retrying the same request will not help."""

    said = N_("request refused (HTTP {status})")


class Redirected(FetchError):
    """The server sent kvtui elsewhere than the services it knows (another host or port,
    ``file://``, ``ftp://``) or round in circles. Nothing from there is fetched or stored;
    like "not found", it lets the next route (the HTML page, SRU, the other service) run."""

    cause = N_("redirected away from the service")

    @property
    def reason(self) -> str:
        return _with(self.cause, self.detail)


class NotFound(FetchError):
    cause = N_("not found")


class BadPayload(FetchError):
    """The bytes arrived but are not the document asked for (never stored)."""

    cause = N_("bad document")

    @property
    def reason(self) -> str:
        return _with(self.cause, self.detail)


class OverCap(FetchError):
    """A set asked for more than kvtui spends on one Kamervraag (documents, requests):
    the work stops there, and the message says which cap cut it and where it is set."""

    cause = N_("too much for one Kamervraag")

    @property
    def reason(self) -> str:
        return _with(self.cause, self.detail)


def describe(exc: BaseException) -> str:
    """One line for any exception that escaped a fetch.

    The fetch layer's own errors (and ``EnvError``) carry their message; the transport
    errors a caller may still meet are told apart by their httpx classes. httpx is looked
    up, not imported: an httpx error can only exist once httpx is loaded, and a caller
    that never fetched should not pay for the import.
    """
    message = getattr(exc, "message", None)
    if isinstance(message, str) and message:
        return message
    httpx = sys.modules.get("httpx")
    if isinstance(exc, ConnectionRefusedError) or (
        httpx is not None and isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout)
    ):
        return _(CannotConnect.cause)
    if isinstance(exc, TimeoutError) or (
        httpx is not None and isinstance(exc, httpx.TimeoutException)
    ):
        return _(TimedOut.cause)
    if httpx is not None and isinstance(exc, httpx.HTTPStatusError):
        status = exc.response.status_code
        if status == 404:
            return _(NotFound.cause)
        if status >= 500:
            return ServerError("", status).reason
    name = type(exc).__name__
    detail = str(exc).strip()
    return f"{name}: {detail}" if detail else name
