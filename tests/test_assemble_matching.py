"""Matching answers to questions in one pass gives what the old nested scan gave.

The old ``match_items`` (kept here as the reference) scanned every question for
each answer and inserted each orphan with a scan and a list insert: quadratic for
sets of many questions sharing a label. Random sets with repeated, combined,
missing and unnumbered labels must come out identical.
"""

from __future__ import annotations

import random

from kvtui.assemble import _in, _num, _orphan, _question, match_items
from kvtui.model import Question
from kvtui.records import Item


def _old_insert_orphan(out: list[Question], orphan: Question) -> None:
    if orphan.number is None:
        out.append(orphan)
        return
    at = 0
    for i, q in enumerate(out):
        if q.number is not None and q.number <= orphan.number:
            at = i + 1
    out.insert(at, orphan)


def _old_match_items(questions: list[Item], answers: list[Item]) -> list[Question]:
    out = [_question(q) for q in questions]
    numbered = [(q, frozenset(q.numbers or _num(q))) for q in out]
    by_position = len(questions) == len(answers)
    orphans: list[Question] = []
    for pos, answer in enumerate(answers):
        targets: list[Question] = []
        if answer.numbers:
            wanted = set(answer.numbers)
            targets = [q for q, numbers in numbered if not wanted.isdisjoint(numbers)]
        elif by_position:
            targets = [out[pos]]
        head = targets[0] if targets else None
        if head is None or head.answer is not None or head.answer_ref is not None:
            orphans.append(_orphan(answer))
            continue
        head.answer = answer.text
        head.footnotes.extend(_in(answer.footnotes, "answer"))
        for other in targets[1:]:
            if other.answer is None and other.answer_ref is None:
                other.answer_ref = head.number
    for orphan in orphans:
        _old_insert_orphan(out, orphan)
    return out


def _items(rnd: random.Random, word: str, count: int) -> list[Item]:
    items = []
    for i in range(count):
        shape = rnd.random()
        if shape < 0.15:
            numbers: tuple[int, ...] = ()
        elif shape < 0.35:
            numbers = tuple(sorted(rnd.sample(range(1, 9), rnd.randint(2, 3))))
        else:
            numbers = (rnd.randint(1, 9),)
        label = f"{word} {', '.join(map(str, numbers))}".strip()
        items.append(Item(label=label, numbers=numbers, paragraphs=[f"{word} {i}"], index=i + 1))
    return items


def test_matching_is_identical_to_the_old_scan_on_random_sets():
    rnd = random.Random(9)
    for _ in range(3000):
        questions = _items(rnd, "Vraag", rnd.randint(0, 9))
        same_length = rnd.random() < 0.3
        answers = _items(rnd, "Antwoord", len(questions) if same_length else rnd.randint(0, 9))
        assert match_items(questions, answers) == _old_match_items(questions, answers)
