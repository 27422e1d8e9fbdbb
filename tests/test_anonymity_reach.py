"""A real name planted in any corner of a built press release is found by `scr-docs check`,
and by `build` when the name comes from the review itself; clean documents give no finding."""

from __future__ import annotations

import io
import shutil
import struct
import zipfile
import zlib
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from click.testing import CliRunner

from docxread import zip_bytes
from scr_docs.check import check_built, load_sensitive
from scr_docs.cli import cli
from scr_docs.pipeline import build, run_check
from scr_docs.errors import CheckError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
NAME = "Jane Realname"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
WPS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V, O = "urn:schemas-microsoft-com:vml", "urn:schemas-microsoft-com:office:office"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"


# -- building and editing the press release -----------------------------------------------------
@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, bytes]:
    out = tmp_path_factory.mktemp("built")
    build(EXAMPLES / "child-a" / "review.yaml", out)
    build(EXAMPLES / "child-b" / "review.yaml", out / "b")
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*.docx")}


@pytest.fixture(scope="module")
def press(built) -> bytes:
    return built["child-a-press-release.docx"]


@pytest.fixture()
def sensitive(tmp_path) -> Path:
    path = tmp_path / "real-names.txt"
    path.write_text(f"# real names\n{NAME}\n", encoding="utf-8")
    return path


