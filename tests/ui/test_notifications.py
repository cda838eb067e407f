"""Notifications are rendered for real here.

``run_test`` hides toasts by default, so a notification built wrongly (a ``Text`` where
Textual wants a string, document text parsed as markup) only crashes in a person's
terminal. These paths run with ``notifications=True`` and let the toasts paint.
"""

from __future__ import annotations

import pytest
from fakes import TODAY, sample_cache, screen_text

from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config

pytestmark = pytest.mark.usefixtures("no_real_config")


def _message_line(app: KvtuiApp) -> str:
    """The message line as painted (a long message takes more than one row)."""
    region = app.screen.query_one("#message-line").region
    rows = screen_text(app).splitlines()[region.y : region.y + region.height]
    return " ".join(row.strip() for row in rows)


async def test_find_copy_sort_export_and_link_messages_say_what_happened(tmp_path):
    app = KvtuiApp(sample_cache(), today=TODAY, config=Config())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        screen = app.screen
        url = "https://zoek.officielebekendmakingen.nl/kv-tk-2026Z00042.html"
        for keys, said in [
            (["o"], "Sorted by days to answer (open sets: days waiting)"),
            (["o", "o"], "Sorted by date answered"),
            (["G", "k", "enter", "ctrl+f", *"bericht", "enter"], "0 matches for “bericht”"),
            (["y"], "Nothing to copy (the answer to Vraag 1 of 2026Z00042)"),
            (["u"], f"Copied {len(url)} characters (the source URL of 2026Z00042)"),
            (["m"], "2026Z00042 marked unread"),
            (["O"], f"Link: {url}"),
        ]:
            await pilot.press(*keys)
            await pilot.pause(0.2)
            assert screen.messages[-1][1] == said, keys
            assert _message_line(app) == said, keys
        assert screen.current is not None and screen.current.number == "2026Z00042"
        await pilot.press("e")
        await pilot.pause(0.2)
        saved = tmp_path / "export" / "2026Z00042.md"
        assert screen.messages[-1][1] == f"Export: Saved {saved}"
        assert _message_line(app).replace(" ", "") == f"Export:Saved{saved}".replace(" ", "")
        assert saved.is_file()
        await pilot.press("j")  # the next key clears the line
        await pilot.pause(0.2)
        assert _message_line(app) == ""
        assert app._exit_renderables == []


async def test_over_a_dialog_a_notification_is_a_toast_shown_as_written():
    app = KvtuiApp(sample_cache(), today=TODAY, config=Config())
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        main = app.screen
        await pilot.press("question_mark")  # the help screen: not the message line's
        await pilot.pause()
        assert app.screen is not main
        app.notify("[bold]2026Z00042[/bold] opgeslagen", title="[i]Export[/i]")
        await pilot.pause(0.3)
        text = screen_text(app)
        assert "[bold]2026Z00042[/bold] opgeslagen" in text
        assert "[i]Export[/i]" in text
        assert main.messages == []  # it did not go to the line underneath
        assert app._exit_renderables == []
