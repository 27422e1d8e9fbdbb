"""YAML that silently changes the text: an unquoted value whose rest YAML reads as a comment."""

from __future__ import annotations

import pytest

from scr_docs.review.load import load_text

# (line as written, whether YAML drops prose the author meant to print)
CASES = [
    ("q: after referral #2 and think about the whole family?", True),
    ("q: the nurse visited # and saw mother at home", True),
    ("q: the second strategy meeting #3 was never minuted", True),
    ("q: Mother was asked about #domestic abuse", True),
    ("q: child A was seen by HV1 # for the 8 week check", True),
    ("q: records ref #4471 were not shared", True),
    ("q: the plan (see item #7) was not reviewed", True),
    ("q: GP #2 did not know of the plan", True),
    ("q: the school # (the head teacher) was not told", True),
    ("q: three agencies #1 police, #2 health", True),
    ("q: Child A   # the pseudonym", False),
    ("q: serious case review        # or: learning review", False),
    ("q: the Partnership    # used in running text", False),
    ("q: just over nine weeks   # 1.1 in the published report", False),
    ("q: Seen at home. # check the date with the business manager", False),
    ("q: Police  # agency id", False),
    ("q: 'quoted text # is kept'", False),
    ('q: "quoted text #2 is kept"', False),
    ("q: https://example.org/page#section", False),
    ("q: single  #2", True),
    ("q: word # comment after one word", False),
    ("# a whole-line comment\nq: text", False),
]


@pytest.mark.parametrize("line,dropped", CASES, ids=[c[0][:40] for c in CASES])
def test_prose_read_as_a_comment_is_named_with_its_line(tmp_path, line, dropped):
    loaded = load_text(line + "\n", tmp_path / "review.yaml")
    found = [p for p in loaded.problems.items if "read as a YAML comment" in p.message]
    assert bool(found) == dropped, [p.format() for p in loaded.problems.items]
    if dropped:
        assert found[0].line == line.count("\n") + 1 and found[0].path == "q"
        assert "quotes" in found[0].message


def test_the_rule_is_precise_on_the_labelled_lines(tmp_path):
    hits = {line: any("read as a YAML comment" in p.message for p in
                      load_text(line + "\n", tmp_path / "r.yaml").problems.items)
            for line, _ in CASES}
    true_positive = sum(1 for line, dropped in CASES if dropped and hits[line])
    precision = true_positive / max(1, sum(hits.values()))
    recall = true_positive / sum(1 for _, dropped in CASES if dropped)
    assert precision >= 0.9 and recall >= 0.9
