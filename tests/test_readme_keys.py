"""The README's keys table, the help screen and ``kvtui --bindings`` come from one registry
(issue 10 "Done when"), and keys are written one way: as Textual's footer writes them
(issue 13 item 8; the help screen used to say "Enter"/"Esc" where the footer said "⏎"/"esc")."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from test_cli import run

from kvtui.cli.conventions import bindings_markdown
from kvtui.ui import commands

README = Path(__file__).resolve().parents[1] / "README.md"
TABLE = re.compile(r"<!-- keys:[^\n]*-->\n(.*?)<!-- /keys -->", re.S)


def readme_table() -> str:
    found = TABLE.search(README.read_text(encoding="utf-8"))
    assert found, "README.md lost its <!-- keys: … --> … <!-- /keys --> markers"
    return found.group(1)


def test_the_readme_table_is_the_generated_one() -> None:
    assert readme_table() == bindings_markdown(), (
        "README's keys table differs from the registry: paste `kvtui --bindings markdown` "
        "between its keys markers"
    )


def test_the_command_line_prints_the_same_table() -> None:
    result = run("--bindings", "markdown")
    assert result.returncode == 0, result.stderr
    assert result.stdout == bindings_markdown()
    assert run("--bindings=markdown").stdout == result.stdout


def test_every_command_has_one_row_with_its_keys_as_the_help_writes_them() -> None:
    from kvtui.ui.screens.help import help_rows

    rows = [r for r in readme_table().splitlines() if r.endswith("` |")]
    assert len(rows) == len(commands.COMMANDS)
    helped = {cid: keys for group in help_rows({}).values() for keys, _what, cid in group}
    in_groups = [c for members in commands.groups().values() for c in members]
    for row, c in zip(rows, in_groups, strict=True):
        keys, what, cid = (cell.strip() for cell in row.strip("|").split(" | "))
        assert cid == f"`{c.id}`" and what == c.description
        assert keys.replace("`", "") == helped[c.id]


@pytest.mark.parametrize(
    ("key", "shown"),
    [("enter", "⏎"), ("escape", "esc"), ("ctrl+d", "^d"), ("pagedown", "pgdn"),
     ("slash", "/"), ("question_mark", "?"), ("right_square_bracket", "]"), ("G", "G")],
)  # fmt: skip
def test_keys_are_written_as_the_footer_writes_them(key, shown) -> None:
    from textual.app import App
    from textual.binding import Binding

    assert commands.key_display(key) == shown
    assert commands.key_display(key) == App().get_key_display(Binding(key, ""))


def test_the_plain_bindings_list_still_names_keys_as_the_config_does(tmp_path) -> None:
    from kvtui.cli import parse_args
    from kvtui.cli.conventions import run_bindings

    out = io.StringIO()
    args = parse_args(["--bindings"])
    assert args.bindings == "text"
    run_bindings(args, out)
    assert "right_square_bracket" in out.getvalue()  # what [keys] in config.toml takes
