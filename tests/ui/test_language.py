"""The reader in one language per run (issue 10 item 14), driven with Pilot.

With a Dutch locale every interface word on the main screen is Dutch (the list's
heads and status words, the title bar's count with Dutch digit grouping, the footer,
the help); with ``LANG=C`` English; ``language`` in the config overrides the locale.
The documents' own texts and the document layout's labels are the same in both.
Snapshots of the main screen at 80×24 pin both languages (the English one is
test_snapshots.py's ``test_list_80x24``: the tests' default language is English).
"""

from __future__ import annotations

import pytest
from fakes import TODAY, FakeCache, big_cache, sample_items, screen_text, settle

from kvtui import i18n
from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config

DUTCH_WORDS = ("Nummer", "Ingediend↓", "Dagen", "Titel", "beantwoord", "uitgesteld",
               "03 ingetrokken", "te laat", "Kamervragen in de cache", "Stop",
               "Zoeken")  # fmt: skip
ENGLISH_WORDS = ("Number", "Submitted↓", "Days", "Title", "answered", "postponed",
                 "03 withdrawn", "overdue", "Kamervragen in the cache", "Quit",
                 "Search")  # fmt: skip


def _cache(extra: int = 0) -> FakeCache:
    """The fictional sets of every state, and ``extra`` answered ones below them."""
    return FakeCache(sample_items() + big_cache(extra).items)


@pytest.fixture
def locale(monkeypatch, tmp_path):
    """Set the locale of the run, with no KVTUI_LANGUAGE above it."""
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    for name in ("KVTUI_LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)

    def set_lang(value: str) -> None:
        monkeypatch.setenv("LANG", value)

    return set_lang


async def _main_screen(config: Config, extra: int = 0) -> str:
    app = KvtuiApp(_cache(extra), today=TODAY, config=config)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        return screen_text(app)


@pytest.mark.parametrize(
    ("lang", "configured", "words", "others"),
    [
        ("nl_NL.UTF-8", None, DUTCH_WORDS, ENGLISH_WORDS),
        ("C", None, ENGLISH_WORDS, DUTCH_WORDS),
        ("C", "nl", DUTCH_WORDS, ENGLISH_WORDS),  # the config over the locale
        ("nl_NL.UTF-8", "en", ENGLISH_WORDS, DUTCH_WORDS),
    ],
)
async def test_the_main_screen_speaks_one_language(locale, lang, configured, words, others):
    locale(lang)
    text = await _main_screen(Config(language=configured))
    for word in words:
        assert word in text, word
    for word in others:
        assert word not in text, word


async def test_counts_use_the_digit_grouping_of_the_language(locale):
    locale("nl_NL.UTF-8")
    assert "1.006 Kamervragen in de cache" in await _main_screen(Config(), extra=1000)
    locale("C")
    assert "1,006 Kamervragen in the cache" in await _main_screen(Config(), extra=1000)


async def test_the_help_and_the_footer_write_keys_alike(locale):
    locale("nl_NL.UTF-8")
    app = KvtuiApp(_cache(), today=TODAY, config=Config())
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        await pilot.press("question_mark")
        await settle(pilot)
        text = screen_text(app)
    assert "⏎ Open" in footer and "Stop" in footer
    assert "kvtui – toetsen" in text and "Bewegen" in text
    assert "Enter" not in text.replace("(Enter op de lijst)", "")
    assert "esc" in text and "Esc" not in text


async def test_a_dutch_document_reads_the_same_in_either_language(locale):
    """Only where the set stands changes: the layout's labels are the document's own."""
    shown = {}
    for lang in ("nl_NL.UTF-8", "C"):
        locale(lang)
        app = KvtuiApp(_cache(), today=TODAY, config=Config())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            app.get_main_screen().open_number("2026Z00042")
            await settle(pilot)
            shown[lang] = screen_text(app)
    assert "Nog niet beantwoord (uitgesteld" in shown["nl_NL.UTF-8"]
    assert "Not answered yet (postponed" in shown["C"]
    for text in shown.values():
        assert "Ingediend" in text and "Vraag 1" in text


def test_dutch_main_screen_80x24(snap_compare, sample_app, monkeypatch):
    """The sample cache's main screen with ``language = "nl"`` in the config."""
    monkeypatch.delenv("KVTUI_LANGUAGE")
    app = KvtuiApp(sample_app.cache, today=TODAY, config=Config(language="nl"))
    assert i18n.current() == "nl"
    assert snap_compare(app, terminal_size=(80, 24), run_before=settle)
