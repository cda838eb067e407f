"""DocView: the seed's layout, moving between questions, find, and text for copying.

The Kamervraag here is FICTIEF voorbeeld voor kvtui: made up for these tests, shaped
like a real set (a combined answer, an unmatched answer, footnotes, a delay notice, a
nader antwoord) so that every kind of block is shown.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import AsyncIterator

from fakes import screen_text
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.selection import Selection
from textual.style import Style

from kvtui.model import (
    Footnote,
    FurtherAnswer,
    Kamervraag,
    Notice,
    Person,
    Question,
    Sources,
    Status,
)
from kvtui.render.outline import dutch_date
from kvtui.ui.widgets.doc_layout import Layout
from kvtui.ui.widgets.doc_view import DocView, build_blocks
from kvtui.ui.widgets.doc_wrap import block_rows

TODAY = dt.date(2021, 3, 1)
LONG = " ".join(f"Zin {i} van een lang fictief antwoord." for i in range(1, 120))


def sample_kv(**changes: object) -> Kamervraag:
    kv = Kamervraag(
        number="2099Z00001",
        title="FICTIEF voorbeeld voor kvtui: vragen over de proef",
        status=Status.ANSWERED,
        submitted=dt.date(2020, 6, 25),
        answered=dt.date(2020, 8, 31),
        days_to_answer=67,
        submitters=[Person("Anna Voorbeeld", "PvdA")],
        answered_by=[Person("Bert Proef", "VVD", "staatssecretaris van Testzaken")],
        topics=["Openbare orde | Testbeleid"],
        sources=Sources(
            "kv-tk-2099Z00001",
            "ah-tk-20982099-1",
            "https://zoek.officielebekendmakingen.nl/kv-tk-2099Z00001.html",
            "https://zoek.officielebekendmakingen.nl/ah-tk-20982099-1.html",
        ),
        questions=[
            Question(
                1,
                "Kent u het fictieve bericht?",
                "Ja",
                footnotes=[
                    Footnote(
                        1, "Krant, 1 juni 2020 (https://example.org/a)", "https://example.org/a"
                    )
                ],
            ),
            Question(2, "Wat is de omvang?", LONG),
            Question(3, "Waarom gebeurde dit?", "Omdat het een proef was.\n\nTweede alinea."),
            Question(4, "Wie wist ervan?", None),
            Question(5, "Vraag vijf?", "Gecombineerd antwoord op vijf en zes.", numbers=(5, 6)),
            Question(6, "Vraag zes?", None, answer_ref=5),
            Question(None, None, "Een antwoord zonder vraag."),
        ],
        notices=[Notice(dt.date(2020, 7, 17), "De vragen kunnen niet binnen de termijn.")],
        further_answers=[
            FurtherAnswer("ah-tk-20982099-2", dt.date(2020, 9, 9), [Question(4, None, "Later.")])
        ],
        answer_title="Antwoord op vragen van het lid Voorbeeld",
    )
    for key, value in changes.items():
        setattr(kv, key, value)
    return kv


class DocApp(App[None]):
    def __init__(self, kv: Kamervraag | None) -> None:
        super().__init__()
        self.kv = kv
        self.today = TODAY

    def compose(self) -> ComposeResult:
        yield DocView(id="doc")

    async def on_mount(self) -> None:
        view = self.query_one(DocView)
        await view.show(self.kv)
        view.focus()


@contextlib.asynccontextmanager
async def shown(kamervraag: Kamervraag) -> AsyncIterator[tuple[Pilot, DocView]]:
    """``kamervraag`` in a DocView on an 80×24 screen, laid out: the pilot and the view."""
    app = DocApp(kamervraag)
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(DocView)
        await pilot.pause()
        yield pilot, view


def plain(kv: Kamervraag) -> str:
    return "\n\n".join(b.content.plain for b in build_blocks(kv, TODAY))


# -- layout (pure) ------------------------------------------------------------


def test_header_follows_the_seed() -> None:
    text = plain(sample_kv())
    assert text.startswith("Kamervraag 2099Z00001\n\nFICTIEF voorbeeld")
    for line in (
        "Ingediend       25 juni 2020",
        "Beantwoord      31 augustus 2020 (na 67 dagen)",
        "Indiener        Anna Voorbeeld (PvdA)",
        "Beantwoord door Bert Proef (staatssecretaris van Testzaken) (VVD)",
        "Onderwerpen     openbare orde testbeleid",
        "Bron vraag      https://zoek.officielebekendmakingen.nl/kv-tk-2099Z00001.html",
        "Bron antwoord   https://zoek.officielebekendmakingen.nl/ah-tk-20982099-1.html",
        "Kamervraag document nummer: kv-tk-2099Z00001",
        "Kamerantwoord document nummer: ah-tk-20982099-1",
        "Volledige titel: Antwoord op vragen van het lid Voorbeeld",
    ):
        assert line in text


def test_every_question_answer_notice_and_footnote_is_shown() -> None:
    blocks = build_blocks(sample_kv(), TODAY)
    text = "\n\n".join(b.content.plain for b in blocks)
    assert "Vraag 1\nKent u het fictieve bericht?" in text
    assert "Antwoord\nJa" in text
    assert "Zin 119 van een lang fictief antwoord." in text
    assert "Omdat het een proef was.\n\nTweede alinea." in text
    assert "Geen antwoord op deze vraag gevonden in de bron." in text  # question 4
    assert text.count("Gecombineerd antwoord op vijf en zes.") == 1
    assert "Zie antwoord op vraag 5" in text
    assert "Antwoord (zonder bijbehorende vraag)" in text
    assert "Een antwoord zonder vraag." in text
    assert "[1] Krant, 1 juni 2020 (https://example.org/a)" in text
    assert "Mededeling - 17 juli 2020\nDe vragen kunnen niet binnen de termijn." in text
    assert "Nader antwoord - 9 september 2020 (ah-tk-20982099-2)" in text
    assert "Later." in text
    kinds = [b.kind for b in blocks]
    assert kinds[0] == "header" and kinds[-1] == "ids"
    assert {"question", "answer", "footnotes", "notice", "further"} <= set(kinds)


def test_links_come_only_from_url_fields() -> None:
    blocks = build_blocks(sample_kv(), TODAY)
    links = {
        (b.content.plain[s.start : s.end], s.style.link)
        for b in blocks
        for s in b.content.spans
        if isinstance(s.style, Style) and s.style.link
    }
    assert links == {
        ("https://example.org/a", "https://example.org/a"),
        (
            "https://zoek.officielebekendmakingen.nl/kv-tk-2099Z00001.html",
            "https://zoek.officielebekendmakingen.nl/kv-tk-2099Z00001.html",
        ),
        (
            "https://zoek.officielebekendmakingen.nl/ah-tk-20982099-1.html",
            "https://zoek.officielebekendmakingen.nl/ah-tk-20982099-1.html",
        ),
    }


def test_footnote_url_not_in_text_is_appended_and_unsafe_url_is_not_linked() -> None:
    kv = sample_kv(
        questions=[
            Question(
                1,
                "Vraag?",
                "Antwoord.",
                footnotes=[
                    Footnote(1, "Zie de site", "https://example.org/b"),
                    Footnote(2, "Kwaad", "javascript:alert(1)"),
                    Footnote(3, "Ook kwaad", "https://evil\x1b]52;c;eA==\x07"),
                ],
            )
        ]
    )
    notes = next(b for b in build_blocks(kv, TODAY) if b.kind == "footnotes")
    assert "[1] Zie de site (https://example.org/b)" in notes.content.plain
    linked = [s.style.link for s in notes.content.spans if isinstance(s.style, Style)]
    assert linked == ["https://example.org/b"]
    assert "\x1b" not in notes.content.plain


def status_line(kv: Kamervraag) -> str:
    """The header line that says where the set stands (Beantwoord or Status)."""
    header = build_blocks(kv, TODAY)[0].content.plain.split("\n")
    return next(line for line in header if line.startswith(("Beantwoord  ", "Status ")))


def test_status_lines_are_readable_without_colour(dutch) -> None:
    base = sample_kv(answered=None, days_to_answer=None, answered_by=[])
    open_ = status_line(sample_kv(status=Status.OPEN, answered=None))
    assert open_ == "Status          Nog niet beantwoord (open sinds 249 dagen)"
    overdue = status_line(sample_kv(status=Status.OPEN, overdue=True))
    assert overdue.endswith("te laat)")
    postponed = status_line(sample_kv(status=Status.POSTPONED))
    assert "uitgesteld" in postponed
    assert status_line(sample_kv(status=Status.WITHDRAWN)).endswith("Ingetrokken")
    pending = plain(sample_kv(text_pending=True))
    assert "Antwoordtekst   nog niet gepubliceerd" in pending
    assert status_line(base) == "Beantwoord      onbekend"
    assert dutch_date(dt.date(2020, 12, 1)) == "1 december 2020"
    assert dutch_date(None) == "onbekend"
    addressed = plain(sample_kv(status=Status.OPEN))
    assert "Gericht aan     Bert Proef" in addressed and "Beantwoord door" not in addressed


def test_header_values_wrap_under_the_value_and_urls_keep_a_line() -> None:
    header = build_blocks(sample_kv(), TODAY)[0]
    plain = header.content.plain

    def wrapped(width: int) -> list[str]:
        rows = block_rows(plain, width, header.hanging, 16)
        return [(" " * pad + plain[a:b]).rstrip() for pad, a, b in rows]

    lines = wrapped(60)
    assert "Beantwoord door Bert Proef (staatssecretaris van Testzaken)" in lines
    assert lines[
        lines.index("Beantwoord door Bert Proef (staatssecretaris van Testzaken)") + 1
    ] == (" " * 16 + "(VVD)")
    at = lines.index("Bron vraag")
    # A URL wider than the pane has lines of its own, folded only at the width.
    url = "https://zoek.officielebekendmakingen.nl/kv-tk-2099Z00001.html"
    assert lines[at + 1] + lines[at + 2] == url and len(lines[at + 1]) == 60
    assert lines[at + 3].startswith("Bron antwoord")
    wider = wrapped(70)
    assert wider[wider.index("Bron vraag") + 1] == url
    layout = Layout([header], 60)
    linked = "".join(
        plain[a + s.start : a + s.end]
        for _pad, a, b in layout.rows(0)
        for s in layout.spans(0, a, b)
        if isinstance(s.style, Style) and s.style.link == url
    )
    assert url in linked  # both pieces of the folded URL stay linked
    wide = wrapped(120)
    assert "Bron vraag      https://zoek.officielebekendmakingen.nl/kv-tk-2099Z00001.html" in wide


def test_empty_view_says_what_to_do() -> None:
    (block,) = build_blocks(None, TODAY)
    assert "Geen Kamervraag gekozen" in block.content.plain


# -- the widget ---------------------------------------------------------------


def _top_of(view: DocView, question: int) -> int:
    return view.block_span(view._question_first_block[question])[0]


def _marked_on_screen(view: DocView) -> bool:
    """The current match's row, as drawn, is in reverse video."""
    y = view._match_row(view.match_index) - round(view.scroll_y)
    strip = view.render_line(y)
    return any(seg.style is not None and seg.style.reverse for seg in strip)


