"""Fast paths give the answers of the plain forms they replace: the whole-word patterns the
text rules search with, a glossary term as a word of the report, and whether Markdown holds
block syntax decided without parsing when no line can start a block."""

import re

from hypothesis import given, settings, strategies as st

from scr_docs.text import term_pattern, word_pattern
from scr_docs.textrules.glossary import _word_in

_TEXT = st.text(alphabet="aAbB1 \n-'’_&éSs2.()", max_size=30)
_PHRASE = st.text(alphabet="aAbB1 -'’&é", min_size=0, max_size=6)


@settings(max_examples=400, deadline=None)
@given(_PHRASE, _TEXT)
def test_word_pattern_finds_what_a_lookbehind_before_the_term_finds(phrase, value):
    plain = re.compile(rf"(?<!\w){term_pattern(phrase)}(?!\w)", re.IGNORECASE)
    fast = re.compile(rf"{word_pattern(phrase)}(?!\w)", re.IGNORECASE)
    assert [m.span() for m in fast.finditer(value)] == [m.span() for m in plain.finditer(value)]


def test_word_pattern_of_a_name_needs_no_word_character_before_it():
    pattern = re.compile(rf"{word_pattern('Child H')}(?!\w)", re.IGNORECASE)
    assert pattern.search("the report saw child  H.")
    assert not pattern.search("grandchild H was seen")


def _words_of(upper: str) -> set[str]:
    """Every word of the text (a maximal run of letters, digits and "&" made of ASCII only),
    also without a plural "S" or a number: the plain form of the glossary's look-up."""
    words = {w for w in re.findall(r"[\w&]+", upper) if re.fullmatch(r"[A-Za-z0-9&]+", w)}
    return words | {w[:-1] for w in words if w.endswith("S")} \
        | {w.rstrip("0123456789") for w in words if w[-1:].isdigit()}


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="AB1&S2", min_size=1, max_size=4), _TEXT)
def test_a_glossary_term_is_a_word_of_the_report_as_the_set_of_its_words_says(term, value):
    upper = value.upper()
    assert _word_in(term, upper) == (term in _words_of(upper))


def test_a_glossary_term_is_found_with_a_plural_or_a_number_and_not_inside_a_word():
    assert _word_in("SW", "THE SW2 VISITED") and _word_in("GP", "TWO GPS")
    assert not _word_in("SW", "SWIM AND SWSW") and not _word_in("ED", "VISITED")
    assert not _word_in("CAF", "CAFÉ") and not _word_in("S4", "S47")


# -- has_block_syntax decides without parsing when no line can start a block ----------------

_MARKDOWN = st.text(alphabet="ab -*#>+_=`~[]|:1.)^!\n\r\t(", max_size=40)


@settings(max_examples=600, deadline=None)
@given(_MARKDOWN)
def test_has_block_syntax_answers_as_the_parsed_tokens_do(markdown):
    from scr_docs.model import markdown as md

    text = md._prepared(markdown)[0]
    parsed = ("![" in text or any(line.strip() in md._PAGE_BREAKS for line in text.split("\n"))
              or any(tok.type not in md._PLAIN_TOKENS for tok in md._parsed(text)[0]))
    assert md.has_block_syntax(markdown) == parsed


# -- the pronoun pattern --------------------------------------------------------------------

_PLAIN_PRONOUNS = re.compile(r"\b(she|her|hers|herself|he|him|his|himself)\b", re.I)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="sShHeErRiImMlLfF \u017f\u0130\u0131K.-_1\u00e9\n/", max_size=24))
def test_pronouns_finds_what_the_plain_pattern_finds(value):
    from scr_docs.text import PRONOUNS

    assert [(m.span(), m.group(1)) for m in PRONOUNS.finditer(value)] == \
        [(m.span(), m.group(1)) for m in _PLAIN_PRONOUNS.finditer(value)]


def test_pronouns_are_whole_words_in_any_case():
    from scr_docs.text import PRONOUNS

    assert PRONOUNS.findall("She saw HIM; herself, his/her, s/he.") == \
        ["She", "HIM", "herself", "his", "her", "he"]
    assert PRONOUNS.findall("shell, the, ashes, hiss, others") == []
