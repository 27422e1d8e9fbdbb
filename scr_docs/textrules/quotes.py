"""Quotations of the report: each report quote the press release gives must be word for word
in the overview report (and printed in the press release); a passage in quotation marks
elsewhere that is close to the report but not word for word is an error too."""

from __future__ import annotations

import re

from scr_docs.errors import ERROR
from scr_docs.text import drop_zero_width
from scr_docs.textrules.base import OVERVIEW, PRESS, Corpus, Finding, Passage

_QUOTE_MARKS = {**dict.fromkeys("“”„‟″", '"'), **dict.fromkeys("‘’‚‛′", "'")}
_QUOTED = re.compile(r"[\"“]([^\"“”]{20,}?)[\"”]")
# Every branch starts with a literal character, so the engine skips ahead to the next "[",
# "^", "*", "_" or "`" instead of trying each position (four times faster on a long text).
_MARKDOWN = re.compile(r"\[([^\]]*)\]\([^)]*\)|\^\[[^\]]*\]|\*|_|`")
_WORD = re.compile(r"[\w'’-]+")


def quote_text(value: str) -> str:
    """Return text as quotes compare: Markdown to words, quote marks and spaces alike."""
    value = drop_zero_width(_MARKDOWN.sub(r"\1", value))   # a link's text; nothing for the rest
    for mark, plain in _QUOTE_MARKS.items():   # one C-level pass per mark, no call per match
        value = value.replace(mark, plain)
    return " ".join(value.split())


def report_quotes(corpus: Corpus) -> list[Finding]:
    """Find report quotes missing from the overview report or the press release, and
    quotations close to the report but not word for word."""
    quotes = (corpus.review.get("press_release") or {}).get("report_quotes") or []
    report = _joined(corpus, OVERVIEW)
    released = _joined(corpus, PRESS)
    out = []
    for i, quote in enumerate(quotes):
        wanted = quote_text(str(quote)).strip("\"' ")
        short = " ".join(wanted.split()[:8]) + ("…" if len(wanted.split()) > 8 else "")
        field = f"press_release.report_quotes[{i}]"
        for document, joined, label in ((OVERVIEW, report, "overview report"),
                                        (PRESS, released, "press release")):
            if joined is not None and wanted not in joined:
                out.append(Finding("report-quote", f'report quote {i + 1} ("{short}") is not '
                                   f"word for word in the {label}", Passage("", document, field),
                                   ERROR, quote))
    if report is None:
        return out
    grams = None
    for document in corpus.documents:
        if document == OVERVIEW:
            continue
        for passage in corpus.passages(document):
            if passage.source is not None and passage.source.field.startswith(
                    "press_release.report_quotes"):
                continue  # a report quote: checked word for word above
            for m in _QUOTED.finditer(passage.text):
                passage_text = quote_text(m.group(1))
                if len(passage_text.split()) < 6 or passage_text in report:
                    continue
                grams = _trigrams(report) if grams is None else grams
                mine = _trigrams(passage_text)
                if mine and len(mine & grams) / len(mine) >= 0.5:
                    short = " ".join(passage_text.split()[:8])
                    out.append(Finding("report-quote", f'quotation "{short}…" is close to the '
                                       "overview report but not word for word", passage, ERROR))
    return out


def _joined(corpus: Corpus, document: str) -> str | None:
    if document not in corpus.documents:
        return None
    return quote_text(" ".join(p.text for p in corpus.passages(document)))


def _trigrams(value: str) -> set:
    words = [w.lower().strip("'’-") for w in _WORD.findall(value)]
    return set(zip(words, words[1:], words[2:]))
