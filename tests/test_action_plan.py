"""The action plan: its workbook read back with openpyxl, the round trip, progress, LibreOffice."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from scr_docs.output import pdf
from scr_docs.assemble.action_plan import STATUSES, Row
from scr_docs.pipeline import assemble
from scr_docs.cli import cli
from scr_docs.review.dates import PartialDate
from scr_docs.review.load import load
from scr_docs.output.progress import ProgressError, read_plan, report
from scr_docs.review.validate import validate
from scr_docs.render.xlsx import COLUMNS, SHEET, write_workbook

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "child-a" / "review.yaml"
XLSX = "child-a-action-plan.xlsx"


@pytest.fixture(scope="module")
def built():
    return assemble(validate(load(EXAMPLE)), only="action-plan")


@pytest.fixture(scope="module")
def sheet(built):
    return load_workbook(io.BytesIO(built.files[XLSX]))[SHEET]


def test_only_action_plan_builds_its_word_table_and_workbook(built):
    assert sorted(built.files) == ["child-a-action-plan.docx", XLSX]


def test_every_recommendation_is_in_the_sheet_once_with_the_overview_number(built, sheet):
    data = validate(load(EXAMPLE)).data
    items = data["recommendations"]["items"]
    numbers = [r[0].value for r in sheet.iter_rows(min_row=2)]
    expected = []
    for n, item in enumerate(items, 1):
        expected += [n] * max(1, len(item.get("actions") or []))
    assert numbers == expected
    assert sheet["B2"].value.startswith("The WSCP should revise its pre-birth procedure")


def test_due_dates_are_dates_shown_at_the_precision_typed(sheet):
    dues = {r[2].value: r[5] for r in sheet.iter_rows(min_row=2) if r[5].value is not None}
    cells = list(dues.values())
    assert all(isinstance(c.value, dt.datetime) for c in cells)
    formats = {c.value.date(): c.number_format for c in cells}
    assert formats[dt.date(2020, 1, 31)] == "mmm yyyy"  # due: 2020-01
    assert formats[dt.date(2019, 12, 31)] in ("d mmm yyyy", "yyyy")  # 2019-12-31 and 2020
    assert formats[dt.date(2020, 12, 31)] in ("mmm yyyy", "yyyy")
    assert isinstance(sheet["A2"].value, int)


def test_header_is_frozen_and_a_table_with_filters_over_every_row(sheet):
    assert sheet.freeze_panes == "A2"
    [table] = sheet.tables.values()
    assert table.ref == f"A1:K{sheet.max_row}"
    assert [c.value for c in sheet[1]] == [c.header for c in COLUMNS]


def test_status_and_rag_have_drop_down_lists(sheet):
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {"H2:H1001": '"not started,in progress,complete"',
                     "I2:I1001": '"Red,Amber,Green"'}


def test_rag_and_overdue_dates_are_coloured_by_conditional_formatting(sheet):
    rules = {str(rng.sqref): [r for r in rng.rules] for rng in sheet.conditional_formatting}
    assert sorted(r.formula[0] for r in rules["I2:I1001"]) == ['"Amber"', '"Green"', '"Red"']
    [overdue] = rules["F2:F1001"]
    assert overdue.type == "expression" and "TODAY()" in overdue.formula[0]


def test_prints_landscape_one_page_wide_with_properties_set(built, sheet):
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    props = load_workbook(io.BytesIO(built.files[XLSX])).properties
    assert props.title == "Serious Case Review: Child A – Action plan"
    assert props.language == "en-GB"
    assert props.creator == "Wexmoor Safeguarding Children Partnership"
    assert not props.lastModifiedBy


def test_word_table_is_landscape_with_a_repeating_header(built):
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(built.files["child-a-action-plan.docx"])).read(
        "word/document.xml").decode()
    assert 'w:orient="landscape"' in xml and "<w:tblHeader/>" in xml


def test_actions_are_not_printed_in_the_four_documents():
    texts = assemble(validate(load(EXAMPLE))).texts
    for kind in ("overview-report", "executive-summary", "press-release", "learning-summary"):
        assert "Chair of the Policy and Procedures Subgroup" not in texts[kind]


# -- the round trip ---------------------------------------------------------------------------
words = st.text(st.characters(whitelist_categories=("L", "N", "P", "Zs"),
                              blacklist_characters="\x85\xa0"), max_size=40).map(
    lambda s: " ".join(s.split()))
dates = st.builds(lambda y, m, d, p: PartialDate(y, m if p > 0 else None, d if p > 1 else None),
                  st.integers(2019, 2030), st.integers(1, 12), st.integers(1, 28),
                  st.integers(0, 2))
rows_strategy = st.lists(st.builds(
    Row, st.integers(1, 30), words.filter(bool), words, words, words, st.none() | dates, words,
    st.sampled_from(STATUSES), st.sampled_from(("Red", "Amber", "Green")), words,
    st.none() | st.dates(dt.date(2019, 1, 1), dt.date(2030, 12, 31))), min_size=1, max_size=6)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=rows_strategy, status=st.sampled_from(STATUSES), evidence=words,
       added=rows_strategy)
def test_a_sheet_edited_as_a_user_would_reads_back_the_same(tmp_path_factory, rows, status,
                                                            evidence, added):
    path = tmp_path_factory.mktemp("trip") / "plan.xlsx"
    path.write_bytes(write_workbook(rows, {"title": "Plan", "timestamp": "2020-01-01T00:00:00Z"}))
    workbook = load_workbook(path)
    sheet = workbook[SHEET]
    sheet["H2"], sheet["J2"] = status, evidence or None
    rows[0].status, rows[0].evidence = status, evidence
    for row in added[:1]:
        sheet.append([row.number, row.recommendation, row.action, row.agency, row.lead,
                      None, row.measure, row.status, row.rag, row.evidence, row.updated])
        row.due = None
        rows.append(row)
    workbook.save(path)
    read, _ = read_plan(path)
    assert [r for r in read] == [r for r in rows if not _blank(r)]


def _blank(row: Row) -> bool:
    return not any((row.number, row.recommendation, row.action))


# -- progress -----------------------------------------------------------------------------------
@pytest.mark.parametrize("change, named", [
    (lambda s: s.__setitem__("F1", "Target"), "'Due'"),
    (lambda s: s.delete_cols(7), "Measure of success"),
    (lambda s: s.move_range("A1:A1", cols=0) or s.__setitem__("B1", "Action")
     or s.__setitem__("C1", "Recommendation"), "'Recommendation'")])
def test_progress_refuses_a_sheet_whose_columns_changed_naming_the_column(
        tmp_path, built, change, named):
    workbook = load_workbook(io.BytesIO(built.files[XLSX]))
    change(workbook[SHEET])
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    with pytest.raises(ProgressError) as caught:
        read_plan(path)
    assert named in caught.value.message
    result = CliRunner().invoke(cli, ["progress", str(path)])
    assert result.exit_code == 1 and named in result.output and "Traceback" not in result.output


def test_progress_reports_overdue_counts_and_changes_since_the_review(tmp_path, built):
    workbook = load_workbook(io.BytesIO(built.files[XLSX]))
    sheet = workbook[SHEET]
    sheet["J3"] = "Audit of 20 assessments done"
    sheet.append([4, "x", "Brief agencies on cumulative assessment", "Wexmoor Police",
                  "Detective Inspector, MASH", dt.datetime(2021, 3, 31), "Briefings held",
                  "in progress"])
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    result = CliRunner().invoke(cli, ["progress", str(path), str(EXAMPLE), "--at", "2020-06-30",
                                      "-o", str(tmp_path / "report.md")])
    assert result.exit_code == 0, result.output
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| Overdue | 1 |" in text and "Recommendation 7: Change the MASH" in text
    assert "evidence changed from nothing to Audit of 20 assessments done" in text
    assert 'Recommendation 4: new action "Brief agencies' in text
    assert "- Recommendation 5\n" in text and "- Recommendation 4\n" not in text
    for suffix in (".html", ".docx"):
        result = CliRunner().invoke(cli, ["progress", str(path), "-o",
                                          str(tmp_path / f"report{suffix}")])
        assert result.exit_code == 0, result.output


def test_progress_counts_every_row_even_without_a_number(tmp_path, built):
    workbook = load_workbook(io.BytesIO(built.files[XLSX]))
    workbook[SHEET].append([None, "", "An action typed without its number"])
    path = tmp_path / "plan.xlsx"
    workbook.save(path)
    rows, problems = read_plan(path)
    assert rows[-1].action == "An action typed without its number"
    assert any("not a recommendation number" in p.message for p in problems)
    assert "6 actions in 23 rows" in report(rows, dt.date(2020, 1, 1))  # five typed + this one


# -- another office suite opens it --------------------------------------------------------------
@pytest.fixture
def soffice():
    found = pdf.find_soffice()
    if found is None and not os.environ.get("CI"):
        pytest.skip("LibreOffice is not installed")
    return found


@pytest.mark.libreoffice
@pytest.mark.parametrize("target", ["pdf", "csv"])
def test_libreoffice_converts_the_workbook(tmp_path, built, soffice, target):
    source = tmp_path / XLSX
    source.write_bytes(built.files[XLSX])
    subprocess.run([soffice, f"-env:UserInstallation=file://{tmp_path}/profile", "--headless",
                    "--convert-to", target, "--outdir", str(tmp_path), str(source)],
                   check=True, capture_output=True, timeout=120)
    out = source.with_suffix(f".{target}")
    assert out.is_file() and out.stat().st_size > 0
    if target == "csv":
        text = out.read_text(encoding="utf-8", errors="replace")
        assert text.splitlines()[0].startswith("No.,Recommendation,Action")
        assert "Chair of the Policy and Procedures Subgroup" in text


def test_the_action_plans_long_rows_may_run_over_a_page_other_tables_keep_theirs_whole():
    import zipfile

    built = assemble(validate(load(EXAMPLE)), only="action-plan,overview-report")

    def rows(name):
        with zipfile.ZipFile(io.BytesIO(built.files[name])) as docx:
            xml = docx.read("word/document.xml").decode("utf-8")
        return xml.count("<w:tr>") + xml.count("<w:tr "), xml.count("<w:cantSplit/>")

    plan_rows, plan_kept = rows("child-a-action-plan.docx")
    assert plan_rows > 2 and plan_kept == 1  # only the header row, repeated on each page
    report_rows, report_kept = rows("child-a-overview-report.docx")
    assert report_rows == report_kept
