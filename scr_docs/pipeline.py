"""The library call that runs the whole pipeline: load, validate, assemble, check, render, write.

    review.yaml --load--> Loaded --validate--> Review --assemble--> document models
        --text rules--> findings located in the review --render--> .docx bytes
        --docx checks--> findings --write--> files, PDF, pack

``validate_review`` is what ``scr-docs validate`` runs and the first half of ``build``, so the
two agree on what is an error: both run the schema, the cross-field rules and the text rules
(textrules/) on the same document models.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from scr_docs import documents
from scr_docs.assemble.facts import Facts
from scr_docs.errors import CheckError, Problem
from scr_docs.review.load import Loaded, load
from scr_docs.model.nodes import Document
from scr_docs.review.validate import Review, invalid, validate


@dataclass
class Built:
    """What a build produced: documents (file name → bytes), the model of each kind, their
    text, and every problem seen."""

    review: Review
    facts: Facts
    files: dict[str, bytes] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    models: dict[str, Document] = field(default_factory=dict)
    """The document model of each kind built (kind name -> Document)."""
    problems: list[Problem] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    audit: object | None = None
    """check.audit.Audit, set by the checks: what was read of each part; goes in the pack."""


def _stamp() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = datetime.fromtimestamp(int(epoch), timezone.utc) if epoch and epoch.isdigit() \
        else datetime.now(timezone.utc)
    return moment.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def facts_of(review: Review) -> Facts:
    """Return the facts every document of ``review`` shares."""
    return Facts(review.data, stamp=_stamp(), base=Path(review.path).resolve().parent)


def assemble_models(review: Review, facts: Facts | None = None, only=None) -> dict:
    """Return ``{kind name: (DocBuilder, template variables)}`` for the selected kinds."""
    facts = facts or facts_of(review)
    return {kind.name: kind.build(facts) for kind in documents.select(only)}


def text_findings(review: Review, models: dict[str, Document],
                  slug: str | None = None) -> list[Problem]:
    """Run the text rules on the document models; findings name the review file, line and
    field path of the text they are about (or the rule that wrote generated text).
    ``slug`` names the files (the review's, when not given)."""
    from scr_docs.textrules import Corpus, passages_from_models, run_rules

    slug = slug or facts_of(review).slug
    names = {kind: documents.KINDS[kind].filename(slug) for kind in models}
    corpus = Corpus(passages_from_models(models), review.data, names)
    return run_rules(corpus, review_file=str(review.path), final=is_final(review))


def prose_findings(built: dict) -> list[Problem]:
    """Return what reading the prose found (comments removed, unused definitions, pictures
    without a description) and the pictures' files read, each problem once however many
    documents print the field."""
    from scr_docs.review.pictures import read_pictures

    found = list(dict.fromkeys(p for builder, _ in built.values() for p in builder.problems))
    return found + read_pictures([builder.document for builder, _ in built.values()])


def is_final(review: Review) -> bool:
    """Tell whether the review is marked final: then accessibility problems are errors;
    in a draft they are warnings, so an author's draft always builds."""
    return str((review.data.get("review") or {}).get("status") or "draft") == "final"


def validate_review(source: str | os.PathLike | Loaded, strict: bool = False,
                    only=None) -> Review:
    """Load (when given a path) and validate a review: schema, cross-field rules, then the
    text rules on its document models (those of the kinds in ``only``, all when None).
    Return the Review with every warning; raise ``ValidationError`` with every problem when
    there is an error (or a warning with ``strict``), and ``ReviewFileError`` when the file
    cannot be read."""
    loaded = source if isinstance(source, Loaded) else load(source)
    review = validate(loaded, strict=strict)
    facts = facts_of(review)
    built = assemble_models(review, facts, only=only)
    review.assembled = built
    review.models = {kind: builder.document for kind, (builder, _) in built.items()}
    found = prose_findings(built) + text_findings(review, review.models, facts.slug)
    review.problems.items += found
    review.problems.items.sort(key=lambda p: (p.file != str(loaded.path), p.line or 0))
    if any(p.is_error or strict and p.is_warning for p in found):
        raise invalid(loaded.path, review.problems, strict)
    return review


def assemble(review: Review, only=None, templates: Path | None = None,
             html: bool = False) -> Built:
    """Render the selected documents in memory; nothing is written. With ``html``, each
    kind's HTML page (``<slug>-<kind>.html``, render/html.py) is made beside its .docx."""
    from scr_docs.render.sandbox import TemplateContext
    from scr_docs.render.word import render_docx
    from scr_docs.render.wordml import WordBody

    facts = facts_of(review)
    built = Built(review, facts, problems=list(review.problems.items))
    for kind in documents.select(only):
        started = time.perf_counter()
        builder, context = review.assembled.get(kind.name) or kind.build(facts)
        body = WordBody(builder.document)
        variables = context
        context = TemplateContext(**{**TemplateContext(
            board_name=facts.board_name, review_type_title=facts.review_type_title,
            doc_title=facts.doc_title(kind.title), child=facts.child, draft=facts.draft,
            marking=facts.marking, subtitle=kind.title, authors_line="", date_text="",
            logo=facts.logo), **context})
        template = kind.template_path(templates)
        built.files[kind.filename(facts.slug)] = render_docx(
            template, context, body, facts.properties(kind.title),
            check_tags=not kind.is_shipped(template), warnings=built.problems)
        built.models[kind.name] = builder.document
        built.texts[kind.name] = body.plain_text(footnotes=True)
        if html:
            from scr_docs.render import html as html_page

            built.files[html_page.html_filename(facts.slug, kind.name)] = html_page.render_html(
                builder.document, html_page.title_block(kind, facts, variables),
                html_page.numbering_for(kind.name), facts.properties(kind.title).language)
        if kind.workbook:
            built.files[kind.workbook_filename(facts.slug)] = kind.build_workbook(facts)
        built.timings[kind.name] = time.perf_counter() - started
    return built


def build(review_path, outdir, only=None, pdf: bool = False, pack: bool = False,
          force: bool = False, strict: bool = False, sensitive: list[str] | None = None,
          progress: Callable[[str], None] | None = None, templates=None,
          html: bool = False) -> Built:
    """Validate ``review_path`` and write its documents into ``outdir``.

    Everything is built and checked in a temporary folder first; files land in ``outdir``
    only when all succeeded, and existing files are replaced only with ``force``.
    ``templates`` is a folder of the board's own templates (``<kind>.docx``); kinds it has
    no template for use the shipped ones. ``html`` also writes each document as an HTML
    page (render/html.py), checked for anonymity like the .docx. With ``pdf``, a press release
    or learning summary longer than two pages is a warning (output/pages.py). Raises
    ``ValidationError``, ``TemplateError``,
    ``CheckError``, ``OutputError`` or ``ConversionError``.
    """
    from scr_docs.check import check_built
    from scr_docs.output import write

    review = validate_review(review_path, strict=strict, only=only)
    built = assemble(review, only, Path(templates) if templates else None, html=html)
    findings = check_built(built, sensitive or [], text_rules=False,
                           final=is_final(review) or strict)
    built.problems += findings
    if getattr(built, "audit", None) is not None:
        # the pack's audit counts what the build printed: the review's warnings and the text
        # rules' too, and (the same list) a page-count warning added while writing
        built.audit.findings = built.problems
    failing = [p for p in findings if p.is_error or strict and p.is_warning]
    if failing:
        raise CheckError(f"publication checks found {len(failing)} problem"
                         f"{'s' if len(failing) != 1 else ''}; nothing was written", failing)
    built.written = write.write_outputs(built, Path(outdir), pdf=pdf, pack=pack, force=force,
                                        progress=progress,
                                        check_pdfs=lambda pdfs: _page_counts(built, pdfs, strict))
    return built


def _page_counts(built: Built, pdfs: list[Path], strict: bool) -> None:
    """Warn of a press release or learning summary longer than two pages (output/pages.py);
    with ``strict`` raise CheckError, so that nothing is written."""
    from scr_docs.output.pages import page_warnings

    found = page_warnings(pdfs, str(built.review.path))
    built.problems += found
    if strict and found:
        raise CheckError("a document is longer than published ones are; nothing was written",
                         found)


def _load_review(path: Path) -> dict:
    """Return a review file's data for the consistency checks (validation problems raise)."""
    return validate_review(path).data


def run_check(paths: Iterable[Path | str],
              sensitive: Iterable[str] = ()) -> tuple[list[Problem], list[str]]:
    """Check as ``scr-docs check`` does: .docx files, folders of them, and review files.

    A review file turns on the consistency checks for the documents checked with it; given
    alone (no .docx file or folder), its documents are built in memory and those are checked,
    after the review's own warnings. A review file with errors raises ValidationError.
    Return the findings and the names of the documents checked.
    """
    from scr_docs.check import check_built, check_paths, expand_paths

    paths = [Path(p) for p in paths]
    reviews = [p for p in paths if p.suffix.lower() in (".yaml", ".yml") and p.is_file()]
    if len(reviews) < len(paths):
        files, _, _ = expand_paths(paths)
        return check_paths(paths, sensitive, _load_review), [f.name for f in files]
    out: list[Problem] = []
    names: list[str] = []
    for path in reviews:
        built = assemble(validate_review(path))
        out += built.problems
        out += check_built(built, sensitive, text_rules=False, final=is_final(built.review))
        names += [n for n in built.files if n.endswith(".docx")]
    return out, names
