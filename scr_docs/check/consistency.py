"""Consistency across the four documents: names, age, counts, quotes and the glossary."""

from __future__ import annotations

import re

from ..errors import ERROR, WARNING, Problem
from .anonymity import MONTHS, SPACE, drop_zero_width, same_marks, term_pattern
from .docx_text import TEXT_KINDS, DocxText, Place

OVERVIEW, PRESS = "overview-report", "press-release"
NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty".split())}
NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "a": 1, "an": 1})
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_NUM = (r"(?:\d{1,3}|(?:twenty|thirty|forty|fifty)(?:[\s-](?:" + _UNITS + "))?|"
        + "|".join(sorted(NUMBERS, key=len, reverse=True)) + ")")
_COMPONENT = rf"{_NUM}[\s-]+(?:day|week|month|year)s?"
_AGE = rf"{_COMPONENT}(?:(?:\s*,\s*|\s+and\s+|\s+){_COMPONENT})*"
# Each compiled once; one pattern holding all three forms took 24 ms to compile per check.
_AGED_AFTER = re.compile(rf"\s*[,(]?\s*(?:then\s+)?aged\s+(?P<age>{_AGE})", re.IGNORECASE)
_AGE_OLD_AFTER = re.compile(rf"\s*[,(]\s*(?:then\s+)?(?P<age>{_AGE})[\s-]+old", re.IGNORECASE)
_AGE_OLD_BEFORE = re.compile(rf"\b(?P<age>{_AGE})[\s-]+old\s+$", re.IGNORECASE)
_AGE_PART = re.compile(rf"({_NUM})[\s-]+(day|week|month|year)", re.IGNORECASE)
_COUNT = re.compile(
    rf"(?:\b(\w+)\s+)?\b({_NUM})\s+(?:(?:new|key|main|multi-agency|single-agency|agency|board|"
    r"board-level|specific|separate|overall|smart|formal|local|partnership)\s+){0,2}"
    r"recommendations\b", re.IGNORECASE)
_SUBSET = {"first", "last", "remaining", "other", "following", "these", "those", "further",
           "additional", "next", "previous"}
_ABBREVIATION = re.compile(r"\b([A-Z][A-Z&]*[A-Z])(?:s|\d+)?\b")
NOT_ABBREVIATIONS = {"DRAFT", "OFFICIAL", "SENSITIVE", "SECRET", "RESTRICTED", "PROTECT"}
_QUOTE_MARKS = {**dict.fromkeys("“”„‟″", '"'), **dict.fromkeys("‘’‚‛′", "'")}
_QUOTE_RE = re.compile("[“”„‟″‘’‚‛′]")
_QUOTED = re.compile(r"[\"“]([^\"“”]{20,}?)[\"”]")
_MARKDOWN = re.compile(r"\[([^\]]*)\]\([^)]*\)|\^\[[^\]]*\]|[*_`]")
_WORD = re.compile(r"[\w'’-]+")
_YEAR_IN_TEXT = re.compile(r"\b(?:19|20)\d{2}\b")
_GLOSSARY_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?glossary\b", re.IGNORECASE)


def plain(text: str) -> str:
    """Return text with white space, apostrophes and hyphens made alike (case kept)."""
    return SPACE.sub(" ", same_marks(drop_zero_width(text))).strip()


def quote_text(text: str) -> str:
    """Return text as quotes compare: Markdown to words, quote marks and spaces alike."""
    text = _MARKDOWN.sub(lambda m: m.group(1) or "", text)
    return " ".join(_QUOTE_RE.sub(lambda m: _QUOTE_MARKS[m.group()], drop_zero_width(text)).split())


def _visible(doc: DocxText):
    for place in doc.places(*TEXT_KINDS):
        if not place.where.endswith("(deleted text)") and not place.where.startswith("tracked"):
            yield place


def check_consistency(docs: dict[str, DocxText], review: dict) -> list[Problem]:
    """Return consistency findings (warnings; an inexact report quote is an error)."""
    review = review or {}
    about = review.get("review") or {}
    child = str(about.get("child") or "").strip()
    out: list[Problem] = []
    places = {kind: [(p, p.text.lower()) for p in _visible(doc)] for kind, doc in docs.items()}
    if child:
        _pseudonym(docs, places, child, out)
        _age(docs, places, child, str(about.get("child_age_at_incident") or ""), out,
             _incident_month(review))
    _names(docs, places, review, out)
    _recommendations(docs, places, review, out)
    _quotes(docs, places, review, out)
    if OVERVIEW in docs:
        _glossary(docs[OVERVIEW], review, out, child)
    return out


def _warn(doc: DocxText, message: str, where: str) -> Problem:
    return doc.problem(message, where, WARNING)


