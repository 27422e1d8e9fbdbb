"""Property tests: whatever text an author types, the Word XML stays well formed and literal."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st
from lxml import etree

from scr_docs.model.markdown import typographic
from scr_docs.render.wordml import DocWriter

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
WRAP = f'<w:body xmlns:w="{W}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">{{}}</w:body>'
FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# Any Unicode except surrogates (which cannot be encoded), Markdown syntax included.
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=200)


def parse(writer: DocWriter) -> etree._Element:
    return etree.fromstring(WRAP.format(writer.xml()).encode("utf-8"))


def footnotes(writer: DocWriter) -> list[etree._Element]:
    return [etree.fromstring(f'<w:footnotes xmlns:w="{W}" xmlns:r="x">{n}</w:footnotes>')
            for n in writer.footnotes]


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_any_prose_gives_well_formed_body_and_footnotes(text):
    writer = DocWriter()
    writer.prose(text)
    writer.prose(f"Before^[{text}] after.")
    parse(writer)
    footnotes(writer)


@settings(max_examples=300, deadline=None)
@given(TEXT)
def test_plain_paragraph_keeps_every_character_but_control_characters(text):
    writer = DocWriter()
    writer.paragraph(text)
    printed = "".join(
        "\t" if node.tag == f"{{{W}}}tab" else "\n" if node.tag == f"{{{W}}}br" else node.text or ""
        for node in parse(writer).iter(f"{{{W}}}t", f"{{{W}}}tab", f"{{{W}}}br"))
    expected = FORBIDDEN.sub("", text).replace("\r\n", "\n").replace("\r", "\n")
    assert printed == typographic(expected)  # curly quote marks, the house policy


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4), TEXT)
def test_table_cells_of_any_text_are_well_formed(row, header):
    writer = DocWriter()
    writer.table([header], [row], caption=header)
    parse(writer)
