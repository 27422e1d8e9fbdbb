"""Reading a .docx once: every text by part and place, joined across runs."""

from __future__ import annotations

import io
import zipfile

import pytest
from checkdocs import BOARD, heading, make_docx, para, run, table

from scr_docs.check import read_docx
from scr_docs.errors import CheckError


def texts(doc, *kinds) -> list[tuple[str, str]]:
    return [(p.where, p.text) for p in doc.places(*kinds)]


def test_paragraph_text_is_joined_across_runs_tabs_and_breaks():
    xml = ('<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
           '<w:r><w:t>Chi</w:t></w:r><w:r><w:t>ld A</w:t><w:tab/><w:t>went</w:t><w:br/>'
           '<w:t>home</w:t><w:noBreakHyphen/><w:t>again</w:t></w:r></w:p>')
    doc = read_docx(make_docx([xml]), "a.docx")
    assert texts(doc, "body") == [("body paragraph 1", "Child A\twent\nhome-again")]


def test_places_name_body_paragraphs_tables_rows_and_cells():
    doc = read_docx(make_docx([para("One"), table([["A", "B"], ["C", "D"]]), para("Two")]), "a")
    assert texts(doc, "body") == [
        ("body paragraph 1", "One"), ("table 1 row 1 cell 1", "A"), ("table 1 row 1 cell 2", "B"),
        ("table 1 row 2 cell 1", "C"), ("table 1 row 2 cell 2", "D"), ("body paragraph 2", "Two")]
    assert [where for where, _ in doc.tables] == ["table 1"]


def test_nested_table_is_placed_inside_its_cell():
    inner = table([["inner"]])
    outer = table([["x"]]).replace("</w:tc>", inner + "</w:tc>", 1)
    doc = read_docx(make_docx([outer]), "a")
    assert ("table 1 row 1 cell 1 table 1 row 1 cell 1", "inner") in texts(doc, "body")


def test_content_controls_are_read_through():
    sdt = f"<w:sdt><w:sdtPr/><w:sdtContent>{para('Inside a control')}</w:sdtContent></w:sdt>"
    doc = read_docx(make_docx([sdt]), "a")
    assert texts(doc, "body") == [("body paragraph 1", "Inside a control")]


def test_alternate_content_fallback_is_not_read_twice():
    box = ('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>Box</w:t></mc:Choice>'
           '<mc:Fallback><w:t>Box</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    doc = read_docx(make_docx([box]), "a")
    assert texts(doc, "body") == [("body paragraph 1", "Box")]


def test_headers_footnotes_comments_and_properties_are_read_by_place():
    data = make_docx([para("Body")], headers={"header1.xml": para("Head"),
                                              "footer1.xml": para("Foot")},
                     footnotes=[para("Note one"), para("Note two")],
                     comments=[("Reviewer", "A comment")])
    doc = read_docx(data, "a.docx")
    assert texts(doc, "headers") == [("header1.xml paragraph 1", "Head")]
    assert texts(doc, "footers") == [("footer1.xml paragraph 1", "Foot")]
    assert texts(doc, "footnotes") == [("footnote 1", "Note one"), ("footnote 2", "Note two")]
    assert texts(doc, "comments") == [("comment 0", "A comment"),
                                      ("comment 0 author", "Reviewer X")]
    assert ("core properties: creator", BOARD) in texts(doc, "core")
    assert doc.core["title"] == "Serious Case Review: Child A"
    assert doc.app["Template"] == "Normal.dotm"


def test_paragraphs_carry_style_and_heading_level():
    doc = read_docx(make_docx([heading("Top", 1), para("Body", style="BodyText"),
                               heading("Sub", 2)]), "a")
    assert [(p.where, p.style, p.level) for p in doc.paragraphs] == [
        ("body paragraph 1", "Heading1", 1), ("body paragraph 2", "BodyText", None),
        ("body paragraph 3", "Heading2", 2)]


def test_paragraph_without_style_gets_the_default_style():
    doc = read_docx(make_docx([para("Plain")]), "a")
    assert doc.paragraphs[0].style == "Normal"


def test_reading_from_path_or_bytes_gives_the_same_places(tmp_path):
    data = make_docx([para("Same")])
    path = tmp_path / "same.docx"
    path.write_bytes(data)
    from_path = read_docx(path)
    assert from_path.name == "same.docx"
    assert texts(from_path) == texts(read_docx(data, "same.docx"))


def test_tracked_changes_comments_and_hidden_text_are_findings():
    changed = ('<w:p><w:ins w:id="1" w:author="A"><w:r><w:t>new</w:t></w:r></w:ins></w:p>')
    data = make_docx([para("Intro"), changed, para("Shown ", run("hidden", "<w:vanish/>"))],
                     comments=[("A", "note")])
    doc = read_docx(data, "a.docx")
    assert sorted((p.path, p.severity) for p in doc.findings) == [
        ("body paragraph 2", "error"), ("body paragraph 3", "error"), ("comments", "error")]


def test_text_hidden_by_a_character_style_is_a_finding():
    def styles(xml: str) -> str:
        return xml.replace("</w:styles>", '<w:style w:type="character" w:styleId="Secret">'
                           '<w:name w:val="Secret"/><w:rPr><w:vanish/></w:rPr></w:style>'
                           "</w:styles>")

    hidden = para("Shown ", run("hidden", '<w:rStyle w:val="Secret"/>'))
    shown = para("Shown ", run("bold", "<w:b/>"))
    doc = read_docx(make_docx([shown, hidden], styles=styles), "a.docx")
    assert [(p.path, p.severity) for p in doc.findings] == [("body paragraph 2", "error")]


def test_hidden_paragraph_mark_alone_is_not_hidden_text():
    mark = para("Visible", ppr="<w:rPr><w:vanish/></w:rPr>")
    assert read_docx(make_docx([mark]), "a").findings == []


def test_not_a_zip_file_raises_check_error():
    with pytest.raises(CheckError, match="cannot read as a .docx"):
        read_docx(b"plain text", "notes.docx")


def test_zip_without_a_document_part_raises_check_error():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "hi")
    with pytest.raises(CheckError, match="not a Word document"):
        read_docx(buf.getvalue(), "x.docx")


