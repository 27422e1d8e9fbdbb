"""Hostile and broken review folders and output folders (issue 15): each command is run as a
subprocess under a time and memory limit, and must answer with a message naming the file, line
and field, exit 1 (2 for usage), never a traceback, and write nothing."""

from __future__ import annotations

import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_DIR = ROOT / "examples" / "child-a"
SECONDS = 60
"""Time limit of one command; the hostile inputs below fail in well under a second each."""
MEMORY = 2 * 1024 ** 3
"""Address-space limit of one command (2 GB): a bomb that is not bounded fails the test."""
OUTPUTS = ["child-a-overview-report.docx", "child-a-executive-summary.docx",
           "child-a-press-release.docx", "child-a-learning-summary.docx"]


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def scr(*args, cwd: Path, timeout: float = SECONDS, memory: bool = True,
        env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``python -m scr_docs.cli ARGS`` in ``cwd`` with this checkout first on the path."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "scr_docs.cli", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, env=environment,
                          preexec_fn=_limit_memory if memory else None)


def refused(result: subprocess.CompletedProcess, *needles: str, status: int = 1) -> str:
    """Assert a clean refusal: exit ``status``, no traceback, every needle in the output."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == status, output
    for needle in needles:
        assert needle in output, output
    return output


@pytest.fixture
def folder(tmp_path) -> Path:
    """A copy of the example review's folder, to break in one place."""
    target = tmp_path / "review"
    shutil.copytree(EXAMPLE_DIR, target)
    return target


def edit(review: Path, old: str, new: str) -> int:
    """Replace ``old`` (once) in the review file; return the line it is on."""
    text = review.read_text(encoding="utf-8")
    assert old in text
    review.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[:text.index(old)].count("\n") + 1


def validate_and_build_refuse(folder: Path, *needles: str) -> None:
    """Both validate and build refuse the review with the needles; the output folder stays
    absent."""
    refused(scr("validate", "review.yaml", cwd=folder), *needles)
    refused(scr("build", "review.yaml", "-o", "out", cwd=folder), *needles)
    assert not (folder / "out").exists()


# ---- 1. includes and the logo stay inside the review's folder ---------------------------

def _outside_link(folder: Path) -> str:
    (folder / "notes.md").symlink_to("/etc/hostname")
    return "notes.md"


def _proc_link(folder: Path) -> str:
    (folder / "env.md").symlink_to("/proc/self/environ")
    return "env.md"


def _zero_link(folder: Path) -> str:
    (folder / "zero.md").symlink_to("/dev/zero")
    return "zero.md"


def _fifo(folder: Path) -> str:
    os.mkfifo(folder / "pipe.md")
    return "pipe.md"


def _loop(folder: Path) -> str:
    (folder / "a.md").symlink_to("b.md")
    (folder / "b.md").symlink_to("a.md")
    return "a.md"


def _folder(folder: Path) -> str:
    (folder / "drafts").mkdir()
    return "drafts"


