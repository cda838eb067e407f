"""Watch rules: what the user may type, how a rule meets the index, where rules live.

The sets are generated (fictional) and every rule's matches are checked against a
count made independently in Python over the sets themselves.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from test_store_support import TODAY, cache_with, hand_built

from kvtui.model import Status
from kvtui.store import watch as store
from kvtui.store.cache import Cache
from kvtui.watch import KINDS, BadRule, Rule, check_rule, fold, value_matches

REPO = Path(__file__).resolve().parents[1]

MEMBERS = ["Attje Kuiken", "Ömer Çelik", "Kees van der Berg", "Kees Kuik"]
PARTIES = ["PvdA", "GL", "GroenLinks-PvdA", "SP", "SGP"]
ROLES = [
    "minister van Financiën",
    "staatssecretaris van Volksgezondheid, Welzijn en Sport",
    "minister van Waterbeheer en Infrastructuur",
]
TOPICS = ["Stikstof | Natuur", "Zorg | Ouderen", "Natuur en milieu | Water"]
WORDS = ["stikstof", "dijken", "gemalen", "stikstofuitstoot", "treinen"]


def generated(n: int):
    """``n`` fictional sets cycling through the names above (FICTIEF)."""
    out = []
    for i in range(n):
        out.append(
            hand_built(
                f"2025Z{10000 + i:05d}",
                title=f"Fictieve vragen over {WORDS[i % len(WORDS)]} ({i})",
                submitter=MEMBERS[i % len(MEMBERS)],
                party=PARTIES[i % len(PARTIES)],
                answerer=f"Minister {chr(65 + i % 3)}. Fictief",
                role=ROLES[i % len(ROLES)],
                topics=(TOPICS[i % len(TOPICS)],),
                status=Status.OPEN if i % 2 else Status.ANSWERED,
            )
        )
    return out


# -- what may be a rule ----------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_takes_a_value_and_squashes_space(kind):
    value = "  2020Z12161 " if kind == "number" else "  Attje \t Kuiken "
    assert check_rule(kind.upper(), value)[0] == kind
    assert check_rule(kind, value)[1] in ("2020Z12161", "Attje Kuiken")


@pytest.mark.parametrize(
    ("kind", "value", "why"),
    [
        ("colour", "rood", "unknown kind"),
        ("party", "   ", "give a value"),
        ("search", "\x1b[31m", "control"),
        ("member", "Kuiken\u202e", "control"),
        ("topic", "x" * 201, "at most"),
        ("search", "***", "letter or digit"),
        ("number", "2020X1", "2020X1"),
        ("number", "", "give a value"),
    ],
)
def test_what_cannot_be_a_rule_says_why(kind, value, why):
    with pytest.raises(BadRule, match=why):
        check_rule(kind, value)


def test_a_number_rule_is_canonical():
    assert check_rule("number", "2020z12161") == ("number", "2020Z12161")


def test_matching_ignores_case_and_diacritics_and_wants_whole_words():
    assert fold("  Financiën  ") == "financien"
    assert value_matches("ministry", "financien", "Financiën")
    assert value_matches("member", "kuiken", "Attje Kuiken")
    assert value_matches("member", "Celik", "Ömer Çelik")
    assert not value_matches("member", "Kuik", "Attje Kuiken")  # a word, not a part
    assert not value_matches("member", "ken", "Attje Kuiken")
    assert value_matches("party", "pvda", "PvdA")
    assert not value_matches("party", "PvdA", "GroenLinks-PvdA")  # parties whole
    assert not value_matches("party", "GL", "GroenLinks-PvdA")
    assert not value_matches("topic", "", "Zorg")


# -- rules against the index ----------------------------------------------------------


def expected(kind: str, value: str, sets) -> set[str]:
    """An independent count over the sets themselves (not the index)."""
    want = fold(value)
    out = set()
    for kv in sets:
        if kind == "member":
            hay = [p.name for p in kv.submitters]
        elif kind == "party":
            hay = [p.party for p in kv.submitters]
            if any(fold(h) == want for h in hay):
                out.add(kv.number)
            continue
        elif kind == "minister":
            hay = [p.name for p in kv.answered_by]
        elif kind == "ministry":
            hay = [p.role.split(" van ", 1)[1] for p in kv.answered_by]
        elif kind == "topic":
            hay = list(kv.topics)
        elif kind == "search":
            words = fold(kv.title + " " + " ".join(q.text for q in kv.questions)).split()
            if all(w in words for w in want.split()):
                out.add(kv.number)
            continue
        else:
            hay = [kv.number]
        if any(f" {want} " in f" {fold(h)} " for h in hay):
            out.add(kv.number)
    return out


CASES = [
    ("member", "Kuiken"),
    ("member", "kees"),
    ("member", "Omer Celik"),
    ("party", "PvdA"),
    ("party", "gl"),
    ("party", "Onbekend"),
    ("minister", "Minister B. Fictief"),
    ("ministry", "Financien"),
    ("ministry", "Volksgezondheid, Welzijn en Sport"),
    ("ministry", "Waterbeheer"),
    ("topic", "stikstof"),
    ("topic", "natuur"),
    ("topic", "Natuur en milieu"),
    ("search", "stikstof"),
    ("search", "fictieve gemalen"),
    ("search", "nergens"),
    ("number", "2025Z10003"),
    ("number", "2025Z99999"),
]


@pytest.mark.parametrize("size", [7, 60])
def test_each_rule_matches_what_an_independent_count_finds(tmp_path, size):
    sets = generated(size)
    with Cache(cache_with(tmp_path / "c", sets), today=TODAY) as cache:
        for kind, value in CASES:
            kind, value = check_rule(kind, value)
            rule = Rule(1, kind, value, "")
            got = cache.with_state(lambda conn, _t, r=rule: store.matches(conn, r))
            assert got == expected(kind, value, sets), (kind, value)
        # and not every rule matches everything: the cases can fail
        sp = cache.with_state(lambda c, _t: store.matches(c, Rule(1, "party", "SP", "")))
        assert 0 < len(sp) < size


@pytest.mark.parametrize("size", [7, 60])
@pytest.mark.parametrize("read_every", [0, 3])
def test_the_unread_sets_under_any_rule_are_counted_once_each(tmp_path, size, read_every):
    """Seen: the watch list said "10,311 unread" where one set stood under all four
    rules and was counted four times; the rules' own counts stay as they are."""
    sets = generated(size)
    read = {kv.number for i, kv in enumerate(sets) if read_every and i % read_every == 0}
    with Cache(cache_with(tmp_path / "c", sets), today=TODAY) as cache:
        for number in read:
            cache.set_read(number, True)
        for kind, value in CASES:
            cache.with_state(lambda c, _t, k=kind, v=value: store.add_rule(c, k, v))
        watched = cache.with_state(lambda c, _t: store.rule_lists(c))
    followed: set[str] = set()
    for item in watched.lists:
        mine = expected(item.rule.kind, item.rule.value, sets)
        assert (item.total, item.unread) == (len(mine), len(mine - read)), item.rule
        followed |= mine
    assert watched.unread == len(followed - read)
    assert sum(item.unread for item in watched.lists) > watched.unread  # the rules overlap