def test_malformed_xml_part_raises_check_error_naming_the_part():
    data = make_docx([para("x")], extra={"word/document.xml": b"<w:document><w:body>"})
    with pytest.raises(CheckError, match="word/document.xml"):
        read_docx(data, "x.docx")


def test_a_field_only_in_a_fallback_copy_is_still_a_hazard_and_a_place():
    """The body is read without its mc:Fallback copies, while the places and the hazards
    read the same part with them (one tree each part, shared, never changed)."""
    box = ('<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>Box</w:t></mc:Choice>'
           '<mc:Fallback><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>'
           'INCLUDETEXT "c:\\\\x.docx"</w:instrText></w:r><w:r><w:fldChar w:fldCharType="end"/>'
           '</w:r></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    doc = read_docx(make_docx([box]), "a")
    assert texts(doc, "body") == [("body paragraph 1", "Box")]
    assert any("INCLUDETEXT" in place.text for place in doc.places("fields"))
    assert any("INCLUDETEXT field" in f.message for f in doc.findings)


def test_a_package_parses_each_part_once_and_keeps_its_error():
    from lxml import etree

    from scr_docs.ooxml.reader import read_package

    data = make_docx([para("x")], extra={"word/bad.xml": b"<w:document><w:body>"})
    package = read_package(data, "x.docx", CheckError, strict=False)
    assert package.tree("word/document.xml") is package.tree("word/document.xml")
    for _ in range(2):
        with pytest.raises(etree.XMLSyntaxError):
            package.tree("word/bad.xml")
    with pytest.raises(KeyError):
        package.tree("word/none.xml")


def test_raw_text_reads_utf8_and_utf16_parts_alike_with_markup_punctuation_as_spaces():
    from scr_docs.ooxml.names import raw_text

    xml = '<a b="Zoë\'s">Tom &amp; Jo =x</a>'
    expected = " a b  Zoë s  Tom & Jo  x /a "
    assert raw_text(xml.encode()) == expected
    assert raw_text(b"\xef\xbb\xbf" + xml.encode()) == expected
    assert raw_text(xml.encode("utf-16")) == expected
    assert raw_text(b"<a>\xff<\xc3</a>") == " a \ufffd \ufffd /a "  # bad bytes stay apart


def test_doctype_is_found_in_utf8_and_utf16_parts_and_not_in_a_comment():
    from scr_docs.ooxml.reader import has_doctype

    doctype = '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY e "x">]><a>&e;</a>'
    assert has_doctype(doctype.encode())
    assert has_doctype(doctype.replace('"1.0"?', '"1.0" encoding="UTF-16"?').encode("utf-16"))
    assert not has_doctype(b"<a><!-- note! --></a>")
    assert not has_doctype(b"<a>Hello!</a>")


def test_a_part_parsed_without_keep_is_not_kept_but_a_kept_tree_is_shared():
    from scr_docs.ooxml.reader import read_package

    package = read_package(make_docx([para("x")]), "x.docx", CheckError, strict=False)
    once = package.tree("word/styles.xml", keep=False)
    assert package.tree("word/styles.xml", keep=False) is not once
    kept = package.tree("word/styles.xml")
    assert package.tree("word/styles.xml", keep=False) is kept
