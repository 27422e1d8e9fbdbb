"""The four documents built from the example: well-formed, complete, numbered, consistent."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from docxread import NS, W, Docx

from scr_docs import load_review
from scr_docs.assemble.facts import Facts, count_words
from scr_docs.cli import cli
from scr_docs.review.rules import strings
from scr_docs.text import footnotes, normalise, plain

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "child-a" / "review.yaml"
KINDS = ("overview-report", "executive-summary", "press-release", "learning-summary")
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")
#: Top-level fields whose prose the overview report does not print.
NOT_IN_OVERVIEW = ("executive_summary", "press_release", "learning_summary", "board")


def overview_prose(data: dict):
    """Yield ``(path, markdown)`` for each prose field the overview report prints."""
    for path, value, kind in strings(data):
        if kind == "prose" and path.split(".", 1)[0].split("[", 1)[0] not in NOT_IN_OVERVIEW \
                and ".actions[" not in path:  # actions are printed in the action plan
            yield path, value


def build_into(review: Path, out: Path, *options: str) -> dict[str, Docx]:
    result = CliRunner().invoke(cli, ["build", str(review), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    return {kind: Docx(out / f"child-a-{kind}.docx") for kind in KINDS
            if (out / f"child-a-{kind}.docx").exists()}


@pytest.fixture(scope="module")
def docs(tmp_path_factory) -> dict[str, Docx]:
    return build_into(EXAMPLE, tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="module")
def data() -> dict:
    return load_review(EXAMPLE).data


def copy_example(folder: Path, change) -> Path:
    """Copy the example (with its included files) to `folder`, change its data, return it."""
    shutil.copytree(EXAMPLE.parent, folder, dirs_exist_ok=True)
    review = folder / EXAMPLE.name
    content = yaml.safe_load(review.read_text(encoding="utf-8"))
    change(content)
    review.write_text(yaml.safe_dump(content, sort_keys=False, allow_unicode=True),
                      encoding="utf-8")
    return review


def chunks(markdown: str) -> list[str]:
    """Return the paragraphs and list items of Markdown prose as plain, normalised text."""
    out = []
    for block in re.split(r"\n[ \t]*\n", markdown):
        pieces: list[str] = []
        for line in block.splitlines():
            if LIST_ITEM.match(line) or not pieces:
                pieces.append(line)
            else:
                pieces[-1] += "\n" + line
        out += [normalise(plain(p, with_footnotes=False)) for p in pieces]
    return [p for p in out if p]


def section(paragraphs, number: int):
    """Return the paragraphs of the body's level-1 section `number` (from 1)."""
    starts = [i for i, (style, _, _) in enumerate(paragraphs) if style == "Heading1"]
    end = starts[number] if number < len(starts) else len(paragraphs)
    return paragraphs[starts[number - 1]:end]


# -- package ------------------------------------------------------------------------------------
def test_every_xml_part_parses_strictly_and_the_files_open_in_python_docx(docs):
    for doc in docs.values():
        for name in doc.parts:
            if name.endswith((".xml", ".rels")):
                doc.xml(name)
        assert docx.Document(str(doc.path)).paragraphs


def test_properties_headers_and_settings_are_set_on_purpose(docs, data):
    board = data["board"]["name"]
    for kind, doc in docs.items():
        core = doc.xml("docProps/core.xml")
        field = lambda tag: core.findtext(tag, namespaces=NS) or ""  # noqa: E731
        assert field("dc:title") == f"Serious Case Review: Child A – {kind.replace('-', ' ').capitalize()}"
        assert "Child A" in field("dc:subject")
        assert field("dc:creator") == board
        assert field("cp:lastModifiedBy") in (board, "")
        assert field("dc:language") == "en-GB"
        for name in doc.parts:
            if name.startswith("word/") and name.endswith(".xml"):
                assert not doc.xml(name).xpath("//@*[starts-with(local-name(), 'rsid')]"), name
        marked = {n[5:11] for n in doc.parts if re.fullmatch(r"word/(header|footer)\d*\.xml", n)
                  and "OFFICIAL-SENSITIVE" in doc.text(n)}
        assert marked == {"header", "footer"}, kind
        fields = b"".join(doc.parts[n] for n in doc.parts if n.startswith("word/footer"))
        assert b" PAGE " in fields, kind
        # "Page X of Y" where every page is numbered; "Page X" from the first body page
        # where the title and contents pages are not
        assert (b" NUMPAGES " in fields) == (kind not in ("overview-report",
                                                          "executive-summary")), kind
    for kind in ("overview-report", "executive-summary"):
        assert docs[kind].xml("word/settings.xml").xpath("w:updateFields", namespaces=NS)


