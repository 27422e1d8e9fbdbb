"""A board's house template rebuilt from an allow-list before it is rendered.

Only what a Word document needs reaches the published documents: the parts reached from the
package through relationships of the types in ``package_hazards.KEEP_TYPES`` (document,
styles, numbering, settings, fontTable, webSettings, theme, headers, footers, footnotes,
endnotes, pictures the template shows, embedded fonts, core and app properties) and only
internal relationships, plus hyperlinks to http, https and mailto addresses.

Refused (a ``TemplateError`` naming the template and the part; nothing is built), because
removing them would change what the template shows or they are there to attack:
links outside the file (linked pictures, OLE links, sub-documents, mail-merge sources),
hyperlinks to files or network shares, fields other than TOC, PAGE, NUMPAGES, SECTIONPAGES,
HYPERLINK, REF and PAGEREF, macros, embedded objects and controls, parts Word could not open
(see package_reader.py for those and the size limits).

Dropped, with a warning naming the part, because they can name people and nobody reads them:
custom properties, people.xml, document variables, customXml, the glossary part, comments,
the attached template's path, and any part of a kind a document does not need.
"""

from __future__ import annotations

import io
import os
import zipfile

from lxml import etree

from scr_docs.errors import WARNING, Problem, TemplateError
from scr_docs.ooxml.hazards import (IDENTITY_LABELS, KEEP_TYPES, Hazard, W, find_hazards, holds_text,
                              parse, relationship_hazard, relationships, rels_part_of, resolve,
                              source_of)
from scr_docs.ooxml.reader import CONTENT_TYPES, CT_NS, read_package

REFUSED = frozenset({"external", "unsafe-hyperlink", "missing-target", "field", "other-field",
                     "macros", "embedded", "no-content-type", "doctype"})
"""Hazard codes that make a house template unusable (package_hazards.py)."""
_ADVICE = {
    "external": "insert the picture or object itself (not 'Link to file') or remove it",
    "unsafe-hyperlink": "link to a web address (https://...) or remove the link",
    "missing-target": "the file is damaged; save it again from Word",
    "field": "remove the field (Alt+F9 shows field codes in Word)",
    "other-field": "remove the field or replace it with its text (Ctrl+Shift+F9)",
    "macros": "save the template as a Word Document (.docx) without macros",
    "embedded": "remove the object, or paste it as a picture",
    "not-xml": "the file is damaged; save it again from Word",
}
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def clean_template(path: str | os.PathLike) -> tuple[bytes, list[Problem]]:
    """Return a house template rebuilt from the allow-list (.docx bytes) and a warning for
    each thing dropped, naming its part.

    Raises ``TemplateError`` naming the template and each part when the file breaks a limit
    of package_reader.py or holds something refused (module docstring)."""
    name = str(path)
    package = read_package(path, name, TemplateError, strict=True)
    keep, dropped_rels = _reachable(package)
    refused = [h for h in find_hazards(package)
               if h.code in REFUSED and (h.part in keep or h.part == "")]
    refused += [Hazard("not-xml", m, f"part {m} is not well-formed XML") for m in sorted(keep)
                if m.endswith(".xml") and parse(package.parts[m]) is None]
    refused += [Hazard("not-xml", rels_part_of(m), f"part {rels_part_of(m)} is not well-formed "
                       "XML") for m in [""] + sorted(keep) if rels_part_of(m) in package.parts
                and parse(package.parts[rels_part_of(m)]) is None]
    if refused:
        problems = [Problem(f"{h.message}: {_ADVICE.get(h.code, 'remove it')}", h.part, None,
                            name) for h in refused]
        raise TemplateError(f"house template {name} cannot be used: {len(problems)} problem"
                            f"{'s' if len(problems) != 1 else ''}; nothing was written",
                            problems)
    warnings: dict[str, Problem] = {}

    def warn(part: str, message: str) -> None:
        warnings.setdefault(f"{part}|{message}", Problem(
            f"{message}; dropped from the published documents", part, None, name, WARNING))

    dropped_codes = set()
    for source, rel in dropped_rels:
        hazard = relationship_hazard(package, source, rel)
        if hazard is not None:
            dropped_codes.add(hazard.code)
            if hazard.code == "custom-xml" and not holds_text(
                    package.parts.get(resolve(source, rel["Target"]), b"")):
                continue  # Word's empty bibliography store: dropped without a word
            target = resolve(source, rel["Target"]) if rel["TargetMode"] != "External" \
                else rel["Target"]
            warn(target if hazard.code != "attached-template" else source,
                 f"the template has {IDENTITY_LABELS.get(hazard.code, hazard.code)}")
        elif rel["short"] != "thumbnail":
            warn(resolve(source, rel["Target"]),
                 f"part of a kind a published document does not need ({rel['short']})")
    for member in package.parts:
        if member not in keep and not member.endswith(".rels") and member != CONTENT_TYPES \
                and not any(p.path == member for p in warnings.values()) \
                and not member.startswith("docProps/thumbnail") \
                and not member.startswith(("customXml/", "word/glossary/")):
            warn(member, "part no relationship of a document leads to")
    parts = {m: d for m, d in package.parts.items() if m in keep or m == CONTENT_TYPES
             or (m.endswith(".rels") and _rels_source_kept(m, keep))}
    for source, rels in _kept_rels(package, keep).items():
        if len(rels) < len(relationships(package, rels_part_of(source))):
            parts[rels_part_of(source)] = _rels_xml(rels)
    if len(parts) < len(package.parts):
        parts[CONTENT_TYPES] = _content_types(parts[CONTENT_TYPES], parts)
    settings = parts.get("word/settings.xml", b"")
    if b"docVars" in settings or b"attachedTemplate" in settings:
        root = parse(settings)
        for tag, code in (("docVars", "doc-vars"), ("attachedTemplate", None)):
            for el in root.findall(f"{{{W}}}{tag}"):
                root.remove(el)
                if code:
                    warn("word/settings.xml", f"the template has {IDENTITY_LABELS[code]}")
        parts["word/settings.xml"] = _xml(root)
    for member in list(parts):
        if member.startswith("word/") and member.endswith(".xml") and (
                "comments" in dropped_codes or "custom-xml" in dropped_codes):
            parts[member] = _strip_marks(parts[member], dropped_codes)
    return _zip(parts), list(warnings.values())


