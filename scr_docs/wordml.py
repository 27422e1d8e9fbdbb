"""DocWriter: a document body built as WordprocessingML strings.

Every method appends complete ``<w:p>`` / ``<w:tbl>`` elements to a list of strings that
``xml()`` joins once; nothing goes through python-docx objects. Paragraphs use the style ids
of docs/architecture.md; numbering comes from the styles, except Markdown ordered lists, which
get a fresh list instance each (``list_nums``, written into numbering.xml by render.py).
Footnotes (``footnotes``) and hyperlinks (``links``) are numbered through the whole document.
"""

from __future__ import annotations

import re
from html import unescape
from typing import NamedTuple

from .markdown_xml import MD, BlockWalker, escape, parse, parse_inline, ppr, rpr, run

__all__ = ["DocWriter", "ListNum", "escape", "TEXT_WIDTH"]

TEXT_WIDTH = 9026
"""Width of the text column in twips (A4, 2.54 cm margins): table grids add up to it."""

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


class ListNum(NamedTuple):
    """A list instance (abstractNum 3, ordered lists, unless told) that render.py adds as a
    ``w:num``."""

    num_id: int
    start: int
    ilvl: int
    abstract: int = 3

    def xml(self) -> str:
        return (f'<w:num w:numId="{self.num_id}"><w:abstractNumId w:val="{self.abstract}"/>'
                f'<w:lvlOverride w:ilvl="{self.ilvl}"><w:startOverride w:val="{self.start}"/>'
                "</w:lvlOverride></w:num>")


