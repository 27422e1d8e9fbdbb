"""The glossary: abbreviations the overview report uses that its glossary does not define,
and glossary terms the report never uses."""

from __future__ import annotations

import re
from bisect import bisect_right

from scr_docs.text import word_pattern
from scr_docs.textrules.base import OVERVIEW, Corpus, Finding, Passage

# In these two, "[A-Z](?<!\w.)" is "\b[A-Z]" (a capital no word character precedes) written
# with the capital first: the engine skips to the next capital instead of trying every position.
_ABBREVIATION = re.compile(r"([A-Z](?<!\w.)[A-Z&]*[A-Z])(?:s|\d+)?\b")
NOT_ABBREVIATIONS = {"DRAFT", "OFFICIAL", "SENSITIVE", "SECRET", "RESTRICTED", "PROTECT"}
WELL_KNOWN = {"UK", "NHS", "GP", "GPs", "ISBN", "HM", "BBC", "PDF", "URL", "OK", "TV", "USA",
              "EU", "UN", "MP", "CEO", "ID", "DVD", "PhD", "MBE", "OBE", "QC", "KC",
              "HIV", "AIDS", "A&E", "ADHD", "COVID", "IT", "FAQ", "ISSN", "DOI", "PLC"}
"""Abbreviations a reader knows without a glossary entry; a review extends the list with
``checks: {known_abbreviations: [...]}``. An upper-case word of more than five letters, or a run of two or
more upper-case words, is emphasis in capitals ("INWARD FOCUS"), not an abbreviation; a Roman
numeral ("Part IV") is a number. "DNA" is not on the list: in a review it means "did not
attend", which no reader guesses."""
_ROMAN = re.compile(r"(?=[IVX]{2,}$)X{0,3}(?:IX|IV|V?I{0,3})")
_SMALL_WORDS = {"of", "and", "the", "for", "in", "to", "on", "&"}
_CAPITALS_RUN = re.compile(r"[A-Z](?<!\w.)[A-Z'&-]+(?:[\s:,/-]+[A-Z][A-Z'&-]+)+\b")
_TOKEN = re.compile(r"(?<![\w&])[A-Za-z0-9&]+(?![\w&])")
_GLOSSARY_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?glossary\b", re.IGNORECASE)


def glossary(corpus: Corpus) -> list[Finding]:
    """Find abbreviations in the overview report's prose (headings and the glossary section
    aside) that are neither glossary terms nor agency abbreviations, and glossary terms used
    nowhere in the report."""
    review = corpus.review
    entries = [g for g in review.get("glossary") or [] if isinstance(g, dict) and g.get("term")]
    if not entries or OVERVIEW not in corpus.documents:
        return []
    child = str((review.get("review") or {}).get("child") or "")
    defined = {_key(str(g["term"])) for g in entries}
    defined |= {_key(str(a.get("abbreviation"))) for a in review.get("agencies") or []
                if isinstance(a, dict) and a.get("abbreviation")}
    skip = NOT_ABBREVIATIONS | {t.upper() for t in child.split()} | {k.upper() for k in WELL_KNOWN}
    skip |= {str(k).upper() for k in (review.get("checks") or {}).get("known_abbreviations")
             or []}
    body: list[Passage] = []   # prose outside headings and the glossary section
    anywhere: list[str] = []   # every text outside the glossary section, headings too
    stop_at = None
    for passage in corpus.passages(OVERVIEW):
        if passage.kind == "footnote":
            body.append(passage)
            anywhere.append(passage.text)
            continue
        if passage.level is not None and passage.kind == "heading":
            if stop_at is not None and passage.level <= stop_at:
                stop_at = None
            if stop_at is None and _GLOSSARY_HEADING.match(passage.text.strip()):
                stop_at = passage.level
                continue
        if stop_at is not None:
            continue
        anywhere.append(passage.text)
        if passage.kind != "heading" and not passage.style.lower().startswith(
                ("title", "subtitle", "toc")):
            body.append(passage)
    used = _abbreviations_used(
        [p for p in body if p.source is None or not p.source.field.startswith("bibliography")],
        skip)  # a citation names its publisher's abbreviations as published
    out = []
    body_text = None   # joined when an abbreviation is not defined (often none is)
    for key, (abbreviation, passage, n) in used.items():
        if key in defined:
            continue
        if body_text is None:
            body_text = "\x00".join(p.text for p in body)
        if not _spelt_out(abbreviation, body_text):
            out.append(Finding("glossary", f'abbreviation "{abbreviation}" is used ({n} '
                               f'time{"s" * (n > 1)}) but is not in the glossary', passage))
    text = "\n".join(anywhere)
    upper = text.upper()
    for g in entries:
        term = str(g["term"]).strip()
        if _TOKEN.fullmatch(term):
            if _word_in(term.upper(), upper):
                continue
        elif re.search(rf"{word_pattern(term)}(?:s|\d+)?(?!\w)", text, re.IGNORECASE):
            continue
        out.append(Finding("glossary", f'glossary term "{term}" is never used in the report',
                           Passage("", OVERVIEW, f"glossary: {term}"), field=g["term"]))
    return out


