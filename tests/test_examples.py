"""Every shipped example validates cleanly, builds all four documents and passes `check`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docxread import NS, W, Docx

from scr_docs.cli import cli
from scr_docs.review.load import load
from scr_docs.text import normalise, plain
from scr_docs.review.validate import check

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(ROOT.glob("examples/*/review.yaml"))
CHILD_B = ROOT / "examples" / "child-b" / "review.yaml"
KINDS = ("overview-report", "executive-summary", "press-release", "learning-summary")
DRAFT = re.compile(r"\bDRAFT\b")

examples = pytest.mark.parametrize("review", EXAMPLES, ids=[p.parent.name for p in EXAMPLES])


def run(*args) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


_built: dict[Path, tuple[Path, dict[str, Docx]]] = {}


def built(review: Path, tmp_path_factory) -> tuple[Path, dict[str, Docx]]:
    """Build `review` once for this module: the output folder and its four documents."""
    if review not in _built:
        out = tmp_path_factory.mktemp(review.parent.name) / "out"
        result = run("build", review, "-o", out)
        assert result.exit_code == 0, result.output
        docs = {}
        for kind in KINDS:
            [path] = out.glob(f"*-{kind}.docx")
            docs[kind] = Docx(path)
        _built[review] = out, docs
    return _built[review]


def data_of(review: Path) -> dict:
    data, problems = check(load(review))
    assert data is not None, [str(p) for p in problems.items]
    return data


# -- every example ------------------------------------------------------------------------------
@examples
def test_example_validates_without_errors_or_warnings(review):
    data, problems = check(load(review))
    assert data is not None
    assert not problems.errors and not problems.warnings, [str(p) for p in problems.items]


@examples
def test_example_builds_four_documents_that_pass_check(review, tmp_path_factory):
    out, docs = built(review, tmp_path_factory)
    assert set(docs) == set(KINDS)
    result = run("check", out, review)
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings" in result.output, result.output


@examples
def test_every_document_names_the_child_and_the_board_and_is_marked_draft_iff_a_draft(
        review, tmp_path_factory):
    data = data_of(review)
    draft = data["review"].get("status", "draft") == "draft"
    _, docs = built(review, tmp_path_factory)
    for kind, doc in docs.items():
        body = doc.text()
        assert data["review"]["child"] in body, kind
        assert data["board"]["name"] in body, kind
        assert bool(DRAFT.search(doc.all_text())) == draft, kind


# -- LibreOffice --------------------------------------------------------------------------------
def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.mark.libreoffice
@pytest.mark.skipif(not os.environ.get("CI") and shutil.which("soffice") is None,
                    reason="LibreOffice is not installed (this test always runs in CI)")
@examples
def test_press_release_and_learning_summary_fit_two_pages(review, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # LibreOffice's profile lands here
    out = tmp_path / "out"
    result = run("build", review, "-o", out, "--pdf")
    assert result.exit_code == 0, result.output
    for kind in ("press-release", "learning-summary"):
        [path] = out.glob(f"*-{kind}.pdf")
        assert pdf_pages(path) <= 2, f"{path.name}: {pdf_pages(path)} pages"


# -- child-b: the paths child-a does not take ---------------------------------------------------
def test_child_b_leaves_out_the_sections_it_has_nothing_for(tmp_path_factory):
    data = data_of(CHILD_B)
    assert not {"background", "improvements", "bibliography"} & set(data)
    _, docs = built(CHILD_B, tmp_path_factory)
    headings = [t for s, t, _ in docs["overview-report"].paragraphs() if s.startswith("Heading")]
    for absent in ("Bibliography", "Improvements already introduced",
                   "Agency contact prior to the review period"):
        assert absent not in headings
    assert "Agency contact within the review period" in headings


def test_child_b_recommendations_keep_their_file_numbers_under_their_agencies(
        tmp_path_factory):
    data = data_of(CHILD_B)
    items = data["recommendations"]["items"]
    names = {a["id"]: a["name"] for a in data["agencies"]}
    # Printed order: agencies in order of first appearance, then services within each.
    groups: dict[str, dict[str | None, list[int]]] = {}
    for number, item in enumerate(items, 1):
        groups.setdefault(item["agency"], {}).setdefault(item.get("service"), []).append(number)
    expected = [n for services in groups.values() for numbers in services.values()
                for n in numbers]
    assert expected != list(range(1, len(items) + 1)), "the example should be out of order"

    doc = built(CHILD_B, tmp_path_factory)[1]["overview-report"]
    starts = {n.get(f"{{{W}}}numId"): n.xpath("string(.//w:startOverride/@w:val)", namespaces=NS)
              for n in doc.xml("word/numbering.xml").xpath("w:num", namespaces=NS)}
    agency = None
    printed = []
    for style, text, p in doc.paragraphs():
        if style == "Heading3":
            agency = text
        elif style == "Recommendation":
            num_id = p.xpath("string(w:pPr/w:numPr/w:numId/@w:val)", namespaces=NS)
            assert num_id, f"out of file order, each recommendation carries its number: {text}"
            number = int(starts[num_id])
            assert text == normalise(plain(items[number - 1]["text"])), number
            assert agency == names[items[number - 1]["agency"]], number
            printed.append(number)
    assert printed == expected
