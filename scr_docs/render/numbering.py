"""Paragraph numbers as Word computes them, from a package's own styles and numbering: which
paragraphs are headings (outline levels) and the number each numbered paragraph gets, a
counter per list and level, deeper levels restarting when a shallower one counts. The
contents page (toc.py) prints the headings' numbers with them."""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from scr_docs.ooxml.package import W_NS, parse_part

__all__ = ["heading_numbers"]

W = f"{{{W_NS}}}"
NS = {"w": W_NS}


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"),
                           (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"),
                           (4, "iv"), (1, "i")):
        while n >= value:
            out, n = out + numeral, n - value
    return out


def _letter(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""


_FORMATS = {
    "decimal": str, "decimalZero": lambda n: f"{n:02d}",
    "lowerRoman": _roman, "upperRoman": lambda n: _roman(n).upper(),
    "lowerLetter": _letter, "upperLetter": lambda n: _letter(n).upper(),
}


@lru_cache(maxsize=None)
def _compiled(path: str) -> etree.XPath:
    return etree.XPath(f"string({path}/@w:val)", namespaces=NS)


_HEADING_NAME = re.compile(r"heading ([1-9])")


def _val_of(element, path: str) -> str:
    """Return the ``w:val`` of the element at ``path`` under ``element`` ("" when missing),
    through an XPath compiled once (``element.xpath(text)`` compiles it on every call)."""
    return _compiled(path)(element)


class _Styles:
    """Paragraph styles: name, outline level and list (numId, ilvl), through ``basedOn``."""

    def __init__(self, styles_xml: bytes | None):
        self.styles: dict[str, etree._Element] = {}
        self._outline: dict[str, int | None] = {}  # per style: asked once per paragraph
        self._num: dict[str, tuple[str, str]] = {}
        if styles_xml:
            root = parse_part(styles_xml, "word/styles.xml")
            for st in root.findall(f"{W}style"):
                if st.get(f"{W}type") == "paragraph":
                    self.styles[st.get(f"{W}styleId", "")] = st
            default = root.xpath("w:style[@w:type='paragraph' and @w:default='1']/@w:styleId",
                                 namespaces=NS)
            self.default = default[0] if default else "Normal"
        else:
            self.default = "Normal"

    def _chain(self, sid: str):
        seen = set()
        while sid and sid in self.styles and sid not in seen:
            seen.add(sid)
            yield self.styles[sid]
            sid = _val_of(self.styles[sid], "w:basedOn")

    def outline(self, sid: str) -> int | None:
        """Outline level (0 = level 1) of a style, or None for body text."""
        if sid not in self._outline:
            self._outline[sid] = self._find_outline(sid)
        return self._outline[sid]

    def _find_outline(self, sid: str) -> int | None:
        for st in self._chain(sid):
            value = _val_of(st, "w:pPr/w:outlineLvl")
            if value:
                return int(value) if int(value) < 9 else None
            name = _val_of(st, "w:name").lower()
            m = _HEADING_NAME.fullmatch(name)
            if m:
                return int(m.group(1)) - 1
        return None

    def num(self, sid: str) -> tuple[str, str]:
        """(numId, ilvl) a style numbers its paragraphs with ("" where not given)."""
        if sid not in self._num:
            self._num[sid] = self._find_num(sid)
        return self._num[sid]

    def _find_num(self, sid: str) -> tuple[str, str]:
        num_id = ilvl = ""
        for st in self._chain(sid):
            if not num_id:
                num_id = _val_of(st, "w:pPr/w:numPr/w:numId")
            if not ilvl:
                ilvl = _val_of(st, "w:pPr/w:numPr/w:ilvl")
        return num_id, ilvl


class _Numbering:
    """Counts numbered paragraphs as Word does: a counter per list and level, deeper levels
    restarting when a shallower one counts."""

    def __init__(self, numbering_xml: bytes | None):
        # numId -> level -> (start, number format, level text as _level_text pieces)
        self.levels: dict[str, dict[int, tuple[int, str, tuple]]] = {}
        self.style_level: dict[tuple[str, str], int] = {}  # (numId, style) -> ilvl
        self.counters: dict[str, dict[int, int]] = {}
        if not numbering_xml:
            return
        root = parse_part(numbering_xml, "word/numbering.xml")
        # each abstractNum's levels read once, however many w:num use it
        abstracts = {a.get(f"{W}abstractNumId"): self._abstract_levels(a)
                     for a in root.findall(f"{W}abstractNum")}
        for num in root.findall(f"{W}num"):
            num_id = num.get(f"{W}numId")
            abstract = abstracts.get(_val_of(num, "w:abstractNumId"))
            if abstract is None:
                continue
            levels, styles = abstract
            levels = dict(levels)
            for style, ilvl in styles:
                self.style_level[(num_id, style)] = ilvl
            for override in num.findall(f"{W}lvlOverride"):
                ilvl = int(override.get(f"{W}ilvl", "0"))
                start = _val_of(override, "w:startOverride")
                if start and ilvl in levels:
                    levels[ilvl] = (int(start),) + levels[ilvl][1:]
            self.levels[num_id] = levels

    @staticmethod
    def _abstract_levels(abstract) -> tuple[dict[int, tuple[int, str, tuple]],
                                            list[tuple[str, int]]]:
        """Return an abstractNum's levels (ilvl -> (start, number format, level text
        pieces)) and the (style, ilvl) of each level that names a paragraph style."""
        levels, styles = {}, []
        for lvl in abstract.findall(f"{W}lvl"):
            ilvl = int(lvl.get(f"{W}ilvl", "0"))
            start = int(_val_of(lvl, "w:start") or 1)
            levels[ilvl] = (start,
                            _val_of(lvl, "w:numFmt") or "decimal",
                            _level_text(_val_of(lvl, "w:lvlText")))
            style = _val_of(lvl, "w:pStyle")
            if style:
                styles.append((style, ilvl))
        return levels, styles

    def count(self, num_id: str, ilvl: int) -> bool:
        """Count a paragraph of list ``num_id`` at ``ilvl`` (deeper levels restart); return
        whether the list has that level."""
        levels = self.levels.get(num_id)
        if not levels or ilvl not in levels:
            return False
        counters = self.counters.setdefault(num_id, {})
        counters[ilvl] = counters.get(ilvl, levels[ilvl][0] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        return True

    def label(self, num_id: str, ilvl: int) -> str:
        """Return the number text of the paragraph just counted at ``ilvl`` of ``num_id``
        ("" for a bullet or a level without a number)."""
        levels = self.levels[num_id]
        fmt, pieces = levels[ilvl][1], levels[ilvl][2]
        if fmt not in _FORMATS:  # bullet, none: no number a contents page would show
            return ""
        counters = self.counters[num_id]
        out = [pieces[0]]
        for k in range(1, len(pieces), 2):  # a level's number, then the text after it
            level = pieces[k]
            lvl = levels.get(level, (1, "decimal"))
            out.append(_FORMATS.get(lvl[1], str)(counters.get(level, lvl[0])))
            out.append(pieces[k + 1])
        return "".join(out).strip()


_PLACEHOLDER = re.compile(r"%([1-9])")


def _level_text(text: str) -> tuple:
    """Return a ``w:lvlText`` ("%1.%2.") split once into its pieces: text at even positions,
    the level (0-based) whose number stands there at odd ones ("", 0, ".", 1, ".")."""
    pieces = _PLACEHOLDER.split(text)
    return tuple(int(p) - 1 if k % 2 else p for k, p in enumerate(pieces))


_P, _PPR, _PSTYLE, _OUTLINE = f"{W}p", f"{W}pPr", f"{W}pStyle", f"{W}outlineLvl"
_NUMPR, _NUMID, _ILVL, _VAL = f"{W}numPr", f"{W}numId", f"{W}ilvl", f"{W}val"


def _val(element) -> str:
    """Return the ``w:val`` of ``element`` ("" when it or the attribute is missing)."""
    return (element.get(_VAL) or "") if element is not None else ""


_WANTED = frozenset((_PSTYLE, _OUTLINE, _NUMPR))


def _properties(p) -> tuple[str, str, str, str]:
    """Return the ``w:val``s paragraph ``p`` gives itself: style id, outline level, and the
    ``w:numPr``'s numId and ilvl ("" where not given; the first of each counts). This runs
    for every paragraph, so it looks at the first child before searching (the pPr comes
    first) and tests the pPr's few children in one plain loop: a third of the time
    ``find()`` would take."""
    ppr = p[0] if len(p) else None
    if ppr is not None and ppr.tag != _PPR:
        ppr = p.find(_PPR)
    props: dict = {}
    if ppr is not None:
        for child in ppr:
            if child.tag in _WANTED:
                props.setdefault(child.tag, child)
    num_pr = props.get(_NUMPR)
    if num_pr is None:
        return _val(props.get(_PSTYLE)), _val(props.get(_OUTLINE)), "", ""
    return (_val(props.get(_PSTYLE)), _val(props.get(_OUTLINE)), _val(num_pr.find(_NUMID)),
            _val(num_pr.find(_ILVL)))


def _resolve(props: tuple[str, str, str, str], styles: _Styles, numbering: _Numbering
             ) -> tuple[int | None, str | None, int]:
    """Return (outline level or None, numId or None when not numbered, ilvl) of a paragraph
    with these :func:`_properties`, what its style gives filling what it does not."""
    sid, own, num_id, ilvl = props
    sid = sid or styles.default
    level = int(own) if own.isdigit() and int(own) < 9 else styles.outline(sid)
    style_num, style_ilvl = styles.num(sid)
    num_id = num_id or style_num
    if not ilvl:
        ilvl = style_ilvl or str(numbering.style_level.get((num_id, sid), 0))
    return level, (num_id if num_id and num_id != "0" else None), int(ilvl)


def heading_numbers(document, styles_xml: bytes | None, numbering_xml: bytes | None):
    """Yield (paragraph, outline level 0-8 or None, number text) for every body paragraph
    of the parsed ``document`` in reading order, numbered as Word numbers them. Every
    numbered paragraph is counted; the number text is given for headings (an outline level),
    "" for the others."""
    styles, numbering = _Styles(styles_xml), _Numbering(numbering_xml)
    body = document.find(f"{W}body")
    resolved: dict = {}  # a document has a few dozen distinct paragraph properties
    for p in body.iter(_P):
        props = _properties(p)
        found = resolved.get(props)
        if found is None:
            found = resolved[props] = _resolve(props, styles, numbering)
        level, num_id, ilvl = found
        number = ""
        if num_id is not None and numbering.count(num_id, ilvl) \
                and level is not None:  # only a heading's number is printed anywhere
            number = numbering.label(num_id, ilvl)
        yield p, level, number
