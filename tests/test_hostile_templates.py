"""Hostile house templates: refused or cleaned, never a traceback, nothing outside reached.

Each build runs ``python -m scr_docs.cli`` as a subprocess under a time limit and a memory
limit (RLIMIT_AS); ``check`` runs in-process on the same files.
"""

from __future__ import annotations

import io
import re
import resource
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scr_docs.cli import cli
from scr_docs.ooxml.reader import MAX_MEMBER_BYTES, MAX_TOTAL_BYTES

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "child-a" / "review.yaml"
SHIPPED = ROOT / "templates" / "press-release.docx"
KIND = "press-release"
OUT_NAME = f"child-a-{KIND}.docx"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SECONDS = 60
MEMORY = 2 * 1024 ** 3


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def cli_run(*args) -> subprocess.CompletedProcess:
    """Run ``scr-docs ARGS`` in a subprocess under time and memory limits."""
    return subprocess.run([sys.executable, "-m", "scr_docs.cli", *map(str, args)],
                          capture_output=True, text=True, timeout=SECONDS,
                          preexec_fn=_limit_memory, cwd=ROOT)


def parts_of(path: Path = SHIPPED) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def write_zip(path: Path, parts: dict[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def add_rel(parts, source_rels: str, rid: str, kind: str, target: str, external=True):
    mode = ' TargetMode="External"' if external else ""
    parts[source_rels] = parts[source_rels].replace(
        b"</Relationships>", f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}"'
        f'{mode}/></Relationships>'.encode())


def add_override(parts, name: str, ctype: str):
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/{name}" ContentType="{ctype}"/></Types>'.encode())


def add_to_part(parts, name: str, xml: str, close: bytes):
    parts[name] = parts[name].replace(close, xml.encode() + close, 1)


def para(inner: str) -> str:
    return f"<w:p>{inner}</w:p>"


# -- the hostile templates -----------------------------------------------------------------
def zip_bomb(parts):
    parts["word/media/bomb.xml"] = None  # written as a stream by house()


def zip_slip(parts):
    parts["../../outside.xml"] = b"<x/>"


def no_content_type(parts):
    parts["word/extra.bin"] = b"\0\1\2"


def entity_in_header(parts):
    hdr = parts["word/header1.xml"].decode()
    body = hdr.split("?>", 1)[1] if hdr.startswith("<?xml") else hdr
    parts["word/header1.xml"] = ('<?xml version="1.0"?><!DOCTYPE w:hdr [<!ENTITY lol '
                                 '"lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>'
                                 + body.replace("</w:hdr>", para("<w:r><w:t>&lol2;</w:t></w:r>")
                                                + "</w:hdr>")).encode()


def macro_enabled(parts):
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")


def vba_project(parts):
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 macro"
    add_override(parts, "word/vbaProject.bin", "application/vnd.ms-office.vbaProject")
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/'
        b'office/2006/relationships/vbaProject" Target="vbaProject.bin"/></Relationships>')


def linked_picture(parts):
    add_rel(parts, "word/_rels/header1.xml.rels" if "word/_rels/header1.xml.rels" in parts
            else "word/_rels/document.xml.rels", "rIdPic", "image",
            "http://127.0.0.1:9/tracking.png")


def external_ole(parts):
    add_rel(parts, "word/_rels/document.xml.rels", "rIdOle", "oleObject",
            "file:///C:/Users/x/budget.xlsx!Sheet1")


def sub_document(parts):
    add_rel(parts, "word/_rels/document.xml.rels", "rIdSub", "subDocument",
            "\\\\fileserver\\share\\chapter.docx")


def unc_hyperlink(parts):
    add_rel(parts, "word/_rels/document.xml.rels", "rIdUnc", "hyperlink",
            "\\\\fileserver\\share\\minutes.docx")


def include_picture(parts):
    add_to_part(parts, "word/header1.xml", para(
        '<w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://127.0.0.1:9/x.png&quot; \\d ">'
        "<w:r><w:t>x</w:t></w:r></w:fldSimple>"), b"</w:hdr>")


