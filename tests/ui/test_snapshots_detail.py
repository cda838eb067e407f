"""SVG snapshots of the detail view and the fetch dialog, 80×24 and 160×48, on the sample cache.

Stable by construction: a fixed ``today``, the default theme (an empty ``Config``),
animations off, and the repository's sample sources (FICTIEF, written by the project)
indexed into a fresh directory (``sample_app`` in conftest.py). When the layout changes
on purpose, regenerate with ``pytest tests/ui/test_snapshots_detail.py --snapshot-update``
and look at the SVGs before committing them.
"""

from __future__ import annotations

from fakes import settle


async def _settle(pilot) -> None:
    await settle(pilot, 0.2)


def _open(number: str, *keys: str):
    async def run_before(pilot) -> None:
        await _settle(pilot)
        assert pilot.app.get_main_screen().open_number(number)
        await _settle(pilot)
        if keys:
            await pilot.press(*keys)
            await _settle(pilot)

    return run_before


def test_detail_80x24(snap_compare, sample_app):
    """Postponed, then answered: header, the first question and its answer."""
    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=_open("2025Z02291"))


def test_detail_160x48_side_by_side(snap_compare, sample_app):
    assert snap_compare(sample_app, terminal_size=(160, 48), run_before=_open("2025Z02291"))


def test_detail_combined_answer_80x24(snap_compare, sample_app):
    """``]`` three times: question 3 of a set whose answer to 2 and 3 is combined."""
    run_before = _open("2020Z08817", *["right_square_bracket"] * 3)
    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=run_before)


def test_search_result_80x24(snap_compare, sample_app):
    """``s zeewier`` Enter Enter: the result opens on its marked passage, with the
    position (question, match, result) in the title bar."""

    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("s", *"zeewier")
        await _settle(pilot)
        await pilot.press("enter", "enter")
        await _settle(pilot)

    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=run_before)


def _fetch_dialog(text: str):
    async def run_before(pilot) -> None:
        await _settle(pilot)
        await pilot.press("f")
        await _settle(pilot)
        field = pilot.app.screen.query_one("#fetch-input")
        # The cursor blinks on a 0.5 s timer: under load the picture caught it on or off.
        field.cursor_blink = False
        field.value = text
        await _settle(pilot)

    return run_before


def test_fetch_dialog_80x24(snap_compare, sample_app):
    run_before = _fetch_dialog("kv-tk-2020z12161")
    assert snap_compare(sample_app, terminal_size=(80, 24), run_before=run_before)


def test_fetch_dialog_invalid_160x48(snap_compare, sample_app):
    run_before = _fetch_dialog("2020X12161")
    assert snap_compare(sample_app, terminal_size=(160, 48), run_before=run_before)
