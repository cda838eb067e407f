"""What the interface catalogue must hold, and what it holds.

``marked_strings`` reads every module of kvtui (by its syntax tree, so strings inside
f-strings count too) for the literal arguments of ``_()``, ``N_()`` and ``ngettext()``,
and adds the command registry's groups, descriptions and footer labels (shown through
``_()`` at run time). ``read_po`` reads the Dutch source catalogue. Run as a script to
list what the catalogue lacks:

    .venv/bin/python tests/i18n_catalogue.py
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PKG = REPO / "kvtui"
PO = PKG / "locale" / "nl" / "LC_MESSAGES" / "kvtui.po"
MO = PO.with_suffix(".mo")
MARKERS = {"_": 1, "N_": 1, "ngettext": 2}

# A msgid is a str; a plural entry is the pair (singular, plural).
Entry = str | tuple[str, str]


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def strings_in(path: Path) -> set[Entry]:
    found: set[Entry] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        wanted = MARKERS.get(node.func.id)
        if wanted is None or len(node.args) < wanted:
            continue
        texts = [_literal(a) for a in node.args[:wanted]]
        if any(t is None for t in texts):
            continue
        found.add(texts[0] if wanted == 1 else (texts[0], texts[1]))  # type: ignore[arg-type]
    return found


def marked_strings() -> set[Entry]:
    found: set[Entry] = set()
    for path in sorted(PKG.rglob("*.py")):
        if path.name != "i18n.py":  # its docstrings name the markers themselves
            found |= strings_in(path)
    from kvtui.ui import commands

    for c in commands.COMMANDS:
        found |= {c.group, c.description, c.label}
    return found


def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # a .po string is a C string; these are Python-safe


def read_po(path: Path = PO) -> dict[Entry, str | tuple[str, ...]]:
    """Every entry of ``path``: msgid (or (msgid, msgid_plural)) → msgstr (or forms)."""
    entries: dict[Entry, str | tuple[str, ...]] = {}
    current: dict[str, str] = {}
    key = ""

    def flush() -> None:
        if "msgid" not in current or current["msgid"] == "":
            current.clear()
            return
        if "msgid_plural" in current:
            forms = tuple(current[k] for k in sorted(current) if k.startswith("msgstr["))
            entries[(current["msgid"], current["msgid_plural"])] = forms
        else:
            entries[current["msgid"]] = current.get("msgstr", "")
        current.clear()

    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            if not line:
                flush()
            continue
        if line.startswith('"'):
            current[key] += _unquote(line)
            continue
        key, _sep, rest = line.partition(" ")
        if key == "msgid":
            flush()
        current[key] = _unquote(rest)
    flush()
    return entries


def missing() -> list[Entry]:
    po = read_po()
    return sorted(
        (e for e in marked_strings() if not po.get(e)),
        key=lambda e: e if isinstance(e, str) else e[0],
    )


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    for entry in missing():
        if isinstance(entry, tuple):
            print(f"msgid {entry[0]!r}\nmsgid_plural {entry[1]!r}\n")
        else:
            print(f"msgid {entry!r}\n")