def _pseudonym(docs, places, child, out) -> None:
    regex = re.compile(rf"(?<!\w){term_pattern(child)}(?!\w)", re.IGNORECASE)
    letter_tail = len(child.split()[-1]) == 1
    needle = child.split()[0].lower()
    for kind, doc in docs.items():
        for place, low in places[kind]:
            if needle not in low:
                continue
            for m in regex.finditer(place.text):
                written = " ".join(m.group().split())
                if written == child or (letter_tail and written[-1] != child[-1]):
                    continue  # "the child a week later" is English, not the pseudonym
                out.append(_warn(doc, f'pseudonym written "{written}"; write it exactly as '
                                      f'"{child}"', place.where))


def number(word: str) -> int | None:
    """Return the value of ``17``, ``seventeen`` or ``twenty-one``."""
    if word.isdigit():
        return int(word)
    return sum(NUMBERS.get(w, 0) for w in re.split(r"[\s-]+", word.lower())) or None


def _age_key(text: str) -> tuple:
    parts = [(number(n), unit.lower()) for n, unit in _AGE_PART.findall(text)]
    return tuple(parts) if parts else (" ".join(text.lower().split()),)


def _incident_month(review: dict) -> str | None:
    """Return the incident's month as printed (``November 2018``), when the review gives it."""
    date = ((review.get("review") or {}).get("incident") or {}).get("date")
    year, month = getattr(date, "year", None), getattr(date, "month", None)
    if year is None and date is not None:
        m = re.match(r"^(\d{4})-(\d{1,2})", str(date))
        year, month = (int(m[1]), int(m[2])) if m else (None, None)
    return f"{MONTHS[month - 1]} {year}".lower() if year and month else None


def _age(docs, places, child, age, out, incident: str | None) -> None:
    """Warn where an age next to the pseudonym differs from the age at the incident.

    A paragraph dated otherwise than the incident (a chronology entry: "On 8 May 2018 Child A,
    then thirteen months old, ...") gives the age at that date and is left alone, and so is
    "now aged" (the age at the time of the review).
    """
    if not age.strip():
        return
    name = re.compile(rf"(?<!\w){term_pattern(child)}(?!\w)", re.IGNORECASE)
    expected = _age_key(age)
    for kind, doc in docs.items():
        for place, low in places[kind]:
            if "aged" not in low and "old" not in low:
                continue
            if _YEAR_IN_TEXT.search(low) and not (incident and incident in " ".join(low.split())):
                continue
            for found in _ages_by_name(place.text, name):
                if _age_key(found) != expected:
                    out.append(_warn(doc, f'age given as "{" ".join(found.split())}" next to '
                                          f'{child}; the review says "{age}"', place.where))


def _ages_by_name(text: str, name: re.Pattern) -> list[str]:
    """Return the ages written next to the pseudonym: "Child A (then aged 19 months)",
    "Child A, 19 months old", "a 19-month-old Child A"."""
    ages = []
    for m in name.finditer(text):
        after = _AGED_AFTER.match(text, m.end()) or _AGE_OLD_AFTER.match(text, m.end())
        if after:
            ages.append(after.group("age"))
            continue
        before = _AGE_OLD_BEFORE.search(text, max(0, m.start() - 80), m.start())
        if before:
            ages.append(before.group("age"))
    return ages


def _names(docs, places, review, out) -> None:
    board = str((review.get("board") or {}).get("name") or "").strip()
    names = [("board", board)] if board else []
    for agency in review.get("agencies") or []:
        if isinstance(agency, dict) and str(agency.get("name") or "").strip():
            names.append((f"agency {agency.get('id', '')}".strip(), str(agency["name"]).strip()))
    for label, name in names:
        regex = re.compile(rf"(?<!\w){term_pattern(name)}(?!\w)", re.IGNORECASE)
        needle = max(re.findall(r"\w+", name.lower()) or [""], key=len)
        for kind, doc in docs.items():
            hits = 0
            for place, low in places[kind]:
                if needle not in low:
                    continue
                for m in regex.finditer(place.text):
                    hits += 1
                    if plain(m.group()) != plain(name):
                        out.append(_warn(doc, f'{label} named "{plain(m.group())}" here; '
                                              f'the review names it "{name}"', place.where))
            if label == "board" and not hits:
                out.append(_warn(doc, f'the board\'s name "{name}" appears nowhere in this '
                                      "document", ""))


