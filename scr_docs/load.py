"""Load a review file: YAML to plain data, with the line of every field kept."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import Problems, ReviewFileError

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


class _Builder:
    """Turns composed YAML nodes into Python values, recording lines and includes."""

    def __init__(self, loaded: Loaded, base: Path):
        self.loaded = loaded
        self.base = base
        self.constructor = yaml.constructor.SafeConstructor()

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
        if node.tag == _TIMESTAMP:  # kept as text: dates are checked at their precision later
            return self.constructor.construct_yaml_timestamp(node) if _valid_timestamp(node) \
                else node.value
        return self.constructor.construct_object(node, deep=True)

    def mapping(self, node: yaml.MappingNode, path: str) -> object:
        self.constructor.flatten_mapping(node)
        result: dict = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                continue
            key = self.constructor.construct_object(key_node)
            line = key_node.start_mark.line + 1
            if not isinstance(key, (str, int)):
                self.loaded.problems.add("a field name must be plain text", path, line)
                continue
            key = str(key)
            key_path = child_path(path, key)
            if key in result:
                self.loaded.problems.add(
                    f"'{key}' is given twice; the second would silently replace the first",
                    key_path, line)
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
        target = (self.base / name).resolve()
        try:
            text = target.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.loaded.problems.add(f"include file '{name}' does not exist (looked for {target})",
                                     path, line)
            return f"(missing include file {name})"
        except UnicodeDecodeError:
            self.loaded.problems.add(f"include file '{name}' is not UTF-8 text", path, line)
            return ""
        except OSError as exc:
            self.loaded.problems.add(f"include file '{name}' cannot be read: {exc.strerror}",
                                     path, line)
            return ""
        self.loaded.sources[path] = target
        return text.replace("\r\n", "\n").replace("\r", "\n")  # files saved on Windows


def _valid_timestamp(node: yaml.ScalarNode) -> bool:
    from .dates import parse_date

    try:
        parse_date(node.value)
    except ValueError:
        return False
    return True


def load_text(text: str, path: Path) -> Loaded:
    """Parse review text that came from ``path``; raise ReviewFileError on broken YAML."""
    loaded = Loaded(path=path, data=None, problems=Problems(file=str(path)))
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
        raise ReviewFileError(
            "the review file is not valid YAML; nothing was written",
            [loaded_problem(path, f"YAML syntax error: {reason}", line)]) from exc
    except yaml.YAMLError as exc:
        raise ReviewFileError("the review file is not valid YAML; nothing was written",
                              [loaded_problem(path, f"YAML error: {exc}", None)]) from exc
    if root is None:
        loaded.data = {}
        return loaded
    try:
        loaded.data = _Builder(loaded, path.parent).value(root, "", 1)
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as exc:
        raise ReviewFileError("the review file could not be read; nothing was written",
                              [loaded_problem(path, f"unreadable value: {exc}", None)]) from exc
    return loaded


def loaded_problem(path: Path, message: str, line: int | None):
    from .errors import Problem

    return Problem(message, "", line, str(path))


def load(path: str | Path) -> Loaded:
    """Read and parse the review file at ``path``."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError as exc:
        raise ReviewFileError(f"{path}: no such review file") from exc
    except IsADirectoryError as exc:
        raise ReviewFileError(f"{path}: is a folder, not a review file") from exc
    except OSError as exc:
        raise ReviewFileError(f"{path}: cannot be read ({exc.strerror})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReviewFileError(f"{path}: not UTF-8 text (byte {exc.start} cannot be read)") from exc
    return load_text(text, path)