def _large(folder: Path) -> str:
    (folder / "big.md").write_text("word " * (3 * 1024 * 1024 // 5), encoding="utf-8")
    return "big.md"


def _sparse_huge(folder: Path) -> str:
    with open(folder / "huge.md", "wb") as handle:
        handle.truncate(6 * 1024 ** 3)  # 6 GB that take no room on disk
    return "huge.md"


def _sibling(folder: Path) -> str:
    (folder.parent / "other").mkdir()
    (folder.parent / "other" / "secret.md").write_text("secret", encoding="utf-8")
    return "chronology/../../other/secret.md"


def _parent_link(folder: Path) -> str:
    (folder.parent / "secret.md").write_text("secret", encoding="utf-8")
    (folder / "up").symlink_to("..")
    return "up/secret.md"


INCLUDES = {
    "dot-dot": (lambda f: "../" * 40 + "etc/passwd", "leads outside the review file's folder"),
    "dot-dot-missing": (lambda f: "../missing.md", "leads outside the review file's folder"),
    "absolute": (lambda f: "/etc/passwd", "is an absolute path"),
    "proc-environ": (lambda f: "/proc/self/environ", "is an absolute path"),
    "link-out": (_outside_link, "leads outside the review file's folder"),
    "link-to-proc": (_proc_link, "leads outside the review file's folder"),
    "link-to-dev-zero": (_zero_link, "leads outside the review file's folder"),
    "fifo": (_fifo, "is not an ordinary file (it is a named pipe)"),
    "link-loop": (_loop, "symbolic link that leads round in a loop"),
    "folder": (_folder, "is a folder, not a file"),
    "too-large": (_large, "more than the limit of 2 MB"),
    "sparse-6-gb": (_sparse_huge, "more than the limit of 2 MB"),
    "sibling-folder": (_sibling, "leads outside the review file's folder"),
    "link-to-parent-folder": (_parent_link, "leads outside the review file's folder"),
    "missing": (lambda f: "nowhere.md", "does not exist"),
}


@pytest.mark.parametrize("case", INCLUDES)
def test_an_include_outside_or_unusable_is_refused_with_its_field_and_line(folder, case):
    make, reason = INCLUDES[case]
    name = make(folder)
    line = edit(folder / "review.yaml", "background: {file: background.md}",
                f"background: {{file: '{name}'}}")
    validate_and_build_refuse(folder, f"review.yaml:{line}: background: error: include file",
                              reason)


def test_an_include_through_a_link_inside_the_folder_is_read(folder):
    (folder / "linked.md").symlink_to("background.md")
    edit(folder / "review.yaml", "background: {file: background.md}",
         "background: {file: linked.md}")
    result = scr("validate", "review.yaml", cwd=folder)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_windows_path_in_double_quotes_is_named_with_forward_slashes(folder):
    line = edit(folder / "review.yaml", "body: {file: chronology/antenatal.md}",
                'body: {file: "chronology\\antenatal.md"}')
    validate_and_build_refuse(folder, f"review.yaml:{line}: chronology.periods[0].body: error",
                              "looks like a Windows path", "'chronology/antenatal.md'")


def test_a_windows_path_in_single_quotes_is_named_with_forward_slashes(folder):
    line = edit(folder / "review.yaml", "body: {file: chronology/antenatal.md}",
                "body: {file: 'chronology\\antenatal.md'}")
    validate_and_build_refuse(folder, f"review.yaml:{line}:", "looks like a Windows path",
                              "'chronology/antenatal.md'")


def test_a_windows_path_with_an_unknown_escape_is_a_syntax_error_with_a_hint(folder):
    line = edit(folder / "review.yaml", "body: {file: chronology/antenatal.md}",
                'body: {file: "chronology\\child.md"}')
    validate_and_build_refuse(folder, f"review.yaml:{line}:", "unknown escape character",
                              "forward slashes")


def _logo_dev_zero(folder: Path) -> str:
    (folder / "logo.png").symlink_to("/dev/zero")
    return "logo.png"


def _logo_fifo(folder: Path) -> str:
    os.mkfifo(folder / "logo.png")
    return "logo.png"


def _logo_huge(folder: Path) -> str:
    with open(folder / "logo.png", "wb") as handle:
        handle.truncate(11 * 1024 * 1024)
    return "logo.png"


LOGOS = {
    "absolute": (lambda f: "/etc/passwd", "is an absolute path"),
    "dot-dot": (lambda f: "../../secret.png", "leads outside"),
    "link-to-dev-zero": (_logo_dev_zero, "leads outside"),
    "fifo": (_logo_fifo, "named pipe"),
    "loop": (_loop, "loop"),
    "folder": (_folder, "is a folder"),
    "too-large": (_logo_huge, "more than the limit of 10 MB"),
}


@pytest.mark.parametrize("case", LOGOS)
def test_a_logo_outside_or_unusable_is_refused_by_validate_and_build(folder, case):
    make, reason = LOGOS[case]
    if case == "dot-dot":
        (folder.parent.parent / "secret.png").write_bytes(
            (EXAMPLE_DIR / "wexmoor-logo.png").read_bytes())
    name = make(folder)
    line = edit(folder / "review.yaml", "logo: wexmoor-logo.png", f"logo: '{name}'")
    validate_and_build_refuse(folder, f"review.yaml:{line}: board.logo: error: logo file",
                              reason)


# ---- 2. YAML bombs, depth, control characters ---------------------------------------------

BILLION_LAUGHS = "".join(
    [f'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n']
    + [f"{k}: &{k} [{','.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefgh", "bcdefghi")])


def test_a_billion_laughs_file_fails_in_well_under_a_second(tmp_path):
    (tmp_path / "review.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    assert len(BILLION_LAUGHS) < 600
    started = time.monotonic()
    refused(scr("validate", "review.yaml", cwd=tmp_path),
            "more than 200,000 values once the YAML aliases", "review.yaml:")
    assert time.monotonic() - started < 5  # the interpreter's start is most of it


def test_expanding_a_billion_laughs_is_measured_in_milliseconds(tmp_path):
    from scr_docs.errors import ReviewFileError
    from scr_docs.review.load import load_text

    started = time.perf_counter()
    with pytest.raises(ReviewFileError, match="too large once its aliases are expanded"):
        load_text(BILLION_LAUGHS, tmp_path / "review.yaml")
    assert time.perf_counter() - started < 0.5


def test_a_file_with_too_many_values_and_no_alias_is_refused_as_one_with_aliases(tmp_path):
    """Without aliases the values are counted from the parser's events; past the limit the
    expanded count runs and gives the same message and line."""
    from scr_docs.errors import ReviewFileError
    from scr_docs.review.limits import YAML_MAX_NODES
    from scr_docs.review.load import load_text

    text = "x: 1\na: [" + ",".join(["1"] * YAML_MAX_NODES) + "]\n"
    with pytest.raises(ReviewFileError, match="too large once its aliases are expanded") as info:
        load_text(text, tmp_path / "review.yaml")
    assert [p.line for p in info.value.problems] == [2]


def test_an_alias_inside_its_own_anchor_is_refused(tmp_path):
    (tmp_path / "review.yaml").write_text("x: 1\na: &a [1, *a]\n", encoding="utf-8")
    refused(scr("validate", "review.yaml", cwd=tmp_path),
            "review.yaml:2: error: an alias (*name) refers to the map or list that contains it")


def test_an_output_folder_that_is_a_dangling_link_is_refused(folder, tmp_path):
    (folder / "out").symlink_to(tmp_path / "missing")
    refused(scr("build", "review.yaml", "-o", "out", cwd=folder),
            "symbolic link to a folder that does not exist")
    assert not (tmp_path / "missing").exists()


DEEP = {
    "flow-100k": "[" * 100_000 + "]" * 100_000,
    "flow-1000": "[" * 1000 + "]" * 1000,
    "maps-1000": "{a: " * 1000 + "}" * 1000,
    "block-dashes": "- " * 100_000 + "x",
    "block-indent": "".join(" " * i + "k:\n" for i in range(100)) + " " * 100 + "k: x\n",
}


@pytest.mark.parametrize("case", DEEP)
def test_deep_nesting_is_refused_before_the_parser_recurses(tmp_path, case):
    (tmp_path / "review.yaml").write_text("format: scr-docs/1\nx:\n  " * 0 + DEEP[case] + "\n",
                                          encoding="utf-8")
    output = refused(scr("validate", "review.yaml", cwd=tmp_path),
                     "nested more than 64 deep")
    assert re.search(r"review\.yaml:\d+: error", output), output
    assert "recursion" not in output


def test_merge_keys_with_overrides_are_not_duplicates(folder):
    review = folder / "review.yaml"
    edit(review, "      - name: Wexmoor County Council press office\n",
         "      - &press\n        name: Wexmoor County Council press office\n")
    edit(review, "        email: press.office@wexmoor.example\n",
         "        email: press.office@wexmoor.example\n"
         "      - <<: *press\n        name: Out-of-hours press officer\n")
    result = scr("validate", "review.yaml", cwd=folder)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "given twice" not in output


def test_merge_keys_give_the_maps_own_value_and_still_catch_real_duplicates(tmp_path):
    from scr_docs.review.load import load_text

    loaded = load_text("base: &b {name: A, phone: '1'}\none: {<<: *b, phone: '2'}\n"
                       "two:\n  <<: *b\n  phone: '2'\n  phone: '3'\n", tmp_path / "r.yaml")
    assert loaded.data["one"] == {"name": "A", "phone": "2"}
    assert [(p.path, p.line) for p in loaded.problems.errors] == [("two.phone", 6)]


@pytest.mark.parametrize("char, name", [("\x0b", "vertical tab (U+000B"),
                                        ("\x00", "null character"),
                                        ("\x1b", "U+001B")])
def test_a_pasted_control_character_is_named_with_its_line(folder, char, name):
    line = edit(folder / "review.yaml", "name: Wexmoor Safeguarding Children Partnership",
                f"name: Wexmoor Safeguarding{char}Children Partnership")
    validate_and_build_refuse(folder, f"review.yaml:{line}: error: column", name)


@pytest.mark.parametrize("make, reason, status", [
    (lambda p: os.mkfifo(p), "named pipe", 1),
    (lambda p: p.symlink_to("/dev/zero"), "device", 1),
    (lambda p: p.mkdir(), "is a directory", 2),  # refused by the command line, a usage error
])
def test_a_review_file_that_is_not_an_ordinary_file_is_refused(tmp_path, make, reason, status):
    make(tmp_path / "review.yaml")
    refused(scr("validate", "review.yaml", cwd=tmp_path, timeout=20), reason, status=status)


# ---- 3. the output folder -----------------------------------------------------------------

def test_a_dangling_link_named_like_an_output_counts_as_existing(folder, tmp_path):
    out = folder / "out"
    out.mkdir()
    victim = tmp_path / "victim.docx"
    (out / OUTPUTS[2]).symlink_to(victim)
    refused(scr("build", "review.yaml", "-o", "out", cwd=folder), "would be overwritten",
            OUTPUTS[2], "--force")
    assert (out / OUTPUTS[2]).is_symlink() and not victim.exists()
    assert sorted(p.name for p in out.iterdir()) == [OUTPUTS[2]]


def test_force_replaces_a_dangling_link_without_writing_through_it(folder, tmp_path):
    out = folder / "out"
    out.mkdir()
    victim = tmp_path / "victim.docx"
    (out / OUTPUTS[2]).symlink_to(victim)
    result = scr("build", "review.yaml", "-o", "out", "--force", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert not victim.exists()
    assert not (out / OUTPUTS[2]).is_symlink() and (out / OUTPUTS[2]).stat().st_size > 0


def test_a_folder_in_the_place_of_an_output_leaves_every_file_untouched(folder):
    out = folder / "out"
    out.mkdir()
    for name in OUTPUTS[:2] + OUTPUTS[3:]:
        (out / name).write_bytes(b"old " + name.encode())
    (out / OUTPUTS[2]).mkdir()
    output = refused(scr("build", "review.yaml", "-o", "out", "--force", cwd=folder),
                     "folder named like an output", OUTPUTS[2], "Nothing was written")
    for name in OUTPUTS[:2] + OUTPUTS[3:]:
        assert (out / name).read_bytes() == b"old " + name.encode(), output
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)


def test_a_rename_failing_part_way_puts_the_old_files_back(tmp_path, monkeypatch):
    from scr_docs.output import write

    staging, out = tmp_path / "staging", tmp_path / "out"
    staging.mkdir()
    out.mkdir()
    for name in OUTPUTS:
        (staging / name).write_bytes(b"new")
        (out / name).write_bytes(b"old " + name.encode())
    real, calls = os.replace, []

    def failing(source, target):
        calls.append(target)
        if len(calls) == 6:  # the third file's new copy: two files already replaced
            raise OSError(28, "No space left on device")
        return real(source, target)

    monkeypatch.setattr(write.os, "replace", failing)
    with pytest.raises(OSError):
        write._move_into_place(staging, out, OUTPUTS)
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)  # no temporary files
    for name in OUTPUTS:
        assert (out / name).read_bytes() == b"old " + name.encode()


def test_templates_does_not_write_through_a_dangling_link(tmp_path):
    house, victim = tmp_path / "house", tmp_path / "elsewhere" / "victim.docx"
    house.mkdir()
    victim.parent.mkdir()
    (house / "press-release.docx").symlink_to(victim)
    result = scr("templates", house, cwd=tmp_path)
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "Traceback" not in output
    assert "press-release.docx alone: it is a symbolic link" in output
    assert not victim.exists() and (house / "overview-report.docx").is_file()


def test_a_misnamed_house_template_or_a_folder_in_its_place_is_a_warning(folder, tmp_path):
    house = tmp_path / "house"
    house.mkdir()
    from scr_docs.documents import KINDS

    shutil.copyfile(KINDS["overview-report"].shipped_template(), house / "Overview Report.docx")
    (house / "press-release.docx").mkdir()
    result = scr("build", "review.yaml", "-o", "out", "--templates", house,
                 "--only", "press-release", cwd=folder)
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "Traceback" not in output, output
    assert f"{house / 'Overview Report.docx'}: warning: is not used" in output
    assert "did you mean overview-report.docx?" in output
    assert f"{house / 'press-release.docx'}: warning: is a folder" in output


@pytest.mark.parametrize("command", [["new", "{long}"], ["build", "review.yaml", "-o", "{long}"],
                                     ["templates", "{long}"]])
def test_a_300_character_folder_name_is_a_clean_error(folder, command):
    long = "x" * 300
    args = [a.replace("{long}", long) for a in command]
    refused(scr(*args, cwd=folder), "is 300 characters long", "Nothing was written")
    assert not any(p.name.startswith("xxx") for p in folder.iterdir())


def test_unknown_options_are_usage_errors(folder):
    refused(scr("build", "review.yaml", "--no-such-option", cwd=folder), "No such option",
            status=2)


# ---- signals during a --pdf build (LibreOffice) --------------------------------------------

def _office_running(profile_root: Path) -> bool:
    """Tell whether a LibreOffice with a profile under ``profile_root`` is running."""
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if str(profile_root).encode() in cmdline.read_bytes():
                return True
        except OSError:
            continue
    return False


def _start_pdf_build(folder: Path, temp: Path) -> subprocess.Popen:
    from scr_docs.output.pdf import find_soffice, find_uno_python

    if not sys.platform.startswith("linux") or not find_soffice() or not find_uno_python():
        pytest.skip("needs LibreOffice with python3-uno on Linux")
    temp.mkdir()
    environment = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(temp)}
    process = subprocess.Popen([sys.executable, "-m", "scr_docs.cli", "build", "review.yaml",
                                "-o", "out", "--pdf"], cwd=folder, env=environment,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not _office_running(temp):
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            pytest.fail("LibreOffice did not start")
        time.sleep(0.1)
    time.sleep(1)
    return process


def _gone(temp: Path, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _office_running(temp) and not any(temp.iterdir()):
            return True
        time.sleep(0.2)
    return False


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_during_a_pdf_build_removes_temporary_files_and_libreoffice(folder, tmp_path,
                                                                            sig):
    temp = tmp_path / "tmp"
    process = _start_pdf_build(folder, temp)
    process.send_signal(sig)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 128 + sig, err
    assert f"stopped by {signal.Signals(sig).name}" in err and "Traceback" not in err
    assert _gone(temp), list(temp.iterdir())
    assert not (folder / "out").exists()


def test_a_pdf_build_killed_outright_leaves_no_libreoffice_and_no_copies(folder, tmp_path):
    temp = tmp_path / "tmp"
    process = _start_pdf_build(folder, temp)
    process.kill()
    process.communicate(timeout=30)
    assert _gone(temp), list(temp.iterdir())
    assert not (folder / "out").exists()


# ---- fuzzing the example review's text ----------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

EXAMPLE_TEXT = (EXAMPLE_DIR / "review.yaml").read_text(encoding="utf-8")
EXAMPLE_LINES = EXAMPLE_TEXT.splitlines(keepends=True)

_EDITS = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, len(EXAMPLE_LINES) - 1)),
    st.tuples(st.just("duplicate"), st.integers(0, len(EXAMPLE_LINES) - 1)),
    st.tuples(st.just("byte"), st.integers(0, len(EXAMPLE_TEXT) - 1),
              st.sampled_from(list("\x00\x0b\t\\\"'&*[]{}:-#|>!%@`\n ") + ["\u2028", "é"])),
    st.tuples(st.just("anchor"), st.integers(0, len(EXAMPLE_LINES) - 1),
              st.sampled_from(["&x ", "*x", "<<: *x", "&x [*x, *x]", "{file: ../x.md}"])),
)


