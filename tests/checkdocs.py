"""Small hand-made .docx files for the check tests: python-docx for the package, raw XML inside."""

from __future__ import annotations

import io
import re
import zipfile
from xml.sax.saxutils import escape, quoteattr

import docx

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (f'xmlns:w="{W_NS}" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CT_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml"
BOARD = "Test Safeguarding Children Board"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082")


def run(text: str, rpr: str = "") -> str:
    """Return a run holding ``text`` (spaces kept), with optional run properties XML."""
    props = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{props}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def para(*runs: str, style: str = "", ppr: str = "") -> str:
    """Return a paragraph; each argument is text (a plain run) or run XML starting with '<'."""
    inner = "".join(r if r.startswith("<") else run(r) for r in runs)
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    props = f"<w:pPr>{style_xml}{ppr}</w:pPr>" if style_xml or ppr else ""
    return f"<w:p>{props}{inner}</w:p>"


def heading(text: str, level: int = 1) -> str:
    return para(text, style=f"Heading{level}")


def table(rows: list[list[str]], header: bool = True, cell_xml: dict | None = None,
          style: str = "TableGrid") -> str:
    """Return a table; ``header`` marks the first row to repeat; ``cell_xml`` adds tcPr XML."""
    cell_xml = cell_xml or {}
    out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="{style}"/><w:tblW w:w="0" w:type="auto"/>'
           '</w:tblPr><w:tblGrid>' + '<w:gridCol w:w="2000"/>' * max(map(len, rows)) +
           "</w:tblGrid>"]
    for r, cells in enumerate(rows):
        trpr = "<w:trPr><w:tblHeader/></w:trPr>" if header and r == 0 else ""
        out.append(f"<w:tr>{trpr}")
        for c, text in enumerate(cells):
            tcpr = cell_xml.get((r, c), "")
            out.append(f"<w:tc><w:tcPr>{tcpr}</w:tcPr>{para(text)}</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def link(text: str, rid: str = "rIdLink1") -> str:
    return f'<w:hyperlink r:id="{rid}">{run(text)}</w:hyperlink>'


def image(descr: str | None = "A diagram of the review process", extra: str = "") -> str:
    """Return a run with an inline picture; ``descr`` None leaves out the alt text."""
    alt = f" descr={quoteattr(descr)}" if descr is not None else ""
    return (f'<w:r><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/>'
            f'<wp:docPr id="1" name="Picture 1"{alt}>{extra}</wp:docPr>'
            '<a:graphic><a:graphicData '
            'uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
            '<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="p.png"/><pic:cNvPicPr/></pic:nvPicPr>'
            '<pic:blipFill><a:blip r:embed="rIdImage1"/></pic:blipFill><pic:spPr/></pic:pic>'
            "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>")


def _add_override(types: str, part: str, content_type: str) -> str:
    return types.replace("</Types>", f'<Override PartName="/{part}" ContentType="{content_type}"/>'
                                      "</Types>")


def _add_rel(rels: str, rid: str, kind: str, target: str, external: bool = False) -> str:
    mode = ' TargetMode="External"' if external else ""
    return rels.replace("</Relationships>", f'<Relationship Id="{rid}" Type="{REL}/{kind}" '
                                            f'Target="{escape(target)}"{mode}/></Relationships>')


def make_docx(body: list[str] | str = (), *, title: str = "Serious Case Review: Child A",
              language: str | None = "en-GB", creator: str = BOARD,
              headers: dict[str, str] | None = None, footnotes: list[str] | None = None,
              comments: list[tuple[str, str]] | None = None, styles=None,
              links: dict[str, str] | None = None, core: dict[str, str] | None = None,
              app: dict[str, str] | None = None, extra: dict[str, bytes] | None = None) -> bytes:
    """Return .docx bytes with ``body`` (paragraph/table XML) and the parts asked for.

    ``headers`` maps ``header1.xml`` to paragraph XML; ``footnotes`` are paragraph XML for
    notes 1..N; ``comments`` are (author, text); ``styles`` edits styles.xml (str -> str).
    Heading colours of python-docx's template are darkened so a plain document passes.
    """
    d = docx.Document()
    props = d.core_properties
    props.title = title
    props.author = creator
    props.last_modified_by = ""
    props.comments = ""
    if language:
        props.language = language
    for key, value in (core or {}).items():
        setattr(props, key, value)
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    files = {n: src.read(n) for n in src.namelist()}
    types = files["[Content_Types].xml"].decode()
    rels = files["word/_rels/document.xml.rels"].decode()
    style_xml = files["word/styles.xml"].decode().replace('w:val="4F81BD"', 'w:val="1F3864"')
    if not language:
        style_xml = re.sub(r"<w:lang [^>]*/>", "", style_xml)
    if styles:
        style_xml = styles(style_xml)
    files["word/styles.xml"] = style_xml.encode()
    if app:
        text = files["docProps/app.xml"].decode()
        for key, value in app.items():
            text = text.replace(f"<{key}/>", f"<{key}>{escape(value)}</{key}>")
        files["docProps/app.xml"] = text.encode()
    refs = ""
    for i, (name, xml) in enumerate((headers or {}).items(), 1):
        kind = "header" if name.startswith("header") else "footer"
        root = "w:hdr" if kind == "header" else "w:ftr"
        files[f"word/{name}"] = f'<{root} {NS}>{xml}</{root}>'.encode()
        types = _add_override(types, f"word/{name}", f"{CT_MAIN}.{kind}+xml")
        rels = _add_rel(rels, f"rIdHF{i}", kind, name)
        refs += f'<w:{kind}Reference w:type="default" r:id="rIdHF{i}"/>'
    if footnotes is not None:
        notes = ('<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
                 '</w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r>'
                 "<w:continuationSeparator/></w:r></w:p></w:footnote>")
        notes += "".join(f'<w:footnote w:id="{i}">{xml}</w:footnote>'
                         for i, xml in enumerate(footnotes, 1))
        files["word/footnotes.xml"] = f"<w:footnotes {NS}>{notes}</w:footnotes>".encode()
        types = _add_override(types, "word/footnotes.xml", f"{CT_MAIN}.footnotes+xml")
        rels = _add_rel(rels, "rIdFootnotes", "footnotes", "footnotes.xml")
    if comments:
        items = "".join(f'<w:comment w:id="{i}" w:author={quoteattr(a)} w:initials="X">'
                        f"{para(t)}</w:comment>" for i, (a, t) in enumerate(comments))
        files["word/comments.xml"] = f"<w:comments {NS}>{items}</w:comments>".encode()
        types = _add_override(types, "word/comments.xml", f"{CT_MAIN}.comments+xml")
        rels = _add_rel(rels, "rIdComments", "comments", "comments.xml")
    for rid, url in (links or {"rIdLink1": "https://example.org/guidance"}).items():
        rels = _add_rel(rels, rid, "hyperlink", url, external=True)
    files["word/media/image1.png"] = PNG
    rels = _add_rel(rels, "rIdImage1", "image", "media/image1.png")
    png = '<Default Extension="png" ContentType="image/png"/>'
    types = types.replace('<Default Extension="rels"', png + '<Default Extension="rels"')
    body_xml = body if isinstance(body, str) else "".join(body)
    files["word/document.xml"] = (
        f"<w:document {NS}><w:body>{body_xml}<w:sectPr>{refs}"
        '<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>').encode()
    files["[Content_Types].xml"] = types.encode()
    files["word/_rels/document.xml.rels"] = rels.encode()
    files.update(extra or {})
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def clean_body() -> list[str]:
    """Return a body that passes every check: headings in order, a proper table, alt text."""
    return [
        para("Serious Case Review: Child A", style="Title"),
        heading("Introduction", 1),
        para("This review looks at the help Child A was given by the agencies involved."),
        heading("The agencies", 2),
        para("The agencies are listed in the table below."),
        table([["Agency", "Role"], ["Children's Social Care", "Assessment"]]),
        para(image("Diagram of how the review was done")),
        para("Read ", link("Working Together to Safeguard Children"), " for the guidance."),
        para("First point of the list.", style="ListNumber"),
    ]
