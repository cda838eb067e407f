"""The layer rules, checked on the source rather than trusted.

Nothing below the UI imports Textual; nothing below ``services`` does network I/O (so no
httpx); the core modules the CLI loads for ``show``/``list``/``search`` stay light.
Between kvtui's own parts, contracts in the manner of import-linter (forbidden imports,
no cycles) are checked over the AST of every module, imports inside functions and
``TYPE_CHECKING`` blocks included: a lazy import is still a dependency.
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
    "query",
    "passage",
    "i18n",
    "model",
    "records",
    "numbers",
    "textsafe",
    "dates",
    "whitespace",
    "cachenames",
    "parse",
    "store",
    "render",
    "services",
    "assemble",
    "grouping",
    "term",
    "facets",
    "board",
    "watch",
]
BELOW_SERVICES = ["model", "numbers", "textsafe", "parse", "store", "render", "assemble"]
BELOW_SERVICES += ["grouping", "term", "facets", "board", "watch", "dates", "whitespace"]
BELOW_SERVICES += ["cachenames", "i18n", "query", "passage", "records"]


@pytest.mark.parametrize("path", _modules(*BELOW_UI), ids=lambda p: str(p.relative_to(PKG)))
def test_no_textual_below_the_ui(path):
    bad = {n for n in _imports(path) if n.split(".")[0] in {"textual", "rich"}}
    assert not bad, f"{path} imports {bad}"


@pytest.mark.parametrize("path", _modules(*BELOW_SERVICES), ids=lambda p: str(p.relative_to(PKG)))
def test_no_network_below_services(path):
    bad = {
        n
        for n in _imports(path)
        if n.split(".")[0] in {"httpx", "urllib.request", "socket"}
        or n in {"urllib.request", "http.client"}
    }
    assert not bad, f"{path} imports {bad}"


# -- contracts between kvtui's own parts ---------------------------------------------
#
# A part is a subpackage (``kvtui.parse``) or a top-level module (``kvtui.model``).

FOUNDATION = ("model", "numbers", "textsafe", "term", "dates", "whitespace", "cachenames", "i18n")
FOUNDATION += ("query", "passage")  # the search language and passages: plain text in, out
FOUNDATION += ("records",)  # what the parsers read from one file: plain data, like model
UPPER = ("parse", "store", "services", "render", "ui", "cli", "assemble", "grouping", "board")

# part -> parts it must not import, however lazily
FORBIDDEN: dict[str, set[str]] = {
    "parse": {"store", "services", "render", "ui", "cli", "assemble", "grouping", "board"},
    "store": {"services", "render", "ui", "cli"},
    "render": {"parse", "store", "services", "ui", "cli"},
    "services": {"render", "ui", "cli"},
    "ui": {"cli"},
    **{part: set(UPPER) for part in FOUNDATION},
    "watch": {"parse", "store", "services", "render", "ui", "cli"},  # rules are plain values
}


def _module_name(path: Path) -> str:
    parts = path.with_suffix("").relative_to(PKG.parent).parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _all_modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PKG.rglob("*.py")) if "__pycache__" not in p.parts}


def _targets(path: Path, name: str) -> set[str]:
    """Every kvtui module ``path`` imports (relative imports resolved)."""
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                base = name.split(".") if is_package else name.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                module = ".".join([*base, module] if module else base)
            out.add(module)
            out.update(f"{module}.{a.name}" for a in node.names)
    return {t for t in out if t.split(".")[0] == "kvtui"}


def _resolve(target: str, modules: dict[str, Path]) -> str | None:
    while target and target not in modules:
        target = target.rpartition(".")[0]
    return target or None


def _graph() -> dict[str, set[str]]:
    modules = _all_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = {_resolve(t, modules) for t in _targets(path, name)}
        graph[name] = {t for t in found if t and t != name}
    return graph


def _part(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _part_graph(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for src, targets in graph.items():
        a = _part(src)
        if a is None:
            continue
        out.setdefault(a, set()).update(b for t in targets if (b := _part(t)) and b != a)
    return out


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected groups of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group: list[str] = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    out.append(sorted(group))
    return sorted(out)


def test_every_part_is_named_in_the_contracts() -> None:
    parts = {p for p in _part_graph(_graph())} | set().union(*_part_graph(_graph()).values())
    known = set(FOUNDATION) | set(UPPER) | {"__main__", "envvars", "facets", "watch"}
    assert parts <= known, f"a new part needs its contract: {sorted(parts - known)}"


@pytest.mark.parametrize("part", sorted(FORBIDDEN))
def test_forbidden_imports_between_parts(part: str) -> None:
    graph = _graph()
    bad = sorted(
        f"{src} -> {dst}"
        for src, targets in graph.items()
        if _part(src) == part
        for dst in targets
        if _part(dst) in FORBIDDEN[part]
    )
    assert bad == []


def test_no_cycle_between_parts() -> None:
    assert _cycles(_part_graph(_graph())) == []


# Module cycles inside one part that are known and lazy (imports inside functions):
# ``list --format csv`` borrows board's table writer while board borrows offline's
# output helpers; the completion and man-page generators read the parsers that
# ``kvtui.cli`` builds, and the options' ``--help`` epilog is built by conventions, each
# only when asked for.
KNOWN_MODULE_CYCLES = [
    ["kvtui.cli", "kvtui.cli.completion", "kvtui.cli.manpage"],
    ["kvtui.cli.board", "kvtui.cli.offline"],
    ["kvtui.cli.conventions", "kvtui.cli.options"],
    ["kvtui.cli.online", "kvtui.cli.watch"],  # new --refresh runs refresh; sync notes its end
]


def test_no_new_import_cycle_between_modules() -> None:
    new = [c for c in _cycles(_graph()) if c not in KNOWN_MODULE_CYCLES]
    assert new == []


def test_the_contract_checks_can_fail(tmp_path: Path) -> None:
    graph = {
        "kvtui.parse.x": {"kvtui.store.y"},
        "kvtui.store.y": {"kvtui.parse.x"},
        "kvtui.model": set(),
    }
    assert _cycles(graph) == [["kvtui.parse.x", "kvtui.store.y"]]
    assert _cycles(_part_graph(graph)) == [["parse", "store"]]
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from kvtui.store import cache\n"
        "def later():\n"
        "    from ..services import fetch\n"
        "    import kvtui.ui.app\n"
    )
    assert _targets(probe, "kvtui.parse.probe") == {
        "kvtui.store",
        "kvtui.store.cache",
        "kvtui.services",
        "kvtui.services.fetch",
        "kvtui.ui.app",
    }
