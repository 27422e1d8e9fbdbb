"""The press release: headline, lead, narrative and quotations, other issues, media contacts,
ENDS, then the notes to editors."""

from __future__ import annotations

import re

from scr_docs.model import DocBuilder
from scr_docs.model.nodes import FieldText
from scr_docs.assemble.facts import (Facts, count_words, join_words, label, paragraphs,
                                     with_article)


def first_sentence(markdown: str) -> str:
    """Return the first sentence of Markdown prose, never cut inside a footnote, link or
    emphasis (model.markdown.first_sentence); keeps the source of a ``FieldText``."""
    from scr_docs.model.markdown import first_sentence as parsed

    sentence = parsed(markdown or "")
    return markdown.derive(sentence) if isinstance(markdown, FieldText) else sentence


_OPENING_MARKS = "\"\u201c"
_CLOSING_MARKS = "\"\u201d"
_DOUBLE_MARKS = "\"\u201c\u201d"


def _unquoted(said: list[str]) -> list[str]:
    """Return the paragraphs of a quotation without the double quotation marks an author
    pasted around the whole of it (the document adds its own); single marks, and text with
    other double marks inside, are left as written. Keeps each paragraph's source."""
    if not said:
        return said
    first, last = said[0].strip(), said[-1].strip()
    inner = "\n".join(said).strip()[1:-1]
    if not (first[:1] in _OPENING_MARKS and last[-1:] in _CLOSING_MARKS
            and (len(said) > 1 or len(first) > 1)
            and not any(mark in inner for mark in _DOUBLE_MARKS)):
        return said  # not one quotation in double marks ("'predictable' ... 'preventable'")
    said = list(said)
    for index, cut in ((0, lambda t: t.strip()[1:]), (len(said) - 1, lambda t: t.strip()[:-1])):
        text = said[index]
        trimmed = cut(text)
        said[index] = text.derive(trimmed) if isinstance(text, FieldText) else trimmed
    return said


def _quote(text: str) -> str:
    """Return ``text`` in curly quotation marks (not doubled when the author pasted them),
    keeping the source of a review field."""
    quoted = f"\u201c{_unquoted([text])[0].strip()}\u201d"
    return text.derive(quoted) if isinstance(text, FieldText) else quoted


def build(f: Facts) -> tuple[DocBuilder, dict]:
    """Return the body writer and the template variables of the press release.

    Order (UK practice): headline, embargo, lead, the narrative with its quotations, the
    remaining quotations, the recommendations, other issues, the agencies and their media
    contacts, ENDS; then what a review is and the notes to editors.
    """
    press = f.data.get("press_release") or {}
    w = DocBuilder()
    w.heading(f.headline, 1)
    if press.get("embargo"):
        w.paragraph(press["embargo"], "BodyText", bold=True)
    _lead(w, f, press)
    _story(w, f, press)
    w.prose(f.review.get("criminal_outcome"), "BodyText")
    if f.says("recommendation_count") and not _mentions_recommendations(f, press):
        w.inline(f"The report makes {count_words(f.recommendation_count, 'recommendation')} "
                 f"to {f.addressees}.", "BodyText")
    issues = press.get("other_issues") or [
        f"**{label(t['title']).rstrip()}** {first_sentence(t['body'])}" for t in f["findings"]["themes"]]
    w.heading(f.title("press_release", "other_issues"), 2)
    w.bullets(issues)
    _agencies(w, f)
    w.paragraph("ENDS", "BodyText", bold=True)
    _notes(w, f, press)
    date = f.review.get("publication_date") or f.review["report_date"]
    return w, {"date_text": date.text(), "subtitle": "Press release"}


def _lead(w: DocBuilder, f: Facts, press: dict) -> None:
    """Print the author's lead, else the generated opening and the incident's first two
    paragraphs (the report has the rest)."""
    if press.get("lead"):
        w.prose(press["lead"], "BodyText")
        return
    if any(e.get("paragraph") for e in press.get("narrative") or []):
        return  # the communications team's narrative is the release copy: it opens it
    if f.says("opening"):
        w.inline(f"{f.board_name} today publishes the report of {with_article(f.review_type)} "
                 f"following {f.following}. {f.child} was then aged {f.age}.", "BodyText")
    w.prose("\n\n".join(paragraphs(f.review["incident"]["summary"])[:2]), "BodyText")


def _story(w: DocBuilder, f: Facts, press: dict) -> None:
    """Print the narrative in its order with the quotations it places, then the report quotes
    it does not place (after their lead-in), then the attributed quotes it does not place."""
    report_quotes = press.get("report_quotes") or []
    quotes = press.get("quotes") or _chair_quote(f)
    placed: set[tuple[str, int]] = set()
    introduced = False  # the paragraph before ends "... said:": it attributes the quote
    for entry in press.get("narrative") or []:
        if entry.get("paragraph"):
            w.prose(entry["paragraph"], "BodyText")
            introduced = str(entry["paragraph"]).rstrip().endswith(":")
            continue
        if entry.get("report_quote"):
            placed.add(("report_quote", entry["report_quote"]))
            w.inline(_quote(report_quotes[entry["report_quote"] - 1]), "Quote")
        elif entry.get("quote"):
            placed.add(("quote", entry["quote"]))
            _said(w, quotes[entry["quote"] - 1], attributed=introduced)
        introduced = False
    rest = [q for n, q in enumerate(report_quotes, 1) if ("report_quote", n) not in placed]
    if rest and f.lead_in("report_quotes"):
        w.paragraph(f.lead_in("report_quotes"), "BodyText")
    for quote in rest:
        w.inline(_quote(quote), "Quote")
    for number, quote in enumerate(quotes, 1):
        if ("quote", number) not in placed:
            _said(w, quote)


