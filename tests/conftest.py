"""Shared test fixtures.

``shared_dir`` is the team's ``../shared`` folder (real fragments, the seed). It is
read in place, never copied; tests that need it skip with a reason where it is absent.

The reliability figures (``tests/reliability/rel_support.TALLY``) are printed here, at
the root, because with pytest-xdist the tests count in worker processes: each worker
hands its counts back when it ends and the controller adds them up, so a parallel run
prints the same figures as a serial one.
"""

from __future__ import annotations

import compileall
import json
import os
import socket
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KVTUI_SHARED_DIR", REPO.parent / "shared"))
RELIABILITY = REPO / "tests" / "reliability"
TALLY_KEY = "kvtui_tally"

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
def seed_dir(shared_dir: Path) -> Path:
    """The seed: the real documents of one set (2020Z12161) and ``expected.json``."""
    return shared_dir / "fixtures" / "seed"


@pytest.fixture
def seed_expected(seed_dir: Path) -> dict:
    """``expected.json``: what ``show --format json`` must give for the seed, exactly
    (read afresh for each test, which may then change its copy)."""
    return json.loads((seed_dir / "expected.json").read_text(encoding="utf-8"))


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


def pytest_configure(config) -> None:
    """Compile kvtui's modules once, before the tests start hundreds of ``python -m kvtui``
    processes (kills, soak, CLI): each then reads bytecode instead of compiling every
    module again, which is about a third of a short run. Python would write the bytecode
    itself, but not where ``PYTHONDONTWRITEBYTECODE`` is set (as on CI machines).
    In the xdist controller only: its workers start after this.
    """
    if not hasattr(config, "workerinput"):
        compileall.compile_dir(REPO / "kvtui", quiet=1)


def _rel_support():
    """``rel_support`` as the reliability tests import it (one module, so one TALLY)."""
    if "rel_support" not in sys.modules and str(RELIABILITY) not in sys.path:
        sys.path.insert(0, str(RELIABILITY))
    import rel_support

    return rel_support


def pytest_sessionfinish(session) -> None:
    """In an xdist worker: hand this worker's reliability counts to the controller."""
    out = getattr(session.config, "workeroutput", None)
    rel = sys.modules.get("rel_support")
    if out is not None and rel is not None:
        out[TALLY_KEY] = dict(rel.TALLY)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:
    """In the xdist controller: add up what each worker counted."""
    counts = getattr(node, "workeroutput", {}).get(TALLY_KEY)
    if counts:
        _rel_support().TALLY.update(counts)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """The figures this run counted (a ``-k`` selection prints only its part)."""
    rel = sys.modules.get("rel_support")
    lines = rel.summary_lines() if rel is not None else []
    if not lines or hasattr(config, "workerinput"):
        return
    terminalreporter.section("kvtui reliability figures")
    for line in lines:
        terminalreporter.write_line(line)
