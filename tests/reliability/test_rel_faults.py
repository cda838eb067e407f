"""Every fault switch of the fake services on every request of ``fetch``, ``refresh``, ``sync``.

A clean run of each command against the fake services lists the requests it makes
(the server's route log). Then, for each of those routes and each fault the server can
play (latency, hang, reset, 429, 500, 503, truncated body, error page as 200, invalid
body, HTML instead of XML, 404), the command runs again on a copy of the cache it
started from, with that one request failing every time. Each case must:

* end with exit code 0 or 1 and never a traceback; a failure names its number and a
  cause a person understands, on one stderr line, with control characters inert;
* leave the cache consistent: every file is one the cache had or one a clean run
  writes, the index opens and lists exactly ``sources/``, and every Kamervraag that was
  cached before is still there;
* not stand in the way of the next run: with the fault gone the same command succeeds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import shutil
import socket
import struct
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fakeservices.helpers import serve
from fakeservices.server import FakeServices

from kvtui.cli.online import run_fetch, run_refresh, run_sync
from kvtui.store.cache import Cache
from kvtui.textsafe import has_controls

FAULTS = [
    "latency",
    "hang",
    "reset",
    "429",
    "500",
    "503",
    "truncate",
    "errorpage",
    "invalid",
    "html",
    "404",
]
CAUSES = (
    "timed out",
    "connection lost",
    "rate limited",
    "server error",
    "bad document",
    "not found",
    "offline / cannot connect",
    "request refused",
    "Tweede Kamer data only",
)

Runner = Callable[..., int]


@pytest.fixture
def fake(monkeypatch) -> Iterator[FakeServices]:
    yield from serve(monkeypatch, env={"KVTUI_HTTP_TIMEOUT": "0.2", "KVTUI_TODAY": "2024-06-01"})


def _files(root: Path) -> dict[str, bytes]:
    sources = root / "sources"
    if not sources.is_dir():
        return {}
    return {p.name: p.read_bytes() for p in sources.iterdir() if not p.name.startswith(".")}


def _numbers(root: Path) -> list[str]:
    with Cache(root) as cache:
        return sorted(r.number for r in cache.rows())


def _run(runner: Runner, args: argparse.Namespace) -> tuple[int, str]:
    err = io.StringIO()
    code = runner(args, err=err)
    return code, err.getvalue()


def _fault_matrix(
    fake: FakeServices,
    tmp: Path,
    tally,
    runner: Runner,
    make_args: Callable[[Path], argparse.Namespace],
    prepare: Callable[[Path], None],
) -> list[str]:
    """Run every fault on every route of one command; returns the problems found."""
    template = tmp / "template"
    prepare(template)
    before_files, before_numbers = _files(template), _numbers(template)

    clean = tmp / "clean"
    shutil.copytree(template, clean)
    start = len(fake.log)
    code, err = _run(runner, make_args(clean))
    assert code == 0, err
    routes = sorted({r for r in fake.routes()[start:] if r != "unknown"})
    after_files = _files(clean)
    assert routes, "the command made no request"

    published = _published(fake)
    problems: list[str] = []
    for route in routes:
        for kind in FAULTS:
            tally["fault_cases"] += 1
            case = f"{route} {kind}"
            root = tmp / f"case-{len(problems)}-{route.replace(':', '_')}-{kind}"
            shutil.copytree(template, root)
            fake.clear_faults()
            seconds = {"hang": 1.0, "latency": 0.05}.get(kind, 0.0)
            fake.fault(route, kind, seconds=seconds, retry_after="1" if kind == "429" else None)
            try:
                code, err = _run(runner, make_args(root))
            except Exception as exc:  # a crash is exactly what this suite looks for
                problems.append(f"{case}: raised {type(exc).__name__}: {exc}")
                continue
            finally:
                fake.clear_faults()
            problems += _check_case(case, code, err, kind)
            allowed = (before_files, after_files, published)
            problems += _check_cache(case, root, allowed, before_numbers, tally)
            code, err = _run(runner, make_args(root))
            if code != 0:
                problems.append(f"{case}: the next run without the fault failed: {err!r}")
            shutil.rmtree(root)
    return problems


def _check_case(case: str, code: int, err: str, kind: str) -> list[str]:
    out = []
    if code not in (0, 1):
        out.append(f"{case}: exit code {code}")
    if "Traceback" in err or has_controls(err.replace("\r", "")):
        out.append(f"{case}: raw output on stderr: {err!r}")
    if kind == "latency" and code != 0:
        out.append(f"{case}: a slow answer failed the run: {err!r}")
    if code == 1:
        failures = [
            line
            for line in err.splitlines()
            if line.startswith("kvtui: ") and any(c in line for c in CAUSES)
        ]
        if not failures:
            out.append(f"{case}: failed without naming a cause: {err!r}")
    return out


def _published(fake: FakeServices) -> Callable[[str], bytes | None]:
    """What the services publish under a cache name: the HTML fallback is one of them."""

    def get(name: str) -> bytes | None:
        if not name.endswith(".html"):
            return None
        try:
            with urllib.request.urlopen(f"{fake.base}/koop/{name}", timeout=5) as answer:
                return answer.read()
        except OSError:
            return None

    return get


def _check_cache(
    case: str,
    root: Path,
    allowed: tuple[dict[str, bytes], dict[str, bytes], Callable[[str], bytes | None]],
    numbers: list[str],
    tally,
) -> list[str]:
    """No partial or foreign file, nothing lost, and an index that matches sources/."""
    before, clean_after, published = allowed
    out = []
    on_disk = _files(root)
    for name, data in on_disk.items():
        if data not in (before.get(name), clean_after.get(name), published(name)):
            out.append(f"{case}: {name} holds bytes the services never published")
    lost = [n for n, data in before.items() if on_disk.get(n) not in (data, clean_after.get(n))]
    with Cache(root) as cache:
        indexed = {r[0] for r in cache._conn().execute("SELECT name FROM files")}
        missing = [n for n in numbers if cache.get(n) is None]
    tally["documents_lost"] += len(lost) + len(missing)
    if lost or missing:
        out.append(f"{case}: lost {lost} {missing}")
    if indexed != set(on_disk):
        out.append(f"{case}: index {sorted(indexed)} does not match sources/ {sorted(on_disk)}")
    return out


def _fetched(numbers: list[str]) -> Callable[[Path], None]:
    def prepare(root: Path) -> None:
        if numbers:
            code, err = _run(run_fetch, argparse.Namespace(cache=root, numbers=numbers))
            assert code == 0, err
        else:
            Cache(root).close()

    return prepare


def test_every_fault_on_every_request_of_fetch(fake, tmp_path, tally):
    """A new set with combined answers, fetched with --force beside a cached one."""
    problems = _fault_matrix(
        fake,
        tmp_path,
        tally,
        run_fetch,
        lambda root: argparse.Namespace(cache=root, numbers=["2024Z10005"], force=True),
        _fetched(["2024Z10006"]),
    )
    assert not problems, "\n".join(problems)


def test_every_fault_on_every_request_of_refresh(fake, tmp_path, tally):
    """The postponed and the open set are checked again; the answered one is left alone."""
    problems = _fault_matrix(
        fake,
        tmp_path,
        tally,
        run_refresh,
        lambda root: argparse.Namespace(cache=root, all=False),
        _fetched(["2024Z10002", "2024Z10003", "2024Z10001"]),
    )
    assert not problems, "\n".join(problems)


def test_every_fault_on_every_request_of_sync(fake, tmp_path, tally):
    """A period listing (paged) and the sets in it, one of them cached already."""
    fake.state.page_size = 1  # so the listing takes more than one request
    problems = _fault_matrix(
        fake,
        tmp_path,
        tally,
        run_sync,
        lambda root: argparse.Namespace(
            cache=root, since=dt.date(2024, 1, 12), until=dt.date(2024, 1, 13), force=False
        ),
        _fetched(["2024Z10004"]),
    )
    assert not problems, "\n".join(problems)


def _hang_up_after_one_answer(server: FakeServices) -> None:
    """A keep-alive client that reads one answer and resets the connection (RST)."""
    host, port = server.httpd.server_address[:2]
    with socket.create_connection((host, port), timeout=5) as client:
        client.sendall(b"GET /tk/Zaak?x=1 HTTP/1.1\r\nHost: fictief\r\n\r\n")
        client.recv(64)
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))


def test_a_client_hanging_up_is_quiet_and_other_server_errors_still_show(capsys, tally):
    """Fault tests hang up on purpose: the CI log must not fill with the server's
    ConnectionResetError/BrokenPipeError tracebacks, and must still show any other."""
    with FakeServices() as server:
        for _ in range(3):
            tally["fault_cases"] += 1
            _hang_up_after_one_answer(server)
        time.sleep(0.5)  # the server meets the reset waiting for the next request
        for hung_up in (ConnectionResetError(104, "reset"), BrokenPipeError(32, "pipe")):
            try:
                raise hung_up
            except OSError:
                server.httpd.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""
        try:
            raise ValueError("FICTIEF: a fault of the server itself")
        except ValueError:
            server.httpd.handle_error(None, ("127.0.0.1", 1))
        err = capsys.readouterr().err
        assert "Traceback" in err and "ValueError: FICTIEF" in err, err
