"""The anonymity check on a built HTML page: its visible text and its attributes.

The page is read with the standard library's HTML parser into places (the text of each
paragraph, heading, list item, cell, caption and the title; each attribute value, link
addresses percent-decoded), and :class:`~scr_docs.check.anonymity.Matcher` looks for the
sensitive terms in each, as it does in every part of a .docx.
"""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import unquote

from scr_docs.check.anonymity import Matcher, mask
from scr_docs.errors import ERROR, Problem

_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "th", "caption", "title",
           "blockquote"}


@dataclass(frozen=True)
class HtmlPlace:
    """One place text sits in a page: ``where`` in words (``paragraph para-4-3-10``,
    ``attribute href of a in section-2``) and its text."""

    where: str
    text: str


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.places: list[HtmlPlace] = []
        self.open: list[list[str]] = []  # text being gathered for each open block
        self.near = "the top of the page"
        self.stack: list[tuple[str, str]] = []  # (tag, where)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.near = attrs["id"]
        for name, value in attrs.items():
            if not value or value.startswith("data:image/"):
                continue  # the logo: re-encoded pixels, no words
            text = unquote(value) if name in ("href", "src") else value
            self.places.append(HtmlPlace(f"attribute {name} of <{tag}> near {self.near}",
                                         text))
        if tag == "br" and self.open:
            self.open[0].append(" ")
        if tag in _BLOCKS:  # the outermost block gathers the text of the blocks inside it
            self.open.append([])
            self.stack.append((tag, f"<{tag}> text near {self.near}"))

    def handle_endtag(self, tag):
        if tag in _BLOCKS and self.stack and self.stack[-1][0] == tag:
            _, where = self.stack.pop()
            text = "".join(self.open.pop())
            if text.strip():
                self.places.append(HtmlPlace(where, " ".join(text.split())))

    def handle_data(self, data):
        if self.open:
            self.open[0].append(data)
        elif data.strip():
            self.places.append(HtmlPlace(f"text near {self.near}", data))


def html_places(data: bytes | str) -> list[HtmlPlace]:
    """Return every place text and attribute values sit in an HTML page, in page order."""
    reader = _Reader()
    reader.feed(data.decode("utf-8", "replace") if isinstance(data, bytes) else data)
    reader.close()
    return reader.places


def check_html_anonymity(name: str, data: bytes | str, matcher: Matcher) -> list[Problem]:
    """Return an error for each sensitive term in the page ``name``'s text or attributes."""
    if matcher.regex is None:
        return []
    out = []
    for place in html_places(data):
        for i in matcher.find(place.text):
            out.append(Problem(f'sensitive term {i + 1} ("{mask(matcher.terms[i])}") appears '
                               "here; remove it or use the pseudonym", place.where, None, name,
                               ERROR))
    return out