def edit(docx: bytes, changes: dict) -> bytes:
    """Return the .docx with parts replaced: a value is new bytes or a function of the old."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        names = src.namelist()
        for name in names:
            data = src.read(name)
            change = changes.get(name)
            dst.writestr(name, change(data) if callable(change) else change or data,
                         zipfile.ZIP_STORED if name.startswith("word/media/big")
                         else zipfile.ZIP_DEFLATED)
        for name, change in changes.items():
            if name not in names:
                dst.writestr(name, change(b"") if callable(change) else change)
    return out.getvalue()


def body(xml: str):
    """An edit adding ``xml`` (paragraphs) at the end of the document body."""
    def add(data: bytes) -> bytes:
        at = data.rindex(b"<w:sectPr")
        return data[:at] + xml.encode("utf-8") + data[at:]
    return {"word/document.xml": add}


def p(inner: str) -> str:
    return f"<w:p>{inner}</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def before_close(part: str, closing: str, xml: str):
    def add(data: bytes) -> bytes:
        at = data.rindex(closing.encode())
        return data[:at] + xml.encode("utf-8") + data[at:]
    return {part: add}


def drawing(doc_pr: str = 'name="Picture 2"', pic_name: str = "image2.png") -> str:
    return p(
        '<w:r><w:drawing><wp:inline><wp:extent cx="10" cy="10"/>'
        f'<wp:docPr id="77" {doc_pr}/><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic><pic:nvPicPr>'
        f'<pic:cNvPr id="77" name="{pic_name}"/><pic:cNvPicPr/></pic:nvPicPr>'
        '<pic:blipFill><a:blip r:embed="rIdScrLogo"/></pic:blipFill><pic:spPr/></pic:pic>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


def link(target: str) -> dict:
    changes = body(p('<w:hyperlink r:id="rIdPlanted">' + r("the news") + "</w:hyperlink>"))
    changes.update(before_close(
        "word/_rels/document.xml.rels", "</Relationships>",
        '<Relationship Id="rIdPlanted" Type="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/relationships/hyperlink" Target="{target}" TargetMode="External"/>'))
    return changes


def chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(*extra: bytes) -> bytes:
    rows = b"".join(b"\0" + b"\x1f\x38\x64" * 4 for _ in range(4))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + b"".join(extra) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def jpeg(*segments: bytes, after: bytes = b"") -> bytes:
    sof = segment(0xC0, b"\x08" + struct.pack(">HH", 4, 4) + b"\x01\x01\x11\x00")
    scan = segment(0xDA, b"\x01\x01\x00\x00\x3f\x00") + b"\x12\x34\xff\x00\x56\xff\xd9"
    return b"\xff\xd8" + b"".join(segments) + sof + scan + after


def gif(*blocks: bytes) -> bytes:
    image = b"\x2c" + struct.pack("<HHHHB", 0, 0, 1, 1, 0) + b"\x02\x02\x44\x01\x00"
    return b"GIF89a" + struct.pack("<HHBBB", 1, 1, 0x80, 0, 0) + b"\0\0\0\xff\xff\xff" \
        + b"".join(blocks) + image + b"\x3b"


def sub_blocks(data: bytes) -> bytes:
    return b"".join(bytes((len(data[i:i + 255]),)) + data[i:i + 255]
                    for i in range(0, len(data), 255)) + b"\0"


def text_before_letters() -> bytes:
    """A PNG tEXt chunk holding the name whose checksum bytes read as letters (Latin-1)."""
    for n in range(1000):
        made = chunk(b"tEXt", f"Author{n}".encode() + b"\0" + NAME.encode())
        if made[-4] >= 0xC0 and made[-4] not in (0xD7, 0xF7):
            return made
    raise AssertionError("no such checksum")


def media(name: str, data: bytes) -> dict:
    return {f"word/media/{name}": data}


def inner_docx(text: str) -> bytes:
    return zip_bytes({
        "[Content_Types].xml": b"<Types/>",
        "word/document.xml": (f'<w:document xmlns:w="{W}"><w:body>{p(r(text))}'
                              "</w:body></w:document>").encode()})


def properties(name: str, value: str) -> bytes:
    return (f'<Properties xmlns="{CUSTOM}" xmlns:vt="{VT}"><property fmtid="{{D5CDD505-2E9C-'
            f'101B-9397-08002B2CF9AE}}" pid="2" name="{name}"><vt:lpwstr>{value}</vt:lpwstr>'
            "</property></Properties>").encode()


FULL_WIDTH = "".join(chr(ord(c) + 0xFEE0) if c != " " else " " for c in NAME)
CYRILLIC = NAME.replace("a", "\u0430").replace("e", "\u0435")  # а, е
PERCENT = "".join(f"%{b:02X}" for b in NAME.encode())
ICC = b"\0" * 128 + b"desc\0\0\0\0\0\0\0\x0e" + NAME.encode() + b"\0mluc" + b"\0" * 12 \
    + "Jane\u00a0Realname".encode("utf-16-be")


# (case id, edit, a piece of the place the finding must name)
CASES = [
    # text a reader sees
    ("body paragraph", body(p(r(NAME))), "body paragraph"),
    ("body split across runs", body(p(r("Jane Re") + r("alname"))), "body paragraph"),
    ("table cell", body(f"<w:tbl><w:tr><w:tc>{p(r(NAME))}</w:tc></w:tr></w:tbl>"), "table"),
    ("header", before_close("word/header1.xml", "</w:hdr>", p(r(NAME))), "header1.xml"),
    ("footer", before_close("word/footer1.xml", "</w:ftr>", p(r(NAME))), "footer1.xml"),
    ("header of a second section", {"word/header2.xml": (
        f'<w:hdr xmlns:w="{W}">{p(r(NAME))}</w:hdr>').encode()}, "header2.xml"),
    ("footnote", before_close("word/footnotes.xml", "</w:footnotes>",
                              f'<w:footnote w:id="9">{p(r(NAME))}</w:footnote>'), "footnote 9"),
    ("endnote", {"word/endnotes.xml": (f'<w:endnotes xmlns:w="{W}"><w:endnote w:id="3">'
                                       f"{p(r(NAME))}</w:endnote></w:endnotes>").encode()},
     "endnote 3"),
    ("comment", {"word/comments.xml": (f'<w:comments xmlns:w="{W}"><w:comment w:id="0" '
                                       f'w:author="A">{p(r(NAME))}</w:comment></w:comments>'
                                       ).encode()}, "comment 0"),
    ("comment author", {"word/comments.xml": (
        f'<w:comments xmlns:w="{W}"><w:comment w:id="0" w:author="{NAME}">{p(r("ok"))}'
        "</w:comment></w:comments>").encode()}, "comment 0 author"),
    ("deleted text", body(p(f'<w:del w:id="1" w:author="A"><w:r><w:delText>{NAME}'
                            "</w:delText></w:r></w:del>")), "deleted text"),
    ("hidden text", body(p(f"<w:r><w:rPr><w:vanish/></w:rPr><w:t>{NAME}</w:t></w:r>")),
     "body paragraph"),
    ("text box", body(p(
        f'<w:r><mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="wps"><w:drawing>'
        f'<wps:txbx xmlns:wps="{WPS}"><w:txbxContent>{p(r(NAME))}</w:txbxContent></wps:txbx>'
        "</w:drawing></mc:Choice><mc:Fallback><w:pict/></mc:Fallback></mc:AlternateContent>"
        "</w:r>")), "body paragraph"),
    ("text box fallback copy", body(p(
        f'<w:r><mc:AlternateContent xmlns:mc="{MC}"><mc:Choice Requires="wps"><w:drawing/>'
        f'</mc:Choice><mc:Fallback><w:pict><v:shape xmlns:v="{V}"><v:textbox><w:txbxContent>'
        f"{p(r(NAME))}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>")), "fallback copy"),
    ("equation", body(p(f"<m:oMath><m:r><m:t>Jane</m:t></m:r><m:r><m:t> Realname</m:t></m:r>"
                        "</m:oMath>")), "equation 1"),
    ("DrawingML text", body(p(
        f'<w:r><w:drawing><wp:anchor><a:graphic><a:graphicData><wps:wsp xmlns:wps="{WPS}">'
        f"<wps:txbx><a:p><a:r><a:t>{NAME}</a:t></a:r></a:p></wps:txbx></wps:wsp>"
        "</a:graphicData></a:graphic></wp:anchor></w:drawing></w:r>")), "drawing text"),
    ("ruby text", body(p(f"<w:r><w:ruby><w:rubyPr/><w:rt>{r(NAME)}</w:rt><w:rubyBase>"
                         f"{r('X')}</w:rubyBase></w:ruby></w:r>")), "ruby text 1"),
    ("glossary part", {"word/glossary/document.xml": (
        f'<w:glossaryDocument xmlns:w="{W}"><w:docParts><w:docPart><w:docPartPr>'
        f'<w:name w:val="Sig"/></w:docPartPr><w:docPartBody>{p(r(NAME))}</w:docPartBody>'
        "</w:docPart></w:docParts></w:glossaryDocument>").encode()}, "glossary entry 1"),
    # attributes
    ("picture alt text", body(drawing(f'name="Picture 2" descr="{NAME}"')), "alt text of picture"),
    ("picture title", body(drawing(f'name="Picture 2" title="{NAME}"')), "title of picture"),
    ("shape name with underscore", body(drawing('name="Jane_Realname"')), "name of picture"),
    ("media file name with underscore", body(drawing(pic_name="jane_realname.png")),
     "name of picture"),
    ("media part named with underscore", media("Jane_Realname.png", png()), "names of the parts"),
    ("bookmark name", body(p('<w:bookmarkStart w:id="5" w:name="Jane_Realname"/>'
                             '<w:bookmarkEnd w:id="5"/>' + r("x"))), "bookmark name"),
    ("content control alias", body(f'<w:sdt><w:sdtPr><w:alias w:val="{NAME}"/></w:sdtPr>'
                                   f"<w:sdtContent>{p(r('x'))}</w:sdtContent></w:sdt>"),
     "content control 1 title"),
    ("content control tag", body('<w:sdt><w:sdtPr><w:tag w:val="jane.realname"/></w:sdtPr>'
                                 f"<w:sdtContent>{p(r('x'))}</w:sdtContent></w:sdt>"),
     "content control 1 tag"),
    ("smart tag property", body(p(
        '<w:smartTag w:uri="urn:x" w:element="PersonName"><w:smartTagPr>'
        f'<w:attr w:name="FullName" w:val="{NAME}"/></w:smartTagPr>{r("the mother")}'
        "</w:smartTag>")), "smart tag 1"),
    ("hyperlink tip", body(p(f'<w:hyperlink w:anchor="x" w:tooltip="{NAME}">{r("see")}'
                             "</w:hyperlink>")), "tooltip"),
    ("VML shape alt text", body(p(f'<w:r><w:pict><v:shape xmlns:v="{V}" alt="{NAME}"/>'
                                  "</w:pict></w:r>")), "alt text of VML shape"),
    # field codes
    ("field code", body(p('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>'
                          f' AUTHOR "{NAME}" </w:instrText></w:r><w:r><w:fldChar '
                          'w:fldCharType="end"/></w:r>')), "field code 1"),
    ("field code split across runs", body(p(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> MERGEFIELD Jane'
        '</w:instrText></w:r><w:r><w:instrText>Realname </w:instrText></w:r><w:r><w:fldChar '
        'w:fldCharType="end"/></w:r>').replace("Jane<", "Jane <")), "field code 1"),
    ("simple field", body(p(f'<w:fldSimple w:instr=" HYPERLINK &quot;https://x.example/{PERCENT}'
                            f'&quot; ">{r("link")}</w:fldSimple>')), "field code 1"),
    # links
    ("hyperlink address", link(f"https://news.example/{NAME}"),
     "hyperlink address of the link in body paragraph"),
    ("hyperlink percent-encoded", link(f"https://news.example/{PERCENT}"), "hyperlink address"),
    ("hyperlink %20", link("https://news.example/Jane%20Realname"), "hyperlink address"),
    ("hyperlink query", link("https://search.example/?q=jane+realname&amp;x=1"),
     "hyperlink address"),
    ("hyperlink mailto", link("mailto:jane.realname@council.example"), "hyperlink address"),
    ("hyperlink slug", link("https://news.example/2024/jane-realname-charged-after-death"),
     "hyperlink address"),
    ("hyperlink in a header", {
        **before_close("word/header1.xml", "</w:hdr>", p('<w:hyperlink r:id="rIdH">'
                                                         + r("x") + "</w:hyperlink>")),
        "word/_rels/header1.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/hyperlink" Target="https://x.example/jane_realname" '
            'TargetMode="External"/></Relationships>').encode()}, "link in header1.xml"),
    # properties and parts a template carries
    ("core subject", {"docProps/core.xml": lambda d: d.replace(
        b"</cp:coreProperties>", f"<dc:subject>{NAME}</dc:subject></cp:coreProperties>".encode())},
     "core properties: subject"),
    ("core keywords", {"docProps/core.xml": lambda d: d.replace(
        b"</cp:coreProperties>", f"<cp:keywords>{NAME}</cp:keywords></cp:coreProperties>".encode(
        ))}, "core properties: keywords"),
    ("app company", {"docProps/app.xml": lambda d: d.replace(
        b"</Properties>", f"<Company>{NAME}</Company></Properties>".encode())},
     "app properties: Company"),
    ("custom property", {"docProps/custom.xml": properties("Owner", NAME)},
     "custom properties: Owner"),
    ("custom property e-mail", {"docProps/custom.xml": properties(
        "MSIP_Label_1_Owner", "jane.realname@council.example")}, "custom properties"),
    ("people.xml", {"word/people.xml": (
        '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
        f'<w15:person w15:author="{NAME}"><w15:presenceInfo w15:providerId="AD" '
        'w15:userId="S::jane.realname@council.example::1"/></w15:person></w15:people>').encode()},
     "person 1 (word/people.xml)"),
    ("people.xml user id", {"word/people.xml": (
        '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
        '<w15:person w15:author="J R"><w15:presenceInfo w15:providerId="AD" '
        'w15:userId="S::jane_realname@council.example::1"/></w15:person></w15:people>').encode()},
     "person 1 (word/people.xml)"),
    ("document variable", {"word/settings.xml": lambda d: d.replace(
        b"</w:settings>", f'<w:docVars><w:docVar w:name="Author" w:val="{NAME}"/></w:docVars>'
                          "</w:settings>".encode())}, "document variable 1"),
    ("customXml", {"customXml/item1.xml": f"<case><worker>{NAME}</worker></case>".encode()},
     "customXml/item1.xml"),
    ("customXml properties", {"customXml/itemProps1.xml": (
        f'<ds:datastoreItem xmlns:ds="urn:x" ds:itemID="{NAME}"/>').encode()},
     "customXml/itemProps1.xml"),
    ("chart part", {"word/charts/chart1.xml": (
        '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        f"<c:tx><c:v>{NAME}</c:v></c:tx></c:chartSpace>").encode()}, "word/charts/chart1.xml"),
    # containers
    ("embedded document", {"word/embeddings/Document1.docx": inner_docx(NAME)},
     "embedded word/embeddings/Document1.docx"),
    ("embedded workbook", {"word/embeddings/Book1.xlsx": zip_bytes({
        "xl/sharedStrings.xml": f"<sst><si><t>{NAME}</t></si></sst>".encode()})},
     "embedded word/embeddings/Book1.xlsx"),
    ("embedded OLE object", {"word/embeddings/oleObject1.bin": b"\xd0\xcf\x11\xe0\x00\x01"
                             + NAME.encode("utf-16-le") + b"\x00\x00\xff"},
     "word/embeddings/oleObject1.bin"),
    ("altChunk HTML", {"word/afchunk.htm": f"<html><body><p>{NAME}</p></body></html>".encode()},
     "word/afchunk.htm"),
    ("altChunk HTML link", {"word/afchunk2.htm": (
        f'<html><body><a href="https://x.example/{PERCENT}">x</a></body></html>').encode()},
     "word/afchunk2.htm (imported text, addresses decoded)"),
    # characters
    ("zero-width space", body(p(r("Jane\u200bRealname"))), "body paragraph"),
    ("zero-width joiner inside", body(p(r("Ja\u200dne Real\u2060name"))), "body paragraph"),
    ("full-width letters", body(p(r(FULL_WIDTH))), "body paragraph"),
    ("Cyrillic look-alikes", body(p(r(CYRILLIC))), "body paragraph"),
    ("Cyrillic in alt text", body(drawing(f'name="x" descr="{CYRILLIC}"')), "alt text"),
    ("Greek and styled letters", body(p(r("J\u0430n\u0435 \U0001d411\u0435\u0430lname"))),
     "body paragraph"),
    # binary metadata
    ("PNG text next to binary bytes", media("image5.png", png(text_before_letters())),
     "PNG tEXt chunk"),
    ("PNG compressed text", media("image5.png", png(chunk(
        b"zTXt", b"Author\0\0" + zlib.compress(NAME.encode())))), "PNG zTXt chunk"),
    ("PNG international text", media("image5.png", png(chunk(
        b"iTXt", b"Author\0\1\0en\0\0" + zlib.compress(NAME.encode())))), "PNG iTXt chunk"),
    ("PNG colour-profile name", media("image5.png", png(chunk(
        b"iCCP", NAME.encode() + b"\0\0" + zlib.compress(b"\0" * 132)))),
     "colour profile name"),
    ("PNG colour profile, compressed", media("image5.png", png(chunk(
        b"iCCP", b"ICC\0\0" + zlib.compress(ICC)))), "colour profile (iCCP)"),
    ("JPEG APP2 segment", media("image6.jpeg", jpeg(segment(0xE2, b"\x01\x02" + NAME.encode()
                                                            + b"\xc3"))), "JPEG APP2 segment"),
    ("JPEG APP12 segment", media("image6.jpeg", jpeg(segment(0xEC, b"Ducky\0" + NAME.encode()))),
     "JPEG APP12 segment"),
    ("JPEG comment", media("image6.jpeg", jpeg(segment(0xFE, NAME.encode()))), "JPEG comment"),
    ("bytes after JPEG end", media("image6.jpeg", jpeg(after=b"\x00\xa9" + NAME.encode())),
     "after the end of the JPEG"),
    ("GIF comment", media("image7.gif", gif(b"\x21\xfe" + sub_blocks(NAME.encode()))),
     "GIF comment"),
    ("GIF application block", media("image7.gif", gif(
        b"\x21\xff\x0bXMP DataXMP" + sub_blocks(b"<x>" + NAME.encode() + b"</x>"))),
     "GIF application block"),
    ("GIF other application block", media("image7.gif", gif(
        b"\x21\xff\x0bMYAPPLIC1.0" + sub_blocks(b"\x01" + NAME.encode()))),
     "GIF application block"),
    ("media part over 20 MB", media("big.bin", b"\x00\xff" * 6_000_000 + NAME.encode()
                                    + b"\x00\xff" * 5_000_000), "word/media/big.bin"),
]


@pytest.mark.parametrize("case,changes,where", CASES, ids=[c[0] for c in CASES])
def test_name_planted_in_any_place_is_found_by_the_build_checks(press, sensitive, case, changes,
                                                               where):
    """``build --sensitive`` checks the files it is about to write with ``check_built``: the
    same reader of every part as ``check``, on the bytes in memory."""
    built = SimpleNamespace(files={"child-a-press-release.docx": edit(press, changes)},
                            review=None)
    problems = check_built(built, load_sensitive(sensitive), text_rules=False, final=False)
    found = [p for p in problems if p.message.startswith("sensitive term 1")]
    assert found, f"{case}: not found"
    assert any(where in p.path for p in found), [p.path for p in found]
    assert all(p.is_error for p in found)  # a sensitive term refuses even a draft


@pytest.mark.parametrize("case,changes,where", CASES, ids=[c[0] for c in CASES])
def test_name_planted_in_any_place_is_found_by_check(press, sensitive, tmp_path, case,
                                                     changes, where):
    path = tmp_path / "child-a-press-release.docx"
    path.write_bytes(edit(press, changes))
    problems, checked = run_check([path], load_sensitive(sensitive))
    found = [p for p in problems if p.message.startswith("sensitive term 1")]
    assert found, f"{case}: not found"
    assert any(where in p.path for p in found), [p.path for p in found]
    assert all(NAME.lower() not in p.format().lower() for p in problems)  # never repeated


def test_the_cases_cover_the_places_the_issue_lists():
    assert len(CASES) >= 62


def test_check_cli_finds_every_planted_name_in_a_folder(press, sensitive, tmp_path):
    folder = tmp_path / "planted"
    for n, (case, changes, _) in enumerate(CASES[:20]):
        sub = folder / f"{n:02}"
        sub.mkdir(parents=True)
        (sub / "child-a-press-release.docx").write_bytes(edit(press, changes))
    result = CliRunner().invoke(cli, ["check", str(folder), "--sensitive", str(sensitive)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "sensitive term 1" in line]
    assert len({line.split(":", 1)[0] for line in lines}) == 1  # one file name, 20 folders
    assert len(lines) >= 20
    assert "Traceback" not in result.output


def test_clean_documents_give_no_finding(built, sensitive, tmp_path):
    for name, data in built.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    problems, checked = run_check([tmp_path], load_sensitive(sensitive))
    assert len(checked) == 10  # four documents and the action plan, of two examples
    assert problems == [], [p.format() for p in problems]


# -- names that come from the review itself: build --sensitive --------------------------------
PROSE = [
    ("slug", "[report in the news](https://news.example/2024/jane-realname-charged-after-death)"),
    ("percent-encoded link", f"[the news](https://news.example/{PERCENT})"),
    ("query", "[search](https://search.example/?q=jane+realname)"),
    ("mailto", "[write](mailto:jane.realname@council.example)"),
    ("zero-width space", "Jane\u200bRealname was there."),
    ("full-width letters", f"{FULL_WIDTH} was there."),
    ("Cyrillic look-alikes", f"{CYRILLIC} was there."),
]


@pytest.mark.parametrize("case,prose", PROSE, ids=[c[0] for c in PROSE])
def test_name_in_the_review_prose_stops_build(tmp_path, sensitive, case, prose):
    folder = tmp_path / "review"
    shutil.copytree(EXAMPLES / "child-a", folder)
    review = folder / "review.yaml"
    data = yaml.safe_load(review.read_text(encoding="utf-8"))
    quote = data["press_release"]["quotes"][0]
    quote["body"] = quote["body"].rstrip() + " " + prose + "\n"
    review.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                      encoding="utf-8")
    with pytest.raises(CheckError) as info:
        build(review, tmp_path / "out", only="press-release", sensitive=load_sensitive(sensitive))
    assert any(p.message.startswith("sensitive term 1") for p in info.value.problems)
    assert not (tmp_path / "out").exists()
    result = CliRunner().invoke(cli, ["build", str(review), "-o", str(tmp_path / "cli"),
                                      "--only", "press-release", "--sensitive", str(sensitive)])
    assert result.exit_code == 1 and "sensitive term 1" in result.output
    assert "Traceback" not in result.output


def test_clean_review_builds_with_the_sensitive_list(tmp_path, sensitive):
    built = build(EXAMPLES / "child-a" / "review.yaml", tmp_path / "out",
                  sensitive=load_sensitive(sensitive))
    assert [p for p in built.problems if p.is_error] == []
    assert len(built.written) == 6  # four documents, the action plan (.docx and .xlsx)


def test_text_of_every_part_is_found_without_re_reading_its_repeats(press, sensitive, tmp_path):
    """A name in a paragraph is one finding, not one more for the part's whole text."""
    path = tmp_path / "child-a-press-release.docx"
    path.write_bytes(edit(press, body(p(r(NAME)))))
    problems, _ = run_check([path], load_sensitive(sensitive))
    assert len(problems) == 1 and problems[0].path.startswith("body paragraph ")


