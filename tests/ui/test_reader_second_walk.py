"""Faults a tester met driving the reader at 80×24, 160×45 and 40×12 on a 50,000-set
cache, and on a read-only copy of the sample cache (each test names what was seen)."""

from __future__ import annotations

import shutil

import pytest
from conftest import SAMPLE
from fakes import TODAY, screen_text, settle

from kvtui import i18n
from kvtui.store import cache as cache_mod
from kvtui.store.cache import Cache
from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config
from kvtui.ui.reading import NOT_KEPT_AT_START


def _sample_cache(tmp_path, monkeypatch, *, writable: bool) -> Cache:
    """The sample cache indexed in ``tmp_path``, then opened as kvtui finds it: writable,
    or unwritable (as on a read-only mount; chmod does not stop root)."""
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    shutil.copytree(SAMPLE, tmp_path / "cache" / "sources")
    with Cache(tmp_path / "cache", today=TODAY) as cache:
        cache.reindex()
    if not writable:
        monkeypatch.setattr(cache_mod, "_writable", lambda root: False)
    return Cache(tmp_path / "cache", today=TODAY)


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("writable", [True, False])
async def test_marks_on_a_read_only_cache_are_not_said_to_be_kept(
    tmp_path, monkeypatch, language, writable
):
    """Seen: on a read-only cache ``b`` said "starred", and the star was gone at the next
    start, with no word that nothing would be kept."""
    monkeypatch.setenv("KVTUI_LANGUAGE", language)
    cache = _sample_cache(tmp_path, monkeypatch, writable=writable)
    app = KvtuiApp(cache, today=TODAY, config=Config())  # sets the language of the run
    not_kept = i18n._("{said} (not kept: the cache is read-only)").format(said="").strip()
    try:
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await settle(pilot)
            at_start = [n.message for n in app._notifications]
            main = app.get_main_screen()
            number = main.doc_list.current_number
            await pilot.press("b", "m")
            await settle(pilot)
            said = [text for _severity, text in main.messages]
    finally:
        cache.close()
    starred = i18n._("{number} starred").format(number=number)
    marked = i18n._("{number} marked read").format(number=number)
    warned = [m for m in at_start if m == i18n._(NOT_KEPT_AT_START)]
    if writable:
        assert said[-2:] == [starred, marked] and not warned, (said, at_start)
        return
    assert len(warned) == 1, at_start
    assert said[-2:] == [f"{starred} {not_kept}", f"{marked} {not_kept}"], said
    with Cache(tmp_path / "cache", today=TODAY) as again:  # what the next start finds
        assert not again.state(number).starred


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("keys", [["L", "v"], ["S"]])  # overdue by ministry; statistics
async def test_the_group_of_sets_with_no_ministry_is_named_in_the_language_shown(
    tmp_path, monkeypatch, language, keys
):
    """Seen: the English boards grouped sets with no ministry under "(onbekend)"."""
    import datetime as dt

    from test_store_support import cache_with, hand_built

    from kvtui.model import Status

    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("KVTUI_LANGUAGE", language)
    nobody = hand_built("2025Z00001", status=Status.OPEN, submitted=TODAY - dt.timedelta(days=60))
    nobody.answered_by = []
    cache = Cache(cache_with(tmp_path / "cache", [nobody, hand_built("2025Z00002")]), today=TODAY)
    app = KvtuiApp(cache, today=TODAY, config=Config())
    shown, other = ("(unknown)", "(onbekend)")[:: 1 if language == "en" else -1]
    try:
        async with app.run_test(size=(120, 30)) as pilot:
            await settle(pilot)
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            text = screen_text(app)
    finally:
        cache.close()
    assert shown in text and other not in text, text


async def test_the_watch_list_counts_a_set_under_several_rules_once(sample_app):
    """Seen on the 50,000-set cache: "10,311 unread" where one set stood under all four
    rules (each rule's unread count was added up)."""
    from kvtui.store import watch as store

    app = sample_app
    first = app.cache.get(app.cache.rows()[0].number)
    word = max(first.title.split(), key=len)
    party = next(p.party for p in first.submitters if p.party)
    for kind, value in (("number", first.number), ("search", word), ("party", party)):
        app.cache.with_state(lambda c, _t, k=kind, v=value: store.add_rule(c, k, v))
    rules = app.cache.with_state(lambda c, _t: store.rules(c))
    under = [app.cache.with_state(lambda c, _t, r=r: store.matches(c, r)) for r in rules]
    followed = set().union(*under)
    assert sum(map(len, under)) > len(followed)  # the rules overlap
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("W")
        await settle(pilot)
        text = screen_text(app)
    assert f"3 rules · {len(followed)} unread (" in text, text


