"""The learning summary: two pages for practitioners and managers.

The author chooses the sections and their order (``learning_summary.sections``, keys of
``review.wording.TITLES["learning_summary"]``); the default order (:data:`DEFAULT_SECTIONS`)
leaves out the overview report's long ``findings.summary``, so that a summary fits two pages.
"""

from __future__ import annotations

from collections.abc import Callable

from scr_docs.model import DocBuilder
from scr_docs.assemble.facts import Facts, count_words, join_words, label, with_article
from scr_docs.assemble.press import first_sentence

DEFAULT_SECTIONS = ("case", "how_learning_achieved", "findings", "key_areas", "themes",
                    "lessons", "points_for_managers", "points_for_practitioners",
                    "inter_agency_messages", "one_thing", "reflect", "resources", "purpose")
"""The sections printed when the review does not list its own, in this order; each only when
it has text."""

POINTS = ("points_for_managers", "points_for_practitioners", "inter_agency_messages")


def panel_text(f: Facts) -> str:
    """Return what the chair led, with its numbers in words: ``a panel of six members from
    four agencies``, ``a panel of two members from Thames Valley Police``, ``a panel with one
    member, from Thames Valley Police``."""
    members = len(f["panel"])
    agencies = list(dict.fromkeys(f.agency_name(m["agency"]) for m in f["panel"]))
    source = agencies[0] if len(agencies) == 1 else \
        count_words(len(agencies), "agency", "agencies")
    if members == 1:
        return f"a panel with one member, from {source}"
    return f"a panel of {count_words(members, 'member')} from {source}"


def how_learning_achieved(f: Facts) -> str:
    """Write the paragraph on how learning was achieved from the model, panel and authors."""
    authors = join_words([a["name"] for a in f.authors])
    text = (f"The review used {f.model_text}. An independent chair, {f.data['chair']['name']}, "
            f"led {panel_text(f)}; {authors} wrote the overview report.")
    if f.imr_agencies:
        text += (f" {join_words([a['name'] for a in f.imr_agencies])} provided individual "
                 "management reviews of their involvement.")
    return text


def _heading(w: DocBuilder, f: Facts, key: str) -> None:
    w.heading(f.title("learning_summary", key), 1)


def _case(w: DocBuilder, f: Facts, ls: dict, chosen: bool) -> None:
    """The case: a generated opening (who commissioned the review, following what), then the
    author's case summary, else the incident summary."""
    _heading(w, f, "case")
    if f.says("opening"):
        opening = (f"{f.board_name} commissioned {with_article(f.review_type)} following "
                   f"{f.following}. {f.child} was then aged {f.age}.")
        if f.says("recommendation_count"):
            opening += (f" The review makes "
                        f"{count_words(f.recommendation_count, 'recommendation')}.")
        w.inline(opening, "BodyText")
    w.prose(ls.get("case_summary") or f.review["incident"]["summary"], "BodyText")


def _how(w: DocBuilder, f: Facts, ls: dict, chosen: bool) -> None:
    _heading(w, f, "how_learning_achieved")
    w.prose(ls.get("how_learning_achieved") or how_learning_achieved(f), "BodyText")


def _findings(w: DocBuilder, f: Facts, ls: dict, chosen: bool) -> None:
    """The summary's own findings list; the overview's whole summary only when chosen."""
    if ls.get("findings"):
        _heading(w, f, "findings")
        w.bullets(ls["findings"])
    elif chosen and f["findings"].get("summary"):
        _heading(w, f, "findings")
        w.prose(f["findings"]["summary"], "BodyText")


def _key_areas(w: DocBuilder, f: Facts, ls: dict, chosen: bool) -> None:
    if ls.get("key_areas"):
        _heading(w, f, "key_areas")
        w.bullets(ls["key_areas"])


def _themes(w: DocBuilder, f: Facts, ls: dict, chosen: bool) -> None:
    themes = f["findings"].get("themes") or []
    if not themes:
        return
    _heading(w, f, "themes")
    for theme in themes:
        w.inline(first_sentence(theme["body"]), "ListBullet",
                 prefix=(label(theme['title']), {"bold": True}))


def _lessons(w: DocBuilder, f: Facts, ls: dict, chosen: bool) -> None:
    """The overview's lessons: chosen, or by default standing in for learning points for
    managers and practitioners the summary lacks."""
    if f.data.get("lessons") and (chosen or not (ls.get("points_for_managers")
                                                  or ls.get("points_for_practitioners"))):
        _heading(w, f, "lessons")
        w.prose(f["lessons"], "BodyText")


def _points(key: str) -> Callable:
    def section(w: DocBuilder, f: Facts, ls: dict, chosen: bool) -> None:
        points = ls.get(key)
        if not points:
            return
        _heading(w, f, key)
        for point in points:
            prefix = (label(point['title']), {"bold": True}) if point.get("title") else None
            w.inline(point["body"].strip(), "ListBullet", prefix=prefix)
    return section


def _one_thing(w: DocBuilder, f: Facts, ls: dict, chosen: bool) -> None:
    if ls.get("one_thing"):
        _heading(w, f, "one_thing")
        w.prose(ls["one_thing"], "BodyText")


def _reflect(w: DocBuilder, f: Facts, ls: dict, chosen: bool) -> None:
    if ls.get("reflect"):
        _heading(w, f, "reflect")
        w.bullets(ls["reflect"])


def _resources(w: DocBuilder, f: Facts, ls: dict, chosen: bool) -> None:
    if not ls.get("resources"):
        return
    _heading(w, f, "resources")
    for resource in ls["resources"]:
        runs = [(resource["title"], {"url": resource["url"]} if resource.get("url") else {})]
        if resource.get("description"):
            runs.append((f" \u2013 {resource['description']}", {}))
        w.runs_paragraph(runs, "ListBullet")


def _purpose(w: DocBuilder, f: Facts, ls: dict, chosen: bool) -> None:
    """What a review is: the board's own words, else the generated paragraph."""
    if ls.get("purpose"):
        _heading(w, f, "purpose")
        w.prose(ls["purpose"], "BodyText")
    elif f.says("about"):
        _heading(w, f, "purpose")
        w.inline(f.about, "BodyText")


SECTIONS: dict[str, Callable] = {
    "case": _case, "how_learning_achieved": _how, "findings": _findings,
    "key_areas": _key_areas, "themes": _themes, "lessons": _lessons,
    **{key: _points(key) for key in POINTS},
    "one_thing": _one_thing, "reflect": _reflect, "resources": _resources,
    "purpose": _purpose,
}
"""Section key -> writer ``(builder, facts, learning_summary, chosen) -> None``; ``chosen``
tells whether the review listed the section itself."""


def build(f: Facts) -> tuple[DocBuilder, dict]:
    """Return the body writer and the template variables of the learning summary."""
    ls = f.data.get("learning_summary") or {}
    w = DocBuilder()
    chosen = ls.get("sections")
    for key in dict.fromkeys(chosen or DEFAULT_SECTIONS):
        SECTIONS[key](w, f, ls, bool(chosen))
    date = f.review.get("publication_date") or f.review["report_date"]
    return w, {"date_text": date.text(), "subtitle": "Learning summary"}
