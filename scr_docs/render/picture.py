"""The board's logo as a Word picture: decoded and written again from its pixels alone (no
metadata of the source survives), inline DrawingML with its alternative text in place of the
marker ``{{ logo }}`` printed.

The template variable ``logo`` is a plain string: the marker when the review has a logo, else
"" (so ``{%p if logo %}`` works); ``{{ logo.fit(5, 1.8) }}`` prints the marker with a box in
cm (template_sandbox.py). The marker's run becomes the picture, at most 6 x 2.2 cm by default.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from scr_docs.errors import Problem, TemplateError
from scr_docs.ooxml.package import R_NS, REL_NS, ensure_ns, insert_before_close, parse_part
from scr_docs.render.sandbox import LOGO_MARKER
from scr_docs.render.wordml import escape, strip_invalid

IMAGE = R_NS + "/image"
from scr_docs.ooxml.names import A as A_NS  # noqa: E402
from scr_docs.ooxml.names import CT as CT_NS  # noqa: E402
from scr_docs.ooxml.names import PIC as PIC_NS  # noqa: E402
from scr_docs.ooxml.names import WP as WP_NS  # noqa: E402
EMU_PER_CM = 360000
LOGO_MAX_HEIGHT = 792000  # 2.2 cm
LOGO_MAX_WIDTH = 2160000  # 6 cm
LOGO_RID = "rIdScrLogo"
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif"}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PIXELS = 40_000_000
"""Most pixels a logo may have (about 8,000 x 5,000): Pillow's ``Image.MAX_IMAGE_PIXELS``
while it is decoded, so a file made to expand into gigabytes is refused, not decoded."""
JPEG_QUALITY = 95
"""Quality of the JPEG written again from a JPEG logo's pixels."""
LOGO_FIELD = "board.logo"


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


def read_logo(path: str | os.PathLike, alt: str) -> Logo:
    """Return the logo at ``path`` ready to embed (see :func:`_read_logo`); a build asks
    once per document, so the result is kept for as long as the file is unchanged (same
    size and modification time)."""
    try:
        stat = Path(path).stat()
    except OSError:
        return _read_logo(path, alt)
    return _read_logo_cached(str(path), str(alt or ""), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=8)
def _read_logo_cached(path: str, alt: str, size: int, mtime_ns: int) -> Logo:
    return _read_logo(path, alt)


def _read_logo(path: str | os.PathLike, alt: str) -> Logo:
    """Read a PNG, JPEG or GIF logo and write its pixels again, with no metadata at all.

    The picture is decoded with Pillow (at most ``MAX_PIXELS`` pixels, turned upright by its
    EXIF orientation) and a fresh image is made from the pixels alone: a PNG (for PNG and GIF
    logos, the first frame of a GIF) or a JPEG (for JPEG logos). Nothing of the source file
    but its pixels is kept: no text chunk, colour profile, EXIF, XMP, IPTC, comment,
    application segment or byte after the image's end. Raises ``TemplateError`` naming the
    field ``board.logo`` and the file when it cannot be read, is of another kind, cannot
    be decoded or is too large.
    """
    from scr_docs.review.limits import LOGO_MAX_BYTES
    from scr_docs.review.safe_files import Unsafe, read_capped

    path = Path(path)
    try:
        data = read_capped(path, LOGO_MAX_BYTES, str(path))
    except Unsafe as exc:
        raise _logo_error(f"logo file {exc}") from None
    if data.startswith(PNG_SIGNATURE):
        kind = "PNG"
    elif data.startswith(b"\xff\xd8"):
        kind = "JPEG"
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        kind = "GIF"
    else:
        raise _logo_error(f"logo file {path} is not a PNG, JPEG or GIF image; save the logo "
                          "in one of those formats")
    try:
        ext, clean, width, height = _reencode(data, kind)
    except _TooLarge:
        raise _logo_error(f"logo file {path} has more than {MAX_PIXELS:,} pixels; save the "
                          "logo smaller (a few hundred pixels across is plenty)") from None
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _logo_error(f"logo file {path} is not a readable {kind} image ({exc}); open it "
                          "in an image editor and save it again") from None
    alt = " ".join(strip_invalid(str(alt or "")).split())
    return Logo(clean, ext, width, height, alt, str(path))


class _TooLarge(Exception):
    pass


def _logo_error(message: str) -> TemplateError:
    return TemplateError(f"{LOGO_FIELD}: {message}", [Problem(message, LOGO_FIELD)])


def _reencode(data: bytes, kind: str) -> tuple[str, bytes, int, int]:
    """Return (extension, fresh image bytes, width, height) from the pixels of ``data``."""
    from scr_docs.review.pictures import TooLarge, decode

    try:
        return decode(data, kind, MAX_PIXELS)
    except TooLarge:
        raise _TooLarge() from None


_MARKER_RUN = re.compile(
    rb"<w:r(?:\s[^>]*)?>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t(?:\s[^>]*)?>"
    + re.escape(LOGO_MARKER.encode()) + rb"(?:-([0-9.]+)x([0-9.]+))?</w:t></w:r>", re.S)
_DRAWING_IDS = re.compile(rb"<(?:\w+:)?(?:docPr|cNvPr)\s[^>]*?\bid=\"(\d+)\"")


def _drawing_ids(xml: bytes) -> list[int]:
    """Return the ids of the drawings (``docPr``, ``cNvPr``) in ``xml``; a plain search
    first, as most parts have none and the pattern tries every tag."""
    if b"docPr" not in xml and b"cNvPr" not in xml:
        return []
    return [int(i) for i in _DRAWING_IDS.findall(xml)]


def place_logo(parts: dict, names: list[str], logo: Logo | None, body: bytes = b"") -> None:
    """Swap each run printing the logo marker for the picture; add the image part, its
    relationship and content type (nothing when the template shows no logo).

    Called on the rendered template before the body (``body``, the WordprocessingML that
    replaces the body marker afterwards) is in place: the marker is looked for in the
    template's text only, and the picture's id is above every drawing's, the body's too."""
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
    used = _drawing_ids(body) + [i for name in names
                                 if name.startswith("word/") and name.endswith(".xml")
                                 for i in _drawing_ids(parts[name])]
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
