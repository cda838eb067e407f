"""The ``kvtui`` command's exit codes, defined once for every subcommand.

0: all went well. 1: the work was tried and some of it failed (each failure is named on
stderr with its cause). 2: a usage error, caught before any I/O. Scripts depend on these
numbers, so they live here and nowhere else (tests/test_each_rule_once.py checks).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_USAGE = 2
