"""Command-line conventions (issue 10 bug 6 and item 15): mistyped subcommands get the
closest name, and the flags the ecosystem expects (--bindings, locate, completion, a man
page, --theme, help on every option) are there and keep Textual out of what needs no UI."""

from __future__ import annotations

import re

import pytest
from test_cli import run

from kvtui.cli import main, parse_args
from kvtui.cli.suggest import unknown_command

COMMANDS = ("fetch", "show", "list", "search", "import", "reindex", "refresh", "sync")

# -- bug 6: typos of subcommands ----------------------------------------------


@pytest.mark.parametrize(
    ("argv", "meant"),
    [(["lsit"], "list"), (["shwo", "2020Z12161"], "show"), (["serach", "x"], "search"),
     (["fecth", "2020Z12161"], "fetch"), (["--cache", "/tmp/x", "refrsh"], "refresh"),
     (["SHOW", "2020Z12161"], "show"), (["improt", "a.xml"], "import"), (["snyc"], "sync"),
     (["reindx"], "reindex"), (["stas"], "stats"), (["ovredue"], "overdue"),
     (["lcoate", "cache"], "locate")],
)  # fmt: skip
def test_typo_of_a_subcommand_names_the_closest(argv, meant, capsys) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    typo = next(w for w in argv if w[0] != "-" and w not in ("/tmp/x",))
    assert f"unknown command {typo!r}" in err
    assert f"did you mean {meant!r}?" in err and "accepted forms" not in err


def test_an_unknown_word_lists_the_commands(capsys) -> None:
    assert main(["kroket"]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'kroket'" in err and all(c in err for c in COMMANDS)


@pytest.mark.parametrize(
    "number",
    ["2020Z12161", "kv-tk-2020Z12161", "2020D25948", "ah-tk-20192020-3940",
     "https://zoek.officielebekendmakingen.nl/kv-tk-2020Z12161"],
)  # fmt: skip
def test_a_real_number_still_opens_the_reader(number) -> None:
    args = parse_args([number])
    assert args.command is None and args.number == number
    assert unknown_command(number, COMMANDS) is None


@pytest.mark.parametrize("word", ["2020Z1216x", "kv-tk-2020Q12161", "https://example.invalid/x"])
def test_a_mistyped_number_is_still_a_bad_number(word) -> None:
    result = run(word)
    assert result.returncode == 2
    assert "accepted forms" in result.stderr and "unknown command" not in result.stderr


# -- item 15: conventions -------------------------------------------------------

PROBE = (
    "import sys, runpy\n"
    "sys.argv = ['kvtui'] + sys.argv[1:]\n"
    "try:\n    runpy.run_module('kvtui', run_name='__main__')\n"
    "except SystemExit:\n    pass\n"
    "heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'httpx', 'lxml'))\n"
    "print('HEAVY', heavy, file=sys.stderr)\n"
)


@pytest.mark.parametrize(
    "argv",
    [["--bindings"], ["locate"], ["locate", "config"], ["--man"], ["--completion", "bash"],
     ["--completion", "zsh"], ["--help"], ["show", "--help"], ["lsit"], ["search", "x"]],
)  # fmt: skip
def test_commands_without_ui_never_import_textual(tmp_path, argv) -> None:
    import os
    import subprocess
    import sys

    from test_cli import REPO

    result = subprocess.run(
        [sys.executable, "-c", PROBE, "--cache", str(tmp_path / "c"), *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO), "KVTUI_CONFIG_DIR": str(tmp_path)},
        timeout=60,
    )
    assert "HEAVY []" in result.stderr, (argv, result.stderr[-500:])


def test_bindings_print_every_command_of_the_registry(tmp_path) -> None:
    from kvtui.ui import commands

    result = run("--bindings", env={"KVTUI_CONFIG_DIR": str(tmp_path)})
    assert result.returncode == 0
    lines = {ln.split()[0]: ln.split()[1] for ln in result.stdout.splitlines() if ln[:2] == "  "}
    assert set(lines) == {c.id for c in commands.COMMANDS}
    assert all(lines[c.id] == c.keys for c in commands.COMMANDS)


def test_bindings_show_what_the_config_remaps(tmp_path) -> None:
    (tmp_path / "config.toml").write_text('[keys]\nquit = "x"\n', encoding="utf-8")
    out = run("--bindings", env={"KVTUI_CONFIG_DIR": str(tmp_path)}).stdout
    [quit_line] = [ln for ln in out.splitlines() if ln.split()[:1] == ["quit"]]
    assert quit_line.split()[1:3] == ["x", "(config)"]


def test_locate_prints_the_paths_kvtui_uses(tmp_path) -> None:
    env = {"KVTUI_CONFIG_DIR": str(tmp_path / "cfg"), "KVTUI_EXPORT_DIR": str(tmp_path / "ex"),
           "KVTUI_CACHE_DIR": str(tmp_path / "cache")}  # fmt: skip
    assert run("locate", "config", env=env).stdout == f"{tmp_path / 'cfg' / 'config.toml'}\n"
    assert run("locate", "cache", env=env).stdout == f"{tmp_path / 'cache'}\n"
    assert run("locate", "export", env=env).stdout == f"{tmp_path / 'ex'}\n"
    given = run("--cache", str(tmp_path / "other"), "locate", "cache", env=env).stdout
    assert given == f"{tmp_path / 'other'}\n"
    every = run("locate", env=env).stdout.splitlines()
    assert [ln.split(":")[0] for ln in every] == ["config", "cache", "export"]
    assert not (tmp_path / "cfg").exists() and not (tmp_path / "ex").exists()  # only printed
    assert run("locate", "elsewhere", env=env).returncode == 2


