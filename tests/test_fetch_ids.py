"""Issue 14 against the fake services: every KOOP id form, kept as published.

The sets are fictional (``world.id_form_sets``); each uses a rarer id form on the wire.
"""

from __future__ import annotations

import json

import pytest
from fakeservices import world
from fakeservices.helpers import serve

from kvtui.cli import main
from kvtui.numbers import lookup_key, parse_number
from kvtui.services.fetch import fetch_numbers
from kvtui.store.cache import Cache

ID_SETS = world.id_form_sets()
# Every KOOP id of those sets as the Kamer or KOOP publish it, and the zaak it belongs to.
PUBLISHED = {d.koop_id: s.number for s in ID_SETS for d in s.docs if d.koop_id}


@pytest.fixture
def fake(monkeypatch):
    yield from serve(monkeypatch, ID_SETS + world.fictional_sets())


@pytest.fixture
def cache(tmp_path):
    c = Cache(tmp_path / "cache")
    yield c
    c.close()


def _paths(fake) -> list[str]:
    return [r.path for r in fake.log]


@pytest.mark.parametrize("koop_id", sorted(PUBLISHED))
def test_fetch_accepts_each_form_and_keeps_it(fake, cache, koop_id):
    report = fetch_numbers(cache, [parse_number(koop_id)])
    assert report.ok, report.failed
    kv = cache.get(koop_id)
    assert kv is not None and kv.number == PUBLISHED[koop_id]
    names = cache.source_names()
    published = [n for n in names if n.startswith(koop_id + ".")]
    assert published, names  # stored under the published spelling
    for name in names:  # no file under a respelling of a published id
        base = name.split(".", 1)[0]
        if base in PUBLISHED or base.startswith("zaak-"):
            continue
        assert lookup_key(base) not in {lookup_key(i) for i in PUBLISHED}, name


@pytest.mark.parametrize("zaak", [s.number for s in ID_SETS])
def test_fetch_by_zaak_finds_every_published_document(fake, cache, zaak):
    report = fetch_numbers(cache, [parse_number(zaak)])
    assert report.ok, report.failed
    names = set(cache.source_names())
    for doc in next(s for s in ID_SETS if s.number == zaak).docs:
        assert f"{doc.koop_id}.metadata.xml" in names, (doc.koop_id, sorted(names))


