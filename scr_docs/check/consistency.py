"""Consistency across the documents, read from .docx files: each document's text turned into
the passages the text rules read (textrules/), so a hand-edited document is checked by the same
rules as a build, with its document places ("body paragraph 12")."""

from __future__ import annotations

import re
from collections import defaultdict

from scr_docs.errors import Problem
from scr_docs.textrules import Corpus, Passage, run_rules
from scr_docs.check.docx_text import DocxText

CONSISTENCY_RULES = ("pseudonym", "pronoun", "agency-name", "age", "recommendation-count",
                     "report-quote", "glossary")
"""The text rules that compare documents with the review's facts."""


def passages_from_docx(doc: DocxText, document: str) -> list[Passage]:
    """Return the passages of a .docx as the text rules read them: body paragraphs
    (headings with their outline level, table cells), then footnotes, endnotes, headers and
    footers; deleted text of tracked changes is left out, and so are the contents page's
    entries (styles "toc 1", "toc 2", …: the headings again, their numbers not counts)."""
    links: dict[str, list] = defaultdict(list)
    for link in doc.links:
        links[link.where].append((link.text, link.target))
    out = []
    for para in doc.paragraphs:
        name = doc.styles.name(para.style) if para.style else ""
        if re.fullmatch(r"toc \d", (name or para.style or "").lower()) \
                or re.fullmatch(r"TOC\d", para.style or ""):
            continue
        style = "Recommendation" if "Recommendation" in (para.style, name) else (name or
                                                                                  para.style)
        if para.table is not None:
            kind, level = "cell", None
        elif para.level is not None:
            kind, level = "heading", para.level
        else:
            kind, level = "paragraph", None
        out.append(Passage(para.text, document, para.where, None, kind, style, level,
                           tuple(links.pop(para.where, ()))))
    for part, kind in (("footnotes", "footnote"), ("endnotes", "footnote"),
                       ("headers", "header"), ("footers", "footer")):
        for place in doc.places(part):
            if place.where.endswith("(deleted text)") or place.where.startswith("tracked"):
                continue
            out.append(Passage(place.text, document, place.where, None, kind, "", None,
                               tuple(links.pop(place.where, ()))))
    return out


def check_consistency(docs: dict[str, DocxText], review: dict) -> list[Problem]:
    """Return the consistency findings on documents keyed by kind (warnings; an inexact report
    quote is an error)."""
    corpus = Corpus({kind: passages_from_docx(doc, kind) for kind, doc in docs.items()},
                    review or {}, {kind: doc.name for kind, doc in docs.items()})
    return run_rules(corpus, only=CONSISTENCY_RULES)
