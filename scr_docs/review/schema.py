"""The review file format ``scr-docs/1`` as data: a Cerberus schema with a description per field.

Custom types (checked by ``validate.ReviewValidator``): ``prose`` is Markdown text (or a
``{file: path.md}`` include, resolved on load), ``partialdate`` a date written ``YYYY``,
``YYYY-MM`` or ``YYYY-MM-DD``. Every field carries ``meta.description``; the reference page
``docs/review-format.md`` is generated from this module (``scr_docs.review.reference``).
"""

from __future__ import annotations

from scr_docs.review.wording import LEAD_INS, SENTENCES, TITLES

FORMAT = "scr-docs/1"
REVIEW_TYPES = ["serious case review", "local child safeguarding practice review",
                "child practice review", "learning review", "other"]
GENDERS = ["female", "male", "withheld"]
MEMBER_GENDERS = ["female", "male", "withheld", "not known"]
TEXT_RULES = ["pseudonym", "pronoun", "agency-name", "age", "recommendation-count",
              "report-quote", "glossary", "link-text", "heading-level"]
"""The ids of the text rules (scr_docs.textrules.rules()), for `checks.ignore`."""
HARMS = ["died", "seriously harmed", "other"]
AGENCY_ROLES = ["contributed", "commissioner", "panel", "other"]
ACTION_STATUSES = ["not started", "in progress", "complete"]
"""Statuses an action may be given; "overdue" is worked out from the due date, never typed."""


def _field(type_: str, description: str, required: bool = False, **rules) -> dict:
    rules = {"type": type_, "required": required, "meta": {"description": description}, **rules}
    if type_ in ("string", "prose"):
        rules.setdefault("empty", False)
    return rules


def text(description: str, required: bool = False, **rules) -> dict:
    """A single line of plain text."""
    return _field("string", description, required, **rules)


def prose(description: str, required: bool = False) -> dict:
    """Markdown prose, or ``{file: path.md}``."""
    return _field("prose", description, required)


def date(description: str, required: bool = False) -> dict:
    return _field("partialdate", description, required, check_with="partialdate")


def flag(description: str, default: bool = False) -> dict:
    return _field("boolean", description, default=default)


def enum(values: list[str], description: str, required: bool = False, **rules) -> dict:
    return _field("string", description, required, allowed=values, **rules)


def record(description: str, fields: dict, required: bool = False, **rules) -> dict:
    return _field("dict", description, required, schema=fields, **rules)


def items(description: str, item: dict, required: bool = False, **rules) -> dict:
    """A list whose every entry follows ``item``."""
    return _field("list", description, required, schema=item, **rules)


def records(description: str, fields: dict, required: bool = False, **rules) -> dict:
    """A list of maps, each with ``fields``."""
    return items(description, {"type": "dict", "schema": fields}, required, **rules)


def person(description: str, required: bool = False) -> dict:
    return record(description, {
        "name": text("Full name as it should be printed.", True),
        "organisation": text("Organisation the person works for."),
        "title": text("Job title or role."),
        "statement": prose("Independence and experience, printed in the overview report and "
                           "the executive summary. When it gives the person's full `name` "
                           "and their part (a word starting \"chair\" or \"author\"), the "
                           "tool writes no introduction of its own (\"The panel was chaired "
                           "by …\")."),
    }, required)


def point(description: str) -> dict:
    return records(description, {
        "title": text("Short bold lead-in, printed as \"**Title:** body\"."),
        "body": prose("The point itself.", True),
    })


