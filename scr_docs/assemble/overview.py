"""The overview report: title page, contents, then sections 1-9 of the format."""

from __future__ import annotations

from scr_docs.model import DocBuilder
from scr_docs.assemble.facts import (PURPOSE, Facts, count_words, first_paragraph, join_words, paragraphs,
                    with_article)

BODY = "BodyNumbered"


def _section(w: DocBuilder, title: str, parts: list) -> None:
    """Write a level-1 section of (title, writer function) parts; leave it out if all are empty."""
    parts = [(t, fn) for t, fn in parts if fn is not None]
    if not parts:
        return
    w.heading(title, 1)
    for subtitle, fn in parts:
        w.heading(subtitle, 2)
        fn()


def _prose_part(w: DocBuilder, markdown: str | None):
    return (lambda: w.prose(markdown, BODY)) if markdown and markdown.strip() else None


def introduction(w: DocBuilder, f: Facts) -> None:
    review = f.review
    decision = review["decision"]

    def background():
        w.prose(review["incident"]["summary"], BODY)
        w.prose(review["incident"].get("outcome"), BODY)
        by = decision.get("by") or "the board"
        w.inline(f"{decision['date'].when(start=True)} {by} decided that the incident in "
                 f"{f.incident_month}, when {f.child} was {f.age} old, met the criteria for "
                 f"{with_article(f.review_type)}.", BODY)
        w.prose(decision.get("reason"), BODY)
        w.prose(review.get("criminal_outcome"), BODY)

    def purpose_and_conduct():
        for paragraph in PURPOSE:
            w.inline(paragraph, BODY)
        w.heading(f.title("overview", "terms_of_reference"), 3)
        w.inline(f.lead_in("terms_of_reference"), BODY)
        for tor in f["terms_of_reference"]:
            w.inline(tor["question"], "ListBullet")
            for sub in tor.get("sub_questions") or []:
                w.inline(sub, "ListBullet2")
        w.heading(f.title("overview", "conduct"), 3)
        w.inline(f"The review used {f.model_text}.", BODY)
        w.inline(f.lead_in("panel"), BODY)
        w.table(["Role", "Agency"],
                [[m["role"] + (" (co-opted)" if m.get("co_opted") else ""),
                  f.agency_name(m["agency"])] for m in f["panel"]],
                widths=[1, 1], caption="Members of the review panel")
        _person(w, f["chair"], "The panel was chaired by")
        w.inline("The overview report was written by "
                 f"{join_words([f_person(a) for a in f.authors])}.", BODY)
        for author in f.authors:
            w.prose(author.get("statement"), BODY)
        if f.imr_agencies:
            w.inline(f"{count_words(len(f.imr_agencies), 'agency', 'agencies').capitalize()} "
                     f"provided individual management reviews of their involvement: "
                     f"{join_words([a['name'] for a in f.imr_agencies])}.", BODY)
        w.prose(review.get("conduct"), BODY)
        dates = []
        if review.get("initiated"):
            dates.append(f"The review began {review['initiated'].when()}.")
        if review.get("accepted"):
            dates.append(f"The {f.board_name} accepted its findings "
                         f"{review['accepted'].when()}.")
        if dates:
            w.inline(" ".join(dates), BODY)
        w.heading(f.title("overview", "anonymisation"), 3)
        w.inline(f.anonymity, BODY)

    def summary():
        w.prose(first_paragraph(review["incident"]["summary"]), BODY)
        w.prose(f["findings"].get("summary"), BODY)
        for conclusion in f["conclusions"]:
            w.inline(first_paragraph(conclusion["body"]), BODY, prefix=(f"{conclusion['title']}: ", {"bold": True}))
        w.inline(f"The report makes {count_words(f.recommendation_count, 'recommendation')}, "
                 "set out in the recommendations section.", BODY)

    _section(w, f.title("overview", "introduction"), [
        (f.title("overview", "background"), background),
        (f.title("overview", "purpose_and_conduct"), purpose_and_conduct),
        (f.title("overview", "executive_summary"), summary),
    ])


