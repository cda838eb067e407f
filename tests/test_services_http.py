"""The shared HTTP client against a real local server: politeness and fault handling."""

from __future__ import annotations

import asyncio
import email.utils
import socket
import time

import pytest
from fakeservices.helpers import serve

from kvtui import __version__
from kvtui.services.config import EnvError, ServiceConfig
from kvtui.services.errors import (
    BadPayload,
    CannotConnect,
    ConnectionLost,
    NotFound,
    RateLimited,
    ServerError,
    TimedOut,
)
from kvtui.services.http import HttpClient, Validators, _retry_after

KV = "kv-tk-2024Z10001"


@pytest.fixture
def fake(monkeypatch):
    yield from serve(monkeypatch)


class Sleeps:
    """Records requested delays instead of waiting for them."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


def client(sleep=None, **kw) -> HttpClient:
    cfg = ServiceConfig.from_env()
    if kw:
        cfg = ServiceConfig(**{**{f: getattr(cfg, f) for f in cfg.__slots__}, **kw})
    return HttpClient(cfg, sleep=sleep or Sleeps())


async def get(http: HttpClient, url: str, **kw):
    async with http:
        return await http.get(url, service="test", **kw)


def test_config_from_env_defaults_and_overrides():
    cfg = ServiceConfig.from_env({})
    assert cfg.tk_url == "https://gegevensmagazijn.tweedekamer.nl/OData/v4/2.0"
    assert cfg.koop_url == "https://zoek.officielebekendmakingen.nl"
    assert cfg.sru_url == "https://repository.overheid.nl/sru"
    assert (cfg.connect_timeout, cfg.read_timeout, cfg.concurrency) == (5.0, 60.0, 4)
    assert cfg.user_agent.startswith(f"kvtui/{__version__} ")
    cfg = ServiceConfig.from_env(
        {"KVTUI_TK_URL": "http://x/tk/", "KVTUI_HTTP_TIMEOUT": "2", "KVTUI_RETRY_BASE": ""}
    )
    assert cfg.tk_url == "http://x/tk"
    assert (cfg.connect_timeout, cfg.read_timeout, cfg.retry_base) == (2.0, 2.0, 0.5)
    with pytest.raises(EnvError, match="KVTUI_RETRY_BASE"):
        ServiceConfig.from_env({"KVTUI_RETRY_BASE": "bad"})


async def test_user_agent_and_body(fake):
    resp = await get(client(), f"{fake.base}/koop/{KV}.xml")
    assert b"<officiele-publicatie>" in resp.content
    assert (
        fake.log[-1].headers["user-agent"]
        == f"kvtui/{__version__} (+terminal reader for Kamervragen)"
    )
    assert resp.validators.etag


async def test_404_is_not_retried(fake):
    with pytest.raises(NotFound):
        await get(client(), f"{fake.base}/koop/kv-tk-2099Z99999.xml")
    assert fake.routes() == ["koop:xml:kv-tk-2099Z99999"]


async def test_503_is_retried_with_jittered_backoff_then_succeeds(fake):
    fake.fault("koop:xml", "503", times=2)
    sleeps = Sleeps()
    http = client(sleeps, attempts=4, retry_base=1.0, retry_cap=30.0)
    resp = await get(http, f"{fake.base}/koop/{KV}.xml")
    assert resp.status == 200
    assert [e.status for e in fake.log] == [503, 503, 200]
    assert len(sleeps.delays) == 2
    assert 0 <= sleeps.delays[0] <= 1.0 and 0 <= sleeps.delays[1] <= 2.0  # full jitter bounds


async def test_server_error_after_last_attempt(fake):
    fake.fault("koop:xml", "500")
    with pytest.raises(ServerError) as info:
        await get(client(attempts=3), f"{fake.base}/koop/{KV}.xml")
    assert info.value.reason == "server error (HTTP 500)"
    assert len(fake.log) == 3


async def test_retry_after_seconds_is_honoured(fake):
    fake.fault("koop:xml", "429", times=1, retry_after="7")
    sleeps = Sleeps()
    resp = await get(client(sleeps), f"{fake.base}/koop/{KV}.xml")
    assert resp.status == 200 and sleeps.delays == [7.0]


async def test_retry_after_http_date_is_honoured(fake):
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    fake.fault("koop:xml", "429", times=1, retry_after=when)
    sleeps = Sleeps()
    await get(client(sleeps), f"{fake.base}/koop/{KV}.xml")
    assert 25 <= sleeps.delays[0] <= 31


async def test_retry_after_beyond_cap_gives_up_at_once(fake):
    fake.fault("koop:xml", "429", retry_after="3600")
    sleeps = Sleeps()
    with pytest.raises(RateLimited) as info:
        await get(client(sleeps, attempts=4), f"{fake.base}/koop/{KV}.xml")
    assert sleeps.delays == [] and len(fake.log) == 1
    assert "rate limited" in info.value.message


async def test_real_wait_for_retry_after(fake):
    """With the real sleep the second try really comes a second later."""
    fake.fault("koop:xml", "429", times=1, retry_after="1")
    http = HttpClient(ServiceConfig.from_env())
    started = time.monotonic()
    await get(http, f"{fake.base}/koop/{KV}.xml")
    assert time.monotonic() - started >= 0.95


def test_retry_after_parsing():
    assert _retry_after("12") == 12.0
    assert _retry_after("junk") is None
    assert _retry_after(None) is None
    past = email.utils.formatdate(0, usegmt=True)
    assert _retry_after(past) == 0.0


async def test_conditional_request_gives_304(fake):
    http = client()
    async with http:
        first = await http.get(f"{fake.base}/koop/{KV}.xml", service="t")
        again = await http.get(
            f"{fake.base}/koop/{KV}.xml", service="t", validators=first.validators
        )
    assert again.not_modified and again.content == b""
    assert fake.log[-1].headers["if-none-match"] == first.validators.etag
    assert fake.log[-1].status == 304
    assert Validators().headers() == {}


async def test_if_modified_since_alone_gives_304_until_the_body_changes(fake):
    """Servers that keep no ETag still answer 304 on Last-Modified; the client sends it."""
    url = f"{fake.base}/koop/{KV}.xml"
    http = client()
    async with http:
        first = await http.get(url, service="t")
        stamp = first.validators.last_modified
        assert stamp and email.utils.parsedate_to_datetime(stamp).tzinfo is not None
        dated = Validators(last_modified=stamp)
        again = await http.get(url, service="t", validators=dated)
        assert again.not_modified
        assert fake.log[-1].headers["if-modified-since"] == stamp
        assert "if-none-match" not in fake.log[-1].headers
        older = Validators(last_modified="Sun, 31 Dec 2023 00:00:00 GMT")
        assert (await http.get(url, service="t", validators=older)).status == 200
        # An ETag, when sent, decides over the date (RFC 9110 13.2.2).
        other = Validators(etag='"not-this-one"', last_modified=stamp)
        assert (await http.get(url, service="t", validators=other)).status == 200
        label, text = fake.state.sets["2024Z10001"].questions[0]
        fake.state.sets["2024Z10001"].questions[0] = (label, text + " Gewijzigd (FICTIEF).")
        changed = await http.get(url, service="t", validators=dated)
    assert changed.status == 200 and b"Gewijzigd" in changed.content
    new_stamp = email.utils.parsedate_to_datetime(changed.validators.last_modified)
    assert new_stamp > email.utils.parsedate_to_datetime(stamp)


@pytest.mark.parametrize(
    ("kind", "error", "reason"),
    [
        ("reset", ConnectionLost, "connection lost (connection reset)"),
        ("truncate", ConnectionLost, "connection lost (truncated response)"),
        ("hang", TimedOut, "timed out"),
        ("errorpage", NotFound, "not found"),
    ],
)
async def test_faults_become_clear_errors(fake, kind, error, reason):
    fake.fault("koop:xml", kind, seconds=3)
    with pytest.raises(error) as info:
        await get(client(attempts=1, read_timeout=0.3), f"{fake.base}/koop/{KV}.xml")
    assert info.value.reason == reason


async def test_cannot_connect():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nothing listens there
    with pytest.raises(CannotConnect) as info:
        await get(client(attempts=2), f"http://127.0.0.1:{port}/x")
    assert info.value.reason == "offline / cannot connect"


async def test_body_size_cap(fake):
    with pytest.raises(BadPayload):
        await get(client(max_body=100), f"{fake.base}/koop/{KV}.xml")


async def test_concurrency_is_bounded(fake):
    fake.set_latency(0.05)
    http = client(concurrency=3)
    async with http:
        await asyncio.gather(
            *(http.get(f"{fake.base}/koop/{KV}.xml", service="t") for _ in range(12))
        )
    assert fake.max_in_flight == 3
    assert http.stats.max_in_flight == 3
