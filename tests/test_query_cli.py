"""``kvtui search`` with the search language: options, exit codes, one-line refusals,
the true count, and status/date filters that agree with ``kvtui list``.

Runs ``main()`` in this process against the sample cache (``cache/``) and a small cache
made by the benchmark generator (both FICTIEF voorbeeld voor kvtui).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_store_support import TODAY, indexed_sample, load_generator

from kvtui.cli import main
from kvtui.store.cache import Cache


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setenv("KVTUI_TODAY", TODAY.isoformat())


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return indexed_sample(tmp_path_factory.mktemp("sample") / "cache")


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    gen = load_generator()
    base = tmp_path_factory.mktemp("generated")
    gen.generate_sources(base / "staging", 80, seed=5)
    with Cache(base / "cache", today=TODAY) as cache:
        assert not cache.import_paths([base / "staging"]).failed
    return base / "cache"


def kvtui(capsys, root: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--cache", str(root), *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def numbers_of(capsys, root: Path, *argv: str) -> list[str]:
    code, out, err = kvtui(capsys, root, *argv, "--json")
    assert code == 0, err
    return [row["number"] for row in json.loads(out)]


@pytest.mark.parametrize("which", ["sample", "generated"])
def test_status_and_since_agree_with_list(which, request, capsys) -> None:
    root = request.getfixturevalue(which)
    words = {
        "answered": ("beantwoord", "answered"),
        "open": ("open",),
        "postponed": ("uitgesteld", "postponed"),
        "withdrawn": ("ingetrokken", "withdrawn"),
        "overdue": ('"te laat"', "overdue"),
    }
    seen = 0
    for status, names in words.items():
        listed = sorted(numbers_of(capsys, root, "list", "--status", status))
        for name in names:
            searched = numbers_of(capsys, root, "search", f"status:{name}", "--limit", "100000")
            assert sorted(searched) == listed, (status, name)
        seen += bool(listed)
    assert seen >= 3  # the caches hold sets in most states
    for since in ("2020-01-01", "2024-06-15", "2026-01-01"):
        listed = sorted(numbers_of(capsys, root, "list", "--since", since))
        for argv in (
            ["search", f"sinds:{since}"],
            ["search", f"since:{since}"],
            ["search", "status:open OR status:answered OR status:postponed OR status:withdrawn",
             "--since", since],
        ):  # fmt: skip
            assert sorted(numbers_of(capsys, root, *argv, "--limit", "100000")) == listed, argv


@pytest.mark.parametrize(
    "query",
    ['"never closed', "NEAR(a b", "sinds:gisteren", "onbekend:x", "OR", "a OR", "-alleen",
     "(a", "status:kwijt", "NEAR(a b, 500)", " ".join(f"w{i}" for i in range(40))],
)  # fmt: skip
def test_a_malformed_query_is_one_line_and_exit_2(sample, capsys, query) -> None:
    code, out, err = kvtui(capsys, sample, "search", *query.split(" "))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kvtui: search: "), err
    assert "Traceback" not in err


def test_bad_range_options_are_usage_errors(sample, capsys) -> None:
    for bad in ("gisteren", "2024-13", "24-01-01"):
        for option in ("--since", "--until"):
            code, out, err = kvtui(capsys, sample, "search", "x", option, bad)
            assert code == 2 and not out and "YYYY-MM-DD, YYYY-MM or YYYY" in err


def test_excluded_words_are_query_words_not_options(sample, capsys) -> None:
    every = set(numbers_of(capsys, sample, "search", "fictief", "--limit", "1000"))
    wind = set(numbers_of(capsys, sample, "search", "windparken", "--limit", "1000"))
    rest = set(numbers_of(capsys, sample, "search", "fictief", "-windparken", "--limit", "1000"))
    assert wind and rest == every - wind
    code, _, err = kvtui(capsys, sample, "search", "fictief", "--bogus")
    assert code == 2 and "unrecognized arguments: --bogus" in err


def test_range_forms_sort_and_paging(sample, capsys) -> None:
    years = numbers_of(capsys, sample, "search", "fictief", "--since", "2025", "--until", "2025")
    days = numbers_of(
        capsys, sample, "search", "fictief", "--since", "2025-01-01", "--until", "2025-12-31"
    )
    assert years == days and years
    code, out, _ = kvtui(capsys, sample, "search", "fictief", "--sort", "date", "--json",
                         "--limit", "1000")  # fmt: skip
    hits = json.loads(out)
    dated = [h["submitted"] for h in hits if h["submitted"]]
    assert dated == sorted(dated, reverse=True)
    total = len(hits)
    code, out, err = kvtui(capsys, sample, "search", "fictief", "--sort", "date",
                           "--limit", "3", "--offset", "3")  # fmt: skip
    assert code == 0 and f"showing 4–6 of {total}" in err
    shown = [line.split()[0] for line in out.splitlines() if not line.startswith(" ")]
    assert shown == [h["number"] for h in hits[3:6]]


def test_json_carries_the_passage_with_match_spans(sample, capsys) -> None:
    code, out, _ = kvtui(capsys, sample, "search", '"kvtui"', "NEAR(voorbeeld kvtui, 1)",
                         "--json")  # fmt: skip
    hits = json.loads(out)
    assert code == 0 and hits
    for hit in hits:
        assert "\ue000" not in hit["snippet"] and hit["matches"]
        for start, end in hit["matches"]:
            assert hit["snippet"][start:end].casefold() in {"kvtui", "voorbeeld"}


def test_a_document_number_finds_its_set(sample, capsys) -> None:
    with Cache(sample, today=TODAY) as cache:
        conn = cache._conn()
        ids = conn.execute("SELECT id, number FROM ids ORDER BY id").fetchall()
    assert ids
    for doc_id, number in ids[:: max(1, len(ids) // 12)]:
        if doc_id.startswith(("kv-", "ah-")) or doc_id[4:5] in ("z", "d"):
            assert numbers_of(capsys, sample, "search", doc_id) == [number], doc_id


def test_a_count_that_runs_out_of_time_says_so(sample, capsys, monkeypatch) -> None:
    from kvtui.store import search
    from kvtui.store.index import QueryTooCostly

    def too_slow(conn, compiled):
        raise QueryTooCostly("search too costly: stopped after 5 s (use longer words)")

    monkeypatch.setattr(search, "_count", too_slow)
    code, out, err = kvtui(capsys, sample, "search", "fictief", "--limit", "2")
    assert code == 0 and len([x for x in out.splitlines() if not x.startswith(" ")]) == 2
    assert err.strip() == (
        "kvtui: showing 1–2; the total is not known: counting stopped after 5 s (use longer words)"
    )
