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
import io
import os
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakeservices.helpers import serve
from fakeservices.server import FakeServices

from kvtui.cli import main
from kvtui.cli.online import run_fetch
from kvtui.envvars import VARIABLES, check_environment
from kvtui.sources.config import ServiceConfig
from kvtui.sources.errors import Redirected
from kvtui.sources.http import HttpClient

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
    from kvtui.sources.config import ServiceConfig

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
    for server in serve(monkeypatch):
        monkeypatch.setenv("KVTUI_HTTP_TIMEOUT", "0.5")
        monkeypatch.setenv("KVTUI_TODAY", "2024-06-01")
        yield server


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
