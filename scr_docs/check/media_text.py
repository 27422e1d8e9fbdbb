"""Text hidden in the media parts of a .docx: image metadata read by format, and the
printable strings of any binary part, read with a bounded reader.

PNG: ``tEXt``, ``zTXt`` and ``iTXt`` chunks (decompressed), the ``iCCP`` profile name and
the strings of its (decompressed) profile, ``eXIf`` and any chunk a viewer does not need.
JPEG: every APPn segment (not only EXIF, XMP and IPTC), comments, and bytes after the end
of the image (EOI). GIF: comment, plain-text and application blocks, bytes after the trailer.
Every part is also searched as printable strings (ASCII of 5 characters or more, UTF-16),
read ``CHUNK`` bytes at a time, so a part of any size is searched in bounded memory and time
(about 1 s for 25 MB of compressed image data).
"""

from __future__ import annotations

import re
import struct
import zlib
from typing import BinaryIO, Iterator

CHUNK = 1 << 20
"""Bytes read at a time from a binary part (1 MiB)."""
MAX_PARSED_BYTES = 20_000_000
"""Media parts up to this size are also read by format in memory (20 MB)."""
MAX_INFLATED_BYTES = 4_000_000
"""Most bytes a compressed text chunk or colour profile is inflated to (4 MB)."""
MAX_STRINGS_CHARS = 4_000_000
"""Most characters of strings kept from one part, so a huge part cannot fill memory."""
_PRINTABLE = re.compile(rb"(?:[\x20-\x7e\t]|[\xc2-\xf4][\x80-\xbf]{1,3}){4,}")
_UTF16 = re.compile(rb"[\x20-\x7e]\x00(?:[\x20-\x7e]\x00){2,}")  # unrolled: 2.5x faster
_UTF16BE = re.compile(rb"\x00[\x20-\x7e](?:\x00[\x20-\x7e]){2,}")
_ASCII = re.compile(rb"[\x20-\x7e\t]{5,}")
_TAIL = re.compile(rb"[\x20-\x7e\t\x80-\xff]*")
_MAX_CARRY = 1 << 16
_PNG_IMAGE = {b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB",
              b"sBIT", b"bKGD", b"pHYs", b"hIST", b"sPLT", b"tIME", b"acTL", b"fcTL", b"fdAT"}
"""PNG chunks holding only pixels and numbers: not searched by format (strings still are)."""


def strings(data: bytes) -> str:
    """Return the printable strings of binary data (ASCII, UTF-8, UTF-16 LE and BE), one a
    line."""
    runs = [m.decode("utf-8", "replace") for m in _PRINTABLE.findall(data)]
    runs += [m.decode("utf-16-le", "replace") for m in _UTF16.findall(data)]
    runs += [m.decode("utf-16-be", "replace") for m in _UTF16BE.findall(data)]
    return "\n".join(runs)


def quick_strings(data: bytes) -> str:
    """Return the ASCII (5 characters or more) and UTF-16 strings of binary data, one a line:
    fast enough for parts of any size (UTF-8 text is read by format, see ``strings``)."""
    runs = [m.decode("ascii") for m in _ASCII.findall(data)]
    runs += [m.decode("utf-16-le", "replace") for m in _UTF16.findall(data)]
    runs += [m.decode("utf-16-be", "replace") for m in _UTF16BE.findall(data)]
    return "\n".join(runs)


def stream_strings(stream: BinaryIO, limit: int = MAX_STRINGS_CHARS) -> str:
    """Return the printable strings of a stream read ``CHUNK`` bytes at a time.

    A string running across two chunks is kept whole; at most ``limit`` characters are kept.
    """
    out: list[str] = []
    kept = 0
    carry = b""
    while kept < limit:
        block = stream.read(CHUNK)
        data = carry + block
        if not data:
            break
        # keep back the printable bytes at the chunk's end: a string may go on in the next
        tail = _TAIL.match(data[::-1][:_MAX_CARRY]).end() if block else 0
        cut = len(data) - tail
        text = quick_strings(data[:cut])
        carry = data[cut:]
        if text:
            out.append(text)
            kept += len(text)
        if not block:
            break
    return "\n".join(out)[:limit]


def _inflate(data: bytes) -> bytes:
    try:
        return zlib.decompressobj().decompress(data, MAX_INFLATED_BYTES)
    except zlib.error:
        return b""


