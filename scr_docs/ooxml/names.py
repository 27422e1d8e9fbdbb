"""Word's names and the one XML parser: every namespace the project reads or writes, ``qn``,
``PARSER`` (no entities, no DTD, no network) and the low-level text readers the checks share.
The writer (render/) and the checks (check/) both take their names from here."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC = "http://schemas.openxmlformats.org/drawingml/2006/picture"
M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
NAMESPACES = {"w": W, "r": R, "wp": WP, "a": A, "pic": PIC, "m": M, "mc": MC, "rel": PKG_RELS,
              "ct": CT}
"""Prefix -> namespace, for ``qn`` and XPath."""

PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True,
                         load_dtd=False)
"""The one parser of every part: strict (no recovery), entities never expanded, no DTD
loaded, nothing fetched from the network."""


@lru_cache(maxsize=None)
def qn(name: str) -> str:
    """Return the Clark name of a prefixed name: ``qn("w:p")`` -> ``{…/main}p``."""
    prefix, _, local = name.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{local}"


@lru_cache(maxsize=None)
def w(tag: str) -> str:
    """Return the Clark name of a WordprocessingML element or attribute."""
    return qn(f"w:{tag}")


W_VAL = w("val")

W_P, W_R, W_T, W_TBL, W_TR, W_TC = (w(t) for t in ("p", "r", "t", "tbl", "tr", "tc"))
W_DELTEXT, W_TAB, W_BR, W_CR = (w(t) for t in ("delText", "tab", "br", "cr"))
W_NBH, W_PPR, W_RPR, W_SDT = (w(t) for t in ("noBreakHyphen", "pPr", "rPr", "sdt"))
W_HYPERLINK, W_INS, W_MOVETO = w("hyperlink"), w("ins"), w("moveTo")
TEXT_TAGS = (W_T, W_DELTEXT, W_TAB, W_BR, W_CR, W_NBH)
WRAPPERS = {W_SDT, w("customXml"), w("smartTag")}
CHANGE_TAGS = tuple(w(t) for t in (
    "ins", "del", "moveFrom", "moveTo", "rPrChange", "pPrChange", "sectPrChange",
    "tblPrChange", "trPrChange", "tcPrChange", "tblGridChange", "numberingChange",
    "cellIns", "cellDel", "cellMerge"))
SKIP_NOTES = {"separator", "continuationSeparator", "continuationNotice"}
HEADER_FOOTER = re.compile(r"^word/(header|footer)\d*\.xml$")
_RAW_PUNCT = "<>=\"'"
"""Markup punctuation raw_text makes spaces: in a UTF-8 part with one bytes.translate before
decoding, else one str.replace each (str.translate walks every character of a part in
Python objects, 30 ms on a long report)."""
_RAW_PUNCT_BYTES = bytes.maketrans(_RAW_PUNCT.encode(), b" " * len(_RAW_PUNCT))


def blocks(container):
    """Yield paragraphs and tables of a container, looking through content controls."""
    for child in container:
        tag = child.tag
        if tag == W_P or tag == W_TBL:
            yield child
        elif tag in WRAPPERS:
            content = child.find(w("sdtContent")) if tag == W_SDT else child
            if content is not None:
                yield from blocks(content)


def children(container, tag):
    """Yield rows of a table or cells of a row, looking through content controls."""
    for child in container:
        if child.tag == tag:
            yield child
        elif child.tag in WRAPPERS:
            content = child.find(w("sdtContent")) if child.tag == W_SDT else child
            if content is not None:
                yield from children(content, tag)


def child(el, tag: str):
    """Return the first child of ``el`` with the Clark name ``tag``, or None: ``el.find(tag)``
    without ElementPath's set-up (and iterchildren's tag matcher), which cost more than
    looking at the few children of a paragraph or its properties."""
    for found in el:
        if found.tag == tag:
            return found
    return None


def run_text(elements) -> str:
    out = []
    for el in elements:
        tag = el.tag
        if tag == W_T or tag == W_DELTEXT:
            out.append(el.text or "")
        elif tag == W_NBH:
            out.append("-")
        elif el.getparent().tag == W_R:  # tab stops in w:pPr are not text
            out.append("\t" if tag == W_TAB else "\n")
    return "".join(out)


def raw_text(data: bytes) -> str:
    """Return the text nodes and attribute values of an XML part as one string."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        text = data.decode("utf-16", "replace")
        for mark in _RAW_PUNCT:
            text = text.replace(mark, " ")
    else:  # in UTF-8 an ASCII byte is always that character: replaced before decoding
        text = data.translate(_RAW_PUNCT_BYTES).decode("utf-8-sig", "replace")
    return html.unescape(text)

