"""How much a PDF's compressed streams inflate to, counted before pdfminer opens the file.

pdfminer inflates every Flate stream whole, in memory: a 20 MB PDF of compressed zeros (a
"decompression bomb") would ask for gigabytes. ``inflated_size`` walks the raw file's
``stream … endstream`` blocks and inflates each one piece by piece, through every Flate layer
(``[/FlateDecode /FlateDecode]`` nests them), counting the bytes of the innermost layer and
stopping as soon as the count passes the budget; nothing is kept but the count. Streams that
are not zlib data (images, other filters) count for nothing, and a stream that breaks off is
counted up to where it breaks (pdfminer reports damaged files itself).
"""

from __future__ import annotations

import base64
import re
import zlib
from collections.abc import Iterable, Iterator
from itertools import chain

CHUNK = 1 << 20  # inflate at most 1 MB at a time
MAX_LAYERS = 4
_STREAM_START = re.compile(rb"stream\r?\n")
_END = b"endstream"
_HEX = re.compile(rb"[0-9A-Fa-f\s]*>")
_A85_IGNORED = b" \t\r\n\x0b\x0c"


def inflated_size(raw: bytes, budget: int) -> int:
    """Bytes the Flate streams of PDF ``raw`` inflate to, or a number over ``budget``."""
    total = 0
    position = 0
    while total <= budget:
        start = _STREAM_START.search(raw, position)
        if start is None:
            break
        end = raw.find(_END, start.end())
        if end < 0:
            end = len(raw)
        total += _stream_size(raw[start.end() : end], budget - total)
        position = end + len(_END)
    return total


def _stream_size(data: bytes, budget: int) -> int:
    data = _ascii_decoded(data)
    if not _is_zlib(data):
        return 0
    size = 0
    try:
        chunks: Iterator[bytes] = _inflate([data])
        for _ in range(MAX_LAYERS - 1):  # peel nested layers, still chunk by chunk
            first = next(chunks, b"")
            chunks = chain([first], chunks)
            if not _is_zlib(first):
                break
            chunks = _inflate(chunks)
        for chunk in chunks:
            size += len(chunk)
            if size > budget:
                break
    except zlib.error:
        pass
    return size


def _inflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    for chunk in chunks:
        while chunk and not inflater.eof:
            out = inflater.decompress(chunk, CHUNK)
            if out:
                yield out
            chunk = inflater.unconsumed_tail
        if inflater.eof:
            return
    tail = inflater.flush()
    if tail:
        yield tail


def _ascii_decoded(data: bytes) -> bytes:
    """The bytes under an ASCII85 (``…~>``) or ASCIIHex (``…>``) layer; ``data`` otherwise.

    reportlab, for one, writes ``[/ASCII85Decode /FlateDecode]``. Either layer only shrinks.
    """
    stripped = data.rstrip()
    try:
        if stripped.endswith(b"~>"):
            body = stripped.removeprefix(b"<~").removesuffix(b"~>")
            return base64.a85decode(body, adobe=False, ignorechars=_A85_IGNORED)
        if stripped.endswith(b">") and _HEX.fullmatch(stripped):
            return bytes.fromhex(re.sub(rb"\s|>", b"", stripped).decode())
    except ValueError:
        return data
    return data


def _is_zlib(data: bytes) -> bool:
    """A zlib header: deflate method, a window size that fits, the header check."""
    return (
        len(data) >= 2
        and data[0] & 0x0F == 8
        and data[0] >> 4 <= 7
        and ((data[0] << 8) | data[1]) % 31 == 0
    )
