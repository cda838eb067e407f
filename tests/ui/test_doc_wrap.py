"""The reader's wrapping (issue 8): no break at a no-break space, no URL cut in two.

Textual's own wrap broke "25\u00a0juni" and folded URLs at the end of any line; a URL
cut in two cannot be selected and used. Checked for every width, so a break rule that
only holds at one width fails.
"""

from __future__ import annotations

import random

from textual.content import Content
from textual.style import Style

from kvtui.ui.widgets.doc_blocks import Block
from kvtui.ui.widgets.doc_layout import Layout
from kvtui.ui.widgets.doc_wrap import _spans_by_cells, block_rows, line_spans, row_of_offset

URL = "https://www.example.org/noordzee/2025/02/03/kotters-en-windparken"
TEXT = (
    "Zie de brief van 25\u00a0juni 2020 en het FICTIEVE bericht op "
    f"{URL} over de visserij, en ook 1\u00a0februari 2017 tot 11\u00a0februari 2020."
)


def wrapped(text: str, width: int) -> list[str]:
    """The rows of ``text`` at ``width`` as the reader shows them."""
    return [" " * pad + text[a:b] for pad, a, b in block_rows(text, width)]


def test_no_break_spaces_hold_and_urls_stay_whole_at_every_width() -> None:
    for width in range(12, 140):
        lines = wrapped(TEXT, width)
        assert "".join(lines).replace(" ", "") == TEXT.replace(" ", ""), width  # none lost
        if width >= len(URL):
            assert " ".join(lines) == TEXT, width  # breaks only at plain spaces
        for line in lines:
            assert not line.startswith(("juni", "februari")), (width, line)
            assert len(line) <= width, (width, line)
        if width >= len(URL):
            assert any(URL in line for line in lines), width  # a URL that fits is never cut
        else:
            # wider than the pane: on lines of its own, folded only at the width
            start = next(i for i, line in enumerate(lines) if line.startswith("https://"))
            pieces = []
            for line in lines[start:]:
                pieces.append(line)
                if "".join(pieces).startswith(URL):
                    break
            assert "".join(pieces) == URL and all(len(p) == width for p in pieces[:-1])


def test_wide_characters_and_runs_of_spaces_are_measured_in_cells() -> None:
    """Text of two-cell characters takes the slow, exact path; both paths keep every
    row within the width and lose nothing."""
    for text in ("漢字の文章 " * 40, "een  twee   drie\tvier " * 30, "é" * 300, "a" + " " * 500):
        for width in (7, 20, 33, 76):
            rows = block_rows(text, width)
            for _pad, a, b in rows:
                assert Content(text[a:b]).cell_length <= width, (text[:10], width)
            kept = "".join(text[a:b] for _pad, a, b in rows)
            assert kept.replace(" ", "").replace("\t", "") == text.replace(" ", "").replace(
                "\t", ""
            )


def test_the_fast_wrap_agrees_with_the_one_that_measures_every_word() -> None:
    """One-cell text is broken by ``rfind`` per row; the word-by-word wrap (for text of
    other widths) must give the same rows on the same text: runs of spaces, tabs,
    words longer than the line, at every width."""
    rng = random.Random(9)
    pieces = ["woord", "a" * 17, "b" * 45, " ", "  ", "   ", "\t", "x"]
    for _ in range(3000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 40)))
        width = rng.randint(1, 40)
        assert line_spans(text, width) == _spans_by_cells(text, width) or len(text) <= width


def test_links_and_highlights_survive_wrapping() -> None:
    at = TEXT.index(URL)
    content = Content(TEXT).stylize(Style(link=URL), at, at + len(URL))
    for width in (20, 40, 80):
        layout = Layout([Block("question", content)], width)
        linked = "".join(
            TEXT[a + s.start : a + s.end]
            for _pad, a, b in layout.rows(0)
            for s in layout.spans(0, a, b)
            if isinstance(s.style, Style) and s.style.link == URL
        )
        assert linked == URL, width


def test_height_and_find_use_the_same_wrap() -> None:
    text = TEXT + "\n\nTweede alinea."
    for width in (20, 33, 50):
        rows = block_rows(text, width)
        assert Layout([Block("question", Content(text))], width).heights[0] == len(rows)
        assert row_of_offset(rows, text.index("Tweede")) == len(rows) - 1
        assert row_of_offset(rows, 0) == 0


def test_line_spans_is_linear_in_the_text() -> None:
    words = ("woord " * 200_000).strip()
    spans = line_spans(words, 60)
    assert spans[0] == (0, 59) and len(spans) == 20_000
    assert spans == _reference_spans(words, 60)[: len(spans)]


def _reference_spans(text: str, width: int) -> list[tuple[int, int]]:
    """The same greedy wrap, one word at a time (to check the fast path against)."""
    spans: list[tuple[int, int]] = []
    start = end = -1
    for word in text.split(" "):
        w_start = (end + 1) if end >= 0 else 0
        w_end = w_start + len(word)
        if start >= 0 and w_end - start <= width:
            end = w_end
            continue
        if start >= 0:
            spans.append((start, end))
        start, end = w_start, w_end
    spans.append((start, end))
    return spans
