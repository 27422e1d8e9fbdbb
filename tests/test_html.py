"""The HTML edition (render/html.py): same words and numbers as the Word documents, prose
escaped, anonymity checked, written and packed by `build --html`."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import lxml.html
import pytest

from docxread import Docx
from scr_docs.errors import CheckError
from scr_docs.pipeline import assemble, build, validate_review
from scr_docs.text import normalise

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "child-a" / "review.yaml"
REAL = ROOT / "tests" / "fixtures" / "real"
REVIEWS = [EXAMPLE] + sorted(REAL.glob("*/review.yaml"))


@pytest.fixture(scope="module")
def built_pages(tmp_path_factory):
    """{review name: {file name: bytes}} of every example and real review, .docx and .html."""
    out = {}
    for path in REVIEWS:
        built = assemble(validate_review(path), html=True)
        out[path.parent.name] = built.files
    return out


def page_text(data: bytes) -> str:
    """The page's words as a reader sees them, without what Word does not hold as text
    (skip link, contents, numbers, footnote markers and back links, the marking)."""
    root = lxml.html.fromstring(data)
    # a table's caption is its name, which Word keeps as the table's title, not as text
    for chrome in root.xpath("//*[@data-chrome]|//caption"):
        chrome.drop_tree()
    for el in root.xpath("//br|//p|//li|//td|//th|//h1|//h2|//h3|//h4|//h5|//h6|//span["
                         "@class='title-line']"):  # a new line in Word
        el.tail = " " + (el.tail or "")
    return normalise("".join(root.find("body").itertext()))


def word_text(data: bytes, tmp_path: Path) -> str:
    """The Word document's words: its body (not the contents field) then its footnotes."""
    path = tmp_path / "doc.docx"
    path.write_bytes(data)
    doc = Docx(path)
    body = [t for s, t, _ in doc.paragraphs()
            if s != "TOCHeading" and not (s.startswith("TOC") and s[3:].isdigit())]
    notes = [t for _, t, _ in doc.paragraphs("word/footnotes.xml")] \
        if "word/footnotes.xml" in doc.parts else []
    return normalise(" ".join(body + notes))


def word_numbers(data: bytes, tmp_path: Path) -> list[str]:
    """Number the paragraphs as Word does from the file's own numbering definition: the
    styles tied to levels 1-3 of the heading list (abstractNum 1) count up and restart the
    levels below."""
    path = tmp_path / "numbers.docx"
    path.write_bytes(data)
    doc = Docx(path)
    levels = doc.xml("word/numbering.xml").xpath(
        "//w:abstractNum[@w:abstractNumId='1']/w:lvl/w:pStyle/@w:val",
        namespaces={"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"})
    counters = [0] * len(levels)
    out = []
    for style, _, _ in doc.paragraphs():
        if style in levels:
            level = levels.index(style)
            counters[level] += 1
            counters[level + 1:] = [0] * (len(counters) - level - 1)
            out.append(".".join(map(str, counters[:level + 1])))
    return out


def html_numbers(data: bytes) -> list[str]:
    root = lxml.html.fromstring(data)
    return [el.text_content() for el in root.xpath(
        "//main//*[self::p or starts-with(name(), 'h')][not(contains(@class, 'Recommendation'))]"
        "/span[@class='num']")]


def pairs(files: dict[str, bytes]):
    for name, data in files.items():
        if name.endswith(".html"):
            yield name, data, files[name[:-5] + ".docx"]


def test_every_page_says_the_words_of_its_word_document(built_pages, tmp_path):
    checked = 0
    for review, files in built_pages.items():
        for name, page, docx in pairs(files):
            assert page_text(page) == word_text(docx, tmp_path), f"{review}: {name}"
            checked += 1
    assert checked == 3 * 5  # the example and the two real reviews, five kinds each


def test_numbered_paragraphs_carry_the_numbers_word_prints(built_pages, tmp_path):
    for review, files in built_pages.items():
        for name, page, docx in pairs(files):
            assert html_numbers(page) == word_numbers(docx, tmp_path), f"{review}: {name}"
    overview = built_pages["oxfordshire-child-h"]["child-h-overview-report.html"]
    root = lxml.html.fromstring(overview)
    para = root.get_element_by_id("para-4-3-10")
    assert para.find("span").text == "4.3.10"
    assert len(html_numbers(overview)) > 329  # the 329 published numbers of sections 3-5 …