def _reachable(package) -> tuple[set[str], list[tuple[str, dict]]]:
    """Return the parts reached from the package through kept relationship types, and the
    (source, relationship) pairs left behind."""
    keep, dropped, todo = set(), [], [""]
    while todo:
        source = todo.pop()
        for rel in relationships(package, rels_part_of(source)):
            if rel["TargetMode"].lower() == "external":
                if rel["short"] != "hyperlink":
                    dropped.append((source, rel))
                continue
            target = resolve(source, rel["Target"])
            if rel["short"] not in KEEP_TYPES:
                dropped.append((source, rel))
            elif target not in keep and target in package.parts:
                keep.add(target)
                todo.append(target)
    return keep, dropped


def _rels_source_kept(rels_part: str, keep: set[str]) -> bool:
    source = source_of(rels_part)
    return source == "" or source in keep


def _kept_rels(package, keep: set[str]) -> dict[str, list]:
    out = {}
    for source in [""] + sorted(keep):
        rels_part = rels_part_of(source)
        if rels_part not in package.parts:
            continue
        kept = []
        for rel in relationships(package, rels_part):
            external = rel["TargetMode"].lower() == "external"
            if (external and rel["short"] == "hyperlink") or (
                    not external and rel["short"] in KEEP_TYPES
                    and resolve(source, rel["Target"]) in keep):
                kept.append(rel)
        out[source] = kept
    return out


def _rels_xml(rels: list[dict]) -> bytes:
    ns = "http://schemas.openxmlformats.org/package/2006/relationships"
    root = etree.Element(f"{{{ns}}}Relationships", nsmap={None: ns})
    for rel in rels:
        el = etree.SubElement(root, f"{{{ns}}}Relationship", Id=rel["Id"], Type=rel["Type"],
                              Target=rel["Target"])
        if rel["TargetMode"]:
            el.set("TargetMode", rel["TargetMode"])
    return _xml(root)


def _content_types(xml: bytes, parts: dict[str, bytes]) -> bytes:
    root = parse(xml)
    present = {m.lower() for m in parts}
    for el in list(root.iter(f"{{{CT_NS}}}Override")):
        if (el.get("PartName") or "").lstrip("/").lower() not in present:
            root.remove(el)
    return _xml(root)


def _strip_marks(xml: bytes, dropped: set[str]) -> bytes:
    """Remove what points at dropped comments (ranges, references) and customXml bindings."""
    names = []
    if "comments" in dropped:
        names += ["commentRangeStart", "commentRangeEnd", "commentReference"]
    if "custom-xml" in dropped:
        names += ["dataBinding"]
    if not any(n.encode() in xml for n in names):
        return xml
    root = parse(xml)
    for el in list(root.iter(*(f"{{{W}}}{n}" for n in names))):
        parent = el.getparent()
        parent.remove(el)
        if el.tag == f"{{{W}}}commentReference" and parent.tag == f"{{{W}}}r" \
                and not any(c.tag != f"{{{W}}}rPr" for c in parent):
            parent.getparent().remove(parent)
    return _xml(root)


def _xml(root) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for member, data in parts.items():
            info = zipfile.ZipInfo(member, date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(info, data)
    return out.getvalue()
