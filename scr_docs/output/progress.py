"""``scr-docs progress``: read back an action plan workbook and report progress to the board.

``read_plan`` returns every row the business manager left in the sheet (none is dropped),
refusing a sheet whose columns were renamed, removed or reordered; ``report`` counts actions
by status and agency, lists the overdue ones at a date, the recommendations without an action
and, given the review file, what changed since it; ``write_report`` writes it as Markdown,
HTML or Word.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from scr_docs.assemble.action_plan import STATUSES, Row, is_overdue
from scr_docs.review.dates import PartialDate, parse_date
from scr_docs.errors import Problem, ScrDocsError
from scr_docs.render.xlsx import COLUMNS, DATE_FORMATS, SHEET


class ProgressError(ScrDocsError):
    """Raised when an action plan workbook cannot be read back as the plan it was built as."""


_PRECISION = {fmt: precision for precision, fmt in DATE_FORMATS.items()}


def _due(value, number_format: str, where: str, problems: list[Problem]) -> PartialDate | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        precision = _PRECISION.get(number_format, "day")
        return PartialDate(value.year, value.month if precision != "year" else None,
                           value.day if precision == "day" else None)
    try:
        return parse_date(str(value).strip())
    except ValueError as exc:
        problems.append(Problem(f"'{value}' is not a date ({exc}); the cell was read as empty",
                                "Due", None, where, "warning"))
        return None


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_plan(path: Path | str) -> tuple[list[Row], list[Problem]]:
    """Return every filled row of the workbook at ``path`` (sheet order) and warnings.

    Raises ProgressError when the file is not a workbook, has no ``Action plan`` sheet, or
    its header row differs from ``xlsx.COLUMNS`` (the message names the column).
    """
    from openpyxl import load_workbook

    path = Path(path)
    try:
        workbook = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises zip, XML and key errors for broken files
        raise ProgressError(f"{path} cannot be read as an Excel workbook (.xlsx): {exc}") from exc
    if SHEET not in workbook.sheetnames:
        raise ProgressError(f"{path} has no sheet called '{SHEET}' (it has: "
                            f"{', '.join(workbook.sheetnames)}); was it renamed?")
    sheet = workbook[SHEET]
    header = [_text(c.value) for c in next(sheet.iter_rows(min_row=1, max_row=1))]
    _check_header(path, header)
    problems: list[Problem] = []
    rows: list[Row] = []
    for cells in sheet.iter_rows(min_row=2):
        values = [c.value for c in cells[:len(COLUMNS)]]
        if all(_text(v) == "" for v in values):
            continue
        number = cells[0].row
        where = f"{path.name}, row {number}"
        row = Row(0, "", extra={"row": number})
        for column, cell in zip(COLUMNS, cells):
            value = cell.value
            if column.field == "due":
                row.due = _due(value, cell.number_format, where, problems)
            elif column.field == "updated":
                row.updated = value.date() if isinstance(value, dt.datetime) else \
                    value if isinstance(value, dt.date) else None
            elif column.field == "number":
                text = _text(value)
                row.number = int(text) if text.isdigit() else 0
                if not text.isdigit():
                    problems.append(Problem(f"'{text}' is not a recommendation number; the row "
                                            "is kept and counted under no recommendation",
                                            column.header, None, where, "warning"))
            else:
                setattr(row, column.field, _text(value))
        if row.status and row.status not in STATUSES:
            problems.append(Problem(f"status '{row.status}' is not one of "
                                    f"{', '.join(STATUSES)}", "Status", None, where, "warning"))
        rows.append(row)
    return rows, problems


def _check_header(path: Path, header: list[str]) -> None:
    from openpyxl.utils import get_column_letter

    expected = [c.header for c in COLUMNS]
    for index, want in enumerate(expected):
        got = header[index] if index < len(header) else ""
        if got == want:
            continue
        column = get_column_letter(index + 1)
        if want in header:
            message = (f"column '{want}' should be column {column} but is column "
                       f"{get_column_letter(header.index(want) + 1)}: columns were reordered")
        elif got:
            message = f"column {column} should be '{want}' but is headed '{got}' (renamed)"
        else:
            message = f"column {column}, '{want}', is missing"
        raise ProgressError(
            f"{path} is not laid out as the action plan scr-docs built, so it is not read "
            f"(rather than guess): {message}. Put the columns back as {', '.join(expected)}; "
            "add new information in new rows or at the right of the last column.",
            [Problem(message, want, None, f"{path.name}, row 1")])


def _key(row: Row) -> tuple[int, str]:
    return row.number, " ".join(row.action.split()).casefold()


def report(rows: list[Row], at: dt.date, review_rows: list[Row] | None = None,
           title: str = "Action plan progress") -> str:
    """Return the progress report as Markdown: counts, overdue actions, recommendations
    without an action and (given ``review_rows``, the plan built from the review file) what
    changed since it."""
    actions = [r for r in rows if not r.is_empty]

    def status(r: Row) -> str:
        return "overdue" if is_overdue(r, at) else (r.status or "not given")

    order = ["overdue", *STATUSES, "not given"]
    counts = {s: sum(1 for r in actions if status(r) == s) for s in order}
    lines = [f"# {title}", "", f"Progress at {at.day} {at:%B %Y}: {len(actions)} action"
             f"{'s' if len(actions) != 1 else ''} in {len(rows)} rows.", "",
             "## Actions by status", "", "| Status | Actions |", "|---|---|"]
    lines += [f"| {s.capitalize()} | {n} |" for s, n in counts.items() if n or s in STATUSES]
    agencies = sorted({r.agency or "not given" for r in actions})
    lines += ["", "## Actions by agency", "",
              "| Agency | " + " | ".join(s.capitalize() for s in order[:4]) + " |",
              "|---|" + "---|" * 4]
    for agency in agencies:
        mine = [r for r in actions if (r.agency or "not given") == agency]
        lines.append(f"| {_cell(agency)} | " + " | ".join(
            str(sum(1 for r in mine if status(r) == s)) for s in order[:4]) + " |")
    overdue = [r for r in actions if is_overdue(r, at)]
    lines += ["", "## Overdue actions", ""]
    lines += [f"- Recommendation {r.number}: {r.action} ({r.lead}, {r.agency}; due "
              f"{r.due.text()})" for r in overdue] or ["None."]
    numbers = sorted({r.number for r in rows} | {r.number for r in review_rows or []})
    without = [n for n in numbers if n and not any(r.number == n for r in actions)]
    lines += ["", "## Recommendations with no action", ""]
    lines += [f"- Recommendation {n}" for n in without] or ["None."]
    if review_rows is not None:
        lines += ["", "## Changes since the review file", ""]
        lines += _changes(rows, review_rows) or ["No change."]
    return "\n".join(lines) + "\n"


def _changes(rows: list[Row], review_rows: list[Row]) -> list[str]:
    before = {_key(r): r for r in review_rows if not r.is_empty}
    now = {_key(r): r for r in rows if not r.is_empty}
    out = []
    for key, row in now.items():
        old = before.get(key)
        if old is None:
            out.append(f"- Recommendation {row.number}: new action \"{row.action}\"")
            continue
        for field, label in (("status", "status"), ("due", "due date"), ("lead", "lead"),
                             ("evidence", "evidence"), ("measure", "measure")):
            was, is_ = getattr(old, field), getattr(row, field)
            if was != is_:
                shown = (lambda v: v.text() if isinstance(v, PartialDate) else v or "nothing")
                out.append(f"- Recommendation {row.number}, \"{row.action[:60]}\": {label} "
                           f"changed from {shown(was)} to {shown(is_)}")
    for key, row in before.items():
        if key not in now:
            out.append(f"- Recommendation {row.number}: action \"{row.action}\" of the review "
                       "file is not in the sheet")
    return out


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def write_report(markdown: str, target: Path, title: str) -> None:
    """Write the Markdown report to ``target``: ``.md``, ``.html`` or ``.docx``."""
    suffix = target.suffix.lower()
    if suffix in (".md", ".markdown", ".txt"):
        data = markdown.encode("utf-8")
    elif suffix in (".html", ".htm"):
        from markdown_it import MarkdownIt

        body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
        data = (f'<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
                f"<title>{html.escape(title)}</title></head><body>\n{body}</body></html>\n"
                ).encode("utf-8")
    elif suffix == ".docx":
        data = _docx(markdown, title)
    else:
        raise ProgressError(f"cannot write a report as '{suffix or target.name}': give a file "
                            "name ending .md, .html or .docx")
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise ProgressError(f"cannot write {target}: {exc.strerror or exc}") from exc


def _docx(markdown: str, title: str) -> bytes:
    """Return the report as a Word document in the action plan's template."""
    from scr_docs.documents import KINDS
    from scr_docs.render.word import render_docx
    from scr_docs.render.wordml import DocWriter

    w = DocWriter()
    table: list[list[str]] = []
    for line in markdown.splitlines()[1:]:
        if line.startswith("|") and not line.startswith("|---"):
            table.append([c.strip().replace("\\|", "|") for c in line.strip("|").split(" | ")])
            continue
        if table:
            w.table(table[0], table[1:], caption=table[0][0])
            table = []
        if line.startswith("## "):
            w.heading(line[3:], 1)
        elif line.startswith("- "):
            w.inline(line[2:], "ListBullet")
        elif line.strip() and not line.startswith("|"):
            w.inline(line, "BodyText")
    if table:
        w.table(table[0], table[1:], caption=table[0][0])
    context = {"board_name": "", "review_type_title": "", "doc_title": title, "child": "",
               "draft": False, "marking": "", "subtitle": title, "authors_line": "",
               "date_text": "", "logo": None}
    properties = {"title": title, "subject": title, "creator": "", "keywords": "action plan",
                  "description": title, "language": "en-GB", "company": "",
                  "timestamp": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()}
    return render_docx(KINDS["action-plan"].shipped_template(), context, w, properties)