REVIEW = record("What the review is about.", {
    "type": enum(REVIEW_TYPES, "Kind of review, printed in titles (\"Serious Case Review\").", True),
    "child": text("The child's pseudonym, used everywhere, e.g. `Child H`.", True),
    "child_gender": enum(GENDERS, "With `withheld` (the default) no gendered pronoun may "
                         "describe the child.", default="withheld"),
    "child_age_at_incident": text("Age at the incident as printed, e.g. `21 months`.", True),
    "model": enum(["traditional", "systems", "hybrid"], "How learning was achieved: "
                  "IMR-based (traditional), SCIE Learning Together (systems) or mixed.", True),
    "conduct": prose("How the review was convened and conducted, beyond what the tool writes "
                     "from the panel, chair and author. When it speaks of IMRs (\"IMR\", "
                     "\"individual management review\") the tool writes no IMR count of its "
                     "own; when it names the chair or an author in full with their part (\"chair\", "
                     "\"author\"), no \"The panel was chaired by …\" / \"… was written "
                     "by …\" for them."),
    "status": enum(["draft", "final"], "A draft is marked DRAFT in every document.",
                   default="draft"),
    "marking": text("Protective marking printed in header and footer, e.g. `OFFICIAL-SENSITIVE`."),
    "report_date": date("Date on the title page.", True),
    "publication_date": date("Date of the press release and learning summary."),
    "incident": record("The incident that led to the review.", {
        "date": date("When it happened.", True),
        "summary": prose("The incident in two or three paragraphs.", True),
        "outcome": prose("What happened to the child afterwards."),
        "harm": enum(HARMS, "What happened to the child, in the words the documents use: "
                     "`died` (\"following the death of Child H\"), `seriously harmed` "
                     "(\"following serious harm to Child H\") or `other` (\"following an "
                     "incident involving Child H\", the default)."),
    }, True),
    "period": record("The period under review.", {
        "start": date("First day (or month, or year) of the period.", True),
        "end": date("Last day (or month, or year) of the period.", True),
    }, True),
    "decision": record("The decision to hold the review.", {
        "date": date("When the decision was made.", True),
        "by": text("Who made it, e.g. `the independent chair of the board`."),
        "reason": prose("Why the criteria for a review were met. Printed after the incident; "
                        "when it speaks of the decision (\"decided\", \"decision\") or says "
                        "the criteria were met (\"The criteria … were met because …\") the tool "
                        "writes no decision sentence of its own, else its sentence (\"In "
                        "November 2009 the board decided …\") follows this text."),
    }, True),
    "initiated": date("When the review started."),
    "accepted": date("When the board accepted the findings."),
    "criminal_outcome": prose("Outcome of parallel proceedings, for the press release."),
}, True)

BOARD = record("The safeguarding board or partnership that commissioned the review.", {
    "name": text("Full name, e.g. `Wexmoor Safeguarding Children Partnership`.", True),
    "short_name": text("Short name used in running text, e.g. `the Partnership`.", True),
    "website": text("Web address of the board."),
    "chair": person("The board's own independent chair; their `statement` is quoted in the "
                    "press release when it gives no `quotes`."),
    "logo": text("Path of a logo image (PNG, JPEG or GIF, at most 10 MB), relative to the "
                 "review file and inside its folder."),
    "logo_alt": text("Alternative text of the logo (required by accessibility when `logo` is set)."),
}, True)

AGENCY = {
    "id": text("Short identifier used by `agency:` references, e.g. `police`.", True,
               regex=r"[A-Za-z0-9][A-Za-z0-9_-]*"),
    "name": text("Full name as printed.", True),
    "abbreviation": text("Abbreviation used in prose, e.g. `CSC`; also belongs in the glossary."),
    "involvement": prose("What the agency did in this case, for the list of agencies; "
                         "required for an agency that contributed, and printed only for one."),
    "imr": flag("The agency wrote an individual management review (documents count them)."),
    "role": enum(AGENCY_ROLES, "Why the agency is in the file: `contributed` (it worked with "
                 "the child or family and is counted and listed among the relevant agencies), "
                 "`commissioner` (the board or partnership that commissioned the review), "
                 "`panel` (it sat on the panel only) or `other` (named for another reason, "
                 "e.g. it owns a recommendation or gives press contacts). Only `contributed` "
                 "agencies are counted, listed in the overview report and named as involved in "
                 "the press release.", default="contributed"),
    "media_contacts": records("Press contacts, listed in the press release.", {
        "name": text("Contact name or office."),
        "phone": text("Telephone number."),
        "email": text("Email address (printed as a mailto link).",
                      regex=r"[^@\s]+@[^@\s]+\.[^@\s]+"),
    }),
}

