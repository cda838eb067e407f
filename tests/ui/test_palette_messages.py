"""The command palette posts messages (``kvtui.ui.messages``) to the screen that lists
the sets instead of calling into the main screen: any screen that is a ``NumberList``
receives them, and the main screen carries them out. All content is FICTIEF.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from fakes import TODAY, sample_cache, screen_text, settle
from textual.app import App
from textual.message import Message
from textual.screen import Screen

from kvtui.ui import commands
from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config
from kvtui.ui.messages import FetchNumber, NumberList, OpenNumber, RunCommand
from kvtui.ui.palette import KvtuiCommands

PALETTE = Path(__file__).resolve().parents[2] / "kvtui" / "ui" / "palette.py"


@pytest.fixture(autouse=True)
def _no_real_config(tmp_path, monkeypatch):
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))


class Listing(Screen[None]):
    """A screen that is not the main screen but lists sets: what the palette needs."""

    NUMBERS = ("2020Z00001", "2020Z00002", "2021Z00007")

    def __init__(self) -> None:
        super().__init__()
        self.got: list[Message] = []

    def sorted_numbers(self) -> list[str]:
        return list(self.NUMBERS)

    def listed_title(self, number: str) -> str:
        return f"Fictieve  titel\nvan {number}"

    def on_open_number(self, event: OpenNumber) -> None:
        self.got.append(event)

    def on_fetch_number(self, event: FetchNumber) -> None:
        self.got.append(event)

    def on_run_command(self, event: RunCommand) -> None:
        self.got.append(event)


class Host(App[None]):
    cache = None  # nothing is cached: every valid number is offered for fetching

    def on_mount(self) -> None:
        self.push_screen(Listing())


async def _hits(screen: Screen, query: str) -> dict[str, object]:
    provider = KvtuiCommands(screen)
    return {str(h.text): h async for h in provider.search(query)}


async def test_any_number_list_receives_the_palettes_messages() -> None:
    app = Host()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Listing) and isinstance(screen, NumberList)
        hits = await _hits(screen, "2020z")
        assert sorted(h for h in hits if h.startswith("Open")) == [
            "Open 2020Z00001",
            "Open 2020Z00002",
        ]
        assert hits["Open 2020Z00002"].help == "Fictieve titel van 2020Z00002"  # folded
        hits["Open 2020Z00002"].command()
        (await _hits(screen, "2022Z12345"))["Fetch 2022Z12345"].command()
        sort = commands.BY_ID["sort"]
        (await _hits(screen, sort.label))[sort.label].command()
        await pilot.pause()
        assert screen.got == [
            OpenNumber("2020Z00002"),
            FetchNumber("2022Z12345"),
            RunCommand(sort.action),
        ]


async def test_without_a_number_list_the_palette_offers_no_numbers() -> None:
    app = App[None]()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        hits = await _hits(app.screen, "2020Z00001")
        assert not [h for h in hits if h.startswith(("Open", "Fetch"))]


def test_the_palette_imports_no_screen() -> None:
    tree = ast.parse(PALETTE.read_text(encoding="utf-8"))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert not [m for m in imported if m.startswith("kvtui.ui.screens")]


async def test_the_main_screen_carries_out_each_message() -> None:
    fetches: list[tuple[str, bool]] = []

    def fetch(initial: str = "", autostart: bool = False) -> None:
        fetches.append((initial, autostart))  # the dialog would go to the network

    app = KvtuiApp(sample_cache(), today=TODAY, config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        main = app.screen
        assert isinstance(main, NumberList)
        main.action_fetch = fetch  # type: ignore[method-assign]
        assert main.listed_title("2026Z00042") == "Fictieve vragen over de spoorbrug bij Zwolle"
        assert main.listed_title("1999Z00001") == ""
        main.post_message(OpenNumber("2026Z00042"))
        await settle(pilot)
        assert main.current is not None and main.current.number == "2026Z00042"
        assert "2026Z00042" in screen_text(app)
        main.post_message(RunCommand("close_document"))
        main.post_message(RunCommand(commands.BY_ID["sort"].action))
        await settle(pilot)
        assert main.sort == "days" and not main.reading
        assert "Sorted by days to answer" in screen_text(app)
        main.post_message(FetchNumber("2020Z12161"))
        await settle(pilot)
        assert fetches == [("2020Z12161", True)]
