"""Scaffold a new review folder from the commented ``review.yaml`` shipped here."""

from __future__ import annotations

from pathlib import Path

from scr_docs.errors import OutputError

TEMPLATE = Path(__file__).with_name("review.yaml")


def scaffold(directory: Path) -> Path:
    """Create ``directory``/review.yaml; never overwrite an existing file."""
    target = Path(directory) / "review.yaml"
    if target.exists():
        raise OutputError(f"{target} exists already; nothing was changed")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("x", encoding="utf-8") as handle:
            handle.write(TEMPLATE.read_text(encoding="utf-8"))
    except OSError as exc:
        raise OutputError(f"cannot create {target}: {exc.strerror}") from exc
    return target
