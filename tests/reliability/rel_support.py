"""What the reliability tests share: the run's tally and the example-count knob.

A module of its own (not ``conftest``) so test files can import it by name: two
``conftest.py`` files in one run cannot both be imported as ``conftest``.
"""

from __future__ import annotations

import os
from collections import Counter

TALLY: Counter[str] = Counter()

# (key, label) in the order the summary prints them.
LINES = [
    ("fuzz_cases", "fuzz cases tried (hypothesis examples)"),
    ("fuzz_text_checked", "  of which well-formed, every text checked"),
    ("hostile_cases", "hostile documents tried"),
    ("entity_cases", "old documents with named entities tried (external DTD)"),
    ("fault_cases", "injected service faults (fetch/refresh/sync)"),
    ("network_cases", "hostile network and environment cases"),
    ("kills", "processes killed (SIGKILL)"),
    ("kills_survived", "  caches that opened and matched sources/ after a kill"),
    ("kills_missed", "  runs that ended before their kill (checked the same)"),
    ("cache_text", "invalid Unicode in sources (every kind and field)"),
    ("cache_store", "stores failed at a file or the index (nothing left)"),
    ("cache_files", "non-regular or oversized files named like cache files"),
    ("cache_links", "symlinks in place of cache files (nothing outside written)"),
    ("cache_readonly", "read-only caches read (real mount or unwritable)"),
    ("cache_full", "full-disk cases (real tmpfs)"),
    ("cache_foreign", "index/state/values from someone else"),
    ("cache_shapes", "odd cache shapes and validators files"),
    ("cache_encodings", "outputs to a non-UTF-8 stdout"),
    ("soak_reads", "soak reads (8 readers)"),
    ("soak_writes", "soak writes (2 writers)"),
    ("locked_errors", "'database is locked' seen by a user"),
    ("documents_lost", "documents lost"),
    ("grouping_attacks", "files that tried to merge sets (group/import/fetch/reindex)"),
    ("sets_merged", "  sets merged or pulled by them"),
    ("regex_attacks", "regex attacks tried (every pattern in kvtui, 1 KB)"),
    ("regex_growth_checks", "  of which timed at 4, 8 and 16 KB: none super-linear"),
    ("hostile_field_sets", "sets with 64 KB-1 MB hostile fields (import/list/show)"),
    ("bounded_cases", "other bounded-cost cases (sets, searches, config)"),
    ("query_cases", "search-language cases (passages, queries, huge sets)"),
    ("docview_cases", "huge sets and fields opened, ended and found in the reader"),
]
# Printed even at 0 when a test that could have counted them ran.
ZERO_MEANS_NONE = {
    "locked_errors": ("soak_reads",),
    "documents_lost": ("kills", "soak_reads", "fault_cases"),
    "sets_merged": ("grouping_attacks",),
}


def scale(default: int, env: str = "KVTUI_RELIABILITY_SCALE") -> int:
    """``default`` times the scale knob (CI runs at 1; a long night run can use 10)."""
    try:
        factor = float(os.environ.get(env, "1"))
    except ValueError:
        factor = 1.0
    return max(1, int(default * factor))


def summary_lines() -> list[str]:
    out = []
    for key, label in LINES:
        if key in TALLY or any(k in TALLY for k in ZERO_MEANS_NONE.get(key, ())):
            out.append(f"{label:<58} {TALLY[key]:>8}")
    return out
