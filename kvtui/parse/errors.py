"""The one error a parser may raise.

Parsers are tolerant: odd but readable input gives a partial record with ``warnings``.
``BadDocument`` is for input that is not the thing at all (not XML, an error page, a
hostile DTD), so fetchers can say "bad document" and leave the cache as it was.
"""

from __future__ import annotations


class BadDocument(ValueError):
    """The bytes are not a document of the expected kind (or are refused as hostile)."""
