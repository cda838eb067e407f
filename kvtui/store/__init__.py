"""The cache directory: raw sources, the derived SQLite index, and reader state.

Import ``kvtui.store.cache.Cache``; the submodules are its parts (``files`` for atomic
source files, ``index`` for the derived SQLite index, ``state`` for reader state that
survives any rebuild, ``paths`` for the default location).
"""
