"""Hostile document text is shown literally and can never act.

A Kamervraag (FICTIEF voorbeeld voor kvtui) whose every text field carries Rich markup,
a click action, and ESC/OSC/C1 control sequences is rendered; the screen must show the
brackets verbatim, show the controls as visible stand-ins, carry no link from document
text, and survive clicks on all of it with the clipboard untouched.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.strip import Strip
from textual.widgets import Input, Static

from kvtui.model import Footnote, Kamervraag, Notice, Person, Question, Status
from kvtui.ui.links import safe_link
from kvtui.ui.screens.fetch import FetchScreen
from kvtui.ui.widgets.doc_view import DocView

MARKUP = ["[bold]x[/bold]", "[link=https://evil]y[/link]", "[@click=app.quit]z[/]"]
CONTROLS = ["\x1b[31m", "\x1b]52;c;aGVsbG8=\x07", "\x1b]8;;https://evil\x07", "\x9b", "\x07"]
SHOWN_CONTROLS = ["␛[31m", "␛]52;c;aGVsbG8=␇", "␛]8;;https://evil␇", "<U+009B>", "␇"]


def hostile(prefix: str) -> str:
    return "\n\n".join([prefix, *MARKUP, "".join(CONTROLS) + " end"])


def hostile_kv() -> Kamervraag:
    return Kamervraag(
        number="2099Z00666",
        title="FICTIEF [bold]titel[/bold] \x1b]52;c;aGVsbG8=\x07",
        status=Status.POSTPONED,
        submitted=dt.date(2020, 1, 1),
        submitters=[Person("[@click=app.quit]Naam[/]", "[red]P[/red]")],
        topics=["[link=https://evil]onderwerp[/link]"],
        questions=[
            Question(
                1,
                hostile("Vraag"),
                hostile("Antwoord"),
                footnotes=[Footnote(1, "[link=https://evil]noot[/link] \x1b]8;;https://evil\x07")],
                label="Vraag 1 [@click=app.bell]",
            )
        ],
        notices=[Notice(dt.date(2020, 2, 1), hostile("Mededeling"))],
        loose_text=[hostile("Los")],
    )


class HostileApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.today = dt.date(2021, 1, 1)
        self.actions_run: list[str] = []

    def compose(self) -> ComposeResult:
        yield DocView()

    async def on_mount(self) -> None:
        await self.query_one(DocView).show(hostile_kv())

    async def run_action(self, action, default_namespace=None) -> bool:  # type: ignore[override]
        self.actions_run.append(str(action))
        return await super().run_action(action, default_namespace)


def screen_strips(app: App[None]) -> list[Strip]:
    return app.screen._compositor.render_strips()


async def test_document_markup_and_controls_are_shown_literally_and_do_nothing() -> None:
    app = HostileApp()
    async with app.run_test(size=(160, 48)) as pilot:
        view = app.query_one(DocView)
        await pilot.pause()
        # no widget per block: the view draws rows cut from Content built by DocView,
        # never from a markup string
        assert not list(view.query(Static))
        assert view._blocks and all(isinstance(b.content, Content) for b in view._blocks)

        seen: list[str] = []
        for _ in range(40):  # read the whole document page by page
            seen += [strip.text for strip in screen_strips(app)]
            for strip in screen_strips(app):
                for segment in strip:
                    assert segment.style is None or not segment.style.link, segment
            if view.scroll_y >= view.max_scroll_y:
                break
            view.scroll_page_down(animate=False)
            await pilot.pause()
        screen_text = "\n".join(seen)

        for needle in [*MARKUP, "[bold]titel[/bold]", "[@click=app.quit]Naam[/]", "[red]P[/red]"]:
            assert needle in screen_text, needle
        assert "[link=https://evil]onderwerp[/link]" in screen_text
        assert "Vraag 1 [@click=app.bell]" in screen_text
        assert "".join(SHOWN_CONTROLS) + " end" in screen_text
        assert not any(ch in screen_text for ch in "\x1b\x07\x9b")

        # click on every hostile string that is on screen now, and on the header
        view.scroll_home(animate=False)
        await pilot.pause()
        clicks = 0
        for _ in range(40):
            for needle in ("[@click=", "[link=", "[bold]", "␛]"):
                for y, strip in enumerate(screen_strips(app)):
                    x = strip.text.find(needle)
                    if x >= 0:  # the first of each kind on this page
                        await pilot.click(offset=(x + 2, y))
                        clicks += 1
                        break
            if view.scroll_y >= view.max_scroll_y:
                break
            view.scroll_page_down(animate=False)
            await pilot.pause()
        await pilot.pause()
        assert clicks >= 6
        assert app.is_running
        assert app.return_code is None
        assert app.clipboard == ""
        assert not any("quit" in a or "bell" in a for a in app.actions_run)


async def test_hostile_text_in_the_fetch_dialog_is_shown_literally() -> None:
    app = HostileApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = FetchScreen()
        app.push_screen(screen)
        await pilot.pause()
        box = screen.query_one(Input)
        box.value = "[@click=app.quit]z[/] \x1b]52;c;aGVsbG8=\x07"
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        error = str(screen.query_one("#fetch-error", Static).visual)
        assert "[@click=app.quit]z[/]" in error
        assert "\x1b" not in error
        await pilot.click("#fetch-error")
        await pilot.pause()
        assert app.is_running and app.screen is screen
        assert app.clipboard == ""


SAMPLE = Path(__file__).resolve().parents[2] / "cache" / "sources"


async def test_hostile_sample_set_in_the_real_reader(tmp_path, monkeypatch) -> None:
    """The sample cache's hostile set (2024Z10666, FICTIEF) opened in the full app."""
    pytest.importorskip("kvtui.store.cache", reason="needs the store (kvtui.store.cache)")
    if not (SAMPLE / "kv-tk-2024Z10666.xml").is_file():
        pytest.skip("the sample cache's hostile set is not there")
    from kvtui.store.cache import Cache
    from kvtui.ui.app import KvtuiApp
    from kvtui.ui.config import Config

    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    shutil.copytree(SAMPLE, tmp_path / "cache" / "sources")
    cache = Cache(tmp_path / "cache", today=dt.date(2026, 11, 28))
    cache.reindex()
    kv = cache.get("2024Z10666")
    assert kv is not None
    allowed = {kv.sources.question_url, kv.sources.answer_url}
    allowed |= {safe_link(f.url) for q in kv.questions for f in q.footnotes} - {None}
    app = KvtuiApp(cache, today=dt.date(2026, 11, 28), config=Config())
    try:
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            assert app.get_main_screen().open_number("2024Z10666")
            await pilot.pause()
            view = app.query_one(DocView)
            seen: list[str] = []
            for _ in range(20):
                strips = screen_strips(app)
                seen += [s.text for s in strips]
                links = {
                    seg.style.link for s in strips for seg in s if seg.style and seg.style.link
                }
                assert links <= allowed, links - allowed
                for y, strip in enumerate(strips):
                    x = strip.text.find("[@click=")
                    if x >= 0:
                        await pilot.click(offset=(x + 3, y))
                if view.scroll_y >= view.max_scroll_y:
                    break
                view.scroll_page_down(animate=False)
                await pilot.pause()
            text = "\n".join(seen)
            assert "[@click=app.quit]klik[/]" in text
            assert "[bold]vet[/bold]" in text
            assert "␛" in text and not any(ch in text for ch in "\x1b\x07\x9b")
            assert app.is_running and app.clipboard == ""
    finally:
        cache.close()
