"""Links and headings as a screen-reader user meets them: link text that says where the link
goes, and heading levels that never skip."""

from __future__ import annotations

import re

from scr_docs.textrules.base import Corpus, Finding

_URL = re.compile(r"^(?:https?://|ftp://|www\.)", re.IGNORECASE)
_VAGUE = {"click here", "here", "link", "this link", "#", "read more", "more", "click",
          "click this link", "follow this link", "this", "go", "this page", "website"}


CITATION_FIELDS = ("bibliography", "press_release.notes_to_editors", "learning_summary.resources")
"""Fields whose links are citations: the text around a bare address says where it goes."""
CITATION_HEADINGS = re.compile(r"^(?:\d+(?:\.\d+)*\.?\s+)?(?:bibliography|references|further "
                               r"reading|resources|sources|notes to editors?)\b", re.IGNORECASE)


def _in_citations(passage, headings: dict[int, str]) -> bool:
    source = passage.source
    if source is not None and not source.generated:
        return source.field.startswith(CITATION_FIELDS)
    return any(CITATION_HEADINGS.match(h.strip()) for h in headings.values())


def link_text(corpus: Corpus) -> list[Finding]:
    """Find links with no text, a bare address as text, or text such as "click here". A bare
    address is fine in a citation (a bibliography entry, notes to editors, a resource list:
    by field in a build, by the section's heading in a .docx)."""
    out = []
    headings: dict[int, str] = {}  # the headings the passage is under, by level
    document = None
    for passage in corpus.passages():
        if passage.document != document:
            document, headings = passage.document, {}
        if passage.kind == "heading":
            level = passage.level or 1
            headings = {k: v for k, v in headings.items() if k < level}
            headings[level] = passage.text
        for shown, target in passage.links:
            words = " ".join(shown.split())
            plain = words.lower().strip(" .:;,!?()[]\"'“”‘’")
            if not words:
                message = f"link to {target or 'nowhere'} has no text"
            elif _URL.match(words):
                if _in_citations(passage, headings):
                    continue
                message = (f'link text is a bare address ("{words}"); say where the link goes, '
                           "e.g. the page's title")
            elif plain in _VAGUE or words == "#":
                message = f'link text "{words}" does not say where the link goes'
            else:
                continue
            out.append(Finding("link-text", message, passage, "error"))
    return out


def heading_levels(corpus: Corpus) -> list[Finding]:
    """Find empty headings, a first heading below level 1, and a level skipped."""
    out = []
    for document in corpus.documents:
        previous = 0
        for passage in corpus.passages(document, kinds=("heading",)):
            level = passage.level
            if level is None:
                continue
            name = passage.style or f"outline level {level}"
            if not passage.text.strip():
                out.append(Finding("heading-level", f"empty heading (style {name}); delete it "
                                   "or give it text", passage, "error"))
                continue
            if previous == 0 and level > 1:
                out.append(Finding("heading-level", f"the first heading is level {level} "
                                   f"({name}); headings should start at level 1", passage,
                                   "error"))
            elif level > previous + 1 and previous:
                out.append(Finding("heading-level", f"heading level skips from {previous} to "
                                   f"{level} ({name}); use level {previous + 1}", passage,
                                   "error"))
            previous = level
    return out
