"""The watch list in the reader: rules as lists with unread counts, and what is new since
the last visit (its own baseline, apart from ``kvtui new``). On the sample cache."""

from __future__ import annotations

from fakes import screen_text, settle

from kvtui.store import watch as store


async def _open(pilot) -> None:
    await settle(pilot)
    await pilot.press("W")
    await settle(pilot)


def _add(cache, kind: str, value: str) -> None:
    cache.with_state(lambda conn, _t: store.add_rule(conn, kind, value))


async def test_rules_are_lists_with_unread_counts(sample_app):
    app = sample_app
    rows = app.cache.rows()
    first = rows[0].number
    _add(app.cache, "number", first)
    _add(app.cache, "search", "zzzgeenwoordzzz")
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        text = screen_text(app)
        assert "Watch list: rules" in text and "2 rules · 1 unread" in text
        assert f"number {first}" in text and "1 set, 1 unread" in text
        assert "0 sets, 0 unread" in text
        marked = [ln for ln in text.splitlines() if first in ln and "number" not in ln]
        assert marked and "•" in marked[0], text
        await pilot.press("escape")
        await settle(pilot)
        app.cache.set_read(first, True)
        await _open(pilot)
        text = screen_text(app)
        assert "1 set, 0 unread" in text and "0 unread (" in text
        marked = [ln for ln in text.splitlines() if first in ln and "number" not in ln]
        assert marked and "•" not in marked[0], text
        # Enter on the set opens it in the reader
        await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        main = app.get_main_screen()
        assert app.screen is main and main.current is not None and main.current.number == first


async def test_new_since_the_last_visit(sample_app):
    app = sample_app
    unfinished = [
        r for r in app.cache.rows() if str(getattr(r.status, "value", r.status)) == "open"
    ]
    assert unfinished, "the sample cache has an open set"
    target = unfinished[0].number
    async with app.run_test(size=(100, 30)) as pilot:
        await _open(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert "First visit" in screen_text(app)
        await pilot.press("escape")  # the visit is noted when the view is left
        await settle(pilot)
        conn = app.cache._conn()
        conn.execute("UPDATE sets SET status = 'answered' WHERE number = ?", (target,))
        await _open(pilot)
        await pilot.press("v")
        await settle(pilot)
        text = screen_text(app)
        assert "1 change since your last visit" in text and target in text
        assert "answered" in text
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is app.get_main_screen()
        await _open(pilot)
        await pilot.press("v")
        await settle(pilot)
        assert "0 changes since your last visit" in screen_text(app)
    # kvtui new keeps its own baseline: the reader's visit took nothing from it
    assert not app.cache.with_state(lambda conn, _t: store.has_baseline(conn))


async def test_the_reader_says_at_start_how_much_is_new(sample_app):
    from kvtui.ui.app import KvtuiApp
    from kvtui.ui.config import Config

    app = sample_app
    open_sets = [r for r in app.cache.rows() if str(getattr(r.status, "value", r.status)) == "open"]
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        assert "since your last visit" not in screen_text(app)  # no visit yet: silent
    _found, seen = app.cache.with_state(lambda conn, _t: store.changes(conn, "reader"))
    app.cache.with_state(lambda conn, _t: store.save_seen(conn, seen, "reader"))
    conn = app.cache._conn()
    for r in open_sets[:2]:
        conn.execute("UPDATE sets SET status = 'withdrawn' WHERE number = ?", (r.number,))
    again = KvtuiApp(app.cache, today=app.today, config=Config())
    async with again.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        n = len(open_sets[:2])
        assert f"{n} change{'' if n == 1 else 's'} since your last visit" in screen_text(again)


# -- snapshots: the rules with their sets, at 80×24 and larger, and the changes view ----


def _rules(cache) -> None:
    """A rule of each family: a number, a party, a topic and a search (sample cache)."""
    _add(cache, "number", "2026Z21455")
    _add(cache, "party", "Volt")
    _add(cache, "topic", "Natuur en milieu")
    _add(cache, "search", "studiefinanciering")
    cache.set_read("2026Z17702", True)  # one followed set read, the others unread


def test_snapshot_watch_80x24(snap_compare, sample_app):
    _rules(sample_app.cache)

    async def run_before(pilot) -> None:
        await _open(pilot)

    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=run_before)


def test_snapshot_watch_160x45(snap_compare, sample_app):
    _rules(sample_app.cache)

    async def run_before(pilot) -> None:
        await _open(pilot)

    assert snap_compare(sample_app, terminal_size=(160, 45), run_before=run_before)


def test_snapshot_watch_changes_160x45(snap_compare, sample_app):
    """The second visit after one followed open set became answered."""
    _rules(sample_app.cache)

    async def run_before(pilot) -> None:
        await _open(pilot)
        await pilot.press("v")
        await settle(pilot)
        await pilot.press("escape")  # the first visit is noted when the view is left
        await settle(pilot)
        conn = pilot.app.cache._conn()
        conn.execute("UPDATE sets SET status = 'answered' WHERE number = '2026Z21455'")
        await _open(pilot)
        await pilot.press("v")
        await settle(pilot)

    assert snap_compare(sample_app, terminal_size=(160, 45), run_before=run_before)