# -- pictures: written again from their pixels ---------------------------------------------------
def png_chunks(data: bytes) -> list[bytes]:
    at, kinds = 8, []
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        kinds.append(kind)
        at += 12 + length
        if kind == b"IEND":
            assert at == len(data), "bytes after IEND"
    return kinds


def jpeg_markers(data: bytes) -> list[int]:
    at, markers = 2, []
    while data[at] == 0xFF:
        marker = data[at + 1]
        markers.append(marker)
        (length,) = struct.unpack(">H", data[at + 2:at + 4])
        at += 2 + length
        if marker == 0xDA:
            break
    return markers


def marked_png() -> bytes:
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", NAME)
    info.add_text("Comment", NAME, zip=True)
    info.add_itxt("Description", NAME, zip=True)
    buffer = io.BytesIO()
    Image.new("RGB", (60, 24), (31, 56, 100)).save(buffer, "PNG", pnginfo=info,
                                                   icc_profile=ICC)
    data, at, out = buffer.getvalue(), 8, [b"\x89PNG\r\n\x1a\n"]
    while at < len(data):  # name the colour profile after the person
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        body = data[at + 8:at + 8 + length]
        if kind == b"iCCP":
            body = NAME.encode() + body[body.index(b"\0"):]
        out.append(chunk(kind, body))
        at += 12 + length
    return b"".join(out) + b"\0" + NAME.encode()  # and bytes after IEND


