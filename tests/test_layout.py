"""Layout as a reader sees it: the contents page filled before Word updates it (linked,
with page numbers after a PDF build), body pages numbered from 1, widow control and
headings kept with what follows, space after tables, tables within the text column,
recommendation lists under their text, and one typographic policy for quote marks."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from functools import lru_cache
from pathlib import Path

import pytest
from lxml import etree

from scr_docs.model.markdown import MD, typographic
from scr_docs.model.nodes import FieldText, Source
from scr_docs.pipeline import assemble, build
from scr_docs.render.toc import match_pages
from scr_docs.render.wordml import RECOMMENDATION_TEXT, DocWriter
from scr_docs.review.load import load
from scr_docs.review.validate import validate
from test_pdf import libreoffice, needs_libreoffice  # noqa: F401  (the fixture)

ROOT = Path(__file__).resolve().parents[1]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
NS = {"w": W_NS}
REVIEWS = [ROOT / "examples" / "child-a" / "review.yaml",
           ROOT / "examples" / "child-b" / "review.yaml",
           ROOT / "tests" / "fixtures" / "real" / "oxfordshire-child-h" / "review.yaml",
           ROOT / "tests" / "fixtures" / "real" / "leicestershire-child-h" / "review.yaml"]
CONTENTS_KINDS = ("overview-report", "executive-summary")


@lru_cache(maxsize=None)
def built(review: Path) -> dict[str, bytes]:
    """{file name: .docx bytes} of every Word document built from ``review`` in memory."""
    files = assemble(validate(load(review))).files
    return {name: data for name, data in files.items() if name.endswith(".docx")}


def part(docx: bytes, name: str):
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return etree.fromstring(z.read(name)) if name in z.namelist() else None


def text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t") if t.getparent().tag == f"{W}r")


def contents_entries(document):
    """Return [(style, anchor, text, page or None)] of the TOC field's result paragraphs."""
    out = []
    for p in document.iter(f"{W}p"):
        style = p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)
        if not re.fullmatch(r"TOC\d", style):
            continue
        for link in p.findall(f"{W}hyperlink"):
            runs = link.findall(f"{W}r")
            label = runs[0].findtext(f"{W}t") if runs else ""
            instr = "".join(link.xpath(".//w:instrText/text()", namespaces=NS))
            page = None
            if "PAGEREF" in instr:
                texts = [t.text for t in link.iter(f"{W}t")]
                page = texts[-1]
            out.append((style, link.get(f"{W}anchor"), label, page))
    return out


def headings(document, levels=("Heading1", "Heading2")):
    """Return [(style, text, bookmark names)] of the body's headings of ``levels``."""
    return [(p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS), text(p),
             p.xpath("w:bookmarkStart/@w:name", namespaces=NS))
            for p in document.iter(f"{W}p")
            if p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) in levels]


# -- the contents page ------------------------------------------------------------------------
@pytest.mark.parametrize("review", REVIEWS, ids=lambda p: p.parent.name)
def test_the_contents_page_lists_every_heading_linked_to_it_before_word_updates(review):
    for name, docx in built(review).items():
        if not name.endswith(tuple(f"{k}.docx" for k in CONTENTS_KINDS)):
            continue
        document = part(docx, "word/document.xml")
        entries = contents_entries(document)
        heads = headings(document)
        assert len(entries) == len(heads) > 3, name
        names = document.xpath("//w:bookmarkStart/@w:name", namespaces=NS)
        assert len(names) == len(set(names)) and all(len(n) <= 40 for n in names), name
        for (style, anchor, label, page), (hstyle, htext, marks) in zip(entries, heads):
            assert style == f"TOC{hstyle[-1]}", (name, label)
            assert anchor in marks, (name, label)  # the link lands on its heading
            assert label.endswith(htext), (name, label, htext)
            assert page is None  # no page numbers without a PDF build
        # the field is still Word's TOC field around the entries
        chars = [(el.get(f"{W}fldCharType"), el) for el in document.iter(f"{W}fldChar")]
        begin = next(i for i, (kind, el) in enumerate(chars) if kind == "begin" and "TOC" in
                     "".join(el.getparent().getparent().xpath(".//w:instrText/text()",
                                                              namespaces=NS)))
        assert [kind for kind, _ in chars[begin:begin + 3]] == ["begin", "separate", "end"]
        assert "Right-click" not in "".join(document.itertext())


def test_heading_numbers_in_the_contents_are_those_word_prints():
    docx = built(REVIEWS[2])["child-h-overview-report.docx"]
    labels = [label for _, _, label, _ in contents_entries(part(docx, "word/document.xml"))]
    # The fixture's own titles (wording.titles.overview), as its board publishes them
    assert labels[:3] == ["1 Introduction", "1.1 Background & decision to initiate a serious "
                          "case review", "1.2 Purpose & conduct of the serious case review"]
    assert any(re.fullmatch(r"5\.2 How well were parental vulnerabilities .*", lab)
               for lab in labels)


