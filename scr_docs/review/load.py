"""Load a review file: YAML to plain data, with the line of every field kept."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from scr_docs.errors import Problems, ReviewFileError
from scr_docs.review.limits import INCLUDE_MAX_BYTES, REVIEW_MAX_BYTES, YAML_MAX_DEPTH, YAML_MAX_NODES
from scr_docs.review.safe_files import Unsafe, read_capped, read_inside

try:  # the C loader is 25x faster; fall back where libyaml is missing
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_MERGE = "tag:yaml.org,2002:merge"


@dataclass
class Loaded:
    """A review file read from disk: its data, the line of each field, and load problems."""

    path: Path
    data: object
    lines: dict[str, int] = field(default_factory=dict)
    problems: Problems = field(default_factory=Problems)
    sources: dict[str, Path] = field(default_factory=dict)
    """Field paths whose prose was read from an include file, and that file."""

    def line(self, path: str) -> int | None:
        """Return the line of ``path`` or of its nearest parent that has one."""
        while path:
            if path in self.lines:
                return self.lines[path]
            cut = max(path.rfind("."), path.rfind("["))
            path = path[:cut] if cut > 0 else ""
        return None


def child_path(parent: str, key: object) -> str:
    """Return the field path of ``key`` under ``parent``: ``a.b`` or ``a[3]``."""
    if isinstance(key, int):
        return f"{parent}[{key}]"
    return f"{parent}.{key}" if parent else str(key)


_BLOCK_SYNTAX = re.compile(r"^\s*(?:[-*+]\s|\d+[.)]\s|#{1,6}\s|\|.*\|\s*$|>\s)")
"""A line starting a Markdown list item, heading, table row or quotation."""


_PROSE_COMMENT = re.compile(r"[ \t]+#(\S)| #( +[a-z0-9(])")
"""A comment that reads as the sentence going on: ``#2 and…`` (no space after ``#``), or
one space before ``# and think…``; a comment set apart by two spaces or more, the usual
way of writing one, is left alone."""


def _quoted(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return '"' + (text if len(text) <= limit else text[:limit - 1] + "…") + '"'


class _Builder:
    """Turns composed YAML nodes into Python values, recording lines and includes."""

    def __init__(self, loaded: Loaded, base: Path):
        self.loaded = loaded
        self.base = base
        self.constructor = yaml.constructor.SafeConstructor()
        self.text_lines: list[str] = []

    def value(self, node: yaml.Node, path: str, line: int) -> object:
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            result = []
            for index, item in enumerate(node.value):
                item_path = child_path(path, index)
                item_line = item.start_mark.line + 1
                self.loaded.lines[item_path] = item_line
                result.append(self.value(item, item_path, item_line))
            return result
        if getattr(node, "style", None) == ">":
            self.folded(node, path)
        elif getattr(node, "style", "x") in (None, "") and isinstance(node.value, str):
            self.comment_after(node, path)
        if node.tag == _TIMESTAMP:  # kept as text: dates are checked at their precision later
            return self.constructor.construct_yaml_timestamp(node) if _valid_timestamp(node) \
                else node.value
        return self.constructor.construct_object(node, deep=True)

    def folded(self, node: yaml.ScalarNode, path: str) -> None:
        """Warn when a folded block (``>``) holds Markdown block syntax, which folding joins
        into the paragraph before it."""
        lines = self.text_lines[node.start_mark.line + 1:node.end_mark.line]
        for offset, line in enumerate(lines):
            if _BLOCK_SYNTAX.match(line):
                self.loaded.problems.warn(
                    "this text is written with '>', which joins its lines, so the list, "
                    "heading or table on this line runs into the paragraph before it; write "
                    "'|' instead of '>' to keep the lines", path,
                    node.start_mark.line + 2 + offset)
                return

    def comment_after(self, node: yaml.ScalarNode, path: str) -> None:
        """Warn when YAML reads the rest of a line of prose as a comment: an unquoted value
        followed by `` #`` and words that carry the sentence on ("after referral #2 and
        think…" keeps only "after referral"). A ``# note`` after a value that ends its
        sentence, or after a one-word value, is taken as the author's comment."""
        line_no = node.end_mark.line
        if line_no >= len(self.text_lines):
            return
        rest = self.text_lines[line_no][node.end_mark.column:]
        m = _PROSE_COMMENT.match(rest)
        if m is None or m.group(2) and (" " not in node.value.strip() or node.value.rstrip()
                                        .endswith((".", "!", "?", ":", ";"))):
            return
        dropped = rest.strip()
        self.loaded.problems.warn(
            f"the text after ' #' on this line is read as a YAML comment and left out of "
            f"the documents ({_quoted(dropped)}); put the whole value in quotes, or write it "
            "with '|' on the lines below", path, line_no + 1)

    def mapping(self, node: yaml.MappingNode, path: str) -> object:
        own = sum(1 for key_node, _ in node.value if key_node.tag != _MERGE)
        self.constructor.flatten_mapping(node)  # merged keys (``<<: *anchor``) come first
        merged = len(node.value) - own
        result: dict = {}
        inherited: set = set()  # keys from a merge, which the map's own keys may override
        for index, (key_node, value_node) in enumerate(node.value):
            if key_node.tag == _MERGE:
                continue
            key = self.constructor.construct_object(key_node)
            line = key_node.start_mark.line + 1
            if not isinstance(key, (str, int)):
                self.loaded.problems.add("a field name must be plain text", path, line)
                continue
            key = str(key)
            key_path = child_path(path, key)
            if key in result and index >= merged and key not in inherited:
                self.loaded.problems.add(
                    f"'{key}' is given twice; the second would silently replace the first",
                    key_path, line)
            if index < merged:
                inherited.add(key)
            elif key in inherited:
                inherited.discard(key)
            self.loaded.lines[key_path] = line
            result[key] = self.value(value_node, key_path, line)
        if list(result) == ["file"]:
            return self.include(result["file"], path)
        return result

    def include(self, name: object, path: str) -> object:
        line = self.loaded.lines.get(child_path(path, "file"))
        if not isinstance(name, str) or not name.strip():
            self.loaded.problems.add("'file' must name a Markdown file", path, line)
            return ""
        try:
            target, raw = read_inside(self.base, name, INCLUDE_MAX_BYTES)
        except Unsafe as exc:
            self.loaded.problems.add(f"include file {exc}", path, line)
            return f"(unusable include file {name})"
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            self.loaded.problems.add(f"include file '{name}' is not UTF-8 text", path, line)
            return ""
        try:  # shown as the author names the review file: "reviews/child-h/analysis.md"
            shown = self.loaded.path.parent / target.relative_to(Path(self.base).resolve())
        except ValueError:
            shown = target
        self.loaded.sources[path] = shown
        return text.replace("\r\n", "\n").replace("\r", "\n")  # files saved on Windows


