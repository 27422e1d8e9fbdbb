"""Markdown prose read into the document model, once: markdown-it-py tokens -> blocks.

One parser serves the whole process: CommonMark with raw HTML off (``<b>`` stays text) and
the footnote plugin (``^[inline notes]`` and ``[^label]`` notes). Characters XML 1.0 cannot
hold are removed before parsing. Each block records the :class:`Source` of its field, moved
down to the line the block starts on when markdown-it knows it.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from scr_docs.model.nodes import (Block, BulletList, Emph, Heading, Inline, LineBreak, Link, ListItem, Note,
                    OrderedList, Para, Quote, Source, Strong, Text)

MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).use(footnote_plugin)
"""The one parser: CommonMark, raw HTML off, ``^[inline notes]``."""

INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 forbids (and lone surrogates, which UTF-8 cannot encode)."""


def strip_invalid(text: str) -> str:
    """Return ``text`` without the characters XML 1.0 cannot hold."""
    return INVALID_XML.sub("", text)


def normalize_link(url: str) -> str:
    """Return ``url`` as markdown-it would write it in a link (percent-encoded)."""
    return MD.normalizeLink(url)


class Reader:
    """Reads Markdown into blocks for one document: ``level`` is the level of the last
    heading, which prose sub-headings go at most one below (a skipped level fails
    accessibility checks); ``###`` asks for level 3, ``####`` and deeper for level 4."""

    def __init__(self, level: int = 0):
        self.level = level

    def blocks(self, markdown: str, style: str, source: Source) -> list[Block]:
        """Return the blocks of a prose field; paragraphs in ``style``."""
        env: dict = {}
        tokens = MD.parse(strip_invalid(markdown), env)
        return _Walk(self, env, style, source).blocks(tokens)

    def inline(self, markdown: str, style: str, source: Source) -> list[Block]:
        """Return one paragraph of inline Markdown (block syntax is read as text)."""
        env: dict = {}
        tokens = MD.parseInline(strip_invalid(markdown), env)
        return _Walk(self, env, style, source).blocks(tokens)


class _Walk:
    """One token stream: blocks, with the stream's footnotes resolved where referenced."""

    def __init__(self, reader: Reader, env: dict, style: str, source: Source,
                 in_note: bool = False):
        self.reader, self.env, self.style, self.source = reader, env, style, source
        self.in_note = in_note
        self.notes: dict[int, list[Block]] = {}

    def blocks(self, tokens: list) -> list[Block]:
        end = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"),
                   len(tokens))
        if end < len(tokens) and not self.in_note:
            self._read_notes(tokens, end + 1)
        root: list[Block] = []
        stack: list[list[Block]] = [root]
        lists: list = []
        heading: int | None = None
        for tok in tokens[:end]:
            typ = tok.type
            if typ == "inline":
                content = self.inlines(tok.children or [])
                source = self._source(tok)
                if heading is not None:
                    stack[-1].append(Heading(heading, content, source))
                    heading = None
                else:
                    stack[-1].append(Para(content, self.style, source))
            elif typ == "heading_open":
                wanted = 4 if tok.tag in ("h4", "h5", "h6") else 3
                level = self.reader.level
                self.reader.level = min(wanted, level + 1) if level else wanted
                heading = self.reader.level
            elif typ in ("bullet_list_open", "ordered_list_open"):
                if typ == "ordered_list_open":
                    start = int(tok.attrs.get("start", 1)) if tok.attrs else 1
                    block = OrderedList([], start, self._source(tok))
                else:
                    block = BulletList([], self._source(tok))
                stack[-1].append(block)
                lists.append(block)
            elif typ in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif typ == "list_item_open":
                item = ListItem([])
                lists[-1].items.append(item)
                stack.append(item.blocks)
            elif typ == "list_item_close":
                stack.pop()
            elif typ == "blockquote_open":
                quote = Quote([], self._source(tok))
                stack[-1].append(quote)
                stack.append(quote.blocks)
            elif typ == "blockquote_close":
                stack.pop()
            elif typ in ("code_block", "fence"):
                content = tok.content[:-1] if tok.content.endswith("\n") else tok.content
                stack[-1].append(Para([Text(content)], self.style, self._source(tok)))
        return root

    def _source(self, tok) -> Source:
        return self.source.at_line(tok.map[0]) if tok.map else self.source

    def _read_notes(self, tokens: list, i: int) -> None:
        while i < len(tokens) and tokens[i].type != "footnote_block_close":
            if tokens[i].type == "footnote_open":
                local = tokens[i].meta["id"]
                j = i + 1
                while tokens[j].type != "footnote_close":
                    j += 1
                walk = _Walk(self.reader, self.env, "FootnoteText", self.source, in_note=True)
                level = self.reader.level
                self.notes[local] = walk.blocks(tokens[i + 1:j])
                self.reader.level = level
                i = j
            i += 1

    # -- inline ---------------------------------------------------------------------------
    def inlines(self, children: list) -> list[Inline]:
        """Return the inline content of an inline token's children."""
        root: list[Inline] = []
        stack: list[list[Inline]] = [root]

        def add(node: Inline) -> None:
            target = stack[-1]
            if isinstance(node, Text) and target and isinstance(target[-1], Text):
                target[-1] = Text(target[-1].text + node.text)
            else:
                target.append(node)

        for tok in children:
            typ = tok.type
            if typ in ("text", "code_inline"):
                add(Text(tok.content))
            elif typ == "softbreak":
                add(Text(" "))
            elif typ == "hardbreak":
                add(LineBreak())
            elif typ in ("em_open", "strong_open", "link_open"):
                node = (Emph([]) if typ == "em_open" else Strong([]) if typ == "strong_open"
                        else Link(tok.attrs.get("href", ""), []))
                stack[-1].append(node)
                stack.append(node.children)
            elif typ in ("em_close", "strong_close", "link_close"):
                stack.pop()
            elif typ == "image":  # pictures in prose are not yet placed: keep the alt text
                for node in self.inlines(tok.children or []):
                    add(node)
            elif typ == "footnote_ref":
                add(self._note(tok.meta["id"]))
        return root

    def _note(self, local: int) -> Note:
        entry = self.env.get("footnotes", {}).get("list", {}).get(local, {})
        inline = "tokens" in entry
        if self.in_note:  # a note inside a note: only its inline text, in brackets
            if not inline:
                return Note([], inline=False)
            walk = _Walk(self.reader, self.env, "FootnoteText", self.source, in_note=True)
            return Note([Para(walk.inlines(entry["tokens"]), "FootnoteText", self.source)])
        return Note(self.notes.get(local, []), inline=inline)
