"""Generate the reference page of the review file format from ``schema.SCHEMA``."""

from __future__ import annotations

from scr_docs.review.schema import FORMAT, SCHEMA

INTRO = f"""# Review file reference (`{FORMAT}`)

<!-- Generated from scr_docs/review/schema.py by `scr-docs reference -o docs/review-format.md`.
     Do not edit by hand: a test fails when this page is out of date. -->

Every field the review file accepts, generated from the schema the validator uses.
Types: *text* is one line of plain text; *prose* is Markdown (paragraphs, `- ` bullets,
`1. ` lists nested up to five levels, `*emphasis*`, `**bold**`, `[links](https://…)`,
`^[inline footnotes]`, `###` and `####` sub-headings, `| pipe | tables |`, pictures
`![description](genogram.png "caption")` (PNG, JPEG or GIF beside the file, description
required), `\\newpage` alone for a page break; `<!-- comments -->` are removed), or
`{{file: path.md}}` read relative to the review file; *date* is
`YYYY`, `YYYY-MM` or `YYYY-MM-DD`. Field paths in error messages count list entries from 0:
`recommendations.items[0]` is the first recommendation.
"""


def _type(rules: dict) -> str:
    kind = rules.get("type")
    if "allowed" in rules:
        return " \\| ".join(f"`{v}`" for v in rules["allowed"])
    if kind == "list":
        item = rules.get("schema", {})
        if item.get("type") == "dict":
            return "list of maps"
        return f"list of {_type(item)}"
    return {"string": "text", "prose": "prose", "partialdate": "date", "boolean": "true/false",
            "dict": "map"}.get(kind, str(kind))


def _children(rules: dict) -> dict | None:
    if rules.get("type") == "dict":
        return rules.get("schema")
    item = rules.get("schema", {})
    if rules.get("type") == "list" and item.get("type") == "dict":
        return item.get("schema")
    return None


def _table(fields: dict) -> list[str]:
    rows = ["| field | type | required | default | description |", "|---|---|---|---|---|"]
    for name, rules in fields.items():
        default = rules.get("default")
        default = "" if default is None else f"`{str(default).lower()}`"
        description = rules["meta"]["description"].replace("|", "\\|")
        rows.append(f"| `{name}` | {_type(rules)} | {'yes' if rules.get('required') else ''} "
                    f"| {default} | {description} |")
    return rows


def _sections(fields: dict, path: str, out: list[str]) -> None:
    nested = []
    for name, rules in fields.items():
        children = _children(rules)
        if children:
            nested.append((f"{path}.{name}" if path else name, rules, children))
    for name, rules, children in nested:
        suffix = "[]" if rules.get("type") == "list" else ""
        out += ["", f"## `{name}{suffix}`", "", rules["meta"]["description"], "", *_table(children)]
        _sections(children, name + suffix, out)


def reference_markdown() -> str:
    """Return the reference page as Markdown."""
    out = [INTRO.rstrip(), "", "## Top level", "", *_table(SCHEMA)]
    _sections(SCHEMA, "", out)
    from scr_docs.review.limits import limits_markdown

    out += ["", limits_markdown().rstrip()]
    return "\n".join(out) + "\n"
