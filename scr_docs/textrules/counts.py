"""Counts: the number of recommendations a document states, and the overview report's
numbered recommendations, against the review's recommendations."""

from __future__ import annotations

import re

from scr_docs.textrules.base import EXECUTIVE, OVERVIEW, Corpus, Finding, Passage
from scr_docs.textrules.ages import NUMBER, number

_COUNT = re.compile(
    rf"(?:\b(\w+)\s+)?\b({NUMBER})\s+(?:(?:new|key|main|multi-agency|single-agency|agency|"
    r"board|board-level|specific|separate|overall|smart|formal|local|partnership)\s+){0,2}"
    r"recommendations\b", re.IGNORECASE)
_SUBSET = {"first", "last", "remaining", "other", "following", "these", "those", "further",
           "additional", "next", "previous"}


def recommendation_counts(corpus: Corpus) -> list[Finding]:
    """Find "makes 12 recommendations" where the review has another number (the executive
    summary may also give the number of board-level ones), and an overview report whose
    Recommendation paragraphs are not one per recommendation."""
    items = (corpus.review.get("recommendations") or {}).get("items") or []
    total = len(items)
    board_level = sum(1 for i in items if isinstance(i, dict) and i.get("board_level"))
    out = []
    if OVERVIEW in corpus.documents and items:
        styled = sum(1 for p in corpus.passages(OVERVIEW) if p.style == "Recommendation")
        if styled != total:
            out.append(Finding("recommendation-count",
                               f"{styled} paragraph(s) in the Recommendation style; the review "
                               f"has {total} recommendations",
                               Passage("", OVERVIEW, "recommendations")))
    for document in corpus.documents:
        allowed = {total, board_level} if document == EXECUTIVE else {total}
        for passage in corpus.passages(document):
            if "recommendations" not in passage.lower:
                continue
            for m in _COUNT.finditer(passage.text):
                if (m.group(1) or "").lower() in _SUBSET:
                    continue
                if number(m.group(2)) not in allowed:
                    out.append(Finding("recommendation-count",
                                       f'text says "{" ".join(m.group().split())}"; the review '
                                       f"has {total} recommendations", passage))
    return out
