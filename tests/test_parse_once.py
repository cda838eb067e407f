"""Each payload is read once: on ``fetch`` (against the fake services) and on ``import``.

The fetcher reads a payload to check it and hands that record to the store, which does
not read it again; ``import`` reads each file once to name and store it. The parsers are
counted per payload (by the digest of its bytes), so a second read of any one payload,
by whichever path, fails the test with its name.
"""

from __future__ import annotations

import hashlib
from collections import Counter

import pytest
from fakeservices import world
from fakeservices.helpers import serve

from kvtui.numbers import parse_number
from kvtui.services.fetch import fetch_numbers
from kvtui.store.cache import Cache

_PARSERS = [
    ("kvtui.parse.koop_xml", "parse_koop_xml"),
    ("kvtui.parse.koop_html", "parse_koop_html"),
    ("kvtui.parse.metadata", "parse_metadata"),
    ("kvtui.parse.odata", "parse_zaak_json"),
]


@pytest.fixture
def reads(monkeypatch) -> Counter[str]:
    """(parser, digest of the bytes) -> how often that parser read those bytes."""
    import importlib

    counts: Counter[str] = Counter()
    for module_name, attr in _PARSERS:
        module = importlib.import_module(module_name)
        real = getattr(module, attr)

        def counting(data, *args, _real=real, _attr=attr, **kw):
            counts[f"{_attr}:{hashlib.sha256(bytes(data)).hexdigest()[:16]}"] += 1
            return _real(data, *args, **kw)

        monkeypatch.setattr(module, attr, counting)
    return counts


def _digests(root) -> set[str]:
    return {hashlib.sha256(p.read_bytes()).hexdigest()[:16] for p in (root / "sources").iterdir()}


def _read_twice(counts: Counter[str]) -> dict[str, int]:
    return {key: n for key, n in counts.items() if n > 1}


NUMBERS = [s.number for s in world.fictional_sets()]


def test_a_fetch_reads_each_payload_once(monkeypatch, tmp_path, reads):
    for _fake in serve(monkeypatch):
        with Cache(tmp_path / "cache") as cache:
            report = fetch_numbers(cache, [parse_number(n) for n in NUMBERS])
        assert report.failed == [] and len(report.fetched) == len(NUMBERS)
    stored = _digests(tmp_path / "cache")
    assert len(stored) >= 3 * len(NUMBERS)  # zaak, questions, metadata at least
    assert _read_twice(reads) == {}
    read = {key.split(":", 1)[1] for key in reads}
    assert stored <= read  # every stored file was read, by the fetcher, once


def test_a_forced_fetch_of_an_unchanged_set_reads_each_payload_once(monkeypatch, tmp_path, reads):
    for _fake in serve(monkeypatch):
        with Cache(tmp_path / "cache") as cache:
            assert fetch_numbers(cache, [parse_number(NUMBERS[0])]).ok
            reads.clear()
            report = fetch_numbers(cache, [parse_number(NUMBERS[0])], force=True)
        assert report.ok and report.unchanged == [NUMBERS[0]]
    assert reads and _read_twice(reads) == {}


def test_a_fetch_that_changes_one_file_reads_the_others_once(monkeypatch, tmp_path, reads):
    """One payload new, the rest unchanged: the store does not read those back."""
    for _fake in serve(monkeypatch):
        with Cache(tmp_path / "cache") as cache:
            assert fetch_numbers(cache, [parse_number(NUMBERS[0])]).ok
        metadata = next((tmp_path / "cache" / "sources").glob("*.metadata.xml"))
        metadata.unlink()
        with Cache(tmp_path / "cache") as cache:
            cache.count()  # the index catches up with the removed file first
            reads.clear()
            report = fetch_numbers(cache, [parse_number(NUMBERS[0])], force=True)
        assert report.ok and report.unchanged == [] and metadata.exists()
    assert len(reads) >= 3 and _read_twice(reads) == {}


def test_an_import_reads_each_file_once(monkeypatch, tmp_path, reads):
    for _fake in serve(monkeypatch):
        with Cache(tmp_path / "fetched") as cache:
            assert fetch_numbers(cache, [parse_number(n) for n in NUMBERS]).ok
    files = sorted((tmp_path / "fetched" / "sources").iterdir())
    reads.clear()
    with Cache(tmp_path / "imported") as cache:
        report = cache.import_paths(files)
    assert report.failed == [] and len(report.imported) == len(files)
    assert _read_twice(reads) == {}
    assert sum(reads.values()) == len(files)


def test_the_counter_sees_a_second_read(reads):
    """The check above can fail: reading one payload twice is counted twice."""
    from kvtui.store.ingest import parse_payload

    data = world.koop_xml(world.fictional_sets()[0], world.fictional_sets()[0].docs[0])
    parse_payload(data, "a.xml")
    parse_payload(data, "b.xml")
    assert list(_read_twice(reads).values()) == [2]
