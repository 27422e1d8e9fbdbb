"""DocWriter: Markdown and structure -> WordprocessingML strings."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from scr_docs.render.wordml import TEXT_WIDTH, DocWriter, ListNum, escape

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"w": W, "r": R}


def parse_body(writer: DocWriter):
    """Parse the body strictly (no recovery), as Word would need it."""
    return etree.fromstring(f'<w:body xmlns:w="{W}" xmlns:r="{R}">{writer.xml()}</w:body>')


def parse_footnote(xml: str):
    return etree.fromstring(f'<w:footnotes xmlns:w="{W}" xmlns:r="{R}">{xml}</w:footnotes>')[0]


def paragraphs(writer: DocWriter) -> list[tuple[str, str]]:
    """Return (style, text) of each top-level paragraph."""
    out = []
    for p in parse_body(writer).findall("w:p", NS):
        style = p.find("w:pPr/w:pStyle", NS)
        out.append((style.get(f"{{{W}}}val") if style is not None else "",
                    "".join(p.xpath(".//w:t/text()", namespaces=NS))))
    return out


def one(markdown: str, **kw) -> DocWriter:
    w = DocWriter()
    w.prose(markdown, **kw)
    return w


# -- text is text ----------------------------------------------------------------------------
def test_escape_handles_markup_characters_and_attribute_quotes():
    assert escape('a & b < c > d "e"') == 'a &amp; b &lt; c &gt; d "e"'
    assert escape('say "hi"', quote=True) == "say &quot;hi&quot;"


def test_escape_drops_every_character_xml_cannot_hold_and_keeps_the_rest():
    forbidden = [c for c in range(0x110000) if not (
        c in (0x9, 0xA, 0xD) or 0x20 <= c <= 0xD7FF or 0xE000 <= c <= 0xFFFD
        or 0x10000 <= c)]  # XML 1.0's Char production
    for c in forbidden:
        assert escape(f"a{chr(c)}b") == "ab", hex(c)
        assert escape(f"\ta{chr(c)}\u00a0", quote=True) == "\ta\u00a0", hex(c)
    for text in ("Child A\u2019s \u201cplan\u201d \u2013 2014", "tab\there", "\U0001F600 nbsp\u00a0"):
        assert escape(text) == text


def test_ampersands_angle_brackets_and_quotes_survive_as_text():
    text = 'Fish & chips <b>bold</b> "quoted" \'single\' 5 > 3'
    # quote marks come out curly: the house typographic policy (model/markdown.py)
    printed = 'Fish & chips <b>bold</b> \u201cquoted\u201d \u2018single\u2019 5 > 3'
    assert paragraphs(one(text)) == [("BodyNumbered", printed)]


def test_jinja_syntax_in_prose_is_literal_text():
    text = "Use {{ child }} and {% if draft %}x{% endif %} and {# note #}"
    w = one(text)
    assert paragraphs(w) == [("BodyNumbered", text)]
    assert "{{ child }}" in w.xml()




def test_emoji_and_right_to_left_text_pass_through_unchanged():
    text = "Child 👶🏽 said שלום and مرحبا"
    assert paragraphs(one(text)) == [("BodyNumbered", text)]


def test_control_characters_are_removed_everywhere():
    w = DocWriter()
    bad = "a\x00b\x01c\x08d\x0be\x0cf\x1fg\ufffeh\uffff"
    w.heading(bad, 1)
    w.paragraph(bad)
    w.prose(f"*{bad}*^[note {bad}] [{bad}](https://x.org/)")
    w.table([bad], [[bad]], caption=bad)
    texts = [t for _, t in paragraphs(w)]  # the strict parse succeeds
    assert texts[:2] == ["abcdefgh", "abcdefgh"]
    assert texts[2] == "abcdefgh abcdefgh"  # removed before Markdown (which makes NUL U+FFFD)
    assert "abcdefgh" in "".join(parse_footnote(w.footnotes[0]).itertext())
    assert not any(c in w.xml() + w.footnotes_xml() for c in bad if not c.isalpha())


def test_tabs_and_line_ends_in_plain_text_become_tabs_and_breaks():
    w = DocWriter()
    w.paragraph("a\tb\nc\r\nd")
    p = parse_body(w).find("w:p", NS)
    assert len(p.findall(".//w:tab", NS)) == 1 and len(p.findall(".//w:br", NS)) == 2
    assert "\t" not in w.xml() and "\n" not in w.xml()


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_text_gives_well_formed_xml(text):
    w = DocWriter()
    w.paragraph(text)
    w.prose(text)
    w.inline(text)
    w.table([text], [[text]], caption=text)
    parse_body(w)
    for note in w.footnotes:
        parse_footnote(note)


# -- inline Markdown ------------------------------------------------------------------------
def run_formats(writer: DocWriter) -> list[tuple[str, bool, bool]]:
    """Return (text, bold, italic) of each run of the first paragraph."""
    p = parse_body(writer).find("w:p", NS)
    return [("".join(r.xpath("w:t/text()", namespaces=NS)), r.find("w:rPr/w:b", NS) is not None,
             r.find("w:rPr/w:i", NS) is not None) for r in p.iter(f"{{{W}}}r")]


def test_emphasis_and_strong_become_italic_and_bold_runs():
    assert run_formats(one("a *b* **c** ***d***")) == [
        ("a ", False, False), ("b", False, True), (" ", False, False), ("c", True, False),
        (" ", False, False), ("d", True, True)]


def test_raw_html_is_not_interpreted_and_comments_are_removed():
    assert paragraphs(one("<b>x</b> <!-- c -->")) == [("BodyNumbered", "<b>x</b>")]


def test_code_span_is_plain_text():
    assert paragraphs(one("Run `rm *x*` then stop")) == [("BodyNumbered", "Run rm *x* then stop")]


def test_soft_break_is_a_space_and_hard_break_a_line_break():
    w = one("one\ntwo  \nthree")
    assert paragraphs(w) == [("BodyNumbered", "one twothree")]
    assert len(parse_body(w).findall(".//w:br", NS)) == 1
    assert w.plain_text() == "one two\nthree"


def test_links_become_hyperlinks_with_relationship_ids():
    w = one("See [the report](https://example.org/r?a=1&b=2) and "
            "[again](https://example.org/r?a=1&b=2)"
            " and <https://other.org>.")
    links = parse_body(w).findall(".//w:hyperlink", NS)
    assert [h.get(f"{{{R}}}id") for h in links] == ["rIdLink1", "rIdLink1", "rIdLink2"]
    assert w.links == [("rIdLink1", "https://example.org/r?a=1&b=2", "document"),
                       ("rIdLink2", "https://other.org", "document")]
    style = links[0].find("w:r/w:rPr/w:rStyle", NS)
    assert style.get(f"{{{W}}}val") == "Hyperlink"


def test_unsafe_link_schemes_stay_text():
    w = one("[x](javascript:alert(1))")
    assert w.links == [] and "hyperlink" not in w.xml()


# -- footnotes ----------------------------------------------------------------------------
def test_inline_footnotes_become_word_footnotes_numbered_through_document():
    w = DocWriter()
    w.prose("First^[Note one.] and second^[Note two.]")
    w.heading("Next", 1)
    w.prose("Third^[Note three.]")
    refs = parse_body(w).xpath(".//w:footnoteReference/@w:id", namespaces=NS)
    assert refs == ["1", "2", "3"]
    notes = [parse_footnote(x) for x in w.footnotes]
    assert [n.get(f"{{{W}}}id") for n in notes] == ["1", "2", "3"]
    assert "".join(notes[2].xpath(".//w:t/text()", namespaces=NS)) == " Note three."
    first = notes[0].find("w:p", NS)
    assert first.find("w:pPr/w:pStyle", NS).get(f"{{{W}}}val") == "FootnoteText"
    assert first.find("w:r/w:footnoteRef", NS) is not None
    ref_run = parse_body(w).find(".//w:footnoteReference/..", NS)
    assert ref_run.find("w:rPr/w:rStyle", NS).get(f"{{{W}}}val") == "FootnoteReference"


def test_footnote_body_keeps_emphasis_and_its_links_belong_to_the_footnotes_part():
    w = one("Text^[See *the* [plan](https://plan.org).] and [body](https://body.org)")
    word = w.word()
    note = parse_footnote(word.footnotes[0])
    assert note.find(".//w:r/w:rPr/w:i", NS) is not None
    rid = note.find(".//w:hyperlink", NS).get(f"{{{R}}}id")
    # ids are given in reading order: the footnote's link comes first
    assert sorted(word.links) == [("rIdLink1", "https://plan.org", "footnotes"),
                                  ("rIdLink2", "https://body.org", "document")]
    assert rid == "rIdLink1"
    assert w.plain_text(footnotes=True).endswith("[1] See the plan.")


def test_reference_style_footnotes_are_supported_too():
    w = one("Claim[^src] and more.\n\n[^src]: The source.")
    assert paragraphs(w) == [("BodyNumbered", "Claim and more.")]
    assert "The source." in w.footnotes[0]


def test_footnotes_in_table_cells_continue_the_numbering():
    w = DocWriter()
    w.prose("a^[one]")
    w.table(["h"], [["cell^[two]"]])
    w.prose("b^[three]")
    assert parse_body(w).xpath(".//w:footnoteReference/@w:id", namespaces=NS) == ["1", "2", "3"]
    assert len(w.footnotes) == 3


# -- blocks -------------------------------------------------------------------------------
def test_headings_use_heading_styles_and_reject_other_levels():
    w = DocWriter()
    for level in (1, 2, 3, 4):
        w.heading(f"H{level} & co", level)
    assert paragraphs(w) == [(f"Heading{n}", f"H{n} & co") for n in (1, 2, 3, 4)]
    with pytest.raises(ValueError):
        w.heading("x", 5)


def test_markdown_sub_headings_keep_their_order_from_heading3_closing_at_heading4():
    w = one("# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\nText")
    assert [s for s, _ in paragraphs(w)] == ["Heading3", "Heading4", "Heading4", "Heading4",
                                             "Heading4", "BodyNumbered"]


def test_sub_heading_never_skips_a_level_below_the_section_heading():
    w = DocWriter()
    w.heading("Lessons learnt", 2)
    w.prose("#### Small heading\n\nText\n\n#### Another")
    w.heading("Findings", 1)
    w.prose("### Under a level 1 heading")
    assert [s for s, _ in paragraphs(w) if s.startswith("Heading")] == [
        "Heading2", "Heading3", "Heading3", "Heading1", "Heading2"]


def test_paragraphs_take_the_given_style():
    assert paragraphs(one("a\n\nb", style="BodyNumbered2")) == [("BodyNumbered2", "a"),
                                                                ("BodyNumbered2", "b")]


def test_nested_bullets_use_list_bullet_styles_by_depth():
    w = one("- a\n  - b\n    - c\n      - d\n        - e\n          - f\n- g")
    assert paragraphs(w) == [("ListBullet", "a"), ("ListBullet2", "b"), ("ListBullet3", "c"),
                             ("ListBullet4", "d"), ("ListBullet5", "e"), ("ListBullet5", "f"),
                             ("ListBullet", "g")]
    assert "numPr" not in w.xml()  # bullets are numbered by their styles


def num_prs(writer):
    return [(p.xpath("string(w:pPr/w:numPr/w:ilvl/@w:val)", namespaces=NS),
             p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=NS))
            for p in parse_body(writer).findall("w:p", NS)]


def test_ordered_lists_each_get_a_fresh_list_instance_honouring_start():
    w = DocWriter()
    w.prose("1. a\n2. b\n\nText\n\n3. c\n4. d")
    w.prose("1. e")
    assert [s for s, _ in paragraphs(w)] == ["ListNumber", "ListNumber", "BodyNumbered",
                                             "ListNumber", "ListNumber", "ListNumber"]
    assert [n for n in num_prs(w) if n[1]] == [("0", "100"), ("0", "100"), ("0", "101"),
                                               ("0", "101"), ("0", "102")]
    assert w.list_nums == [ListNum(100, 1, 0), ListNum(101, 3, 0), ListNum(102, 1, 0)]
    assert ('<w:num w:numId="101"><w:abstractNumId w:val="3"/><w:lvlOverride w:ilvl="0">'
            '<w:startOverride w:val="3"/></w:lvlOverride></w:num>') in w.numbering_xml()


def test_nested_ordered_list_shares_the_instance_one_level_down():
    w = one("1. a\n   1. b\n   2. c\n2. d\n   - e")
    assert paragraphs(w) == [("ListNumber", "a"), ("ListNumber2", "b"), ("ListNumber2", "c"),
                             ("ListNumber", "d"), ("ListBullet2", "e")]
    assert num_prs(w)[:4] == [("0", "100"), ("1", "100"), ("1", "100"), ("0", "100")]
    assert len(w.list_nums) == 1


def test_later_paragraphs_of_a_list_item_are_unnumbered_and_aligned_with_its_text():
    w = one("1. first\n\n   more of first\n2. second\n\n- bullet\n\n  more of bullet")
    assert paragraphs(w) == [("ListNumber", "first"), ("ListNumber", "more of first"),
                             ("ListNumber", "second"), ("ListBullet", "bullet"),
                             ("ListNumber", "more of bullet")]  # ListNumber: no style number
    assert num_prs(w) == [("0", "100"), ("", ""), ("0", "100"), ("", ""), ("", "")]
    later = parse_body(w).findall("w:p", NS)[1]
    assert later.xpath("string(w:pPr/w:ind/@w:hanging)", namespaces=NS) == "0"


def test_blockquote_uses_quote_style():
    assert paragraphs(one("> She said *no*.\n\nAfter")) == [("Quote", "She said no."),
                                                            ("BodyNumbered", "After")]


def test_indented_text_is_a_paragraph_not_code():
    assert paragraphs(one("    line one\n    line two")) == [("BodyNumbered", "line one line two")]


def test_empty_prose_adds_nothing():
    w = DocWriter()
    w.prose("")
    w.prose(None)
    w.prose("  \n ")
    assert w.xml() == ""


def test_paragraph_and_runs_paragraph_write_plain_runs():
    w = DocWriter()
    w.paragraph("*not emphasis*", bold=True)
    w.runs_paragraph([("Title: ", {"bold": True}), ("body ", {}),
                      ("site", {"url": "https://s.org"})], style="BodyText")
    assert paragraphs(w) == [("BodyText", "*not emphasis*"), ("BodyText", "Title: body site")]
    assert w.links == [("rIdLink1", "https://s.org", "document")]


def test_inline_writes_one_paragraph_after_a_prefix_and_a_list_in_it_as_a_list():
    w = DocWriter()
    w.inline("Body *em*\n\nmore", prefix=("Title: ", {"bold": True}))
    w.inline("Body *em*\n\n- a list", prefix=("Title: ", {"bold": True}))
    assert paragraphs(w) == [("BodyText", "Title: Body em more"), ("BodyText", "Title: Body em"),
                             ("ListBullet", "a list")]
    assert run_formats(w)[0] == ("Title: ", True, False)


def test_a_bullet_holding_a_list_nests_it_and_a_recommendation_keeps_its_conditions():
    w = DocWriter()
    w.inline("Point so that:\n\n- one\n- two", "ListBullet")
    w.recommendation("The board should:\n\n- ask\n- check\n\n### Conditions")
    assert [s for s, _ in paragraphs(w)] == ["ListBullet", "ListBullet2", "ListBullet2",
                                             "Recommendation", "ListBullet", "ListBullet",
                                             "Heading3"]


def test_bullets_are_list_bullet_paragraphs():
    w = DocWriter()
    w.bullets(["*a*", "b"])
    w.bullets(["*c*"], markdown=False)
    assert paragraphs(w) == [("ListBullet", "a"), ("ListBullet", "b"), ("ListBullet", "*c*")]


def test_table_has_repeating_header_full_width_and_caption():
    w = DocWriter()
    w.table(["Date", "Event"], [["2013", "Seen *at home*"], ["2014"]], widths=[1, 3],
            caption="Chronology")
    tbl = parse_body(w).find("w:tbl", NS)
    assert tbl.xpath("string(w:tblPr/w:tblStyle/@w:val)", namespaces=NS) == "ReviewTable"
    assert tbl.xpath("string(w:tblPr/w:tblW/@w:type)", namespaces=NS) == "pct"
    assert tbl.xpath("string(w:tblPr/w:tblW/@w:w)", namespaces=NS) == "5000"
    assert tbl.xpath("string(w:tblPr/w:tblLook/@w:firstRow)", namespaces=NS) == "1"
    assert tbl.xpath("string(w:tblPr/w:tblCaption/@w:val)", namespaces=NS) == "Chronology"
    cols = [int(c) for c in tbl.xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS)]
    assert len(cols) == 2 and abs(cols[1] - 3 * cols[0]) < 4 and sum(cols) <= TEXT_WIDTH
    rows = tbl.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert rows[1].find("w:trPr/w:tblHeader", NS) is None
    assert rows[0].xpath("string(.//w:pStyle/@w:val)", namespaces=NS) == "TableHeading"
    assert {s for s in rows[1].xpath(".//w:pStyle/@w:val", namespaces=NS)} == {"TableText"}
    assert len(rows[2].findall("w:tc", NS)) == 2  # short rows are padded
    assert rows[1].find(".//w:rPr/w:i", NS) is not None


def test_recommendation_is_one_paragraph_with_later_paragraphs_after_an_empty_line():
    w = DocWriter()
    w.recommendation("The board **should** act.\n\nIt should report back^[By March.].")
    w.recommendation("Second.")
    assert paragraphs(w) == [("Recommendation", "The board should act.It should report back."),
                             ("Recommendation", "Second.")]
    first = parse_body(w).find("w:p", NS)
    assert len(first.findall(".//w:br", NS)) == 2 and first.find(".//w:b", NS) is not None
    assert len(w.footnotes) == 1
    assert w.plain_text() == "The board should act.\n\nIt should report back.\nSecond."


def test_plain_text_has_one_line_per_paragraph():
    w = DocWriter()
    w.heading("Intro", 1)
    w.prose("One *a*.\n\n- two")
    assert w.plain_text() == "Intro\nOne a.\ntwo"


def test_two_quotations_in_a_row_get_a_bar_each_one_quotations_paragraphs_share_one():
    from scr_docs.model.nodes import Document, Para, Source, Text
    from scr_docs.render.wordml import QUOTE_APART, WordBody

    def quote(text, field):
        return Para([Text(text)], "Quote", Source(field=field, line=1, file="review.yaml"))

    body = WordBody(Document([
        quote("First paragraph of the chair.", "press_release.quotes[0].body"),
        quote("Second paragraph of the chair.", "press_release.quotes[0].body"),
        quote("A sentence of the report.", "press_release.report_quotes[0]"),
    ])).xml()
    paragraphs = body.split("</w:p>")
    assert QUOTE_APART not in paragraphs[1]   # the same quotation: one bar
    assert QUOTE_APART in paragraphs[2]       # another quotation: a bar of its own
