"""The board's house style for headings, lead-ins and generated sentences, as data.

Every heading and fixed lead-in the documents print has a key here, its default wording and
a description; the review file may replace any of them under ``wording`` (see
``schema.WORDING``), and may turn a generated sentence off under ``wording.sentences``.
``assemble.facts.Facts.title`` / ``lead_in`` / ``says`` read them.

A default may hold the placeholders ``{a_review}`` (``a serious case review``), ``{review}``
(``serious case review``), ``{Review}`` (``Serious Case Review``) and ``{child}``; they are
filled in defaults only. The author's own wording is printed literally, never formatted.
"""

from __future__ import annotations

TITLES: dict[str, dict[str, tuple[str, str]]] = {
    "overview": {
        "introduction": ("Introduction", "Section 1."),
        "background": ("Background and decision to hold {a_review}", "Section 1.1."),
        "purpose_and_conduct": ("Purpose and conduct of the review", "Section 1.2."),
        "terms_of_reference": ("Terms of reference", "Sub-heading in 1.2."),
        "conduct": ("Conduct of the review", "Sub-heading in 1.2."),
        "anonymisation": ("Anonymisation", "Sub-heading in 1.2."),
        "executive_summary": ("Executive summary", "Section 1.3, the summary inside the "
                              "overview report."),
        "review_process": ("Review process", "Section 2."),
        "agencies": ("Relevant agencies", "Section 2.1."),
        "family": ("Family involvement", "Section 2.2."),
        "background_contact": ("Agency contact prior to the review period", "Section 3."),
        "background_intro": ("Introduction", "The one subsection of section 3."),
        "chronology": ("Agency contact within the review period", "Section 4."),
        "chronology_intro": ("Introduction", "First subsection of section 4 "
                             "(`chronology.intro`)."),
        "analysis": ("Analysis", "Section 5."),
        "analysis_intro": ("Introduction", "First subsection of section 5 (`analysis.intro`)."),
        "conclusions_and_lessons": ("Conclusions and lessons learnt", "Section 6."),
        "findings": ("Findings", "Heading over `findings.summary` in 1.3, when good practice "
                     "or themes follow it."),
        "good_practice": ("Good practice", "Heading over `findings.good_practice` in 1.3."),
        "sub_optimal_practice": ("Practice that fell short",
                                 "Heading over `findings.sub_optimal_practice` in 1.3."),
        "themes": ("Themes", "Heading over `findings.themes` in 1.3."),
        "conclusions": ("Conclusions", "Subsection of section 6."),
        "lessons": ("Lessons learnt", "Heading over `lessons`, after the conclusions in "
                    "section 6."),
        "improvements": ("Improvements already introduced", "Subsection of section 6."),
        "recommendations": ("Recommendations", "Section 7."),
        "recommendations_intro": ("Introduction", "Section 7.1."),
        "responsibility": ("Responsibility for implementation", "Section 7.2."),
        "glossary": ("Glossary", "Section 8."),
        "glossary_agency": ("Agencies", "Glossary table of `kind: agency` entries."),
        "glossary_role": ("Roles", "Glossary table of `kind: role` entries."),
        "glossary_term": ("Terms", "Glossary table of `kind: term` entries."),
        "bibliography": ("Bibliography", "Section 9."),
    },
    "executive_summary": {
        "introduction": ("Introduction", "Part 1."),
        "summary_of_events": ("Summary of events", "Part 2."),
        "analysis": ("Analysis and findings", "Part 3."),
        "good_practice": ("Good practice", "Heading over `findings.good_practice`."),
        "sub_optimal_practice": ("Practice that fell short",
                                 "Heading over `findings.sub_optimal_practice`."),
        "themes": ("Themes", "Heading over `findings.themes`."),
        "conclusions": ("Summary and conclusions", "Part 4."),
        "improvements": ("Improvements already introduced", "Heading in part 4."),
        "recommendations": ("Recommendations", "Part 5."),
        "glossary": ("Glossary", "Last part."),
    },
    "press_release": {
        "other_issues": ("Other issues raised in the {review}", "Heading over "
                         "`press_release.other_issues`."),
        "agencies": ("Agencies involved with {child} and the family", "Heading over the "
                     "agencies and their media contacts."),
        "about": ("About the {review}", "Heading over what a review is."),
        "notes_to_editors": ("Notes to editors", "Heading over "
                             "`press_release.notes_to_editors`."),
    },
    "learning_summary": {
        "case": ("Summary of the case", "Heading over the case summary."),
        "how_learning_achieved": ("How the learning was achieved", "Heading over "
                                  "`learning_summary.how_learning_achieved`."),
        "findings": ("Findings", "Heading over `learning_summary.findings` (or "
                     "`findings.summary` when `learning_summary.sections` lists it)."),
        "lessons": ("Lessons learnt", "Heading over `lessons`."),
        "themes": ("Themes in common with other reviews", "Heading over the themes."),
        "points_for_managers": ("Learning points for managers", "Heading over "
                                "`learning_summary.points_for_managers`."),
        "points_for_practitioners": ("Learning points for practitioners", "Heading over "
                                     "`learning_summary.points_for_practitioners`."),
        "inter_agency_messages": ("Key messages for inter-agency learning", "Heading over "
                                  "`learning_summary.inter_agency_messages`."),
        "one_thing": ("If you do one thing\u2026", "Heading over "
                      "`learning_summary.one_thing`."),
        "reflect": ("Questions to reflect on", "Heading over `learning_summary.reflect`."),
        "resources": ("Training and resources", "Heading over "
                      "`learning_summary.resources`."),
        "purpose": ("The purpose of {a_review}", "Heading over what a review is."),
        "key_areas": ("Key areas for improvement", "Heading over "
                      "`learning_summary.key_areas`."),
    },
}
"""Headings by document: key -> (default wording, where it is printed)."""

