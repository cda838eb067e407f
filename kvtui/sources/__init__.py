"""Network layer: TK OData, KOOP documents and SRU search, with retries and politeness.

The only package that does network I/O. Importing it is cheap: the public entry points
live in ``kvtui.sources.fetch`` (``fetch_many``, ``fetch_numbers``, ``sync_period``).
"""
