"""Hostile networks and hostile settings (issue 9 items 5, 8, 14, 15, 19).

Every attack runs against the fake services (a real HTTP server on 127.0.0.1) or
in-process, with short deadlines set through the environment so the file stays fast:

* **Environment values** (19): every ``KVTUI_*`` variable kvtui reads, with values that
  overflow, are NaN, negative, huge, empty or not numbers at all, and bad URLs: one line
  naming the variable, exit 2, before any I/O.
* **Redirects** (15): to ``file://``, another port, another host, ``ftp://``, in a loop;
  a foreign redirect fails that one request and the fallback route still runs.
* **Content-Encoding** (5): gzip/deflate stacked to any depth, unknown encodings, and
  bombs whose decoded size grows: the decoded size is bounded as it streams, peak memory
  of a real ``kvtui fetch`` stays flat while the bomb grows a hundredfold.
* **Deep JSON and per-set caps** (8): nested pages refused in one line (never
  ``RecursionError``); a zaak that lists hundreds of documents costs a bounded number of
  requests and says where it cut.
* **Deadlines** (14): a service that accepts and never answers, all three hanging, a long
  ``Retry-After``, a body dripping a byte at a time, a refused port: each command ends
  within its deadline with the right message and the cache intact.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakeservices import world
from fakeservices.helpers import serve, tree_digest
from fakeservices.server import FakeServices

from kvtui.cli import main
from kvtui.cli.online import run_fetch, run_sync
from kvtui.envvars import VARIABLES, check_environment
from kvtui.services.config import MAX_DOCUMENTS_PER_SET, MAX_REQUESTS_PER_SET, ServiceConfig
from kvtui.services.errors import BadPayload, Redirected
from kvtui.services.http import HttpClient
from kvtui.store.cache import Cache

PKG = Path(__file__).resolve().parents[2] / "kvtui"

# ---------------------------------------------------------------------------
# 19. Environment values
# ---------------------------------------------------------------------------

BAD_NUMBERS = ["inf", "-inf", "1e400", "nan", "-1", "99999999999999999999", "abc", "0x10", "1_0"]
BAD_URLS = [
    "file:///etc/passwd",
    "ftp://example.org/x",
    "http://",
    "http://host:99999/x",
    "http://user:pw@host/x",
    "http://host/x?y=1",
    "http://host/x#f",
    "//host/x",
    "http://ho st/x",
    "http://host/\x1b[2J",
    "javascript:alert(1)",
]
BAD = {
    "int": [*BAD_NUMBERS, "4.0", "-0"],
    "float": BAD_NUMBERS,
    "url": BAD_URLS,
    "date": ["2024-13-01", "yesterday", "1e400"],
    "path": ["x" * 5000],
}


def test_every_env_variable_read_in_kvtui_is_checked():
    """A grep of kvtui/ for ``KVTUI_*`` names: each one has a check in ``VARIABLES``."""
    found: set[str] = set()
    for path in PKG.rglob("*.py"):
        found.update(re.findall(r"\bKVTUI_[A-Z_]+[A-Z]\b", path.read_text(encoding="utf-8")))
    assert found, "the grep found nothing: the test would prove nothing"
    assert found <= set(VARIABLES), sorted(found - set(VARIABLES))


def _cases() -> list[tuple[str, str]]:
    out = []
    for name, (_what, kind, *_rest) in VARIABLES.items():
        out.extend((name, value) for value in BAD.get(kind, []))
    return out


@pytest.mark.parametrize("command", ["list", "fetch", "show", "sync", "refresh"])
def test_bad_env_values_are_usage_errors(command, tmp_path, monkeypatch, capsys, tally):
    """Every bad value of every variable: exit 2, one line naming it, nothing touched."""
    argv = {
        "list": ["list"],
        "fetch": ["fetch", "2024Z10001"],
        "show": ["show", "2024Z10001"],
        "sync": ["sync", "--since", "2024-01-01"],
        "refresh": ["refresh"],
    }[command]
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    cases = _cases()
    assert len(cases) > 100
    for name, value in cases:
        tally["network_cases"] += 1
        root = tmp_path / "cache"
        monkeypatch.setenv(name, value)
        try:
            code = main(["--cache", str(root), *argv])
        finally:
            monkeypatch.delenv(name)
        err = capsys.readouterr().err
        lines = [line for line in err.splitlines() if line.strip()]
        assert code == 2, (name, value, err)
        assert len(lines) == 1 and name in lines[0] and "Traceback" not in err, (name, err)
        assert "\x1b" not in err
        assert not root.exists(), f"{name}={value!r}: the cache was touched"


def test_empty_and_good_values_are_accepted(monkeypatch):
    env = {name: "" for name in VARIABLES}
    assert check_environment(env) == []
    env = {name: "   " for name in VARIABLES}
    assert check_environment(env) == []
    good = {
        "KVTUI_TK_URL": "https://mirror.example:8443/OData/v4/2.0/",
        "KVTUI_CONCURRENCY": "32",
        "KVTUI_HTTP_ATTEMPTS": "1",
        "KVTUI_HTTP_TIMEOUT": "0.5",
        "KVTUI_DEADLINE": "2.5",
        "KVTUI_TODAY": "2024-06-01",
        "KVTUI_IMPORT_WORKERS": "0",
    }
    assert check_environment(good) == []

    cfg = ServiceConfig.from_env(good)
    assert cfg.tk_url == "https://mirror.example:8443/OData/v4/2.0"
    assert (cfg.concurrency, cfg.attempts, cfg.deadline) == (32, 1, 2.5)


def test_overflow_examples_in_a_real_process(tmp_path):
    """The issue's examples, run as described: ``OverflowError`` no more."""
    import subprocess
    import sys

    for name, value in [("KVTUI_HTTP_ATTEMPTS", "inf"), ("KVTUI_CONCURRENCY", "1e400")]:
        env = {**os.environ, name: value, "KVTUI_CACHE_DIR": str(tmp_path / "c")}
        proc = subprocess.run(
            [sys.executable, "-m", "kvtui", "fetch", "2020Z12161"],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 2, proc.stderr
        assert name in proc.stderr and "Error" not in proc.stderr.replace("EnvError", "")


# ---------------------------------------------------------------------------
# Shared: fake services and running a command
# ---------------------------------------------------------------------------

ZAAK = "2024Z10001"
KV = f"kv-tk-{ZAAK}"
AH = "ah-tk-20232024-1001"


@pytest.fixture
def fake(monkeypatch) -> Iterator[FakeServices]:
    yield from serve(monkeypatch, env={"KVTUI_HTTP_TIMEOUT": "0.5", "KVTUI_TODAY": "2024-06-01"})


@pytest.fixture
def other() -> Iterator[FakeServices]:
    """A second server on another port: a redirect target that must never be asked."""
    with FakeServices() as server:
        yield server


def _fetch(root: Path, *numbers: str, force: bool = False) -> tuple[int, str, float]:
    err = io.StringIO()
    args = argparse.Namespace(cache=root, numbers=list(numbers) or [ZAAK], force=force)
    started = time.monotonic()
    code = run_fetch(args, err=err)
    return code, err.getvalue(), time.monotonic() - started


def _sync(root: Path) -> tuple[int, str, float]:
    """``sync`` of everything since 2024-01-01 into ``root``: code, stderr, seconds."""
    err = io.StringIO()
    args = argparse.Namespace(cache=root, since=dt.date(2024, 1, 1), until=None, force=False)
    started = time.monotonic()
    code = run_sync(args, err=err)
    return code, err.getvalue(), time.monotonic() - started


def _sources(root: Path) -> dict[str, bytes]:
    d = root / "sources"
    return {p.name: p.read_bytes() for p in d.iterdir() if p.is_file()} if d.is_dir() else {}


def _clean(err: str) -> None:
    assert "Traceback" not in err and "internal error" not in err, err
    assert "\x1b" not in err


# ---------------------------------------------------------------------------
# 15. Redirects only to the services' own hosts
# ---------------------------------------------------------------------------


def _foreign_locations(fake: FakeServices, other: FakeServices, doc: str = KV) -> dict[str, str]:
    port = fake.httpd.server_address[1]
    return {
        "file": "file:///etc/passwd",
        "other port": f"{other.base}/koop/{KV}.xml",
        "other host": f"http://localhost:{port}/koop/{KV}.xml",
        "foreign name": "http://evil.example/koop/x.xml",
        "scheme-relative": "//evil.example/x.xml",
        "ftp": f"ftp://127.0.0.1:{port}/koop/{KV}.xml",
        "https other port": f"https://127.0.0.1:{other.httpd.server_address[1]}/x",
        "data": "data:text/xml,<x/>",
        "loop": f"/koop/{doc}.xml",  # the request redirected to itself
        "garbage": "http://[::1",
    }


async def _get(url: str) -> Any:
    async with HttpClient(ServiceConfig.from_env()) as http:
        return await http.get(url, service="test")


def test_redirect_shapes_at_the_client(fake, other, tally):
    """Every foreign shape is one ``Redirected`` naming where; nothing reaches ``other``."""
    for shape, location in _foreign_locations(fake, other).items():
        tally["network_cases"] += 1
        fake.clear_faults()
        fake.fault(f"koop:xml:{KV}", "redirect", location=location)
        with pytest.raises(Redirected) as info:
            asyncio.run(_get(f"{fake.base}/koop/{KV}.xml"))
        assert "redirected away from the service" in info.value.message, shape
        if shape == "loop":
            assert "redirects" in info.value.message
    assert other.log == [], "a foreign server was asked"


def test_redirects_that_stay_on_the_host_are_followed(fake, tally):
    for location in (f"/koop/{KV}.xml", f"{fake.base}/koop/{KV}.xml", f"../{KV}.xml"):
        tally["network_cases"] += 1
        fake.clear_faults()
        fake.fault("koop:meta", "redirect", location=location, times=1)
        resp = asyncio.run(_get(f"{fake.base}/koop/{KV}/metadata.xml"))
        assert resp.status == 200 and b"officiele-publicatie" in resp.content
        assert resp.url.endswith(f"/koop/{KV}.xml")
    # A chain of on-host redirects up to the limit is fine; one more is a loop.
    fake.clear_faults()
    fake.fault("koop:meta", "redirect", location=f"/koop/{KV}/metadata.xml", times=10)
    assert asyncio.run(_get(f"{fake.base}/koop/{KV}/metadata.xml")).status == 200


@pytest.mark.parametrize("route", [f"koop:xml:{KV}", f"koop:xml:{AH}"])
def test_foreign_redirect_of_a_text_lets_the_html_route_run(fake, other, tmp_path, route, tally):
    """``{id}.xml`` sent elsewhere: the HTML page is fetched instead, the set is stored."""
    doc = route.rsplit(":", 1)[1]
    for shape, location in _foreign_locations(fake, other, doc).items():
        tally["network_cases"] += 1
        root = tmp_path / f"c-{doc}-{shape.replace(' ', '_')}"
        fake.clear_faults()
        start = len(fake.log)
        fake.fault(route, "redirect", location=location)
        code, err, _ = _fetch(root)
        _clean(err)
        assert code == 0, (shape, err)
        assert f"koop:html:{doc}" in fake.routes()[start:], shape
        names = set(_sources(root))
        assert f"{doc}.html" in names and f"{doc}.xml" not in names, (shape, names)
    assert other.log == []


LOOPS = {
    "tk:zaak": None,  # its URL carries a query; the other shapes cover it
    f"koop:meta:{KV}": f"/koop/{KV}/metadata.xml",
    f"koop:meta:{AH}": f"/koop/{AH}/metadata.xml",
    f"koop:html:{AH}": f"/koop/{AH}.html",
}


@pytest.mark.parametrize("route", list(LOOPS))
def test_foreign_redirect_elsewhere_fails_that_request_clearly(fake, other, tmp_path, route, tally):
    """Metadata, the HTML page or the Kamer's zaak sent away (or round in a loop): that
    request fails with the cause named; for the zaak the SRU route still runs."""
    locations = _foreign_locations(fake, other)
    locations["loop"] = LOOPS[route]
    for shape in ("file", "other port", "ftp", "foreign name", "loop"):
        if locations[shape] is None:
            continue
        tally["network_cases"] += 1
        root = tmp_path / f"c-{route.replace(':', '_')}-{shape.replace(' ', '_')}"
        fake.clear_faults()
        if route.startswith("koop:html"):
            fake.fault(f"koop:xml:{AH}", "404")  # so the HTML route is the one taken
        start = len(fake.log)
        fake.fault(route, "redirect", location=locations[shape])
        code, err, _ = _fetch(root)
        _clean(err)
        assert code == 1, (shape, err)
        assert "redirected away from the service" in err, (shape, err)
        if route == "tk:zaak":
            assert "sru" in fake.routes()[start:], "the SRU fallback did not run"
    assert other.log == []


# ---------------------------------------------------------------------------
# 5. Content-Encoding: the decoded size is bounded as it streams
# ---------------------------------------------------------------------------

MB = 1024 * 1024
BOMB_SIZES = [4 * MB, 32 * MB, 128 * MB]  # decoded; the cap in these tests is 1 MB


def _gzip(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, 31)
    return c.compress(data) + c.flush()


def _zlib(data: bytes) -> bytes:
    return zlib.compress(data, 9)


def _raw_deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


ENCODERS = {"gzip": _gzip, "x-gzip": _gzip, "deflate": _zlib}
STACKS = [
    "gzip",
    "x-gzip",
    "deflate",
    "gzip, gzip",
    "deflate, gzip",
    "gzip,deflate",
    "gzip, gzip, gzip",
    "identity, gzip, deflate",
]


def _encode(data: bytes, header: str) -> bytes:
    for name in [n.strip() for n in header.split(",") if n.strip()]:
        data = ENCODERS[name](data) if name != "identity" else data
    return data


@pytest.fixture(scope="module")
def zero_gzips() -> dict[int, bytes]:
    """gzip of N zero bytes for each bomb size, made once (about a second in all)."""
    out = {}
    block = bytes(MB)
    for size in BOMB_SIZES:
        c = zlib.compressobj(9, zlib.DEFLATED, 31)
        parts = [c.compress(block) for _ in range(size // MB)]
        out[size] = b"".join(parts) + c.flush()
    return out


def _small_client(cap: int = MB) -> HttpClient:
    cfg = ServiceConfig.from_env()
    return HttpClient(dataclasses.replace(cfg, max_body=cap))


async def _get_with(http: HttpClient, url: str) -> Any:
    async with http:
        return await http.get(url, service="test")


def test_every_encoding_and_stack_decodes_faithfully(fake, tally):
    """Bounding must not break what is legitimate: each stack gives back the document."""
    doc = world.koop_xml(*_set_and_doc(fake, KV))
    for header in [*STACKS, "deflate-raw"]:
        tally["network_cases"] += 1
        body = _raw_deflate(doc) if header == "deflate-raw" else _encode(doc, header)
        fake.clear_faults()
        fake.fault(f"koop:xml:{KV}", "body", body=body, encoding=header.replace("-raw", ""))
        resp = asyncio.run(_get_with(_small_client(), f"{fake.base}/koop/{KV}.xml"))
        assert resp.content == doc, header


def _set_and_doc(fake: FakeServices, koop_id: str) -> tuple[Any, Any]:
    for s in fake.state.sets.values():
        for d in s.docs:
            if d.koop_id == koop_id:
                return s, d
    raise AssertionError(koop_id)


def test_bombs_of_growing_size_stop_at_the_cap_with_flat_memory(fake, zero_gzips, tally):
    """Each stack × each size: one 'larger than 1 MB once decoded', and the peak of
    Python's allocations while decoding stays the same whether the bomb is 4 or 128 MB."""
    peaks: dict[int, int] = {}
    for size, inner in zero_gzips.items():
        for header in ["gzip", "gzip, gzip", "gzip, deflate", "gzip, gzip, gzip"]:
            tally["network_cases"] += 1
            # ``inner`` is the innermost gzip; wrap it in the remaining layers.
            outer = [n.strip() for n in header.split(",")][1:]
            body = _encode(inner, ", ".join(outer)) if outer else inner
            assert len(body) < size // 100  # the wire is tiny next to what it decodes to
            fake.clear_faults()
            fake.fault(f"koop:xml:{KV}", "body", body=body, encoding=header)
            tracemalloc.start()
            try:
                with pytest.raises(BadPayload) as info:
                    asyncio.run(_get_with(_small_client(), f"{fake.base}/koop/{KV}.xml"))
                peak = tracemalloc.get_traced_memory()[1]
            finally:
                tracemalloc.stop()
            assert "larger than 1 MB once decoded" in info.value.message, header
            peaks[size] = max(peaks.get(size, 0), peak)
    print("traced peak by decoded bomb size:", {k // MB: v // 1024 for k, v in peaks.items()}, "KB")
    assert max(peaks.values()) < 8 * MB, peaks
    assert peaks[BOMB_SIZES[-1]] < 2 * peaks[BOMB_SIZES[0]] + MB, peaks


@pytest.mark.parametrize(
    "header", ["br", "zstd", "gzip, br", "compress", "x-evil", "gzip, gzip, gzip, gzip"]
)
def test_unknown_or_too_many_encodings_are_refused_by_name(fake, header, tally):
    tally["network_cases"] += 1
    fake.fault(f"koop:xml:{KV}", "body", body=_gzip(b"<x/>"), encoding=header)
    with pytest.raises(BadPayload) as info:
        asyncio.run(_get_with(_small_client(), f"{fake.base}/koop/{KV}.xml"))
    text = info.value.message
    assert "unsupported content encoding" in text or "stacked content encodings" in text


def test_corrupt_encoded_body_is_one_message(fake, tally):
    cases = [
        ("gzip", b"\x1f\x8b\x08\x00garbage"),
        ("deflate", b"\xff\xff\xff"),
        ("gzip", _gzip(b"<x>" * 1000)[:-30]),  # cut before its end
        ("gzip, gzip", _gzip(b"not gzip inside")),
    ]
    for header, body in cases:
        tally["network_cases"] += 1
        fake.clear_faults()
        fake.fault(f"koop:xml:{KV}", "body", body=body, encoding=header)
        with pytest.raises(BadPayload) as info:
            asyncio.run(_get_with(_small_client(), f"{fake.base}/koop/{KV}.xml"))
        assert "corrupt" in info.value.message or "truncated" in info.value.message


# VmHWM is this process's own peak: ru_maxrss survives execve on Linux, so a child of a big
# pytest process would report the parent's peak instead of its own.
_MEASURE = """
import sys
from kvtui.cli import main
code = main(sys.argv[1:])
with open("/proc/self/status") as status:
    peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
print("MAXRSS", peak, file=sys.stderr)
sys.exit(code)
"""


def test_fetch_of_a_bomb_keeps_a_real_process_small(fake, zero_gzips, tmp_path, tally):
    """``kvtui fetch`` in its own process (2 MB cap) against ``gzip, gzip`` bombs that
    decode to 4, 32 and 128 MB: exit 1 naming the cause, peak RSS flat, cache empty."""
    rss: dict[int, int] = {}
    for size, inner in zero_gzips.items():
        tally["network_cases"] += 1
        fake.clear_faults()
        fake.fault(f"koop:xml:{KV}", "body", body=_gzip(inner), encoding="gzip, gzip")
        root = tmp_path / f"c{size}"
        env = {**os.environ, "KVTUI_MAX_BODY_MB": "2", "PYTHONPATH": str(PKG.parent)}
        proc = subprocess.run(
            [sys.executable, "-c", _MEASURE, "--cache", str(root), "fetch", ZAAK],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert proc.returncode == 1, proc.stderr
        assert "larger than 2 MB once decoded" in proc.stderr
        _clean(proc.stderr)
        rss[size] = int(proc.stderr.rsplit("MAXRSS", 1)[1].split()[0]) * 1024
        assert not any(n.startswith(KV) for n in _sources(root))
    print("kvtui fetch peak RSS by decoded bomb size:", {k // MB: v // MB for k, v in rss.items()})
    assert max(rss.values()) < 200 * MB, rss
    assert rss[BOMB_SIZES[-1]] < rss[BOMB_SIZES[0]] + 16 * MB, rss


# ---------------------------------------------------------------------------
# 14. Every command answers within its deadline
# ---------------------------------------------------------------------------

DEADLINE = 2.0
MARGIN = 2.5  # storing and start-up on a loaded 2-core machine
REAL_POLITENESS = {  # what a user runs with: long reads, four tries, real backoff
    "KVTUI_HTTP_TIMEOUT": "60",
    "KVTUI_HTTP_ATTEMPTS": "4",
    "KVTUI_RETRY_BASE": "0.5",
    "KVTUI_RETRY_CAP": "30",
    "KVTUI_DEADLINE": str(DEADLINE),
    "KVTUI_SYNC_DEADLINE": str(DEADLINE),
}


@pytest.fixture
def slow(fake, monkeypatch) -> FakeServices:
    for key, val in REAL_POLITENESS.items():
        monkeypatch.setenv(key, val)
    return fake


def _primed(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A cache that already holds 2024Z10002 (fetched cleanly), and its digest."""
    root = tmp_path / "cache"
    code, err, _ = _fetch(root, "2024Z10002")
    assert code == 0, err
    return root, tree_digest(root)


def _untouched(root: Path, before: dict[str, str]) -> None:
    after = tree_digest(root)
    for name, digest in before.items():
        if name.startswith("sources/"):
            assert after.get(name) == digest, f"{name} changed"
    with Cache(root) as cache:
        assert cache.get("2024Z10002") is not None


def _show(root: Path, capsys) -> tuple[int, str, str, float]:
    capsys.readouterr()
    started = time.monotonic()
    code = main(["--cache", str(root), "show", ZAAK])
    elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    return code, out, err, elapsed


def test_tk_hangs_show_prints_the_koop_part_in_time(slow, tmp_path, capsys, tally):
    """TK accepts and never answers: ``show`` ends within the deadline, prints the
    question text KOOP gave, and says what is missing and why."""
    tally["network_cases"] += 1
    root, before = _primed(tmp_path)
    slow.fault("tk:zaak", "hang", seconds=60)
    code, out, err, elapsed = _show(root, capsys)
    _clean(err)
    assert elapsed < DEADLINE + MARGIN, elapsed
    assert code == 1, err
    assert "timed out" in err and "Tweede Kamer open data" in err, err
    assert "incomplete" in err and "officielebekendmakingen.nl documents only" in err, err
    assert ZAAK in out and "FICTIEF" in out, out
    _untouched(root, before)


@pytest.mark.parametrize("command", ["fetch", "show"])  # the dialog: its own test below
def test_all_services_hang(slow, tmp_path, capsys, command, tally):
    tally["network_cases"] += 1
    root, before = _primed(tmp_path)
    for route in ("tk", "koop", "sru"):
        slow.fault(route, "hang", seconds=60)
    if command == "fetch":
        code, err, elapsed = _fetch(root)
    else:
        code, _out, err, elapsed = _show(root, capsys)
    _clean(err)
    assert elapsed < DEADLINE + MARGIN, elapsed
    assert code == 1 and "timed out" in err, err
    _untouched(root, before)


@pytest.mark.parametrize("route", ["tk:zaak", f"koop:xml:{KV}", f"koop:meta:{AH}", "tk"])
def test_retry_after_beyond_the_deadline_fails_at_once(slow, tmp_path, route, tally):
    tally["network_cases"] += 1
    root, before = _primed(tmp_path)
    slow.fault(route, "429", retry_after="119")
    code, err, elapsed = _fetch(root, force=True)
    _clean(err)
    assert elapsed < 1.5, elapsed  # no waiting at all
    assert code == 1
    assert "server asks to wait 119 s, longer than the 2 s deadline allows" in err, err
    _untouched(root, before)


def test_retry_after_within_the_deadline_is_still_honoured(slow, tmp_path, monkeypatch, tally):
    tally["network_cases"] += 1
    monkeypatch.setenv("KVTUI_DEADLINE", "4")  # one request may use half: 2 s
    slow.fault(f"koop:xml:{KV}", "429", retry_after="1", times=1)
    code, err, elapsed = _fetch(tmp_path / "c")
    assert code == 0 and 0.9 < elapsed < 4 + MARGIN, (err, elapsed)


@pytest.mark.parametrize("route", ["tk:zaak", f"koop:meta:{KV}"])
def test_dripping_body_ends_at_the_deadline(slow, tmp_path, route, tally):
    """Every read comes well within the 60 s read timeout; the body must end anyway."""
    tally["network_cases"] += 1
    root, before = _primed(tmp_path)
    slow.fault(route, "drip", seconds=0.5)
    code, err, elapsed = _fetch(root)
    _clean(err)
    assert elapsed < DEADLINE + MARGIN, elapsed
    assert code == 1 and "timed out" in err, err
    _untouched(root, before)


def test_dripping_body_ends_within_one_request_total_under_a_long_deadline(
    fake, tmp_path, monkeypatch, tally
):
    """A sync has an hour; one request still has ``2 × KVTUI_HTTP_TIMEOUT`` in all."""
    tally["network_cases"] += 1
    monkeypatch.setenv("KVTUI_HTTP_TIMEOUT", "1")
    monkeypatch.setenv("KVTUI_HTTP_ATTEMPTS", "1")
    monkeypatch.setenv("KVTUI_SYNC_DEADLINE", "3600")
    fake.fault("tk:list", "drip", seconds=0.3)
    code, err, elapsed = _sync(tmp_path / "c")
    assert elapsed < 2 + MARGIN, elapsed
    assert code == 1 and "no complete answer in 2 s" in err, err


def test_sync_ends_at_its_deadline(slow, tmp_path, tally):
    tally["network_cases"] += 1
    slow.fault("tk:list", "hang", seconds=60)
    code, err, elapsed = _sync(tmp_path / "c")
    assert elapsed < DEADLINE + MARGIN
    assert code == 1 and "timed out" in err


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("where", ["refused", "dns", "mixed"])
def test_offline_is_reported_within_two_seconds(slow, tmp_path, monkeypatch, where, tally):
    """No service reachable: "offline / cannot connect" in about 2 s, not after every
    retry of every route."""
    tally["network_cases"] += 1
    root, before = _primed(tmp_path)
    monkeypatch.setenv("KVTUI_DEADLINE", "30")
    port = _closed_port()
    urls = {
        "refused": [f"http://127.0.0.1:{port}/{p}" for p in ("tk", "koop", "sru")],
        "dns": [f"http://kvtui-{p}.invalid/{p}" for p in ("tk", "koop", "sru")],
        "mixed": [f"http://127.0.0.1:{port}/tk", "http://kvtui.invalid/koop", "http://[::1]:9/"],
    }[where]
    for var, url in zip(("KVTUI_TK_URL", "KVTUI_KOOP_URL", "KVTUI_SRU_URL"), urls, strict=True):
        monkeypatch.setenv(var, url)
    code, err, elapsed = _fetch(root, ZAAK, "2024Z10003")
    _clean(err)
    assert elapsed < 2.0 + 0.5, elapsed
    assert code == 1 and "offline / cannot connect" in err, err
    _untouched(root, before)


# ---------------------------------------------------------------------------
# 8. Deep JSON is refused in one line; a set costs a bounded number of requests
# ---------------------------------------------------------------------------

DEPTHS = [33, 1000, 100_000]


def _deep(kind: str, depth: int) -> bytes:
    """An OData page nested ``depth`` deep: in the page, in one entity, in a value."""
    nest_a = b"[" * depth + b"]" * depth
    nest_o = b'{"a":' * depth + b"1" + b"}" * depth
    zaak = b'{"Nummer": "2024Z10001", "Soort": "Schriftelijke vragen", "GestartOp": '
    zaak += b'"2024-01-10T00:00:00+01:00", "Verwijderd": false'
    return {
        "page": b'{"value": [' + nest_a + b"]}",
        "entity": b'{"value": [' + zaak + b', "Titel": ' + nest_o + b"}]}",
        "actors": b'{"value": [' + zaak + b', "ZaakActor": [' + nest_a + b"]}]}",
        "link": b'{"value": [], "@odata.nextLink": ' + nest_o + b"}",
    }[kind]


@pytest.mark.parametrize("kind", ["page", "entity", "actors", "link"])
def test_deep_json_in_a_sync_listing_is_one_refusal(fake, tmp_path, kind, tally):
    for depth in DEPTHS:
        tally["network_cases"] += 1
        fake.clear_faults()
        fake.fault("tk:list", "body", body=_deep(kind, depth))
        code, text, _elapsed = _sync(tmp_path / f"c{depth}")
        _clean(text)
        assert code == 1, text
        assert "JSON nested deeper than 32 levels" in text and "RecursionError" not in text


@pytest.mark.parametrize("route", ["tk:zaak", "tk:document"])
def test_deep_json_for_one_number_is_one_refusal(fake, tmp_path, route, tally):
    number = ZAAK if route == "tk:zaak" else "2024D00102"
    for kind in ("page", "entity", "actors"):
        for depth in DEPTHS:
            tally["network_cases"] += 1
            fake.clear_faults()
            fake.fault(route, "body", body=_deep(kind, depth))
            code, err, _ = _fetch(tmp_path / f"c-{kind}-{depth}", number)
            _clean(err)
            assert code == 1 and "JSON nested deeper than 32 levels" in err, (kind, err)


def test_deep_validators_file_costs_only_a_full_download(fake, tmp_path, tally):
    for depth in DEPTHS:
        tally["network_cases"] += 1
        root = tmp_path / f"c{depth}"
        root.mkdir()
        (root / "http-validators.json").write_bytes(b"[" * depth + b"]" * depth)
        code, err, _ = _fetch(root)
        _clean(err)
        assert code == 0, err


def _zaak_with_documents(fake: FakeServices, count: int) -> bytes:
    """2024Z10001 as the Kamer would list it, plus ``count`` notices with KOOP ids."""
    s = fake.state.sets[ZAAK]
    page = json.loads(world.zaak_json([s], f"{fake.base}/tk"))
    template = page["value"][0]["Document"][-1]
    for i in range(count):
        doc = json.loads(json.dumps(template))
        doc["Id"] = doc["DocumentVersie"][0]["Document_Id"] = f"00000000-0000-0000-0000-{i:012d}"
        doc["Soort"] = "Mededeling"
        doc["DocumentNummer"] = f"2024D9{i:04d}"
        doc["DocumentVersie"][0]["ExterneIdentifier"] = f"ah-tk-20232024-{5000 + i}"
        page["value"][0]["Document"].append(doc)
    return json.dumps(page).encode()


@pytest.mark.parametrize("count", [50, 300, 3000])
def test_a_zaak_listing_many_documents_is_cut_with_a_message(fake, tmp_path, count, tally):
    """The issue's 300 (and fewer and more): the requests stay few and flat."""
    tally["network_cases"] += 1
    fake.fault("tk:zaak", "body", body=_zaak_with_documents(fake, count))
    start = len(fake.log)
    code, err, _ = _fetch(tmp_path / "c")
    requests = len(fake.log) - start
    _clean(err)
    assert code == 1, err
    assert "MAX_DOCUMENTS_PER_SET" in err and f"{count + 2} documents listed" in err, err
    assert requests <= 5, requests  # the zaak (and its SRU look-up): no texts at all


def test_a_set_within_the_document_cap_is_fetched_whole(fake, tmp_path, tally):
    tally["network_cases"] += 1
    fake.fault("tk:zaak", "body", body=_zaak_with_documents(fake, MAX_DOCUMENTS_PER_SET - 2))
    start = len(fake.log)
    code, err, _ = _fetch(tmp_path / "c")
    # The extra notices do not exist at KOOP (404): the set is still complete.
    assert code == 0, err
    assert len(fake.log) - start <= 1 + 4 * MAX_DOCUMENTS_PER_SET


def test_requests_per_set_are_capped_whatever_fails(fake, tmp_path, monkeypatch, tally):
    """Every text and metadata request fails and is retried: the set stops at the cap."""
    tally["network_cases"] += 1
    monkeypatch.setenv("KVTUI_HTTP_ATTEMPTS", "10")
    fake.fault("tk:zaak", "body", body=_zaak_with_documents(fake, MAX_DOCUMENTS_PER_SET - 2))
    fake.fault("koop", "503")
    start = len(fake.log)
    code, err, _ = _fetch(tmp_path / "c")
    requests = len(fake.log) - start
    _clean(err)
    assert code == 1
    assert requests <= MAX_REQUESTS_PER_SET + 1, requests  # + the zaak, made before
    assert "MAX_REQUESTS_PER_SET" in err, err


async def test_reader_fetch_dialog_answers_within_the_deadline(slow, tmp_path, tally):
    """The reader's fetch dialog (Textual Pilot) with every service hanging: it says how
    long it will try, then names the cause in time, and the reader keeps running."""
    from textual.app import App
    from textual.widgets import Static

    from kvtui.ui.screens.fetch import FetchScreen

    tally["network_cases"] += 1
    for route in ("tk", "koop", "sru"):
        slow.fault(route, "hang", seconds=60)

    class DialogApp(App[None]):
        def __init__(self, cache: Cache) -> None:
            super().__init__()
            self.cache = cache

    with Cache(tmp_path / "cache") as cache:
        app = DialogApp(cache)
        async with app.run_test(size=(80, 24)) as pilot:
            screen = FetchScreen(ZAAK, autostart=True)
            app.push_screen(screen)
            started = time.monotonic()
            await pilot.pause()
            log = str(screen.query_one("#fetch-log", Static).render())
            await app.workers.wait_for_complete()
            await pilot.pause()
            elapsed = time.monotonic() - started
            error = str(screen.query_one("#fetch-error", Static).render())
            assert app.is_running and app.screen is screen
    assert f"gives up after {DEADLINE:g} s" in log, log
    assert elapsed < DEADLINE + MARGIN, elapsed
    assert "timed out" in error, error
