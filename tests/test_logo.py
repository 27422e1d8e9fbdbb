"""The board's logo: a real Word picture at the top of every document's title block, with its
alternative text, sized to fit, without the metadata that could name a person."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner
from lxml import etree

from docxread import zip_bytes
from scr_docs.assemble.facts import Facts
from scr_docs.pipeline import build
from scr_docs.cli import cli
from scr_docs.documents import KINDS
from scr_docs.errors import TemplateError
from scr_docs.render.picture import (EMU_PER_CM, LOGO_MAX_HEIGHT, LOGO_MAX_WIDTH, Logo,
                              read_logo)
from scr_docs.render.word import render_docx
from scr_docs.render.sandbox import LOGO_MARKER, sandbox
from scr_docs.model.nodes import Document
from scr_docs.render.wordml import DocWriter, WordBody

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "child-a" / "review.yaml"
ALT = "Wexmoor Safeguarding Children Partnership logo"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R,
      "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
      "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
      "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "ct": "http://schemas.openxmlformats.org/package/2006/content-types"}
IMAGE = R + "/image"
#: The box each template fits the logo into (cm): the example's logo is 300 x 120 px (5:2).
BOX = {"overview-report": (6, 2.2), "executive-summary": (6, 2.2),
       "press-release": (5, 1.8), "learning-summary": (5, 1.8),
       "action-plan": (5, 1.8)}
CONTEXT = {"board_name": "Anyshire Safeguarding Children Partnership",
           "review_type_title": "Serious Case Review",
           "doc_title": "Serious Case Review: Child A \u2013 Press release", "child": "Child A",
           "date_text": "15 September 2014", "draft": False, "marking": "",
           "subtitle": "Press release", "authors_line": ""}
PROPERTIES = {"title": CONTEXT["doc_title"], "creator": "Anyshire", "language": "en-GB",
              "timestamp": "2014-09-15T09:30:00Z"}


# -- images made by hand ------------------------------------------------------------------------
def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int = 40, height: int = 20, extra: tuple[bytes, ...] = ()) -> bytes:
    """A solid blue RGB PNG; `extra` chunks go between IHDR and IDAT."""
    rows = b"".join(b"\0" + b"\x1f\x38\x64" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2,
                                                             0, 0, 0))
            + b"".join(extra) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


JFIF = segment(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0")
EXIF = segment(0xE1, b"Exif\0\0MM\0*\0\0\0\x08" + "Jane Smith".encode("utf-16-le") + b"Jane Smith")
SOF0 = segment(0xC0, b"\x08" + struct.pack(">HH", 50, 125) + b"\x01\x01\x11\x00")
SCAN = segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x12\x34\xff\x00\x56" + b"\xff\xd9"


def jpeg(*segments: bytes) -> bytes:
    """A JPEG's header structure (enough to read its size; not a decodable picture)."""
    return b"\xff\xd8" + b"".join(segments) + SCAN


def gif(width: int = 90, height: int = 30, comment: bytes = b"") -> bytes:
    blocks = b""
    if comment:
        blocks += b"\x21\xfe" + bytes((len(comment),)) + comment + b"\x00"
    image = (b"\x2c" + struct.pack("<HHHH", 0, 0, width, height) + b"\x00"
             + b"\x02\x02\x44\x01\x00")
    return (b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff"
            + blocks + image + b"\x3b")


# -- helpers ------------------------------------------------------------------------------------
def same_pixels(data: bytes, source: Path | bytes) -> bool:
    """Whether two images show the same pixels (as RGBA)."""
    from PIL import Image

    source = source.read_bytes() if isinstance(source, Path) else source
    a, b = (Image.open(io.BytesIO(d)).convert("RGBA") for d in (data, source))
    return a.size == b.size and a.tobytes() == b.tobytes()


def parts(path_or_bytes) -> dict[str, bytes]:
    source = path_or_bytes if isinstance(path_or_bytes, (str, Path)) else io.BytesIO(path_or_bytes)
    with zipfile.ZipFile(source) as z:
        return {n: z.read(n) for n in z.namelist()}


