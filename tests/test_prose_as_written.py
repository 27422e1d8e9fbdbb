"""Prose as authors write it reaches the built .docx: each case of issue 9 read from the XML
of a real build of examples/child-b whose analysis holds every construct."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from PIL import Image

from docxread import NS, W, Docx
from scr_docs.errors import ValidationError
from scr_docs.pipeline import build

EXAMPLE = Path(__file__).parent.parent / "examples" / "child-b" / "review.yaml"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
XNS = {**NS, "wp": WP}

PROSE = """\
<!-- check dates with the business manager -->
The panel met the family twice.

    Pasted with an indent, *not* code^[An indented note.].

The school noticed four things:

- hunger
  - at lunch
    - on Mondays
      - before the holiday
        - in the first week

#### First sub-heading

Text under the first.

#### Second sub-heading

| Date | Agency | Contact |
|------|--------|---------|
| 3 May | School | *Phone* call^[A cell note.] |

![The family's genogram](genogram.png "Figure 1: the family")

\\newpage

Working\x0btogether with Wexmoor.
\u00a0\u00a0
A second paragraph after a line of non-breaking spaces.
"""


def make_review(folder: Path, prose: str, picture: bool = True) -> Path:
    shutil.copytree(EXAMPLE.parent, folder, dirs_exist_ok=True)
    review = folder / EXAMPLE.name
    data = yaml.safe_load(review.read_text(encoding="utf-8"))
    data["analysis"]["items"][1]["body"] = prose
    review.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    if picture:
        image = Image.new("RGB", (400, 200), "white")
        from PIL import ImageDraw

        pen = ImageDraw.Draw(image)  # a small genogram: two parents, a line down to a child
        pen.rectangle((60, 30, 120, 90), outline="black", width=3)
        pen.ellipse((280, 30, 340, 90), outline="black", width=3)
        pen.line((120, 60, 280, 60), fill="black", width=3)
        pen.line((200, 60, 200, 130), fill="black", width=3)
        pen.ellipse((170, 130, 230, 190), outline="black", fill="grey", width=3)
        image.info["comment"] = b"Taken at 14 Acacia Road"
        image.save(folder / "genogram.png", pnginfo=_text_chunk("Author", "J. Smith"))
    return review


def _text_chunk(key: str, value: str):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text(key, value)
    return info


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("prose")
    result = build(make_review(folder, PROSE), folder / "out", only=["overview-report"])
    docx = next(p for p in result.written if p.suffix == ".docx")
    return Docx(docx), result


def paragraphs(doc: Docx) -> list[tuple[str, str]]:
    return [(style, text) for style, text, _ in doc.paragraphs()]


def test_drafting_comment_never_reaches_the_document_and_is_counted(built):
    doc, result = built
    assert not any(b"business manager" in data for data in doc.parts.values())
    warned = [p for p in result.problems if "drafting comment" in p.message]
    assert len(warned) == 1 and warned[0].path == "analysis.items[1].body"
    assert warned[0].line and warned[0].severity == "note"


def test_indented_paragraph_is_a_paragraph_with_its_emphasis_and_footnote(built):
    doc, _ = built
    p = next(el for _, text, el in doc.paragraphs() if text.startswith("Pasted with an indent"))
    assert p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS) == "BodyNumbered"
    assert p.xpath("string(.//w:r[w:rPr/w:i]/w:t)", namespaces=NS) == "not"
    ids = p.xpath(".//w:footnoteReference/@w:id", namespaces=NS)
    notes = {n.get(f"{{{W}}}id"): "".join(n.itertext())
             for n in doc.xml("word/footnotes.xml").iter(f"{{{W}}}footnote")}
    assert len(ids) == 1 and "An indented note." in notes[ids[0]]


def test_five_nested_bullet_levels_each_have_their_own_style_and_numbering_level(built):
    doc, _ = built
    found = paragraphs(doc)
    start = found.index(("BodyNumbered", "The school noticed four things:")) + 1
    styles = [s for s, _ in found[start:start + 5]]
    assert styles == ["ListBullet", "ListBullet2", "ListBullet3", "ListBullet4", "ListBullet5"]
    levels = {s.get(f"{{{W}}}styleId"): s.xpath("string(w:pPr/w:numPr/w:ilvl/@w:val)",
                                                  namespaces=NS)
              for s in doc.xml("word/styles.xml").iter(f"{{{W}}}style")}
    assert [levels[s] for s in styles] == ["0", "1", "2", "3", "4"]
    bullets = doc.xml("word/numbering.xml").xpath(
        "//w:abstractNum[@w:abstractNumId='2']/w:lvl", namespaces=NS)
    assert len(bullets) >= 5


def test_same_markdown_level_sub_headings_get_the_same_word_level(built):
    doc, _ = built
    found = {t: s for s, t in paragraphs(doc) if t in ("First sub-heading",
                                                        "Second sub-heading")}
    assert found["First sub-heading"] == found["Second sub-heading"]
    assert found["First sub-heading"].startswith("Heading")


def test_pipe_table_is_a_word_table_with_a_repeating_header_and_a_footnote_in_a_cell(built):
    doc, _ = built
    table = next(t for t in doc.xml().iter(f"{{{W}}}tbl")
                 if "3 May" in "".join(t.itertext()))
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert table.xpath("string(w:tblPr/w:tblStyle/@w:val)", namespaces=NS) == "ReviewTable"
    assert ["".join(c.itertext()) for c in rows[1].findall("w:tc", NS)][:2] == ["3 May",
                                                                                "School"]
    assert rows[1].xpath(".//w:r[w:rPr/w:i]/w:t/text()", namespaces=NS) == ["Phone"]
    assert len(rows[1].xpath(".//w:footnoteReference", namespaces=NS)) == 1


def test_picture_is_embedded_with_its_description_caption_and_no_metadata(built):
    doc, _ = built
    drawings = doc.xml().xpath("//w:drawing/wp:inline", namespaces=XNS)
    assert [d.find("wp:docPr", XNS).get("descr") for d in drawings] == ["The family's genogram"]
    cx = int(drawings[0].find("wp:extent", XNS).get("cx"))
    assert cx <= 9026 * 635
    assert ("Caption", "Figure 1: the family") in paragraphs(doc)
    media = [n for n in doc.parts if n.startswith("word/media/figure")]
    assert len(media) == 1
    assert b"J. Smith" not in doc.parts[media[0]] and b"Acacia" not in doc.parts[media[0]]
    assert Image.open(__import__("io").BytesIO(doc.parts[media[0]])).size == (400, 200)


def test_newpage_marker_is_a_page_break(built):
    doc, _ = built
    assert doc.xml().xpath("count(//w:br[@w:type='page'])", namespaces=NS) >= 1
    assert "\\newpage" not in doc.text()


def test_word_line_break_character_becomes_a_line_break(built):
    doc, _ = built
    p = next(el for _, text, el in doc.paragraphs() if text.startswith("Working"))
    assert len(p.findall(".//w:br", NS)) == 1
    assert "Workingtogether" not in doc.text()


def test_line_of_non_breaking_spaces_separates_paragraphs(built):
    doc, _ = built
    texts = [t for _, t in paragraphs(doc)]
    assert "A second paragraph after a line of non-breaking spaces." in texts


def test_byte_order_mark_at_the_start_of_prose_is_dropped(tmp_path):
    review = make_review(tmp_path, "\ufeff### A heading\n\nText.\n", picture=False)
    result = build(review, tmp_path / "out", only=["overview-report"])
    doc = Docx(next(p for p in result.written if p.suffix == ".docx"))
    assert any(s.startswith("Heading") and t == "A heading" for s, t in paragraphs(doc))


def test_unused_footnote_and_link_definitions_are_warned_with_their_line(tmp_path):
    prose = "Text.\n\n[^minutes]: The minutes.\n\n[guidance]: https://example.org/g\n"
    result = build(make_review(tmp_path, prose, picture=False), tmp_path / "out",
                   only=["overview-report"])
    found = [p for p in result.problems if "nothing refers to it" in p.message]
    assert sorted(p.message.split()[1] for p in found) == ["[^minutes]", "[guidance]"]
    assert all(p.path == "analysis.items[1].body" and p.line for p in found)
    assert found[0].line < found[1].line


@pytest.mark.parametrize("prose,reason", [
    ("![](genogram.png)\n", "has no description"),
    ("![A chart](missing.png)\n", "does not exist"),
    ("![A chart](../outside.png)\n", "outside"),
    ("![A chart](notes.png)\n", "not a PNG, JPEG or GIF"),
])
def test_picture_without_description_or_readable_file_is_an_error_naming_the_field(
        tmp_path, prose, reason):
    review = make_review(tmp_path / "r", prose)
    (tmp_path / "r" / "notes.png").write_text("not a picture")
    (tmp_path / "outside.png").write_bytes((tmp_path / "r" / "genogram.png").read_bytes())
    with pytest.raises(ValidationError) as info:
        build(review, tmp_path / "out", only=["overview-report"])
    problems = [p for p in info.value.problems if reason in p.message]
    assert problems and problems[0].path == "analysis.items[1].body"
    assert not (tmp_path / "out").exists()


def test_lists_in_a_recommendation_and_a_learning_point_print_as_lists(tmp_path):
    review = make_review(tmp_path, "Text.\n", picture=False)
    data = yaml.safe_load(review.read_text(encoding="utf-8"))
    data["recommendations"]["items"][0]["text"] = (
        "The partnership should make sure that:\n\n- every notice is checked\n"
        "- the family is visited within ten days\n")
    data["learning_summary"]["points_for_managers"][1]["body"] = (
        "Ask staff in adult services so that it would appear:\n\n- who depends on each patient\n"
        "- what the children need\n")
    review.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    result = build(review, tmp_path / "out", only=["overview-report", "learning-summary"])
    docs = {p.name: Docx(p) for p in result.written if p.suffix == ".docx"}
    overview = paragraphs(next(d for n, d in docs.items() if "overview" in n))
    at = overview.index(("Recommendation", "The partnership should make sure that:"))
    assert overview[at + 1:at + 3] == [("ListBullet", "every notice is checked"),
                                       ("ListBullet", "the family is visited within ten days")]
    learning = paragraphs(next(d for n, d in docs.items() if "learning" in n))
    at = [t for _, t in learning].index("Ask staff in adult services so that it would appear:")
    assert learning[at][0] == "ListBullet"
    assert learning[at + 1:at + 3] == [("ListBullet2", "who depends on each patient"),
                                       ("ListBullet2", "what the children need")]
    assert not any(t.startswith("- ") or " - " in t for _, t in overview + learning)


def test_shortened_forms_are_cut_outside_notes_and_never_take_a_heading(tmp_path):
    from scr_docs.assemble.facts import first_paragraph
    from scr_docs.assemble.press import first_sentence

    prose = ("### Background\n\nSuch neglect is rarely seen^[See the 2013 review. It says "
             "so.] in a school. The rest follows.\n")
    assert first_paragraph(prose).startswith("Such neglect")
    assert first_sentence(prose) == ("Such neglect is rarely seen^[See the 2013 review. It "
                                     "says so.] in a school.")
    review = make_review(tmp_path, "Text.\n", picture=False)
    data = yaml.safe_load(review.read_text(encoding="utf-8"))
    data["findings"]["themes"][0]["body"] = prose
    review.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    result = build(review, tmp_path / "out", only=["press-release"])
    doc = Docx(next(p for p in result.written if p.suffix == ".docx"))
    assert "^[" not in doc.text() and "###" not in doc.text()
    assert "in a school." in doc.text()


def test_folded_scalar_holding_a_list_is_warned_with_its_line_suggesting_the_bar(tmp_path):
    from scr_docs.pipeline import validate_review

    shutil.copytree(EXAMPLE.parent, tmp_path, dirs_exist_ok=True)
    review = tmp_path / EXAMPLE.name
    text = review.read_text(encoding="utf-8")
    assert "  conduct: |\n" in text
    text = text.replace("  conduct: |\n", "  conduct: >\n    The panel met in steps:\n\n"
                        "    - first\n    - second\n\n", 1)
    review.write_text(text, encoding="utf-8")
    line = text.split("\n").index("    - first") + 1
    found = [p for p in validate_review(review).problems.items if "'>'" in p.message]
    assert [(p.path, p.line, p.severity) for p in found] == [("review.conduct", line, "warning")]
    assert "'|'" in found[0].message
