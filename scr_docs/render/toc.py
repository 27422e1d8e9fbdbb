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

from lxml import etree

from scr_docs.ooxml.package import W_NS, parse_part
from scr_docs.render.numbering import heading_numbers

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


_IN_TABLE = etree.XPath("ancestor::w:tbl", namespaces=NS)


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
