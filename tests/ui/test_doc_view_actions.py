"""What the reader does with a document: copy (OSC 52), open links, export Markdown.

All content is FICTIEF voorbeeld voor kvtui.
"""

from __future__ import annotations

import datetime as dt
import webbrowser
from pathlib import Path

import pytest
from textual.app import App, ComposeResult

from kvtui.model import Kamervraag, Question, Sources, Status
from kvtui.ui import clipboard, export, links
from kvtui.ui.widgets.doc_view import DocView

URL = "https://zoek.officielebekendmakingen.nl/kv-tk-2099Z00003.html"


def kv(number: str = "2099Z00003") -> Kamervraag:
    return Kamervraag(
        number=number,
        title="FICTIEF voorbeeld voor kvtui",
        status=Status.ANSWERED,
        submitted=dt.date(2020, 1, 2),
        answered=dt.date(2020, 2, 3),
        days_to_answer=32,
        sources=Sources("kv-tk-2099Z00003", None, URL, None),
        questions=[Question(1, "Vraag met \x1b[31mkleur?", "Antwoord\x07 een.")],
    )


class ActionApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.today = dt.date(2021, 1, 1)
        self.said: list[str] = []

    def notify(self, message: str, **kwargs: object) -> None:  # type: ignore[override]
        assert kwargs.get("markup") is False, "document text must never be parsed as markup"
        self.said.append(message)

    def compose(self) -> ComposeResult:
        yield DocView()

    async def on_mount(self) -> None:
        await self.query_one(DocView).show(kv())


# -- clipboard ----------------------------------------------------------------


async def test_copy_answer_question_and_url_reach_the_clipboard_inert() -> None:
    app = ActionApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(DocView)
        await pilot.pause()
        assert clipboard.copy(app, view.text_for("answer"), "answer") == len("Antwoord␇ een.")
        assert app.clipboard == "Antwoord␇ een."
        clipboard.copy(app, view.text_for("question"))
        assert app.clipboard == "Vraag met ␛[31mkleur?"
        clipboard.copy(app, view.text_for("url"))
        assert app.clipboard == URL
        clipboard.copy(app, view.text_for("set"))
        assert "Kamervraag 2099Z00003" in app.clipboard
        assert "\x1b" not in app.clipboard
        before = app.clipboard
        assert clipboard.copy(app, None) == 0
        assert app.clipboard == before
        messages = app.said
        assert any(m.startswith("Copied 14 characters") for m in messages)
        assert "Nothing to copy" in messages


# -- links --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "platform", "expected"),
    [
        ({}, "linux", False),
        ({"DISPLAY": ":0"}, "linux", True),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({}, "darwin", True),
        ({}, "win32", True),
        ({"SSH_CONNECTION": "1.2.3.4 5 6.7.8.9 22"}, "darwin", False),
        ({"SSH_TTY": "/dev/pts/1"}, "linux", False),
        ({"SSH_CONNECTION": "x", "DISPLAY": "localhost:10.0"}, "linux", True),
    ],
)
def test_can_open_browser(env: dict[str, str], platform: str, expected: bool) -> None:
    assert links.can_open_browser(env, platform) is expected


def test_safe_link_refuses_anything_but_plain_http() -> None:
    assert links.safe_link(URL) == URL
    for bad in (
        None,
        "",
        "javascript:alert(1)",
        "file:///etc/passwd",
        "https://a b",
        "https://x\x1b]8;;y\x07",
        "https://x\u202ey",
    ):
        assert links.safe_link(bad) is None


async def test_open_url_without_display_copies_and_never_starts_a_browser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_browser(*args: object, **kwargs: object) -> bool:
        pytest.fail("webbrowser.open must not be called without a display")

    monkeypatch.setattr(webbrowser, "open", no_browser)
    for var in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    app = ActionApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert links.open_url(app, URL) is False
        assert app.clipboard == URL
        assert any(URL in m for m in app.said)
        assert links.open_url(app, "javascript:alert(1)") is False
        assert app.clipboard == URL


async def test_open_url_with_a_display_asks_the_browser(monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(webbrowser, "open", lambda url, new=0: opened.append(url) or True)
    monkeypatch.setattr(links, "can_open_browser", lambda env=None, platform=None: True)
    app = ActionApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert links.open_url(app, URL) is True
        assert opened == [URL]
        assert app.clipboard == ""


# -- export -------------------------------------------------------------------


def test_export_writes_number_md_atomically(tmp_path: Path) -> None:
    path = export.export_markdown(kv(), tmp_path / "out")
    assert path == tmp_path / "out" / "2099Z00003.md"
    text = path.read_text(encoding="utf-8")
    assert "2099Z00003" in text
    assert "Vraag met ␛" in text and "31mkleur?" in text  # made inert, not dropped
    assert "\x1b" not in text and "\x07" not in text
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["2099Z00003.md"]
    # a second export never overwrites the first: it takes the next numbered name
    again = export.export_markdown(kv(), tmp_path / "out")
    assert again == tmp_path / "out" / "2099Z00003-2.md" and path.read_text("utf-8") == text


def test_export_dir_env_and_unsafe_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KVTUI_EXPORT_DIR", str(tmp_path))
    path = export.export_markdown(kv("../../etc/passwd"))
    assert path.parent == tmp_path
    assert path.name == "etc_passwd.md"


async def test_export_with_notice_reports_the_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KVTUI_EXPORT_DIR", str(tmp_path))
    app = ActionApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        path = export.export_with_notice(app, kv())
        assert path is not None and path.is_file()
        assert any(str(path) in m for m in app.said)
        assert export.export_with_notice(app, None) is None
