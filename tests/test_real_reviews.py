"""Two published case reviews, encoded as review files, validate and build.

The fixtures in tests/fixtures/real/ hold the text of real published documents (professionals'
names replaced): the Oxfordshire Child H overview report, press release and learning summary,
and the Leicestershire Child H executive summary. See tests/fixtures/real/README.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docxread import Docx

from scr_docs.pipeline import assemble
from scr_docs.check import check_built
from scr_docs.cli import cli
from scr_docs.review.load import load
from scr_docs.review.validate import check, validate

REAL = Path(__file__).resolve().parent / "fixtures" / "real"
OXFORDSHIRE = REAL / "oxfordshire-child-h" / "review.yaml"
LEICESTERSHIRE = REAL / "leicestershire-child-h" / "review.yaml"
FIXTURES = [OXFORDSHIRE, LEICESTERSHIRE]
KINDS = ("overview-report", "executive-summary", "press-release", "learning-summary")

fixtures = pytest.mark.parametrize("review", FIXTURES, ids=[p.parent.name for p in FIXTURES])

# The published Oxfordshire documents print two web addresses as their own link text: the
# bibliography entry "... London: NSPCC. <http://www.nspcc.org.uk/spotlight>" and the press
# release's Working Together link. The accessibility check refuses a bare address as link text,
# so `build` writes nothing for this fixture, although the text is as published.
BARE_ADDRESS = "link text is a bare address"


def run(*args) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


# -- (a) validation ------------------------------------------------------------------------------
@fixtures
def test_real_review_validates_without_errors(review):
    data, problems = check(load(review))
    assert data is not None, [p.format() for p in problems.items]
    assert not problems.errors, [p.format() for p in problems.errors]


@fixtures
def test_real_review_validates_on_the_command_line(review):
    result = run("validate", review)
    assert result.exit_code == 0, result.output
    assert ": valid" in result.output, result.output


# -- (b) building --------------------------------------------------------------------------------
def built_kinds(out: Path) -> dict[str, Docx]:
    docs = {}
    for kind in KINDS:
        [path] = out.glob(f"*-{kind}.docx")
        docs[kind] = Docx(path)
    return docs


def test_leicestershire_builds_every_document(tmp_path):
    out = tmp_path / "out"
    result = run("build", LEICESTERSHIRE, "-o", out)
    assert result.exit_code == 0, result.output
    docs = built_kinds(out)
    assert "Child H" in docs["executive-summary"].text()


def test_oxfordshire_builds_every_document(tmp_path):
    out = tmp_path / "out"
    result = run("build", OXFORDSHIRE, "-o", out)
    assert result.exit_code == 0, result.output
    built_kinds(out)


def test_bare_addresses_in_citations_are_not_findings_in_the_build_or_in_check():
    """The bibliography and the notes to editors print their addresses, as published: the
    citation around the address says where it goes. The .docx check (by section heading)
    agrees with the build (by field)."""
    built = assemble(validate(load(OXFORDSHIRE)))
    problems = check_built(built)
    assert not [p for p in problems if BARE_ADDRESS in p.message], [p.format() for p in problems]
    assert not [p for p in problems if p.is_error], [p.format() for p in problems if p.is_error]


@fixtures
def test_every_document_kind_assembles_without_the_publication_checks(review, tmp_path):
    """`scr_docs.pipeline.assemble` renders in memory without running the checks."""
    built = assemble(validate(load(review)))
    assert sorted(k for k in KINDS if any(n.endswith(f"-{k}.docx") for n in built.files)) \
        == sorted(KINDS)
    for name, data in built.files.items():
        (tmp_path / name).write_bytes(data)
    docs = built_kinds(tmp_path)
    for kind, doc in docs.items():
        assert "Child H" in doc.text(), kind


# -- Oxfordshire: the numbering and the footnotes ------------------------------------------------
def numbered_paragraphs(doc: Docx) -> dict[str, str]:
    """Number every BodyNumbered paragraph as Word does: <section>.<subsection>.<n>."""
    h1 = h2 = n = 0
    numbers = {}
    for style, text, _ in doc.paragraphs():
        if style == "Heading1":
            h1, h2, n = h1 + 1, 0, 0
        elif style == "Heading2":
            h2, n = h2 + 1, 0
        elif style == "BodyNumbered":
            n += 1
            numbers[f"{h1}.{h2}.{n}"] = text
    return numbers


def first_words(text: str, count: int = 8) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split()[:count])


def test_oxfordshire_sections_3_to_5_are_numbered_as_published(tmp_path):
    built = assemble(validate(load(OXFORDSHIRE)), only=["overview-report"])
    [(name, data)] = built.files.items()
    (tmp_path / name).write_bytes(data)
    numbers = numbered_paragraphs(Docx(tmp_path / name))
    published = [line.split("\t") for line in
                 (OXFORDSHIRE.parent / "published-numbers.tsv").read_text("utf-8").splitlines()]
    assert len(published) == 329
    printed = {k: v for k, v in numbers.items() if k.split(".")[0] in {"3", "4", "5"}}
    assert sorted(printed) == sorted(number for number, _ in published)
    for number, words in published:
        assert first_words(printed[number]) == first_words(words), number


def test_oxfordshire_footnotes_are_word_footnotes(tmp_path):
    built = assemble(validate(load(OXFORDSHIRE)), only=["overview-report"])
    [(name, data)] = built.files.items()
    (tmp_path / name).write_bytes(data)
    doc = Docx(tmp_path / name)
    notes = [t for s, t, _ in doc.paragraphs("word/footnotes.xml") if t.strip()]
    assert len(notes) == 7, notes
    assert notes[0].lstrip().startswith("Methadone was being used")


# -- Leicestershire: the executive summary carries what the published one does --------------------
SAMPLE = Path("/work/shared/samples/executive-summary-leicestershire-child-h.txt")


def published_lines(start: str, stop: str) -> list[str]:
    """The published lines between two markers, list numbers ("- 4.1. ", " - ") removed."""
    text = SAMPLE.read_text("utf-8")
    part = text[text.index(start) + len(start):text.index(stop, text.index(start))]
    return [re.sub(r"^\s*-\s*(\d+\.\d+\.\s*)?", "", line).strip()
            for line in part.splitlines() if line.strip()]


def executive_summary_text(data: dict, tmp_path: Path) -> str:
    built = assemble(data, only=["executive-summary"])
    [(name, docx)] = built.files.items()
    (tmp_path / name).write_bytes(docx)
    return normal(" ".join(text for _, text, _ in Docx(tmp_path / name).paragraphs()))


def normal(text: str) -> str:
    return " ".join(text.replace("\u2019", "'").replace("\u2018", "'").split())


@pytest.mark.skipif(not SAMPLE.exists(), reason="the published sample is not on this machine")
@pytest.mark.parametrize("override", [True, False], ids=["with-override", "from-conclusions"])
def test_leicestershire_executive_summary_has_every_published_conclusion_and_tor_sub_item(
        override, tmp_path):
    review = LEICESTERSHIRE
    if not override:  # the file without its executive-summary parts (the last key)
        source = review.read_text("utf-8")
        review = tmp_path / "review.yaml"
        review.write_text(source[:source.index("\nexecutive_summary:")], "utf-8")
    data = validate(load(review))
    text = executive_summary_text(data, tmp_path)
    conclusions = published_lines("PART 4: SUMMARY AND CONCLUSION", "PART 5")
    sub_items = published_lines("e. Agencies' awareness of and response to:", "- f.")
    assert len(conclusions) == 9 and len(sub_items) == 4
    missing = [line for line in conclusions + sub_items if normal(line) not in text]
    assert not missing


def test_leicestershire_executive_summary_has_the_chairs_statement_and_what_happened(tmp_path):
    text = executive_summary_text(validate(load(LEICESTERSHIRE)), tmp_path)
    assert "has no connection with the Leicestershire & Rutland LSCB" in text
    assert "In 2009 Child H died aged just over nine weeks." in text
    assert "Eleven Individual Management Reviews" in text
    # the chair's own statement replaces the generated introduction of the chair
    assert "The panel was chaired by" not in text
