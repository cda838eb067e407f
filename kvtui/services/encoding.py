"""Content-Encoding undone with a bound on what comes out, however the layers are stacked.

httpx decodes each network chunk in one ``decompress`` call per layer, with no limit on
the output: ``Content-Encoding: gzip, gzip`` turned 3.5 KB on the wire into 4.2 GB in
memory before any size check could run. Here kvtui reads the raw bytes and undoes each
layer itself, asking zlib for at most ``PIECE`` bytes at a time (``max_length``), so no
layer ever holds more than one piece of output plus the input it has not consumed, and
the caller counts the decoded total as it grows and stops at its cap.

Only the encodings kvtui asks for exist here: ``gzip`` (``x-gzip``), ``deflate`` (zlib or,
as some servers send it, raw) and ``identity``. kvtui never sends ``br`` or ``zstd`` in
``Accept-Encoding``, so a body in either (or in anything else) is refused by name rather
than stored as undecoded bytes; more than ``MAX_LAYERS`` layers is refused too.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

PIECE = 64 * 1024  # most bytes one layer hands on at a time
MAX_LAYERS = 3  # gzip over deflate over gzip is already more than any server sends


class EncodingRefused(ValueError):
    """An encoding kvtui does not undo, or too many of them."""


class _Inflate:
    """One zlib/gzip layer that yields its output in pieces of at most ``PIECE`` bytes."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._obj = zlib.decompressobj(zlib.MAX_WBITS | 16 if kind == "gzip" else zlib.MAX_WBITS)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        if not self._started and data and self.kind == "deflate":
            self._started = True
            # "deflate" is zlib-wrapped by the RFC, raw in practice now and then.
            probe = zlib.decompressobj(zlib.MAX_WBITS)
            try:
                probe.decompress(data[:2], 0)
            except zlib.error:
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
        self._started = self._started or bool(data)
        while data:
            try:
                out = self._obj.decompress(data, PIECE)
            except zlib.error as exc:
                raise EncodingRefused(f"corrupt {self.kind} data ({exc})") from None
            data = self._obj.unconsumed_tail
            if self._obj.eof:
                # Bytes after the end of the stream (another gzip member, or junk) are
                # dropped, as httpx and browsers do; they cannot grow the output.
                data = b""
            if out:
                yield out
            elif not data:
                return

    def flush(self) -> Iterator[bytes]:
        """The end of the body: a stream that stops before its own end is truncated."""
        if self._started and not self._obj.eof:
            raise EncodingRefused(f"truncated {self.kind} data")
        return iter(())


def decoder_chain(header: str | None) -> list[_Inflate]:
    """The layers to undo for a ``Content-Encoding`` value, outermost first."""
    names = [n.strip().lower() for n in (header or "").split(",") if n.strip()]
    layers: list[_Inflate] = []
    for name in reversed(names):  # the last encoding applied is undone first
        if name in ("identity", "none"):
            continue
        if name in ("gzip", "x-gzip"):
            layers.append(_Inflate("gzip"))
        elif name == "deflate":
            layers.append(_Inflate("deflate"))
        else:
            shown = "".join(c for c in name[:20] if c.isprintable())
            raise EncodingRefused(f"unsupported content encoding {shown!r}")
    if len(layers) > MAX_LAYERS:
        raise EncodingRefused(f"{len(layers)} stacked content encodings")
    return layers


def _through(layers: list[_Inflate], i: int, data: bytes) -> Iterator[bytes]:
    if i == len(layers):
        if data:
            yield data
        return
    for piece in layers[i].feed(data):
        yield from _through(layers, i + 1, piece)


def decode(layers: list[_Inflate], chunk: bytes) -> Iterator[bytes]:
    """Decoded pieces of one raw chunk, pulled lazily through every layer."""
    return _through(layers, 0, chunk)


def finish(layers: list[_Inflate]) -> Iterator[bytes]:
    """Whatever the layers still hold once the raw body has ended."""
    for i, layer in enumerate(layers):
        for piece in layer.flush():
            yield from _through(layers, i + 1, piece)
