"""``kvtui search`` and the bare reader command, read without argparse, read what
argparse reads or leave the line to argparse: never a different query, option value or
error.

Random command lines are built from words, excluded words, every search option with
good and bad values, abbreviations and ``--x=y`` forms; for each, the fast reading is
either None or equal, attribute for attribute, to argparse's, and a line argparse
refuses is never read by the fast path.
"""

from __future__ import annotations

import contextlib
import io
import random
from collections.abc import Callable
from typing import Any

import pytest

from kvtui.cli import _fast_reader, _fast_search, parse_args

WORDS = ["stikstof", "water", "titel:boeren", '"een zin"', "NEAR(a", "b,", "5)", "x*", "OR"]
OPTIONS = [
    ["--json"],
    ["--sort", "date"],
    ["--sort", "relevance"],
    ["--sort", "best"],
    ["--limit", "5"],
    ["--limit", "0"],
    ["--limit", "x"],
    ["--offset", "0"],
    ["--offset", "12"],
    ["--offset", "-1"],
    ["--since", "2024"],
    ["--since", "2024-05"],
    ["--until", "2024-02-30"],
    ["--until", "2023-12-31"],
    ["--cache", "/a"],
    ["--cache"],
    ["--limit"],
    ["--lim", "3"],
    ["--limit=3"],
    ["-stikstof"],
    ["-h"],
    ["--"],
    ["-"],
]


def _argparse(argv: list[str]) -> dict | None:
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            return vars(parse_args(argv))
        except SystemExit:
            return None


def _each(fast: Callable[[list[str]], object], lines: list[list[str]]) -> list[Any]:
    """One case per command line, named after the fast path and the line."""
    return [pytest.param(fast, argv, id=f"{fast.__name__}:{' '.join(argv)}") for argv in lines]


READ = [
    *_each(_fast_search, [
        ["search", "stikstof"],
        ["--cache", "/x", "search", "a", "b"],
        ["search", "a", "--limit", "5", "b", "--json", "--sort", "date", "--offset", "3"],
        ["search", "a", "--since", "2024", "--until", "2024-05", "--cache", "/y"],
        ["--cache", "/a", "search", "a", "--cache", "/b", "--limit", "1", "--limit", "9"],
        ["search", "search"],
    ]),
    *_each(_fast_reader, [
        [], ["--cache", "/x"], ["--no-mouse"], ["--cache", "/a", "--no-mouse", "--cache", "/b"],
    ]),
]  # fmt: skip
LEFT_TO_ARGPARSE = [
    *_each(_fast_search, [
        ["search"],
        ["search", "-h"],
        ["search", "a", "-b"],
        ["search", "a", "--limit", "0"],
        ["search", "a", "--sort", "best"],
        ["search", "a", "--since", "gisteren"],
        ["search", "a", "--limit=3"],
        ["search", "a", "--lim", "3"],
        ["search", "a", "--cache"],
        ["--no-mouse", "search", "a"],
        ["show", "a"],
        [],
    ]),
    *_each(_fast_reader, [
        ["2020Z12161"], ["--cache"], ["--cache", "-x"], ["--theme", "x"], ["-h"], ["--version"],
        ["--no-mouse", "show", "a"], ["serach"], ["--man"], ["--cache=/x"],
    ]),
]  # fmt: skip


@pytest.mark.parametrize(("fast", "argv"), READ)
def test_the_fast_path_reads_what_argparse_reads(fast, argv: list[str]) -> None:
    read = fast(argv)
    assert read is not None
    assert vars(read) == _argparse(argv)


@pytest.mark.parametrize(("fast", "argv"), LEFT_TO_ARGPARSE)
def test_the_fast_path_leaves_everything_else_to_argparse(fast, argv: list[str]) -> None:
    assert fast(argv) is None


def test_random_search_lines_read_the_same_or_fall_back() -> None:
    rng = random.Random(11)
    read = 0
    for _ in range(400):
        argv = ["--cache", "/c"] if rng.random() < 0.3 else []
        argv.append("search")
        for _ in range(rng.randint(0, 6)):
            argv += [rng.choice(WORDS)] if rng.random() < 0.5 else rng.choice(OPTIONS)
        fast = _fast_search(argv)
        if fast is not None:
            assert vars(fast) == _argparse(argv), argv
            read += 1
    assert read > 50  # the fast path is taken for many lines, not only the trivial ones
