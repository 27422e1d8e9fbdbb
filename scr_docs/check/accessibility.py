"""Accessibility: the checks Word's and LibreOffice's accessibility checkers make."""

from __future__ import annotations

import re

from scr_docs.errors import WARNING, Problem
from scr_docs.check.docx_text import DocxText
from scr_docs.ooxml.names import (W_P, W_PPR, W_R, W_RPR, W_T, W_TBL, W_TC, W_TR, W_VAL, child,
                                  children, w)
from scr_docs.check.styles import contrast, on, rpr_props, shading

DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}decorative"
TYPED_NUMBER = re.compile(
    r"^\s*(?:\(?\d{1,3}(?:\.\d{1,3})*[.)]\s"        # 1.  1)  (1)  1.2.
    r"|\d{1,3}(?:\.\d{1,3})+(?:\t|\s+(?=[A-Z(]))"   # 1.2 Heading   1.2<tab>
    r"|\d{1,3}\t"                                    # 1<tab>
    r"|\(?[a-z][.)]\s"                               # a)  (b)  c.
    r"|[•●▪◦‣·\-–*]\s)")                            # typed bullets
WHITE = "FFFFFF"
_W_COLOR, _W_RSTYLE, _W_SHD = w("color"), w("rStyle"), w("shd")


def check_accessibility(doc: DocxText, final: bool = True,
                        text_rules: bool = True) -> list[Problem]:
    """Return accessibility findings: properties, tables, images, lists, colour, and (with
    ``text_rules``) the link-text and heading-level rules of textrules/links.py. Errors,
    or warnings when not ``final`` (an author's draft)."""
    out: list[Problem] = []
    _properties(doc, out)
    _tables(doc, out)
    _images(doc, out)
    _typed_numbering(doc, out)
    _contrast(doc, out)
    if text_rules:
        from scr_docs.textrules import Corpus, run_rules
        from scr_docs.check.consistency import passages_from_docx

        corpus = Corpus({doc.name: passages_from_docx(doc, doc.name)}, {})
        out += run_rules(corpus, only=("link-text", "heading-level"))
    if not final:
        out = [Problem(p.message, p.path, p.line, p.file, WARNING) if p.is_error else p
               for p in out]
    return out


def _properties(doc: DocxText, out: list[Problem]) -> None:
    if not doc.core.get("title", "").strip():
        out.append(doc.problem("document title is not set (File > Info > Properties > Title); "
                               "screen readers announce it", "core properties: title"))
    if not (doc.core.get("language", "").strip() or doc.styles.lang):
        out.append(doc.problem("document language is not set (neither core properties nor the "
                               "default style say it); screen readers need it to speak the text",
                               "core properties: language"))


def _tables(doc: DocxText, out: list[Problem]) -> None:
    merge_tags = (w("gridSpan"), w("vMerge"), w("hMerge"))
    for where, tbl in doc.tables:
        rows = list(children(tbl, W_TR))
        if not rows:
            continue
        header = rows[0].find(f"{w('trPr')}/{w('tblHeader')}")
        if not on(header):
            out.append(doc.problem("table has no header row marked to repeat (Table Properties > "
                                   "Row > 'Repeat as header row at the top of each page')", where))
        merged = [el for el in tbl.iter(*merge_tags)
                  if next(el.iterancestors(W_TBL)) is tbl
                  and not (el.tag == w("gridSpan") and (el.get(W_VAL) or "1") == "1")]
        if merged:
            cell = next(merged[0].iterancestors(W_TC))
            first = next(cell.iter(W_P), None)
            place = doc.where_of.get(first, where) if first is not None else where
            out.append(doc.problem(f"merged cells in {where} ({len(merged)}); screen readers "
                                   "lose their place in merged cells: split them", place))


def _images(doc: DocxText, out: list[Problem]) -> None:
    for where, docpr in doc.images:
        if (docpr.get("descr") or "").strip() or (docpr.get("title") or "").strip():
            continue
        if any((d.get("val") or "") in ("1", "true") for d in docpr.iter(DECORATIVE)):
            continue
        label = docpr.get("name") or f"id {docpr.get('id')}"
        out.append(doc.problem(f"image '{label}' has no alternative text; describe it "
                               "(or mark it decorative)", where or "images"))


def _numbered(doc: DocxText, para) -> bool:
    ppr = para.element.find(W_PPR)
    num = ppr.find(f"{w('numPr')}/{w('numId')}") if ppr is not None else None
    if num is not None:
        return (num.get(W_VAL) or "0") != "0"
    return doc.styles.numbered(para.style)


