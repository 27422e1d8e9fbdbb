"""Consistency across the four documents: each inconsistency planted and found in its place."""

from __future__ import annotations

import copy

import pytest
from checkdocs import BOARD, heading, make_docx, para, table

from scr_docs.check import check_consistency, read_docx

QUOTE = "Professionals did not see the world through Child A\u2019s eyes."
REVIEW = {
    "review": {"child": "Child A", "child_age_at_incident": "21 months",
               "incident": {"date": "2018-11-03"}},
    "board": {"name": BOARD},
    "agencies": [
        {"id": "csc", "name": "Children's Social Care", "abbreviation": "CSC"},
        {"id": "police", "name": "Thames Valley Police", "abbreviation": "TVP"},
    ],
    "recommendations": {"items": [
        {"agency": "csc", "text": "Train staff."},
        {"agency": "police", "text": "Share information.", "board_level": True},
        {"agency": "csc", "text": "Audit cases."},
    ]},
    "press_release": {"report_quotes": [QUOTE]},
    "glossary": [
        {"term": "CSC", "meaning": "Children's Social Care", "kind": "agency"},
        {"term": "GP", "meaning": "General Practitioner", "kind": "role"},
        {"term": "DW", "meaning": "Duty Worker", "kind": "role"},
    ],
}


def overview(*extra: str, recommendations: int = 3) -> list[str]:
    return [
        para("Serious Case Review: Child A", style="Title"),
        heading("Introduction", 1),
        para(f"The {BOARD} commissioned this review about Child A, aged 21 months."),
        para("Children's Social Care (CSC) and Thames Valley Police worked with the GPs."),
        para("DW1 visited twice. Professionals did not see the world through Child A's eyes."),
        *extra,
        heading("Recommendations", 1),
        *[para(f"Recommendation {i}.", style="Recommendation") for i in range(recommendations)],
        heading("Glossary", 1),
        table([["Term", "Meaning"], ["CSC", "Children's Social Care"],
               ["GP", "General Practitioner"], ["DW", "Duty Worker"],
               ["NSPCC", "A charity, defined but listed only here"]]),
    ]


def documents(**bodies) -> dict:
    bodies = {
        "overview-report": overview(),
        "executive-summary": [heading("Summary", 1),
                              para(f"The {BOARD} review of Child A makes 3 recommendations, "
                                   "of which one recommendation is for the board.")],
        "press-release": [heading("Press release", 1),
                          para(f"The {BOARD} publishes its review of Child A today."),
                          para(f"The report says: \u201c{QUOTE}\u201d")],
        "learning-summary": [heading("Learning", 1), para(f"{BOARD}: learning from Child A.")],
        **bodies,
    }
    return {kind: read_docx(make_docx(body), f"child-a-{kind}.docx")
            for kind, body in bodies.items()}


def found(docs, review=REVIEW) -> list[tuple[str, str, str]]:
    return [(p.file, p.path, p.severity) for p in check_consistency(docs, review)]


@pytest.fixture(scope="module")
def clean():
    return documents()


def test_consistent_documents_have_no_finding(clean):
    assert check_consistency(clean, REVIEW) == []


def test_pseudonym_in_another_case_is_a_warning_at_its_place():
    docs = documents(**{"learning-summary": [heading("Learning", 1), para(f"{BOARD}."),
                                             para("What happened to child A matters."),
                                             para("CHILD A was seen.")]})
    assert found(docs) == [("child-a-learning-summary.docx", "body paragraph 3", "warning"),
                           ("child-a-learning-summary.docx", "body paragraph 4", "warning")]


def test_both_forms_used_mid_sentence_reports_the_rarer_form():
    docs = documents(**{"learning-summary": [para(f"{BOARD}."), para("We saw child A at home."),
                                             para("Then child A slept and child A woke."),
                                             para("Nurses visited Child A often.")]})
    # the learning summary writes "child A" three times mid-sentence, its own house style
    # (as the published Oxfordshire report and press release differ): "Child A" is its rarer
    # form, although the other documents write "Child A"
    assert found(docs) == [("child-a-learning-summary.docx", "body paragraph 4", "warning")]


def test_ordinary_english_that_reads_like_the_pseudonym_is_not_flagged():
    docs = documents(**{"learning-summary": [para(f"{BOARD} saw the child a week later.")]})
    assert found(docs) == []


def test_different_age_next_to_the_pseudonym_is_a_warning():
    docs = documents(**{"executive-summary": [
        para(f"{BOARD}: Child A (then aged 19 months) was taken to hospital. "
             "The board makes 3 recommendations.")]})
    problems = check_consistency(docs, REVIEW)
    assert [(p.file, p.path) for p in problems] == [("child-a-executive-summary.docx",
                                                     "body paragraph 1")]
    assert '"19 months"' in problems[0].message and '"21 months"' in problems[0].message


def test_same_age_in_other_words_is_fine():
    docs = documents(**{"learning-summary": [para(f"{BOARD}: Child A, aged twenty-one months.")]})
    assert found(docs) == []
    docs = documents(**{"learning-summary": [para(f"{BOARD}: a 21-month-old Child A.")]})
    assert found(docs) == []


