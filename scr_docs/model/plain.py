"""A document model as plain text: one line per paragraph, heading or table cell paragraph,
the footnotes numbered after; and the same text paragraph by paragraph with each one's
source, for the text rules that run on a build."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from scr_docs.model.nodes import (Block, BulletList, Document, Emph, Heading, Inline, LineBreak, Link, Note,
                    OrderedList, Para, Quote, Source, Span, Strong, Table, Text)


@dataclass(frozen=True)
class TextBlock:
    """One paragraph's text and where it came from; ``kind`` is "heading", "paragraph",
    "cell" or "footnote", ``style`` its paragraph style (``Heading2`` for a heading)."""

    text: str
    source: Source
    kind: str
    style: str
    note: int = 0
    """The footnote's number when ``kind`` is "footnote"."""
    links: tuple[tuple[str, str], ...] = ()
    """(visible text, address) of each hyperlink in the paragraph."""


def text_blocks(document: Document) -> list[TextBlock]:
    """Return every paragraph of ``document`` in reading order, then the footnotes'."""
    return [TextBlock(*row) for row in text_rows(document)]


Row = tuple[str, Source, str, str, int, tuple[tuple[str, str], ...]]
"""A :class:`TextBlock`'s fields in order: (text, source, kind, style, note, links)."""


def text_rows(document: Document) -> list[Row]:
    """Return :func:`text_blocks` as tuples of their fields, for a caller that makes objects
    of its own from them (one object per paragraph instead of two)."""
    notes: list[tuple[int, Note, Source]] = []
    out = list(_blocks(document.blocks, "paragraph", notes))
    for number, note, source in notes:
        inner = list(_blocks(note.blocks, "footnote", None, source))
        for text, block_source, _, style, _, links in inner or [
                ("", source, "footnote", "FootnoteText", 0, ())]:
            out.append((text, block_source, "footnote", style, number, links))
    return out


def plain_text(document: Document, footnotes: bool = False) -> str:
    """Return the text of ``document``, one line per paragraph; with ``footnotes``, each
    footnote's paragraphs follow as ``[n] text`` (its paragraphs joined by newlines)."""
    blocks = text_blocks(document)
    lines = [b.text for b in blocks if b.kind != "footnote"]
    if footnotes:
        notes: dict[int, list[str]] = {}
        for b in blocks:
            if b.kind == "footnote":
                notes.setdefault(b.note, []).append(b.text)
        lines += [f"[{n}] " + "\n".join(texts) for n, texts in sorted(notes.items())]
    return "\n".join(lines)


def _blocks(blocks: list[Block], kind: str, notes: list | None,
            fallback: Source | None = None) -> Iterator[Row]:
    for block in blocks:
        source = getattr(block, "source", None) or fallback
        if isinstance(block, Para):
            yield (inline_text(block.content, notes, source), source, kind, block.style, 0,
                   inline_links(block.content))
        elif isinstance(block, Heading):
            yield (inline_text(block.content, notes, source), source, "heading"
                   if kind == "paragraph" else kind, f"Heading{block.level}", 0,
                   inline_links(block.content))
        elif isinstance(block, (BulletList, OrderedList)):
            for item in block.items:
                yield from _blocks(item.blocks, kind, notes, source)
        elif isinstance(block, Quote):
            yield from _blocks(block.blocks, kind, notes, source)
        elif isinstance(block, Table):
            for row in ([block.header] if block.header else []) + block.rows:
                for cell in row:
                    yield from _blocks(cell, "cell" if kind == "paragraph" else kind, notes,
                                       source)


def inline_text(content: list[Inline], notes: list | None = None,
                source: Source | None = None) -> str:
    """Return the text of inline content. A footnote adds nothing to the text; when
    ``notes`` is a list, (number, note, source) is appended for each, numbered 1, 2, … in
    order; when ``notes`` is None (inside a footnote), a note's own text is given in
    brackets, as the Word writer prints it."""
    out: list[str] = []
    for node in content:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, (Emph, Strong, Span)):
            out.append(inline_text(node.children, notes, source))
        elif isinstance(node, Link):
            out.append(inline_text(node.children, notes, source) or node.url)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, Note):
            if notes is not None:
                notes.append((len(notes) + 1, node, source))
            elif node.inline and node.blocks and isinstance(node.blocks[0], Para):
                out.append(f" ({inline_text(node.blocks[0].content, None, source)})")
    return "".join(out)


def inline_links(content: list[Inline]) -> tuple[tuple[str, str], ...]:
    """Return (visible text, address) of each hyperlink in inline content (not in notes)."""
    out: list[tuple[str, str]] = []
    for node in content:
        if isinstance(node, Link):
            out.append((inline_text(node.children, []) or node.url, node.url))
        elif isinstance(node, (Emph, Strong, Span)):
            out += inline_links(node.children)
    return tuple(out)
