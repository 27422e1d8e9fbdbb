"""The board's house style: every heading and lead-in can be renamed, and the defaults are
today's wording."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from scr_docs.pipeline import assemble
from scr_docs.review.load import load
from scr_docs.review.validate import validate
from scr_docs.review.wording import LEAD_INS, TITLES, fill

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = [ROOT / "examples" / "child-a" / "review.yaml",
            ROOT / "examples" / "child-b" / "review.yaml"]
DOCUMENT_KIND = {"overview": "overview-report", "executive_summary": "executive-summary",
                 "press_release": "press-release", "learning_summary": "learning-summary"}


def _build_with(example: Path, wording: dict, tmp_path: Path,
                without_learning_points: bool = False) -> dict[str, str]:
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    data["wording"] = wording
    if without_learning_points:  # the learning summary then prints the lessons learnt
        for key in ("points_for_managers", "points_for_practitioners"):
            data.get("learning_summary", {}).pop(key, None)
    folder = tmp_path / example.parent.name
    shutil.copytree(example.parent, folder)  # includes and pictures beside the review
    review_file = folder / "review.yaml"
    review_file.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                           encoding="utf-8")
    return assemble(validate(load(review_file))).texts


def _marker(document: str, key: str) -> str:
    return f"House {document} {key} heading"


@pytest.fixture(scope="module")
def renamed(tmp_path_factory) -> list[dict[str, str]]:
    wording = {"titles": {doc: {key: _marker(doc, key) for key in keys}
                          for doc, keys in TITLES.items()},
               "lead_ins": {key: f"House lead-in {key}." for key in LEAD_INS}}
    return [_build_with(example, wording, tmp_path_factory.mktemp("w")) for example in EXAMPLES] + [
        _build_with(EXAMPLES[0], wording, tmp_path_factory.mktemp("w"), without_learning_points=True)]


@pytest.mark.parametrize("document,key", [(d, k) for d, keys in TITLES.items() for k in keys])
def test_every_heading_can_be_renamed(renamed, document, key):
    kind = DOCUMENT_KIND[document]
    assert any(_marker(document, key) in texts[kind] for texts in renamed), (
        f"wording.titles.{document}.{key} is printed in neither example's {kind}")


def test_a_renamed_heading_replaces_the_default(renamed):
    for texts in renamed:
        assert "Relevant agencies" not in texts["overview-report"]
        assert "Learning points for practitioners" not in texts["learning-summary"]


def test_lead_ins_can_be_renamed_or_left_out(renamed, tmp_path):
    overview = renamed[0]["overview-report"]
    # The example's analysis answers every term of reference: 1.2 points there.
    assert "House lead-in terms_of_reference_in_analysis." in overview
    assert "House lead-in panel." in overview
    assert "House lead-in executive_panel." in renamed[0]["executive-summary"]
    texts = _build_with(EXAMPLES[0], {"lead_ins": {"terms_of_reference_in_analysis": ""}},
                        tmp_path)
    assert fill(LEAD_INS["terms_of_reference_in_analysis"][0], {"analysis": "Analysis"}) \
        not in texts["overview-report"]


def test_default_wording_is_printed_when_the_review_gives_none(tmp_path):
    texts = _build_with(EXAMPLES[0], {}, tmp_path)
    assert "Relevant agencies" in texts["overview-report"]
    assert fill(TITLES["overview"]["background"][0],
                {"a_review": "a serious case review"}) in texts["overview-report"]
    assert fill(LEAD_INS["terms_of_reference_in_analysis"][0], {"analysis": "Analysis"}) \
        in texts["overview-report"]


def test_the_authors_wording_is_printed_literally_not_filled(tmp_path):
    texts = _build_with(EXAMPLES[0], {"titles": {"overview": {"glossary": "Glossary of {review} terms"}}},
                        tmp_path)
    assert "Glossary of {review} terms" in texts["overview-report"]
