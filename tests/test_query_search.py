"""The search language against a real index: each operator, field, status, date and
number form finds what it says, counts agree with hits, and passages mark the match.

The sets are built by hand (FICTIEF voorbeeld voor kvtui). Besides chosen cases, random
queries over random texts are checked against a plain Python reading of the same query
(phrases adjacent, NEAR within its distance, NOT excluding), which shares no code with
the compiler.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_store_support import TODAY, fill, hand_built

from kvtui import query as q
from kvtui.model import Notice, Person, Status
from kvtui.passage import HIT_END, HIT_START, words
from kvtui.query import QuerySyntaxError
from kvtui.store.cache import Cache
from kvtui.store.index import QueryTooCostly


def _set(number: str, text: str, **kw):
    return hand_built(number, question_text=text, **kw)


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    root = tmp_path_factory.mktemp("q") / "cache"
    c = Cache(root, today=TODAY)
    late = TODAY - dt.timedelta(days=60)
    kvs = [
        _set("2024Z00001", "De stikstof uitstoot van boeren neemt toe (FICTIEF).",
             title="Stikstof en boeren", submitted=dt.date(2024, 1, 10),
             submitter="Attje Kuiken", party="PvdA", answerer="Wopke Hoekstra",
             role="minister van Financiën", topics=("Landbouw | Stikstof",)),
        _set("2024Z00002", "Boeren melden minder uitstoot van stikstof (FICTIEF).",
             title="Minder uitstoot", submitted=dt.date(2024, 6, 30),
             submitter="Henk Boer", party="VVD", role="minister van Landbouw",
             topics=("Landbouw",)),
        _set("2024Z00003", "Stikstof is een een twee drie vier vijf zes zeven acht "
             "negen tien elf twaalf uitstoot (FICTIEF).", title="Verre woorden",
             submitted=dt.date(2024, 12, 31), party="GroenLinks-PvdA"),
        _set("2025Z00004", "Over landbouw en water, zonder het andere woord (FICTIEF).",
             title="Landbouw en water", submitted=dt.date(2025, 2, 1),
             status=Status.OPEN, answered=None, answer_text=None),
        _set("2025Z00005", "Een vraag over reünies in het café (FICTIEF).",
             title="Café-eigenaren", status=Status.OPEN, submitted=late, answered=None,
             answer_text=None),
        _set("2025Z00006", "Uitstel voor de stikstofwet (FICTIEF).", title="Uitgesteld",
             status=Status.POSTPONED, submitted=late, answered=None, answer_text=None,
             notices=(Notice(TODAY - dt.timedelta(days=10), "Uitstel."),)),
        _set("2023Z00007", "Een ingetrokken vraag over water (FICTIEF).", title="Weg",
             status=Status.WITHDRAWN, submitted=dt.date(2023, 5, 5), answered=None),
        _set("2023Z00008", "Een vraag zonder datum over water (FICTIEF).", title="Datumloos",
             submitted=None),
    ]  # fmt: skip
    kvs[1].ids.append("2024D12345")
    kvs[2].ids.append("ah-tk-20242025-0042")
    kvs[5].text_pending = True
    fill(c, kvs)
    yield c
    c.close()


def found(cache: Cache, text: str, **kw) -> set[str]:
    hits = cache.search(text, limit=1000, **kw)
    assert cache.search_count(text, **{k: v for k, v in kw.items() if k != "sort"}) == len(hits)
    return {h.number for h in hits}


CASES = {
    "stikstof": {"2024Z00001", "2024Z00002", "2024Z00003"},
    '"stikstof uitstoot"': {"2024Z00001"},  # "uitstoot van stikstof" is not the phrase
    "stikstof uitstoot": {"2024Z00001", "2024Z00002", "2024Z00003"},
    "stikstof -boeren": {"2024Z00003"},
    "stikstof NOT boeren": {"2024Z00003"},
    'stikstof -"stikstof uitstoot"': {"2024Z00002", "2024Z00003"},
    "NEAR(stikstof uitstoot, 2)": {"2024Z00001", "2024Z00002"},
    "NEAR(stikstof uitstoot, 14)": {"2024Z00001", "2024Z00002", "2024Z00003"},
    "NEAR(stikstof uitstoot, 13)": {"2024Z00001", "2024Z00002"},
    "stikstof*": {"2024Z00001", "2024Z00002", "2024Z00003", "2025Z00006"},
    "landbouw OR reunies": {"2024Z00002", "2025Z00004", "2025Z00005"},  # 2: its minister's role
    "(landbouw OR cafe) water": {"2025Z00004"},
    "titel:stikstof": {"2024Z00001"},
    'titel:"minder uitstoot"': {"2024Z00002"},
    "titel:cafe*": {"2025Z00005"},
    "indiener:Kuiken": {"2024Z00001"},
    "submitter:attje": {"2024Z00001"},
    "partij:PvdA": {"2024Z00001"},  # a party is matched whole: not GroenLinks-PvdA
    'party:"GroenLinks-PvdA"': {"2024Z00003"},
    "minister:Hoekstra": {"2024Z00001"},
    "door:hoekstra by:wopke": {"2024Z00001"},
    "ministerie:financien": {"2024Z00001"},
    "ministry:Landbouw": {"2024Z00002"},
    "onderwerp:stikstof": {"2024Z00001"},
    "topic:landbouw": {"2024Z00001", "2024Z00002"},
    "status:open": {"2025Z00004", "2025Z00005"},
    "status:beantwoord stikstof": {"2024Z00001", "2024Z00002", "2024Z00003"},
    "status:uitgesteld": {"2025Z00006"},
    "status:ingetrokken": {"2023Z00007"},
    'status:"te laat"': {"2025Z00004", "2025Z00005", "2025Z00006"},
    "status:pending": {"2025Z00006"},
    "sinds:2024-06-30 stikstof": {"2024Z00002", "2024Z00003"},
    "sinds:2024-07 stikstof": {"2024Z00003"},
    "tot:2024-06 stikstof": {"2024Z00001", "2024Z00002"},
    "sinds:2024 tot:2024": {"2024Z00001", "2024Z00002", "2024Z00003"},
    "tot:2023": {"2023Z00007"},  # a set without a date is in no range
    "-sinds:2024 water": {"2023Z00007", "2023Z00008"},  # undated: not known to be since
    "2024Z00002": {"2024Z00002"},
    "2024d12345": {"2024Z00002"},
    "kv-tk-2024Z00001": {"2024Z00001"},
    "ah-tk-20242025-42": {"2024Z00003"},  # the zero-padded id, looked up by its key
    "2024Z00001 OR 2025Z00004": {"2024Z00001", "2025Z00004"},
    "2099Z99999": set(),
    "water -status:ingetrokken": {"2025Z00004", "2023Z00008"},
    "status:open OR status:ingetrokken": {"2025Z00004", "2025Z00005", "2023Z00007"},
    "(stikstof OR status:open) -boeren": {"2024Z00003", "2025Z00004", "2025Z00005"},
}


@pytest.mark.parametrize(("text", "want"), CASES.items())
def test_each_operator_field_date_and_number_finds_what_it_says(cache, text, want):
    assert found(cache, text) == want


def test_cli_range_options_mean_the_same_as_the_fields(cache) -> None:
    assert found(cache, "stikstof", since=dt.date(2024, 7, 1)) == found(
        cache, "stikstof sinds:2024-07"
    )
    assert found(cache, "stikstof", until=dt.date(2024, 6, 30)) == found(
        cache, "stikstof tot:2024-06"
    )


def test_sort_by_date_and_paging(cache) -> None:
    hits = cache.search("water OR stikstof", sort="date", limit=100)
    days = [h.submitted for h in hits]
    dated = [d for d in days if d is not None]
    assert dated == sorted(dated, reverse=True) and days[-1] is None  # undated last
    pages = [
        h.number
        for off in range(0, len(hits), 2)
        for h in cache.search("water OR stikstof", sort="date", limit=2, offset=off)
    ]
    assert pages == [h.number for h in hits]
    with pytest.raises(ValueError, match="sort"):
        cache.search("water", sort="alphabet")


def test_relevance_puts_the_better_match_first(cache) -> None:
    hits = cache.search("stikstof boeren", limit=10)
    assert hits[0].number == "2024Z00001"  # in the title and the text


def test_passages_mark_what_matched_and_not_what_was_excluded(cache) -> None:
    (hit,) = cache.search('"stikstof uitstoot" -melden', limit=5)
    assert f"{HIT_START}stikstof uitstoot{HIT_END}" in hit.snippet
    (hit,) = cache.search("reunies", limit=5)
    assert f"{HIT_START}reünies{HIT_END}" in hit.snippet  # accents folded, text kept
    (hit,) = cache.search("titel:cafe*", limit=5)
    assert f"{HIT_START}café{HIT_END}" in hit.snippet.casefold()
    for hit in cache.search("stikstof -boeren", limit=5):
        assert "boeren" not in hit.snippet.split(HIT_START)[-1].split(HIT_END)[0].lower()
    (hit,) = cache.search("status:ingetrokken", limit=5)
    assert HIT_START not in hit.snippet and hit.snippet.startswith("Een ingetrokken")


def test_malformed_and_costly_queries_raise_their_own_errors(cache) -> None:
    for text in ('"open', "NEAR(a b", "sinds:gisteren", "x:y", "OR", "-a -b"):
        with pytest.raises(QuerySyntaxError):
            cache.search(text)
        with pytest.raises(QuerySyntaxError):
            cache.search_count(text)
    costly = {
        "33 words in phrases": " ".join(f'"w{i} v{i}"' for i in range(17)),
        "NEAR groups": " ".join(f"NEAR(a{i} b{i} c{i})" for i in range(11)),
        "OR branches": " OR ".join(f"w{i}" for i in range(33)),
        "excluded words": "a " + " ".join(f"-w{i}" for i in range(32)),
        "fields": " ".join(f"partij:p{i}" for i in range(33)),
        "9 prefixes in OR": " OR ".join(f"{c}x*" for c in "abcdefghi"),
        "prefix phrases": " ".join(f'"{c} x"*' for c in "abcdefghi"),
    }
    for label, text in costly.items():
        with pytest.raises(QueryTooCostly, match="at most"):
            cache.search(text)
        assert label


# -- random queries against a plain reading ----------------------------------------------

VOCAB = ("alfa", "bravo", "charlie", "delta", "echo", "foxtrot")


def _holds(node: q.Node, toks: list[str]) -> bool:
    """Whether ``toks`` match ``node`` as FTS5 defines it, read directly."""

    def places(t: q.Text) -> list[tuple[int, int]]:
        ws = words(t.text)
        out = []
        for i in range(len(toks) - len(ws) + 1):
            head = all(toks[i + j] == ws[j] for j in range(len(ws) - 1))
            last = toks[i + len(ws) - 1]
            if head and (last.startswith(ws[-1]) if t.prefix else last == ws[-1]):
                out.append((i, i + len(ws)))
        return out

    if isinstance(node, q.Text):
        return bool(places(node))
    if isinstance(node, q.Near):
        a, b = (places(t) for t in node.items)
        return any(max(sa, sb) - min(ea, eb) <= node.distance for sa, ea in a for sb, eb in b)
    if isinstance(node, q.Not):
        return not _holds(node.child, toks)
    if isinstance(node, q.And):
        return all(_holds(c, toks) for c in node.children)
    if isinstance(node, q.Or):
        return any(_holds(c, toks) for c in node.children)
    raise AssertionError(node)


def _random_query(rng: random.Random, depth: int = 0) -> str:
    pick = rng.random()
    if depth < 2 and pick < 0.25:
        return f"({_random_query(rng, depth + 1)} OR {_random_query(rng, depth + 1)})"
    if depth < 2 and pick < 0.4:
        return f"{_random_query(rng, depth + 1)} {_random_query(rng, depth + 1)}"
    if pick < 0.55:
        return f'"{rng.choice(VOCAB)} {rng.choice(VOCAB)}"'
    if pick < 0.65:
        a, b = rng.sample(VOCAB, 2)
        return f"NEAR({a} {b}, {rng.randint(0, 4)})"
    if pick < 0.72:
        return rng.choice(VOCAB)[: rng.randint(2, 3)] + "*"  # "a*" would find "antwoord"
    return rng.choice(VOCAB)


def test_random_queries_agree_with_a_plain_reading(tmp_path) -> None:
    rng = random.Random(11)
    texts = {
        f"2030Z{i:05d}": [rng.choice(VOCAB) for _ in range(rng.randint(3, 14))] for i in range(60)
    }
    with Cache(tmp_path / "cache", today=TODAY) as c:
        fill(
            c,
            [
                hand_built(n, question_text=" ".join(ws), title="T", answer_text=None,
                           submitter="S", answerer="M", role="R", topics=())
                for n, ws in texts.items()
            ],
        )  # fmt: skip
        checked = 0
        for _ in range(150):
            text = _random_query(rng)
            if rng.random() < 0.3:
                text += f" -{rng.choice(VOCAB)}"
            tree = q.parse(text)
            want = {n for n, ws in texts.items() if _holds(tree, ws)}
            assert found(c, text) == want, text
            checked += bool(want)
        assert checked > 50  # the queries found something often enough to mean something


def test_people_and_parties_fields_match_names_not_parts_of_words(tmp_path) -> None:
    with Cache(tmp_path / "cache", today=TODAY) as c:
        kv = hand_built("2031Z00001", submitter="Attje Kuiken", party="SP")
        kv.submitters.append(Person("Özlem Çelik", "SGP"))
        fill(c, [kv])
        assert found(c, "indiener:kuiken") == {"2031Z00001"}
        assert found(c, "indiener:ozlem") == {"2031Z00001"}  # accents do not count
        assert found(c, "indiener:uiken") == set()  # a whole word, not a part
        assert found(c, "partij:sgp") == {"2031Z00001"}
        assert found(c, "partij:GP") == set()


PIECES = ['a', 'b ', '"', "(", ")", "OR ", "NOT ", "AND ", "-", "*", "NEAR(", ",", " 3", " ",
          "titel:", "partij:x ", "status:open ", "sinds:2024 ", "tot:", ":", "²", "é", "ß",
          "2024Z00002", "\x00", "stikstof", "uitstoot", "…", "'"]  # fmt: skip


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(PIECES), max_size=14).map("".join))
def test_any_mix_of_operators_is_hits_or_one_clear_error(cache, text) -> None:
    """Whatever the pieces of the language make together: a list of hits whose count the
    index agrees with, or QuerySyntaxError with a place in the text, never an FTS error."""
    try:
        hits = cache.search(text, limit=1000)
    except QuerySyntaxError as exc:
        assert 0 <= exc.position <= len(text) and str(exc)
        return
    assert cache.search_count(text) == len(hits)
