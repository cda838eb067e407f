"""The period listing of ``kvtui sync``: pages, where they may lead, pages that fail,
and the order in which the listed sets are fetched. Against the fake services."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from fakeservices import FakeServices, generated_sets
from fakeservices.helpers import serve

from kvtui.cli import main
from kvtui.store import watch as store
from kvtui.store.cache import Cache

COUNT = 12
FIRST_DAY = dt.date(2023, 3, 1)


def dated(count: int = COUNT) -> list:
    sets = generated_sets(count)
    for i, s in enumerate(sets):
        s.submitted = (FIRST_DAY + dt.timedelta(days=i)).isoformat()
    return sets


def kvtui(capsys, root: Path, *args: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["--cache", str(root), *args])
    return code, capsys.readouterr().err


def sync(capsys, root: Path) -> tuple[int, str]:
    return kvtui(capsys, root, "sync", "--since", "2023-03-01", "--until", "2023-03-31")


def cached(root: Path) -> list[str]:
    with Cache(root) as cache:
        return sorted(r.number for r in cache.rows())


def last_sync(root: Path) -> dt.date | None:
    with Cache(root) as cache:
        return cache.with_state(lambda c, _t: store.last_sync(c))


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv("KVTUI_TODAY", "2024-03-01")


def test_a_next_link_to_another_host_is_not_followed(env, monkeypatch, tmp_path, capsys):
    """The first page's sets are fetched, nothing goes to the other host, and the
    failure says how far the listing got; the sync is not noted as complete."""
    root = tmp_path / "c"
    with FakeServices([]) as other:
        for fake in serve(monkeypatch, dated()):
            fake.state.page_size = 5
            fake.state.next_base = other.base
            code, err = sync(capsys, root)
    assert other.log == []
    assert code == 1
    assert cached(root) == sorted(s.number for s in dated()[:5])
    line = next(x for x in err.splitlines() if x.startswith("kvtui: sync:"))
    assert "another server" in line and "after 5 Kamervragen" in line
    assert "2023-03-05" in line  # the last one listed started then
    assert last_sync(root) is None


def test_a_page_that_fails_once_is_asked_again(env, monkeypatch, tmp_path, capsys):
    root = tmp_path / "c"
    for fake in serve(monkeypatch, dated()):
        fake.state.page_size = 5
        fake.state.broken_pages = {1: 1}
        code, err = sync(capsys, root)
        pages = [r.status for r in fake.log if r.route == "tk:list"]
    assert code == 0, err
    assert pages == [200, 503, 200, 200]
    assert cached(root) == sorted(s.number for s in dated())
    assert last_sync(root) == dt.date(2023, 3, 31)


@pytest.mark.parametrize("broken", [1, 2])
def test_a_page_that_keeps_failing_cuts_the_listing_and_says_where(
    env, monkeypatch, tmp_path, capsys, broken
):
    root = tmp_path / "c"
    for fake in serve(monkeypatch, dated()):
        fake.state.page_size = 5
        fake.state.broken_pages = {broken: 99}
        code, err = sync(capsys, root)
    listed = 5 * broken
    assert code == 1
    assert cached(root) == sorted(s.number for s in dated()[:listed])
    cut = [x for x in err.splitlines() if x.startswith("kvtui: sync:")]
    assert len(cut) == 1, err
    assert f"after {listed} Kamervragen" in cut[0] and "503" in cut[0]
    assert (FIRST_DAY + dt.timedelta(days=listed - 1)).isoformat() in cut[0]
    assert "not listed" in cut[0]
    assert f"{listed} asked: stored {listed}" in err  # the summary counts the sets only
    assert last_sync(root) is None  # a later sync starts from the last complete one


def test_a_first_page_that_fails_lists_nothing(env, monkeypatch, tmp_path, capsys):
    root = tmp_path / "c"
    for fake in serve(monkeypatch, dated()):
        fake.state.broken_pages = {0: 99}
        code, err = sync(capsys, root)
        assert {r.route for r in fake.log} == {"tk:list"}
    assert code == 1 and "cannot list the period" in err
    assert cached(root) == []


def _finished(err: str) -> list[str]:
    """Numbers in the order the plain progress lines report them finished."""
    return re.findall(r"^\[\d+/\d+\] (\d{4}Z\d{5}): ", err, re.M)


def test_followed_sets_are_fetched_first(env, monkeypatch, tmp_path, capsys):
    root = tmp_path / "c"
    sets = dated(24)
    followed = [sets[-1].number, sets[-7].number]  # listed last and nearly last
    monkeypatch.setenv("KVTUI_CONCURRENCY", "1")
    for _fake in serve(monkeypatch, sets):
        code, err = sync(capsys, root)
        assert code == 0, err
        plain = _finished(err)
        assert len(plain) == 24
        # without a rule the listing order holds: those two finish among the last
        assert all(plain.index(n) >= 12 for n in followed), plain
        watched = tmp_path / "watched"  # a new cache: nothing skipped as cached
        for number in followed:
            assert kvtui(capsys, watched, "watch", "add", "number", number)[0] == 0
        code, err = sync(capsys, watched)
        assert code == 0, err
        ordered = _finished(err)
        assert sorted(ordered) == sorted(plain)
        assert set(ordered[:4]) >= set(followed), ordered


def test_followed_sets_already_cached_are_refreshed_first(env, monkeypatch, tmp_path, capsys):
    """Open sets are fetched again by every sync; a party rule's sets go first."""
    root = tmp_path / "c"
    sets = dated(24)
    for i, s in enumerate(sets):
        s.docs = s.docs[:1]  # open: no answer yet
        if i in (15, 22):
            s.submitter = ("C.", "Cees", "Gevolgd", "Volgpartij")
    followed = {sets[15].number, sets[22].number}
    monkeypatch.setenv("KVTUI_CONCURRENCY", "1")
    for _fake in serve(monkeypatch, sets):
        code, err = sync(capsys, root)
        assert code == 0 and not set(_finished(err)[:12]) & followed
        assert kvtui(capsys, root, "watch", "add", "party", "Volgpartij")[0] == 0
        code, err = sync(capsys, root)
        assert code == 0, err
        again = _finished(err)
        assert len(again) == 24 and "stored 0, unchanged 24" in err
        assert set(again[:4]) >= followed, again


@pytest.mark.parametrize(
    "order",
    [
        lambda numbers: 1 / 0,  # the state database cannot be read
        lambda numbers: [],  # forgets every number
        lambda numbers: ["2099Z99999", *reversed(numbers), numbers[0]],  # adds, repeats
    ],
    ids=["raises", "forgets", "adds-and-repeats"],
)
def test_an_order_that_goes_wrong_never_loses_or_adds_a_set(monkeypatch, tmp_path, order):
    from kvtui.services.fetch import sync_numbers

    sets = dated(6)
    for fake in serve(monkeypatch, sets):
        with Cache(tmp_path / "c") as cache:
            report = sync_numbers(cache, FIRST_DAY, FIRST_DAY + dt.timedelta(days=30), order=order)
            assert report.ok, report.failed
            assert sorted(report.fetched) == sorted(s.number for s in sets)
        assert not any("2099Z99999" in r.path for r in fake.log)