def _person(w: DocBuilder, person: dict, lead: str) -> None:
    w.inline(f"{lead} {f_person(person)}.", BODY)
    w.prose(person.get("statement"), BODY)


def f_person(person: dict) -> str:
    extra = ", ".join(p for p in (person.get("title"), person.get("organisation")) if p)
    return f"{person['name']}" + (f" ({extra})" if extra else "")


def practice(w: DocBuilder, f: Facts, document: str, level: int) -> None:
    """Write the good and the sub-optimal practice of the findings as headed bullet lists,
    under ``document``'s titles for them."""
    findings = f["findings"]
    for key in ("good_practice", "sub_optimal_practice"):
        if findings.get(key):
            w.heading(f.title(document, key), level)
            for entry in findings[key]:
                w.prose(entry, "ListBullet")


def review_process(w: DocBuilder, f: Facts) -> None:
    def agencies():
        w.inline(f"{count_words(len(f['agencies']), 'agency', 'agencies').capitalize()} "
                 "contributed to the review.", BODY)
        for agency in f["agencies"]:
            short = agency.get("abbreviation")
            w.heading(f"{agency['name']} ({short})" if short else agency["name"], 3)
            w.prose(agency["involvement"], BODY)

    family = f.data.get("family")

    def family_part():
        w.prose(family.get("intro"), BODY)
        notes = any(m.get("notes") for m in family["members"])
        rows = []
        for m in family["members"]:
            relationship = f"{m['relationship']} ({f.child})" if m.get("subject") else m["relationship"]
            rows.append([relationship, m.get("gender", "").capitalize(),
                         str(m.get("birth_year", "")).capitalize(), m.get("ethnicity", ""),
                         *([m.get("notes", "")] if notes else [])])
        w.table(["Relationship", "Gender", "Year of birth", "Ethnicity",
                 *(["Notes"] if notes else [])], rows,
                widths=[3, 2, 2, 3, *([4] if notes else [])], caption="Family members")
        for entry in family.get("involvement") or []:
            w.heading(entry["member"], 3)
            w.prose(entry["body"], BODY)

    _section(w, f.title("overview", "review_process"), [
        (f.title("overview", "agencies"), agencies),
        (f.title("overview", "family"), family_part if family else None),
    ])


def chronology(w: DocBuilder, f: Facts) -> None:
    _section(w, f.title("overview", "background_contact"),
             [(f.title("overview", "background_intro"), _prose_part(w, f.data.get("background")))])
    chron = f["chronology"]
    _section(w, f.title("overview", "chronology"), [
        (f.title("overview", "chronology_intro"), _prose_part(w, chron.get("intro"))),
        *[(p["title"], _prose_part(w, p["body"])) for p in chron["periods"]],
    ])


def analysis(w: DocBuilder, f: Facts) -> None:
    questions = {t["id"]: t for t in f["terms_of_reference"]}
    parts = [(f.title("overview", "analysis_intro"), _prose_part(w, f["analysis"].get("intro")))]
    for item in f["analysis"]["items"]:
        tor = questions.get(item.get("tor"))

        def write(item=item, tor=tor):
            for sub in (tor or {}).get("sub_questions") or []:
                w.inline(sub, "ListBullet")
            w.prose(item["body"], BODY)
        parts.append((tor["question"] if tor else item["title"], write))
    _section(w, f.title("overview", "analysis"), parts)


