"""The reader's wrapping (issue 8): no break at a no-break space, no URL cut in two.

Textual's own wrap broke "25\u00a0juni" and folded URLs at the end of any line; a URL
cut in two cannot be selected and used. Checked for every width, so a break rule that
only holds at one width fails.
"""

from __future__ import annotations

from textual.content import Content
from textual.style import Style

from kvtui.ui.widgets.doc_wrap import Wrapped, line_of_offset, line_spans, wrap_lines

URL = "https://www.example.org/noordzee/2025/02/03/kotters-en-windparken"
TEXT = (
    "Zie de brief van 25\u00a0juni 2020 en het FICTIEVE bericht op "
    f"{URL} over de visserij, en ook 1\u00a0februari 2017 tot 11\u00a0februari 2020."
)


def test_no_break_spaces_hold_and_urls_stay_whole_at_every_width() -> None:
    for width in range(12, 140):
        lines = [line.plain for line in wrap_lines(Content(TEXT), width)]
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


def test_links_and_highlights_survive_wrapping() -> None:
    at = TEXT.index(URL)
    content = Content(TEXT).stylize(Style(link=URL), at, at + len(URL))
    for width in (20, 40, 80):
        linked = "".join(
            line.plain[s.start : s.end]
            for line in wrap_lines(content, width)
            for s in line.spans
            if isinstance(s.style, Style) and s.style.link == URL
        )
        assert linked == URL, width


def test_height_and_find_use_the_same_wrap() -> None:
    visual = Wrapped(Content(TEXT + "\n\nTweede alinea."))
    for width in (20, 33, 50):
        lines = wrap_lines(visual.content, width)
        assert visual.get_height(None, width) == len(lines)  # type: ignore[arg-type]
        offset = visual.content.plain.index("Tweede")
        assert line_of_offset(visual.content, offset, width) == len(lines) - 1
        assert line_of_offset(visual.content, 0, width) == 0


def test_line_spans_is_linear_in_the_text() -> None:
    words = ("woord " * 200_000).strip()
    spans = line_spans(words, 60)
    assert spans[0] == (0, 59) and len(spans) == 20_000
