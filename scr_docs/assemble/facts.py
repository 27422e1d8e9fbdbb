"""Facts derived once from a valid review, so that every document says them the same way."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from scr_docs.review.dates import PartialDate
from scr_docs.review.wording import LEAD_INS, SENTENCES, TITLES, fill
from scr_docs.model.nodes import FieldText
from scr_docs.model.properties import CoreProperties

ARTICLE_AN = ("a", "e", "i", "o", "u")

MODEL_TEXT = {
    "traditional": "the traditional model: each agency wrote an individual management review "
                   "of its involvement, and an independent overview author drew the reports "
                   "together with the panel",
    "systems": "a systems approach (the Social Care Institute for Excellence's Learning "
               "Together model): practitioners and managers took part in the review, which "
               "looked at why practice happened as it did, not only at what happened",
    "hybrid": "a hybrid approach: agencies wrote individual management reviews, and "
              "practitioners took part in learning events built on a systems approach",
}

PURPOSE = (
    "The purpose of the review is to establish what can be learnt about the way in which "
    "local professionals and organisations work, individually and together, to safeguard "
    "children; to identify clearly what those lessons are, how they will be acted on and what "
    "is expected to change as a result; and so to improve how agencies work, individually and "
    "together, to safeguard and promote the welfare of children.",
    "The review does not apportion blame or decide how the incident happened: those are "
    "matters for other proceedings.",
)

ABOUT = {
    "serious case review": "A serious case review is held when abuse or neglect of a child is "
        "known or suspected and the child has died or been seriously harmed, and there is "
        "cause for concern about the way agencies worked together to safeguard the child.",
    "local child safeguarding practice review": "A local child safeguarding practice review is "
        "commissioned by the local safeguarding partners when a serious child safeguarding "
        "case raises issues of importance for the area, so that practice can improve.",
    "child practice review": "A child practice review is held by a regional safeguarding "
        "children board in Wales to learn from a case in which a child has been seriously "
        "harmed, and to improve how agencies work together.",
    "learning review": "A learning review is held when a case offers learning for agencies "
        "about how they work together to safeguard children, whether or not the statutory "
        "criteria for a review are met.",
    "other": "Reviews of this kind look at how agencies worked together to safeguard a child, "
        "so that practice can improve.",
}

ANONYMITY = (
    "To protect the identity of the child and of the family, the child is called {child} "
    "throughout this report and family members are referred to by their relationship to "
    "{child}. No family member is named, and details that could identify the family have "
    "been left out or changed where the learning allows."
)


_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def paragraphs(markdown: str) -> list[str]:
    """Return the Markdown paragraphs (blocks between blank lines) of ``markdown``; each
    keeps the source of a ``FieldText``."""
    found = [p.strip() for p in _BLANK_LINE.split(markdown or "") if p.strip()]
    return [markdown.derive(p) for p in found] if isinstance(markdown, FieldText) else found


def first_paragraph(markdown: str) -> str:
    """Return the first paragraph of Markdown prose, read by the parser (never a heading;
    its footnotes kept); keeps the source of a ``FieldText``."""
    from scr_docs.model.markdown import first_paragraph as parsed

    found = parsed(markdown or "")
    return markdown.derive(found) if isinstance(markdown, FieldText) else found


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "review"


def with_article(noun: str) -> str:
    return f"{'an' if noun[:1].lower() in ARTICLE_AN else 'a'} {noun}"


def with_the(name: str) -> str:
    """Return a name for running text: ``the`` before it unless it has one already
    (``the Wexmoor Partnership``, ``The Bridge``)."""
    return name if name.casefold().startswith("the ") else f"the {name}"


def title_case(text: str) -> str:
    small = {"a", "an", "and", "of", "the", "for", "to", "in", "on"}
    words = text.split()
    return " ".join(w if (i and w in small) else w[:1].upper() + w[1:] for i, w in enumerate(words))


def join_words(items: list[str]) -> str:
    """Return ``a``, ``a and b``, or ``a, b and c``."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve")


