"""The message line's content without the app: markup only where asked, never a crash."""

from __future__ import annotations

import pytest

from kvtui.ui import message_line


@pytest.mark.parametrize(
    "text", ["Saved [b]x[/b]", "[", "a [/] b", "[bold", "[@click=app.quit]q[/]"]
)
def test_without_markup_the_message_is_shown_as_written(text: str) -> None:
    assert message_line.content(text, markup=False).plain == text


@pytest.mark.parametrize("text", ["[", "a [/] b", "[/bold] x", "[[[", "x [/i]"])
def test_a_message_that_is_no_valid_markup_is_shown_as_written(text: str) -> None:
    assert message_line.content(text, markup=True).plain == text


def test_markup_is_applied_where_asked() -> None:
    assert message_line.content("[b]Saved[/b] it", markup=True).plain == "Saved it"


@pytest.mark.parametrize("markup", [True, False])
def test_the_title_leads_in_bold(markup: bool) -> None:
    shown = message_line.content("it failed", title="Export", markup=markup)
    assert shown.plain == "Export: it failed"
    assert any("bold" in str(span.style) for span in shown.spans)
