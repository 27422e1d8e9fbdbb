"""Press releases and learning summaries are two pages at most, measured in LibreOffice's PDF
for every real fixture and example; a longer one is warned of with its page count."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml

import scr_docs
from scr_docs.errors import CheckError
from scr_docs.output import pdf
from scr_docs.output.pages import PAGE_LIMITS, page_warnings, pdf_pages
from scr_docs.pipeline import assemble
from scr_docs.review.load import load
from scr_docs.review.validate import validate
from scr_docs.review.wording import TITLES

ROOT = Path(__file__).resolve().parents[1]
REVIEWS = sorted(ROOT.glob("tests/fixtures/real/*/review.yaml")) + \
    sorted(ROOT.glob("examples/*/review.yaml"))
CHILD_B = ROOT / "examples" / "child-b" / "review.yaml"
SHORT_KINDS = tuple(PAGE_LIMITS)


@pytest.fixture
def needs_libreoffice():
    """Skip when LibreOffice is missing, except in CI, where these tests must run."""
    if not os.environ.get("CI") and (pdf.find_soffice() is None
                                     or pdf.find_uno_python() is None):
        pytest.skip("LibreOffice (soffice and python3-uno) is not installed")


@pytest.fixture(scope="module")
def page_counts(tmp_path_factory) -> dict[tuple[str, str], int]:
    """Convert the short documents of every fixture and example in one LibreOffice run and
    return their page counts by (review folder, kind). The documents are assembled (not built
    with checks: the Oxfordshire fixture prints bare web addresses as published)."""
    if not os.environ.get("CI") and (pdf.find_soffice() is None
                                     or pdf.find_uno_python() is None):
        pytest.skip("LibreOffice (soffice and python3-uno) is not installed")
    folder = tmp_path_factory.mktemp("pages")
    tempfile.tempdir = str(folder)  # LibreOffice's profile lands here
    try:
        pairs, keys = [], []
        for review in REVIEWS:
            built = assemble(validate(load(review)), only=",".join(SHORT_KINDS))
            for kind in SHORT_KINDS:
                [name] = [n for n in built.files if n.endswith(f"-{kind}.docx")]
                docx = folder / f"{review.parent.name}-{name}"
                docx.write_bytes(built.files[name])
                pairs.append((docx, docx.with_suffix(".pdf")))
                keys.append((review.parent.name, kind))
        pdf.convert_to_pdf(pairs)
        return {key: pdf_pages(target) for key, (_, target) in zip(keys, pairs)}
    finally:
        tempfile.tempdir = None


def _cases():
    for review in REVIEWS:
        for kind in SHORT_KINDS:
            key = (review.parent.name, kind)
            yield pytest.param(*key, id=f"{key[0]}-{kind}")


@pytest.mark.libreoffice
@pytest.mark.parametrize("review,kind", list(_cases()))
def test_short_documents_fit_two_pages(page_counts, review, kind):
    pages = page_counts[(review, kind)]
    assert pages <= PAGE_LIMITS[kind], f"{review} {kind}: {pages} pages"


def _fake_pdf(path: Path, pages: int) -> Path:
    """Write a file holding ``pages`` page objects (enough for the fallback count)."""
    objects = b"".join(b"%d 0 obj << /Type /Page /Parent 1 0 R >> endobj\n" % (n + 2)
                       for n in range(pages))
    path.write_bytes(b"%PDF-1.6\n1 0 obj << /Type /Pages /Count " + str(pages).encode()
                     + b" >> endobj\n" + objects + b"%%EOF\n")
    return path


def test_page_warnings_name_the_document_and_its_page_count(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)  # count without pdfinfo
    long = _fake_pdf(tmp_path / "child-x-learning-summary.pdf", 3)
    fits = _fake_pdf(tmp_path / "child-x-press-release.pdf", 2)
    other = _fake_pdf(tmp_path / "child-x-overview-report.pdf", 40)
    [warning] = page_warnings([long, fits, other], "review.yaml")
    assert not warning.is_error and warning.file == "review.yaml"
    assert "child-x-learning-summary.pdf is 3 pages long" in warning.message
    assert warning.path == "learning_summary"


def _too_long(tmp_path: Path) -> Path:
    """Child B with every learning summary section forced and its lessons made long."""
    data = yaml.safe_load(CHILD_B.read_text(encoding="utf-8"))
    data["learning_summary"]["sections"] = list(TITLES["learning_summary"])
    long = ("Agencies held parts of the picture of the family's life, but nobody put them "
            "together, and the child's own account was seldom heard. ") * 12
    data["lessons"] = "\n\n".join([long] * 4)
    folder = tmp_path / "child-b"
    shutil.copytree(CHILD_B.parent, folder)
    (folder / "review.yaml").write_text(yaml.safe_dump(data, sort_keys=False,
                                                       allow_unicode=True), encoding="utf-8")
    return folder / "review.yaml"


@pytest.mark.libreoffice
def test_a_learning_summary_over_two_pages_is_warned_of_with_its_page_count(
        needs_libreoffice, tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    review = _too_long(tmp_path)
    built = scr_docs.build(review, tmp_path / "out", only="learning-summary", pdf=True)
    [warning] = [p for p in built.problems if "pages long" in p.message]
    pages = pdf_pages(tmp_path / "out" / "child-b-learning-summary.pdf")
    assert pages > 2
    assert f"child-b-learning-summary.pdf is {pages} pages long" in warning.message
    with pytest.raises(CheckError) as raised:
        scr_docs.build(review, tmp_path / "strict", only="learning-summary", pdf=True,
                       strict=True)
    assert any("pages long" in p.message for p in raised.value.problems)
    assert not (tmp_path / "strict").exists() or not any((tmp_path / "strict").iterdir())
