"""Benchmark the reader's document view on the largest sets the caps allow.

    python benchmarks/bench_docview.py [--size 80x24] [--only NAME ...]

Each shape is a made-up Kamervraag (FICTIEF, built here in memory): the largest set
the caps allow (``MAX_SET_ENTRIES`` questions, each with its answer and a footnote),
and one field of 64 KB, 256 KB and 1 MB (an answer of words, and a title of one
unbroken word). For each it prints, headless (``App.run_test``) in a bare app that holds
only the document view:

- **first screen**: ``show()`` until the first frame is painted;
- **G**: ``scroll_end`` until the view is at the end of the whole document;
- **peak memory** (``tracemalloc``) of those two steps, in a second run (tracing slows
  Python down, so the times come from a run without it).

It is a benchmark, not a test: nothing here asserts, it reports.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import time
import tracemalloc
from pathlib import Path

# The documents and the bare app are the reader's reliability test's own.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "reliability"))

from huge_sets import ViewApp, huge_set

from kvtui.assemble import MAX_SET_ENTRIES
from kvtui.model import Footnote, Kamervraag, Question
from kvtui.ui.widgets.doc_view import DocView

WORDS = [
    "FICTIEF",
    "voorbeeld",
    "voor",
    "kvtui",
    "met",
    "woorden",
    "van",
    "wisselende",
    "lengte",
    "en",
    "een",
    "zin",
]


def _kv(questions: list[Question], title: str = "FICTIEF: een groot voorbeeld") -> Kamervraag:
    return huge_set(questions, title, number="2099Z09999", answer_id="ah-tk-20982099-9", pages=True)


def words(size: int) -> str:
    """About ``size`` characters of words (no paragraph breaks)."""
    out, n, i = [], 0, 0
    while n < size:
        w = WORDS[i % len(WORDS)]
        out.append(w)
        n += len(w) + 1
        i += 1
    return " ".join(out)[:size]


def largest_set() -> Kamervraag:
    note = "https://www.example.org/fictief/bron"
    return _kv(
        [
            Question(
                i + 1,
                f"Vraag {i + 1}: {words(160)}?",
                words(320) + ".",
                footnotes=[Footnote(1, f"Bron {i + 1}, {note}", note, "answer", 20)],
            )
            for i in range(MAX_SET_ENTRIES)
        ]
    )


def big_answer(size: int) -> Kamervraag:
    return _kv([Question(1, "Een vraag?", words(size))])


def big_title(size: int) -> Kamervraag:
    return _kv([Question(1, "Een vraag?", "Een antwoord.")], title="x" * size)


SHAPES = {
    "set-2000": largest_set,
    "answer-64K": lambda: big_answer(64 * 1024),
    "answer-256K": lambda: big_answer(256 * 1024),
    "answer-1M": lambda: big_answer(1024 * 1024),
    "title-64K": lambda: big_title(64 * 1024),
    "title-256K": lambda: big_title(256 * 1024),
    "title-1M": lambda: big_title(1024 * 1024),
}


async def at_end(view: DocView, pilot, limit: float = 120.0) -> None:
    """Wait until the view shows the end of the whole document."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        await pilot.pause()
        if view.fully_mounted and 0 < view.max_scroll_y <= view.scroll_y + 1:
            return
        await asyncio.sleep(0.01)


async def measure(name: str, size: tuple[int, int], trace: bool) -> tuple[float, float, float]:
    """(first screen, G, peak MB); the peak only with ``trace`` (which slows Python down,
    so the times are taken in a run without it)."""
    kamervraag = SHAPES[name]()
    gc.collect()
    app = ViewApp()
    peak = 0
    async with app.run_test(size=size) as pilot:
        view = app.query_one(DocView)
        await pilot.pause()
        if trace:
            tracemalloc.start()
        start = time.perf_counter()
        await view.show(kamervraag)
        await pilot.pause()
        first = time.perf_counter() - start
        start = time.perf_counter()
        view.scroll_end(animate=False)  # what G does in the reader
        await at_end(view, pilot)
        end = time.perf_counter() - start
        if trace:
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    return first, end, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="80x24", help="terminal size, COLSxROWS")
    parser.add_argument("--only", nargs="*", choices=sorted(SHAPES), help="shapes to run")
    args = parser.parse_args()
    cols, rows = (int(x) for x in args.size.split("x"))
    print(f"{'shape':<12} {'first screen':>13} {'G (end)':>10} {'peak MB':>9}")
    for name in args.only or SHAPES:
        first, end, _ = asyncio.run(measure(name, (cols, rows), trace=False))
        _, _, peak = asyncio.run(measure(name, (cols, rows), trace=True))
        print(f"{name:<12} {first:>11.3f} s {end:>8.3f} s {peak:>9.1f}")


if __name__ == "__main__":
    main()