def include_text(parts):
    # a complex field, its instruction split over runs as Word writes it
    add_to_part(parts, "word/footer1.xml", para(
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> INCLUDE</w:instrText></w:r>'
        '<w:r><w:instrText xml:space="preserve">TEXT "C:\\\\secret.docx" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'), b"</w:ftr>")


def custom_properties(parts):
    parts["docProps/custom.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://'
        'schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://'
        'schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD'
        '505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="MSIP_Label_Owner"><vt:lpwstr>'
        'jane.realname@council.example</vt:lpwstr></property></Properties>').encode()
    add_override(parts, "docProps/custom.xml",
                 "application/vnd.openxmlformats-officedocument.custom-properties+xml")
    add_rel(parts, "_rels/.rels", "rIdCustom", "custom-properties", "docProps/custom.xml",
            external=False)


def people(parts):
    parts["word/people.xml"] = (
        '<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml">'
        '<w15:person w15:author="Jane Realname"><w15:presenceInfo w15:providerId="AD" '
        'w15:userId="S::jrealname@council.example"/></w15:person></w15:people>').encode()
    add_override(parts, "word/people.xml",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.people+xml")
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdPeople" Type="http://schemas.microsoft.com/'
        b'office/2011/relationships/people" Target="people.xml"/></Relationships>')


def doc_vars(parts):
    add_to_part(parts, "word/settings.xml", '<w:docVars><w:docVar w:name="Owner" '
                'w:val="Jane Realname"/></w:docVars>', b"</w:settings>")


def custom_xml(parts):
    parts["customXml/item1.xml"] = b"<meta><owner>Jane Realname</owner></meta>"
    add_rel(parts, "word/_rels/document.xml.rels", "rIdCx", "customXml",
            "../customXml/item1.xml", external=False)


def glossary(parts):
    parts["word/glossary/document.xml"] = parts["word/document.xml"]
    add_override(parts, "word/glossary/document.xml", "application/vnd.openxmlformats-"
                 "officedocument.wordprocessingml.document.glossary+xml")
    add_rel(parts, "word/_rels/document.xml.rels", "rIdGloss", "glossaryDocument",
            "glossary/document.xml", external=False)


def attached_template(parts):
    parts["word/_rels/settings.xml.rels"] = (
        f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rIdT" Type="{REL}/attachedTemplate" Target="file:///C:/Users/'
        'jrealname/Templates/Normal.dotm" TargetMode="External"/></Relationships>').encode()
    add_to_part(parts, "word/settings.xml", '<w:attachedTemplate r:id="rIdT" xmlns:r="'
                f'{REL}"/>', b"</w:settings>")


def comments(parts):
    parts["word/comments.xml"] = (
        '<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        '<w:comment w:id="0" w:author="Jane Realname" w:initials="JR"><w:p><w:r><w:t>check '
        "with legal</w:t></w:r></w:p></w:comment></w:comments>").encode()
    add_override(parts, "word/comments.xml", "application/vnd.openxmlformats-officedocument."
                 "wordprocessingml.comments+xml")
    add_rel(parts, "word/_rels/document.xml.rels", "rIdCom", "comments", "comments.xml",
            external=False)
    add_to_part(parts, "word/document.xml", para(
        '<w:commentRangeStart w:id="0"/><w:r><w:t>noted</w:t></w:r><w:commentRangeEnd '
        'w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>'), b"<w:sectPr")


def embedded_object(parts):
    parts["word/embeddings/oleObject1.bin"] = b"ole"
    add_override(parts, "word/embeddings/oleObject1.bin",
                 "application/vnd.openxmlformats-officedocument.oleObject")
    add_rel(parts, "word/_rels/document.xml.rels", "rIdO", "oleObject",
            "embeddings/oleObject1.bin", external=False)


def author_field(parts):
    add_to_part(parts, "word/footer1.xml", para(
        '<w:fldSimple w:instr=" AUTHOR "><w:r><w:t>Jane Realname</w:t></w:r></w:fldSimple>'),
        b"</w:ftr>")


