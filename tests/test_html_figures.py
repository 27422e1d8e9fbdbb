"""A picture in prose reaches the HTML edition as a figure: embedded, described, captioned."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml
from click.testing import CliRunner
from PIL import Image

from scr_docs.cli import cli

ROOT = Path(__file__).resolve().parents[1]


def test_a_picture_is_an_embedded_figure_with_its_alt_text_and_caption(tmp_path):
    folder = tmp_path / "child-b"
    shutil.copytree(ROOT / "examples" / "child-b", folder)
    Image.new("RGB", (200, 100), (200, 30, 30)).save(folder / "genogram.png")
    review = folder / "review.yaml"
    data = yaml.safe_load(review.read_text(encoding="utf-8"))
    data["background"] = ("The family tree.\n\n"
                          '![A genogram of the family](genogram.png "Figure 1: the family")\n')
    review.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True),
                      encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["build", str(review), "-o", str(out), "--html",
                                      "--only", "overview-report"])
    assert result.exit_code == 0, result.output
    page = (out / "child-b-overview-report.html").read_text(encoding="utf-8")
    figure = page[page.index("<figure>"):page.index("</figure>")]
    assert 'src="data:image/png;base64,' in figure
    assert 'alt="A genogram of the family"' in figure
    assert "<figcaption>Figure 1: the family</figcaption>" in figure
    assert "genogram.png" not in page  # embedded, never linked
