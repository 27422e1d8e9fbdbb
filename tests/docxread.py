"""Reading built .docx files in tests: every XML part with a strict parser, paragraphs as
(style id, text, element)."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

from scr_docs.text import normalise

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
      "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
      "dc": "http://purl.org/dc/elements/1.1/"}
PARSER = etree.XMLParser(resolve_entities=False)  # strict: no recover


class Docx:
    """A built .docx read part by part, every XML part with a strict parser."""

    def __init__(self, path: Path):
        self.path = path
        with zipfile.ZipFile(path) as z:
            self.parts = {n: z.read(n) for n in z.namelist()}

    def xml(self, name: str = "word/document.xml"):
        return etree.fromstring(self.parts[name], PARSER)

    def paragraphs(self, name: str = "word/document.xml") -> list[tuple[str, str, object]]:
        """Return (style id, text, element) of each paragraph; a break reads as a space."""
        out = []
        for p in self.xml(name).iter(f"{{{W}}}p"):
            style = p.xpath("string(w:pPr/w:pStyle/@w:val)", namespaces=NS)
            text = "".join(el.text or "" if el.tag == f"{{{W}}}t" else " " for el in
                           p.iter(f"{{{W}}}t", f"{{{W}}}br", f"{{{W}}}tab"))
            out.append((style, normalise(text), p))
        return out

    def text(self, name: str = "word/document.xml") -> str:
        return "\n".join(t for _, t, _ in self.paragraphs(name))

    def all_text(self) -> str:
        """The body with every header and footer."""
        names = ["word/document.xml"] + sorted(
            n for n in self.parts if re.fullmatch(r"word/(header|footer)\d*\.xml", n))
        return "\n".join(self.text(n) for n in names)


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    """Return a zip file (a .docx, or a package embedded in one) holding ``parts``."""
    import io

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return out.getvalue()
