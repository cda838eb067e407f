"""Issue 10, item 10: messages do not cover the text and do not vanish unread. On the
main screen they take a line of their own above the footer and stay until the next key;
the copy message says which question's answer (or which set) was copied. FICTIEF data.
"""

from __future__ import annotations

import pytest
from fakes import TODAY, sample_cache, screen_text, settle

from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config

pytestmark = pytest.mark.usefixtures("no_real_config")


def message_line(app):
    return app.screen.query_one("#message-line")


def assert_nothing_covers_the_text(app) -> None:
    assert not list(app.query("Toast")), "a toast is on screen"
    line = message_line(app)
    view = app.screen.doc_view
    if view.display and line.display:
        assert view.region.bottom <= line.region.y  # the text ends above the message


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_copy_says_which_question_and_the_message_stays_until_a_key(size):
    app = KvtuiApp(sample_cache(), today=TODAY, config=Config())
    async with app.run_test(size=size, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("G", "k", "enter")  # 2024Z05000, eight questions
        await settle(pilot)
        await pilot.press(*["right_square_bracket"] * 3, "y")  # Vraag 3's answer
        await settle(pilot, 0.2)
        text = screen_text(app)
        assert "(the answer to Vraag 3 of 2024Z05000)" in text
        assert_nothing_covers_the_text(app)
        await pilot.pause(1.0)  # a toast's clock would be running; the line stays
        assert "the answer to Vraag 3" in screen_text(app)
        await pilot.press("Y")
        await settle(pilot, 0.1)
        assert "(Vraag 3 of 2024Z05000)" in screen_text(app)
        assert "the answer to Vraag 3" not in screen_text(app)  # one message at a time
        await pilot.press("c")
        await settle(pilot, 0.1)
        assert "(all of 2024Z05000)" in screen_text(app)
        await pilot.press("u")
        await settle(pilot, 0.1)
        assert "(the source URL of 2024Z05000)" in screen_text(app)
        await pilot.press("right_square_bracket")  # the next key clears it
        await settle(pilot, 0.1)
        assert not message_line(app).display
        assert "source URL" not in screen_text(app)


async def test_warnings_and_errors_use_the_same_line_with_their_colour():
    cache = sample_cache()

    def broken(query, *, limit=200):
        raise RuntimeError("disk [bold]gone[/bold]")

    cache.search = broken  # type: ignore[method-assign]
    app = KvtuiApp(cache, today=TODAY, config=Config())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("K")  # nowhere to go: a plain message
        await settle(pilot, 0.1)
        assert "No more Kamervragen" in screen_text(app)
        await pilot.press("s", *"wind")
        await settle(pilot)
        line = message_line(app)
        assert line.has_class("-error") and line.display
        assert "Search failed: disk [bold]gone[/bold]" in screen_text(app)  # literal
        assert_nothing_covers_the_text(app)
        assert app.is_running
