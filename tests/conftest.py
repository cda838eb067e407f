"""Shared test fixtures.

``shared_dir`` is the team's ``../shared`` folder (real fragments, the seed). It is
read in place, never copied; tests that need it skip with a reason where it is absent.
"""

from __future__ import annotations

import os
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
