"""Precision of the text rules on wording taken from the real reviews: a house style, the
mother as antecedent, dated chronology entries, names in capitals, well-known abbreviations."""

from scr_docs.model.nodes import Source
from scr_docs.textrules import run_rules
from scr_docs.textrules.base import Corpus, Passage

REVIEW = {"review": {"child": "Child H", "child_gender": "withheld",
                     "child_age_at_incident": "21 months"},
          "board": {"name": "Oxfordshire Safeguarding Children Board"},
          "agencies": [{"id": "police", "name": "Thames Valley Police"}],
          "glossary": [{"term": "SCR", "definition": "Serious case review"}],
          "family": {"members": [{"relationship": "Maternal grandmother", "gender": "female"}]}}


def found(texts: list[str], rule: str, field: str = "background") -> list[str]:
    passages = [Passage(t, "overview-report", f"paragraph {i}",
                        Source(field=field, line=i, file="review.yaml"))
                for i, t in enumerate(texts, 1)]
    corpus = Corpus({"overview-report": passages}, REVIEW)
    return [p.message for p in run_rules(corpus, only={rule}, review_file="review.yaml",
                                         final=False)]


def test_lower_case_pseudonym_mid_sentence_with_capital_at_sentence_start_is_consistent():
    assert found(["The SCR saw child H at home.", "Child H was well; later child H slept."],
                 "pseudonym") == []


def test_lower_case_pseudonym_letter_is_reported():
    assert len(found(["The SCR saw child h at home."], "pseudonym")) == 1


def test_sentence_starting_with_lower_case_pseudonym_is_reported():
    assert len(found(["We saw child H. child H slept."], "pseudonym")) == 1


def test_pronoun_after_the_mother_in_the_same_sentence_is_about_the_mother():
    assert found(["Mother later pleaded guilty to charges associated with her care of child H."],
                 "pronoun") == []


def test_pronoun_after_a_family_table_adult_in_the_sentence_before_is_about_that_adult():
    assert found(["The maternal grandmother of child H was invited. "
                  "She said child H was well cared for by her."], "pronoun") == []


def test_pronoun_about_the_child_is_reported():
    assert len(found(["Mother failed to bring child H for his further immunisation."],
                     "pronoun")) == 1


def test_age_in_a_dated_chronology_entry_is_left_alone():
    assert found(["In May 2012 child H, then aged 2 months, was seen."], "age",
                 field="chronology.periods[1].body") == []


def test_age_elsewhere_that_differs_is_reported():
    assert len(found(["Child H, then aged 2 months, died."], "age")) == 1


def test_agency_name_in_capitals_is_the_same_name():
    assert found(["THAMES VALLEY POLICE: the force saw child H.",
                  "Oxfordshire Safeguarding Children Board"], "agency-name") == []


def test_well_known_abbreviations_and_capitals_need_no_glossary_entry():
    assert found(["The SCR used NHS and UK data. INWARD FOCUS: staff were busy."],
                 "glossary") == []


def test_unknown_abbreviation_needs_a_glossary_entry():
    assert found(["The SCR met the FGC twice."], "glossary") == [
        'abbreviation "FGC" is used (1 time) but is not in the glossary (in the overview report)']


def test_ignore_list_silences_a_rule_for_one_field_or_phrase():
    from scr_docs.textrules import rules
    from scr_docs.review.schema import TEXT_RULES

    assert TEXT_RULES == list(rules())
    texts = ["The SCR met the FGC twice."]
    REVIEW["checks"] = {"ignore": [{"rule": "glossary", "field": "background"}]}
    try:
        assert found(texts, "glossary") == []
        REVIEW["checks"] = {"ignore": [{"rule": "glossary", "phrase": '"FGC"'}]}
        assert found(texts, "glossary") == []
        REVIEW["checks"] = {"ignore": [{"rule": "glossary", "field": "conclusions"}]}
        assert len(found(texts, "glossary")) == 1
        REVIEW["checks"] = {"known_abbreviations": ["FGC"]}
        assert found(texts, "glossary") == []
    finally:
        del REVIEW["checks"]
