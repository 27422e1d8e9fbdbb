"""Build the four Word templates of scr-docs from WordprocessingML written here.

Run ``python3 templates/build_templates.py`` to (re)write ``templates/<kind>.docx``.
The output is reproducible: the same bytes on every run (sorted zip entries, fixed
timestamps), and it names no person (empty creator and "last modified by").

The contract with the renderer (template variables, style ids, numbering ids, footnotes)
is described in ``docs/architecture.md``.
"""

from __future__ import annotations

import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = R_NS
XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
# Namespaces the body WordprocessingML (tables, hyperlinks, images, maths) may use.
PART_NS = (
    f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"'
)

HEADING_BLUE = "1F3864"  # 12.7:1 on white
DARK_GREY = "1F1F1F"  # 16.5:1 on white
MID_GREY = "767676"  # 4.5:1 on white: borders and rules
LIGHT_GREY = "E8E8E8"  # table header shading: even link blue on it has 4.8:1
DRAFT_RED = "C00000"  # 5.9:1 on white
LINK_BLUE = "0563C1"  # 5.4:1 on white
BANNER_BLUE = "DEEAF6"  # learning summary banner: 1F3864 on it is 9.5:1
A4_W, A4_H = 11906, 16838
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


@dataclass(frozen=True)
class Kind:
    """What differs between the four templates."""

    name: str
    numbered: bool  # headings and body paragraphs numbered 1 / 1.1 / 1.1.1
    layout: str  # "cover" (title page, contents page), "block" (title block + contents),
    #              "press" (top block), "banner" (compact banner), "plan" (title line)
    margin_x: int = 1440
    margin_y: int = 1134
    title_size: int = 56  # half-points
    level2: str = "Heading2"  # the style tied to list level 1 ("1.1") by w:pStyle
    logo_box: tuple[float, float] | None = None  # cm; None: render.py's 6 x 2.2 cm
    heading1_before: int = 360  # twips above Heading1
    landscape: bool = False  # A4 landscape pages (the action plan's wide table)
    body_size: int = 22  # half-points: the text of every paragraph style
    heading1_size: int = 32  # half-points
    after: int = 160  # twips below a paragraph
    line: int = 276  # line spacing in 240ths of a line (276: 1.15 lines)

    @property
    def toc(self) -> bool:
        return self.layout in ("cover", "block")

    @property
    def title_page(self) -> bool:
        return self.layout in ("cover", "block")

    @property
    def indent(self) -> int:
        """Left edge of the text column; numbers sit in the column before it."""
        return 1021 if self.numbered else 0

    @property
    def page_size(self) -> tuple[int, int]:
        """Page width and height in twips."""
        return (A4_H, A4_W) if self.landscape else (A4_W, A4_H)

    @property
    def text_width(self) -> int:
        return self.page_size[0] - 2 * self.margin_x


KINDS = [
    Kind("overview-report", numbered=True, layout="cover"),
    # LibreOffice numbers a style only when a list level names it (w:pStyle), so the
    # executive summary ties "1.1" to its paragraphs and leaves Heading2 unnumbered.
    Kind("executive-summary", numbered=True, layout="block", level2="BodyNumbered2"),
    # The short documents keep to two pages with a logo: a smaller logo box, and the press
    # release's margins / the learning summary's heading spacing give back its height.
    Kind("press-release", numbered=False, layout="press", margin_x=1134, margin_y=851,
         logo_box=(5, 1.8)),
    # The learning summary is a two-page briefing, as published ones are: 10 pt text,
    # 13 pt headings and tighter spacing fit a real review's summary on two pages.
    Kind("learning-summary", numbered=False, layout="banner", margin_x=907, margin_y=794,
         title_size=36, logo_box=(5, 1.8), heading1_before=160, body_size=20,
         heading1_size=26, after=90, line=252),
    # The action plan is one wide table for the board's papers: landscape, a short top block.
    Kind("action-plan", numbered=False, layout="plan", margin_x=1021, margin_y=1021,
         title_size=40, logo_box=(5, 1.8), heading1_before=240, landscape=True),
]


# --------------------------------------------------------------------------- properties

