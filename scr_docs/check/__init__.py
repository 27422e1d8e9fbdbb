"""Publication-safety checks on built .docx files: anonymity, accessibility, consistency.

Anonymity and accessibility findings are errors; consistency findings are warnings (a report
quote that is not word for word stays an error), so an author's draft still builds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Mapping

from scr_docs.documents import KINDS, PUBLICATION
from scr_docs.errors import ERROR, WARNING, CheckError, Problem, ScrDocsError
from scr_docs.check.accessibility import check_accessibility
from scr_docs.check.anonymity import FAMILY_TERMS, Matcher, check_anonymity
from scr_docs.check.audit import SensitiveTerms, make_audit, render_audit
from scr_docs.check.consistency import check_consistency
from scr_docs.check.docx_text import DocxText, Link, Para, Place, read_docx

__all__ = [
    "DOCUMENT_KINDS", "DocxText", "FAMILY_TERMS", "Link", "Matcher", "Para", "Place",
    "SensitiveTerms", "make_audit", "render_audit",
    "check_accessibility", "check_anonymity", "check_built", "check_consistency",
    "check_documents", "check_paths", "document_kind", "expand_paths", "load_sensitive", "read_docx",
    "render_html", "render_markdown", "summarise", "write_report",
]

_REPORT = ("render_html", "render_markdown", "summarise", "write_report")


def __getattr__(name: str):
    """The report writers (check/report.py) are imported when first asked for: a build
    does not write a check report."""
    if name in _REPORT:
        from scr_docs.check import report

        return getattr(report, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


DOCUMENT_KINDS = tuple(KINDS)
"""The kinds a file's name can show (``child-h-press-release.docx``)."""


