"""How large a PDF's streams decode to, measured before pdfminer decodes them.

pdfminer decodes a stream whole, in memory: a 1 MB PDF can hold a flate stream of 1 GiB of zeros.
Here every `stream … endstream` in the file is found by its keywords (so the xref streams and the
object streams that hold other objects are measured too), its /Filter read from the dictionary
before it, and the filters applied as generators whose output is counted and thrown away: checking
costs about one chunk of memory whatever the stream holds, and stops just past the limit.

Flate, LZW, RunLength, ASCIIHex and ASCII85 are measured; image filters (DCT, JPX, JBIG2, CCITT)
end the measurement, as pdfminer leaves those images undecoded while reading text. A stream whose
filter cannot be read from the file (an indirect reference) is tried as flate. An encrypted PDF's
streams cannot be measured before they are decrypted: they pass unmeasured.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator
from io import BytesIO

from .limits import MIB, PDF_STREAM_BYTES, PDF_TOTAL_BYTES, refuse

_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_NAME = re.compile(rb"/([^\s/\[\]<>()]+)")
_CHUNK = 1 * MIB


class _TooLarge(Exception):
    pass


def check_pdf(data: bytes) -> None:
    """Refuse a PDF with a stream that decodes beyond PDF_STREAM_BYTES, or streams that together
    decode beyond PDF_TOTAL_BYTES."""
    total = 0
    for match in _STREAM.finditer(data):
        start = match.end()
        end = data.find(b"endstream", start)
        raw = memoryview(data)[start:end if end >= 0 else len(data)]
        try:
            size = decoded_size(raw, _filters(data, match.start()))
        except _TooLarge:
            raise refuse(f"PDF 文件的一个数据流（第 {start:,} 字节处）解压后超过上限 "
                         f"{PDF_STREAM_BYTES // MIB} MB") from None
        total += size
        if total > PDF_TOTAL_BYTES:
            raise refuse(f"PDF 文件的数据流解压后共超过上限 {PDF_TOTAL_BYTES // MIB} MB")


def _filters(data: bytes, keyword: int) -> list[bytes] | None:
    """The filter names in the dictionary before the `stream` keyword at `keyword`; None when the
    dictionary does not name them."""
    window = data[max(0, keyword - 4096):keyword]
    objects = list(_OBJ.finditer(window))
    if objects:
        window = window[objects[-1].end():]
    match = _FILTER.search(window)
    return _NAME.findall(match.group(1)) if match else None


def decoded_size(raw: memoryview, filters: list[bytes] | None) -> int:
    """The stream's decoded size; `_TooLarge` once any stage's output passes PDF_STREAM_BYTES."""
    chunks: Iterable[bytes] = (bytes(raw[at:at + _CHUNK]) for at in range(0, len(raw), _CHUNK))
    decoded = False
    for name in [b"FlateDecode"] if filters is None else filters:
        stage = _STAGES.get(name)
        if stage is None:
            break  # an image's filter, or one pdfminer does not know: not decoded while reading text
        chunks = _counted(stage(chunks))
        decoded = True
    return sum(len(chunk) for chunk in chunks) if decoded else 0


def _counted(chunks: Iterable[bytes]) -> Iterator[bytes]:
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > PDF_STREAM_BYTES:
            raise _TooLarge
        yield chunk


def _inflate(chunks: Iterable[bytes]) -> Iterator[bytes]:
    inflater = zlib.decompressobj()
    try:
        for chunk in chunks:
            while chunk and not inflater.eof:
                yield inflater.decompress(chunk, _CHUNK)
                chunk = inflater.unconsumed_tail
            if inflater.eof:
                return
    except zlib.error:
        return  # damaged or not flate: pdfminer keeps what it can, which is no more than this


def _lzw(chunks: Iterable[bytes]) -> Iterator[bytes]:
    from pdfminer.lzw import LZWDecoder

    try:
        yield from LZWDecoder(BytesIO(b"".join(chunks))).run()
    except Exception:
        return


def _run_length(chunks: Iterable[bytes]) -> Iterator[bytes]:
    data = b"".join(chunks)
    at = 0
    while at < len(data):
        length = data[at]
        if length == 128:
            return
        if length < 128:
            yield data[at + 1:at + 2 + length]
            at += 2 + length
        else:
            yield data[at + 1:at + 2] * (257 - length)
            at += 2


def _ascii_hex(chunks: Iterable[bytes]) -> Iterator[bytes]:
    from pdfminer.ascii85 import asciihexdecode

    yield asciihexdecode(b"".join(chunks))  # shrinks: no larger than the file


def _ascii85(chunks: Iterable[bytes]) -> Iterator[bytes]:
    from pdfminer.ascii85 import ascii85decode

    try:
        yield ascii85decode(b"".join(chunks))  # 5 characters to 4 bytes ('z' 1 to 4): at most 4× the file
    except ValueError:
        return


_STAGES = {
    b"FlateDecode": _inflate, b"Fl": _inflate,
    b"LZWDecode": _lzw, b"LZW": _lzw,
    b"RunLengthDecode": _run_length, b"RL": _run_length,
    b"ASCIIHexDecode": _ascii_hex, b"AHx": _ascii_hex,
    b"ASCII85Decode": _ascii85, b"A85": _ascii85,
}
