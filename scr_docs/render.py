"""Render a .docx: docxtpl template + DocWriter body -> bytes.

docxtpl fills the template's Jinja tags (autoescape on, StrictUndefined); ``{{p body }}``
receives a marker paragraph. The saved package is then finished in memory: the body replaces
the marker (so neither Jinja nor docxtpl's rewriting of rendered XML ever sees prose),
footnotes, ordered-list instances, hyperlink relationships and document properties are
written, identifying traces (rsids, attached template, thumbnail) removed, and every XML part
parsed strictly so a corrupt document is never returned. The board's logo, when the
review has one, replaces the run that ``{{ logo }}`` printed: an inline picture with its
alternative text, its bytes without text metadata (EXIF, XMP, PNG text chunks).
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from lxml import etree

from .errors import Problem, TemplateError
from .markdown_xml import escape, strip_invalid
from .wordml import DocWriter

TEMPLATE_VARIABLES = frozenset({
    "board_name", "review_type_title", "doc_title", "child", "date_text", "draft", "marking",
    "subtitle", "authors_line", "body", "logo"})
"""The Jinja variables every template may use (docs/architecture.md)."""

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
HYPERLINK = R_NS + "/hyperlink"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
_TAGGED_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes)\.xml$")
_DELIMS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")
_CLOSER = {"{{": "}}", "{%": "%}", "{#": "#}"}
_CURLY = "\u201c\u201d\u2018\u2019"
BODY_MARKER = "<w:p><w:r><w:t>scr-docs-body-9c41e7</w:t></w:r></w:p>"
LOGO_MARKER = "scr-docs-logo-3f8a2d"
"""What ``{{ logo }}`` prints; render.py swaps the run holding it for the picture."""


class LogoSlot:
    """The template variable ``logo``: true when the review has a logo.

    ``{{ logo }}`` prints a marker that render.py replaces with the picture, at most
    6 cm wide and 2.2 cm high; ``{{ logo.fit(4, 1.2) }}`` sets another box (cm).
    """

    def __init__(self, present: bool):
        self.present = bool(present)

    def __bool__(self) -> bool:
        return self.present

    def __str__(self) -> str:
        return LOGO_MARKER if self.present else ""

    __html__ = __str__

    def fit(self, width_cm: float, height_cm: float) -> str:
        """Print the marker of a logo fitted into ``width_cm`` x ``height_cm``."""
        if not self.present:
            return ""
        width, height = float(width_cm), float(height_cm)
        if not (0.1 <= width <= 50 and 0.1 <= height <= 50):
            raise TemplateError(f"logo.fit({width_cm}, {height_cm}): give the box in cm, "
                                "each side from 0.1 to 50")
        return f"{LOGO_MARKER}-{width:.2f}x{height:.2f}"


# -- template check -------------------------------------------------------------------------
def check_template(template_path: str | os.PathLike, allowed: set[str] | frozenset[str] | None
                   = None) -> list[str]:
    """Return messages about Jinja tags in a template that would fail or mislead.

    Finds tags not closed within their paragraph (docxtpl joins a tag split across runs, not
    across paragraphs), tags docxtpl could not join, curly quotes inside tags (Word's
    autocorrect), Jinja syntax errors and variables outside `allowed`.
    """
    from docxtpl import DocxTemplate
    from jinja2 import Environment, TemplateSyntaxError, meta

    allowed = TEMPLATE_VARIABLES if allowed is None else allowed
    parts = _read_template_parts(template_path)
    patcher = DocxTemplate(template_path)
    env = Environment(autoescape=True)
    messages: list[str] = []
    used: set[str] = set()
    for name, xml in parts.items():
        root = _parse(xml.encode("utf-8"), name, TemplateError)
        for number, text in enumerate(_paragraph_texts(root), 1):
            messages += [f"{name}, paragraph {number} ({_short(text)}): {m}"
                         for m in _tag_problems(text)]
        patched = patcher.patch_xml(xml)
        for m in re.finditer(r"\{\{.*?\}\}|\{%.*?%\}", patched, re.S):
            if "<" in m.group(0):
                messages.append(f"{name}: tag {_short(re.sub('<[^>]*>', '', m.group(0)))} is split"
                                " in a way docxtpl cannot repair; retype it in one go")
        try:
            used |= meta.find_undeclared_variables(env.parse(patched))
        except TemplateSyntaxError as exc:
            messages.append(f"{name}: Jinja syntax error: {exc.message}")
    unknown = sorted(used - set(allowed))
    if unknown:
        messages.append("unknown template variables: " + ", ".join(unknown)
                        + " (known: " + ", ".join(sorted(allowed)) + ")")
    doc = parts.get("word/document.xml", "")
    start = doc[doc.find("<w:document"):][:4000].split(">", 1)[0]
    if start and f'xmlns:r="{R_NS}"' not in start:
        messages.append("word/document.xml does not declare the r: namespace on w:document;"
                        " hyperlinks in the body would break")
    return messages


def _read_template_parts(template_path) -> dict[str, str]:
    try:
        with zipfile.ZipFile(template_path) as z:
            return {n: z.read(n).decode("utf-8") for n in z.namelist() if _TAGGED_PARTS.match(n)}
    except FileNotFoundError:
        raise TemplateError(f"template not found: {template_path}") from None
    except (zipfile.BadZipFile, UnicodeDecodeError, KeyError) as exc:
        raise TemplateError(f"template {template_path} is not a Word document: {exc}") from exc


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


# -- rendering ------------------------------------------------------------------------------
def render_docx(template_path: str | os.PathLike, context: dict, writer: DocWriter,
                properties: dict) -> bytes:
    """Return the .docx made from a template, its variables and a DocWriter body.

    ``context["logo"]``, when set, is ``(path of the image, alternative text)``: the run
    holding ``{{ logo }}`` becomes that picture (see :func:`read_logo`).
    """
    from docxtpl import DocxTemplate
    from jinja2 import Environment, StrictUndefined
    from jinja2 import TemplateError as JinjaError
    from markupsafe import Markup

    messages = check_template(template_path, set(context) | {"body", "logo"})
    if messages:
        raise TemplateError(f"template {template_path} has {len(messages)} problem(s) in its tags",
                            [Problem(m, file=str(template_path)) for m in messages])
    body = writer.xml()
    _parse(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{body}</w:body>'.encode("utf-8"),
           "document body built by DocWriter", TemplateError)
    logo = read_logo(*context["logo"]) if context.get("logo") else None
    tpl = DocxTemplate(template_path)
    env = Environment(autoescape=True, undefined=StrictUndefined)
    data = {k: _clean(v) for k, v in context.items() if k != "logo"}
    # like the body, the picture is put in after render(): {{ logo }} prints a marker
    data["logo"] = LogoSlot(logo is not None)
    # docxtpl places a marker paragraph; the body replaces it afterwards, so docxtpl's
    # rewriting of rendered XML (tabs, newlines, "{_{", table fixing) never sees it
    data["body"] = Markup(BODY_MARKER)
    try:
        tpl.render(data, jinja_env=env, autoescape=True)
    except JinjaError as exc:
        raise TemplateError(f"template {template_path}: {exc}") from exc
    out = io.BytesIO()
    tpl.save(out)
    return finish_package(out.getvalue(), writer, properties, body, logo)


def _clean(value):
    """Remove characters XML cannot hold from context strings (lists, dicts too)."""
    if isinstance(value, str) and not hasattr(value, "__html__"):
        return strip_invalid(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    return value


def finish_package(docx: bytes, writer: DocWriter, properties: dict,
                   body: str | None = None, logo: Logo | None = None) -> bytes:
    """Put the body in place of the marker and the logo in place of its run; add footnotes,
    list instances, link relationships and properties; drop identifying traces; check every
    part strictly."""
    with zipfile.ZipFile(io.BytesIO(docx)) as zin:
        names = zin.namelist()
        parts = {n: zin.read(n) for n in names}
    document = parts["word/document.xml"]
    marker = BODY_MARKER.encode("utf-8")
    if document.count(marker) != 1:
        raise TemplateError("the template must hold {{p body }} once, in a paragraph of its own"
                            f" (found the body {document.count(marker)} times)")
    parts["word/document.xml"] = document.replace(
        marker, (writer.xml() if body is None else body).encode("utf-8"))
    _place_logo(parts, names, logo)
    footnotes = _footnotes(parts.get("word/footnotes.xml"), writer)
    if footnotes is not None:
        parts["word/footnotes.xml"] = footnotes
    if writer.list_nums:
        parts["word/numbering.xml"] = _numbering(parts.get("word/numbering.xml"), writer)
    for part in ("document", "footnotes"):
        links = [(rid, url) for rid, url, p in writer.links if p == part]
        if links:
            rels = f"word/_rels/{part}.xml.rels"
            if rels not in parts:
                names.insert(names.index(f"word/{part}.xml") + 1, rels)
            parts[rels] = _add_links(parts.get(rels), links, rels)
    parts["docProps/core.xml"] = _core_xml(properties)
    parts["docProps/app.xml"] = _app_xml(properties)
    for name in ("docProps/core.xml", "docProps/app.xml"):
        if name not in names:
            names.append(name)
            _register_properties_part(parts, name)
    _drop_identity(parts, names)

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in names:
            data = parts[name]
            if name.endswith((".xml", ".rels")):
                root = _parse(data, name, TemplateError)
                if name.startswith("word/") and b"rsid" in data:
                    data = _strip_rsids(root)
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zout.writestr(info, data)
    return out.getvalue()


def _parse(data: bytes, name: str, error=TemplateError):
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise error(f"{name} is not well-formed XML: {exc}") from exc


def _insert_before_close(xml: bytes, close: bytes, extra: str, name: str) -> bytes:
    at = xml.rfind(close)
    if at < 0:
        raise TemplateError(f"{name} has no {close.decode()}")
    return xml[:at] + extra.encode("utf-8") + xml[at:]


def _ensure_ns(xml: bytes, root_tag: bytes, prefix: str, uri: str) -> bytes:
    at = xml.find(root_tag)
    end = xml.find(b">", at)
    if f"xmlns:{prefix}=".encode() in xml[at:end]:
        return xml
    insert = at + len(root_tag)
    return xml[:insert] + f' xmlns:{prefix}="{uri}"'.encode() + xml[insert:]


def _footnotes(xml: bytes | None, writer: DocWriter) -> bytes | None:
    if xml is None:
        if writer.footnotes:
            raise TemplateError("the template has no word/footnotes.xml part, so the body's"
                                " footnotes cannot be written")
        return None
    root = _parse(xml, "word/footnotes.xml")
    w_type = f"{{{W_NS}}}type"
    for note in root.findall(f"{{{W_NS}}}footnote"):
        if note.get(w_type) in (None, "normal"):  # keep only separators
            root.remove(note)
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    xml = _ensure_ns(xml, b"<w:footnotes", "r", R_NS)
    return _insert_before_close(xml, b"</w:footnotes>", writer.footnotes_xml(),
                                "word/footnotes.xml")


def _numbering(xml: bytes | None, writer: DocWriter) -> bytes:
    if xml is None:
        raise TemplateError("the template has no word/numbering.xml part (ordered lists need"
                            " abstractNum 3)")
    root = _parse(xml, "word/numbering.xml")
    ns = {"w": W_NS}
    if not root.xpath("w:abstractNum[@w:abstractNumId='3']", namespaces=ns):
        raise TemplateError("word/numbering.xml has no abstractNum 3 for ordered lists")
    taken = set(root.xpath("w:num/@w:numId", namespaces=ns))
    clash = [n.num_id for n in writer.list_nums if str(n.num_id) in taken]
    if clash:
        raise TemplateError(f"word/numbering.xml already uses numId {clash[0]}")
    close = b"<w:numIdMacAtCleanup" if b"<w:numIdMacAtCleanup" in xml else b"</w:numbering>"
    return _insert_before_close(xml, close, writer.numbering_xml(), "word/numbering.xml")


def _add_links(xml: bytes | None, links: list[tuple[str, str]], name: str) -> bytes:
    if xml is None:
        xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<Relationships xmlns="' + REL_NS.encode() + b'"></Relationships>')
    taken = set(_parse(xml, name).xpath("//@Id"))
    rels = []
    for rid, url in links:
        if rid in taken:
            raise TemplateError(f"{name} already has a relationship {rid}")
        rels.append(f'<Relationship Id="{rid}" Type="{HYPERLINK}" Target="{escape(url, True)}"'
                    ' TargetMode="External"/>')
    return _insert_before_close(xml, b"</Relationships>", "".join(rels), name)


def _timestamp(properties: dict) -> str:
    value = properties.get("timestamp")
    if value is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH")
        value = (datetime.fromtimestamp(int(epoch), timezone.utc) if epoch
                 else datetime.now(timezone.utc))
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _text(properties: dict, key: str, default: str = "") -> str:
    value = properties.get(key, default)
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    return escape("" if value is None else str(value))


def _core_xml(properties: dict) -> bytes:
    when = _timestamp(properties)
    creator = _text(properties, "creator")
    modified_by = _text(properties, "last_modified_by", properties.get("creator", ""))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
        'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms='
        '"http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_text(properties, 'title')}</dc:title>"
        f"<dc:subject>{_text(properties, 'subject')}</dc:subject>"
        f"<dc:creator>{creator}</dc:creator>"
        f"<cp:keywords>{_text(properties, 'keywords')}</cp:keywords>"
        f"<dc:description>{_text(properties, 'description')}</dc:description>"
        f"<cp:lastModifiedBy>{modified_by}</cp:lastModifiedBy>"
        "<cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{when}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{when}</dcterms:modified>'
        f"<cp:category>{_text(properties, 'category')}</cp:category>"
        f"<dc:language>{_text(properties, 'language', 'en-GB')}</dc:language>"
        "</cp:coreProperties>").encode("utf-8")


def _app_xml(properties: dict) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
        'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
        'docPropsVTypes"><Application>scr-docs</Application><DocSecurity>0</DocSecurity>'
        f"<Company>{_text(properties, 'company')}</Company>"
        "<LinksUpToDate>false</LinksUpToDate></Properties>").encode("utf-8")


_PROPERTY_PARTS = {
    "docProps/core.xml": ("application/vnd.openxmlformats-package.core-properties+xml",
                          "http://schemas.openxmlformats.org/package/2006/relationships/"
                          "metadata/core-properties"),
    "docProps/app.xml": ("application/vnd.openxmlformats-officedocument.extended-properties+xml",
                         R_NS + "/extended-properties"),
}


def _register_properties_part(parts: dict, name: str) -> None:
    content_type, rel_type = _PROPERTY_PARTS[name]
    parts["[Content_Types].xml"] = _insert_before_close(
        parts["[Content_Types].xml"], b"</Types>",
        f'<Override PartName="/{name}" ContentType="{content_type}"/>', "[Content_Types].xml")
    parts["_rels/.rels"] = _insert_before_close(
        parts["_rels/.rels"], b"</Relationships>",
        f'<Relationship Id="rIdScr{Path(name).stem.title()}" Type="{rel_type}" Target="{name}"/>',
        "_rels/.rels")


def _drop_identity(parts: dict, names: list[str]) -> None:
    """Remove what names a machine or a person: the attached template's path, thumbnail."""
    settings = parts.get("word/settings.xml")
    if settings is not None and (b"attachedTemplate" in settings or b"rsids" in settings):
        root = _parse(settings, "word/settings.xml")
        for tag in ("attachedTemplate", "rsids"):
            for el in root.findall(f"{{{W_NS}}}{tag}"):
                root.remove(el)
        parts["word/settings.xml"] = etree.tostring(
            root, xml_declaration=True, encoding="UTF-8", standalone=True)
    rels = "word/_rels/settings.xml.rels"
    if rels in parts and b"attachedTemplate" in parts[rels]:
        root = _parse(parts[rels], rels)
        for rel in root:
            if str(rel.get("Type", "")).endswith("/attachedTemplate"):
                root.remove(rel)
        parts[rels] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                     standalone=True)
    thumbs = [n for n in names if n.startswith("docProps/thumbnail")]
    if thumbs and "_rels/.rels" in parts:
        root = _parse(parts["_rels/.rels"], "_rels/.rels")
        for rel in root:
            if str(rel.get("Type", "")).endswith("/metadata/thumbnail"):
                root.remove(rel)
        parts["_rels/.rels"] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                              standalone=True)
        for n in thumbs:
            names.remove(n)


