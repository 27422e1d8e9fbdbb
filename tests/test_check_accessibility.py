"""Accessibility checks: each failure planted in a small hand-made .docx and found in its place."""

from __future__ import annotations

import pytest
from checkdocs import clean_body, heading, image, link, make_docx, para, run, table

from scr_docs.check import check_accessibility, read_docx

NUMBERED = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="5"/></w:numPr>'


def findings(data: bytes):
    return check_accessibility(read_docx(data, "report.docx"))


def places(data: bytes) -> list[tuple[str, str]]:
    return [(p.path, p.severity) for p in findings(data)]


def add_style(xml: str):
    """Return a styles.xml edit that adds one style."""
    return lambda styles: styles.replace("</w:styles>", xml + "</w:styles>")


def test_clean_document_has_no_finding():
    data = make_docx(clean_body(), headers={"header1.xml": para("OFFICIAL")},
                     footnotes=[para("A note.")])
    assert findings(data) == []


def test_missing_title_is_an_error_on_core_properties():
    assert places(make_docx(clean_body(), title="")) == [("core properties: title", "error")]


def test_missing_language_is_an_error():
    problems = places(make_docx(clean_body(), language=None))
    assert problems == [("core properties: language", "error")]


def test_language_in_default_style_is_enough():
    data = make_docx(clean_body(), language=None,
                     styles=lambda s: s.replace("<w:rPrDefault><w:rPr>",
                                                '<w:rPrDefault><w:rPr><w:lang w:val="en-GB"/>'))
    assert findings(data) == []


def test_heading_level_that_skips_is_an_error_at_that_heading():
    data = make_docx([heading("One", 1), para("Text."), heading("Three", 3)])
    problems = findings(data)
    assert [(p.path, p.severity) for p in problems] == [("body paragraph 3", "error")]
    assert "skips from 1 to 3" in problems[0].message


def test_first_heading_below_level_one_is_an_error():
    problems = findings(make_docx([heading("Two", 2), heading("Three", 3)]))
    assert [p.path for p in problems] == ["body paragraph 1"]
    assert "start at level 1" in problems[0].message


def test_empty_heading_is_an_error():
    problems = findings(make_docx([heading("One", 1), heading("  ", 2), para("Text.")]))
    assert [p.path for p in problems] == ["body paragraph 2"]
    assert "empty heading" in problems[0].message


def test_heading_level_comes_from_style_inheritance_and_outline_level():
    styles = add_style(
        '<w:style w:type="paragraph" w:styleId="BoardHeading"><w:name w:val="Board heading"/>'
        '<w:basedOn w:val="Heading1"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Deep"><w:name w:val="Deep"/>'
        '<w:pPr><w:outlineLvl w:val="3"/></w:pPr></w:style>')
    data = make_docx([para("Top", style="BoardHeading"), para("Deep", style="Deep")], styles=styles)
    problems = findings(data)
    assert [p.path for p in problems] == ["body paragraph 2"]
    assert "skips from 1 to 4" in problems[0].message


def test_table_without_repeating_header_row_is_an_error():
    data = make_docx([table([["Agency", "Role"], ["Police", "Investigation"]], header=False)])
    problems = findings(data)
    assert [p.path for p in problems] == ["table 1"]
    assert "header row" in problems[0].message


@pytest.mark.parametrize("tcpr", ['<w:gridSpan w:val="2"/>', '<w:vMerge w:val="restart"/>'])
def test_merged_cells_are_an_error_at_the_first_merged_cell(tcpr):
    rows = [["Agency", "Role"], ["Police", "Investigation"], ["Health", ""]]
    problems = findings(make_docx([para("Text."), table(rows, cell_xml={(1, 0): tcpr})]))
    assert [(p.path, p.severity) for p in problems] == [("table 1 row 2 cell 1", "error")]
    assert "merged cells" in problems[0].message


def test_grid_span_of_one_is_not_a_merge():
    rows = [["Agency", "Role"], ["Police", "Investigation"]]
    assert findings(make_docx([table(rows, cell_xml={(1, 0): '<w:gridSpan w:val="1"/>'})])) == []


def test_image_without_alt_text_is_an_error_at_its_paragraph():
    problems = findings(make_docx([para("Text."), para(image(None))]))
    assert [p.path for p in problems] == ["body paragraph 2"]
    assert "alternative text" in problems[0].message


def test_image_marked_decorative_needs_no_alt_text():
    decorative = ('<a:extLst><a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
                  '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/'
                  'decorative" val="1"/></a:ext></a:extLst>')
    assert findings(make_docx([para(image(None, decorative))])) == []


def test_image_in_header_without_alt_text_is_found_in_the_header():
    data = make_docx([para("Text.")], headers={"header1.xml": para(image(""))})
    assert [p.path for p in findings(data)] == ["header1.xml paragraph 1"]


@pytest.mark.parametrize("text", ["https://example.org/guidance", "www.example.org",
                                  "click here", "Here.", "#", "Read more", "link"])
def test_link_text_that_does_not_describe_the_target_is_an_error(text):
    problems = findings(make_docx([para("Text."), para("See ", link(text), ".")]))
    assert [(p.path, p.severity) for p in problems] == [("body paragraph 2", "error")]