def _word_in(term: str, upper: str) -> bool:
    """Whether the one-word ``term`` (letters, digits and "&", in capitals) is a word of
    ``upper`` (a text in capitals), also with a plural "S" or a number after it ("SW2"; not
    after a term ending in a digit). A word is a maximal run of letters, digits and "&";
    a run holding other word characters ("CAFÉ") is none.

    The term comes first in the pattern, the check that no word character precedes it
    after it, so the engine jumps from one occurrence of the term to the next."""
    number = "" if term[-1].isdigit() else "|[0-9]+"
    word = re.escape(term)
    return re.search(rf"{word}(?<![\w&]{word})(?:S{number})?(?![\w&])", upper) is not None


def _abbreviations_used(passages: list[Passage], skip: set[str]) -> dict[str, list]:
    """Return {key: [abbreviation as first written, its first passage, times used]} for the
    abbreviations of ``passages`` outside runs of capitals, ``skip`` and Roman numerals.
    The passages are searched as one text (joined by NUL, which no pattern crosses): one
    regular-expression scan instead of one per paragraph."""
    joined = "\x00".join(p.text for p in passages)
    starts, offset = [], 0
    for passage in passages:
        starts.append(offset)
        offset += len(passage.text) + 1
    capitals = [m.span() for m in _CAPITALS_RUN.finditer(joined)]
    capital_starts = [a for a, _ in capitals]
    used: dict[str, list] = {}
    keys: dict[str, str | None] = {}   # word -> its key; None: no abbreviation (decided once)
    for m in _ABBREVIATION.finditer(joined):
        word = m.group(1)
        if word not in keys:
            keys[word] = None if len(word) > 5 or word in skip or _ROMAN.fullmatch(word) \
                else _key(word)
        key = keys[word]
        if key is None:
            continue
        start = m.start()
        k = bisect_right(capital_starts, start) - 1
        if k >= 0 and start < capitals[k][1]:
            continue  # emphasis in capitals ("INWARD FOCUS"), not an abbreviation
        if key in used:
            used[key][2] += 1
        else:   # its first use: find the passage
            used[key] = [word, passages[bisect_right(starts, start) - 1], 1]
    return used


def _spelt_out(abbreviation: str, text: str) -> bool:
    """Whether ``text`` (the report's paragraphs joined by NUL) spells ``abbreviation`` out
    where it gives it in brackets: "minor injuries unit (MIU)", "Personal Child Health
    Record (PCHR – the Red Book)"; the words looked at stay within one paragraph."""
    bracket = re.compile(rf"\(\s*{re.escape(abbreviation)}s?\b")
    for m in bracket.finditer(text):
        before = text[max(0, m.start() - 120):m.start()].rsplit("\x00", 1)[-1]
        words = re.findall(r"[A-Za-z&]+", before)
        if _initials_match(abbreviation.lower(), [w.lower() for w in words]):
            return True
    return False


def _initials_match(letters: str, words: list[str]) -> bool:
    """Whether the last few ``words`` spell ``letters``: each word (small words such as "of"
    aside) gives its first letter, or its first letters in order ("television" -> "tv")."""
    for start in range(len(words) - 1, max(-1, len(words) - len(letters) - 4), -1):
        tail = [w for w in words[start:] if w not in _SMALL_WORDS]
        if tail and _spells(letters, tail):
            return True
    return False


def _spells(letters: str, words: list[str]) -> bool:
    if not words:
        return not letters
    word = words[0]
    if not letters or letters[0] != word[0]:
        return False
    # the word gives its first letter and, perhaps, later letters of itself in order
    for used in range(1, len(letters) + 1):
        if used > 1 and letters[used - 1] not in word[1:]:
            break
        if _subsequence(letters[1:used], word[1:]) and _spells(letters[used:], words[1:]):
            return True
    return False


def _subsequence(part: str, word: str) -> bool:
    it = iter(word)
    return all(c in it for c in part)


def _key(term: str) -> str:
    term = term.strip()
    m = re.fullmatch(r"([A-Za-z&]*?[A-Za-z])(?:s|\d+)", term)
    if m and m.group(1).isupper() and len(m.group(1)) >= 2:
        term = m.group(1)
    return term.upper()
