"""Anonymity: sensitive terms anywhere in a .docx, identity in its properties, dates of birth."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from functools import lru_cache
from typing import Iterable

from scr_docs.errors import Problem
from scr_docs.text import (MONTHS, SPACE, drop_zero_width, same_marks,  # noqa: F401
                    term_pattern)
from scr_docs.check.docx_text import DocxText

FAMILY_TERMS = (
    "mother", "father", "parent", "stepmother", "stepfather", "step-mother", "step-father",
    "brother", "sister", "half-brother", "half-sister", "sibling", "grandmother",
    "grandfather", "grandparent", "great-grandmother", "great-grandfather", "aunt", "uncle",
    "cousin", "partner", "boyfriend", "girlfriend", "husband", "wife", "son", "daughter",
    "baby", "child", "children", "infant", "carer", "foster carer",
)
IDENTITY_PROPERTIES = (("core", "creator"), ("core", "lastModifiedBy"), ("app", "Template"),
                       ("app", "Company"), ("app", "Manager"))
HARMLESS_TEMPLATES = {"", "normal", "normal.dot", "normal.dotm", "normal.dotx"}
_ZERO_WIDTH_SPACE_RE = re.compile("[\u200b\u2060\ufeff]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_SEPARATORS = re.compile(r"%20|[-_.+]")
"""Written between the words of a name in addresses and file names (``jane_realname.png``,
``…/jane-realname-charged``, ``mailto:jane.realname@``, ``?q=jane+realname``)."""


@lru_cache(maxsize=4096)
def _latin_look_alike(char: str) -> str:
    """Return the ASCII letter or digit ``char`` is confusable with (Unicode's confusables
    data, through ``confusable_homoglyphs``), or ``char`` itself."""
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(char, greedy=True, preferred_aliases=["latin"])
    for entry in found or ():
        for glyph in entry["homoglyphs"]:
            if len(glyph["c"]) == 1 and glyph["c"].isascii() and glyph["c"].isalnum():
                return glyph["c"]
    return char


def fold(text: str, zero_width_space: str = "") -> str:
    """Return ``text`` as the matcher compares it: Unicode NFKC (full-width and styled
    letters made plain), zero-width characters removed (``zero_width_space`` put for a zero
    width space or word joiner), letters that look like Latin ones (Cyrillic ``а``, Greek
    ``ο``) made Latin, case folded, apostrophes alike, and ``- _ . + %20`` made spaces."""
    if not text.isascii():
        text = _ZERO_WIDTH_SPACE_RE.sub(zero_width_space, text)
        text = unicodedata.normalize("NFKC", drop_zero_width(text))
        text = _NON_ASCII.sub(lambda m: _latin_look_alike(m.group()), text)
    return _SEPARATORS.sub(" ", same_marks(text).casefold())


_PLAIN = re.compile(r"\w+")
_YEAR = re.compile(r"\d{4}")
TEXT_PLACES = ("body paragraph", "table", "footnote", "endnote", "comment", "header", "footer")
DOB_KINDS = ("body", "headers", "footers", "footnotes", "endnotes", "comments", "glossary",
             "core", "app", "custom", "customXml")
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?" \
         r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
FULL_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+\d{{4}}\b"
    rf"|\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b"
    r"|\b\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}\b", re.IGNORECASE)
BIRTH = re.compile(r"\bborn\b|\bdate\s+of\s+birth\b|\bd\.\s?o\.\s?b\b\.?|\bdob\b", re.IGNORECASE)
_BIRTH_LOWER = re.compile(r"born|b\S{1,2}rth|dob|d\.\s?o\.\s?b")
"""What every match of BIRTH becomes in ``text.lower()``: a quick first look without
IGNORECASE, which leaves Python's re no letter to skip ahead to (three times faster). Only
'i' has a capital whose lower case is not one letter: 'İ' -> 'i' + U+0307, hence ``\\S{1,2}``
(tests/test_check_anonymity.py tries every character BIRTH takes for each letter)."""
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“‘(])|\n+")
_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def normalise(text: str) -> str:
    """Return text case-folded with white space, apostrophes and hyphens made alike."""
    return SPACE.sub(" ", same_marks(drop_zero_width(text))).strip().casefold()


def _date_parts(term: str) -> tuple[int, int, int] | None:
    term = term.strip()
    if m := _DMY.match(term):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif m := _ISO.match(term):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _D_MONTH_Y.match(term):
        names = [n for n in MONTHS if n.lower().startswith(m[2].lower()[:3])]
        if not names:
            return None
        day, month, year = int(m[1]), MONTHS.index(names[0]) + 1, int(m[3])
    else:
        return None
    return (day, month, year) if 1 <= day <= 31 and 1 <= month <= 12 else None


def variants(term: str) -> list[str]:
    """Return the ways a term may be written: itself, and for a date its usual forms."""
    out = [term.strip()]
    parts = _date_parts(term)
    if parts:
        d, m, y = parts
        name = MONTHS[m - 1]
        suffix = "th" if 10 <= d % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
        for sep in "/.-":
            out += [f"{d}{sep}{m}{sep}{y}", f"{d:02}{sep}{m:02}{sep}{y}"]
        out += [f"{d} {name} {y}", f"{d}{suffix} {name} {y}", f"{d} {name[:3]} {y}",
                f"{name} {d}, {y}", f"{name} {d} {y}", f"{y}-{m:02}-{d:02}"]
    return list(dict.fromkeys(out))


def mask(term: str) -> str:
    """Return a term reduced to its initials, so a report does not repeat it."""
    return " ".join(word[0] + "…" for word in term.split())


class Matcher:
    """Find sensitive terms, case-insensitively, as whole words, across white space."""

    def __init__(self, terms: Iterable[str]):
        self.terms = [t.strip() for t in terms if t and t.strip()]
        self.keys: dict[str, int] = {}
        self.needles: set[str] = set()  # a plain piece of every variant, for a quick look first
        self.folded: list[list[str]] = []
        patterns = []
        for i, term in enumerate(self.terms):
            forms = list(dict.fromkeys(fold(v) for v in variants(term)))
            self.folded.append(forms)
            for v in forms:
                self.keys.setdefault(normalise(v), i)
                patterns.append(term_pattern(v))
                self.needles.add(max(_PLAIN.findall(v) or [""], key=len))
        patterns.sort(key=len, reverse=True)
        source = r"(?<!\w)(?:" + "|".join(patterns) + r")(?!\w)"
        self.regex = re.compile(source) if patterns else None
        self.loose = re.compile(source, re.IGNORECASE) if patterns else None

    def find(self, text: str) -> list[int]:
        """Return the index of the term of every occurrence in ``text``.

        Text is compared folded (see :func:`fold`); a zero-width space counts both as
        nothing (``Ja\u200bne``) and as a word break (``Jane\u200bRealname``): an occurrence
        is counted once either way.
        """
        if self.regex is None:
            return []
        found = Counter(self._find(fold(text)))
        if _ZERO_WIDTH_SPACE_RE.search(text):
            found |= Counter(self._find(fold(text, " ")))
        return list(found.elements())

    def _find(self, text: str) -> list[int]:
        if not any(needle in text for needle in self.needles):
            return []
        found = []
        for m in self.regex.finditer(text):
            key = normalise(m.group())
            found.append(self.keys[key] if key in self.keys else self._which(m.group()))
        return found

    def _which(self, text: str) -> int:
        for i, forms in enumerate(self.folded):
            for v in forms:
                if re.fullmatch(term_pattern(v), text):
                    return i
        return 0

    def hide(self, text: str) -> str:
        """Return ``text`` with every sensitive term masked."""
        if self.regex is None:
            return text
        masked = lambda m: mask(m.group())  # noqa: E731
        need = len(self.find(text))
        for zero_width_space in ("", " "):
            shown = drop_zero_width(_ZERO_WIDTH_SPACE_RE.sub(zero_width_space, text))
            shown, done = self.loose.subn(masked, shown)
            if done >= need and not self.find(shown):
                return shown
        return self.regex.sub(masked, fold(text, " "))  # disguised: shown as compared


def check_anonymity(doc: DocxText, sensitive: Iterable[str] = (),
                    family_terms: Iterable[str] = FAMILY_TERMS,
                    allowed_creator: str | Iterable[str] | None = None) -> list[Problem]:
    """Return anonymity findings: sensitive terms, identity in properties, dates of birth.

    Also returns what reading found: tracked changes, comments and hidden text.
    """
    matcher = sensitive if isinstance(sensitive, Matcher) else Matcher(sensitive)
    out: list[Problem] = list(doc.findings)
    out += _sensitive(doc, matcher)
    out += _properties(doc, matcher, allowed_creator)
    out += _dates_of_birth(doc, family_terms)
    return out


def _sensitive(doc: DocxText, matcher: Matcher) -> list[Problem]:
    out: list[Problem] = []
    if matcher.regex is None:
        return out
    seen: Counter = Counter()
    in_part: set = set()
    deleted, backstops = [], []
    for place in doc.places():
        if place.where.endswith(" (deleted text)"):
            deleted.append(place)
            continue
        if place.backstop:
            backstops.append(place)
            continue
        for i in matcher.find(place.text):
            seen[place.where, i] += 1
            in_part.add((place.part, i))
            out.append(_term_problem(doc, matcher, i, place))
    for place in deleted:  # report only what the visible text of the paragraph lacks
        base = place.where[: -len(" (deleted text)")]
        for i, n in Counter(matcher.find(place.text)).items():
            in_part.add((place.part, i))
            for _ in range(n - seen[base, i]):
                out.append(_term_problem(doc, matcher, i, place))
    for place in backstops:  # all of a part: only what its own places did not show
        for i in dict.fromkeys(matcher.find(place.text)):
            if (place.part, i) not in in_part:
                out.append(_term_problem(doc, matcher, i, place))
    return out


def _term_problem(doc: DocxText, matcher: Matcher, i: int, place) -> Problem:
    message = f'sensitive term {i + 1} ("{mask(matcher.terms[i])}") appears here'
    if place.where.startswith(TEXT_PLACES):  # help find the paragraph: its first words, masked
        words = matcher.hide(" ".join(place.text.split())).split(" ")
        message += f'; it begins "{" ".join(words[:8])}{"…" if len(words) > 8 else ""}"'
    return doc.problem(message + "; remove it or use the pseudonym", place.where)


def _printed_names(doc: DocxText, first: int = 12) -> set[str]:
    """Return the first paragraphs of the body (the title block), normalised: a board or
    author named there is public, so the same name in the properties reveals nothing."""
    names = set()
    for index, place in enumerate(doc.places("body")):
        if index >= first:
            break
        names.add(normalise(place.text))
    return names


def _properties(doc: DocxText, matcher: Matcher, allowed) -> list[Problem]:
    if allowed is None:
        allowed = ()
    elif isinstance(allowed, str):
        allowed = (allowed,)
    ok = {normalise(a) for a in allowed} | {""} | _printed_names(doc)
    out = []
    for kind, key in IDENTITY_PROPERTIES:
        props = doc.core if kind == "core" else doc.app
        value = props.get(key, "").strip()
        if normalise(value) in ok or (key == "Template" and normalise(value) in HARMLESS_TEMPLATES):
            continue
        label = "core properties" if kind == "core" else "app properties"
        out.append(doc.problem(
            f'document property {key} is "{matcher.hide(value)}"; a published document should '
            "not carry who wrote it (leave it empty or give the board's name)", f"{label}: {key}"))
    return out


def _dates_of_birth(doc: DocxText, family_terms: Iterable[str]) -> list[Problem]:
    family = None  # compiled when a place first has a year, a birth word and a full date
    out = []
    for place in doc.places(*DOB_KINDS):
        if not (_BIRTH_LOWER.search(place.text.lower()) and _YEAR.search(place.text)
                and BIRTH.search(place.text) and FULL_DATE.search(place.text)):
            continue
        if family is None:
            words = sorted((term_pattern(t) for t in family_terms), key=len, reverse=True)
            family = re.compile(r"\b(?:" + "|".join(words) + r")(?:s|'s|’s)?\b",
                                re.IGNORECASE)
        for sentence in _SENTENCE_END.split(place.text):
            date = FULL_DATE.search(sentence)
            if date and BIRTH.search(sentence) and family.search(sentence):
                out.append(doc.problem(
                    "a full date of birth next to a family member identifies the family; "
                    "give the year at most", place.where))
    return out