FAMILY = record("Family members table and their involvement in the review.", {
    "intro": prose("Introduction to the family section. In the executive summary it "
                   "replaces the generated sentence on who took part; when it ends by "
                   "announcing what follows (a colon, \"as follows\"), each member's "
                   "`involvement` follows it as a bullet; when it speaks of a table (\"shown "
                   "in the table below\") the family table follows it."),
    "members": records("Family members, by relationship; never by name.", {
        "relationship": text("Relationship to the child, e.g. `Mother`; also the member's key.", True),
        "gender": enum(MEMBER_GENDERS, "Gender as printed in the table."),
        "birth_year": _field("string", "Year of birth, or `not known`.", coerce="year_text",
                             regex=r"\d{4}|not known"),
        "ethnicity": text("Ethnicity as printed in the table."),
        "subject": flag("This row is the child; the table shows the pseudonym."),
        "notes": text("Anything else the table should say (optional column)."),
    }, True),
    "involvement": records("How each member took part in the review.", {
        "member": text("The member's `relationship`.", True),
        "participated": _field("boolean", "Whether the member took part.", True),
        "body": prose("What they contributed or why they did not.", True),
    }),
})

TOR = records("The questions the review answers.", {
    "id": text("Identifier used by `tor:` references, e.g. `tor1`.", True,
               regex=r"[A-Za-z0-9][A-Za-z0-9_-]*"),
    "question": text("The question, printed as an analysis heading.", True),
    "sub_questions": items("Sub-questions, printed as bullets.", text("A sub-question.")),
}, True, minlength=1)

SECTION = {"title": text("Heading of the part.", True), "body": prose("The text.", True)}

_DOCUMENT_NAMES = {"overview": "overview report", "executive_summary": "executive summary",
                   "press_release": "press release", "learning_summary": "learning summary"}

WORDING = record("The board's house style: headings, lead-ins and generated sentences. "
                 "Every heading and fixed lead-in can be renamed, and every generated sentence "
                 "turned off; what is not given keeps the default shown.", {
    "titles": record("Headings, by document.", {
        document: record(f"Headings of the {_DOCUMENT_NAMES[document]}.", {
            key: text(f"{where} Default: \"{default}\".") for key, (default, where) in keys.items()
        }) for document, keys in TITLES.items()
    }),
    "lead_ins": record("Fixed lead-in sentences; `\"\"` leaves one out.", {
        key: text(f"{where} Default: \"{default}\".", empty=True)
        for key, (default, where) in LEAD_INS.items()
    }),
    "sentences": record("Generated sentences: `false` turns one off. The author's own text for "
                        "the same fact always replaces a generated sentence.", {
        key: flag(description, default=True) for key, description in SENTENCES.items()
    }),
    "agency_list": enum(["headings", "bullets"], "How the overview report lists the relevant "
                        "agencies: `headings` (\"N agencies contributed to the review.\", then "
                        "a heading and the `involvement` of each) or `bullets` (as many "
                        "published reports: the `agencies` lead-in, then one bullet per agency "
                        "with its `involvement` in brackets).", default="headings"),
})

