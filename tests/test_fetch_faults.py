"""Every fault on every request of a fetch: one clear message, and the cache untouched.

The set 2024Z10001 (fictional, answered) is fetched once, then re-fetched with --force
while one of its five requests misbehaves. Each case must fail with the cause named,
exit 1 through the CLI handler, and leave the cache directory byte-for-byte as it was.
"""

from __future__ import annotations

import argparse

import pytest
from fakeservices.helpers import serve, tree_digest

from kvtui.cli.online import run_fetch
from kvtui.model import Status
from kvtui.numbers import parse_number
from kvtui.services.fetch import fetch_numbers
from kvtui.store.cache import Cache

ROUTES = [
    "tk:zaak",
    "koop:xml:kv-tk-2024Z10001",
    "koop:meta:kv-tk-2024Z10001",
    "koop:xml:ah-tk-20232024-1001",
    "koop:meta:ah-tk-20232024-1001",
]
FAULTS = {
    "hang": "timed out",
    "reset": "connection lost (connection reset)",
    "429": "rate limited",
    "500": "server error (HTTP 500)",
    "503": "server error (HTTP 503)",
    "truncate": "connection lost (truncated response)",
    "invalid": "bad document (",
}


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setenv("KVTUI_HTTP_TIMEOUT", "0.2")
    for f in serve(monkeypatch):
        monkeypatch.setenv("KVTUI_HTTP_TIMEOUT", "0.2")
        yield f


@pytest.mark.parametrize("kind", list(FAULTS))
@pytest.mark.parametrize("route", ROUTES)
def test_fault_leaves_cache_as_it_was(fake, tmp_path, capsys, route, kind):
    root = tmp_path / "cache"
    with Cache(root) as cache:
        assert fetch_numbers(cache, [parse_number("2024Z10001")]).ok
    before = tree_digest(root)
    fake.fault(route, kind, seconds=2)
    capsys.readouterr()
    code = run_fetch(argparse.Namespace(cache=root, numbers=["2024Z10001"], force=True))
    err = capsys.readouterr().err
    assert code == 1, err
    lines = [line for line in err.splitlines() if line.startswith("kvtui: 2024Z10001: ")]
    assert len(lines) == 1, err
    assert FAULTS[kind] in lines[0], lines[0]
    service = "Tweede Kamer open data" if route.startswith("tk") else "officielebekendmakingen.nl"
    assert lines[0].endswith(service)
    if kind == "invalid":
        assert "invalid XML" in lines[0] or "JSON" in lines[0]
    assert tree_digest(root) == before
    with Cache(root) as cache:
        assert cache.get("2024Z10001").status is Status.ANSWERED


def test_a_passing_fault_is_retried_and_the_fetch_succeeds(fake, tmp_path):
    fake.fault("koop:xml:ah-tk-20232024-1001", "503", times=1)
    fake.fault("tk:zaak", "reset", times=1)
    with Cache(tmp_path / "c") as cache:
        report = fetch_numbers(cache, [parse_number("2024Z10001")])
        assert report.ok and cache.get("2024Z10001").status is Status.ANSWERED


def test_koop_down_stores_the_kamer_data_only_for_a_new_set(fake, tmp_path):
    fake.fault("koop", "503")
    fake.fault("sru", "503")
    with Cache(tmp_path / "c") as cache:
        report = fetch_numbers(cache, [parse_number("2024Z10001")])
        assert report.partial == ["2024Z10001"]
        ((number, message),) = report.failed
        assert number == "2024Z10001"
        assert message.startswith("server error (HTTP 503) – officielebekendmakingen.nl")
        assert "Tweede Kamer data only" in message
        assert cache.source_names() == ["zaak-2024Z10001.json"]
        kv = cache.get("2024Z10001")
        assert kv.status is Status.ANSWERED and kv.text_pending


def test_tk_down_uses_koop_links_for_a_new_set(fake, tmp_path):
    fake.fault("tk", "hang", seconds=2)
    with Cache(tmp_path / "c") as cache:
        report = fetch_numbers(cache, [parse_number("2024Z10002")])
        assert report.partial == ["2024Z10002"]
        assert report.failed[0][1].startswith("timed out – Tweede Kamer open data")
        # SRU and the questions' OVERHEIDop.aanhangsel named the delay notice
        assert "zaak-2024Z10002.json" not in cache.source_names()
        assert cache.has_source("ah-tk-20232024-1002.xml")
        assert cache.get("2024Z10002").status is Status.POSTPONED


def test_tk_down_and_sru_down_still_follows_metadata_links(fake, tmp_path):
    fake.fault("tk", "503")
    fake.fault("sru", "503")
    with Cache(tmp_path / "c") as cache:
        report = fetch_numbers(cache, [parse_number("2024Z10001")])
        # both the Kamer and SRU failed: no side answered in full, nothing is stored
        assert report.failed and not report.partial
        assert cache.source_names() == []


def test_everything_down(fake, tmp_path):
    fake.fault("tk", "reset")
    fake.fault("koop", "reset")
    fake.fault("sru", "reset")
    with Cache(tmp_path / "c") as cache:
        cache.count()
        before = tree_digest(tmp_path / "c")
        report = fetch_numbers(cache, [parse_number("2024Z10001")])
        assert report.failed[0][1] == "connection lost (connection reset) – Tweede Kamer open data"
        assert tree_digest(tmp_path / "c") == before
