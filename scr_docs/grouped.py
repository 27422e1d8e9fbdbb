"""Findings as an author reads them: errors one a line, warnings of a text rule grouped on
one line with their count and first places, and a closing summary."""

from __future__ import annotations

import re
from collections.abc import Iterable

from scr_docs.errors import Problem

FIRST_PLACES = 3
"""How many places a grouped line names before "and N more"."""


def _place(p: Problem) -> str:
    where = (p.file or "<input>") + (f":{p.line}" if p.line else "")
    return f"{where} {p.path}" if p.path else where


_QUOTED = re.compile(r"[\"\u201c']([^\"\u201d']{1,60})[\"\u201d']")


def _subject(p: Problem) -> str:
    """Return `` ("DASH")``: the first quoted words of the finding, naming what it is about."""
    m = _QUOTED.search(p.message)
    return f' ("{m.group(1)}")' if m else ""


def grouped_lines(problems: Iterable[Problem], verbose: bool = False) -> list[tuple[str, bool]]:
    """Return (line, is_error) for each line to print.

    Every error, and every warning without a rule, is one line (``Problem.format``). The
    warnings of one text rule are one line that starts as a single finding does (its file,
    line, field path and message) and then names the others: ``review.yaml:39:
    review.incident.outcome: warning: <message> -- pronoun, 7 findings; the others at
    review.yaml:44 analysis.items[0].body ("he"); ...; and 3 more (--verbose lists them)``,
    or, when it is one finding in several places, ``-- glossary, the same in 4 places; also
    at ...``. With ``verbose`` every problem is its own line.
    """
    problems = list(problems)
    if verbose:
        return [(p.format(), p.is_error) for p in problems]
    lines: list[tuple[str, bool]] = []
    by_rule: dict[str, list[Problem]] = {}
    for p in problems:
        if p.is_error or not p.rule:
            lines.append((p.format(), p.is_error))
        else:
            by_rule.setdefault(p.rule, []).append(p)
    for rule, items in by_rule.items():
        first, others = items[0], items[1:]
        if not others:
            lines.append((first.format(), False))
            continue
        # different findings ("DASH", then "ED") say what each is about; one finding in
        # several places needs no label
        differ = len({p.message for p in items}) > 1
        listed = others[:FIRST_PLACES]
        places = "; ".join(_place(p) + (_subject(p) if differ else "") for p in listed)
        more = (f"; and {len(others) - len(listed)} more (--verbose lists them)"
                if len(others) > len(listed) else "")
        group = (f"{rule}, {len(items)} findings; the others at" if differ
                 else f"{rule}, the same in {len(items)} places; also at")
        lines.append((f"{first.format()} -- {group} {places}{more}", False))
    return lines


def summary(problems: Iterable[Problem]) -> str:
    """Return ``12 warnings from 5 rules``, ``9 warnings (2 from 1 text rule, 7 others)`` or
    ``3 warnings`` (and errors and notes, when any): only text rules are counted as rules;
    other warnings (a question with no analysis item) are each their own."""
    problems = list(problems)
    warnings = [p for p in problems if p.is_warning]
    errors = sum(p.is_error for p in problems)
    notes = len(problems) - len(warnings) - errors
    rules = {p.rule for p in warnings if p.rule}
    ruled = sum(1 for p in warnings if p.rule)
    text = f"{len(warnings)} warning{'s' * (len(warnings) != 1)}"
    if rules and ruled == len(warnings):
        text += f" from {len(rules)} rule{'s' * (len(rules) != 1)}"
    elif rules:
        text += (f" ({ruled} from {len(rules)} text rule{'s' * (len(rules) != 1)}, "
                 f"{len(warnings) - ruled} other{'s' * (len(warnings) - ruled != 1)})")
    if notes:
        text += f" ({notes} note{'s' * (notes != 1)})"
    return f"{errors} error{'s' * (errors != 1)}, {text}" if errors else text
