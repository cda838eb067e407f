"""ETag/Last-Modified kept per URL, so a re-check of an unchanged document costs a 304.

The validators live beside the cache in ``http-validators.json``. They are only a hint:
a validator is used only while the cache still holds the payload it describes (a 304
must be answered from bytes we have), and a lost or corrupt file only costs full
downloads. Saving merges with what another kvtui process may have written meanwhile and
replaces the file atomically, so readers never see half a file.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from pathlib import Path

from kvtui.services.http import Validators
from kvtui.store.files import pid_alive, read_regular, replace_file

FILE_NAME = "http-validators.json"
_TEMP_PREFIX = f".tmp-{FILE_NAME}-"  # then "{pid}-…", as the sweep reads it
MAX_ENTRIES = 200_000
_MAX_FILE_BYTES = 256 * 1024 * 1024


class ValidatorStore:
    def __init__(self, root: Path | None) -> None:
        self.path = Path(root) / FILE_NAME if root is not None else None
        self._data: dict[str, dict[str, str]] = self._load()
        self._dirty: dict[str, dict[str, str]] = {}

    def _load(self) -> dict[str, dict[str, str]]:
        if self.path is None:
            return {}
        # A regular file only, bounded, never followed or blocked on (a FIFO, a link).
        data = read_regular(self.path, _MAX_FILE_BYTES)
        try:
            raw = json.loads(data) if data is not None else {}
        except (ValueError, RecursionError):  # RecursionError: nested too deep
            return {}
        if not isinstance(raw, dict):
            return {}
        return {k: v for k, v in raw.items() if isinstance(k, str) and isinstance(v, dict)}

    def get(self, url: str, name: str, held: bytes | None) -> Validators | None:
        """Validators for ``url`` if they describe exactly the bytes held as ``name``."""
        entry = self._dirty.get(url) or self._data.get(url)
        if held is None or not entry or entry.get("name") != name:
            return None
        if entry.get("sha256") != _digest(held):
            return None
        v = Validators(_header(entry.get("etag")), _header(entry.get("last_modified")))
        return v or None

    def remember(self, url: str, name: str, validators: Validators, data: bytes) -> None:
        if not validators:
            return
        entry = {"name": name, "sha256": _digest(data)}
        if validators.etag:
            entry["etag"] = validators.etag
        if validators.last_modified:
            entry["last_modified"] = validators.last_modified
        self._dirty[url] = entry

    def save(self) -> None:
        if self.path is None or not self._dirty:
            return
        merged = self._load()
        merged.update(self._dirty)
        if len(merged) > MAX_ENTRIES:  # keep the newest entries (dicts keep insertion order)
            merged = dict(list(merged.items())[-MAX_ENTRIES:])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._sweep()
            data = json.dumps(merged, ensure_ascii=False, sort_keys=True).encode("utf-8")
            replace_file(self.path, data, temp_prefix=_TEMP_PREFIX, mode=0o666)  # as open()
        except (OSError, ValueError):
            return  # a full disk, a directory in its place: it only costs full downloads
        self._data, self._dirty = merged, {}

    def _sweep(self) -> None:
        """Remove temporary files that killed processes left beside the cache."""
        assert self.path is not None
        for entry in self.path.parent.glob(_TEMP_PREFIX + "*"):
            pid = entry.name[len(_TEMP_PREFIX) :].split("-", 1)[0]
            if pid.isdigit() and not pid_alive(int(pid)):
                with contextlib.suppress(OSError):
                    entry.unlink()


def _header(value: object) -> str | None:
    """A stored validator fit to send back as a header value, else None."""
    if not isinstance(value, str) or not value or len(value) > 1024:
        return None
    if not value.isascii() or not value.isprintable():  # CR/LF would split the request
        return None
    return value


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