def test_rules_survive_a_rebuild_of_the_index(tmp_path):
    root = cache_with(tmp_path / "c", generated(5))
    with Cache(root) as cache:
        rule, created = cache.with_state(lambda c, _t: store.add_rule(c, "party", "PvdA"))
        again, created2 = cache.with_state(lambda c, _t: store.add_rule(c, "party", "pvda"))
        assert created and not created2 and again == rule
    (root / "index.sqlite").unlink()
    with Cache(root) as cache:
        assert cache.with_state(lambda c, _t: store.rules(c)) == [rule]


def test_a_number_rule_given_by_another_id_keeps_the_sets_number(tmp_path):
    with Cache(cache_with(tmp_path / "c", generated(4))) as cache:
        rule, _ = cache.with_state(lambda c, _t: store.add_rule(c, "number", "kv-tk-2025Z10002"))
        assert rule.value == "2025Z10002"
        assert cache.with_state(lambda c, _t: store.matches(c, rule)) == {"2025Z10002"}


# -- state.sqlite version 1 → 2 -----------------------------------------------------

V1 = """
CREATE TABLE state (
    number   TEXT PRIMARY KEY,
    read     INTEGER NOT NULL DEFAULT 0,
    starred  INTEGER NOT NULL DEFAULT 0,
    position INTEGER NOT NULL DEFAULT 0,
    opened   TEXT
);
INSERT INTO state VALUES ('2025Z10001', 1, 1, 7, '2025-01-01T00:00:00+00:00');
INSERT INTO state VALUES ('2025Z10002', 0, 1, 0, NULL);
PRAGMA user_version = 1;
"""