def marked_jpeg() -> bytes:
    from PIL import Image

    exif = Image.Exif()
    exif[0x013B] = NAME
    buffer = io.BytesIO()
    Image.new("RGB", (60, 24), (31, 56, 100)).save(buffer, "JPEG", exif=exif.tobytes(),
                                                   icc_profile=ICC, comment=NAME.encode())
    data = buffer.getvalue()
    extra = segment(0xEC, b"Ducky\0" + NAME.encode()) + segment(0xED, b"Photoshop 3.0\0" +
                                                                NAME.encode())
    return data[:2] + extra + data[2:] + NAME.encode()


def marked_gif() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("P", (60, 24), 1).save(buffer, "GIF", comment=NAME.encode())
    data = buffer.getvalue()
    app = b"\x21\xff\x0bXMP DataXMP" + sub_blocks(NAME.encode())
    return data[:-1] + app + b"\x3b" + NAME.encode()


@pytest.mark.parametrize("kind,make", [("png", marked_png), ("jpeg", marked_jpeg),
                                       ("gif", marked_gif)])
def test_logo_keeps_no_metadata_of_its_source(tmp_path, sensitive, kind, make):
    source = make()
    assert source.count(NAME.encode()) >= 2  # the source is marked where the issue found it
    folder = tmp_path / "review"
    shutil.copytree(EXAMPLES / "child-a", folder)
    (folder / f"logo.{kind}").write_bytes(source)
    review = folder / "review.yaml"
    review.write_text(review.read_text(encoding="utf-8").replace(
        "logo: wexmoor-logo.png", f"logo: logo.{kind}"), encoding="utf-8")
    out = tmp_path / "out"
    build(review, out, only="press-release", sensitive=load_sensitive(sensitive))
    with zipfile.ZipFile(out / "child-a-press-release.docx") as zf:
        [part] = [n for n in zf.namelist() if n.startswith("word/media/")]
        data = zf.read(part)
    assert NAME.encode() not in data and NAME.encode("utf-16-be") not in data
    if kind == "jpeg":
        assert part == "word/media/logo.jpeg"
        markers = jpeg_markers(data)
        assert [m for m in markers if 0xE1 <= m <= 0xEF or m == 0xFE] == []  # APP0 JFIF only
        assert data.endswith(b"\xff\xd9") and data.count(b"\xff\xd9") == 1
    else:  # PNG stays PNG; GIF becomes PNG
        assert part == "word/media/logo.png"
        assert png_chunks(data) == [b"IHDR", b"IDAT", b"IEND"] or set(png_chunks(data)) <= {
            b"IHDR", b"IDAT", b"IEND", b"tRNS"}
    from PIL import Image

    assert Image.open(io.BytesIO(data)).size == (60, 24)
    problems, _ = run_check([out], load_sensitive(sensitive))
    assert problems == []


