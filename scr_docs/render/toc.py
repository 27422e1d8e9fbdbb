"""The contents page as a reader sees it before Word updates anything.

A contents page is Word's TOC field. Word fills its result only when it updates fields (and
asks first); LibreOffice and other viewers show whatever result the file holds. So the
result is written here: one paragraph per heading the field lists (styles ``TOC1``,
``TOC2``, … as Word uses), each entry a hyperlink (``w:anchor``) to a bookmark on its
heading, the heading's number as Word numbers it (from the package's own styles and
numbering), and, when page numbers are known (a build with ``--pdf``: LibreOffice's laid-out
contents, :func:`add_page_numbers`), a ``PAGEREF`` field holding the page. The field stays a
real TOC field: Word can update it as ever.

Bookmarks are named ``_Toc000000001`` … (hidden, as Word names its own, unique, 13
characters); a heading that already carries a ``_Toc`` bookmark keeps it.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import lru_cache

from lxml import etree

from scr_docs.ooxml.package import W_NS, parse_part

__all__ = ["TocEntry", "add_page_numbers", "fill_contents", "fill_package_contents",
           "heading_numbers", "match_pages"]

W = f"{{{W_NS}}}"
NS = {"w": W_NS}
BOOKMARK_PREFIX = "_Toc"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


class TocEntry:
    """One line of the contents: ``level`` (1 = Heading 1), ``number`` ("2.1" or ""),
    ``text``, ``bookmark`` name, ``page`` (text, "" when not known)."""

    __slots__ = ("level", "number", "text", "bookmark", "page")

    def __init__(self, level: int, number: str, text: str, bookmark: str, page: str = ""):
        self.level, self.number, self.text = level, number, text
        self.bookmark, self.page = bookmark, page

    def label(self) -> str:
        """Return the entry as printed without its page: "2.1 Relevant agencies"."""
        return f"{self.number} {self.text}" if self.number else self.text

    def __repr__(self) -> str:
        return f"TocEntry({self.level}, {self.label()!r}, page={self.page!r})"


# -- numbering as Word computes it -----------------------------------------------------------
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


_IN_TABLE = etree.XPath("ancestor::w:tbl", namespaces=NS)
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


# -- the TOC field ---------------------------------------------------------------------------
def _field_runs(document):
    """Return (begin run, separate run, end run, instruction) of the first TOC field whose
    runs sit directly in body paragraphs, or None."""
    depth, begin, instr, separate = 0, None, [], None
    for el in document.iter(f"{W}fldChar", f"{W}instrText"):
        if el.tag == f"{W}instrText":
            if depth == 1 and begin is not None and separate is None:
                instr.append(el.text or "")
            continue
        kind = el.get(f"{W}fldCharType")
        if kind == "begin":
            depth += 1
            if depth == 1:
                begin, instr, separate = el.getparent(), [], None
        elif kind == "separate" and depth == 1:
            separate = el.getparent()
        elif kind == "end":
            depth -= 1
            if depth == 0:
                text = "".join(instr).strip()
                if (text.split()[:1] == ["TOC"] and separate is not None
                        and all(r.getparent().tag == f"{W}p"
                                for r in (begin, separate, el.getparent()))):
                    return begin, separate, el.getparent(), text
                begin = None
            depth = max(depth, 0)
    return None


def _levels(instruction: str) -> tuple[int, int]:
    """Heading levels (1-based, inclusive) a TOC instruction lists: its ``\\o "a-b"``."""
    m = re.search(r'\\o\s+"?(\d)\s*-\s*(\d)"?', instruction)
    return (int(m.group(1)), int(m.group(2))) if m else (1, 9)


def _text(p) -> str:
    parts = []
    for el in p.iter(f"{W}t", f"{W}tab", f"{W}br"):
        if el.tag == f"{W}t":
            if el.getparent().tag == f"{W}r":
                parts.append(el.text or "")
        else:
            parts.append(" ")
    return " ".join("".join(parts).split())


def _bookmark(p, next_id: list[int], taken: set[str]) -> str:
    for start in p.findall(f"{W}bookmarkStart"):
        name = start.get(f"{W}name", "")
        if name.startswith(BOOKMARK_PREFIX):
            return name
    n = len(taken) + 1
    while f"{BOOKMARK_PREFIX}{n:09d}" in taken:
        n += 1
    name = f"{BOOKMARK_PREFIX}{n:09d}"
    taken.add(name)
    bid = str(next_id[0])
    next_id[0] += 1
    start = etree.Element(f"{W}bookmarkStart")
    start.set(f"{W}id", bid)
    start.set(f"{W}name", name)
    end = etree.Element(f"{W}bookmarkEnd")
    end.set(f"{W}id", bid)
    ppr = p.find(f"{W}pPr")
    p.insert(0 if ppr is None else p.index(ppr) + 1, start)
    p.append(end)
    return name


def _run(text: str | None = None, child: str | None = None, **attrs) -> etree._Element:
    r = etree.Element(f"{W}r")
    if text is not None:
        t = etree.SubElement(r, f"{W}t")
        t.text = text
        t.set(XML_SPACE, "preserve")
    if child:
        el = etree.SubElement(r, f"{W}{child}")
        for k, v in attrs.items():
            el.set(f"{W}{k}", v)
    return r


def _instr(text: str) -> etree._Element:
    r = etree.Element(f"{W}r")
    t = etree.SubElement(r, f"{W}instrText")
    t.text = f" {text} "
    t.set(XML_SPACE, "preserve")
    return r


def _entry_content(entry: TocEntry) -> etree._Element:
    link = etree.Element(f"{W}hyperlink")
    link.set(f"{W}anchor", entry.bookmark)
    link.set(f"{W}history", "1")
    link.append(_run(entry.label()))
    if entry.page:
        link.append(_run(child="tab"))
        link.append(_run(child="fldChar", fldCharType="begin"))
        link.append(_instr(f"PAGEREF {entry.bookmark} \\h"))
        link.append(_run(child="fldChar", fldCharType="separate"))
        link.append(_run(entry.page))
        link.append(_run(child="fldChar", fldCharType="end"))
    return link


def _set_style(p, sid: str) -> None:
    ppr = p.find(f"{W}pPr")
    if ppr is None:
        ppr = etree.Element(f"{W}pPr")
        p.insert(0, ppr)
    pstyle = ppr.find(f"{W}pStyle")
    if pstyle is None:
        pstyle = etree.Element(f"{W}pStyle")
        ppr.insert(0, pstyle)
    pstyle.set(f"{W}val", sid)


def fill_contents(document, styles_xml: bytes | None, numbering_xml: bytes | None,
                  pages: list[str] | None = None) -> list[TocEntry]:
    """Write the result of the first TOC field of the parsed ``document`` (a
    ``w:document`` element, changed in place): an entry per heading it lists, each heading
    given a bookmark. ``pages``, when given, holds one page number text per entry in order
    ("" where unknown). Return the entries ([] and no change when there is no TOC field)."""
    field = _field_runs(document)
    if field is None:
        return []
    begin, separate, end, instruction = field
    low, high = _levels(instruction)
    taken = set(document.xpath("//w:bookmarkStart/@w:name", namespaces=NS))
    ids = [int(i) for i in document.xpath("//w:bookmarkStart/@w:id", namespaces=NS)
           if i.lstrip("-").isdigit()]
    next_id = [max(ids, default=0) + 1]
    toc_paragraphs = {begin.getparent(), separate.getparent(), end.getparent()}
    entries = []
    for p, level, number in list(heading_numbers(document, styles_xml, numbering_xml)):
        if level is None or not low <= level + 1 <= high or p in toc_paragraphs:
            continue
        if _IN_TABLE(p):
            continue
        text = _text(p)
        if not text:
            continue
        entries.append(TocEntry(level + 1, number, text, _bookmark(p, next_id, taken)))
    if pages is not None:
        for entry, page in zip(entries, pages):
            entry.page = page
    _replace_result(separate, end, entries)
    return entries


def _replace_result(separate, end, entries: list[TocEntry]) -> None:
    """Put ``entries`` between the field's separate and end runs, one paragraph each."""
    first, last = separate.getparent(), end.getparent()
    tail = list(end.itersiblings())  # what follows the field in its last paragraph
    for el in [end, *tail]:
        last.remove(el)
    for el in list(separate.itersiblings()):  # the old result in the first paragraph
        first.remove(el)
    if last is not first:  # and the paragraphs after it, up to the field's end
        doomed = []
        for p in first.itersiblings():
            doomed.append(p)
            if p is last:
                break
        for p in doomed:
            p.getparent().remove(p)
    paragraph = first
    for k, entry in enumerate(entries):
        if k:
            new = etree.Element(f"{W}p")
            paragraph.addnext(new)
            paragraph = new
        _set_style(paragraph, f"TOC{entry.level}")
        paragraph.append(_entry_content(entry))
    for el in [end, *tail]:
        paragraph.append(el)


