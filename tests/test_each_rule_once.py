"""Each rule of issue 13 is written in one module; these tests pin that module.

They read the source tree as text and AST (nothing runs), so a second copy of a rule
shows up here the moment someone writes it, naming the file that did.
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parents[1] / "kvtui"


def _modules() -> list[Path]:
    return sorted(p for p in PKG.rglob("*.py") if "__pycache__" not in p.parts)


def _rel(path: Path) -> str:
    return path.relative_to(PKG.parent).as_posix()


def _assigned_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        targets: list[ast.expr] = []
        if isinstance(node, ast.Assign):
            targets = list(node.targets)
        elif isinstance(node, ast.AnnAssign):
            targets = [node.target]
        for target in targets:
            for sub in ast.walk(target):
                if isinstance(sub, ast.Name):
                    names.add(sub.id)
    return names


def test_exit_codes_are_defined_in_one_module() -> None:
    owners = {
        _rel(path)
        for path in _modules()
        if any(n.startswith("EXIT_") for n in _assigned_names(ast.parse(path.read_text())))
    }
    assert owners == {"kvtui/cli/exits.py"}


def test_exit_codes_keep_their_documented_numbers() -> None:
    from kvtui.cli import exits

    assert (exits.EXIT_OK, exits.EXIT_FAILED, exits.EXIT_USAGE) == (0, 1, 2)


def test_every_cli_module_that_names_an_exit_code_imports_it() -> None:
    for path in sorted((PKG / "cli").glob("*.py")):
        text = path.read_text()
        if path.name == "exits.py" or "EXIT_" not in text:
            continue
        assert "from kvtui.cli.exits import" in text, _rel(path)
