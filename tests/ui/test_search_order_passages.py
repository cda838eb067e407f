"""The reader's search on a real index: the title says when the results are newest first
(more found than relevance ranks), and passages are cut only for the hits drawn, with
the list looking exactly as when every passage is cut at once.

The cache is made by ``benchmarks/generate_cache.py`` (every text FICTIEF, marked
GEGENEREERD), so the searches run through SQLite and FTS5 like a user's.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from fakes import TODAY, screen_text, settle

from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config
from kvtui.ui.widgets import doc_list as doc_list_module
from kvtui.ui.widgets.doc_list import DocList

REPO = Path(__file__).resolve().parents[2]
COUNT = 40  # sets: more than a 100×30 screen shows as hits (13, two lines each)


@pytest.fixture(scope="module")
def cache_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Sets made and imported by the generator, as ``bench_ui.py`` makes its caches."""
    pytest.importorskip("kvtui.store.cache", reason="needs the store (kvtui.store.cache)")
    root = tmp_path_factory.mktemp("generated") / "cache"
    script = REPO / "benchmarks" / "generate_cache.py"
    made = subprocess.run(
        [sys.executable, str(script), str(root), "--count", str(COUNT), "--seed", "3"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    return root


@pytest.fixture
def cache(cache_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from kvtui.store.cache import Cache

    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    with Cache(cache_root, today=TODAY) as opened:
        yield opened


async def _search(cache, query: str) -> tuple[str, list, KvtuiApp]:
    """Search in a fresh reader; the title bar and the hits as listed."""
    app = KvtuiApp(cache, today=TODAY, config=Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s", *query, "enter")
        await settle(pilot)
        title = screen_text(app).splitlines()[0]
        return title, list(app.query_one(DocList).hits or []), app


# -- the title says when the results are newest first --------------------------------


@pytest.mark.parametrize("most", [1, 5, COUNT - 1])
async def test_the_title_says_newest_first_when_more_are_found_than_ranked(
    cache, monkeypatch, most
):
    from kvtui.store import search

    monkeypatch.setattr(search, "RANK_MAX", most)
    title, hits, _app = await _search(cache, "fictief")
    assert len(hits) == COUNT
    assert f"{COUNT} results, newest first" in title, title
    dates = [h.submitted for h in hits if h.submitted]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("most", [COUNT, COUNT + 1, 5_000])
async def test_the_title_says_nothing_of_order_when_every_result_is_ranked(
    cache, monkeypatch, most
):
    from kvtui.store import search

    monkeypatch.setattr(search, "RANK_MAX", most)
    title, hits, _app = await _search(cache, "fictief")
    assert len(hits) == COUNT
    assert "newest first" not in title and f"{COUNT} results" in title, title


async def test_a_query_of_fields_alone_is_not_said_to_be_unranked(cache, monkeypatch):
    """A field alone asks no relevance: date order is what it always has."""
    from kvtui.store import search

    monkeypatch.setattr(search, "RANK_MAX", 1)
    title, hits, _app = await _search(cache, "sinds:2000-01-01")
    assert hits and "newest first" not in title, title


async def test_a_capped_list_says_both_of_how_many_and_in_which_order(cache, monkeypatch):
    from kvtui.store import search
    from kvtui.ui.screens import main

    monkeypatch.setattr(search, "RANK_MAX", 3)
    monkeypatch.setattr(main, "SEARCH_LIMIT", 10)
    title, hits, _app = await _search(cache, "fictief")
    assert len(hits) == 10
    assert f"first 10 of {COUNT} results, newest first" in title, title


async def test_newest_first_is_said_in_dutch(cache, monkeypatch):
    from kvtui.store import search

    monkeypatch.setenv("KVTUI_LANGUAGE", "nl")
    monkeypatch.setattr(search, "RANK_MAX", 2)
    title, _hits, _app = await _search(cache, "fictief")
    assert f"{COUNT} resultaten, nieuwste eerst" in title, title


# -- passages only for what is seen -------------------------------------------------------


def _hit_lines(text: str) -> list[str]:
    """The result list's lines of a screen (between the title/header and the footer)."""
    return text.splitlines()[2:-2]


@pytest.mark.parametrize("size", [(100, 30), (80, 24), (140, 50)])
async def test_the_list_looks_the_same_with_passages_cut_when_drawn(cache, monkeypatch, size):
    from kvtui.ui.screens import main

    screens = {}
    for first in (main.SEARCH_LIMIT, 2):  # every passage at once, then two and the rest drawn
        monkeypatch.setattr(main, "FIRST_PASSAGES", first)
        app = KvtuiApp(cache, today=TODAY, config=Config())
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await pilot.press("s", *"fictief", "enter")
            await settle(pilot)
            seen = [screen_text(app)]
            await pilot.press("G")  # the last result, and the passages on the way there
            await settle(pilot)
            seen.append(screen_text(app))
            await pilot.press("g")
            await settle(pilot)
            seen.append(screen_text(app))
        screens[first] = seen
    assert screens[2] == screens[main.SEARCH_LIMIT]
    assert "fictief" in "\n".join(_hit_lines(screens[2][1])).casefold()


async def test_only_the_hits_drawn_and_a_few_ahead_get_passages(cache, monkeypatch):
    from kvtui.ui.screens import main

    monkeypatch.setattr(main, "FIRST_PASSAGES", 2)
    cut: list[str] = []
    real = cache.passage

    def passage(number, terms):
        cut.append(number)
        return real(number, terms)

    monkeypatch.setattr(cache, "passage", passage)
    app = KvtuiApp(cache, today=TODAY, config=Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("s", *"fictief", "enter")
        await settle(pilot)
        doc_list = app.query_one(DocList)
        hits = doc_list.hits or []
        shown = doc_list.scrollable_content_region.height // 2
        assert len(hits) == COUNT > shown + doc_list_module.PASSAGES_AHEAD
        # the search cut two; drawing cut the rest of the screen and a few ahead, once each
        assert len(cut) == len(set(cut))
        assert shown - 2 <= len(cut) <= shown + doc_list_module.PASSAGES_AHEAD
        assert all(h.snippet is not None for h in hits[:shown])
        assert any(h.snippet is None for h in hits)
        await pilot.press("G")
        await settle(pilot)
        assert hits[-1].snippet and "\ue000" in hits[-1].snippet
        assert len(cut) == len(set(cut)) < COUNT  # the middle was never drawn


async def test_a_passage_that_cannot_be_cut_leaves_the_row(cache, monkeypatch):
    from kvtui.ui.screens import main

    monkeypatch.setattr(main, "FIRST_PASSAGES", 0)

    def gone(number, terms):
        raise OSError("disk gone")

    monkeypatch.setattr(cache, "passage", gone)
    title, hits, _app = await _search(cache, "fictief")
    assert len(hits) == COUNT and f"{COUNT} results" in title
    assert all(h.snippet in ("", None) for h in hits)
