"""The document model between assembly and the writers (nodes.py), the Markdown reader that
fills it (markdown.py) and the builder the assemblers write with (builder.py)."""

from scr_docs.model.builder import DocBuilder
from scr_docs.model.nodes import Document, FieldText, Source, source_of

__all__ = ["DocBuilder", "Document", "FieldText", "Source", "source_of"]
