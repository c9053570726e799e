"""Never a silent zero: what is missing or unreadable is None/NaN with a warning, and a check that cannot
be made says so (``cannot_check`` with the reason) — never "found 0.00", never an exception."""

from __future__ import annotations

import pytest

import chanhe_budget as cb
from chanhe_budget.checks.run import audit
from chanhe_budget.cli import main

from .conftest import SEED

SUMMARY_TOTAL = "收入总计\t289.81\t支出总计\t289.81"
EXPENDITURE_TOTAL = "\t\t\t\t合计\t289.81\t219.13\t207.67\t\t11.46\t\t70.68\t70.68"


def _codes(d) -> set[str]:
    return {w.code for w in d.warnings}


def test_seed_has_the_lines_these_tests_change(seed_text):
    assert SUMMARY_TOTAL in seed_text and EXPENDITURE_TOTAL in seed_text


def test_a_summary_total_that_lost_its_cell_is_unknown_with_a_warning(seed_text):
    d = cb.read_disclosure(seed_text.replace(SUMMARY_TOTAL, "收入总计\t289.81\t支出总计"))
    assert d.figures["total_expenditure"] is None  # not 0.0
    assert d.figures["total_income"] == 289.81
    assert "missing_cell" in _codes(d)
    frame = audit(d)
    touching = frame[frame["evidence"].str.contains("支出总计", na=False) | (frame["row"] == "支出总计")]
    assert not touching.empty and "fail" not in set(touching["status"])
    assert not ((frame["status"] == "fail") & (frame["found"].astype(str).isin(["0", "0.0"]))).any()


def test_an_unreadable_total_cell_is_cannot_check_not_found_zero(seed_text):
    text = seed_text.replace(EXPENDITURE_TOTAL, EXPENDITURE_TOTAL.replace("\t289.81\t", "\t289.8l\t", 1))
    d = cb.read_disclosure(text)
    assert "unreadable_cell" in _codes(d)
    frame = audit(d)
    line = next(w.line for w in d.warnings if w.code == "unreadable_cell")
    on_line = frame[frame["line"] == line]
    assert not on_line.empty
    assert set(on_line["status"]) <= {"cannot_check", "pass", "not_applicable"}
    assert (on_line["status"] == "cannot_check").any()
    assert on_line.loc[on_line["status"] == "cannot_check", "reason"].str.contains("unreadable").all()
    # nowhere does the unreadable cell take part as a 0
    fails = frame[frame["status"] == "fail"]
    assert not fails["found"].astype(str).isin(["0", "0.0"]).any(), fails[["check_id", "reason"]]
    assert d.figures["expenditure_this_year"] is None


def _projects_block(text: str) -> tuple[int, int]:
    start = text.index("## 2025 年项目支出预算表")
    return start, text.index("# 部门（单位）整体绩效目标表", start)


def test_a_project_table_without_readable_rows_gives_no_count(seed_text):
    start, end = _projects_block(seed_text)
    block = seed_text[start:end].split("\n")
    header_end = next(i for i, line in enumerate(block) if line.startswith("\t\t\t70.68"))
    d = cb.read_disclosure(seed_text[:start] + "\n".join(block[:header_end]) + "\n\n" + seed_text[end:])
    assert d.tables["projects"].empty
    assert d.figures["project_count"] is None  # not 0
    assert "table_without_rows" in _codes(d)


def test_a_garbled_unit_code_does_not_count_as_a_project(seed_text):
    garbled = seed_text.replace("\t141\t洛阳市瀍河回族区行政审批和政务信息管理局\t70.68",
                                "\t14l\t洛阳市瀍河回族区行政审批和政务信息管理局\t70.68")
    assert garbled != seed_text
    d = cb.read_disclosure(garbled)
    assert d.figures["project_count"] == 7  # the seed's seven projects, checked against its PDF
    assert "code_repaired" in _codes(d)


def test_a_30_digit_amount_is_an_unreadable_cell(seed_text, tmp_path, capsys):
    text = seed_text.replace(SUMMARY_TOTAL, "收入总计\t" + "9" * 30 + "\t支出总计\t289.81")
    d = cb.read_disclosure(text)
    assert d.figures["total_income"] is None
    assert any(w.code == "unreadable_cell" and "9" * 30 in w.message for w in d.warnings)
    audit(d)  # no decimal.InvalidOperation
    path = tmp_path / "huge.txt"
    path.write_text(text, encoding="utf-8")
    assert main(["figures", str(path)]) == 0
    assert main(["audit", str(path)]) == 0
    assert "Traceback" not in capsys.readouterr().err


@pytest.mark.parametrize(("table", "column"), [
    ("general_budget_basic", "total"),       # C09 read it unguarded
    ("summary", "key"),                      # the conditions read summary rows by key
    ("income", "current_general_budget"),
    ("fiscal_appropriation", "general_budget"),
    ("expenditure", "basic_total"),
    ("projects", "row_kind"),
])
def test_a_table_without_a_column_makes_checks_cannot_check(table, column):
    d = cb.read_disclosure(SEED)
    d.tables[table] = d.tables[table].drop(columns=[column])
    frame = audit(d)  # never a KeyError
    assert len(frame) > 100
    broken = frame[frame["reason"].str.contains(repr(column), regex=False, na=False)]
    assert set(broken["status"]) <= {"cannot_check", "not_applicable"}


def test_c09_names_the_missing_column():
    d = cb.read_disclosure(SEED)
    d.tables["general_budget_basic"] = d.tables["general_budget_basic"].drop(columns=["total"])
    c09 = audit(d).set_index("check_id").loc["C09"]
    assert c09["status"] == "cannot_check" and "'total'" in c09["reason"]