def test_pages_are_matched_to_entries_by_their_heading_text():
    class E:
        def __init__(self, number, text):
            self.number, self.text = number, text

        def label(self):
            return f"{self.number} {self.text}"

    entries = [E("1", "Introduction"), E("1.1", "Background"), E("2", "Missing"),
               E("3", "Analysis")]
    laid_out = ["1 Introduction\t1", "1.1 Background\t1", "3 Analysis\t12"]
    assert match_pages(entries, laid_out) == ["1", "1", "", "12"]


@libreoffice
def test_a_pdf_build_puts_page_numbers_in_the_contents_and_numbers_the_body_from_one(
        tmp_path):
    build(REVIEWS[0], tmp_path, only=["overview-report"], pdf=True)
    docx = (tmp_path / "child-a-overview-report.docx").read_bytes()
    document = part(docx, "word/document.xml")
    entries = contents_entries(document)
    assert entries and all(page and page.isdigit() for *_, page in entries)
    assert entries[0][2] == "1 Introduction" and entries[0][3] == "1"
    pages = [int(page) for *_, page in entries]
    assert pages == sorted(pages)
    # the contents are complete: Word need not ask to update fields on opening
    assert not part(docx, "word/settings.xml").xpath("w:updateFields", namespaces=NS)
    pdf = tmp_path / "child-a-overview-report.pdf"
    pdf_pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                               capture_output=True, text=True).stdout.split("\f")
    first_body = next(i for i, page in enumerate(pdf_pages)
                      if re.search(r"^\s*1\s+Introduction\s*$", page, re.M))
    assert first_body >= 2  # after the title and contents pages
    assert re.search(r"\bPage 1\b", pdf_pages[first_body])
    assert not any(re.search(r"\bPage \d", page) for page in pdf_pages[:first_body])
    # each entry's page is the page its heading prints on
    for _, _, label, page in entries[:6]:
        number, heading = label.split(" ", 1)
        printed = next(i for i, p in enumerate(pdf_pages[first_body:])
                       if re.search(rf"^\s*{re.escape(number)}\s+{re.escape(heading[:30])}",
                                    p, re.M))
        assert printed + 1 == int(page), label


# -- styles and tables -----------------------------------------------------------------------
@pytest.mark.parametrize("review", REVIEWS[:1], ids=lambda p: p.parent.name)
def test_styles_keep_widows_and_headings_with_what_follows(review):
    for name, docx in built(review).items():
        styles = part(docx, "word/styles.xml")
        assert styles.xpath("w:docDefaults/w:pPrDefault/w:pPr/w:widowControl", namespaces=NS)
        for level in (1, 2, 3, 4):
            assert styles.xpath(f"w:style[@w:styleId='Heading{level}']/w:pPr/w:keepNext",
                                namespaces=NS), (name, level)


@pytest.mark.parametrize("review", REVIEWS, ids=lambda p: p.parent.name)
def test_tables_fit_the_text_column_with_space_after_and_their_lead_in_kept_with_them(review):
    tables = 0
    for name, docx in built(review).items():
        document = part(docx, "word/document.xml")
        sect = document.xpath("//w:body/w:sectPr", namespaces=NS)[0]
        width = (int(sect.xpath("string(w:pgSz/@w:w)", namespaces=NS))
                 - int(sect.xpath("string(w:pgMar/@w:left)", namespaces=NS))
                 - int(sect.xpath("string(w:pgMar/@w:right)", namespaces=NS)))
        for tbl in document.iter(f"{W}tbl"):
            tables += 1
            grid = sum(int(w) for w in tbl.xpath("w:tblGrid/w:gridCol/@w:w", namespaces=NS))
            assert grid <= width, name
            after = tbl.getnext()
            if after is not None and after.tag == f"{W}p" and text(after).strip():
                style = after.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)
                before = after.xpath("string(w:pPr/w:spacing/@w:before)", namespaces=NS)
                assert style.startswith("Heading") or int(before or 0) >= 120, (name, text(after))
            previous = tbl.getprevious()
            if previous is not None and previous.tag == f"{W}p" and text(previous).strip():
                assert previous.xpath("w:pPr/w:keepNext", namespaces=NS) or \
                    previous.xpath("string(w:pPr/w:pStyle/@w:val)",
                                   namespaces=NS).startswith("Heading"), (name, text(previous))
    assert tables


def test_a_paragraph_after_a_table_gets_space_above_it():
    w = DocWriter()
    w.paragraph("The panel:")
    w.table(["Role", "Agency"], [["Chair", "Board"]])
    w.paragraph("After the table.")
    body = etree.fromstring(f'<w:body xmlns:w="{W_NS}">{w.xml()}</w:body>')
    lead, table, after = list(body)
    assert table.tag == f"{W}tbl"
    assert lead.xpath("w:pPr/w:keepNext", namespaces=NS)
    assert int(after.xpath("string(w:pPr/w:spacing/@w:before)", namespaces=NS)) > 0


