"""The HTML writer: a document model -> one self-contained, accessible HTML page.

:func:`render_html` writes the page of one document kind from the same
:class:`~scr_docs.model.nodes.Document` the Word writer uses, with the title block the Word
template prints (:class:`TitleBlock`). The page is one file: CSS inline (a screen and a print
stylesheet), no script, no font or picture fetched from anywhere (the logo, re-encoded with
its metadata dropped, is a ``data:`` address).

What a reader gets:

- one ``h1`` (the title block's title); the model's headings one level below it, in order;
- numbered paragraphs numbered as Word numbers them (:class:`Numbering`), the number as
  visible text and a stable id: ``1.2.3`` is ``id="para-1-2-3"``, heading ``2`` is
  ``id="section-2"``, recommendation ``4.`` is ``id="recommendation-4"``;
- lists as ``ul``/``ol``, tables with ``th scope="col"`` and their caption, quotes as
  ``blockquote``;
- footnotes as an ordered list at the end, each reference a link to its note and each note a
  link back to its reference;
- the contents (headings of levels 1-2, as the Word contents field) as a ``nav``;
- a skip link to ``main``, ``lang`` and ``title``, the DRAFT and protective markings visible.

All text is data: it is escaped, and a link keeps the address the author wrote unless its
scheme could run code (``javascript:``, ``data:``, ``vbscript:``), when it is printed as text.
Chrome the Word document does not hold as text (the skip link, the contents, numbers, the
footnote markers and back links, the marking) carries ``data-chrome`` so tests and checks can
tell it from the document's words.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field

from scr_docs.model.markdown import strip_invalid
from scr_docs.model.nodes import (Block, BulletList, Document, Emph, Figure, Heading, Inline,
                                  LineBreak, Link, Note, OrderedList, PageBreak, Para, Quote,
                                  Span, Strong, Table, Text)

__all__ = ["Numbering", "TitleBlock", "html_filename", "numbering_for", "render_html",
           "title_block"]

_BULLET_STYLES = ("ListBullet", "ListBullet2", "ListBullet3")
_UNSAFE_SCHEME = re.compile(r"^\s*(javascript|vbscript|data|file)\s*:", re.IGNORECASE)
_ORDERED_TYPES = ("1", "a", "i")


def esc(text: str) -> str:
    """Return ``text`` escaped for HTML text and attribute values (quotes too)."""
    return html.escape(strip_invalid(text), quote=True)


@dataclass(frozen=True)
class Numbering:
    """Which paragraph styles Word numbers, as the kind's template ties them to list levels.

    ``levels`` are the styles of list levels 1, 2, 3 (``%1``, ``%1.%2``, ``%1.%2.%3``); a
    paragraph of a level counts up that level and restarts the levels below it. Empty for
    kinds whose headings and paragraphs are not numbered. Recommendation paragraphs are
    numbered ``1.``, ``2.``, … through the document in every kind (their own list), unless a
    paragraph carries its own number.
    """

    levels: tuple[str, ...] = ()


NUMBERED_KINDS = {
    "overview-report": Numbering(("Heading1", "Heading2", "BodyNumbered")),
    "executive-summary": Numbering(("Heading1", "BodyNumbered2", "BodyNumbered")),
}
"""The numbered kinds, as templates/build_templates.py ties their styles to list levels."""


def numbering_for(kind: str) -> Numbering:
    """Return how the shipped template of ``kind`` numbers headings and paragraphs."""
    return NUMBERED_KINDS.get(kind, Numbering())


@dataclass
class TitleBlock:
    """What the page says above the document, as the Word template's title block does.

    ``before`` are lines above the title (the board's name), ``title`` the ``h1`` (one or
    more lines), ``after`` the lines below it (child, author, date); ``doc_title`` goes in
    ``<title>``. ``logo`` is (bytes, file extension, alternative text) or None.
    """

    doc_title: str
    title: list[str]
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)
    draft: bool = False
    marking: str = ""
    contents: bool = False
    logo: tuple[bytes, str, str] | None = None
    wide: bool = False
    """A page of wide tables (the action plan, landscape in Word): a wider text column."""


def title_block(kind, facts, context: dict) -> TitleBlock:
    """Return the title block of ``kind`` (a DocumentKind) for ``facts`` and the assembler's
    template variables ``context``, line for line as the shipped template prints it."""
    rtt, child, board = facts.review_type_title, facts.child, facts.board_name
    date, authors = context.get("date_text") or "", context.get("authors_line") or ""
    subtitle = context.get("subtitle") or ""
    name = kind.name
    if name == "press-release":
        before, title, after, contents = [board], ["Press release"], [date], False
    elif name == "learning-summary":
        before, title, after, contents = [board], [f"Learning from the {rtt} \u2013 {child}"], \
            [date], False
    elif name == "action-plan":
        before, title, after, contents = [board], [f"{subtitle}: {rtt} \u2013 {child}"], \
            [date], False
    elif name == "executive-summary":
        before, title, after, contents = [board], [subtitle or rtt], \
            [child, authors, date], True
    else:
        before, title, after, contents = [board], [rtt, child], [subtitle, authors, date], True
    logo = None
    if facts.logo is not None:
        from scr_docs.render.picture import read_logo

        found = read_logo(*facts.logo)
        logo = (found.data, found.ext, found.alt)
    return TitleBlock(facts.doc_title(kind.title), [t for t in title if t],
                      [b for b in before if b], [a for a in after if a], facts.draft,
                      facts.marking, contents, logo, wide=name == "action-plan")


def html_filename(slug: str, kind: str) -> str:
    """Return the HTML page's file name: ``<slug>-<kind>.html``."""
    return f"{slug}-{kind}.html"


