"""Counts the command line reports (issue 10 bugs 5 and 7): every summary adds up to the
numbers asked, each number gets one line of outcome, a capped search says it is capped,
and the wording counts in Dutch plurals ("1 Kamervraag", "2 Kamervragen")."""

from __future__ import annotations

import argparse
import io
import json
import re
from pathlib import Path

import pytest
from fakeservices.helpers import serve
from test_cli import run
from test_store_support import TODAY, cache_with, hand_built

from kvtui.cli.counts import page_note, plural
from kvtui.cli.online import Progress, run_fetch, run_refresh, summary
from kvtui.numbers import parse_number
from kvtui.services.fetch import FetchEvent, FetchReport, fetch_numbers
from kvtui.store.cache import Cache


def _cache_with(root: Path, n: int, word: str = "zeewier") -> Path:
    return cache_with(
        root, (hand_built(f"2025Z{i:05d}", title=f"Vraag {i} over {word}") for i in range(1, n + 1))
    )


# -- search pages -------------------------------------------------------------


@pytest.mark.parametrize("n", [51, 120, 301])
def test_search_says_when_it_shows_a_page_and_the_true_count(tmp_path, n) -> None:
    root = _cache_with(tmp_path / "c", n)
    result = run("search", "zeewier", cache=root)
    assert result.returncode == 0
    assert len([ln for ln in result.stdout.splitlines() if ln.startswith("2025Z")]) == 50
    assert f"showing 50 of {n}; --limit/--offset for more" in result.stderr
    js = run("search", "zeewier", "--json", "--limit", "7", "--offset", "3", cache=root)
    hits = json.loads(js.stdout)  # stdout stays clean JSON; the note is on stderr
    assert len(hits) == 7 and f"showing 4–10 of {n}" in js.stderr


def test_search_pages_cover_every_hit_once(tmp_path) -> None:
    root = _cache_with(tmp_path / "c", 23)
    seen: list[str] = []
    for offset in range(0, 30, 10):
        page = run("search", "zeewier", "--json", "--limit", "10", "--offset", str(offset),
                   cache=root)  # fmt: skip
        seen += [h["number"] for h in json.loads(page.stdout)]
    assert sorted(seen) == [f"2025Z{i:05d}" for i in range(1, 24)]


def test_search_whole_result_has_no_note_and_nothing_found_says_so(tmp_path) -> None:
    root = _cache_with(tmp_path / "c", 3)
    whole = run("search", "zeewier", cache=root)
    assert whole.stderr == "" and whole.stdout.count("2025Z") == 3
    assert "nothing found" in run("search", "kroket", cache=root).stderr
    assert "--offset" in run("search", "--help").stdout
    assert run("search", "x", "--offset", "-1").returncode == 2


def test_page_note_shapes() -> None:
    assert page_note(5, 5, 0, "x") is None
    assert page_note(0, 0, 0, "x") == "nothing found for 'x'"
    assert page_note(50, 1273, 0, "x") == "showing 50 of 1,273; --limit/--offset for more"
    assert page_note(0, 12, 40, "x") == "no results from 41: 12 results in all"


# -- fetch / refresh outcomes -------------------------------------------------


def _report(fetched=(), unchanged=(), skipped=(), failed=()) -> FetchReport:
    return FetchReport(
        fetched=[*fetched, *unchanged], unchanged=list(unchanged), skipped=list(skipped),
        failed=list(failed),
    )  # fmt: skip


@pytest.mark.parametrize(
    "shape",
    [dict(unchanged=["a"]), dict(fetched=["a"]), dict(skipped=["a"]),
     dict(failed=[("a", "x")]), dict(fetched=["a", "b"], unchanged=["c"], skipped=["d"],
                                     failed=[("e", "x"), ("sync", "cannot list")])],
)  # fmt: skip
def test_summary_adds_up_to_the_numbers_asked(shape) -> None:
    line = summary(_report(**shape))
    asked, *parts = map(int, re.findall(r"\d+", line))
    numbers = {*shape.get("fetched", ()), *shape.get("unchanged", ()), *shape.get("skipped", ())}
    numbers |= {n for n, _ in shape.get("failed", ()) if n != "sync"}
    assert asked == sum(parts) == len(numbers), line


@pytest.mark.parametrize("tty", [False, True])
def test_each_failure_is_printed_once(tty) -> None:
    err = io.StringIO()
    progress = Progress(err, tty=tty)
    progress(FetchEvent("2024Z10002", "failed", "server error", 1, 2))
    progress(FetchEvent("2024Z10001", "fetched", "stored", 2, 2))
    progress.close()
    from kvtui.cli.online import _report as report_lines

    rep = _report(fetched=["2024Z10001"], failed=[("2024Z10002", "server error"),
                                                  ("sync", "cannot list the period")])  # fmt: skip
    assert report_lines(rep, err, progress.told) == 1
    text = err.getvalue()
    assert text.count("server error") == 1 and text.count("cannot list the period") == 1


