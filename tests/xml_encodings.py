"""The ways an XML document reaches kvtui as bytes: declared in UTF-8, UTF-16 (with and
without a byte order mark), UTF-32, ISO-8859-1 or windows-1252, with a UTF-8 BOM, or
with no declaration at all. Old KOOP files come in all of these; a parser test runs
its document through each.
"""

from __future__ import annotations

from collections.abc import Callable


def _declared(encoding: str, codec: str) -> Callable[[str], bytes]:
    """The document after an XML declaration naming ``encoding``, encoded with ``codec``
    (a codec such as ``utf-16-le`` writes no byte order mark)."""
    declaration = f'<?xml version="1.0" encoding="{encoding}"?>'
    return lambda document: (declaration + document).encode(codec)


ENCODINGS: dict[str, Callable[[str], bytes]] = {
    "utf-8": _declared("UTF-8", "utf-8"),
    "utf-8 BOM": lambda document: ("\ufeff" + document).encode(),
    "utf-16": _declared("UTF-16", "utf-16"),
    "utf-16-le no BOM": _declared("UTF-16", "utf-16-le"),
    "utf-16-be no BOM": _declared("UTF-16", "utf-16-be"),
    "utf-32": _declared("UTF-32", "utf-32"),
    "iso-8859-1": _declared("ISO-8859-1", "latin-1"),
    "windows-1252": _declared("windows-1252", "cp1252"),
    "no declaration": lambda document: document.encode(),
}
