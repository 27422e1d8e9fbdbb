"""Shared fixtures: the shipped example, the scaffold, and a review written from data."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "child-a" / "review.yaml"
SCAFFOLD = ROOT / "scr_docs" / "review" / "scaffold" / "review.yaml"


@pytest.fixture
def scaffold_data() -> dict:
    """The scaffold review as data, a small valid review to break in one place."""
    return yaml.safe_load(SCAFFOLD.read_text(encoding="utf-8"))


@pytest.fixture
def write_review(tmp_path):
    """Write data (or text) as a review file in a fresh folder and return its path."""
    def write(content, name: str = "review.yaml") -> Path:
        path = tmp_path / name
        text = content if isinstance(content, str) else yaml.safe_dump(
            content, sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
        return path
    return write
