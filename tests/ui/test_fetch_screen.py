"""The fetch dialog: validation as you type, a fetch in a worker, failures that keep the app.

``kvtui.services.fetch`` is replaced by a fake module in ``sys.modules`` for each test, so
no test can reach the network and the dialog is tested on the API it is written against.
"""

from __future__ import annotations

import asyncio
import sys
import types
from dataclasses import dataclass, field
from typing import Any

import pytest
from textual.app import App
from textual.widgets import Static

from kvtui.numbers import DocNumber
from kvtui.ui.screens.fetch import FetchScreen, describe_failure


@dataclass
class Report:
    fetched: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


class Event:
    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


class FetchApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.cache = object()  # the dialog passes it on to fetch_many untouched
        self.results: list[str | None] = []
        self.said: list[str] = []
        self.fetched_messages: list[str] = []

    def notify(self, message: str, **kwargs: Any) -> None:  # type: ignore[override]
        assert kwargs.get("markup") is False
        self.said.append(message)

    def open_dialog(self, initial: str = "", **kwargs: Any) -> FetchScreen:
        screen = FetchScreen(initial, **kwargs)
        self.push_screen(screen, self.results.append)
        return screen

    def on_fetch_screen_fetched(self, message: FetchScreen.Fetched) -> None:
        self.fetched_messages.append(message.number)


def fake_fetch(monkeypatch: pytest.MonkeyPatch, impl: Any) -> list[tuple[Any, ...]]:
    calls: list[tuple[Any, ...]] = []

    async def fetch_many(cache, numbers, *, force=False, progress=None):
        calls.append((cache, list(numbers), force))
        return await impl(numbers, progress)

    module = types.ModuleType("kvtui.services.fetch")
    module.fetch_many = fetch_many  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "kvtui.services.fetch", module)
    return calls


def text_of(screen: FetchScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).visual)


async def test_validates_as_you_type_and_refuses_bad_numbers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def never(numbers: Any, progress: Any) -> Report:
        pytest.fail("an invalid number must not be fetched")

    calls = fake_fetch(monkeypatch, never)
    app = FetchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.open_dialog()
        await pilot.pause()
        assert "Type a number" in text_of(screen, "#fetch-validation")
        await pilot.press(*"2020x1")
        assert text_of(screen, "#fetch-validation").startswith("✗ not a Kamervraag number")
        assert screen.query_one("#fetch-validation").has_class("-invalid")
        await pilot.press("enter")
        await pilot.pause()
        assert "accepted forms" in text_of(screen, "#fetch-error")
        assert app.screen is screen and calls == []
        screen.query_one("#fetch-input").value = "kv-tk-2020z12161"
        await pilot.pause()
        assert text_of(screen, "#fetch-validation") == "✓ kv-tk-2020z12161"  # as typed
        screen.query_one("#fetch-input").value = "https://evil.example/2020Z12161"
        await pilot.pause()
        assert "is not one kvtui reads" in text_of(screen, "#fetch-validation")


async def test_valid_number_is_fetched_and_dismisses_with_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    async def ok(numbers: list[DocNumber], progress: Any) -> Report:
        progress(Event("resolving 2020Z12161"))
        return Report(fetched=[numbers[0].canonical])

    calls = fake_fetch(monkeypatch, ok)
    app = FetchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_dialog(" 2020z12161 ")
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.results == ["2020Z12161"]
        assert not isinstance(app.screen, FetchScreen)
        ((cache, numbers, force),) = calls
        assert cache is app.cache and force is False
        assert [n.canonical for n in numbers] == ["2020Z12161"]


@pytest.mark.parametrize(
    ("outcome", "shown"),
    [
        (
            Report(failed=[("2020Z12161", "not found – KOOP")]),
            "Failed: 2020Z12161: not found – KOOP",
        ),
        ("connect", "Failed: offline / cannot connect"),
        ("crash", "Failed: RuntimeError: boom ␛[31m"),
    ],
)
async def test_failure_is_shown_in_the_dialog_and_the_app_keeps_running(
    monkeypatch: pytest.MonkeyPatch, outcome: Any, shown: str
) -> None:
    async def fail(numbers: Any, progress: Any) -> Report:
        if outcome == "connect":
            from kvtui.services.errors import CannotConnect

            raise CannotConnect("")
        if outcome == "crash":
            raise RuntimeError("boom \x1b[31m")
        return outcome

    fake_fetch(monkeypatch, fail)
    app = FetchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.open_dialog("2020Z12161")
        await pilot.pause()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert app.screen is screen
        assert screen.has_class("-failed") and not screen.has_class("-running")
        assert text_of(screen, "#fetch-error") == shown
        assert app.results == []
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
        assert app.is_running


