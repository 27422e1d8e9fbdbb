"""Render a .docx: docxtpl template + a document model written by wordml.WordBody -> bytes.

docxtpl fills the template's Jinja tags (autoescape on, StrictUndefined); ``{{p body }}``
receives a marker paragraph. The saved package is then finished in memory: the body replaces
the marker (so neither Jinja nor docxtpl's rewriting of rendered XML ever sees prose),
footnotes, ordered-list instances, hyperlink relationships and document properties are
written, identifying traces (rsids, attached template, thumbnail) removed, and every XML part
parsed strictly so a corrupt document is never returned. The board's logo, when the
review has one, replaces the run that ``{{ logo }}`` printed: an inline picture with its
alternative text, its bytes without text metadata (picture.py). The template check is
template_check.py; strict parsing and small part edits are package.py.
"""

from __future__ import annotations

import io
import os
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

from lxml import etree

from scr_docs.errors import Problem, TemplateError
from scr_docs.ooxml.package import R_NS, REL_NS, W_NS, ensure_ns, insert_before_close, parse_part
from scr_docs.render.picture import Logo, place_logo, read_logo
from scr_docs.render.toc import fill_contents
from scr_docs.render.sandbox import LOGO_MARKER, TEMPLATE_VARIABLES, sandbox, time_limit
from scr_docs.model.builder import DocBuilder
from scr_docs.model.markdown import typographic
from scr_docs.model.nodes import Document
from scr_docs.model.properties import CoreProperties
from scr_docs.render.wordml import WordBody, escape, strip_invalid

__all__ = ["TEMPLATE_VARIABLES", "check_template", "finish_package", "render_docx"]

HYPERLINK = R_NS + "/hyperlink"
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
BODY_MARKER = "<w:p><w:r><w:t>scr-docs-body-9c41e7</w:t></w:r></w:p>"
DEFLATE_LEVEL = 4
"""zlib level the package's members are compressed at: 4 takes half the time of zlib's
default 6 for files 3-8% larger (the example's overview report 48 kB instead of 45 kB; at
16 times its length 327 kB instead of 302 kB, 24 ms less; level 1 would be 17-27% larger)."""
RENDER_SECONDS = 20
"""Longest a template may take to render (s); a template that passed the tag check takes ms."""


def __getattr__(name: str):
    """``check_template`` is imported when first asked for: a build with the shipped
    templates never needs it."""
    if name == "check_template":
        from scr_docs.render.template_check import check_template

        return check_template
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# -- rendering ------------------------------------------------------------------------------
def render_docx(template_path: str | os.PathLike, context: dict,
                writer: WordBody | DocBuilder | Document, properties: CoreProperties | dict,
                check_tags: bool = True, warnings: list[Problem] | None = None) -> bytes:
    """Return the .docx made from a template, its variables and a body: a document model
    (a ``Document`` or the ``DocBuilder`` holding it) or the model already written as a
    ``WordBody``.

    ``context["logo"]``, when set, is ``(path of the image, alternative text)``: the run
    holding ``{{ logo }}`` becomes that picture (see :func:`read_logo`). ``check_tags``
    (a board's house template) first rebuilds the template from the allow-list of
    template_clean.py, appending a warning Problem to ``warnings`` for each part dropped
    (``TemplateError`` for what is refused), then runs the tag check; the build skips both
    for the shipped templates, which the test suite checks, as they cost 15 ms a document.
    """
    from docxtpl import DocxTemplate
    from jinja2 import TemplateError as JinjaError
    from markupsafe import Markup

    source = template_path
    messages = []
    if check_tags:  # a board's own template; the shipped ones are checked by the tests
        from scr_docs.render.template_check import check_template
        from scr_docs.render.template_clean import clean_template

        source, dropped = clean_template(template_path)
        if warnings is not None:
            warnings.extend(dropped)
        messages = check_template(source, set(context) | {"body", "logo"},
                                  name=str(template_path))
    if messages:
        raise TemplateError(f"template {template_path} has {len(messages)} problem(s) in its tags",
                            [Problem(m, file=str(template_path)) for m in messages])
    if not isinstance(writer, WordBody):
        writer = WordBody(writer if isinstance(writer, Document) else writer.document)
    body = writer.xml()  # parsed (strictly) once, in word/document.xml: finish_package
    logo = read_logo(*context["logo"]) if context.get("logo") else None
    tpl = DocxTemplate(io.BytesIO(source) if isinstance(source, bytes) else source)
    env = sandbox()
    data = {k: _plain(k, v) for k, v in context.items() if k in TEMPLATE_VARIABLES
            and k not in ("logo", "body")}
    # like the body, the picture is put in after render(): {{ logo }} prints a marker
    data["logo"] = LOGO_MARKER if logo is not None else ""
    # docxtpl places a marker paragraph; the body replaces it afterwards, so docxtpl's
    # rewriting of rendered XML (tabs, newlines, "{_{", table fixing) never sees it
    data["body"] = Markup(BODY_MARKER)
    try:
        with time_limit(RENDER_SECONDS, f"rendering the template {template_path}"):
            tpl.render(data, jinja_env=env, autoescape=True)
        out = io.BytesIO()
        tpl.save(out)
    except JinjaError as exc:
        raise TemplateError(f"template {template_path}: {exc}") from exc
    except (etree.XMLSyntaxError, KeyError, ValueError, AttributeError, TypeError, IndexError,
            zipfile.BadZipFile) as exc:
        if not check_tags:  # a shipped template: a bug, not the board's file
            raise
        raise TemplateError(f"house template {template_path} cannot be used: Word's reader "
                            f"failed on it ({type(exc).__name__}: {exc}); save it again from "
                            "Word") from exc
    return finish_package(out.getvalue(), writer, properties, body, logo)


