"""The search language on its own: what each operator, field, status, date and number
form parses to, and that every malformed query is one QuerySyntaxError with its place.

No index here (``test_query_search`` runs the trees against one).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time

import pytest

from kvtui import query as q
from kvtui.query import QuerySyntaxError, parse


def W(text: str, prefix: bool = False) -> q.Text:
    return q.Text(text, prefix)


def P(text: str, prefix: bool = False) -> q.Text:
    return q.Text(text, prefix, True)


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("stikstof", W("stikstof")),
        ("stikstof boeren", q.And((W("stikstof"), W("boeren")))),
        ("stikstof AND boeren", q.And((W("stikstof"), W("boeren")))),
        ('"stikstof uitstoot"', P("stikstof uitstoot")),
        ('"stikstof uitstoot"*', P("stikstof uitstoot", True)),
        ("\u201cstikstof uitstoot\u201d", P("stikstof uitstoot")),  # curly quotes
        ("\u201estikstof uitstoot\u201d", P("stikstof uitstoot")),
        ("stik*", W("stik", True)),
        ("a OR b", q.Or((W("a"), W("b")))),
        ("a b OR c", q.Or((q.And((W("a"), W("b"))), W("c")))),
        ("a (b OR c)", q.And((W("a"), q.Or((W("b"), W("c")))))),
        ("a -b", q.And((W("a"), q.Not(W("b"))))),
        ("a NOT b", q.And((W("a"), q.Not(W("b"))))),
        ('a -"b c"', q.And((W("a"), q.Not(P("b c"))))),
        ("a -(b OR c)", q.And((W("a"), q.Not(q.Or((W("b"), W("c"))))))),
        ("NEAR(a b)", q.Near((W("a"), W("b")), 10)),
        ("NEAR(a b, 3)", q.Near((W("a"), W("b")), 3)),
        ('NEAR(a "b c" d*, 0)', q.Near((W("a"), P("b c"), W("d", True)), 0)),
        ("de de de", W("de")),
        ("covid-19", W("covid-19")),
        ("10:30", W("10:30")),
        ("NEAR", W("NEAR")),
        ("a, b", q.And((W("a"), W("b")))),
    ],
)
def test_each_operator_parses_to_its_tree(text: str, tree: q.Node) -> None:
    assert parse(text) == tree


FIELD_ALIASES = {
    "title": ("titel", "title", "TITEL"),
    "submitter": ("indiener", "submitter"),
    "party": ("partij", "party"),
    "minister": ("minister", "door", "by"),
    "ministry": ("ministerie", "ministry"),
    "topic": ("onderwerp", "topic"),
}


@pytest.mark.parametrize(("field", "names"), FIELD_ALIASES.items())
def test_every_field_and_its_aliases(field: str, names: tuple[str, ...]) -> None:
    for name in names:
        node = parse(f"{name}:Waarde")
        assert isinstance(node, q.Field) and node.name == field and node.value == "Waarde"
        quoted = parse(f'{name}:"Twee woorden"')
        assert isinstance(quoted, q.Field) and quoted.value == "Twee woorden"
        assert (node.text is not None) == (field == "title")
    assert parse("titel:stik*") == q.Field("title", "stik", W("stik", True))


@pytest.mark.parametrize(
    ("word", "state"),
    [
        ("open", "open"),
        ("answered", "answered"),
        ("beantwoord", "answered"),
        ("postponed", "postponed"),
        ("uitgesteld", "postponed"),
        ("withdrawn", "withdrawn"),
        ("ingetrokken", "withdrawn"),
        ("overdue", "overdue"),
        ('"te laat"', "overdue"),
        ("te-laat", "overdue"),
        ("pending", "pending"),
        ('"text pending"', "pending"),
        ("OPEN", "open"),
    ],
)
def test_every_status_word(word: str, state: str) -> None:
    assert parse(f"status:{word}") == q.Status(state)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("sinds:2024-03-15", q.DateBound("since", dt.date(2024, 3, 15))),
        ("since:2024-03", q.DateBound("since", dt.date(2024, 3, 1))),
        ("sinds:2024", q.DateBound("since", dt.date(2024, 1, 1))),
        ("tot:2024-03-15", q.DateBound("until", dt.date(2024, 3, 15))),
        ("until:2024-02", q.DateBound("until", dt.date(2024, 2, 29))),
        ("tot:2023-02", q.DateBound("until", dt.date(2023, 2, 28))),
        ("tot:2024", q.DateBound("until", dt.date(2024, 12, 31))),
        ("sinds:20240315", q.DateBound("since", dt.date(2024, 3, 15))),
    ],
)
def test_every_date_form(text: str, day: q.DateBound) -> None:
    assert parse(text) == day


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("2020Z12161", "2020Z12161"),
        ("2020z12161", "2020Z12161"),
        ("2020D25948", "2020D25948"),
        ("kv-tk-2020Z12161", "kv-tk-2020Z12161"),
        ("ah-tk-20192020-3940", "ah-tk-20192020-3940"),
        ("ah-tk-20202021-0001", "ah-tk-20202021-0001"),
        ("kv-tk-20062007-KVR27039", "kv-tk-20062007-KVR27039"),
        ("https://zoek.officielebekendmakingen.nl/kv-tk-2020Z12161.html", "kv-tk-2020Z12161"),
    ],
)
def test_every_number_form_is_a_number(text: str, canonical: str) -> None:
    node = parse(text)
    assert isinstance(node, q.Number) and node.number.canonical == canonical
    assert parse(f'"{text}"') != node  # quoted, it is text to find


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ('a "b c', 2, "never closed"),
        ("NEAR(a b", 0, "never closed"),
        ("NEAR(a b, 3", 0, "never closed"),
        ("NEAR(a b, x)", 10, "NEAR distance"),
        ("NEAR(a b, 101)", 10, "NEAR distance"),
        ("NEAR(a)", 0, "two words"),
        ("NEAR(a (b))", 7, "parentheses"),
        ("sinds:gisteren", 0, "YYYY-MM-DD"),
        ("a tot:2024-13-01", 2, "YYYY-MM-DD"),
        ("sinds:2023-02-29", 0, "YYYY-MM-DD"),
        ("sinds:２０２４", 0, "YYYY-MM-DD"),  # only ASCII digits are a date
        ("tot:2024-1", 0, "YYYY-MM-DD"),
        ("tot:0000", 0, "YYYY-MM-DD"),
        ("onbekend:x", 0, "no field onbekend:"),
        ("a b:c", 2, "no field b:"),
        ("status:kwijt", 0, "no status"),
        ("titel:", 0, "needs a value"),
        ("titel: x", 0, "needs a value"),
        ("OR", 0, "OR needs"),
        ("a OR", 2, "OR needs"),
        ("OR a", 0, "OR needs"),
        ("a OR OR b", 2, "OR needs"),
        ("a AND", 2, "AND needs"),
        ("NOT", 0, "NOT needs"),
        ("a NOT", 2, "NOT needs"),
        ("-x", 0, "only excluded"),
        ("-x -y NOT z", 0, "only excluded"),
        ("a OR -b", 5, "only excluded"),
        ("(a", 0, "never closed"),
        ("a)", 1, "closes nothing"),
        ("*", 0, "* needs a word"),
        ("***", 0, "* needs a word"),
        ("a *", 2, "* needs a word"),
        ("* -", 0, "* needs a word"),
        ("-*", 1, "* needs a word"),
        ("NOT *", 4, "* needs a word"),
        ("(a OR *)", 6, "* needs a word"),
        ("NEAR(a * b)", 7, "* needs a word"),
        ("((((((((((a))))))))))", 8, "parentheses inside"),
    ],
)
def test_a_malformed_query_is_one_error_that_says_where(text: str, where: int, words: str):
    with pytest.raises(QuerySyntaxError) as info:
        parse(text)
    exc = info.value
    assert words in str(exc) and exc.position == where, (text, str(exc))
    assert f"character {where + 1}" in str(exc) and "\n" not in str(exc)


def test_nothing_to_look_for_is_none_not_an_error() -> None:
    for text in ("", "   ", '""', '"*"', "- -- ---", ",,,", "\x00\x01"):
        assert parse(text) is None, text


def test_controls_are_spaces_and_keep_positions() -> None:
    assert parse("a\x00b") == q.And((W("a"), W("b")))
    with pytest.raises(QuerySyntaxError) as info:
        parse('\x00\x00 "x')
    assert info.value.position == 3


def test_found_texts_leave_out_what_is_excluded() -> None:
    tree = parse('a "b c" -d NEAR(e f) titel:g* status:open -(h OR i) j OR k')
    assert q.found_texts(tree) == [
        W("a"), W("b c"), W("e"), W("f"), W("g", True), W("j"), W("k"),
    ]  # fmt: skip
    assert {t.text for t in q.all_texts(tree)} >= {"d", "h", "i"}


def test_parsing_is_linear_in_the_query() -> None:
    """Long hostile queries (negations, quotes, parentheses, colons) parse in time
    proportional to their length: 8x the text never costs much more than 8x the time."""
    shapes = {
        "not": "NOT ",
        "dash": "-",
        "quote": '"a" ',
        "colon": "a:b:c ",
        "paren": "(a) ",
        "or": "a OR ",
        "near": "NEAR(a b, 1) ",
        "star": "a* ",
    }
    for name, unit in shapes.items():
        times = []
        for n in (500, 4000):
            text = unit * (n // len(unit)) + "x"
            best = float("inf")
            for _ in range(3):  # the best of three: a load spike is not growth
                start = time.perf_counter()
                with contextlib.suppress(QuerySyntaxError):
                    parse(text)
                best = min(best, time.perf_counter() - start)
            times.append(best)
        assert times[1] < max(times[0], 0.002) * 8 * 4, (name, times)
