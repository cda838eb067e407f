"""Renderers over hand-built Kamervragen: layout, every state, nothing dropped, inert text."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from test_store_support import TODAY, combined_and_unmatched, hand_built

from kvtui.model import Notice, Status
from kvtui.render.json import render_json
from kvtui.render.markdown import escape, render_markdown
from kvtui.render.text import dutch_date, render_text, topic_label

HOSTILE = (
    "[bold]vet[/bold] [link=https://x.invalid]x[/link] [@click=app.quit]k[/] \x1b[31mrood "
    "\x1b]52;c;aGk=\x07 \x1b]8;;https://evil.invalid\x1b\\l\x1b]8;;\x1b\\ \x9b2J \x85 \x00 \u202e"
)
CONTROLS = [chr(c) for c in (*range(0, 9), *range(11, 32), *range(0x7F, 0xA0))] + ["\u202e"]


def test_dutch_dates_and_topics() -> None:
    assert dutch_date(dt.date(2020, 6, 25)) == "25 juni 2020"
    assert dutch_date(dt.date(2020, 3, 1)) == "1 maart 2020"
    assert dutch_date(None) == "onbekend"
    assert topic_label(["Openbare orde en veiligheid | Organisatie en beleid"]) == (
        "openbare orde en veiligheid organisatie en beleid"
    )


def test_answered_layout() -> None:
    lines = render_text(hand_built(), today=TODAY).splitlines()
    assert lines[:11] == [
        "Kamervraag 2025Z00001",
        "",
        "Een fictieve vraag over testen",
        "",
        "Ingediend 1 maart 2025",
        "Beantwoord 1 april 2025 (na 31 dagen)",
        "Indiener Fien Voorbeeld (Fictief)",
        "Beantwoord door Mr. Test (minister van Testzaken) (Testpartij)",
        "Onderwerpen testen voorbeelden",
        "Bron vraag https://zoek.officielebekendmakingen.nl/kv-tk-2025Z00001.html",
        "Bron antwoord https://zoek.officielebekendmakingen.nl/ah-tk-20242025-1001.html",
    ]
    assert lines[11:18] == [
        " • Vraag 1",
        "  Kent u het fictieve bericht? (FICTIEF voorbeeld voor kvtui)",
        "",
        "  Ja, dat fictieve bericht ken ik.",
        "",
        "  [1] Fictieve krant, 1 maart 2025 (https://example.invalid/a)",
        "",
    ]
    assert lines[-5:] == [
        "",
        "Kamervraag document nummer: kv-tk-2025Z00001",
        "Volledige titel: Een fictieve vraag over testen",
        "Kamerantwoord document nummer: ah-tk-20242025-1001",
        "Volledige titel: Antwoord op fictieve vragen",
    ]


def test_paragraphs_become_lines() -> None:
    kv = hand_built(answer_text="Eerste alinea.\n\nTweede alinea.")
    text = render_text(kv, today=TODAY)
    assert "  Eerste alinea.\n  Tweede alinea.\n" in text


@pytest.mark.parametrize(
    ("status", "submitted_days_ago", "notices", "expected"),
    [
        (Status.OPEN, 5, (), "Nog niet beantwoord (open sinds 5 dagen)"),
        (Status.OPEN, 30, (), "Nog niet beantwoord (open sinds 30 dagen, te laat)"),
        (Status.POSTPONED, 30, (Notice(TODAY, "Uitstel."),),
         "Nog niet beantwoord (uitgesteld, open sinds 30 dagen)"),
        (Status.WITHDRAWN, 30, (), "Ingetrokken"),
    ],
)  # fmt: skip
def test_status_lines(status, submitted_days_ago, notices, expected, dutch) -> None:
    kv = hand_built(status=status, submitted=TODAY - dt.timedelta(days=submitted_days_ago),
                    answered=None, notices=notices, answer_text=None)  # fmt: skip
    kv.overdue = submitted_days_ago > 21 and status is Status.OPEN
    text = render_text(kv, today=TODAY)
    assert expected + "\n" in text
    assert "Beantwoord " not in text and "Geen antwoord" not in text
    if notices:
        assert f" • Mededeling - {dutch_date(TODAY)}\n\n  Uitstel.\n" in text


@pytest.mark.parametrize(
    ("status", "submitted_days_ago", "expected"),
    [
        (Status.OPEN, 1, "Not answered yet (open for 1 day)"),
        (Status.OPEN, 30, "Not answered yet (open for 30 days, overdue)"),
        (Status.POSTPONED, 30, "Not answered yet (postponed, open for 30 days)"),
        (Status.WITHDRAWN, 30, "Withdrawn"),
    ],
)
def test_status_lines_in_english(status, submitted_days_ago, expected) -> None:
    """Where a set stands is interface: the status words of the list, in the run's
    language; the layout's own labels stay Dutch."""
    kv = hand_built(status=status, submitted=TODAY - dt.timedelta(days=submitted_days_ago),
                    answered=None, answer_text=None)  # fmt: skip
    kv.overdue = submitted_days_ago > 21 and status is Status.OPEN
    text = render_text(kv, today=TODAY)
    assert f"Status: {expected}\n" in text or f"{expected}\n" in text
    assert "Ingediend" in text