def _footer_line(app: KvtuiApp) -> tuple[str, str]:
    """The footer's keys and its palette key, as the screen shows them."""
    keys, _bar, palette = screen_text(app).splitlines()[-1].rpartition("▏")
    return keys.rstrip(), palette.strip()


@pytest.mark.parametrize("language", ["en", "nl"])
@pytest.mark.parametrize("opened", [False, True])
async def test_a_narrow_footer_ends_on_whole_keys(sample_app, monkeypatch, language, opened):
    """Seen at 40 columns: the footer ended "s Sea▏^p PaletteB" – a key cut under the
    palette key, and one cell of the next key after it."""
    from textual.widgets._footer import FooterKey

    monkeypatch.setenv("KVTUI_LANGUAGE", language)
    app = KvtuiApp(sample_app.cache, today=TODAY, config=Config())
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        if opened:
            await pilot.press("enter")
            await settle(pilot)
        keys = [
            f"{k.key_display} {k.description}"
            for k in app.screen.query(FooterKey)
            if not k.has_class("-command-palette")
        ]
        wide, palette = _footer_line(app)
        assert wide == " ".join(keys)  # all of them at 160 columns
        shown = []
        for width in (40, 44, 47, 52, 57, 63, 70, 80, 41, 160):
            await pilot.resize_terminal(width, 12)
            await settle(pilot)
            shown.append((width, *_footer_line(app)))
    for width, left, right in shown:
        assert right == palette, (width, right)
        whole = [" ".join(keys[:i]) for i in range(len(keys) + 1)]
        assert left in whole, (width, left, keys)
        assert len(left) > width // 3, (width, left)  # and not more is left out than must be
    assert shown[-1][1] == wide


def _words(line: str) -> list[str]:
    return [w for w in line.split() if w not in ("█", "▏")]


@pytest.mark.parametrize("size", [(190, 30), (60, 20)])
async def test_a_resize_keeps_the_top_line_of_the_open_set(size):
    """Seen: after a resize from 80×24 to 160×45 the open set moved one line down. Where
    the top row was a blank one between two blocks, the place kept was the last row of
    text above it. At every place in a long set the top stays: the same blank rows over
    the same block, or the row of text that holds the top row's first word."""
    import datetime as dt

    from fakes import FakeCache, kamervraag

    long_set = kamervraag(
        "2026Z00001",
        "Een lange fictieve vraag",
        submitted=dt.date(2026, 1, 5),
        answered=dt.date(2026, 2, 1),
        n_questions=4,
        text="Hoe staat het ervoor met de fictieve zaak? " * 6,
        answer="Dat is een fictief antwoord. " * 9,
    )
    app = KvtuiApp(FakeCache([long_set]), today=TODAY, config=Config())
    checked = blank_tops = 0
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.get_main_screen().doc_view
        for y in range(1, int(view.max_scroll_y), 2):  # odd rows: each kind of top row
            await pilot.resize_terminal(80, 24)
            await settle(pilot)
            view.scroll_to(y=y, animate=False, immediate=True)
            before = [view.render_line(i).text.strip() for i in range(4)]
            await pilot.resize_terminal(*size)
            await settle(pilot)
            if view.scroll_y >= view.max_scroll_y:
                continue  # the end is in view: the place cannot be kept
            after = [view.render_line(i).text.strip() for i in range(4)]
            if not before[0] and any(before):
                blank = before.index(next(line for line in before if line))
                assert after[:blank] == [""] * blank, (y, before, after)
                assert _words(after[blank])[:1] == _words(before[blank])[:1], (y, before, after)
                blank_tops += 1
            elif before[0]:
                word = _words(before[0])[0][:12]  # a long link may be cut narrower
                assert word in after[0], (y, before, after)
            checked += 1
    assert checked > 12 and blank_tops >= 3, (checked, blank_tops)
