"""What a reader sees of the examples' documents stays as recorded (tests/golden.py)."""

from __future__ import annotations

import json

import pytest

from golden import GOLDEN, build_all


@pytest.fixture(scope="module")
def built():
    return build_all()


def test_every_example_document_has_a_golden_record(built):
    assert sorted(f"{n.rsplit('.', 1)[0]}.json" for n in built) == sorted(
        p.name for p in GOLDEN.glob("*.json"))


@pytest.mark.parametrize("name", sorted(p.stem for p in GOLDEN.glob("*.json")))
def test_paragraph_text_styles_and_numbering_match_the_golden_record(built, name):
    expected = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    actual = built[f"{name}.docx"]
    for k, (want, got) in enumerate(zip(expected, actual)):
        assert got == want, f"{name} paragraph {k}"
    assert len(actual) == len(expected)
