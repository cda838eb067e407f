"""The ranking policy of search: bm25 while a query finds at most ``RANK_MAX`` sets,
newest first beyond that, with one count serving the order and the page's note.

The sets are generated here (FICTIEF voorbeeld voor kvtui): a common word in every set,
a rare word in a few, repeated a different number of times so bm25 has an order to give,
and some sets without a date. The expected orders are computed by plain SQL and Python
(bm25 straight from FTS5, dates sorted in Python), not by the code under test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from test_store_support import TODAY, fill, hand_built

from kvtui.store import search
from kvtui.store.cache import Cache

N = 40
RARE = ("2024Z00003", "2024Z00017", "2024Z00029", "2024Z00031")


def _text(i: int, number: str) -> str:
    rare = " zeldzaam" * (1 + i % 4) if number in RARE else ""
    return f"Gewoon woord {i} in een vraag{rare} (FICTIEF)."


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    c = Cache(tmp_path_factory.mktemp("rank") / "cache", today=TODAY)
    sets = []
    for i in range(N):
        number = f"2024Z{i:05d}"
        # Dates not in number order, some equal, every seventh set undated.
        day = None if i % 7 == 3 else dt.date(2020, 1, 1) + dt.timedelta(days=(i * 37) % 300)
        sets.append(hand_built(number, question_text=_text(i, number), submitted=day))
    fill(c, sets)
    yield c
    c.close()


def by_date(cache: Cache, numbers: set[str]) -> list[str]:
    """Newest first, undated last, ties by number descending: from the rows, in Python."""
    rows = cache._conn().execute("SELECT number, submitted FROM sets").fetchall()
    dated = sorted(
        ((n, s) for n, s in rows if n in numbers and s), key=lambda r: (r[1], r[0]), reverse=True
    )
    undated = sorted((n for n, s in rows if n in numbers and not s), reverse=True)
    return [n for n, _ in dated] + undated


def by_bm25(cache: Cache, word: str) -> list[str]:
    sql = (
        "SELECT sets.number FROM fts JOIN sets ON sets.rid = fts.rowid WHERE fts MATCH ? "
        "ORDER BY bm25(fts)"
    )
    return [n for (n,) in cache._conn().execute(sql, (f'"{word}"',))]


def numbers(page: search.Page) -> list[str]:
    return [h.number for h in page.hits]


def test_a_word_in_few_sets_is_ranked_by_bm25(cache) -> None:
    page = cache.search_page("zeldzaam", limit=50)
    assert page.order == "relevance" and not page.unranked and page.total == len(RARE)
    assert numbers(page) == by_bm25(cache, "zeldzaam")
    assert numbers(page) != by_date(cache, set(RARE))  # the two orders differ here


@pytest.mark.parametrize("most", [0, 1, 3, N - 1])
def test_a_word_in_more_sets_than_ranked_comes_newest_first(cache, monkeypatch, most) -> None:
    monkeypatch.setattr(search, "RANK_MAX", most)
    everything = {f"2024Z{i:05d}" for i in range(N)}
    page = cache.search_page("gewoon", limit=N)
    assert page.order == "date" and page.unranked and page.total == N
    assert numbers(page) == by_date(cache, everything)
    assert numbers(page) == numbers(cache.search_page("gewoon", limit=N, sort="date"))
    # The rare word stays ranked while it finds no more than RANK_MAX sets.
    rare = cache.search_page("zeldzaam", limit=N)
    assert rare.order == ("relevance" if len(RARE) <= most else "date")


@pytest.mark.parametrize("most", [0, 5_000])
@pytest.mark.parametrize("sort", ["relevance", "date"])
def test_pages_tile_the_whole_result_in_either_plan(cache, monkeypatch, most, sort) -> None:
    """Each page of a paged walk is the matching slice of the whole list, and the
    count is the same as the hits, for the indexed walk and the sorted plan alike."""
    monkeypatch.setattr(search, "RANK_MAX", most)
    whole = numbers(cache.search_page("gewoon", limit=N, sort=sort))
    assert len(whole) == N
    for size in (1, 3, 7):
        tiled = []
        for offset in range(0, N + size, size):
            page = cache.search_page("gewoon", limit=size, offset=offset, sort=sort)
            assert page.total == N
            tiled += numbers(page)
        assert tiled == whole, size


@pytest.mark.parametrize(
    "query", ["gewoon", "gewoon zeldzaam", "gewoon -zeldzaam", "gewoon sinds:2020-06-01",
              "vraag status:answered", "sinds:2020-03-01", "gewoon OR zeldzaam"],
)  # fmt: skip
def test_one_count_serves_page_and_count(cache, monkeypatch, query) -> None:
    for most in (0, 5_000):
        monkeypatch.setattr(search, "RANK_MAX", most)
        page = cache.search_page(query, limit=N)
        assert page.total == cache.search_count(query) == len(page.hits), (query, most)


def test_the_cli_says_when_relevance_gave_way_to_date(cache, monkeypatch, capsys) -> None:
    from kvtui.cli import main

    argv = ["--cache", str(cache.root), "search", "gewoon", "--limit", "5"]
    monkeypatch.setattr(search, "RANK_MAX", 10)
    assert main(argv) == 0
    err = capsys.readouterr().err
    assert "newest first" in err and "10" in err and len(err.strip().splitlines()) == 1
    for asked in (["--sort", "date"], []):  # date asked, or few enough to rank
        monkeypatch.setattr(search, "RANK_MAX", 10 if asked else 5_000)
        assert main([*argv, *asked]) == 0
        assert "newest first" not in capsys.readouterr().err


def test_skipping_texts_without_the_term_changes_no_passage(monkeypatch) -> None:
    """The passage's quick test (an ASCII text without a term's first word is not cut
    into words) gives the passage the full scan gives, for ASCII and accented texts,
    whole words, prefixes and phrases."""
    import random

    from kvtui import passage as p

    rng = random.Random(5)
    vocab = ["water", "Waterschap", "WATER", "stikstof", "boer", "boeren", "café", "cafe",
             "reünie", "reunie", "hier", "hierover", "over", "x", "_", "-", "2024"]  # fmt: skip
    queries = [("water",), ("water*",), ("boer", "water"), ("cafe",), ("reunie*",), ("over",),
               ("hier over",), ("2024 water",), ("nergens",)]  # fmt: skip
    for _ in range(300):
        texts = [" ".join(rng.choice(vocab) for _ in range(rng.randint(0, 30))) for _ in "abcd"]
        for query in queries:
            terms = [t for x in query if (t := p.term(x.rstrip("*"), x.endswith("*")))]
            quick = p.passage(texts, terms)
            with monkeypatch.context() as m:
                m.setattr(p, "_may_match", lambda lowered, terms: True)
                assert quick == p.passage(texts, terms), (texts, query)
