"""Issue 10: a mistyped cache folder is not created by commands that only read.

Reading commands say ``kvtui: no cache at PATH`` (the default path when none was given)
and exit 1, leaving nothing behind; commands that write (import, watch add, fetch, …)
still create the folder as before.
"""

from __future__ import annotations

import pytest

from kvtui.cli import main
from kvtui.store.cache import Cache

READING = [
    ["list"],
    ["list", "--json"],
    ["show", "--offline", "2020Z12161"],
    ["search", "zeewier"],
    ["overdue"],
    ["stats", "--by", "ministry"],
    ["watch", "list"],
    ["watch", "rm", "1"],
    ["new"],
]


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_reading_command_on_a_missing_cache_says_so_and_creates_nothing(command, tmp_path, capsys):
    missing = tmp_path / "typo" / "cache"
    assert main(["--cache", str(missing), *command]) == 1
    captured = capsys.readouterr()
    assert captured.err == f"kvtui: no cache at {missing}\n"
    assert captured.out == ""
    assert not (tmp_path / "typo").exists()


@pytest.mark.parametrize("command", [["list"], ["search", "zeewier"], ["new"]], ids=" ".join)
def test_the_message_names_the_default_path_when_none_was_given(
    command, tmp_path, capsys, monkeypatch
):
    monkeypatch.delenv("KVTUI_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    default = Cache.default_root()
    assert main(command) == 1
    assert capsys.readouterr().err == f"kvtui: no cache at {default}\n"
    assert not default.exists()


def test_a_cache_folder_that_exists_but_is_empty_still_lists(tmp_path, capsys):
    empty = tmp_path / "cache"
    empty.mkdir()
    assert main(["--cache", str(empty), "list"]) == 0
    assert "no cache at" not in capsys.readouterr().err


@pytest.mark.parametrize(
    "command", [["import", "{src}"], ["watch", "add", "ministry", "Financiën"]], ids=" ".join
)
def test_writing_commands_still_create_the_cache(command, tmp_path, capsys):
    src = tmp_path / "src"
    src.mkdir()
    new = tmp_path / "new" / "cache"
    argv = [part.replace("{src}", str(src)) for part in command]
    assert main(["--cache", str(new), *argv]) == 0
    assert new.is_dir() and (new / "index.sqlite").exists()
