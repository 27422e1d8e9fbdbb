"""Each fact is said once, in the case's words (issue 10, items 2, 3, 4 and 7).

A generated sentence is written only where the review file has no author text for the same
fact, and never twice; overview section 6 does not repeat 1.3; numbers, board and agency
wording come from the data.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from scr_docs.model.plain import text_blocks
from scr_docs.pipeline import assemble_models, facts_of
from scr_docs.review.load import load
from scr_docs.review.validate import validate
from scr_docs.review.wording import LEAD_INS

ROOT = Path(__file__).resolve().parents[1]
REVIEWS = sorted((ROOT / "tests" / "fixtures" / "real").glob("*/review.yaml")) + sorted(
    (ROOT / "examples").glob("*/review.yaml"))
OXFORDSHIRE = ROOT / "tests" / "fixtures" / "real" / "oxfordshire-child-h" / "review.yaml"
LEICESTERSHIRE = ROOT / "tests" / "fixtures" / "real" / "leicestershire-child-h" / "review.yaml"

# Left out of the count, with the reason:
# - the bibliography lists the works that footnotes cite (a citation is said twice by design);
# - the press release quotes the report word for word (the issue sets its quotes aside).
NOT_COUNTED = ("bibliography", "press_release.report_quotes")

_SENTENCE_END = re.compile(r"(?<=[.!?:;])[\"'\u201d\u2019)]*\s+")


def sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` that have 12 words or more, spaces normalised."""
    found = (" ".join(s.split()) for s in _SENTENCE_END.split(text))
    return [s for s in found if len(s.split()) >= 12]


def repeated(document) -> dict[str, int]:
    """Return {sentence: times} for every sentence of 12+ words printed more than once."""
    counted = Counter(s for block in text_blocks(document)
                      if not block.source.field.startswith(NOT_COUNTED)
                      for s in sentences(block.text))
    return {s: n for s, n in counted.items() if n > 1}


def models_of(path: Path) -> dict:
    review = validate(load(path))
    return {kind: builder.document
            for kind, (builder, _) in assemble_models(review, facts_of(review)).items()}


@pytest.fixture(scope="module")
def built() -> dict[str, dict]:
    return {path.parent.name: models_of(path) for path in REVIEWS}


@pytest.mark.parametrize("review", [p.parent.name for p in REVIEWS])
def test_no_sentence_of_twelve_words_or_more_is_printed_twice_in_any_document(built, review):
    for kind, document in built[review].items():
        assert repeated(document) == {}, f"{review} {kind}"


def test_the_repeat_finder_finds_a_repeated_sentence():
    from scr_docs.model import DocBuilder

    w = DocBuilder()
    line = "The same sentence of at least twelve words is printed here in two places."
    w.prose(line + "\n\nSomething else.\n\n" + line)
    assert repeated(w.document) == {line: 2}


# -- helpers that build one variant of the scaffold --------------------------------------------
def texts(write_review, data: dict, *kinds: str) -> dict[str, str]:
    from scr_docs.model.plain import plain_text

    models = models_of(write_review(data))
    return {kind: plain_text(models[kind]) for kind in kinds}


def overview(write_review, data: dict) -> str:
    return texts(write_review, data, "overview-report")["overview-report"]


def executive(write_review, data: dict) -> str:
    return texts(write_review, data, "executive-summary")["executive-summary"]


# -- the decision ------------------------------------------------------------------------------
def test_the_decision_sentence_follows_the_authors_reason(write_review, scaffold_data):
    scaffold_data["review"]["decision"]["reason"] = "The case was referred on 2 March 2026."
    text = overview(write_review, scaffold_data)
    assert text.index("The case was referred") < text.index("decided that the incident in")


def test_a_reason_that_tells_the_decision_replaces_the_generated_sentence(write_review,
                                                                          scaffold_data):
    scaffold_data["review"]["decision"]["reason"] = (
        "On 26.06.13 the chair supported the recommendation and notified the DfE of his decision.")
    text = overview(write_review, scaffold_data)
    assert "decided that" not in text
    assert "notified the DfE of his decision" in text
    # The executive summary does not print the reason: its one sentence on the decision.
    text = executive(write_review, scaffold_data)
    assert text.count("decided that the case met the criteria") == 1
    assert "notified the DfE" not in text


def test_a_reason_saying_the_criteria_were_met_replaces_the_generated_sentence(write_review,
                                                                                scaffold_data):
    scaffold_data["review"]["decision"]["reason"] = (
        "The criteria for a local child safeguarding practice review were met because the "
        "child died and abuse was suspected.")
    text = overview(write_review, scaffold_data)
    assert "decided that" not in text
    assert "were met because the child died" in text


