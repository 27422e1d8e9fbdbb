"""The document kinds: one registry entry each, looped over by the build, the CLI and tests.

:data:`KINDS` is the one list of kind names; other modules take the names from it (or from the
constants below), never spell them again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scr_docs.assemble import action_plan, executive, learning, overview, press
from scr_docs.errors import ScrDocsError, TemplateError

OVERVIEW, EXECUTIVE, PRESS, LEARNING, ACTION_PLAN = (
    "overview-report", "executive-summary", "press-release", "learning-summary", "action-plan")

Builder = Callable[[object], tuple]
"""An assembler: ``builder(facts) -> (DocBuilder, template variables)``."""

PACKAGE_TEMPLATES = Path(__file__).resolve().parent / "templates"
SOURCE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True)
class DocumentKind:
    """One document the tool builds: its template, file suffix and context builder."""

    name: str
    title: str
    template: str
    builder: Builder
    """The assembler: ``builder(facts) -> (DocBuilder, template variables)``."""
    workbook: Callable[[object], bytes] | None = None
    """Returns the bytes of a workbook (``<slug>-<name>.xlsx``) built with the document, or
    None for kinds without one."""

    @property
    def suffix(self) -> str:
        """The end of the Word file's name: ``-<kind>.docx``."""
        return f"-{self.name}.docx"

    def filename(self, slug: str) -> str:
        """Return the Word file's name for a review's ``slug``."""
        return f"{slug}{self.suffix}"

    def workbook_filename(self, slug: str) -> str | None:
        """Return the workbook's file name, or None for kinds without a workbook."""
        return f"{slug}-{self.name}.xlsx" if self.workbook else None

    def build_workbook(self, facts) -> bytes:
        """Return the kind's workbook bytes (only for kinds with a ``workbook``)."""
        return self.workbook(facts)

    def build(self, facts) -> tuple:
        """Return ``(DocBuilder, template variables)`` of this kind for ``facts``."""
        return self.builder(facts)

    def shipped_template(self) -> Path:
        """Return the template shipped with scr-docs."""
        for base in (PACKAGE_TEMPLATES, SOURCE_TEMPLATES):
            path = base / self.template
            if path.is_file():
                return path
        raise TemplateError(f"template {self.template} is missing from {PACKAGE_TEMPLATES}; "
                            "reinstall scr-docs")

    def is_shipped(self, path: Path) -> bool:
        """Tell whether ``path`` is the template shipped for this kind."""
        return path.parent in (PACKAGE_TEMPLATES, SOURCE_TEMPLATES)

    def template_path(self, house: Path | None = None) -> Path:
        """Return the board's own template from ``house`` when it has one, else the shipped
        one. A house template is checked for the styles, numbering and footnotes the
        documents use."""
        if house is not None and (Path(house) / self.template).is_file():
            path = Path(house) / self.template
            from scr_docs.render.template_check import check_styles

            messages = check_styles(path)
            if messages:
                from scr_docs.errors import Problem

                raise TemplateError(
                    f"house template {path} cannot be used: {len(messages)} problem"
                    f"{'s' if len(messages) != 1 else ''}; nothing was written",
                    [Problem(m, file=str(path)) for m in messages])
            return path
        return self.shipped_template()


def _workbook(facts) -> bytes:
    from scr_docs.render.xlsx import build_workbook

    return build_workbook(facts)


KINDS: dict[str, DocumentKind] = {k.name: k for k in (
    DocumentKind(OVERVIEW, "Overview report", "overview-report.docx", overview.build),
    DocumentKind(EXECUTIVE, "Executive summary", "executive-summary.docx", executive.build),
    DocumentKind(PRESS, "Press release", "press-release.docx", press.build),
    DocumentKind(LEARNING, "Learning summary", "learning-summary.docx", learning.build),
    DocumentKind(ACTION_PLAN, "Action plan", "action-plan.docx", action_plan.build,
                 workbook=_workbook),
)}
PUBLICATION = (OVERVIEW, EXECUTIVE, PRESS, LEARNING)
"""The four documents that say the same facts the same way (the consistency rules)."""


def house_template_warnings(house: Path) -> list:
    """Return a warning Problem for each file in ``house`` that looks like a template but is
    not used: a .docx/.dotx/.docm not named for a kind, or a folder or broken link in the place
    of one. The shipped template is used for those kinds."""
    import difflib

    from scr_docs.errors import WARNING, Problem

    names = {k.template for k in KINDS.values()}
    found = []
    try:
        entries = sorted(Path(house).iterdir())
    except OSError:
        return []
    for entry in entries:
        shown = str(entry)
        if entry.name in names:
            if entry.is_symlink() and not entry.exists():
                found.append(Problem("is a symbolic link to a missing file; the shipped "
                                     "template is used", file=shown, severity=WARNING))
            elif entry.is_dir():
                found.append(Problem("is a folder, not a Word template; the shipped template "
                                     "is used", file=shown, severity=WARNING))
            continue
        if entry.suffix.lower() not in (".docx", ".dotx", ".docm", ".dotm", ".doc"):
            continue
        if entry.name.startswith("~$"):  # Word's lock file while the template is open
            continue
        close = difflib.get_close_matches(entry.name.lower(), sorted(names), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else ""
        found.append(Problem(
            f"is not used: house templates must be named {', '.join(sorted(names))}{hint} "
            "(the shipped template is used for kinds without one)", file=shown,
            severity=WARNING))
    return found


def select(only: str | list[str] | None) -> list[DocumentKind]:
    """Return the kinds named in ``only`` (comma-separated or a list), all when empty."""
    if not only:
        return list(KINDS.values())
    names = only.split(",") if isinstance(only, str) else list(only)
    names = [n.strip() for n in names if n.strip()]
    unknown = [n for n in names if n not in KINDS]
    if unknown:
        raise ScrDocsError(f"unknown document kind {', '.join(unknown)}; choose from "
                           f"{', '.join(KINDS)}")
    return [KINDS[n] for n in KINDS if n in names]
