"""One document must never merge other sets (issue 9 A2), in every shape and every path.

The attack that was found: a 3 KB metadata.xml whose ``OVERHEIDop.aanhangsel`` rows name
other sets' ids turned the 13 sets of a cache into 1. The class is "a file names ids of
sets it does not belong to", so it is tried in each place a file can name an id (metadata
aanhangsel rows, HTML head links, an OData zaak's ExterneIdentifiers, SRU records, an
XML header naming another zaak, a file named like another set), and through each path
that groups files: ``group_sources`` itself, ``import``, ``fetch`` and ``reindex``.

The check is always the same: every set of the cache keeps exactly its files, and no two
sets end up in one group. A hostile file may join the one set it claims, or stay alone.
All documents here are FICTIEF voorbeeld voor kvtui.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from kvtui.grouping import group_sources
from kvtui.parse import parse_source
from kvtui.store.cache import Cache

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "cache" / "sources"
FICTIEF = "FICTIEF voorbeeld voor kvtui"
HOSTILE_ZAAK = "2099Z06601"


def _need_sample() -> None:
    if not SAMPLE.is_dir():
        pytest.skip("the sample cache is absent")


def _sample_ids() -> tuple[list[str], list[str]]:
    """(KOOP ids, zaak numbers) of the sample cache, from its file names."""
    koop, zaken = set(), set()
    for p in SAMPLE.iterdir():
        if p.name.startswith("zaak-"):
            zaken.add(p.name[5:].removesuffix(".json"))
        else:
            koop.add(p.name.split(".", 1)[0])
    return sorted(koop), sorted(zaken)


# -- hostile documents -----------------------------------------------------------------


def metadata(own: str | None, zaak: str | None, rows: list[str], *, owms: bool = False) -> bytes:
    if owms:
        body = "".join(f"<overheidop:aanhangsel>{r}</overheidop:aanhangsel>" for r in rows)
        ident = f"<dcterms:identifier>{own}</dcterms:identifier>" if own else ""
        vraag = f"<overheidop:vraagnummer>{zaak}</overheidop:vraagnummer>" if zaak else ""
        return (
            f"<!-- {FICTIEF} --><owms-metadata xmlns:dcterms='http://purl.org/dc/terms/'"
            " xmlns:overheidop='http://standaarden.overheid.nl/op/terms/'><owmskern>"
            f"{ident}<dcterms:title>{FICTIEF}</dcterms:title></owmskern><owmsmantel/>"
            f"<opmeta>{vraag}{body}</opmeta></owms-metadata>"
        ).encode()
    meta = [f'<metadata name="DC.title" content="{FICTIEF}"/>']
    if own:
        meta.append(f'<metadata name="DC.identifier" content="{own}"/>')
    if zaak:
        meta.append(f'<metadata name="OVERHEIDop.vraagnummer" content="{zaak}"/>')
    meta += [f'<metadata name="OVERHEIDop.aanhangsel" content="{r}"/>' for r in rows]
    return f"<!-- {FICTIEF} --><metadata_gegevens>{''.join(meta)}</metadata_gegevens>".encode()


def koop_xml(doc_id: str, zaak: str) -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?><!-- {FICTIEF} --><officiele-publicatie>'
        '<metadata><meta name="OVERHEIDop.externMetadataRecord" content="https://zoek.'
        f'officielebekendmakingen.nl/{doc_id}/metadata.xml"/></metadata><kamervragen>'
        f"<kamervraagnummer>{zaak}</kamervraagnummer>"
        '<kamervraagomschrijving type="vraag">Vragen van het lid <naam><achternaam>Vals'
        "</achternaam></naam> over <kamervraagonderwerp>fictieve ids</kamervraagonderwerp>"
        " (ingezonden <datum isodatum='2099-01-02'>2 januari 2099</datum>)."
        '</kamervraagomschrijving><vraag><nr status="officieel">Vraag 1</nr>'
        f"<al>Wie hoort bij wie? ({FICTIEF})</al></vraag></kamervragen></officiele-publicatie>"
    ).encode()


def koop_html(doc_id: str, zaak: str, rows: list[str]) -> bytes:
    metas = [
        f'<meta name="DC.identifier" content="{doc_id}">',
        f'<meta name="DC.title" content="{FICTIEF}">',
        f'<meta name="OVERHEIDop.vraagnummer" content="{zaak}">',
    ] + [f'<meta name="OVERHEIDop.aanhangsel" content="{r}">' for r in rows]
    return (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8"><title>{FICTIEF}</title>'
        f'{"".join(metas)}</head><body><main><div class="stuk">'
        f'<h1 class="kamervraagomschrijving_kop">{FICTIEF}</h1>'
        f'<p class="kamervraagomschrijving">Vragen over ids (ingezonden 2099-01-02). {FICTIEF}</p>'
        f'<div class="vraag"><h2>Vraag 1</h2><p>Wie hoort bij wie?</p></div>'
        "</div></main></body></html>"
    ).encode()


def zaak_json(number: str, external_ids: list[str]) -> bytes:
    docs = [
        {
            "Soort": "Antwoord schriftelijke vragen"
            if i.startswith("ah-")
            else "Schriftelijke vragen",
            "DocumentNummer": f"2099D{n:05d}",
            "Verwijderd": False,
            "DocumentVersie": [{"Versienummer": 1, "ExterneIdentifier": i, "Verwijderd": False}],
        }
        for n, i in enumerate(external_ids)
    ]
    zaak = {
        "Nummer": number,
        "Soort": "Schriftelijke vragen",
        "Titel": FICTIEF,
        "GestartOp": "2099-01-02T00:00:00+01:00",
        "Verwijderd": False,
        "Document": docs,
    }
    return json.dumps({"value": [zaak]}).encode()


def sru(records: list[tuple[str, str]]) -> bytes:
    recs = "".join(
        "<record><recordData><gzd><originalData><meta><owmskern>"
        f"<identifier>{i}</identifier><title>{FICTIEF}</title></owmskern><tpmeta>"
        f"<vraagnummer>{z}</vraagnummer></tpmeta></meta></originalData></gzd></recordData>"
        "</record>"
        for i, z in records
    )
    return (
        f"<!-- {FICTIEF} --><searchRetrieveResponse><numberOfRecords>{len(records)}"
        f"</numberOfRecords><records>{recs}</records></searchRetrieveResponse>"
    ).encode()


# -- the check -------------------------------------------------------------------------


def sets_broken(baseline: dict[str, set[str]], after: dict[str, str], replaced: set[str]) -> int:
    """How many original sets lost their unity or share a group with another set.

    ``baseline``: group key → its files; ``after``: file → group key. Files the attack
    overwrote (``replaced``) are the attacker's now and are not counted as the set's.
    """
    broken = 0
    owner: dict[str, str] = {}
    # A file the attack overwrote speaks for its document now: that document's other
    # files follow what it says, so they are the attack's too.
    taken = {n.split(".", 1)[0] for n in replaced}
    for key, names in baseline.items():
        mine = [n for n in names if n.split(".", 1)[0] not in taken]
        groups = {after.get(n) for n in mine}
        if len(groups) != 1:
            broken += 1
            continue
        group = groups.pop()
        if group in owner:
            broken += 1
        owner[group] = key
    return broken


def _partition(groups) -> dict[str, str]:
    return {name: g.key for g in groups for name in g.names}


def _by_key(after: dict[str, str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, key in after.items():
        out.setdefault(key, set()).add(name)
    return out


def _index_partition(root: Path) -> dict[str, str]:
    con = sqlite3.connect(f"file:{root / 'index.sqlite'}?mode=ro", uri=True)
    try:
        return dict(con.execute("SELECT name, group_key FROM files").fetchall())
    finally:
        con.close()


def _attacks() -> list[tuple[str, str, bytes]]:
    """(label, file name, bytes): each names ids of sets it does not belong to."""
    koop, zaken = _sample_ids()
    everything = koop + zaken
    answers = [i for i in koop if i.startswith("ah-")]
    # answers[0] must be the old set's answer, which names no zaak of its own but is listed
    # by its questions document (kv-tk-{vergaderjaar}-KVR…): put it first.
    old = [a for a in answers if any(q.startswith(f"kv-tk-{a[6:14]}-") for q in koop)]
    answers = old[:1] + [a for a in answers if a not in old[:1]]
    lone = [a for a in answers if a[6:10] < "2000"]  # a 1990s answer no questions list
    questions = [i for i in koop if i.startswith("kv-")]
    first, second = zaken[0], zaken[1]
    own = "ah-tk-20982099-6601"
    respelled = [i.upper() for i in koop] + [i.replace("-", "-0", 2)[:30] for i in answers]
    # The finding itself: ~3 KB of aanhangsel rows naming every set, in every shape:
    # (what, the record's own id, its vraagnummer, the rows, in the owms form).
    rows_shapes = [
        ("own set", own, HOSTILE_ZAAK, everything, False),
        ("no vraagnummer", own, None, everything, False),
        ("no id at all", None, None, everything, False),
        ("claims a real set", own, first, everything, False),
        ("owms form", own, HOSTILE_ZAAK, everything, True),
        ("answers only", own, HOSTILE_ZAAK, answers, False),
        ("questions only", own, HOSTILE_ZAAK, questions, False),
        ("respelled ids", own, HOSTILE_ZAAK, respelled, False),
    ]
    out = [
        (
            f"aanhangsel rows, {what}",
            f"{doc_id or 'kv-tk-2099Z06602'}.metadata.xml",
            metadata(doc_id, zaak, rows, owms=owms),
        )
        for what, doc_id, zaak, rows, owms in rows_shapes
    ]
    out += [
        (
            "html head aanhangsel",
            "kv-tk-2099Z06603.html",
            koop_html("kv-tk-2099Z06603", "2099Z06603", everything),
        ),
        (
            "html head, claims a real set",
            "kv-tk-2099Z06604.html",
            koop_html("kv-tk-2099Z06604", second, everything),
        ),
        (
            "odata zaak lists foreign ids",
            f"zaak-{HOSTILE_ZAAK}.json",
            zaak_json(HOSTILE_ZAAK, koop),
        ),
        (
            "odata zaak of a real set lists foreign ids",
            f"zaak-{first}.json",
            zaak_json(first, koop),
        ),
        ("ah xml header names another zaak", f"{answers[0]}.xml", koop_xml(answers[0], second)),
        (
            "ah xml, fresh id, another zaak",
            "ah-tk-20982099-6605.xml",
            koop_xml("ah-tk-20982099-6605", second),
        ),
        ("kv-tk named like another set", f"kv-tk-{second}.xml", koop_xml(f"kv-tk-{first}", first)),
        (
            "kv-tk named like another set, other content zaak",
            f"kv-tk-{first}.xml",
            koop_xml(f"kv-tk-{second}", HOSTILE_ZAAK),
        ),
        # A second file claiming to be the old set's answer, under a name that is no id.
        (
            "a stray's double under another name",
            f"x1-{answers[0]}.xml",
            koop_xml(answers[0], second),
        ),
        (
            "a stray's double as metadata",
            f"x2-{answers[0]}.metadata.xml",
            metadata(answers[0], second, []),
        ),
    ]
    # SRU answers are not kept by import, but grouping reads them wherever they come from.
    out += [
        ("sru records name every id", "sru-listing.xml", sru([(i, HOSTILE_ZAAK) for i in koop])),
        (
            "sru records spread ids over zaken",
            "sru-spread.xml",
            sru([(i, zaken[n % len(zaken)]) for n, i in enumerate(reversed(koop))]),
        ),
        ("sru single record, wrong zaak", "sru-one.xml", sru([(answers[1], second)])),
        # answers[0] is the old set's answer, which names no zaak of its own.
        ("sru single record names a stray answer", "sru-stray.xml", sru([(answers[0], second)])),
        (
            "sru listing places a stray answer",
            "sru-strays.xml",
            sru([(answers[0], second), (f"kv-tk-{second}", second)]),
        ),
    ]
    # A lone 1990s answer (no questions document names it) cannot be placed in a set of
    # another period by anything a file says.
    for n, stray in enumerate(lone):
        out += [
            ("sru places a lone old answer", f"sru-lone{n}.xml", sru([(stray, second)])),
            (
                "odata zaak lists a lone old answer",
                f"zaak-{first}.json",
                zaak_json(first, [stray]),
            ),
            (
                "html questions name a lone old answer",
                f"kv-tk-2099Z0670{n}.html",
                koop_html(f"kv-tk-2099Z0670{n}", f"2099Z0670{n}", [stray]),
            ),
        ]
    return out


ATTACKS = _attacks() if SAMPLE.is_dir() else []


def _baseline() -> tuple[dict[str, object], dict[str, set[str]]]:
    items = {p.name: parse_source(p.read_bytes(), p.name) for p in sorted(SAMPLE.iterdir())}
    return items, _by_key(_partition(group_sources(items)))


# -- group_sources: every shape, alone and all at once -----------------------------------


@pytest.mark.parametrize(("label", "name", "data"), ATTACKS, ids=[a[0] for a in ATTACKS])
def test_group_sources_resists(label, name, data, tally):
    _need_sample()
    items, baseline = _baseline()
    assert len(baseline) >= 13  # the sets these attacks were written against
    attacked = dict(items)
    attacked[name] = parse_source(data, name)
    after = _partition(group_sources(attacked))
    broken = sets_broken(baseline, after, {name})
    tally["grouping_attacks"] += 1
    tally["sets_merged"] += broken
    assert broken == 0, label
    # The hostile file stays alone or joins one set, and takes nobody else along.
    taken = name.split(".", 1)[0]
    joined = {
        key
        for key, names in baseline.items()
        for n in names
        if n.split(".", 1)[0] != taken and after.get(n) == after[name]
    }
    assert len(joined) <= 1, joined


def test_group_sources_resists_every_attack_at_once(tally):
    _need_sample()
    items, baseline = _baseline()
    attacked = dict(items)
    names = set()
    for n, (_label, name, data) in enumerate(ATTACKS):
        unique = name if name not in names else f"x{n}-{name}"
        names.add(unique)
        attacked[unique] = parse_source(data, unique)
    after = _partition(group_sources(attacked))
    broken = sets_broken(baseline, after, names)
    tally["grouping_attacks"] += 1
    tally["sets_merged"] += broken
    assert broken == 0


@pytest.mark.parametrize("size", [1, 10, 100, 1000])
def test_many_sets_one_metadata(size, tally):
    """Sets that grow: ``size`` generated sets, one metadata naming all their answers."""
    from kvtui.model import DocKind
    from kvtui.parse import ParsedSource
    from kvtui.parse.sniff import SourceType
    from kvtui.records import DocumentMetadata, ParsedDocument

    items = {}
    for i in range(size):
        zaak, ah = f"2098Z{i:05d}", f"ah-tk-20972098-{i + 1}"
        doc = ParsedDocument(id=ah, kind=DocKind.ANSWER, zaak_number=zaak)
        items[f"{ah}.xml"] = ParsedSource(SourceType.KOOP_XML, document=doc)
        q = ParsedDocument(id=f"kv-tk-{zaak}", kind=DocKind.QUESTIONS, zaak_number=zaak)
        items[f"kv-tk-{zaak}.xml"] = ParsedSource(SourceType.KOOP_XML, document=q)
    baseline = _by_key(_partition(group_sources(items)))
    rows = [n.split(".")[0] for n in items]
    md = DocumentMetadata(id="ah-tk-20982099-1", zaak_number=None, appendices=rows)
    items["ah-tk-20982099-1.metadata.xml"] = ParsedSource(SourceType.METADATA, metadata=md)
    after = _partition(group_sources(items))
    broken = sets_broken(baseline, after, {"ah-tk-20982099-1.metadata.xml"})
    tally["grouping_attacks"] += 1
    tally["sets_merged"] += broken
    assert len(baseline) == size and broken == 0


# -- import and reindex -------------------------------------------------------------------


IMPORT_SHAPES = [a for a in ATTACKS if not a[1].startswith("sru-")]


@pytest.fixture(scope="module")
def imported_sample(tmp_path_factory) -> tuple[Path, dict[str, set[str]]]:
    _need_sample()
    root = tmp_path_factory.mktemp("sample") / "cache"
    c = Cache(root)
    report = c.import_paths([SAMPLE])
    c.close()
    assert not report.failed, report.failed
    return root, _by_key(_index_partition(root))


@pytest.mark.parametrize(
    ("label", "name", "data"), IMPORT_SHAPES, ids=[a[0] for a in IMPORT_SHAPES]
)
def test_import_then_reindex_resists(imported_sample, tmp_path, label, name, data, tally):
    base_root, baseline = imported_sample
    root = tmp_path / "cache"
    shutil.copytree(base_root, root)
    hostile = tmp_path / "in" / name
    hostile.parent.mkdir()
    hostile.write_bytes(data)
    koop, zaken = _sample_ids()
    c = Cache(root)
    try:
        found_before = {i: c.get(i).number for i in koop + zaken}
        c.import_paths([hostile])
        stored = {n for n in c.source_names() if c.read_source(n) == data}
        taken = {n.split(".", 1)[0] for n in stored}
        after = _index_partition(root)
        broken = sets_broken(baseline, after, stored)
        # Look-ups too: every id of another set still finds its own set.
        moved = {i for i in found_before if i not in taken and c.get(i).number != found_before[i]}
        c.reindex()
        after_reindex = _index_partition(root)
        broken += sets_broken(baseline, after_reindex, stored)
        moved |= {i for i in found_before if i not in taken and c.get(i).number != found_before[i]}
        listed = len(c.rows())
    finally:
        c.close()
    tally["grouping_attacks"] += 2
    tally["sets_merged"] += broken + len(moved)
    assert broken == 0, label
    assert not moved, (label, moved)
    assert listed >= 13, label


def test_reindex_of_files_named_like_other_sets(imported_sample, tmp_path, tally):
    """Files put straight into sources/ (a copied cache) under misleading names."""
    base_root, baseline = imported_sample
    _koop, zaken = _sample_ids()
    root = tmp_path / "cache"
    shutil.copytree(base_root, root)
    planted = {
        # A questions file named for one set, holding another set's questions.
        f"kv-tk-{zaken[2]}.xml": koop_xml(f"kv-tk-{zaken[3]}", zaken[3]),
        # A metadata file named for one set's answer, naming every set.
        "ah-tk-20192020-812.metadata.xml": metadata(None, None, _sample_ids()[0] + zaken),
        # A zaak file named for one set, holding another zaak listing all ids.
        f"zaak-{zaken[4]}.json": zaak_json(zaken[5], _sample_ids()[0]),
    }
    for name, data in planted.items():
        (root / "sources" / name).write_bytes(data)
    c = Cache(root)
    try:
        c.reindex()
    finally:
        c.close()
    after = _index_partition(root)
    broken = sets_broken(baseline, after, set(planted))
    tally["grouping_attacks"] += len(planted)
    tally["sets_merged"] += broken
    assert broken == 0


# -- fetch --------------------------------------------------------------------------------


def test_fetch_with_hostile_links_stores_no_foreign_document(monkeypatch, tmp_path, tally):
    """KOOP's metadata of one set names the other sets' answers; OData of another lists
    their ids; an SRU ignores the vraagnummer. Each fetch stores only its own set."""
    import sys

    sys.path.insert(0, str(REPO / "tests"))
    from fakeservices import world
    from fakeservices.helpers import serve

    from kvtui.numbers import parse_number
    from kvtui.services.fetch import fetch_numbers

    sets = world.fictional_sets()
    ids = {s.number: [d.koop_id for d in s.docs if d.koop_id] for s in sets}
    foreign = [i for n, xs in ids.items() if n != "2024Z10003" for i in xs]
    seed = tmp_path / "seed"
    seed.mkdir()
    (seed / "kv-tk-2024Z10003.metadata.xml").write_bytes(
        metadata("kv-tk-2024Z10003", "2024Z10003", foreign)
    )
    gen = serve(monkeypatch, sets, seed_dir=seed)
    fake = next(gen)
    try:
        c = Cache(tmp_path / "cache")
        try:
            report = fetch_numbers(c, [parse_number("2024Z10003")])
            assert report.ok, report.failed
            names = set(c.source_names())
            stored_foreign = {n for n in names if n.split(".", 1)[0] in foreign}
            assert not stored_foreign, stored_foreign
            # Now with the other sets cached: fetching the hostile one again changes none.
            others = [n for n in ids if n != "2024Z10003"]
            assert fetch_numbers(c, [parse_number(n) for n in others]).ok
            baseline = _by_key(_index_partition(tmp_path / "cache"))
            fake.state.sru_vraagnummer = "ignore-silently"
            report = fetch_numbers(c, [parse_number("2024Z10003")], force=True)
            assert report.ok, report.failed
            after = _index_partition(tmp_path / "cache")
            broken = sets_broken(baseline, after, set())
            assert len(c.rows()) == len(sets)
        finally:
            c.close()
    finally:
        gen.close()
    tally["grouping_attacks"] += 2
    tally["sets_merged"] += broken
    assert broken == 0


def test_fetch_of_a_zaak_listing_foreign_documents_merges_nothing(monkeypatch, tmp_path, tally):
    """The Kamer's answer for one zaak lists every other set's KOOP ids (ExterneIdentifier)."""
    import sys

    sys.path.insert(0, str(REPO / "tests"))
    from fakeservices import world
    from fakeservices.helpers import serve

    from kvtui.numbers import parse_number
    from kvtui.services.fetch import fetch_numbers

    sets = world.fictional_sets()
    others = [s.number for s in sets if s.number != "2024Z10003"]
    foreign = [d.koop_id for s in sets if s.number != "2024Z10003" for d in s.docs if d.koop_id]
    gen = serve(monkeypatch, sets, seed_dir=tmp_path / "seed")
    next(gen)
    broken = 0
    try:
        c = Cache(tmp_path / "cache")
        try:
            assert fetch_numbers(c, [parse_number(n) for n in others]).ok
            baseline = _by_key(_index_partition(tmp_path / "cache"))
            found_before = {i: c.get(i).number for i in foreign + others}
            (tmp_path / "seed").mkdir()
            (tmp_path / "seed" / "zaak-2024Z10003.json").write_bytes(
                zaak_json("2024Z10003", ["kv-tk-2024Z10003", *foreign])
            )
            report = fetch_numbers(c, [parse_number("2024Z10003")])
            assert report.ok, report.failed
            broken = sets_broken(baseline, _index_partition(tmp_path / "cache"), set())
            moved = {i for i, n in found_before.items() if c.get(i).number != n}
            assert c.get("2024Z10003").number == "2024Z10003"
        finally:
            c.close()
    finally:
        gen.close()
    tally["grouping_attacks"] += 1
    tally["sets_merged"] += broken + len(moved)
    assert broken == 0 and not moved, moved


@pytest.mark.parametrize("seed", range(12))
def test_random_mixes_of_attacks_in_any_order(seed, tally):
    """Any subset of the attacks, in any order, as one batch: no set breaks, and the
    groups do not depend on the order in which the files arrive."""
    import random

    _need_sample()
    rng = random.Random(seed)
    items, baseline = _baseline()
    chosen = rng.sample(ATTACKS, rng.randint(2, len(ATTACKS)))
    attacked = dict(items)
    names = set()
    for n, (_label, name, data) in enumerate(chosen):
        unique = name if name not in attacked or name in names else f"x{n}-{name}"
        unique = unique if unique not in names else f"y{n}-{name}"
        names.add(unique)
        attacked[unique] = parse_source(data, unique)
    expected = group_sources(attacked)
    broken = sets_broken(baseline, _partition(expected), names)
    keys = list(attacked)
    for _ in range(3):
        rng.shuffle(keys)
        assert group_sources({k: attacked[k] for k in keys}) == expected
    tally["grouping_attacks"] += len(chosen)
    tally["sets_merged"] += broken
    assert broken == 0, [c[0] for c in chosen]
