"""What every text rule reads and returns: passages of text that know where they are, the
corpus of a build or of a set of .docx files, and findings."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from scr_docs.errors import WARNING, Problem
from scr_docs.documents import EXECUTIVE, LEARNING, OVERVIEW, PRESS
from scr_docs.model.nodes import Source, source_of



@dataclass(frozen=True)
class Passage:
    """One paragraph's text in one document, and where a reader finds it.

    ``kind`` is "paragraph", "heading", "cell", "footnote", "header" or "footer";
    ``level`` a heading's level (1-9) or None; ``style`` the paragraph style id;
    ``links`` the (visible text, address) of each hyperlink in it.
    """

    text: str
    document: str
    where: str
    source: Source | None = None
    kind: str = "paragraph"
    style: str = ""
    level: int | None = None
    links: tuple[tuple[str, str], ...] = ()
    lower: str = field(init=False, repr=False, compare=False)
    """``text`` lower-cased, computed once (rules look for a word in every passage, once
    per name; every passage is looked at, so it is made with the passage)."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "lower", self.text.lower())


@dataclass
class Corpus:
    """The passages of the documents being checked (document -> passages, in reading order)
    and the review's data (the facts the rules compare with: pseudonym, gender, age,
    agencies, glossary, quotes, recommendations)."""

    documents: dict[str, list[Passage]]
    review: dict
    file_names: dict[str, str] = field(default_factory=dict)
    """Document -> the file name it is written to (for findings in generated text)."""

    def passages(self, *documents: str, kinds: tuple[str, ...] = ()) -> Iterable[Passage]:
        """Yield the passages of ``documents`` (all when none), of ``kinds`` (all when none)."""
        for name in documents or tuple(self.documents):
            for passage in self.documents.get(name, ()):
                if not kinds or passage.kind in kinds:
                    yield passage


@dataclass(frozen=True)
class Finding:
    """What a rule found: a message, the passage it is about (None for the review as a
    whole), the rule's id and severity; or a review field (``field``: a FieldText whose
    source is the place, e.g. a report quote)."""

    rule: str
    message: str
    passage: Passage | None = None
    severity: str = WARNING
    field: object = None

    def problem(self, corpus: Corpus | None = None, review_file: str = "") -> Problem:
        """Return the finding as a Problem located in the review file when its text came
        from there, else in the document (with the generating rule named)."""
        return dataclasses.replace(self._problem(corpus, review_file), rule=self.rule)

    def _problem(self, corpus: Corpus | None, review_file: str) -> Problem:
        field_source = source_of(self.field)
        if field_source is not None and not field_source.generated:
            return Problem(self.message, field_source.field, field_source.line,
                           field_source.file or review_file, self.severity)
        p = self.passage
        if p is None:
            return Problem(self.message, "", None, review_file, self.severity)
        shown = (corpus.file_names.get(p.document, p.document) if corpus else p.document)
        if p.source is not None and not p.source.generated:
            return Problem(f"{self.message} (in the {p.document.replace('-', ' ')})",
                           p.source.field, p.source.line, p.source.file or review_file,
                           self.severity)
        if p.source is not None:
            return Problem(f"{self.message} (text written by scr-docs: {p.source.rule})",
                           f"{shown}: {p.where}", None, review_file, self.severity)
        return Problem(self.message, p.where, None, shown, self.severity)


Rule = Callable[[Corpus], list[Finding]]


__all__ = ["Corpus", "EXECUTIVE", "Finding", "LEARNING", "OVERVIEW", "PRESS", "Passage", "Rule"]
