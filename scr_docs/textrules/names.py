"""Names: the child's pseudonym, pronouns about a child whose gender is withheld, and the
names of the board and the agencies, as written across the documents."""

from __future__ import annotations

import re
from collections import Counter

from scr_docs import text
from scr_docs.text import whole_words
from scr_docs.textrules.agencies import agency_names  # noqa: F401  (the registry's name)
from scr_docs.textrules.base import Corpus, Finding, Passage


def _child(corpus: Corpus) -> str:
    return str((corpus.review.get("review") or {}).get("child") or "").strip()


_SENTENCE_START = re.compile(r"(?:^|[.!?:;]['\u2019\u201d\")\]]*)\s*['\u2018\u201c\"(\[]*$"
                             r"|(?:^|\s)['\u2018\u201c\"]$")
"""Text before a sentence start: end of a sentence (or a colon) and opening marks, or an
opening quotation mark (a quoted sentence starts with a capital: noted 'Child H was ...')."""


def _at_sentence_start(value: str, index: int) -> bool:
    return bool(_SENTENCE_START.search(value[max(0, index - 12):index]))


def _in_capitals(value: str, start: int, end: int) -> bool:
    """Whether the word before or after ``value[start:end]`` is also in capitals."""
    before = re.findall(r"[A-Za-z]{2,}", value[max(0, start - 30):start])
    after = re.findall(r"[A-Za-z]{2,}", value[end:end + 30])
    return bool(before and before[-1].isupper() or after and after[0].isupper())


def pseudonym(corpus: Corpus) -> list[Finding]:
    """Find the pseudonym written inconsistently.

    Shapes: a house style is consistent. "Child H" everywhere, or "child H" mid-sentence and
    "Child H" at the start of sentences, or capitals in a capitals heading ("CHILD H") are
    not reported. Reported: a lower-cased letter ("child h"; except "a" and "i", which are
    words), a sentence starting "child H", and, when both "Child H" and "child H" are used
    mid-sentence, each use of the less used of the two (the review's own form wins a tie).
    A document with :data:`OWN_STYLE` or more uses mid-sentence keeps its own house style, as
    the published report ("child H") and press release ("Child H") do; a document with
    fewer follows the form most used across the documents.
    Silence one field with ``ignore: [{rule: pseudonym, field: ...}]``.
    """
    child = _child(corpus)
    if not child:
        return []
    regex = whole_words(child)
    letter_tail = len(child.split()[-1]) == 1
    needle = child.split()[0].lower()
    hits: list[tuple[str, bool, Passage]] = []   # (as written, at a sentence start, where)
    for passage in corpus.passages():
        if needle not in passage.lower:
            continue
        for m in regex.finditer(passage.text):
            written = " ".join(m.group().split())
            if letter_tail and written[-1] != child[-1] and written[-1] in "ai":
                continue
            if written == child.upper() and _in_capitals(passage.text, m.start(), m.end()):
                continue   # part of a run of capitals: "THE DAY TO DAY EXPERIENCE OF CHILD H:"
            hits.append((written, _at_sentence_start(passage.text, m.start()), passage))
    mids: dict[str, Counter] = {}
    for w, start, p in hits:   # the forms a reader sees, scr-docs's sentences included
        if not start and w != w.upper():
            mids.setdefault(p.document, Counter())[w] += 1
    pack = sum(mids.values(), Counter())
    houses = {document: _house(mid if sum(mid.values()) >= OWN_STYLE else pack, child)
              for document, mid in mids.items()}
    out, seen = [], set()
    for written, start, passage in hits:
        house = houses.get(passage.document, child)
        if passage.source is not None and passage.source.generated:
            continue   # scr-docs's own sentences follow the review's form
        if passage.kind == "heading" and written.lower() == child.lower():
            continue   # a heading or headline may capitalise
        if written == child.upper() and written != child:
            reason = f'pseudonym written "{written}" in capitals'
        elif letter_tail and written[-1] != child[-1]:
            reason = f'pseudonym written "{written}" with the letter in the wrong case'
        elif start:
            if written[0].isupper():
                continue
            reason = f'sentence starts "{written}"; capitalise it at the start of a sentence'
        elif written == house:
            continue
        else:
            reason = f'pseudonym written "{written}" here but "{house}" elsewhere mid-sentence'
        if (passage, reason) not in seen:
            seen.add((passage, reason))
            out.append(Finding("pseudonym", f"{reason}; write it one way throughout", passage))
    return out


OWN_STYLE = 3
"""Uses of the pseudonym mid-sentence from which a document has a house style of its own."""


def _house(counts: Counter, child: str) -> str:
    """Return the form used most (the review's own form wins a tie)."""
    return max(counts, key=lambda w: (counts[w], w == child)) if counts else child


FEMALE = ("mother", "mum", "grandmother", "grandma", "nan", "aunt", "sister", "daughter",
          "woman", "girlfriend", "wife", "niece", "stepmother")
