"""A report of check findings that a board manager can keep: Markdown or HTML."""

from __future__ import annotations

import html
import os
import tempfile
from datetime import date
from pathlib import Path
from typing import Iterable

from scr_docs.errors import CheckError, OutputError, Problem

GENERAL = "(general)"
_MD_ESCAPE = str.maketrans({c: "\\" + c for c in "\\|*_`<>[]#"} | {"\n": " ", "\r": " "})


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _by_document(problems: Iterable[Problem]) -> dict[str, list[Problem]]:
    groups: dict[str, list[Problem]] = {}
    for p in problems:
        groups.setdefault(p.file or GENERAL, []).append(p)
    return groups


def summarise(problems: Iterable[Problem], checked: int | None = None) -> str:
    """Return one line: ``N errors, M warnings in K documents`` (K: ``checked`` if given,
    else the documents with findings)."""
    problems = list(problems)
    errors = sum(1 for p in problems if p.is_error)
    documents = checked if checked is not None else len({p.file for p in problems if p.file})
    return (f"{_plural(errors, 'error')}, {_plural(len(problems) - errors, 'warning')} "
            f"in {_plural(documents, 'document')}")


def _place(p: Problem) -> str:
    return f"{p.path} (line {p.line})" if p.line else (p.path or "whole document")


def _counts(groups: dict[str, list[Problem]]):
    for name, items in groups.items():
        errors = sum(1 for p in items if p.is_error)
        yield name, errors, len(items) - errors


def _grouped(problems: list[Problem], checked: Iterable[str]) -> dict[str, list[Problem]]:
    """Return the findings by document, with the checked documents that have none."""
    groups = _by_document(problems)
    for name in checked:
        groups.setdefault(name, [])
    return groups


def render_markdown(problems: Iterable[Problem], title: str = "Publication checks",
                    checked: Iterable[str] = ()) -> str:
    """Return the report as Markdown."""
    problems = list(problems)
    groups = _grouped(problems, checked)
    md = lambda s: str(s).translate(_MD_ESCAPE)  # noqa: E731
    checked_line = f"Checked {date.today():%d %B %Y}: {summarise(problems, len(groups))}."
    lines = [f"# {md(title)}", "", checked_line, "",
             "## Summary", "", "| Document | Errors | Warnings |", "|---|---:|---:|"]
    total_e = total_w = 0
    for name, e, w in _counts(groups):
        lines.append(f"| {md(name)} | {e} | {w} |")
        total_e, total_w = total_e + e, total_w + w
    lines += [f"| **Total** | **{total_e}** | **{total_w}** |", ""]
    for name, items in groups.items():
        lines += [f"## {md(name)}", ""]
        if not items:
            lines += ["No findings.", ""]
            continue
        lines += ["| # | Severity | Place | Finding |", "|---:|---|---|---|"]
        for i, p in enumerate(items, 1):
            lines.append(f"| {i} | {p.severity} | {md(_place(p))} | {md(p.message)} |")
        lines.append("")
    return "\n".join(lines)


def render_html(problems: Iterable[Problem], title: str = "Publication checks",
                checked: Iterable[str] = ()) -> str:
    """Return the report as a self-contained HTML page (every value escaped)."""
    problems = list(problems)
    groups = _grouped(problems, checked)
    e_ = html.escape
    rows = []
    total_e = total_w = 0
    for name, e, w in _counts(groups):
        rows.append(f"<tr><th scope=\"row\">{e_(name)}</th><td>{e}</td><td>{w}</td></tr>")
        total_e, total_w = total_e + e, total_w + w
    rows.append(f"<tr><th scope=\"row\">Total</th><td>{total_e}</td><td>{total_w}</td></tr>")
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>{e_(title)}</title>",
        "<style>body{font-family:Arial,sans-serif;color:#1a1a1a;max-width:70em;margin:2em auto}"
        "table{border-collapse:collapse;margin-bottom:1.5em}th,td{border:1px solid #767676;"
        "padding:.3em .6em;text-align:left;vertical-align:top}.error{color:#a4000f;"
        "font-weight:bold}.warning{color:#6b4e00}</style>", "</head>", "<body>",
        f"<h1>{e_(title)}</h1>",
        f"<p>Checked {date.today():%d %B %Y}: {e_(summarise(problems, len(groups)))}.</p>",
        "<h2>Summary</h2>", "<table>", '<thead><tr><th scope="col">Document</th>'
        '<th scope="col">Errors</th><th scope="col">Warnings</th></tr></thead>',
        "<tbody>", *rows, "</tbody>", "</table>"]
    for name, items in groups.items():
        parts.append(f"<h2>{e_(name)}</h2>")
        if not items:
            parts.append("<p>No findings.</p>")
            continue
        parts += ["<table>", '<thead><tr><th scope="col">#</th><th scope="col">Severity</th>'
                  '<th scope="col">Place</th><th scope="col">Finding</th></tr></thead>', "<tbody>"]
        for i, p in enumerate(items, 1):
            sev = e_(p.severity)
            parts.append(f'<tr><td>{i}</td><td class="{sev}">{sev}</td>'
                         f"<td>{e_(_place(p))}</td><td>{e_(p.message)}</td></tr>")
        parts += ["</tbody>", "</table>"]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def write_report(problems: Iterable[Problem], path: Path | str, title: str = "Publication checks",
                 checked: Iterable[str] = ()) -> Path:
    """Write every finding to ``path`` (.md or .html); ``checked`` lists clean documents too."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".md", ".markdown"):
        text = render_markdown(problems, title, checked)
    elif suffix in (".html", ".htm"):
        text = render_html(problems, title, checked)
    else:
        raise CheckError(f"report file must end in .md or .html, not {path.name!r}")
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except OSError as e:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
        raise OutputError(f"cannot write report {path}: {e}") from e
    return path