def _valid_timestamp(node: yaml.ScalarNode) -> bool:
    from scr_docs.review.dates import parse_date

    try:
        parse_date(node.value)
    except ValueError:
        return False
    return True


_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff"
                      "\ufffe\uffff]")
_LINE_BREAK = "; YAML reads it as a new line, so the text around it would be cut or misread"
_CONTROL_NAMES = {
    "\x0b": "a vertical tab (U+000B; Word's line break, often pasted with text)",
    "\x0c": "a page break (U+000C)",
    "\x00": "a null character (U+0000)",
    "\x85": "an invisible next-line character (U+0085, often pasted from Word or a web page"
            + _LINE_BREAK + ")",
    "\u2028": "an invisible line separator (U+2028, often pasted from Word or a web page"
              + _LINE_BREAK + ")",
    "\u2029": "an invisible paragraph separator (U+2029, often pasted from Word or a web page"
              + _LINE_BREAK + ")",
}
"""The characters a review file refuses before YAML reads it (each named with its line and
column, counted as an editor counts them): control characters YAML cannot hold, and the
Unicode line breaks (U+0085, U+2028, U+2029) that YAML would count as new lines, which put
every later line number out and can cut a value short."""
NOT_VALID_YAML = "the review file is not valid YAML; nothing was written"


