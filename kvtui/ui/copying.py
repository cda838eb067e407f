"""What a copy from the open set takes, said in words for the message that follows it.

``c``, ``a``, ``y`` and ``u`` copy the question, the answer, the whole set or its source
URL (``clipboard.copy`` sends it); the message names what was taken ("the answer to
Vraag 3 of 2025Z02291"), worked out here so a test can check it without the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from kvtui.i18n import _
from kvtui.textsafe import inert

if TYPE_CHECKING:
    from kvtui.model import Kamervraag

Scope = Literal["question", "answer", "set", "url"]


def described(kamervraag: Kamervraag | None, scope: Scope, index: int) -> str:
    """``the answer to Vraag 3 of 2025Z02291``: what copying ``scope`` took, with
    ``index`` the question the reader is at."""
    if kamervraag is None:
        return scope
    number = inert(kamervraag.number)
    questions = kamervraag.questions
    if scope in ("question", "answer") and questions:
        at = min(index, len(questions) - 1)
        question = questions[at]
        if question.label:
            label = inert(question.label)
        else:
            label = f"Vraag {question.number}" if question.number else ""
        label = label or _("question {n}").format(n=at + 1)
        if scope == "answer":
            return _("the answer to {label} of {number}").format(label=label, number=number)
        return _("{label} of {number}").format(label=label, number=number)
    if scope == "url":
        return _("the source URL of {number}").format(number=number)
    return _("all of {number}").format(number=number)
