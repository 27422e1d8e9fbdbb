"""The board's logo as a Word picture: size read from the file, text metadata dropped,
inline DrawingML with its alternative text in place of the marker ``{{ logo }}`` printed.

The template variable ``logo`` is a plain string: the marker when the review has a logo, else
"" (so ``{%p if logo %}`` works); ``{{ logo.fit(5, 1.8) }}`` prints the marker with a box in
cm (template_sandbox.py). The marker's run becomes the picture, at most 6 x 2.2 cm by default.
"""

from __future__ import annotations

import os
import re
import struct
from dataclasses import dataclass
from pathlib import Path

from .errors import TemplateError
from .markdown_xml import escape, strip_invalid
from .package import R_NS, REL_NS, ensure_ns, insert_before_close, parse_part
from .template_sandbox import LOGO_MARKER

IMAGE = R_NS + "/image"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
EMU_PER_CM = 360000
LOGO_MAX_HEIGHT = 792000  # 2.2 cm
LOGO_MAX_WIDTH = 2160000  # 6 cm
LOGO_RID = "rIdScrLogo"
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif"}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_TEXT_CHUNKS = {b"tEXt", b"iTXt", b"zTXt", b"eXIf"}
"""PNG chunks that carry text or EXIF (author, software, place): not embedded."""
JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
JPEG_DROPPED = {0xE1, 0xED, 0xFE}
"""JPEG segments not embedded: APP1 (EXIF, XMP), APP13 (Photoshop IPTC: by-line, caption)
and COM (comments) - all can name a person; none is needed to show the picture."""


@dataclass(frozen=True)
class Logo:
    """An image ready to embed: its bytes (metadata dropped), format, size and alt text."""

    data: bytes
    ext: str
    width: int
    height: int
    alt: str
    source: str = ""

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.ext]

    @property
    def part(self) -> str:
        return f"word/media/logo.{self.ext}"

    def extent(self, max_width: int = LOGO_MAX_WIDTH, max_height: int = LOGO_MAX_HEIGHT
               ) -> tuple[int, int]:
        """Return the printed size in EMU: the largest that fits the box, same shape."""
        scale = min(max_width / self.width, max_height / self.height)
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))


class _Unreadable(Exception):
    pass


def read_logo(path: str | os.PathLike, alt: str) -> Logo:
    """Read a PNG, JPEG or GIF logo: its pixel size, and its bytes without text metadata.

    Raises ``TemplateError`` naming the file when it cannot be read or is of another kind.
    """
    from .limits import LOGO_MAX_BYTES
    from .safe_files import Unsafe, read_capped

    path = Path(path)
    try:
        data = read_capped(path, LOGO_MAX_BYTES, str(path))
    except Unsafe as exc:
        raise TemplateError(f"logo file {exc}") from None
    if data.startswith(PNG_SIGNATURE):
        kind, reader = "PNG", _png
    elif data.startswith(b"\xff\xd8"):
        kind, reader = "JPEG", _jpeg
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        kind, reader = "GIF", _gif
    else:
        raise TemplateError(f"logo file {path} is not a PNG, JPEG or GIF image; save the logo "
                            "in one of those formats")
    try:
        ext, clean, width, height = reader(data)
    except (_Unreadable, struct.error, IndexError) as exc:
        detail = f" ({exc})" if isinstance(exc, _Unreadable) and str(exc) else ""
        raise TemplateError(f"logo file {path} is not a readable {kind} image{detail}") from None
    if width <= 0 or height <= 0:
        raise TemplateError(f"logo file {path} has no size ({width} x {height} pixels)")
    alt = " ".join(strip_invalid(str(alt or "")).split())
    return Logo(clean, ext, width, height, alt, str(path))


