"""What in a Word package reaches outside it, runs code or names people.

Shared by the house-template cleaning (template_clean.py: refuse or drop each) and by
``scr-docs check`` (check/docx_text.py: report each). A :class:`Hazard` names its part:

========================  ==========================================================
code                      what
========================  ==========================================================
``external``              a relationship to something outside the file (linked
                          picture, OLE link, sub-document, mail-merge source, ...)
``unsafe-hyperlink``      a hyperlink (relationship or HYPERLINK field) to ``file:``,
                          a UNC path (``\\\\server``) or a scheme other than
                          http, https and mailto
``attached-template``     settings name the template the file was made from
``missing-target``        a relationship to a part the package does not hold
``field``                 a field that fetches or links (INCLUDEPICTURE, INCLUDETEXT,
                          DDE, DDEAUTO, LINK, IMPORT, DATABASE, ...)
``other-field``           any other field not used by the documents (AUTHOR, DATE, ...)
``macros``                a VBA project or macro-enabled content type
``embedded``              an embedded object: OLE, ActiveX control, embedded package
                          or document (altChunk), internal sub-document
``custom-properties``     docProps/custom.xml (labels, owners' e-mail addresses)
``people``                people.xml (authors' network user ids)
``doc-vars``              document variables (w:docVars) in settings
``custom-xml``            customXml parts holding text (data stores, SharePoint
                          metadata); Word's empty bibliography store is not one
``glossary``              the glossary part (building blocks, AutoText)
``comments``              comments and their companion parts
``no-content-type``       a part [Content_Types].xml gives no type
``doctype``               an XML part declaring a DOCTYPE (entities)
========================  ==========================================================
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from lxml import etree

from scr_docs.ooxml.reader import (CONTENT_TYPES, MACRO_TYPES, Package, has_doctype)

from scr_docs.ooxml.names import PKG_RELS as RELS
from scr_docs.ooxml.names import W

USED_FIELDS = frozenset({"TOC", "PAGE", "NUMPAGES", "SECTIONPAGES", "HYPERLINK", "REF",
                         "PAGEREF"})
"""Fields the documents use; a house template may hold these and no other."""
FETCHING_FIELDS = frozenset({"INCLUDEPICTURE", "INCLUDETEXT", "INCLUDE", "IMPORT", "DDE",
                             "DDEAUTO", "LINK", "DATABASE", "MERGEFIELD", "AUTOTEXT",
                             "AUTOTEXTLIST", "MACROBUTTON", "GLOSSARY", "RD"})
"""Fields that fetch, link to or run something outside the document."""

KEEP_TYPES = frozenset({
    "officeDocument", "core-properties", "extended-properties", "styles", "stylesWithEffects",
    "numbering", "settings", "fontTable", "webSettings", "theme", "header", "footer",
    "footnotes", "endnotes", "image", "hyperlink", "font"})
"""Relationship types (last part of the type URI) a published document keeps."""
IDENTITY_TYPES = {"custom-properties": "custom-properties", "people": "people",
                  "customXml": "custom-xml", "glossaryDocument": "glossary",
                  "comments": "comments", "commentsExtended": "comments",
                  "commentsIds": "comments", "commentsExtensible": "comments",
                  "attachedTemplate": "attached-template"}
EMBEDDED_TYPES = frozenset({"oleObject", "package", "control", "activeXControl",
                            "activeXControlBinary", "aFChunk", "subDocument", "embeddings"})
MACRO_REL_TYPES = frozenset({"vbaProject", "wordVbaData", "keyMapCustomizations",
                             "attachedToolbars"})
SAFE_SCHEMES = ("http://", "https://", "mailto:")

_FIELD_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments"
                          r"|glossary/document)\.xml$")
from scr_docs.ooxml.names import PARSER as _PARSER  # noqa: E402


@dataclass(frozen=True)
class Hazard:
    """One thing in a package that reaches outside, runs code or names people."""

    code: str
    part: str
    message: str


def rels_part_of(part: str) -> str:
    """Return the relationships part of ``part`` ('' for the package)."""
    folder, _, base = part.rpartition("/")
    return f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"


def source_of(rels_part: str) -> str:
    """Return the part whose relationships ``rels_part`` holds ('' for the package)."""
    folder, _, base = rels_part.rpartition("/")
    parent = folder.rpartition("/")[0] if folder.endswith("_rels") else folder
    source = base[:-len(".rels")]
    return f"{parent}/{source}".lstrip("/") if parent else source


def resolve(source: str, target: str) -> str:
    """Return the member name an internal relationship target of ``source`` points at."""
    target = unquote(target.split("#", 1)[0])
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def is_unsafe_link(target: str) -> bool:
    """Tell whether a link target opens a file or a network share, or uses an odd scheme."""
    t = unquote(target).strip().lower()
    return not t.startswith(SAFE_SCHEMES) and not t.startswith("#")


def parse(data: bytes):
    """Return the root of an XML part, or None when it is not well-formed."""
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return None


def parsed(package: Package, member: str, keep: bool = True):
    """Return the package's shared tree of a member (:meth:`Package.tree`, ``keep`` as
    there), or None when the member is missing or not well-formed."""
    try:
        return package.tree(member, keep)
    except (KeyError, etree.XMLSyntaxError):
        return None


def relationships(package: Package, rels_part: str) -> list[dict]:
    """Return the relationships of a .rels part as dicts (Id, Type, Target, TargetMode,
    short: the last part of the type URI)."""
    root = parsed(package, rels_part)
    if root is None:
        return []
    out = []
    for rel in root.iter(f"{{{RELS}}}Relationship"):
        item = {k: rel.get(k) or "" for k in ("Id", "Type", "Target", "TargetMode")}
        item["short"] = item["Type"].rstrip("/").rpartition("/")[2]
        out.append(item)
    return out


def relationship_hazard(package: Package, source: str, rel: dict) -> Hazard | None:
    """Return the hazard of one relationship of ``source``, or None when it is safe."""
    short, target = rel["short"], rel["Target"]
    where = source or "the package"
    if rel["TargetMode"].lower() == "external":
        if short == "hyperlink":
            if is_unsafe_link(target):
                return Hazard("unsafe-hyperlink", source, f"{where} has a hyperlink to "
                              f"{target!r}, a file or network share on someone's computer")
            return None
        if short == "attachedTemplate":
            return Hazard("attached-template", source, f"{where} names the template it was "
                          f"made from ({target!r}): a path on someone's computer")
        return Hazard("external", source, f"{where} links to {target!r} outside the document "
                      f"(relationship {rel['Id']}, type {short}); it would be fetched or "
                      "opened when the document is")
    if short in MACRO_REL_TYPES:
        return Hazard("macros", source, f"{where} holds macros ({short}, {target})")
    if short in EMBEDDED_TYPES:
        return Hazard("embedded", source, f"{where} holds an embedded object ({short}, "
                      f"{target}); objects and controls can run code when opened")
    if short in IDENTITY_TYPES:
        code = IDENTITY_TYPES[short]
        return Hazard(code, source, f"{where} has {IDENTITY_LABELS[code]} ({target})")
    if resolve(source, target) not in package.parts:
        return Hazard("missing-target", source, f"{where} refers to part {target!r}, which "
                      "the file does not hold")
    return None


IDENTITY_LABELS = {
    "custom-properties": "custom document properties, which can name people (sensitivity "
                         "label owners, authors)",
    "people": "a people part (people.xml), which holds authors' names and network user ids",
    "doc-vars": "document variables (w:docVars in settings), which can hold names",
    "custom-xml": "custom XML data (customXml), which can hold names and e-mail addresses",
    "glossary": "a glossary part (building blocks, AutoText), text readers never see",
    "comments": "comments, which carry their authors' names",
    "attached-template": "an attached template's path",
}


def holds_text(data: bytes) -> bool:
    """Tell whether an XML part holds any text between its tags (Word's empty bibliography
    store, in most documents, holds none)."""
    root = parse(data)
    return root is None or any((t or "").strip() for t in root.itertext())


def fields(root) -> list[str]:
    """Return the instruction of every field of a part: simple fields' ``w:instr`` and
    complex fields' ``w:instrText`` runs joined between their begin and separate marks."""
    out, stack = [], []
    fld_char, instr = f"{{{W}}}fldChar", (f"{{{W}}}instrText", f"{{{W}}}delInstrText")
    for el in root.iter(fld_char, *instr, f"{{{W}}}fldSimple"):
        if el.tag == f"{{{W}}}fldSimple":
            out.append(el.get(f"{{{W}}}instr") or "")
        elif el.tag == fld_char:
            kind = el.get(f"{{{W}}}fldCharType")
            if kind == "begin":
                stack.append({"text": [], "open": True})
            elif kind == "separate" and stack:
                stack[-1]["open"] = False
            elif kind == "end" and stack:
                out.append("".join(stack.pop()["text"]))
        elif not stack:  # instruction text outside any field's marks
            out.append(el.text or "")
        elif stack[-1]["open"]:
            stack[-1]["text"].append(el.text or "")
    out += ["".join(f["text"]) for f in stack]  # a field never closed still counts
    return [f for f in out if f.strip()]


