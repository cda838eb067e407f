"""The progress bar of the on-line commands: its line and its estimate of the time left.

Pure functions of (done, total, seconds so far), so the bar is tested with made-up
clocks; ``kvtui.cli.online.Progress`` decides *whether* to draw (a terminal on stderr,
never in a log) and feeds it the clock. The estimate is the average pace so far applied
to what is left: a sync's sets cost about the same each, and a plain average does not
jump about the way a pace over the last few sets would.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from kvtui.i18n import _

BAR_WIDTH = 24
MIN_SECONDS = 1.0  # too early to tell before this much time and one set done
_GREEN, _RESET = "\x1b[32m", "\x1b[39m"


def colour_allowed(env: Mapping[str, str] | None = None) -> bool:
    """ANSI colour unless NO_COLOR is set (to anything but "") or the terminal is dumb."""
    env = os.environ if env is None else env
    return not env.get("NO_COLOR") and env.get("TERM") != "dumb"


def seconds_left(done: int, total: int, elapsed: float) -> float | None:
    """The time the rest should take at the pace so far; None while that is unknown."""
    if total <= 0 or done <= 0 or elapsed < MIN_SECONDS:
        return None
    return max(0.0, elapsed / done * (total - done))


def duration(seconds: float) -> str:
    """``0:42``, ``12:05``, ``1:02:03``: the width of a clock, rounded up to a second."""
    whole = int(seconds) + (seconds % 1 > 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def bar_line(
    done: int,
    total: int,
    elapsed: float,
    label: str = "",
    *,
    columns: int = 80,
    colour: bool = False,
) -> str:
    """``[#####.......] 12/40 2024Z10003 · 0:42 left``, cut to ``columns - 1`` characters.

    The cut counts printed characters only: colour codes are added after cutting.
    """
    filled = min(BAR_WIDTH, int(BAR_WIDTH * done / total)) if total > 0 else 0
    left = seconds_left(done, total, elapsed)
    if done >= total > 0:
        tail = _("done in {time}").format(time=duration(elapsed))
    elif left is None:
        tail = _("estimating the time left")
    else:
        tail = _("{time} left").format(time=duration(left))
    head = f"{done}/{total} {label}".rstrip()
    line = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {head} · {tail}"
    line = line[: max(0, columns - 1)]
    if colour and filled and len(line) > filled:
        line = f"[{_GREEN}{line[1 : 1 + filled]}{_RESET}{line[1 + filled :]}"
    return line