def render_html(document: Document, title: TitleBlock, numbering: Numbering = Numbering(),
                lang: str = "en-GB") -> bytes:
    """Return the UTF-8 bytes of the page of ``document`` under ``title``."""
    return _Page(numbering).page(document, title, lang).encode("utf-8")


# -- the page ---------------------------------------------------------------------------------
class _Page:
    def __init__(self, numbering: Numbering):
        self.levels = {style: i for i, style in enumerate(numbering.levels)}
        self.counters = [0] * len(numbering.levels)
        self.recommendation = 0
        self.notes: list[str] = []
        self.toc: list[tuple[int, str, str]] = []  # (level, id, text)
        self.ids: set[str] = set()

    def page(self, document: Document, title: TitleBlock, lang: str) -> str:
        body = self.blocks(document.blocks, top=True)
        out = ['<!DOCTYPE html>', f'<html lang="{esc(lang)}">', "<head>",
               '<meta charset="utf-8">',
               '<meta name="viewport" content="width=device-width, initial-scale=1">',
               '<meta name="generator" content="scr-docs">',
               f"<title>{esc(title.doc_title)}</title>", f"<style>{CSS}</style>", "</head>",
               '<body class="wide">' if title.wide else "<body>",
               '<a class="skip" href="#main" data-chrome="">Skip to main content</a>']
        if title.marking:
            out.append(f'<p class="marking" data-chrome="">{esc(title.marking)}</p>')
        out.append("<header>")
        if title.logo:
            data, ext, alt = title.logo
            mime = {"jpg": "jpeg"}.get(ext, ext)
            out.append(f'<p class="logo"><img src="data:image/{esc(mime)};base64,'
                       f'{base64.b64encode(data).decode("ascii")}" alt="{esc(alt)}"></p>')
        out += [f'<p class="board">{esc(line)}</p>' for line in title.before]
        out.append('<h1>' + '<br>'.join(f'<span class="title-line">{esc(line)}</span>'
                                        for line in title.title) + '</h1>')
        out += [f'<p class="title-text">{esc(line)}</p>' for line in title.after]
        if title.draft:
            out.append('<p class="draft">DRAFT</p>')
        out.append("</header>")
        if title.contents and self.toc:
            out.append(self.contents())
        out.append('<main id="main" tabindex="-1">')
        out.append(body)
        if self.notes:
            out.append('<section class="footnotes" aria-labelledby="footnotes-heading">'
                       '<h2 id="footnotes-heading" data-chrome="">Footnotes</h2><ol>'
                       + "".join(self.notes) + "</ol></section>")
        out.append("</main>")
        if title.marking:
            out.append(f'<p class="marking" data-chrome="">{esc(title.marking)}</p>')
        out += ["</body>", "</html>", ""]
        return "\n".join(out)

    def contents(self) -> str:
        items = []
        for level, ident, text in self.toc:
            items.append(f'<li class="toc{level}"><a href="#{ident}">{text}</a></li>')
        return ('<nav aria-labelledby="contents-heading" data-chrome="">'
                '<h2 id="contents-heading">Contents</h2><ul>' + "".join(items) + "</ul></nav>")

    # -- numbers ------------------------------------------------------------------------------
    def number(self, style: str) -> str:
        """Count a paragraph of ``style`` as Word does; return its number or ""."""
        level = self.levels.get(style)
        if level is None:
            return ""
        self.counters[level] += 1
        for below in range(level + 1, len(self.counters)):
            self.counters[below] = 0
        return ".".join(str(n) for n in self.counters[:level + 1])

    def unique(self, ident: str) -> str:
        base, n = ident, 2
        while ident in self.ids:
            ident, n = f"{base}-{n}", n + 1
        self.ids.add(ident)
        return ident

    # -- blocks -------------------------------------------------------------------------------
    def blocks(self, blocks: list[Block], top: bool = False) -> str:
        out: list[str] = []
        bullets: list[str] = []
        for block in blocks:
            if isinstance(block, Para) and block.style in _BULLET_STYLES:
                bullets.append(f"<li>{self.inlines(block.content)}</li>")
                continue
            if bullets:
                out.append("<ul>" + "".join(bullets) + "</ul>")
                bullets = []
            out.append(self.block(block, top))
        if bullets:
            out.append("<ul>" + "".join(bullets) + "</ul>")
        return "\n".join(o for o in out if o)

    def block(self, block: Block, top: bool) -> str:
        if isinstance(block, Heading):
            return self.heading(block, top)
        if isinstance(block, Para):
            return self.para(block, top)
        if isinstance(block, (BulletList, OrderedList)):
            return self.list(block, 0)
        if isinstance(block, Quote):
            return f"<blockquote>{self.blocks(block.blocks)}</blockquote>"
        if isinstance(block, Table):
            return self.table(block)
        if isinstance(block, Figure):
            return self.figure(block)
        if isinstance(block, PageBreak):
            return ""
        return ""

    def figure(self, figure: Figure) -> str:
        """Return a figure: the picture embedded (its pixels re-encoded, no metadata), its
        description as ``alt``, its caption under it."""
        if figure.data:
            mime = "image/jpeg" if figure.ext == "jpeg" else "image/png"
            img = (f'<img src="data:{mime};base64,{base64.b64encode(figure.data).decode("ascii")}"'
                   f' alt="{esc(figure.alt)}" width="{figure.width}" height="{figure.height}">')
        else:  # not read (a picture the build could not place): say what it shows
            img = f'<p class="missing-figure">{esc(figure.alt)}</p>'
        caption = f"<figcaption>{esc(figure.caption)}</figcaption>" if figure.caption else ""
        return f"<figure>{img}{caption}</figure>"

    def heading(self, block: Heading, top: bool) -> str:
        style = f"Heading{block.level}"
        number = self.number(style) if top else ""
        text = self.inlines(block.content)
        ident = self.unique(f"section-{number.replace('.', '-')}" if number else
                            "section-" + (_slug(_text(block.content)) or "untitled"))
        level = min(block.level + 1, 6)
        label = f'<span class="num" data-chrome="">{number}</span> ' if number else ""
        if top and block.level <= 2:
            self.toc.append((block.level, ident,
                             (f"{number} " if number else "") + esc(_text(block.content))))
        return f'<h{level} id="{ident}" class="{esc(style)}">{label}{text}</h{level}>'

    def para(self, block: Para, top: bool, style: str | None = None) -> str:
        style = style or block.style
        text = self.inlines(block.content)
        number, ident = (self.number(style) if top else ""), ""
        if number:
            ident = self.unique("para-" + number.replace(".", "-"))
        elif style == "Recommendation":
            if block.number is not None:
                number = str(block.number)
            else:
                self.recommendation += 1
                number = str(self.recommendation)
            ident = self.unique(f"recommendation-{number}")
            number += "."
        if not number:
            return f'<p class="{esc(style)}">{text}</p>'
        return (f'<p class="{esc(style)} numbered" id="{ident}"><span class="num" '
                f'data-chrome="">{number}</span> {text}</p>')

    def list(self, block: BulletList | OrderedList, depth: int) -> str:
        items = []
        for item in block.items:
            parts = []
            for inner in item.blocks:
                if isinstance(inner, (BulletList, OrderedList)):
                    parts.append(self.list(inner, depth + 1))
                elif isinstance(inner, Para):
                    parts.append(f"<p>{self.inlines(inner.content)}</p>")
                else:
                    parts.append(self.block(inner, False))
            items.append("<li>" + "".join(parts) + "</li>")
        if isinstance(block, OrderedList):
            start = f' start="{block.start}"' if block.start != 1 else ""
            kind = _ORDERED_TYPES[min(depth, 2)]
            return f'<ol type="{kind}"{start}>' + "".join(items) + "</ol>"
        return "<ul>" + "".join(items) + "</ul>"

    def table(self, table: Table) -> str:
        ncols = max([len(table.header)] + [len(r) for r in table.rows])
        if ncols == 0:
            return ""
        out = ["<table>"]
        if table.caption:
            out.append(f"<caption>{esc(table.caption)}</caption>")
        if table.header:
            out.append("<thead><tr>" + "".join(
                f'<th scope="col">{self.cell(table.header[k] if k < len(table.header) else [])}'
                "</th>" for k in range(ncols)) + "</tr></thead>")
        out.append("<tbody>")
        for row in table.rows:
            out.append("<tr>" + "".join(
                f"<td>{self.cell(row[k] if k < len(row) else [])}</td>"
                for k in range(ncols)) + "</tr>")
        out.append("</tbody></table>")
        label = esc(table.caption or "Table")
        # a wide table scrolls in its own region (reachable by keyboard) at 320 px
        return (f'<div class="table-wrap" role="region" aria-label="{label}" tabindex="0">'
                + "".join(out) + "</div>")

    def cell(self, blocks: list[Block]) -> str:
        paras = [b for b in blocks if isinstance(b, Para)]
        if len(paras) == 1 and len(blocks) == 1:
            return self.inlines(paras[0].content)
        return self.blocks(blocks)

    # -- inlines ------------------------------------------------------------------------------
    def inlines(self, content: list[Inline], in_note: bool = False) -> str:
        out: list[str] = []
        for node in content:
            if isinstance(node, Text):
                out.append(esc(node.text).replace("\t", " ").replace("\r\n", "\n")
                           .replace("\n", "<br>"))
            elif isinstance(node, LineBreak):
                out.append("<br>")
            elif isinstance(node, Emph):
                out.append(f"<em>{self.inlines(node.children, in_note)}</em>")
            elif isinstance(node, Strong):
                out.append(f"<strong>{self.inlines(node.children, in_note)}</strong>")
            elif isinstance(node, Span):
                out.append(f'<span class="{esc(node.style)}">'
                           f"{self.inlines(node.children, in_note)}</span>")
            elif isinstance(node, Link):
                shown = self.inlines(node.children, in_note) or esc(node.url)
                if _UNSAFE_SCHEME.match(node.url):
                    out.append(shown)
                else:
                    out.append(f'<a href="{esc(node.url)}">{shown}</a>')
            elif isinstance(node, Note):
                out.append(self.note(node, in_note))
        return "".join(out)

    def note(self, note: Note, in_note: bool) -> str:
        if in_note:  # a footnote in a footnote: its text in brackets, as Word prints it
            if note.inline and note.blocks and isinstance(note.blocks[0], Para):
                return f" ({self.inlines(note.blocks[0].content, True)})"
            return ""
        n = len(self.notes) + 1
        self.notes.append("")  # keep the number while the note's own notes are written
        paras = [self.inlines(b.content, True) if isinstance(b, Para) else
                 self.blocks([b]) for b in note.blocks] or [""]
        back = (f' <a class="backref" href="#fnref-{n}" data-chrome="">'
                f'Back to reference {n}</a>')
        body = "".join(f"<p>{p}{back if k == len(paras) - 1 else ''}</p>"
                       for k, p in enumerate(paras))
        self.notes[n - 1] = f'<li id="fn-{n}">{body}</li>'
        return (f'<sup class="fnref" data-chrome=""><a id="fnref-{n}" href="#fn-{n}" '
                f'aria-label="Footnote {n}">{n}</a></sup>')


