"""Find every regular expression in kvtui and build inputs meant to make it backtrack.

Used by ``test_rel_bounded.py``. Two halves:

* **Discovery.** Every ``re.Pattern`` bound at module level in any ``kvtui`` module, and
  every ``re.<function>("literal", …)`` call in the source (found with ``ast``). For each
  pattern the methods the code calls on it (``match``, ``search``, ``sub``…) are read
  from the source too, so an anchored pattern used with ``match`` is attacked with
  ``match``. A call whose pattern is not a literal is returned separately: the test
  allows only the ones it knows are safe (``re.escape`` of user text).
* **Attack inputs.** From the parsed pattern (``re._parser``): a string that walks
  the pattern as far as possible (so anchors and leading words are satisfied), then a
  long run of one *unit*: the pattern's own literal words, a sample of each repeated
  part, each character class, and the usual suspects (spaces of several kinds, words,
  digits, parentheses); then nothing, or a "!" (for patterns anchored at the end). So
  the final part of the pattern never matches: the shape that makes a backtracking
  engine retry every start or split.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from dataclasses import dataclass, field
from re import _compiler as sre_compile  # type: ignore[attr-defined]
from re import _constants as C  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

import kvtui

RE_FUNCS = (
    "compile",
    "match",
    "fullmatch",
    "search",
    "sub",
    "subn",
    "split",
    "findall",
    "finditer",
)
GENERIC_UNITS = (
    " ",
    "  x",
    "\u00a0",
    "\u2003",
    "\n",
    "\t",
    "a",
    "A",
    "Aa",
    "a ",
    "A-",
    "1",
    "12 ",
    "(",
    ")",
    "(a",
    "a)",
    ",",
    ", ",
    "-",
    ".",
    "/",
    ":",
    "<",
    ">",
    "<!--",
    "-->",
    "x\u00a0",
    "aan de ",
    "de ",
    "en ",
    "over",
)
_CANDIDATE_CHARS = "a A1 -(),.<>/:_\u00a0\u2003\nxz!\"#'*+;=?@[]{}|~é\x00"


@dataclass
class Found:
    """One pattern and how kvtui uses it."""

    where: str  # "module:NAME" or "module:line"
    pattern: re.Pattern
    methods: set[str] = field(default_factory=set)


def kvtui_modules() -> list:
    mods = [kvtui]
    for info in pkgutil.walk_packages(kvtui.__path__, "kvtui."):
        if info.name.endswith("__main__"):  # importing it runs the program
            continue
        mods.append(importlib.import_module(info.name))
    return mods


def _flags(node: ast.expr | None) -> int:
    if node is None:
        return 0
    try:
        return int(eval(compile(ast.Expression(node), "<flags>", "eval"), {"re": re}))
    except Exception:
        return 0


def discover() -> tuple[list[Found], list[str]]:
    """Every pattern kvtui compiles or calls, and every non-literal ``re`` call site."""
    found: dict[tuple[str, str], Found] = {}
    dynamic: list[str] = []
    for mod in kvtui_modules():
        try:
            source = inspect.getsource(mod)
        except (OSError, TypeError):
            continue
        tree = ast.parse(source)
        uses: dict[str, set[str]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                uses.setdefault(node.value.id, set()).add(node.attr)
        for name, value in vars(mod).items():
            if isinstance(value, re.Pattern):
                methods = uses.get(name, set()) & set(RE_FUNCS)
                found[(mod.__name__, name)] = Found(
                    f"{mod.__name__}:{name}", value, methods or {"search"}
                )
        for node in ast.walk(tree):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "re"
                and node.func.attr in RE_FUNCS
                and node.args
            ):
                continue
            first = node.args[0]
            where = f"{mod.__name__}:{node.lineno}"
            if isinstance(first, ast.Constant) and isinstance(first.value, (str, bytes)):
                flag_node = next((k.value for k in node.keywords if k.arg == "flags"), None)
                if flag_node is None:
                    index = 1 if node.func.attr in ("compile",) else 2
                    if node.func.attr in ("sub", "subn"):
                        index = 4
                    if node.func.attr == "split":
                        index = 3
                    flag_node = node.args[index] if len(node.args) > index else None
                pattern = re.compile(first.value, _flags(flag_node))
                method = "search" if node.func.attr == "compile" else node.func.attr
                key = (mod.__name__, f"line {node.lineno}")
                # A module-level compile is found by value above; a local one is new.
                if node.func.attr == "compile" and any(
                    f.pattern == pattern for f in found.values()
                ):
                    continue
                found.setdefault(key, Found(where, pattern, set())).methods.add(method)
            elif node.func.attr != "compile" or not _is_module_level(tree, node):
                dynamic.append(f"{where}: re.{node.func.attr}({ast.unparse(first)})")
    return list(found.values()), dynamic


def _is_module_level(tree: ast.Module, call: ast.Call) -> bool:
    return any(
        isinstance(stmt, (ast.Assign, ast.AnnAssign)) and call in ast.walk(stmt)
        for stmt in tree.body
    )


# ---------------------------------------------------------------------------
# Attack inputs
# ---------------------------------------------------------------------------


def _in_member(items: list, flags: int) -> list[str]:
    """Characters that fall in one character class (a few, for variety)."""
    sub = sre_parse.SubPattern(sre_parse.State(), [(C.IN, items)])
    try:
        probe = sre_compile.compile(sub, flags)
    except Exception:
        return ["a"]
    members = [c for c in _CANDIDATE_CHARS if probe.fullmatch(c)]
    return members[:3] or ["a"]


def _walk(items, flags: int, units: set[str], literals: list[str]) -> str:
    """A short string that matches ``items`` (as far as this walker can tell)."""
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if len(run) > 1:
            literals.append("".join(run))
        run.clear()

    for op, av in items:
        if op is C.LITERAL:
            run.append(chr(av))
            out.append(chr(av))
            continue
        flush()
        if op is C.NOT_LITERAL:
            out.append("x" if av != ord("x") else "y")
        elif op is C.IN:
            members = _in_member(av, flags)
            units.update(members)
            out.append(members[0])
        elif op is C.ANY:
            out.append("a")
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
            lo, hi, sub = av
            body = _walk(sub, flags, units, literals)
            if body:
                units.add(body)
            out.append(body * max(lo, 1 if hi else 0))
        elif op is C.SUBPATTERN:
            out.append(_walk(av[-1], flags, units, literals))
        elif op is C.ATOMIC_GROUP:
            out.append(_walk(av, flags, units, literals))
        elif op is C.BRANCH:
            alternatives = av[1]
            samples = [_walk(alt, flags, units, literals) for alt in alternatives]
            units.update(s for s in samples if s)
            out.append(samples[0])
    flush()
    return "".join(out)


def attack_inputs(pattern: re.Pattern, n: int) -> list[tuple[str, object]]:
    """``(label, input)`` pairs of about ``n`` characters, bytes for a bytes pattern."""
    source = pattern.pattern
    text_source = source.decode("latin-1") if isinstance(source, bytes) else source
    flags = pattern.flags & ~re.UNICODE if isinstance(source, bytes) else pattern.flags
    parsed = sre_parse.parse(source, flags)
    units: set[str] = set(GENERIC_UNITS)
    literals: list[str] = []
    sample = _walk(parsed.data, pattern.flags, units, literals)
    units.update(literals)
    units.update(w for w in re.findall(r"[A-Za-z]{2,}", text_source))
    prefixes = {sample[:j] for j in range(len(sample) + 1)}
    if len(prefixes) > 24:  # long samples: every few characters is enough
        step = len(sample) // 24 + 1
        prefixes = {sample[:j] for j in range(0, len(sample) + 1, step)} | {sample}
    cases: list[tuple[str, str]] = []
    for prefix in sorted(prefixes, key=len):
        for unit in sorted(units):
            if not unit:
                continue
            k = max(1, (n - len(prefix)) // len(unit))
            cases.append((f"{prefix!r} + {unit!r}*{k}", prefix + unit * k))
            # And with an end that no pattern wants, for those anchored at the end.
            cases.append((f"{prefix!r} + {unit!r}*{k} + '!'", prefix + unit * k + "!"))
        if prefix:
            k = max(1, n // len(prefix))
            cases.append((f"{prefix!r}*{k}", prefix * k))
    if isinstance(source, bytes):
        return [(label, s.encode("utf-8")) for label, s in cases]
    return cases


def run(pattern: re.Pattern, method: str, data: object) -> None:
    """Use ``pattern`` on ``data`` the way kvtui's code does."""
    if method == "match":
        pattern.match(data)
    elif method == "fullmatch":
        pattern.fullmatch(data)
    elif method == "search":
        pattern.search(data)
    else:  # sub, subn, split, findall, finditer: every match in turn
        for _ in pattern.finditer(data):
            pass


class _Overrun(Exception):
    pass


def _raise_overrun(*_args: object) -> None:
    raise _Overrun


def timed(pattern: re.Pattern, method: str, data: object, cap: float) -> float:
    """Seconds ``run`` took, or ``inf`` when it was still running after ``cap`` seconds.

    The regex engine checks for signals while it backtracks, so an alarm stops an
    exponential case instead of hanging the test run.
    """
    import signal
    import time

    old = signal.signal(signal.SIGALRM, _raise_overrun)
    signal.setitimer(signal.ITIMER_REAL, cap)
    start = time.perf_counter()
    try:
        # The alarm may also land just after the run, before it is disarmed: that run
        # took the whole cap too, and counts as an overrun rather than escaping.
        try:
            run(pattern, method, data)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _Overrun:
        return float("inf")
    finally:
        signal.signal(signal.SIGALRM, old)
    return time.perf_counter() - start
