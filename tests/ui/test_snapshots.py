"""SVG snapshots of the list (80×24 and 160×48) on the repository's sample cache.

Stable by construction: fixed ``today``, default theme (an empty ``Config``), animations
off, the sample sources copied to a fresh directory (``sample_app`` in conftest.py). When
the sample cache changes on purpose, regenerate with ``pytest tests/ui/test_snapshots.py
--snapshot-update`` and look at the SVGs before committing them.
"""

from __future__ import annotations

from fakes import settle


def test_list_80x24(snap_compare, sample_app):
    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=settle)


def test_list_160x48_side_by_side(snap_compare, sample_app):
    assert snap_compare(sample_app, terminal_size=(160, 48), run_before=settle)


def test_list_filtered_80x24(snap_compare, sample_app):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("slash", *"wacht")
        await settle(pilot)

    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=run_before)


def test_help_80x24(snap_compare, sample_app):
    async def run_before(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=run_before)
