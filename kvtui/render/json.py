"""The JSON contract of ``kvtui show --format json`` (design.md).

Text in JSON is faithful, not made inert: JSON escapes every control character, so
nothing can act on a terminal, and consumers get the document's own characters.
"""

from __future__ import annotations

import json

from kvtui.model import Kamervraag


def render_json(kv: Kamervraag) -> str:
    return json.dumps(kv.to_json(), ensure_ascii=False, indent=2)