def field_name(instruction: str) -> str:
    """Return a field's name, upper case: ``' INCLUDEPICTURE "x" '`` -> ``INCLUDEPICTURE``."""
    words = instruction.strip().lstrip("=").split()
    return words[0].upper().lstrip("\\") if words else ""


def field_hazards(part: str, root) -> list[Hazard]:
    """Return the hazards of the fields of one part. The field's code is not quoted: it
    may hold the very name the anonymity check looks for."""
    out = []
    for instruction in fields(root):
        name = field_name(instruction)
        if name in FETCHING_FIELDS:
            out.append(Hazard("field", part, f"{part} has a {name} field, which "
                              "fetches or links something outside the document"))
        elif name == "HYPERLINK" and _field_target_unsafe(instruction):
            out.append(Hazard("unsafe-hyperlink", part, f"{part} has a HYPERLINK field to a "
                              "file or network share"))
        elif name not in USED_FIELDS:
            out.append(Hazard("other-field", part, f"{part} has a {name or 'nameless'} field "
                              "which the documents do not use"))
    return out


def _field_target_unsafe(instruction: str) -> bool:
    m = re.search(r'HYPERLINK\s+(?:"([^"]*)"|(\S+))', instruction, re.I)
    if not m:
        return False
    target = m.group(1) if m.group(1) is not None else m.group(2)
    return not target.startswith("\\") and is_unsafe_link(target)


