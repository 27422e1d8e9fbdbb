"""Read all text of a .docx once, by part and place, for the publication checks."""

from __future__ import annotations

import zipfile
from urllib.parse import unquote_plus
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from scr_docs.errors import CheckError, ERROR, Problem
from scr_docs.ooxml.hazards import find_hazards, parsed
from scr_docs.ooxml.reader import read_package
from scr_docs.check.media_text import MAX_PARSED_BYTES, media_texts, stream_strings
from scr_docs.ooxml.names import (CHANGE_TAGS, HEADER_FOOTER, MC, PARSER, PKG_RELS, R, SKIP_NOTES,
                    TEXT_TAGS, W_DELTEXT, W_HYPERLINK, W_INS, W_MOVETO, W_P, W_PPR, W_R, W_RPR,
                    W_T, W_TC, W_TR, W_VAL, WP, blocks, child, children, raw_text, run_text, w)
from scr_docs.check.styles import StyleSheet, level_from_outline, on
from scr_docs.check.xml_places import (is_wordml, people_places, relationship_places,
                         xml_places)

_W_VANISH, _W_RSTYLE = w("vanish"), w("rStyle")
_MC_FALLBACK = f"{{{MC}}}Fallback"
_W_PSTYLE, _W_OUTLINE = w("pStyle"), w("outlineLvl")

PART_KINDS = ("body", "headers", "footers", "footnotes", "endnotes", "comments", "core",
              "app", "custom", "customXml", "glossary", "attributes", "fields", "drawings",
              "links", "names", "other", "embedded", "media")


@dataclass(frozen=True, slots=True)
class Place:
    """Text found at one place of a document, e.g. ``body paragraph 12``."""

    where: str
    text: str
    part: str = ""
    """The package part the text is in (``word/document.xml``)."""
    backstop: bool = False
    """All the text and attribute values of a part (or the strings of a binary part):
    a term found here is reported only when no other place of the same part has it."""


