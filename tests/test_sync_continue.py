"""``kvtui sync`` without dates continues from the last complete sync; ``refresh``
checks the sets a watch rule follows first. Against the fake services (127.0.0.1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import unquote

import pytest
from fakeservices.helpers import serve

from kvtui.cli import main
from kvtui.store import watch as store
from kvtui.store.cache import Cache


def kvtui(capsys, root: Path, *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["--cache", str(root), *args])
    out, err = capsys.readouterr()
    return code, out, err


def listing_filters(fake) -> list[str]:
    return [unquote(r.path) for r in fake.log if r.route == "tk:list"]


def test_sync_without_dates_continues_a_week_before_the_last_end(monkeypatch, tmp_path, capsys):
    root = tmp_path / "cache"
    monkeypatch.setenv("KVTUI_TODAY", "2024-03-01")
    for fake in serve(monkeypatch):
        code, _, err = kvtui(capsys, root, "sync")
        assert code == 2 and "no earlier sync" in err and len(err.splitlines()) == 1
        assert fake.log == []  # refused before any request
        code, _, err = kvtui(capsys, root, "sync", "--since", "2024-01-12", "--until", "2024-01-20")
        assert code == 0, err
        with Cache(root) as cache:
            assert {r.number for r in cache.rows()} >= {"2024Z10003", "2024Z10005"}
        first = len(fake.log)
        code, _, err = kvtui(capsys, root, "sync")
        assert code == 0, err
        assert "since 2024-01-13" in err
        filters = listing_filters(fake)[-1:]
        assert filters and "2024-01-13" in filters[0], filters
        assert "2024-01-12" not in filters[0]
        assert len(fake.log) > first
        # that sync ran up to today (2024-03-01); the next starts a week before it
        code, _, err = kvtui(capsys, root, "sync")
        assert code == 0 and "since 2024-02-23" in err


def test_a_failed_sync_is_not_a_place_to_continue_from(monkeypatch, tmp_path, capsys):
    root = tmp_path / "cache"
    monkeypatch.setenv("KVTUI_TODAY", "2024-03-01")
    for fake in serve(monkeypatch):
        assert kvtui(capsys, root, "sync", "--since", "2024-01-12", "--until", "2024-01-12")[0] == 0
        fake.fault("tk:list", "503")
        code, _, err = kvtui(capsys, root, "sync", "--since", "2024-01-13", "--until", "2024-02-01")
        assert code == 1 and "cannot list" in err
        code, _, err = kvtui(capsys, root, "sync")
        assert "since 2024-01-05" in err  # still from the sync that completed


def test_the_sync_note_never_moves_backwards_nor_past_today(tmp_path):
    with Cache(tmp_path / "c") as cache:
        note = store.note_sync
        cache.with_state(lambda c, _t: note(c, dt.date(2024, 5, 1)))
        cache.with_state(lambda c, _t: note(c, dt.date(2023, 1, 1)))
        assert cache.with_state(lambda c, _t: store.last_sync(c)) == dt.date(2024, 5, 1)
        cache.with_state(
            lambda c, _t: c.execute(
                "UPDATE st.notes SET value = 'gisteren' WHERE key = 'sync_until'"
            )
        )
        assert cache.with_state(lambda c, _t: store.last_sync(c)) is None


def test_refresh_checks_followed_sets_first(monkeypatch, tmp_path, capsys):
    root = tmp_path / "cache"
    for _fake in serve(monkeypatch):
        numbers = ("2024Z10002", "2024Z10003")
        assert kvtui(capsys, root, "fetch", *numbers)[0] == 0
        import kvtui.services.fetch as fetch

        seen: list[list[str]] = []
        real = fetch.fetch_numbers

        def spy(cache, numbers, *, _seen=seen, _real=real, **kw):
            _seen.append([n.canonical for n in numbers])
            return _real(cache, numbers, **kw)

        monkeypatch.setattr(fetch, "fetch_numbers", spy)
        assert kvtui(capsys, root, "refresh")[0] == 0
        unfollowed = seen[-1]
        assert sorted(unfollowed) == sorted(numbers)
        last = unfollowed[-1]
        assert kvtui(capsys, root, "watch", "add", "number", last)[0] == 0
        assert kvtui(capsys, root, "refresh")[0] == 0
        assert seen[-1] == [last, unfollowed[0]]


@pytest.mark.parametrize("until", ["2099-01-01", None])
def test_a_sync_into_the_future_notes_today(monkeypatch, tmp_path, capsys, until):
    root = tmp_path / "cache"
    monkeypatch.setenv("KVTUI_TODAY", "2024-01-20")
    for _fake in serve(monkeypatch):
        args = ["sync", "--since", "2024-01-19"] + (["--until", until] if until else [])
        assert kvtui(capsys, root, *args)[0] == 0
    with Cache(root) as cache:
        assert cache.with_state(lambda c, _t: store.last_sync(c)) == dt.date(2024, 1, 20)
