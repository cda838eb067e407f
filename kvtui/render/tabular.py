"""Lists as a spreadsheet user takes them: CSV and JSON Lines, safe to open.

CSV cells are inert in two ways. Controls are made visible by ``kvtui.textsafe.inert``
(an ESC in a title cannot act when the file is ``cat``-ed). And a text cell that a
spreadsheet would run as a formula (formula or CSV injection: a cell starting with
``=``, ``+``, ``-`` or ``@``, also after leading blanks or as a full-width sign, or
with a tab) is prefixed with an apostrophe, the mark spreadsheets read as "text".
Numbers stay numbers; lists of names are joined with "; ". JSON Lines keep the text
faithful (it is data) with the controls JSON leaves raw escaped, one object a line.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from kvtui.render.json import _RAW_UNSAFE, _escape
from kvtui.textsafe import inert

FORMATS = ("csv", "jsonl")

# The signs that start a formula in Excel, LibreOffice and Google Sheets, and their
# full-width forms, which some of them accept too; a leading tab or CR hides one.
_FORMULA_START = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")


def csv_cell(value: Any) -> str | int | float:
    """One cell: numbers as numbers, None empty, lists joined, text inert."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value
    if isinstance(value, list | tuple):
        value = "; ".join(str(v) for v in value if v is not None)
    text = inert(str(value))
    if text[:1] in ("\t", "\n") or text.lstrip()[:1] in _FORMULA_START:
        return "'" + text
    return text


def write_csv(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """A header row of ``columns`` and one row per mapping, CRLF line ends (RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_cell(row.get(c)) for c in columns])
    return out.getvalue()


def write_jsonl(rows: Iterable[Mapping[str, Any]]) -> str:
    """One compact JSON object a line, controls escaped."""
    import json

    lines = [
        _RAW_UNSAFE.sub(_escape, json.dumps(dict(r), ensure_ascii=False, separators=(",", ":")))
        for r in rows
    ]
    return "".join(line + "\n" for line in lines)
