"""Plain-text views of Markdown prose, for the checks that read words rather than layout."""

from __future__ import annotations

import re
from functools import lru_cache
from collections.abc import Iterator

_FOOTNOTE = re.compile(r"\^\[((?:[^\[\]]|\[[^\[\]]*\])*)\]")
_IMAGE_OR_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_LINE_MARK = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)", re.M)
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3}|`+)(?=\S)(.+?)(?<=\S)\1", re.S)
_SPACE = re.compile(r"\s+")
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'",
                         "\u2032": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
                         "\u201f": '"', "\u2033": '"', "\u00a0": " "})
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n\s*\n")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

PRONOUNS = re.compile(r"([sS\u017fhH](?<!\w.)(?i:(?<=s)he|(?<=h)(?:e|er|ers|erself|im|imself|is)))"
                      r"\b")
r"""A gendered pronoun as a whole word, in any case: she, he, her, hers, herself, him, himself,
his (group 1). Written first letter first, as the case-blind match of "s" or "h" (with the
long s, U+017F, that matches "s"), no word character before it, then the rest: the engine
skips to the next s or h instead of trying every position (four times faster than
``\b(she|her|...)\b``, which it finds exactly, with re.I)."""


def footnotes(markdown: str) -> list[str]:
    """Return the texts of the inline footnotes ``^[...]`` of ``markdown``."""
    return _FOOTNOTE.findall(markdown)


def _strip(markdown: str) -> str:
    text = _AUTOLINK.sub(r"\1", markdown)
    text = _IMAGE_OR_LINK.sub(r"\1", text)
    text = _LINE_MARK.sub("", text)
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return text.replace("\\", "")


@lru_cache(maxsize=4096)
def plain(markdown: str, with_footnotes: bool = True) -> str:
    """Return the words of ``markdown``: markup removed, footnotes moved to their own lines."""
    notes = footnotes(markdown) if with_footnotes else []
    body = _strip(_FOOTNOTE.sub("", markdown))
    return "\n\n".join([body, *(_strip(n) for n in notes)]) if notes else body


def normalise(text: str) -> str:
    """Return ``text`` with curly quotes straightened and white space runs made one space."""
    return _SPACE.sub(" ", text.translate(_QUOTES)).strip()


def sentences(text: str) -> Iterator[str]:
    """Yield the sentences of plain ``text``."""
    for sentence in _SENTENCE_END.split(text):
        if sentence.strip():
            yield sentence


def control_characters(text: str) -> list[str]:
    """Return the control characters XML cannot hold that occur in ``text``."""
    return _CONTROL.findall(text)


def remove_control_characters(text: str) -> str:
    return _CONTROL.sub("", text)


_WORD = re.compile(r"\w+")


def phrases_in(text: str, phrases) -> set[str]:
    """Return those of ``phrases`` that occur in ``text`` as whole words, ignoring case.

    One-word phrases are looked up in the text's set of words; only the others need a
    pattern each (a glossary has dozens of entries, and compiling one costs 0.5 ms).
    """
    words = set(_WORD.findall(text.casefold()))
    found = set()
    for phrase in phrases:
        parts = _WORD.findall(phrase.casefold())
        if parts and any(part not in words for part in parts):
            continue
        if len(parts) == 1 and _WORD.fullmatch(phrase):
            found.add(phrase)
        elif contains_phrase(text, phrase):
            found.add(phrase)
    return found


def contains_phrase(text: str, phrase: str) -> bool:
    """Tell whether ``phrase`` occurs in ``text`` as whole words, ignoring case."""
    pattern = r"(?<!\w)" + re.escape(phrase).replace(r"\ ", r"\s+") + r"(?!\w)"
    return re.search(pattern, text, re.I) is not None


# -- comparing names across documents ------------------------------------------------------
_APOSTROPHES = "'\u2018\u2019\u02bc`"
_HYPHENS = "-\u2010\u2011\u2012\u2013"
# str.translate with a dict walks every character in Python; these regexes do it in C.
_ZERO_WIDTH_RE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_APOSTROPHE_RE = re.compile("[\u2018\u2019\u02bc`]")
_HYPHEN_RE = re.compile("[\u2010\u2011\u2012\u2013]")


def drop_zero_width(text: str) -> str:
    """Return ``text`` without soft hyphens and zero-width characters."""
    return _ZERO_WIDTH_RE.sub("", text)


def same_marks(text: str) -> str:
    """Return ``text`` with its apostrophes and hyphens made alike (``'`` and ``-``)."""
    return _HYPHEN_RE.sub("-", _APOSTROPHE_RE.sub("'", text))


SPACE = re.compile(r"\s+")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")


def term_pattern(text: str) -> str:
    """Return a regular expression for ``text`` that allows any white space between words
    and any apostrophe or hyphen where it has one."""
    return r"\s+".join("".join(_char_pattern(c) for c in token) for token in text.split())


def word_pattern(text: str) -> str:
    r"""Return :func:`term_pattern` of ``text`` that also requires no word character before
    it: what ``(?<!\w)`` followed by ``term_pattern(text)`` finds.

    The check comes after the first character (``(?<!\w.)``: the character before it is not
    a word character), so that the pattern starts with a character: the regular-expression
    engine then skips to each place that character occurs instead of trying every position
    (a search through a long text is two to three times faster)."""
    pattern = term_pattern(text)
    if not pattern:
        return r"(?<!\w)"
    first = _char_pattern(text.split()[0][0])
    return first + r"(?<!\w.)" + pattern[len(first):]


def whole_words(text: str) -> re.Pattern:
    """Return ``text`` (a name: the child's pseudonym) compiled as whole words in any case:
    :func:`word_pattern` with no word character after it either."""
    return re.compile(rf"{word_pattern(text)}(?!\w)", re.IGNORECASE)


def _char_pattern(c: str) -> str:
    if c in _APOSTROPHES:
        return f"[{re.escape(_APOSTROPHES)}]"
    if c in _HYPHENS:
        return f"[{re.escape(_HYPHENS)}]"
    return re.escape(c)