def load_sensitive(path: Path | str) -> SensitiveTerms:
    """Return the terms of a sensitive list: one a line, blank lines and ``#`` comments skipped.

    The list (of str) also carries the file's SHA-256 for the anonymity audit.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise CheckError(f"cannot read the sensitive list {path}: {e}") from e
    terms = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            terms.append(line)
    return SensitiveTerms.from_bytes(dict.fromkeys(terms), path.name, data)


def document_kind(name: str) -> str | None:
    """Return the document kind a file name shows (``child-h-press-release.docx``), or None."""
    stem = Path(name).stem.lower().replace("_", "-").replace(" ", "-")
    for kind in DOCUMENT_KINDS:
        if kind in stem:
            return kind
    return None


def check_documents(docs: Mapping[str, DocxText] | Iterable[DocxText],
                    sensitive: Iterable[str] | Matcher = (), review: dict | None = None,
                    allowed_creator: str | Iterable[str] | None = None,
                    final: bool = True, text_rules: bool = True) -> list[Problem]:
    """Return every finding on documents already read (keyed by kind, or a list of them).

    ``review`` (the review data) turns on the consistency rules and, unless
    ``allowed_creator`` is given, allows the board's name as the documents' author.
    ``text_rules`` off leaves out the rules a build has already run on its document models
    (textrules/); ``final`` off makes accessibility errors warnings (a draft).
    """
    if not isinstance(docs, Mapping):
        listed = list(docs)
        docs = {document_kind(d.name) or d.name: d for d in listed}
    matcher = sensitive if isinstance(sensitive, Matcher) else Matcher(sensitive)
    if allowed_creator is None and review:
        allowed_creator = str((review.get("board") or {}).get("name") or "") or None
    out: list[Problem] = []
    for doc in docs.values():
        out += check_anonymity(doc, matcher, allowed_creator=allowed_creator)
        out += check_accessibility(doc, final=final, text_rules=text_rules)
    if review and text_rules:
        out += check_consistency({k: d for k, d in docs.items() if k in PUBLICATION}, review)
    return out


_PAGES = (".html", ".htm")


def expand_paths(paths: Iterable[Path | str]) -> tuple[list[Path], list[Path], list[Problem]]:
    """Return the documents (.docx files and the HTML edition's .html pages) and review
    files named by ``paths`` (folders walked), and a warning for each path that is neither;
    raise CheckError for a path that does not exist."""
    docx, reviews, problems = [], [], []
    for path in map(Path, paths):
        if path.is_dir():
            docx += sorted(p for p in path.rglob("*") if p.is_file() and (
                p.suffix.lower() == ".docx" and not p.name.startswith("~$")
                or p.suffix.lower() in _PAGES))
            reviews += sorted(p for p in path.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))
        elif not path.exists():
            raise CheckError(f"no such file or folder: {path}")
        elif path.suffix.lower() in (".docx", *_PAGES):
            docx.append(path)
        elif path.suffix.lower() in (".yaml", ".yml"):
            reviews.append(path)
        else:
            problems.append(Problem("not a .docx or .html file or a folder: not checked", "", None,
                                    str(path), WARNING))
    return list(dict.fromkeys(docx)), reviews, problems


def check_paths(paths: Iterable[Path | str], sensitive: Iterable[str] | Matcher = (),
                review_loader: Callable[[Path], dict] | None = None,
                allowed_creator: str | Iterable[str] | None = None) -> list[Problem]:
    """Return every finding on .docx files, HTML pages and folders of them (walked for
    both; a page is checked for the sensitive terms in its text and attribute values).

    Review files (.yaml) are read with ``review_loader`` (path -> plain review dict) when one
    is given, else ignored; documents are grouped by folder for the consistency checks, each
    file's kind taken from its name. An unreadable .docx is an error finding, not an exception.
    """
    files, review_files, out = expand_paths(paths)
    review = None
    if review_loader is not None:
        for path in review_files:
            review = review_loader(path)
    matcher = sensitive if isinstance(sensitive, Matcher) else Matcher(sensitive)
    groups: dict[Path, dict[str, DocxText]] = {}
    for path in files:
        if path.suffix.lower() in _PAGES:
            out += _check_page(path, matcher)
            continue
        try:
            doc = read_docx(path, path.name)
        except ScrDocsError as e:
            out.append(Problem(e.message, "", None, path.name, ERROR))
            continue
        group = groups.setdefault(path.parent, {})
        key = document_kind(path.name) or path.name
        group[key if key not in group else path.name] = doc
    for group in groups.values():
        out += check_documents(group, matcher, review, allowed_creator)
    return out


def _check_page(path: Path, matcher: Matcher) -> list[Problem]:
    """Return the sensitive-term findings of the HTML page at ``path``, read with the bound
    of one part of a .docx (a page is one part); an unreadable page is an error finding."""
    from scr_docs.check.html_text import check_html_anonymity
    from scr_docs.ooxml.reader import MAX_MEMBER_BYTES
    from scr_docs.review.safe_files import Unsafe, read_capped

    try:
        page = read_capped(path, MAX_MEMBER_BYTES, path.name)
    except Unsafe as exc:
        return [Problem(f"page not checked: {exc}", "", None, path.name, ERROR)]
    return check_html_anonymity(path.name, page, matcher)


def check_built(built, sensitive: Iterable[str] | Matcher = (), text_rules: bool = True,
                final: bool = True) -> list[Problem]:
    """Return every finding on a build in memory (``built.files``: name -> .docx bytes).
    With ``text_rules`` off, only what the document models cannot show is checked: the
    files' anonymity (every part, properties) and their structural accessibility.

    Also sets ``built.audit`` (an :class:`Audit`: what was read of each part and the counts)
    when ``built`` has that attribute.
    """
    review = getattr(getattr(built, "review", None), "data", None)
    docs = {}
    pages = []
    for name, data in built.files.items():
        if name.endswith(".html"):
            pages.append((name, data))
            continue
        if not name.endswith(".docx"):
            continue  # the action plan's workbook: its rows are the review's own fields
        doc = read_docx(data, name)
        key = document_kind(name) or name
        docs[key if key not in docs else name] = doc
    findings = check_documents(docs, sensitive, review, final=final, text_rules=text_rules)
    if pages:  # the HTML edition: its text and attributes, for the sensitive terms
        from scr_docs.check.html_text import check_html_anonymity

        matcher = sensitive if isinstance(sensitive, Matcher) else Matcher(sensitive)
        for name, data in pages:
            findings += check_html_anonymity(name, data, matcher)
    if hasattr(built, "audit"):
        stamp = getattr(getattr(built, "facts", None), "stamp", "") or ""
        built.audit = make_audit(docs.values(), sensitive, findings, stamp)
        if pages:
            from scr_docs.check.audit import FileAudit
            from scr_docs.check.html_text import html_places

            built.audit.files += [FileAudit(name, [(
                "page", "HTML text and attribute values, link addresses percent-decoded",
                len(html_places(data)))]) for name, data in pages]
    return findings
