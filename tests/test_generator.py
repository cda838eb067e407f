"""The benchmark generator writes valid, deterministic sets that the real import reads.

The benchmarks are only as good as the cache they measure: if generated files failed to
parse, grouped wrongly or lost their states, a fast import would prove nothing. So a tiny
cache (30 sets, which the generator guarantees to cover every kind) is generated,
imported through ``Cache.import_paths`` and checked set by set.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from test_store_support import load_generator

TODAY = dt.date(2026, 11, 28)
COUNT = 30


gen = load_generator()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory):
    dest = tmp_path_factory.mktemp("generated")
    stats = gen.generate_sources(dest, COUNT, seed=7)
    return dest, stats


def test_generation_is_deterministic_per_seed(generated, tmp_path: Path) -> None:
    dest, stats = generated
    again = gen.generate_sources(tmp_path / "again", COUNT, seed=7)
    assert again.numbers == stats.numbers
    for path in dest.iterdir():
        assert (tmp_path / "again" / path.name).read_bytes() == path.read_bytes(), path.name
    other = gen.generate_sources(tmp_path / "other", COUNT, seed=8)
    assert other.numbers != stats.numbers or any(
        (tmp_path / "other" / p.name).read_bytes() != p.read_bytes()
        for p in dest.iterdir()
        if (tmp_path / "other" / p.name).exists()
    )


def test_every_kind_is_present_and_numbers_are_unique(generated) -> None:
    _, stats = generated
    assert stats.sets == COUNT and len(set(stats.numbers)) == COUNT
    assert set(gen.FORCED) <= set(stats.kinds)
    assert stats.largest in stats.numbers


def test_every_file_parses_as_what_its_name_says(generated) -> None:
    from kvtui.parse import SourceType, parse_source

    dest, stats = generated
    names = sorted(p.name for p in dest.iterdir())
    assert len(names) == stats.files
    for name in names:
        parsed = parse_source((dest / name).read_bytes(), name)
        if name.startswith("zaak-"):
            assert parsed.type is SourceType.ODATA_ZAAK
        elif name.endswith(".metadata.xml"):
            assert parsed.type is SourceType.METADATA
        else:
            assert parsed.type is SourceType.KOOP_XML
            assert not parsed.document.warnings, (name, parsed.document.warnings)
            assert "FICTIEF" in (dest / name).read_text(encoding="utf-8")


def test_generated_cache_imports_and_round_trips(generated, tmp_path: Path) -> None:
    pytest.importorskip("kvtui.store.cache", reason="needs the store (kvtui.store.cache)")
    pytest.importorskip("kvtui.assemble", reason="needs the assembler (kvtui.assemble)")
    from kvtui.model import Kamervraag, Status
    from kvtui.store.cache import Cache

    dest, stats = generated
    report, count, seconds = gen.import_sources(tmp_path / "cache", dest, verbose=False)
    assert report.failed == []
    assert count == COUNT and seconds > 0
    with Cache(tmp_path / "cache", today=TODAY) as cache:
        assert {r.number for r in cache.rows()} == set(stats.numbers)
        assert {r.status for r in cache.rows()} == set(Status)
        for number in stats.numbers:
            kv = cache.get(number)
            assert kv is not None, number
            assert Kamervraag.from_json(kv.to_store_json()).to_store_json() == kv.to_store_json()
            assert kv.questions and kv.submitted is not None, number
            if kv.status is Status.ANSWERED and not kv.text_pending:
                # every question got its answer (or points at a combined one)
                assert all(q.answer or q.answer_ref for q in kv.questions if q.text), number
        largest = cache.get(stats.largest)
        assert largest is not None and len(largest.questions) == gen.LARGEST_QUESTIONS
        assert cache.search("kvtui")  # the FICTIEF mark is searchable text


def test_cli_sources_only_writes_into_dir_sources(tmp_path: Path, capsys) -> None:
    assert gen.main([str(tmp_path / "c"), "--count", "12", "--seed", "3", "--sources-only"]) == 0
    out = capsys.readouterr().out
    assert "generated 12 Kamervragen" in out
    files = list((tmp_path / "c" / "sources").iterdir())
    assert files and all(not f.name.startswith(".") for f in files)
    assert not (tmp_path / "c" / "index.sqlite").exists()


SIZE_COUNT = 500
SIZE_GOAL = 0.6  # issue 11: the index at most 0.6× the size of sources/


def _bytes(*paths: Path) -> int:
    return sum(p.stat().st_size for p in paths if p.exists())


def test_index_is_at_most_six_tenths_of_the_sources(tmp_path: Path) -> None:
    """The index keeps each text once, compressed: built by the import path (many
    transactions, as a growing cache is) and by a rebuild, it stays under 0.6× the bytes
    of ``sources/``. 500 sets: enough that the index's fixed pages do not decide it."""
    from kvtui.store.cache import Cache

    staging = tmp_path / "staging"
    gen.generate_sources(staging, SIZE_COUNT, seed=5)
    root = tmp_path / "cache"
    report, count, _ = gen.import_sources(root, staging, verbose=False)
    assert report.failed == [] and count == SIZE_COUNT
    sources = _bytes(*(root / "sources").iterdir())
    db = root / "index.sqlite"
    imported = _bytes(db, db.with_name("index.sqlite-wal"))
    with Cache(root, today=TODAY) as cache:
        assert cache.reindex() == SIZE_COUNT
    rebuilt = _bytes(db, db.with_name("index.sqlite-wal"))
    assert imported <= SIZE_GOAL * sources, (imported, sources)
    assert rebuilt <= SIZE_GOAL * sources, (rebuilt, sources)