def test_an_executive_summary_family_intro_that_promises_a_table_gets_the_table(
        write_review, scaffold_data):
    scaffold_data["family"]["intro"] = ("The family members relevant to the review are shown "
                                        "in the table below.")
    subject = next(m for m in scaffold_data["family"]["members"] if m.get("subject"))
    text = executive(write_review, scaffold_data)
    lines = text.splitlines()
    at = lines.index("The family members relevant to the review are shown in the table below.")
    assert "Relationship" in lines[at + 1:at + 4]
    assert subject["relationship"].split()[0] in "\n".join(lines[at:at + 12])


def test_the_childs_row_names_the_pseudonym_once(write_review, scaffold_data):
    subject = next(m for m in scaffold_data["family"]["members"] if m.get("subject"))
    child = scaffold_data["review"]["child"]
    subject["relationship"] = f"Subject child ({child})"
    text = overview(write_review, scaffold_data)
    assert f"Subject child ({child})" in text
    assert f"({child}) ({child})" not in text


# -- chair, authors, IMRs ----------------------------------------------------------------------
def test_a_chair_the_statement_introduces_is_not_introduced_again(write_review, scaffold_data):
    scaffold_data["chair"]["statement"] = "The panel was chaired by Panel Chair Name, who ..."
    for text in (overview(write_review, scaffold_data), executive(write_review, scaffold_data)):
        assert text.count("chaired by Panel Chair Name") == 1


def test_a_statement_that_does_not_say_who_the_person_is_keeps_the_generated_sentence(
        write_review, scaffold_data):
    scaffold_data["chair"]["statement"] = "Panel Chair Name has chaired twenty reviews."
    scaffold_data["author"]["statement"] = "She has no link with any agency."
    text = overview(write_review, scaffold_data)
    assert "The panel was chaired by" not in text  # name and "chair" in the statement
    assert "The overview report was written by Overview Author Name" in text


def test_an_author_named_in_the_conduct_is_not_introduced_again(write_review, scaffold_data):
    scaffold_data["author"].pop("statement")
    scaffold_data["review"]["conduct"] = "An Independent Author (Overview Author Name) wrote it."
    for text in (overview(write_review, scaffold_data), executive(write_review, scaffold_data)):
        assert "was written by" not in text


def test_the_imr_count_gives_way_to_a_conduct_that_tells_the_imrs(write_review, scaffold_data):
    scaffold_data["review"]["conduct"] = "Eleven IMRs were submitted."
    for text in (overview(write_review, scaffold_data), executive(write_review, scaffold_data)):
        assert "provided an individual management review" not in text
        assert "Eleven IMRs were submitted." in text
    scaffold_data["review"]["conduct"] = "The panel met four times."
    assert "One agency provided an individual management review of its involvement" in overview(
        write_review, scaffold_data)


# -- recommendations ---------------------------------------------------------------------------
def test_one_recommendation_is_not_numbered_1_to_1(write_review, scaffold_data):
    text = overview(write_review, scaffold_data)
    assert "1 to 1" not in text
    assert "The review makes one recommendation, set out below" in text


def test_an_intro_that_gives_the_count_or_the_sources_replaces_the_generated_sentences(
        write_review, scaffold_data):
    scaffold_data["recommendations"]["intro"] = "The panel made one recommendation."
    text = overview(write_review, scaffold_data)
    assert "The review makes" not in text
    assert "comes from the panel" not in text and "All come" not in text and "It comes" not in text


def test_the_executive_summary_words_one_recommendation_for_its_owner(write_review,
                                                                      scaffold_data):
    scaffold_data["recommendations"]["items"][0]["board_level"] = False
    scaffold_data["recommendations"]["items"][0]["agency"] = "social-care"
    text = executive(write_review, scaffold_data)
    assert "one recommendation, to the Example Council Children\u2019s Social Care." in text
    assert "each addressed" not in text and "they are" not in text


def test_board_level_recommendations_are_addressed_to_the_board_by_its_own_name(
        write_review, scaffold_data):
    scaffold_data["board"]["short_name"] = "the Board"
    text = executive(write_review, scaffold_data)
    assert "to the Board. It follows" in text
    assert "partnership as a whole" not in text


# -- what happened -----------------------------------------------------------------------------
@pytest.mark.parametrize("harm,words", [("died", "following the death of Child X in January 2026"),
                                        ("seriously harmed", "following serious harm to Child X"),
                                        ("other", "following an incident in January 2026")])
