"""Markdown (CommonMark + inline footnotes) -> WordprocessingML strings.

One markdown-it parser is shared by the whole process; each prose field is parsed once and
its token stream walked once, appending XML strings. Numbers that run through a document
(footnote ids, hyperlink relationship ids, list instances) come from the ``DocWriter`` the
walker writes for.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

if TYPE_CHECKING:  # pragma: no cover
    from .wordml import DocWriter

MD = MarkdownIt("commonmark", {"html": False, "linkify": False}).use(footnote_plugin)
"""The one parser: CommonMark, raw HTML off (``<b>`` stays text), ``^[inline notes]``."""

# XML 1.0 forbids these (and lone surrogates cannot be encoded as UTF-8).
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def strip_invalid(text: str) -> str:
    """Return `text` without the characters XML 1.0 cannot hold."""
    return _INVALID_XML.sub("", text)


def escape(text: str, quote: bool = False) -> str:
    """Return `text` safe for XML character data (attribute values with `quote`).

    Removes the characters XML 1.0 cannot hold.
    """
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if quote and '"' in text:
        text = text.replace('"', "&quot;")
    return _INVALID_XML.sub("", text)


_T_OPEN = '<w:t xml:space="preserve">'


def run(text: str, rpr: str = "") -> str:
    """Return a run holding `text`; `rpr` is a complete ``<w:rPr>`` element or "".

    Tabs become ``<w:tab/>`` and line ends ``<w:br/>``.
    """
    t = escape(text)
    if "\t" in t or "\n" in t or "\r" in t:
        t = (t.replace("\r\n", "\n").replace("\r", "\n")
             .replace("\t", "</w:t><w:tab/>" + _T_OPEN).replace("\n", "</w:t><w:br/>" + _T_OPEN))
    return f"<w:r>{rpr}{_T_OPEN}{t}</w:t></w:r>"


def rpr(bold: bool = False, italic: bool = False, style: str = "") -> str:
    """Return a ``<w:rPr>`` element for the given formatting, or ""."""
    inner = (f'<w:rStyle w:val="{escape(style, True)}"/>' if style else "") + \
        ("<w:b/><w:bCs/>" if bold else "") + ("<w:i/><w:iCs/>" if italic else "")
    return f"<w:rPr>{inner}</w:rPr>" if inner else ""


def ppr(style: str, extra: str = "") -> str:
    """Return a ``<w:pPr>`` with a paragraph style and optional further properties."""
    return f'<w:pPr><w:pStyle w:val="{escape(style, True)}"/>{extra}</w:pPr>'


# rPr for (bold, italic, hyperlink) combinations, built once.
_RPR = {(b, i, h): rpr(b, i, "Hyperlink" if h else "")
        for b in (False, True) for i in (False, True) for h in (False, True)}
FOOTNOTE_REF_RPR = '<w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
FOOTNOTE_REF_RUN = f'<w:r>{FOOTNOTE_REF_RPR}<w:footnoteRef/></w:r><w:r>{_T_OPEN} </w:t></w:r>'

CONTINUED = '<w:ind w:firstLine="0" w:hanging="0"/>'
"""pPr of a later paragraph of a list item: the style's left indent, no hanging number."""

_BULLET_STYLES = ("ListBullet", "ListBullet2", "ListBullet3")
_NUMBER_STYLES = ("ListNumber", "ListNumber2", "ListNumber3")


class _List:
    __slots__ = ("ordered", "depth", "num_id", "pending")

    def __init__(self, ordered: bool, depth: int, num_id: int):
        self.ordered, self.depth, self.num_id, self.pending = ordered, depth, num_id, False


