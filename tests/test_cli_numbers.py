"""Every CLI entry refuses non-ASCII digits as a usage error (exit 2) before any I/O."""

from __future__ import annotations

import pytest
from test_numbers import UNICODE_DIGIT_SHAPES

from kvtui.cli import main

# A closed port: any request would fail slowly and with another exit code than 2.
_NOWHERE = "http://127.0.0.1:9/"


@pytest.mark.parametrize("command", [["show"], ["show", "--offline"], ["fetch"], []])
@pytest.mark.parametrize("bad", UNICODE_DIGIT_SHAPES[:10])
def test_unicode_digits_are_a_usage_error_before_io(tmp_path, monkeypatch, capsys, command, bad):
    for var in ("KVTUI_TK_URL", "KVTUI_KOOP_URL", "KVTUI_SRU_URL"):
        monkeypatch.setenv(var, _NOWHERE)
    root = tmp_path / "never"
    assert main(["--cache", str(root), *command, bad]) == 2
    err = capsys.readouterr().err
    assert "ASCII" in err and "accepted forms" in err and "internal error" not in err
    assert not root.exists()


def test_fetch_refuses_the_whole_list_if_one_number_has_unicode_digits(tmp_path, capsys):
    root = tmp_path / "never"
    assert main(["--cache", str(root), "fetch", "2020Z12161", "２０２０Z１２１６１"]) == 2
    assert not root.exists()