def ppr(style=None, keep_next=False, page_break=False, num=None, border_left=None,
        shading=None, tabs=(), before=None, after=None, line=None, left=None,
        hanging=None, right=None, jc=None, outline=None, keep_lines=False,
        widows=False) -> str:
    """Return a ``w:pPr`` with its children in schema order ("" when empty)."""
    out = []
    if style:
        out.append(f'<w:pStyle w:val="{style}"/>')
    if keep_next:
        out.append("<w:keepNext/>")
    if keep_lines:
        out.append("<w:keepLines/>")
    if page_break:
        out.append("<w:pageBreakBefore/>")
    if widows:  # no single line of a paragraph alone at the top or foot of a page
        out.append("<w:widowControl/>")
    if num:
        num_id, ilvl = num
        out.append(f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    if border_left:
        out.append(f'<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" '
                   f'w:color="{border_left}"/></w:pBdr>')
    if shading:
        out.append(f'<w:shd w:val="clear" w:color="auto" w:fill="{shading}"/>')
    if tabs:
        out.append("<w:tabs>" + "".join(
            f'<w:tab w:val="{val}"' + (f' w:leader="{leader}"' if leader else "")
            + f' w:pos="{pos}"/>' for val, pos, leader in tabs) + "</w:tabs>")
    spacing = {"before": before, "after": after, "line": line}
    if any(v is not None for v in spacing.values()):
        attrs = "".join(f' w:{k}="{v}"' for k, v in spacing.items() if v is not None)
        rule = ' w:lineRule="auto"' if line else ""
        out.append(f"<w:spacing{attrs}{rule}/>")
    if left is not None or hanging is not None or right is not None:
        attrs = "".join(f' w:{k}="{v}"' for k, v in
                        (("left", left), ("right", right), ("hanging", hanging)) if v is not None)
        out.append(f"<w:ind{attrs}/>")
    if jc:
        out.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        out.append(f'<w:outlineLvl w:val="{outline}"/>')
    return f"<w:pPr>{''.join(out)}</w:pPr>" if out else ""


def rpr(font=None, bold=False, italic=False, caps=False, color=None, size=None,
        underline=False, superscript=False, lang=None) -> str:
    """Return a ``w:rPr`` with its children in schema order ("" when empty)."""
    out = []
    if font:
        out.append(f'<w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" '
                   f'w:cs="{font}"/>')
    if bold:
        out.append("<w:b/><w:bCs/>")
    if italic:
        out.append("<w:i/><w:iCs/>")
    if caps:
        out.append("<w:caps/>")
    if color:
        out.append(f'<w:color w:val="{color}"/>')
    if size:
        out.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    if underline:
        out.append('<w:u w:val="single"/>')
    if superscript:
        out.append('<w:vertAlign w:val="superscript"/>')
    if lang:
        out.append(f'<w:lang w:val="{lang}"/>')
    return f"<w:rPr>{''.join(out)}</w:rPr>" if out else ""


# --------------------------------------------------------------------------- styles.xml

def style(sid, name, kind="paragraph", based_on="Normal", next_=None, ui=None, quick=False,
          semi_hidden=False, default=False, p="", r="", extra="") -> str:
    """Return one ``w:style`` element."""
    attrs = f' w:type="{kind}"' + (' w:default="1"' if default else "") + f' w:styleId="{sid}"'
    parts = [f'<w:name w:val="{name}"/>']
    if based_on:
        parts.append(f'<w:basedOn w:val="{based_on}"/>')
    if next_:
        parts.append(f'<w:next w:val="{next_}"/>')
    if ui is not None:
        parts.append(f'<w:uiPriority w:val="{ui}"/>')
    if semi_hidden:
        parts.append("<w:semiHidden/><w:unhideWhenUsed/>")
    if quick:
        parts.append("<w:qFormat/>")
    return f"<w:style{attrs}>{''.join(parts)}{p}{r}{extra}</w:style>"


def styles_xml(k: Kind) -> str:
    """Return ``word/styles.xml`` for kind `k`."""
    ind = k.indent
    num = (lambda ilvl: (1, ilvl)) if k.numbered else (lambda ilvl: None)
    hang = ind or None  # numbered: the number hangs in the column left of the text
    width = k.text_width
    heading = dict(next_="BodyText", quick=True, ui=9)
    bullets = [(f"ListBullet{'' if n == 1 else n}", f"List Bullet{'' if n == 1 else f' {n}'}")
               for n in range(1, LIST_LEVELS + 1)]
    numbers = [(f"ListNumber{'' if n == 1 else n}", f"List Number{'' if n == 1 else f' {n}'}")
               for n in range(1, LIST_LEVELS + 1)]
    cell_mar = ('<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
                '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
                '</w:tblCellMar>')
    borders = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="{MID_GREY}"/>'
                      for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    s = [
        style("Normal", "Normal", based_on=None, default=True, quick=True,
              p=ppr(widows=True)),
        style("DefaultParagraphFont", "Default Paragraph Font", kind="character",
              based_on=None, default=True, ui=1, semi_hidden=True),
        style("TableNormal", "Normal Table", kind="table", based_on=None, default=True, ui=99,
              semi_hidden=True, extra='<w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
              '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
              '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/>'
              '</w:tblCellMar></w:tblPr>'),
        style("NoList", "No List", kind="numbering", based_on=None, default=True, ui=99,
              semi_hidden=True),
        # Title page
        style("BoardName", "Board Name", next_="Title", ui=10,
              p=ppr(keep_next=True, after=480, line=240),
              r=rpr(bold=True, color=HEADING_BLUE, size=36)),
        style("Title", "Title", next_="Subtitle", ui=10, quick=True,
              p=ppr(keep_next=True, before=240, after=240, line=240),
              r=rpr(bold=True, color=HEADING_BLUE, size=k.title_size)),
        style("TitleChild", "Title Child", next_="Subtitle", ui=10,
              p=ppr(keep_next=True, after=240, line=240), r=rpr(bold=True, size=40)),
        style("Subtitle", "Subtitle", next_="BodyText", ui=11, quick=True,
              p=ppr(after=240, line=240), r=rpr(color=HEADING_BLUE, size=32)),
        style("TitlePageText", "Title Page Text", ui=12, p=ppr(after=120), r=rpr(size=24)),
        style("DraftMark", "Draft Mark", ui=12, p=ppr(before=240, after=240),
              r=rpr(bold=True, color=DRAFT_RED, size=36)),
        # Headings
        style("Heading1", "heading 1", **heading,
              p=ppr(keep_next=True, keep_lines=True, num=num(0), before=k.heading1_before,
                    after=160 if k.after >= 160 else 100, line=240, left=ind, hanging=hang,
                    outline=0),
              r=rpr(bold=True, color=HEADING_BLUE, size=k.heading1_size)),
        style("Heading2", "heading 2", **heading,
              p=ppr(keep_next=True, keep_lines=True,
                    num=num(1) if k.level2 == "Heading2" else None,
                    before=280, after=120, line=240, left=ind, hanging=hang, outline=1),
              r=rpr(bold=True, color=HEADING_BLUE, size=26)),
        style("Heading3", "heading 3", **heading,
              p=ppr(keep_next=True, keep_lines=True, before=240, after=80, left=ind, outline=2),
              r=rpr(bold=True, caps=True, color=HEADING_BLUE, size=22)),
        style("Heading4", "heading 4", **heading,
              p=ppr(keep_next=True, keep_lines=True, before=200, after=80, left=ind, outline=3),
              r=rpr(bold=True, color=DARK_GREY, size=22)),
        # Body
        style("BodyText", "Body Text", ui=1, quick=True, p=ppr(left=ind)),
        style("BodyNumbered", "Body Numbered", based_on="BodyText", ui=1, quick=True,
              p=ppr(num=num(2), left=ind, hanging=hang)),
        style("BodyNumbered2", "Body Numbered 2", based_on="BodyText", ui=1, quick=True,
              p=ppr(num=num(1), left=ind, hanging=hang)),
        *[style(sid, name, ui=36, p=ppr(num=(2, n), after=80, left=ind + 397 * (n + 1),
                                         hanging=397))
          for n, (sid, name) in enumerate(bullets)],
        *[style(sid, name, ui=36, p=ppr(after=80, left=ind + 397 * (n + 1), hanging=397))
          for n, (sid, name) in enumerate(numbers)],
        style("Recommendation", "Recommendation", ui=20, quick=True,
              p=ppr(num=(4, 0), left=ind + 567, hanging=567)),
        style("Quote", "Quote", next_="BodyText", ui=29, quick=True,
              p=ppr(border_left=MID_GREY, left=ind + 567, right=567), r=rpr(color=DARK_GREY)),
        # Pictures written in prose: centred, kept with their caption
        style("Figure", "Figure", ui=35, p=ppr(keep_next=True, before=120, after=60, jc="center")),
        style("Caption", "caption", next_="BodyText", ui=35, quick=True,
              p=ppr(after=200, jc="center"), r=rpr(italic=True, color=DARK_GREY, size=20)),
        # Tables
        style("TableText", "Table Text", ui=40, p=ppr(before=40, after=40, line=240)),
        style("TableHeading", "Table Heading", based_on="TableText", ui=40, r=rpr(bold=True)),
        style("ReviewTable", "Review Table", kind="table", based_on="TableNormal", ui=59,
              extra=f'<w:tblPr><w:tblBorders>{borders}</w:tblBorders>{cell_mar}</w:tblPr>'
              '<w:tblStylePr w:type="firstRow">' + rpr(bold=True, color=DARK_GREY) +
              f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{LIGHT_GREY}"/></w:tcPr>'
              "</w:tblStylePr>"),
        # Contents
        style("TOCHeading", "TOC Heading", next_="BodyText", ui=39, quick=True,
              p=ppr(keep_next=True, before=240, after=240, line=240, outline=9),
              r=rpr(bold=True, color=HEADING_BLUE, size=32)),
        *[style(f"TOC{n}", f"toc {n}", next_="BodyText", ui=39, semi_hidden=True,
                # no hanging indent: LibreOffice writes "8.2 Roles<tab>35", and a hanging
                # indent is a tab stop that catches the tab of a short entry
                p=ppr(tabs=[("right", width, "dot")], before=120 if n == 1 else 0,
                      after=60, line=240, left=0 if n == 1 else 284),
                r=rpr(bold=n == 1))
          for n in (1, 2)],
        # Notes, header and footer, links
        style("FootnoteText", "footnote text", ui=99, semi_hidden=True,
              p=ppr(after=60, line=240), r=rpr(size=20)),
        style("FootnoteReference", "footnote reference", kind="character",
              based_on="DefaultParagraphFont", ui=99, semi_hidden=True,
              r=rpr(superscript=True)),
        *[style(sid, sid.lower(), ui=99, semi_hidden=True,
                p=ppr(tabs=[("center", width // 2, None), ("right", width, None)],
                      after=0, line=240),
                r=rpr(color=DARK_GREY, size=20))
          for sid in ("Header", "Footer")],
        style("Hyperlink", "Hyperlink", kind="character", based_on="DefaultParagraphFont",
              ui=99, semi_hidden=True, r=rpr(color=LINK_BLUE, underline=True)),
        style("Strong", "Strong", kind="character", based_on="DefaultParagraphFont", ui=22,
              quick=True, r=rpr(bold=True)),
        style("Emphasis", "Emphasis", kind="character", based_on="DefaultParagraphFont",
              ui=20, quick=True, r=rpr(italic=True)),
    ]
    defaults = ("<w:docDefaults><w:rPrDefault>"
                + rpr(font="Arial", size=k.body_size, lang="en-GB")
                + "</w:rPrDefault><w:pPrDefault>" + ppr(widows=True, after=k.after, line=k.line)
                + "</w:pPrDefault></w:docDefaults>")
    return XML_DECL + f'<w:styles {PART_NS}>{defaults}{"".join(s)}</w:styles>'


# --------------------------------------------------------------------------- numbering.xml

def lvl(ilvl, fmt, text, left, hanging, pstyle=None, font=None) -> str:
    """Return one ``w:lvl`` of an abstract numbering definition."""
    link = f'<w:pStyle w:val="{pstyle}"/>' if pstyle else ""
    return (f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>{link}'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            + ppr(left=left, hanging=hanging) + rpr(font=font) + "</w:lvl>")


def abstract_num(aid, levels, multi="hybridMultilevel") -> str:
    return (f'<w:abstractNum w:abstractNumId="{aid}"><w:nsid w:val="5CD0C{aid:03X}"/>'
            f'<w:multiLevelType w:val="{multi}"/>{"".join(levels)}</w:abstractNum>')


LIST_LEVELS = 5
"""Nesting levels of bullets and numbered lists (render/wordml.py writes as many)."""


def numbering_xml(k: Kind) -> str:
    """Return ``word/numbering.xml``: all abstractNums first, then the nums (Word's rule).

    ``</w:numbering>`` stays the last tag: render.py inserts its list instances before it.
    """
    ind = k.indent
    hang = ind or 567  # unnumbered templates: the (unused) heading list still hangs
    link = (lambda s: s) if k.numbered else (lambda s: None)
    heading = [lvl(0, "decimal", "%1", hang, hang, link("Heading1")),
               lvl(1, "decimal", "%1.%2", hang, hang, link(k.level2)),
               lvl(2, "decimal", "%1.%2.%3", hang, hang, link("BodyNumbered"))]
    bullets = [lvl(n, "bullet", mark, ind + 397 * (n + 1), 397, f"ListBullet{n + 1 if n else ''}",
                   font="Arial") for n, mark in enumerate("\u2022\u25e6\u25aa\u2022\u25e6")]
    ordered = [lvl(n, fmt, f"%{n + 1}.", ind + 397 * (n + 1), 397)
               for n, fmt in enumerate(("decimal", "lowerLetter", "lowerRoman", "decimal",
                                        "lowerLetter"))]
    recs = [lvl(0, "decimal", "%1.", ind + 567, 567, "Recommendation")]
    abstracts = [abstract_num(1, heading, "multilevel"), abstract_num(2, bullets),
                 abstract_num(3, ordered), abstract_num(4, recs, "singleLevel")]
    nums = "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{n}"/></w:num>'
                   for n in (1, 2, 4))
    return XML_DECL + f'<w:numbering {PART_NS}>{"".join(abstracts)}{nums}</w:numbering>'


# --------------------------------------------------------------------------- document.xml

def para(text="", style=None, run=None, **pkw) -> str:
    """Return a paragraph with one run holding `text` (template tags kept whole)."""
    props = ppr(style=style, **pkw)
    body = f'<w:r>{run or ""}<w:t xml:space="preserve">{text}</w:t></w:r>' if text else ""
    return f"<w:p>{props}{body}</w:p>"


def when(var, *paragraphs) -> str:
    """Wrap paragraphs in docxtpl paragraph tags so nothing is left when `var` is false."""
    return para(f"{{%p if {var} %}}") + "".join(paragraphs) + para("{%p endif %}")


def field(instr, shown="1") -> str:
    """Return the runs of a complex field with cached result `shown`."""
    return ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> {instr} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r><w:t>{shown}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>')


def sect_pr(k: Kind, front: bool) -> str:
    """Return a ``w:sectPr``: A4 (portrait unless the kind is landscape), headers and
    footers.

    ``front``: the title and contents pages, which carry no page number (their footers
    print the marking only: footer2), as published reports; the body's section then
    numbers its pages from 1, so the first body page (Introduction) is page 1.
    """
    refs = ['<w:headerReference w:type="default" r:id="rId6"/>']
    if front:
        refs.append('<w:headerReference w:type="first" r:id="rId8"/>')
        refs.append('<w:footerReference w:type="default" r:id="rId9"/>')
        refs.append('<w:footerReference w:type="first" r:id="rId9"/>')
    else:
        refs.append('<w:footerReference w:type="default" r:id="rId7"/>')
    restart = '<w:pgNumType w:start="1"/>' if k.title_page and not front else ""
    hf = k.margin_y // 2
    return (f'<w:sectPr>{"".join(refs)}<w:type w:val="nextPage"/>'
            f'<w:pgSz w:w="{k.page_size[0]}" w:h="{k.page_size[1]}"'
            + (' w:orient="landscape"/>' if k.landscape else "/>")
            + f'<w:pgMar w:top="{k.margin_y}" w:right="{k.margin_x}" w:bottom="{k.margin_y}" '
            f'w:left="{k.margin_x}" w:header="{hf}" w:footer="{hf}" w:gutter="0"/>'
            f'{restart}<w:cols w:space="708"/>' + ("<w:titlePg/>" if front else "")
            + '<w:docGrid w:linePitch="360"/></w:sectPr>')


def logo_slot(k: Kind, after: int) -> str:
    """Return the board's logo: a paragraph whose one run prints ``{{ logo }}`` (or
    ``{{ logo.fit(w, h) }}``), which render.py turns into the picture; nothing is left when
    the review has no logo."""
    tag = "{{ logo }}" if k.logo_box is None else "{{ logo.fit(%g, %g) }}" % k.logo_box
    return when("logo", para(tag, keep_next=True, after=after, line=240))


def title_block(k: Kind) -> str:
    """Return the title page / top block of kind `k`, the board's logo at its top."""
    draft = when("draft", para("DRAFT", "DraftMark"))
    if k.layout == "press":
        return (logo_slot(k, 160) + para("{{ board_name }}", "BoardName", after=120)
                + para("Press release", "Subtitle")
                + when("date_text", para("{{ date_text }}", "TitlePageText", after=360)) + draft)
    if k.layout == "banner":
        return (logo_slot(k, 120)
                + para("{{ board_name }}", "BoardName", shading=BANNER_BLUE, after=0, before=0)
                + para("Learning from the {{ review_type_title }} \u2013 {{ child }}", "Title")
                + when("date_text", para("{{ date_text }}", "TitlePageText", after=240)) + draft)
    if k.layout == "plan":
        return (logo_slot(k, 120) + para("{{ board_name }}", "BoardName", after=120)
                + para("{{ subtitle }}: {{ review_type_title }} \u2013 {{ child }}", "Title")
                + when("date_text", para("{{ date_text }}", "TitlePageText", after=240)) + draft)
    if k.layout == "block":  # as published summaries: "Executive summary of a …", child
        return (logo_slot(k, 240) + para("{{ board_name }}", "BoardName", after=480)
                + para("{% if subtitle %}{{ subtitle }}{% else %}{{ review_type_title }}"
                       "{% endif %}", "Title") + para("{{ child }}", "TitleChild")
                + when("authors_line", para("{{ authors_line }}", "TitlePageText"))
                + when("date_text", para("{{ date_text }}", "TitlePageText")) + draft)
    return (logo_slot(k, 480)
            + para("{{ board_name }}", "BoardName", after=1440)
            + para("{{ review_type_title }}", "Title") + para("{{ child }}", "TitleChild")
            + when("subtitle", para("{{ subtitle }}", "Subtitle"))
            + when("authors_line", para("{{ authors_line }}", "TitlePageText"))
            + when("date_text", para("{{ date_text }}", "TitlePageText")) + draft)


def contents(k: Kind) -> str:
    """Return the contents heading, the TOC field and an empty paragraph ending section 1.

    The section break (rather than a page-break run) starts the body on a new page
    without leaving an empty paragraph at its top.  It must follow the field's end:
    LibreOffice loses the PAGE fields of section 1's footer when the break sits inside
    an open field.
    """
    return (para("Contents", "TOCHeading", page_break=k.layout == "cover")
            + '<w:p><w:pPr><w:pStyle w:val="TOC1"/></w:pPr>'
            '<w:r><w:fldChar w:fldCharType="begin" w:dirty="true"/></w:r>'
            '<w:r><w:instrText xml:space="preserve"> TOC \\o "1-2" \\h \\z \\u </w:instrText>'
            '</w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            '<w:r><w:t>Right-click to update the table of contents.</w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
            f'<w:p><w:pPr>{sect_pr(k, front=True)}</w:pPr></w:p>')


def document_xml(k: Kind) -> str:
    """Return ``word/document.xml``: title, contents, ``{{p body }}``, final section."""
    body = title_block(k) + (contents(k) if k.toc else "") + para("{{p body }}")
    return (XML_DECL + f'<w:document {PART_NS}><w:body>{body}'
            + sect_pr(k, front=False) + "</w:body></w:document>")


# --------------------------------------------------------------------------- other parts

MARKING_RUN = rpr(bold=True)


def hdr_ftr(tag, paragraphs) -> str:
    return XML_DECL + f'<w:{tag} {PART_NS}>{"".join(paragraphs)}</w:{tag}>'


def header_xml(first=False) -> str:
    """Marking centred; on other than the title page also DRAFT and the document's title."""
    if first:
        return hdr_ftr("hdr", [para("{{ marking }}", "Header", MARKING_RUN, jc="center")])
    return hdr_ftr("hdr", [
        when("marking", para("{{ marking }}", "Header", MARKING_RUN, jc="center")),
        para("{% if draft %}DRAFT \u2013 {% endif %}{{ doc_title }}", "Header", jc="right")])


def footer_xml(first=False, body_only=False) -> str:
    """"Page X of Y" (Word fields) and the marking centred. ``body_only``: "Page X", the
    body's pages being numbered from 1 after the unnumbered title and contents pages (the
    total would count those; LibreOffice leaves SECTIONPAGES at its cached value)."""
    if first:
        return hdr_ftr("ftr", [para("{{ marking }}", "Footer", MARKING_RUN, jc="center")])
    page = ('<w:p>' + ppr(style="Footer", jc="center")
            + '<w:r><w:t xml:space="preserve">Page </w:t></w:r>' + field("PAGE")
            + ("" if body_only else '<w:r><w:t xml:space="preserve"> of </w:t></w:r>'
               + field("NUMPAGES")) + "</w:p>")
    return hdr_ftr("ftr", [page, when("marking", para("{{ marking }}", "Footer", MARKING_RUN,
                                                            jc="center"))])


def footnotes_xml() -> str:
    """Separator (id -1) and continuation separator (id 0); render.py adds 1..N."""
    return XML_DECL + (
        f'<w:footnotes {PART_NS}>'
        '<w:footnote w:type="separator" w:id="-1"><w:p>' + ppr(after=0, line=240)
        + '<w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p>' + ppr(after=0, line=240)
        + '<w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>')


def settings_xml(k: Kind) -> str:
    update = '<w:updateFields w:val="true"/>' if k.toc else ""
    # Word then strips author names and times from properties, comments and tracked
    # changes whenever the document is saved: an edited draft stays anonymous.
    return XML_DECL + (
        f'<w:settings xmlns:w="{W_NS}"><w:zoom w:percent="100"/>'
        '<w:removePersonalInformation/><w:removeDateAndTime/>'
        '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
        f'{update}<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'
        '<w:compat><w:compatSetting w:name="compatibilityMode" '
        'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat>'
        '<w:themeFontLang w:val="en-GB"/><w:decimalSymbol w:val="."/>'
        '<w:listSeparator w:val=","/></w:settings>')


def font_table_xml() -> str:
    return XML_DECL + (
        f'<w:fonts xmlns:w="{W_NS}"><w:font w:name="Arial">'
        '<w:panose1 w:val="020B0604020202020204"/><w:charset w:val="00"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font></w:fonts>')


def rels(items) -> str:
    body = "".join(f'<Relationship Id="{rid}" Type="{typ}" Target="{target}"/>'
                   for rid, typ, target in items)
    return XML_DECL + f'<Relationships xmlns="{PKG_REL}">{body}</Relationships>'


WML = "application/vnd.openxmlformats-officedocument.wordprocessingml."


def content_types_xml(k: Kind) -> str:
    overrides = [("/word/document.xml", WML + "document.main+xml"),
                 ("/word/styles.xml", WML + "styles+xml"),
                 ("/word/numbering.xml", WML + "numbering+xml"),
                 ("/word/settings.xml", WML + "settings+xml"),
                 ("/word/footnotes.xml", WML + "footnotes+xml"),
                 ("/word/fontTable.xml", WML + "fontTable+xml"),
                 *[(f"/word/{part}.xml", WML + ("header+xml" if part[0] == "h" else "footer+xml"))
                   for part in hf_parts(k)],
                 ("/docProps/core.xml",
                  "application/vnd.openxmlformats-package.core-properties+xml"),
                 ("/docProps/app.xml",
                  "application/vnd.openxmlformats-officedocument.extended-properties+xml")]
    return XML_DECL + (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{c}"/>' for p, c in overrides)
        + "</Types>")


def hf_parts(k: Kind) -> list[str]:
    """Header and footer parts: ``*2`` are the title page's (marking only)."""
    return ["header1", "footer1"] + (["header2", "footer2"] if k.title_page else [])


def document_rels(k: Kind) -> str:
    """Relationships of document.xml; rId1..rId9 are taken, render.py adds from rId10."""
    t = DOC_REL + "/"
    items = [("rId1", t + "styles", "styles.xml"), ("rId2", t + "numbering", "numbering.xml"),
             ("rId3", t + "settings", "settings.xml"), ("rId4", t + "footnotes", "footnotes.xml"),
             ("rId5", t + "fontTable", "fontTable.xml")]
    ids = {"header1": "rId6", "footer1": "rId7", "header2": "rId8", "footer2": "rId9"}
    items += [(ids[p], t + ("header" if p[0] == "h" else "footer"), f"{p}.xml")
              for p in hf_parts(k)]
    return rels(items)


def core_xml() -> str:
    """Core properties without any person's name; render.py sets them on purpose."""
    stamp = '<dcterms:{0} xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:{0}>'
    return XML_DECL + (
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        '<dc:title></dc:title><dc:subject></dc:subject><dc:creator></dc:creator>'
        '<cp:keywords></cp:keywords><dc:description></dc:description>'
        '<cp:lastModifiedBy></cp:lastModifiedBy><cp:revision>1</cp:revision>'
        + stamp.format("created") + stamp.format("modified")
        + "<dc:language>en-GB</dc:language></cp:coreProperties>")


def app_xml() -> str:
    return XML_DECL + (
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
        'properties"><Application>scr-docs</Application><DocSecurity>0</DocSecurity>'
        '<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>'
        '<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>'
        '</Properties>')


# --------------------------------------------------------------------------- package

def parts(k: Kind) -> dict[str, str]:
    """Return every part of the template of kind `k`, by its name in the zip."""
    p = {
        "[Content_Types].xml": content_types_xml(k),
        "_rels/.rels": rels([
            ("rId1", DOC_REL + "/officeDocument", "word/document.xml"),
            ("rId2", PKG_REL + "/metadata/core-properties", "docProps/core.xml"),
            ("rId3", DOC_REL + "/extended-properties", "docProps/app.xml")]),
        "docProps/core.xml": core_xml(),
        "docProps/app.xml": app_xml(),
        "word/document.xml": document_xml(k),
        "word/_rels/document.xml.rels": document_rels(k),
        "word/styles.xml": styles_xml(k),
        "word/numbering.xml": numbering_xml(k),
        "word/settings.xml": settings_xml(k),
        "word/footnotes.xml": footnotes_xml(),
        "word/fontTable.xml": font_table_xml(),
        "word/header1.xml": header_xml(),
        "word/footer1.xml": footer_xml(body_only=k.title_page),
    }
    if k.title_page:
        p["word/header2.xml"] = header_xml(first=True)
        p["word/footer2.xml"] = footer_xml(first=True)
    return p


def write_docx(path: Path, members: dict[str, str]) -> None:
    """Zip `members` sorted by name with fixed timestamps, so equal input gives equal bytes."""
    with zipfile.ZipFile(path, "w") as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zf.writestr(info, members[name].encode("utf-8"))


def build(out_dir: Path = HERE) -> list[Path]:
    """Write the templates into `out_dir`; return their paths."""
    paths = []
    for k in KINDS:
        path = Path(out_dir) / f"{k.name}.docx"
        write_docx(path, parts(k))
        paths.append(path)
    return paths


if __name__ == "__main__":
    for built in build(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(built)
