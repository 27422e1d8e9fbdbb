"""Reading and editing the XML parts of a Word package: one strict parser, small edits."""

from __future__ import annotations

from lxml import etree

from scr_docs.errors import TemplateError

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


def parse_part(data: bytes, name: str, error=TemplateError):
    """Return the root of a part, parsed strictly; raise ``error`` naming the part."""
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise error(f"{name} is not well-formed XML: {exc}") from exc


def insert_before_close(xml: bytes, close: bytes, extra: str, name: str) -> bytes:
    """Return ``xml`` with ``extra`` inserted before its last ``close`` tag."""
    at = xml.rfind(close)
    if at < 0:
        raise TemplateError(f"{name} has no {close.decode()}")
    return xml[:at] + extra.encode("utf-8") + xml[at:]


def ensure_ns(xml: bytes, root_tag: bytes, prefix: str, uri: str) -> bytes:
    """Return ``xml`` whose root element declares ``xmlns:prefix``."""
    at = xml.find(root_tag)
    end = xml.find(b">", at)
    if f"xmlns:{prefix}=".encode() in xml[at:end]:
        return xml
    insert = at + len(root_tag)
    return xml[:insert] + f' xmlns:{prefix}="{uri}"'.encode() + xml[insert:]