def png_texts(data: bytes) -> Iterator[tuple[str, str]]:
    """Yield (label, text) for each PNG chunk that can hold text."""
    at = 8
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        at += 12 + length
        name = kind.decode("latin-1")
        if kind == b"tEXt":
            yield f"PNG {name} chunk", body.replace(b"\0", b"\n").decode("latin-1")
        elif kind == b"zTXt":
            key, _, rest = body.partition(b"\0")
            yield f"PNG {name} chunk", (key.decode("latin-1") + "\n"
                                        + _inflate(rest[1:]).decode("latin-1"))
        elif kind == b"iTXt":
            key, _, rest = body.partition(b"\0")
            compressed, rest = rest[:1] == b"\1", rest[2:]
            lang, _, rest = rest.partition(b"\0")
            translated, _, text = rest.partition(b"\0")
            text = _inflate(text) if compressed else text
            yield f"PNG {name} chunk", b"\n".join((key, lang, translated, text)).decode(
                "utf-8", "replace")
        elif kind == b"iCCP":
            profile_name, _, rest = body.partition(b"\0")
            yield "PNG colour profile name (iCCP)", profile_name.decode("latin-1")
            yield "PNG colour profile (iCCP)", strings(_inflate(rest[1:]))
        elif kind not in _PNG_IMAGE:
            yield f"PNG {name} chunk", strings(body)
        if kind == b"IEND":
            if at < len(data):
                yield "bytes after the end of the PNG", strings(data[at:])
            return


def jpeg_texts(data: bytes) -> Iterator[tuple[str, str]]:
    """Yield (label, text) for each JPEG APPn and comment segment, and trailing bytes."""
    at = 2
    while at + 4 <= len(data) and data[at] == 0xFF:
        marker = data[at + 1]
        if marker == 0xFF:
            at += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:
            at += 2
            continue
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        if length < 2 or at + 2 + length > len(data):
            return
        body = data[at + 4:at + 2 + length]
        if 0xE0 <= marker <= 0xEF:
            yield f"JPEG APP{marker - 0xE0} segment", strings(body)
        elif marker == 0xFE:
            yield "JPEG comment", body.decode("utf-8", "replace")
        at += 2 + length
        if marker == 0xDA:  # entropy-coded data up to the end of image marker
            end = _jpeg_end(data, at)
            if end is not None and end < len(data):
                yield "bytes after the end of the JPEG image", strings(data[end:])
            return


def _jpeg_end(data: bytes, at: int) -> int | None:
    """Return the offset just after the EOI marker that ends the scans from ``at``."""
    while True:
        at = data.find(b"\xff", at)
        if at < 0 or at + 1 >= len(data):
            return None
        marker = data[at + 1]
        if marker == 0xD9:
            return at + 2
        if marker == 0x00 or marker == 0xFF or 0xD0 <= marker <= 0xD7:
            at += 1 if marker == 0xFF else 2
            continue
        if at + 4 > len(data):  # another segment (a later scan, tables): skip it
            return None
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        at += 2 + length


def gif_texts(data: bytes) -> Iterator[tuple[str, str]]:
    """Yield (label, text) for GIF comment, plain-text and application blocks, and bytes
    after the trailer."""
    if len(data) < 13:
        return
    packed = data[10]
    at = 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)

    def sub_blocks(at: int) -> tuple[int, bytes]:
        parts = []
        while at < len(data):
            size = data[at]
            parts.append(data[at + 1:at + 1 + size])
            at += 1 + size
            if size == 0:
                break
        return at, b"".join(parts)

    while at < len(data):
        kind = data[at]
        if kind == 0x3B:
            if at + 1 < len(data):
                yield "bytes after the end of the GIF", strings(data[at + 1:])
            return
        if kind == 0x21 and at + 1 < len(data):
            label = data[at + 1]
            at, body = sub_blocks(at + 2)
            if label == 0xFE:
                yield "GIF comment", body.decode("latin-1")
            elif label == 0xFF:
                yield "GIF application block", strings(body) or body.decode("latin-1")
            elif label == 0x01:
                yield "GIF plain-text block", strings(body)
        elif kind == 0x2C and at + 10 <= len(data):
            flags = data[at + 9]
            at += 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
            at, _ = sub_blocks(at + 1)
        else:
            return


def media_texts(head: bytes) -> Iterator[tuple[str, str]]:
    """Yield (label, text) of the metadata of an image, read by its format (by signature)."""
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        yield from png_texts(head)
    elif head.startswith(b"\xff\xd8"):
        yield from jpeg_texts(head)
    elif head[:6] in (b"GIF87a", b"GIF89a"):
        yield from gif_texts(head)
