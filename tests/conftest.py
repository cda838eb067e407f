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

# Tests speak English unless they choose otherwise (the snapshots and every assertion
# on an interface word were written in it): KVTUI_LANGUAGE wins over the locale and
# the config, in this process and in every kvtui a test starts. A test of the
# language choice itself removes it with monkeypatch.
os.environ["KVTUI_LANGUAGE"] = "en"


@pytest.fixture(autouse=True)
def _english_again() -> Iterator[None]:
    """A test that switched the language (a Dutch reader, ``main`` with a Dutch locale)
    leaves the next one in English."""
    yield
    from kvtui import i18n

    i18n.set_language("en")


@pytest.fixture
def dutch() -> None:
    """This test reads the interface in Dutch (as with ``LANG=nl_NL.UTF-8``)."""
    from kvtui import i18n

    i18n.set_language("nl")


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