def test_the_executive_summary_says_what_happened_to_the_child(write_review, scaffold_data,
                                                               harm, words):
    scaffold_data["review"]["incident"]["harm"] = harm
    assert words in executive(write_review, scaffold_data)


# -- agencies ----------------------------------------------------------------------------------
def test_only_contributing_agencies_are_counted_and_listed(write_review, scaffold_data):
    text = overview(write_review, scaffold_data)  # the board is role: commissioner
    assert "Two agencies contributed to the review." in text
    assert "Commissioned the review." not in text


def test_agencies_can_be_listed_as_bullets_with_their_involvement_in_brackets(write_review,
                                                                              scaffold_data):
    scaffold_data["wording"] = {"agency_list": "bullets"}
    scaffold_data["agencies"][1]["involvement"] = "Health visiting."
    text = overview(write_review, scaffold_data)
    assert LEAD_INS["agencies"][0] in text
    assert "Example Community Health Services (Health visiting)" in text
    assert "agencies contributed to the review." not in text


def test_oxfordshire_lists_its_eight_agencies_as_published(write_review):
    lines = models_text(OXFORDSHIRE, "overview-report").splitlines()
    start = lines.index("The following were identified as likely to have information of relevance:")
    assert lines[start + 1:start + 9] == [
        "Oxford Health NHS Foundation Trust (Health Visiting & Specialist Community Addictions "
        "Services (SCAS) subsequently known as Harm Minimisation Service)",
        "Oxford University Hospitals NHS Trust (Emergency & Acute Care)",
        "Oxfordshire Clinical Commissioning Group (GP services)",
        "Oxfordshire Children\u2019s Social Care & Youth Offending Service (Child Protection and Child "
        "in Need Services)",
        "Oxfordshire Education & Early Intervention Service (Children\u2019s Centres)",
        "Child & Family Courts Advisory & Support Service (historical services to older sibling "
        "only)",
        "Thames Valley Police (investigation of crimes committed by the mother and emergency "
        "protection on day of overdose)",
        "Thames Valley Probation (Community Order on mother)"]
    assert lines[start + 9] == "Family involvement"


def models_text(path: Path, kind: str) -> str:
    from scr_docs.model.plain import plain_text

    return plain_text(models_of(path)[kind])


# -- section 6 ---------------------------------------------------------------------------------
def test_section_6_gives_conclusions_with_lessons_then_improvements_after_their_intro(
        write_review, scaffold_data):
    scaffold_data["improvements_intro"] = "Since the incident the agencies have made changes:"
    text = overview(write_review, scaffold_data)
    section = text[text.index("Conclusions and lessons learnt"):text.index("Recommendations")]
    order = ["A conclusion", "The conclusion.", "Lessons learnt", "The lessons learnt.",
             "Improvements already introduced", "Since the incident",
             "An improvement already introduced."]
    assert [section.index(s) for s in order] == sorted(section.index(s) for s in order)
    assert "The main findings." not in section and "Findings" not in section
    assert text.count("The main findings.") == 1


def test_improvements_after_an_intro_are_its_bullet_list(write_review, scaffold_data):
    from scr_docs.model.plain import text_blocks as blocks

    scaffold_data["improvements_intro"] = "Since the incident:"
    [block] = [b for b in blocks(models_of(write_review(scaffold_data))["overview-report"])
               if b.text == "An improvement already introduced."]
    assert block.style == "ListBullet"


# -- the house style: a board's own titles and lead-ins -----------------------------------------
def test_a_boards_own_titles_and_lead_in_print_and_the_defaults_stay(write_review, scaffold_data):
    default = overview(write_review, scaffold_data)
    assert "Review process" in default.splitlines() and "Glossary" not in default  # no glossary
    scaffold_data["glossary"] = [{"term": "CSC", "meaning": "Children's Social Care"}]
    assert "Glossary" in overview(write_review, scaffold_data).splitlines()
    scaffold_data["wording"] = {
        "titles": {"overview": {"review_process": "Review process & relevant background",
                                "glossary": "Glossary of abbreviations"}},
        "lead_ins": {"panel": "The panel members were:"}}
    lines = overview(write_review, scaffold_data).splitlines()
    for own in ("Review process & relevant background", "Glossary of abbreviations",
                "The panel members were:"):
        assert own in lines
    for default_line in ("Review process", "Glossary", LEAD_INS["panel"][0]):
        assert default_line not in lines


