"""The text rules: each written once, over passages of plain text that know where they are.

A :class:`Passage` is one paragraph (heading, table cell, footnote, header line) of one
document. Passages come from two places and the same rules run on both:

- a build's document models (:func:`passages_from_models`): each passage carries the
  :class:`~scr_docs.model.nodes.Source` of its block, so a finding names the review file, line
  and field path, or the sentence template that wrote generated text;
- a .docx read by ``scr-docs check`` (check/consistency.py turns a ``DocxText`` into
  passages): a hand-edited document keeps its document places ("body paragraph 12").

:data:`RULES` is the registry: rule id -> (function, what it finds). A rule is
``rule(corpus) -> list[Finding]``.
"""

from __future__ import annotations

from collections.abc import Iterable

from scr_docs.errors import ERROR, WARNING, Problem
from scr_docs.model.nodes import Document, source_of
from scr_docs.model.plain import text_rows
from scr_docs.textrules import ages, counts, glossary, links, names, quotes
from scr_docs.textrules.base import Corpus, Finding, Passage, Rule


RULES: dict[str, tuple[Rule, str]] = {
    "pseudonym": (names.pseudonym, "the child's pseudonym written another way"),
    "pronoun": (names.pronouns, "a gendered pronoun about a child whose gender is withheld"),
    "agency-name": (names.agency_names, "the board or an agency named another way"),
    "age": (ages.ages, "an age next to the child that differs from the review's"),
    "recommendation-count": (counts.recommendation_counts,
                             "a count of recommendations that differs from the review's"),
    "report-quote": (quotes.report_quotes,
                     "a quotation of the report that is not word for word"),
    "glossary": (glossary.glossary, "abbreviations not in the glossary, terms never used"),
    "link-text": (links.link_text, "a link whose visible text is its bare address"),
    "heading-level": (links.heading_levels, "a heading level skipped"),
}
"""Rule id -> (rule function, what it finds), in the order rules run."""


def rules() -> dict[str, tuple[Rule, str]]:
    """Return :data:`RULES`."""
    return RULES


ACCESSIBILITY = frozenset({"link-text", "heading-level"})
"""Rules whose errors block only a final review (or ``--strict``); warnings in a draft."""


def run_rules(corpus: Corpus, only: Iterable[str] | None = None, review_file: str = "",
              final: bool = True) -> list[Problem]:
    """Run every rule (or those in ``only``) on ``corpus``; return their findings as
    Problems, in rule order. A finding about text the author wrote once and several
    documents print is reported once, naming every document. Unless ``final``,
    accessibility errors are warnings."""
    grouped: dict[tuple, list] = {}
    for rule_id, (rule, _) in rules().items():
        if only is not None and rule_id not in only:
            continue
        for finding in rule(corpus):
            if not final and rule_id in ACCESSIBILITY and finding.severity == ERROR:
                finding = Finding(finding.rule, finding.message, finding.passage, WARNING,
                                  finding.field)
            problem = finding.problem(corpus, review_file)
            p = finding.passage
            authored = p is not None and p.source is not None and not p.source.generated \
                and source_of(finding.field) is None
            key = ((finding.rule, finding.message, problem.file, problem.line, problem.path)
                   if authored else (problem,))
            grouped.setdefault(key, [problem, []])[1].append(p.document if p else "")
    ignore = [i for i in (corpus.review.get("checks") or {}).get("ignore") or []
              if isinstance(i, dict)]
    out = []
    for key, (problem, docs) in grouped.items():
        if any(_ignored(problem, i) for i in ignore):
            continue
        if len(key) > 1 and len(set(docs)) > 1:
            names = " and ".join(dict.fromkeys(d.replace("-", " ") for d in docs))
            message = problem.message.rsplit(" (in the ", 1)[0] + f" (in the {names})"
            problem = Problem(message, problem.path, problem.line, problem.file,
                              problem.severity, problem.rule)
        out.append(problem)
    return out


def _ignored(problem: Problem, ignore: dict) -> bool:
    """Whether ``checks.ignore`` entry ``ignore`` ({rule, field?, phrase?}) silences
    ``problem``: same rule, field path starting with ``field``, message containing
    ``phrase``."""
    field, phrase = str(ignore.get("field") or ""), str(ignore.get("phrase") or "")
    return (problem.rule == ignore.get("rule")
            and (not field or problem.path == field or problem.path.startswith(
                (field + ".", field + "[")))
            and (not phrase or phrase.lower() in problem.message.lower()))


def passages_from_models(models: dict[str, Document]) -> dict[str, list[Passage]]:
    """Return the passages of each document model (kind -> passages): paragraphs and
    headings with their source, table cells, then footnotes."""
    out: dict[str, list[Passage]] = {}
    for kind, document in models.items():
        passages = []
        counters = {"paragraph": 0, "heading": 0, "cell": 0, "footnote": 0}
        for text, source, block_kind, style, note, links in text_rows(document):
            counters[block_kind] = counters.get(block_kind, 0) + 1
            where = (f"footnote {note}" if block_kind == "footnote"
                     else f"{block_kind} {counters[block_kind]}")
            level = int(style[7:]) if style.startswith("Heading") and style[7:].isdigit() \
                else None
            passages.append(Passage(text, kind, where, source, block_kind, style, level, links))
        out[kind] = passages
    return out


__all__ = ["Corpus", "ERROR", "Finding", "Passage", "RULES", "WARNING", "passages_from_models",
           "rules", "run_rules"]