def _strip_rsids(root) -> bytes:
    """Return the part without w:rsid* attributes (revision ids tie a file to a session)."""
    prefix = f"{{{W_NS}}}rsid"
    for el in root.xpath("//*[@*[namespace-uri() = $ns and starts-with(local-name(), 'rsid')]]",
                         ns=W_NS):
        for key in [k for k in el.attrib if k.startswith(prefix)]:
            del el.attrib[key]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


# -- logo -----------------------------------------------------------------------------------
IMAGE = R_NS + "/image"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
PIC_NS = "http://schemas.openxmlformats.org/drawingml/2006/picture"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
EMU_PER_CM = 360000
LOGO_MAX_HEIGHT = 792000  # 2.2 cm
LOGO_MAX_WIDTH = 2160000  # 6 cm
LOGO_RID = "rIdScrLogo"
CONTENT_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif"}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_TEXT_CHUNKS = {b"tEXt", b"iTXt", b"zTXt", b"eXIf"}
"""PNG chunks that carry text or EXIF (author, software, place): not embedded."""
JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}
JPEG_DROPPED = {0xE1, 0xED, 0xFE}
"""JPEG segments not embedded: APP1 (EXIF, XMP), APP13 (Photoshop IPTC: by-line, caption)
and COM (comments) - all can name a person; none is needed to show the picture."""


