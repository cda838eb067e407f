"""``kvtui new``: what changed since it last ran, across real fetches and refreshes.

Against the fake services (tests/fakeservices/, a real HTTP server on 127.0.0.1): one
set becomes answered, one is postponed, a new set matches a watch rule and another new
set matches none. The store-level test walks every change kind on hand-built sets.
"""

from __future__ import annotations

import json
import shlex
import sys
from pathlib import Path

import pytest
from fakeservices import world
from fakeservices.helpers import serve
from test_store_support import cache_with, hand_built
from world_events import answer_arrives, postponement_arrives

from kvtui.cli import main
from kvtui.cli import watch as cli_watch
from kvtui.model import Status
from kvtui.store import watch as store
from kvtui.store.cache import Cache


@pytest.fixture
def config_dir(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "config"
    path.mkdir()
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(path))
    return path


def kvtui(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--cache", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_new_across_a_refresh_against_the_fake_services(monkeypatch, tmp_path, capsys, config_dir):
    root = tmp_path / "cache"
    sets = world.fictional_sets()
    by_number = {s.number: s for s in sets}
    for _fake in serve(monkeypatch, sets):
        assert kvtui(capsys, root, "fetch", "2024Z10002", "2024Z10003")[0] == 0
        assert kvtui(capsys, root, "watch", "add", "search", "gemalen")[0] == 0
        # the first run notes what is there and reports nothing
        code, out, err = kvtui(capsys, root, "new")
        assert (code, out) == (0, "") and "first" in err
        assert kvtui(capsys, root, "new") == (0, "", "")
        # the world moves on: 10002 answered, 10003 postponed, two sets are new
        answer_arrives(by_number["2024Z10002"])
        postponement_arrives(by_number["2024Z10003"])
        assert kvtui(capsys, root, "fetch", "2024Z10001", "2024Z10005")[0] == 0
        code, out, err = kvtui(capsys, root, "new", "--refresh", "--json")
        assert code == 0, err
        changes = json.loads(out)
        assert [(c["number"], c["change"]) for c in changes] == [
            ("2024Z10002", "answered"),
            ("2024Z10003", "postponed"),
            ("2024Z10001", "new"),  # 10005 is new too, but no rule follows it
        ]
        assert all(set(c) == {"number", "change", "title", "rule"} for c in changes)
        assert changes[0]["title"] == "Fictieve dijken bij Texel" and changes[0]["rule"] is None
        assert changes[2]["rule"] == {"id": 1, "kind": "search", "value": "gemalen"}
        # the refresh really ran: the index says so
        with Cache(root) as cache:
            assert cache.get("2024Z10002").status is Status.ANSWERED
            assert cache.get("2024Z10003").status is Status.POSTPONED
        # a second run has nothing to say, in either form
        assert kvtui(capsys, root, "new") == (0, "", "")
        assert kvtui(capsys, root, "new", "--refresh", "--json") == (0, "", "")


def _set(number: str, status: Status, **kw):
    return hand_built(number, status=status, **kw)


def test_every_change_kind_and_what_is_not_a_change(tmp_path, capsys, config_dir):
    root = tmp_path / "cache"
    first = [
        _set("2025Z00001", Status.OPEN),
        _set("2025Z00002", Status.OPEN),
        _set("2025Z00003", Status.POSTPONED),
        _set("2025Z00004", Status.ANSWERED),
        _set("2025Z00005", Status.OPEN, party="Waakpartij"),
    ]
    cache_with(root, first)
    assert kvtui(capsys, root, "watch", "add", "party", "Waakpartij")[0] == 0
    assert kvtui(capsys, root, "watch", "add", "number", "2025Z00002")[0] == 0
    assert kvtui(capsys, root, "new")[1] == ""
    cache_with(
        root,
        [
            _set("2025Z00001", Status.POSTPONED),
            _set("2025Z00002", Status.WITHDRAWN),
            _set("2025Z00003", Status.ANSWERED, title="Antwoord na uitstel"),
            _set("2025Z00004", Status.OPEN),  # answered → open: not news
            _set("2025Z00006", Status.OPEN, party="Waakpartij", title="Nieuw en gevolgd"),
            _set("2025Z00007", Status.OPEN, party="Niemand"),  # new, followed by no rule
        ],
    )
    code, out, err = kvtui(capsys, root, "new")
    assert code == 0, err
    lines = out.splitlines()
    assert [line.split()[:2] for line in lines] == [
        ["answered", "2025Z00003"],
        ["postponed", "2025Z00001"],
        ["withdrawn", "2025Z00002"],
        ["new", "2025Z00006"],
    ]
    assert "Antwoord na uitstel" in lines[0]
    assert lines[2].endswith("[watch 2: number 2025Z00002]")
    assert lines[3].endswith("[watch 1: party Waakpartij]")
    assert kvtui(capsys, root, "new") == (0, "", "")
    # a rebuilt index changes nothing that was seen
    (root / "index.sqlite").unlink()
    with Cache(root) as cache:
        cache.reindex()
    assert kvtui(capsys, root, "new") == (0, "", "")


def _notifier(tmp_path: Path, config_dir: Path, body: str) -> Path:
    script = tmp_path / "notify.py"
    script.write_text(body, encoding="utf-8")
    got = tmp_path / "got.txt"
    command = shlex.join([sys.executable, str(script), str(got)])
    (config_dir / "config.toml").write_text(f"notify_cmd = {json.dumps(command)}\n", "utf-8")
    return got


COPY = "import sys\nopen(sys.argv[1], 'w', encoding='utf-8').write(sys.stdin.read())\n"


def _changed_cache(root: Path) -> None:
    cache_with(root, [_set("2025Z00001", Status.OPEN, title="Fictief zand (FICTIEF)")])


def _answer_it(root: Path) -> None:
    cache_with(root, [_set("2025Z00001", Status.ANSWERED, title="Fictief zand (FICTIEF)")])


def test_notify_cmd_gets_the_summary_on_stdin(tmp_path, capsys, config_dir):
    root = tmp_path / "cache"
    _changed_cache(root)
    got = _notifier(tmp_path, config_dir, COPY)
    assert kvtui(capsys, root, "new")[0] == 0
    assert not got.exists()  # nothing new: nothing sent
    _answer_it(root)
    code, out, err = kvtui(capsys, root, "new")
    assert code == 0, err
    sent = got.read_text(encoding="utf-8")
    assert "1 change since" in sent and out in sent and "answered   2025Z00001" in sent


@pytest.mark.parametrize(
    ("body", "expect"),
    [
        ("import sys\nsys.stderr.write('geen verbinding')\nsys.exit(3)\n", "exit 3"),
        ("import time\ntime.sleep(30)\n", "did not finish"),
        (None, "could not run"),
        ("", "cannot be read"),
    ],
)
def test_a_failing_notify_cmd_is_one_message_exit_1_and_reported_again(
    tmp_path, capsys, config_dir, monkeypatch, body, expect
):
    monkeypatch.setattr(cli_watch, "NOTIFY_TIMEOUT", 0.5)
    root = tmp_path / "cache"
    _changed_cache(root)
    _notifier(tmp_path, config_dir, body or "")
    config = config_dir / "config.toml"
    if body is None:
        config.write_text('notify_cmd = "/nonexistent/kvtui-notify --x"\n', "utf-8")
    elif body == "":
        config.write_text('notify_cmd = "notify \'unclosed"\n', "utf-8")
    assert kvtui(capsys, root, "new")[0] == 0
    _answer_it(root)
    code, out, err = kvtui(capsys, root, "new")
    assert code == 1 and "answered" in out
    assert len(err.strip().splitlines()) == 1 and expect in err and "Traceback" not in err
    # not remembered: the next run says it again (and fails again)
    code, out2, _ = kvtui(capsys, root, "new")
    assert code == 1 and out2 == out
    config.unlink()
    assert kvtui(capsys, root, "new")[:2] == (0, out)
    assert kvtui(capsys, root, "new") == (0, "", "")


def test_changes_are_computed_in_sql_for_many_sets(tmp_path):
    """A store-level check that scales: 3,000 sets, 300 changed, 3 rules."""
    root = tmp_path / "cache"
    cache_with(root, [_set(f"2025Z{i:05d}", Status.OPEN) for i in range(3000)])
    with Cache(root) as cache:
        cache.with_state(lambda c, _t: store.add_rule(c, "party", "Fictief"))
        found, seen = cache.with_state(lambda c, _t: store.changes(c))
        assert found == [] and len(seen) == 3000
        cache.with_state(lambda c, _t: store.save_seen(c, seen))
    cache_with(root, [_set(f"2025Z{i:05d}", Status.ANSWERED) for i in range(0, 3000, 10)])
    with Cache(root) as cache:
        found, seen = cache.with_state(lambda c, _t: store.changes(c))
    assert len(found) == 300 == len(seen)
    assert {c.change for c in found} == {"answered"}
    assert all(c.rule is not None and c.rule.value == "Fictief" for c in found)


def test_new_refresh_also_syncs_on_from_the_last_sync(monkeypatch, tmp_path, capsys, config_dir):
    root = tmp_path / "cache"
    monkeypatch.setenv("KVTUI_TODAY", "2024-03-01")
    for _fake in serve(monkeypatch):
        code, _, err = kvtui(capsys, root, "sync", "--since", "2024-01-09", "--until", "2024-01-10")
        assert code == 0, err
        assert kvtui(capsys, root, "watch", "add", "ministry", "waterbeheer")[0] == 0
        assert kvtui(capsys, root, "new")[1] == ""
        code, out, err = kvtui(capsys, root, "new", "--refresh", "--json")
        assert code == 0, err
        assert err == ""  # quiet when all went well: cron hears only of changes
        found = {c["number"]: c for c in json.loads(out)}
        # every fictional set after 2024-01-10 is new, and the rule follows them all
        assert {"2024Z10002", "2024Z10003", "2024Z10005", "2024Z10006"} <= set(found)
        assert "2024Z10001" not in found  # known since the first sync
        assert all(c["change"] == "new" and c["rule"]["id"] == 1 for c in found.values())
        assert kvtui(capsys, root, "new", "--refresh") == (0, "", "")


def test_the_reader_saving_its_theme_keeps_notify_cmd(tmp_path):
    from kvtui.ui.config import dumps, load_config

    path = tmp_path / "config.toml"
    path.write_text('notify_cmd = "mail -s \\"kvtui\\" ik@example.invalid"\ntheme = "nord"\n')
    cfg = load_config(path)
    assert cfg.notify_cmd == 'mail -s "kvtui" ik@example.invalid' and not cfg.warnings
    cfg.theme = "dracula"
    path.write_text(dumps(cfg))
    assert load_config(path).notify_cmd == cfg.notify_cmd
    path.write_text("notify_cmd = 3\n")
    assert load_config(path).notify_cmd is None
    assert any("notify_cmd" in w for w in load_config(path).warnings)


def test_two_reporters_never_take_each_others_news(tmp_path):
    root = tmp_path / "cache"
    _changed_cache(root)
    with Cache(root) as cache:
        for who in ("cli", "reader"):
            found, seen = cache.with_state(lambda c, _t, w=who: store.changes(c, w))
            assert found == []
            cache.with_state(lambda c, _t, w=who, s=seen: store.save_seen(c, s, w))
    _answer_it(root)
    with Cache(root) as cache:
        found, seen = cache.with_state(lambda c, _t: store.changes(c, "cli"))
        assert [x.change for x in found] == ["answered"]
        cache.with_state(lambda c, _t: store.save_seen(c, seen, "cli"))
        assert cache.with_state(lambda c, _t: store.changes(c, "cli"))[0] == []
        # the reader's baseline still stands where it was: it hears the same news
        found, _ = cache.with_state(lambda c, _t: store.changes(c, "reader"))
        assert [x.change for x in found] == ["answered"]


def test_a_set_under_several_rules_is_one_change(tmp_path, capsys, config_dir):
    """The watch list once counted a set per rule that follows it; ``new`` lists each
    changed set once, under the first rule, and the notifier hears one change each."""
    root = tmp_path / "cache"
    cache_with(root, [_set("2025Z00001", Status.OPEN, party="Waakpartij", title="Zand")])
    rules = [("party", "Waakpartij"), ("number", "2025Z00001"), ("search", "zand")]
    rules += [("number", "2025Z00002"), ("search", "duinen")]
    for kind, value in rules:
        assert kvtui(capsys, root, "watch", "add", kind, value)[0] == 0
    assert kvtui(capsys, root, "new")[1] == ""
    got = _notifier(tmp_path, config_dir, COPY)
    cache_with(
        root,
        [
            _set("2025Z00001", Status.ANSWERED, party="Waakpartij", title="Zand"),
            _set("2025Z00002", Status.OPEN, party="Waakpartij", title="Zand en duinen"),
        ],
    )
    code, out, err = kvtui(capsys, root, "new")
    assert code == 0, err
    assert [line.split()[:2] for line in out.splitlines()] == [
        ["answered", "2025Z00001"],
        ["new", "2025Z00002"],
    ]
    assert got.read_text(encoding="utf-8").startswith("kvtui: 2 changes since the last")