def conclusions(w: DocBuilder, f: Facts) -> None:
    def write_conclusions():
        for conclusion in f["conclusions"]:
            w.heading(conclusion["title"], 3)
            w.prose(conclusion["body"], BODY)

    improvements = f.data.get("improvements") or []

    def write_improvements():
        for improvement in improvements:
            w.prose(improvement, BODY)

    findings = f["findings"]

    def write_findings():
        w.prose(findings.get("summary"), BODY)
        practice(w, f, "overview", 3)
        w.heading(f.title("overview", "themes"), 3)
        for theme in findings["themes"]:
            first, *rest = paragraphs(theme["body"])
            w.inline(first, BODY, prefix=(f"{theme['title']}: ", {"bold": True}))
            w.prose("\n\n".join(rest), BODY)

    _section(w, f.title("overview", "conclusions_and_lessons"), [
        (f.title("overview", "findings"), write_findings),
        (f.title("overview", "conclusions"), write_conclusions),
        (f.title("overview", "lessons"), _prose_part(w, f.data.get("lessons"))),
        (f.title("overview", "improvements"), write_improvements if improvements else None),
    ])


def recommendations(w: DocBuilder, f: Facts) -> None:
    recs = f["recommendations"]

    def intro():
        w.prose(recs.get("intro"), BODY)
        n = f.recommendation_count
        w.inline(f"The review makes {count_words(n, 'recommendation')}, numbered 1 to {n} "
                 "below under the agency responsible for each.", BODY)
        sources = [r.item.get("source") for r in f.recommendations]
        said = [f"{count_words(sources.count(key), 'x').split()[0]} {text}"
                for key, text in (("panel", "from the panel"),
                                  ("author", "from the overview author"),
                                  ("imr", "from agencies' individual management reviews"))
                if sources.count(key)]
        if said:
            verb = "comes" if said[0].startswith("one ") else "come"
            said[0] = said[0].replace(" from ", f" {verb} from ", 1)
            w.inline(f"Of these, {join_words(said)}.", BODY)

    def owners():
        groups = f.recommendations_by_owner()
        # The Recommendation style numbers 1..N in print order; when grouping by agency
        # changes the file's order, each recommendation is given its own number instead.
        printed = [rec.number for _, services in groups for _, items in services for rec in items]
        in_order = printed == list(range(1, len(printed) + 1))
        for agency, services in groups:
            w.heading(agency["name"], 3)
            for service, items in services:
                if service:
                    w.heading(service, 4)
                for rec in items:
                    if in_order:
                        w.recommendation(rec.item["text"])
                    else:
                        w.numbered(rec.item["text"], rec.number)
        w.prose(recs.get("closing"), BODY)

    _section(w, f.title("overview", "recommendations"), [(f.title("overview", "recommendations_intro"), intro),
                                       (f.title("overview", "responsibility"), owners)])


def glossary(w: DocBuilder, f: Facts) -> None:
    entries = f.data.get("glossary") or []
    if not entries:
        return
    w.heading(f.title("overview", "glossary"), 1)
    for kind in ("agency", "role", "term"):
        title = f.title("overview", f"glossary_{kind}")
        rows = [[e["term"], e["meaning"]] for e in entries if e.get("kind", "term") == kind]
        if rows:
            w.heading(title, 2)
            w.table(["Abbreviation or term", "Meaning"], sorted(rows, key=lambda r: r[0].casefold()),
                    widths=[1, 3], caption=f"Glossary: {title.lower()}")


def bibliography(w: DocBuilder, f: Facts) -> None:
    entries = f.data.get("bibliography") or []
    if not entries:
        return
    w.heading(f.title("overview", "bibliography"), 1)
    groups: dict[str, list[str]] = {}
    for entry in entries:
        groups.setdefault(entry.get("group") or "References", []).append(entry["citation"])
    for group, citations in groups.items():
        w.heading(group, 2)
        for citation in citations:
            w.prose(citation, "BodyText")


def build(f: Facts) -> tuple[DocBuilder, dict]:
    """Return the body writer and the template variables of the overview report."""
    w = DocBuilder()
    for part in (introduction, review_process, chronology, analysis, conclusions,
                 recommendations, glossary, bibliography):
        part(w, f)
    return w, {"subtitle": "Overview report", "date_text": f.review["report_date"].text(),
               "authors_line": f.authors_line}
