"""Markdown prose read into the document model, once: markdown-it-py tokens -> blocks.

One parser serves the whole process: CommonMark with raw HTML off (``<b>`` stays text), pipe
tables on, indented code off (a paragraph pasted with a tab or four spaces is a paragraph: a
review has no code) and the footnote plugin (``^[inline notes]`` and ``[^label]`` notes).

Before parsing, text as pasted from Word and editors is put right: a byte-order mark is
dropped, a line of only (non-breaking) spaces separates paragraphs like a blank line, U+000B
(Word's manual line break) becomes a line break, a bullet pasted from Word ("•" and a tab)
at the start of a line becomes the Markdown bullet "- ", drafting comments ``<!-- … -->`` are removed
(counted in a warning: they never reach a document), and the characters XML 1.0 cannot hold
are removed. A paragraph holding only ``\newpage`` is a page break; one holding only pictures
is a :class:`Figure` each. Each block records the :class:`Source` of its field, moved down to
the line the block starts on when markdown-it knows it. What the reader notices (comments
removed, definitions nothing uses, a picture without alternative text) is appended to
:attr:`Reader.problems` as problems naming the field and line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markdown_it import MarkdownIt
from mdit_py_plugins.footnote import footnote_plugin

from scr_docs.errors import ERROR, NOTE, WARNING, Problem
from scr_docs.model.nodes import (Block, BulletList, Emph, Figure, Heading, Inline, LineBreak, Link,
                                  ListItem, Note, OrderedList, PageBreak, Para, Quote, Source,
                                  Strong, Table, Text)

MD = (MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True,
                               "quotes": "\u201c\u201d\u2018\u2019"})
      .use(footnote_plugin).enable("table").enable("smartquotes").disable("code"))
"""The one parser: CommonMark, raw HTML off, pipe tables, no indented code, ``^[notes]``.

Typographic policy: curly quotes and apostrophes everywhere (“ ” ‘ ’, as the generated
sentences and British publishing use), made by markdown-it's ``smartquotes``; code spans and
link addresses keep what was typed. Its other typographer rule (``replacements``) stays off:
it would turn an enumeration "(c)" into "©". Comparisons of quoted text (the report-quote
rule, the sensitive-term search) treat both kinds of quote mark alike."""

PAGE_BREAK = "\\newpage"
"""The page-break marker: a paragraph holding only this starts a new page."""
_PAGE_BREAKS = {"\\newpage", "\\pagebreak", "\\clearpage"}
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CUT = "\x01"  # stands for a removed comment until its line is looked at (never in prose)
_VT = "\ue000"  # stands for U+000B through parsing; becomes a LineBreak
_NBSP_LINE = re.compile(r"^[ \t\u00a0\u2007\u202f]+$", re.M)
_PASTED_BULLET = re.compile(r"^([ \t]*)[\u2022\u25cf\u25aa\u25e6\u2023\u2043\u00b7\uf0b7]"
                            r"[ \t\u00a0]+(?=\S)")
"""A bullet pasted from Word ("•" and a tab, "·" from Symbol font, U+F0B7 from a PDF) at the
start of a line: read as the Markdown bullet "- " it stands for, so the list stays a list."""

INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 forbids (and lone surrogates, which UTF-8 cannot encode)."""


_OPENS_AFTER = re.compile(r"(^|[\s(\[{\u2014\u2013/-])([\"'])")


def typographic(text: str) -> str:
    """Return plain text with curly quotes and apostrophes (the house typographic policy,
    as ``smartquotes`` gives Markdown): a mark at the start or after a space or opening
    bracket opens (“ ‘), any other closes (” ’, the apostrophe). For text that is not
    Markdown (names, roles, template variables) and for marks ``smartquotes`` leaves alone
    (a quotation the author never closed)."""
    if '"' not in text and "'" not in text:
        return text
    text = _OPENS_AFTER.sub(lambda m: m.group(1) + ("\u201c" if m.group(2) == '"'
                                                    else "\u2018"), text)
    return text.replace('"', "\u201d").replace("'", "\u2019")


