"""The anonymity audit: a dated record of every check run on every part of every file.

A board shows with it what was checked before publication: which parts of each document
were read and how, which checks ran, how many sensitive terms were searched for (with the
SHA-256 of the file they came from, never the terms), and how many findings there were.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field

from scr_docs.errors import Problem

CHECKS = (
    ("anonymity", "sensitive terms (folded: Unicode NFKC, zero-width characters, look-alike "
                  "letters, case, - _ . + %20 as spaces) in every place below; author, company "
                  "and template properties; full dates of birth next to a family member; "
                  "tracked changes, comments and hidden text"),
    ("accessibility", "title, language, headings, tables, alternative text, links, contrast"),
    ("consistency", "pseudonym, age, board, agencies, recommendation count, quotes, glossary "
                    "(between the documents of one build)"),
)


class SensitiveTerms(list):
    """Sensitive terms (a list of str) that remember the SHA-256 of each file they came from."""

    def __init__(self, terms=(), sources: list[tuple[str, str]] | None = None):
        super().__init__(terms)
        self.sources: list[tuple[str, str]] = list(sources or [])
        """(file name, SHA-256 of the file's bytes) for each file read."""

    @classmethod
    def from_bytes(cls, terms, name: str, data: bytes) -> "SensitiveTerms":
        return cls(terms, [(name, hashlib.sha256(data).hexdigest())])


@dataclass
class FileAudit:
    """What was read of one file: (part, how it was read, places searched) per part."""

    name: str
    parts: list[tuple[str, str, int]] = field(default_factory=list)


@dataclass
class Audit:
    """The record of one run of the checks on the files of a build."""

    date: str
    terms: int
    sources: list[tuple[str, str]]
    files: list[FileAudit]
    findings: list[Problem]


def make_audit(docs, sensitive, findings: list[Problem], date: str) -> Audit:
    """Return the audit of documents read (DocxText objects) and the findings on them."""
    files = []
    for doc in docs:
        counts = Counter(place.part for place in doc.places())
        files.append(FileAudit(doc.name, [(part, how, counts.get(part, 0))
                                          for part, how in doc.audit]))
    terms = len(getattr(sensitive, "terms", sensitive) or ())
    return Audit(date, terms, list(getattr(sensitive, "sources", [])), files, list(findings))


def render_audit(audit: Audit, slug: str, other_files: list[str] = ()) -> str:
    """Return the audit as Markdown (``<slug>-anonymity-audit.md`` in the pack)."""
    errors = sum(1 for p in audit.findings if p.is_error)
    warnings = sum(1 for p in audit.findings if p.is_warning)
    sensitive = sum(1 for p in audit.findings if p.message.startswith("sensitive term"))
    parts = sum(len(f.parts) for f in audit.files)
    places = sum(n for f in audit.files for _, _, n in f.parts)
    lines = [
        f"# Anonymity audit: {slug}", "",
        f"Checked on {audit.date} by scr-docs, before the files were written.", "",
        "## Counts", "",
        f"- Documents checked: {len(audit.files)}",
        f"- Parts read: {parts}",
        f"- Places searched: {places}",
        f"- Sensitive terms searched for: {audit.terms}",
        f"- Findings of the build (review, text and publication checks): {errors} "
        f"error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''} "
        f"({sensitive} of a sensitive term)", "",
        "## Sensitive-terms file", "",
    ]
    if audit.sources:
        lines += ["The terms themselves are not recorded; the file's SHA-256 lets the board "
                  "show which list was used.", ""]
        lines += [f"- SHA-256 {digest}" for _, digest in audit.sources]
    else:
        lines += ["No sensitive-terms file was given (`--sensitive`): names were not searched "
                  "for."]
    lines += ["", "## Checks run on every document", ""]
    lines += [f"- **{name}**: {what}" for name, what in CHECKS]
    for f in audit.files:
        lines += ["", f"## {f.name}", "", "| Part | Read as | Places searched |",
                  "| --- | --- | ---: |"]
        lines += [f"| {_cell(part)} | {_cell(how)} | {n} |" for part, how, n in f.parts]
    if other_files:
        lines += ["", "## Other files in the pack", ""]
        lines += [f"- {name}: made by LibreOffice from the checked document of the same name"
                  for name in other_files]
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def audit_name(slug: str) -> str:
    """Return the file name of the audit in the pack."""
    return f"{slug}-anonymity-audit.md"

