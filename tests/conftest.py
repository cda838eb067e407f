"""Shared test fixtures.

``shared_dir`` is the team's ``../shared`` folder (real fragments, the seed). It is
read in place, never copied; tests that need it skip with a reason where it is absent.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KVTUI_SHARED_DIR", REPO.parent / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not (SHARED / "design.md").is_file():
        pytest.skip(f"../shared is absent ({SHARED}); these checks need the team's shared folder")
    return SHARED


@pytest.fixture(scope="session")
def repo_dir() -> Path:
    return REPO


class Listener:
    """A local TCP port that records whether anything connected to it.

    Hostile-document tests point external entities and DTDs at it: a parser that tried
    the network shows up here, and nothing ever leaves the machine.
    """

    def __init__(self) -> None:
        self._srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._srv.bind(("127.0.0.1", 0))
        self._srv.listen(8)
        self._srv.setblocking(False)
        self.port: int = self._srv.getsockname()[1]

    def connected(self) -> bool:
        try:
            conn, _ = self._srv.accept()
        except BlockingIOError:
            return False
        conn.close()
        return True

    def close(self) -> None:
        self._srv.close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    srv = Listener()
    yield srv
    srv.close()
