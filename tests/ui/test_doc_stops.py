"""Issue 10, bug 4: ``]`` from the top lands on Vraag 1, and ``]``/``[`` walk every
question, then the further answers and the notices – the reader never has to scroll to
find a nader antwoord or a Mededeling. All content is FICTIEF (made up for kvtui's tests).
"""

from __future__ import annotations

import pytest
from fakes import TODAY, FakeCache, settle
from test_doc_view import sample_kv

from kvtui.ui.app import KvtuiApp
from kvtui.ui.config import Config


@pytest.fixture(autouse=True)
def _no_real_config(tmp_path, monkeypatch):
    monkeypatch.setenv("KVTUI_CONFIG_DIR", str(tmp_path / "config"))


def top_line(view) -> str:
    """The first line of the block that starts at the top of the view."""
    for i, block in enumerate(view._blocks):
        if view.block_span(i)[0] == round(view.scroll_y):
            return block.content.plain.split("\n", 1)[0]
    return ""


async def walk(pilot, view, key: str, limit: int = 40) -> list[str]:
    seen: list[str] = []
    for _ in range(limit):
        before = (view.scroll_y, view.current_stop)
        await pilot.press(key)
        await settle(pilot, 0.05)
        if (view.scroll_y, view.current_stop) == before:
            break
        seen.append(top_line(view) if view.scroll_y < view.max_scroll_y else "(end)")
    return seen


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
async def test_brackets_walk_every_question_then_further_answers_and_notices(size):
    kv = sample_kv()
    kv.questions += [q for q in sample_kv(number="x").questions[:2]]  # a longer set
    app = KvtuiApp(FakeCache([kv]), today=TODAY, config=Config())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.doc_view
        assert view.scroll_y == 0
        forward = await walk(pilot, view, "right_square_bracket")
        # the first ] lands on Vraag 1, not Vraag 2
        assert forward[0] == "Vraag 1"
        labels = [line for line in forward if line != "(end)"]
        for label in ("Vraag 1", "Vraag 2", "Vraag 3", "Vraag 4"):
            assert label in labels
        # past the questions: the further answer and the notice are stops too. The last
        # stops may sit on the last screen (the view cannot scroll them to the top).
        assert view.current_part in ("notice", "further", "loose")
        assert len(forward) == len(view._stops)
        assert "notice" in {view._blocks[b].kind for b in view._stops}
        assert "further" in {view._blocks[b].kind for b in view._stops}
        # [ walks back the same way, to the top (the header)
        back = await walk(pilot, view, "left_square_bracket")
        assert len(back) == len(view._stops)
        assert view.scroll_y == 0 and view.current_stop == -1
        await pilot.press("right_square_bracket")
        await settle(pilot, 0.05)
        assert top_line(view) == "Vraag 1" and "Vraag 1/" in app.screen._doc_position()


async def test_position_after_the_questions_names_the_part():
    kv = sample_kv()
    app = KvtuiApp(FakeCache([kv]), today=TODAY, config=Config())
    async with app.run_test(size=(80, 60)) as pilot:  # tall: every stop can reach the top
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.doc_view
        parts = []
        for _ in range(len(view._stops)):
            await pilot.press("right_square_bracket")
            await settle(pilot, 0.05)
            parts.append(app.screen._doc_position().split(" · ")[1])
        assert parts[0] == "Vraag 1/7"
        assert "Nader antwoord" in parts and "Mededeling" in parts