@pytest.mark.parametrize("data,message", [
    (b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "is not a readable PNG image"),
    (b"\xff\xd8\xff\xe0\0\x10JFIF" + b"\0" * 20, "is not a readable JPEG image"),
    (b"GIF89a" + b"\0" * 10, "is not a readable GIF image"),
])
def test_a_logo_that_cannot_be_decoded_is_an_error_naming_the_field(tmp_path, data, message):
    folder = tmp_path / "review"
    shutil.copytree(EXAMPLES / "child-a", folder)
    (folder / "wexmoor-logo.png").write_bytes(data)
    result = CliRunner().invoke(cli, ["build", str(folder / "review.yaml"), "-o",
                                      str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "board.logo" in result.output and message in result.output
    assert "Traceback" not in result.output and not (tmp_path / "out").exists()


def test_a_logo_with_too_many_pixels_is_refused_before_decoding(tmp_path, monkeypatch):
    from scr_docs.render import picture

    monkeypatch.setattr(picture, "MAX_PIXELS", 60 * 24 - 1)
    path = tmp_path / "logo.png"
    path.write_bytes(png_bytes(60, 24))
    with pytest.raises(Exception) as info:
        picture.read_logo(path, "Logo")
    assert "board.logo" in info.value.message and "more than 1,439 pixels" in info.value.message


@pytest.mark.parametrize("kind,save_as", [("PNG", "PNG"), ("JPEG", "JPEG"), ("GIF", "GIF")])
def test_a_picture_of_exactly_the_most_pixels_is_read_and_one_more_refused(kind, save_as):
    from PIL import Image

    from scr_docs.review.pictures import TooLarge, decode

    buffer = io.BytesIO()
    Image.new("RGB", (60, 24)).save(buffer, save_as)
    assert decode(buffer.getvalue(), kind, max_pixels=60 * 24)[2:] == (60, 24)
    with pytest.raises(TooLarge):
        decode(buffer.getvalue(), kind, max_pixels=60 * 24 - 1)


def png_bytes(width: int, height: int) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height)).save(buffer, "PNG")
    return buffer.getvalue()


