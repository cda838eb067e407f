"""Network layer: the web services kvtui reads (TK OData, KOOP documents, SRU search).

Named for what it talks to, to keep it apart from the cache's ``sources/`` folder, which
keeps what these services sent. The only package that does network I/O. Importing it is
cheap: the public entry points live in ``kvtui.services.fetch`` (``fetch_many``,
``fetch_numbers``, ``sync_period``).
"""
