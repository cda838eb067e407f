"""The reader in one language per run (issue 10 item 14), driven with Pilot.

With a Dutch locale every interface word on the main screen is Dutch (the list's
heads and status words, the title bar's count with Dutch digit grouping, the footer,
the help); with ``LANG=C`` English; ``language`` in the config overrides the locale.
The documents' own texts and the document layout's labels are the same in both.
Snapshots of the main screen at 80×24 pin both languages (the English one is
test_snapshots.py's ``test_list_80x24``: the tests' default language is English).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from fakes import TODAY, FakeCache, big_cache, kamervraag, sample_items, screen_text, settle

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


# -- messages: the reader's search, the fetch dialog, the config file ------------------


def _seaweed_cache() -> FakeCache:
    """Three FICTIEF sets whose answers mention "zeewier": 4, 1 and 3 times."""
    from kvtui.model import Question

    def made(number: str, hits: tuple[int, ...]):
        kv = kamervraag(number, f"Fictieve vragen {number}", submitted=dt.date(2026, 1, 2))
        answers = [
            f"Antwoord {i}. Zeewier is hier fictief; zeewier groeit."
            if i in hits
            else f"Antwoord {i} (FICTIEF)."
            for i in range(1, 5)
        ]
        questions = [Question(i, f"Vraag {i} (FICTIEF).", answers[i - 1]) for i in range(1, 5)]
        return dataclasses.replace(kv, questions=questions)

    return FakeCache(
        [made("2026Z00001", (2, 3)), made("2026Z00002", (1,)), made("2026Z00003", (4,))]
    )


async def _search_screen(word: str) -> tuple[str, str, list[str]]:
    """The title bar with the results listed, then with the first one open, and the
    messages after stepping past the last result."""
    app = KvtuiApp(_seaweed_cache(), today=TODAY, config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s", *word)
        await settle(pilot)
        await pilot.press("enter")  # to the results
        await settle(pilot)
        listed = screen_text(app).splitlines()[0]
        await pilot.press("enter")  # open the first, on its first match
        await settle(pilot)
        opened = screen_text(app).splitlines()[0]
        await pilot.press(*["n"] * 10)  # through 8 matches in 3 results, then past them
        await settle(pilot)
        return listed, opened, [text for _severity, text in app.get_main_screen().messages]


@pytest.mark.parametrize(
    ("lang", "count", "position", "last", "other"),
    [
        ("nl_NL.UTF-8", "zoeken (3 resultaten): “zeewier”", "treffer 1 van 4 · resultaat 1 van 3",
         "Geen volgend zoekresultaat", ("results", "match ", "search ", " of ")),
        ("C", "search (3 results): “zeewier”", "match 1 of 4 · result 1 of 3",
         "No next search result", ("resultaat", "treffer", "zoeken")),
    ],
)  # fmt: skip
async def test_a_search_in_the_reader_speaks_the_locale(locale, lang, count, position, last, other):
    locale(lang)
    listed, opened, said = await _search_screen("zeewier")
    assert count in listed
    assert position in opened
    assert last in said
    for word in other:
        assert word not in listed + opened, word


async def test_a_search_that_cannot_run_says_why_in_dutch(locale):
    from kvtui.query import parse

    locale("nl_NL.UTF-8")
    cache = _seaweed_cache()
    words = cache.search

    def search(query: str, *, limit: int = 200):
        parse(query)  # the search language, as the real cache reads it
        return words(query, limit=limit)

    cache.search = search  # type: ignore[method-assign]
    app = KvtuiApp(cache, today=TODAY, config=Config())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s", *'"zeewier', "enter")
        await settle(pilot)
        said = [text for _severity, text in app.get_main_screen().messages]
    assert any("dit aanhalingsteken wordt nergens gesloten (teken 1:" in s for s in said), said


@pytest.mark.parametrize(
    ("lang", "reason", "forms"),
    [("nl_NL.UTF-8", "✗ geen nummer van een Kamervraag", "toegestane vormen:"),
     ("C", "✗ not a Kamervraag number", "accepted forms:")],
)  # fmt: skip
async def test_the_fetch_dialog_refuses_a_number_in_the_locale(locale, lang, reason, forms):
    from textual.widgets import Static

    locale(lang)
    app = KvtuiApp(_cache(), today=TODAY, config=Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("f", *"2020x1")
        await settle(pilot)
        validation = str(app.screen.query_one("#fetch-validation", Static).visual)
        await pilot.press("enter")
        await settle(pilot)
        error = str(app.screen.query_one("#fetch-error", Static).visual)
    assert validation.startswith(reason)
    assert forms in error and "2020D25948" in error


@pytest.mark.parametrize(
    ("lang", "configured", "expected"),
    [
        ("nl_NL.UTF-8", "", "config: 'theme' moet een tekst zijn"),
        ("C", "", "config: 'theme' must be a string"),
        # the file's own language applies to what is said about the file itself
        ("C", 'language = "nl"\n', "config: 'theme' moet een tekst zijn"),
        ("nl_NL.UTF-8", 'language = "en"\n', "config: 'theme' must be a string"),
    ],
)
async def test_a_config_warning_speaks_the_language_of_the_run(
    locale, tmp_path, lang, configured, expected
):
    from kvtui.ui.config import load_config

    locale(lang)
    path = tmp_path / "config.toml"
    path.write_text(configured + "theme = 5\n", encoding="utf-8")
    app = KvtuiApp(_cache(), today=TODAY, config=load_config(path))
    async with app.run_test(size=(100, 24), notifications=True) as pilot:
        await settle(pilot)
        toasts = [str(n.message) for n in app._notifications]
        said = toasts + [text for _severity, text in app.get_main_screen().messages]
    assert expected in said, said