def test_two_tables_in_a_row_are_kept_apart():
    w = DocWriter()
    w.table(["A"], [["1"]])
    w.table(["B"], [["2"]])
    tags = [etree.QName(el).localname for el in
            etree.fromstring(f'<w:body xmlns:w="{W_NS}">{w.xml()}</w:body>')]
    assert tags == ["tbl", "p", "tbl"]  # Word would join tables that touch


def test_a_recommendations_list_and_later_paragraphs_sit_under_its_text():
    source = Source("recommendations[0].text", 12, "review.yaml")
    w = DocWriter()
    w.recommendation(FieldText("The board should ensure that:\n\n- agencies share records\n"
                               "- managers audit them\n\nProgress is reported.", source))
    w.paragraph("A generated paragraph after it.")
    body = etree.fromstring(f'<w:body xmlns:w="{W_NS}">{w.xml()}</w:body>')
    paras = list(body)
    lefts = [p.xpath("string(w:pPr/w:ind/@w:left)", namespaces=NS) for p in paras]
    styles = [p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) for p in paras]
    assert styles[:3] == ["Recommendation", "ListBullet", "ListBullet"]
    assert lefts[0] == ""  # the recommendation itself: its style's indent
    assert int(lefts[1]) > RECOMMENDATION_TEXT and int(lefts[2]) > RECOMMENDATION_TEXT
    # the list's last item keeps a paragraph's distance from what follows
    assert int(paras[2].xpath("string(w:pPr/w:spacing/@w:after)", namespaces=NS)) >= 160
    assert int(lefts[3]) == RECOMMENDATION_TEXT  # "Progress is reported." under its text
    assert lefts[4] == ""  # the assembler's own paragraph is not part of it


# -- quote marks -----------------------------------------------------------------------------
@pytest.mark.parametrize("review", REVIEWS, ids=lambda p: p.parent.name)
def test_built_documents_have_curly_quotes_and_apostrophes_only(review):
    for name, docx in built(review).items():
        with zipfile.ZipFile(io.BytesIO(docx)) as z:
            parts = [n for n in z.namelist() if re.fullmatch(r"word/(document|footnotes|"
                                                             r"header\d*|footer\d*)\.xml", n)]
        for part_name in parts:
            for p in part(docx, part_name).iter(f"{W}p"):
                assert not re.search("[\"']", text(p)), (name, part_name, text(p)[:100])


def test_typographic_quotes_open_and_close_by_position():
    assert typographic('Mother said "no" and it\'s \'fine\'') == \
        "Mother said \u201cno\u201d and it\u2019s \u2018fine\u2019"
    assert typographic("its 'Crime database") == "its \u2018Crime database"  # never closed
    assert typographic("(\"quoted\")") == "(\u201cquoted\u201d)"


def test_markdown_curls_quotes_but_leaves_code_and_addresses():
    html = MD.renderInline("Child H's \"plan\" `a'b` [x](https://example.org/it's)")
    assert "Child H\u2019s \u201cplan\u201d" in html
    assert "<code>a'b</code>" in html and "https://example.org/it's" in html
    assert MD.renderInline("section 47(c)") == "section 47(c)"  # no © replacement


def test_filling_the_contents_again_replaces_the_entries_and_keeps_the_bookmarks():
    from scr_docs.render.toc import fill_contents

    docx = built(REVIEWS[0])["child-a-overview-report.docx"]
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        styles, numbering = z.read("word/styles.xml"), z.read("word/numbering.xml")
    document = part(docx, "word/document.xml")  # entries written once by the build
    first = contents_entries(document)
    marks = document.xpath("//w:bookmarkStart/@w:name", namespaces=NS)
    entries = fill_contents(document, styles, numbering, pages=[str(n) for n in
                                                                 range(1, len(first) + 1)])
    again = contents_entries(document)
    assert [(s, a, lab) for s, a, lab, _ in again] == [(s, a, lab) for s, a, lab, _ in first]
    assert [page for *_, page in again] == [str(n) for n in range(1, len(first) + 1)]
    assert document.xpath("//w:bookmarkStart/@w:name", namespaces=NS) == marks
    assert len(entries) == len(first)
    # the paragraph after the field (the section break) is still there, after the field's end
    ends = document.xpath("//w:fldChar[@w:fldCharType='end']", namespaces=NS)
    toc_end = next(e for e in ends if e.getparent().getparent().xpath(
        "string(w:pPr/w:pStyle/@w:val)", namespaces=NS).startswith("TOC"))
    assert toc_end.getparent().getparent().getnext().xpath("w:pPr/w:sectPr", namespaces=NS)
