"""The command line: argument handling, exit codes, stdout/stderr, and what it imports."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_store_support import TODAY, cache_with, hand_built, write_set

from kvtui.cli import main, parse_args

REPO = Path(__file__).resolve().parents[1]

HOSTILE = (
    "[bold]vet[/bold] [link=https://example.invalid]x[/link] [@click=app.quit]klik[/] "
    "\x1b[31mrood\x1b[0m \x1b]52;c;aGVsbG8=\x07 \x1b]8;;https://evil.invalid\x07link\x1b]8;;\x07 "
    "\x9b2J \x07 \x00 \u202e"
)


def run(*args: str, cache: Path | None = None, env: dict | None = None):
    argv = [sys.executable, "-m", "kvtui"]
    if cache is not None:
        argv += ["--cache", str(cache)]
    return subprocess.run(
        [*argv, *args],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": str(REPO),
            "KVTUI_TODAY": TODAY.isoformat(),
            **(env or {}),
        },
        timeout=60,
    )


@pytest.fixture
def filled(tmp_path) -> Path:
    """A cache holding hand-built sets (one with hostile text), no parsers needed."""
    return cache_with(tmp_path / "cache", [
        hand_built("2025Z00001", title="Fietsen in de regen"),
        hand_built("2025Z00002", title="Treinen " + HOSTILE, question_text="Vraag " + HOSTILE,
                   answer_text="Antwoord " + HOSTILE),
    ])  # fmt: skip


# -- parsing ------------------------------------------------------------------


def test_reader_is_the_default_and_cache_goes_anywhere() -> None:
    args = parse_args(["--cache", "/x", "--no-mouse", "2020Z12161"])
    assert (args.command, args.cache, args.number, args.no_mouse) == (
        None, Path("/x"), "2020Z12161", True,
    )  # fmt: skip
    args = parse_args([])
    assert args.command is None and args.number is None and args.cache is None
    args = parse_args(["show", "2020Z12161", "--cache", "/y", "--format", "json"])
    assert (args.command, args.cache, args.format, args.offline) == (
        "show",
        Path("/y"),
        "json",
        False,
    )
    args = parse_args(["--cache", "/z", "fetch", "1", "2", "--force"])
    assert (args.cache, args.numbers, args.force) == (Path("/z"), ["1", "2"], True)
    args = parse_args(["sync", "--since", "2024-01-01"])
    assert args.since.isoformat() == "2024-01-01" and args.until is None
    args = parse_args(["refresh", "--all"])
    assert args.all is True and args.cache is None


@pytest.mark.parametrize(
    "argv",
    [["list", "--bogus"], ["show"], ["show", "x", "--format", "pdf"], ["sync"],
     ["sync", "--since", "gisteren"], ["search", "x", "--limit", "0"], ["--bogus"]],
)  # fmt: skip
def test_bad_flags_exit_2(argv, capsys) -> None:
    assert main(argv) == 2
    assert capsys.readouterr().err


def test_dispatch_to_reader_and_online(monkeypatch) -> None:
    import types

    seen = []
    reader = types.ModuleType("kvtui.cli.reader")
    reader.run_reader = lambda args: seen.append(("reader", args.number)) or 0
    online = types.ModuleType("kvtui.cli.online")
    online.run_fetch = lambda args: seen.append(("fetch", args.numbers)) or 1
    online.run_refresh = lambda args: 0
    online.run_sync = lambda args: 0
    monkeypatch.setitem(sys.modules, "kvtui.cli.reader", reader)
    monkeypatch.setitem(sys.modules, "kvtui.cli.online", online)
    import kvtui.cli

    monkeypatch.setattr(kvtui.cli, "reader", reader, raising=False)
    monkeypatch.setattr(kvtui.cli, "online", online, raising=False)
    assert main(["2020Z12161"]) == 0
    assert main(["fetch", "2020Z12161"]) == 1
    assert seen == [("reader", "2020Z12161"), ("fetch", ["2020Z12161"])]


# -- show ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "number", ["../../etc/passwd", "kv-tk-2020Z1216; rm -rf /", "2020Z12161/../../x", "", " "]
)
def test_path_like_numbers_never_reach_the_file_system(tmp_path, number) -> None:
    root = tmp_path / "never"
    result = run("show", number, "--offline", cache=root)
    assert result.returncode == 2
    assert "accepted forms" in result.stderr and result.stdout == ""
    assert not root.exists()


def test_show_formats(filled: Path) -> None:
    text = run("show", "kv-tk-2025Z00001", cache=filled)
    assert text.returncode == 0, text.stderr
    assert text.stdout.startswith("Kamervraag 2025Z00001\n\nFietsen in de regen\n")
    data = json.loads(run("show", "2025Z00001", "--format", "json", cache=filled).stdout)
    assert data == hand_built("2025Z00001", title="Fietsen in de regen").to_json()
    md = run("show", "2025Z00001", "--format", "markdown", cache=filled)
    assert md.returncode == 0 and md.stdout.startswith("# Kamervraag 2025Z00001")


def test_show_of_hostile_text_is_inert(filled: Path) -> None:
    for fmt in ("text", "markdown"):
        out = run("show", "2025Z00002", "--format", fmt, cache=filled).stdout
        assert "\x1b" not in out and "\x9b" not in out and "\x07" not in out
        assert "\x00" not in out and "\u202e" not in out
        assert "52;c;aGVsbG8=␇" in out and "␛" in out  # visible, not acting
    text = run("show", "2025Z00002", cache=filled).stdout
    assert "[bold]vet[/bold]" in text and "[@click=app.quit]" in text  # literal text
    assert "␛]52;c;aGVsbG8=␇" in text
    data = json.loads(run("show", "2025Z00002", "--format", "json", cache=filled).stdout)
    assert HOSTILE in data["title"]  # JSON is faithful (and escapes controls itself)


def test_show_not_in_cache(filled: Path) -> None:
    result = run("show", "2030Z00001", "--offline", cache=filled)
    assert result.returncode == 1 and "not in the cache" in result.stderr and not result.stdout


def test_show_not_in_cache_fetches(filled: Path, monkeypatch, capsys) -> None:
    import types

    calls = []

    class Report:
        failed = (("2030Z00001", "not found at the Tweede Kamer"),)

    fetch = types.ModuleType("kvtui.services.fetch")
    fetch.fetch_numbers = lambda cache, numbers, **kw: calls.append(numbers) or Report()
    monkeypatch.setitem(sys.modules, "kvtui.services.fetch", fetch)
    assert main(["--cache", str(filled), "show", "2030Z00001"]) == 1
    assert [str(n) for n in calls[0]] == ["2030Z00001"]
    assert "2030Z00001: not found at the Tweede Kamer" in capsys.readouterr().err


# -- list / search ------------------------------------------------------------


def test_list(filled: Path) -> None:
    result = run("list", "--json", cache=filled)
    rows = json.loads(result.stdout)
    assert [r["number"] for r in rows] == ["2025Z00002", "2025Z00001"]
    assert set(rows[0]) >= {"number", "title", "status", "overdue", "submitted", "read", "starred"}
    text = run("list", "--sort", "number", "--ascending", cache=filled).stdout.splitlines()
    assert text[0].split()[0] == "2025Z00001" and len(text) == 2
    assert all("\x1b" not in line for line in text)
    assert run("list", "--status", "open", "--json", cache=filled).stdout.strip() == "[]"


def test_search(filled: Path) -> None:
    hits = json.loads(run("search", "regen", "--json", cache=filled).stdout)
    assert [h["number"] for h in hits] == ["2025Z00001"]
    start, end = hits[0]["matches"][0]
    assert hits[0]["snippet"][start:end].lower() == "regen"
    plain = run("search", "regen", cache=filled)
    assert plain.returncode == 0 and "2025Z00001" in plain.stdout and "\ue000" not in plain.stdout
    odd = run("search", 'NEAR("x', "AND", "(", cache=filled)  # one clear usage error
    assert odd.returncode == 2 and len(odd.stderr.strip().splitlines()) == 1, odd.stderr
    assert "never closed" in odd.stderr and "Traceback" not in odd.stderr


def test_light_commands_do_not_import_heavy_modules(filled: Path) -> None:
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['kvtui'] + sys.argv[1:]\n"
        "try:\n    runpy.run_module('kvtui', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('textual', 'httpx', 'lxml', 'rich', 'platformdirs'))\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
    )
    board = (["overdue", "--by", "party"], ["stats", "--by", "ministry", "--format", "csv"])
    for args in (
        ["show", "2025Z00001"],
        ["list"],
        ["search", "regen"],
        ["show", "x"],
        ["list", "--format", "csv"],
        *board,
        ["watch", "list"],
        ["watch", "add", "party", "Fictief"],
        ["watch", "rm", "1"],
        ["new"],
        ["new", "--json"],
    ):
        result = subprocess.run(
            [sys.executable, "-c", probe, "--cache", str(filled), *args],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO)},
            timeout=60,
        )
        assert "HEAVY []" in result.stderr, (args, result.stderr[-500:])


# -- import / reindex ---------------------------------------------------------


def test_import_and_reindex(tmp_path) -> None:
    pytest.importorskip("kvtui.assemble")
    src = tmp_path / "in"
    src.mkdir()
    zaak, _ = write_set(src, 1)
    bad = src / "kapot.xml"
    bad.write_bytes(b"<officiele-publicatie><kamervragen>")
    root = tmp_path / "cache"
    result = run("import", str(src), cache=root)
    assert result.returncode == 1
    assert "kapot.xml" in result.stderr and result.stdout.split() == [zaak]
    bad.unlink()
    assert run("import", str(src), cache=root).returncode == 0
    again = run("reindex", cache=root)
    assert again.returncode == 0 and "reindexed 1" in again.stderr
    assert json.loads(run("show", zaak, "--format", "json", cache=root).stdout)["number"] == zaak
