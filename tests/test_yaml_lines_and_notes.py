"""Every YAML error names its line (pasted invisible characters included), and the
drafting-comment notice is a note that ``--strict`` does not turn into an error."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from scr_docs.cli import cli
from scr_docs.errors import ReviewFileError
from scr_docs.review.load import load, load_text

EXAMPLE_DIR = Path(__file__).resolve().parent.parent / "examples" / "child-a"

PASTED = [("\x0b", "vertical tab (U+000B"), ("\x85", "next-line character (U+0085"),
          ("\u2028", "line separator (U+2028"), ("\u2029", "paragraph separator (U+2029")]
PLACES = {  # where the character is pasted -> (text, its line, its column)
    "block scalar": ("title: x\nsummary: |\n  first line\n  one{c}two\n", 4, 6),
    "plain value": ("title: x\nchild: Child{c} A\n", 2, 13),
    "double quotes": ('title: x\nchild: "Child{c} A"\n', 2, 14),
    "single quotes": ("title: x\nchild: 'Child{c} A'\n", 2, 14),
}


@pytest.mark.parametrize("char, name", PASTED)
@pytest.mark.parametrize("place", PLACES)
def test_a_pasted_invisible_character_in_the_review_file_is_refused_at_its_line_and_column(
        char, name, place):
    text, line, column = PLACES[place]
    with pytest.raises(ReviewFileError) as raised:
        load_text(text.format(c=char), Path("review.yaml"))
    [problem] = raised.value.problems
    assert (problem.file, problem.line) == ("review.yaml", line)
    assert problem.message.startswith(f"column {column} holds ")
    assert name in problem.message and "delete it" in problem.message


def test_an_invisible_character_does_not_shift_the_line_of_a_later_error():
    with pytest.raises(ReviewFileError) as raised:
        load_text("a: one\u2028two\nb: 1\nc: [unclosed\n", Path("review.yaml"))
    assert [p.line for p in raised.value.problems] == [1]


def test_a_file_not_saved_as_utf8_is_refused_with_its_line_and_column(tmp_path):
    review = tmp_path / "review.yaml"
    review.write_bytes("title: x\nchild: Caf\u00e9 one\n".encode("cp1252"))
    with pytest.raises(ReviewFileError) as raised:
        load(review)
    [problem] = raised.value.problems
    assert problem.line == 2 and problem.message.startswith("column 11 holds a character that "
                                                            "is not UTF-8")


@pytest.fixture
def commented(tmp_path) -> Path:
    """The example review with a drafting comment in one prose field."""
    folder = tmp_path / "review"
    shutil.copytree(EXAMPLE_DIR, folder)
    review = folder / "review.yaml"
    text = review.read_text(encoding="utf-8")
    anchor = "  summary: |\n"
    assert anchor in text
    at = text.index(anchor) + len(anchor)
    indent = text[at:len(text) - len(text[at:].lstrip(" "))]
    review.write_text(text[:at] + indent + "<!-- check the date with the police -->\n"
                      + text[at:], encoding="utf-8")
    return review


def test_strict_build_is_not_refused_for_a_drafting_comment_which_is_printed_as_a_note(
        commented, tmp_path):
    plain = CliRunner().invoke(cli, ["validate", str(commented)])
    assert plain.exit_code == 0, plain.output
    strict = CliRunner().invoke(cli, ["validate", "--strict", str(commented)])
    notes = [line for line in strict.output.splitlines() if "drafting comment" in line]
    assert len(notes) == 1 and " note: 1 drafting comment" in notes[0], strict.output
    assert re.search(r"review\.yaml:\d+: ", notes[0]), notes[0]   # with its line
    assert strict.exit_code == 0, strict.output
    built = CliRunner().invoke(cli, ["build", "--strict", str(commented), "-o",
                                     str(tmp_path / "out")])
    assert built.exit_code == 0, built.output
    assert (tmp_path / "out").is_dir()
