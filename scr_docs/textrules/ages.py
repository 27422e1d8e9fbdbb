"""Ages: an age written next to the child's pseudonym that differs from the review's age at
the incident (an age at another date or time, as in a dated chronology entry, is left
alone)."""

from __future__ import annotations

import re
from functools import cache

from scr_docs import text
from scr_docs.text import MONTHS, whole_words
from scr_docs.textrules.base import Corpus, Finding

NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "a": 1, "an": 1})
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
NUMBER = (r"(?:\d{1,3}|(?:twenty|thirty|forty|fifty)(?:[\s-](?:" + _UNITS + "))?|"
          + "|".join(sorted(NUMBERS, key=len, reverse=True)) + ")")
"""A number written in figures or words ("21", "twenty-one", "a")."""
_COMPONENT = rf"(?:\d{{1,3}}\.\d|{NUMBER})[\s-]+(?:day|week|month|year)s?"
_AGE = rf"{_COMPONENT}(?:(?:\s*,\s*|\s+and\s+|\s+){_COMPONENT})*"
# Each compiled once; one pattern holding all three forms took 24 ms to compile per check.


@cache
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern, re.Pattern]:
    """The age patterns (aged after the name, old after it, old before it, one part),
    compiled when first needed: together they take about 20 ms to compile."""
    return (re.compile(rf"\s*[,(]?\s*(?:then\s+)?aged\s+(?P<age>{_AGE})", re.IGNORECASE),
            re.compile(rf"\s*[,(]\s*(?:then\s+)?(?:an?\s+)?(?P<age>{_AGE})[\s-]+old",
                       re.IGNORECASE),
            re.compile(rf"\b(?P<age>{_AGE})[\s-]+old(?:\s+(?:child|baby|infant|toddler)\s*,?"
                       r"\s*(?:known as|called|referred to as|named))?\s+$", re.IGNORECASE),
            re.compile(rf"(\d{{1,3}}\.\d|{NUMBER})[\s-]+(day|week|month|year)", re.IGNORECASE))
_YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d{2}\b")


def number(word: str) -> float | None:
    """Return the value of ``17``, ``2.5``, ``seventeen`` or ``twenty-one``."""
    if word.isdigit():
        return int(word)
    if re.fullmatch(r"\d+\.\d+", word):
        return float(word)
    return sum(NUMBERS.get(w, 0) for w in re.split(r"[\s-]+", word.lower())) or None


def ages(corpus: Corpus) -> list[Finding]:
    """Find an age next to the pseudonym that is not the age at the incident.

    Read sentence by sentence. An age at another time is left alone: in a chronology entry
    ("On 8 May 2018 Child A, then thirteen months old, ..."), in a sentence dated otherwise
    than the incident (another year, or a month other than the incident's), in a sentence
    timed by a clause ("When the plan was stepped down, Child H, aged seven months, ...",
    "After the birth") that does not speak of the incident or its time, and in a sentence
    with no time of its own in a paragraph dated otherwise ("On 22 July 2017 ... . Child A,
    then three months old, was asleep inside.").
    """
    about = corpus.review.get("review") or {}
    child = str(about.get("child") or "").strip()
    age = str(about.get("child_age_at_incident") or "")
    if not child or not age.strip():
        return []
    incident = _incident_month(corpus.review)
    name = whole_words(child)
    expected = _age_key(age)
    out = []
    for passage in corpus.passages():
        if passage.source is not None and passage.source.field.startswith("chronology"):
            continue   # a chronology entry is dated: its ages are the ages at its dates
        low = passage.lower
        if "aged" not in low and " old" not in low and "-old" not in low:
            continue   # no age written ("told" and "hold" are not "old")
        if not name.search(passage.text):
            continue   # the child is not named (a sentence naming it is in a passage that does)
        paragraph = _when(passage.text, incident, clauses=False)
        for sentence in text.sentences(passage.text):
            when = _when(sentence, incident)
            if when is None and paragraph or when:
                continue   # the sentence's own time, or else its paragraph's, is another
            for found in _ages_by_name(sentence, name):
                if _age_key(found) != expected:
                    out.append(Finding("age", f'age given as "{" ".join(found.split())}" next '
                                              f'to {child}; the review says "{age}"', passage))
    return out


_TIME_CLAUSE = re.compile(r"\b(?:when|whenever|whilst|while|until|after|before|since|by the "
                          r"time|later|earlier|born|birth|previously|at first)\b", re.IGNORECASE)
_AT_INCIDENT = re.compile(r"\b(?:incident|at the time|overdose|died|death)\b",
                          re.IGNORECASE)
_MONTH = re.compile(r"\b(?:" + "|".join(MONTHS) + r")\b")


def _when(sentence: str, incident: tuple[int | None, str | None],
          clauses: bool = True) -> bool | None:
    """Tell whether ``sentence`` speaks of a time other than the incident's (True), of the
    incident's (False), or of no time (None): a year or month other than the incident's;
    with ``clauses``, a time clause ("when", "after the birth") without a word for the
    incident."""
    year, month = incident
    years = set(_YEAR_IN_TEXT.findall(sentence))
    months = {m.lower() for m in _MONTH.findall(sentence)}
    if years and (year is None or str(year) not in years):
        return True
    if months and (month is None or month not in months):
        return True
    if years or months:
        return False   # dated at the incident
    if _AT_INCIDENT.search(sentence):
        return False
    return True if clauses and _TIME_CLAUSE.search(sentence) else None


def _age_key(value: str) -> tuple:
    parts = [(number(n), unit.lower()) for n, unit in _patterns()[3].findall(value)]
    return tuple(parts) if parts else (" ".join(value.lower().split()),)


def _incident_month(review: dict) -> tuple[int | None, str | None]:
    """Return the incident's year and month name in lower case (``2018, "november"``), each
    None when the review does not give it."""
    date = ((review.get("review") or {}).get("incident") or {}).get("date")
    year, month = getattr(date, "year", None), getattr(date, "month", None)
    if year is None and date is not None:
        m = re.match(r"^(\d{4})(?:-(\d{1,2}))?", str(date))
        year, month = (int(m[1]), int(m[2]) if m[2] else None) if m else (None, None)
    return year, MONTHS[month - 1].lower() if month else None


def _ages_by_name(value: str, name: re.Pattern) -> list[str]:
    """Return the ages written next to the pseudonym: "Child A (then aged 19 months)",
    "Child A, 19 months old", "a 19-month-old Child A", "a 19-month-old child, known as
    Child A"."""
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
