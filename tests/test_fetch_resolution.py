"""From a number to a stored Kamervraag, against the fake services (fictional sets)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json

import pytest
from fakeservices import world
from fakeservices.helpers import serve, tree_digest
from world_events import answer_arrives

from kvtui.cli.online import run_fetch, run_refresh, run_sync
from kvtui.model import Status
from kvtui.numbers import parse_number
from kvtui.services.fetch import FetchEvent, fetch_many, fetch_numbers
from kvtui.store.cache import Cache


@pytest.fixture
def fake(monkeypatch):
    yield from serve(monkeypatch)


@pytest.fixture
def cache(tmp_path):
    c = Cache(tmp_path / "cache")
    yield c
    c.close()


def nums(*texts: str):
    return [parse_number(t) for t in texts]


EXPECTED = {
    "2024Z10001": (Status.ANSWERED, 3, "ah-tk-20232024-1001"),
    "2024Z10002": (Status.POSTPONED, 2, None),
    "2024Z10003": (Status.OPEN, 1, None),
    "2024Z10004": (Status.WITHDRAWN, 1, None),
    "2024Z10005": (Status.ANSWERED, 4, "ah-tk-20232024-1005"),
    "2024Z10006": (Status.ANSWERED, 2, "ah-tk-20232024-1006"),
    "2009Z01007": (Status.ANSWERED, 1, "ah-tk-20082009-1007"),
}


def test_every_fictional_state(fake, cache):
    events: list[FetchEvent] = []
    report = fetch_numbers(cache, nums(*EXPECTED), progress=events.append)
    assert report.failed == [] and sorted(report.fetched) == sorted(EXPECTED)
    for number, (status, n_questions, answer_id) in EXPECTED.items():
        kv = cache.get(number)
        assert kv is not None, number
        assert kv.status is status, number
        assert len(kv.questions) == n_questions, number
        assert kv.sources.answer_id == answer_id, number
        assert "FICTIEF" in (kv.questions[0].text or "")
    combined = cache.get("2024Z10005")
    assert [q.answer_ref for q in combined.questions] == [None, None, 2, None]
    assert cache.get("2024Z10006").further_answers  # the nader antwoord is kept
    assert {e.kind for e in events} >= {"start", "fetched"}
    assert all(str(e) for e in events)


def test_old_set_uses_alias_and_sru(fake, cache):
    report = fetch_numbers(cache, nums("2009Z01007"))
    assert report.ok
    routes = fake.routes()
    assert "sru" in routes  # the answer has no id at the Kamer: only SRU names it
    assert "koop:xml:kv-2009007007" in routes  # kv-tk-… is missing: kv-{Alias}
    assert cache.has_source("kv-2009007007.xml")
    assert cache.get("kv-2009007007").number == "2009Z01007"


def test_lookup_by_answer_id_goes_to_koop_first(fake, cache):
    report = fetch_numbers(cache, nums("ah-tk-20232024-1005"))
    assert report.ok and report.resolved == {"ah-tk-20232024-1005": "2024Z10005"}
    assert fake.routes()[0] == "koop:meta:ah-tk-20232024-1005"
    assert cache.get("2024Z10005").status is Status.ANSWERED


def test_lookup_by_tk_document_number(fake, cache):
    report = fetch_numbers(cache, nums("2024D00602"))
    assert report.ok and report.resolved["2024D00602"] == "2024Z10006"
    assert fake.routes()[0] == "tk:document"


def test_same_set_asked_twice_is_fetched_once(fake, cache):
    report = fetch_numbers(cache, nums("2024Z10001", "kv-tk-2024Z10001", "ah-tk-20232024-1001"))
    assert report.ok and len(report.fetched) == 3
    assert fake.routes().count("tk:zaak") == 1
    assert fake.routes().count("koop:xml:ah-tk-20232024-1001") == 1


def test_unknown_number_is_not_found(fake, cache):
    cache.count()  # an opened (empty) cache: its index files exist
    before = tree_digest(cache.root)
    report = fetch_numbers(cache, nums("2024Z99999", "ah-tk-20232024-9999", "2024D99999"))
    assert dict(report.failed) == {
        "2024Z99999": "not found – Tweede Kamer open data / officielebekendmakingen.nl",
        "ah-tk-20232024-9999": "not found – officielebekendmakingen.nl",
        "2024D99999": "not found – Tweede Kamer open data",
    }
    assert tree_digest(cache.root) == before


def test_answered_sets_are_not_refetched_unless_forced(fake, cache):
    fetch_numbers(cache, nums("2024Z10001", "2024Z10003"))
    n = len(fake.log)
    report = fetch_numbers(cache, nums("2024Z10001", "2024Z10003"))
    assert report.skipped == ["2024Z10001"]  # answered: left alone
    assert report.fetched == ["2024Z10003"]  # open: re-checked
    assert report.unchanged == ["2024Z10003"]
    rechecked = fake.log[n:]
    assert all(r.status == 304 for r in rechecked), [(r.route, r.status) for r in rechecked]
    assert all("if-none-match" in r.headers for r in rechecked)
    assert all("if-modified-since" in r.headers for r in rechecked)  # both validators kept
    report = fetch_numbers(cache, nums("2024Z10001"), force=True)
    assert report.fetched == report.unchanged == ["2024Z10001"]


def test_text_not_yet_published_stores_what_the_kamer_knows(monkeypatch, cache):
    for fake in serve(monkeypatch):
        fake.state.unpublished.add("ah-tk-20232024-1001")
        report = fetch_numbers(cache, nums("2024Z10001"))
        assert report.ok
        kv = cache.get("2024Z10001")
        assert kv.status is Status.ANSWERED and kv.text_pending
        assert not cache.has_source("ah-tk-20232024-1001.xml")
        # Published later: a plain fetch (not --force) picks it up, the set is pending.
        fake.state.unpublished.clear()
        report = fetch_numbers(cache, nums("2024Z10001"))
        assert report.fetched == ["2024Z10001"] and report.unchanged == []
        assert not cache.get("2024Z10001").text_pending


def test_html_fallback_when_only_the_page_exists(monkeypatch, cache):
    sets = world.fictional_sets()
    sets[2].docs[0].html_only = True  # 2024Z10003's questions: no XML at KOOP
    for fake in serve(monkeypatch, sets):
        report = fetch_numbers(cache, nums("2024Z10003"))
        assert report.ok
        assert cache.has_source("kv-tk-2024Z10003.html")
        assert not cache.has_source("kv-tk-2024Z10003.xml")
        assert "koop:html:kv-tk-2024Z10003" in fake.routes()


def test_error_page_as_200_is_never_stored(fake, cache):
    fake.fault("koop:xml:kv-tk-2024Z10003", "errorpage")
    fake.fault("koop:html:kv-tk-2024Z10003", "errorpage")
    report = fetch_numbers(cache, nums("2024Z10003"))
    assert report.ok  # the zaak is known; its text counts as not (yet) published
    assert not cache.has_source("kv-tk-2024Z10003.xml")
    assert not cache.has_source("kv-tk-2024Z10003.html")
    for path in (cache.root / "sources").iterdir():
        assert b"Pagina niet gevonden" not in path.read_bytes()


async def test_fetch_many_is_awaitable_from_a_running_loop(fake, cache):
    report = await fetch_many(cache, nums("2024Z10002"))
    assert report.ok
    # the sync wrapper refuses to block a running loop, and says what to use instead
    with pytest.raises(RuntimeError, match="await fetch_many"):
        fetch_numbers(cache, nums("2024Z10003"))
    await asyncio.sleep(0)


def _args(cache, **kw):
    return argparse.Namespace(cache=cache.root, **kw)


def test_cli_fetch_exit_codes_and_lines(fake, cache, capsys):
    assert run_fetch(_args(cache, numbers=["2024Z10001"], force=False)) == 0
    err = capsys.readouterr().err
    assert (
        "2024Z10001: stored" in err and "1 asked: stored 1, unchanged 0, skipped 0, failed 0" in err
    )
    assert run_fetch(_args(cache, numbers=["nonsense"], force=False)) == 2
    assert "accepted forms" in capsys.readouterr().err
    fake.fault("tk:zaak", "503")
    fake.fault("koop", "503")
    fake.fault("sru", "503")
    assert run_fetch(_args(cache, numbers=["2024Z10002"], force=False)) == 1
    err = capsys.readouterr().err
    assert err.count("2024Z10002: server error (HTTP 503) – Tweede Kamer open data") == 1
    assert "failed 1" in err


def test_cli_refresh_reports_status_changes(monkeypatch, cache, capsys):
    sets = world.fictional_sets()
    answer = sets[1].docs[1]  # 2024Z10002: postponed …
    for fake in serve(monkeypatch, sets):
        assert fetch_numbers(cache, nums("2024Z10002", "2024Z10003")).ok
        # … until an answer arrives at the Kamer and KOOP
        answer_arrives(sets[1])
        assert answer.soort.startswith("Mededeling")
        capsys.readouterr()
        assert run_refresh(_args(cache, all=False)) == 0
        err = capsys.readouterr().err
        assert "2024Z10002: postponed" in err and "→ answered" in err
        assert "checked 2: changed 1, unchanged 1, failed 0" in err
        assert "if-none-match" in fake.log[-1].headers or fake.log[-1].route.startswith("koop")


def test_cli_refresh_fetches_an_answer_text_published_later(monkeypatch, cache, capsys):
    for fake in serve(monkeypatch):
        # The Kamer says 2024Z10001 is answered, but KOOP answers 404 for the answer text.
        fake.state.unpublished.add("ah-tk-20232024-1001")
        assert fetch_numbers(cache, nums("2024Z10001", "2024Z10005")).ok
        pending = cache.get("2024Z10001")
        assert pending.status is Status.ANSWERED and pending.text_pending
        assert all(q.answer is None for q in pending.questions)
        assert not cache.get("2024Z10005").text_pending
        # Still pending: refresh asks again, and says nothing changed.
        capsys.readouterr()
        first = len(fake.log)
        assert run_refresh(_args(cache, all=False)) == 0
        err = capsys.readouterr().err
        assert "checked 1: changed 0, unchanged 1, failed 0" in err and "→" not in err
        # KOOP publishes it; a plain refresh (no --all) fetches it.
        fake.state.unpublished.clear()
        assert run_refresh(_args(cache, all=False)) == 0
        err = capsys.readouterr().err
        assert "kvtui: 2024Z10001: answered (text pending) → answered\n" in err
        assert "checked 1: changed 1, unchanged 0, failed 0" in err
        kv = cache.get("2024Z10001")
        assert not kv.text_pending and kv.sources.answer_id == "ah-tk-20232024-1001"
        assert [q.answer for q in kv.questions if q.answer] and all(
            q.answer or q.answer_ref for q in kv.questions
        )
        assert cache.has_source("ah-tk-20232024-1001.xml")
        # The complete answered set was left alone by both refreshes.
        touched = [r.path for r in fake.log[first:] if "10005" in r.path or "-1005" in r.path]
        assert touched == []
        # Once complete, a plain fetch skips it again and refresh has nothing to do.
        report = fetch_numbers(cache, nums("2024Z10001", "2024Z10005"))
        assert sorted(report.skipped) == ["2024Z10001", "2024Z10005"]
        assert run_refresh(_args(cache, all=False)) == 0
        assert "nothing to refresh" in capsys.readouterr().err


def test_cli_sync_fetches_the_period(monkeypatch, cache, capsys):
    for fake in serve(monkeypatch):
        fake.state.page_size = 2  # force paging through @odata.nextLink
        code = run_sync(_args(cache, since=dt.date(2024, 1, 11), until=dt.date(2024, 1, 13)))
        assert code == 0
        assert fake.routes().count("tk:list") == 2
        assert {r.number for r in cache.rows()} == {"2024Z10002", "2024Z10003", "2024Z10004"}
        # the per-zaak JSON kept from the listing reads like a by-number answer
        data = json.loads(cache.read_source("zaak-2024Z10003.json"))
        assert [z["Nummer"] for z in data["value"]] == ["2024Z10003"]
        assert "tk:zaak" not in fake.routes()
        capsys.readouterr()
        assert run_sync(_args(cache, since=dt.date(2024, 1, 14), until=dt.date(2024, 1, 1))) == 2


def test_seed_via_fake_server_equals_expected_json(shared_dir, monkeypatch, cache):
    seed = shared_dir / "fixtures" / "seed"
    from kvtui.cli import main

    for fake in serve(monkeypatch, [], seed_dir=seed):
        assert main(["--cache", str(cache.root), "fetch", "2020Z12161"]) == 0
        assert len(fake.log) == 7  # 1 zaak + 3 documents × (text + metadata)
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--cache", str(cache.root), "show", "2020Z12161", "--format", "json"]) == 0
    assert json.loads(out.getvalue()) == json.loads((seed / "expected.json").read_text())


def test_progress_bar_on_a_terminal_and_lines_otherwise():
    import io

    from kvtui.cli.online import Progress

    tty, plain = io.StringIO(), io.StringIO()
    bar, lines = Progress(tty, tty=True), Progress(plain, tty=False)
    for p in (bar, lines):
        p(FetchEvent("2024Z10001", "start", "fetching", 0, 2))
        p(FetchEvent("2024Z10001", "fetched", "stored", 1, 2))
        p(FetchEvent("2024Z1\x1b[31m", "failed", "timed out", 2, 2))
        p.close()
    assert "[############............] 1/2 2024Z10001" in tty.getvalue()
    assert plain.getvalue().splitlines()[0] == "[1/2] 2024Z10001: stored"
    assert "fetching" not in plain.getvalue()  # only finished numbers, one line each
    assert "\x1b[31m" not in tty.getvalue() + plain.getvalue()  # document text is inert