@dataclass(frozen=True)
class Logo:
    """An image ready to embed: its bytes (metadata dropped), format, size and alt text."""

    data: bytes
    ext: str
    width: int
    height: int
    alt: str
    source: str = ""

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.ext]

    @property
    def part(self) -> str:
        return f"word/media/logo.{self.ext}"

    def extent(self, max_width: int = LOGO_MAX_WIDTH, max_height: int = LOGO_MAX_HEIGHT
               ) -> tuple[int, int]:
        """Return the printed size in EMU: the largest that fits the box, same shape."""
        scale = min(max_width / self.width, max_height / self.height)
        return max(1, round(self.width * scale)), max(1, round(self.height * scale))


class _Unreadable(Exception):
    pass


def read_logo(path: str | os.PathLike, alt: str) -> Logo:
    """Read a PNG, JPEG or GIF logo: its pixel size, and its bytes without text metadata.

    Raises ``TemplateError`` naming the file when it cannot be read or is of another kind.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"logo file {path} cannot be read: {exc.strerror or exc}") from exc
    if data.startswith(PNG_SIGNATURE):
        kind, reader = "PNG", _png
    elif data.startswith(b"\xff\xd8"):
        kind, reader = "JPEG", _jpeg
    elif data[:6] in (b"GIF87a", b"GIF89a"):
        kind, reader = "GIF", _gif
    else:
        raise TemplateError(f"logo file {path} is not a PNG, JPEG or GIF image; save the logo "
                            "in one of those formats")
    try:
        ext, clean, width, height = reader(data)
    except (_Unreadable, struct.error, IndexError) as exc:
        detail = f" ({exc})" if isinstance(exc, _Unreadable) and str(exc) else ""
        raise TemplateError(f"logo file {path} is not a readable {kind} image{detail}") from None
    if width <= 0 or height <= 0:
        raise TemplateError(f"logo file {path} has no size ({width} x {height} pixels)")
    alt = " ".join(strip_invalid(str(alt or "")).split())
    return Logo(clean, ext, width, height, alt, str(path))


def _png(data: bytes) -> tuple[str, bytes, int, int]:
    """Return the PNG without its text and EXIF chunks, and its size (IHDR)."""
    at, out, size = len(PNG_SIGNATURE), [PNG_SIGNATURE], None
    while True:
        if at + 12 > len(data):
            raise _Unreadable("it ends before its IEND chunk")
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        end = at + 12 + length
        if end > len(data):
            raise _Unreadable(f"its {kind.decode('latin-1')} chunk is cut short")
        if size is None:
            if kind != b"IHDR" or length < 8:
                raise _Unreadable("it does not start with an IHDR chunk")
            size = struct.unpack(">II", data[at + 8:at + 16])
        if kind not in PNG_TEXT_CHUNKS:
            out.append(data[at:end])
        at = end
        if kind == b"IEND":
            break
    return "png", b"".join(out), size[0], size[1]


def _jpeg(data: bytes) -> tuple[str, bytes, int, int]:
    """Return the JPEG without its APP1/APP13/COM segments, and its size (SOF marker)."""
    at, out, size = 2, [data[:2]], None
    while True:
        if at >= len(data) or data[at] != 0xFF:
            raise _Unreadable("a marker is missing before its image data")
        while data[at] == 0xFF:  # fill bytes
            at += 1
        marker = data[at]
        at += 1
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # markers without a length
            out.append(bytes((0xFF, marker)))
            continue
        if marker == 0xD9:
            raise _Unreadable("it ends before its image data")
        (length,) = struct.unpack(">H", data[at:at + 2])
        if length < 2 or at + length > len(data):
            raise _Unreadable("a segment is cut short")
        if marker in JPEG_SOF:
            height, width = struct.unpack(">HH", data[at + 3:at + 7])
            size = (width, height)
        if marker == 0xDA:  # start of scan: the rest is image data, kept as it is
            if size is None:
                raise _Unreadable("no frame header (SOF) comes before its image data")
            out.append(b"\xff\xda" + data[at:])
            return "jpeg", b"".join(out), size[0], size[1]
        if marker not in JPEG_DROPPED:
            out.append(bytes((0xFF, marker)) + data[at:at + length])
        at += length


def _gif(data: bytes) -> tuple[str, bytes, int, int]:
    """Return the GIF without comment and XMP blocks, and its size (screen descriptor)."""
    width, height, packed = struct.unpack("<HHB", data[6:11])
    at = 13 + (3 * 2 ** ((packed & 7) + 1) if packed & 0x80 else 0)
    out = [data[:at]]

    def sub_blocks(at: int) -> int:
        while True:
            size = data[at]
            at += 1 + size
            if size == 0:
                return at

    while True:
        if at >= len(data):
            raise _Unreadable("it ends before its trailer")
        start, kind = at, data[at]
        if kind == 0x3B:  # trailer
            out.append(data[at:at + 1])
            break
        if kind == 0x21:  # extension: label, then sub-blocks
            label = data[at + 1]
            at = sub_blocks(at + 2)
            xmp = label == 0xFF and data[start + 3:start + 11] == b"XMP Data"
            if label != 0xFE and not xmp:
                out.append(data[start:at])
        elif kind == 0x2C:  # image: descriptor, local colour table, LZW size, sub-blocks
            flags = data[at + 9]
            at += 10 + (3 * 2 ** ((flags & 7) + 1) if flags & 0x80 else 0)
            at = sub_blocks(at + 1)
            out.append(data[start:at])
        else:
            raise _Unreadable(f"unknown block 0x{kind:02X}")
        if at > len(data):
            raise _Unreadable("a block is cut short")
    return "gif", b"".join(out), width, height


_MARKER_RUN = re.compile(
    rb"<w:r(?:\s[^>]*)?>(?:<w:rPr>(?:(?!</w:rPr>).)*</w:rPr>)?<w:t(?:\s[^>]*)?>"
    + re.escape(LOGO_MARKER.encode()) + rb"(?:-([0-9.]+)x([0-9.]+))?</w:t></w:r>", re.S)
_DRAWING_IDS = re.compile(rb"<(?:\w+:)?(?:docPr|cNvPr)\s[^>]*?\bid=\"(\d+)\"")


def _place_logo(parts: dict, names: list[str], logo: Logo | None) -> None:
    """Swap each run printing the logo marker for the picture; add the image part, its
    relationship and content type (nothing when the template shows no logo)."""
    marker = LOGO_MARKER.encode()
    stray = [n for n in names if n != "word/document.xml" and n.endswith(".xml")
             and marker in parts[n]]
    if stray:
        raise TemplateError(f"{{{{ logo }}}} can only be placed in the document, not in {stray[0]}")
    document = parts["word/document.xml"]
    if logo is None or marker not in document:
        return
    runs = sum(1 for _ in _MARKER_RUN.finditer(document))
    if runs != document.count(marker):
        raise TemplateError("{{ logo }} must be alone in a run of its own (best in a paragraph "
                            "of its own, inside {%p if logo %} … {%p endif %})")
    rels_name = "word/_rels/document.xml.rels"
    rels = parts.get(rels_name) or (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="' + REL_NS.encode() + b'"></Relationships>')
    taken = set(_parse(rels, rels_name).xpath("//@Id"))
    rid, n = LOGO_RID, 1
    while rid in taken:
        n += 1
        rid = f"{LOGO_RID}{n}"
    if rels_name not in parts:
        names.insert(names.index("word/document.xml") + 1, rels_name)
    parts[rels_name] = _insert_before_close(
        rels, b"</Relationships>",
        f'<Relationship Id="{rid}" Type="{IMAGE}" Target="media/logo.{logo.ext}"/>', rels_name)
    used = [int(i) for name in names if name.startswith("word/") and name.endswith(".xml")
            for i in _DRAWING_IDS.findall(parts[name])]
    next_id = iter(range(max(used, default=0) + 1, 1 << 31))

    def picture(match) -> bytes:
        box = {}
        if match.group(1):
            box = {"max_width": round(float(match.group(1)) * EMU_PER_CM),
                   "max_height": round(float(match.group(2)) * EMU_PER_CM)}
        return _drawing_run(logo, rid, next(next_id), logo.extent(**box)).encode("utf-8")

    document = _MARKER_RUN.sub(picture, document)
    document = _ensure_ns(document, b"<w:document", "r", R_NS)
    parts["word/document.xml"] = _ensure_ns(document, b"<w:document", "wp", WP_NS)
    if logo.part not in parts:
        names.append(logo.part)
    parts[logo.part] = logo.data
    parts["[Content_Types].xml"] = _add_default_type(parts["[Content_Types].xml"], logo.ext,
                                                     logo.content_type)


def _add_default_type(xml: bytes, ext: str, content_type: str) -> bytes:
    root = _parse(xml, "[Content_Types].xml")
    for default in root.findall(f"{{{CT_NS}}}Default"):
        if (default.get("Extension") or "").lower() == ext:
            if default.get("ContentType") != content_type:
                raise TemplateError(f"[Content_Types].xml gives .{ext} files the type "
                                    f"{default.get('ContentType')}, not {content_type}")
            return xml
    start = re.search(rb"<Types(?:\s[^>]*)?>", xml)
    if start is None:
        raise TemplateError("[Content_Types].xml has no <Types> element")
    at = start.end()
    return (xml[:at] + f'<Default Extension="{ext}" ContentType="{content_type}"/>'.encode()
            + xml[at:])


def _drawing_run(logo: Logo, rid: str, shape_id: int, extent: tuple[int, int]) -> str:
    """Return a run holding the logo as an inline picture (DrawingML), with its alt text."""
    cx, cy = extent
    alt = escape(logo.alt, True)
    return (
        '<w:r><w:rPr><w:noProof/></w:rPr><w:drawing>'
        '<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="Logo" descr="{alt}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{A_NS}" noChangeAspect="1"/>'
        f'</wp:cNvGraphicFramePr><a:graphic xmlns:a="{A_NS}">'
        f'<a:graphicData uri="{PIC_NS}"><pic:pic xmlns:pic="{PIC_NS}">'
        f'<pic:nvPicPr><pic:cNvPr id="{shape_id}" name="logo.{logo.ext}" descr="{alt}"/>'
        '<pic:cNvPicPr><a:picLocks noChangeAspect="1" noChangeArrowheads="1"/></pic:cNvPicPr>'
        f'</pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/><a:srcRect/>'
        '<a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr bwMode="auto"><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:noFill/></pic:spPr>'
        '</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')
