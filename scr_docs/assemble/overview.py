"""The overview report: title page, contents, then sections 1-9 of the format."""

from __future__ import annotations

from scr_docs.model import DocBuilder
from scr_docs.assemble.facts import (PURPOSE, SOURCE_WORDS, Facts, announces_list, count_words,
                                     join_words, label, mentions, mentions_number, paragraphs,
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


def decision_sentence(f: Facts, what: str | None = None, always: bool = False) -> str:
    """Return the generated sentence on the decision to hold the review, or ``""`` when it is
    turned off (``wording.sentences.decision``) or, unless ``always``, when
    ``decision.reason`` states the decision. ``what`` met the criteria: by default what
    happened and the child's age, or "the case" when the incident summary gives the age."""
    decision = f.review["decision"]
    if not f.says("decision") or (f.decision_stated and not always):
        return ""
    by = decision.get("by") or f.board_short
    if what is None:
        incident = f.review["incident"]
        told = " ".join(t for t in (incident["summary"], incident.get("outcome")) if t)
        happened = f"the incident in {f.incident_month}" if f.harm == "other" else f.following
        # The incident summary, printed just before, may give the age: not said twice.
        what = "the case" if f.age.casefold() in " ".join(told.split()).casefold() else \
            f"{happened}, when {f.child} was {f.age} old,"
    return (f"{decision['date'].when(start=True)} {by} decided that {what} met the criteria "
            f"for {with_article(f.review_type)}.")


def introduction(w: DocBuilder, f: Facts) -> None:
    review = f.review
    decision = review["decision"]

    def background():
        w.prose(review["incident"]["summary"], BODY)
        w.prose(review["incident"].get("outcome"), BODY)
        # The author's account of the decision first: its events may come before the date of
        # the decision, which the generated sentence gives.
        w.prose(decision.get("reason"), BODY)
        if decided := decision_sentence(f):
            w.inline(decided, BODY)
        w.prose(review.get("criminal_outcome"), BODY)

    def purpose_and_conduct():
        if f.says("purpose"):
            for paragraph in PURPOSE:
                w.inline(paragraph, BODY)
        terms_of_reference(w, f)
        w.heading(f.title("overview", "conduct"), 3)
        if f.says("model"):
            w.inline(f"The review used {f.model_text}.", BODY)
        w.inline(f.lead_in("panel"), BODY)
        w.table(["Role", "Agency"],
                [[m["role"] + (" (co-opted)" if m.get("co_opted") else ""),
                  f.agency_name(m["agency"])] for m in f["panel"]],
                widths=[1, 1], caption="Members of the review panel")
        people(w, f, BODY)
        if imrs := imr_sentence(f, " of its involvement", " of their involvement"):
            w.inline(imrs, BODY)
        w.prose(review.get("conduct"), BODY)
        dates = []
        if review.get("initiated"):
            dates.append(f"The review began {review['initiated'].when()}.")
        if review.get("accepted"):
            dates.append(f"The {f.board_name} accepted its findings "
                         f"{review['accepted'].when()}.")
        if dates and f.says("review_dates"):
            w.inline(" ".join(dates), BODY)
        if f.says("anonymisation"):
            w.heading(f.title("overview", "anonymisation"), 3)
            w.inline(f.anonymity, BODY)

    def summary():
        # The summary of the findings lives here only: section 6 holds the conclusions, so
        # the two never repeat each other.
        findings = f["findings"]
        summary = findings.get("summary")
        more = findings.get("themes") or findings.get("good_practice") or \
            findings.get("sub_optimal_practice")
        if summary and summary.strip() and more:
            w.heading(f.title("overview", "findings"), 3)
        w.prose(summary, BODY)
        practice(w, f, "overview", 3)
        if findings.get("themes"):
            w.heading(f.title("overview", "themes"), 3)
            for theme in findings["themes"]:
                first, *rest = paragraphs(theme["body"])
                w.inline(first, BODY, prefix=(label(theme['title']), {"bold": True}))
                w.prose("\n\n".join(rest), BODY)

    _section(w, f.title("overview", "introduction"), [
        (f.title("overview", "background"), background),
        (f.title("overview", "purpose_and_conduct"), purpose_and_conduct),
        (f.title("overview", "executive_summary"), summary),
    ])


def imr_sentence(f: Facts, one: str = "", several: str = "") -> str:
    """Return "N agencies provided individual management reviews{several}: A, B and C." (or
    "One agency provided an individual management review{one}: A."); ``""`` when no agency
    wrote one, when ``review.conduct`` tells the IMRs itself or when the sentence is turned
    off (``wording.sentences.imr_count``)."""
    if not f.imr_agencies or f.conduct_tells_imrs or not f.says("imr_count"):
        return ""
    n = len(f.imr_agencies)
    what = (f"an individual management review{one}" if n == 1
            else f"individual management reviews{several}")
    return (f"{count_words(n, 'agency', 'agencies').capitalize()} provided {what}: "
            f"{join_words([a['name'] for a in f.imr_agencies])}.")


def terms_of_reference(w: DocBuilder, f: Facts) -> None:
    """Write the terms of reference of 1.2: those no analysis item answers, as a list; for
    those an analysis item answers (printed there as its heading, with the sub-questions), a
    sentence pointing to the analysis, so that no question is printed twice."""
    answered = {item.get("tor") for item in f["analysis"]["items"]}
    listed = [t for t in f["terms_of_reference"] if t["id"] not in answered]
    w.heading(f.title("overview", "terms_of_reference"), 3)
    if len(listed) < len(f["terms_of_reference"]) and f.lead_in("terms_of_reference_in_analysis"):
        w.inline(f.lead_in("terms_of_reference_in_analysis"), BODY)
    if listed and f.lead_in("terms_of_reference"):
        w.inline(f.lead_in("terms_of_reference"), BODY)
    for tor in listed:
        w.inline(tor["question"], "ListBullet")
        for sub in tor.get("sub_questions") or []:
            w.inline(sub, "ListBullet2")


def people(w: DocBuilder, f: Facts, style: str) -> None:
    """Write who chaired the panel and who wrote the report, each with their own statement.
    A generated "The panel was chaired by …" is left out when the author's text introduces
    the chair (``Facts.introduced``), and "The overview report was written by …" (naming
    every author) when it introduces every author."""
    chair = f["chair"]
    if not f.introduced(chair, "chair") and f.says("chair"):
        w.inline(f"The panel was chaired by {f_person(chair)}.", style)
    w.prose(chair.get("statement"), style)
    if not all(f.introduced(a, "author") for a in f.authors) and f.says("authors"):
        w.inline("The overview report was written by "
                 f"{join_words([f_person(a) for a in f.authors])}.", style)
    for author in f.authors:
        w.prose(author.get("statement"), style)


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


def _bracketed(involvement: str) -> tuple[str, str]:
    """Return ``(" (what the agency did)", rest)`` for an agency's bullet: the first paragraph
    of its involvement in brackets, without its full stop, and the Markdown of any further
    paragraphs (printed after the bullet, so that nothing is lost)."""
    first, *rest = paragraphs(involvement) or [""]
    text = " ".join(first.split()).rstrip(".")
    return (f" ({text})" if text else ""), "\n\n".join(rest)


def review_process(w: DocBuilder, f: Facts) -> None:
    def agencies():
        listed = f.contributing_agencies
        if f.agency_list == "bullets":
            # As published reports print it: one lead-in paragraph, a bullet per agency with
            # what it did in brackets.
            if f.lead_in("agencies"):
                w.inline(f.lead_in("agencies"), BODY)
            for agency in listed:
                bracketed, rest = _bracketed(agency["involvement"])
                w.inline(agency["name"] + bracketed, "ListBullet")
                w.prose(rest, BODY)
            return
        if f.says("agency_count"):
            w.inline(f"{count_words(len(listed), 'agency', 'agencies').capitalize()} "
                     "contributed to the review.", BODY)
        for agency in listed:
            short = agency.get("abbreviation")
            w.heading(f"{agency['name']} ({short})" if short else agency["name"], 3)
            w.prose(agency["involvement"], BODY)

    family = f.data.get("family")

    def family_part():
        w.prose(family.get("intro"), BODY)
        family_table(w, f, family)
        for entry in family.get("involvement") or []:
            w.heading(entry["member"], 3)
            w.prose(entry["body"], BODY)

    _section(w, f.title("overview", "review_process"), [
        (f.title("overview", "agencies"), agencies),
        (f.title("overview", "family"), family_part if family else None),
    ])


def family_table(w: DocBuilder, f: Facts, family: dict) -> None:
    """Write the family members' table: relationship (the child's row naming the pseudonym
    once), gender, year of birth, ethnicity and, when any member has them, notes."""
    notes = any(m.get("notes") for m in family["members"])
    rows = []
    for m in family["members"]:
        relationship = m["relationship"]
        if m.get("subject") and f.child.casefold() not in relationship.casefold():
            relationship = f"{relationship} ({f.child})"
        rows.append([relationship, m.get("gender", "").capitalize(),
                     str(m.get("birth_year", "")).capitalize(), m.get("ethnicity", ""),
                     *([m.get("notes", "")] if notes else [])])
    w.table(["Relationship", "Gender", "Year of birth", "Ethnicity",
             *(["Notes"] if notes else [])], rows,
            widths=[3, 2, 2, 3, *([4] if notes else [])], caption="Family members")


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
    """Write section 6 in the published order: the conclusions with the lessons learnt, then
    the improvements already introduced (after their ``improvements_intro``). The findings
    are summarised in 1.3 only."""
    lessons = f.data.get("lessons")

    def write_conclusions():
        for conclusion in f["conclusions"]:
            w.heading(conclusion["title"], 3)
            w.prose(conclusion["body"], BODY)
        if lessons and lessons.strip():
            w.heading(f.title("overview", "lessons"), 3)
            w.prose(lessons, BODY)

    improvements = f.data.get("improvements") or []

    intro = f.data.get("improvements_intro")

    def write_improvements():
        # After an introduction, the improvements are its list (as published reports print
        # them); without one, each is a numbered paragraph.
        w.prose(intro, BODY)
        for improvement in improvements:
            w.prose(improvement, "ListBullet" if intro and intro.strip() else BODY)

    _section(w, f.title("overview", "conclusions_and_lessons"), [
        (f.title("overview", "conclusions"), write_conclusions),
        (f.title("overview", "improvements"), write_improvements if improvements else None),
    ])


def count_sentence(f: Facts) -> str:
    """Return "The review makes N recommendations, numbered 1 to N below …", or ``""`` when
    turned off or when ``recommendations.intro`` already gives the number."""
    n = f.recommendation_count
    if not f.says("recommendation_count") or mentions_number(f["recommendations"].get("intro"), n):
        return ""
    if n == 1:
        return ("The review makes one recommendation, set out below under the agency "
                "responsible for it.")
    return (f"The review makes {count_words(n, 'recommendation')}, numbered 1 to {n} below "
            "under the agency responsible for each.")


def sources_sentence(f: Facts) -> str:
    """Return "Of these, three come from the panel and 33 from …", or ``""`` when turned off,
    when no recommendation gives a ``source``, or when ``recommendations.intro`` says where
    they came from (``SOURCE_WORDS``)."""
    if not f.says("recommendation_sources") or mentions(f["recommendations"].get("intro"),
                                                        *SOURCE_WORDS):
        return ""
    sources = [r.item.get("source") for r in f.recommendations]
    said = [f"{count_words(sources.count(key), 'x').split()[0]} {text}"
            for key, text in (("panel", "from the panel"),
                              ("author", "from the overview author"),
                              ("imr", "from agencies' individual management reviews"))
            if sources.count(key)]
    if not said:
        return ""
    if len(said) == 1 and sources.count(None) == 0:
        whole = "It comes" if len(sources) == 1 else "All come"
        return f"{whole} {said[0].split(' ', 1)[1]}."
    verb = "comes" if said[0].startswith("one ") else "come"
    said[0] = said[0].replace(" from ", f" {verb} from ", 1)
    return f"Of these, {join_words(said)}."


def recommendations(w: DocBuilder, f: Facts) -> None:
    recs = f["recommendations"]

    said = [s for s in (count_sentence(f), sources_sentence(f)) if s]

    def intro():
        # An intro that ends by announcing the list ("... are as follows:") comes last.
        last = announces_list(recs.get("intro") or "")
        if not last:
            w.prose(recs.get("intro"), BODY)
        for sentence in said:
            w.inline(sentence, BODY)
        if last:
            w.prose(recs.get("intro"), BODY)

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

    has_intro = said or (recs.get("intro") or "").strip()
    _section(w, f.title("overview", "recommendations"), [
        (f.title("overview", "recommendations_intro"), intro if has_intro else None),
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
