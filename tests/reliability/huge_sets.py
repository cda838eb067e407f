"""FICTIEF Kamervragen as large as the caps allow, and a bare app that shows one.

Shared by the reader's reliability test (``test_rel_docview``: time and memory grow
linearly) and its benchmark (``benchmarks/bench_docview.py``: the figures), so both
measure the same kind of document in the same view. Every set is made up here.
"""

from __future__ import annotations

import datetime as dt

from textual.app import App, ComposeResult

from kvtui.model import Kamervraag, Person, Question, Sources, Status
from kvtui.ui.widgets.doc_view import DocView

TODAY = dt.date(2026, 11, 28)
PAGE = "https://zoek.officielebekendmakingen.nl/{}.html"


def huge_set(
    questions: list[Question],
    title: str = "FICTIEF: een groot voorbeeld",
    *,
    number: str = "2099Z07777",
    answer_id: str = "ah-tk-20982099-7",
    pages: bool = False,
) -> Kamervraag:
    """An answered set holding ``questions``; ``pages`` adds the KOOP pages' URLs."""
    question_id = f"kv-tk-{number}"
    return Kamervraag(
        number=number,
        title=title,
        status=Status.ANSWERED,
        submitted=dt.date(2099, 1, 2),
        answered=dt.date(2099, 2, 3),
        submitters=[Person("Anna Voorbeeld", "PvdA")],
        answered_by=[Person("Bert Proef", "VVD", "minister van Testzaken")],
        sources=Sources(
            question_id,
            answer_id,
            PAGE.format(question_id) if pages else None,
            PAGE.format(answer_id) if pages else None,
        ),
        questions=questions,
    )


class ViewApp(App[None]):
    """Only the document view, on a fixed day."""

    def __init__(self) -> None:
        super().__init__()
        self.today = TODAY

    def compose(self) -> ComposeResult:
        yield DocView(id="doc")
