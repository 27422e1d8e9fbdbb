"""scr-docs: assemble the documents of a child safeguarding case review from one YAML file."""

from __future__ import annotations

from scr_docs.version import __version__

from scr_docs.errors import Problem, ScrDocsError  # noqa: E402


def load_review(path, strict: bool = False):
    """Load and validate the review file at ``path`` (schema, cross-field and text rules);
    return a ``validate.Review``; raise ``ValidationError`` or ``ReviewFileError``."""
    from scr_docs.pipeline import validate_review

    return validate_review(path, strict=strict)


def build(review_path, outdir, **options):
    """Build the documents of the review at ``review_path`` into ``outdir``
    (see ``pipeline.build`` for the options)."""
    from scr_docs.pipeline import build as _build

    return _build(review_path, outdir, **options)


__all__ = ["__version__", "Problem", "ScrDocsError", "build", "load_review"]
