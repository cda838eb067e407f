"""Output paths make every control character visible, so a document cannot act on a terminal."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kvtui.textsafe import has_controls, inert


def test_escape_sequences_become_visible():
    hostile = "a\x1b[31mred\x1b]52;c;aGVsbG8=\x07b\x1b]8;;https://evil\x07c\x9bd\x00e\x7f"
    shown = inert(hostile)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert "␛[31mred" in shown
    assert "␛]52;c;aGVsbG8=␇" in shown
    assert "<U+009B>" in shown
    assert "␀" in shown and "␡" in shown


def test_layout_characters_survive():
    assert inert("één\ttwee\nDrie\u00a0vier «x» ’s") == "één\ttwee\nDrie\u00a0vier «x» ’s"
    assert inert("a\r\nb\rc") == "a\nb\nc"


def test_markup_is_left_literal():
    # Markup is neutralised where markup is parsed (the UI never parses document text);
    # inert must not mangle it so it can be read as written.
    assert inert("[bold]x[/bold] [@click=app.quit]y[/]") == "[bold]x[/bold] [@click=app.quit]y[/]"


@given(st.text())
def test_inert_output_has_no_controls(text):
    out = inert(text)
    assert not has_controls(out)
    assert all(ch in "\t\n" or unicodedata.category(ch) != "Cc" for ch in out)
