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