def count_words(number: int, noun: str, plural: str | None = None) -> str:
    """Return ``one recommendation`` / ``17 recommendations``."""
    word = NUMBER_WORDS[number] if number < len(NUMBER_WORDS) else str(number)
    return f"{word} {noun if number == 1 else plural or noun + 's'}"


def mentions(text: str | None, *phrases: str) -> bool:
    """Tell whether ``text`` holds one of ``phrases`` as a word or the start of one
    (case-insensitive): ``mentions("Eleven IMRs were submitted", "IMR")`` is true,
    ``mentions("the panel", "pan")`` too, ``mentions("a panel", "anel")`` is not."""
    return bool(text) and any(
        re.search(r"(?<![\w-])" + re.escape(p), text, re.IGNORECASE) for p in phrases)


def mentions_number(text: str | None, number: int) -> bool:
    """Tell whether ``text`` gives ``number`` as digits (``36``) or as a word (``nine``)."""
    if not text:
        return False
    word = NUMBER_WORDS[number] if 0 < number < len(NUMBER_WORDS) else None
    return bool(re.search(rf"(?<![\d.]){number}(?!\d)", text)) or (
        word is not None and bool(re.search(rf"\b{word}\b", text, re.IGNORECASE)))


def label(title: str) -> str:
    """Return a bold lead-in's text: ``"Title: "``, or ``"Who lives here? "`` for a title
    that ends with its own punctuation (never "here?:")."""
    title = str(title).rstrip()
    return f"{title} " if title[-1:] in "?!:.…" else f"{title}: "


def announces_list(text: str) -> bool:
    """Tell whether prose ends by announcing what follows: with a colon, or "as follows"."""
    end = " ".join((text or "").split()).rstrip(".").casefold()
    return end.endswith(":") or end.endswith("as follows")


DECISION_WORDS = ("decided", "decision", "decide")
"""``decision.reason`` holding one of these states the decision itself (no generated sentence)."""
_CRITERIA_MET = re.compile(r"\bcriteria\b[^.]*\b(?:were|was|had been|have been|are)\s+met\s+"
                           r"(?:because|as|since|in that)\b|\bmet the criteria\b", re.IGNORECASE)

IMR_WORDS = ("IMR", "individual management review", "independent management review")
"""``review.conduct`` holding one of these tells the IMRs itself (no generated count)."""

SOURCE_WORDS = ("panel", "author", "IMR", "individual management review")
"""``recommendations.intro`` holding one of these says where they came from."""


@dataclass
class Numbered:
    """A recommendation with its number, agency and service."""

    number: int
    item: dict
    agency: dict


