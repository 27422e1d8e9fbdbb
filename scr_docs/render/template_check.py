"""Checking a Word template before rendering: its tags (split, curly-quoted, not one of the
documented forms: template_sandbox.py) and the styles, numbering and footnotes it must carry."""

from __future__ import annotations

import io
import os
import re

from lxml import etree

from scr_docs.errors import TemplateError
from scr_docs.ooxml.package import R_NS, W_NS, parse_part
from scr_docs.ooxml.reader import read_package
from scr_docs.render.sandbox import TEMPLATE_VARIABLES, tag_problems

_DELIMS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_CORE = "docProps/core.xml"
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_CURLY = "\u201c\u201d\u2018\u2019"


def check_template(template_path: str | os.PathLike | bytes,
                   allowed: set[str] | frozenset[str] | None = None,
                   name: str | None = None) -> list[str]:
    """Return messages about Jinja tags in a template that would fail, mislead or reach
    outside the document; [] when the template may be rendered.

    Every part docxtpl renders is read (the body, every header, footer and notes part,
    whatever its name, and the core properties). Finds tags not closed within their
    paragraph (docxtpl joins a tag split across runs, not across paragraphs), tags docxtpl
    could not join, curly quotes inside tags (Word's autocorrect), Jinja syntax errors, and
    any tag that is not one of the documented forms (template_sandbox.tag_problems), naming
    the tag and the part. ``template_path`` may be the .docx bytes (``name`` then names it).
    Raises ``TemplateError`` when the file is not a Word document or breaks a limit of
    package_reader.py.
    """
    from docxtpl import DocxTemplate
    from jinja2 import Environment, TemplateSyntaxError

    allowed = TEMPLATE_VARIABLES if allowed is None else frozenset(allowed)
    parts = _read_template_parts(template_path, name)
    patcher = DocxTemplate(io.BytesIO(template_path) if isinstance(template_path, bytes)
                           else template_path)
    env = Environment(autoescape=True)
    messages: list[str] = []
    for name, xml in parts.items():
        if name == _CORE:
            for field, text in _core_texts(xml):
                messages += tag_problems(text, f"{name} ({field})", allowed)
                messages += [f"{name} ({field}): {m}" for m in _tag_problems(text)]
            continue
        root = parse_part(xml.encode("utf-8"), name, TemplateError)
        for number, text in enumerate(_paragraph_texts(root), 1):
            messages += [f"{name}, paragraph {number} ({_short(text)}): {m}"
                         for m in _tag_problems(text)]
        patched = patcher.patch_xml(xml)
        for m in re.finditer(r"\{\{.*?\}\}|\{%.*?%\}", patched, re.S):
            if "<" in m.group(0):
                messages.append(f"{name}: tag {_short(re.sub('<[^>]*>', '', m.group(0)))} is split"
                                " in a way docxtpl cannot repair; retype it in one go")
        messages += tag_problems(patched, name, allowed)
        try:
            env.parse(patched)
        except TemplateSyntaxError as exc:
            messages.append(f"{name}: Jinja syntax error: {exc.message}")
    doc = parts.get("word/document.xml", "")
    start = doc[doc.find("<w:document"):][:4000].split(">", 1)[0]
    if start and f'xmlns:r="{R_NS}"' not in start:
        messages.append("word/document.xml does not declare the r: namespace on w:document;"
                        " hyperlinks in the body would break")
    return list(dict.fromkeys(messages))


def _core_texts(xml: str) -> list[tuple[str, str]]:
    """Return (element name, text) of each core property docxtpl renders through Jinja."""
    root = parse_part(xml.encode("utf-8"), _CORE, TemplateError)
    return [(etree.QName(el).localname, el.text) for el in root
            if el.text and ("{" in el.text or "}" in el.text)]


