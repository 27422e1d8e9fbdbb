"""The validator: each rule of the format fails where it should and passes where it should."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from scr_docs.errors import Problems, ValidationError
from scr_docs.review.load import load
from scr_docs.pipeline import validate_review
from scr_docs.review.validate import validate


def problems_of(path):
    """Every problem ``scr-docs validate`` reports: schema, cross-field and text rules."""
    try:
        return validate_review(path).problems
    except ValidationError as exc:
        return Problems(items=exc.problems)


def messages(problems, severity=None):
    return {(p.path, p.severity) for p in problems.items if severity in (None, p.severity)}


def find(problems, path, severity="error"):
    hits = [p for p in problems.items if p.path == path and p.severity == severity]
    assert hits, f"no {severity} at {path}: {[p.format() for p in problems.items]}"
    return hits[0]


def test_scaffold_is_valid_without_warnings(write_review, scaffold_data):
    problems = problems_of(write_review(scaffold_data))
    assert problems.items == []


def test_every_problem_carries_file_path_and_line(write_review, scaffold_data):
    scaffold_data["panel"][0]["agency"] = "nowhere"
    scaffold_data["review"]["model"] = "other"
    path = write_review(scaffold_data)
    problems = problems_of(path)
    assert len(problems.errors) == 2
    for problem in problems.errors:
        assert problem.file == str(path) and problem.line and problem.path


def test_validate_raises_with_all_problems_and_says_nothing_written(write_review, scaffold_data):
    scaffold_data["panel"][0]["agency"] = "nowhere"
    del scaffold_data["review"]["child"]
    with pytest.raises(ValidationError) as info:
        validate(load(write_review(scaffold_data)))
    assert len(info.value.problems) == 2
    assert "nothing was written" in info.value.message


@pytest.mark.parametrize("field, value, expected", [
    ("start", "2013-09", True), ("start", "2013-09-16", False), ("start", "2013", True)])
def test_dates_compare_at_the_coarser_precision(write_review, scaffold_data, field, value, expected):
    review = scaffold_data["review"]
    review["period"] = {"start": value, "end": "2014-01"}
    review["incident"]["date"] = "2013-09-15"
    review["decision"]["date"] = "2013-10"
    review["report_date"] = "2014-03"
    problems = problems_of(write_review(scaffold_data))
    assert (problems.errors == []) is expected


def test_decision_in_the_same_month_as_a_dated_incident_is_not_before_it(write_review, scaffold_data):
    scaffold_data["review"]["incident"]["date"] = "2026-01-20"
    scaffold_data["review"]["decision"]["date"] = "2026-01"
    scaffold_data["review"]["report_date"] = "2026-01-25"
    assert problems_of(write_review(scaffold_data)).errors == []


def test_unquoted_impossible_date_is_an_error_naming_the_field(write_review):
    text = open_scaffold().replace("report_date: 2026-10 ", "report_date: 2013-13-40 ")
    problem = find(problems_of(write_review(text)), "review.report_date")
    assert "month 13" in problem.message


def test_year_only_and_quoted_dates_are_accepted(write_review, scaffold_data):
    scaffold_data["review"]["period"] = {"start": 2024, "end": "2026-01-31"}
    scaffold_data["review"]["report_date"] = "2026"
    assert problems_of(write_review(scaffold_data)).errors == []


def test_references_must_resolve_and_ids_be_unique(write_review, scaffold_data):
    scaffold_data["recommendations"]["items"][0]["agency"] = "police"
    scaffold_data["agencies"].append(dict(scaffold_data["agencies"][0]))
    problems = problems_of(write_review(scaffold_data))
    find(problems, "recommendations.items[0].agency")
    find(problems, "agencies[3].id")


def test_analysis_item_needs_exactly_one_of_tor_and_title(write_review, scaffold_data):
    scaffold_data["analysis"]["items"].append({"body": "Neither."})
    scaffold_data["analysis"]["items"].append({"title": "Theme", "body": "Fine."})
    problems = problems_of(write_review(scaffold_data))
    assert "neither" in find(problems, "analysis.items[1]").message
    assert not [p for p in problems.items if p.path == "analysis.items[2]"]


def test_a_review_without_recommendations_is_invalid(write_review, scaffold_data):
    scaffold_data["recommendations"]["items"] = []
    find(problems_of(write_review(scaffold_data)), "recommendations.items")


def test_report_quote_must_be_word_for_word_in_overview_prose(write_review, scaffold_data):
    scaffold_data["conclusions"][0]["body"] = "Agencies *did not* share the “concerns” they held."
    scaffold_data["press_release"]["report_quotes"] = [
        'Agencies did not share the "concerns"   they held.',
        "Agencies shared everything.",
    ]
    problems = problems_of(write_review(scaffold_data))
    assert [p.path for p in problems.errors] == ["press_release.report_quotes[1]"]


def test_report_quote_from_learning_summary_prose_does_not_count(write_review, scaffold_data):
    scaffold_data["press_release"]["report_quotes"] = ["The one thing practitioners should do."]
    find(problems_of(write_review(scaffold_data)), "press_release.report_quotes[0]")


def test_unknown_field_is_a_warning_and_strict_makes_it_fail(write_review, scaffold_data):
    scaffold_data["review"]["colour"] = "blue"
    path = write_review(scaffold_data)
    find(problems_of(path), "review.colour", "warning")
    validate(load(path))
    with pytest.raises(ValidationError):
        validate(load(path), strict=True)


def test_question_without_analysis_is_a_warning(write_review, scaffold_data):
    scaffold_data["terms_of_reference"].append({"id": "tor2", "question": "What else?"})
    find(problems_of(write_review(scaffold_data)), "terms_of_reference[1]", "warning")


def test_gendered_pronoun_beside_withheld_child_is_a_warning(write_review, scaffold_data):
    scaffold_data["background"] = "Child X was seen at home. The nurse saw her mother. Child X cried and he was upset."
    problem = find(problems_of(write_review(scaffold_data)), "background", "warning")
    assert "'he'" in problem.message


def test_gendered_pronoun_is_fine_when_gender_is_given(write_review, scaffold_data):
    scaffold_data["review"]["child_gender"] = "male"
    scaffold_data["background"] = "Child X cried and he was upset."
    assert problems_of(write_review(scaffold_data)).items == []


def test_pseudonym_in_another_case_is_a_warning(write_review, scaffold_data):
    scaffold_data["lessons"] = "The lessons for child x are clear."
    assert '"child x"' in find(problems_of(write_review(scaffold_data)), "lessons", "warning").message


def test_abbreviations_must_be_in_the_glossary_and_glossary_terms_used(write_review, scaffold_data):
    scaffold_data["background"] = "The HV visited twice; the PCSOs and DW1 attended. Cafcass was told."
    scaffold_data["glossary"] = [
        {"term": "HV", "meaning": "Health visitor", "kind": "role"},
        {"term": "PCSO", "meaning": "Police community support officer", "kind": "role"},
        {"term": "CAFCASS", "meaning": "Children and Family Court Advisory and Support Service",
         "kind": "agency"},
        {"term": "MASH", "meaning": "Multi-agency safeguarding hub", "kind": "agency"},
    ]
    problems = problems_of(write_review(scaffold_data))
    warnings = [p.message for p in problems.warnings]
    assert any('"DW"' in m for m in warnings)
    assert any('"MASH" is never used' in m for m in warnings)
    assert not any("HV" in m or "PCSO" in m or "CAFCASS" in m for m in warnings)


def test_abbreviation_in_a_heading_is_not_counted(write_review, scaffold_data):
    scaffold_data["background"] = "### WHAT HAPPENED\n\nThe family moved."
    assert problems_of(write_review(scaffold_data)).items == []


def test_control_characters_are_removed_with_a_warning(write_review, scaffold_data):
    scaffold_data["lessons"] = "Lessons\x07 learnt\x1b."
    path = write_review(scaffold_data)
    problem = find(problems_of(path), "lessons", "warning")
    assert "U+0007" in problem.message and "U+001B" in problem.message
    assert validate(load(path)).data["lessons"] == "Lessons learnt."


def test_include_file_is_read_relative_to_the_review(write_review, scaffold_data, tmp_path):
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "background.md").write_text("Read from a file.\n", encoding="utf-8")
    scaffold_data["background"] = {"file": "parts/background.md"}
    review = validate(load(write_review(scaffold_data)))
    assert review.data["background"] == "Read from a file.\n"


def test_missing_include_file_is_an_error_naming_the_field(write_review, scaffold_data):
    scaffold_data["lessons"] = {"file": "missing.md"}
    assert "missing.md" in find(problems_of(write_review(scaffold_data)), "lessons").message


def test_wrong_types_are_reported_in_plain_words(write_review, scaffold_data):
    scaffold_data["agencies"][0]["imr"] = "yes please"
    scaffold_data["chronology"]["periods"] = {"title": "Not a list"}
    problems = problems_of(write_review(scaffold_data))
    assert "true or false" in find(problems, "agencies[0].imr").message
    assert "a list" in find(problems, "chronology.periods").message


def test_dates_become_partial_dates_and_defaults_are_filled(write_review, scaffold_data):
    del scaffold_data["review"]["status"]
    review = validate(load(write_review(scaffold_data)))
    assert review.data["review"]["report_date"].text() == "October 2026"
    assert review.data["review"]["status"] == "draft"
    assert review.data["agencies"][1]["imr"] is False


def open_scaffold() -> str:
    from conftest import SCAFFOLD
    return SCAFFOLD.read_text(encoding="utf-8")


def test_schema_is_a_valid_cerberus_schema():
    """The build trusts SCHEMA without Cerberus's meta-check; this runs that check."""
    import cerberus.schema

    from scr_docs.review.schema import SCHEMA
    from scr_docs.review.validate import ReviewValidator

    cerberus.schema.DefinitionSchema(ReviewValidator(), SCHEMA).validate()