# -- the anonymity audit in the pack ----------------------------------------------------------
def test_pack_holds_a_dated_anonymity_audit_listed_in_the_manifest(tmp_path, sensitive):
    import hashlib
    import json

    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(EXAMPLES / "child-a" / "review.yaml"), "-o",
                                      str(out), "--pack", "--sensitive", str(sensitive)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "child-a-publication-pack.zip") as pack:
        audit = pack.read("child-a-anonymity-audit.md").decode("utf-8")
        manifest = json.loads(pack.read("manifest.json"))
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    assert listed["child-a-anonymity-audit.md"] == hashlib.sha256(audit.encode()).hexdigest()
    assert f"Checked on {manifest['built']}" in audit
    assert hashlib.sha256(sensitive.read_bytes()).hexdigest() in audit
    assert NAME not in audit and "Realname" not in audit and sensitive.name not in audit
    assert "- Sensitive terms searched for: 1" in audit
    # the audit counts every finding the build printed, review warnings included
    printed = [line for line in result.output.splitlines() if " warning" in line]
    assert "- Findings of the build (review, text and publication checks): 0 errors, " in audit
    assert "(0 of a sensitive term)" in audit
    assert ("0 warnings" in audit) == (not printed), (printed, audit[:600])
    for docx in sorted(out.glob("*.docx")):  # every part of every document, with how it was read
        section = audit.split(f"## {docx.name}\n", 1)[1].split("\n## ", 1)[0]
        rows = [line.split(" | ")[0].lstrip("| ") for line in section.splitlines()
                if line.startswith("| ") and not line.startswith(("| Part", "| ---"))]
        with zipfile.ZipFile(docx) as zf:
            assert rows == sorted(zf.namelist())
        assert "| word/document.xml | Word text by paragraph, attributes, field codes" in section
        assert "| word/media/logo.png | image metadata by format" in section


