"""Horizontal bar charts as plain lines of text, for the statistics screen.

Why text bars and not a plotting widget (textual-plotext): at 80×24 a plot's axis
labels either overlap or are cut off once there are more than a handful of ministries,
and a plot tells its series apart by colour, which ``NO_COLOR`` takes away. A bar per
line carries its label and its number in words, its length in block characters (the
eighth blocks ▏…█ give 1/8-cell steps), so it reads the same in colour, without
colour, over SSH and in a screen reader, and needs no new dependency. The lines are
pure functions of the figures, so tests check them without the app.
"""

from __future__ import annotations

from collections.abc import Sequence

from kvtui.i18n import number
from kvtui.whitespace import fold_all

_EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"


def bar(value: float, maximum: float, width: int) -> str:
    """A bar of ``value``/``maximum`` of ``width`` cells; any value above 0 shows."""
    if width <= 0 or maximum <= 0 or value <= 0:
        return ""
    eighths = max(1, round(min(value, maximum) / maximum * width * 8))
    full, rest = divmod(eighths, 8)
    return FULL * full + (_EIGHTHS[rest] if rest else "")


def _fit(label: str, width: int) -> str:
    label = fold_all(label)
    return label if len(label) <= width else label[: width - 1] + "…"


def bar_lines(
    items: Sequence[tuple[str, float | None, str]],
    *,
    width: int,
    label_width: int,
) -> list[str]:
    """One line per (label, value, note): label, bar, note; a None value draws no bar.

    Each line is at most ``width`` characters: the bars get what the labels and the
    longest note leave.
    """
    if not items:
        return []
    note_width = max(len(note) for _, _, note in items)
    label_width = max(4, min(label_width, max(len(fold_all(lb)) for lb, _, _ in items)))
    room = max(1, width - label_width - note_width - 3)
    top = max((v for _, v, _ in items if v is not None), default=0) or 1
    out = []
    for label, value, note in items:
        drawn = bar(value or 0, top, room)
        out.append(f"{_fit(label, label_width):<{label_width}} {drawn:<{room}}  {note}".rstrip())
    return out


def histogram_lines(
    buckets: Sequence[tuple[int, int | None, int]],
    *,
    width: int,
    marks: dict[int, str] | None = None,
) -> list[str]:
    """One line per bucket (first day, last day or None for "and later", sets):
    "15–21 d ███ 12"; ``marks`` notes a day (such as the term) on the bucket that
    holds it."""
    marks = marks or {}
    items = []
    for lo, hi, count in buckets:
        label = f"≥ {lo} d" if hi is None else f"{lo}–{hi} d"
        notes = [
            text for day, text in sorted(marks.items()) if lo <= day and (hi is None or day <= hi)
        ]
        note = number(count) + (f"  ← {', '.join(notes)}" if notes else "")
        items.append((label, float(count), note))
    return bar_lines(items, width=width, label_width=9)
