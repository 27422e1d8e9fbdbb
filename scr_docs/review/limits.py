"""The limits scr-docs puts on what it reads from a review folder, with their values.

They keep a broken or hostile review file from exhausting memory or time: each is far
above what a real review needs (the largest example review is 90 KB and 3,000 values).
"""

from __future__ import annotations

INCLUDE_MAX_BYTES = 2 * 1024 * 1024
"""Largest include file (``{file: x.md}``) read, in bytes: 2 MB, ten times the sample report."""

LOGO_MAX_BYTES = 10 * 1024 * 1024
"""Largest logo image read, in bytes: 10 MB."""

YAML_MAX_NODES = 200_000
"""Most values (maps, lists, texts) a review file may hold once YAML aliases are expanded."""

YAML_MAX_DEPTH = 64
"""Deepest nesting of maps and lists in a review file."""

REVIEW_MAX_BYTES = 20 * 1024 * 1024
"""Largest review file read, in bytes: 20 MB."""

LIMITS = (
    ("review file size", "20 MB", REVIEW_MAX_BYTES,
     "the review file itself"),
    ("include file size", "2 MB", INCLUDE_MAX_BYTES,
     "each `{file: x.md}` prose file"),
    ("logo size", "10 MB", LOGO_MAX_BYTES, "the image named by `board.logo`"),
    ("values after expanding aliases", "200,000", YAML_MAX_NODES,
     "maps, lists and texts, counting each use of a YAML alias (`*name`) in full"),
    ("nesting depth", "64", YAML_MAX_DEPTH, "maps and lists inside one another"),
)
"""(name, value as printed, value, what it counts) for the format reference and README."""


def limits_markdown() -> str:
    """Return the limits as a Markdown section (used in docs/review-format.md)."""
    rows = ["## Limits", "",
            "Include files and the logo are read only from inside the review file's folder "
            "(relative paths, no `..` or symbolic link leading out of it) and must be ordinary "
            "files. A review file or include past one of these limits is refused with a "
            "message naming the field and line:", "",
            "| limit | value | counts |", "|---|---|---|"]
    rows += [f"| {name} | {printed} | {counts} |" for name, printed, _, counts in LIMITS]
    return "\n".join(rows) + "\n"
