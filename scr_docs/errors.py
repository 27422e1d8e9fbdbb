"""Problems found in input and the one exception family of scr-docs."""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"
NOTE = "note"
"""Severity of a notice that tells what scr-docs did (drafting comments removed): printed,
never an error, not counted as a warning by ``--strict``."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and why it matters."""

    message: str
    path: str = ""
    """Field path such as ``recommendations.items[3].agency``, or a place in a document."""
    line: int | None = None
    file: str = ""
    severity: str = ERROR
    rule: str = ""
    """The text rule that found it (``pronoun``), for grouping; "" for other problems."""

    @property
    def is_error(self) -> bool:
        """Tell whether the problem stops a build (an error, not a warning)."""
        return self.severity == ERROR

    @property
    def is_warning(self) -> bool:
        """Tell whether the problem is a warning (``--strict`` counts it as an error)."""
        return self.severity == WARNING

    def format(self) -> str:
        """Return the problem as one line: ``file:line: path: severity: message``."""
        where = self.file or "<input>"
        if self.line:
            where += f":{self.line}"
        place = f" {self.path}:" if self.path else ""
        return f"{where}:{place} {self.severity}: {self.message}"


class ScrDocsError(Exception):
    """Base of every error scr-docs raises on purpose; the CLI turns it into a message."""

    exit_code = 1

    def __init__(self, message: str, problems: list[Problem] | None = None):
        super().__init__(message)
        self.message = message
        self.problems: list[Problem] = list(problems or [])

    def report(self) -> str:
        """Return the message followed by one line per problem."""
        lines = [p.format() for p in self.problems]
        lines.append(self.message)
        return "\n".join(lines)


class ReviewFileError(ScrDocsError):
    """Raised when a review file cannot be read or parsed as YAML."""


class ValidationError(ScrDocsError):
    """Raised when a review file has errors (or warnings under ``strict``)."""


class TemplateError(ScrDocsError):
    """Raised when a Word template is missing or its tags are broken."""


class OutputError(ScrDocsError):
    """Raised when output cannot be written, e.g. files exist and ``force`` is off."""


class ConversionError(ScrDocsError):
    """Raised when PDF conversion is asked for and LibreOffice is missing or fails."""


class CheckError(ScrDocsError):
    """Raised when publication checks find errors in built documents."""


@dataclass
class Problems:
    """A collector of problems that keeps insertion order."""

    file: str = ""
    items: list[Problem] = field(default_factory=list)

    def add(self, message: str, path: str = "", line: int | None = None,
            severity: str = ERROR) -> None:
        """Add a problem at field ``path`` (line ``line``) of this collector's file."""
        self.items.append(Problem(message, path, line, self.file, severity))

    def warn(self, message: str, path: str = "", line: int | None = None) -> None:
        """Add a warning at field ``path`` (line ``line``)."""
        self.add(message, path, line, WARNING)

    @property
    def errors(self) -> list[Problem]:
        """The problems that are errors, in order."""
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        """The problems that are warnings (not errors, not notes), in order."""
        return [p for p in self.items if p.is_warning]
