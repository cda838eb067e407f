"""Grouping source files per Kamervraag, and the cache file-name convention."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest

from kvtui.cachenames import CacheKind, cache_name, parse_cache_name
from kvtui.grouping import SourceGroup, group_sources
from kvtui.model import DocKind
from kvtui.parse import ParsedSource, parse_source
from kvtui.parse.sniff import SourceType
from kvtui.parse.sru import SruResult
from kvtui.records import DocumentMetadata, ParsedDocument, SruRecord, TkDocument, Zaak

FIX = Path(__file__).parent / "fixtures" / "meta"


def doc(doc_id: str | None, zaak: str | None = None, related: tuple[str, ...] = ()) -> ParsedSource:
    parsed = ParsedDocument(id=doc_id, kind=DocKind.UNKNOWN, zaak_number=zaak)
    parsed.related_ids = list(related)
    return ParsedSource(SourceType.KOOP_XML, document=parsed)


def meta(doc_id: str | None, zaak: str | None = None, appendices=()) -> ParsedSource:
    md = DocumentMetadata(id=doc_id, zaak_number=zaak, appendices=list(appendices))
    return ParsedSource(SourceType.METADATA, metadata=md)


def zaak(number: str, *docs: TkDocument) -> ParsedSource:
    return ParsedSource(SourceType.ODATA_ZAAK, zaken=[Zaak(number=number, documents=list(docs))])


ANSWER_WITHOUT_ID = TkDocument(
    "Antwoord schriftelijke vragen", None, None, "2030-2031", "303100007"
)


def _as_dict(groups: list[SourceGroup]) -> dict[str, list[str]]:
    return {g.key: g.names for g in groups}


# --- link rules ---------------------------------------------------------------------


def test_new_style_set_groups_under_its_zaak_number():
    items = {
        "kv-tk-2031Z00001.xml": doc("kv-tk-2031Z00001", "2031Z00001"),
        "kv-tk-2031Z00001.metadata.xml": meta("kv-tk-2031Z00001", "2031Z00001"),
        "ah-tk-20302031-117.xml": doc("ah-tk-20302031-117", "2031Z00001"),
        "ah-tk-20302031-117.metadata.xml": meta("ah-tk-20302031-117"),  # linked by its id only
        "zaak-2031Z00001.json": zaak("2031Z00001"),
    }
    assert _as_dict(group_sources(items)) == {"2031Z00001": sorted(items)}


def test_each_link_rule_on_its_own():
    cases = {
        "kv-tk id carries its zaak": {
            "kv-tk-2031Z00002.xml": doc(None),
            "zaak-2031Z00002.json": zaak("2031Z00002"),
        },
        "metadata aanhangsel": {
            "kv-tk-2031Z00002.metadata.xml": meta(None, None, ["ah-tk-20302031-5"]),
            "ah-tk-20302031-5.xml": doc(None),
        },
        "html head aanhangsel": {
            "kv-tk-2031Z00002.html": doc("kv-tk-2031Z00002", related=("ah-tk-20302031-5",)),
            "ah-tk-20302031-5.xml": doc(None),
        },
        "OData external id": {
            "zaak-2031Z00002.json": zaak(
                "2031Z00002", TkDocument("Mededeling", None, None, external_id="ah-tk-20302031-6")
            ),
            "ah-tk-20302031-6.metadata.xml": meta(None),
        },
        "OData constructed id": {
            "zaak-2031Z00002.json": zaak("2031Z00002", ANSWER_WITHOUT_ID),
            "ah-tk-20302031-7.xml": doc(None),
        },
        "document zaak number": {
            "ah-tk-20302031-8.xml": doc(None, "2031Z00002"),
            "zaak-2031Z00002.json": zaak("2031Z00002"),
        },
        "metadata vraagnummer": {
            "ah-tk-20302031-9.metadata.xml": meta(None, "2031z00002"),
            "kv-tk-2031Z00002.xml": doc(None),
        },
    }  # fmt: skip
    for label, items in cases.items():
        groups = group_sources(items)
        assert len(groups) == 1, label
        assert groups[0].names == sorted(items), label
        assert groups[0].key == "2031Z00002", label


def test_old_set_is_keyed_by_its_kv_id():
    items = {
        "kv-tk-20072008-KVR31999.xml": doc("kv-tk-20072008-KVR31999"),
        "kv-tk-20072008-KVR31999.metadata.xml": meta(None, None, ["ah-tk-20072008-1999"]),
        "ah-tk-20072008-1999.xml": doc("ah-tk-20072008-1999"),
    }
    assert _as_dict(group_sources(items)) == {"kv-tk-20072008-KVR31999": sorted(items)}


def test_unlinked_sources_are_never_lost():
    items = {
        "ah-tk-20302031-50.xml": doc(None),  # an answer whose set is unknown
        "kv-tk-2031Z00003.xml": doc(None),
        "import-1.xml": ParsedSource(SourceType.KOOP_XML, document=None),
        "zaak-2031Z00004.json": zaak("2031Z00004"),
    }
    groups = group_sources(items)
    assert _as_dict(groups) == {
        "ah-tk-20302031-50": ["ah-tk-20302031-50.xml"],
        "2031Z00003": ["kv-tk-2031Z00003.xml"],
        "import-1.xml": ["import-1.xml"],
        "2031Z00004": ["zaak-2031Z00004.json"],
    }
    assert sorted(n for g in groups for n in g.names) == sorted(items)


def test_separate_sets_stay_separate():
    items = {
        "kv-tk-2031Z00001.xml": doc("kv-tk-2031Z00001", "2031Z00001"),
        "kv-tk-2031Z00002.xml": doc("kv-tk-2031Z00002", "2031Z00002"),
        "ah-tk-20302031-1.xml": doc("ah-tk-20302031-1", "2031Z00001"),
        "ah-tk-20302031-2.xml": doc("ah-tk-20302031-2", "2031Z00002"),
    }
    assert _as_dict(group_sources(items)) == {
        "2031Z00001": ["ah-tk-20302031-1.xml", "kv-tk-2031Z00001.xml"],
        "2031Z00002": ["ah-tk-20302031-2.xml", "kv-tk-2031Z00002.xml"],
    }


def test_a_document_of_two_zaken_does_not_merge_them():
    items = {
        "zaak-2031Z00001.json": zaak("2031Z00001"),
        "zaak-2031Z00002.json": zaak("2031Z00002"),
        "document-2031D00040.json": ParsedSource(
            SourceType.ODATA_DOCUMENT, zaak_numbers=["2031Z00001", "2031Z00002"]
        ),
    }
    assert _as_dict(group_sources(items)) == {
        "2031Z00001": ["document-2031D00040.json", "zaak-2031Z00001.json"],
        "2031Z00002": ["zaak-2031Z00002.json"],
    }


def test_sru_records_link_ids_to_zaken():
    result = SruResult(
        records=[
            SruRecord("kv-tk-2031Z00001", zaak_number="2031Z00001"),
            SruRecord("ah-tk-20302031-117", zaak_number="2031Z00001"),
        ]
    )
    items = {
        "search.xml": ParsedSource(SourceType.SRU, sru=result),
        "ah-tk-20302031-117.xml": doc(None),  # says nothing about its zaak itself
        "zaak-2031Z00001.json": zaak("2031Z00001"),
    }
    assert _as_dict(group_sources(items)) == {"2031Z00001": sorted(items)}


def test_a_listing_sru_answer_does_not_pull_the_file_into_one_set():
    result = SruResult(
        records=[SruRecord("kv-tk-2031Z00001", zaak_number="2031Z00001"),
                 SruRecord("kv-tk-2031Z00002", zaak_number="2031Z00002")]
    )  # fmt: skip
    items = {
        "listing.xml": ParsedSource(SourceType.SRU, sru=result),
        "zaak-2031Z00001.json": zaak("2031Z00001"),
        "zaak-2031Z00002.json": zaak("2031Z00002"),
    }
    assert _as_dict(group_sources(items)) == {
        "2031Z00001": ["zaak-2031Z00001.json"],
        "2031Z00002": ["zaak-2031Z00002.json"],
        "listing.xml": ["listing.xml"],
    }


def test_unsafe_ids_link_nothing():
    items = {
        "a.xml": doc("../../etc/passwd", "2031Z00001/../x"),
        "b.xml": doc("../../etc/passwd", "2031Z00001/../x"),
    }
    assert _as_dict(group_sources(items)) == {"a.xml": ["a.xml"], "b.xml": ["b.xml"]}


def test_key_is_the_most_mentioned_zaak():
    # A stray vraagnummer in one answer's metadata must not rename the whole set.
    items = {
        "zaak-2031Z00001.json": zaak("2031Z00001"),
        "kv-tk-2031Z00001.xml": doc("kv-tk-2031Z00001", "2031Z00001"),
        "ah-tk-20302031-1.xml": doc("ah-tk-20302031-1", "2031Z00001"),
        "ah-tk-20302031-1.metadata.xml": meta("ah-tk-20302031-1", "2031Z00009"),
    }
    (group,) = group_sources(items)
    assert group.key == "2031Z00001"


def test_grouping_does_not_depend_on_order():
    items = {
        "kv-tk-2031Z00001.metadata.xml": meta(None, None, ["ah-tk-20302031-1", "ah-tk-20302031-2"]),
        "ah-tk-20302031-1.xml": doc(None),
        "ah-tk-20302031-2.metadata.xml": meta(None),
        "zaak-2031Z00005.json": zaak("2031Z00005"),
        "kv-tk-2031Z00005.xml": doc(None),
        "other.xml": doc(None),
    }
    expected = group_sources(items)
    rng = random.Random(7)
    for _ in range(20):
        keys = list(items)
        rng.shuffle(keys)
        assert group_sources({k: items[k] for k in keys}) == expected


# --- real files -------------------------------------------------------------------


def test_the_sample_cache_groups_into_its_thirteen_sets(repo_dir):
    sources = repo_dir / "cache" / "sources"
    if not sources.is_dir():
        pytest.skip("the sample cache is absent")
    items = {p.name: parse_source(p.read_bytes(), p.name) for p in sorted(sources.iterdir())}
    groups = group_sources(items)
    keys = [g.key for g in groups]
    assert len(keys) == len(set(keys))
    assert sorted(n for g in groups for n in g.names) == sorted(items)
    by_key = _as_dict(groups)
    # Sets from the sample cache README with the link each one relies on.
    assert by_key["kv-tk-20072008-KVR31522"] == [
        "ah-tk-20072008-1877.metadata.xml",
        "ah-tk-20072008-1877.xml",
        "kv-tk-20072008-KVR31522.metadata.xml",
        "kv-tk-20072008-KVR31522.xml",
    ]  # old form: linked only through OVERHEIDop.aanhangsel
    assert "ah-tk-20242025-2678.xml" in by_key["2025Z11230"]  # id built from Aanhangselnummer
    assert set(by_key["2023Z05120"]) >= {"ah-tk-20222023-2401.xml", "ah-tk-20222023-2789.xml"}
    for key, names in by_key.items():
        if key[:4].isdigit():
            assert f"zaak-{key}.json" in names, key


@pytest.mark.shared
def test_the_seed_set_is_one_group(shared_dir):
    seed = shared_dir / "fixtures" / "seed"
    items = {
        p.name: parse_source(p.read_bytes(), p.name)
        for p in sorted(seed.iterdir())
        if p.name != "expected.json" and p.suffix in (".xml", ".json")
    }
    assert len(items) == 7  # 3 KOOP XML, 3 metadata.xml, 1 OData zaak
    assert _as_dict(group_sources(items)) == {"2020Z12161": sorted(items)}


def test_fictional_fixtures_group_together():
    names = [
        "kv-tk-2031Z00001.metadata.xml",
        "ah-tk-20302031-117.metadata.xml",
        "zaak-2031Z00001.json",
        "sru-2031Z00001.xml",
        "document-2031D00040.json",
    ]
    items = {n: parse_source((FIX / n).read_bytes(), n) for n in names}
    assert _as_dict(group_sources(items)) == {"2031Z00001": sorted(names)}


# --- cache names --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "doc_id", "name"),
    [
        (CacheKind.XML, "kv-tk-2020Z12161", "kv-tk-2020Z12161.xml"),
        (CacheKind.HTML, "kv-tk-2016Z00020", "kv-tk-2016Z00020.html"),
        (CacheKind.METADATA, "ah-tk-20192020-3940", "ah-tk-20192020-3940.metadata.xml"),
        (CacheKind.ZAAK, "2020Z12161", "zaak-2020Z12161.json"),
        ("xml", "kv-tk-20062007-KVR27039", "kv-tk-20062007-KVR27039.xml"),
    ],
)
def test_cache_name_round_trip(kind, doc_id, name):
    assert cache_name(kind, doc_id) == name
    assert parse_cache_name(name) == (CacheKind(kind), doc_id)


@pytest.mark.parametrize(
    "doc_id",
    ["", "../x", "a/b", "a\\b", "a\x00b", "a b", ".hidden", "-x", "x.xml", "é", "x" * 101, None],
)
def test_cache_name_refuses_unsafe_ids(doc_id):
    with pytest.raises(ValueError):
        cache_name(CacheKind.XML, doc_id)


def test_cache_name_refuses_unknown_kinds():
    with pytest.raises(ValueError):
        cache_name("exe", "kv-tk-2020Z12161")


@pytest.mark.parametrize(
    "name",
    [
        "../x.xml",
        "a/b.xml",
        "sub\\kv-tk-2020Z12161.xml",
        "kv-tk-2020Z12161.xml\x00",
        "kv tk.xml",
        ".xml",
        "kv-tk-2020Z12161.XML",
        "kv-tk-2020Z12161.json",
        "zaak-.json",
        "zaak-../x.json",
        "kv-tk-2020Z12161.metadata.html",
        "kv-tk-2020Z12161.xml.tmp",
        "index.sqlite",
        "x" * 200 + ".xml",
        "",
    ],
)
def test_parse_cache_name_refuses_other_names(name):
    assert parse_cache_name(name) is None


def test_parse_cache_name_never_accepts_a_separator():
    """Property: whatever it accepts, cache_name makes again, without a path separator."""
    alphabet = ["a", "Z", "0", "-", ".", "/", "\\", "\x00", " ", "xml", "json", "zaak-", "metadata"]
    for parts in itertools.product(alphabet, repeat=3):
        name = "".join(parts)
        parsed = parse_cache_name(name)
        if parsed is not None:
            assert "/" not in name and "\\" not in name and "\x00" not in name
            assert cache_name(*parsed) == name
