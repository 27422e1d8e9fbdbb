"""PDF conversion through LibreOffice: contents page filled, tagged, nothing left running."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import tempfile
import threading
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from scr_docs.output import pdf
from scr_docs.errors import ConversionError, ScrDocsError

PLACEHOLDER = "Right-click to update the table of contents."
HEADINGS = ["First heading", "Second heading", "Third heading"]


@pytest.fixture
def needs_libreoffice():
    """Skip when LibreOffice is missing, except in CI, where these tests must run."""
    if not os.environ.get("CI") and (pdf.find_soffice() is None
                                     or pdf.find_uno_python() is None):
        pytest.skip("LibreOffice (soffice and python3-uno) is not installed")


def libreoffice(test):
    """Mark `test` as needing LibreOffice."""
    return pytest.mark.libreoffice(pytest.mark.usefixtures("needs_libreoffice")(test))


@pytest.fixture
def own_tmp(tmp_path, monkeypatch):
    """Make LibreOffice's profile (a temporary folder) land in this test's folder."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def make_docx(path: Path, headings=HEADINGS, title: str | None = None) -> Path:
    """Write a .docx: a contents page (TOC field, not filled in), then a heading a page."""
    doc = Document()
    if title is not None:
        doc.core_properties.title = title
    doc.add_paragraph("Contents")
    doc.element.body.insert(len(doc.element.body) - 1, parse_xml(  # before w:sectPr
        f'<w:p {nsdecls("w")}>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-3" \\h \\z \\u </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        f'<w:r><w:t>{PLACEHOLDER}</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '</w:p>'))
    for heading in headings:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        doc.add_heading(heading, level=1)
        doc.add_paragraph(f"Text under {heading.lower()}.")
        doc.add_heading(f"{heading} in detail", level=2)
    doc.settings.element.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))
    doc.save(path)
    return path


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def pdf_info(path: Path) -> str:
    return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True,
                          text=True).stdout


def processes_mentioning(text: str) -> list[str]:
    """Return the command lines of running processes that contain `text`."""
    try:
        import psutil
    except ImportError:
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
                except OSError:
                    continue
                if text in cmdline:
                    found.append(cmdline)
        return found
    return [" ".join(p.info["cmdline"] or []) for p in psutil.process_iter(["cmdline"])
            if text in " ".join(p.info["cmdline"] or [])]


@libreoffice
def test_contents_pages_list_headings_with_page_numbers(tmp_path, own_tmp):
    pairs = [(make_docx(tmp_path / f"{name}.docx"), tmp_path / f"{name}.pdf")
             for name in ("overview", "summary")]
    done = []

    pdf.convert_to_pdf(pairs, progress=done.append)

    assert done == [out for _, out in pairs]
    for _, out in pairs:
        text = pdf_text(out)
        contents = text.split("\f")[0]
        assert PLACEHOLDER not in text
        for page, heading in enumerate(HEADINGS, start=2):
            assert re.search(rf"^\s*{heading}\s*\.+\s*{page}\s*$", contents, re.M), contents
            assert re.search(rf"^\s*{heading} in detail\s*\.+\s*{page}\s*$", contents, re.M)


@libreoffice
def test_pdf_is_tagged_and_titled(tmp_path, own_tmp):
    titled = make_docx(tmp_path / "a.docx", title="Child A: overview report")
    untitled = make_docx(tmp_path / "b.docx")

    pdf.convert_to_pdf([(titled, tmp_path / "a.pdf"), (untitled, tmp_path / "Child B.pdf")])

    info = pdf_info(tmp_path / "a.pdf")
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+Child A: overview report$", info, re.M)
    assert re.search(r"^Title:\s+Child B$", pdf_info(tmp_path / "Child B.pdf"), re.M)


@libreoffice
def test_no_libreoffice_process_remains(tmp_path, own_tmp):
    pdf.convert_to_pdf([(make_docx(tmp_path / "a.docx"), tmp_path / "a.pdf")])

    assert (tmp_path / "a.pdf").is_file()
    assert processes_mentioning(str(own_tmp)) == []
    assert list(own_tmp.iterdir()) == []  # the profile is removed too


@libreoffice
def test_timeout_stops_libreoffice(tmp_path, own_tmp):
    with pytest.raises(ConversionError, match="took longer than 0.3 s"):
        pdf.convert_to_pdf([(make_docx(tmp_path / "a.docx"), tmp_path / "a.pdf")],
                           timeout=0.3)

    assert processes_mentioning(str(own_tmp)) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.docx", "tmp"]


@libreoffice
def test_failed_document_is_named_and_nothing_is_written(tmp_path, own_tmp):
    good = make_docx(tmp_path / "good.docx")
    broken = tmp_path / "broken.docx"
    broken.write_text("not a Word document")
    (tmp_path / "good.pdf").write_bytes(b"older PDF")

    with pytest.raises(ConversionError) as caught:
        pdf.convert_to_pdf([(good, tmp_path / "good.pdf"), (broken, tmp_path / "broken.pdf")])

    assert str(broken) in caught.value.message
    assert "LibreOffice says: LibreOffice could not open the file" in caught.value.message
    assert str(good) not in caught.value.message
    assert (tmp_path / "good.pdf").read_bytes() == b"older PDF"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "broken.docx", "good.docx", "good.pdf", "tmp"]
    assert processes_mentioning(str(own_tmp)) == []


@libreoffice
def test_parallel_conversions_use_their_own_profiles(tmp_path, own_tmp):
    results: dict[int, object] = {}

    def convert(number: int) -> None:
        docx = make_docx(tmp_path / f"doc{number}.docx")
        try:
            pdf.convert_to_pdf([(docx, tmp_path / f"doc{number}.pdf")])
            results[number] = "ok"
        except Exception as exc:  # reported below
            results[number] = exc

    threads = [threading.Thread(target=convert, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert results == {0: "ok", 1: "ok"}
    assert processes_mentioning(str(own_tmp)) == []
    for number in range(2):
        assert PLACEHOLDER not in pdf_text(tmp_path / f"doc{number}.pdf")


def test_missing_soffice_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: None)
    docx = make_docx(tmp_path / "a.docx")

    with pytest.raises(ScrDocsError) as caught:
        pdf.convert_to_pdf([(docx, tmp_path / "a.pdf")])

    assert isinstance(caught.value, ConversionError)
    assert ("PDF output needs LibreOffice: on Debian/Ubuntu run "
            "`apt-get install libreoffice-writer python3-uno`") in caught.value.message
    assert not (tmp_path / "a.pdf").exists()


def test_missing_uno_python_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: "/usr/bin/soffice")
    monkeypatch.setattr(pdf, "find_uno_python", lambda: None)

    with pytest.raises(ConversionError, match="apt-get install libreoffice-writer "
                                              "python3-uno.*import uno"):
        pdf.convert_to_pdf([(make_docx(tmp_path / "a.docx"), tmp_path / "a.pdf")])


def test_missing_input_is_reported_before_starting(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: pytest.fail("looked for LibreOffice"))

    with pytest.raises(ConversionError, match="no such file"):
        pdf.convert_to_pdf([(tmp_path / "missing.docx", tmp_path / "missing.pdf")])


def test_nothing_to_convert_starts_nothing(monkeypatch):
    monkeypatch.setattr(pdf, "find_soffice", lambda: pytest.fail("looked for LibreOffice"))

    pdf.convert_to_pdf([])


def test_worker_is_shipped_and_standalone():
    tree = ast.parse(pdf.WORKER.read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}

    assert pdf.WORKER.parent == Path(pdf.__file__).parent
    assert "uno" in imported
    assert "scr_docs" not in imported