def strip_invalid(text: str) -> str:
    """Return ``text`` without the characters XML 1.0 cannot hold."""
    return INVALID_XML.sub("", text)


def normalize_link(url: str) -> str:
    """Return ``url`` as markdown-it would write it in a link (percent-encoded)."""
    return MD.normalizeLink(url)


def prepare(markdown: str) -> tuple[str, list[int], list[int]]:
    """Return ``markdown`` put right for parsing (see the module's docstring), the original
    line (0-based) of each line of the result, and the original line of each comment removed.
    """
    text, origin, comments = _prepared(markdown)
    return text, list(origin), list(comments)


_CACHE = 1024
"""How many prose texts the reader keeps parsed (the Oxfordshire review has 462): a field
that several documents print, or that is looked at before it is read (``has_block_syntax``),
is parsed once a process."""


@lru_cache(maxsize=_CACHE)
def _prepared(markdown: str) -> tuple[str, tuple[int, ...], tuple[int, ...]]:
    text = markdown.lstrip("\ufeff").replace("\x0b", _VT)
    text = strip_invalid(text.replace("\r\n", "\n"))
    comments: list[int] = []

    def cut(match: re.Match) -> str:
        comments.append(text.count("\n", 0, match.start()))
        return _CUT + ("\n" + _CUT) * match.group().count("\n")

    text = _COMMENT.sub(cut, text)
    lines, origin = [], []
    for number, line in enumerate(text.split("\n")):
        if _CUT in line:
            line = line.replace(_CUT, "")
            if not line.strip():
                continue  # a line that held only a comment is gone, not a blank line
        lines.append(_PASTED_BULLET.sub(r"\1- ", _NBSP_LINE.sub("", line)))
        origin.append(number)
    return "\n".join(lines), tuple(origin), tuple(comments)


@lru_cache(maxsize=_CACHE)
def _parsed(text: str, inline: bool = False) -> tuple[list, dict]:
    """Return markdown-it's tokens of prepared ``text`` and the env it filled (footnotes,
    link definitions). Shared by every caller: the reader only reads them, never changes
    them."""
    env: dict = {}
    tokens = MD.parseInline(text, env) if inline else MD.parse(text, env)
    return tokens, env


_PLAIN_TOKENS = {"paragraph_open", "paragraph_close", "inline", "footnote_block_open",
                 "footnote_block_close", "footnote_open", "footnote_close", "footnote_anchor"}


_BLOCK_START = re.compile(r"(?:^|\r)[ \t]*[-#>*+_=`~\[|:0-9]", re.M)
"""A line (markdown-it also ends one at a lone CR) starting as a block other than a paragraph
can: a heading, quote, list, rule, fence, table delimiter row, setext underline, link or
footnote definition. Without one, and without a table's "|", markdown-it reads nothing but
paragraphs (indented code and HTML are off)."""


def has_block_syntax(markdown: str) -> bool:
    """Tell whether ``markdown`` holds more than paragraphs and notes: a list, a heading, a
    table, a quote, a picture or a page break."""
    text = _prepared(markdown)[0]
    if "![" in text or any(line.strip() in _PAGE_BREAKS for line in text.split("\n")):
        return True
    if "|" not in text and not _BLOCK_START.search(text):
        return False   # no block can start: no need to parse
    return any(tok.type not in _PLAIN_TOKENS for tok in _parsed(text)[0])


_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


def first_paragraph(markdown: str) -> str:
    """Return the Markdown of the first paragraph of ``markdown`` (headings, lists, tables
    and comments before it skipped; its own footnote definitions kept), "" when none."""
    text = _prepared(markdown or "")[0]
    lines = text.split("\n")
    tokens = _parsed(text)[0]
    for k, tok in enumerate(tokens):
        if tok.type == "paragraph_open" and tok.level == 0 and tok.map:
            start, end = tok.map
            body = "\n".join(lines[start:end]).strip()
            used = set(re.findall(r"\[\^([^\]\s]+)\]", body))
            notes = [line for line in lines if any(line.startswith(f"[^{u}]:") for u in used)]
            return "\n\n".join([body] + notes)
    return ""


