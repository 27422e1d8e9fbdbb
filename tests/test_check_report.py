"""The findings report (Markdown, HTML), the one-line summary, and checking files and folders."""

from __future__ import annotations

from pathlib import Path

import pytest
from checkdocs import BOARD, clean_body, heading, make_docx, para

from scr_docs.check import check_paths, summarise, write_report
from scr_docs.pipeline import run_check
from scr_docs.errors import CheckError, Problem

PROBLEMS = [
    Problem("sensitive term 1 (\"J… S…\") appears here", "body paragraph 12", None,
            "child-a-overview-report.docx", "error"),
    Problem("pseudonym written \"child A\"", "footnote 4", None,
            "child-a-overview-report.docx", "warning"),
    Problem("link text <script>alert(1)</script> | pipe", "table 2 row 3 cell 1", None,
            "child-a-press-release.docx", "error"),
]


def test_summary_line_counts_errors_warnings_and_documents():
    assert summarise(PROBLEMS) == "2 errors, 1 warning in 2 documents"
    assert summarise([]) == "0 errors, 0 warnings in 0 documents"


def test_markdown_report_has_summary_table_and_every_finding(tmp_path):
    path = write_report(PROBLEMS, tmp_path / "checks.md")
    text = path.read_text(encoding="utf-8")
    assert "| child-a-overview-report.docx | 1 | 1 |" in text
    assert "| **Total** | **2** | **1** |" in text
    assert "| 1 | error | body paragraph 12 |" in text
    assert "| 2 | warning | footnote 4 |" in text
    assert "\\| pipe" in text and "\\<script\\>" in text  # escaped, table intact
    assert text.count("\n## ") == 3  # summary and one section per document


def test_html_report_escapes_every_value(tmp_path):
    text = write_report(PROBLEMS, tmp_path / "checks.html").read_text(encoding="utf-8")
    assert "<script>" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert '<html lang="en">' in text and "<title>Publication checks</title>" in text
    assert '<td class="error">error</td><td>table 2 row 3 cell 1</td>' in text


def test_report_lists_documents_checked_without_findings(tmp_path):
    path = write_report([], tmp_path / "r.md", checked=["child-a-learning-summary.docx"])
    text = path.read_text(encoding="utf-8")
    assert "## child-a-learning-summary.docx" in text and "No findings." in text


def test_report_with_other_suffix_is_refused(tmp_path):
    with pytest.raises(CheckError, match=r"\.md or \.html"):
        write_report(PROBLEMS, tmp_path / "checks.txt")
    assert not (tmp_path / "checks.txt").exists()


def test_check_paths_walks_folders_and_reports_unreadable_files(tmp_path):
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "child-a-overview-report.docx").write_bytes(make_docx(
        clean_body() + [para("Jane Smith")]))
    (pack / "child-a-learning-summary.docx").write_bytes(make_docx(clean_body()))
    (pack / "broken.docx").write_bytes(b"not a zip")
    (pack / "notes.txt").write_text("ignored")
    problems = check_paths([pack], ["Jane Smith"], allowed_creator=BOARD)
    assert sorted((p.file, p.path) for p in problems) == [
        ("broken.docx", ""), ("child-a-overview-report.docx", "body paragraph 9")]


def test_check_paths_with_a_review_runs_consistency_and_allows_the_board(tmp_path):
    (tmp_path / "child-a-learning-summary.docx").write_bytes(make_docx(
        [heading("Learning", 1), para("What happened to CHILD A.")]))
    (tmp_path / "review.yaml").write_text("format: scr-docs/1\n")
    review = {"review": {"child": "Child A"}, "board": {"name": BOARD}}
    problems = check_paths([tmp_path], [], review_loader=lambda path: review)
    assert [(p.path, p.severity) for p in problems] == [("body paragraph 2", "warning"),
                                                         ("", "warning")]


def test_checking_a_folder_checks_its_web_pages_too(tmp_path):
    (tmp_path / "child-a-learning-summary.docx").write_bytes(make_docx(clean_body()))
    (tmp_path / "child-a-learning-summary.html").write_text(
        '<!DOCTYPE html><html lang="en-GB"><head><title>Learning summary</title></head>'
        "<body><main><p>Jane Smith took part.</p></main></body></html>", encoding="utf-8")
    problems, checked = run_check([tmp_path], ["Jane Smith"])
    assert sorted(checked) == ["child-a-learning-summary.docx", "child-a-learning-summary.html"]
    assert any(p.file == "child-a-learning-summary.html" and "sensitive term" in p.message
               for p in problems if p.is_error), problems
    problems, checked = run_check([tmp_path / "child-a-learning-summary.html"], ["Jane Smith"])
    assert checked == ["child-a-learning-summary.html"] and problems[0].is_error


def test_check_paths_refuses_a_missing_path(tmp_path):
    with pytest.raises(CheckError, match="no such file"):
        check_paths([tmp_path / "missing.docx"], [])


def test_run_check_checks_documents_like_the_cli(tmp_path):
    path = tmp_path / "child-a-press-release.docx"
    path.write_bytes(make_docx(clean_body(), title=""))
    problems, checked = run_check([path], ["Jane Smith"])
    assert checked == [path.name]
    assert {p.path for p in problems} == {"core properties: title", "core properties: creator"}


EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "child-a" / "review.yaml"


@pytest.mark.skipif(not EXAMPLE.is_file(), reason="no shipped example")
def test_shipped_example_built_in_memory_passes_every_check():
    problems, checked = run_check([EXAMPLE], [])
    assert len(checked) == 5
    assert [p.format() for p in problems if p.is_error] == []


@pytest.mark.skipif(not EXAMPLE.is_file(), reason="no shipped example")
def test_review_checked_alone_finds_a_sensitive_name_in_its_documents():
    child = "Child A"  # a term surely in every document, standing in for a real name
    problems, _ = run_check([EXAMPLE], [child])
    files = {p.file for p in problems if p.message.startswith("sensitive term")}
    assert files == {f"child-a-{kind}.docx" for kind in
                     ("overview-report", "executive-summary", "press-release", "learning-summary",
                      "action-plan")}
