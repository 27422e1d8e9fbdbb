"""Anonymity checks: sensitive terms anywhere in a .docx, identity in properties, dates of birth."""

from __future__ import annotations

import pytest
from checkdocs import BOARD, make_docx, para, run, table

from scr_docs.check import check_anonymity, load_sensitive, read_docx
from scr_docs.errors import CheckError, ScrDocsError

SENSITIVE = ["Jane Smith", "Oxford", "St Mary's School", "12/03/2011"]


def findings(data: bytes, sensitive=SENSITIVE, **kw):
    return check_anonymity(read_docx(data, "overview.docx"), sensitive, allowed_creator=BOARD, **kw)


def sensitive_places(problems) -> list[str]:
    return [p.path for p in problems if p.message.startswith("sensitive term")]


def test_name_split_across_two_runs_in_body_is_an_error_at_its_paragraph():
    data = make_docx([para("Introduction"), para("Her aunt ", "Jane Sm", "ith visited.")])
    problems = findings(data)
    assert sensitive_places(problems) == ["body paragraph 2"]
    assert problems[0].severity == "error" and problems[0].file == "overview.docx"
    assert 'it begins "Her aunt J… S… visited."' in problems[0].message  # masked excerpt


def test_name_in_footnote_is_found_at_that_footnote():
    data = make_docx([para("Text.")], footnotes=[para("A note."), para("Told by Ja", "ne Smith.")])
    assert sensitive_places(findings(data)) == ["footnote 2"]


def test_name_in_header_is_found_in_that_header_part():
    data = make_docx([para("Text.")], headers={"header1.xml": para("OFFICIAL"),
                                                "header2.xml": para("Jane ", "Smith")})
    assert sensitive_places(findings(data)) == ["header2.xml paragraph 1"]


def test_name_in_table_cell_is_found_at_row_and_cell_with_curly_apostrophe():
    data = make_docx([table([["Name", "School"], ["Child A", "St Mary\u2019s School"]])])
    assert sensitive_places(findings(data)) == ["table 1 row 2 cell 2"]


def test_name_as_document_creator_is_found_in_core_properties():
    problems = findings(make_docx([para("Text.")], creator="Jane Smith"))
    assert "core properties: creator" in sensitive_places(problems)
    identity = [p for p in problems if p.message.startswith("document property creator")]
    assert identity and identity[0].path == "core properties: creator"


def test_name_in_comment_text_and_author_is_found_and_comments_are_an_error():
    data = make_docx([para("Text.")], comments=[("Jane Smith", "Ask Jane Smith about this")])
    problems = findings(data)
    assert sorted(sensitive_places(problems)) == ["comment 0", "comment 0 author"]
    assert any(p.path == "comments" and "comments present" in p.message for p in problems)


def test_each_occurrence_is_its_own_error():
    problems = findings(make_docx([para("Jane Smith and JANE SMITH and jane smith.")]))
    assert sensitive_places(problems) == ["body paragraph 1"] * 3


def test_match_ignores_case_and_collapses_white_space_and_line_breaks():
    broken = '<w:p><w:r><w:t>jane</w:t><w:br/><w:t>SMITH</w:t></w:r></w:p>'
    data = make_docx([para("JANE\u00a0  smith"), broken])
    assert sensitive_places(findings(data)) == ["body paragraph 1", "body paragraph 2"]


def test_match_is_whole_words_only():
    data = make_docx([para("Oxfordshire and Oxfordian are fine."), para("Not Oxford, though.")])
    assert sensitive_places(findings(data)) == ["body paragraph 2"]


def test_message_masks_the_term_so_the_report_does_not_repeat_it():
    problems = findings(make_docx([para("Jane Smith")]))
    assert "Jane" not in problems[0].message and "J… S…" in problems[0].message
    assert "sensitive term 1" in problems[0].message


def test_sensitive_date_is_found_in_its_other_written_forms():
    data = make_docx([para("Seen on 12 March 2011."), para("Seen on 12.03.2011."),
                      para("Seen on 2011-03-12.")])
    assert sensitive_places(findings(data)) == [f"body paragraph {i}" for i in (1, 2, 3)]


def test_zero_width_characters_do_not_hide_a_name():
    assert sensitive_places(findings(make_docx([para("Ja\u200bne Smi\u00adth")]))) == \
        ["body paragraph 1"]


def test_deleted_tracked_change_is_searched_and_reported():
    deleted = ('<w:p><w:r><w:t xml:space="preserve">Seen by </w:t></w:r>'
               '<w:del w:id="1" w:author="Jane Smith" w:date="2020-01-01T00:00:00Z"><w:r>'
               '<w:delText>Jane Smith</w:delText></w:r></w:del>'
               '<w:ins w:id="2" w:author="Jane Smith"><w:r><w:t>her aunt</w:t></w:r></w:ins></w:p>')
    problems = findings(make_docx([deleted]))
    assert sorted(sensitive_places(problems)) == [
        "body paragraph 1 (deleted text)", "tracked changes in word/document.xml: authors"]
    changes = [p for p in problems if "tracked changes present" in p.message]
    assert changes[0].path == "body paragraph 1" and changes[0].severity == "error"


def test_name_kept_by_a_tracked_change_is_reported_once():
    kept = ('<w:p><w:r><w:t xml:space="preserve">Jane Smith </w:t></w:r>'
            '<w:del w:id="1" w:author="A"><w:r><w:delText>said</w:delText></w:r></w:del></w:p>')
    assert sensitive_places(findings(make_docx([kept]))) == ["body paragraph 1"]


