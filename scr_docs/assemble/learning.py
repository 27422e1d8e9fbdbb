"""The learning summary: one or two pages for practitioners and managers."""

from __future__ import annotations

from scr_docs.model import DocBuilder
from scr_docs.assemble.facts import Facts, count_words, join_words, with_article
from scr_docs.assemble.press import first_sentence


def how_learning_achieved(f: Facts) -> str:
    """Write the paragraph on how learning was achieved from the model, panel and authors."""
    agencies = sorted({f.agency_name(m["agency"]) for m in f["panel"]})
    authors = join_words([a["name"] for a in f.authors])
    text = (f"The review used {f.model_text}. An independent chair, {f.data['chair']['name']}, "
            f"led a panel of {count_words(len(f['panel']), 'member')} from "
            f"{count_words(len(agencies), 'agency', 'agencies')}; {authors} wrote the overview "
            "report.")
    if f.imr_agencies:
        text += (f" {join_words([a['name'] for a in f.imr_agencies])} provided individual "
                 "management reviews of their involvement.")
    return text


def _points(w: DocBuilder, f: Facts, key: str) -> None:
    points = (f.data.get("learning_summary") or {}).get(key)
    if not points:
        return
    w.heading(f.title("learning_summary", key), 1)
    for point in points:
        if point.get("title"):
            w.inline(point["body"].strip(), "ListBullet",
                     prefix=(f"{point['title']}: ", {"bold": True}))
        else:
            w.inline(point["body"].strip(), "ListBullet")


def build(f: Facts) -> tuple[DocBuilder, dict]:
    """Return the body writer and the template variables of the learning summary."""
    ls = f.data.get("learning_summary") or {}
    w = DocBuilder()
    w.heading(f.title("learning_summary", "case"), 1)
    w.inline(f"{f.board_name} commissioned {with_article(f.review_type)} about {f.child}, who "
             f"was {f.age} old at the time of the incident in {f.incident_month}. The review "
             f"makes {count_words(f.recommendation_count, 'recommendation')}.", "BodyText")
    w.prose(ls.get("case_summary") or f.review["incident"]["summary"], "BodyText")
    w.heading(f.title("learning_summary", "how_learning_achieved"), 1)
    w.prose(ls.get("how_learning_achieved") or how_learning_achieved(f), "BodyText")
    findings = f["findings"]
    if findings.get("summary"):
        w.heading(f.title("learning_summary", "findings"), 1)
        w.prose(findings["summary"], "BodyText")
    if f.data.get("lessons") and not (ls.get("points_for_managers")
                                      or ls.get("points_for_practitioners")):
        w.heading(f.title("learning_summary", "lessons"), 1)  # stand in for learning points the summary lacks
        w.prose(f["lessons"], "BodyText")
    w.heading(f.title("learning_summary", "themes"), 1)
    for theme in findings["themes"]:
        w.inline(first_sentence(theme["body"]), "ListBullet",
                 prefix=(f"{theme['title']}: ", {"bold": True}))
    for key in ("points_for_managers", "points_for_practitioners", "inter_agency_messages"):
        _points(w, f, key)
    if ls.get("one_thing"):
        w.heading(f.title("learning_summary", "one_thing"), 1)
        w.prose(ls["one_thing"], "BodyText")
    if ls.get("reflect"):
        w.heading(f.title("learning_summary", "reflect"), 1)
        w.bullets(ls["reflect"])
    if ls.get("resources"):
        w.heading(f.title("learning_summary", "resources"), 1)
        for resource in ls["resources"]:
            runs = [(resource["title"], {"url": resource["url"]} if resource.get("url") else {})]
            if resource.get("description"):
                runs.append((f" – {resource['description']}", {}))
            w.runs_paragraph(runs, "ListBullet")
    w.heading(f.title("learning_summary", "purpose"), 1)
    w.inline(f.about, "BodyText")
    date = f.review.get("publication_date") or f.review["report_date"]
    return w, {"date_text": date.text(), "subtitle": "Learning summary"}
