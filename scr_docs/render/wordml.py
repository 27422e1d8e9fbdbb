"""The Word writer: a document model -> WordprocessingML strings for the body, footnotes,
list instances and hyperlink relationships.

:class:`WordBody` walks a :class:`~scr_docs.model.nodes.Document` once, appending complete
``<w:p>`` / ``<w:tbl>`` strings; nothing goes through python-docx objects. Paragraphs use the
style ids of docs/architecture.md. Numbering comes from the styles, except ordered lists
(a fresh ``w:num`` of abstractNum 3 each) and recommendations quoted out of sequence (a
``w:num`` of abstractNum 4 starting at their number), collected in ``list_nums`` for
numbering.xml. Footnotes and hyperlinks are numbered through the whole document.
Measures are twips (1/20 pt).
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from scr_docs.model.builder import DocBuilder
from scr_docs.model.markdown import INVALID_XML, strip_invalid
from scr_docs.model.nodes import (Block, BulletList, Document, Emph, Figure, Heading, Inline, LineBreak,
                                  Link, Note, OrderedList, PageBreak, Para, Quote, Span, Strong,
                                  Table, Text)
from scr_docs.ooxml.names import A as A_NS
from scr_docs.ooxml.names import PIC as PIC_NS

__all__ = ["DocWriter", "ListNum", "TEXT_WIDTH", "WordBody", "escape", "strip_invalid"]

TEXT_WIDTH = 9026
"""Width of the text column in twips (A4, 2.54 cm margins): table grids add up to it."""
EMU_PER_TWIP = 635
FIGURE_MAX_HEIGHT = 8_640_000
"""Tallest a picture prints, in EMU (24 cm: an A4 page's text height)."""

_T_OPEN = '<w:t xml:space="preserve">'
FOOTNOTE_REF_RPR = '<w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
FOOTNOTE_REF_RUN = f'<w:r>{FOOTNOTE_REF_RPR}<w:footnoteRef/></w:r><w:r>{_T_OPEN} </w:t></w:r>'
CONTINUED = '<w:ind w:firstLine="0" w:hanging="0"/>'
"""pPr of a later paragraph of a list item: the style's left indent, no hanging number."""
_BULLET_STYLES = ("ListBullet", "ListBullet2", "ListBullet3", "ListBullet4", "ListBullet5")
_NUMBER_STYLES = ("ListNumber", "ListNumber2", "ListNumber3", "ListNumber4", "ListNumber5")
RECOMMENDATION_TEXT = 1021 + 567
"""Where a recommendation's text starts, in twips from the margin (the shipped templates'
text column plus the Recommendation style's number column): lists and later paragraphs of a
recommendation are indented under its text, not under its number."""
LIST_STEP = 397
"""Indent of each list level in twips (the List Bullet / List Number styles)."""
SPACE_AFTER_TABLE = 200
"""Space in twips above the paragraph that follows a table, so it does not touch its border
(and below a recommendation's list, before the next recommendation)."""
LIST_LEVELS = len(_BULLET_STYLES)
"""Nesting levels a list is written with (the shipped numbering has as many); a list nested
deeper is written at the deepest level."""


def _origin(block: Block) -> tuple:
    """Where a block's words came from, to tell the blocks of one recommendation."""
    source = block.source
    return (source.field, source.file) if source.field else (id(source),)


def escape(text: str, quote: bool = False) -> str:
    """Return ``text`` safe for XML character data (attribute values with ``quote``),
    without the characters XML 1.0 cannot hold."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if quote:
        text = text.replace('"', "&quot;")
    # printable text holds none of them (they are all control, surrogate or non-characters),
    # and isprintable() takes a tenth of the time of the pattern's search
    return text if text.isprintable() else INVALID_XML.sub("", text)


def run(text: str, rpr: str = "") -> str:
    """Return a run holding ``text``; ``rpr`` is a complete ``<w:rPr>`` or "". Tabs become
    ``<w:tab/>`` and line ends ``<w:br/>``."""
    t = escape(text)
    if "\t" in t or "\n" in t or "\r" in t:
        t = (t.replace("\r\n", "\n").replace("\r", "\n")
             .replace("\t", "</w:t><w:tab/>" + _T_OPEN).replace("\n", "</w:t><w:br/>" + _T_OPEN))
    return f"<w:r>{rpr}{_T_OPEN}{t}</w:t></w:r>"


@lru_cache(maxsize=256)  # a document uses a handful of formats: each written once
def rpr(bold: bool = False, italic: bool = False, style: str = "") -> str:
    """Return a ``<w:rPr>`` for the given formatting, or ""."""
    inner = (f'<w:rStyle w:val="{escape(style, True)}"/>' if style else "") + \
        ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def ppr(style: str, extra: str = "") -> str:
    """Return a ``<w:pPr>`` with a paragraph style and optional further properties."""
    return f"<w:pPr>{_pstyle(style)}{extra}</w:pPr>"


@lru_cache(maxsize=256)  # a document uses a few dozen styles: each written once
def _pstyle(style: str) -> str:
    return f'<w:pStyle w:val="{escape(style, True)}"/>'


class ListNum(NamedTuple):
    """A list instance (``w:num``) of ``abstract`` starting at ``start`` on level ``ilvl``."""

    num_id: int
    start: int
    ilvl: int
    abstract: int = 3

    def xml(self) -> str:
        """Return the ``w:num`` element of this list instance."""
        return (f'<w:num w:numId="{self.num_id}"><w:abstractNumId w:val="{self.abstract}"/>'
                f'<w:lvlOverride w:ilvl="{self.ilvl}"><w:startOverride w:val="{self.start}"/>'
                "</w:lvlOverride></w:num>")


class _List:
    __slots__ = ("ordered", "depth", "num_id", "pending")  # noqa: RUF023

    def __init__(self, ordered: bool, depth: int, num_id: int):
        self.ordered, self.depth, self.num_id, self.pending = ordered, depth, num_id, False


class _Context:
    """Where blocks are being written: the part (document or footnotes, for link
    relationships), open lists, quote depth, and runs owed to the first paragraph."""

    def __init__(self, part: str = "document", first_runs: str = ""):
        self.part = part
        self.lists: list[_List] = []
        self.quote = 0
        self.first_runs = first_runs
        self.out: list[str] = []
        self.text: list[str] = []
        self.under = 0
        """Left indent (twips) of the recommendation whose blocks are being written, or 0."""
        self.after_table = False
        self.quotation: object = None
        """The source field of the quotation just written (style Quote), or None."""


QUOTE_APART = '<w:ind w:right="566"/>'
"""Set on the first paragraph of a quotation that follows another: Word and LibreOffice draw
one border round adjacent paragraphs whose borders and indents are the same, so two
quotations would share one bar; a right indent one twip narrower (invisible) parts them."""


class WordBody:
    """A document model written as WordprocessingML: ``xml()``, ``footnotes``,
    ``footnote_texts``, ``links``, ``list_nums``, ``plain_text()``."""

    def __init__(self, document: Document, first_list_num: int = 100):
        self.footnotes: list[str] = []
        """Complete ``<w:footnote w:id="N">`` elements, N = 1, 2, … in document order."""
        self.footnote_texts: dict[int, str] = {}
        self.links: list[tuple[str, str, str]] = []
        """(relationship id, url, part) with part "document" or "footnotes"."""
        self.list_nums: list[ListNum] = []
        self.pictures: list[tuple[str, str, bytes]] = []
        """(relationship id, part name ``word/media/figureN.ext``, bytes) of each picture."""
        self._link_ids: dict[tuple[str, str], str] = {}
        self._next_num = first_list_num
        self._next_footnote = 1
        body = _Context()
        recommendation = None
        for block in document.blocks:
            if isinstance(block, Para) and (block.style == "Recommendation"
                                            or block.number is not None):
                recommendation = _origin(block)
                body.under = 0
            elif (recommendation is not None and isinstance(block, (Para, BulletList,
                                                                     OrderedList))
                  and _origin(block) == recommendation):
                body.under = RECOMMENDATION_TEXT  # a list or paragraph of the recommendation
            else:
                recommendation, body.under = None, 0
            self._block(block, body)
        self._xml, self._text = body.out, body.text

    # -- results ----------------------------------------------------------------------------
    def xml(self) -> str:
        """Return the body XML (paragraphs and tables, no ``w:body`` wrapper)."""
        return "".join(self._xml)

    def plain_text(self, footnotes: bool = False) -> str:
        """Return the body's text, one line per paragraph (and the footnotes, if asked)."""
        lines = list(self._text)
        if footnotes:
            lines += [f"[{n}] {t}" for n, t in sorted(self.footnote_texts.items())]
        return "\n".join(lines)

    def numbering_xml(self) -> str:
        """Return the ``w:num`` elements of the list instances, for numbering.xml."""
        return "".join(num.xml() for num in self.list_nums)

    def footnotes_xml(self) -> str:
        """Return the ``w:footnote`` elements, for footnotes.xml."""
        return "".join(self.footnotes)

    # -- numbers that run through the document ------------------------------------------------
    def link_id(self, url: str, part: str = "document") -> str:
        """Return the relationship id of a hyperlink to ``url`` from ``part`` (one per url)."""
        key = (url, part)
        rid = self._link_ids.get(key)
        if rid is None:
            rid = f"rIdLink{len(self.links) + 1}"
            self._link_ids[key] = rid
            self.links.append((rid, url, part))
        return rid

    def new_list_num(self, start: int = 1, ilvl: int = 0, abstract: int = 3) -> int:
        """Return the id of a fresh list instance of ``abstract`` starting at ``start``."""
        num_id = self._next_num
        self._next_num += 1
        self.list_nums.append(ListNum(num_id, max(0, start), ilvl, abstract))
        return num_id

    # -- blocks -----------------------------------------------------------------------------
    def _block(self, block: Block, ctx: _Context) -> None:
        if isinstance(block, Para) and block.style == "Quote" and not ctx.quote:
            field = block.source.field if block.source is not None else None
            # ctx.quotation is set only while the block before was a quotation's paragraph
            apart = ctx.quotation is not None and field != ctx.quotation
            ctx.quotation = field
            if apart:
                self._paragraph(ppr("Quote", QUOTE_APART), block.content, ctx)
                return
        elif not (isinstance(block, Para) and block.style == "Quote"):
            ctx.quotation = None
        if isinstance(block, Para):
            extra = ""
            if block.number is not None:
                num_id = self.new_list_num(start=block.number, abstract=4)
                extra = f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'
            self._paragraph(self._para_ppr(ctx, block.style, extra), block.content, ctx)
        elif isinstance(block, Heading):
            self._paragraph(ppr(f"Heading{block.level}"), block.content, ctx)
        elif isinstance(block, (BulletList, OrderedList)):
            self._list(block, ctx)
        elif isinstance(block, Quote):
            ctx.quote += 1
            for inner in block.blocks:
                self._block(inner, ctx)
            ctx.quote -= 1
        elif isinstance(block, Table):
            self._table(block, ctx)
        elif isinstance(block, Figure):
            self._figure(block, ctx)
        elif isinstance(block, PageBreak):
            ctx.after_table = False
            ctx.out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def _figure(self, figure: Figure, ctx: _Context) -> None:
        """Write a picture in a paragraph of its own, at most the text width wide, with its
        description as ``descr`` and its caption in a Caption paragraph after it."""
        if not figure.data or ctx.part != "document":
            raise ValueError(f"picture {figure.src!r} was not read before writing "
                             "(review.pictures.read_pictures)")
        n = len(self.pictures) + 1
        rid, part = f"rIdFigure{n}", f"word/media/figure{n}.{figure.ext}"
        self.pictures.append((rid, part, figure.data))
        width = TEXT_WIDTH * EMU_PER_TWIP
        scale = min(width / figure.width, FIGURE_MAX_HEIGHT / figure.height,
                    9525.0)  # 9525 EMU = one pixel at 96 dpi: small pictures are not blown up
        cx, cy = max(1, round(figure.width * scale)), max(1, round(figure.height * scale))
        alt = escape(figure.alt, True)
        shape = 1000 + n
        drawing = (
            '<w:r><w:rPr><w:noProof/></w:rPr><w:drawing>'
            '<wp:inline distT="0" distB="0" distL="0" distR="0" xmlns:wp="http://schemas.'
            'openxmlformats.org/drawingml/2006/wordprocessingDrawing">'
            f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
            f'<wp:docPr id="{shape}" name="Figure {n}" descr="{alt}"/>'
            f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A_NS}" noChangeAspect="1"/>'
            f'</wp:cNvGraphicFramePr><a:graphic xmlns:a="{A_NS}">'
            f'<a:graphicData uri="{PIC_NS}"><pic:pic xmlns:pic="{PIC_NS}">'
            f'<pic:nvPicPr><pic:cNvPr id="{shape}" name="figure{n}.{figure.ext}" '
            f'descr="{alt}"/><pic:cNvPicPr><a:picLocks noChangeAspect="1"/></pic:cNvPicPr>'
            f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/>'
            '</a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/>'
            '</a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline>'
            '</w:drawing></w:r>')
        keep = "<w:keepNext/>" if figure.caption else ""
        ctx.out.append(f'<w:p>{ppr("Figure", keep)}{drawing}</w:p>')
        ctx.text.append("")
        if figure.caption:
            self._paragraph(ppr("Caption"), [Text(figure.caption)], ctx)

    def _list(self, block: BulletList | OrderedList, ctx: _Context) -> None:
        ordered = isinstance(block, OrderedList)
        depth = min(len(ctx.lists), LIST_LEVELS - 1)
        num_id = 0
        if ordered:
            outer = next((lst for lst in reversed(ctx.lists) if lst.ordered), None)
            num_id = outer.num_id if outer else self.new_list_num(block.start, depth)
        current = _List(ordered, depth, num_id)
        ctx.lists.append(current)
        for item in block.items:
            current.pending = True
            for inner in item.blocks:
                self._block(inner, ctx)
        ctx.lists.pop()
        last = ctx.out[-1] if ctx.out else ""
        if ctx.under and not ctx.lists and last.startswith("<w:p><w:pPr>") \
                and "<w:spacing" not in last.split("</w:pPr>")[0]:
            # the next recommendation stands as far from this list as from a paragraph
            at = last.find("<w:ind ")
            at = at if at >= 0 else last.index("</w:pPr>")
            ctx.out[-1] = last[:at] + f'<w:spacing w:after="{SPACE_AFTER_TABLE}"/>' + last[at:]

    def _para_ppr(self, ctx: _Context, style: str, extra: str = "") -> str:
        if ctx.lists:
            lst = ctx.lists[-1]
            if lst.ordered:
                list_style = _NUMBER_STYLES[lst.depth]
                num = (f'<w:numPr><w:ilvl w:val="{lst.depth}"/>'
                       f'<w:numId w:val="{lst.num_id}"/></w:numPr>')
            else:
                list_style, num = _BULLET_STYLES[lst.depth], ""
            left = ctx.under + LIST_STEP * (lst.depth + 1)
            if lst.pending:
                lst.pending = False
                ind = f'<w:ind w:left="{left}" w:hanging="{LIST_STEP}"/>' if ctx.under else ""
                return ppr(list_style, num + ind)
            # a later paragraph of the item: ListNumber styles carry no number of their own
            # and share the bullets' indents, so without numPr it aligns with the item text
            ind = (f'<w:ind w:left="{left}" w:firstLine="0" w:hanging="0"/>' if ctx.under
                   else CONTINUED)
            return ppr(_NUMBER_STYLES[lst.depth], ind)
        if ctx.quote:
            return ppr("Quote")
        if ctx.under and not extra:  # a later paragraph of a recommendation: under its text
            return ppr(style, f'<w:ind w:left="{ctx.under}" w:firstLine="0" w:hanging="0"/>')
        return ppr(style, extra)

    def _paragraph(self, p_pr: str, content: list[Inline], ctx: _Context) -> None:
        xml, text = self._inlines(content, ctx.part)
        if ctx.first_runs and not ctx.out:
            xml = ctx.first_runs + xml
        if ctx.after_table:
            ctx.after_table = False
            if '"Heading' not in p_pr:  # headings have their own space above
                at = p_pr.find("<w:ind ")
                at = at if at >= 0 else p_pr.rindex("</w:pPr>")
                p_pr = (p_pr[:at] + f'<w:spacing w:before="{SPACE_AFTER_TABLE}"/>'
                        + p_pr[at:])
        ctx.out.append(f"<w:p>{p_pr}{xml}</w:p>")
        ctx.text.append(text)

    def _table(self, table: Table, ctx: _Context) -> None:
        ncols = max([len(table.header)] + [len(r) for r in table.rows])
        if ncols == 0:
            return
        weights = list(table.widths)[:ncols]
        weights += [1] * (ncols - len(weights))
        total = sum(weights) or ncols
        cols = [max(1, TEXT_WIDTH * w // total) for w in weights]
        cap = f'<w:tblCaption w:val="{escape(table.caption, True)}"/>' if table.caption else ""
        if ctx.out and ctx.out[-1].startswith("<w:p><w:pPr><w:pStyle ") \
                and "<w:keepNext/>" not in ctx.out[-1]:
            # the lead-in or heading above a table stays on the table's page
            end = ctx.out[-1].index("/>") + 2
            ctx.out[-1] = ctx.out[-1][:end] + "<w:keepNext/>" + ctx.out[-1][end:]
        if ctx.after_table:  # Word joins two tables that touch: a paragraph between
            ctx.out.append(f'<w:p>{ppr("BodyText")}</w:p>')
            ctx.text.append("")
        header = bool(table.header)
        out = ['<w:tbl><w:tblPr><w:tblStyle w:val="ReviewTable"/><w:tblW w:w="5000" w:type="pct"/>'
               f'<w:tblLook w:val="04{"A" if header else "2"}0" w:firstRow="{int(header)}"'
               ' w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
               f'{cap}</w:tblPr><w:tblGrid>',
               "".join(f'<w:gridCol w:w="{w}"/>' for w in cols), "</w:tblGrid>"]
        if header:
            out.append(self._row(table.header, cols, ctx,
                                 "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"))
        for row in table.rows:
            out.append(self._row(row, cols, ctx, "" if table.split_rows
                                 else "<w:trPr><w:cantSplit/></w:trPr>"))
        out.append("</w:tbl>")
        ctx.out.append("".join(out))
        ctx.after_table = True

    def _row(self, cells: list[list[Block]], cols: list[int], ctx: _Context, tr_pr: str) -> str:
        out = [f"<w:tr>{tr_pr}"]
        for k, width in enumerate(cols):
            cell = _Context(ctx.part)
            for block in cells[k] if k < len(cells) else []:
                self._block(block, cell)
            if not cell.out:
                cell.out.append("<w:p/>")
            ctx.text.extend(cell.text)
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                       f'{"".join(cell.out)}</w:tc>')
        out.append("</w:tr>")
        return "".join(out)

    # -- inline -----------------------------------------------------------------------------
    def _inlines(self, content: list[Inline], part: str) -> tuple[str, str]:
        """Return (runs XML, plain text) of inline content: a run per change of format."""
        out: list[str] = []
        plain: list[str] = []
        buf: list[str] = []
        fmt: list = [0, 0, None, ""]  # bold depth, italic depth, link url, character style

        def flush() -> None:
            if buf:
                text = "".join(buf)
                buf.clear()
                if text:
                    style = fmt[3] or ("Hyperlink" if fmt[2] is not None else "")
                    out.append(run(text, rpr(fmt[0] > 0, fmt[1] > 0, style)))
                    plain.append(text)

        def walk(nodes: list[Inline]) -> None:
            for node in nodes:
                if isinstance(node, Text):
                    buf.append(node.text)
                    continue
                flush()
                if isinstance(node, (Emph, Strong, Span)):
                    index = 1 if isinstance(node, Emph) else 0
                    if isinstance(node, Span):
                        saved, fmt[3] = fmt[3], node.style
                    else:
                        fmt[index] += 1
                    walk(node.children)
                    flush()
                    if isinstance(node, Span):
                        fmt[3] = saved
                    else:
                        fmt[index] -= 1
                elif isinstance(node, Link):
                    out.append(f'<w:hyperlink r:id="{self.link_id(node.url, part)}" '
                               'w:history="1">')
                    saved, fmt[2] = fmt[2], node.url
                    start = len(out)
                    walk(node.children)
                    flush()
                    if len(out) == start:  # [](url): show the address
                        out.append(run(node.url, rpr(fmt[0] > 0, fmt[1] > 0,
                                                     fmt[3] or "Hyperlink")))
                        plain.append(node.url)
                    out.append("</w:hyperlink>")
                    fmt[2] = saved
                elif isinstance(node, LineBreak):
                    out.append("<w:r><w:br/></w:r>")
                    plain.append("\n")
                elif isinstance(node, Note):
                    xml, text = self._note(node, part)
                    out.append(xml)
                    plain.append(text)

        walk(content)
        flush()
        return "".join(out), "".join(plain)

    def _note(self, note: Note, part: str) -> tuple[str, str]:
        if part == "footnotes":  # Word has no footnotes in footnotes: the text in brackets
            if note.inline and note.blocks and isinstance(note.blocks[0], Para):
                xml, text = self._inlines(note.blocks[0].content, part)
                return run(" (") + xml + run(")"), f" ({text})"
            return "", ""
        number = self._next_footnote
        self._next_footnote += 1
        ctx = _Context("footnotes", FOOTNOTE_REF_RUN)
        for block in note.blocks:
            self._block(block, ctx)
        if not ctx.out:
            ctx.out.append(f"<w:p>{ppr('FootnoteText')}{FOOTNOTE_REF_RUN}</w:p>")
            ctx.text.append("")
        self.footnote_texts[number] = "\n".join(ctx.text)
        self.footnotes.append(f'<w:footnote w:id="{number}">{"".join(ctx.out)}</w:footnote>')
        return f'<w:r>{FOOTNOTE_REF_RPR}<w:footnoteReference w:id="{number}"/></w:r>', ""


class DocWriter(DocBuilder):
    """A :class:`DocBuilder` that also answers as its :class:`WordBody` (``xml()``,
    ``footnotes``, ``links``, ``list_nums``, …), written afresh from the model on each
    question: for tests and callers that want WordprocessingML straight away."""

    def word(self) -> WordBody:
        """Return the model as written now."""
        return WordBody(self.document)

    def xml(self) -> str:
        """Return the body XML written from the model now."""
        return self.word().xml()

    def plain_text(self, footnotes: bool = False) -> str:
        """Return the body's text as the Word writer writes it."""
        return self.word().plain_text(footnotes)

    def footnotes_xml(self) -> str:
        """Return the ``w:footnote`` elements written from the model."""
        return self.word().footnotes_xml()

    def numbering_xml(self) -> str:
        """Return the ``w:num`` elements written from the model."""
        return self.word().numbering_xml()

    @property
    def footnotes(self) -> list[str]:
        """The ``w:footnote`` elements, numbered 1, 2, … in reading order."""
        return self.word().footnotes

    @property
    def footnote_texts(self) -> dict[int, str]:
        """Footnote number -> its text."""
        return self.word().footnote_texts

    @property
    def links(self) -> list[tuple[str, str, str]]:
        """(relationship id, address, part) of each hyperlink."""
        return self.word().links

    @property
    def list_nums(self) -> list[ListNum]:
        """The list instances the body uses."""
        return self.word().list_nums