async def test_next_and_prev_question_scroll_the_block_to_the_top() -> None:
    async with shown(sample_kv()) as (pilot, view):
        assert view.question_count == 7
        assert view.current_index == 0
        assert view.next_question() == 0  # ] from the top lands on Vraag 1 (issue 10 bug 4)
        await pilot.pause()
        assert view.scroll_y == _top_of(view, 0) > 0
        assert view.next_question() == 1
        await pilot.pause()
        assert view.scroll_y == _top_of(view, 1)
        assert view.next_question() == 2
        await pilot.pause()
        assert view.scroll_y == _top_of(view, 2)
        assert view.text_for("question") == "Waarom gebeurde dit?"
        assert view.prev_question() == 1
        assert view.prev_question() == 0
        assert view.prev_question() == 0 and view.scroll_y == 0  # back to the header
        assert not view.step_stop(-1)  # and no further
        for _ in range(10):
            view.next_question()
        assert view.current_index == 6  # stays at the last, even if it cannot reach the top


async def test_manual_scrolling_moves_the_current_question() -> None:
    async with shown(sample_kv()) as (pilot, view):
        view.scroll_to(y=_top_of(view, 3) + 1, animate=False)
        await pilot.pause()
        assert view.current_index == 3
        assert view.next_question() == 4