def test_text_pending_is_said() -> None:
    kv = hand_built()
    kv.text_pending = True
    text = render_text(kv, today=TODAY)
    assert "Antwoordtekst nog niet gepubliceerd" in text
    assert "  Antwoord nog niet gepubliceerd." not in text  # the answer is there


def test_nothing_is_dropped() -> None:
    text = render_text(combined_and_unmatched(), today=TODAY)
    assert " • Vraag 5\n  Vraag vijf (FICTIEF)?\n\n  Samen antwoord op vijf en zes.\n" in text
    assert " • Vraag 6\n  Vraag zes (FICTIEF)?\n\n  Zie antwoord op vraag 5.\n" in text
    assert " • Antwoord 9\n  Een antwoord zonder vraag.\n" in text
    assert " • Nader antwoord - 1 juni 2025 (ah-tk-20252026-77)" in text and "Nader." in text
    assert "Losse fictieve tekst zonder structuur." in text
    md = render_markdown(combined_and_unmatched(), today=TODAY)
    for needle in ("Samen antwoord op vijf en zes", "Zie antwoord op vraag 5", "zonder vraag",
                   "Nader\\.", "Losse fictieve tekst"):  # fmt: skip
        assert needle.replace("\\", "") in md.replace("\\", ""), needle


def test_hostile_text_is_inert_in_text_and_markdown() -> None:
    kv = hand_built(title=HOSTILE, question_text=HOSTILE, answer_text=HOSTILE)
    kv.notices = [Notice(TODAY, HOSTILE)]
    kv.questions[0].footnotes[0].text = HOSTILE
    for out in (render_text(kv, today=TODAY), render_markdown(kv, today=TODAY)):
        assert not any(c in out for c in CONTROLS)
        assert "␛" in out and "U+009B" in out
    assert "[bold]vet[/bold]" in render_text(kv, today=TODAY)  # literal, for a plain terminal


def test_markdown_keeps_document_text_literal() -> None:
    assert escape("*vet* _schuin_ [link](https://x) <script>") == (
        "\\*vet\\* \\_schuin\\_ \\[link\\](https://x) \\<script\\>"
    )
    assert escape("# kop") == "\\# kop"
    assert escape("- lijst") == "\\- lijst"
    assert escape("1. lijst") == "1\\. lijst"
    assert escape("a & b `code` ![img](x)") == "a \\& b \\`code\\` \\!\\[img\\](x)"
    md = render_markdown(hand_built(title="# [klik](javascript:alert(1))"), today=TODAY)
    assert "**\\# \\[klik\\](javascript:alert(1))**" in md


def test_json_is_the_contract() -> None:
    kv = hand_built(title=HOSTILE)
    data = json.loads(render_json(kv))
    assert data == kv.to_json()
    assert data["title"] == HOSTILE  # faithful: JSON escapes controls itself
    assert "\x1b" not in render_json(kv)


def test_markers_stand_in_place_and_notes_under_their_part() -> None:
    from kvtui.model import Footnote, FurtherAnswer, Question

    kv = hand_built()
    q = "Kent u het *fictieve* bericht? Zo ja, wat vindt u?"
    a = "Ja.\n\nZie de brief van 2 mei."
    kv.questions = [
        Question(
            1,
            q,
            a,
            footnotes=[
                Footnote(1, "Bron [a]", "https://example.invalid/a", "question", q.index(" Zo")),
                Footnote(2, "Brief", None, "answer", len(a)),
                Footnote(3, "Bijlage", None, "answer", len(a)),
                Footnote(4, "Zonder plaats", None, "answer", None),
            ],
        )
    ]
    kv.further_answers = [
        FurtherAnswer(
            "ah-tk-20252026-77",
            None,
            [Question(1, "V", "Nader.", footnotes=[Footnote(1, "Later", None, "answer", 5)])],
        )
    ]
    text = render_text(kv, today=TODAY)
    assert "  Kent u het *fictieve* bericht?[1] Zo ja, wat vindt u?\n\n" in text
    assert "\n  [1] Bron [a] (https://example.invalid/a)\n\n  Ja.\n" in text
    assert "  Zie de brief van 2 mei.[2][3]\n\n  [2] Brief\n  [3] Bijlage\n  [4] Zonder" in text
    assert "  Nader[1].\n" in text
    md = render_markdown(kv, today=TODAY)
    assert "Kent u het \\*fictieve\\* bericht?[^1] Zo ja" in md
    assert "\n[^1]: Bron \\[a\\] <https://example.invalid/a>\n" in md
    assert "Zie de brief van 2 mei.[^2][^3]\n\n[^2]: Brief\n[^3]: Bijlage\n" in md
    # no reference, so no definition that renderers would hide; the further answer's
    # own note 1 gets a label of its own
    assert "\n\\[4\\] Zonder plaats\n" in md
    assert "Nader[^1-2].\n" in md and "\n[^1-2]: Later\n" in md
    assert md.count("[^1]:") == 1
