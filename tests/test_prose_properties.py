"""No silent loss, as a property: Markdown generated from a small grammar of what review
authors write (paragraphs, nested lists, tables, footnotes with emphasis and links, comments,
sub-headings, indented lines, pictures) reaches the Word XML word for word, and no comment
does."""

from __future__ import annotations

import io
import re

from hypothesis import given, settings, strategies as st
from PIL import Image

from scr_docs.model.nodes import Source
from scr_docs.render.wordml import DocWriter
from scr_docs.review.pictures import decode, figures

WORDS = st.sampled_from(["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
                         "hotel", "india", "juliet", "kilo", "lima"])
SECRET = st.sampled_from(["secretone", "secrettwo", "secretthree"])


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(out, "PNG")
    return out.getvalue()


PNG = decode(_png(), "PNG")


def phrase(n: int = 4):
    return st.lists(WORDS, min_size=1, max_size=n).map(" ".join)


@st.composite
def inline(draw, notes: bool = True) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["plain", "emph", "strong", "link", "note", "comment"]
                                    if notes else ["plain", "emph", "strong", "link"]))
        words = draw(phrase())
        if kind == "emph":
            parts.append(f"*{words}*")
        elif kind == "strong":
            parts.append(f"**{words}**")
        elif kind == "link":
            parts.append(f"[{words}](https://example.org/{draw(WORDS)})")
        elif kind == "note":
            parts.append(f"{draw(phrase())}^[{draw(inline(notes=False))}]")
        elif kind == "comment":
            parts.append(f"{words} <!-- {draw(SECRET)} -->")
        else:
            parts.append(words)
    return " ".join(parts)


@st.composite
def a_list(draw, depth: int = 0) -> list[str]:
    ordered = draw(st.booleans())
    lines = []
    for k in range(draw(st.integers(1, 3))):
        marker = f"{k + 1}. " if ordered else "- "
        lines.append(marker + draw(inline()))
        if depth < 4 and draw(st.integers(0, 2)) == 0:
            lines += [" " * len(marker) + line for line in draw(a_list(depth + 1))]
    return lines


@st.composite
def block(draw) -> str:
    kind = draw(st.sampled_from(["para", "indented", "heading", "list", "table", "comment",
                                 "picture"]))
    if kind == "para":
        return draw(inline())
    if kind == "indented":
        return draw(st.sampled_from(["    ", "\t"])) + draw(inline())
    if kind == "heading":
        return "#" * draw(st.integers(3, 5)) + " " + draw(phrase())
    if kind == "list":
        return "\n".join(draw(a_list()))
    if kind == "comment":
        return f"<!-- {draw(SECRET)} {draw(phrase())} -->"
    if kind == "picture":
        return f"![{draw(phrase())}](chart.png)"
    cols = draw(st.integers(1, 3))
    head = [draw(phrase(2)) for _ in range(cols)]
    rows = [[draw(inline()) for _ in range(cols)] for _ in range(draw(st.integers(1, 3)))]
    return "\n".join(["| " + " | ".join(head) + " |", "|" + "---|" * cols]
                     + ["| " + " | ".join(row) + " |" for row in rows])


def visible_words(markdown: str) -> list[str]:
    """The words a reader should see: markup, link addresses and comments taken out."""
    text = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    text = re.sub(r"\]\([^)]*\)", "] ", text)
    return re.findall(r"[a-z]+", text)


@settings(max_examples=150, deadline=None)
@given(st.lists(block(), min_size=1, max_size=6))
def test_every_visible_word_arrives_and_no_comment_does(blocks):
    markdown = "\n\n".join(blocks) + "\n"
    writer = DocWriter()
    writer.heading("Section", 1)
    writer.prose(markdown, rule="test")
    writer._reader.problems.clear()
    for figure in figures(writer.document.blocks):
        figure.ext, figure.data, figure.width, figure.height = PNG
    body = writer.word()
    xml = body.xml() + body.footnotes_xml()
    seen = body.plain_text(footnotes=True) + " " + " ".join(re.findall(r'descr="([^"]*)"', xml))
    seen_words = set(re.findall(r"[a-z]+", seen))
    missing = [w for w in visible_words(markdown) if w not in seen_words]
    assert missing == [], markdown
    assert "secret" not in xml


@settings(max_examples=100, deadline=None)
@given(st.lists(block(), min_size=1, max_size=6))
def test_comments_are_counted_once_per_field_with_its_line(blocks):
    markdown = "\n\n".join(blocks) + "\n"
    writer = DocWriter()
    writer.prose(markdown_field(markdown))
    warned = [p for p in writer.problems if "drafting comment" in p.message]
    count = markdown.count("<!--")
    assert len(warned) == (1 if count else 0)
    if count:
        assert warned[0].message.startswith(f"{count} drafting comment")
        first = markdown[:markdown.index("<!--")].count("\n")
        assert warned[0].line == 10 + first and warned[0].path == "analysis.intro"


def markdown_field(text: str):
    from scr_docs.model.nodes import FieldText

    return FieldText(text, Source("analysis.intro", 10, "review.yaml"))