def _all_parsers():
    from kvtui.cli import parsers

    top, subs = parsers()
    return top, subs, [("kvtui", top), *((f"kvtui {n}", p) for n, p in subs.items())]


def test_every_option_has_help_and_dates_say_their_format() -> None:
    _, _, every = _all_parsers()
    seen_dates = 0
    for name, parser in every:
        for action in parser._actions:
            assert action.help and action.help.strip(), (name, action.dest)
            if action.metavar == "DATE":
                seen_dates += 1
                assert "YYYY-MM-DD" in action.help, (name, action.dest)
    assert seen_dates >= 3  # sync --since/--until, list --since


def test_help_lists_every_kvtui_variable_the_code_reads() -> None:
    from test_cli import REPO

    used = set()
    for path in (REPO / "kvtui").rglob("*.py"):
        used |= set(re.findall(r"KVTUI_[A-Z_]+[A-Z]", path.read_text(encoding="utf-8")))
    out = run("--help").stdout
    assert used and not [v for v in sorted(used) if v not in out], out
    assert "TEXTUAL_THEME" in out and "KVTUI_EXPORT_DIR" in out


def test_man_page_documents_every_option_and_renders(tmp_path) -> None:
    import shutil
    import subprocess

    _, _, every = _all_parsers()
    page = run("--man").stdout
    assert page.startswith(".TH KVTUI 1")
    from kvtui.cli.manpage import esc

    for name, parser in every:
        for action in parser._actions:
            for opt in action.option_strings:
                assert esc(opt) in page, (name, opt)
        if name != "kvtui":
            assert f".SS {esc(name.split()[1])}" in page
    assert run("--man").stdout == page  # the same on every run (no date)
    if shutil.which("groff") is None:
        pytest.skip("groff not installed: the page was checked as text only")
    rendered = subprocess.run(
        ["groff", "-man", "-Tutf8", "-ww"], input=page, capture_output=True, text=True, timeout=60
    )
    assert rendered.returncode == 0 and rendered.stderr == "", rendered.stderr
    text = re.sub(r".\x08", "", rendered.stdout)
    for phrase in ("--offset", "KVTUI_EXPORT_DIR", "locate", "EXIT STATUS", "YYYY-MM-DD"):
        assert phrase in text.replace("‐", "-").replace("−", "-"), phrase


def _complete(script: str, *words: str) -> list[str]:
    import shutil
    import subprocess

    if shutil.which("bash") is None:
        pytest.skip("bash not installed")
    quoted = " ".join("'" + w.replace("'", "'\\''") + "'" for w in words)
    probe = (
        f"{script}\nCOMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
        '_kvtui; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    out = subprocess.run(["bash", "--norc", "-c", probe], capture_output=True, text=True,
                         timeout=60)  # fmt: skip
    assert out.returncode == 0, out.stderr
    return [w for w in out.stdout.splitlines() if w]


def test_bash_completion_offers_commands_options_and_choices(tmp_path) -> None:
    script = run("--completion", "bash").stdout
    _, subs, _ = _all_parsers()
    assert set(_complete(script, "kvtui", "")) == set(subs)
    assert _complete(script, "kvtui", "l") == ["list", "locate"]
    assert _complete(script, "kvtui", "--cache", "/tmp", "sh") == ["show"]
    for name, parser in subs.items():  # every option of every subcommand
        offered = set(_complete(script, "kvtui", name, "-"))
        assert offered == {o for a in parser._actions for o in a.option_strings}, name
    assert _complete(script, "kvtui", "show", "x", "--format", "") == ["text", "markdown", "json"]
    assert _complete(script, "kvtui", "locate", "") == ["config", "cache", "export"]
    assert _complete(script, "kvtui", "list", "--status", "o") == ["open", "overdue"]
    assert _complete(script, "kvtui", "sync", "--since", "") == []
    (tmp_path / "sub").mkdir()
    assert _complete(script, "kvtui", "--cache", f"{tmp_path}/s") == [f"{tmp_path}/sub"]


def test_zsh_completion_wraps_the_bash_function() -> None:
    script = run("--completion", "zsh").stdout
    assert "bashcompinit" in script and "complete -F _kvtui kvtui" in script
    assert run("--completion", "fish").returncode == 2


# -- the theme ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "env", "chosen"),
    [("ansi-dark", {}, "ansi-dark"), (None, {"TEXTUAL_THEME": "ansi-light"}, "ansi-light"),
     ("nord", {"TEXTUAL_THEME": "ansi-light"}, "nord"), (None, {}, None),
     (None, {"TEXTUAL_THEME": " "}, None)],
)  # fmt: skip
def test_theme_from_flag_then_environment(given, env, chosen) -> None:
    from kvtui.cli.conventions import reader_theme

    assert reader_theme(given, env) == chosen


@pytest.mark.parametrize(("given", "env"), [("nope", {}), (None, {"TEXTUAL_THEME": "nope"})])
def test_unknown_theme_is_one_usage_error(given, env, monkeypatch, capsys) -> None:
    from kvtui.cli.conventions import reader_theme

    with pytest.raises(ValueError, match=r"unknown theme 'nope'.*ansi-dark"):
        reader_theme(given, env)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert main([*(["--theme", given] if given else []), "2020Z12161"]) == 2
    assert "unknown theme 'nope'" in capsys.readouterr().err


def test_theme_flag_parses_with_a_number_and_before_a_subcommand() -> None:
    args = parse_args(["--theme", "ansi-dark", "2020Z12161"])
    assert (args.command, args.theme, args.number) == (None, "ansi-dark", "2020Z12161")
    args = parse_args(["--theme", "nord", "list"])
    assert args.command == "list" and args.theme == "nord"
    assert parse_args(["--completion", "bash"]).command == "completion"
    assert parse_args(["--bindings"]).command == "bindings"