def _control_characters(text: str, path: Path) -> list:
    """Return a problem for each line holding a character YAML does not allow (at most 10)."""
    found = []
    for match in _CONTROL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        if found and found[-1].line == line:
            continue
        column = match.start() - text.rfind("\n", 0, match.start())
        char = match.group()
        name = _CONTROL_NAMES.get(char, f"the invisible control character U+{ord(char):04X}")
        found.append(loaded_problem(
            path, f"column {column} holds {name}, which a review file cannot contain; delete "
                  "it (retype the text around it if you cannot see it)", line))
        if len(found) == 10:
            break
    return found


@dataclass
class _Events:
    """What the parser's events say about a review file before it is composed."""

    too_deep: int | None = None
    """The line where maps and lists nest deeper than YAML_MAX_DEPTH, else None."""
    nodes: int = 0
    """How many maps, lists and texts it holds (aliases not counted)."""
    aliases: bool = False
    """Whether it uses an alias (``*name``), or could not be read to the end: then only
    :func:`_expanded_size` knows how many values it holds."""


def _read_events(text: str) -> _Events:
    """Read the parser's events, which come without recursion, stopping at the first one
    nested too deep: composing the nodes (recursive) would otherwise overflow the stack."""
    found = _Events()
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                found.nodes += 1
                depth += 1
                if depth > YAML_MAX_DEPTH:
                    found.too_deep = event.start_mark.line + 1
                    return found
            elif isinstance(event, yaml.ScalarEvent):
                found.nodes += 1
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                found.aliases = True
    except yaml.YAMLError:
        found.aliases = True   # composing reports the syntax error, at the same place
    return found


class _TooMany(Exception):
    def __init__(self, line: int):
        self.line = line


class _Recursive(Exception):
    """An alias inside the anchor it names; ``line`` is where that anchor starts."""

    def __init__(self, line: int):
        self.line = line


def _expanded_size(root: yaml.Node) -> int:
    """Return how many nodes ``root`` holds once every alias is expanded.

    Counted once per distinct node (aliases share nodes), so a "billion laughs" file is
    measured in microseconds. Raises _TooMany past YAML_MAX_NODES, and _Recursive when an
    alias refers to a map or list that holds it.
    """
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    open_nodes: set[int] = set()
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            children = _children(node)
            size = 1 + sum(sizes[id(child)] for child in children)
            if size > YAML_MAX_NODES:
                raise _TooMany(node.start_mark.line + 1)
            sizes[key] = size
            open_nodes.discard(key)
            continue
        if key in sizes:
            continue
        if key in open_nodes:
            raise _Recursive(node.start_mark.line + 1)
        open_nodes.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in open_nodes:
                raise _Recursive(child.start_mark.line + 1)
            if id(child) not in sizes:
                stack.append((child, False))
    return sizes[id(root)]


def _children(node: yaml.Node) -> list:
    if isinstance(node, yaml.SequenceNode):
        return node.value
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


_KEY_AT = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*)\s*:")


def _plain_reason(problem: str, text: str, line: int | None) -> str:
    """Return what a YAML parser's ``problem`` means to an author, naming the field on
    ``line`` when there is one; "" when there is no plainer way to say it."""
    lines = text.splitlines()
    source = lines[line - 1] if line and line <= len(lines) else ""
    key = _KEY_AT.match(source)
    field = f"the value of '{key.group(1)}'" if key else "this value"
    if problem.startswith("mapping values are not allowed"):
        return (f"{field} holds a colon followed by a space, which YAML reads as the start of "
                "another field: put the whole value in double quotes, or write it as a block "
                "(`|` after the field name, the text on the lines below, indented)")
    if "cannot start any token" in problem and "\t" in source:
        return "a tab character: indent with spaces only (two per level)"
    if problem.startswith("could not find expected ':'"):
        return ("a line here is neither 'field: value' nor the indented rest of a value: "
                "check the indentation, or put a value that runs over several lines in quotes")
    if problem.startswith(("did not find expected key", "expected <block end>")):
        return ("the indentation here does not line up with the lines above it: each field "
                "of one map starts at the same column, and list items start with '- '")
    return ""


