"""The Word templates: well-formed, renderable, numbered and styled as docs/architecture.md says."""

from __future__ import annotations

import importlib.util
import io
import re
import sys
import zipfile
from pathlib import Path

import docx
import docxtpl
import markupsafe
import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "templates"
KINDS = ["overview-report", "executive-summary", "press-release", "learning-summary"]
NUMBERED = ["overview-report", "executive-summary"]
UNNUMBERED = ["press-release", "learning-summary"]
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}

BODY = ('<w:p><w:pPr><w:pStyle w:val="Heading1"/></w:pPr><w:r><w:t>Intro</w:t></w:r></w:p>'
        '<w:p><w:pPr><w:pStyle w:val="BodyNumbered"/></w:pPr><w:r><w:t>First point</w:t>'
        '</w:r></w:p>')


def _load_builder():
    spec = importlib.util.spec_from_file_location("build_templates",
                                                  TEMPLATES / "build_templates.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    keep, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no templates/__pycache__
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = keep
    return module


build_templates = _load_builder()


def documented_variables() -> set[str]:
    """The template variables listed in the table of docs/architecture.md."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `(\w+)` \|", text, flags=re.M))


def context(**changes) -> dict:
    values = dict(
        board_name="Northshire Safeguarding Children Partnership",
        review_type_title="Serious Case Review",
        doc_title="Serious Case Review: Child A \u2013 Overview report",
        child="Child A", date_text="15 September 2014", draft=True,
        marking="OFFICIAL-SENSITIVE", subtitle="Overview report",
        authors_line="Independent chair: J Doe", body=markupsafe.Markup(BODY))
    values.update(changes)
    return values


def render(kind: str, **changes) -> bytes:
    template = docxtpl.DocxTemplate(TEMPLATES / f"{kind}.docx")
    template.render(context(**changes), autoescape=True)
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()


def part(source, name: str) -> etree._Element:
    """Parse one part of a .docx (path or bytes) strictly."""
    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return etree.fromstring(zf.read(name))


def template(kind: str) -> Path:
    return TEMPLATES / f"{kind}.docx"


def style(kind: str, style_id: str) -> etree._Element:
    found = part(template(kind), "word/styles.xml").find(
        f"w:style[@w:styleId='{style_id}']", NS)
    assert found is not None, f"{kind}: no style {style_id}"
    return found


def val(element, path: str) -> str | None:
    found = element.find(path, NS)
    return None if found is None else found.get(f"{{{W}}}val")


def all_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    for section in document.sections:
        for hf in (section.header, section.footer, section.first_page_header,
                   section.first_page_footer):
            texts += [p.text for p in hf.paragraphs]
    return "\n".join(texts)


@pytest.mark.parametrize("kind", KINDS)
def test_every_part_parses_strictly(kind):
    with zipfile.ZipFile(template(kind)) as zf:
        names = zf.namelist()
        for name in names:
            etree.fromstring(zf.read(name))  # raises on any XML error
    assert names == sorted(names)
    assert {"word/footnotes.xml", "word/numbering.xml", "word/settings.xml"} <= set(names)


@pytest.mark.parametrize("kind", KINDS)
def test_renders_with_escaping_on_and_opens_in_python_docx(kind):
    data = render(kind)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        for name in zf.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(zf.read(name))
    text = all_text(data)
    assert "Intro" in text and "{{" not in text and "{%" not in text


@pytest.mark.parametrize("kind", KINDS)
def test_uses_only_documented_variables(kind):
    used = docxtpl.DocxTemplate(template(kind)).get_undeclared_template_variables()
    assert {"body", "board_name", "doc_title", "draft", "marking", "logo"} <= used
    assert used <= documented_variables()


@pytest.mark.parametrize("kind", KINDS)
def test_data_is_printed_literally(kind):
    tricky = "A & <B> {{x}} {% if y %}"
    data = render(kind, child=tricky, board_name=tricky, doc_title=tricky)
    assert tricky in all_text(data)


@pytest.mark.parametrize("kind", KINDS)
def test_draft_and_empty_marking_leave_nothing_behind(kind):
    data = render(kind, draft=False, marking="", subtitle="", authors_line="")
    text = all_text(data)
    assert "DRAFT" not in text and "OFFICIAL" not in text
    body = part(data, "word/document.xml").find("w:body", NS)
    empty = [p for p in body.findall("w:p", NS) if not "".join(p.itertext()).strip()
             and p.find(".//w:sectPr", NS) is None and p.find(".//w:fldChar", NS) is None]
    assert empty == []


@pytest.mark.parametrize("kind", KINDS)
def test_body_placeholder_is_one_paragraph_with_one_run(kind):
    body = part(template(kind), "word/document.xml").find("w:body", NS)
    holders = [p for p in body.findall("w:p", NS) if "body" in "".join(p.itertext())]
    assert len(holders) == 1
    runs = holders[0].findall("w:r", NS)
    assert len(runs) == 1 and "".join(runs[0].itertext()) == "{{p body }}"


@pytest.mark.parametrize("kind", KINDS)
def test_every_tag_sits_whole_in_one_text_node(kind):
    with zipfile.ZipFile(template(kind)) as zf:
        for name in zf.namelist():
            if not name.startswith("word/") or not name.endswith(".xml"):
                continue
            for node in etree.fromstring(zf.read(name)).iter(f"{{{W}}}t"):
                text = node.text or ""
                assert text.count("{{") == text.count("}}"), (name, text)
                assert text.count("{%") == text.count("%}"), (name, text)


@pytest.mark.parametrize("kind", KINDS)
def test_style_ids_of_the_contract_exist(kind):
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    section = text.split("Paragraph style ids shared", 1)[1].split("`ReviewTable`", 1)[0]
    ids = set(re.findall(r"`(\w+)`", section)) | {"ReviewTable"}
    ids |= {"Heading2", "Heading3"}  # written as `Heading1`..`Heading4`
    assert {"BodyNumbered2", "FootnoteReference", "TOC2", "Hyperlink"} <= ids
    styles = part(template(kind), "word/styles.xml")
    present = {s.get(f"{{{W}}}styleId") for s in styles.findall("w:style", NS)}
    assert ids <= present


@pytest.mark.parametrize("kind", KINDS)
def test_headings_use_word_built_in_names_and_outline_levels(kind):
    for level in range(1, 5):
        heading = style(kind, f"Heading{level}")
        assert val(heading, "w:name") == f"heading {level}"
        assert val(heading, "w:pPr/w:outlineLvl") == str(level - 1)
    assert val(style(kind, "TOCHeading"), "w:pPr/w:outlineLvl") == "9"
    assert style(kind, "Heading3").find("w:rPr/w:caps", NS) is not None
    assert val(style(kind, "FootnoteReference"), "w:rPr/w:vertAlign") == "superscript"


def test_overview_heading_list_is_tied_to_its_styles_both_ways():
    numbering = part(template("overview-report"), "word/numbering.xml")
    heading_list = numbering.find("w:abstractNum[@w:abstractNumId='1']", NS)
    expected = [("%1", "Heading1"), ("%1.%2", "Heading2"), ("%1.%2.%3", "BodyNumbered")]
    for ilvl, (text, style_id) in enumerate(expected):
        level = heading_list.find(f"w:lvl[@w:ilvl='{ilvl}']", NS)
        assert val(level, "w:lvlText") == text
        assert val(level, "w:pStyle") == style_id
        num_pr = style("overview-report", style_id).find("w:pPr/w:numPr", NS)
        assert (val(num_pr, "w:numId"), val(num_pr, "w:ilvl")) == ("1", str(ilvl))
    assert val(numbering, "w:num[@w:numId='1']/w:abstractNumId") == "1"


def test_executive_summary_numbers_its_paragraphs_1_1_under_each_heading():
    numbering = part(template("executive-summary"), "word/numbering.xml")
    level = numbering.find("w:abstractNum[@w:abstractNumId='1']/w:lvl[@w:ilvl='1']", NS)
    assert (val(level, "w:lvlText"), val(level, "w:pStyle")) == ("%1.%2", "BodyNumbered2")
    num_pr = style("executive-summary", "BodyNumbered2").find("w:pPr/w:numPr", NS)
    assert (val(num_pr, "w:numId"), val(num_pr, "w:ilvl")) == ("1", "1")
    assert style("executive-summary", "Heading2").find("w:pPr/w:numPr", NS) is None


@pytest.mark.parametrize("kind", UNNUMBERED)
def test_press_release_and_learning_summary_headings_are_not_numbered(kind):
    for style_id in ("Heading1", "Heading2", "BodyNumbered", "BodyNumbered2", "BodyText"):
        assert style(kind, style_id).find("w:pPr/w:numPr", NS) is None, style_id
    assert val(style(kind, "ListBullet"), "w:pPr/w:numPr/w:numId") == "2"


@pytest.mark.parametrize("kind", KINDS)
def test_numbering_lists_abstract_nums_first_and_ends_with_its_closing_tag(kind):
    raw = zipfile.ZipFile(template(kind)).read("word/numbering.xml").decode()
    assert raw.rstrip().endswith("</w:numbering>")
    root = etree.fromstring(raw.encode())
    tags = [etree.QName(child).localname for child in root]
    assert tags == sorted(tags, key=lambda t: t != "abstractNum")
    abstract_ids = [a.get(f"{{{W}}}abstractNumId") for a in root.findall("w:abstractNum", NS)]
    assert abstract_ids == ["1", "2", "3", "4"]
    nums = {n.get(f"{{{W}}}numId"): val(n, "w:abstractNumId") for n in root.findall("w:num", NS)}
    assert nums == {"1": "1", "2": "2", "4": "4"}  # ordered lists get theirs from render.py
    ordered = root.find("w:abstractNum[@w:abstractNumId='3']", NS)
    assert [val(lvl, "w:lvlText") for lvl in ordered.findall("w:lvl", NS)] == ["%1.", "%2.", "%3.", "%4.",
                                                                             "%5."]
    assert val(style(kind, "Recommendation"), "w:pPr/w:numPr/w:numId") == "4"
    for n, style_id in enumerate(("ListBullet", "ListBullet2", "ListBullet3", "ListBullet4",
                                  "ListBullet5")):
        assert val(style(kind, style_id), "w:pPr/w:numPr/w:ilvl") == str(n)


@pytest.mark.parametrize("kind", KINDS)
def test_footnote_separators_and_settings(kind):
    footnotes = part(template(kind), "word/footnotes.xml")
    assert [(f.get(f"{{{W}}}id"), f.get(f"{{{W}}}type")) for f in footnotes] == [
        ("-1", "separator"), ("0", "continuationSeparator")]
    settings = part(template(kind), "word/settings.xml")
    ids = [f.get(f"{{{W}}}id") for f in settings.findall("w:footnotePr/w:footnote", NS)]
    assert ids == ["-1", "0"]
    assert val(settings, "w:themeFontLang") == "en-GB"
    assert settings.find("w:evenAndOddHeaders", NS) is None
    update = val(settings, "w:updateFields")
    assert update == ("true" if kind in NUMBERED else None)


@pytest.mark.parametrize("kind", NUMBERED)
def test_contents_page_is_a_toc_field(kind):
    document = part(template(kind), "word/document.xml")
    instructions = "".join(t.text for t in document.iter(f"{{{W}}}instrText"))
    assert instructions.strip() == 'TOC \\o "1-2" \\h \\z \\u'
    kinds = [f.get(f"{{{W}}}fldCharType") for f in document.iter(f"{{{W}}}fldChar")]
    assert kinds == ["begin", "separate", "end"]
    headings = [p for p in document.iter(f"{{{W}}}p") if "".join(p.itertext()) == "Contents"]
    assert val(headings[0], "w:pPr/w:pStyle") == "TOCHeading"


@pytest.mark.parametrize("kind", KINDS)
def test_defaults_are_arial_11pt_en_gb_and_the_two_page_learning_summary_10pt(kind):
    styles = part(template(kind), "word/styles.xml")
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults.find("w:rFonts", NS).get(f"{{{W}}}ascii") == "Arial"
    assert val(defaults, "w:sz") == ("20" if kind == "learning-summary" else "22")  # half-points
    assert val(defaults, "w:lang") == "en-GB"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize("kind", KINDS)
def test_every_text_colour_has_contrast_of_4_5_on_white_and_on_shading(kind):
    with zipfile.ZipFile(template(kind)) as zf:
        xml = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("word/"))
    colours = set(re.findall(rb'<w:color w:val="([0-9A-Fa-f]{6})"', xml))
    fills = set(re.findall(rb'w:fill="([0-9A-Fa-f]{6})"', xml)) | {b"FFFFFF"}
    assert colours
    for colour in colours:
        for fill in fills:
            assert _contrast(colour.decode(), fill.decode()) >= 4.5, (colour, fill)


@pytest.mark.parametrize("kind", KINDS)
def test_properties_name_no_person(kind):
    core = part(template(kind), "docProps/core.xml")
    dc = "{http://purl.org/dc/elements/1.1/}"
    cp = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
    assert not core.findtext(f"{dc}creator") and not core.findtext(f"{cp}lastModifiedBy")
    assert core.findtext(f"{cp}revision") == "1"
    app = part(template(kind), "docProps/app.xml")
    ep = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"
    assert app.findtext(f"{ep}Application") == "scr-docs"
    assert app.find(f"{ep}Template") is None and app.find(f"{ep}Company") is None


def test_building_twice_gives_identical_bytes(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir(), second.mkdir()
    build_templates.build(first)
    build_templates.build(second)
    for kind in KINDS:
        assert (first / f"{kind}.docx").read_bytes() == (second / f"{kind}.docx").read_bytes()


def test_shipped_templates_are_up_to_date(tmp_path):
    """Compares contents, not bytes: another zlib may compress the same parts differently."""
    build_templates.build(tmp_path)
    for kind in KINDS:
        with zipfile.ZipFile(tmp_path / f"{kind}.docx") as fresh, \
                zipfile.ZipFile(template(kind)) as shipped:
            assert fresh.namelist() == shipped.namelist()
            for name in fresh.namelist():
                assert fresh.read(name) == shipped.read(name), (
                    f"{kind}: {name} is stale: run python3 templates/build_templates.py")


@pytest.mark.parametrize("kind", KINDS)
def test_word_is_told_to_remove_personal_information_on_save(kind):
    settings = part(template(kind), "word/settings.xml")
    assert settings.find(f"{{{W}}}removePersonalInformation") is not None
    assert settings.find(f"{{{W}}}removeDateAndTime") is not None
