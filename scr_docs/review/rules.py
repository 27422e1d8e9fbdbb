"""The format's cross-field rules: references, ids, dates, actions and control characters.

Every rule reads the data defensively (the shape may be wrong elsewhere) so that one run
reports every problem at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from scr_docs import text
from scr_docs.review.dates import PartialDate, parse_date
from scr_docs.errors import Problems
from scr_docs.review.load import Loaded, child_path
from scr_docs.review.schema import SCHEMA


def _list(value) -> list:
    return value if isinstance(value, list) else []


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _dicts(value) -> Iterator[tuple[int, dict]]:
    for index, item in enumerate(_list(value)):
        if isinstance(item, dict):
            yield index, item


def _date(value) -> PartialDate | None:
    if isinstance(value, PartialDate):
        return value
    try:
        return parse_date(value) if value is not None else None
    except ValueError:
        return None


def strings(value, path: str = "", rules: dict | None = None) -> Iterator[tuple[str, str, str]]:
    """Yield ``(path, text, type)`` for every string in ``value``; type from the schema."""
    rules = rules or {}
    if isinstance(value, str):
        yield path, value, rules.get("type", "string")
    elif isinstance(value, dict):
        fields = rules.get("schema", SCHEMA if not path else {})
        for key, item in value.items():
            yield from strings(item, child_path(path, key), _dict(fields.get(key)))
    elif isinstance(value, list):
        item_rules = _dict(rules.get("schema"))
        for index, item in enumerate(value):
            yield from strings(item, child_path(path, index), item_rules)


def clean_control_characters(data, loaded: Loaded, problems: Problems):
    """Remove control characters from every string of ``data``, warning once per field.
    U+000B (Word's manual line break) is kept: Markdown prose prints it as a line break."""
    def clean(value, path):
        if isinstance(value, str):
            found = [c for c in text.control_characters(value) if c != "\x0b"]
            if not found:
                return value
            codes = ", ".join(sorted({f"U+{ord(c):04X}" for c in found}))
            problems.warn(f"control characters ({codes}) cannot go into a document; removed",
                          path, loaded.line(path))
            return "\x0b".join(text.remove_control_characters(part)
                                for part in value.split("\x0b"))
        if isinstance(value, dict):
            return {k: clean(v, child_path(path, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [clean(v, child_path(path, i)) for i, v in enumerate(value)]
        return value
    return clean(data, "")


def _check_logo(ctx, logo: str) -> None:
    """Refuse a logo outside the review's folder, not an ordinary file, or too large."""
    from scr_docs.review.limits import LOGO_MAX_BYTES
    from scr_docs.review.safe_files import Unsafe, read_inside

    raw = _dict(ctx.loaded.data).get("board")
    raw = raw.get("logo") if isinstance(raw, dict) else None
    try:  # the value as written: control characters (from "\a" in a path) still in it
        read_inside(ctx.loaded.path.parent, raw if isinstance(raw, str) else logo,
                    LOGO_MAX_BYTES)
    except Unsafe as exc:
        ctx.error(f"logo file {exc}", "board.logo")


def convert_dates(data: dict) -> dict:
    """Return ``data`` with every ``partialdate`` field turned into a PartialDate."""
    def convert(value, rules):
        if rules.get("type") == "partialdate":
            return parse_date(value)
        if isinstance(value, dict):
            fields = _dict(rules.get("schema"))
            return {k: convert(v, _dict(fields.get(k))) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v, _dict(rules.get("schema"))) for v in value]
        return value
    return convert(data, {"type": "dict", "schema": SCHEMA})


class _Context:
    def __init__(self, data: dict, loaded: Loaded, problems: Problems):
        self.data, self.loaded, self.problems = data, loaded, problems

    def error(self, message: str, path: str) -> None:
        self.problems.add(message, path, self.loaded.line(path))

    def warn(self, message: str, path: str) -> None:
        self.problems.warn(message, path, self.loaded.line(path))


def _ids(ctx: _Context, items, base: str, key: str, what: str) -> set[str]:
    seen: set[str] = set()
    for index, item in _dicts(items):
        value = item.get(key)
        if not isinstance(value, str):
            continue
        if value in seen:
            ctx.error(f"{what} '{value}' is given twice; each must be unique",
                      f"{base}[{index}].{key}")
        seen.add(value)
    return seen


def _references(ctx: _Context) -> None:
    data = ctx.data
    agencies = _ids(ctx, data.get("agencies"), "agencies", "id", "agency id")
    tors = _ids(ctx, data.get("terms_of_reference"), "terms_of_reference", "id",
                "terms-of-reference id")
    members = _ids(ctx, _dict(data.get("family")).get("members"), "family.members",
                   "relationship", "family member")
    checks = [
        ("panel", data.get("panel"), "agency", agencies, "agency", "agencies"),
        ("recommendations.items", _dict(data.get("recommendations")).get("items"), "agency",
         agencies, "agency", "agencies"),
        ("analysis.items", _dict(data.get("analysis")).get("items"), "tor", tors,
         "terms-of-reference question", "terms_of_reference"),
        ("family.involvement", _dict(data.get("family")).get("involvement"), "member", members,
         "family member", "family.members (by relationship)"),
    ]
    for base, items, key, known, what, where in checks:
        for index, item in _dicts(items):
            value = item.get(key)
            if isinstance(value, str) and value not in known:
                hint = ", ".join(sorted(known)) or "none defined"
                ctx.error(f"no {what} '{value}' in {where} (known: {hint})",
                          f"{base}[{index}].{key}")


def _dates(ctx: _Context) -> None:
    review = _dict(ctx.data.get("review"))
    start = _date(_dict(review.get("period")).get("start"))
    end = _date(_dict(review.get("period")).get("end"))
    incident = _date(_dict(review.get("incident")).get("date"))
    decision = _date(_dict(review.get("decision")).get("date"))
    report = _date(review.get("report_date"))
    order = [
        (start, end, "review.period.end", "the period ends before it starts"),
        (start, incident, "review.incident.date", "the incident is before the period under review starts"),
        (incident, end, "review.incident.date", "the incident is after the period under review ends"),
        (incident, decision, "review.decision.date", "the decision to hold the review is dated before the incident"),
        (decision, report, "review.report_date", "the report is dated before the decision to hold the review"),
    ]
    for earlier, later, path, message in order:
        if earlier and later and earlier.compare(later) > 0:
            ctx.error(f"{message} ({earlier.text()} > {later.text()})", path)


#: A person's title followed by a capitalised word: "Mrs Patel", "Dr. A. Jones".
_TITLED_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Rev|DC|DS|DI|PC|"
                          r"Sgt|Cllr)\.?\s+(?:[A-Z]\.\s*)*[A-Z][a-z'’-]+")


def _person_names(data: dict) -> list[str]:
    """Return the people's names the review file gives (chair, authors, contacts)."""
    people = [data.get("chair"), data.get("author"), _dict(data.get("board")).get("chair"),
              *_list(data.get("authors"))]
    names = [p.get("name") for p in people if isinstance(p, dict)]
    for _, agency in _dicts(data.get("agencies")):
        names += [c.get("name") for _, c in _dicts(agency.get("media_contacts"))]
    return [n for n in names if isinstance(n, str) and n.strip()]


def _actions(ctx: _Context) -> None:
    """Action plan rules: known agencies, due dates not before the report, roles not names."""
    agencies = {a.get("id") for _, a in _dicts(ctx.data.get("agencies"))}
    report = _date(_dict(ctx.data.get("review")).get("report_date"))
    names = _person_names(ctx.data)
    recs = _dict(ctx.data.get("recommendations")).get("items")
    for r_index, rec in _dicts(recs):
        for a_index, action in _dicts(rec.get("actions")):
            base = f"recommendations.items[{r_index}].actions[{a_index}]"
            agency = action.get("agency")
            if isinstance(agency, str) and agency not in agencies:
                known = ", ".join(sorted(a for a in agencies if isinstance(a, str)))
                ctx.error(f"no agency '{agency}' in agencies (known: {known or 'none defined'})",
                          f"{base}.agency")
            due = _date(action.get("due"))
            if due and report and due.compare(report) < 0:
                ctx.error(f"the action is due before the report date ({due.text()} < "
                          f"{report.text()})", f"{base}.due")
            lead = action.get("lead")
            if not isinstance(lead, str):
                continue
            found = _TITLED_NAME.search(lead) or next(
                (n for n in names if text.contains_phrase(lead, n)), None)
            if found:
                name = found if isinstance(found, str) else found.group(0)
                ctx.warn(f"'{name}' looks like a person's name; give the lead as a role "
                         "(e.g. 'Head of Safeguarding'), since people change and the plan is "
                         "kept for years", f"{base}.lead")


def _structure(ctx: _Context) -> None:
    data = ctx.data
    if "author" in data and "authors" in data:
        ctx.error("give either 'author' or 'authors', not both", "authors")
    elif "author" not in data and "authors" not in data:
        ctx.error("required field is missing (or give 'authors')", "author")
    for index, item in _dicts(_dict(data.get("analysis")).get("items")):
        has_tor, has_title = "tor" in item, "title" in item
        if has_tor == has_title:
            ctx.error("an analysis item has either 'tor' (it answers that question) or 'title' "
                      f"(a thematic item), {'not both' if has_tor else 'and has neither'}",
                      f"analysis.items[{index}]")
    recs = _dict(data.get("recommendations"))
    if isinstance(data.get("recommendations"), dict) and not _list(recs.get("items")):
        ctx.error("there is no recommendation: a review makes at least one",
                  "recommendations.items")
    for a_index, agency in _dicts(data.get("agencies")):
        _involvement(ctx, a_index, agency)
        for c_index, contact in _dicts(agency.get("media_contacts")):
            if not contact.get("phone") and not contact.get("email"):
                ctx.error("a media contact needs a phone number or an email address",
                          f"agencies[{a_index}].media_contacts[{c_index}]")
    subjects = [i for i, m in _dicts(_dict(data.get("family")).get("members")) if m.get("subject")]
    for index in subjects[1:]:
        ctx.error("only one family member can be the subject child",
                  f"family.members[{index}].subject")
    board = _dict(data.get("board"))
    if board.get("logo") and not board.get("logo_alt"):
        ctx.error("a logo needs 'logo_alt', its alternative text, for readers who cannot see it",
                  "board.logo_alt")
    if board.get("logo") and isinstance(board["logo"], str):
        _check_logo(ctx, board["logo"])
    analysed = {item.get("tor") for _, item in _dicts(_dict(data.get("analysis")).get("items"))}
    for index, tor in _dicts(data.get("terms_of_reference")):
        if isinstance(tor.get("id"), str) and tor["id"] not in analysed:
            ctx.warn(f"terms-of-reference question '{tor['id']}' has no analysis item",
                     f"terms_of_reference[{index}]")


def _involvement(ctx: _Context, index: int, agency: dict) -> None:
    """An agency that contributed says what it did; one that did not (commissioner, panel,
    other) is not listed, so its ``involvement`` would be printed nowhere."""
    role = agency.get("role") or "contributed"
    given = isinstance(agency.get("involvement"), str) and agency["involvement"].strip()
    path = f"agencies[{index}].involvement"
    if role == "contributed" and not given:
        ctx.error("required field is missing: what this agency did in the case (every agency "
                  "that contributed is listed with it)", path)
    elif role != "contributed" and given:
        ctx.warn(f"printed nowhere: this agency's role is '{role}', and only agencies that "
                 "contributed are listed with their involvement; remove it, or give the "
                 "agency 'role: contributed'", path)


def cross_field(data: dict, loaded: Loaded, problems: Problems) -> None:
    """Add the problems of every cross-field rule to ``problems``."""
    ctx = _Context(data, loaded, problems)
    _references(ctx)
    _dates(ctx)
    _structure(ctx)
    _actions(ctx)
    _press_narrative(ctx)


def _press_narrative(ctx: _Context) -> None:
    """Each ``press_release.narrative`` entry gives one thing, and places a quotation that
    exists, once."""
    press = _dict(ctx.data.get("press_release"))
    board_chair = _dict(_dict(ctx.data.get("board")).get("chair"))
    counts = {"report_quote": len(_list(press.get("report_quotes"))),
              "quote": len(_list(press.get("quotes"))) if "quotes" in press
              else int(bool(board_chair.get("statement")))}
    placed: set[tuple[str, int]] = set()
    for index, entry in _dicts(press.get("narrative")):
        path = f"press_release.narrative[{index}]"
        given = [k for k in ("paragraph", "report_quote", "quote") if k in entry]
        if len(given) != 1:
            ctx.error("a narrative entry gives one of 'paragraph', 'report_quote' or 'quote'"
                      + (f", not {' and '.join(given)}" if given else ""), path)
            continue
        key = given[0]
        number = entry[key]
        if key == "paragraph" or not isinstance(number, int):
            continue
        what = "report quote" if key == "report_quote" else "attributed quote"
        if number > counts[key]:
            ctx.error(f"there is no {what} number {number}: the press release has "
                      f"{counts[key]}", f"{path}.{key}")
        elif (key, number) in placed:
            ctx.error(f"{what} number {number} is placed twice; each quotation is printed "
                      "once", f"{path}.{key}")
        placed.add((key, number))
