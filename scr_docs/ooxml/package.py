"""Reading and editing the XML parts of a Word package: one strict parser, small edits."""

from __future__ import annotations

from lxml import etree

from scr_docs.errors import TemplateError

from scr_docs.ooxml.names import PARSER as _PARSER
from scr_docs.ooxml.names import PKG_RELS as REL_NS
from scr_docs.ooxml.names import R as R_NS
from scr_docs.ooxml.names import W as W_NS

__all__ = ["REL_NS", "R_NS", "W_NS", "ensure_ns", "insert_before_close", "parse_part"]


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
