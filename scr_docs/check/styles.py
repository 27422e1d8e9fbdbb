"""Word style resolution for the checks: basedOn chains, outline levels, numbering, colours."""

from __future__ import annotations

import re
from functools import lru_cache, wraps

from scr_docs.ooxml.names import W_VAL, child, w
_HEADING_NAME = re.compile(r"^heading ([1-9])$", re.IGNORECASE)
_FALSE = {"0", "false", "off", "none"}
HIGHLIGHT = {
    "black": "000000", "blue": "0000FF", "cyan": "00FFFF", "green": "00FF00",
    "magenta": "FF00FF", "red": "FF0000", "yellow": "FFFF00", "white": "FFFFFF",
    "darkBlue": "000080", "darkCyan": "008080", "darkGreen": "008000",
    "darkMagenta": "800080", "darkRed": "800000", "darkYellow": "808000",
    "darkGray": "808080", "lightGray": "C0C0C0",
}
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")


def on(el) -> bool:
    """Return whether a toggle element such as ``<w:b/>`` is present and switched on."""
    return el is not None and (el.get(W_VAL) or "true").lower() not in _FALSE


def hex_colour(value: str | None) -> str | None:
    """Return ``RRGGBB`` upper-cased, or None for auto / missing / malformed values."""
    if value and _HEX.match(value):
        return value.upper()
    return None


def shading(shd) -> str | None:
    """Return the colour a ``w:shd`` paints behind text, or None when it paints nothing."""
    if shd is None:
        return None
    if (shd.get(W_VAL) or "") == "solid":
        return hex_colour(shd.get(w("color"))) or "000000"
    return hex_colour(shd.get(w("fill")))


def rpr_props(rpr) -> dict:
    """Return the run properties the checks use (colour, size, bold, vanish, background)."""
    props: dict = {}
    if rpr is None:
        return props
    for prop in rpr:
        tag = prop.tag
        if tag == w("color"):
            val = prop.get(W_VAL) or "auto"
            props["color"] = hex_colour(val) or "auto"
        elif tag == w("sz"):
            try:
                props["sz"] = int(prop.get(W_VAL) or 0)
            except ValueError:
                pass
        elif tag == w("b"):
            props["b"] = on(prop)
        elif tag in (w("vanish"), w("specVanish")):
            props["vanish"] = on(prop)
        elif tag == w("shd"):
            fill = shading(prop)
            if fill:
                props["shd"] = fill
        elif tag == w("highlight"):
            colour = HIGHLIGHT.get(prop.get(W_VAL) or "")
            if colour:
                props["highlight"] = colour
    return props


def luminance(colour: str) -> float:
    """Return the WCAG relative luminance of ``RRGGBB``."""
    out = 0.0
    for weight, i in ((0.2126, 0), (0.7152, 2), (0.0722, 4)):
        c = int(colour[i:i + 2], 16) / 255
        c = c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        out += weight * c
    return out


@lru_cache(maxsize=None)
def contrast(fg: str, bg: str) -> float:
    """Return the WCAG contrast ratio of two ``RRGGBB`` colours (1.0 to 21.0)."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def _memoised(method):
    """Cache a one-argument StyleSheet method per instance."""
    @wraps(method)
    def cached(self, sid):
        key = (method.__name__, sid)
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = method(self, sid)
            return value
    return cached


class StyleSheet:
    """The styles part, with inherited properties resolved through ``w:basedOn``."""

    def __init__(self, root=None):
        self.styles: dict[str, object] = {}
        self.default: dict[str, str] = {}
        self.doc_rpr: dict = {}
        self.lang = ""
        self._memo: dict = {}
        if root is None:
            return
        for style in root.iter(w("style")):
            sid = style.get(w("styleId")) or ""
            self.styles[sid] = style
            if (style.get(w("default")) or "").lower() in ("1", "true", "on"):
                self.default.setdefault(style.get(w("type")) or "paragraph", sid)
        rpr = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
        if rpr is not None:
            self.doc_rpr = rpr_props(rpr)
            lang = child(rpr, w("lang"))
            if lang is not None:
                self.lang = lang.get(W_VAL) or lang.get(w("eastAsia")) or lang.get(w("bidi")) or ""

    def name(self, sid: str) -> str:
        """Return the style's display name (its id when it has none)."""
        style = self.styles.get(sid)
        el = child(style, w("name")) if style is not None else None
        return (el.get(W_VAL) if el is not None else None) or sid

    def resolve(self, sid: str | None, kind: str = "paragraph") -> str:
        """Return ``sid``, or the default style id of ``kind`` when ``sid`` is empty."""
        return sid or self.default.get(kind, "")

    @_memoised
    def chain(self, sid: str) -> tuple:
        out, seen = [], set()
        while sid and sid not in seen and sid in self.styles:
            seen.add(sid)
            style = self.styles[sid]
            out.append(style)
            based = child(style, w("basedOn"))
            sid = based.get(W_VAL) if based is not None else None
        return tuple(out)

    @_memoised
    def outline_level(self, sid: str) -> int | None:
        """Return the heading level (1-9) a paragraph style gives, or None for body text."""
        for style in self.chain(sid):
            lvl = style.find(f"{w('pPr')}/{w('outlineLvl')}")
            if lvl is not None:
                return level_from_outline(lvl.get(W_VAL))
            name = child(style, w("name"))
            m = _HEADING_NAME.match(name.get(W_VAL) or "") if name is not None else None
            if m:
                return int(m.group(1))
        return None

    @_memoised
    def numbered(self, sid: str) -> bool:
        for style in self.chain(sid):
            num = style.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
            if num is not None:
                return (num.get(W_VAL) or "0") != "0"
        return False

    @_memoised
    def char_props(self, sid: str) -> dict:
        """Return run properties given by a style and the styles it is based on."""
        props: dict = {}
        for style in reversed(self.chain(sid)):
            props.update(rpr_props(child(style, w("rPr"))))
        return props

    @_memoised
    def para_shading(self, sid: str) -> str | None:
        for style in self.chain(sid):
            fill = shading(style.find(f"{w('pPr')}/{w('shd')}"))
            if fill:
                return fill
        return None

    def colour_origin(self, sid: str) -> str | None:
        """Return the id of the nearest style in the chain that sets a colour."""
        for style in self.chain(sid):
            if style.find(f"{w('rPr')}/{w('color')}") is not None:
                return style.get(w("styleId"))
        return None

    def table_props(self, sid: str, first_row: bool) -> tuple[dict, str | None]:
        """Return (run properties, cell shading) a table style gives a cell."""
        props: dict = {}
        fill = None
        for style in reversed(self.chain(sid)):
            props.update(rpr_props(child(style, w("rPr"))))
            fill = shading(style.find(f"{w('tcPr')}/{w('shd')}")) or fill
            if first_row:
                for cond in style.findall(w("tblStylePr")):
                    if cond.get(w("type")) == "firstRow":
                        props.update(rpr_props(child(cond, w("rPr"))))
                        fill = shading(cond.find(f"{w('tcPr')}/{w('shd')}")) or fill
        return props, fill


def level_from_outline(value: str | None) -> int | None:
    """Return a heading level 1-9 from a ``w:outlineLvl`` value (9 means body text)."""
    try:
        lvl = int(value or "9")
    except ValueError:
        return None
    return lvl + 1 if 0 <= lvl < 9 else None