def _rewrite(xml: bytes, fn) -> bytes:
    root = parse_part(xml, "word/document.xml")
    fn(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def fill_package_contents(parts: dict[str, bytes], pages: list[str] | None = None
                          ) -> list[TocEntry]:
    """Fill the contents of ``parts["word/document.xml"]`` (a package as {name: bytes},
    changed in place); return the entries."""
    found: list[TocEntry] = []
    document = parts.get("word/document.xml")
    if document is None or b"TOC" not in document:
        return found

    def fill(root):
        found.extend(fill_contents(root, parts.get("word/styles.xml"),
                                   parts.get("word/numbering.xml"), pages))

    parts["word/document.xml"] = _rewrite(document, fill)
    if pages is not None and found and any(e.page for e in found):
        _settle(parts)
    return found


def _settle(parts: dict[str, bytes]) -> None:
    """The contents are complete (page numbers too): Word need not update fields when it
    opens the file, so it no longer asks; the field stays a TOC field it can update."""
    root = parse_part(parts["word/document.xml"], "word/document.xml")
    for el in root.xpath("//w:fldChar[@w:dirty]", namespaces=NS):
        del el.attrib[f"{W}dirty"]
    parts["word/document.xml"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                                standalone=True)
    settings = parts.get("word/settings.xml")
    if settings is not None and b"updateFields" in settings:
        sroot = parse_part(settings, "word/settings.xml")
        for el in sroot.findall(f"{W}updateFields"):
            sroot.remove(el)
        parts["word/settings.xml"] = etree.tostring(sroot, xml_declaration=True,
                                                    encoding="UTF-8", standalone=True)


def _normal(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).casefold()


def match_pages(entries: list[TocEntry], laid_out: list[str]) -> list[str]:
    """Return the page of each entry from the lines of a laid-out contents page
    ("5.2 How well …<tab>34"), matched in order by the heading's text ("" when not found)."""
    lines = []
    for line in laid_out:
        if "\t" not in line:
            continue
        text, page = line.rsplit("\t", 1)
        lines.append((_normal(text), page.strip()))
    pages, k = [], 0
    for entry in entries:
        want, label = _normal(entry.text), _normal(entry.label())
        for j in range(k, len(lines)):
            text = lines[j][0]
            if text == label or text.endswith(want):
                pages.append(lines[j][1])
                k = j + 1
                break
        else:
            pages.append("")
    return pages


def add_page_numbers(docx: bytes, laid_out: list[str]) -> bytes:
    """Return ``docx`` with its contents entries carrying the pages of ``laid_out`` (the
    lines of the contents page LibreOffice laid out, see :func:`match_pages`); the same bytes
    when it has no contents or no page was found."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zin:
        names = zin.namelist()
        parts = {n: zin.read(n) for n in names}
        infos = {i.filename: i for i in zin.infolist()}
    trial = dict(parts)
    entries = fill_package_contents(trial)
    pages = match_pages(entries, laid_out)
    if not any(pages):
        return docx
    fill_package_contents(parts, pages)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in names:
            info = infos[name]
            new = zipfile.ZipInfo(name, date_time=info.date_time)
            new.compress_type = zipfile.ZIP_DEFLATED
            new.create_system, new.external_attr = info.create_system, info.external_attr
            zout.writestr(new, parts[name])
    return out.getvalue()
