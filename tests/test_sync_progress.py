"""The progress bar of ``kvtui sync``: its estimate of the time left (made-up clocks),
when it is drawn (a terminal only), and colour (never with NO_COLOR)."""

from __future__ import annotations

import io
import os
import threading

import pytest
from fakeservices.helpers import serve

from kvtui.cli.online import Progress
from kvtui.cli.progress import bar_line, colour_allowed, duration, seconds_left
from kvtui.services.fetch import FetchEvent

GREEN = "\x1b[32m"


@pytest.mark.parametrize(
    "done,total,elapsed",
    [(1, 2, 1.0), (10, 40, 20.0), (3, 7, 12.5), (99, 100, 300.0), (250, 5000, 61.0)],
)
def test_the_time_left_is_the_pace_so_far_times_what_is_left(done, total, elapsed):
    pace = elapsed / done  # seconds a set, counted apart from the module
    expected = pace * (total - done)
    assert seconds_left(done, total, elapsed) == pytest.approx(expected)
    line = bar_line(done, total, elapsed, columns=200)
    assert line.endswith(f"{duration(expected)} left")


@pytest.mark.parametrize(
    "done,total,elapsed", [(0, 10, 50.0), (1, 10, 0.2), (0, 0, 5.0), (3, -1, 5.0)]
)
def test_no_estimate_before_there_is_a_pace(done, total, elapsed):
    assert seconds_left(done, total, elapsed) is None
    assert "estimating" in bar_line(done, total, elapsed, columns=200)


@pytest.mark.parametrize(
    "seconds,text",
    [
        *[(0, "0:00"), (0.2, "0:01"), (59.0, "0:59"), (59.5, "1:00"), (600, "10:00")],
        *[(3599, "59:59"), (3600, "1:00:00"), (3725, "1:02:05"), (90061, "25:01:01")],
    ],
)
def test_durations_read_like_a_clock(seconds, text):
    assert duration(seconds) == text


def test_the_bar_fills_with_the_share_done_and_ends_with_the_total_time():
    for done in range(0, 41):
        line = bar_line(done, 40, 10.0 + done, "2023Z20001", columns=200)
        bar = line[1 : line.index("]")]
        assert len(bar) == 24 and bar.count("#") == 24 * done // 40
        assert f"] {done}/40 2023Z20001 · " in line
    assert bar_line(40, 40, 75.0, columns=200).endswith("done in 1:15")


@pytest.mark.parametrize("columns", [20, 40, 80, 132])
def test_the_line_fits_the_terminal_with_or_without_colour(columns):
    plain = bar_line(13, 40, 26.0, "2023Z20001", columns=columns)
    coloured = bar_line(13, 40, 26.0, "2023Z20001", columns=columns, colour=True)
    assert len(plain) == min(columns - 1, len(bar_line(13, 40, 26.0, "2023Z20001")))
    assert GREEN in coloured and coloured.replace(GREEN, "").replace("\x1b[39m", "") == plain


@pytest.mark.parametrize(
    "env,allowed",
    [
        *[({}, True), ({"NO_COLOR": "1"}, False), ({"NO_COLOR": ""}, True)],
        *[({"TERM": "dumb"}, False), ({"TERM": "xterm", "NO_COLOR": "yes"}, False)],
    ],
)
def test_colour_follows_no_color_and_the_terminal(env, allowed):
    assert colour_allowed(env) is allowed


def _events(total: int):
    yield FetchEvent("", "listed", f"{total} Kamervragen in the period")
    for i in range(1, total + 1):
        number = f"2023Z{20000 + i:05d}"
        yield FetchEvent(number, "start", "fetching", i - 1, total)
        yield FetchEvent(number, "fetched", "stored", i, total)


def test_the_estimate_follows_a_made_up_clock():
    """Ten sets, one every 3 s after the listing: after 4 sets 18 s are left."""
    now = [100.0]
    out = io.StringIO()
    bar = Progress(out, tty=True, clock=lambda: now[0], columns=100)
    seen: list[str] = []
    for event in _events(10):
        if event.kind == "fetched":
            now[0] += 3.0
        bar(event)
        seen.append(out.getvalue().rsplit("\x1b[2K", 1)[-1])
    bar.close()
    after_four = next(s for s in seen if "] 4/10 " in s)
    assert after_four.endswith("0:18 left"), after_four
    assert seen[-1].endswith("done in 0:30")
    assert GREEN not in out.getvalue()  # not a real terminal: no colour by default


def test_no_bar_when_stderr_is_not_a_terminal():
    out = io.StringIO()
    plain = Progress(out)  # StringIO is no tty
    for event in _events(3):
        plain(event)
    plain.close()
    text = out.getvalue()
    assert "\r" not in text and "\x1b" not in text and "left" not in text
    assert text.splitlines()[0] == "3 Kamervragen in the period"
    assert len(text.splitlines()) == 4  # the listing and one line per finished set


def _run_on_a_pty(monkeypatch, tmp_path, no_color: bool) -> str:
    """``kvtui sync`` with stderr on a pseudo-terminal; what the terminal received."""
    import sys

    from kvtui.cli import main

    master, slave = os.openpty()
    received: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            received.append(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    term = os.fdopen(slave, "w", encoding="utf-8", buffering=1)
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
        monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(sys, "stderr", term)
    try:
        for _fake in serve(monkeypatch):
            code = main(["--cache", str(tmp_path / "c"), "sync", "--since", "2024-01-10"])
        assert code == 0
    finally:
        term.close()
        reader.join(timeout=5)
        os.close(master)
    return b"".join(received).decode("utf-8", "replace")


@pytest.mark.parametrize("no_color", [False, True])
def test_sync_on_a_terminal_draws_the_bar(monkeypatch, tmp_path, no_color):
    monkeypatch.setenv("KVTUI_TODAY", "2024-03-01")
    seen = _run_on_a_pty(monkeypatch, tmp_path, no_color)
    assert "\x1b[2K[" in seen and "] 6/6 " in seen, repr(seen[:600])
    assert "0/0" not in seen  # the listing itself draws no empty bar
    assert "done in" in seen or " left" in seen or "estimating" in seen
    assert (GREEN in seen) is (not no_color)
    assert "6 asked: stored 6" in seen
