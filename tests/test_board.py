"""The overdue board and the answer-time statistics, checked against an independent count.

Generated sets (random states, dates, delay notices, people) go into a real cache;
``kvtui overdue`` and ``kvtui stats`` must give what a plain Python count of the same
sets gives: the 21/42-day rule written out literally here, percentiles from
``statistics``, "in time" as answered on or before submitted + term. Then the sample
cache, whose expectations are derived from ``kvtui list --json``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import statistics
from pathlib import Path

import pytest
from test_store_support import TODAY, cache_with, hand_built, run_main

from kvtui import board
from kvtui.cli import main as kvtui_main
from kvtui.facets import UNKNOWN, ministry_of
from kvtui.model import Kamervraag, Notice, Person, Status
from kvtui.store.cache import Cache

SAMPLE = Path(__file__).resolve().parents[1] / "cache"

MINISTRIES = ["Financiën", "Defensie", "Volksgezondheid, Welzijn en Sport", "Justitie"]
PARTIES = ["Rood", "Blauw", "Groen"]  # fictional


def cli(capsys, monkeypatch, root: Path, *args: str) -> str:
    code, out, err = run_main(capsys, monkeypatch, "--cache", str(root), *args)
    assert code == 0, err
    return out


def _generate(n: int, seed: int) -> list[dict]:
    """Plain descriptions of ``n`` fictional sets; the edge days are always in."""
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        status = rnd.choice(
            [Status.ANSWERED] * 5 + [Status.OPEN, Status.POSTPONED, Status.WITHDRAWN]
        )
        notice = status is Status.POSTPONED or (status is Status.ANSWERED and rnd.random() < 0.3)
        # Days since submission around both terms, so the edge days occur.
        age = rnd.choice([20, 21, 22, 41, 42, 43, rnd.randint(0, 400)])
        submitted = TODAY - dt.timedelta(days=age)
        days = rnd.choice([0, 20, 21, 22, 41, 42, 43, rnd.randint(0, age)]) if age else 0
        days = min(days, age)
        answered = submitted + dt.timedelta(days=days) if status is Status.ANSWERED else None
        two = rnd.random() < 0.2
        out.append(
            {
                "number": f"2025Z{i:05d}",
                "status": status,
                "notice": notice,
                "submitted": submitted,
                "answered": answered,
                "ministry": rnd.choice(MINISTRIES),
                "minister": rnd.choice(["Mr. Een", "Mw. Twee", "Dr. Drie"]),
                "members": [("Lid A", rnd.choice(PARTIES))]
                + ([("Lid B", rnd.choice(PARTIES))] if two else []),
            }
        )
    return out


def _kamervraag(s: dict) -> Kamervraag:
    """One generated set (a dict of ``_generate``) as a hand-built Kamervraag."""
    kamervraag = hand_built(
        s["number"],
        status=s["status"],
        submitted=s["submitted"],
        answered=s["answered"],
        role=f"minister van {s['ministry']}",
        answerer=s["minister"],
        notices=(Notice(s["submitted"], "Uitstel (fictief)"),) if s["notice"] else (),
    )
    kamervraag.submitters = [Person(name, party) for name, party in s["members"]]
    return kamervraag


def _build(root: Path, sets: list[dict]) -> Path:
    return cache_with(root, map(_kamervraag, sets))


def _build_one(root: Path, kamervraag: Kamervraag) -> None:
    cache_with(root, [kamervraag])


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, list[dict]]:
    sets = _generate(400, seed=12)
    return _build(tmp_path_factory.mktemp("board"), sets), sets


# -- the independent count ------------------------------------------------------


def _term(s: dict) -> int:
    return 42 if s["notice"] else 21


def _is_open(s: dict) -> bool:
    return s["status"] in (Status.OPEN, Status.POSTPONED)


def _overdue(s: dict) -> bool:
    return _is_open(s) and s["submitted"] + dt.timedelta(days=_term(s)) < TODAY


def _groups(s: dict, by: str) -> list[str]:
    if by == "ministry":
        return [s["ministry"]]
    if by == "minister":
        return [s["minister"]]
    if by == "member":
        return [name for name, _ in s["members"]]
    if by == "party":
        return list(dict.fromkeys(p for _, p in s["members"]))
    return [str(s["submitted"].year)]


def _expected(sets: list[dict], by: str) -> dict[str, dict]:
    per: dict[str, list[dict]] = {}
    for s in sets:
        for g in _groups(s, by):
            per.setdefault(g, []).append(s)
    out = {}
    for g, members in per.items():
        answered = [s for s in members if s["status"] is Status.ANSWERED]
        days = [(s["answered"] - s["submitted"]).days for s in answered]
        timely = [
            s for s in answered if s["answered"] <= s["submitted"] + dt.timedelta(days=_term(s))
        ]
        out[g] = {
            "group": g,
            "sets": len(members),
            "answered": len(answered),
            "median_days": round(statistics.median(days), 1) if days else None,
            "p90_days": (
                round(statistics.quantiles(days, n=10, method="inclusive")[8], 1)
                if len(days) > 1
                else (float(days[0]) if days else None)
            ),
            "in_time_share": round(len(timely) / len(answered), 4) if answered else None,
            "open": sum(_is_open(s) for s in members),
            "overdue": sum(_overdue(s) for s in members),
        }
    return out


# -- percentiles ------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(30))
def test_percentile_matches_statistics(seed):
    rnd = random.Random(seed)
    n = rnd.choice([1, 2, 3, 4, 5, 10, 11, 97, 1000])
    values = [rnd.choice([rnd.randint(0, 30), rnd.randint(0, 900)]) for _ in range(n)]
    hist: dict[int, int] = {}
    for v in values:
        hist[v] = hist.get(v, 0) + 1
    assert board.percentile(hist, 50) == pytest.approx(statistics.median(values))
    if n > 1:
        deciles = statistics.quantiles(values, n=10, method="inclusive")
        for i, q in enumerate(deciles, start=1):
            assert board.percentile(hist, 10 * i) == pytest.approx(q)
    assert board.percentile(hist, 0) == min(values)
    assert board.percentile(hist, 100) == max(values)


def test_percentile_edges():
    assert board.percentile({}, 50) is None
    assert board.percentile({5: 0}, 50) is None
    assert board.percentile({7: 1}, 90) == 7
    assert board.percentile({1: 1, 2: 1}, 50) == 1.5  # even n: the mean of the middle two
    assert board.percentile({10: 1, 20: 1}, 90) == pytest.approx(19)
    with pytest.raises(ValueError):
        board.percentile({1: 1}, 101)


# -- stats ----------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["ministry", "minister", "party", "member", "year"])
def test_stats_match_an_independent_count(capsys, monkeypatch, generated, by):
    root, sets = generated
    got = json.loads(cli(capsys, monkeypatch, root, "stats", "--by", by, "--json"))
    expected = _expected(sets, by)
    assert {g["group"] for g in got} == set(expected)
    for g in got:
        assert g == expected[g["group"]], g["group"]
    # The keys of the issue, in its order.
    keys = ["group", "sets", "answered", "median_days", "p90_days", "in_time_share"]
    assert list(got[0]) == [*keys, "open", "overdue"]


def test_stats_period_is_inclusive_and_by_submission(capsys, monkeypatch, generated):
    root, sets = generated
    since, until = TODAY - dt.timedelta(days=43), TODAY - dt.timedelta(days=21)
    got = json.loads(
        cli(capsys, monkeypatch, root, "stats", "--by", "ministry", "--json",
            "--since", since.isoformat(), "--until", until.isoformat())
    )  # fmt: skip
    inside = [s for s in sets if since <= s["submitted"] <= until]
    assert any(s["submitted"] in (since, until) for s in inside)
    expected = _expected(inside, "ministry")
    assert {g["group"]: g for g in got} == expected


def test_stats_refuses_a_reversed_period(capsys, monkeypatch, generated):
    root, _ = generated
    monkeypatch.setenv("KVTUI_TODAY", TODAY.isoformat())
    code = kvtui_main(
        ["--cache", str(root), "stats", "--by", "year", "--since", "2025-02-01",
         "--until", "2025-01-01"]
    )  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "--since" in err and "Traceback" not in err
    assert kvtui_main(["--cache", str(root), "stats", "--by", "weather"]) == 2


def test_sets_without_a_group_are_counted_as_unknown(tmp_path, capsys, monkeypatch):
    kv = hand_built("2025Z00001", role="")
    kv.answered_by = []
    _build_one(tmp_path, kv)
    got = json.loads(cli(capsys, monkeypatch, tmp_path, "stats", "--by", "ministry", "--json"))
    assert [(g["group"], g["sets"]) for g in got] == [(UNKNOWN, 1)]


@pytest.mark.parametrize("by", ["ministry", "minister", "party", "member"])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_the_group_of_sets_naming_nobody_is_named_in_the_language_of_the_run(
    tmp_path, capsys, monkeypatch, by, language
):
    """Seen: ``stats --by ministry`` in English listed the group "(onbekend)". It is
    "(unknown)" in English and "(onbekend)" in Dutch; the exports keep the one key."""
    kv = hand_built("2025Z00001", status=Status.OPEN, submitted=TODAY - dt.timedelta(days=60))
    kv.answered_by, kv.submitters = [], []
    _build_one(tmp_path, kv)
    monkeypatch.setenv("KVTUI_LANGUAGE", language)
    shown, other = ("(unknown)", "(onbekend)")[:: 1 if language == "en" else -1]
    for board_name in ("stats", "overdue"):
        text = cli(capsys, monkeypatch, tmp_path, board_name, "--by", by)
        assert shown in text and other not in text, text
        exported = json.loads(cli(capsys, monkeypatch, tmp_path, board_name, "--by", by, "--json"))
        assert [g["group"] for g in exported] == [UNKNOWN]


# -- overdue --------------------------------------------------------------------------


def test_overdue_json_matches_the_rule(capsys, monkeypatch, generated):
    root, sets = generated
    got = json.loads(cli(capsys, monkeypatch, root, "overdue", "--json"))
    late = {s["number"]: s for s in sets if _overdue(s)}
    assert {g["number"] for g in got} == set(late)
    # The edge days are in the generated sets: due today is not overdue, due yesterday is.
    assert any(_is_open(s) and s["submitted"] + dt.timedelta(days=_term(s)) == TODAY for s in sets)
    for g in got:
        s = late[g["number"]]
        due = s["submitted"] + dt.timedelta(days=_term(s))
        assert g["due"] == due.isoformat()
        assert g["days_late"] == (TODAY - due).days >= 1
        assert g["postponed"] is s["notice"]
        assert g["submitted"] == s["submitted"].isoformat()
        assert g["ministries"] == [s["ministry"]]
        assert g["submitters"] == [{"name": n, "party": p} for n, p in s["members"]]
        assert set(g) == {
            "number", "title", "submitted", "due", "days_late", "postponed", "ministries",
            "submitters",
        }  # fmt: skip
    assert [g["days_late"] for g in got] == sorted((g["days_late"] for g in got), reverse=True)


@pytest.mark.parametrize("by", ["ministry", "minister", "party", "member"])
def test_overdue_by_group(capsys, monkeypatch, generated, by):
    root, sets = generated
    got = json.loads(cli(capsys, monkeypatch, root, "overdue", "--by", by, "--json"))
    expected: dict[str, set[str]] = {}
    for s in sets:
        if _overdue(s):
            for g in _groups(s, by):
                expected.setdefault(g, set()).add(s["number"])
    assert {g["group"]: {x["number"] for x in g["sets"]} for g in got} == expected
    assert all(g["count"] == len(g["sets"]) for g in got)
    text = cli(capsys, monkeypatch, root, "overdue", "--by", by)
    for group, numbers in expected.items():
        assert f"{group}: {len(numbers)} overdue" in text


def test_overdue_text_lines(capsys, monkeypatch, generated):
    root, sets = generated
    text = cli(capsys, monkeypatch, root, "overdue").splitlines()
    late = [s for s in sets if _overdue(s)]
    assert text[0].startswith(f"{len(late)} overdue on {TODAY}")
    assert len(text) == 2 + len(late) and all(len(line) <= 80 for line in text[:2])


# -- exports --------------------------------------------------------------------------


def _csv(text: str) -> list[dict[str, str]]:
    assert text.endswith("\r\n")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_exports_hold_the_same_figures(capsys, monkeypatch, generated):
    root, _ = generated
    as_json = json.loads(cli(capsys, monkeypatch, root, "stats", "--by", "party", "--json"))
    lines = cli(capsys, monkeypatch, root, "stats", "--by", "party", "--format", "jsonl")
    assert [json.loads(line) for line in lines.splitlines()] == as_json
    rows = _csv(cli(capsys, monkeypatch, root, "stats", "--by", "party", "--format", "csv"))
    assert [r["group"] for r in rows] == [g["group"] for g in as_json]
    for row, g in zip(rows, as_json, strict=True):
        assert int(row["sets"]) == g["sets"] and int(row["overdue"]) == g["overdue"]
        assert (float(row["median_days"]) if row["median_days"] else None) == g["median_days"]
    late = json.loads(cli(capsys, monkeypatch, root, "overdue", "--json"))
    rows = _csv(cli(capsys, monkeypatch, root, "overdue", "--format", "csv"))
    assert [r["number"] for r in rows] == [g["number"] for g in late]
    assert all(int(r["days_late"]) == g["days_late"] for r, g in zip(rows, late, strict=True))
    jl = cli(capsys, monkeypatch, root, "overdue", "--by", "ministry", "--format", "jsonl")
    assert all(json.loads(line)["group"] in MINISTRIES for line in jl.splitlines())
    listed = json.loads(cli(capsys, monkeypatch, root, "list", "--json"))
    rows = _csv(cli(capsys, monkeypatch, root, "list", "--format", "csv"))
    assert [r["number"] for r in rows] == [x["number"] for x in listed]
    assert list(rows[0]) == list(listed[0])
    jl = cli(capsys, monkeypatch, root, "list", "--format", "jsonl").splitlines()
    assert [json.loads(line) for line in jl] == listed


FORMULAS = ["=1+1", "+1", "-1+2", "@SUM(A1)", " =HYPERLINK(1)", "\t=1", "\uff1d1+1"]


@pytest.mark.parametrize("cell", FORMULAS)
def test_csv_cells_never_start_a_formula(tmp_path, capsys, monkeypatch, cell):
    kv = hand_built("2025Z00001", title=cell + "\x1b[31m", submitter=cell, role=cell)
    _build_one(tmp_path, kv)
    out = cli(capsys, monkeypatch, tmp_path, "list", "--format", "csv")
    assert "\x1b" not in out
    for row in _csv(out):
        for value in row.values():
            assert value[:1] not in "=+-@\t\uff1d" or value == "", value
            assert value.lstrip()[:1] not in "=+-@\uff1d", value
    rows = _csv(cli(capsys, monkeypatch, tmp_path, "stats", "--by", "member", "--format", "csv"))
    assert rows[0]["group"] == "'" + " ".join(cell.split())  # groups fold whitespace
    # JSON Lines keep the text as data: the cell as it was, controls escaped.
    line = cli(capsys, monkeypatch, tmp_path, "list", "--format", "jsonl")
    assert "\x1b" not in line and json.loads(line)["title"] == cell + "\x1b[31m"


def test_csv_keeps_numbers_negative_and_text_plain():
    from kvtui.render.tabular import csv_cell

    assert csv_cell(-3) == -3 and csv_cell(2.5) == 2.5 and csv_cell(None) == ""
    assert csv_cell(True) == "true" and csv_cell(["a", "b"]) == "a; b"
    assert csv_cell("gewoon") == "gewoon" and csv_cell("a=b") == "a=b"


# -- ministries ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "ministry"),
    [
        ("minister van Financiën", "Financiën"),
        ("Minister van Volksgezondheid, Welzijn en Sport", "Volksgezondheid, Welzijn en Sport"),
        ("staatssecretaris van Binnenlandse Zaken (Digitalisering)", "Binnenlandse Zaken"),
        ("minister voor Klimaat  en Energie", "Klimaat en Energie"),
        ("minister-president", "Algemene Zaken"),
        ("Minister-President, minister van Algemene Zaken", "Algemene Zaken"),
        ("burgemeester", "burgemeester"),
        ("", None),
        (None, None),
    ],
)
def test_ministry_of_a_role(role, ministry):
    assert ministry_of(role) == ministry


# -- the sample cache -------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("sample-board")
    with Cache(root, today=TODAY) as cache:
        assert cache.import_paths([SAMPLE / "sources"]).failed == []
    return root


def test_sample_overdue_agrees_with_the_list(capsys, monkeypatch, sample):
    listed = json.loads(cli(capsys, monkeypatch, sample, "list", "--json"))
    late = {x["number"]: x for x in listed if x["overdue"]}
    assert late  # the sample holds overdue sets
    got = json.loads(cli(capsys, monkeypatch, sample, "overdue", "--json"))
    assert {g["number"] for g in got} == set(late)
    for g in got:
        x = late[g["number"]]
        term = 42 if x["status"] == "postponed" else 21
        due = dt.date.fromisoformat(x["submitted"]) + dt.timedelta(days=term)
        assert (g["due"], g["days_late"]) == (due.isoformat(), (TODAY - due).days)
    text = cli(capsys, monkeypatch, sample, "overdue", "--by", "party")
    assert "\x1b" not in text


def test_sample_stats_by_year_agree_with_the_list(capsys, monkeypatch, sample):
    listed = json.loads(cli(capsys, monkeypatch, sample, "list", "--json"))
    got = {g["group"]: g for g in json.loads(
        cli(capsys, monkeypatch, sample, "stats", "--by", "year", "--json"))}  # fmt: skip
    years: dict[str, list[dict]] = {}
    for x in listed:
        years.setdefault(x["submitted"][:4], []).append(x)
    assert set(got) == set(years)
    for year, members in years.items():
        days = [x["days_to_answer"] for x in members if x["status"] == "answered"]
        assert got[year]["sets"] == len(members)
        assert got[year]["answered"] == len(days)
        assert got[year]["median_days"] == (statistics.median(days) if days else None)
        assert got[year]["open"] == sum(x["status"] in ("open", "postponed") for x in members)
        assert got[year]["overdue"] == sum(x["overdue"] for x in members)
    text = cli(capsys, monkeypatch, sample, "stats", "--by", "ministry")
    assert all(len(line) <= 80 for line in text.splitlines()[:-2])
    assert "\x1b" not in text


# -- charts -------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_histogram_buckets_count_every_set_once(seed):
    from kvtui.render.chart import histogram_lines

    rnd = random.Random(seed)
    hist: dict[int, int] = {}
    for _ in range(rnd.randint(1, 300)):
        d = rnd.choice([rnd.randint(0, 60), rnd.randint(0, 2000)])
        hist[d] = hist.get(d, 0) + 1
    buckets = board.bucket_histogram(hist)
    assert sum(c for _, _, c in buckets) == sum(hist.values())
    assert len(buckets) <= 13
    for lo, hi, count in buckets:
        inside = sum(c for d, c in hist.items() if d >= lo and (hi is None or d <= hi))
        assert count == inside
    # The term's last day closes a bucket: nothing after day 21 shares a bar with it.
    assert any(hi == 21 for _, hi, _ in buckets) or buckets[-1][1] is None
    lines = histogram_lines(buckets, width=76, marks={21: "term"})
    assert len(lines) == len(buckets) and all(len(line) <= 76 for line in lines)


def test_bars_are_proportional_and_fit():
    from kvtui.render.chart import bar, bar_lines

    assert bar(0, 10, 20) == "" and bar(10, 10, 20) == "█" * 20
    assert bar(5, 10, 20) == "█" * 10 and bar(0.01, 10, 20) == "▏"
    lines = bar_lines(
        [("a" * 50, 40.0, "40 d"), ("b", 10.0, "10 d"), ("c", None, "-")], width=60, label_width=20
    )
    assert all(len(line) <= 60 for line in lines)
    eighths = {ch: i for i, ch in enumerate(" ▏▎▍▌▋▊▉█")}

    def length(line: str) -> int:
        return sum(eighths[ch] for ch in line if ch in eighths and ch != " ")

    long, short = (length(line) for line in lines[:2])
    assert abs(long - 4 * short) <= 4 and "█" not in lines[2]  # within rounding of 1/8