@dataclass(eq=False, slots=True)
class Para:
    """A paragraph of the document body (top level or in a table cell)."""

    where: str
    text: str
    style: str
    level: int | None
    element: object
    table: object | None = None
    row: int = 0


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink: where it is, its visible text and its target."""

    where: str
    text: str
    target: str


@dataclass(eq=False)
class DocxText:
    """Everything the checks need from one .docx, read in one pass."""

    name: str
    parts: dict[str, list[Place]] = field(default_factory=lambda: {k: [] for k in PART_KINDS})
    paragraphs: list[Para] = field(default_factory=list)
    tables: list[tuple[str, object]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    images: list[tuple[str, object]] = field(default_factory=list)
    trees: dict[str, object] = field(default_factory=dict)
    styles: StyleSheet = field(default_factory=StyleSheet)
    core: dict[str, str] = field(default_factory=dict)
    app: dict[str, str] = field(default_factory=dict)
    findings: list[Problem] = field(default_factory=list)
    where_of: dict = field(default_factory=dict)
    audit: list[tuple[str, str]] = field(default_factory=list)
    """Every part of the file and how it was read: (part name, what was read)."""

    def places(self, *kinds: str):
        """Yield the places of the given part kinds (all parts when none given)."""
        for kind in kinds or PART_KINDS:
            yield from self.parts[kind]

    def problem(self, message: str, where: str = "", severity: str = ERROR) -> Problem:
        """Return a Problem in this document."""
        return Problem(message, where, None, self.name, severity)

    def place_of(self, element) -> str:
        """Return the place of the paragraph that holds ``element``."""
        for el in (element, *element.iterancestors(W_P)):
            if el in self.where_of:
                return self.where_of[el]
        return ""


_CHANGES = (W_INS, w("del"), w("moveFrom"), W_MOVETO)
_HOLDS = {_W_VANISH: "may_hide", _W_RSTYLE: "may_hide", W_HYPERLINK: "links",
          **{tag: "other_text" for tag in TEXT_TAGS if tag != W_T}}


@dataclass(slots=True)
class _Holding:
    """The paragraphs of one part holding what most paragraphs lack, found in one pass over
    the part, so a paragraph is searched for it only when it holds it."""

    changed: set = field(default_factory=set)
    """The paragraph nearest each tracked insertion, deletion or move."""
    may_hide: set = field(default_factory=set)
    """Paragraphs (and the paragraphs around them) holding w:vanish or a character style."""
    links: set = field(default_factory=set)
    """... holding a hyperlink."""
    other_text: set = field(default_factory=set)
    """... holding text other than w:t: deleted text, tabs, breaks, non-breaking hyphens."""

    @classmethod
    def of(cls, root) -> _Holding:
        found = cls()
        for el in root.iter(*_CHANGES, *_HOLDS):
            if el.tag in _HOLDS:
                getattr(found, _HOLDS[el.tag]).update(el.iterancestors(W_P))
            else:
                p = next(el.iterancestors(W_P), None)
                if p is not None:
                    found.changed.add(p)
        return found


class _Reader:
    """Fill a DocxText from a package read within the limits (package_reader.Package)."""

    def __init__(self, zf, name: str, depth: int = 0):
        self.zf = zf
        self.names = set(zf.namelist())
        self.doc = DocxText(name)
        self.depth = depth
        self.part = ""

    def parse(self, part: str):
        """Return a part's tree as Word shows it: the package's shared tree (parsed once,
        also read by the corners, the places and the hazards), or, when the part holds
        ``mc:Fallback`` copies of its ``mc:Choice`` content, a tree of its own without them
        (the shared tree keeps them for :func:`xml_places` to compare)."""
        try:
            root = self.zf.tree(part)
        except (etree.XMLSyntaxError, KeyError, OSError) as e:
            raise CheckError(f"{self.doc.name}: cannot read part {part}: {e}") from e
        if next(root.iter(_MC_FALLBACK), None) is not None:
            root = etree.fromstring(self.zf.read(part), PARSER)
            for fallback in list(root.iter(_MC_FALLBACK)):  # duplicate of mc:Choice
                fallback.getparent().remove(fallback)
        return root

    def rels(self, part: str) -> dict[str, str]:
        folder, _, base = part.rpartition("/")
        rels_part = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        if rels_part not in self.names:
            return {}
        root = self.parse(rels_part)
        return {r.get("Id"): r.get("Target") or ""
                for r in root.iter(f"{{{PKG_RELS}}}Relationship")}

    def main_part(self) -> str:
        rels = self.rels("")
        for target in rels.values():
            if target.lstrip("/").endswith("document.xml") and "glossary" not in target:
                return target.lstrip("/")
        return "word/document.xml"

    def read(self) -> DocxText:
        doc = self.doc
        main = self.main = self.main_part()
        if main not in self.names and not self.depth:
            raise CheckError(f"{doc.name}: not a Word document (no {main})")
        if "word/styles.xml" in self.names:
            doc.trees["word/styles.xml"] = root = self.parse("word/styles.xml")
            doc.styles = StyleSheet(root)
        done = {"word/styles.xml": "styles"}
        if main in self.names:
            self.story(main, "body", "body paragraph", "table")
            done[main] = "Word text by paragraph"
        for part in sorted(n for n in self.names if HEADER_FOOTER.match(n)):
            kind = "headers" if "/header" in part else "footers"
            label = part.rsplit("/", 1)[1]
            self.story(part, kind, f"{label} paragraph", f"{label} table")
            done[part] = "Word text by paragraph"
        if "word/glossary/document.xml" in self.names:
            self.story("word/glossary/document.xml", "glossary", "glossary document paragraph",
                       "glossary document table")
            done["word/glossary/document.xml"] = "Word text by building block"
        for part, kind, item in (("word/footnotes.xml", "footnotes", "footnote"),
                                 ("word/endnotes.xml", "endnotes", "endnote"),
                                 ("word/comments.xml", "comments", "comment")):
            if part in self.names:
                self.notes(part, kind, item)
                done[part] = f"Word text by {item}, authors"
        for part, kind in (("docProps/core.xml", "core"), ("docProps/app.xml", "app"),
                           ("docProps/custom.xml", "custom")):
            if part in self.names:
                self.properties(part, kind)
                done[part] = "document properties"
        self.part = ""
        self.add("names", "names of the parts in the file", "\n".join(sorted(self.names)))
        for part in sorted(self.names):
            if not part.endswith("/"):
                self.corners(part, done.get(part, ""))
        return doc

    def corners(self, part: str, read: str) -> None:
        """Read what the story reader does not: attributes, field codes, equations, links,
        fallbacks; all the text of the part as a backstop; binary parts by format."""
        doc, self.part = self.doc, part
        info = self.zf.getinfo(part)
        lower = part.lower()
        if lower.endswith((".xml", ".rels", ".vml")):
            data = self.zf.read(part)
            root = parsed(self.zf, part, keep=False)  # kept only if a story read it
            how = "all text and attribute values"
            if root is not None and lower.endswith(".rels"):
                places = relationship_places(part, root, {
                    link.target: link.where for link in doc.links})
                how = "relationship targets percent-decoded, " + how
            elif root is not None and etree.QName(root).localname == "people":
                places = people_places(part, root)
                how = "people (authors, user ids), " + how
            elif root is not None and is_wordml(root):
                places = xml_places(part, root, self.main)
                how = ("attributes, field codes, equations, drawings, ruby text, fallback "
                       "copies, " + how)
            else:
                places = ()
            for kind, where, text in places:
                self.add(kind, where, text)
            kind = "customXml" if part.startswith("customXml/") else "other"
            doc.parts[kind].append(Place(part, raw_text(data), part, True))
            doc.audit.append((part, f"{read}, {how}" if read else how))
        elif lower.endswith((".htm", ".html", ".xhtml", ".mht", ".mhtml", ".txt", ".rtf")):
            text = raw_text(self.zf.read(part))
            decoded = unquote_plus(text) if "%" in text else ""
            self.add("embedded", f"{part} (imported text)", text)
            if decoded != text:
                self.add("embedded", f"{part} (imported text, addresses decoded)", decoded)
            doc.audit.append((part, "imported text (altChunk), percent-decoded"))
        elif self.is_package(part) and not self.depth:
            self.embedded(part)
        else:
            if info.file_size <= MAX_PARSED_BYTES:
                for label, text in media_texts(self.zf.read(part)):
                    self.add("media", f"{part}: {label}", text)
            with self.zf.open(part) as stream:
                doc.parts["media"].append(Place(f"{part} (embedded data)",
                                                stream_strings(stream), part, True))
            doc.audit.append((part, "image metadata by format (PNG chunks, JPEG segments, "
                              "GIF blocks, trailing bytes), printable strings"))

    def is_package(self, part: str) -> bool:
        with self.zf.open(part) as stream:
            return stream.read(4) == b"PK\x03\x04"

    def embedded(self, part: str) -> None:
        """Read an embedded document or workbook one level deep, as places of this file."""
        doc = self.doc
        try:
            inner = read_package(self.zf.read(part), part, CheckError, strict=False,
                                 any_zip=True)
            nested = _Reader(inner, part, self.depth + 1).read()
        except (zipfile.BadZipFile, CheckError, OSError) as e:
            doc.audit.append((part, f"embedded package, unreadable ({e})"))
            with self.zf.open(part) as stream:
                doc.parts["embedded"].append(Place(f"{part} (embedded data)",
                                                   stream_strings(stream), part, True))
            return
        for place in nested.places():
            doc.parts["embedded"].append(Place(f"{place.where} in embedded {part}", place.text,
                                               f"{part}:{place.part}", place.backstop))
        doc.audit += [(f"{part}:{name}", how) for name, how in nested.audit]

    def story(self, part: str, kind: str, para_label: str, table_label: str) -> None:
        """Read a body, header, footer or glossary document part."""
        self.part = part
        root = self.parse(part)
        self.doc.trees[part] = root
        body = child(root, w("body"))
        holding = _Holding.of(root)
        entries = list(root.iter(w("docPartBody")))
        if body is None and entries:  # a glossary: building blocks, each with its own body
            for n, entry in enumerate(entries, 1):
                self.walk(entry, kind, f"glossary entry {n} paragraph",
                          f"glossary entry {n} table", self.rels(part), holding, False)
        else:
            self.walk(body if body is not None else root, kind, para_label, table_label,
                      self.rels(part), holding, kind == "body")
        self.report_changes(root, kind, part)
        if kind != "glossary":  # building blocks are not shown in the document
            self.doc.images.extend((self.doc.place_of(d), d) for d in root.iter(f"{{{WP}}}docPr"))

    def walk(self, container, kind, para_label, table_label, rels, holding, body):
        n_para = n_table = 0
        for block in blocks(container):
            if block.tag == W_P:
                n_para += 1
                where = f"{para_label} {n_para}"
                text = self.paragraph(block, where, kind, rels, holding, body)
                self.add(kind, where, text)
            else:
                n_table += 1
                self.table(block, f"{table_label} {n_table}", kind, rels, holding, body)

    def table(self, tbl, where_tbl, kind, rels, holding, body):
        if body:
            self.doc.tables.append((where_tbl, tbl))
        for r, tr in enumerate(children(tbl, W_TR), 1):
            for c, tc in enumerate(children(tr, W_TC), 1):
                where = f"{where_tbl} row {r} cell {c}"
                texts, nested = [], 0
                for block in blocks(tc):
                    if block.tag == W_P:
                        texts.append(self.paragraph(block, where, kind, rels, holding, body,
                                                    tbl, r))
                    else:
                        nested += 1
                        self.table(block, f"{where} table {nested}", kind, rels, holding, body)
                self.add(kind, where, "\n".join(texts))

    def paragraph(self, p, where, kind, rels, holding, body, table=None, row=0) -> str:
        doc = self.doc
        doc.where_of[p] = where
        if p in holding.other_text:
            text = run_text(p.iter(*TEXT_TAGS))
        else:  # w:t alone, as most paragraphs
            text = "".join([t.text or "" for t in p.iter(W_T)])
        ppr = child(p, W_PPR)
        style_el = child(ppr, _W_PSTYLE) if ppr is not None else None
        style = doc.styles.resolve(style_el.get(W_VAL) if style_el is not None else "")
        if p in holding.changed:
            original = run_text(el for el in p.iter(*TEXT_TAGS) if el.tag != W_T
                                 or not any(a.tag in (W_INS, W_MOVETO) for a in el.iterancestors()))
            text = run_text(el for el in p.iter(*TEXT_TAGS) if el.tag != W_DELTEXT)
            if original != text:
                self.add(kind, f"{where} (deleted text)", original)
        if text.strip() and self.hidden(p, style, holding):
            doc.findings.append(doc.problem(
                "hidden text present (Word's 'hidden' font setting); delete it before publishing",
                where))
        if body:
            lvl = child(ppr, _W_OUTLINE) if ppr is not None else None
            level = (level_from_outline(lvl.get(W_VAL)) if lvl is not None
                     else doc.styles.outline_level(style))
            doc.paragraphs.append(Para(where, text, style, level, p, table, row))
        if kind in ("body", "headers", "footers") and p in holding.links:
            for link in p.iter(W_HYPERLINK):
                rid = link.get(f"{{{R}}}id")
                target = rels.get(rid, "") if rid else "#" + (link.get(w("anchor")) or "")
                doc.links.append(Link(where, run_text(link.iter(*TEXT_TAGS)), target))
        return text

    def hidden(self, p, style: str, holding: _Holding) -> bool:
        styles = self.doc.styles
        if styles.char_props(style).get("vanish"):
            return True
        if p not in holding.may_hide or next(p.iter(_W_VANISH), None) is None and not any(
                styles.char_props(el.get(W_VAL) or "").get("vanish")
                for el in p.iter(_W_RSTYLE)):
            return False  # nothing in the paragraph can hide a run: no need to visit each
        for run in p.iter(W_R):
            rpr = run.find(W_RPR)
            if rpr is None or run.find(W_T) is None:
                continue
            vanish = child(rpr, w("vanish"))
            if vanish is not None:
                if on(vanish):
                    return True
                continue
            rstyle = child(rpr, w("rStyle"))
            if rstyle is not None and styles.char_props(rstyle.get(W_VAL) or "").get("vanish"):
                return True
        return False

    def report_changes(self, root, kind, part) -> None:
        doc = self.doc
        marks = list(root.iter(*CHANGE_TAGS))
        if not marks:
            return
        authors = sorted({m.get(w("author")) for m in marks if m.get(w("author"))})
        if authors:
            self.add(kind, f"tracked changes in {part}: authors", "\n".join(authors))
        first = doc.place_of(marks[0]) or part
        doc.findings.append(doc.problem(
            f"tracked changes present ({len(marks)} in {part}); accept or reject every change "
            "before publishing", first))

    def notes(self, part: str, kind: str, item: str) -> None:
        """Read footnotes, endnotes or comments, one place each."""
        doc = self.doc
        self.part = part
        root = self.parse(part)
        doc.trees[part] = root
        holding = _Holding.of(root)
        count = 0
        for note in root.iterchildren(w(item)):
            if note.get(w("type")) in SKIP_NOTES:
                continue
            count += 1
            where = f"{item} {note.get(w('id'))}"
            texts = []
            for block in blocks(note):
                if block.tag == W_P:
                    texts.append(self.paragraph(block, where, kind, {}, holding, False))
                else:
                    texts.append(run_text(block.iter(*TEXT_TAGS)))
            self.add(kind, where, "\n".join(texts))
            author = " ".join(filter(None, (note.get(w("author")), note.get(w("initials")))))
            if author:
                self.add(kind, f"{where} author", author)
        self.report_changes(root, kind, part)
        if kind == "comments" and count:
            doc.findings.append(doc.problem(
                f"comments present ({count}); delete every comment before publishing", "comments"))

    def properties(self, part: str, kind: str) -> None:
        """Read core, app or custom document properties."""
        doc = self.doc
        self.part = part
        root = self.parse(part)
        label = {"core": "core properties", "app": "app properties",
                 "custom": "custom properties"}[kind]
        for el in root:
            if not isinstance(el.tag, str):
                continue
            text = " ".join(t.strip() for t in el.itertext() if t.strip())
            key = el.get("name") or etree.QName(el).localname
            if kind == "core":
                doc.core[key] = text
            elif kind == "app":
                doc.app[key] = text
            else:
                text = f"{key}\n{text}"
            if text:
                self.add(kind, f"{label}: {key}", text)

    def add(self, kind: str, where: str, text: str) -> None:
        if text.strip():
            self.doc.parts[kind].append(Place(where, text, self.part))


def read_docx(source: Path | str | bytes, name: str | None = None) -> DocxText:
    """Read every text of a .docx (a path or its bytes) by part and place, within the limits
    of package_reader.py; what reaches outside the file, runs code or names people is added
    to the findings (package_hazards.py)."""
    if isinstance(source, (bytes, bytearray)):
        name = name or "document.docx"
    else:
        source = Path(source)
        name = name or source.name
    package = read_package(source, name, CheckError, strict=False)
    doc = _Reader(package, name).read()
    doc.findings += hazard_findings(package, doc)
    return doc


#: What ``check`` says to do about each hazard it reports (package_hazards.py codes).
HAZARD_ADVICE = {
    "external": "remove the link, or insert the picture or object itself",
    "unsafe-hyperlink": "link to a web address (https://...) or remove the link",
    "attached-template": "remove the attached template (Word: Developer > Document Template)",
    "field": "remove the field (Alt+F9 shows field codes in Word)",
    "macros": "save as a Word Document (.docx) without macros",
    "embedded": "remove the object, or paste it as a picture",
    "doctype": "the file has been altered outside Word; save it again from Word",
    "no-content-type": "the file is damaged; save it again from Word",
    "custom-properties": "remove them (File > Info > Properties > Advanced > Custom)",
    "people": "save a copy with personal information removed (File > Info > Inspect Document)",
    "doc-vars": "remove them (File > Info > Inspect Document)",
    "custom-xml": "remove it (File > Info > Inspect Document > Custom XML Data)",
    "glossary": "remove the building blocks saved in the document",
}


def hazard_findings(package, doc: DocxText) -> list[Problem]:
    """Return an error finding for each hazard of a package that ``check`` reports."""
    return [doc.problem(f"{h.message}: {HAZARD_ADVICE[h.code]} before publishing", h.part)
            for h in find_hazards(package) if h.code in HAZARD_ADVICE]
