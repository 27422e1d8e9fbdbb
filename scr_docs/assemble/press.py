"""The press release: headline, lead, quotations, other issues, media contacts, ENDS."""

from __future__ import annotations

from scr_docs.model import DocBuilder
from scr_docs.model.nodes import FieldText
from scr_docs.assemble.facts import Facts, count_words, join_words, paragraphs, with_article


def first_sentence(markdown: str) -> str:
    """Return the first sentence of Markdown prose, never cut inside a footnote, link or
    emphasis (model.markdown.first_sentence); keeps the source of a ``FieldText``."""
    from scr_docs.model.markdown import first_sentence as parsed

    sentence = parsed(markdown or "")
    return markdown.derive(sentence) if isinstance(markdown, FieldText) else sentence


def _quote(text: str) -> str:
    """Return ``text`` in curly quotation marks, keeping the source of a review field."""
    quoted = f"\u201c{text.strip()}\u201d"
    return text.derive(quoted) if isinstance(text, FieldText) else quoted


def build(f: Facts) -> tuple[DocBuilder, dict]:
    """Return the body writer and the template variables of the press release."""
    press = f.data.get("press_release") or {}
    w = DocBuilder()
    w.heading(f.headline, 1)
    if press.get("embargo"):
        w.paragraph(press["embargo"], "BodyText", bold=True)
    w.inline(f"{f.board_name} today publishes the report of {with_article(f.review_type)} "
             f"following an incident in {f.incident_month} involving {f.child} "
             f"(then aged {f.age}).", "BodyText")
    w.prose("\n\n".join(paragraphs(f.review["incident"]["summary"])[:2]), "BodyText")  # the lead; the report has the rest
    quotes = press.get("report_quotes") or []
    if quotes:
        if f.lead_in("report_quotes"):
            w.paragraph(f.lead_in("report_quotes"), "BodyText")
        for quote in quotes:
            w.inline(_quote(quote), "Quote")
    for quote in press.get("quotes") or _chair_quote(f):
        said_by = ", ".join(p for p in (quote["speaker"], quote.get("title")) if p)
        w.paragraph(f"{said_by}, said:", "BodyText")
        said = paragraphs(quote["body"])
        for index, paragraph in enumerate(said):
            opening = "\u201c" if index == 0 else ""
            closing = "\u201d" if index == len(said) - 1 else ""
            w.inline(f"{opening}{paragraph.strip()}{closing}", "Quote")
    w.prose(f.review.get("criminal_outcome"), "BodyText")
    w.inline(f"The report makes {count_words(f.recommendation_count, 'recommendation')} "
             f"to the agencies involved and to {f.board['short_name']}.", "BodyText")
    issues = press.get("other_issues") or [
        f"**{t['title']}**: {first_sentence(t['body'])}" for t in f["findings"]["themes"]]
    w.heading(f.title("press_release", "other_issues"), 2)
    w.bullets(issues)
    _agencies(w, f)
    w.heading(f.title("press_release", "about"), 2)
    if f.board.get("website"):
        w.runs_paragraph([(f"{f.about} More about the work of ", {}),
                          (f.board_name, {"url": f.board["website"]}), (".", {})], "BodyText")
    else:
        w.inline(f.about, "BodyText")
    if press.get("notes_to_editors"):
        w.heading(f.title("press_release", "notes_to_editors"), 2)
        w.prose(press["notes_to_editors"], "BodyText")
    w.paragraph("ENDS", "BodyText", bold=True)
    date = f.review.get("publication_date") or f.review["report_date"]
    return w, {"date_text": date.text(), "subtitle": "Press release"}


def _chair_quote(f: Facts) -> list[dict]:
    """Quote the board's chair's statement when the press release gives no quotes."""
    chair = f.board.get("chair") or {}
    if not chair.get("statement"):
        return []
    title = chair.get("title") or f"Independent Chair, {f.board_name}"
    return [{"speaker": chair["name"], "title": title, "body": chair["statement"]}]


def _agencies(w: DocBuilder, f: Facts) -> None:
    """List the agencies with media contacts in full and the others in one sentence."""
    w.heading(f.title("press_release", "agencies"), 2)
    others = []
    for agency in f["agencies"]:
        contacts = agency.get("media_contacts") or []
        if not contacts:
            others.append(agency["name"])
            continue
        w.paragraph(agency["name"], "ListBullet")
        for contact in contacts:
            runs: list[tuple[str, dict]] = [("Media contact: ", {"bold": True})]
            details = [d for d in (contact.get("name"), contact.get("phone")) if d]
            runs.append((", ".join(details), {}))
            if contact.get("email"):
                runs.append((", " if details else "", {}))
                runs.append((contact["email"], {"url": f"mailto:{contact['email']}"}))
            w.runs_paragraph(runs, "ListBullet2")
    if others:
        w.inline(f"Also involved: {join_words(others)}.", "BodyText")
