"""The reliability suite's fixture: what each test counts goes into ``rel_support.TALLY``.

The issue asks for figures, not a claim: how many fuzz cases ran, how many hostile
documents were tried, how many processes were killed and survived, how many documents
were lost. Each test adds to ``rel_support.TALLY`` through the ``tally`` fixture; the
root ``tests/conftest.py`` prints what this run counted at the end (adding up the
counts of every xdist worker; a ``-k`` selection prints only its part).
"""

from __future__ import annotations

from collections import Counter

import pytest
from rel_support import TALLY


@pytest.fixture
def tally() -> Counter[str]:
    return TALLY
