"""Small helpers shared by the sources/fetch tests (not fixtures: each test file wraps them)."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator
from pathlib import Path

from .server import FakeServices
from .world import Set

FAST_ENV = {
    "KVTUI_RETRY_BASE": "0",
    "KVTUI_RETRY_CAP": "0",
    "KVTUI_HTTP_ATTEMPTS": "2",
    "KVTUI_HTTP_TIMEOUT": "0.5",
}


def serve(
    monkeypatch, sets: list[Set] | None = None, *, env: dict[str, str] | None = None, **kw
) -> Iterator[FakeServices]:
    """Start a fake server, point kvtui at it with fast retries (and ``env`` on top of
    those: a test's own timeout, a fixed day); stop it afterwards."""
    fake = FakeServices(sets, **kw).start()
    try:
        for key, value in {**fake.env, **FAST_ENV, **(env or {})}.items():
            monkeypatch.setenv(key, value)
        for proxy in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
            monkeypatch.delenv(proxy, raising=False)
        yield fake
    finally:
        fake.stop()


def tree_digest(root: Path) -> dict[str, str]:
    """sha256 of every file under ``root`` (SQLite's transient -shm/-wal files aside)."""
    out: dict[str, str] = {}
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith(("-shm", "-wal")) or name.endswith(".lock"):
                continue
            p = Path(dirpath) / name
            out[str(p.relative_to(root))] = hashlib.sha256(p.read_bytes()).hexdigest()
    return out