def test_a_version_1_state_keeps_its_marks_and_gains_the_watch_tables(tmp_path, capsys):
    root = cache_with(tmp_path / "c", generated(3))
    for suffix in ("", "-wal", "-shm"):
        (root / f"state.sqlite{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(root / "state.sqlite", isolation_level=None)
    conn.executescript(V1)
    conn.close()
    with Cache(root) as cache:
        first = cache.state("2025Z10001")
        assert (first.read, first.starred, first.position) == (True, True, 7)
        assert cache.state("2025Z10002").starred and not cache.state("2025Z10002").read
        cache.with_state(lambda c, _t: store.add_rule(c, "member", "Kuiken"))
        assert not cache.take_warnings()  # migrated, not set aside
    assert not [p for p in root.iterdir() if p.name.startswith("state.sqlite.")]
    conn = sqlite3.connect(root / "state.sqlite")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 2
    assert conn.execute("SELECT kind, value FROM watch").fetchall() == [("member", "Kuiken")]
    conn.close()
    with Cache(root) as cache:  # version 2 opens as it is
        assert cache.state("2025Z10001").position == 7
        assert [r.value for r in cache.with_state(lambda c, _t: store.rules(c))] == ["Kuiken"]


@pytest.mark.parametrize(
    "sql",
    [
        "PRAGMA user_version = 3",
        # a version-1 file holding a table only version 2 has: not ours
        "CREATE TABLE watch (id INTEGER PRIMARY KEY, kind TEXT, value TEXT, added TEXT)",
        # version 2 with a watch table of another shape
        "CREATE TABLE watch (id INTEGER, rule TEXT); PRAGMA user_version = 2",
    ],
)
def test_a_state_of_another_version_or_shape_is_set_aside(tmp_path, sql):
    root = cache_with(tmp_path / "c", generated(3))
    for suffix in ("", "-wal", "-shm"):
        (root / f"state.sqlite{suffix}").unlink(missing_ok=True)
    conn = sqlite3.connect(root / "state.sqlite", isolation_level=None)
    conn.executescript(V1.replace("PRAGMA user_version = 1;", "") + sql)
    conn.close()
    with Cache(root) as cache:
        assert not cache.state("2025Z10001").starred
        assert any("renamed it to" in w for w in cache.take_warnings())
    assert [p for p in root.iterdir() if p.name.startswith("state.sqlite.")]


def _mount(args: list[str]) -> bool:
    try:
        done = subprocess.run(["mount", *args], capture_output=True, timeout=20)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def _read_only(src: Path, target: Path) -> Path:
    """A read-only view of ``src`` (chmod for users; a read-only bind mount for root)."""
    if os.geteuid() != 0:
        os.chmod(src, 0o555)
        return src
    target.mkdir()
    if not _mount(["--bind", str(src), str(target)]):
        pytest.skip("mount --bind is not permitted here")
    if not _mount(["-o", "remount,ro,bind", str(target)]):
        subprocess.run(["umount", "-l", str(target)], capture_output=True, timeout=20)
        pytest.skip("a read-only remount is not permitted here")
    return target


def test_a_read_only_cache_shows_its_rules_and_refuses_changes(tmp_path):
    root = cache_with(tmp_path / "c", generated(3))
    with Cache(root) as cache:
        cache.with_state(lambda c, _t: store.add_rule(c, "party", "SP"))
        cache.with_state(lambda c, _t: store.save_seen(c, {}))
    view = _read_only(root, tmp_path / "ro")
    try:
        listed = main_run(["watch", "list", "--json"], view)
        assert listed.returncode == 0, listed.stderr
        assert [r["value"] for r in json.loads(listed.stdout)] == ["SP"]
        for args in (["watch", "add", "party", "PvdA"], ["watch", "rm", "1"]):
            refused = main_run(args, view)
            assert refused.returncode == 1 and "cannot be written" in refused.stderr
            assert "Traceback" not in refused.stderr
        assert main_run(["new"], view).returncode == 0
    finally:
        if view == root:
            os.chmod(root, 0o755)
        else:
            subprocess.run(["umount", "-l", str(view)], capture_output=True, timeout=20)


# -- the command line ---------------------------------------------------------------


def main_run(args: list[str], cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kvtui", "--cache", str(cache), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "KVTUI_TODAY": TODAY.isoformat()},
        timeout=60,
    )


def test_watch_add_list_rm(tmp_path):
    sets = generated(12)
    root = cache_with(tmp_path / "c", sets)
    added = main_run(["watch", "add", "party", "PvdA"], root)
    n = len(expected("party", "PvdA", sets))
    assert added.returncode == 0 and f"added 1: party PvdA ({n} cached sets)" in added.stdout
    assert main_run(["watch", "add", "search", "stikstof", "natuur"], root).returncode == 0
    assert main_run(["watch", "add", "number", "2020z12161"], root).returncode == 0
    same = main_run(["watch", "add", "party", "pvda"], root)
    assert same.returncode == 0 and "already watched as 1" in same.stdout
    listed = json.loads(main_run(["watch", "list", "--json"], root).stdout)
    assert [(r["id"], r["kind"], r["value"]) for r in listed] == [
        (1, "party", "PvdA"),
        (2, "search", "stikstof natuur"),
        (3, "number", "2020Z12161"),
    ]
    assert listed[0]["sets"] == n and listed[2]["sets"] == 0
    dt.datetime.fromisoformat(listed[0]["added"])
    text = main_run(["watch", "list"], root).stdout.splitlines()
    assert text[0].split()[:3] == ["1", "party", "PvdA"]
    gone = main_run(["watch", "rm", "2"], root)
    assert gone.returncode == 0 and "removed 2: search stikstof natuur" in gone.stdout
    missing = main_run(["watch", "rm", "2"], root)
    assert missing.returncode == 1 and "no rule 2" in missing.stderr
    assert [r["id"] for r in json.loads(main_run(["watch", "list", "--json"], root).stdout)] == [
        1,
        3,
    ]


@pytest.mark.parametrize(
    "args",
    [
        ["watch", "add", "colour", "rood"],
        ["watch", "add", "number", "12345"],
        ["watch", "add", "party"],
        ["watch", "rm", "een"],
        ["watch"],
        ["watch", "add", "search", "\x1b]52;c;eA==\x07"],
    ],
)
def test_watch_usage_errors_are_one_message_and_exit_2(tmp_path, args):
    root = cache_with(tmp_path / "c", generated(2))
    result = main_run(args, root)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert "\x1b" not in result.stderr


def test_an_empty_watch_list(tmp_path):
    root = cache_with(tmp_path / "c", generated(2))
    assert main_run(["watch", "list", "--json"], root).stdout.strip() == "[]"
    plain = main_run(["watch", "list"], root)
    assert plain.returncode == 0 and plain.stdout == "" and "no watch rules" in plain.stderr