# -- overview report ----------------------------------------------------------------------------
def test_every_prose_paragraph_of_the_overview_is_printed_in_it(docs, data):
    body = docs["overview-report"].text()
    notes = docs["overview-report"].text("word/footnotes.xml")
    missing = [(path, chunk[:70]) for path, md in overview_prose(data)
               for chunk in chunks(md) if chunk not in body]
    assert not missing
    missing = [(path, note[:70]) for path, md in overview_prose(data)
               for note in footnotes(md) if normalise(plain(note)) not in notes]
    assert not missing


def test_inline_footnotes_are_word_footnotes_not_body_text(docs, data):
    doc = docs["overview-report"]
    expected = sum(md.count("^[") for _, md in overview_prose(data))
    refs = doc.xml().xpath("//w:footnoteReference/@w:id", namespaces=NS)
    notes = doc.xml("word/footnotes.xml").xpath(
        "w:footnote[not(@w:type) or @w:type='normal']/@w:id", namespaces=NS)
    assert expected > 0 and len(refs) == len(notes) == expected
    assert refs == notes == [str(n) for n in range(1, expected + 1)]
    paragraphs = doc.paragraphs()
    before_bibliography = paragraphs[:next(i for i, (s, t, _) in enumerate(paragraphs)
                                           if s == "Heading1" and t == "Bibliography")]
    body = "\n".join(t for _, t, _ in before_bibliography)
    assert "^[" not in doc.text()
    for _, md in overview_prose(data):
        for note in footnotes(md):
            assert normalise(plain(note)) not in body


def test_recommendations_are_numbered_once_under_their_agency(docs, data):
    doc = docs["overview-report"]
    styles = doc.xml("word/styles.xml")
    rec_style = styles.xpath("w:style[@w:styleId='Recommendation']/w:pPr/w:numPr", namespaces=NS)
    assert rec_style and rec_style[0].xpath("string(w:numId/@w:val)", namespaces=NS) == "4"
    recommendations = Facts(data).recommendations
    agency = service = None
    found = []
    paragraphs = section(doc.paragraphs(), 7)
    assert paragraphs[0][1] == "Recommendations"
    for style, text, p in paragraphs:
        if style == "Heading3":
            agency, service = text, None
        elif style == "Heading4":
            service = text
        elif style == "Recommendation":
            assert not p.xpath("w:pPr/w:numPr", namespaces=NS), "the style numbers it"
            found.append((agency, service, text))
    assert len(found) == len(recommendations)
    for (agency, service, text), rec in zip(found, recommendations):
        assert text == normalise(plain(rec.item["text"]))
        assert agency == rec.agency["name"] and service == rec.item.get("service")
    assert sum(s == "Recommendation" for s, _, _ in doc.paragraphs()) == len(recommendations)


def test_recommendations_out_of_agency_order_keep_their_numbers(tmp_path):
    def move_first_to_end(content):
        items = content["recommendations"]["items"]
        items.append(items.pop(0))
    review = copy_example(tmp_path / "review", move_first_to_end)
    doc = build_into(review, tmp_path / "out", "--only", "overview-report")["overview-report"]
    starts = {n.get(f"{{{W}}}numId"): n.xpath("string(.//w:startOverride/@w:val)", namespaces=NS)
              for n in doc.xml("word/numbering.xml").xpath("w:num", namespaces=NS)}
    numbers = {text: starts[p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=NS)]
               for style, text, p in doc.paragraphs() if style == "Recommendation"}
    for number, rec in enumerate(load_review(review).data["recommendations"]["items"], 1):
        assert numbers[normalise(plain(rec["text"]))] == str(number)


def test_body_numbering_is_attached_to_the_styles(docs):
    doc = docs["overview-report"]
    styles = doc.xml("word/styles.xml")

    def num_pr(style):
        return tuple(styles.xpath(f"string(w:style[@w:styleId='{style}']/w:pPr/w:numPr/w:{k}/@w:val)",
                                  namespaces=NS) for k in ("numId", "ilvl"))
    assert num_pr("BodyNumbered") == ("1", "2")
    assert num_pr("Heading1") == ("1", "0") and num_pr("Heading2") == ("1", "1")
    numbering = doc.xml("word/numbering.xml")
    abstract = numbering.xpath("string(w:num[@w:numId='1']/w:abstractNumId/@w:val)", namespaces=NS)
    levels = {lvl.get(f"{{{W}}}ilvl"): lvl for lvl in numbering.xpath(
        f"w:abstractNum[@w:abstractNumId='{abstract}']/w:lvl", namespaces=NS)}
    value = lambda lvl, tag: lvl.xpath(f"string(w:{tag}/@w:val)", namespaces=NS)  # noqa: E731
    assert value(levels["2"], "pStyle") == "BodyNumbered"
    assert value(levels["2"], "lvlText") == "%1.%2.%3"
    assert value(levels["0"], "pStyle") == "Heading1" and value(levels["1"], "pStyle") == "Heading2"