#: Style ids the documents use, with what each is for (docs/architecture.md).
REQUIRED_STYLES = {
    "Heading1": "section headings", "Heading2": "sub-section headings",
    "Heading3": "sub-headings", "Heading4": "minor sub-headings",
    "BodyText": "plain paragraphs", "BodyNumbered": "numbered paragraphs (1.1.1)",
    "BodyNumbered2": "numbered paragraphs (1.1)", "ListBullet": "bullets",
    "ListBullet2": "nested bullets", "ListNumber": "numbered lists",
    "Recommendation": "numbered recommendations", "Quote": "quotations",
    "TableText": "table cells", "TableHeading": "table header cells",
    "FootnoteText": "footnotes", "FootnoteReference": "footnote numbers",
    "Hyperlink": "links", "ReviewTable": "tables",
}


def check_styles(template_path: str | os.PathLike) -> list[str]:
    """Return messages about what a house-style template lacks: the styles the documents
    use, the numbering they rely on and a footnotes part."""
    parts = read_package(template_path, str(template_path), TemplateError).parts
    names = set(parts)
    styles = parts.get("word/styles.xml", b"")
    numbering = parts.get("word/numbering.xml", b"")
    messages = []
    present = set()
    if styles:
        root = parse_part(styles, "word/styles.xml", TemplateError)
        present = {s.get(f"{{{W_NS}}}styleId") for s in root.iter(f"{{{W_NS}}}style")}
    for style, use in REQUIRED_STYLES.items():
        if style not in present:
            messages.append(f"style {style} ({use}) is missing; copy it from the shipped "
                            "template (scr-docs templates DIR)")
    if "word/footnotes.xml" not in names:
        messages.append("there is no footnotes part (word/footnotes.xml); footnotes need one")
    if numbering:
        nums = parse_part(numbering, "word/numbering.xml", TemplateError)
        abstract = {a.get(f"{{{W_NS}}}abstractNumId") for a in nums.iter(f"{{{W_NS}}}abstractNum")}
        for needed, use in (("1", "heading and paragraph numbers"), ("2", "bullets"),
                            ("3", "numbered lists"), ("4", "recommendation numbers")):
            if needed not in abstract:
                messages.append(f"numbering definition {needed} ({use}) is missing")
    else:
        messages.append("there is no numbering part (word/numbering.xml)")
    return messages


def _read_template_parts(template, name: str | None = None) -> dict[str, str]:
    """Return the text of every part Jinja may see: each XML part under word/ (not the
    relationships) and the core properties. Read within package_reader.py's limits."""
    name = name or str(template)
    parts = read_package(template, name, TemplateError).parts
    try:
        return {n: data.decode("utf-8") for n, data in parts.items()
                if (n.startswith("word/") and n.endswith(".xml") and "/_rels/" not in n)
                or n == _CORE}
    except UnicodeDecodeError as exc:
        raise TemplateError(f"template {name} has a part that is not UTF-8 text: {exc}") from exc


def _paragraph_texts(root) -> list[str]:
    t, p = f"{{{W_NS}}}t", f"{{{W_NS}}}p"
    return ["".join(el.text or "" for el in para.iter(t)) for para in root.iter(p)]


def _tag_problems(text: str) -> list[str]:
    if "{" not in text and "}" not in text:
        return []
    problems, opened, start = [], None, 0
    for m in _DELIMS.finditer(text):
        d = m.group(0)
        if d in _CLOSER:
            if opened:
                problems.append(f"'{opened}' opened before '{d}' is closed")
            opened, start = d, m.start()
        elif opened and d == _CLOSER[opened]:
            tag = text[start:m.end()]
            if any(c in tag for c in _CURLY):
                problems.append(f"curly quotes in {tag} (Word autocorrect): use straight quotes")
            if tag[2:3] == "p" and text.strip() != tag.strip():
                problems.append(f"text beside {tag} is dropped: give the tag its own paragraph")
            if re.fullmatch(r"\{\{[^p]?\s*body\s*\}\}", tag):
                problems.append(f"write {{{{p body }}}}, not {tag}: the body is paragraphs")
            opened = None
        elif not opened:
            problems.append(f"'{d}' without an opening tag")
    if opened:
        problems.append(f"'{opened}' not closed in the same paragraph")
    return problems


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")
