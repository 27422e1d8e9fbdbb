"""DocBuilder: the assemblers' way of writing a document model, block by block.

Every method appends blocks to :attr:`DocBuilder.document`. Text that came from the review
file (a :class:`~scr_docs.model.nodes.FieldText`) keeps its field and line as the block's
source; any other text is generated, and its source names the assembler function that wrote
it (or the ``rule`` given).
"""

from __future__ import annotations

import re
import sys

from scr_docs.model.markdown import (Reader, has_block_syntax, normalize_link, strip_invalid,
                                     typographic)
from scr_docs.model.nodes import (Block, BulletList, Document, Emph, Heading, Inline, Link, ListItem,
                                  Para, Source, Span, Strong, Table, Text, source_of)

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")


class DocBuilder:
    """Accumulates a :class:`Document`; :attr:`level` is the last heading's level."""

    def __init__(self):
        self.document = Document()
        self._reader = Reader()

    @property
    def level(self) -> int:
        """The level (1-4) of the last heading written, 0 before any."""
        return self._reader.level

    @property
    def problems(self) -> list:
        """Problems reading the prose found (``errors.Problem``; see model.markdown)."""
        return self._reader.problems

    @property
    def blocks(self) -> list[Block]:
        """The document's blocks so far (appended to by every method)."""
        return self.document.blocks

    def plain_text(self, footnotes: bool = False) -> str:
        """Return the text written so far, one line per paragraph (see model.plain)."""
        from scr_docs.model.plain import plain_text

        return plain_text(self.document, footnotes)

    # -- blocks -----------------------------------------------------------------------------
    def heading(self, text: str, level: int, rule: str = "") -> None:
        """Append a plain-text heading at ``level`` 1-4. Raises ValueError for another level."""
        if level not in (1, 2, 3, 4):
            raise ValueError(f"heading level must be 1-4, not {level!r}")
        self._reader.level = level
        self.blocks.append(Heading(level, [Text(typographic(strip_invalid(text)))],
                                   self._source(text, rule)))

    def prose(self, markdown: str | None, style: str = "BodyNumbered", rule: str = "") -> None:
        """Append Markdown prose: paragraphs in ``style``, lists, quotes, sub-headings, notes."""
        if not markdown or not markdown.strip():
            return
        self.blocks.extend(self._reader.blocks(markdown, style, self._source(markdown, rule)))

    def paragraph(self, text: str, style: str = "BodyText", bold: bool = False,
                  italic: bool = False, rule: str = "") -> None:
        """Append a paragraph of plain text (no Markdown)."""
        content: list[Inline] = [Text(typographic(strip_invalid(text)))]
        if italic:
            content = [Emph(content)]
        if bold:
            content = [Strong(content)]
        self.blocks.append(Para(content, style, self._source(text, rule)))

    def runs_paragraph(self, runs: list[tuple[str, dict]], style: str = "BodyText",
                       rule: str = "") -> None:
        """Append a paragraph of plain-text runs; each dict may set bold, italic, style
        (a character style) and url."""
        content = [_formatted(strip_invalid(text), fmt) for text, fmt in runs]
        first = next((t for t, _ in runs if source_of(t)), "")
        self.blocks.append(Para(content, style, self._source(first, rule)))

    def inline(self, markdown: str, style: str = "BodyText",
               prefix: tuple[str, dict] | None = None, rule: str = "") -> None:
        """Append one paragraph of inline Markdown, after an optional plain ``prefix`` run.

        Markdown holding block syntax (a list, a sub-heading, a table, a picture) is read as
        blocks instead, so nothing prints as literal ``-`` or ``###``: the first paragraph in
        ``style`` with the prefix, the rest after it; in a ``ListBullet`` style the whole is
        one bullet item and its lists are nested under it."""
        source = self._source(markdown, rule)
        if has_block_syntax(markdown or ""):
            blocks = self._reader.blocks(markdown, style, source)
            if prefix and blocks and isinstance(blocks[0], Para):
                blocks[0].content.insert(0, _formatted(strip_invalid(prefix[0]), prefix[1]))
            if style == "ListBullet":
                blocks = [BulletList([ListItem(blocks)], source)]
            self.blocks.extend(blocks)
            return
        text = _BLANK_LINES.sub("\n", markdown or "")
        blocks = self._reader.inline(text, style, source)
        if prefix and blocks and isinstance(blocks[0], Para):
            blocks[0].content.insert(0, _formatted(strip_invalid(prefix[0]), prefix[1]))
        self.blocks.extend(blocks)

    def bullets(self, items: list[str], markdown: bool = True) -> None:
        """Append a bulleted list, one ListBullet paragraph per item."""
        for item in items:
            if markdown:
                self.inline(item, "ListBullet")
            else:
                self.paragraph(item, "ListBullet")

    def recommendation(self, markdown_text: str) -> None:
        """Append a recommendation as one Recommendation paragraph (numbered by the style).

        Later Markdown paragraphs follow an empty line inside it (two line breaks), so one
        recommendation stays one paragraph; when it holds block syntax (a list, a
        sub-heading) the first paragraph is the recommendation and the blocks follow it.
        """
        self._recommendation(markdown_text, "Recommendation", None)

    def numbered(self, markdown_text: str, number: int, style: str = "Recommendation") -> None:
        """Append a recommendation numbered ``number``: one quoted out of sequence."""
        self._recommendation(markdown_text, style, number)

    def table(self, header: list[str], rows: list[list[str]], widths: list[int] | None = None,
              caption: str | None = None, rule: str = "", split_rows: bool = False) -> None:
        """Append a table: a repeating header row and rows of cells of inline Markdown
        (blank lines split a cell into paragraphs); ``widths`` are relative weights."""
        ncols = max([len(header)] + [len(r) for r in rows])
        if ncols == 0:
            return
        source = self._source("", rule)
        head = [self._cell(header[k] if k < len(header) else "", "TableHeading", source)
                for k in range(ncols)] if header else []
        body = [[self._cell(row[k] if k < len(row) else "", "TableText", source)
                 for k in range(ncols)] for row in rows]
        self.blocks.append(Table(head, body, list(widths or []), strip_invalid(caption or ""),
                                 source, split_rows))

    # -- helpers ----------------------------------------------------------------------------
    def _recommendation(self, markdown_text: str, style: str, number: int | None) -> None:
        source = self._source(markdown_text, "")
        if has_block_syntax(markdown_text or ""):  # lists, sub-headings: as blocks after it
            blocks = self._reader.blocks(markdown_text, "BodyText", source)
            if blocks and isinstance(blocks[0], Para):
                blocks[0].style, blocks[0].number = style, number
            self.blocks.extend(blocks)
            return
        chunks = [c.strip() for c in _BLANK_LINE.split((markdown_text or "").strip())]
        joined = "\\\n\\\n".join(c for c in chunks if c)
        for block in self._reader.inline(joined, style, source):
            if isinstance(block, Para):
                block.number = number
            self.blocks.append(block)

    def _cell(self, text: str, style: str, table_source: Source) -> list[Block]:
        source = source_of(text) or table_source  # a review field's cell keeps its line
        text = str(text)
        out: list[Block] = []
        for chunk in _BLANK_LINE.split(text) if text else [""]:
            out += self._reader.inline(chunk, style, source)
        return out

    def _source(self, text: object, rule: str) -> Source:
        found = source_of(text)
        if found is not None:
            return found
        if not rule:
            frame = sys._getframe(1)
            while frame is not None and frame.f_globals.get("__name__", "").startswith(
                    "scr_docs.model"):
                frame = frame.f_back
            if frame is not None:
                module = frame.f_globals.get("__name__", "").rsplit(".", 1)[-1]
                rule = f"{module}.{getattr(frame.f_code, 'co_qualname', frame.f_code.co_name)}"
        return Source(rule=rule.replace(".<locals>", "") or "scr-docs")


def _formatted(text: str, fmt: dict) -> Inline:
    """Return ``text`` with a runs_paragraph format dict applied as inline nodes."""
    node: Inline = Text(text if fmt.get("url") else typographic(text))
    if fmt.get("italic"):
        node = Emph([node])
    if fmt.get("bold"):
        node = Strong([node])
    if fmt.get("style"):
        node = Span(fmt["style"], [node])
    if fmt.get("url"):
        node = Link(normalize_link(fmt["url"]), [node])
    return node