SCHEMA: dict = {
    "format": enum([FORMAT], "Format version; always `scr-docs/1`.", True),
    "review": REVIEW,
    "board": BOARD,
    "chair": person("Independent chair of the review panel.", True),
    "author": person("The overview author (or give `authors`)."),
    "authors": items("Several overview authors, instead of `author`.",
                     person("An overview author."), minlength=1),
    "panel": records("Panel members by role and agency.", {
        "role": text("Role, e.g. `Designated Nurse`.", True),
        "agency": text("The member's agency `id`.", True),
        "co_opted": flag("Co-opted rather than a standing member."),
    }, True, minlength=1),
    "agencies": records("Every agency involved.", AGENCY, True, minlength=1),
    "family": FAMILY,
    "terms_of_reference": TOR,
    "background": prose("Agency contact before the review period (overview section 3)."),
    "chronology": record("Agency contact within the review period (overview section 4).", {
        "intro": prose("Printed as the section's first subsection, \"Introduction\"."),
        "periods": records("One period per developmental stage; each paragraph is numbered.",
                           SECTION, True, minlength=1),
    }, True),
    "analysis": record("The analysis (overview section 5).", {
        "intro": prose("Printed as the section's first subsection, \"Introduction\"."),
        "items": records("Items in the order printed.", {
            "tor": text("The terms-of-reference `id` this item answers (heading = question)."),
            "title": text("Own heading, for a thematic analysis (instead of `tor`)."),
            "body": prose("The analysis.", True),
        }, True, minlength=1),
    }, True),
    "findings": record("Findings, good and sub-optimal practice, themes.", {
        "summary": prose("Summary of the findings."),
        "good_practice": items("Examples of good practice.", prose("One example.")),
        "sub_optimal_practice": items("Practice that fell short.", prose("One example.")),
        "themes": records("Themes; they feed the learning summary and the press release.",
                          SECTION, True, minlength=1),
    }, True),
    "conclusions": records("Themed conclusion sections.", SECTION, True, minlength=1),
    "lessons": prose("Lessons learnt (overview section 6); the learning summary prints them "
                     "when it has no learning points of its own."),
    "improvements": items("Improvements already introduced.", prose("One improvement.")),
    "improvements_intro": prose("Text before the improvements already introduced (overview "
                                "section 6, executive summary), e.g. \"Since the incident the "
                                "agencies have made these changes:\"."),
    "recommendations": record("Recommendations, numbered 1…N in file order, grouped by owner.", {
        "intro": prose("Text before the recommendations. The tool adds \"The review makes N "
                       "recommendations …\" unless this gives the number (digits or words), "
                       "and \"Of these, N come from the panel …\" unless this says where they "
                       "came from (\"panel\", \"author\", \"IMR\"). An intro that ends by "
                       "announcing the list (a colon, \"as follows\") is printed after those "
                       "sentences, just before the recommendations."),
        "items": records("The recommendations.", {
            "agency": text("The owning agency `id`.", True),
            "service": text("Service within the agency; printed as a sub-heading."),
            "text": prose("The recommendation.", True),
            "board_level": flag("Printed in the executive summary too."),
            "source": enum(["panel", "author", "imr"], "Who made the recommendation."),
            "actions": records("The board's action plan for this recommendation (printed only "
                               "in the action plan; none gives one empty row to fill in).", {
                "action": prose("What will be done.", True),
                "lead": text("Who leads it: a role, never a person's name, e.g. "
                             "`Head of Safeguarding`.", True),
                "agency": text("The leading agency `id`.", True),
                "due": date("Target date (YYYY, YYYY-MM or YYYY-MM-DD), not before the report "
                            "date."),
                "measure": prose("How success will be known."),
                "status": enum(ACTION_STATUSES, "Progress; `overdue` is worked out from `due`, "
                               "not typed.", default="not started"),
                "evidence": prose("Evidence of progress or completion."),
            }),
        }, True),
        "closing": prose("Text after the recommendations."),
    }, True),
    "glossary": records("Abbreviations and terms, printed as tables by kind.", {
        "term": text("The abbreviation or term.", True),
        "meaning": text("What it stands for.", True),
        "kind": enum(["agency", "role", "term"], "Which glossary table it belongs to.",
                     default="term"),
    }),
    "bibliography": records("Works cited; groups print in order of first appearance.", {
        "citation": prose("The citation.", True),
        "group": text("Group heading, e.g. `Research`.", default="References"),
    }),
    "wording": WORDING,
    "checks": record("Settings of the text checks that `validate`, `build` and `check` run "
                     "(docs/text-rules.md describes each rule).", {
        "known_abbreviations": items("Abbreviations a reader knows without a glossary entry, "
                                     "added to the built-in list (UK, NHS, GP, ISBN, HM, ...).",
                                     text("An abbreviation, e.g. `DfE`.")),
        "ignore": records("Findings to silence: a rule, and optionally the field or a phrase "
                          "it is about; without `field` and `phrase` the rule is off.", {
            "rule": enum(TEXT_RULES, "The rule's id, e.g. `pronoun`.", True),
            "field": text("Field path (or its start), e.g. `conclusions[2].body` or "
                          "`chronology`."),
            "phrase": text("Silence only findings whose message contains this phrase."),
        }),
    }),
    "executive_summary": record("Overrides for the executive summary.", {
        "summary_of_events": prose("Replaces the assembled summary of events."),
        "analysis": prose("Replaces the assembled analysis and findings."),
        "conclusions": prose("Replaces the assembled conclusions."),
    }),
    "press_release": record("Press release content.", {
        "headline": text("Defaults to \"Report of a <review type> regarding <child>\"."),
        "embargo": text("Embargo line, e.g. `Embargoed until 00:01 on 3 March 2021`."),
        "report_quotes": items("Sentences quoted word for word from the overview report.",
                               text("A quotation.")),
        "quotes": records("Attributed quotes (default: the board chair's statement).", {
            "speaker": text("Who is quoted.", True),
            "title": text("Their role.", True),
            "body": prose("What they said.", True),
        }),
        "other_issues": items("Other issues raised (defaults to the findings' themes).",
                              prose("One issue.")),
        "notes_to_editors": prose("Notes to editors, printed after ENDS. When their heading "
                                  "(`wording.titles.press_release.notes_to_editors`) is the "
                                  "same as the `about` heading, or they start with that "
                                  "heading, they replace the generated paragraph on what a "
                                  "review is, so that it is not printed twice."),
        "lead": prose("The release's opening paragraphs as the communications team wrote them; "
                      "replaces the generated opening sentence and the first paragraphs of "
                      "`review.incident.summary`."),
        "narrative": records("The release copy in its published order: paragraphs of the "
                             "communications team's own text, and where each quotation goes. "
                             "Each entry gives one of `paragraph`, `report_quote` or `quote`. "
                             "A narrative with paragraphs is the release copy: without a `lead` "
                             "it opens the release, and no generated opening or incident "
                             "summary is printed. A paragraph ending in a colon (\"The chair "
                             "said:\") introduces the quote after it, which then gets no "
                             "generated \"..., said:\" line. "
                             "Quotations not placed here follow the narrative, report quotes "
                             "first (after the `report_quotes` lead-in).", {
            "paragraph": prose("A paragraph of the release, e.g. \"The report highlights the "
                               "difficulties ... and concludes:\" (which then introduces the "
                               "next report quote itself)."),
            "report_quote": _field("integer", "Place report quote number N (1 = the first of "
                                   "`report_quotes`) here.", min=1),
            "quote": _field("integer", "Place attributed quote number N (1 = the first of "
                            "`quotes`) here.", min=1),
        }),
    }),
    "learning_summary": record("Learning summary content.", {
        "case_summary": prose("Defaults to the incident summary."),
        "how_learning_achieved": prose("Defaults to a paragraph written from the review model, "
                                       "panel, chair, author and agencies with an IMR."),
        "points_for_managers": point("Learning points for managers."),
        "points_for_practitioners": point("Learning points for practitioners."),
        "inter_agency_messages": point("Key messages for inter-agency learning."),
        "one_thing": prose("\"If you do one thing…\"."),
        "findings": items("The findings as the learning summary lists them (bullets); printed "
                          "instead of `findings.summary`, which is printed only when "
                          "`sections` asks for `findings` and this is not given.",
                          prose("One finding.")),
        "key_areas": items("Key areas for improvement (bullets).", prose("One area.")),
        "purpose": prose("What a review is for, as the board words it; replaces the "
                         "generated paragraph under the `purpose` heading."),
        "sections": items("Which sections the learning summary prints, in this order (keys of "
                          "`wording.titles.learning_summary`). Default: case, "
                          "how_learning_achieved, findings (the summary's own list only), "
                          "key_areas, themes, lessons (only when there are no learning "
                          "points), points_for_managers, points_for_practitioners, "
                          "inter_agency_messages, one_thing, reflect, resources, purpose: "
                          "each only when it has text. The whole `findings.summary` is "
                          "printed only when `findings` is listed here.",
                          enum(list(TITLES["learning_summary"]), "A section key."),
                          minlength=1),
        "reflect": items("Questions to reflect on.", text("A question.")),
        "resources": records("Training and resources.", {
            "title": text("Descriptive link text.", True),
            "url": text("Web address.", regex=r"https?://\S+"),
            "description": text("What the resource offers."),
        }),
    }),
}