def house(tmp_path: Path, change) -> Path:
    """Return a folder holding a press-release house template changed by ``change``."""
    parts = parts_of()
    change(parts)
    path = tmp_path / "house" / f"{KIND}.docx"
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            if data is not None:
                z.writestr(name, data)
                continue
            # a zip bomb: zeros compress about 1000 to 1
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w", force_zip64=True) as member:
                chunk = b"\0" * (1 << 20)
                for _ in range(MAX_MEMBER_BYTES // len(chunk) + 2):
                    member.write(chunk)
    return path.parent


REFUSED = {
    "zip bomb": (zip_bomb, "word/media/bomb.xml"),
    "zip slip": (zip_slip, "../../outside.xml"),
    "part without content type": (no_content_type, "word/extra.bin"),
    "entity in a header": (entity_in_header, "word/header1.xml"),
    "macro-enabled": (macro_enabled, "word/document.xml"),
    "vba project": (vba_project, "word/vbaProject.bin"),
    "linked picture": (linked_picture, "http://127.0.0.1:9/tracking.png"),
    "external OLE link": (external_ole, "budget.xlsx"),
    "sub-document": (sub_document, "chapter.docx"),
    "UNC hyperlink": (unc_hyperlink, "minutes.docx"),
    "INCLUDEPICTURE": (include_picture, "word/header1.xml"),
    "INCLUDETEXT": (include_text, "word/footer1.xml"),
    "embedded object": (embedded_object, "oleObject"),
    "AUTHOR field": (author_field, "word/footer1.xml"),
}
DROPPED = {
    "custom properties": (custom_properties, "docProps/custom.xml"),
    "people.xml": (people, "word/people.xml"),
    "document variables": (doc_vars, "word/settings.xml"),
    "customXml": (custom_xml, "customXml/item1.xml"),
    "glossary": (glossary, "word/glossary/document.xml"),
    "attached template": (attached_template, "word/settings.xml"),
    "comments": (comments, "word/comments.xml"),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_hostile_house_template_is_refused_naming_the_part(tmp_path, case):
    change, part = REFUSED[case]
    templates = house(tmp_path, change)
    out = tmp_path / "out"
    started = time.monotonic()
    result = cli_run("build", EXAMPLE, "-o", out, "--only", KIND, "--templates", templates)
    text = result.stdout + result.stderr
    assert result.returncode == 1, text
    assert "Traceback" not in text
    assert part in text and f"{KIND}.docx" in text, text
    assert not out.exists() or not any(out.iterdir())
    assert time.monotonic() - started < SECONDS


@pytest.mark.parametrize("case", list(DROPPED))
def test_identity_in_house_template_is_dropped_with_a_warning(tmp_path, case):
    change, part = DROPPED[case]
    out = tmp_path / "out"
    result = cli_run("build", EXAMPLE, "-o", out, "--only", KIND,
                     "--templates", house(tmp_path, change))
    text = result.stdout + result.stderr
    assert result.returncode == 0, text
    assert "Traceback" not in text
    assert re.search(rf"{re.escape(part)}: warning: .*dropped", text), text
    built = parts_of(out / OUT_NAME)
    assert not {"docProps/custom.xml", "word/people.xml", "word/comments.xml"} & set(built)
    assert b"commentR" not in built["word/document.xml"]
    assert not any(n.startswith(("customXml/", "word/glossary/")) for n in built)
    assert b"docVars" not in built["word/settings.xml"]
    assert b"attachedTemplate" not in built["word/settings.xml"]
    everything = b"".join(built.values())
    assert b"Realname" not in everything and b"jrealname" not in everything
    for name, data in built.items():
        if name.endswith(".rels"):
            for rel in re.findall(rb"<Relationship [^>]*>", data):
                if b'TargetMode="External"' in rel:
                    assert b"/hyperlink" in rel and re.search(rb'Target="(https?:|mailto:)',
                                                               rel), rel


def test_shipped_templates_pass_the_allow_list_unchanged(tmp_path):
    from scr_docs.render.template_clean import clean_template

    for path in sorted((ROOT / "templates").glob("*.docx")):
        data, warnings = clean_template(path)
        assert warnings == []
        assert parts_of(io.BytesIO(data)) == parts_of(path)


def test_a_3_gb_zip_bomb_is_refused_in_under_a_second(tmp_path):
    from scr_docs.errors import TemplateError
    from scr_docs.ooxml.reader import read_package

    path = tmp_path / "bomb.docx"
    # the directory says 3 GB; the reader must refuse before decompressing anything
    write_zip(path, parts_of())
    with zipfile.ZipFile(path, "a") as z:
        info = zipfile.ZipInfo("word/media/huge.xml")
        z.writestr(info, b"<x/>")
    data = bytearray(path.read_bytes())
    central = data.rfind(b"PK\x01\x02")
    # uncompressed size field of the last central directory entry (offset 24)
    data[central + 24:central + 28] = (3 * 1024 ** 3).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    started = time.monotonic()
    with pytest.raises(TemplateError, match="huge.xml"):
        read_package(path)
    assert time.monotonic() - started < 1


def test_members_together_past_the_total_limit_are_refused(tmp_path):
    from scr_docs.errors import TemplateError
    from scr_docs.ooxml.reader import read_package

    parts = parts_of()
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
        for i in range(MAX_TOTAL_BYTES // (40 << 20) + 1):
            info = zipfile.ZipInfo(f"word/media/pad{i}.xml")
            info.compress_type = zipfile.ZIP_DEFLATED
            with z.open(info, "w") as member:
                for _ in range(40):
                    member.write(b"\0" * (1 << 20))
    with pytest.raises(TemplateError, match="together"):
        read_package(path)


# -- check on any .docx ----------------------------------------------------------------------
def check(path: Path):
    return CliRunner().invoke(cli, ["check", str(path)])


CHECK_ERRORS = {
    "linked picture": (linked_picture, "tracking.png"),
    "external OLE link": (external_ole, "budget.xlsx"),
    "sub-document": (sub_document, "chapter.docx"),
    "UNC hyperlink": (unc_hyperlink, "minutes.docx"),
    "INCLUDEPICTURE": (include_picture, "INCLUDEPICTURE"),
    "INCLUDETEXT": (include_text, "INCLUDETEXT"),
    "vba project": (vba_project, "macros"),
    "macro-enabled": (macro_enabled, "macros"),
    "custom properties": (custom_properties, "docProps/custom.xml"),
    "people.xml": (people, "word/people.xml"),
    "document variables": (doc_vars, "document variables"),
    "customXml": (custom_xml, "customXml/item1.xml"),
    "glossary": (glossary, "word/glossary/document.xml"),
    "entity in a header": (entity_in_header, "DOCTYPE"),
    "part without content type": (no_content_type, "word/extra.bin"),
    "zip bomb": (zip_bomb, "word/media/bomb.xml"),
    "zip slip": (zip_slip, "outside.xml"),
    "embedded object": (embedded_object, "embedded object"),
}


@pytest.mark.parametrize("case", list(CHECK_ERRORS))
def test_check_reports_what_reaches_outside_or_names_people_as_an_error(tmp_path, case):
    change, words = CHECK_ERRORS[case]
    path = house(tmp_path, change) / f"{KIND}.docx"
    result = check(path)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if words in line]
    assert any(": error:" in line and f"{KIND}.docx" in line for line in lines), result.output


def test_check_finds_none_of_these_in_a_built_document(tmp_path):
    out = tmp_path / "out"
    assert cli_run("build", EXAMPLE, "-o", out, "--only", KIND).returncode == 0
    result = check(out / OUT_NAME)
    assert not re.search(r"outside the document|macros|embedded object|custom XML|people "
                         r"part|document variables|glossary part|DOCTYPE", result.output)


def test_hyperlink_field_to_a_network_share_is_an_error_and_to_the_web_is_not(tmp_path):
    def fields(parts):
        add_to_part(parts, "word/footer1.xml", para(
            '<w:fldSimple w:instr=" HYPERLINK &quot;https://example.org/&quot; ">'
            '<w:r><w:t>web</w:t></w:r></w:fldSimple>'
            '<w:fldSimple w:instr=" HYPERLINK &quot;file:///C:/minutes.docx&quot; ">'
            '<w:r><w:t>share</w:t></w:r></w:fldSimple>'), b"</w:ftr>")

    result = check(house(tmp_path, fields) / f"{KIND}.docx")
    errors = [line for line in result.output.splitlines() if "HYPERLINK field" in line]
    assert len(errors) == 1 and "footer1.xml" in errors[0], result.output  # code not quoted


# -- corrupted templates -----------------------------------------------------------------------
@st.composite
def corruptions(draw):
    parts = parts_of()
    kind = draw(st.sampled_from(["bytes", "xml", "truncate"]))
    name = draw(st.sampled_from(sorted(parts)))
    if kind == "bytes":
        data = bytearray(parts[name])
        for _ in range(draw(st.integers(1, 8))):
            at = draw(st.integers(0, max(len(data) - 1, 0)))
            data[at:at + 1] = draw(st.binary(min_size=0, max_size=4))
        parts[name] = bytes(data)
    elif kind == "xml":
        tag = draw(st.from_regex(r"[a-z:]{1,8}", fullmatch=True))
        text = draw(st.text(max_size=40))
        parts[name] = draw(st.sampled_from([
            f"<{tag}>{text}</{tag}>", f"<w:document>{text}", text,
            f'<?xml version="1.0"?><{tag} xmlns:{tag.split(":")[0] or "x"}="u">{text}</{tag}>',
        ])).encode("utf-8", "surrogatepass")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in parts.items():
            z.writestr(member, data)
    data = buf.getvalue()
    if kind == "truncate":
        data = data[:draw(st.integers(0, len(data) - 1))]
    return data


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=corruptions())
def test_corrupted_house_template_never_crashes(tmp_path_factory, data):
    tmp = tmp_path_factory.mktemp("corrupt")
    (tmp / "house").mkdir()
    (tmp / "house" / f"{KIND}.docx").write_bytes(data)
    started = time.monotonic()
    runner = CliRunner()
    result = runner.invoke(cli, ["build", str(EXAMPLE), "-o", str(tmp / "out"), "--only", KIND,
                                 "--templates", str(tmp / "house")])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Traceback" not in result.output
    result = runner.invoke(cli, ["check", str(tmp / "house" / f"{KIND}.docx")])
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        repr(result.exception)
    assert "Traceback" not in result.output
    assert time.monotonic() - started < 10


# -- LibreOffice never fetches what a document links to ---------------------------------------
def _docx_with_linked_picture(path: Path, url: str) -> Path:
    from docx import Document
    from docx.oxml import parse_xml

    doc = Document()
    doc.add_paragraph("A linked picture follows.")
    rid = doc.part.relate_to(url, f"{REL}/image", is_external=True)
    pic = (
        '<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        f'xmlns:r="{REL}" '
        'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
        'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        '<w:r><w:drawing><wp:inline><wp:extent cx="914400" cy="914400"/>'
        '<wp:docPr id="1" name="Picture 1" descr="linked"/><a:graphic><a:graphicData '
        'uri="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:pic>'
        '<pic:nvPicPr><pic:cNvPr id="1" name="linked.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:link="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
        '</pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" '
        'cy="914400"/></a:xfrm><a:prstGeom prst="rect"/></pic:spPr></pic:pic>'
        '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>')
    body = doc.element.body
    body.insert(len(body) - 1, parse_xml(pic))
    doc.save(path)
    return path


@pytest.mark.libreoffice
def test_libreoffice_never_fetches_a_linked_picture(tmp_path, monkeypatch):
    import os
    import tempfile
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from scr_docs.output import pdf

    if not os.environ.get("CI") and (pdf.find_soffice() is None
                                     or pdf.find_uno_python() is None):
        pytest.skip("LibreOffice (soffice and python3-uno) is not installed")
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    requests = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            requests.append(self.path)
            self.send_response(404)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/tracking.png"
        docx = _docx_with_linked_picture(tmp_path / "linked.docx", url)
        pdf.convert_to_pdf([(docx, tmp_path / "linked.pdf")], timeout=120)
    finally:
        server.shutdown()
    assert (tmp_path / "linked.pdf").is_file()
    assert requests == []