def _args(cache: Cache, **kw) -> argparse.Namespace:
    return argparse.Namespace(cache=cache.root, **kw)


def test_fetch_force_of_one_cached_number_is_one_outcome(monkeypatch, tmp_path, capsys) -> None:
    cache = Cache(tmp_path / "cache")
    try:
        for _fake in serve(monkeypatch):
            assert fetch_numbers(cache, [parse_number("2024Z10001")]).ok
            capsys.readouterr()
            assert run_fetch(_args(cache, numbers=["2024Z10001"], force=True)) == 0
            err = capsys.readouterr().err
            assert "kvtui: 1 asked: stored 0, unchanged 1, skipped 0, failed 0" in err
            assert "fetched 1, unchanged 1" not in err
            outcome = [ln for ln in err.splitlines() if "2024Z10001:" in ln]
            assert len(outcome) == 1, err
    finally:
        cache.close()


def test_refresh_summary_adds_up_and_failures_print_once(monkeypatch, tmp_path, capsys) -> None:
    cache = Cache(tmp_path / "cache")
    try:
        for fake in serve(monkeypatch):
            assert fetch_numbers(cache, [parse_number("2024Z10002")]).ok  # postponed
            for route in ("tk:zaak", "koop", "sru"):
                fake.fault(route, "503")
            capsys.readouterr()
            assert run_refresh(_args(cache, all=False)) == 1
            err = capsys.readouterr().err
            assert "checked 1: changed 0, unchanged 0, failed 1" in err, err
            assert len(re.findall(r"failed \d", err)) == 1, err  # one summary, not two
            assert len([ln for ln in err.splitlines() if "2024Z10002:" in ln]) == 1, err
    finally:
        cache.close()


# -- wording ------------------------------------------------------------------


def test_plural_is_dutch_for_kamervragen() -> None:
    assert [plural(n, "Kamervraag") for n in (0, 1, 2)] == [
        "0 Kamervragen", "1 Kamervraag", "2 Kamervragen",
    ]  # fmt: skip
    assert plural(1, "file") == "1 file" and plural(3, "file") == "3 files"


def test_no_slash_plurals_in_cli_messages() -> None:
    src = Path(__file__).resolve().parents[1] / "kvtui" / "cli"
    for path in src.glob("*.py"):
        assert "/-vragen" not in path.read_text(encoding="utf-8"), path


def test_list_on_an_empty_cache_says_it_is_empty_and_how_to_fill_it(tmp_path) -> None:
    root = tmp_path / "c"
    root.mkdir()  # an existing, empty cache folder (a missing one is "no cache at", issue 10)
    Cache(root, today=TODAY).close()
    plain = run("list", cache=root)
    assert plain.returncode == 0 and plain.stdout == ""
    assert f"the cache at {root} is empty" in plain.stderr and "kvtui fetch" in plain.stderr
    assert "match" not in plain.stderr
    filled = _cache_with(tmp_path / "f", 2)
    none = run("list", "--status", "open", cache=filled)
    assert "match" in none.stderr and "empty" not in none.stderr


def test_import_and_reindex_count_in_the_singular(tmp_path) -> None:
    pytest.importorskip("kvtui.assemble")
    from test_store_support import write_set

    src = tmp_path / "in"
    src.mkdir()
    write_set(src, 1)
    root = tmp_path / "cache"
    imported = run("import", str(src), cache=root)
    assert re.search(r"into 1 Kamervraag\b", imported.stderr), imported.stderr
    again = run("reindex", cache=root)
    assert re.search(r"reindexed 1 Kamervraag\b", again.stderr), again.stderr


def test_show_that_fetches_names_a_failure_once(tmp_path, monkeypatch, capsys) -> None:
    import sys
    import types

    from kvtui.cli import main

    class Report:
        failed = (("2030Z00001", "not found at the Tweede Kamer"),)

    def fetch_numbers(cache, numbers, progress=None, **kw):
        progress(FetchEvent("2030Z00001", "start", "fetching", 0, 1))
        progress(FetchEvent("2030Z00001", "failed", "not found at the Tweede Kamer", 1, 1))
        return Report()

    fake = types.ModuleType("kvtui.services.fetch")
    fake.fetch_numbers = fetch_numbers
    monkeypatch.setitem(sys.modules, "kvtui.services.fetch", fake)
    root = _cache_with(tmp_path / "c", 1)
    assert main(["--cache", str(root), "show", "2030Z00001"]) == 1
    assert capsys.readouterr().err.count("not found at the Tweede Kamer") == 1