def _recommendations(docs, places, review, out) -> None:
    items = [i for i in ((review.get("recommendations") or {}).get("items") or [])]
    total = len(items)
    board_level = sum(1 for i in items if isinstance(i, dict) and i.get("board_level"))
    overview = docs.get(OVERVIEW)
    if overview is not None and items:
        styled = sum(1 for p in overview.paragraphs
                     if p.style == "Recommendation"
                     or overview.styles.name(p.style) == "Recommendation")
        if styled != total:
            out.append(_warn(overview, f"{styled} paragraph(s) in the Recommendation style; "
                                       f"the review has {total} recommendations",
                             "recommendations"))
    for kind, doc in docs.items():
        allowed = {total, board_level} if kind == "executive-summary" else {total}
        for place, low in places[kind]:
            if "recommendations" not in low:
                continue
            for m in _COUNT.finditer(place.text):
                if (m.group(1) or "").lower() in _SUBSET:
                    continue
                if number(m.group(2)) not in allowed:
                    out.append(_warn(doc, f'text says "{" ".join(m.group().split())}"; the '
                                          f"review has {total} recommendations", place.where))


def _joined(doc: DocxText) -> str:
    texts = [p.text for p in doc.paragraphs] + [p.text for p in doc.places("footnotes", "endnotes")]
    return quote_text(" ".join(texts))


def _trigrams(text: str) -> set:
    words = [w.lower().strip("'’-") for w in _WORD.findall(text)]
    return set(zip(words, words[1:], words[2:]))


def _quotes(docs, places, review, out) -> None:
    quotes = (review.get("press_release") or {}).get("report_quotes") or []
    overview, press = docs.get(OVERVIEW), docs.get(PRESS)
    report = _joined(overview) if overview is not None else None
    released = _joined(press) if press is not None else None
    for i, quote in enumerate(quotes):
        wanted = quote_text(str(quote)).strip("\"' ")
        short = " ".join(wanted.split()[:8]) + ("…" if len(wanted.split()) > 8 else "")
        field = f"press_release.report_quotes[{i}]"
        for doc, text, label in ((overview, report, "overview report"),
                                 (press, released, "press release")):
            if text is not None and wanted not in text:
                out.append(doc.problem(f'report quote {i + 1} ("{short}") is not word for word '
                                       f"in the {label}", field))
    if report is None:
        return
    grams = None
    for kind, doc in docs.items():
        if kind == OVERVIEW:
            continue
        for place, _ in places[kind]:
            for m in _QUOTED.finditer(place.text):
                passage = quote_text(m.group(1))
                if len(passage.split()) < 6 or passage in report:
                    continue
                grams = _trigrams(report) if grams is None else grams
                mine = _trigrams(passage)
                if mine and len(mine & grams) / len(mine) >= 0.5:
                    short = " ".join(passage.split()[:8])
                    out.append(doc.problem(f'quotation "{short}…" is close to the overview '
                                           "report but not word for word", place.where, ERROR))


def _glossary(doc: DocxText, review: dict, out: list[Problem], child: str) -> None:
    entries = [g for g in review.get("glossary") or [] if isinstance(g, dict) and g.get("term")]
    if not entries:
        return
    defined = {_key(str(g["term"])) for g in entries}
    defined |= {_key(str(a.get("abbreviation"))) for a in review.get("agencies") or []
                if isinstance(a, dict) and a.get("abbreviation")}
    skip = NOT_ABBREVIATIONS | {t.upper() for t in child.split()}
    body: list[Place] = []   # prose outside headings and the glossary section
    anywhere: list[str] = []  # every text outside the glossary section, headings too
    stop_at = None
    for para in doc.paragraphs:
        if para.level is not None and para.table is None:
            if stop_at is not None and para.level <= stop_at:
                stop_at = None
            if stop_at is None and _GLOSSARY_HEADING.match(para.text.strip()):
                stop_at = para.level
                continue
        if stop_at is not None:
            continue
        anywhere.append(para.text)
        name = doc.styles.name(para.style).lower()
        if para.level is None and not name.startswith(("title", "subtitle", "toc")):
            body.append(Place(para.where, para.text))
    body += list(doc.places("footnotes", "endnotes"))
    anywhere += [p.text for p in doc.places("footnotes", "endnotes")]
    used: dict[str, list] = {}
    for place in body:
        for m in _ABBREVIATION.finditer(place.text):
            if m.group(1) not in skip:
                used.setdefault(_key(m.group(1)), [m.group(1), place.where, 0])[2] += 1
    for key, (abbr, where, n) in used.items():
        if key not in defined:
            out.append(_warn(doc, f'abbreviation "{abbr}" is used ({n} time{"s" * (n > 1)}) but '
                                  "is not in the glossary", where))
    text = "\n".join(anywhere)
    for g in entries:
        term = str(g["term"]).strip()
        if not re.search(rf"(?<!\w){term_pattern(term)}(?:s|\d+)?(?!\w)", text, re.IGNORECASE):
            out.append(_warn(doc, f'glossary term "{term}" is never used in the report',
                             f"glossary: {term}"))


def _key(term: str) -> str:
    term = term.strip()
    m = re.fullmatch(r"([A-Za-z&]*?[A-Za-z])(?:s|\d+)", term)
    if m and m.group(1).isupper() and len(m.group(1)) >= 2:
        term = m.group(1)
    return term.upper()
