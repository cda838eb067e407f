"""Export and links (issue 10 item 13): a documented place, no home folder created that
nobody asked for, never an overwrite, and Textual's own delivery/URL opening where the
reader is served to a browser – while a headless terminal still never starts a browser."""

from __future__ import annotations

import webbrowser
from pathlib import Path

import platformdirs
import pytest
from test_store_support import hand_built

from kvtui.ui import export, links

URL = "https://zoek.officielebekendmakingen.nl/kv-tk-2099Z00003"


class FakeApp:
    """The few App methods export and links use, recorded (no Textual needed)."""

    def __init__(self, *, web: bool = False) -> None:
        self.is_web = web
        self.said: list[str] = []
        self.delivered: list[tuple[str, str, str]] = []
        self.opened: list[str] = []
        self.clipboard = ""
        self.today = None

    def notify(self, message: str, **_: object) -> None:
        self.said.append(message)

    def deliver_text(self, f, *, save_filename: str, mime_type: str, **_: object) -> str:
        self.delivered.append((save_filename, mime_type, f.read()))
        return "key"

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        self.opened.append(url)

    def copy_to_clipboard(self, text: str) -> None:
        self.clipboard = text


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A home without a Downloads folder, the current directory elsewhere."""
    monkeypatch.delenv(export.EXPORT_DIR_ENV, raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setattr(platformdirs, "user_downloads_dir", lambda: str(home / "Downloads"))
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    return home


def test_no_downloads_folder_means_the_current_directory_and_none_created(home: Path) -> None:
    place, why = export.export_place()
    assert place == Path.cwd() and "current directory" in why
    path = export.export_markdown(hand_built("2099Z00003"))
    assert path == Path.cwd() / "2099Z00003.md"
    assert list(home.iterdir()) == []  # ~/Downloads was not created


def test_an_existing_downloads_folder_is_used(home: Path) -> None:
    (home / "Downloads").mkdir()
    assert export.export_place()[0] == home / "Downloads"
    assert export.export_markdown(hand_built()).parent == home / "Downloads"


def test_the_variable_wins_and_its_folder_is_created(home: Path, monkeypatch, tmp_path) -> None:
    target = tmp_path / "asked" / "for"
    monkeypatch.setenv(export.EXPORT_DIR_ENV, str(target))
    assert export.export_place() == (target, "from $KVTUI_EXPORT_DIR")
    assert export.export_markdown(hand_built()).parent == target


@pytest.mark.parametrize("existing", [1, 2, 5])
def test_never_overwrites_a_file(tmp_path: Path, existing: int) -> None:
    names = ["2099Z00003.md"] + [f"2099Z00003-{i}.md" for i in range(2, existing + 1)]
    for name in names:
        (tmp_path / name).write_text(f"mine: {name}", encoding="utf-8")
    path = export.export_markdown(hand_built("2099Z00003"), tmp_path)
    assert path.name == f"2099Z00003-{existing + 1}.md"
    for name in names:  # every earlier file is as it was
        assert (tmp_path / name).read_text(encoding="utf-8") == f"mine: {name}"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kvtui-")]


def test_the_notice_says_when_a_name_was_taken(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(export.EXPORT_DIR_ENV, str(tmp_path))
    (tmp_path / "2099Z00003.md").write_text("mine", encoding="utf-8")
    app = FakeApp()
    path = export.export_with_notice(app, hand_built("2099Z00003"))
    assert path is not None and path.name == "2099Z00003-2.md"
    assert any("not overwritten" in m and str(path) in m for m in app.said)


def test_served_to_a_browser_the_export_is_a_download(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(export.EXPORT_DIR_ENV, str(tmp_path / "never"))
    app = FakeApp(web=True)
    assert export.export_with_notice(app, hand_built("2099Z00003")) is None
    [(name, mime, text)] = app.delivered
    assert name == "2099Z00003.md" and mime == "text/markdown" and "2099Z00003" in text
    assert not (tmp_path / "never").exists()


def _no_browser(*args: object, **kwargs: object) -> bool:
    pytest.fail("webbrowser.open must not be called")


def test_links_go_through_app_open_url(monkeypatch) -> None:
    monkeypatch.setattr(webbrowser, "open", _no_browser)
    monkeypatch.setattr(links, "can_open_browser", lambda env=None, platform=None: True)
    app = FakeApp()
    assert links.open_url(app, URL) is True and app.opened == [URL]


@pytest.mark.parametrize("web", [True, False])
def test_headless_terminal_shows_and_copies_but_a_served_app_opens(monkeypatch, web) -> None:
    monkeypatch.setattr(webbrowser, "open", _no_browser)
    for var in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("SSH_CONNECTION", "10.0.0.1 5000 10.0.0.2 22")
    app = FakeApp(web=web)
    assert links.open_url(app, URL) is web
    if web:  # the tab opens on the user's machine, not on the server
        assert app.opened == [URL] and app.clipboard == ""
    else:
        assert app.opened == [] and app.clipboard == URL and URL in app.said