def test_a_page_is_one_self_contained_document_with_one_h1(built_pages):
    for review, files in built_pages.items():
        for name, page, _ in pairs(files):
            root = lxml.html.fromstring(page)
            assert root.get("lang") == "en-GB"
            assert root.findtext("head/title").strip()
            assert len(root.xpath("//h1")) == 1, name
            levels = [int(h.tag[1]) for h in root.xpath("//h1|//h2|//h3|//h4|//h5|//h6")]
            assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), (name, levels)
            assert not root.xpath("//script|//link|//iframe|//object"), name
            fetched = [v for v in root.xpath("//@src|//@href")
                       if not v.startswith(("#", "data:image/", "http", "mailto:"))]
            assert fetched == [], name
            assert root.xpath("//a[@class='skip'][@href='#main']") and \
                root.xpath("//main[@id='main']")
            assert "@media print" in root.findtext("head/style")


def test_footnotes_link_to_their_notes_and_back(built_pages):
    page = built_pages["child-a"]["child-a-overview-report.html"]
    root = lxml.html.fromstring(page)
    refs = root.xpath("//sup[@class='fnref']/a")
    assert len(refs) >= 10
    for n, ref in enumerate(refs, start=1):
        assert ref.get("href") == f"#fn-{n}" and ref.get("id") == f"fnref-{n}"
        note = root.get_element_by_id(f"fn-{n}")
        assert note.xpath(".//a[@class='backref']/@href") == [f"#fnref-{n}"]


def test_contents_nav_lists_the_numbered_sections(built_pages):
    root = lxml.html.fromstring(built_pages["child-a"]["child-a-overview-report.html"])
    links = root.xpath("//nav//a")
    assert links[0].text_content().startswith("1 ") and links[0].get("href") == "#section-1"
    assert all(root.get_element_by_id(a.get("href")[1:]) is not None for a in links)
    assert not lxml.html.fromstring(
        built_pages["child-a"]["child-a-press-release.html"]).xpath("//nav")


def test_draft_and_marking_are_visible(scaffold_data, write_review):
    scaffold_data["review"]["status"] = "draft"
    scaffold_data["review"]["marking"] = "OFFICIAL-SENSITIVE"
    built = assemble(validate_review(write_review(scaffold_data)), html=True)
    for name, data in built.files.items():
        if name.endswith(".html"):
            root = lxml.html.fromstring(data)
            assert root.xpath("//p[@class='draft']/text()") == ["DRAFT"], name
            assert root.xpath("//p[@class='marking']/text()")[0] == "OFFICIAL-SENSITIVE"


def test_prose_is_escaped_and_unsafe_links_are_text(scaffold_data, write_review):
    scaffold_data["review"]["incident"]["summary"] = (
        'A <script>alert(1)</script> & "quoted" <b>bold</b>. '
        "[a bad link](javascript:alert(1)) and [a good one](https://example.org/a?b=1&c=2).")
    built = assemble(validate_review(write_review(scaffold_data)), html=True)
    page = next(d for n, d in built.files.items() if n.endswith("overview-report.html"))
    root = lxml.html.fromstring(page)
    assert not root.xpath("//script|//b")
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in page
    hrefs = root.xpath("//main//a/@href")
    assert "https://example.org/a?b=1&c=2" in hrefs
    assert not [h for h in hrefs if "javascript" in h.lower()]


def test_a_sensitive_term_in_an_html_page_stops_the_build(tmp_path):
    from scr_docs.check.anonymity import Matcher
    from scr_docs.check.html_text import check_html_anonymity

    page = ('<html><body><p id="para-1-1-1">Seen by Jane <em>Realname</em>.</p>'
            '<a href="https://example.org/jane%20realname">a site</a></body></html>')
    found = check_html_anonymity("child-x-overview-report.html", page, Matcher(["Jane Realname"]))
    assert [p.path for p in found] == ["<p> text near para-1-1-1",
                                      "attribute href of <a> near para-1-1-1"]
    assert all(p.file == "child-x-overview-report.html" and p.is_error for p in found)
    # and in a build: the pages are checked beside the .docx files, naming the page
    sensitive = ["Wexmoor"]  # the example's board, printed in every document
    with pytest.raises(CheckError) as caught:
        build(EXAMPLE, tmp_path / "out", html=True, sensitive=sensitive)
    assert any(p.file.endswith(".html") for p in caught.value.problems)
    assert not (tmp_path / "out").exists()


def test_build_html_writes_the_pages_and_the_pack_holds_them(tmp_path):
    built = build(EXAMPLE, tmp_path, html=True, pack=True)
    pages = sorted(p.name for p in built.written if p.suffix == ".html")
    assert pages == sorted(f"child-a-{k}.html" for k in (
        "overview-report", "executive-summary", "press-release", "learning-summary",
        "action-plan"))
    pack = next(p for p in built.written if p.name.endswith("-publication-pack.zip"))
    with zipfile.ZipFile(io.BytesIO(pack.read_bytes())) as archive:
        assert set(pages) <= set(archive.namelist())
        audit = archive.read("child-a-anonymity-audit.md").decode("utf-8")
    for page in pages:  # the audit records that each page was searched
        assert page in audit
