"""No silent loss: every run of four words of every prose field of the examples and the real
reviews is printed in at least one of the built documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from scr_docs.model.builder import DocBuilder
from scr_docs.pipeline import assemble, validate_review
from scr_docs.review.rules import strings

ROOT = Path(__file__).parent.parent
REVIEWS = sorted(ROOT.glob("examples/*/review.yaml")) + sorted(
    (ROOT / "tests" / "fixtures" / "real").glob("*/review.yaml"))
NOT_PRINTED: tuple[str, ...] = ()
"""Prose fields the format reference documents as not printed in any document."""


def words(text: str) -> list[str]:
    return re.findall(r"[0-9a-z]+", text.casefold().replace("\u2019", "'"))


@pytest.mark.parametrize("path", REVIEWS, ids=lambda p: p.parent.name)
def test_every_four_word_run_of_every_prose_field_is_printed(path):
    review = validate_review(path)
    built = assemble(review)
    printed = " " + " ".join(words(" ".join(built.texts.values()))) + " "
    lost = []
    for field, value, kind in strings(review.data):
        if kind != "prose" or field.startswith(NOT_PRINTED):
            continue
        writer = DocBuilder()
        writer.prose(value)
        for paragraph in writer.plain_text(footnotes=True).split("\n"):
            found = words(re.sub(r"^\[\d+\]\s*", "", paragraph))
            for k in range(max(0, len(found) - 3)):
                run = " ".join(found[k:k + 4])
                if f" {run} " not in printed:
                    lost.append(f"{field}: {run}")
                    break
    assert lost == []