def _mutate(edits) -> str:
    lines = list(EXAMPLE_LINES)
    for edit_ in edits:
        kind, at = edit_[0], edit_[1]
        if kind == "byte":
            text = "".join(lines)
            at = min(at, len(text) - 1)
            lines = (text[:at] + edit_[2] + text[at + 1:]).splitlines(keepends=True) or [""]
            continue
        at = min(at, len(lines) - 1)
        if kind == "delete":
            del lines[at]
        elif kind == "duplicate":
            lines.insert(at, lines[at])
        else:
            head, colon, tail = lines[at].partition(": ")
            lines[at] = f"{head}: {edit_[2]} {tail}" if colon else edit_[2] + "\n" + lines[at]
        if not lines:
            lines = [""]
    return "".join(lines)


@settings(max_examples=40, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_EDITS, min_size=1, max_size=4))
def test_a_mutated_example_review_is_refused_or_accepted_never_a_crash(edits):
    from scr_docs.errors import ScrDocsError
    from scr_docs.review.load import load_text
    from scr_docs.review.validate import validate

    text = _mutate(edits)
    started = time.perf_counter()
    try:  # read from the example's own folder, so its includes and logo are found
        validate(load_text(text, EXAMPLE_DIR / "review.yaml"))
    except ScrDocsError as exc:
        assert exc.problems or exc.message
        for problem in exc.problems:
            assert problem.message and "Traceback" not in problem.message
    assert time.perf_counter() - started < 2.5


