"""A board's own templates (`scr-docs templates DIR`, `build --templates DIR`)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from click.testing import CliRunner

from scr_docs.cli import cli

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "child-a" / "review.yaml"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def edit(path: Path, part: str, change) -> None:
    """Rewrite one part of a .docx in place with ``change(text) -> text``."""
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info.filename)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename == part:
                data = change(data.decode("utf-8")).encode("utf-8")
            zout.writestr(info, data)


def read(path: Path, part: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(part).decode("utf-8")


def test_templates_command_copies_the_four_and_never_overwrites(tmp_path):
    house = tmp_path / "house"
    assert run("templates", house).exit_code == 0
    assert sorted(p.name for p in house.iterdir()) == [
        "action-plan.docx", "executive-summary.docx", "learning-summary.docx",
        "overview-report.docx", "press-release.docx"]
    (house / "press-release.docx").write_bytes(b"mine")
    result = run("templates", house)
    assert "kept" in result.output and (house / "press-release.docx").read_bytes() == b"mine"


def test_build_uses_the_house_template_and_shipped_ones_for_the_rest(tmp_path):
    house = tmp_path / "house"
    run("templates", house)
    for name in ("executive-summary", "press-release", "learning-summary"):
        (house / f"{name}.docx").unlink()
    edit(house / "overview-report.docx", "word/styles.xml",
         lambda xml: xml.replace('w:styleId="Heading1">', 'w:styleId="Heading1"><!-- house -->', 1)
         .replace("Arial", "Verdana"))
    out = tmp_path / "out"
    result = run("build", EXAMPLE, "-o", out, "--templates", house)
    assert result.exit_code == 0, result.output
    assert "Verdana" in read(out / "child-a-overview-report.docx", "word/styles.xml")
    assert "Verdana" not in read(out / "child-a-press-release.docx", "word/styles.xml")


def test_house_template_without_a_needed_style_is_refused_naming_it(tmp_path):
    house = tmp_path / "house"
    run("templates", house)
    edit(house / "overview-report.docx", "word/styles.xml",
         lambda xml: re.sub(r'<w:style [^>]*w:styleId="Recommendation".*?</w:style>', "", xml,
                            flags=re.S))
    out = tmp_path / "out"
    result = run("build", EXAMPLE, "-o", out, "--templates", house)
    assert result.exit_code == 1
    assert "style Recommendation (numbered recommendations) is missing" in result.output
    assert not out.exists()


def test_house_template_with_a_curly_quoted_tag_is_refused_with_the_tag(tmp_path):
    house = tmp_path / "house"
    run("templates", house)
    edit(house / "press-release.docx", "word/document.xml",
         lambda xml: xml.replace("{{ board_name }}", "{{ board_name | default(\u201cx\u201d) }}", 1))
    out = tmp_path / "out"
    result = run("build", EXAMPLE, "-o", out, "--templates", house)
    assert result.exit_code == 1
    assert "press-release.docx" in result.output and "quote" in result.output.lower()
    assert not out.exists()