MALE = ("father", "dad", "grandfather", "grandad", "uncle", "brother", "son", "man",
        "boyfriend", "husband", "nephew", "stepfather")
PROFESSIONALS = ("midwife", "midwives", "visitor", "worker", "nurse", "doctor", "gp",
                 "consultant", "officer", "practitioner", "clinician", "manager", "chair",
                 "author", "reviewer", "keyworker", "paediatrician", "psychiatrist",
                 "teacher", "head", "lead", "partner", "professional", "staff", "police",
                 "independent", "obstetrician", "pharmacist", "therapist", "judge", "imr",
                 r"[a-z]{1,4}\d{1,2}")
"""Words naming an adult a gendered pronoun may point to (besides the family table)."""


_NOT_NAMES = {"child", "the", "and", "birth", "maternal", "paternal", "half", "step", "sibling",
              "subject", "serious", "case", "review", "not", "known"}


def _adults(corpus: Corpus) -> tuple[dict[str, re.Pattern], re.Pattern]:
    """Return (gender ("female", "male") -> a pattern of the words naming an adult of that
    gender: kinship words and the relationships of the family table's members whose gender
    is given; a pattern of the words naming a professional)."""
    words = {"female": list(FEMALE), "male": list(MALE)}
    family = corpus.review.get("family") or {}
    members = family.get("members") if isinstance(family, dict) else None
    for member in members or []:
        if isinstance(member, dict) and member.get("gender") in words \
                and not member.get("subject"):
            words[member["gender"]] += [w for w in re.findall(r"[a-z]{3,}", str(
                member.get("relationship") or member.get("name") or "").lower())
                if w not in _NOT_NAMES]
    kin = {g: _words(w) for g, w in words.items()}
    return kin, _words(PROFESSIONALS)


def _words(words) -> re.Pattern:
    return re.compile(r"\b(?:" + "|".join(sorted(set(words), key=len, reverse=True))
                      + r")(?:s|'s)?\b", re.I)


def pronouns(corpus: Corpus) -> list[Finding]:
    """Find a gendered pronoun whose likely antecedent is a child whose gender is withheld.

    Read sentence by sentence: a sentence naming the child, or following one that does
    ("When child H was born ... . This was stepped down when he was aged seven months"),
    with the sentence before it. A pronoun is about an adult, and left alone, when:

    - it owns what only an adult has ("her daughter", "his child", "her supervision",
      "her views": :data:`ADULT_OWNED`);
    - an adult of its gender (mother, grandmother, a family-table member of that gender) is
      named before it in its sentence or in the sentence before; a professional ("the
      midwife", "HV1"), whose gender the rule does not know, before it in its sentence, or in
      the sentence before when the pronoun comes before the child's name ("HV1 ensured ...
      She was persistent ... to see child H"); an adult or a professional between a pronoun
      and the child's name that follows it ("At her supervision SW3 reported child H");
    - the sentence before used a pronoun of its gender without naming the child, or a
      pronoun of its gender earlier in its sentence was about an adult (the same adult goes
      on: "Her lack of motivation ... her capacity to focus on child H").

    It is about the child, and reported, when it owns what the child has ("his mother",
    "her immunisation": :data:`CHILD_OWNED`) or opens a clause right after the child's name
    ("child H since he was ..."), unless an adult of its gender is named before it; when,
    before the child's name, it owns what the child has ("before his death Child M ...");
    and when it owns a professional ("His health visitor was not told", after a sentence
    naming the child) and no adult of its gender is named before it. "s/he",
    "he/she" are gender-neutral. Silence one field with
    ``ignore: [{rule: pronoun, field: ...}]``.
    """
    about = corpus.review.get("review") or {}
    child = _child(corpus)
    if not child or about.get("child_gender", "withheld") != "withheld":
        return []
    pattern = whole_words(child)
    adults = _adults(corpus)
    out = []
    for passage in corpus.passages(kinds=("paragraph", "cell", "footnote")):
        if not pattern.search(passage.text) or not text.PRONOUNS.search(passage.text):
            continue   # no child named, or no pronoun in any of its sentences
        before, carried = "", set()
        for sentence in text.sentences(passage.text):
            found, carried = _child_pronoun(sentence, before, pattern, adults, carried)
            if found:
                out.append(Finding(
                    "pronoun", f"'{found}' in a sentence about {child}, whose gender "
                               f"is withheld: \"{text.normalise(sentence)[:80]}\"", passage))
            before = sentence
    return out