@dataclass
class Facts:
    """What every document needs to know about the review, worked out once."""

    data: dict
    stamp: str = ""
    extra: dict = field(default_factory=dict)
    base: Path | None = None
    """The review file's folder: paths in the review (the logo) are relative to it."""

    def __getitem__(self, key):
        return self.data[key]

    @property
    def review(self) -> dict:
        return self.data["review"]

    @property
    def child(self) -> str:
        return self.review["child"]

    @property
    def age(self) -> str:
        return self.review["child_age_at_incident"]

    @property
    def board(self) -> dict:
        return self.data["board"]

    @property
    def board_name(self) -> str:
        return self.board["name"]

    @property
    def logo(self) -> tuple[Path, str] | None:
        """The board's logo as (absolute path, alternative text), or None."""
        logo = self.board.get("logo")
        if not logo:
            return None
        path = Path(logo)
        if not path.is_absolute():
            path = Path(self.base if self.base is not None else ".") / path
        return path.resolve(), self.board.get("logo_alt") or ""

    @property
    def review_type(self) -> str:
        kind = self.review["type"]
        return "review" if kind == "other" else kind

    @property
    def review_type_title(self) -> str:
        return title_case(self.review_type)

    @property
    def draft(self) -> bool:
        return self.review.get("status", "draft") == "draft"

    @property
    def marking(self) -> str:
        return self.review.get("marking") or ""

    @property
    def slug(self) -> str:
        return slugify(self.child)

    @property
    def incident_date(self) -> PartialDate:
        return self.review["incident"]["date"]

    @property
    def incident_month(self) -> str:
        date = self.incident_date
        return PartialDate(date.year, date.month).text() if date.month else date.text()

    @cached_property
    def agencies(self) -> dict[str, dict]:
        return {a["id"]: a for a in self.data["agencies"]}

    def agency_name(self, agency_id: str) -> str:
        return self.agencies[agency_id]["name"]

    @cached_property
    def imr_agencies(self) -> list[dict]:
        return [a for a in self.data["agencies"] if a.get("imr")]

    @cached_property
    def contributing_agencies(self) -> list[dict]:
        """The agencies with ``role: contributed`` (the default), in file order: the ones
        counted, listed as relevant agencies and named as involved."""
        return [a for a in self.data["agencies"] if a.get("role", "contributed") == "contributed"]

    @property
    def harm(self) -> str:
        """``died``, ``seriously harmed`` or ``other`` (``review.incident.harm``)."""
        return self.review["incident"].get("harm") or "other"

    @property
    def following(self) -> str:
        """What the review followed, for running text: ``the death of Child H in September
        2013`` / ``serious harm to Child H in …`` / ``an incident in … involving Child H``."""
        when = self.incident_month
        return {"died": f"the death of {self.child} in {when}",
                "seriously harmed": f"serious harm to {self.child} in {when}",
                }.get(self.harm, f"an incident in {when} involving {self.child}")

    # -- the board's house style (review.wording) ------------------------------------------

    @property
    def _wording(self) -> dict:
        return self.data.get("wording") or {}

    def _placeholders(self) -> dict[str, str]:
        analysis = ((self._wording.get("titles") or {}).get("overview") or {}).get("analysis")
        return {"a_review": with_article(self.review_type), "review": self.review_type,
                "Review": self.review_type_title, "child": self.child,
                "analysis": analysis or TITLES["overview"]["analysis"][0]}

    @property
    def agency_list(self) -> str:
        """How the overview report lists the relevant agencies: ``headings`` (a heading and
        paragraphs per agency, the default) or ``bullets`` (``wording.agency_list``)."""
        return self._wording.get("agency_list") or "headings"

    def title(self, document: str, key: str) -> str:
        """Return the heading ``key`` of ``document`` (``overview``, ``executive_summary``,
        ``press_release``, ``learning_summary``): the review's ``wording.titles`` entry, or
        the default of ``review.wording.TITLES`` with its placeholders filled.
        Raises KeyError for a key ``TITLES`` does not list."""
        default, _ = TITLES[document][key]
        own = ((self._wording.get("titles") or {}).get(document) or {}).get(key)
        return own if own else fill(default, self._placeholders())

    def lead_in(self, key: str) -> str:
        """Return the lead-in sentence ``key`` (``wording.lead_ins``, else the default);
        ``""`` when the review leaves it out. Raises KeyError for an unknown key."""
        default, _ = LEAD_INS[key]
        own = (self._wording.get("lead_ins") or {}).get(key)
        return own if own is not None else fill(default, self._placeholders())

    def says(self, sentence: str) -> bool:
        """Whether the generated sentence ``sentence`` (a key of ``review.wording.SENTENCES``)
        is on: true unless ``wording.sentences.<key>`` is false."""
        if sentence not in SENTENCES:
            raise KeyError(sentence)
        return (self._wording.get("sentences") or {}).get(sentence, True) is not False

    # -- what the author's own text already says (the author's words win) ------------------

    @property
    def decision_stated(self) -> bool:
        """Whether ``review.decision.reason`` speaks of the decision (``DECISION_WORDS``) or
        says the criteria were met ("The criteria ... were met because ..."): then no
        generated decision sentence is written."""
        reason = self.review["decision"].get("reason")
        return mentions(reason, *DECISION_WORDS) or bool(_CRITERIA_MET.search(reason or ""))

    def introduced(self, person: dict, part: str) -> bool:
        """Whether the author's own text introduces ``person`` in their ``part`` (``chair`` or
        ``author``): their ``statement``, or ``review.conduct``, holds their full ``name`` and
        a word starting with ``part`` ("chaired", "chairperson", "Independent Author").
        Then the generated "The panel was chaired by …" / "… was written by …" is left out."""
        name = " ".join(person["name"].split()).casefold()
        texts = (person.get("statement"), self.review.get("conduct"))
        return any(name in " ".join(t.split()).casefold() and mentions(t, part)
                   for t in texts if t)

    @property
    def conduct_tells_imrs(self) -> bool:
        """Whether ``review.conduct`` speaks of individual management reviews
        (``IMR_WORDS``): then the generated IMR count is left out."""
        return mentions(self.review.get("conduct"), *IMR_WORDS)

    @property
    def board_short(self) -> str:
        """The board's short name for running text (``board.short_name``, e.g. ``the LSCB``)."""
        return self.board.get("short_name") or f"the {self.board_name}"

    @property
    def authors(self) -> list[dict]:
        return self.data.get("authors") or [self.data["author"]]

    @cached_property
    def recommendations(self) -> list[Numbered]:
        items = self.data["recommendations"]["items"]
        return [Numbered(n, item, self.agencies[item["agency"]])
                for n, item in enumerate(items, start=1)]

    @property
    def recommendation_count(self) -> int:
        return len(self.recommendations)

    def recommendations_by_owner(self) -> list[tuple[dict, list[tuple[str | None, list[Numbered]]]]]:
        """Group recommendations by agency (first appearance order), then by service."""
        owners: dict[str, dict[str | None, list[Numbered]]] = {}
        for rec in self.recommendations:
            owners.setdefault(rec.item["agency"], {}).setdefault(
                rec.item.get("service"), []).append(rec)
        return [(self.agencies[a], list(services.items())) for a, services in owners.items()]


    @property
    def authors_line(self) -> str:
        names = join_words([a["name"] for a in self.authors])
        label = "Overview authors" if len(self.authors) > 1 else "Overview author"
        return f"Independent chair: {self.data['chair']['name']} · {label}: {names}"

    @property
    def headline(self) -> str:
        press = self.data.get("press_release") or {}
        return press.get("headline") or (
            f"Report of {with_article(self.review_type)} regarding {self.child}")

    @property
    def anonymity(self) -> str:
        return ANONYMITY.format(child=self.child)

    @property
    def model_text(self) -> str:
        return MODEL_TEXT[self.review["model"]]

    @property
    def about(self) -> str:
        return ABOUT[self.review["type"]]

    def doc_title(self, kind_title: str) -> str:
        return f"{self.review_type_title}: {self.child} – {kind_title}"

    def properties(self, kind_title: str) -> CoreProperties:
        """Core document properties: set on purpose, never left from a template."""
        return CoreProperties(
            title=self.doc_title(kind_title),
            subject=f"{self.review_type_title} concerning {self.child}",
            creator=self.board_name,
            keywords="safeguarding; case review; " + self.review_type,
            description=f"{kind_title} of {with_article(self.review_type)}, "
                        f"published by the {self.board_name}.",
            language="en-GB",
            company=self.board_name,
            timestamp=self.stamp,
        )

    def is_board(self, agency: dict) -> bool:
        """Tell whether ``agency`` (an ``agencies`` entry) is the publishing board itself:
        ``role: commissioner``, or the board's own name."""
        return agency.get("role") == "commissioner" or \
            agency["name"].casefold() == self.board_name.casefold()

    @property
    def addressees(self) -> str:
        """Who the recommendations are addressed to, from the agencies owning them, for
        "... recommendations to <addressees>": up to three agencies by name (``Thames Valley
        Police and the Board``), else counted (``eight agencies and the Board``); the board
        (``board.short_name``) only when it owns one."""
        owners, board = [], False
        for rec in self.recommendations:
            if self.is_board(rec.agency):
                board = True
            elif rec.agency["name"] not in owners:
                owners.append(rec.agency["name"])
        named = owners if len(owners) <= 3 else [count_words(len(owners), "agency", "agencies")]
        return join_words(named + ([self.board_short] if board else []))
