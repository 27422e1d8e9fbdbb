"""Pictures written in prose (``![description](genogram.png "caption")``): read from inside
the folder of the file holding the prose, decoded and written again from their pixels alone.

:func:`decode` is the one image reader (the board's logo uses it too): Pillow decodes at most
``MAX_PIXELS`` pixels and a fresh PNG or JPEG is made from the pixels, so no metadata (EXIF,
GPS position, author, comments, colour profile, text chunks) of the source reaches a document.
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path
from urllib.parse import unquote

from scr_docs.errors import Problem
from scr_docs.model.nodes import Block, BulletList, Document, Figure, ListItem, OrderedList, Quote, Table

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PIXELS = 40_000_000
"""Most pixels a picture may have (about 8,000 x 5,000): Pillow's ``Image.MAX_IMAGE_PIXELS``
while it is decoded, so a file made to expand into gigabytes is refused, not decoded."""
JPEG_QUALITY = 95
"""Quality of the JPEG written again from a JPEG picture's pixels."""
PICTURE_MAX_BYTES = 20 * 1024 * 1024
"""Largest picture file read from a review's folder (20 MB)."""


class TooLarge(Exception):
    """Raised by :func:`decode` when the picture has more than ``MAX_PIXELS`` pixels."""


def kind_of(data: bytes) -> str | None:
    """Return "PNG", "JPEG" or "GIF" from a file's first bytes, None for anything else."""
    if data.startswith(PNG_SIGNATURE):
        return "PNG"
    if data.startswith(b"\xff\xd8"):
        return "JPEG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    return None


def decode(data: bytes, kind: str, max_pixels: int = MAX_PIXELS) -> tuple[str, bytes, int, int]:
    """Return (extension "png"/"jpeg", fresh image bytes, width, height in pixels) made from
    the pixels of ``data`` alone (a GIF's first frame; turned upright by its EXIF
    orientation). Raises TooLarge (more than ``max_pixels``), or OSError / SyntaxError / ValueError / EOFError when
    Pillow cannot decode it."""
    from PIL import Image, ImageOps

    limit = Image.MAX_IMAGE_PIXELS
    Image.MAX_IMAGE_PIXELS = max_pixels
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # e.g. "Corrupt EXIF data": dropped
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            try:
                with _opener(kind)(io.BytesIO(data)) as source:
                    width, height = source.size  # read from the header, nothing decoded yet
                    if max(1, width) * max(1, height) > max_pixels:  # as Image.open checks
                        raise TooLarge()
                    source.seek(0)
                    source.load()
                    image = ImageOps.exif_transpose(source) or source
                    mode = ("RGBA" if image.mode in ("RGBA", "LA", "PA") or (
                        "transparency" in image.info) else "L" if image.mode in ("1", "L")
                        else "RGB")
                    if kind == "JPEG" and mode == "RGBA":
                        mode = "RGB"
                    pixels = image.convert(mode)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise TooLarge() from None
    finally:
        Image.MAX_IMAGE_PIXELS = limit
    fresh = Image.frombytes(mode, pixels.size, pixels.tobytes())  # pixels only, no .info
    out = io.BytesIO()
    if kind == "JPEG":
        out.name = "picture.jpg"  # the format by name: Pillow loads that plugin only
        fresh.save(out, quality=JPEG_QUALITY)
        ext = "jpeg"
    else:
        out.name = "picture.png"
        fresh.save(out, optimize=True)
        ext = "png"
    return ext, out.getvalue(), fresh.width, fresh.height


def _opener(kind: str):
    """Return the Pillow class that reads a ``kind`` image from a stream. Opening with it,
    not ``Image.open``, imports that one plugin only: ``Image.open`` on a stream first
    imports the BMP, GIF, JPEG, PPM and PNG plugins (6 ms). A stream that is not such an
    image raises SyntaxError."""
    if kind == "PNG":
        from PIL.PngImagePlugin import PngImageFile as opener
    elif kind == "JPEG":
        from PIL.JpegImagePlugin import JpegImageFile as opener
    else:
        from PIL.GifImagePlugin import GifImageFile as opener
    return opener


def figures(blocks: list[Block]):
    """Yield every Figure in ``blocks``, inside lists, quotes and table cells too."""
    for block in blocks:
        if isinstance(block, Figure):
            yield block
        elif isinstance(block, (BulletList, OrderedList)):
            for item in block.items:
                yield from figures(item.blocks)
        elif isinstance(block, (Quote, ListItem)):
            yield from figures(block.blocks)
        elif isinstance(block, Table):
            for row in [block.header] + block.rows:
                for cell in row:
                    yield from figures(cell)


def read_pictures(documents: list[Document]) -> list[Problem]:
    """Read the file of every Figure in ``documents`` (relative to the folder of the file its
    prose came from, never outside it) and fill its ``data``, ``ext``, ``width`` and
    ``height``. Return an error Problem (field path, file, line) for each picture that is
    missing, outside the folder, of another kind than PNG, JPEG or GIF, too large or
    unreadable; each file is read once however many documents print it."""
    from scr_docs.review.safe_files import Unsafe, read_inside

    done: dict[tuple[str, str], tuple | Problem] = {}
    problems: list[Problem] = []
    for document in documents:
        for figure in figures(document.blocks):
            src = figure.source
            key = (src.file, figure.src)
            if key not in done:
                done[key] = _read(figure, read_inside, Unsafe)
                if isinstance(done[key], Problem):
                    problems.append(done[key])
            found = done[key]
            if not isinstance(found, Problem):
                figure.ext, figure.data, figure.width, figure.height = found
    return problems


def _read(figure: Figure, read_inside, unsafe) -> tuple | Problem:
    src = figure.source
    if not src.file:
        return Problem(f"picture '{figure.src}' is in text that has no file to find it from",
                       src.field, src.line, src.file)
    name = unquote(figure.src)
    try:
        path, data = read_inside(Path(src.file).parent, name, PICTURE_MAX_BYTES)
    except unsafe as exc:
        return Problem(f"picture {exc}", src.field, src.line, src.file)
    kind = kind_of(data)
    if kind is None:
        return Problem(f"picture '{name}' is not a PNG, JPEG or GIF image; save it as one of "
                       "those", src.field, src.line, src.file)
    try:
        return decode(data, kind)
    except TooLarge:
        return Problem(f"picture '{name}' has more than {MAX_PIXELS:,} pixels; save it "
                       "smaller", src.field, src.line, src.file)
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        return Problem(f"picture '{name}' is not a readable {kind} image ({exc}); open it in "
                       "an image editor and save it again", src.field, src.line, src.file)
