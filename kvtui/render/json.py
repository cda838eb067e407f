"""The JSON contract of ``kvtui show --format json`` (``Kamervraag.to_json``), and
JSON for a terminal.

Text in JSON is faithful, not made inert: consumers get the document's own characters.
But ``json.dumps`` escapes only U+0000-U+001F; with ``ensure_ascii=False`` it writes
DEL, the C1 controls (U+0080-U+009F: 8-bit CSI and OSC, which xterm and others obey
in UTF-8 too, so U+009D could reach OSC 52) and the bidi overrides raw. ``dumps``
escapes those as ``\\uXXXX`` as well: the same JSON value, nothing that can act.
"""

from __future__ import annotations

import json
import re
from typing import Any

from kvtui.model import Kamervraag

_RAW_UNSAFE = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    return f"\\u{ord(m.group()):04x}"


def dumps(value: Any) -> str:
    """Indented JSON that is safe to print: every control escaped, other text as is."""
    return _RAW_UNSAFE.sub(_escape, json.dumps(value, ensure_ascii=False, indent=2))


def render_json(kamervraag: Kamervraag) -> str:
    return dumps(kamervraag.to_json())