def _png(data: bytes) -> tuple[str, bytes, int, int]:
    """Return the PNG without its text and EXIF chunks, and its size (IHDR)."""
    at, out, size = len(PNG_SIGNATURE), [PNG_SIGNATURE], None
    while True:
        if at + 12 > len(data):
            raise _Unreadable("it ends before its IEND chunk")
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        end = at + 12 + length
        if end > len(data):
            raise _Unreadable(f"its {kind.decode('latin-1')} chunk is cut short")
        if size is None:
            if kind != b"IHDR" or length < 8:
                raise _Unreadable("it does not start with an IHDR chunk")
            size = struct.unpack(">II", data[at + 8:at + 16])
        if kind not in PNG_TEXT_CHUNKS:
            out.append(data[at:end])
        at = end
        if kind == b"IEND":
            break
    return "png", b"".join(out), size[0], size[1]


def _jpeg(data: bytes) -> tuple[str, bytes, int, int]:
    """Return the JPEG without its APP1/APP13/COM segments, and its size (SOF marker)."""
    at, out, size = 2, [data[:2]], None
    while True:
        if at >= len(data) or data[at] != 0xFF:
            raise _Unreadable("a marker is missing before its image data")
        while data[at] == 0xFF:  # fill bytes
            at += 1
        marker = data[at]
        at += 1
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            out.append(bytes((0xFF, marker)))
            continue
        if marker == 0xD9:
            raise _Unreadable("it ends before its image data")
        (length,) = struct.unpack(">H", data[at:at + 2])
        if length < 2 or at + length > len(data):
            raise _Unreadable("a segment is cut short")
        if marker in JPEG_SOF:
            height, width = struct.unpack(">HH", data[at + 3:at + 7])
            size = (width, height)
        if marker == 0xDA:  # start of scan: the rest is image data, kept as it is
            if size is None:
                raise _Unreadable("no frame header (SOF) comes before its image data")
            out.append(b"\xff\xda" + data[at:])
            return "jpeg", b"".join(out), size[0], size[1]
        if marker not in JPEG_DROPPED:
            out.append(bytes((0xFF, marker)) + data[at:at + length])
        at += length


def _gif(data: bytes) -> tuple[str, bytes, int, int]:
    """Return the GIF without comment and XMP blocks, and its size (screen descriptor)."""
    width, height, packed = struct.unpack("<HHB", data[6:11])
    at = 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
    out = [data[:at]]

    def sub_blocks(at: int) -> int:
        while True:
            size = data[at]
            at += 1 + size
            if size == 0:
                return at

    while True:
        if at >= len(data):
            raise _Unreadable("it ends before its trailer")
        start, kind = at, data[at]
        if kind == 0x3B:  # trailer
            out.append(data[at:at + 1])
            break
        if kind == 0x21:  # extension: label, then sub-blocks
            label = data[at + 1]
            at = sub_blocks(at + 2)
            xmp = label == 0xFF and data[start + 3:start + 11] == b"XMP Data"
            if label != 0xFE and not xmp:
                out.append(data[start:at])
        elif kind == 0x2C:  # image: descriptor, local colour table, LZW size, sub-blocks
            flags = data[at + 9]
            at += 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
            at = sub_blocks(at + 1)
            out.append(data[start:at])
        else:
            raise _Unreadable(f"unknown block 0x{kind:02X}")
        if at > len(data):
            raise _Unreadable("a block is cut short")
    return "gif", b"".join(out), width, height


_MARKER_RUN = re.compile(
    rb"<w:r(?:\s[^>]*)?>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t(?:\s[^>]*)?>"
    + re.escape(LOGO_MARKER.encode()) + rb"(?:-([0-9.]+)x([0-9.]+))?</w:t></w:r>", re.S)
_DRAWING_IDS = re.compile(rb"<(?:\w+:)?(?:docPr|cNvPr)\s[^>]*?\bid=\"(\d+)\"")


