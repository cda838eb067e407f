"""Command-line conventions (issue 10 bug 6 and item 15): mistyped subcommands get the
closest name, and the flags the ecosystem expects (--bindings, locate, completion, a man
page, --theme, help on every option) are there and keep Textual out of what needs no UI."""

from __future__ import annotations

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
     (["reindx"], "reindex")],
)  # fmt: skip
def test_typo_of_a_subcommand_names_the_closest(argv, meant, capsys) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    typo = next(w for w in argv if w[0] != "-" and w not in ("/tmp/x",))
    assert f"unknown command {typo!r}" in err
    assert f"did you mean {meant!r}?" in err and "accepted forms" not in err


def test_an_unknown_word_lists_the_commands(capsys) -> None:
    assert main(["frobnicate"]) == 2
    err = capsys.readouterr().err
    assert "unknown command 'frobnicate'" in err and all(c in err for c in COMMANDS)


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
