"""sources/: names that never become stray paths, atomic writes, temp-file cleanup."""

from __future__ import annotations

import os

import pytest

from kvtui.store.files import BadSourceName, SourceFiles, check_name, is_source_name


@pytest.mark.parametrize(
    "name",
    [
        "kv-tk-2020Z12161.xml",
        "ah-tk-20192020-3940.metadata.xml",
        "ah-tk-20192020-3940.html",
        "zaak-2020Z12161.json",
    ],
)
def test_cache_names_accepted(name: str) -> None:
    assert check_name(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "../kv-tk-2020Z12161.xml",
        "sub/kv-tk-2020Z12161.xml",
        "..\\x.xml",
        "kv-tk-2020Z12161.xml\x00.json",
        "kv tk.xml",
        ".tmp-123-abc",
        "index.sqlite",
        "x.json",  # a JSON file must be a zaak-*.json
        "",
        "/etc/passwd",
    ],
)
def test_other_names_refused(tmp_path, name: str) -> None:
    files = SourceFiles(tmp_path / "sources")
    assert not is_source_name(name)
    with pytest.raises(BadSourceName):
        files.write(name, b"x")
    assert files.read(name) is None
    assert not files.exists(name)
    assert not (tmp_path / "sources").exists() or os.listdir(tmp_path / "sources") == []


def test_write_many_is_atomic_and_leaves_no_temp(tmp_path) -> None:
    files = SourceFiles(tmp_path / "sources")
    files.write_many([("kv-tk-2025Z00001.xml", b"<a/>"), ("zaak-2025Z00001.json", b"{}")])
    assert sorted(os.listdir(files.dir)) == ["kv-tk-2025Z00001.xml", "zaak-2025Z00001.json"]
    assert files.read("zaak-2025Z00001.json") == b"{}"
    files.write("zaak-2025Z00001.json", b'{"value": []}')
    assert files.read("zaak-2025Z00001.json") == b'{"value": []}'
    assert files.names() == ["kv-tk-2025Z00001.xml", "zaak-2025Z00001.json"]


def test_a_bad_name_in_a_batch_writes_nothing(tmp_path) -> None:
    files = SourceFiles(tmp_path / "sources")
    with pytest.raises(BadSourceName):
        files.write_many([("kv-tk-2025Z00001.xml", b"<a/>"), ("../evil.xml", b"x")])
    assert files.names() == []


def test_temp_files_are_ignored_and_cleaned(tmp_path) -> None:
    files = SourceFiles(tmp_path / "sources")
    files.write("kv-tk-2025Z00001.xml", b"<a/>")
    dead = files.dir / ".tmp-999999999-deadbeef"  # no such pid
    dead.write_bytes(b"half")
    mine = files.dir / f".tmp-{os.getpid()}-cafe"  # a writer that is still running
    mine.write_bytes(b"half")
    assert files.names() == ["kv-tk-2025Z00001.xml"]
    assert [s.name for s in files.stats()] == ["kv-tk-2025Z00001.xml"]
    assert files.remove_stale_temp() == 1
    assert not dead.exists() and mine.exists()
    assert files.remove_stale_temp(max_age=-1) == 1
    assert not mine.exists()


def test_fingerprint_follows_additions_and_removals(tmp_path) -> None:
    files = SourceFiles(tmp_path / "sources")
    assert files.fingerprint() == "absent"
    files.write("kv-tk-2025Z00001.xml", b"<a/>")
    first = files.fingerprint()
    assert files.fingerprint() == first
    files.write("kv-tk-2025Z00002.xml", b"<a/>")
    second = files.fingerprint()
    assert second != first
    os.unlink(files.dir / "kv-tk-2025Z00002.xml")
    assert files.fingerprint() != second