def test_hidden_text_is_an_error_and_is_searched():
    data = make_docx([para("Visible. ", run("Jane Smith", "<w:vanish/>"))])
    problems = findings(data)
    assert sensitive_places(problems) == ["body paragraph 1"]
    hidden = [p for p in problems if p.message.startswith("hidden text")]
    assert [p.path for p in hidden] == ["body paragraph 1"]


def test_custom_xml_and_custom_properties_are_searched():
    custom = (b'<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/'
              b'officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/'
              b'officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-'
              b'08002B2CF9AE}" pid="2" name="Caseworker"><vt:lpwstr>Jane Smith</vt:lpwstr>'
              b"</property></Properties>")
    data = make_docx([para("Text.")], extra={
        "customXml/item2.xml": b"<case><person>Jane&#32;Smith</person></case>",
        "docProps/custom.xml": custom})
    assert sorted(sensitive_places(findings(data))) == [
        "custom properties: Caseworker", "customXml/item2.xml"]


def test_name_in_image_metadata_is_found():
    exif = b"\xff\xd8\xff\xe1Exif\x00\x00\x9c\x9d\x00\x01" + "Jane Smith".encode("utf-16-le")
    data = make_docx([para("Text.")], extra={"word/media/image2.jpeg": exif})
    assert sensitive_places(findings(data)) == ["word/media/image2.jpeg (embedded data)"]


@pytest.mark.parametrize("key,value,path", [
    ("last_modified_by", "jsmith", "core properties: lastModifiedBy"),
    ("author", "A Council Officer", "core properties: creator"),
])
def test_identity_in_core_properties_is_an_error(key, value, path):
    problems = findings(make_docx([para("Text.")], core={key: value}))
    assert [p.path for p in problems] == [path]


def test_company_and_template_in_app_properties_are_errors_but_normal_dotm_is_not():
    data = make_docx([para("Text.")], app={"Company": "Smith Consulting", "Manager": "J Bloggs"})
    assert [p.path for p in findings(data)] == ["app properties: Company",
                                                "app properties: Manager"]
    assert findings(make_docx([para("Text.")])) == []  # Template is Normal.dotm


def test_board_name_as_creator_is_allowed_but_not_without_allowed_creator():
    data = make_docx([para("Text.")])
    assert findings(data) == []
    doc = read_docx(data, "x.docx")
    assert [p.path for p in check_anonymity(doc, SENSITIVE)] == ["core properties: creator"]


@pytest.mark.parametrize("sentence", [
    "Her mother was born on 12 March 1990 in the city.",
    "The father (DOB 03/04/1988) attended.",
    "Child A was born on 1st May 2012.",
    "Date of birth of the maternal grandmother: March 3, 1960.",
])
def test_full_date_of_birth_next_to_a_family_member_is_an_error(sentence):
    problems = findings(make_docx([para("Intro."), para(sentence)]), sensitive=[])
    assert [(p.path, p.severity) for p in problems] == [("body paragraph 2", "error")]
    assert "date of birth" in problems[0].message


@pytest.mark.parametrize("sentence", [
    "Her mother was born in 1990.",
    "The review began on 12 March 2014 and the mother took part.",
    "The strategy meeting was held on 12/03/2014. The baby was born early.",
])
def test_year_of_birth_and_other_dates_are_not_flagged(sentence):
    assert findings(make_docx([para(sentence)]), sensitive=[]) == []


def test_load_sensitive_skips_blank_lines_and_comments(tmp_path):
    path = tmp_path / "sensitive.txt"
    path.write_text("# real names, kept apart\nJane Smith\n\n  Oxford  \n# school\nJane Smith\n",
                    encoding="utf-8")
    assert load_sensitive(path) == ["Jane Smith", "Oxford"]


def test_unreadable_sensitive_list_raises_a_scr_docs_error(tmp_path):
    with pytest.raises(CheckError, match="sensitive list"):
        load_sensitive(tmp_path / "missing.txt")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa")
    with pytest.raises(ScrDocsError):
        load_sensitive(bad)


def test_clean_document_without_sensitive_terms_has_no_finding():
    data = make_docx([para("Child A lived with the family in a small town.")],
                     footnotes=[para("A note.")], headers={"header1.xml": para("OFFICIAL")})
    assert findings(data) == []


def test_creator_printed_in_the_title_block_is_public_and_allowed():
    board = "Eastvale Safeguarding Partnership"
    doc = read_docx(make_docx([para(board), para("Serious Case Review")], creator=board), "a.docx")
    assert not [p for p in check_anonymity(doc, []) if "document property" in p.message]


def test_creator_mentioned_only_inside_a_sentence_is_still_flagged():
    doc = read_docx(make_docx([para("Report by Jane Smith for the board.")],
                              creator="Jane Smith"), "a.docx")
    assert [p for p in check_anonymity(doc, []) if p.path == "core properties: creator"]


def test_the_quick_look_for_a_birth_word_never_misses_one_birth_finds():
    """_BIRTH_LOWER, searched in the lower-cased text before BIRTH, must find every way of
    writing each birth word BIRTH finds: each letter written as any character BIRTH takes for
    it (e.g. Turkish 'İ' and 'ı' for 'i'), each space as any white space."""
    import re

    from scr_docs.check.anonymity import _BIRTH_LOWER, BIRTH

    everything = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    spaces = re.findall(r"\s", everything)
    for word in ("born", "date of birth", "d.o.b", "d. o. b", "dob", "DOB"):
        for i, letter in enumerate(word):
            if letter in ". ":
                alike = spaces if letter == " " else ["."]
            else:
                alike = re.findall(re.escape(letter), everything, re.IGNORECASE)
            for c in alike:
                written = f"x {word[:i]}{c}{word[i + 1:]} y"
                if BIRTH.search(written):
                    assert _BIRTH_LOWER.search(written.lower()), (word, hex(ord(c)))
