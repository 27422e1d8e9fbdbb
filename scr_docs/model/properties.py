"""A document's properties (Word's core and extended properties), set on purpose for every
document and never left from a template."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date, datetime


@dataclass(frozen=True)
class CoreProperties:
    """What a document says of itself in File > Info: title, subject, author (the board,
    never a person), keywords, description, language (a BCP 47 tag), company and category;
    ``last_modified_by`` None means the creator; ``timestamp`` (an ISO 8601 text, a date or a
    datetime; None: ``SOURCE_DATE_EPOCH`` or now) is both created and modified."""

    title: str = ""
    subject: str = ""
    creator: str = ""
    keywords: str = ""
    description: str = ""
    language: str = "en-GB"
    company: str = ""
    category: str = ""
    last_modified_by: str | None = None
    timestamp: str | date | datetime | None = None

    @classmethod
    def of(cls, value: "CoreProperties | Mapping") -> "CoreProperties":
        """Return ``value`` as CoreProperties (a mapping's unknown keys are ignored)."""
        if isinstance(value, CoreProperties):
            return value
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in dict(value).items() if k in names})