def test_audit_says_when_no_sensitive_list_was_given(tmp_path):
    out = tmp_path / "out"
    build(EXAMPLES / "child-b" / "review.yaml", out, pack=True)
    [pack] = out.glob("*-publication-pack.zip")
    with zipfile.ZipFile(pack) as zf:
        [name] = [n for n in zf.namelist() if n.endswith("-anonymity-audit.md")]
        audit = zf.read(name).decode("utf-8")
    assert "No sensitive-terms file was given" in audit
    assert "- Documents checked: 5" in audit  # with the action plan


# -- matching: disguise folded, near names left alone ------------------------------------------
@pytest.mark.parametrize("text", [
    "Janet Realname", "Jane Realnames", "JaneRealname", "Jane Real name", "Jane Realnam",
    "jane-realnameX", "the realname of Jane",
])
def test_near_names_are_not_taken_for_the_name(text):
    from scr_docs.check import Matcher

    assert Matcher([NAME]).find(text) == []


@pytest.mark.parametrize("text", [
    "JANE REALNAME", "Jane\u00a0Realname", "Jane\u200bRealname", "Ja\u00adne Real\u200dname",
    FULL_WIDTH, CYRILLIC, "jane_realname.docx", "jane+realname", "Jane%20Realname",
    "https://x.example/jane-realname-charged", "mailto:jane.realname@x.example",
    "\U0001d409\U0001d41a\U0001d427\U0001d41e Realname",  # mathematical bold letters
])
def test_disguised_names_are_found_once(text):
    from scr_docs.check import Matcher

    assert Matcher([NAME]).find(text) == [0]


def test_the_packs_audit_counts_the_warnings_the_build_printed(tmp_path):
    review = EXAMPLES.parent / "tests" / "fixtures" / "real" / "oxfordshire-child-h" / "review.yaml"
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(review), "-o", str(out), "--pack"])
    assert result.exit_code == 0, result.output
    summary = result.output.strip().splitlines()
    printed = next(line for line in summary if line.split()[1:2] == ["warnings"])
    with zipfile.ZipFile(out / "child-h-publication-pack.zip") as pack:
        audit = pack.read("child-h-anonymity-audit.md").decode("utf-8")
    assert f"0 errors, {printed.split()[0]} warnings" in audit, (printed, audit[:500])
