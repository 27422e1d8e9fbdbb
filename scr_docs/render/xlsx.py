"""The action plan as an Excel workbook (openpyxl): the sheet business managers keep for years.

One sheet, ``Action plan``: a header row (frozen, an Excel table with filters) and one row per
action (``assemble.action_plan.Row``). Dates are real dates shown at the precision typed;
status and RAG have drop-down lists; RAG cells and overdue due dates are coloured by
conditional formatting, so the colours follow the business manager's edits. It prints on A4
landscape, one page wide, the header row on every page. ``COLUMNS`` is the contract
``scr-docs progress`` reads back (``scr_docs.output.progress``): it refuses a sheet whose columns
were renamed, removed or reordered.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass

from scr_docs.assemble.action_plan import RAGS, STATUSES, Row, last_day
from scr_docs.model.properties import CoreProperties

SHEET = "Action plan"
TABLE = "ActionPlan"
FORMATTED_ROWS = 1000
"""Rows below the header that drop-downs and colours cover, so rows added later get them."""
ZIP_TIME = (1980, 1, 1, 0, 0, 0)
FONT = "Arial"
LINE_HEIGHT = 13.0
"""Points per line of 10 pt text: rows get heights for their wrapped text, since a
spreadsheet application does not work them out when it opens a file (LibreOffice 7.4)."""


@dataclass(frozen=True)
class Column:
    """One column of the sheet: its header, the Row field it holds, width (characters)."""

    header: str
    field: str
    width: float
    kind: str = "text"  # "text", "number", "date"


COLUMNS = (
    Column("No.", "number", 6, "number"),
    Column("Recommendation", "recommendation", 34),
    Column("Action", "action", 34),
    Column("Agency", "agency", 16),
    Column("Lead (role)", "lead", 16),
    Column("Due", "due", 13, "date"),
    Column("Measure of success", "measure", 26),
    Column("Status", "status", 12),
    Column("RAG", "rag", 8),
    Column("Evidence", "evidence", 26),
    Column("Last updated", "updated", 13, "date"),
)
DATE_FORMATS = {"year": "yyyy", "month": "mmm yyyy", "day": "d mmm yyyy"}
"""Number format of a due date by the precision typed; read back to recover the precision."""
FILLS = {"Red": ("FFC7CE", "9C0006"), "Amber": ("FFEB9C", "7A4A00"), "Green": ("C6EFCE", "006100")}
"""Fill and font colour of each RAG value (dark text on a light fill, contrast above 4.5:1)."""


def letter(field: str) -> str:
    """Return the column letter of the Row field ``field`` (``due`` → ``F``)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(next(i for i, c in enumerate(COLUMNS, 1) if c.field == field))


def _value(row: Row, column: Column):
    value = getattr(row, column.field)
    if column.field == "due":
        return last_day(value) if value else None
    return value if value not in ("", None) else None


