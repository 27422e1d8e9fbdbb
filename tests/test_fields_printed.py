"""Optional fields the format accepts show up in the documents, worded for their values."""

from __future__ import annotations

from scr_docs.pipeline import assemble
from scr_docs.review.load import load
from scr_docs.review.validate import validate


def texts(write_review, data, only=None) -> dict[str, str]:
    return assemble(validate(load(write_review(data))), only).texts


def test_agency_heading_carries_its_abbreviation(write_review, scaffold_data):
    scaffold_data["agencies"][0]["abbreviation"] = "ECSC"
    scaffold_data["glossary"] = [{"term": "ECSC", "meaning": "Example children's social care",
                                  "kind": "agency"}]
    text = texts(write_review, scaffold_data, "overview-report")["overview-report"]
    assert "Example Council Children\u2019s Social Care (ECSC)" in text


def test_family_table_gets_a_notes_column_only_when_a_member_has_notes(write_review,
                                                                        scaffold_data):
    assert "Notes" not in texts(write_review, scaffold_data, "overview-report")["overview-report"]
    scaffold_data["family"]["members"][1]["notes"] = "Lived with the child throughout"
    text = texts(write_review, scaffold_data, "overview-report")["overview-report"]
    assert "Notes" in text and "Lived with the child throughout" in text


def test_review_dates_are_printed_with_the_right_preposition(write_review, scaffold_data):
    scaffold_data["review"]["initiated"] = "2026-04-02"
    scaffold_data["review"]["accepted"] = "2026-10"
    text = texts(write_review, scaffold_data, "overview-report")["overview-report"]
    assert "The review began on 2 April 2026." in text
    assert "accepted its findings in October 2026." in text
    assert "In March 2026 the independent chair of the partnership decided" in text


def test_recommendation_sources_are_counted(write_review, scaffold_data):
    item = scaffold_data["recommendations"]["items"][0]
    scaffold_data["recommendations"]["items"] += [dict(item, source="imr"), dict(item, source="imr")]
    text = texts(write_review, scaffold_data, "overview-report")["overview-report"]
    assert "Of these, one comes from the panel and two from agencies\u2019 individual management " \
           "reviews." in text


def test_board_chair_statement_is_the_default_press_quote(write_review, scaffold_data):
    del scaffold_data["press_release"]["quotes"]
    scaffold_data["board"]["chair"]["statement"] = "We will act on every recommendation."
    text = texts(write_review, scaffold_data, "press-release")["press-release"]
    assert "Independent Chair Name, Independent Chair, said:" in text
    assert "\u201cWe will act on every recommendation.\u201d" in text
