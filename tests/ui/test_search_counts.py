"""Issue 10, bug 5 (the reader's part): the reader reports the true number of search
results – "first 200 of 1,273" when the list is capped – never the cap as the total.
All content is FICTIEF (made up for kvtui's tests).
"""

from __future__ import annotations

import shutil

import pytest
from conftest import SAMPLE
from fakes import TODAY, big_cache, screen_text, settle

from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config
from kvtui.ui.screens.main import SEARCH_LIMIT


@pytest.fixture(autouse=True)
def _no_real_config(tmp_path, monkeypatch):
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))


@pytest.mark.parametrize("n", [1, 7, SEARCH_LIMIT - 1, SEARCH_LIMIT, SEARCH_LIMIT + 1, 1273])
async def test_the_title_and_the_list_header_give_the_true_count(n):
    cache = big_cache(n)  # every set's question says "FICTIEF"
    app = KvtuiApp(cache, today=TODAY, config=Config())
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s", *"fictief")
        await settle(pilot)
        text = screen_text(app)
        shown = min(n, SEARCH_LIMIT)
        if n > SEARCH_LIMIT:
            assert f"first {shown:,} of {n:,} results" in text
            assert f"first {shown:,} of {n:,} search results" in text
        else:
            word = "result" if n == 1 else "results"
            assert f"({n:,} {word})" in text and f"  {n:,} search {word}" in text
            assert "first" not in text
        # the count is asked for only when the list is capped
        assert any(c.startswith("search_count") for c in cache.calls) == (n >= SEARCH_LIMIT)
        await pilot.press("enter", "enter")
        await settle(pilot)
        assert f"result 1 of {n:,}" in screen_text(app).splitlines()[0]


def test_the_index_counts_what_search_would_find(tmp_path):
    from kvtui.store.cache import Cache

    if not SAMPLE.is_dir():
        pytest.skip("the sample cache is not there yet")
    shutil.copytree(SAMPLE, tmp_path / "cache" / "sources")
    with Cache(tmp_path / "cache", today=TODAY) as cache:
        cache.reindex()
        for query in ("zeewier", "fictief", "de", "wind*", "kvtui", "geenwoordditis", "- ,"):
            found = cache.search(query, limit=100_000)
            assert cache.search_count(query) == len(found), query