# -- executive summary --------------------------------------------------------------------------
def test_executive_summary_numbers_board_recommendations_as_the_overview(docs, data):
    doc = docs["executive-summary"]
    numbering = doc.xml("word/numbering.xml")
    found = []
    for style, text, p in doc.paragraphs():
        num_id = p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=NS)
        if style == "Recommendation":
            start = numbering.xpath(f"string(w:num[@w:numId='{num_id}']//w:startOverride/@w:val)",
                                    namespaces=NS)
            found.append((int(start), text))
    facts = Facts(data)
    expected = [(r.number, normalise(plain(r.item["text"])))
                for r in facts.recommendations if r.item.get("board_level")]
    assert expected and found == expected
    assert f"makes {count_words(facts.recommendation_count, 'recommendation')}" in doc.text()


# -- all four -----------------------------------------------------------------------------------
def test_shared_facts_read_the_same_in_all_four_documents(docs, data):
    facts = Facts(data)
    shared = [facts.child, data["review"]["child_age_at_incident"], data["board"]["name"],
              "November 2018", count_words(facts.recommendation_count, "recommendation")]
    assert facts.incident_month == "November 2018"
    for kind, doc in docs.items():
        text = doc.text()
        assert [s for s in shared if s not in text] == [], kind


def test_text_is_data_in_every_document(tmp_path):
    odd = ('Tom & Jerry <b>bold</b> "quotes" {{ board_name }} {% if x %} 🙂 שלום مرحبا '
           'bell\x07here.')

    def add_odd_text(content):
        summary = content["review"]["incident"]["summary"]
        content["review"]["incident"]["summary"] = f"{odd}\n\n{summary}"
        content["learning_summary"]["case_summary"] += f"\n\n{odd}"
        content["review"]["decision"]["reason"] += f"\n\nNoted.^[Note: {odd}]"
        content["board"]["name"] = "Wexmoor & <Calderholt> {{ child }} Partnership"
    result = CliRunner().invoke(cli, ["build", str(copy_example(tmp_path / "review", add_odd_text)),
                                      "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "control characters (U+0007)" in result.output
    expected = normalise(odd.replace("\x07", ""))
    for kind in KINDS:
        doc = Docx(tmp_path / "out" / f"child-a-{kind}.docx")
        for name in doc.parts:
            if name.endswith((".xml", ".rels")):
                doc.xml(name)
        assert expected in doc.text(), kind
        assert "Wexmoor & <Calderholt> {{ child }} Partnership" in doc.text(), kind
        assert b"\x07" not in b"".join(data for name, data in doc.parts.items()
                                        if name.endswith((".xml", ".rels")))
    notes = Docx(tmp_path / "out" / "child-a-overview-report.docx").text("word/footnotes.xml")
    assert f"Note: {expected}" in notes


# -- press release ------------------------------------------------------------------------------
def test_press_release_quotes_contacts_headline_and_ends(docs, data):
    press, overview = docs["press-release"].text(), docs["overview-report"].text()
    for quote in data["press_release"]["report_quotes"]:
        assert normalise(quote) in press and normalise(quote) in overview
    paragraphs = docs["press-release"].paragraphs()
    assert paragraphs and "Report of a serious case review regarding Child A" in \
        [t for s, t, _ in paragraphs if s == "Heading1"]
    assert "ENDS" in [t for _, t, _ in paragraphs]
    rels = docs["press-release"].xml("word/_rels/document.xml.rels")
    targets = set(rels.xpath("rel:Relationship/@Target", namespaces=NS))
    emails = [c["email"] for a in data["agencies"] for c in a.get("media_contacts") or []
              if c.get("email")]
    assert emails and {f"mailto:{e}" for e in emails} <= targets


# -- learning summary ---------------------------------------------------------------------------
def test_learning_summary_headings_and_resource_links(docs, data):
    doc = docs["learning-summary"]
    headings = [t for s, t, _ in doc.paragraphs() if s == "Heading1"]
    for heading in ("Summary of the case", "How the learning was achieved",
                    "Themes in common with other reviews", "Learning points for managers",
                    "Learning points for practitioners", "Key messages for inter-agency learning"):
        assert heading in headings
    rels = {r.get("Id"): r.get("Target") for r in
            doc.xml("word/_rels/document.xml.rels").xpath("rel:Relationship", namespaces=NS)}
    links = {"".join(h.itertext()): rels[h.get(f"{{{R}}}id")]
             for h in doc.xml().iter(f"{{{W}}}hyperlink")}
    for resource in data["learning_summary"]["resources"]:
        assert links[resource["title"]] == resource["url"]
        assert not resource["title"].startswith("http")