async def test_text_for_follows_combined_answers_and_gives_url_and_set() -> None:
    async with shown(sample_kv()) as (_pilot, view):
        assert view.text_for("question") == "Kent u het fictieve bericht?"
        assert view.text_for("answer") == "Ja"
        view.go_to_question(5)  # question 6: answered together with 5
        assert view.text_for("question") == "Vraag zes?"
        assert view.text_for("answer") == "Gecombineerd antwoord op vijf en zes."
        view.go_to_question(3)
        assert view.text_for("answer") is None
        assert view.text_for("url") == (
            "https://zoek.officielebekendmakingen.nl/ah-tk-20982099-1.html"
        )
        whole = view.text_for("set")
        assert whole is not None
        assert "Kent u het fictieve bericht?" in whole
        assert "Gecombineerd antwoord op vijf en zes." in whole


async def test_find_highlights_counts_and_cycles_with_scrolling() -> None:
    async with shown(sample_kv()) as (pilot, view):
        assert view.find("ZIN 11") == 11  # Zin 11, 110…119: case-insensitive
        await pilot.pause()
        assert view.match_index == 0
        # the first match is on screen: its line lies inside the viewport
        assert _match_visible(view)
        assert _marked_on_screen(view)
        for expected in range(1, 11):
            assert view.find_next() == expected
            await pilot.pause()
            assert _match_visible(view)
        assert view.find_next() == 0  # wraps around
        assert view.find_prev() == 10
        await pilot.pause()
        assert _match_visible(view)
        assert view.find("zie antwoord op VRAAG") == 1
        assert view.find("") == 0
        assert view.find_next() == -1
        assert view.find("geen-treffer-hier") == 0


