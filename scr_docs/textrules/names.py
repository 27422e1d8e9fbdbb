"""Names: the child's pseudonym, pronouns about a child whose gender is withheld, and the
names of the board and the agencies, as written across the documents."""

from __future__ import annotations

import re

from scr_docs import text
from scr_docs.text import term_pattern
from scr_docs.textrules.base import Corpus, Finding, Passage


def _child(corpus: Corpus) -> str:
    return str((corpus.review.get("review") or {}).get("child") or "").strip()


def pseudonym(corpus: Corpus) -> list[Finding]:
    """Find the pseudonym written in another form than the review's ("child x" for
    "Child X"). A lower-cased letter is reported, except "a" and "i", which are words: "the
    child a week later" is English, not the pseudonym."""
    child = _child(corpus)
    if not child:
        return []
    regex = re.compile(rf"(?<!\w){term_pattern(child)}(?!\w)", re.IGNORECASE)
    letter_tail = len(child.split()[-1]) == 1
    needle = child.split()[0].lower()
    out = []
    for passage in corpus.passages():
        if needle not in passage.text.lower():
            continue
        for m in regex.finditer(passage.text):
            written = " ".join(m.group().split())
            if written == child or (letter_tail and written[-1] != child[-1]
                                    and written[-1].lower() != child[-1].lower()):
                continue
            if letter_tail and written[-1] != child[-1] and written[-1] in "ai":
                continue
            out.append(Finding("pseudonym", f'pseudonym written "{written}"; write it exactly '
                                            f'as "{child}"', passage))
            break
    return out


def pronouns(corpus: Corpus) -> list[Finding]:
    """Find a gendered pronoun in a sentence that names a child whose gender is withheld."""
    about = corpus.review.get("review") or {}
    child = _child(corpus)
    if not child or about.get("child_gender", "withheld") != "withheld":
        return []
    pattern = re.compile(rf"(?<!\w){term_pattern(child)}(?!\w)", re.IGNORECASE)
    out = []
    for passage in corpus.passages(kinds=("paragraph", "cell", "footnote")):
        if not pattern.search(passage.text):
            continue
        for sentence in text.sentences(passage.text):
            if pattern.search(sentence) and (found := text.PRONOUNS.search(sentence)):
                out.append(Finding(
                    "pronoun", f"'{found.group(0)}' in a sentence about {child}, whose gender "
                               f"is withheld: \"{text.normalise(sentence)[:80]}\"", passage))
    return out


def agency_names(corpus: Corpus) -> list[Finding]:
    """Find the board or an agency named otherwise than in the review (spacing, apostrophes
    and hyphens aside), and a document that never names the board."""
    review = corpus.review
    board = str((review.get("board") or {}).get("name") or "").strip()
    names = [("board", board)] if board else []
    for agency in review.get("agencies") or []:
        if isinstance(agency, dict) and str(agency.get("name") or "").strip():
            names.append((f"agency {agency.get('id', '')}".strip(), str(agency["name"]).strip()))
    out = []
    for label, name in names:
        regex = re.compile(rf"(?<!\w){term_pattern(name)}(?!\w)", re.IGNORECASE)
        needle = max(re.findall(r"\w+", name.lower()) or [""], key=len)
        for document in corpus.documents:
            hits = 0
            for passage in corpus.passages(document):
                if needle not in passage.text.lower():
                    continue
                for m in regex.finditer(passage.text):
                    hits += 1
                    if _plain(m.group()) != _plain(name):
                        out.append(Finding("agency-name", f'{label} named "{_plain(m.group())}" '
                                           f'here; the review names it "{name}"', passage))
            if label == "board" and not hits:
                out.append(Finding("agency-name", f'the board\'s name "{name}" appears nowhere '
                                   "in this document", Passage("", document, "")))
    return out


def _plain(value: str) -> str:
    return text.SPACE.sub(" ", text.same_marks(text.drop_zero_width(value))).strip()