class DocWriter:
    """Accumulate a document body; footnotes, hyperlinks and list instances on the side."""

    def __init__(self, first_list_num: int = 100):
        self._xml: list[str] = []
        self._text: list[str] = []
        self.footnotes: list[str] = []
        """Complete ``<w:footnote w:id="N">`` elements, N = 1, 2, ... in document order."""
        self.footnote_texts: dict[int, str] = {}
        self.links: list[tuple[str, str, str]] = []
        """(relationship id, url, part) with part "document" or "footnotes"."""
        self.list_nums: list[ListNum] = []
        self._link_ids: dict[tuple[str, str], str] = {}
        self._next_num = first_list_num
        self.level = 0
        """Level of the last heading written: prose sub-headings go at most one deeper."""
        self._next_footnote = 1

    # -- numbers that run through the document ----------------------------------------
    def new_footnote_id(self) -> int:
        """Return the next footnote id (1, 2, ...)."""
        number = self._next_footnote
        self._next_footnote += 1
        return number

    def link_id(self, url: str, part: str = "document") -> str:
        """Return the relationship id of a hyperlink to `url` from `part` (one per url)."""
        key = (url, part)
        rid = self._link_ids.get(key)
        if rid is None:
            rid = f"rIdLink{len(self.links) + 1}"
            self._link_ids[key] = rid
            self.links.append((rid, url, part))
        return rid

    def new_list_num(self, start: int = 1, ilvl: int = 0, abstract: int = 3) -> int:
        """Return the id of a fresh list instance of `abstract` starting at `start`."""
        num_id = self._next_num
        self._next_num += 1
        self.list_nums.append(ListNum(num_id, max(0, start), ilvl, abstract))
        return num_id

    # -- blocks -------------------------------------------------------------------------
    def heading(self, text: str, level: int) -> None:
        """Append a plain-text heading (Heading1..Heading4); its number comes from the style."""
        if level not in (1, 2, 3, 4):
            raise ValueError(f"heading level must be 1-4, not {level!r}")
        self.level = level
        self._add(f"<w:p>{ppr(f'Heading{level}')}{run(text)}</w:p>", text)

    def prose(self, markdown: str | None, style: str = "BodyNumbered") -> None:
        """Append Markdown prose: paragraphs in `style`, lists, quotes, sub-headings, notes."""
        if not markdown or not markdown.strip():
            return
        self._walk(parse(markdown), style)

    def paragraph(self, text: str, style: str = "BodyText", bold: bool = False,
                  italic: bool = False) -> None:
        """Append a paragraph of plain text (no Markdown)."""
        self._add(f"<w:p>{ppr(style)}{run(text, rpr(bold, italic))}</w:p>", text)

    def runs_paragraph(self, runs: list[tuple[str, dict]], style: str = "BodyText") -> None:
        """Append a paragraph of plain-text runs; each dict may set bold, italic, style, url."""
        self._add(f"<w:p>{ppr(style)}{''.join(self._run(t, f) for t, f in runs)}</w:p>",
                  "".join(t for t, _ in runs))

    def inline(self, markdown: str, style: str = "BodyText",
               prefix: tuple[str, dict] | None = None) -> None:
        """Append one paragraph of inline Markdown, after an optional plain `prefix` run."""
        first = self._run(*prefix) if prefix else ""
        markdown = _BLANK_LINES.sub("\n", markdown or "")
        self._walk(parse_inline(markdown), style, first_runs=first,
                   first_text=prefix[0] if prefix else "")

    def bullets(self, items: list[str], markdown: bool = True) -> None:
        """Append a bulleted list, one ListBullet paragraph per item."""
        for item in items:
            if markdown:
                self.inline(item, "ListBullet")
            else:
                self.paragraph(item, "ListBullet")

    def recommendation(self, markdown_text: str) -> None:
        """Append a recommendation as one Recommendation paragraph (numbered by the style).

        Later Markdown paragraphs follow an empty line inside it (Word's soft return), so
        they align with its text in every template and one recommendation stays one
        paragraph; block syntax (lists) in a recommendation is kept as text.
        """
        self._walk(parse_inline(_one_paragraph(markdown_text)), "Recommendation")

    def numbered(self, markdown_text: str, number: int, style: str = "Recommendation") -> None:
        """Append a recommendation numbered `number` by Word (a fresh instance of the
        recommendations' list, abstractNum 4, starting there): for one quoted out of sequence."""
        num_id = self.new_list_num(start=number, abstract=4)
        self._walk(parse_inline(_one_paragraph(markdown_text)), style,
                   extra_ppr=f'<w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>')

    def table(self, header: list[str], rows: list[list[str]], widths: list[int] | None = None,
              caption: str | None = None) -> None:
        """Append a ReviewTable: repeating header row, cells of inline Markdown."""
        ncols = max([len(header)] + [len(r) for r in rows])
        if ncols == 0:
            return
        weights = list(widths or [])[:ncols]
        weights += [1] * (ncols - len(weights))
        total = sum(weights) or ncols
        cols = [max(1, TEXT_WIDTH * w // total) for w in weights]
        cap = f'<w:tblCaption w:val="{escape(caption, True)}"/>' if caption else ""
        out = ['<w:tbl><w:tblPr><w:tblStyle w:val="ReviewTable"/><w:tblW w:w="5000" w:type="pct"/>'
               f'<w:tblLook w:val="04{"A" if header else "2"}0" w:firstRow="{int(bool(header))}"'
               ' w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
               f'{cap}</w:tblPr><w:tblGrid>',
               "".join(f'<w:gridCol w:w="{w}"/>' for w in cols), "</w:tblGrid>"]
        if header:
            out.append(self._row(header, cols, "TableHeading",
                                 "<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"))
        for row in rows:
            out.append(self._row(row, cols, "TableText", "<w:trPr><w:cantSplit/></w:trPr>"))
        out.append("</w:tbl>")
        self._xml.append("".join(out))

    def page_break(self) -> None:
        """Append a paragraph holding a page break."""
        self._xml.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')

    def raw(self, xml: str, text: str | None = None) -> None:
        """Append body XML as given (its text is read from its ``w:t`` unless given)."""
        self._xml.append(xml)
        self._text.append(text if text is not None else unescape("".join(_TEXT.findall(xml))))

    # -- results ------------------------------------------------------------------------
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
        """Return the ``w:num`` elements of the ordered lists, for numbering.xml."""
        return "".join(num.xml() for num in self.list_nums)

    def footnotes_xml(self) -> str:
        """Return the ``w:footnote`` elements, for footnotes.xml."""
        return "".join(self.footnotes)

    # -- helpers ------------------------------------------------------------------------
    def _add(self, xml: str, text: str) -> None:
        self._xml.append(xml)
        self._text.append(text)

    def _walk(self, parsed: tuple[list, dict], style: str, extra_ppr: str = "",
              first_runs: str = "", first_text: str = "") -> BlockWalker:
        walker = BlockWalker(self, "document", style, extra_ppr, first_runs)
        walker.walk(*parsed)
        if first_text and walker.text:
            walker.text[0] = first_text + walker.text[0]
        self._xml.extend(walker.out)
        self._text.extend(walker.text)
        return walker

    def _run(self, text: str, fmt: dict) -> str:
        url = fmt.get("url")
        props = rpr(fmt.get("bold", False), fmt.get("italic", False),
                    fmt.get("style") or ("Hyperlink" if url else ""))
        if url:
            rid = self.link_id(MD.normalizeLink(url))
            return f'<w:hyperlink r:id="{rid}" w:history="1">{run(text, props)}</w:hyperlink>'
        return run(text, props)

    def _row(self, cells: list[str], cols: list[int], style: str, tr_pr: str) -> str:
        out = [f"<w:tr>{tr_pr}"]
        for k, width in enumerate(cols):
            text = cells[k] if k < len(cells) else ""
            walker = BlockWalker(self, "document", style)
            for chunk in _BLANK_LINE.split(str(text)) if text else [""]:
                walker.walk(*parse_inline(chunk))
            self._text.extend(walker.text)
            out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                       f'{"".join(walker.out)}</w:tc>')
        out.append("</w:tr>")
        return "".join(out)



def _one_paragraph(markdown: str) -> str:
    """Join Markdown paragraphs with an empty line made of two hard breaks (``\\`` + newline)."""
    chunks = [c.strip() for c in _BLANK_LINE.split((markdown or "").strip())]
    return "\\\n\\\n".join(c for c in chunks if c)
