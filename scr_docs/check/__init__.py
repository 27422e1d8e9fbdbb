"""Publication-safety checks on built .docx files: anonymity, accessibility, consistency.

Anonymity and accessibility findings are errors; consistency findings are warnings (a report
quote that is not word for word stays an error), so an author's draft still builds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable, Iterable, Mapping

from ..errors import ERROR, WARNING, CheckError, Problem, ScrDocsError
from .accessibility import check_accessibility
from .anonymity import FAMILY_TERMS, Matcher, check_anonymity
from .consistency import check_consistency
from .docx_text import DocxText, Link, Para, Place, read_docx
from .report import render_html, render_markdown, summarise, write_report

__all__ = [
    "DOCUMENT_KINDS", "DocxText", "FAMILY_TERMS", "Link", "Matcher", "Para", "Place",
    "check_accessibility", "check_anonymity", "check_built", "check_consistency",
    "check_documents", "check_paths", "document_kind", "load_sensitive", "read_docx",
    "render_html", "render_markdown", "run_check", "summarise", "write_report",
]

DOCUMENT_KINDS = ("overview-report", "executive-summary", "press-release", "learning-summary")


def load_sensitive(path: Path | str) -> list[str]:
    """Return the terms of a sensitive list: one a line, blank lines and ``#`` comments skipped."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise CheckError(f"cannot read the sensitive list {path}: {e}") from e
    terms = []
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            terms.append(line)
    return list(dict.fromkeys(terms))


def document_kind(name: str) -> str | None:
    """Return the document kind a file name shows (``child-h-press-release.docx``), or None."""
    stem = Path(name).stem.lower().replace("_", "-").replace(" ", "-")
    for kind in DOCUMENT_KINDS:
        if kind in stem:
            return kind
    return None


def check_documents(docs: Mapping[str, DocxText] | Iterable[DocxText],
                    sensitive: Iterable[str] | Matcher = (), review: dict | None = None,
                    allowed_creator: str | Iterable[str] | None = None) -> list[Problem]:
    """Return every finding on documents already read (keyed by kind, or a list of them).

    ``review`` (the plain review data) turns on the consistency checks and, unless
    ``allowed_creator`` is given, allows the board's name as the documents' author.
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
        out += check_accessibility(doc)
    if review:
        out += check_consistency({k: d for k, d in docs.items() if k in DOCUMENT_KINDS}, review)
    return out


def _expand(paths: Iterable[Path | str]) -> tuple[list[Path], list[Path], list[Problem]]:
    docx, reviews, problems = [], [], []
    for path in map(Path, paths):
        if path.is_dir():
            docx += sorted(p for p in path.rglob("*.docx") if not p.name.startswith("~$"))
            reviews += sorted(p for p in path.glob("*.y*ml") if p.suffix in (".yaml", ".yml"))
        elif not path.exists():
            raise CheckError(f"no such file or folder: {path}")
        elif path.suffix.lower() == ".docx":
            docx.append(path)
        elif path.suffix.lower() in (".yaml", ".yml"):
            reviews.append(path)
        else:
            problems.append(Problem("not a .docx file or a folder: not checked", "", None,
                                    str(path), WARNING))
    return list(dict.fromkeys(docx)), reviews, problems


def check_paths(paths: Iterable[Path | str], sensitive: Iterable[str] | Matcher = (),
                review_loader: Callable[[Path], dict] | None = None,
                allowed_creator: str | Iterable[str] | None = None) -> list[Problem]:
    """Return every finding on .docx files and folders of them (walked for .docx).

    Review files (.yaml) are read with ``review_loader`` (path -> plain review dict) when one
    is given, else ignored; documents are grouped by folder for the consistency checks, each
    file's kind taken from its name. An unreadable .docx is an error finding, not an exception.
    """
    files, review_files, out = _expand(paths)
    review = None
    if review_loader is not None:
        for path in review_files:
            review = review_loader(path)
    matcher = sensitive if isinstance(sensitive, Matcher) else Matcher(sensitive)
    groups: dict[Path, dict[str, DocxText]] = {}
    for path in files:
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


def check_built(built, sensitive: Iterable[str] | Matcher = ()) -> list[Problem]:
    """Return every finding on a build in memory (``built.files``: name -> bytes; the .docx
    files are checked)."""
    review = getattr(getattr(built, "review", None), "data", None)
    docs = {}
    for name, data in built.files.items():
        if not name.endswith(".docx"):
            continue  # the action plan's workbook: its rows are the review's own fields
        doc = read_docx(data, name)
        key = document_kind(name) or name
        docs[key if key not in docs else name] = doc
    return check_documents(docs, sensitive, review)


def _load_review(path: Path) -> dict:
    """Return a review file's data for the consistency checks (validation problems raise)."""
    from ..load import load
    from ..validate import validate

    return validate(load(path)).data


def run_check(paths: Iterable[Path | str],
              sensitive: Iterable[str] | Matcher = ()) -> tuple[list[Problem], list[str]]:
    """Check as ``scr-docs check`` does: .docx files, folders of them, and review files.

    A review file turns on the consistency checks for the documents checked with it; given
    alone (no .docx file or folder), its documents are built in memory and those are checked,
    after the review's own warnings. A review file with errors raises ValidationError.
    Return the findings and the names of the documents checked.
    """
    paths = [Path(p) for p in paths]
    reviews = [p for p in paths if p.suffix.lower() in (".yaml", ".yml") and p.is_file()]
    if len(reviews) < len(paths):
        files, _, _ = _expand(paths)
        return check_paths(paths, sensitive, _load_review), [f.name for f in files]
    from ..build import assemble
    from ..load import load
    from ..validate import validate

    out: list[Problem] = []
    names: list[str] = []
    for path in reviews:
        built = assemble(validate(load(path)))
        out += built.problems
        out += check_built(built, sensitive)
        names += [n for n in built.files if n.endswith(".docx")]
    return out, names