def _said(w: DocBuilder, quote: dict, attributed: bool = False) -> None:
    """Print "<speaker>, <title>, said:" (unless the author's paragraph before already
    ``attributed`` it) and the quotation, its paragraphs in one pair of quotation marks (the
    marks an author pasted with it are not doubled)."""
    if not attributed:
        said_by = ", ".join(p for p in (quote["speaker"], quote.get("title")) if p)
        w.paragraph(f"{said_by}, said:", "BodyText")
    said = _unquoted(paragraphs(quote["body"]))
    for index, paragraph in enumerate(said):
        opening = "\u201c" if index == 0 else ""
        closing = "\u201d" if index == len(said) - 1 else ""
        w.inline(f"{opening}{paragraph.strip()}{closing}", "Quote")


_SAYS_RECOMMENDATIONS = re.compile(
    r"\b(?:makes|made|making)\s+(?:[\w-]+\s+){0,3}recommendations?\b"
    r"|\brecommendations? (?:for|to)\b",
    re.IGNORECASE)


def _mentions_recommendations(f: Facts, press: dict) -> bool:
    """Tell whether the author's own release text already says what recommendations the
    report makes, or for whom ("The report makes a number of recommendations for ..."): then
    the generated sentence would repeat it."""
    texts = [press.get("lead") or ""]
    texts += [e.get("paragraph") or "" for e in press.get("narrative") or []]
    texts += [q.get("body") or "" for q in press.get("quotes") or _chair_quote(f)]
    return any(_SAYS_RECOMMENDATIONS.search(t) for t in texts)


def _notes(w: DocBuilder, f: Facts, press: dict) -> None:
    """Print what a review is and the notes to editors; when the notes are themselves about
    the review (their heading is the ``about`` heading, or they open with it), the generated
    paragraph and its heading are left out, so that the heading is printed once."""
    about_title = f.title("press_release", "about")
    notes = press.get("notes_to_editors")
    notes_title = f.title("press_release", "notes_to_editors")
    opening = (notes or "").lstrip().split("\n", 1)[0].lstrip("#").strip().strip("*").strip()
    own_about = bool(notes) and (
        about_title.casefold() in (notes_title.casefold(), opening.casefold())
        or re.search(rf"\b(?:an?|the)\s+{re.escape(f.review_type)}\s+(?:is|was)\b",
                     str(notes), re.IGNORECASE) is not None)  # the notes say what one is
    if f.says("about") and not own_about:
        w.heading(about_title, 2)
        if f.board.get("website"):
            w.runs_paragraph([(f"{f.about} More about the work of ", {}),
                              (f.board_name, {"url": f.board["website"]}), (".", {})],
                             "BodyText")
        else:
            w.inline(f.about, "BodyText")
    if notes:
        w.heading(notes_title, 2)
        w.prose(notes, "BodyText")


def _chair_quote(f: Facts) -> list[dict]:
    """Quote the board's chair's statement when the press release gives no quotes."""
    chair = f.board.get("chair") or {}
    if not chair.get("statement"):
        return []
    title = chair.get("title") or f"Independent Chair, {f.board_name}"
    return [{"speaker": chair["name"], "title": title, "body": chair["statement"]}]


def _agencies(w: DocBuilder, f: Facts) -> None:
    """List the agencies with media contacts, one bullet each (the agency, then a line per
    contact, as releases print them), and the other agencies that contributed (never the
    board itself) in one sentence (``wording.sentences.also_involved``)."""
    w.heading(f.title("press_release", "agencies"), 2)
    for agency in f["agencies"]:
        contacts = agency.get("media_contacts") or []
        if not contacts:
            continue
        runs: list[tuple[str, dict]] = [(agency["name"], {})]
        for contact in contacts:
            runs.append(("\nMedia contact: ", {"bold": True}))
            details = [d for d in (contact.get("name"), contact.get("phone")) if d]
            runs.append((", ".join(details), {}))
            if contact.get("email"):
                runs.append((", " if details else "", {}))
                runs.append((contact["email"], {"url": f"mailto:{contact['email']}"}))
        w.runs_paragraph(runs, "ListBullet")
    others = [a["name"] for a in f.contributing_agencies
              if not a.get("media_contacts") and not f.is_board(a)]
    if others and f.says("also_involved"):
        w.inline(f"Also involved: {join_words(others)}.", "BodyText")
