"""The inflated size of a PDF's streams is counted in pieces and bounded by the budget."""

from __future__ import annotations

import base64
import io
import tracemalloc
import zlib

from reportlab.pdfgen import canvas

from bluebook.readers.pdf_streams import inflated_size
from tests.readers.test_bad_source_documents import FLATE_TWICE, pdf_with_stream

MEGABYTE = 1024 * 1024


def test_a_stream_counts_what_it_inflates_to() -> None:
    text = b"BT /F1 12 Tf 72 720 Td (Diplomatic Bluebook 2022) Tj ET\n" * 1000
    raw = pdf_with_stream(zlib.compress(text), "/FlateDecode")
    assert inflated_size(raw, 100 * MEGABYTE) == len(text)


def test_nested_layers_count_the_innermost_bytes() -> None:
    text = b"q 1 0 0 1 0 0 cm Q\n" * 5000
    raw = pdf_with_stream(zlib.compress(zlib.compress(text)), FLATE_TWICE)
    assert inflated_size(raw, 100 * MEGABYTE) == len(text)


def test_an_ascii85_layer_is_read_through() -> None:
    text = b"0 0 m 10 10 l S\n" * 3000
    payload = base64.a85encode(zlib.compress(text), adobe=True)
    raw = pdf_with_stream(payload, "[/ASCII85Decode /FlateDecode]")
    assert inflated_size(raw, 100 * MEGABYTE) == len(text)


def test_reportlab_pages_are_counted() -> None:
    buffer = io.BytesIO()
    drawing = canvas.Canvas(buffer, pageCompression=1)
    drawing.drawString(72, 720, "Diplomatic Bluebook 2022")
    drawing.showPage()
    drawing.save()
    assert 0 < inflated_size(buffer.getvalue(), MEGABYTE) < 1000


def test_uncompressed_and_broken_streams_count_nothing_or_what_they_gave() -> None:
    assert inflated_size(pdf_with_stream(b"BT ET", ""), MEGABYTE) == 0
    broken = zlib.compress(bytes(100_000))[:-100]
    assert 0 <= inflated_size(pdf_with_stream(broken, "/FlateDecode"), MEGABYTE) <= 100_000


def test_a_bomb_stops_at_the_budget_without_inflating_it_whole() -> None:
    bomb = pdf_with_stream(zlib.compress(zlib.compress(bytes(256 * MEGABYTE))), FLATE_TWICE)
    tracemalloc.start()
    try:
        size = inflated_size(bomb, 8 * MEGABYTE)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert 8 * MEGABYTE < size <= 10 * MEGABYTE
    assert peak < 16 * MEGABYTE
