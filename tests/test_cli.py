"""The command line: exit codes, messages with field paths, help everywhere, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings, strategies as st

from scr_docs import __version__
from scr_docs.cli import cli
from scr_docs.review.reference import reference_markdown

ROOT = Path(__file__).resolve().parents[1]
BROKEN = sorted((ROOT / "tests" / "fixtures" / "broken").glob("*.yaml"))


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def expected_path(path: Path) -> str:
    return path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expect:").strip()


def test_there_are_at_least_twenty_broken_review_files():
    assert len(BROKEN) >= 20


@pytest.mark.parametrize("broken", BROKEN, ids=lambda p: p.stem)
def test_broken_review_exits_1_naming_field_and_line(broken, tmp_path):
    before = sorted(broken.parent.iterdir())
    result = run("validate", broken)
    assert result.exit_code == 1, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    path = expected_path(broken)
    lines = [line for line in result.output.splitlines() if " error: " in line]
    assert lines, result.output
    if path:
        assert any(f": {path}: error:" in line for line in lines), result.output
    assert all(line.startswith(f"{broken}:") and line.split(":")[1].isdigit() for line in lines)
    assert sorted(broken.parent.iterdir()) == before


def test_broken_review_in_a_real_process_prints_no_traceback():
    broken = BROKEN[0]
    proc = subprocess.run([sys.executable, "-m", "scr_docs.cli", "validate", str(broken)],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and "syntax error" in proc.stderr


def test_valid_review_exits_0_and_says_valid(tmp_path):
    assert run("new", tmp_path / "r").exit_code == 0
    result = run("validate", tmp_path / "r" / "review.yaml")
    assert result.exit_code == 0 and "valid (0 warnings)" in result.output


def test_strict_turns_warnings_into_exit_1(tmp_path):
    run("new", tmp_path / "r")
    review = tmp_path / "r" / "review.yaml"
    review.write_text(review.read_text().replace("  child: Child X", "  child: Child X\n  colur: red"))
    assert run("validate", review).exit_code == 0
    result = run("validate", "--strict", review)
    assert result.exit_code == 1 and "review.colur: warning" in result.output


def test_new_never_overwrites_an_existing_review(tmp_path):
    target = tmp_path / "r" / "review.yaml"
    target.parent.mkdir()
    target.write_text("mine")
    result = run("new", tmp_path / "r")
    assert result.exit_code == 1 and target.read_text() == "mine"


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00garbage", b"- just\n- a list\n",
                                     b"format: [", b"a: *unknown_alias", b"review: !!python/object:os.system {}"])
def test_unreadable_or_odd_files_give_exit_1_without_traceback(tmp_path, content):
    path = tmp_path / "review.yaml"
    path.write_bytes(content)
    result = run("validate", path)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def test_missing_review_file_is_a_plain_message():
    result = run("validate", "no/such/review.yaml")
    assert result.exit_code == 1 and "no such review file" in result.output


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab:-[]{}'\"\n #&*!|>?%@`1,.\t")), max_size=80))
def test_any_text_is_answered_without_traceback(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("fuzz") / "review.yaml"
    path.write_text(text, encoding="utf-8")
    result = run("validate", path)
    assert result.exit_code in (0, 1)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception


def _commands(group: click.Group, prefix=()):
    yield prefix, group
    for name, command in getattr(group, "commands", {}).items():
        yield from _commands(command, prefix + (name,))


@pytest.mark.parametrize("words, command", list(_commands(cli)), ids=lambda x: " ".join(x) if isinstance(x, tuple) else "")
def test_every_command_has_help(words, command):
    assert command.help and len(command.help) > 20
    result = run(*words, "--help")
    assert result.exit_code == 0 and "Usage:" in result.output


def test_version_is_printed():
    result = run("--version")
    assert result.exit_code == 0 and __version__ in result.output


def test_usage_errors_exit_2():
    assert run("validate").exit_code == 2
    assert run("no-such-command").exit_code == 2


def test_generated_reference_is_current():
    page = (ROOT / "docs" / "review-format.md").read_text(encoding="utf-8")
    assert page == reference_markdown(), "run: scr-docs reference -o docs/review-format.md"


def test_generated_cli_reference_is_current():
    from scr_docs.cli import cli_markdown

    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert page == cli_markdown(), "run: scr-docs reference --cli -o docs/cli.md"


def test_reference_describes_every_field():
    from scr_docs.review.schema import SCHEMA

    def walk(fields, path=""):
        for name, rules in fields.items():
            assert rules.get("meta", {}).get("description"), f"{path}{name} has no description"
            child = rules.get("schema", {})
            if rules.get("type") == "dict":
                walk(child, f"{path}{name}.")
            elif child.get("type") == "dict":
                walk(child["schema"], f"{path}{name}[].")
    walk(SCHEMA)


def _freezes(monkeypatch, own_process: bool) -> list[bool]:
    """Record each gc.freeze() the command line asks for, and whether the Word writer's
    libraries were imported by then."""
    import gc

    from scr_docs import cli as cli_module

    calls: list[bool] = []
    monkeypatch.setattr(cli_module, "_OWN_PROCESS", own_process)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("docxtpl" in sys.modules))
    return calls


def test_build_as_its_own_process_leaves_imported_objects_out_of_garbage_collection(
        monkeypatch, tmp_path):
    calls = _freezes(monkeypatch, own_process=True)
    review = Path(__file__).resolve().parents[1] / "examples" / "child-a" / "review.yaml"
    result = CliRunner().invoke(cli, ["build", str(review), "-o", str(tmp_path / "out"),
                                      "--only", "executive-summary"])
    assert result.exit_code == 0, result.output
    assert calls == [True]  # once, after the Word writer's libraries were imported


def test_a_program_calling_the_command_line_keeps_its_own_garbage_collector(
        monkeypatch, tmp_path):
    calls = _freezes(monkeypatch, own_process=False)
    review = Path(__file__).resolve().parents[1] / "examples" / "child-a" / "review.yaml"
    assert CliRunner().invoke(cli, ["validate", str(review)]).exit_code == 0
    assert calls == []