def place_logo(parts: dict, names: list[str], logo: Logo | None) -> None:
    """Swap each run printing the logo marker for the picture; add the image part, its
    relationship and content type (nothing when the template shows no logo)."""
    marker = LOGO_MARKER.encode()
    stray = [n for n in names if n != "word/document.xml" and n.endswith(".xml")
             and marker in parts[n]]
    if stray:
        raise TemplateError(f"{{{{ logo }}}} can only be placed in the document, not in {stray[0]}")
    document = parts["word/document.xml"]
    if logo is None or marker not in document:
        return
    runs = sum(1 for _ in _MARKER_RUN.finditer(document))
    if runs != document.count(marker):
        raise TemplateError("{{ logo }} must be alone in a run of its own (best in a paragraph "
                            "of its own, inside {%p if logo %} … {%p endif %})")
    rels_name = "word/_rels/document.xml.rels"
    rels = parts.get(rels_name) or (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="' + REL_NS.encode() + b'"></Relationships>')
    taken = set(parse_part(rels, rels_name).xpath("//@Id"))
    rid, n = LOGO_RID, 1
    while rid in taken:
        n += 1
        rid = f"{LOGO_RID}{n}"
    if rels_name not in parts:
        names.insert(names.index("word/document.xml") + 1, rels_name)
    parts[rels_name] = insert_before_close(
        rels, b"</Relationships>",
        f'<Relationship Id="{rid}" Type="{IMAGE}" Target="media/logo.{logo.ext}"/>', rels_name)
    used = [int(i) for name in names if name.startswith("word/") and name.endswith(".xml")
            for i in _DRAWING_IDS.findall(parts[name])]
    next_id = iter(range(max(used, default=0) + 1, 1 << 31))

    def picture(match) -> bytes:
        box = {}
        if match.group(1):
            box = {"max_width": round(float(match.group(1)) * EMU_PER_CM),
                   "max_height": round(float(match.group(2)) * EMU_PER_CM)}
        return _drawing_run(logo, rid, next(next_id), logo.extent(**box)).encode("utf-8")

    document = _MARKER_RUN.sub(picture, document)
    document = ensure_ns(document, b"<w:document", "r", R_NS)
    parts["word/document.xml"] = ensure_ns(document, b"<w:document", "wp", WP_NS)
    if logo.part not in parts:
        names.append(logo.part)
    parts[logo.part] = logo.data
    parts["[Content_Types].xml"] = _add_default_type(parts["[Content_Types].xml"], logo.ext,
                                                     logo.content_type)


def _add_default_type(xml: bytes, ext: str, content_type: str) -> bytes:
    root = parse_part(xml, "[Content_Types].xml")
    for default in root.findall(f"{{{CT_NS}}}Default"):
        if (default.get("Extension") or "").lower() == ext:
            if default.get("ContentType") != content_type:
                raise TemplateError(f"[Content_Types].xml gives .{ext} files the type "
                                    f"{default.get('ContentType')}, not {content_type}")
            return xml
    start = re.search(rb"<Types(?:\s[^>]*)?>", xml)
    if start is None:
        raise TemplateError("[Content_Types].xml has no <Types> element")
    at = start.end()
    return (xml[:at] + f'<Default Extension="{ext}" ContentType="{content_type}"/>'.encode()
            + xml[at:])


def _drawing_run(logo: Logo, rid: str, shape_id: int, extent: tuple[int, int]) -> str:
    """Return a run holding the logo as an inline picture (DrawingML), with its alt text."""
    cx, cy = extent
    alt = escape(logo.alt, True)
    return (
        '<w:r><w:rPr><w:noProof/></w:rPr><w:drawing>'
        '<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Logo" descr="{alt}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A_NS}" noChangeAspect="1"/>'
        f'</wp:cNvGraphicFramePr><a:graphic xmlns:a="{A_NS}">'
        f'<a:graphicData uri="{PIC_NS}"><pic:pic xmlns:pic="{PIC_NS}">'
        f'<pic:nvPicPr><pic:cNvPr id="{shape_id}" name="logo.{logo.ext}" descr="{alt}"/>'
        '<pic:cNvPicPr><a:picLocks noChangeAspect="1" noChangeArrowheads="1"/></pic:cNvPicPr>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:srcRect/>'
        '<a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></pic:spPr>'
        '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
