"""The executive summary: numbered 1.1, 1.2 … within each part, as in published summaries."""

from __future__ import annotations

import re

from scr_docs.model import DocBuilder
from scr_docs.text import MONTHS
from scr_docs.assemble.facts import (PURPOSE, Facts, announces_list, count_words, label,
                                     first_paragraph, join_words, paragraphs, with_article,
                                     with_the)
from scr_docs.assemble.overview import (decision_sentence, family_table, imr_sentence, people,
                                      practice)

BODY = "BodyNumbered2"


def _override(f: Facts, key: str) -> str | None:
    """Return the author's own text for a part (``executive_summary.<key>``), if given."""
    return (f.data.get("executive_summary") or {}).get(key)


def introduction(w: DocBuilder, f: Facts) -> None:
    """Write what happened, the decision, terms of reference (with sub-items), panel, the
    chair's and authors' own statements and the review's conduct. The author's text wins: a
    generated sentence is written only for a fact the file gives no author text for."""
    w.heading(f.title("executive_summary", "introduction"), 1)
    review = f.review
    told = bool(_override(f, "summary_of_events"))  # then the incident summary follows
    if f.says("opening"):
        # What happened and the age, unless the author's incident summary follows.
        about = f"about {f.child}." if told else (
            f"following {f.following}. {f.child} was {f.age} old.")
        w.inline(f"This is the executive summary of {with_article(f.review_type)} commissioned "
                 f"by the {f.board_name} {about}", BODY)
    if told:
        # The summary of events is the author's own: say here what happened to the child.
        w.prose(review["incident"]["summary"], BODY)
        w.prose(review["incident"].get("outcome"), BODY)
    # The summary does not print `decision.reason`: the generated sentence is its only
    # account of the decision (what happened and the age are in the opening sentence).
    if decided := decision_sentence(f, "the case", always=True):
        w.inline(decided, BODY)
    if f.says("purpose"):
        w.inline(PURPOSE[0], BODY)
    if f.lead_in("executive_terms_of_reference"):
        w.inline(f.lead_in("executive_terms_of_reference"), BODY)
    for tor in f["terms_of_reference"]:
        w.inline(tor["question"], "ListBullet")
        for sub in tor.get("sub_questions") or []:
            w.inline(sub, "ListBullet2")
    if f.lead_in("executive_panel"):
        w.inline(f.lead_in("executive_panel"), BODY)
    for member in f["panel"]:
        w.paragraph(f"{member['role']}, {f.agency_name(member['agency'])}", "ListBullet")
    people(w, f, BODY)
    if f.says("model"):
        w.inline(f"The review used {f.model_text}.", BODY)
    if imrs := imr_sentence(f):
        w.inline(imrs, BODY)
    w.prose(review.get("conduct"), BODY)
    family = f.data.get("family") or {}
    if family.get("intro"):
        w.prose(family["intro"], BODY)
        if _TABLE.search(str(family["intro"])) and family.get("members"):
            family_table(w, f, family)  # the introduction promises the table
        elif announces_list(family["intro"]):
            # The introduction ends "... as follows." or with a colon: what it announces
            # follows, each member's involvement as a bullet.
            for entry in family.get("involvement") or []:
                first, *rest = paragraphs(entry["body"])
                member = entry["member"]
                prefix = None if first.casefold().startswith(member.casefold()) else \
                    (label(member), {"bold": True})
                w.inline(first, "ListBullet", prefix=prefix)
                w.prose("\n\n".join(rest), "ListBullet")
    else:
        _family_sentence(w, f, family)
    if f.says("anonymisation"):
        w.inline(f.anonymity, BODY)


_TABLE = re.compile(r"\btable\b", re.IGNORECASE)


def _family_sentence(w: DocBuilder, f: Facts, family: dict) -> None:
    """Say who of the family took part, from ``family.involvement``; names keep their case."""
    subjects = {m["relationship"] for m in family.get("members") or [] if m.get("subject")}

    def who(member: str) -> str:
        # Lower-case only the first letter: "Birth father of Child H" keeps the pseudonym.
        return f.child if member in subjects else member[:1].lower() + member[1:]

    took_part = [who(e["member"]) for e in family.get("involvement") or [] if e["participated"]]
    declined = [who(e["member"]) for e in family.get("involvement") or []
                if not e["participated"]]
    if took_part or declined:
        sentence = "Family members were invited to contribute."
        if took_part:
            sentence += f" The review heard from {join_words(took_part)}."
        if declined:
            names = join_words(declined)
            sentence += f" {names[:1].upper()}{names[1:]} did not take part."
        w.inline(sentence, BODY)


def summary_of_events(w: DocBuilder, f: Facts) -> None:
    w.heading(f.title("executive_summary", "summary_of_events"), 1)
    override = _override(f, "summary_of_events")
    if override:
        w.prose(override, BODY)
        return
    incident = f.review["incident"]
    w.prose(incident["summary"], BODY)
    w.prose(incident.get("outcome"), BODY)
    period = f.review["period"]
    titles = [p["title"] for p in f["chronology"]["periods"]]
    named = [_in_running_text(t) for t in titles]
    article = "the " if all(n != t for n, t in zip(named, titles)) else ""
    w.inline(f"The review considered agency contact from {period['start'].text()} to "
             f"{period['end'].text()}, covering {article}{join_words(named)}.", BODY)