def _plain(markdown: str) -> str:
    """Return the visible text of one paragraph of inline Markdown, notes left out."""
    tokens = _parsed(markdown, inline=True)[0]
    out = []
    for tok in tokens[0].children if tokens else []:
        if tok.type in ("text", "code_inline"):
            out.append(tok.content)
        elif tok.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out)


def first_sentence(markdown: str) -> str:
    """Return the first sentence of the first paragraph of ``markdown``, as Markdown, cut
    only where the cut falls outside every footnote, link and emphasis (the whole paragraph
    when no such place ends a sentence)."""
    paragraph = first_paragraph(markdown).split("\n\n")[0]
    whole = _plain(paragraph)
    for match in _SENTENCE_END.finditer(paragraph):
        prefix = paragraph[:match.end()]
        shown = _plain(prefix)
        if whole.startswith(shown) and (len(whole) == len(shown) or whole[len(shown)].isspace()):
            return prefix.strip()
    return paragraph.strip()


class Reader:
    """Reads Markdown into blocks for one document.

    ``level`` is the level (1-4) of the document's last heading (set by the builder): a
    field's sub-headings go one below it, ``###`` and shallower from level 3 at most,
    ``####`` and deeper from level 4; the levels a field uses keep their order and are
    closed up, so one Markdown level is one Word level in the field and levels never skip.
    ``problems`` collects warnings and errors about the prose read (see the module).
    """

    def __init__(self, level: int = 0):
        self.level = level
        self.problems: list[Problem] = []

    def blocks(self, markdown: str, style: str, source: Source) -> list[Block]:
        """Return the blocks of a prose field; paragraphs in ``style``."""
        text, origin, comments = _prepared(markdown)
        self._comments(comments, source)
        tokens, env = _parsed(text)
        walk = _Walk(self, env, style, source, origin=origin)
        walk.levels = _heading_levels(tokens, self.level)
        out = walk.blocks(tokens)
        self._unused(env, text, origin, source)
        return out

    def inline(self, markdown: str, style: str, source: Source) -> list[Block]:
        """Return one paragraph of inline Markdown (block syntax is read as text)."""
        text, origin, comments = _prepared(markdown)
        self._comments(comments, source)
        tokens, env = _parsed(text, inline=True)
        return _Walk(self, env, style, source, origin=origin).blocks(tokens)

    def problem(self, message: str, source: Source, severity: str = WARNING) -> None:
        """Record a problem about the prose of ``source`` (its field, file and line)."""
        self.problems.append(Problem(message, source.field, source.line, source.file,
                                     severity))

    def _comments(self, comments: list[int], source: Source) -> None:
        if comments and not source.generated:
            n = len(comments)
            self.problem(f"{n} drafting comment{'s' if n != 1 else ''} (<!-- … -->) removed: "
                         "comments never reach the documents", source.at_line(comments[0]), NOTE)

    def _unused(self, env: dict, text: str, origin: list[int], source: Source) -> None:
        if source.generated:
            return
        lines = text.split("\n")
        for key, local in env.get("footnotes", {}).get("refs", {}).items():
            if local == -1:
                label = key[1:]
                at = next((i for i, line in enumerate(lines)
                           if line.lstrip().startswith(f"[^{label}]:")), 0)
                self.problem(f"footnote [^{label}] is defined but nothing refers to it, so it "
                             f"is not printed; write [^{label}] where it belongs or delete it",
                             source.at_line(origin[at] if at < len(origin) else 0))
        for label, ref in env.get("references", {}).items():
            start, end = ref.get("map") or (0, 0)
            rest = "\n".join(lines[:start] + lines[end:]).casefold()
            if f"[{label.casefold()}]" not in rest:
                at = origin[start] if start < len(origin) else 0
                self.problem(f"link [{label.lower()}] is defined but nothing refers to it, so "
                             "its address is not printed; use it as [words][label] or delete "
                             "it", source.at_line(at))