ADULT_OWNED = frozenset("""
    child children baby babies daughter daughters son sons toddler pregnancy pregnant unborn
    partner partners boyfriend girlfriend husband wife own supervision approach attempt
    caseload manager managers view views opinion contact report reports records notes
    practice colleague colleagues team role concerns concern intention intentions drug drugs
    methadone dose prescription solicitor sentence lifestyle ability capacity motivation
    history next probation offending tenancy
""".split())
"""Words after "her"/"his" that only an adult owns in a review ("her daughter", "her
supervision"): the pronoun is about an adult."""
CHILD_OWNED = frozenset("""
    mother father parents parent family grandmother grandfather siblings sibling brother
    sister immunisation immunisations vaccination vaccinations development developmental
    heritage identity welfare birth cot pram buggy health weight growth feeding death
    injury injuries bruising bruises nursery
""".split())
"""Words after "her"/"his" that a child owns ("his mother", "her immunisation"): in a
sentence naming the child, the pronoun is about the child."""
_PROFESSION_WORDS = frozenset("""
    health social key support family school link allocated named community specialist youth
""".split())
"""Words that make a profession of the word after them ("his health visitor", "her social
worker"): a pronoun owning a professional is the client's, not the professional's."""
_CLAUSE = re.compile(r"^[\s,;()]*(?:(?:since|when|until|as|because|and|so|while|whilst|after|"
                     r"before|if|though|although|but|or|then|where)\s+)?$", re.I)
_OWNED = re.compile(r"\s*(?:\([^)]*\)\s*)?([A-Za-z]+)(?:\s+and\s+([A-Za-z]+))?")


def _child_pronoun(sentence: str, before: str, child: re.Pattern,
                   adults: tuple[dict[str, re.Pattern], re.Pattern],
                   carried: set[str] = frozenset()) -> tuple[str | None, set[str]]:
    """Return the first pronoun of ``sentence`` whose likely antecedent is the child (or
    None), and the genders of its pronouns taken as an adult. ``carried``: those of the
    sentence before, whose adult a pronoun opening this sentence goes on with."""
    resolved: set[str] = set()   # genders of the pronouns already taken as an adult
    pronouns = list(text.PRONOUNS.finditer(sentence))
    if not pronouns:
        return None, resolved   # most sentences have none: nothing more to read
    names = list(child.finditer(sentence))
    if not names and not child.search(before):
        return None, resolved   # the child is named neither here nor in the sentence before
    kin, professional = adults
    previous = child.sub(" ", before)
    for m in pronouns:
        if sentence[m.start() - 1:m.start()] == "/" or sentence[m.end():m.end() + 1] == "/":
            continue   # s/he, he/she, his/her: gender-neutral
        word = m.group(0).lower()
        gender = "female" if word.startswith(("s", "her")) else "male"
        owned = _OWNED.match(sentence, m.end()) if word in ("her", "his") else None
        owns = {w.lower() for w in owned.groups() if w} if owned else set()
        if owns & ADULT_OWNED:
            resolved.add(gender)
            continue
        earlier = [n for n in names if n.end() <= m.start()]
        last = earlier[-1].end() if earlier else None
        head = child.sub(" ", sentence[:m.start()])   # the sentence before it, the child aside
        if last is not None and (
                owns & CHILD_OWNED and not kin[gender].search(sentence, last, m.start())
                or word in ("he", "she") and _CLAUSE.match(sentence[last:m.start()])
                and not kin[gender].search(head)):
            return m.group(0), resolved
        if last is None:
            later = names[0].start() if names else len(sentence)
            if names and owns & CHILD_OWNED and not kin[gender].search(sentence, m.end(), later):
                return m.group(0), resolved   # "before his death Child M was seen ..."
            # what the pronoun owns is no antecedent: "His health visitor was not told"
            own = professional.search(sentence, m.end(), later) if owned else None
            owns_professional = own is not None and _one_phrase(sentence[m.end():own.start()])
            if owns_professional and not kin[gender].search(previous) \
                    and not kin[gender].search(head):
                return m.group(0), resolved   # "Child M ... . His social worker was not told"
            after = own.end() if owns_professional else m.end()
            if kin[gender].search(sentence, m.end(), later) \
                    or professional.search(sentence, after, later):
                resolved.add(gender)
                continue   # "At her supervision SW3 reported child H ..."
        if kin[gender].search(head) or professional.search(head) \
                or kin[gender].search(previous) or _same_gender_goes_on(before, gender, child) \
                or last is None and (professional.search(previous) or gender in carried) \
                or gender in resolved:
            resolved.add(gender)
            continue
        return m.group(0), resolved
    return None, resolved


def _one_phrase(between: str) -> bool:
    """Whether the words between a possessive pronoun and a professional make them one
    phrase: none ("his GP") or one of :data:`_PROFESSION_WORDS` ("his health visitor")."""
    words = between.split()
    return not words or len(words) == 1 and words[0].lower() in _PROFESSION_WORDS


def _same_gender_goes_on(before: str, gender: str, child: re.Pattern) -> bool:
    """Whether the sentence before, which does not name the child, uses a pronoun of
    ``gender``: the adult it is about goes on into this sentence."""
    if not before or child.search(before):
        return False
    return any(("female" if p.lower().startswith(("s", "her")) else "male") == gender
               for p in text.PRONOUNS.findall(before))


def _plain(value: str) -> str:
    return text.SPACE.sub(" ", text.same_marks(text.drop_zero_width(value))).strip()
