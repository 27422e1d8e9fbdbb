"""Agency names: the board or an agency named otherwise than in the review's agency list.

Two kinds of other name are found:

- the listed name in another case in running text ("Thames valley police"); capitals
  ("THAMES VALLEY POLICE") and a heading in another case are the same name;
- a near name: a run of capitalised words that shares most of its words with a listed name
  without being it ("Oxford University Hospital NHS Trust" for "Oxford University Hospitals
  NHS Trust", "Oxfordshire NHS Foundation Trust" for "Oxford Health NHS Foundation Trust",
  "Thames Valley Probation Service" for "Thames Valley Probation").

The same name: apostrophes, hyphens and spacing aside, "and" for "&", a possessive, the name
followed by a part or a paper of the body ("Oxford Health NHS Foundation Trust Harm
Minimisation Service", "... Board Serious Case Review Sub-group"), and a part of the name
alone ("Thames Valley").
"""

from __future__ import annotations

import re
from functools import cache

from scr_docs import text
from scr_docs.text import term_pattern, word_pattern
from scr_docs.textrules.base import Corpus, Finding, Passage

_CAPITALISED = r"[A-Z][\w'\u2019-]*"
_PHRASE = re.compile(rf"{_CAPITALISED}(?:\s+(?:(?:of|and|&|for|the|in)\s+)*{_CAPITALISED})+")
"""A run of two or more capitalised words (one word is no other name for a body)."""
_SPLIT = re.compile(r"\s+(?:and|&)\s+")
_LEADING = {"the", "a", "an", "in", "at", "by", "on", "to", "for", "with", "from", "media",
            "contact", "of"}
SUFFIXES = frozenset("service services trust team area department force constabulary "
                     "council board authority partnership group".split())
"""A word that, after a listed name, makes another name for the body ("Thames Valley
Probation Service"); any other word after it names a part of the body."""
GENERIC = frozenset("nhs trust foundation service services council county board and of the for "
                    "group team area children childrens safeguarding social care health "
                    "university hospital hospitals police clinical commissioning england local "
                    "partnership support advisory child family".split())
"""Words many bodies' names share: a near name must share another word with the name."""
KINDS = frozenset("board partnership council trust group service team committee "
                  "authority".split())
"""Last words that say what kind of body a name is: names ending in two different ones
are two bodies (the "Local Safeguarding Children Board" a "Partnership" replaced)."""
NEAR = 0.5
"""The share of words (of both names together) a near name has in common with a name."""


def agency_names(corpus: Corpus) -> list[Finding]:
    """Find the board or an agency named otherwise than in the review, and a document that
    never names the board. Shapes: each finding names the body's label ("agency police",
    "board"), the name as written and the name in the review."""
    review = corpus.review
    board = str((review.get("board") or {}).get("name") or "").strip()
    names = [("board", board)] if board else []
    for agency in review.get("agencies") or []:
        if isinstance(agency, dict) and str(agency.get("name") or "").strip():
            label = f"agency {agency.get('id', '')}".strip()
            if str(agency["name"]).strip() != board:
                names.append((label, str(agency["name"]).strip()))
    listed = [(label, name, _tokens(name),
               re.compile(_name_pattern(name), re.IGNORECASE))
              for label, name in names]
    distinct = {t for _, _, tokens, _ in listed for t in tokens if t not in GENERIC}
    stems = {d[:5] if len(d) >= 5 else d for d in distinct}   # no near name without one
    needle_of = [_needle(name) for _, name, _, _ in listed]   # a passage without it: not named
    needles = set(needle_of)
    seen: dict[str, tuple[str, str] | None] = {}   # phrase -> the name it is a form of
    out = []
    for document in corpus.documents:
        board_named = False
        for passage in corpus.passages(document):
            low = passage.lower
            present = {n for n in needles if n in low}
            named = [entry for entry, n in zip(listed, needle_of) if n in present] \
                if present else []
            found, board_seen = _exact(passage, named) if named else ([], False)
            out += found
            board_named |= board_seen
            if passage.kind != "heading" and any(stem in low for stem in stems) and not (
                    passage.source is not None
                    and passage.source.field.startswith("bibliography")):
                out += _near(passage, listed, distinct, seen)   # a citation names its publisher as it was
        if board and not board_named:
            out.append(Finding("agency-name", f'the board\'s name "{board}" appears nowhere '
                               "in this document", Passage("", document, "")))
    return out


def _name_pattern(name: str) -> str:
    """Return the pattern of a listed name as whole words, "&" in it also written "and"."""
    first, *rest = re.split(r"\s+&\s+", name)
    return r"\s+(?:&|and)\s+".join([word_pattern(first), *map(term_pattern, rest)]) + r"(?!\w)"