def test_the_limits_are_documented_with_their_values():
    from scr_docs.review.limits import LIMITS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    reference = (ROOT / "docs" / "review-format.md").read_text(encoding="utf-8")
    for name, printed, value, _ in LIMITS:
        assert f"| {printed} |" in readme and f"| {name} | {printed} |" in reference, name
        number = float(printed.replace(",", "").split()[0])
        assert value == number * (1024 * 1024 if printed.endswith("MB") else 1), name


def test_a_signal_during_the_final_renames_is_held_until_they_are_done():
    from scr_docs.output.interrupt import Interrupted, cleanup_on_signals, critical

    done = []
    with pytest.raises(Interrupted, match="after the files were written") as caught:
        with cleanup_on_signals():
            with critical():
                os.kill(os.getpid(), signal.SIGTERM)
                time.sleep(0.05)  # the handler runs here, and only holds the signal
                done.append("renamed")
    assert done == ["renamed"] and caught.value.exit_code == 128 + signal.SIGTERM


def test_a_signal_outside_the_renames_stops_at_once_and_handlers_are_restored():
    from scr_docs.output.interrupt import Interrupted, cleanup_on_signals

    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(Interrupted, match="nothing was written"):
        with cleanup_on_signals():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(1)
            pytest.fail("the signal did not stop the block")
    assert signal.getsignal(signal.SIGTERM) is before