def test_the_trusted_schema_is_expanded_once_and_expanding_it_again_changes_nothing():
    """TrustedSchema's copy and field setting skip Cerberus's expansion of rules already
    expanded; this checks that expanding them again would give the same rules."""
    import copy

    import cerberus.schema

    from scr_docs.review.validate import review_validator

    schema = review_validator().schema
    expanded = schema.schema
    assert cerberus.schema.DefinitionSchema.expand(copy.deepcopy(expanded)) == expanded
    copied = schema.copy()
    assert copied.schema == expanded and copied.schema is not expanded


def test_include_file_with_windows_line_endings_reads_as_paragraphs(write_review, scaffold_data,
                                                                     tmp_path):
    (tmp_path / "lessons.md").write_bytes(b"First paragraph.\r\n\r\nSecond paragraph.\r\n")
    scaffold_data["lessons"] = {"file": "lessons.md"}
    review = validate(load(write_review(scaffold_data)))
    assert review.data["lessons"] == "First paragraph.\n\nSecond paragraph.\n"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abAB &-.\n1é")), max_size=40),
       st.text(alphabet=st.sampled_from(list("abAB&-1é")), min_size=1, max_size=6))
def test_word_index_finds_exactly_what_the_phrase_pattern_finds(words, phrase):
    from scr_docs.text import contains_phrase, phrases_in

    assert (phrase in phrases_in(words, [phrase])) == contains_phrase(words, phrase)


@pytest.mark.parametrize("value, printed", [
    ("2019", "in 2019"), ("2019-03", "in March 2019"), ("2019-03-05", "on 5 March 2019")])
def test_dates_print_with_the_preposition_their_precision_needs(value, printed):
    from scr_docs.review.dates import parse_date

    assert parse_date(value).when() == printed
    assert parse_date(value).when(start=True) == printed[:1].upper() + printed[1:]
