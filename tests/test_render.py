"""render.py: template + DocWriter body -> a finished, strictly well-formed .docx."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from scr_docs.errors import TemplateError
from scr_docs.render.word import TEMPLATE_VARIABLES, check_template, render_docx
from scr_docs.model.nodes import Document
from scr_docs.render.wordml import DocWriter, WordBody

ROOT = Path(__file__).resolve().parents[1]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R, "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/", "dcterms": "http://purl.org/dc/terms/",
      "ep": "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"}
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
CONTEXT = {
    "board_name": "Anyshire & District Safeguarding Children Partnership",
    "review_type_title": "Serious Case Review",
    "doc_title": "Serious Case Review: Child A – Overview report",
    "child": "Child A", "date_text": "15 September 2014", "draft": True,
    "marking": "OFFICIAL <SENSITIVE>", "subtitle": "Overview report", "authors_line": "",
}
PROPERTIES = {"title": CONTEXT["doc_title"], "subject": "Overview report",
              "creator": "Anyshire Partnership", "keywords": ["safeguarding", "Child A"],
              "description": "Published review", "timestamp": "2014-09-15T09:30:00Z",
              "company": "Anyshire Partnership"}


# -- a minimal template, written part by part ------------------------------------------------
def para(text: str, rsid: bool = True) -> str:
    attrs = ' w:rsidR="00A1B2C3" w:rsidRDefault="00A1B2C3"' if rsid else ""
    return f'<w:p{attrs}><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def make_template(path: Path, body: str | None = None, header: str = "{{ marking }}") -> Path:
    """Write a small template: the contract's styles, numbering, footnote separators, and
    what a Word-edited file carries (rsids, an attached template, a template author)."""
    if body is None:
        body = para("{{ doc_title }}") + para("{{p body }}") + para("End of {{ board_name }}")
    styles = "".join(f'<w:style w:type="paragraph" w:styleId="{s}"><w:name w:val="{s}"/></w:style>'
                     for s in ("Normal", "Heading1", "Heading2", "Heading3", "Heading4",
                               "BodyText", "BodyNumbered", "ListBullet", "ListBullet2",
                               "ListNumber", "ListNumber2", "Recommendation", "Quote",
                               "TableText", "TableHeading", "FootnoteText"))
    styles += "".join(f'<w:style w:type="character" w:styleId="{s}"><w:name w:val="{s}"/></w:style>'
                      for s in ("FootnoteReference", "Hyperlink"))

    def abstract(n: int) -> str:
        levels = "".join(f'<w:lvl w:ilvl="{k}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
                         f'<w:lvlText w:val="%{k + 1}."/><w:lvlJc w:val="left"/></w:lvl>'
                         for k in range(3))
        return f'<w:abstractNum w:abstractNumId="{n}">{levels}</w:abstractNum>'

    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    overrides = {"/word/document.xml": f"{ct}.document.main+xml",
                 "/word/styles.xml": f"{ct}.styles+xml",
                 "/word/numbering.xml": f"{ct}.numbering+xml",
                 "/word/settings.xml": f"{ct}.settings+xml",
                 "/word/footnotes.xml": f"{ct}.footnotes+xml",
                 "/word/header1.xml": f"{ct}.header+xml",
                 "/docProps/core.xml": "application/vnd.openxmlformats-package.core-properties+xml",
                 "/docProps/app.xml":
                     "application/vnd.openxmlformats-officedocument.extended-properties+xml"}
    rels = 'xmlns="http://schemas.openxmlformats.org/package/2006/relationships"'
    files = {
        "[Content_Types].xml": DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/'
        '2006/content-types"><Default Extension="rels" ContentType="application/vnd.'
        'openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
        '"application/xml"/>' + "".join(f'<Override PartName="{k}" ContentType="{v}"/>'
                                        for k, v in overrides.items()) + "</Types>",
        "_rels/.rels": DECL + f"<Relationships {rels}>"
        f'<Relationship Id="rId1" Type="{R}/officeDocument" Target="word/document.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/'
        'relationships/metadata/core-properties" Target="docProps/core.xml"/>'
        f'<Relationship Id="rId3" Type="{R}/extended-properties" Target="docProps/app.xml"/>'
        "</Relationships>",
        "docProps/core.xml": DECL + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats'
        '.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<dc:title>Template</dc:title><dc:creator>Jane Template-Author</dc:creator>"
        "<cp:lastModifiedBy>jsmith</cp:lastModifiedBy><cp:revision>7</cp:revision>"
        "</cp:coreProperties>",
        "docProps/app.xml": DECL + '<Properties xmlns="http://schemas.openxmlformats.org/'
        'officeDocument/2006/extended-properties"><Template>Normal.dotm</Template>'
        "<Application>Microsoft Office Word</Application><Company>Acme Ltd</Company></Properties>",
        "word/document.xml": DECL + f'<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}'
        '<w:sectPr w:rsidR="00A1B2C3"><w:headerReference w:type="default" r:id="rId5"/>'
        '<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>',
        "word/_rels/document.xml.rels": DECL + f"<Relationships {rels}>" + "".join(
            f'<Relationship Id="rId{i}" Type="{R}/{t}" Target="{t}{"1" if t == "header" else ""}'
            '.xml"/>' for i, t in enumerate(
                ("styles", "numbering", "settings", "footnotes", "header"), 1))
        + "</Relationships>",
        "word/styles.xml": DECL + f'<w:styles xmlns:w="{W}">{styles}</w:styles>',
        "word/numbering.xml": DECL + f'<w:numbering xmlns:w="{W}">'
        + "".join(abstract(n) for n in (1, 2, 3, 4))
        + "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{n}"/></w:num>'
                  for n in (1, 2, 4)) + "</w:numbering>",
        "word/settings.xml": DECL + f'<w:settings xmlns:w="{W}" xmlns:r="{R}">'
        '<w:updateFields w:val="true"/><w:attachedTemplate r:id="rId1"/>'
        '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        '<w:rsids><w:rsidRoot w:val="00A1B2C3"/><w:rsid w:val="00A1B2C3"/></w:rsids>'
        "</w:settings>",
        "word/_rels/settings.xml.rels": DECL + f"<Relationships {rels}>"
        f'<Relationship Id="rId1" Type="{R}/attachedTemplate" '
        'Target="file:///C:/Users/jsmith/AppData/Roaming/Microsoft/Templates/Normal.dotm" '
        'TargetMode="External"/></Relationships>',
        "word/footnotes.xml": DECL + f'<w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
        "<w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>",
        "word/header1.xml": DECL + f'<w:hdr xmlns:w="{W}" xmlns:r="{R}">{para(header)}</w:hdr>',
    }
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


@pytest.fixture
def template(tmp_path) -> Path:
    return make_template(tmp_path / "template.docx")


def sample_writer() -> DocWriter:
    w = DocWriter()
    w.heading("Introduction", 1)
    w.prose("Child A's story & {{ board_name }} {% if draft %}x{% endif %} <b>literal</b> "
            "שלום 👶^[Seen in *the* [GP notes](https://example.org/gp?a=1&b=2).]\n\n"
            "1. one\n2. two\n\nBetween^[Second.]\n\n3. three\n\n- a\n  - b\n\n"
            "See [the board](https://example.org/board).")
    w.table(["Date", "Event"], [["2013", "Visit^[Third.]"]], caption="Chronology")
    w.recommendation("The board should act.\n\nAnd report.")
    return w


def render(template: Path, writer: DocWriter | None = None, **context) -> zipfile.ZipFile:
    data = render_docx(template, {**CONTEXT, **context}, writer or sample_writer(), PROPERTIES)
    return zipfile.ZipFile(io.BytesIO(data))


def xml(z: zipfile.ZipFile, name: str):
    return etree.fromstring(z.read(name))


# -- the rendered package ------------------------------------------------------------------
def test_every_part_parses_strictly_and_python_docx_opens_it(template):
    z = render(template)
    for name in z.namelist():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(z.read(name))  # raises on any well-formedness error
    document = docx.Document(io.BytesIO(z.fp.getvalue()))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == CONTEXT["doc_title"]
    assert texts[-1] == f"End of {CONTEXT['board_name']}"


def test_body_text_is_literal_and_never_evaluated_by_jinja(template):
    z = render(template)
    text = "".join(xml(z, "word/document.xml").xpath("//w:t/text()", namespaces=NS))
    assert ("Child A\u2019s story & {{ board_name }} {% if draft %}x{% endif %} <b>literal</b> "
            "שלום 👶") in text


def test_body_never_passes_through_docxtpl_rewriting(template):
    w = DocWriter()
    w.paragraph("a {_{ b }_} {_% c %_}\tend")  # docxtpl turns "{_{" into "{{" in output
    w.table(["one"], [["x", "y", "z"]])  # docxtpl's table fixer would change the grid
    z = render(template, w)
    doc = xml(z, "word/document.xml")
    assert "a {_{ b }_} {_% c %_}end" in "".join(doc.itertext())
    assert doc.find(".//w:tab", NS) is not None
    assert len(doc.findall(".//w:tbl/w:tblGrid/w:gridCol", NS)) == 3


def test_context_values_are_escaped_and_line_breaks_kept(template):
    z = render(template, board_name="A & B <Partnership>\nSecond line", marking="M\x01K")
    doc = xml(z, "word/document.xml")
    last = doc.xpath("//w:body/w:p", namespaces=NS)[-1]
    assert "".join(last.xpath(".//w:t/text()", namespaces=NS)) == \
        "End of A & B <Partnership>Second line"
    assert last.find(".//w:br", NS) is not None
    assert "".join(xml(z, "word/header1.xml").itertext()) == "MK"


def test_footnotes_part_holds_separators_and_body_footnotes(template):
    z = render(template)
    notes = xml(z, "word/footnotes.xml").findall("w:footnote", NS)
    assert [n.get(f"{{{W}}}id") for n in notes] == ["-1", "0", "1", "2", "3"]
    assert "".join(notes[2].itertext()) == " Seen in the GP notes."
    refs = xml(z, "word/document.xml").xpath("//w:footnoteReference/@w:id", namespaces=NS)
    assert refs == ["1", "2", "3"]


def test_hyperlinks_get_relationships_in_their_own_part(template):
    z = render(template)
    doc_rels = xml(z, "word/_rels/document.xml.rels")
    note_rels = xml(z, "word/_rels/footnotes.xml.rels")
    hyperlink = f"{R}/hyperlink"
    doc_links = {r.get("Id"): r.get("Target") for r in doc_rels if r.get("Type") == hyperlink}
    note_links = {r.get("Id"): r.get("Target") for r in note_rels}
    assert list(doc_links.values()) == ["https://example.org/board"]
    assert list(note_links.values()) == ["https://example.org/gp?a=1&b=2"]
    assert all(r.get("TargetMode") == "External" for r in [*doc_rels, *note_rels]
               if r.get("Type") == hyperlink)
    used = xml(z, "word/document.xml").xpath("//w:hyperlink/@r:id", namespaces=NS)
    assert used == list(doc_links)
    used = xml(z, "word/footnotes.xml").xpath("//w:hyperlink/@r:id", namespaces=NS)
    assert used == list(note_links)


def test_ordered_lists_get_list_instances_in_numbering(template):
    z = render(template)
    numbering = xml(z, "word/numbering.xml")
    nums = {n.get(f"{{{W}}}numId"): n for n in numbering.findall("w:num", NS)}
    assert set(nums) == {"1", "2", "4", "100", "101"}
    assert nums["101"].xpath("string(w:abstractNumId/@w:val)", namespaces=NS) == "3"
    assert nums["101"].xpath("string(.//w:startOverride/@w:val)", namespaces=NS) == "3"


def test_properties_are_set_and_no_identity_is_left(template):
    z = render(template)
    core = xml(z, "docProps/core.xml")
    assert core.findtext("dc:title", namespaces=NS) == CONTEXT["doc_title"]
    assert core.findtext("dc:creator", namespaces=NS) == "Anyshire Partnership"
    assert core.findtext("cp:lastModifiedBy", namespaces=NS) == "Anyshire Partnership"
    assert core.findtext("cp:keywords", namespaces=NS) == "safeguarding, Child A"
    assert core.findtext("dc:language", namespaces=NS) == "en-GB"
    assert core.findtext("cp:revision", namespaces=NS) == "1"
    assert core.findtext("dcterms:created", namespaces=NS) == "2014-09-15T09:30:00Z"
    assert core.findtext("dcterms:modified", namespaces=NS) == "2014-09-15T09:30:00Z"
    app = xml(z, "docProps/app.xml")
    assert app.findtext("ep:Application", namespaces=NS) == "scr-docs"
    assert app.findtext("ep:Company", namespaces=NS) == "Anyshire Partnership"
    assert app.find("ep:Template", NS) is None
    everything = b"".join(z.read(n) for n in z.namelist())
    for trace in (b"rsid", b"jsmith", b"Jane Template-Author", b"Acme", b"Normal.dotm",
                  b"attachedTemplate", b"python-docx"):
        assert trace not in everything, trace


def test_update_fields_setting_survives(template):
    settings = xml(render(template), "word/settings.xml")
    assert settings.find("w:updateFields", NS).get(f"{{{W}}}val") == "true"
    assert settings.find("w:footnotePr", NS) is not None


def test_builds_are_reproducible_with_fixed_zip_times(template):
    first = render_docx(template, CONTEXT, sample_writer(), PROPERTIES)
    second = render_docx(template, CONTEXT, sample_writer(), PROPERTIES)
    assert first == second
    z = zipfile.ZipFile(io.BytesIO(first))
    assert {i.date_time for i in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert z.namelist()[0] == "[Content_Types].xml"


def test_broken_body_xml_is_refused_naming_the_body(template):
    class BrokenBody(WordBody):
        def xml(self) -> str:
            return "<w:p><w:r><w:t>a & b</w:t></w:r></w:p>"

    with pytest.raises(TemplateError, match="document body"):
        render_docx(template, CONTEXT, BrokenBody(Document()), PROPERTIES)


def test_missing_context_variable_is_a_template_error(template):
    context = dict(CONTEXT)
    del context["board_name"]
    with pytest.raises(TemplateError) as info:
        render_docx(template, context, DocWriter(), PROPERTIES)
    assert "board_name" in info.value.report()


def test_missing_template_is_a_template_error(tmp_path):
    with pytest.raises(TemplateError, match="not found"):
        render_docx(tmp_path / "none.docx", CONTEXT, DocWriter(), PROPERTIES)


def rewrite(path: Path, name: str, data: str | None) -> Path:
    """Replace (or with None remove) one part of a template."""
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    if data is None:
        parts.pop(name)
    else:
        parts[name] = data.encode("utf-8")
    with zipfile.ZipFile(path, "w") as z:
        for n, d in parts.items():
            z.writestr(n, d)
    return path


def test_ordered_lists_need_abstract_num_3(template):
    rewrite(template, "word/numbering.xml", f'<w:numbering xmlns:w="{W}"></w:numbering>')
    with pytest.raises(TemplateError, match="abstractNum 3"):
        render(template)


def test_missing_app_properties_are_added_and_thumbnail_dropped(template):
    rewrite(template, "docProps/app.xml", None)
    rewrite(template, "docProps/thumbnail.jpeg", "not really a jpeg")
    with zipfile.ZipFile(template) as z:
        rels = z.read("_rels/.rels").decode()
        types = z.read("[Content_Types].xml").decode()
    rels = re.sub(r'<Relationship Id="rId3"[^>]*/>', "", rels).replace(
        "</Relationships>", '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/'
        'package/2006/relationships/metadata/thumbnail" Target="docProps/thumbnail.jpeg"/>'
        "</Relationships>")
    rewrite(template, "_rels/.rels", rels)
    types = re.sub(r'<Override PartName="/docProps/app[^>]*/>', "", types).replace(
        "<Default ", '<Default Extension="jpeg" ContentType="image/jpeg"/><Default ', 1)
    rewrite(template, "[Content_Types].xml", types)
    z = render(template)
    assert "docProps/thumbnail.jpeg" not in z.namelist()
    assert b"thumbnail" not in z.read("_rels/.rels")
    assert xml(z, "docProps/app.xml").findtext("ep:Application", namespaces=NS) == "scr-docs"
    assert b"/docProps/app.xml" in z.read("[Content_Types].xml")
    assert b"docProps/app.xml" in z.read("_rels/.rels")
    docx.Document(io.BytesIO(z.fp.getvalue()))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200))
def test_any_prose_renders_to_a_strictly_well_formed_document(template, text):
    w = DocWriter()
    w.prose(text)
    w.table([text], [[text]])
    render(template, w, board_name=text)  # render_docx parses every part strictly


# -- template check ------------------------------------------------------------------------
def split_runs(*pieces: str) -> str:
    return "<w:p>" + "".join(f'<w:r><w:t xml:space="preserve">{p}</w:t></w:r>'
                             for p in pieces) + "</w:p>"


def test_check_accepts_a_tag_split_across_runs(tmp_path):
    path = make_template(tmp_path / "t.docx", split_runs("{", "{ doc_", "title }", "}")
                         + para("{{p body }}"))
    assert check_template(path) == []
    z = zipfile.ZipFile(io.BytesIO(render_docx(path, CONTEXT, DocWriter(), PROPERTIES)))
    assert CONTEXT["doc_title"] in "".join(xml(z, "word/document.xml").itertext())


def test_check_reports_a_tag_split_across_paragraphs(tmp_path):
    path = make_template(tmp_path / "t.docx", para("{{ doc_") + para("title }}"))
    messages = check_template(path)
    assert any("not closed in the same paragraph" in m for m in messages)
    with pytest.raises(TemplateError):
        render_docx(path, CONTEXT, DocWriter(), PROPERTIES)


def test_check_reports_curly_quotes_inside_tags(tmp_path):
    path = make_template(tmp_path / "t.docx", para("{{ marking|default(\u201cnone\u201d) }}"))
    assert any("curly quotes" in m for m in check_template(path))


def test_check_reports_unknown_variables_and_syntax_errors(tmp_path):
    path = make_template(tmp_path / "t.docx", para("{{ chlid }}"), header="{{ board_nmae }}")
    messages = check_template(path)
    assert any(m.startswith("word/document.xml: the tag {{ chlid }}") and
               "'chlid' is not a template variable" in m for m in messages)
    assert any("header" in m and "'board_nmae' is not a template variable" in m
               for m in messages)
    path = make_template(tmp_path / "u.docx", para("{% if %}"))
    assert any("syntax" in m for m in check_template(path))


def test_body_must_be_placed_once_as_a_paragraph_tag(tmp_path):
    path = make_template(tmp_path / "t.docx", para("{{ body }}"))
    assert any("{{p body }}" in m for m in check_template(path))
    path = make_template(tmp_path / "u.docx", para("{{ doc_title }}"))
    with pytest.raises(TemplateError, match="once"):
        render_docx(path, CONTEXT, DocWriter(), PROPERTIES)


def test_check_reports_text_beside_a_paragraph_tag(tmp_path):
    path = make_template(tmp_path / "t.docx", para("Body: {{p body }}"))
    assert any("dropped" in m for m in check_template(path))


# -- the shipped templates -----------------------------------------------------------------
SHIPPED = sorted((ROOT / "templates").glob("*.docx"))


@pytest.mark.parametrize("path", SHIPPED, ids=[p.stem for p in SHIPPED])
def test_shipped_templates_pass_the_check_and_render(path):
    assert check_template(path, TEMPLATE_VARIABLES) == []
    z = render(path)
    for name in z.namelist():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(z.read(name))
    document = docx.Document(io.BytesIO(z.fp.getvalue()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "{{ board_name }} {% if draft %}x{% endif %} <b>literal</b>" in text
    assert len(xml(z, "word/footnotes.xml").findall("w:footnote", NS)) == 5
