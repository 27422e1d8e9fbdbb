"""The library call that runs the whole pipeline: load, validate, assemble, render, check, write."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import documents
from .assemble.facts import Facts
from .errors import CheckError, Problem
from .load import load
from .render import render_docx
from .validate import Review, validate


@dataclass
class Built:
    """What a build produced: documents (name → bytes) and every problem seen."""

    review: Review
    facts: Facts
    files: dict[str, bytes] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def _stamp() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() \
        else datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def assemble(review: Review, only=None, templates: Path | None = None) -> Built:
    """Render the selected documents in memory; nothing is written."""
    facts = Facts(review.data, stamp=_stamp(), base=Path(review.path).resolve().parent)
    built = Built(review, facts, problems=list(review.problems.items))
    for kind in documents.select(only):
        started = time.perf_counter()
        writer, context = kind.build(facts)
        context = {
            "board_name": facts.board_name, "review_type_title": facts.review_type_title,
            "doc_title": facts.doc_title(kind.title), "child": facts.child,
            "draft": facts.draft, "marking": facts.marking, "subtitle": kind.title,
            "authors_line": "", "date_text": "", "logo": facts.logo, **context,
        }
        template = kind.template_path(templates)
        built.files[kind.filename(facts.slug)] = render_docx(
            template, context, writer, facts.properties(kind.title),
            check_tags=not kind.is_shipped(template))
        built.texts[kind.name] = writer.plain_text(footnotes=True)
        if kind.workbook:
            built.files[kind.workbook_filename(facts.slug)] = kind.build_workbook(facts)
        built.timings[kind.name] = time.perf_counter() - started
    return built


def build(review_path, outdir, only=None, pdf: bool = False, pack: bool = False,
          force: bool = False, strict: bool = False, sensitive: list[str] | None = None,
          progress: Callable[[str], None] | None = None, templates=None) -> Built:
    """Validate ``review_path`` and write its documents into ``outdir``.

    Everything is built and checked in a temporary folder first; files land in ``outdir``
    only when all succeeded, and existing files are replaced only with ``force``.
    ``templates`` is a folder of the board's own templates (``<kind>.docx``); kinds it has
    no template for use the shipped ones.
    """
    from . import write

    review = validate(load(review_path), strict=strict)
    built = assemble(review, only, Path(templates) if templates else None)
    findings = _check(built, sensitive or [])
    built.problems += findings
    failing = [p for p in findings if strict or p.is_error]
    if failing:
        raise CheckError(f"publication checks found {len(failing)} problem"
                         f"{'s' if len(failing) != 1 else ''}; nothing was written", failing)
    built.written = write.write_outputs(built, Path(outdir), pdf=pdf, pack=pack, force=force,
                                        progress=progress)
    return built


def _check(built: Built, sensitive: list[str]) -> list[Problem]:
    from .check import check_built

    return check_built(built, sensitive)