LEAD_INS: dict[str, tuple[str, str]] = {
    "terms_of_reference": ("The review set out to answer these questions:",
                           "Before the terms of reference in the overview report."),
    "panel": ("The review panel was made up of the following members:",
              "Before the panel table in the overview report."),
    "executive_terms_of_reference": ("The terms of reference asked:",
                                     "Before the terms of reference in the executive summary."),
    "executive_panel": ("The review panel comprised:",
                        "Before the panel list in the executive summary."),
    "report_quotes": ("The report concludes:",
                      "Before `press_release.report_quotes` in the press release."),
    "terms_of_reference_in_analysis": (
        "The terms of reference are set out in the {analysis} section, each with the "
        "analysis that answers it.",
        "In the overview report's 1.2, instead of listing the terms of reference that "
        "analysis items answer (each is printed there as the item's heading)."),
    "agencies": ("The following agencies contributed to the review:",
                 "Before the bullet list of agencies in the overview report "
                 "(`wording.agency_list: bullets`)."),
}
"""Fixed lead-in sentences: key -> (default wording, where it is printed). An empty text
(`""`) leaves the lead-in out."""

SENTENCES: dict[str, str] = {
    "decision": "The sentence saying who decided to hold the review and when (1.1); left out "
                "anyway when `review.decision.reason` speaks of the decision (\"decided\", "
                "\"decision\"); it says \"the case\" when the incident summary gives the "
                "child's age, else what happened and the age.",
    "chair": "\"The panel was chaired by ...\" (left out anyway when the chair's `statement` "
             "or `review.conduct` gives the chair's full name and a word starting \"chair\").",
    "authors": "\"The overview report was written by ...\" (left out anyway when, for every "
               "author, their `statement` or `review.conduct` gives their full name and a word "
               "starting \"author\").",
    "model": "\"The review used ...\", the sentence on the review model.",
    "imr_count": "\"N agencies provided individual management reviews ...\" (left out anyway "
                 "when `review.conduct` speaks of them: \"IMR\", \"individual management "
                 "review\").",
    "review_dates": "\"The review began ... The board accepted its findings ...\".",
    "anonymisation": "The anonymisation paragraph.",
    "purpose": "The fixed paragraphs on the purpose of a review.",
    "agency_count": "\"N agencies contributed to the review.\" (the agencies with `role: "
                    "contributed`; not written with `wording.agency_list: bullets`).",
    "recommendation_count": "The sentence counting the recommendations (left out anyway in "
                            "the overview report when `recommendations.intro` gives the "
                            "number, in digits or words).",
    "recommendation_sources": "\"Of these, N come from the panel ...\" (left out anyway when "
                              "`recommendations.intro` says where they came from: \"panel\", "
                              "\"author\", \"IMR\").",
    "opening": "The opening sentence of the executive summary, press release and learning "
               "summary (\"... publishes the report of ...\").",
    "about": "The paragraph on what a review is (press release, learning summary).",
    "also_involved": "\"Also involved: ...\", the press release's list of the contributing "
                     "agencies that give no media contact.",
}
"""Generated sentences that ``wording.sentences.<key>: false`` turns off: key -> what it is."""


def fill(default: str, values: dict[str, str]) -> str:
    """Return ``default`` with its ``{placeholder}`` names replaced from ``values``; an unknown
    name is left as written. Only defaults are filled, never the author's text."""
    for name, value in values.items():
        default = default.replace("{" + name + "}", value)
    return default