def load_text(text: str, path: Path) -> Loaded:
    """Parse review text that came from ``path``; raise ReviewFileError on broken YAML.

    Refused before parsing: characters YAML cannot hold, nesting deeper than
    ``YAML_MAX_DEPTH``; after composing, more than ``YAML_MAX_NODES`` values once aliases
    are expanded (limits.py).
    """
    loaded = Loaded(path=path, data=None, problems=Problems(file=str(path)))
    control = _control_characters(text, path)
    if control:
        raise ReviewFileError(NOT_VALID_YAML, control)
    events = _read_events(text)
    deep = events.too_deep
    if deep:
        raise ReviewFileError(NOT_VALID_YAML, [loaded_problem(
            path, f"maps and lists are nested more than {YAML_MAX_DEPTH} deep here; a review "
                  "file never needs so many levels", deep)])
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or "invalid YAML"
        if exc.context:
            started = exc.context_mark
            where = (f" that starts on line {started.line + 1}"
                     if started and mark and started.line != mark.line else "")
            reason = f"{reason} ({exc.context}{where})"
        if "unknown escape character" in reason:
            reason += ("; a backslash inside double quotes starts an escape: write a file "
                       "path with forward slashes (chronology/visit.md), or use single quotes")
        plain = _plain_reason(exc.problem or "", text, line)
        message = f"{plain} (YAML says: {reason})" if plain else f"YAML syntax error: {reason}"
        raise ReviewFileError(NOT_VALID_YAML, [loaded_problem(path, message, line)]) from exc
    except yaml.YAMLError as exc:
        raise ReviewFileError(NOT_VALID_YAML,
                              [loaded_problem(path, f"YAML error: {exc}", None)]) from exc
    if root is None:
        loaded.data = {}
        return loaded
    try:
        if events.aliases or events.nodes > YAML_MAX_NODES:   # else its size is its node count
            _expanded_size(root)
    except _TooMany as exc:
        raise ReviewFileError("the review file is too large once its aliases are expanded; "
                              "nothing was written", [loaded_problem(
                                  path, f"more than {YAML_MAX_NODES:,} values once the YAML "
                                  "aliases (*name) are expanded; a review file does not need "
                                  "aliases of aliases", exc.line)]) from None
    except _Recursive as exc:
        raise ReviewFileError("the review file could not be read; nothing was written",
                              [loaded_problem(path, "an alias (*name) refers to the map or list "
                                              "that contains it, which would never end",
                                              exc.line)]) from None
    try:
        builder = _Builder(loaded, path.parent)
        builder.text_lines = text.split("\n")
        loaded.data = builder.value(root, "", 1)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise ReviewFileError("the review file could not be read; nothing was written",
                              [loaded_problem(path, f"unreadable value: {exc}", None)]) from exc
    return loaded


def loaded_problem(path: Path, message: str, line: int | None):
    from scr_docs.errors import Problem

    return Problem(message, "", line, str(path))


def load(path: str | Path) -> Loaded:
    """Read and parse the review file at ``path``."""
    path = Path(path)
    if not path.exists() and not path.is_symlink():
        raise ReviewFileError(f"{path}: no such review file")
    try:
        raw = read_capped(path.resolve(), REVIEW_MAX_BYTES, str(path))
    except (Unsafe, RuntimeError, OSError) as exc:  # RuntimeError: a loop of symbolic links
        raise ReviewFileError(f"review file {exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = len(raw[raw.rfind(b"\n", 0, exc.start) + 1:exc.start].decode(
            "utf-8", "replace")) + 1
        raise ReviewFileError(NOT_VALID_YAML, [loaded_problem(
            path, f"column {column} holds a character that is not UTF-8 text (the file was "
                  "probably saved in another encoding); save the file as UTF-8 or retype the "
                  "character", line)]) from None
    return load_text(text, path)