def _plain(name: str, value) -> str | bool:
    """Return a context value as a plain ``str`` (characters XML cannot hold removed) or
    ``bool``: a template never receives an object with methods. Raises ``TemplateError`` for
    any other type, which would be a bug in an assembler."""
    if isinstance(value, bool):
        return value
    if value is None:
        return ""
    if isinstance(value, str):  # the house typographic policy: curly quotes (model.markdown)
        return typographic(strip_invalid(str(value)))
    raise TemplateError(f"template variable {name} must be text or true/false, "
                        f"not {type(value).__name__}")


def finish_package(docx: bytes, writer: WordBody, properties: CoreProperties | dict,
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
    body = writer.xml() if body is None else body
    body_xml = body.encode("utf-8")
    place_logo(parts, names, logo, body_xml)  # in the template's text, before the body
    parts["word/document.xml"] = parts["word/document.xml"].replace(marker, body_xml)
    _finish_document(parts, body)
    _place_pictures(parts, names, writer)
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
    properties = CoreProperties.of(properties)
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
            if name.endswith((".xml", ".rels")) and name != "word/document.xml":
                root = parse_part(data, name, TemplateError)
                if name.startswith("word/") and b"rsid" in data:
                    _strip_rsids(root)
                    data = _serialise(root)
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            zout.writestr(info, data, compresslevel=DEFLATE_LEVEL)
    return out.getvalue()


def _finish_document(parts: dict, body: str) -> None:
    """Parse ``word/document.xml`` (body in place) once, strictly, and make every edit on
    that tree: the contents page (readable before Word updates it), no rsids. The part is
    written again only when it was edited. Raises ``TemplateError`` naming the body written
    from the model when it is the body that is not well-formed."""
    data = parts["word/document.xml"]
    try:
        root = parse_part(data, "word/document.xml")
    except TemplateError:  # name the body when it is the body that fails
        parse_part(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">{body}</w:body>'.encode(),
                   "document body written from the model")
        raise
    contents = b"TOC" in data
    if contents:
        fill_contents(root, parts.get("word/styles.xml"), parts.get("word/numbering.xml"))
    rsids = b"rsid" in data
    if rsids:
        _strip_rsids(root)
    if contents or rsids:
        parts["word/document.xml"] = _serialise(root)


def _place_pictures(parts: dict, names: list[str], writer: WordBody) -> None:
    """Add the body's pictures: media parts, image relationships, content types."""
    if not writer.pictures:
        return
    from scr_docs.render.picture import IMAGE, CONTENT_TYPES, _add_default_type

    rels_name = "word/_rels/document.xml.rels"
    rels = parts.get(rels_name) or (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="' + REL_NS.encode() + b'"></Relationships>')
    if rels_name not in parts:
        names.insert(names.index("word/document.xml") + 1, rels_name)
    entries = "".join(f'<Relationship Id="{rid}" Type="{IMAGE}" Target="{part[5:]}"/>'
                      for rid, part, _ in writer.pictures)
    parts[rels_name] = insert_before_close(rels, b"</Relationships>", entries, rels_name)
    for _, part, data in writer.pictures:
        names.append(part)
        parts[part] = data
        ext = part.rsplit(".", 1)[1]
        parts["[Content_Types].xml"] = _add_default_type(parts["[Content_Types].xml"], ext,
                                                         CONTENT_TYPES[ext])


def _footnotes(xml: bytes | None, writer: WordBody) -> bytes | None:
    if xml is None:
        if writer.footnotes:
            raise TemplateError("the template has no word/footnotes.xml part, so the body's"
                                " footnotes cannot be written")
        return None
    root = parse_part(xml, "word/footnotes.xml")
    w_type = f"{{{W_NS}}}type"
    for note in root.findall(f"{{{W_NS}}}footnote"):
        if note.get(w_type) in (None, "normal"):  # keep only separators
            root.remove(note)
    xml = _serialise(root)
    xml = ensure_ns(xml, b"<w:footnotes", "r", R_NS)
    return insert_before_close(xml, b"</w:footnotes>", writer.footnotes_xml(),
                                "word/footnotes.xml")


def _numbering(xml: bytes | None, writer: WordBody) -> bytes:
    if xml is None:
        raise TemplateError("the template has no word/numbering.xml part (ordered lists need"
                            " abstractNum 3)")
    root = parse_part(xml, "word/numbering.xml")
    ns = {"w": W_NS}
    if not root.xpath("w:abstractNum[@w:abstractNumId='3']", namespaces=ns):
        raise TemplateError("word/numbering.xml has no abstractNum 3 for ordered lists")
    taken = set(root.xpath("w:num/@w:numId", namespaces=ns))
    clash = [n.num_id for n in writer.list_nums if str(n.num_id) in taken]
    if clash:
        raise TemplateError(f"word/numbering.xml already uses numId {clash[0]}")
    close = b"<w:numIdMacAtCleanup" if b"<w:numIdMacAtCleanup" in xml else b"</w:numbering>"
    return insert_before_close(xml, close, writer.numbering_xml(), "word/numbering.xml")


def _add_links(xml: bytes | None, links: list[tuple[str, str]], name: str) -> bytes:
    if xml is None:
        xml = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<Relationships xmlns="' + REL_NS.encode() + b'"></Relationships>')
    taken = set(parse_part(xml, name).xpath("//@Id"))
    rels = []
    for rid, url in links:
        if rid in taken:
            raise TemplateError(f"{name} already has a relationship {rid}")
        rels.append(f'<Relationship Id="{rid}" Type="{HYPERLINK}" Target="{escape(url, True)}"'
                    ' TargetMode="External"/>')
    return insert_before_close(xml, b"</Relationships>", "".join(rels), name)


def _timestamp(properties: CoreProperties) -> str:
    value = properties.timestamp
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


def _text(properties: CoreProperties, key: str, default: str = "") -> str:
    value = getattr(properties, key) or default
    if isinstance(value, (list, tuple)):
        value = ", ".join(str(v) for v in value)
    return escape("" if value is None else str(value))


def _core_xml(properties: CoreProperties) -> bytes:
    when = _timestamp(properties)
    creator = _text(properties, "creator")
    modified_by = _text(properties, "last_modified_by", properties.creator)
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


def _app_xml(properties: CoreProperties) -> bytes:
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
    parts["[Content_Types].xml"] = insert_before_close(
        parts["[Content_Types].xml"], b"</Types>",
        f'<Override PartName="/{name}" ContentType="{content_type}"/>', "[Content_Types].xml")
    parts["_rels/.rels"] = insert_before_close(
        parts["_rels/.rels"], b"</Relationships>",
        f'<Relationship Id="rIdScr{Path(name).stem.title()}" Type="{rel_type}" Target="{name}"/>',
        "_rels/.rels")


def _drop_identity(parts: dict, names: list[str]) -> None:
    """Remove what names a machine or a person: the attached template's path, thumbnail."""
    settings = parts.get("word/settings.xml")
    if settings is not None and (b"attachedTemplate" in settings or b"rsids" in settings):
        root = parse_part(settings, "word/settings.xml")
        for tag in ("attachedTemplate", "rsids"):
            for el in root.findall(f"{{{W_NS}}}{tag}"):
                root.remove(el)
        parts["word/settings.xml"] = _serialise(root)
    rels = "word/_rels/settings.xml.rels"
    if rels in parts and b"attachedTemplate" in parts[rels]:
        root = parse_part(parts[rels], rels)
        for rel in root:
            if str(rel.get("Type", "")).endswith("/attachedTemplate"):
                root.remove(rel)
        parts[rels] = _serialise(root)
    thumbs = [n for n in names if n.startswith("docProps/thumbnail")]
    if thumbs and "_rels/.rels" in parts:
        root = parse_part(parts["_rels/.rels"], "_rels/.rels")
        for rel in root:
            if str(rel.get("Type", "")).endswith("/metadata/thumbnail"):
                root.remove(rel)
        parts["_rels/.rels"] = _serialise(root)
        for n in thumbs:
            names.remove(n)


def _strip_rsids(root) -> None:
    """Remove the ``w:rsid*`` attributes (revision ids tie a file to a session) from the
    parsed part ``root``. The XPath selects the attributes themselves: selecting the
    elements that hold one took three times longer."""
    for value in root.xpath("//@*[starts-with(local-name(), 'rsid')][namespace-uri() = $ns]",
                            ns=W_NS):
        del value.getparent().attrib[value.attrname]


def _serialise(root) -> bytes:
    """Return a parsed part as the bytes of a package member (UTF-8, standalone)."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
