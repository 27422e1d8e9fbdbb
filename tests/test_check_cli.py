"""`scr-docs check` and the checks `build` runs: exit codes, places, nothing written on error."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx
import pytest
import yaml
from click.testing import CliRunner

from scr_docs.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "child-a" / "review.yaml"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("built")
    result = run("build", EXAMPLE, "-o", out)
    assert result.exit_code == 0, result.output
    return out


@pytest.fixture
def bad_docx(tmp_path):
    document = docx.Document()
    document.core_properties.author = "Jane Smithson"
    document.add_heading("Review", 1)
    document.add_heading("Skipped a level", 3)
    paragraph = document.add_paragraph("The school was ")
    paragraph.add_run("Oakfield Prim")
    paragraph.add_run("ary School.")
    path = tmp_path / "bad.docx"
    document.save(path)
    sensitive = tmp_path / "sensitive.txt"
    sensitive.write_text("# kept outside the review\nJane Smithson\nOakfield Primary School\n")
    return path, sensitive


def test_check_of_built_example_finds_nothing_and_exits_0(built):
    result = run("check", built)
    assert result.exit_code == 0, result.output
    assert "0 errors, 0 warnings in 5 documents" in result.output  # four + the action plan


def test_check_reports_each_problem_with_its_place_and_exits_1(bad_docx, tmp_path):
    path, sensitive = bad_docx
    report = tmp_path / "findings.md"
    result = run("check", path, "--sensitive", sensitive, "--report", report)
    assert result.exit_code == 1
    assert "bad.docx: body paragraph 3: error: sensitive term 2" in result.output
    assert "core properties: creator: error" in result.output
    assert "heading level skips from 1 to 3" in result.output
    text = report.read_text()
    assert "heading level skips" in text
    assert "Smithson" not in text and "Oakfield" not in text


def test_build_refuses_a_sensitive_name_and_writes_nothing(tmp_path):
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    review = tmp_path / "review.yaml"
    for include in ("background.md", "notes-to-editors.md", "wexmoor-logo.png"):
        shutil.copyfile(EXAMPLE.parent / include, tmp_path / include)  # links out are refused
    shutil.copytree(EXAMPLE.parent / "chronology", tmp_path / "chronology")
    data["lessons"] += "\n\nThe family later moved to Bramblecombe."
    review.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    sensitive = tmp_path / "names.txt"
    sensitive.write_text("Bramblecombe\n")
    out = tmp_path / "out"
    result = run("build", review, "-o", out, "--sensitive", sensitive)
    assert result.exit_code == 1
    assert "sensitive term 1" in result.output and "nothing was written" in result.output
    assert not out.exists()


def test_strict_check_counts_warnings(tmp_path, built):
    document = docx.Document(built / "child-a-learning-summary.docx")
    document.add_paragraph("A note about CHILD A written in the wrong case.")
    path = tmp_path / "child-a-learning-summary.docx"
    document.save(path)
    result = run("check", path, EXAMPLE)
    assert result.exit_code == 0 and "warning" in result.output
    assert run("check", "--strict", path, EXAMPLE).exit_code == 1
