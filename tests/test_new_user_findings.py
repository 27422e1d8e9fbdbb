"""What a new user met when writing a review from scratch, each fixed and pinned here."""

from __future__ import annotations

import pytest

from scr_docs.assemble.executive import _in_running_text
from scr_docs.errors import ValidationError
from scr_docs.pipeline import validate_review


def problems(path):
    try:
        return validate_review(path).problems.items
    except ValidationError as exc:
        return exc.problems


@pytest.mark.parametrize("title,inside", [
    ("Antenatal period", "antenatal period"),
    ("Birth and the first year", "birth and the first year"),
    ("April 2023 to August 2024", "April 2023 to August 2024"),
    ("2019 to 2020", "2019 to 2020"),
    ("GP contact before the birth", "GP contact before the birth"),
    ("MASH referral", "MASH referral"),
])
def test_a_period_title_keeps_its_capital_when_it_starts_with_a_name_or_date(title, inside):
    assert _in_running_text(title) == inside


def test_a_comma_inside_braces_that_cuts_a_value_is_an_error_saying_to_quote_it(
        write_review, scaffold_data):
    text = write_review(scaffold_data).read_text(encoding="utf-8").replace(
        "glossary: []", "glossary:\n- {term: DASH, meaning: Domestic Abuse, Stalking and "
        "Harassment risk assessment, kind: term}")
    path = write_review(text)
    found = [p for p in problems(path) if p.path.startswith("glossary[0].")]
    assert found and found[0].is_error and "quotes" in found[0].message
    assert "Stalking and Harassment risk assessment" in found[0].message


def test_a_report_quote_that_is_not_in_the_report_is_reported_once_at_its_field(
        write_review, scaffold_data):
    scaffold_data["press_release"]["report_quotes"] = [
        "Agencies shared everything they knew with each other at every single stage."]
    found = [p for p in problems(write_review(scaffold_data)) if "quot" in p.message]
    assert [p.path for p in found] == ["press_release.report_quotes[0]"]
    assert "written by scr-docs" not in found[0].message


# -- second trial (issue 10's closing) -------------------------------------------------------

@pytest.mark.parametrize("title,printed", [("Who lives here?", "Who lives here? "),
                                           ("Neglect", "Neglect: "),
                                           ("Action points:", "Action points: ")])
def test_a_bold_lead_in_keeps_its_own_punctuation(title, printed):
    from scr_docs.assemble.facts import label

    assert label(title) == printed


def test_only_given_twice_builds_both_kinds(tmp_path):
    from pathlib import Path

    from click.testing import CliRunner

    from scr_docs.cli import cli

    example = Path(__file__).resolve().parents[1] / "examples" / "child-a" / "review.yaml"
    result = CliRunner().invoke(cli, ["build", str(example), "-o", str(tmp_path / "out"),
                                      "--only", "press-release", "--only", "learning-summary"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "child-a-learning-summary.docx", "child-a-press-release.docx"]


@pytest.mark.parametrize("text,line,says", [
    ("format: scr-docs/1\nagencies:\n  - id: hv\n    involvement: Health visiting: new birth visit\n",
     4, "the value of 'involvement' holds a colon followed by a space"),
    ("format: scr-docs/1\nreview:\n\tchild: x\n", 3, "a tab character: indent with spaces"),
])
def test_a_yaml_syntax_error_says_what_to_do_in_plain_words(tmp_path, text, line, says):
    from scr_docs.errors import ReviewFileError
    from scr_docs.review.load import load

    path = tmp_path / "review.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReviewFileError) as caught:
        load(path)
    [problem] = caught.value.problems
    assert problem.line == line and problem.message.startswith(says), problem.message


def test_bullets_pasted_from_word_stay_a_list_in_a_recommendation():
    from scr_docs.model.builder import DocBuilder
    from scr_docs.model.nodes import BulletList
    from scr_docs.model.plain import text_blocks

    w = DocBuilder()
    w.recommendation("The agency should make sure that:\n\u2022\tthe carer is named;\n"
                     "\u2022\tthe full name is recorded.")
    assert any(isinstance(b, BulletList) for b in w.document.blocks)
    texts = [b.text for b in text_blocks(w.document)]
    assert "the carer is named;" in texts and "the full name is recorded." in texts
    assert not any("\u2022" in t for t in texts)


def test_validate_never_says_nothing_was_written_but_build_does(tmp_path):
    from click.testing import CliRunner

    from scr_docs.cli import cli

    review = tmp_path / "review.yaml"
    review.write_text("format: scr-docs/1\nreview:\n\tchild: x\n", encoding="utf-8")
    said = CliRunner().invoke(cli, ["validate", str(review)])
    assert said.exit_code == 1 and "nothing was written" not in said.output
    built = CliRunner().invoke(cli, ["build", str(review), "-o", str(tmp_path / "out")])
    assert built.exit_code == 1 and "nothing was written" in built.output