def write_workbook(rows: list[Row], properties: CoreProperties | dict) -> bytes:
    """Return the .xlsx bytes of the plan ``rows``; ``properties`` as ``Facts.properties``.

    The bytes are reproducible: fixed zip times, and the document's dates are
    ``properties.timestamp`` (an ISO time), never the clock.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.table import Table, TableStyleInfo

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    top = Alignment(wrap_text=True, vertical="top")
    plain, bold = Font(name=FONT, size=10), Font(name=FONT, size=10, bold=True)
    for index, column in enumerate(COLUMNS, 1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font, cell.alignment = bold, top
        sheet.column_dimensions[letter(column.field)].width = column.width
    for r, row in enumerate(rows, 2):
        for index, column in enumerate(COLUMNS, 1):
            cell = sheet.cell(row=r, column=index)
            value = _value(row, column)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"  # text that starts with "=" stays text, never a formula
            cell.alignment, cell.font = top, plain
            if column.field == "due" and row.due:
                cell.number_format = DATE_FORMATS[row.due.precision]
            elif column.kind == "date":
                cell.number_format = DATE_FORMATS["day"]
        sheet.row_dimensions[r].height = row_height(row)
    sheet.row_dimensions[1].height = row_height(None)
    end = max(len(rows) + 1, 2)
    last = letter(COLUMNS[-1].field)
    table = Table(displayName=TABLE, ref=f"A1:{last}{end}")
    table.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    sheet.add_table(table)
    sheet.freeze_panes = "A2"
    _validations(sheet)
    _colours(sheet, PatternFill, Font)
    properties = CoreProperties.of(properties)
    _print_setup(sheet, properties.title)
    _properties(workbook, properties)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _reproducible(buffer.getvalue(), properties.timestamp or "")


def row_height(row: Row | None) -> float:
    """Return a height in points that shows every line of ``row``'s wrapped cells (the
    header row's for None): characters per line estimated from the column width."""
    lines = 1
    for column in COLUMNS:
        value = column.header if row is None else getattr(row, column.field)
        if isinstance(value, str) and value:
            per_line = max(1, int(column.width * 1.3) - 1)
            count = sum(max(1, -(-len(part) // per_line)) for part in value.split("\n"))
            lines = max(lines, count)
    return round(lines * LINE_HEIGHT + 4, 1)


def _validations(sheet) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    bottom = FORMATTED_ROWS + 1
    for field, values, title in (("status", STATUSES, "Status"), ("rag", RAGS, "RAG")):
        rule = DataValidation(type="list", formula1='"' + ",".join(values) + '"',
                              allow_blank=True, showErrorMessage=True, errorTitle=title,
                              error=f"Choose one of: {', '.join(values)}.",
                              promptTitle=title, prompt=f"One of: {', '.join(values)}.")
        column = letter(field)
        rule.add(f"{column}2:{column}{bottom}")
        sheet.add_data_validation(rule)


def overdue_formula(row: int = 2) -> str:
    """Return the formula that marks a due date overdue: passed, and the action not complete."""
    due, status = letter("due"), letter("status")
    return f'AND(ISNUMBER(${due}{row}),${due}{row}<TODAY(),${status}{row}<>"complete")'


def _colours(sheet, PatternFill, Font) -> None:
    from openpyxl.formatting.rule import CellIsRule, FormulaRule

    bottom = FORMATTED_ROWS + 1
    rag = letter("rag")
    for value, (fill, font) in FILLS.items():
        sheet.conditional_formatting.add(f"{rag}2:{rag}{bottom}", CellIsRule(
            operator="equal", formula=[f'"{value}"'],
            fill=PatternFill(start_color=fill, end_color=fill, fill_type="solid"),
            font=Font(color=font, bold=True)))
    red, dark = FILLS["Red"]
    due = letter("due")
    sheet.conditional_formatting.add(f"{due}2:{due}{bottom}", FormulaRule(
        formula=[overdue_formula()], font=Font(color=dark, bold=True),
        fill=PatternFill(start_color=red, end_color=red, fill_type="solid")))


def _print_setup(sheet, title: str) -> None:
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "1:1"
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top = sheet.page_margins.bottom = 0.7
    sheet.oddHeader.center.text = title.replace("&", "&&")
    sheet.oddFooter.center.text = "Page &P of &N"


def _properties(workbook, properties: CoreProperties) -> None:
    from openpyxl.packaging.core import DocumentProperties

    moment = _moment(properties.timestamp or "")
    workbook.properties = DocumentProperties(
        title=properties.title, subject=properties.subject, creator=properties.creator,
        keywords=properties.keywords, description=properties.description,
        language=properties.language,
        lastModifiedBy=None, created=moment, modified=moment)


def _moment(stamp: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return dt.datetime(1980, 1, 1)


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _reproducible(data: bytes, stamp: str) -> bytes:
    """Return ``data`` re-zipped with fixed times and the modified date of ``stamp`` (openpyxl
    sets the clock's time when it saves)."""
    when = _moment(stamp).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + when + rb"\g<2>", content)
            target.writestr(zipfile.ZipInfo(info.filename, ZIP_TIME), content,
                            zipfile.ZIP_DEFLATED)
    return out.getvalue()


def build_workbook(facts) -> bytes:
    """Return the action plan workbook of a review (``Facts``): the registry's builder."""
    from scr_docs.assemble.action_plan import rows

    return write_workbook(rows(facts), facts.properties("Action plan"))
