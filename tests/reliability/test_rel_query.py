"""The search language on hostile input: passages in linear (then capped) time on huge
texts, queries parsed in linear time, every new operator within the search's bounds,
and huge sets searched end to end with one clear answer (issue 11 items 1-3).

Times are compared across sizes with generous factors, as in ``test_rel_bounded``:
a quadratic step takes 16x per 4x of input, a linear one 4x. All text is made up
(FICTIEF voorbeeld voor kvtui).
"""

from __future__ import annotations

import time

import pytest

from kvtui.passage import HIT_END, HIT_START, MAX_PIECE, WINDOW, passage, term
from kvtui.query import QuerySyntaxError, parse

SIZES = (25_000, 100_000, 400_000)  # characters; MAX_SCAN caps what is read beyond

TEXTS = {
    "words": lambda n: "de stikstof boeren minister " * (n // 28),
    "one matching word": lambda n: "a " * (n // 2),
    "one long word": lambda n: "x" * n,
    "no words": lambda n: "!?" * (n // 2),
    "accents": lambda n: "é" * n,
    "accented words": lambda n: "ë a " * (n // 4),
    "near misses of a phrase": lambda n: "a a a a b " * (n // 10),
    "prefix near misses": lambda n: "stikstoffen stikstaf " * (n // 21),
    "markers": lambda n: (HIT_START + "a" + HIT_END + " ") * (n // 4),
    "newlines": lambda n: "\n" * n,
    "mixed scripts": lambda n: "Ελλάδα 東京 café ß " * (n // 18),
}
TERMS = [
    term("stikstof"),
    term("boer", True),
    term("de minister"),
    term("a"),
    term("a a a a a"),
    term("stikstof", True),
    term("ελλαδα"),
]


def _best(fn, runs: int = 3) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


@pytest.mark.parametrize("shape", TEXTS)
def test_passages_take_linear_time_and_stay_short(shape, tally) -> None:
    times = {}
    for n in SIZES:
        text = TEXTS[shape](n)
        out = passage(["", text, "kort"], TERMS)
        times[n] = _best(lambda text=text: passage(["", text, "kort"], TERMS))
        assert len(out) <= (WINDOW + 1) * (2 * MAX_PIECE + 2), (shape, n, len(out))
        # a marker in the text never fakes a highlight: marks pair up, never nest
        depth = 0
        for ch in out:
            depth += (ch == HIT_START) - (ch == HIT_END)
            assert depth in (0, 1), (shape, out[:200])
        assert depth == 0
        tally["query_cases"] += 1
    small, big = times[SIZES[0]], times[SIZES[-1]]
    growth = SIZES[-1] / SIZES[0]  # 16
    assert big <= 3 * growth * small + 0.05, (shape, times)
    assert big < 2.0, (shape, times)


def test_a_passage_marks_the_phrase_only_where_its_words_stand_together(tally) -> None:
    text = "stikstof is hier en uitstoot daar; later stikstof uitstoot samen"
    out = passage([text], [term("stikstof uitstoot")])
    assert out.count(HIT_START) == 1 and f"{HIT_START}stikstof uitstoot{HIT_END}" in out
    assert passage(["stikstof is hier en uitstoot daar"], [term("stikstof uitstoot")]) == (
        "stikstof is hier en uitstoot daar"  # no match: the start, unmarked
    )
    tally["query_cases"] += 2


HOSTILE_QUERIES = {
    "negations": "NOT ",
    "dashes": "-",
    "quotes": '"a" ',
    "open quote": '"',
    "colons": "a:b:c ",
    "parentheses": "(",
    "closers": ")",
    "ors": "OR ",
    "near": "NEAR(a b, 1) ",
    "near open": "NEAR(",
    "stars": "a* ",
    "commas": ",",
    "fields": "titel:x ",
    "numbers": "2020Z12161 ",
}


@pytest.mark.parametrize("shape", HOSTILE_QUERIES)
def test_queries_parse_in_linear_time_to_a_tree_or_one_error(shape, tally) -> None:
    unit = HOSTILE_QUERIES[shape]
    times = {}
    for n in (500, 2000, 8000):
        text = unit * (n // len(unit)) + "x"

        def run(text: str = text) -> None:
            try:
                parse(text)
            except QuerySyntaxError as exc:
                assert 0 <= exc.position <= len(text)

        times[n] = _best(run)
        tally["query_cases"] += 1
    assert times[8000] <= 3 * 16 * times[500] + 0.05, (shape, times)


@pytest.fixture(scope="module")
def huge_cache(tmp_path_factory):
    """Three sets, each with a hostile 1 MB answer, and one ordinary set."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from test_store_support import TODAY, hand_built

    from kvtui.store import index
    from kvtui.store.cache import Cache

    root = tmp_path_factory.mktemp("huge") / "cache"
    cache = Cache(root, today=TODAY)
    conn = cache._conn()
    conn.execute("BEGIN IMMEDIATE")
    bodies = ["stikstof " * 110_000, "x" * 1_000_000, "stikstof-uitstoot " * 55_000]
    for i, body in enumerate(bodies, start=1):
        kamervraag = hand_built(f"2032Z{i:05d}", answer_text=body)
        index.upsert(conn, kamervraag, kamervraag.number)
    kamervraag = hand_built("2032Z00009", question_text="Gewone stikstof vraag (FICTIEF).")
    index.upsert(conn, kamervraag, kamervraag.number)
    conn.execute("COMMIT")
    yield cache
    cache.close()


def test_huge_sets_search_with_passages_within_bounds(huge_cache, tally) -> None:
    for query in ("stikstof", '"stikstof uitstoot"', "NEAR(stikstof uitstoot, 0)", "stik*",
                  "x*", "fictief -stikstof", "status:beantwoord", "stikstof OR x"):  # fmt: skip
        start = time.perf_counter()
        hits = huge_cache.search(query, limit=50)
        total = huge_cache.search_count(query)
        took = time.perf_counter() - start
        assert len(hits) == total and took < 5.0, (query, took)
        for hit in hits:
            assert len(hit.snippet) <= (WINDOW + 1) * (2 * MAX_PIECE + 2)
        tally["query_cases"] += 1


def test_huge_sets_through_the_cli(huge_cache, capsys, tally) -> None:
    from kvtui.cli import main

    for argv, code in ((["stikstof", "--json"], 0), (["stikstof", "--limit", "1"], 0),
                       (['"stikstof', "--json"], 2), (["NEAR(stikstof"], 2)):  # fmt: skip
        assert main(["--cache", str(huge_cache.root), "search", *argv]) == code
        out = capsys.readouterr()
        assert "Traceback" not in out.err and len(out.err.strip().splitlines()) <= 1
        tally["query_cases"] += 1


def test_every_kind_of_query_and_its_count_stop_at_the_budget(huge_cache, monkeypatch, tally):
    """With the time budget spent, each shape of query (text, NEAR, OR, fields only,
    numbers, exclusions) and its count stop at SQLite's first check and say so; the
    connection serves the next search as before."""
    from kvtui.store import index
    from kvtui.store.index import QueryTooCostly

    shapes = ["stikstof", "NEAR(stikstof uitstoot, 3)", "stikstof OR x*", '"stikstof uitstoot"',
              "status:beantwoord", "sinds:2020 -stikstof", "2032Z00001 OR stikstof",
              "titel:fictieve partij:Fictief"]  # fmt: skip
    monkeypatch.setattr(index, "SEARCH_BUDGET_S", 0.0)
    monkeypatch.setattr(index, "_PROGRESS_STEPS", 1)
    for query in shapes:
        with pytest.raises(QueryTooCostly, match="too costly"):
            huge_cache.search(query)
        with pytest.raises(QueryTooCostly, match="too costly"):
            huge_cache.search_count(query)
        tally["query_cases"] += 2
    monkeypatch.setattr(index, "SEARCH_BUDGET_S", 5.0)
    assert huge_cache.search("stikstof")