def _match_visible(view: DocView) -> bool:
    y = view._match_row(view.match_index)
    return view.scroll_y <= y < view.scroll_y + view.scrollable_content_region.height


async def test_show_restores_a_saved_scroll_place_and_replaces_content() -> None:
    async with shown(sample_kv()) as (pilot, view):
        await view.show(sample_kv(number="2099Z00002"), scroll_y=12)
        await pilot.pause()
        assert view.scroll_y == 12
        assert "Kamervraag 2099Z00002" in view._blocks[0].content.plain
        assert "Kamervraag 2099Z00002" not in screen_text(pilot.app)  # scrolled past the header
        await view.show(None)
        await pilot.pause()
        assert len(view._blocks) == 1 and "Geen Kamervraag gekozen" in screen_text(pilot.app)
        assert view.text_for("question") is None
        assert view.text_for("url") is None


class EarlyApp(App[None]):
    """Mounts a DocView and calls show() before it has mounted (no await in between)."""

    def __init__(self, kv: Kamervraag | None, early: bool) -> None:
        super().__init__()
        self.today = TODAY
        self.kv = kv
        self.early = early
        self.view = DocView()

    def on_mount(self) -> None:
        self.mount(self.view)
        if self.early:
            assert not self.view.is_mounted
            self.view.show(self.kv)


