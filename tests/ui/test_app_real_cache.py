"""The reader on the real ``Cache``, filled from the repository's sample cache.

The sample sources are copied to a temporary directory so building the index never
touches the repository. Skips (with the reason) while the store or the sample is absent.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fakes import TODAY, screen_text

from kvtui.textsafe import has_controls
from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config
from kvtui.ui.widgets.doc_list import DocList, one_line

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "cache" / "sources"


@pytest.fixture(scope="module")
def sample_root(tmp_path_factory) -> Path:
    pytest.importorskip("kvtui.store.cache", reason="needs the store (kvtui.store.cache)")
    if not SAMPLE.is_dir() or not any(SAMPLE.iterdir()):
        pytest.skip("the sample cache (cache/sources) is not there yet")
    root = tmp_path_factory.mktemp("cache")
    shutil.copytree(SAMPLE, root / "sources")
    return root


@pytest.fixture
def cache(sample_root, tmp_path, monkeypatch):
    from kvtui.store.cache import Cache

    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))
    c = Cache(sample_root, today=TODAY)
    yield c
    c.close()


async def test_real_cache_lists_filters_searches_and_opens(cache):
    total = cache.count()
    assert total >= 10
    app = KvtuiApp(cache, today=TODAY, config=Config())
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        doc_list = app.query_one(DocList)
        assert len(doc_list.numbers()) == total
        dates = [r.submitted for r in doc_list.rows if r.submitted]
        assert dates == sorted(dates, reverse=True)
        text = screen_text(app)
        for word in ("answered", "postponed", "withdrawn", "overdue"):
            assert word in text
        # filter on a word of one title
        some = next(r for r in doc_list.rows if r.title and len(r.title.split()) > 2)
        word = max(some.title.split(), key=len).strip(".,?")
        await pilot.press("slash", *word.lower())
        await pilot.pause(0.3)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert some.number in doc_list.numbers()
        assert len(doc_list.numbers()) < total
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert len(doc_list.numbers()) == total
        # full-text search finds it by the same word, with the passage
        await pilot.press("s", *word.lower())
        await pilot.pause(0.5)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert doc_list.searching and some.number in [h.number for h in doc_list.hits]
        await pilot.press("enter")
        assert doc_list.move_to(some.number)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.current.number == some.number
        assert cache.state(some.number).read


async def test_hostile_sample_document_is_literal_in_the_list(cache):
    app = KvtuiApp(cache, today=dt.date(2026, 11, 28), config=Config())
    async with app.run_test(size=(110, 30)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        text = screen_text(app)
        assert "\x1b" not in text and "\x07" not in text
        rows = app.query_one(DocList).rows
        hostile = [r for r in rows if r.title and (has_controls(r.title) or "[" in r.title)]
        if not hostile:
            pytest.skip("the sample cache has no markup or controls in a title")
        for row in hostile:  # shown as written, controls as visible stand-ins
            assert one_line(row.title)[:30] in text
        assert app.is_running


def test_reader_refuses_a_bad_number_before_loading_textual(tmp_path):
    code = (
        "import sys\n"
        "from kvtui.cli import main\n"
        "rc = main(['--cache', sys.argv[1], '../../etc/passwd'])\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
        "sys.exit(rc)\n"
    )
    pytest.importorskip("kvtui.cli")
    proc = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 2, proc.stderr
    assert "accepted forms" in proc.stderr
    assert not (tmp_path / "index.sqlite").exists()


def test_run_reader_starts_the_app_with_the_number_and_mouse_flag(tmp_path, monkeypatch):
    import argparse

    from kvtui.cli import reader

    seen = {}

    def fake_run(self, **kw):
        seen.update(kw, number=self.start_number, cache=self.cache.root)

    monkeypatch.setenv("KVTUI_FORCE_TUI", "1")
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "cfg"))
    monkeypatch.setattr(KvtuiApp, "run", fake_run)
    args = argparse.Namespace(cache=tmp_path, number=" 2020z12161 ", no_mouse=True)
    assert reader.run_reader(args) == 0
    assert seen == {"mouse": False, "number": " 2020z12161 ", "cache": tmp_path}