def test_oxfordshire_prints_its_own_section_titles():
    lines = models_text(OXFORDSHIRE, "overview-report").splitlines()
    assert "Review process & relevant background" in lines
    assert "Glossary of abbreviations" in lines
    assert "Conclusions & lessons learnt" in lines


# -- the family in the executive summary ---------------------------------------------------------
def test_a_family_intro_that_announces_a_list_is_followed_by_it(write_review, scaffold_data):
    scaffold_data["family"]["intro"] = "The author met family members as follows."
    text = executive(write_review, scaffold_data)
    assert "The author met family members as follows.\nMother: How the mother contributed" in text
    scaffold_data["family"]["intro"] = "The mother met the author."
    assert "How the mother contributed" not in executive(write_review, scaffold_data)


def test_a_pseudonym_keeps_its_case_in_the_family_sentence(write_review, scaffold_data):
    scaffold_data["family"].pop("intro")
    scaffold_data["family"]["members"].append({"relationship": "Birth father of Child X"})
    scaffold_data["family"]["involvement"].append(
        {"member": "Birth father of Child X", "participated": False, "body": "No reply."})
    text = executive(write_review, scaffold_data)
    assert "Birth father of Child X did not take part." in text
    assert "child x" not in text


# -- terms of reference ------------------------------------------------------------------------
def test_a_term_of_reference_is_printed_once_in_the_analysis_or_in_the_list(write_review,
                                                                             scaffold_data):
    scaffold_data["terms_of_reference"].append(
        {"id": "tor2", "question": "Was the review itself timely and well run?"})
    lines = overview(write_review, scaffold_data).splitlines()
    asked = "How well did agencies work together to safeguard Child X?"
    assert lines.count(asked) == 1  # the heading of its analysis item only
    assert lines.count("Was information shared in time?") == 1
    at = lines.index(LEAD_INS["terms_of_reference"][0])
    assert lines[at + 1] == "Was the review itself timely and well run?"
    assert "The terms of reference are set out in the Analysis section" in "\n".join(lines)


def test_an_agency_that_contributed_must_say_what_it_did(write_review, scaffold_data):
    from scr_docs.review.validate import check

    scaffold_data["agencies"][1].pop("involvement")
    _, problems = check(load(write_review(scaffold_data)))
    assert [p.path for p in problems.errors] == ["agencies[1].involvement"]


def test_involvement_of_an_agency_that_is_not_listed_is_reported_as_printed_nowhere(
        write_review, scaffold_data):
    from scr_docs.review.validate import check

    scaffold_data["agencies"][2]["involvement"] = "Commissioned the review."  # the board
    _, problems = check(load(write_review(scaffold_data)))
    assert not problems.errors
    [warning] = [p for p in problems.warnings if p.path == "agencies[2].involvement"]
    assert "printed nowhere" in warning.message and "commissioner" in warning.message


@pytest.mark.parametrize("key,phrase", [
    ("decision", "decided that"), ("chair", "The panel was chaired by"),
    ("authors", "The overview report was written by"),
    ("imr_count", "provided an individual management review"),
    ("recommendation_count", "The review makes one recommendation"),
    ("recommendation_sources", "comes from the panel"),
    ("agency_count", "agencies contributed to the review."),
    ("model", "The review used"), ("anonymisation", "To protect the identity"),
    ("purpose", "The purpose of the review is")])
def test_each_generated_sentence_of_the_overview_can_be_turned_off(write_review, scaffold_data,
                                                                    key, phrase):
    for person in ("chair", "author"):
        scaffold_data[person]["statement"] = "Independent."
    scaffold_data["recommendations"]["intro"] = "The board will check them."
    assert phrase in overview(write_review, scaffold_data)
    scaffold_data["wording"] = {"sentences": {key: False}}
    assert phrase not in overview(write_review, scaffold_data)


def test_the_decision_sentence_does_not_repeat_the_age_the_incident_summary_gives(
        write_review, scaffold_data):
    scaffold_data["review"]["incident"]["summary"] = "Child X, then 2 years old, was found hurt."
    assert "decided that the case met the criteria" in overview(write_review, scaffold_data)


def test_a_recommendations_intro_that_announces_the_list_comes_just_before_it(write_review,
                                                                              scaffold_data):
    scaffold_data["recommendations"]["intro"] = "The recommendations are as follows:"
    lines = overview(write_review, scaffold_data).splitlines()
    at = lines.index("The recommendations are as follows:")
    assert lines[at - 2:at] == ["The review makes one recommendation, set out below under the "
                                "agency responsible for it.", "It comes from the panel."]
    assert lines[at + 1] == "Responsibility for implementation"
