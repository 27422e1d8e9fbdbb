"""The press release and learning summary as boards publish them, and the action plan's opening:
the communications team's lead and narrative in their order, quotations placed by the author,
the notes to editors after ENDS, who the recommendations are for, the learning summary's
sections chosen by the author (issue 10, items 5 and 6)."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml

from scr_docs.errors import ValidationError
from scr_docs.pipeline import assemble, facts_of
from scr_docs.review.load import load
from scr_docs.review.validate import validate
from scr_docs.review.wording import TITLES

ROOT = Path(__file__).resolve().parents[1]
CHILD_A = ROOT / "examples" / "child-a" / "review.yaml"
CHILD_B = ROOT / "examples" / "child-b" / "review.yaml"
OXFORDSHIRE = ROOT / "tests" / "fixtures" / "real" / "oxfordshire-child-h" / "review.yaml"


def _data(example: Path) -> dict:
    return yaml.safe_load(example.read_text(encoding="utf-8"))


def _review(example: Path, data: dict, tmp_path: Path):
    folder = tmp_path / example.parent.name
    shutil.copytree(example.parent, folder, dirs_exist_ok=True)
    path = folder / "review.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return validate(load(path))


def _texts(example: Path, data: dict, tmp_path: Path) -> dict[str, str]:
    return assemble(_review(example, data, tmp_path)).texts


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _index(lines: list[str], start: str) -> int:
    return next(i for i, line in enumerate(lines) if line.startswith(start))


# -- press release ---------------------------------------------------------------------------------
NARRATIVE = [{"paragraph": "Our first narrative paragraph."},
             {"paragraph": "The panel then found, in its own words:"},
             {"report_quote": 2},
             {"paragraph": "Our second narrative paragraph."},
             {"quote": 1},
             {"paragraph": "Our closing narrative paragraph."}]


@pytest.fixture(scope="module")
def narrated(tmp_path_factory) -> list[str]:
    data = _data(CHILD_A)
    data["press_release"]["lead"] = "Our own lead paragraph about Child A."
    data["press_release"]["narrative"] = copy.deepcopy(NARRATIVE)
    return _lines(_texts(CHILD_A, data, tmp_path_factory.mktemp("p"))["press-release"])


def test_press_release_prints_the_lead_and_narrative_in_the_authors_order(narrated):
    order = [_index(narrated, start) for start in (
        "Our own lead paragraph", "Our first narrative", "The panel then found",
        "\u201cNo agency knew who was living", "Our second narrative", "Professor Helen Ashdown",
        "Our closing narrative", "\u201cThe serious injuries")]
    assert order == sorted(order), narrated


def test_an_authors_lead_replaces_the_generated_opening_and_incident_summary(narrated):
    assert not any("today publishes the report" in line for line in narrated)
    incident = _data(CHILD_A)["review"]["incident"]["summary"].split("\n")[0][:60]
    assert not any(line.startswith(incident) for line in narrated)


def test_report_concludes_comes_only_before_the_report_quotes_the_narrative_does_not_place(
        narrated):
    placed = _index(narrated, "\u201cNo agency knew who was living")
    rest = _index(narrated, "\u201cThe serious injuries")
    assert narrated[placed - 1].startswith("The panel then found")
    assert narrated.count("The report concludes:") == 1
    assert narrated[rest - 1] == "The report concludes:"


def test_ends_closes_the_release_copy_before_the_notes_to_editors(narrated):
    ends = narrated.index("ENDS")
    assert ends < narrated.index(TITLES["press_release"]["notes_to_editors"][0])
    assert ends > _index(narrated, "Also involved:")


def test_press_release_without_narrative_keeps_the_generated_lead_with_what_happened(tmp_path):
    data = _data(CHILD_A)
    data["review"]["incident"]["harm"] = "seriously harmed"
    lines = _lines(_texts(CHILD_A, data, tmp_path)["press-release"])
    opening = lines[_index(lines, "Wexmoor Safeguarding Children Partnership today publishes")]
    assert "following serious harm to Child A in November 2018" in opening, opening
    assert lines[_index(lines, "The report concludes:") + 1].startswith("\u201cThe serious")


def test_about_the_review_is_printed_once_when_the_notes_to_editors_are_about_it(tmp_path):
    data = _data(CHILD_A)
    about = "About the serious case review"
    data["press_release"]["notes_to_editors"] = "Serious case reviews are held when ..."
    data["wording"] = {"titles": {"press_release": {"notes_to_editors": about}}}
    lines = _lines(_texts(CHILD_A, data, tmp_path / "titled")["press-release"])
    assert lines.count(about) == 1 and lines[lines.index(about) + 1].startswith("Serious case")
    data["wording"] = {}
    data["press_release"]["notes_to_editors"] = f"### {about}\n\nSerious case reviews are ..."
    lines = _lines(_texts(CHILD_A, data, tmp_path / "opening")["press-release"])
    assert lines.count(about) == 1, lines


def test_about_the_review_is_printed_before_notes_that_are_about_something_else(tmp_path):
    lines = _lines(_texts(CHILD_A, _data(CHILD_A), tmp_path)["press-release"])
    about = TITLES["press_release"]["about"][0].replace("{review}", "serious case review")
    assert lines.index("ENDS") < lines.index(about) < lines.index("Notes to editors")


def test_one_recommendation_is_said_to_be_for_the_agency_that_owns_it(tmp_path):
    data = _data(CHILD_A)
    data["recommendations"]["items"] = [
        item for item in data["recommendations"]["items"] if item["agency"] == "csc"][:1]
    data["press_release"]["quotes"] = [{"speaker": "A Chair", "title": "Chair",
                                        "body": "We welcome the report."}]
    lines = _lines(_texts(CHILD_A, data, tmp_path)["press-release"])
    csc = next(a["name"] for a in data["agencies"] if a["id"] == "csc").replace("'", "\u2019")
    assert f"The report makes one recommendation to {csc}." in lines, lines


def test_recommendations_name_the_board_only_when_it_owns_one(tmp_path):
    data = _data(CHILD_A)
    facts = facts_of(_review(CHILD_A, data, tmp_path / "all"))
    assert facts.addressees.endswith("and the Partnership")
    data["recommendations"]["items"] = [
        item for item in data["recommendations"]["items"] if item["agency"] != "board"]
    facts = facts_of(_review(CHILD_A, data, tmp_path / "agencies"))
    assert "Partnership" not in facts.addressees


def test_the_generated_recommendation_sentence_gives_way_to_a_quote_that_says_it(tmp_path):
    data = _data(CHILD_A)
    data["press_release"]["quotes"][0]["body"] += (
        "\n\nThe report makes a number of recommendations for all agencies involved.")
    lines = _lines(_texts(CHILD_A, data, tmp_path / "said")["press-release"])
    assert not any(line.startswith("The report makes 21") for line in lines)
    # "will make sure that every recommendation is carried through" does not say what they are
    lines = _lines(_texts(CHILD_A, _data(CHILD_A), tmp_path / "unsaid")["press-release"])
    assert any(line.startswith("The report makes 21 recommendations to") for line in lines)


def test_also_involved_lists_only_contributing_agencies_never_the_board(tmp_path):
    data = _data(CHILD_A)
    data["agencies"].append({"id": "wscp-board", "name": data["board"]["name"],
                             "involvement": "Published the review."})
    housing = next(a for a in data["agencies"] if a["id"] == "housing")
    housing["role"] = "panel"
    lines = _lines(_texts(CHILD_A, data, tmp_path)["press-release"])
    involved = lines[_index(lines, "Also involved:")]
    assert housing["name"] not in involved and data["board"]["name"] not in involved
    assert next(a["name"] for a in data["agencies"] if a["id"] == "gp") in involved


@pytest.mark.parametrize("entry,message", [
    ({"paragraph": "Text.", "report_quote": 1}, "not paragraph and report_quote"),
    ({"report_quote": 3}, "there is no report quote number 3"),
    ({"quote": 2}, "there is no attributed quote number 2"),
])
def test_a_narrative_entry_must_give_one_thing_that_exists(tmp_path, entry, message):
    data = _data(CHILD_A)
    data["press_release"]["narrative"] = [entry]
    with pytest.raises(ValidationError) as raised:
        _review(CHILD_A, data, tmp_path)
    assert any(message in p.message and p.path.startswith("press_release.narrative[0]")
               for p in raised.value.problems), [p.format() for p in raised.value.problems]


def test_oxfordshire_press_release_follows_the_published_order(tmp_path):
    lines = _lines(assemble(validate(load(OXFORDSHIRE))).texts["press-release"])
    published = ["Oxfordshire Safeguarding Children Board today publishes",
                 "Emergency services were called", "In the ambulance", "The report details",
                 "The report highlights", "\u201cthough accidents", "Although a great deal",
                 "\u201cPanel members", "Numerous attempts", "These include appointments",
                 "Harriet Pennington", "Other issues raised", "The following agencies",
                 "ENDS", "Notes to editors", "When a child dies"]
    order = [_index(lines, start) for start in published]
    assert order == sorted(order), lines
    assert "The report concludes:" not in lines
    assert not any(line.startswith("A serious case review is held") for line in lines)


# -- learning summary ------------------------------------------------------------------------------
def test_learning_summary_leaves_out_the_long_findings_summary_by_default(tmp_path):
    data = _data(CHILD_A)
    summary = data["findings"]["summary"].strip().split("\n")[0][:50]
    text = _texts(CHILD_A, data, tmp_path)["learning-summary"]
    assert summary not in text


def test_learning_summary_prints_the_sections_the_author_lists_in_that_order(tmp_path):
    data = _data(CHILD_A)
    data["learning_summary"]["sections"] = ["points_for_practitioners", "case", "findings"]
    data["wording"] = {"titles": {"learning_summary": {
        "points_for_practitioners": "Action points for practitioners"}}}
    lines = _lines(_texts(CHILD_A, data, tmp_path)["learning-summary"])
    headings = [h for h in (TITLES["learning_summary"][k][0] for k in TITLES["learning_summary"])
                if h in lines]
    assert headings == ["Summary of the case", "Findings"], headings
    assert _index(lines, "Action points for practitioners") < lines.index("Summary of the case") \
        < lines.index("Findings")
    summary = data["findings"]["summary"].strip().split("\n")[0][:50]
    assert any(line.startswith(summary) for line in lines)  # listed: the whole summary prints


def test_learning_summary_prints_key_areas_for_improvement(tmp_path):
    data = _data(CHILD_A)
    data["learning_summary"]["key_areas"] = ["Need to involve fathers better"]
    lines = _lines(_texts(CHILD_A, data, tmp_path)["learning-summary"])
    assert lines[lines.index("Key areas for improvement") + 1] == \
        "Need to involve fathers better"


def test_a_section_key_that_is_not_a_heading_of_the_learning_summary_is_refused(tmp_path):
    data = _data(CHILD_A)
    data["learning_summary"]["sections"] = ["case", "conclusions"]
    with pytest.raises(ValidationError):
        _review(CHILD_A, data, tmp_path)


@pytest.mark.parametrize("panel,expected", [
    ([{"role": "Nurse", "agency": "icb"}],
     "led a panel with one member, from {icb};"),
    ([{"role": "Nurse", "agency": "icb"}, {"role": "Doctor", "agency": "icb"}],
     "led a panel of two members from {icb};"),
    ([{"role": "Nurse", "agency": "icb"}, {"role": "Officer", "agency": "school"}],
     "led a panel of two members from two agencies;"),
])
def test_how_learning_was_achieved_says_panel_numbers_in_words(tmp_path, panel, expected):
    data = _data(CHILD_B)
    data["panel"] = panel
    agencies = {a["id"]: a["name"] for a in data["agencies"]}
    text = _texts(CHILD_B, data, tmp_path)["learning-summary"]
    assert expected.format(**agencies) in text, text


def test_oxfordshire_learning_summary_has_the_published_sections_and_headings():
    lines = _lines(assemble(validate(load(OXFORDSHIRE))).texts["learning-summary"])
    published = ["A summary of the case reviewed:", "How was learning achieved?",
                 "Themes in common with other case reviews in Oxfordshire",
                 "Learning points for managers", "Action points for practitioners",
                 "Key messages for inter-agency learning",
                 "If you do one thing, take the time to...", "Training and resources",
                 "The purpose of a serious case review is to:"]
    order = [lines.index(heading) for heading in published]
    assert order == sorted(order)
    assert "Findings" not in lines and "Insufficient appreciation of risk" not in lines


# -- action plan -----------------------------------------------------------------------------------
def test_action_plan_introduction_reads_as_sentences_with_typographic_apostrophes(tmp_path):
    text = _texts(CHILD_A, _data(CHILD_A), tmp_path)["action-plan"]
    lines = _lines(text)
    intro = lines[lines.index("About this plan") + 1]
    assert intro.startswith("This plan sets out how the Wexmoor Safeguarding Children "
                            "Partnership and its partner agencies will act on the 21 "
                            "recommendations of the serious case review concerning Child A. ")
    assert ": " not in intro.split(". ")[0]
    assert "'" not in text and "\u2019" in text


# -- after a new user's trial --------------------------------------------------------------

def _press_with_narrative(tmp_path: Path, **press) -> list[str]:
    data = _data(CHILD_A)
    data["press_release"].pop("lead", None)
    data["press_release"].update(press)
    return _lines(_texts(CHILD_A, data, tmp_path)["press-release"])


def test_a_narrative_without_a_lead_opens_the_release_with_no_generated_opening(tmp_path):
    lines = _press_with_narrative(tmp_path, narrative=[
        {"paragraph": "The Partnership has today published a review following the death of "
                      "a young child."}])
    assert not any("today publishes the report of" in line for line in lines), lines
    assert lines.index("The Partnership has today published a review following the death "
                       "of a young child.") < 4


def test_a_quote_pasted_with_its_quotation_marks_is_not_double_quoted(tmp_path):
    lines = _press_with_narrative(tmp_path, quotes=[
        {"speaker": "A Chair", "title": "Chair", "body": "\u201cWe accept every finding.\u201d"}])
    assert "\u201cWe accept every finding.\u201d" in lines, lines
    assert not any("\u201c\u201c" in line or "\u201d\u201d" in line for line in lines)


def test_a_narrative_paragraph_ending_in_a_colon_attributes_the_quote_after_it(tmp_path):
    lines = _press_with_narrative(tmp_path, quotes=[
        {"speaker": "Dr A Scrutineer", "title": "Independent Scrutineer",
         "body": "Lessons must be learnt."}], narrative=[
        {"paragraph": "The Partnership's independent scrutineer said:"}, {"quote": 1}])
    assert not any(line.endswith("Independent Scrutineer, said:") for line in lines), lines
    assert "\u201cLessons must be learnt.\u201d" in lines


def test_notes_to_editors_that_say_what_a_review_is_replace_the_generated_about(tmp_path):
    lines = _press_with_narrative(tmp_path, notes_to_editors=(
        "A serious case review is held when a child dies or is seriously harmed and abuse or "
        "neglect is known or suspected."))
    assert "About the serious case review" not in lines, lines
    assert any(line.startswith("A serious case review is held when a child dies") for line in lines)


def test_only_double_marks_around_a_whole_quotation_are_taken_off():
    from scr_docs.assemble.press import _unquoted

    assert _unquoted(["\u201cWe accept every finding.\u201d"]) == ["We accept every finding."]
    assert _unquoted(["\u201cFirst paragraph.", "Second.\u201d"]) == ["First paragraph.",
                                                                       "Second."]
    kept = ["'predictable' to some extent, not 'preventable'"]
    assert _unquoted(kept) == kept   # single marks are the author's own
    two = ["\u201cA\u201d, she said, \u201cB\u201d"]
    assert _unquoted(two) == two     # two quotations, not one
