"""The reliability suite's fixture and the figures it prints at the end of a run.

The issue asks for figures, not a claim: how many fuzz cases ran, how many hostile
documents were tried, how many processes were killed and survived, how many documents
were lost. Each test adds to ``rel_support.TALLY`` through the ``tally`` fixture; the
terminal summary prints what this run counted (a ``-k`` selection prints only its part).
"""

from __future__ import annotations

from collections import Counter

import pytest
from rel_support import TALLY, summary_lines


@pytest.fixture
def tally() -> Counter[str]:
    return TALLY


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    lines = summary_lines()
    if not lines:
        return
    terminalreporter.section("kvtui reliability figures")
    for line in lines:
        terminalreporter.write_line(line)