def test_descriptive_link_text_is_fine():
    assert findings(make_docx([para(link("Working Together to Safeguard Children 2018"))])) == []


@pytest.mark.parametrize("text", ["1. The first finding", "2) The second", "1.2 Background",
                                  "(a) a point", "• a bullet", "- a dash", "3.1.2. Deep"])
def test_hand_typed_numbering_is_an_error(text):
    problems = findings(make_docx([para("Text."), para(text)]))
    assert [(p.path, p.severity) for p in problems] == [("body paragraph 2", "error")]
    assert "hand-typed numbering" in problems[0].message


@pytest.mark.parametrize("text", ["2014 was a difficult year.", "1.5 million children live here.",
                                  "17 recommendations are made.", "A. N. Other attended."])
def test_sentences_starting_with_numbers_are_not_numbering(text):
    assert findings(make_docx([para(text)])) == []


def test_numbering_from_a_list_is_not_hand_typed():
    data = make_docx([para("1. Typed but in a list", ppr=NUMBERED),
                      para("2. Typed in a numbered style", style="ListNumber")])
    assert findings(data) == []


def test_list_turned_off_directly_is_hand_typed():
    off = '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>'
    data = make_docx([para("1. Numbering removed", style="ListNumber", ppr=off)])
    assert [p.path for p in findings(data)] == ["body paragraph 1"]


def test_low_contrast_run_colour_is_an_error_naming_the_paragraph():
    data = make_docx([para("Fine."), para("Grey ", run("text", '<w:color w:val="AAAAAA"/>'))])
    problems = findings(data)
    assert [(p.path, p.severity) for p in problems] == [("body paragraph 2", "error")]
    assert "#AAAAAA on #FFFFFF" in problems[0].message and "4.5:1" in problems[0].message


def test_low_contrast_style_colour_is_an_error_naming_the_style():
    styles = add_style('<w:style w:type="paragraph" w:styleId="Faint"><w:name w:val="Faint"/>'
                       '<w:rPr><w:color w:val="B0B0B0"/></w:rPr></w:style>'
                       '<w:style w:type="paragraph" w:styleId="Fainter"><w:name w:val="Fainter"/>'
                       '<w:basedOn w:val="Faint"/></w:style>')
    data = make_docx([para("One", style="Faint"), para("Two", style="Fainter")], styles=styles)
    problems = findings(data)
    assert [p.path for p in problems] == ["style Faint"]
    assert "first in body paragraph 1, 2 place(s)" in problems[0].message


def test_low_contrast_character_style_colour_is_an_error_naming_the_style():
    styles = add_style('<w:style w:type="character" w:styleId="Pale"><w:name w:val="Pale"/>'
                       '<w:rPr><w:color w:val="C0C0C0"/></w:rPr></w:style>')
    data = make_docx([para("Plain."), para("Then ", run("pale", '<w:rStyle w:val="Pale"/>'))],
                     styles=styles)
    problems = findings(data)
    assert [p.path for p in problems] == ["style Pale"]
    assert "first in body paragraph 2" in problems[0].message


def test_low_contrast_run_colour_in_a_text_box_names_the_paragraph_holding_the_box():
    box = ('<w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
           '<w:txbxContent>' + para(run("Boxed grey", '<w:color w:val="AAAAAA"/>'))
           + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>")
    data = make_docx([para("Fine."), para("Around ", box)])
    assert [p.path for p in findings(data)] == ["body paragraph 2"]


def test_light_text_on_dark_shading_is_fine_and_on_light_shading_is_not():
    white = '<w:color w:val="FFFFFF"/>'
    shd = '<w:shd w:val="clear" w:color="auto" w:fill="{}"/>'
    dark = para(run("White on navy", white), ppr=shd.format("1F3864"))
    light = para(run("White on pale", white), ppr=shd.format("DDDDDD"))
    assert [p.path for p in findings(make_docx([dark, light]))] == ["body paragraph 2"]


def test_cell_shading_is_the_background_of_its_text():
    white = run("Agency", '<w:color w:val="FFFFFF"/>')
    navy = '<w:shd w:val="clear" w:color="auto" w:fill="003366"/>'
    rows = [[white, "Role"], ["Police", white]]
    problems = findings(make_docx([table(rows, cell_xml={(0, 0): navy})]))
    assert [p.path for p in problems] == ["table 1 row 2 cell 2"]


def test_table_style_header_row_colours_are_used():
    styles = add_style(
        '<w:style w:type="table" w:styleId="Banner"><w:name w:val="Banner"/>'
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:color w:val="FFFFFF"/></w:rPr>'
        '<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="1F3864"/></w:tcPr></w:tblStylePr>'
        "</w:style>")
    data = make_docx([table([["Agency", "Role"], ["Police", "Investigation"]], style="Banner")],
                     styles=styles)
    assert findings(data) == []


def test_large_text_needs_only_three_to_one():
    grey = '<w:color w:val="777777"/>'  # 4.48:1 on white
    big = para(run("Big bold", grey + '<w:b/><w:sz w:val="28"/>'))
    small = para(run("Small", grey))
    assert [p.path for p in findings(make_docx([big, small]))] == ["body paragraph 2"]


def test_auto_colour_is_fine():
    assert findings(make_docx([para(run("Auto", '<w:color w:val="auto"/>'))])) == []