async def test_show_before_mount_is_laid_out_on_mount_and_empty_view_shows_the_hint() -> None:
    app = EarlyApp(sample_kv(), early=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "Kamervraag 2099Z00001" in screen_text(app)
        assert app.view.fully_mounted and len(app.view._blocks) > 10
    app = EarlyApp(None, early=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert len(app.view._blocks) == 1
        assert "Geen Kamervraag gekozen" in screen_text(app)


async def test_find_and_moves_made_before_the_blocks_are_mounted_apply_to_the_new_set() -> None:
    async with shown(sample_kv()) as (pilot, view):
        view.go_to_question(4)
        await pilot.pause()
        pending = view.show(sample_kv(number="2099Z00002"))
        assert view.next_question() == 0  # counts in the new set, not the old one
        assert view.next_question() == 1
        await pending
        await pilot.pause()
        assert view.current_index == 1 and view.scroll_y == _top_of(view, 1)
        pending = view.show(sample_kv(number="2099Z00003"))
        assert view.find("zin 119") == 1
        await pending
        await pilot.pause()
        assert _match_visible(view)
        assert _marked_on_screen(view)


# -- a long set: laid out at once, drawn only where it is on screen -----------------


def long_kv(count: int = 120) -> Kamervraag:
    """FICTIEF voorbeeld voor kvtui: far more blocks than one screen shows."""
    questions = [
        Question(i, f"Fictieve vraag {i}?", f"Fictief antwoord {i}. " + "Tekst. " * 30)
        for i in range(1, count + 1)
    ]
    questions[-1] = Question(count, "Laatste vraag?", "Het [bold]naaldwoord[/bold] staat hier.")
    return sample_kv(questions=questions, notices=[], further_answers=[])


async def test_long_set_is_laid_out_at_once_and_only_the_screen_is_drawn() -> None:
    async with shown(long_kv()) as (pilot, view):
        total = len(build_blocks(long_kv(), TODAY))
        assert view.fully_mounted and not view.children  # no widget per block
        assert view.virtual_size.height > 10 * view.size.height
        assert 0 < len(view._layout._kept) < 24 < total  # rows kept for the screen only
        view.scroll_end(animate=False)
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y > 0
        assert "Het [bold]naaldwoord[/bold] staat hier." in screen_text(pilot.app)
        assert len(view._layout._kept) < 60


async def test_moves_find_and_end_reach_the_end_of_a_long_set_at_once() -> None:
    app = DocApp(long_kv())
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(DocView)
        assert view.go_to_question(100) == 100
        await pilot.pause()
        assert view.current_index == 100
        assert view.scroll_y == _top_of(view, 100) > 0
        assert view.text_for("question") == "Fictieve vraag 101?"
        await view.show(long_kv())
        assert view.find("naaldwoord") == 1
        await pilot.pause()
        assert view.current_index == 119 and _match_visible(view) and _marked_on_screen(view)
        assert view.text_for("answer") == "Het [bold]naaldwoord[/bold] staat hier."
        await view.show(long_kv())
        view.scroll_end(animate=False)
        await pilot.pause()
        assert view.scroll_y == view.max_scroll_y > 0
        assert view.current_index > 110  # the last questions are on screen


async def test_saved_place_far_down_a_long_set_is_restored() -> None:
    async with shown(long_kv()) as (pilot, view):
        view.go_to_question(90)
        await pilot.pause()
        saved = view.scroll_y
        await view.show(None)
        await view.show(long_kv(), scroll_y=saved)
        await pilot.pause()
        assert view.scroll_y == saved
        assert view.current_index == 90


async def test_a_new_width_wraps_again_and_keeps_the_place() -> None:
    """Wider or narrower, the question at the top stays at the top (and ] goes on
    from it), although every row above it moved."""
    async with shown(long_kv()) as (pilot, view):
        view.go_to_question(60)
        await pilot.pause()
        before = view.virtual_size.height
        for size in ((120, 30), (60, 20), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert view.scroll_y == _top_of(view, 60), size
            assert view.current_index == 60, size
        assert view.virtual_size.height == before
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert view.virtual_size.height > before  # narrower: more rows
        assert view.next_question() == 61
        # near the end the last question cannot reach the top; back at a size where it
        # can, it is at the top again, not wherever the clamped view happened to be
        view.go_to_question(115)
        await pilot.resize_terminal(80, 60)
        await pilot.pause()
        assert view.current_index == 115 and view.scroll_y == view.max_scroll_y
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert view.scroll_y == _top_of(view, 115) and view.current_index == 115


async def test_a_tab_in_the_text_is_drawn_as_a_space_not_sent_raw() -> None:
    """``inert`` keeps tabs; the wrap counts one as a cell, so it is drawn as one."""
    tabbed = sample_kv(questions=[Question(1, "Vraag\tmet tab?", "een\ttwee drie")])
    async with shown(tabbed) as (_pilot, view):
        rows = [view.render_line(y).text for y in range(view.size.height)]
        assert any("een twee drie" in row for row in rows)
        assert any("Vraag met tab?" in row for row in rows)
        assert not any("\t" in row for row in rows)


async def test_the_mouse_selects_text_as_shown_without_the_bars() -> None:
    """Drawn row by row, the text can still be selected with the mouse (and copied):
    the rows under the selection are marked and give their text, not the layout's
    bars and indents."""
    async with shown(sample_kv()) as (pilot, view):
        view.go_to_question(1)  # Vraag 2 at the top, its long answer under it
        await pilot.pause()
        rows = [view.render_line(y).text for y in range(view.size.height)]
        top = next(y for y, row in enumerate(rows) if "Antwoord" in row)
        await pilot.mouse_down(offset=(1, top))
        await pilot.hover(offset=(40, top + 2))
        await pilot.mouse_up(offset=(40, top + 2))
        await pilot.pause()
        chosen = pilot.app.screen.get_selected_text()
        assert chosen is not None and chosen.startswith("Antwoord\nZin 1 van een lang")
        assert "█" not in chosen and "\n    " not in chosen
        drawn = view.render_line(top + 1)
        assert any(seg.style is not None and seg.style.bgcolor for seg in drawn)
        pilot.app.screen.selections = {view: Selection(None, None)}  # all of it
        await pilot.pause()
        everything = pilot.app.screen.get_selected_text() or ""
        assert "Kamervraag 2099Z00001" in everything and "Zin 119 van" in everything
