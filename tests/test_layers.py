"""The layer rules of design.md, checked on the source rather than trusted.

Nothing below the UI imports Textual; nothing below ``sources`` does network I/O (so no
httpx); the core modules the CLI loads for ``show``/``list``/``search`` stay light.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "kvtui"


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _modules(*parts: str) -> list[Path]:
    out: list[Path] = []
    for part in parts:
        p = PKG / part
        if p.is_dir():
            out.extend(sorted(p.rglob("*.py")))
        elif p.with_suffix(".py").is_file():
            out.append(p.with_suffix(".py"))
    return out


BELOW_UI = [
    "model",
    "numbers",
    "textsafe",
    "parse",
    "store",
    "render",
    "sources",
    "assemble",
    "grouping",
    "term",
    "facets",
    "board",
]
BELOW_SOURCES = ["model", "numbers", "textsafe", "parse", "store", "render", "assemble", "grouping"]
BELOW_SOURCES += ["term", "facets", "board"]


@pytest.mark.parametrize("path", _modules(*BELOW_UI), ids=lambda p: str(p.relative_to(PKG)))
def test_no_textual_below_the_ui(path):
    bad = {n for n in _imports(path) if n.split(".")[0] in {"textual", "rich"}}
    assert not bad, f"{path} imports {bad}"


@pytest.mark.parametrize("path", _modules(*BELOW_SOURCES), ids=lambda p: str(p.relative_to(PKG)))
def test_no_network_below_sources(path):
    bad = {
        n
        for n in _imports(path)
        if n.split(".")[0] in {"httpx", "urllib.request", "socket"}
        or n in {"urllib.request", "http.client"}
    }
    assert not bad, f"{path} imports {bad}"