def test_padded_id_stays_padded_everywhere(fake, cache, tmp_path, capsys):
    padded = "ah-tk-20202021-0001"
    root = tmp_path / "cli"
    assert main(["--cache", str(root), "show", "2020Z20001", "--format", "json"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert padded in json.dumps(shown["sources"])
    assert "ah-tk-20202021-1" not in json.dumps(shown)
    assert any(p.name.startswith(padded) for p in (root / "sources").iterdir())
    # The Kamer named the padded id: no request ever spelled it another way.
    assert not [p for p in _paths(fake) if "ah-tk-20202021-1" in p]
    assert any(f"/koop/{padded}.xml" in p for p in _paths(fake))


def test_unpadded_lookup_finds_the_padded_answer(fake, cache):
    assert fetch_numbers(cache, [parse_number("2020Z20001")]).ok
    assert cache.get("ah-tk-20202021-1").number == "2020Z20001"
    assert cache.get("ah-tk-20202021-0001").number == "2020Z20001"


def test_a_guessed_padded_answer_is_found_and_kept_padded(fake, cache):
    # The Kamer names no id: -2 (the usual form) is tried, then KOOP's -0002.
    assert fetch_numbers(cache, [parse_number("2020Z20002")]).ok
    assert cache.has_source("ah-tk-20202021-0002.xml")
    assert not cache.has_source("ah-tk-20202021-2.xml")
    assert cache.get("2020Z20002").sources.answer_id == "ah-tk-20202021-0002"


def test_typed_unpadded_answer_id_reaches_the_padded_one(fake, cache):
    report = fetch_numbers(cache, [parse_number("ah-tk-20202021-2")])
    assert report.ok, report.failed
    assert report.resolved == {"ah-tk-20202021-2": "2020Z20002"}
    assert cache.has_source("ah-tk-20202021-0002.metadata.xml")


def test_2009_questions_are_guessed_as_kv_zaak(fake, cache):
    assert fetch_numbers(cache, [parse_number("2009Z03901")]).ok
    assert cache.has_source("kv-2009Z03901.xml")
    assert "/koop/kv-2009Z03901.xml" in _paths(fake)
    # kv-{zaak} is the form of the period: it is tried first, so kv-tk- is never needed.
    assert not [p for p in _paths(fake) if "kv-tk-2009Z03901" in p]


def test_typed_kv_tk_of_2009_falls_back_to_kv(fake, cache):
    report = fetch_numbers(cache, [parse_number("kv-tk-2009Z03901")])
    assert report.ok, report.failed
    assert cache.has_source("kv-2009Z03901.xml")


def test_lower_case_z_is_requested_as_published(fake, cache):
    assert fetch_numbers(cache, [parse_number("2010Z05802")]).ok
    assert cache.has_source("kv-2010z05802.xml")
    assert not [p for p in _paths(fake) if "kv-2010Z05802" in p or "kv-tk-2010" in p]
    assert cache.get("kv-2010Z05802").number == "2010Z05802"  # found by key


def test_renamed_document_is_found_through_its_redirect(fake, cache):
    report = fetch_numbers(cache, [parse_number("2024Z10901")])
    assert report.ok, report.failed
    assert "/koop/kv-tk-2024Z10901" in _paths(fake)  # the page whose redirect names it
    assert cache.has_source("kv-tk-2024Z10901-n1.metadata.xml")
    assert cache.has_source("kv-tk-2024Z10901-n1.xml")
    assert not cache.has_source("kv-tk-2024Z10901.metadata.xml")


def test_renamed_document_with_its_text_kept_finds_its_metadata(fake, cache):
    report = fetch_numbers(cache, [parse_number("2024Z10902")])
    assert report.ok, report.failed
    assert cache.has_source("kv-tk-2024Z10902.xml")  # the text KOOP still serves
    assert cache.has_source("kv-tk-2024Z10902-n1.metadata.xml")  # found by the redirect
    assert "/koop/kv-tk-2024Z10902" in _paths(fake)


def test_typed_old_id_of_a_renamed_document(fake, cache):
    report = fetch_numbers(cache, [parse_number("kv-tk-2024Z10901")])
    assert report.ok, report.failed
    assert cache.get("kv-tk-2024Z10901-n1").number == "2024Z10901"


def test_an_id_named_by_the_kamer_wins_over_the_typed_spelling(fake, cache):
    # Typed with an upper-case Z; KOOP publishes kv-tk-2018z10433 and OData says so.
    report = fetch_numbers(cache, [parse_number("kv-tk-2018Z10433")])
    assert report.ok, report.failed
    assert cache.has_source("kv-tk-2018z10433.xml")
    assert not [p for p in _paths(fake) if "kv-tk-2018Z10433" in p]


# -- SRU that cannot answer by vraagnummer -------------------------------------------


def _koop_ids_requested(fake) -> set[str]:
    out = set()
    for r in fake.log:
        parts = r.route.split(":")
        if parts[0] == "koop" and len(parts) == 3:
            out.add(parts[2])
    return out


@pytest.fixture
def few(monkeypatch):
    """The seven classic sets only: an SRU that ignores the clause returns 13 records,
    few enough to pass for one Kamervraag, so only the membership check keeps them out."""
    yield from serve(monkeypatch, world.fictional_sets())


@pytest.mark.parametrize("mode", ["ignore", "ignore-silently", "flood"])
def test_sru_ignoring_the_vraagnummer_brings_in_no_stranger(few, cache, mode):
    fake = few
    fake.state.sru_vraagnummer = mode
    # 2009Z01007's answer has no id at the Kamer, so the fetch asks SRU by vraagnummer.
    report = fetch_numbers(cache, [parse_number("2009Z01007")])
    assert report.ok, report.failed
    own = {"kv-2009007007", "ah-tk-20082009-1007"}
    strangers = {d.koop_id for s in ID_SETS + world.fictional_sets() for d in s.docs} - own
    assert not _koop_ids_requested(fake) & strangers
    for name in cache.source_names():
        assert name.split(".", 1)[0] not in strangers, name
    assert [g.number for g in [cache.get("2009Z01007")]] == ["2009Z01007"]
    assert cache.get("2024Z10001") is None
    if mode != "ignore-silently":  # a diagnostic or a flood is reported, not fatal
        assert report.notes and "SRU" in report.notes[0][1]
    else:  # the records were read, and only the set's own were taken
        assert not report.notes
        assert "sru" in fake.routes()


def test_sru_rejecting_the_vraagnummer_still_completes(fake, cache):
    fake.state.sru_vraagnummer = "reject"
    events = []
    report = fetch_numbers(cache, [parse_number("2009Z01007")], progress=events.append)
    assert report.ok and report.fetched == ["2009Z01007"], report.failed
    kv = cache.get("2009Z01007")
    # OData and KOOP serve the set: the answer is found through the questions' metadata.
    assert kv.sources.answer_id == "ah-tk-20082009-1007"
    assert report.notes == [("2009Z01007", report.notes[0][1])]
    assert "vraagnummer" in report.notes[0][1]
    assert any("SRU" in str(e) for e in events)  # the progress line says so


def test_cli_fetch_says_sru_could_not_answer(fake, tmp_path, capsys):
    fake.state.sru_vraagnummer = "reject"
    assert main(["--cache", str(tmp_path / "c"), "fetch", "2009Z01007"]) == 0
    assert "SRU cannot search by vraagnummer" in capsys.readouterr().err


# -- the CLI accepts each form ---------------------------------------------------------


@pytest.mark.parametrize("koop_id", sorted(PUBLISHED))
def test_show_accepts_each_form(fake, tmp_path, capsys, koop_id):
    code = main(["--cache", str(tmp_path / "c"), "show", koop_id, "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert json.loads(out)["number"] == PUBLISHED[koop_id]


def test_paged_listing_is_ordered_on_every_page(fake, cache):
    import datetime as dt

    from kvtui.services.fetch import sync_numbers

    fake.state.page_size = 3
    fake.state.drop_orderby = True  # even when a next link forgets it
    report = sync_numbers(cache, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert report.ok
    pages = [r.path for r in fake.log if r.route == "tk:list"]
    assert len(pages) >= 2
    assert all("orderby" in p for p in pages), pages