def _typed_numbering(doc: DocxText, out: list[Problem]) -> None:
    for para in doc.paragraphs:
        m = TYPED_NUMBER.match(para.text)
        if not m or doc.styles.name(para.style).lower().startswith("toc"):
            continue
        if not _numbered(doc, para):
            typed = m.group().strip()
            out.append(doc.problem(f'hand-typed numbering "{typed}" at the start of the paragraph; '
                                   "use a numbered or bulleted list style", para.where))


def _table_context(doc: DocxText, para, cache: dict) -> tuple[dict, str | None]:
    """Return (run properties, background) a paragraph's table and cell give it."""
    tbl = para.table
    first = para.row == 1
    key = (id(tbl), first)
    if key not in cache:
        tblpr = child(tbl, w("tblPr"))
        sid = ""
        look_first = True
        fill = None
        if tblpr is not None:
            style = child(tblpr, w("tblStyle"))
            sid = style.get(W_VAL) if style is not None else ""
            look = child(tblpr, w("tblLook"))
            if look is not None:
                flag = look.get(w("firstRow"))
                if flag is not None:
                    look_first = flag.lower() in ("1", "true", "on")
                elif look.get(W_VAL):
                    try:
                        look_first = bool(int(look.get(W_VAL), 16) & 0x20)
                    except ValueError:
                        pass
            fill = shading(child(tblpr, w("shd")))
        props, style_fill = doc.styles.table_props(sid, first and look_first) if sid else ({}, None)
        cache[key] = (props, style_fill or fill, sid)
    props, fill, sid = cache[key]
    cell = next(para.element.iterancestors(W_TC), None)
    cell_fill = shading(cell.find(f"{w('tcPr')}/{w('shd')}")) if cell is not None else None
    return props, cell_fill or fill, sid


def _may_be_coloured(doc: DocxText) -> set:
    """Return the paragraphs (and the paragraphs around them) holding a run colour or a
    character style that gives one, found in one pass over each part: a paragraph whose
    style gives no colour either need not be visited run by run."""
    styles = doc.styles
    out: set = set()
    for root in doc.trees.values():
        for el in root.iter(_W_COLOR, _W_RSTYLE):
            if el.tag == _W_COLOR or styles.char_props(el.get(W_VAL) or "").get("color") \
                    not in (None, "auto"):
                out.update(el.iterancestors(W_P))
    return out


def _contrast(doc: DocxText, out: list[Problem]) -> None:
    styles = doc.styles
    found: dict[tuple, list] = {}
    cache: dict = {}
    coloured = _may_be_coloured(doc)
    for para in doc.paragraphs:
        if not para.text.strip():
            continue
        p = para.element
        table_props, cell_fill, table_style = {}, None, ""
        if para.table is not None:
            table_props, cell_fill, table_style = _table_context(doc, para, cache)
        base = {**styles.doc_rpr, **table_props, **styles.char_props(para.style)}
        if base.get("color") in (None, "auto") and p not in coloured:
            continue  # no run of the paragraph can have a colour: nothing to compare
        ppr = child(p, W_PPR)
        p_fill = (shading(child(ppr, _W_SHD)) if ppr is not None else None) \
            or styles.para_shading(para.style)
        for run in p.iter(W_R):
            if not any(t.text for t in run.iterchildren(W_T)):
                continue
            rpr = child(run, W_RPR)
            direct = rpr_props(rpr)
            rstyle_el = child(rpr, _W_RSTYLE) if rpr is not None else None
            rstyle = rstyle_el.get(W_VAL) if rstyle_el is not None else ""
            props = {**base, **(styles.char_props(rstyle) if rstyle else {}), **direct}
            fg = props.get("color")
            if not fg or fg == "auto" or props.get("vanish"):
                continue
            bg = props.get("highlight") or props.get("shd") or p_fill or cell_fill or WHITE
            size = props.get("sz", 22) / 2
            need = 3.0 if size >= 18 or (props.get("b") and size >= 14) else 4.5
            ratio = contrast(fg, bg)
            if ratio >= need:
                continue
            if "color" in direct:
                origin = para.where
            elif rstyle and "color" in styles.char_props(rstyle):
                origin = f"style {styles.colour_origin(rstyle)}"
            elif "color" in styles.char_props(para.style):
                origin = f"style {styles.colour_origin(para.style)}"
            elif "color" in table_props:
                origin = f"table style {table_style}"
            else:
                origin = "styles.xml: document defaults"
            entry = found.setdefault((origin, fg, bg, need), [ratio, para.where, set()])
            entry[2].add(para.where)
    for (origin, fg, bg, need), (ratio, first, places) in found.items():
        where = "" if origin == first else f"; first in {first}, {len(places)} place(s)"
        out.append(doc.problem(f"text colour #{fg} on #{bg} has contrast {ratio:.2f}:1, below "
                               f"WCAG AA {need:g}:1{where}", origin))