async def test_progress_is_shown_and_escape_lets_the_fetch_finish_in_the_background(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    release = asyncio.Event()

    async def slow(numbers: list[DocNumber], progress: Any) -> Report:
        progress(Event("zaak 2020Z12161: 3 documents"))
        progress(Event("kv-tk-2020Z12161 \x1b]52;c;aGVsbG8=\x07 stored"))
        await release.wait()
        return Report(fetched=[numbers[0].canonical])

    fake_fetch(monkeypatch, slow)
    app = FetchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.open_dialog("2020Z12161", force=True, autostart=True)
        await pilot.pause()
        assert screen.has_class("-running") and screen.running
        log = text_of(screen, "#fetch-log")
        assert "zaak 2020Z12161: 3 documents" in log
        assert "␛]52;c;aGVsbG8=␇" in log and "\x1b" not in log
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]
        assert "Fetch continues in the background" in app.said
        release.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "Fetched 2020Z12161" in app.said
        assert app.fetched_messages == ["2020Z12161"]
        assert app.clipboard == ""


async def test_missing_fetch_module_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "kvtui.services.fetch", None)
    app = FetchApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.open_dialog("2020Z12161", autostart=True)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "fetching is not available" in text_of(screen, "#fetch-error")
        assert app.is_running


def test_describe_failure_names_common_causes() -> None:
    import httpx

    request = httpx.Request("GET", "http://127.0.0.1/")

    def status(code: int) -> httpx.HTTPStatusError:
        response = httpx.Response(code, request=request)
        return httpx.HTTPStatusError("x", request=request, response=response)

    assert describe_failure(httpx.ConnectError("x")) == "offline / cannot connect"
    assert describe_failure(httpx.ConnectTimeout("x")) == "offline / cannot connect"
    assert describe_failure(ConnectionRefusedError()) == "offline / cannot connect"
    assert describe_failure(httpx.ReadTimeout("x")) == "timed out"
    assert describe_failure(TimeoutError()) == "timed out"
    assert describe_failure(status(404)) == "not found"
    assert describe_failure(status(503)) == "server error (HTTP 503)"
    assert describe_failure(ValueError()) == "ValueError"


def test_describe_failure_goes_by_class_not_by_name() -> None:
    """A class merely named like an httpx error is not one."""

    class ConnectError(Exception):
        pass

    class ReadTimeout(Exception):
        pass

    assert describe_failure(ConnectError("x")) == "ConnectError: x"
    assert describe_failure(ReadTimeout()) == "ReadTimeout"


async def test_real_fetcher_offline_shows_cannot_connect(tmp_path, monkeypatch) -> None:
    """The real ``fetch_many`` against services that refuse connections (a closed local
    port): the dialog names the cause and the app keeps running. No network is used."""
    pytest.importorskip("kvtui.services.fetch", reason="needs the fetcher (kvtui.services.fetch)")
    pytest.importorskip("kvtui.store.cache", reason="needs the store (kvtui.store.cache)")
    from kvtui.store.cache import Cache

    for var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(var, raising=False)
    for var in ("KVTUI_TK_URL", "KVTUI_KOOP_URL", "KVTUI_SRU_URL"):
        monkeypatch.setenv(var, "http://127.0.0.1:9")
    monkeypatch.setenv("KVTUI_HTTP_ATTEMPTS", "1")
    monkeypatch.setenv("KVTUI_HTTP_TIMEOUT", "2")
    app = FetchApp()
    app.cache = Cache(tmp_path / "cache")
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = app.open_dialog("2020Z12161", autostart=True)
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.is_running and app.screen is screen
            assert "offline / cannot connect" in text_of(screen, "#fetch-error")
            assert app.results == []
    finally:
        app.cache.close()
