"""A killed import leaves no parse workers behind.

Big imports parse in spawned worker processes. SIGKILL gives the importing process no
chance to shut its pool down, so the workers must notice on their own; without that,
every kill left two orphaned interpreters running (found after the kill suite ran).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from test_store_support import write_set

REPO = Path(__file__).resolve().parents[1]


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_parse_workers_exit_when_the_import_is_killed(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(1, 260):  # > 400 files, so the import uses its worker pool
        write_set(src, i)
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "KVTUI_IMPORT_WORKERS": "2",
        "KVTUI_IMPORT_CHUNK": "20",
    }
    proc = subprocess.Popen(
        [sys.executable, "-m", "kvtui", "--cache", str(tmp_path / "c"), "import", str(src)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and proc.poll() is None:
        workers = {p for p in _children(proc.pid) if _alive(p)}
        if len(workers) >= 2:
            break
        time.sleep(0.05)
    if proc.poll() is not None:
        pytest.fail("the import ended before its worker pool started; give it more files")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.1)
    left = [p for p in workers if _alive(p)]
    for p in left:  # do not leak them from the test either
        os.kill(p, signal.SIGKILL)
    assert not left, f"parse workers outlived the killed import: {left}"