def _in_running_text(title: str) -> str:
    """Return a period title as it reads inside a sentence: "Antenatal period" becomes
    "antenatal period"; a title that starts with a name, a month, a number or an
    abbreviation ("April 2023 to August 2024", "GP contact") keeps its capital."""
    first = title.split()[0] if title.split() else ""
    if not first or first.rstrip(",.:;") in MONTHS or any(c.isdigit() for c in first) \
            or first[1:2].isupper() or first == first.upper():
        return title
    return title[:1].lower() + title[1:]


def analysis(w: DocBuilder, f: Facts) -> None:
    w.heading(f.title("executive_summary", "analysis"), 1)
    override = _override(f, "analysis")
    findings = f["findings"]
    if override:
        w.prose(override, BODY)
    else:
        w.prose(findings.get("summary"), BODY)
    practice(w, f, "executive_summary", 2)
    if not override:
        w.heading(f.title("executive_summary", "themes"), 2)
        for theme in findings["themes"]:
            w.inline(first_paragraph(theme["body"]), BODY,
                     prefix=(label(theme['title']), {"bold": True}))


def conclusions(w: DocBuilder, f: Facts) -> None:
    w.heading(f.title("executive_summary", "conclusions"), 1)
    override = _override(f, "conclusions")
    if override:
        w.prose(override, BODY)
        return
    # Each conclusion whole: its paragraphs and lists, under its own title.
    for conclusion in f["conclusions"]:
        w.heading(conclusion["title"], 2)
        w.prose(conclusion["body"], BODY)


def improvements(w: DocBuilder, f: Facts) -> None:
    if f.data.get("improvements"):
        w.heading(f.title("executive_summary", "improvements"), 2)
        w.prose(f.data.get("improvements_intro"), BODY)
        for improvement in f["improvements"]:
            w.prose(improvement, "ListBullet")


def glossary(w: DocBuilder, f: Facts) -> None:
    """Write the glossary entries whose term this summary uses."""
    from scr_docs.text import phrases_in

    entries = f.data.get("glossary") or []
    terms = [e["term"] for e in entries]
    used = phrases_in(w.plain_text(footnotes=True), terms + [t + "s" for t in terms])
    rows = [[e["term"], e["meaning"]] for e in entries
            if e["term"] in used or e["term"] + "s" in used]
    if rows:
        w.heading(f.title("executive_summary", "glossary"), 1)
        w.table(["Abbreviation or term", "Meaning"], sorted(rows, key=lambda r: r[0].casefold()),
                widths=[1, 3], caption="Glossary")


def recommendations(w: DocBuilder, f: Facts) -> None:
    """Say how many recommendations the overview report makes and print those addressed to
    the board itself (``board_level``), numbered as in the overview report."""
    w.heading(f.title("executive_summary", "recommendations"), 1)
    board_level = [r for r in f.recommendations if r.item.get("board_level")]
    n = f.recommendation_count
    if f.says("recommendation_count"):
        w.inline(_count_sentence(f, n, board_level), BODY)
    for rec in board_level:
        w.numbered(rec.item["text"], rec.number, "Recommendation")


def _count_sentence(f: Facts, n: int, board_level: list) -> str:
    """Return the sentence on the recommendations, worded for their number and owners."""
    total = count_words(n, "recommendation")
    if not board_level:
        owners = {r.item["agency"] for r in f.recommendations}
        if n == 1:
            return (f"The overview report makes one recommendation, to "
                    f"{with_the(f.agency_name(f.recommendations[0].item['agency']))}.")
        if len(owners) == 1:
            return (f"The overview report makes {total}, all to "
                    f"{with_the(f.agency_name(next(iter(owners))))}; they are set out in the "
                    "overview report.")
        return (f"The overview report makes {total}, each addressed to a single agency; they "
                "are set out in the overview report.")
    to_board = all(r.agency.get("role") == "commissioner" for r in board_level)
    if len(board_level) == n and to_board:
        it, whom = ("It follows", "to") if n == 1 else ("They follow", "all to")
        return (f"The overview report makes {total}, {whom} {f.board_short}. {it}, numbered as "
                "in the overview report.")
    if to_board:
        these, verb = ("The one", "follows") if len(board_level) == 1 else ("Those", "follow")
        return (f"The overview report makes {total} in all. {these} addressed to "
                f"{f.board_short} {verb}, numbered as in the overview report.")
    if len(board_level) == n:
        return (f"The overview report makes {total}. {'It follows' if n == 1 else 'They follow'}"
                ", numbered as in the overview report.")
    some = count_words(len(board_level), "x").split()[0].capitalize()
    verb = "follows" if len(board_level) == 1 else "follow"
    return (f"The overview report makes {total} in all. {some} of them {verb} here, numbered as "
            "in the overview report.")



def build(f: Facts) -> tuple[DocBuilder, dict]:
    """Return the body writer and the template variables of the executive summary."""
    w = DocBuilder()
    for part in (introduction, summary_of_events, analysis, conclusions, improvements,
                 recommendations, glossary):
        part(w, f)
    return w, {"subtitle": f"Executive summary of {with_article(f.review_type_title)}",
               "date_text": f.review["report_date"].text(),
               "authors_line": f.authors_line}