def find_hazards(package: Package) -> list[Hazard]:
    """Return every hazard of a package read by :func:`package_reader.read_package`."""
    out: list[Hazard] = []
    for member, data in package.parts.items():
        lower = member.lower()
        if member != CONTENT_TYPES and member not in package.types:
            out.append(Hazard("no-content-type", member, f"part {member} has no content type"))
        ctype = package.types.get(member, "")
        if posixpath.basename(lower) in ("vbaproject.bin", "vbadata.xml") \
                or any(m.lower() in ctype.lower() for m in MACRO_TYPES):
            out.append(Hazard("macros", member, f"part {member} holds macros ({ctype})"))
        elif lower.startswith(("word/embeddings/", "word/activex/")):
            out.append(Hazard("embedded", member, f"part {member} is an embedded object"))
        if member.endswith((".xml", ".rels")) and has_doctype(data):
            out.append(Hazard("doctype", member, f"part {member} declares a DOCTYPE (XML "
                              "entities)"))
        if lower == "docprops/custom.xml":
            out.append(Hazard("custom-properties", member,
                              f"part {member} holds {IDENTITY_LABELS['custom-properties']}"))
        elif lower.startswith("customxml/") and "/_rels/" not in lower \
                and not lower.rsplit("/", 1)[1].startswith("itemprops") and holds_text(data):
            out.append(Hazard("custom-xml", member,
                              f"part {member} holds {IDENTITY_LABELS['custom-xml']}"))
        elif lower == "word/people.xml":
            out.append(Hazard("people", member, f"part {member} holds "
                              f"{IDENTITY_LABELS['people']}"))
        elif lower == "word/glossary/document.xml":
            out.append(Hazard("glossary", member, f"part {member} is "
                              f"{IDENTITY_LABELS['glossary']}"))
        if member.endswith(".rels"):
            source = source_of(member)
            for rel in relationships(package, member):
                hazard = relationship_hazard(package, source, rel)
                if hazard is not None and hazard.code not in (
                        "custom-properties", "custom-xml", "people", "glossary", "comments"):
                    out.append(hazard)
        elif _FIELD_PARTS.match(member) or lower == "word/settings.xml":
            root = parsed(package, member)
            if root is None:
                continue
            if lower == "word/settings.xml":
                if root.find(f"{{{W}}}docVars") is not None:
                    out.append(Hazard("doc-vars", member, f"part {member} holds "
                                      f"{IDENTITY_LABELS['doc-vars']}"))
            else:
                out += field_hazards(member, root)
    return out