def _text(content: list[Inline]) -> str:
    from scr_docs.model.plain import inline_text

    return inline_text(content)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


CSS = """
:root{--text:#0b0c0c;--muted:#505a5f;--link:#1d4f91;--rule:#b1b4b6;--draft:#a4151b;
--focus:#ffdd00}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;padding:1rem;max-width:46rem;font-family:Arial,"Liberation Sans",
Helvetica,sans-serif;font-size:1.0625rem;line-height:1.5;color:var(--text);background:#fff;
overflow-wrap:break-word}
body.wide{max-width:80rem}
body.wide main>p,body.wide header p{max-width:46rem}
a{color:var(--link);text-decoration:underline;text-underline-offset:.15em}
a:focus,[tabindex]:focus{outline:3px solid var(--text);outline-offset:0;
background:var(--focus);color:var(--text)}
main:focus{background:none}
.skip{position:absolute;left:-999rem;top:0}
.skip:focus{position:static;display:inline-block;padding:.5rem;margin-bottom:.5rem}
.marking{margin:0 0 .5rem;padding:.25rem .5rem;border:2px solid var(--text);
text-align:center;font-weight:bold;letter-spacing:.05em}
header{border-bottom:2px solid var(--text);margin-bottom:1.5rem;padding-bottom:1rem}
.logo img{max-width:100%;height:auto;max-height:6rem}
figure{margin:1rem 0}figure img{max-width:100%;height:auto}
figcaption{font-style:italic;margin-top:.25rem}
.board{font-weight:bold;margin:0 0 .5rem}
h1{font-size:1.75rem;line-height:1.25;margin:.5rem 0}
.title-text{margin:.25rem 0;color:var(--muted)}
.draft{display:inline-block;margin:.5rem 0 0;padding:.25rem .75rem;border:3px solid
var(--draft);color:var(--draft);font-weight:bold;font-size:1.25rem;letter-spacing:.1em}
h2{font-size:1.4rem;line-height:1.3;margin:2rem 0 .75rem}
h3{font-size:1.2rem;margin:1.5rem 0 .5rem}
h4,h5,h6{font-size:1.0625rem;margin:1.25rem 0 .5rem}
p{margin:0 0 .9rem}
.num{font-weight:bold;margin-right:.35em}
p.numbered{padding-left:0}
nav ul{list-style:none;padding-left:0}
nav .toc2{padding-left:1.5rem}
nav li{margin:.25rem 0}
li>p{margin:0 0 .4rem}
blockquote,.Quote{margin:0 0 1rem;padding-left:1rem;border-left:4px solid var(--rule)}
.table-wrap{overflow-x:auto;margin:0 0 1.25rem}
table{border-collapse:collapse;width:100%;min-width:0}
caption{text-align:left;font-weight:bold;padding:.25rem 0}
th,td{border:1px solid var(--rule);padding:.4rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f2f1}
.footnotes{border-top:1px solid var(--rule);margin-top:2rem;font-size:.95rem}
.fnref{line-height:0}
.fnref a{padding:0 .15em}
@media (min-width:40rem){body{padding:2rem}
p.numbered{padding-left:4.5rem;text-indent:-4.5rem}
p.numbered .num{display:inline-block;min-width:4.2rem;text-indent:0;margin-right:0}}
@media print{
body{max-width:none;padding:0;font-size:11pt;color:#000}
.skip,nav{display:none}
a{color:#000}
main a[href^="http"]::after{content:" (" attr(href) ")";font-size:90%}
h1,h2,h3,h4{break-after:avoid;page-break-after:avoid}
p,li,tr{orphans:3;widows:3}
tr,blockquote{break-inside:avoid}
.table-wrap{overflow:visible}
.marking{border-width:1px}
.footnotes{break-before:auto}
}
"""