def xml(data: bytes):
    return etree.fromstring(data)


def drawings(files: dict[str, bytes]):
    return xml(files["word/document.xml"]).findall(".//w:drawing", NS)


def copy_example(folder: Path, change=None) -> Path:
    shutil.copytree(EXAMPLE.parent, folder)
    review = folder / EXAMPLE.name
    if change:
        data = yaml.safe_load(review.read_text(encoding="utf-8"))
        change(data)
        review.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                          encoding="utf-8")
    return review


def template(kind: str) -> Path:
    return KINDS[kind].template_path()


@pytest.fixture(scope="module")
def example_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("logo") / "out"
    build(EXAMPLE, out)
    return out


@pytest.fixture(scope="module")
def no_logo_out(tmp_path_factory) -> Path:
    def drop_logo(data):
        del data["board"]["logo"], data["board"]["logo_alt"]
    folder = tmp_path_factory.mktemp("no-logo")
    out = folder / "out"
    build(copy_example(folder / "review", drop_logo), out)
    return out


# -- the example's documents --------------------------------------------------------------------
def test_the_example_names_its_logo():
    board = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))["board"]
    assert board["logo"] == "wexmoor-logo.png" and board["logo_alt"] == ALT
    assert (EXAMPLE.parent / "wexmoor-logo.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_document_holds_the_logo_as_a_picture(example_out, kind):
    files = parts(example_out / f"child-a-{kind}.docx")
    assert same_pixels(files["word/media/logo.png"], EXAMPLE.parent / "wexmoor-logo.png")
    types = xml(files["[Content_Types].xml"])
    assert types.xpath("ct:Default[@Extension='png']/@ContentType", namespaces=NS) == ["image/png"]
    rels = xml(files["word/_rels/document.xml.rels"])
    image_rels = rels.xpath(f"rel:Relationship[@Type='{IMAGE}']", namespaces=NS)
    assert [r.get("Target") for r in image_rels] == ["media/logo.png"]

    [drawing] = drawings(files)
    inline = drawing.find("wp:inline", NS)
    doc_pr = inline.find("wp:docPr", NS)
    assert doc_pr.get("name") == "Logo" and doc_pr.get("descr") == ALT
    pic = inline.find("a:graphic/a:graphicData/pic:pic", NS)
    assert pic.find("pic:nvPicPr/pic:cNvPr", NS).get("descr") == ALT
    assert pic.find("pic:blipFill/a:blip", NS).get(f"{{{R}}}embed") == image_rels[0].get("Id")
    assert pic.find("pic:blipFill/a:stretch/a:fillRect", NS) is not None
    assert pic.find("pic:spPr/a:prstGeom", NS).get("prst") == "rect"

    width, height = BOX[kind]  # 5:2 logo, so the height limits it
    expected = (round(height * 2.5 * EMU_PER_CM), round(height * EMU_PER_CM))
    extent = inline.find("wp:extent", NS)
    assert (int(extent.get("cx")), int(extent.get("cy"))) == expected
    ext = pic.find("pic:spPr/a:xfrm/a:ext", NS)
    assert (int(ext.get("cx")), int(ext.get("cy"))) == expected
    assert expected[0] <= width * EMU_PER_CM


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_logo_heads_the_title_block(example_out, kind):
    body = xml(parts(example_out / f"child-a-{kind}.docx")["word/document.xml"]).find(
        "w:body", NS)
    first, second = body.findall("w:p", NS)[:2]
    assert first.find(".//w:drawing", NS) is not None
    assert "".join(first.itertext()) == ""  # the picture alone
    assert first.find("w:pPr/w:keepNext", NS) is not None  # kept with the board's name
    assert "".join(second.itertext()) == "Wexmoor Safeguarding Children Partnership"


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_part_parses_strictly_and_python_docx_sees_one_picture(example_out, kind):
    path = example_out / f"child-a-{kind}.docx"
    for name, data in parts(path).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(data, etree.XMLParser(recover=False))
    shapes = docx.Document(str(path)).inline_shapes
    assert len(shapes) == 1
    assert shapes[0].height == round(BOX[kind][1] * EMU_PER_CM)


@pytest.mark.parametrize("kind", list(KINDS))
def test_drawing_ids_are_unique(example_out, kind):
    files = parts(example_out / f"child-a-{kind}.docx")
    ids = [el.get("id") for name, data in files.items() if name.startswith("word/")
           and name.endswith(".xml") for el in xml(data).xpath("//wp:docPr", namespaces=NS)]
    assert len(ids) == len(set(ids)) == 1 and int(ids[0]) >= 1


def test_built_documents_pass_the_publication_checks(example_out):
    result = CliRunner().invoke(cli, ["check", str(example_out)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


# -- without a logo ------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", list(KINDS))
def test_without_a_logo_nothing_is_left(no_logo_out, kind):
    files = parts(no_logo_out / f"child-a-{kind}.docx")
    assert not [n for n in files if n.startswith("word/media/")]
    assert drawings(files) == []
    assert b"/relationships/image" not in files["word/_rels/document.xml.rels"]
    assert b'Extension="png"' not in files["[Content_Types].xml"]
    assert b"scr-docs-logo" not in files["word/document.xml"]
    body = xml(files["word/document.xml"]).find("w:body", NS)
    paragraphs = body.findall("w:p", NS)
    assert "".join(paragraphs[0].itertext()) == "Wexmoor Safeguarding Children Partnership"
    empty = [p for p in paragraphs if not "".join(p.itertext()).strip()
             and p.find(".//w:sectPr", NS) is None and p.find(".//w:fldChar", NS) is None]
    assert empty == []
    assert len(docx.Document(io.BytesIO(zip_bytes(files))).inline_shapes) == 0




# -- metadata -----------------------------------------------------------------------------------
def test_png_text_and_exif_chunks_are_dropped(tmp_path):
    text = chunk(b"tEXt", b"Author\0Jane Smith")
    others = (chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"Jane Smith")),
              chunk(b"iTXt", b"XML:com.adobe.xmp\0\0\0\0\0<dc:creator>Jane Smith</dc:creator>"),
              chunk(b"eXIf", b"MM\0*\0\0\0\x08Jane Smith"))
    keep = chunk(b"pHYs", struct.pack(">IIB", 2835, 2835, 1))
    source = png(extra=(text, keep, *others))
    logo = read_logo(_write(tmp_path / "logo.png", source), "Logo")
    assert b"Jane Smith" not in logo.data and b"Author" not in logo.data
    assert same_pixels(logo.data, source)
    assert (logo.ext, logo.width, logo.height) == ("png", 40, 20)

    context = {**CONTEXT, "logo": (tmp_path / "logo.png", "Anyshire logo")}
    files = parts(render_docx(template("press-release"), context, DocWriter(), PROPERTIES))
    assert files["word/media/logo.png"] == logo.data
    assert b"Jane Smith" not in b"".join(files.values())


def real_jpeg(width: int = 125, height: int = 50) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (31, 56, 100)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def test_jpeg_size_is_read_and_app1_is_dropped(tmp_path):
    plain = real_jpeg()
    source = plain[:2] + EXIF + plain[2:]
    logo = read_logo(_write(tmp_path / "logo.jpg", source), "Logo")
    assert (logo.ext, logo.content_type, logo.width, logo.height) == ("jpeg", "image/jpeg",
                                                                       125, 50)
    assert b"Jane Smith" not in logo.data and b"Exif" not in logo.data
    assert logo.data.startswith(b"\xff\xd8") and logo.data.endswith(b"\xff\xd9")

    context = {**CONTEXT, "logo": (tmp_path / "logo.jpg", "Anyshire logo")}
    files = parts(render_docx(template("overview-report"), context, DocWriter(), PROPERTIES))
    assert files["word/media/logo.jpeg"] == logo.data
    types = xml(files["[Content_Types].xml"])
    assert types.xpath("ct:Default[@Extension='jpeg']/@ContentType", namespaces=NS) == [
        "image/jpeg"]
    rels = xml(files["word/_rels/document.xml.rels"])
    assert rels.xpath(f"rel:Relationship[@Type='{IMAGE}']/@Target", namespaces=NS) == [
        "media/logo.jpeg"]


def test_a_real_jpeg_still_opens_after_stripping(tmp_path):
    image = pytest.importorskip("PIL.Image")
    buffer = io.BytesIO()
    exif = image.Exif()
    exif[0x013B] = "Jane Smith"  # Artist
    image.new("RGB", (64, 32), (31, 56, 100)).save(buffer, "JPEG", exif=exif.tobytes())
    assert b"Jane Smith" in buffer.getvalue()
    logo = read_logo(_write(tmp_path / "logo.jpeg", buffer.getvalue()), "Logo")
    assert (logo.width, logo.height) == (64, 32) and b"Jane Smith" not in logo.data
    assert image.open(io.BytesIO(logo.data)).size == (64, 32)


def test_gif_becomes_a_png_without_its_comments(tmp_path):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("P", (90, 30), 1).save(buffer, "GIF", comment=b"by Jane Smith")
    assert b"Jane Smith" in buffer.getvalue()
    logo = read_logo(_write(tmp_path / "logo.gif", buffer.getvalue()), "Logo")
    assert (logo.ext, logo.width, logo.height) == ("png", 90, 30)
    assert same_pixels(logo.data, buffer.getvalue()) and b"Jane Smith" not in logo.data


# -- sizes --------------------------------------------------------------------------------------
@pytest.mark.parametrize("pixels,emu", [
    ((300, 120), (1980000, LOGO_MAX_HEIGHT)),   # 5:2: the height limits it
    ((1000, 100), (LOGO_MAX_WIDTH, 216000)),    # wide: 6 cm wide, 0.6 cm high
    ((100, 400), (198000, LOGO_MAX_HEIGHT)),    # tall
    ((30, 12), (1980000, LOGO_MAX_HEIGHT)),     # small pictures are scaled up to the box
])
def test_the_logo_fits_6_by_2_2_cm_keeping_its_shape(pixels, emu):
    assert Logo(b"", "png", *pixels, alt="x").extent() == emu
    assert (LOGO_MAX_WIDTH, LOGO_MAX_HEIGHT) == (6 * EMU_PER_CM, round(2.2 * EMU_PER_CM))


def test_templates_may_set_another_box():
    assert Logo(b"", "png", 300, 120, "x").extent(5 * EMU_PER_CM, 1.8 * EMU_PER_CM) == (
        1620000, 648000)
    env = sandbox()
    fit = env.from_string("{{ logo.fit(w, h) }}")
    assert fit.render(logo=LOGO_MARKER, w=5, h=1.8) == f"{LOGO_MARKER}-5.00x1.80"
    assert fit.render(logo="", w=5, h=1) == ""
    for box in ((0, 1), (1, 0.01), (60, 2)):
        with pytest.raises(TemplateError, match="box"):
            fit.render(logo=LOGO_MARKER, w=box[0], h=box[1])


# -- errors and escaping -------------------------------------------------------------------------
@pytest.mark.parametrize("name,data,message", [
    ("logo.bmp", b"BM\x1e\0\0\0\0\0\0\0\x1a\0\0\0", "is not a PNG, JPEG or GIF"),
    ("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "is not a PNG, JPEG or GIF"),
    ("logo.png", png()[:30], "is not a readable PNG"),
    ("logo.jpg", b"\xff\xd8" + JFIF + SCAN, "is not a readable JPEG"),
    ("logo.jpg", b"\xff\xd8" + JFIF[:7], "is not a readable JPEG"),
    ("logo.gif", gif()[:15], "is not a readable GIF"),
    ("logo.png", png(0, 0), "is not a readable PNG"),
])
def test_unreadable_images_are_a_template_error_naming_the_file(tmp_path, name, data, message):
    path = _write(tmp_path / name, data)
    with pytest.raises(TemplateError, match=message) as caught:
        read_logo(path, "Logo")
    assert str(path) in caught.value.message
    assert caught.value.message.startswith("board.logo: ")
    assert [p.path for p in caught.value.problems] == ["board.logo"]
    with pytest.raises(TemplateError, match=message):
        render_docx(template("press-release"), {**CONTEXT, "logo": (path, "Logo")}, DocWriter(),
                    PROPERTIES)


def test_a_missing_file_is_a_template_error(tmp_path):
    with pytest.raises(TemplateError, match="cannot be read"):
        read_logo(tmp_path / "nowhere.png", "Logo")


def test_alt_text_is_escaped_and_kept_whole(tmp_path):
    alt = 'Anyshire & District "SCP" <logo>\nsecond line'
    context = {**CONTEXT, "logo": (_write(tmp_path / "l.png", png()), alt)}
    files = parts(render_docx(template("learning-summary"), context, DocWriter(), PROPERTIES))
    [drawing] = drawings(files)
    assert drawing.find(".//wp:docPr", NS).get("descr") == (
        'Anyshire & District "SCP" <logo> second line')


class DrawingWriter(WordBody):
    """A body that already holds a picture with docPr id 1."""

    def __init__(self):
        super().__init__(Document())

    def xml(self) -> str:
        return (f'<w:p><w:r><w:drawing><wp:inline xmlns:wp="{NS["wp"]}"><wp:extent cx="1" cy="1"/>'
                '<wp:docPr id="1" name="Chart" descr="A chart"/></wp:inline></w:drawing></w:r>'
                '</w:p>')


def test_the_logo_takes_a_drawing_id_no_other_picture_has(tmp_path):
    context = {**CONTEXT, "logo": (_write(tmp_path / "l.png", png()), "Logo")}
    files = parts(render_docx(template("press-release"), context, DrawingWriter(), PROPERTIES))
    ids = xml(files["word/document.xml"]).xpath("//wp:docPr/@id", namespaces=NS)
    assert sorted(ids) == ["1", "2"]


def test_the_logo_tag_must_have_its_run_to_itself(tmp_path):
    path = tmp_path / "t.docx"
    with zipfile.ZipFile(template("press-release")) as src, zipfile.ZipFile(path, "w") as dst:
        for name in src.namelist():
            data = src.read(name)
            if name == "word/document.xml":
                data = data.replace(b"{{ logo.fit(5, 1.8) }}", b"Logo: {{ logo }}")
            dst.writestr(name, data)
    context = {**CONTEXT, "logo": (_write(tmp_path / "l.png", png()), "Logo")}
    with pytest.raises(TemplateError, match="alone in a run"):
        render_docx(path, context, DocWriter(), PROPERTIES)


def test_the_logo_path_is_relative_to_the_review_file(tmp_path):
    data = {"board": {"name": "B", "logo": "art/logo.png", "logo_alt": "B logo"}}
    assert Facts(data, base=tmp_path).logo == ((tmp_path / "art" / "logo.png").resolve(),
                                               "B logo")
    assert Facts({"board": {"name": "B"}}, base=tmp_path).logo is None


def test_a_review_in_another_folder_finds_its_logo(tmp_path):
    review = copy_example(tmp_path / "elsewhere")
    (review.parent / "wexmoor-logo.png").rename(review.parent / "board.png")
    text = review.read_text(encoding="utf-8").replace("logo: wexmoor-logo.png",
                                                      "logo: board.png")
    review.write_text(text, encoding="utf-8")
    build(review, tmp_path / "out", only="press-release")
    files = parts(tmp_path / "out" / "child-a-press-release.docx")
    assert same_pixels(files["word/media/logo.png"], review.parent / "board.png")


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
