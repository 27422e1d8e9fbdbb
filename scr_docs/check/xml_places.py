"""Text in the corners of a .docx's XML parts that the paragraph reader does not show:
attributes, field codes, equations, DrawingML text, ruby text, fallback copies, links.

Each finding is a (kind, place, text) triple; the place names what a person would look
for in Word, e.g. ``alt text of picture 3`` or ``field code 2 (word/header1.xml)``.
"""

from __future__ import annotations

from typing import Iterator
from urllib.parse import unquote, unquote_plus

from lxml import etree

from scr_docs.ooxml.names import MC, PKG_RELS, W, run_text, TEXT_TAGS, w

from scr_docs.ooxml.names import A, M, PIC, WP  # noqa: E402
V = "urn:schemas-microsoft-com:vml"
O = "urn:schemas-microsoft-com:office:office"

_PICTURE_TAGS = (f"{{{WP}}}docPr", f"{{{PIC}}}cNvPr", f"{{{A}}}cNvPr",
                 "{http://schemas.microsoft.com/office/word/2010/wordprocessingShape}cNvPr")
_PICTURE_ATTRS = (("descr", "alt text"), ("title", "title"), ("name", "name"))
_VML_TAGS = (f"{{{V}}}shape", f"{{{V}}}imagedata", f"{{{V}}}rect", f"{{{V}}}textbox")
_VML_ATTRS = (("alt", "alt text"), (f"{{{O}}}title", "title"), ("title", "title"),
              ("id", "name"))

Triple = tuple[str, str, str]


def _suffix(part: str, main: str) -> str:
    return "" if part == main else f" ({part})"


def xml_places(part: str, root, main: str = "word/document.xml") -> Iterator[Triple]:
    """Yield (kind, place, text) for the hidden corners of one parsed WordprocessingML part.

    ``root`` must still hold its ``mc:Fallback`` copies (they are compared with their
    ``mc:Choice``: a fallback is a place of its own only when its text differs).
    """
    at = _suffix(part, main)
    for n, el in enumerate(root.iter(*_PICTURE_TAGS), 1):
        for attr, label in _PICTURE_ATTRS:
            if el.get(attr):
                yield "attributes", f"{label} of picture or shape {n}{at}", el.get(attr)
    for n, el in enumerate(root.iter(*_VML_TAGS), 1):
        for attr, label in _VML_ATTRS:
            if el.get(attr):
                yield "attributes", f"{label} of VML shape {n}{at}", el.get(attr)
    for n, el in enumerate(root.iter(w("bookmarkStart")), 1):
        yield "attributes", f"bookmark name {n}{at}", el.get(w("name")) or ""
    for n, el in enumerate(root.iter(w("sdtPr")), 1):
        for tag, label in (("alias", "title"), ("tag", "tag")):
            for found in el.iterchildren(w(tag)):
                yield "attributes", f"content control {n} {label}{at}", found.get(w("val")) or ""
    for n, el in enumerate(root.iter(w("smartTag")), 1):
        values = [el.get(w("element")) or "", el.get(w("uri")) or ""]
        for attr in el.iter(w("attr")):
            values += [attr.get(w("name")) or "", attr.get(w("val")) or ""]
        yield "attributes", f"smart tag {n} properties{at}", "\n".join(values)
    for n, el in enumerate(root.iter(w("hyperlink")), 1):
        for attr in ("tooltip", "anchor", "docLocation"):
            if el.get(w(attr)):
                yield "attributes", f"hyperlink {n} {attr}{at}", unquote(el.get(w(attr)))
    for n, el in enumerate(root.iter(w("docVar")), 1):
        yield "attributes", f"document variable {n}{at}", "\n".join(
            (el.get(w("name")) or "", el.get(w("val")) or ""))
    yield from _fields(root, at)
    for n, el in enumerate(root.iter(f"{{{M}}}oMath"), 1):
        yield "drawings", f"equation {n}{at}", "".join(t.text or "" for t in el.iter(f"{{{M}}}t"))
    for n, el in enumerate(root.iter(f"{{{A}}}p"), 1):
        yield "drawings", f"drawing text {n}{at}", "".join(t.text or ""
                                                            for t in el.iter(f"{{{A}}}t"))
    for n, el in enumerate(root.iter(w("rt")), 1):
        yield "drawings", f"ruby text {n}{at}", run_text(el.iter(*TEXT_TAGS))
    for n, alt in enumerate(root.iter(f"{{{MC}}}AlternateContent"), 1):
        choice = " ".join(_all_text(c) for c in alt.iterchildren(f"{{{MC}}}Choice"))
        for fallback in alt.iterchildren(f"{{{MC}}}Fallback"):
            text = _all_text(fallback)
            if " ".join(text.split()) != " ".join(choice.split()):
                yield "drawings", f"text box or drawing fallback copy {n}{at}", text


def _all_text(el) -> str:
    texts = []
    for t in el.iter(w("t"), w("delText"), w("instrText"), f"{{{A}}}t", f"{{{M}}}t"):
        texts.append(t.text or "")
    return " ".join(texts)


def _fields(root, at: str) -> Iterator[Triple]:
    """Yield field codes: ``w:fldSimple/@w:instr`` and ``w:instrText`` joined per field."""
    n = 0
    for el in root.iter(w("fldSimple")):
        n += 1
        yield "fields", f"field code {n}{at}", _decoded(el.get(w("instr")) or "")
    code: list[str] = []
    depth = 0
    for el in root.iter(w("fldChar"), w("instrText")):
        if el.tag == w("instrText"):
            code.append(el.text or "")
            continue
        kind = el.get(w("fldCharType"))
        if kind == "begin":
            depth += 1
        elif kind in ("separate", "end") and code:
            n += 1
            yield "fields", f"field code {n}{at}", _decoded("".join(code))
            code = []
        if kind == "end":
            depth = max(0, depth - 1)
    if code:
        n += 1
        yield "fields", f"field code {n}{at}", _decoded("".join(code))


def _decoded(code: str) -> str:
    """Return a field code, and when it holds percent-escapes, also the code decoded (a
    HYPERLINK field's address)."""
    return code + "\n" + unquote_plus(code) if "%" in code else code


def relationship_places(part: str, root, linked: dict[str, str] | None = None
                        ) -> Iterator[Triple]:
    """Yield every target of a relationships part, percent-decoded (hyperlinks, mail
    addresses, queries, file names). ``linked`` maps a target to the place of the link
    that uses it (``body paragraph 7``), so a finding says where the link is."""
    for rel in root.iter(f"{{{PKG_RELS}}}Relationship"):
        target = rel.get("Target") or ""
        kind = (rel.get("Type") or "").rsplit("/", 1)[-1]
        decoded = unquote_plus(target) if "?" in target else unquote(target)
        where = (linked or {}).get(target)
        yield "links", (f"{kind} address of the link in {where}" if where
                        else f"{kind} address {rel.get('Id')} ({part})"), decoded


def people_places(part: str, root) -> Iterator[Triple]:
    """Yield each person of ``word/people.xml`` (an author of tracked changes or comments):
    the name and the attributes that name them elsewhere (user id, e-mail address)."""
    for n, person in enumerate((el for el in root.iter() if isinstance(el.tag, str)
                                and etree.QName(el).localname == "person"), 1):
        values = [v for el in person.iter() for v in el.attrib.values()]
        yield "attributes", f"person {n} ({part})", "\n".join(values)


def is_wordml(root) -> bool:
    """Return whether a parsed part uses WordprocessingML or DrawingML."""
    return any(ns in (W, A, M) for ns in (root.nsmap or {}).values()) or root.tag.startswith(
        f"{{{W}}}")