class BlockWalker:
    """Walks one token stream, appending paragraphs (XML) and their text to lists."""

    def __init__(self, writer: "DocWriter", part: str, style: str, extra_ppr: str = "",
                 first_runs: str = ""):
        self.w = writer
        self.part = part  # "document" or "footnotes": where hyperlink relationships go
        self.style = style
        self.extra_ppr = extra_ppr  # further pPr of plain paragraphs (e.g. an indent)
        self.first_runs = first_runs  # runs put before the first paragraph's text
        self.out: list[str] = []
        self.text: list[str] = []
        self.fn_map: dict[int, list[int]] = {}  # parse-local footnote id -> document ids
        self.env: dict = {}

    # -- blocks -----------------------------------------------------------------------
    def walk(self, tokens: list, env: dict) -> None:
        """Render a whole token stream (blocks, then the footnote block)."""
        self.env = env
        self.fn_map = {}
        lists: list[_List] = []
        quote = 0
        pending_ppr = None  # pPr of the paragraph being opened
        i, n = 0, len(tokens)
        while i < n:
            tok = tokens[i]
            typ = tok.type
            if typ == "inline":
                if pending_ppr is None:  # parseInline stream: a lone paragraph
                    pending_ppr = self._para_ppr(lists, quote)
                self._paragraph(pending_ppr, tok.children or [])
                pending_ppr = None
            elif typ == "paragraph_open":
                pending_ppr = self._para_ppr(lists, quote)
            elif typ == "heading_open":
                # ### is level 3, #### level 4, but never deeper than one below the heading
                # before it: a skipped level fails accessibility checks
                wanted = 4 if tok.tag in ("h4", "h5", "h6") else 3
                self.w.level = min(wanted, self.w.level + 1) if self.w.level else wanted
                pending_ppr = ppr(f"Heading{self.w.level}")
            elif typ in ("bullet_list_open", "ordered_list_open"):
                ordered = typ == "ordered_list_open"
                depth = min(len(lists), 2)
                num_id = 0
                if ordered:
                    outer = next((lst for lst in reversed(lists) if lst.ordered), None)
                    if outer is None:
                        start = tok.attrs.get("start", 1) if tok.attrs else 1
                        num_id = self.w.new_list_num(int(start), depth)
                    else:
                        num_id = outer.num_id
                lists.append(_List(ordered, depth, num_id))
            elif typ in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif typ == "list_item_open":
                lists[-1].pending = True
            elif typ == "blockquote_open":
                quote += 1
            elif typ == "blockquote_close":
                quote -= 1
            elif typ in ("code_block", "fence"):
                content = tok.content[:-1] if tok.content.endswith("\n") else tok.content
                self._emit(self._para_ppr(lists, quote), run(content), content)
            elif typ == "footnote_block_open":
                self._footnote_block(tokens, i + 1)
                return
            i += 1

    def _para_ppr(self, lists: list[_List], quote: int) -> str:
        if lists:
            lst = lists[-1]
            if lst.ordered:
                style = _NUMBER_STYLES[lst.depth]
                num = (f'<w:numPr><w:ilvl w:val="{lst.depth}"/>'
                       f'<w:numId w:val="{lst.num_id}"/></w:numPr>')
            else:
                style, num = _BULLET_STYLES[lst.depth], ""
            if lst.pending:
                lst.pending = False
                return ppr(style, num)
            # a later paragraph of the item: ListNumber styles carry no number of their own
            # and share the bullets' indents, so without numPr it aligns with the item text
            return ppr(_NUMBER_STYLES[lst.depth], CONTINUED)
        if quote:
            return ppr("Quote")
        return ppr(self.style, self.extra_ppr)

    def _paragraph(self, p_pr: str, children: list) -> None:
        xml, text = self.inline(children)
        if self.first_runs and not self.out:
            xml = self.first_runs + xml
        self._emit(p_pr, xml, text)

    def _emit(self, p_pr: str, runs: str, text: str) -> None:
        self.out.append(f"<w:p>{p_pr}{runs}</w:p>")
        self.text.append(text)

    # -- inline -----------------------------------------------------------------------
    def inline(self, children: list) -> tuple[str, str]:
        """Return (runs XML, plain text) for the children of an inline token."""
        out: list[str] = []
        plain: list[str] = []
        buf: list[str] = []  # text waiting for a formatting change
        bold = italic = 0
        link = False
        link_start = 0
        link_href = ""
        for tok in children:
            typ = tok.type
            if typ == "text" or typ == "code_inline":
                buf.append(tok.content)
                continue
            if typ == "softbreak":
                buf.append(" ")
                continue
            if buf:
                s = "".join(buf)
                if s:
                    out.append(run(s, _RPR[bold > 0, italic > 0, link]))
                    plain.append(s)
                buf = []
            if typ == "em_open":
                italic += 1
            elif typ == "em_close":
                italic -= 1
            elif typ == "strong_open":
                bold += 1
            elif typ == "strong_close":
                bold -= 1
            elif typ == "hardbreak":
                out.append("<w:r><w:br/></w:r>")
                plain.append("\n")
            elif typ == "link_open":
                href = tok.attrs.get("href", "")
                out.append(f'<w:hyperlink r:id="{self.w.link_id(href, self.part)}" w:history="1">')
                link, link_start, link_href = True, len(out), href
            elif typ == "link_close":
                if len(out) == link_start:  # [](url): show the address
                    out.append(run(link_href, _RPR[bold > 0, italic > 0, True]))
                    plain.append(link_href)
                out.append("</w:hyperlink>")
                link = False
            elif typ == "image":  # images are out of scope: keep the alt text
                xml, text = self.inline(tok.children or [])
                out.append(xml)
                plain.append(text)
            elif typ == "footnote_ref":
                xml, text = self._footnote_ref(tok)
                out.append(xml)
                plain.append(text)
        if buf:
            s = "".join(buf)
            if s:
                out.append(run(s, _RPR[bold > 0, italic > 0, link]))
                plain.append(s)
        return "".join(out), "".join(plain)

    # -- footnotes --------------------------------------------------------------------
    def _footnote_ref(self, tok) -> tuple[str, str]:
        local = tok.meta["id"]
        if self.part == "footnotes":  # Word has no footnotes in footnotes: inline the text
            note = self.env.get("footnotes", {}).get("list", {}).get(local, {})
            if "tokens" in note:
                xml, text = self.inline(note["tokens"])
                return run(" (") + xml + run(")"), f" ({text})"
            return "", ""
        number = self.w.new_footnote_id()
        self.fn_map.setdefault(local, []).append(number)
        return (f'<w:r>{FOOTNOTE_REF_RPR}<w:footnoteReference w:id="{number}"/></w:r>', "")

    def _footnote_block(self, tokens: list, i: int) -> None:
        notes: dict[int, str] = {}
        while i < len(tokens) and tokens[i].type != "footnote_block_close":
            tok = tokens[i]
            if tok.type == "footnote_open":
                j = i + 1
                while tokens[j].type != "footnote_close":
                    j += 1
                for number in self.fn_map.get(tok.meta["id"], ()):
                    notes[number] = self._footnote(tokens[i + 1:j], number)
                i = j
            i += 1
        for number in sorted(notes):
            self.w.footnotes.append(notes[number])

    def _footnote(self, tokens: list, number: int) -> str:
        walker = BlockWalker(self.w, "footnotes", "FootnoteText", first_runs=FOOTNOTE_REF_RUN)
        walker.walk(tokens, self.env)
        if not walker.out:
            walker._emit(ppr("FootnoteText"), FOOTNOTE_REF_RUN, "")
        self.w.footnote_texts[number] = "\n".join(walker.text)
        return f'<w:footnote w:id="{number}">{"".join(walker.out)}</w:footnote>'


def parse(markdown: str) -> tuple[list, dict]:
    """Return (block tokens, env) for a prose field."""
    env: dict = {}
    return MD.parse(_INVALID_XML.sub("", markdown), env), env


def parse_inline(markdown: str) -> tuple[list, dict]:
    """Return (tokens, env) for one paragraph of inline Markdown (no block syntax)."""
    env: dict = {}
    return MD.parseInline(_INVALID_XML.sub("", markdown), env), env
