"""Findings grouped by rule: one line per rule with its count and first places, every place
with --verbose, a closing summary; and the real Oxfordshire review's draft build stays short."""

import shutil
from pathlib import Path

from click.testing import CliRunner

from scr_docs.cli import cli
from scr_docs.errors import ERROR, WARNING, Problem
from scr_docs.grouped import grouped_lines, summary

OXFORDSHIRE = Path(__file__).parent / "fixtures" / "real" / "oxfordshire-child-h"


def _warnings(rule, n):
    return [Problem(f"finding {i}", f"findings.summary[{i}]", 10 + i, "review.yaml", WARNING,
                    rule) for i in range(n)]


def test_warnings_of_one_rule_are_one_line_starting_as_its_first_finding_does():
    lines = grouped_lines(_warnings("pronoun", 5))
    assert len(lines) == 1
    text = lines[0][0]
    assert text.startswith("review.yaml:10: findings.summary[0]: warning: finding 0 -- ")
    assert "pronoun, 5 findings; the others at review.yaml:11 findings.summary[1]" in text
    assert "and 1 more (--verbose lists them)" in text


def test_one_finding_in_several_places_says_so():
    same = [Problem("term used", f"findings.summary[{i}]", 10 + i, "review.yaml", WARNING,
                    "glossary") for i in range(2)]
    text = grouped_lines(same)[0][0]
    assert text == ("review.yaml:10: findings.summary[0]: warning: term used -- glossary, "
                    "the same in 2 places; also at review.yaml:11 findings.summary[1]")


def test_verbose_lists_every_place_and_errors_are_never_grouped():
    problems = _warnings("age", 4) + [Problem("bad", "x", 1, "review.yaml", ERROR, "link-text")] * 2
    assert len(grouped_lines(problems, verbose=True)) == 6
    assert len(grouped_lines(problems)) == 3


def test_summary_counts_warnings_and_rules():
    assert summary(_warnings("pronoun", 7) + _warnings("age", 5)) == "12 warnings from 2 rules"


def test_summary_counts_only_text_rules_as_rules():
    other = [Problem(f"terms-of-reference question 'tor-{n}' has no analysis item",
                     f"terms_of_reference[{n}]", n, "review.yaml", "warning") for n in range(7)]
    assert summary(_warnings("agency-name", 2) + other) == (
        "9 warnings (2 from 1 text rule, 7 others)")
    assert summary(other[:3]) == "3 warnings"


def test_real_oxfordshire_review_builds_as_a_draft_with_few_warning_lines(tmp_path):
    folder = tmp_path / "review"
    shutil.copytree(OXFORDSHIRE, folder)
    review = folder / "review.yaml"
    review.write_text(review.read_text().replace("status: final", "status: draft", 1))
    result = CliRunner().invoke(cli, ["build", str(review), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    warning_lines = [l for l in result.output.splitlines() if "warning" in l]
    assert 0 < len(warning_lines) <= 30
    assert (tmp_path / "out" / "child-h-overview-report.docx").exists()


def test_places_of_different_findings_name_what_each_is_about():
    problems = [Problem(f'abbreviation "{term}" is used (1 time) but is not in the glossary',
                        f"chronology.periods[{i}].body", 100 + i, "review.yaml", WARNING,
                        "glossary") for i, term in enumerate(("DASH", "ED"))]
    text = grouped_lines(problems)[0][0]
    assert text.startswith('review.yaml:100: chronology.periods[0].body: warning: '
                           'abbreviation "DASH" is used (1 time)')
    assert 'glossary, 2 findings; the others at review.yaml:101 chronology.periods[1].body ' \
           '("ED")' in text


def test_check_prints_one_summary_line():
    review = OXFORDSHIRE / "review.yaml"
    result = CliRunner().invoke(cli, ["check", str(review)])
    summaries = [line for line in result.output.splitlines()
                 if " warnings" in line and not line.startswith("warning")]
    assert len(summaries) == 1 and summaries[0].endswith("in 5 documents"), summaries