def _exact(passage: Passage, named) -> tuple[list[Finding], bool]:
    """Return the findings of listed names in another case, and whether the board is
    named (``named``: the listed names whose :func:`_needle` is in the passage, in order)."""
    out, board = [], False
    for label, name, tokens, regex in named:
        for m in regex.finditer(passage.text):
            board |= label == "board"
            written = _plain(m.group())
            if written.isupper() or passage.kind == "heading" or _words(written) == _words(name):
                continue   # the same name, in capitals, or in a heading
            out.append(Finding("agency-name", f'{label} named "{written}" here; the review '
                                              f'names it "{name}"', passage))
    return out, board


def _near(passage: Passage, listed, distinct: set[str], seen: dict) -> list[Finding]:
    """Return the findings of near names in ``passage``. Only a phrase with a word like a
    ``distinct`` word of a listed name can be one; ``seen`` keeps the answer per phrase."""
    out = []
    for m in _PHRASE.finditer(passage.text):
        phrase = m.group()
        candidates = [phrase] + (_SPLIT.split(phrase) if " and " in phrase or " & " in phrase
                                 else [])
        for candidate in candidates:
            if candidate not in seen:
                seen[candidate] = _candidate(candidate, listed, distinct)
            hit = seen[candidate]
            if hit:
                label, name = hit
                out.append(Finding("agency-name", f'{label} named "{_plain(candidate)}" here; '
                                                  f'the review names it "{name}"', passage))
                break
    return out


def _candidate(candidate: str, listed, distinct: set[str]) -> tuple[str, str] | None:
    """Return (label, name) of the listed name the phrase ``candidate`` is another form of,
    else None (a phrase with no word like a ``distinct`` word of a name is none)."""
    words = _tokens(candidate)
    while words and words[0] in _LEADING:
        words = words[1:]
    if len(words) < 2 or not any(w in distinct or len(w) >= 5 and (
            any(w[:i] in distinct for i in range(5, len(w)))
            or any(d.startswith(w) for d in distinct))
            for w in words if w not in GENERIC):
        return None   # no word like a distinct word of a name (_alike, spelt out for speed)
    return _nearest(words, listed)


def _nearest(words: list[str], listed) -> tuple[str, str] | None:
    """Return (label, name) of the listed name ``words`` is another form of, else None."""
    best, score = None, 0.0
    for label, name, tokens, _ in listed:
        if words == tokens or _within(words, tokens):
            return None   # the name itself, or a part of it ("Thames Valley")
        at = _find(tokens, words)
        if at is not None:
            after = words[at + len(tokens):]
            if after and after[0] in SUFFIXES:
                return label, name   # "Thames Valley Probation Service"
            return None   # the name and a part of the body: "... Harm Minimisation Service"
        if words[-1] != tokens[-1] and words[-1] in KINDS and tokens[-1] in KINDS:
            continue   # another kind of body: a board is not the partnership that replaced it
        alike = [[t for t in tokens if _alike(w, t)] for w in words]   # each pair once
        shared = sum(1 for found in alike if found)
        distinct = any(w not in GENERIC and any(t not in GENERIC for t in found)
                       for w, found in zip(words, alike))
        common = shared / (len(words) + len(tokens) - shared)
        if distinct and shared >= 2 and common > score:
            best, score = (label, name), common
    return best if score >= NEAR else None


def _alike(a: str, b: str) -> bool:
    """Whether two words are one word, or one begins the other ("oxford", "oxfordshire")."""
    return a == b or min(len(a), len(b)) >= 5 and (a.startswith(b) or b.startswith(a))


def _find(tokens: list[str], words: list[str]) -> int | None:
    for i in range(len(words) - len(tokens) + 1):
        if words[i:i + len(tokens)] == tokens:
            return i
    return None


def _within(words: list[str], tokens: list[str]) -> bool:
    return _find(words, tokens) is not None


def _tokens(name: str) -> list[str]:
    """Return the words of a name, lower case: apostrophes and a possessive dropped ("trust's"
    -> "trust"), "&" read as "and"."""
    words = re.findall(r"[\w'\u2019-]+|&", _plain(name).lower())
    out = []
    for w in words:
        w = "and" if w == "&" else re.sub(r"['\u2019]s$", "", w) if w.endswith(
            ("'s", "\u2019s")) and w[:-2] not in ("children",) else w
        out.append(w.replace("'", "").replace("\u2019", "").replace("-", ""))
    return out


@cache
def _needle(name: str) -> str:
    """Return the longest plain word of ``name`` in lower case: a passage without it cannot
    name the body."""
    return max((w for w in re.findall(r"[A-Za-z]+", name)), key=len, default="").lower()


def _words(name: str) -> list[str]:
    """Return the words of a name as written (case kept), without "and" and "&"."""
    return [w for w in re.findall(r"[\w'-]+", _plain(name)) if w.lower() != "and"]


def _plain(value: str) -> str:
    return text.SPACE.sub(" ", text.same_marks(text.drop_zero_width(value))).strip()