def _heading_levels(tokens: list, base: int) -> dict[str, int]:
    """Return the Word level of each Markdown heading tag (``h1``…) used in ``tokens``."""
    used = sorted({t.tag for t in tokens if t.type == "heading_open"})
    if not used:
        return {}
    wanted = 4 if used[0] in ("h4", "h5", "h6") else 3
    start = min(wanted, base + 1) if base else wanted
    return {tag: min(start + rank, 4) for rank, tag in enumerate(used)}


class _Walk:
    """One token stream: blocks, with the stream's footnotes resolved where referenced."""

    def __init__(self, reader: Reader, env: dict, style: str, source: Source,
                 in_note: bool = False, origin: list[int] | None = None):
        self.reader, self.env, self.style, self.source = reader, env, style, source
        self.in_note = in_note
        self.origin = origin or []
        self.levels: dict[str, int] = {}
        self.notes: dict[int, list[Block]] = {}

    def blocks(self, tokens: list) -> list[Block]:
        end = next((i for i, t in enumerate(tokens) if t.type == "footnote_block_open"),
                   len(tokens))
        if end < len(tokens) and not self.in_note:
            self._read_notes(tokens, end + 1)
        root: list[Block] = []
        stack: list[list[Block]] = [root]
        lists: list = []
        heading: int | None = None
        table: Table | None = None
        row: list | None = None
        cell_style = self.style
        for tok in tokens[:end]:
            typ = tok.type
            if typ == "inline":
                content = self.inlines(tok.children or [])
                source = self._source(tok)
                if heading is not None:
                    stack[-1].append(Heading(heading, content, source))
                    heading = None
                else:
                    stack[-1].extend(self._paragraph(content, cell_style, source))
            elif typ == "heading_open":
                heading = self.levels.get(tok.tag) or _heading_levels([tok], self.reader.level)[
                    tok.tag]
            elif typ == "table_open":
                table = Table([], [], source=self._source(tok))
                stack[-1].append(table)
            elif typ == "tr_open":
                row = []
            elif typ == "tr_close" and table is not None and row is not None:
                if not table.header and not table.rows and cell_style == "TableHeading":
                    table.header = row
                else:
                    table.rows.append(row)
            elif typ in ("th_open", "td_open"):
                cell: list[Block] = []
                row.append(cell)
                stack.append(cell)
                cell_style = "TableHeading" if typ == "th_open" else "TableText"
            elif typ in ("th_close", "td_close"):
                stack.pop()
            elif typ == "table_close":
                table, cell_style = None, self.style
            elif typ in ("bullet_list_open", "ordered_list_open"):
                if typ == "ordered_list_open":
                    start = int(tok.attrs.get("start", 1)) if tok.attrs else 1
                    block = OrderedList([], start, self._source(tok))
                else:
                    block = BulletList([], self._source(tok))
                stack[-1].append(block)
                lists.append(block)
            elif typ in ("bullet_list_close", "ordered_list_close"):
                lists.pop()
            elif typ == "list_item_open":
                item = ListItem([])
                lists[-1].items.append(item)
                stack.append(item.blocks)
            elif typ == "list_item_close":
                stack.pop()
            elif typ == "blockquote_open":
                quote = Quote([], self._source(tok))
                stack[-1].append(quote)
                stack.append(quote.blocks)
            elif typ == "blockquote_close":
                stack.pop()
            elif typ in ("code_block", "fence"):
                content = tok.content[:-1] if tok.content.endswith("\n") else tok.content
                stack[-1].append(Para([Text(content)], self.style, self._source(tok)))
        return root

    def _source(self, tok) -> Source:
        if not tok.map:
            return self.source
        line = tok.map[0]
        return self.source.at_line(self.origin[line] if line < len(self.origin) else line)

    def _paragraph(self, content: list[Inline], style: str, source: Source) -> list[Block]:
        """Return a paragraph's blocks: a page break, figures, or the paragraph itself."""
        if len(content) == 1 and isinstance(content[0], Text) and \
                content[0].text.strip() in _PAGE_BREAKS:
            return [PageBreak(source)]
        figures = [n for n in content if isinstance(n, Figure)]
        if not figures:
            return [Para(content, style, source)]
        if self.in_note:
            self.reader.problem("a picture cannot go in a footnote; put it in the text",
                                source, ERROR)
            return [Para([n for n in content if not isinstance(n, Figure)], style, source)]
        out: list[Block] = []
        words: list[Inline] = []
        for node in content + [Text("")]:
            if isinstance(node, Figure):
                node.source = source
                if not node.alt.strip():
                    self.reader.problem(
                        f"picture '{node.src}' has no description: write one inside the "
                        f"brackets, ![what the picture shows]({node.src}), for readers who "
                        "cannot see it", source, ERROR)
                if any(not (isinstance(w, Text) and not w.text.strip()) for w in words):
                    out.append(Para(words, style, source))
                words = []
                out.append(node)
            else:
                words.append(node)
        if any(not (isinstance(w, Text) and not w.text.strip()) for w in words):
            out.append(Para(words, style, source))
        return out

    def _read_notes(self, tokens: list, i: int) -> None:
        while i < len(tokens) and tokens[i].type != "footnote_block_close":
            if tokens[i].type == "footnote_open":
                local = tokens[i].meta["id"]
                j = i + 1
                while tokens[j].type != "footnote_close":
                    j += 1
                walk = _Walk(self.reader, self.env, "FootnoteText", self.source, in_note=True)
                level = self.reader.level
                self.notes[local] = walk.blocks(tokens[i + 1:j])
                self.reader.level = level
                i = j
            i += 1

    # -- inline ---------------------------------------------------------------------------
    def inlines(self, children: list) -> list[Inline]:
        """Return the inline content of an inline token's children."""
        root: list[Inline] = []
        stack: list[list[Inline]] = [root]

        def add(node: Inline) -> None:
            target = stack[-1]
            if isinstance(node, Text) and target and isinstance(target[-1], Text):
                target[-1] = Text(target[-1].text + node.text)
            else:
                target.append(node)

        for tok in children:
            typ = tok.type
            if typ in ("text", "code_inline"):
                content = typographic(tok.content) if typ == "text" else tok.content
                parts = content.split(_VT)
                for k, part in enumerate(parts):
                    if k:
                        add(LineBreak())
                    if part:
                        add(Text(part))
            elif typ == "softbreak":
                add(Text(" "))
            elif typ == "hardbreak":
                add(LineBreak())
            elif typ in ("em_open", "strong_open", "link_open"):
                node = (Emph([]) if typ == "em_open" else Strong([]) if typ == "strong_open"
                        else Link(tok.attrs.get("href", ""), []))
                stack[-1].append(node)
                stack.append(node.children)
            elif typ in ("em_close", "strong_close", "link_close"):
                stack.pop()
            elif typ == "image":
                alt = "".join(c.content for c in (tok.children or [])
                              if c.type in ("text", "code_inline"))
                root.append(Figure(tok.attrs.get("src", ""), " ".join(alt.split()),
                                   str(tok.attrs.get("title") or "")))
            elif typ == "footnote_ref":
                add(self._note(tok.meta["id"]))
        return root

    def _note(self, local: int) -> Note:
        entry = self.env.get("footnotes", {}).get("list", {}).get(local, {})
        inline = "tokens" in entry
        if self.in_note:  # a note inside a note: only its inline text, in brackets
            if not inline:
                return Note([], inline=False)
            walk = _Walk(self.reader, self.env, "FootnoteText", self.source, in_note=True)
            return Note([Para(walk.inlines(entry["tokens"]), "FootnoteText", self.source)])
        return Note(self.notes.get(local, []), inline=inline)
