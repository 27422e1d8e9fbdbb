"""Dates at the precision the author gave: a year, a month or a day."""

from __future__ import annotations

import calendar
import datetime as _dt
import re
from dataclasses import dataclass

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def text(self) -> str:
        """Return the date as printed: ``2013``, ``September 2013``, ``15 September 2014``."""
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def when(self, start: bool = False) -> str:
        """Return the date with its preposition: ``on 15 September 2014``, ``in September
        2013`` (``On``/``In`` at the ``start`` of a sentence)."""
        preposition = "on" if self.day else "in"
        return f"{preposition.capitalize() if start else preposition} {self.text()}"

    def iso(self) -> str:
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def _key(self, precision: str) -> tuple[int, ...]:
        if precision == "year":
            return (self.year,)
        if precision == "month":
            return (self.year, self.month or 0)
        return (self.year, self.month or 0, self.day or 0)

    def compare(self, other: PartialDate) -> int:
        """Compare at the coarser of the two precisions: -1, 0 (same or overlapping), 1."""
        order = ("year", "month", "day")
        precision = order[min(order.index(self.precision), order.index(other.precision))]
        a, b = self._key(precision), other._key(precision)
        return (a > b) - (a < b)

    def __str__(self) -> str:
        return self.iso()


def parse_date(value: object) -> PartialDate:
    """Return the PartialDate for a YAML value (int year, str, or date); raise ValueError."""
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, bool):
        raise ValueError("not a date")
    if isinstance(value, int):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError("not a date")
    match = _PATTERN.match(value.strip())
    if not match:
        raise ValueError("a date is written YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"there is no month {month}")
    if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"{MONTHS[month - 1]} {year} has no day {day}")
    return PartialDate(year, month, day)
