"""Command-line faults a first user met on a read-only copy of a cache (the rsync-to-a-
server case), each test naming what was seen."""

from __future__ import annotations

import os
import subprocess

from test_store_support import cache_with
from test_watch import _read_only, generated, main_run


def test_the_first_new_on_a_read_only_cache_does_not_claim_to_have_noted_anything(tmp_path):
    """Seen: on a read-only cache every 'kvtui new' said "first 'kvtui new': 14 sets
    noted; from now on it lists what changes" – and the next run said it again."""
    root = cache_with(tmp_path / "c", generated(4))
    view = _read_only(root, tmp_path / "ro")
    try:
        runs = [main_run(["new"], view) for _ in range(2)]
    finally:
        if view == root:
            os.chmod(root, 0o755)
        else:
            subprocess.run(["umount", "-l", str(view)], capture_output=True, timeout=20)
    for run in runs:
        assert run.returncode == 0 and run.stdout == ""
        assert "noted;" not in run.stderr, run.stderr
        assert "cannot be written, so nothing was noted" in run.stderr, run.stderr
    writable = main_run(["new"], root)  # the same cache where it can be written
    assert "4 sets noted; from now on it lists what changes" in writable.stderr
    assert main_run(["new"], root).stderr == ""
