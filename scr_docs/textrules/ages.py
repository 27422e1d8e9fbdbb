"""Ages: an age written next to the child's pseudonym that differs from the review's age at
the incident (a dated chronology entry gives the age at its own date and is left alone)."""

from __future__ import annotations

import re
from functools import cache

from scr_docs.text import MONTHS, term_pattern
from scr_docs.textrules.base import Corpus, Finding

NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "a": 1, "an": 1})
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
NUMBER = (r"(?:\d{1,3}|(?:twenty|thirty|forty|fifty)(?:[\s-](?:" + _UNITS + "))?|"
          + "|".join(sorted(NUMBERS, key=len, reverse=True)) + ")")
"""A number written in figures or words ("21", "twenty-one", "a")."""
_COMPONENT = rf"{NUMBER}[\s-]+(?:day|week|month|year)s?"
_AGE = rf"{_COMPONENT}(?:(?:\s*,\s*|\s+and\s+|\s+){_COMPONENT})*"
# Each compiled once; one pattern holding all three forms took 24 ms to compile per check.


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """The age patterns (aged after the name, old after it, old before it, one part),
    compiled when first needed: together they take about 20 ms to compile."""
    return (re.compile(rf"\s*[,(]?\s*(?:then\s+)?aged\s+(?P<age>{_AGE})", re.IGNORECASE),
            re.compile(rf"\s*[,(]\s*(?:then\s+)?(?P<age>{_AGE})[\s-]+old", re.IGNORECASE),
            re.compile(rf"\b(?P<age>{_AGE})[\s-]+old\s+$", re.IGNORECASE),
            re.compile(rf"({NUMBER})[\s-]+(day|week|month|year)", re.IGNORECASE))
_YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d{2}\b")


def number(word: str) -> int | None:
    """Return the value of ``17``, ``seventeen`` or ``twenty-one``."""
    if word.isdigit():
        return int(word)
    return sum(NUMBERS.get(w, 0) for w in re.split(r"[\s-]+", word.lower())) or None


def ages(corpus: Corpus) -> list[Finding]:
    """Find an age next to the pseudonym that is not the age at the incident.

    A paragraph dated otherwise than the incident (a chronology entry: "On 8 May 2018 Child A,
    then thirteen months old, ...") gives the age at that date and is left alone.
    """
    about = corpus.review.get("review") or {}
    child = str(about.get("child") or "").strip()
    age = str(about.get("child_age_at_incident") or "")
    if not child or not age.strip():
        return []
    incident = _incident_month(corpus.review)
    name = re.compile(rf"(?<!\w){term_pattern(child)}(?!\w)", re.IGNORECASE)
    expected = _age_key(age)
    out = []
    for passage in corpus.passages():
        if passage.source is not None and passage.source.field.startswith("chronology"):
            continue   # a chronology entry is dated: its ages are the ages at its dates
        low = passage.text.lower()
        if "aged" not in low and "old" not in low:
            continue
        if _YEAR_IN_TEXT.search(low) and not (incident and incident in " ".join(low.split())):
            continue
        for found in _ages_by_name(passage.text, name):
            if _age_key(found) != expected:
                out.append(Finding("age", f'age given as "{" ".join(found.split())}" next to '
                                          f'{child}; the review says "{age}"', passage))
    return out


def _age_key(value: str) -> tuple:
    parts = [(number(n), unit.lower()) for n, unit in _patterns()[3].findall(value)]
    return tuple(parts) if parts else (" ".join(value.lower().split()),)


def _incident_month(review: dict) -> str | None:
    """Return the incident's month as printed (``november 2018``), when the review gives it."""
    date = ((review.get("review") or {}).get("incident") or {}).get("date")
    year, month = getattr(date, "year", None), getattr(date, "month", None)
    if year is None and date is not None:
        m = re.match(r"^(\d{4})-(\d{1,2})", str(date))
        year, month = (int(m[1]), int(m[2])) if m else (None, None)
    return f"{MONTHS[month - 1]} {year}".lower() if year and month else None


def _ages_by_name(value: str, name: re.Pattern) -> list[str]:
    """Return the ages written next to the pseudonym: "Child A (then aged 19 months)",
    "Child A, 19 months old", "a 19-month-old Child A"."""
    found = []
    for m in name.finditer(value):
        aged_after, old_after, old_before, _ = _patterns()
        after = aged_after.match(value, m.end()) or old_after.match(value, m.end())
        if after:
            found.append(after.group("age"))
            continue
        before = old_before.search(value, max(0, m.start() - 80), m.start())
        if before:
            found.append(before.group("age"))
    return found