def test_age_in_a_dated_chronology_entry_or_now_is_not_the_age_at_the_incident():
    docs = documents(**{"overview-report": overview(
        para("On 8 May 2018 Child A, then thirteen months old, was seen at the clinic."),
        para("Child A, now aged four years, lives with relatives."))})
    assert found(docs) == []


def test_age_in_a_sentence_dated_at_the_incident_must_agree():
    docs = documents(**{"overview-report": overview(
        para("On 3 November 2018 Child A, then aged 20 months, was admitted."))})
    assert found(docs) == [("child-a-overview-report.docx", "body paragraph 6", "warning")]


def test_board_name_missing_from_a_document_is_a_warning():
    docs = documents(**{"learning-summary": [heading("Learning", 1), para("About Child A.")]})
    problems = check_consistency(docs, REVIEW)
    assert [(p.file, p.path, p.severity) for p in problems] == [
        ("child-a-learning-summary.docx", "", "warning")]
    assert "appears nowhere" in problems[0].message


def test_agency_named_in_another_case_is_a_warning():
    docs = documents(**{"press-release": [
        para(f"The {BOARD} and Thames Valley police. \u201c{QUOTE}\u201d")]})
    problems = check_consistency(docs, REVIEW)
    assert [(p.file, p.path) for p in problems] == [("child-a-press-release.docx",
                                                     "body paragraph 1")]
    assert '"Thames Valley police"' in problems[0].message


def test_curly_apostrophe_in_agency_name_is_the_same_name():
    docs = documents(**{"learning-summary": [para(f"{BOARD}: Children\u2019s Social Care.")]})
    assert found(docs) == []


def test_recommendation_paragraph_count_differing_from_the_review_is_a_warning():
    docs = documents(**{"overview-report": overview(recommendations=2)})
    problems = check_consistency(docs, REVIEW)
    assert [(p.file, p.path, p.severity) for p in problems] == [
        ("child-a-overview-report.docx", "recommendations", "warning")]


@pytest.mark.parametrize("sentence", ["The review makes 17 recommendations.",
                                      "There are four multi-agency recommendations."])
def test_stated_recommendation_count_that_differs_is_a_warning(sentence):
    docs = documents(**{"learning-summary": [para(f"{BOARD}."), para(sentence)]})
    assert found(docs) == [("child-a-learning-summary.docx", "body paragraph 2", "warning")]


def test_executive_summary_may_count_only_board_level_recommendations():
    docs = documents(**{"executive-summary": [para(f"{BOARD}: 1 recommendations for the board; "
                                                   "the first two recommendations are urgent.")]})
    assert found(docs) == []


def test_report_quote_missing_from_the_overview_report_is_an_error():
    review = copy.deepcopy(REVIEW)
    review["press_release"]["report_quotes"].append("A sentence the report never says at all.")
    docs = documents(**{"press-release": [
        para(f"{BOARD}: \u201c{QUOTE}\u201d and "
             "\u201cA sentence the report never says at all.\u201d")]})
    assert found(docs, review) == [
        ("child-a-overview-report.docx", "press_release.report_quotes[1]", "error")]


def test_report_quote_changed_in_the_press_release_is_an_error():
    inexact = "Professionals did not see the world through the eyes of Child A."
    docs = documents(**{"press-release": [para(f"{BOARD} on Child A: \u201c{inexact}\u201d")]})
    assert sorted(found(docs)) == [
        ("child-a-press-release.docx", "body paragraph 1", "error"),
        ("child-a-press-release.docx", "press_release.report_quotes[0]", "error")]


def test_quoting_a_person_is_not_taken_for_a_report_quote():
    said = para(f"The chair of the {BOARD} said: \u201cWe accept every finding and will act on "
                "them now.\u201d")
    docs = documents(**{"press-release": [para(f"{BOARD} on Child A: \u201c{QUOTE}\u201d"), said]})
    assert found(docs) == []


def test_abbreviation_used_but_not_in_the_glossary_is_a_warning_at_first_use():
    more = para("The MASH and the PCSOs met; MASH again.")
    docs = documents(**{"overview-report": overview(more)})
    problems = check_consistency(docs, REVIEW)
    assert [(p.path, p.severity) for p in problems] == [("body paragraph 6", "warning")] * 2
    assert '"MASH" is used (2 times)' in problems[0].message
    assert '"PCSO"' in problems[1].message


def test_abbreviations_in_headings_are_not_counted():
    docs = documents(**{"overview-report": overview(heading("The role of the MASH", 2))})
    assert found(docs) == []


def test_glossary_term_never_used_outside_the_glossary_is_a_warning():
    review = copy.deepcopy(REVIEW)
    review["glossary"].append({"term": "Cafcass", "meaning": "Courts advisory", "kind": "agency"})
    problems = check_consistency(documents(), review)
    assert [(p.file, p.path, p.severity) for p in problems] == [
        ("child-a-overview-report.docx", "glossary: Cafcass", "warning")]


def test_glossary_term_matches_abbreviation_in_any_case():
    review = copy.deepcopy(REVIEW)
    review["glossary"].append({"term": "Cafcass", "meaning": "Courts advisory", "kind": "agency"})
    docs = documents(**{"overview-report": overview(para("CAFCASS was told."))})
    assert found(docs, review) == []


def test_agency_abbreviation_counts_as_defined():
    docs = documents(**{"overview-report": overview(para("TVP attended."))})
    assert found(docs) == []
