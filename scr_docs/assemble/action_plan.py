"""The recommendations action plan: one row per agreed action, and its landscape Word table.

The rows are the one source of the workbook (``scr_docs.render.xlsx``) and of the Word table built
here; recommendations carry the overview report's numbers (``Facts.recommendations``).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field

from scr_docs import text
from scr_docs.review.dates import PartialDate
from scr_docs.model import DocBuilder
from scr_docs.assemble.facts import Facts, count_words, with_the

STATUSES = ("not started", "in progress", "complete")
"""Statuses an action may be given; ``overdue`` is worked out from the due date."""
RAGS = ("Red", "Amber", "Green")


@dataclass
class Row:
    """One action of the plan (or the empty row of a recommendation without actions).

    ``due`` is a PartialDate at the precision typed; ``updated`` a date or None. Text
    fields are plain text (Markdown marks removed); absent values are "".
    """

    number: int
    recommendation: str
    action: str = ""
    agency: str = ""
    lead: str = ""
    due: PartialDate | None = None
    measure: str = ""
    status: str = ""
    rag: str = ""
    evidence: str = ""
    updated: dt.date | None = None
    extra: dict = field(default_factory=dict, compare=False)
    """Where the row was read from (sheet row number), for messages; not data."""

    @property
    def is_empty(self) -> bool:
        """Tell whether no action has been typed in this row yet."""
        return not any((self.action, self.agency, self.lead, self.due, self.measure,
                        self.status, self.evidence))


def last_day(date: PartialDate) -> dt.date:
    """Return the last day a due date allows: 2020 → 31 Dec 2020, 2020-06 → 30 Jun 2020."""
    month = date.month or 12
    day = date.day or calendar.monthrange(date.year, month)[1]
    return dt.date(date.year, month, day)


def is_overdue(row: Row, at: dt.date) -> bool:
    """Tell whether ``row`` is past its due date (its last day) at ``at`` and not complete."""
    return bool(row.due) and row.status != "complete" and last_day(row.due) < at


def rag(row: Row, at: dt.date) -> str:
    """Return the rating a row gets when built: Green complete, Red overdue, else Amber."""
    if row.is_empty:
        return ""
    if row.status == "complete":
        return "Green"
    return "Red" if is_overdue(row, at) else "Amber"


def build_date(f: Facts) -> dt.date:
    """Return the build's date (``Facts.stamp``, ``SOURCE_DATE_EPOCH`` aware), else today."""
    try:
        return dt.date.fromisoformat(f.stamp[:10])
    except ValueError:
        return dt.date.today()


def _plain(markdown: str | None) -> str:
    return text.normalise(text.plain(markdown or "", with_footnotes=False))


def rows(f: Facts) -> list[Row]:
    """Return the plan's rows in recommendation order: each action, or one empty row."""
    today = build_date(f)
    out: list[Row] = []
    for rec in f.recommendations:
        recommendation = _plain(rec.item["text"])
        actions = rec.item.get("actions") or []
        if not actions:
            out.append(Row(rec.number, recommendation))
        for action in actions:
            row = Row(rec.number, recommendation, _plain(action["action"]),
                      f.agency_name(action["agency"]), action["lead"].strip(),
                      action.get("due"), _plain(action.get("measure")),
                      action.get("status") or "not started", "",
                      _plain(action.get("evidence")), today)
            row.rag = rag(row, today)
            out.append(row)
    return out


def due_text(row: Row, at: dt.date | None = None) -> str:
    """Return the due date as printed, with "(overdue)" when it has passed at ``at``."""
    if not row.due:
        return ""
    return row.due.text() + (" (overdue)" if at and is_overdue(row, at) else "")


_MARKS = re.compile(r"[\\`*_\[\]<>^~]")

HEADER = ["No.", "Recommendation", "Action", "Lead (agency)", "Due", "Measure of success",
          "Status", "RAG", "Evidence"]
WIDTHS = [3, 13, 13, 9, 8, 10, 7, 5, 9]  # relative; Due, Status and RAG fit "December 2026", "in progress", "Green"


def build(f: Facts) -> tuple[DocBuilder, dict]:
    """Return the body writer and template variables of the action plan (.docx)."""
    plan = rows(f)
    today = build_date(f)
    w = DocBuilder()
    w.heading("About this plan", 1)
    w.inline(introduction(f, sum(1 for r in plan if not r.is_empty)), "BodyText")
    w.heading("Actions", 1)
    table, previous = [], None
    for row in plan:
        lead = f"{row.lead} ({row.agency})" if row.lead and row.agency else row.lead or row.agency
        # a recommendation's later actions point up rather than repeat its text
        recommendation = "(as above)" if row.number == previous else \
            _escape(row.recommendation)
        previous = row.number
        table.append([str(row.number), recommendation, _escape(row.action),
                      _escape(lead), due_text(row, today), _escape(row.measure),
                      row.status.capitalize(), row.rag, _escape(row.evidence)])
    w.table(HEADER, table, widths=WIDTHS, split_rows=True,  # long cells: pages filled
            caption=f"Action plan for the recommendations of the review concerning {f.child}")
    return w, {"date_text": f.review["report_date"].text(), "subtitle": "Action plan"}


def introduction(f: Facts, agreed: int) -> str:
    """Return the plan's opening paragraph (four sentences): what it is for, what a row shows,
    how many actions are agreed (``agreed``) and how recommendations are numbered."""
    board = with_the(f.board_name)
    if agreed:
        so_far = (f"{count_words(agreed, 'action').capitalize()} "
                  f"{'has' if agreed == 1 else 'have'} been agreed so far")
    else:
        so_far = "No action has been agreed yet"
    return (f"This plan sets out how {board} and its partner agencies will act on the "
            f"{count_words(f.recommendation_count, 'recommendation')} of the {f.review_type} "
            f"concerning {f.child}. Each row shows an agreed action: who leads it, when it is "
            f"due, how success will be known and the progress made. {so_far}; a "
            "recommendation without an agreed action has an empty row for "
            f"{f.board_short} to fill in. Recommendations are numbered as in the "
            "overview report.")


def _escape(plain: str) -> str:
    """Return plain text as inline Markdown that prints as written (table cells are Markdown;
    the reader makes their quotation marks and apostrophes typographic, as everywhere)."""
    return _MARKS.sub(r"\\\g<0>", plain)
