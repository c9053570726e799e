"""The ratio analysis on the seed: the document's headline statements recomputed, structures, projects, 三公."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import chanhe_budget as cb
from chanhe_budget.analysis import ratios
from chanhe_budget.errors import ParameterError

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "2025" / "洛阳市瀍河回族区行政审批和政务信息管理局.txt"


@pytest.fixture(scope="module")
def d():
    return cb.read_disclosure(SEED)


def _row(frame: pd.DataFrame, column: str, value) -> pd.Series:
    rows = frame[frame[column] == value]
    assert len(rows) == 1, f"{column}={value!r}: {len(rows)} rows in\n{frame}"
    return rows.iloc[0]


def _edited(tmp_path: Path, old: str, new: str):
    text = SEED.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "edited.txt"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return cb.read_disclosure(path)


# -- headline statements ---------------------------------------------------


@pytest.mark.parametrize(("figure", "value"), [
    ("basic_share_pct", 75.61), ("project_share_pct", 24.39), ("personnel_share_of_basic_pct", 94.77),
    ("public_share_of_basic_pct", 5.23), ("change_vs_prior_pct", -56.15), ("total_income", 289.81),
    ("total_expenditure", 289.81),
])
def test_headline_statement_matches_the_computed_value(d, figure, value):
    row = _row(ratios.headline_comparison(d), "figure", figure)
    assert row["computed"] == value
    assert row["stated"] == value
    assert (row["status"], row["mark"]) == ("pass", "✓")
    assert row["sentence"] and row["line"] > 0


def test_headline_change_amount_is_not_checked_against_itself(d):
    row = _row(ratios.headline_comparison(d), "figure", "change_vs_prior")
    assert row["computed"] == row["stated"] == -371.11
    assert (row["status"], row["mark"]) == ("cannot_check", "?")
    assert "上年" in row["note"]


def test_headline_marks_a_wrong_statement(tmp_path):
    d = _edited(tmp_path, "基本支出 219.13 万元，占 75.61%", "基本支出 219.13 万元，占 75.71%")
    row = _row(ratios.headline_comparison(d), "figure", "basic_share_pct")
    assert (row["computed"], row["stated"]) == (75.61, 75.71)
    assert (row["status"], row["mark"]) == ("fail", "✗")
    assert row["difference"] == pytest.approx(0.1)


def test_headline_takes_the_audit_verdict_when_the_audit_checked_the_sentence(d):
    line = int(_row(ratios.headline_comparison(d), "figure", "basic_share_pct")["line"])
    audit = pd.DataFrame([{"check_id": "narrative.x", "family": "narrative", "line": line, "expected": 75.61,
                           "found": 75.61, "status": "warn"}])
    row = _row(ratios.headline_comparison(d, audit), "figure", "basic_share_pct")
    assert (row["status"], row["mark"], row["verdict_source"]) == ("warn", "⚠", "audit")
    other = _row(ratios.headline_comparison(d, audit), "figure", "personnel_share_of_basic_pct")
    assert other["verdict_source"] == "figures"


def test_narrative_checks_keeps_only_narrative_rows_with_marks():
    audit = pd.DataFrame([
        {"family": "narrative", "status": "pass", "line": 85, "description_zh": "基本支出占比"},
        {"family": "identity", "status": "fail", "line": None, "description_zh": "合计"},
        {"family": "narrative", "status": "fail", "line": 97, "description_zh": "人员经费占比"},
    ])
    checks = ratios.narrative_checks(audit)
    assert checks["mark"].tolist() == ["✓", "✗"]
    assert ratios.narrative_checks(None).empty


# -- structures ------------------------------------------------------------


def test_functional_classes_are_summed_from_item_rows_and_named(d):
    frame = ratios.functional_structure(d, level="class")
    assert list(frame.columns) == ["name", "code", "amount", "share_pct"]
    assert dict(zip(frame["code"], frame["amount"], strict=True)) == {
        "201": 242.31, "208": 16.64, "210": 15.58, "221": 15.28}
    assert _row(frame, "code", "201")["name"] == "一般公共服务支出"
    assert _row(frame, "code", "201")["share_pct"] == 83.61
    assert frame["amount"].sum() == pytest.approx(289.81)
    assert frame["share_pct"].sum() == pytest.approx(100, abs=0.05)


def test_functional_sections_and_items(d):
    sections = ratios.functional_structure(d, level="section")
    assert _row(sections, "code", "20103")["amount"] == 242.31
    items = ratios.functional_structure(d, level="item")
    assert len(items) == 5
    assert _row(items, "code", "2010301")["name"] == "行政运行"
    general = ratios.functional_structure(d, table="general_budget_expenditure")
    assert general["amount"].sum() == pytest.approx(289.81)


def test_unknown_level_or_classification_names_the_choices(d):
    with pytest.raises(ParameterError, match="class, section, item"):
        ratios.functional_structure(d, level="kuan")
    with pytest.raises(ParameterError, match="department, government"):
        ratios.economic_structure(d, classification="cofog")


def test_economic_structure_in_both_classifications(d):
    department = ratios.economic_structure(d, "department")
    assert department.attrs["table"] == "economic_summary"
    assert dict(zip(department["code"], department["amount"], strict=True)) == {
        "301": 207.67, "302": 62.14, "310": 20.00}
    assert _row(department, "code", "301")["name"] == "工资福利支出"
    government = ratios.economic_structure(d, "government")
    assert _row(government, "code", "501")["amount"] == 185.51
    assert _row(government, "code", "505")["name"] == "对事业单位经常性补助"
    assert government["amount"].sum() == pytest.approx(289.81)
    sections = ratios.economic_structure(d, "department", level="section")
    assert _row(sections, "code", "31007")["name"] == "信息网络及软件购置更新"


def test_economic_structure_falls_back_to_the_basic_table(d):
    tables = {k: v for k, v in d.tables.items() if k != "economic_summary"}
    fake = type("D", (), {"tables": tables})()
    frame = ratios.economic_structure(fake, "department")
    assert frame.attrs["table"] == "general_budget_basic"
    assert frame["amount"].sum() == pytest.approx(219.13)


# -- projects, 三公, operating funds ------------------------------------------


def test_project_table_joins_amounts_and_indicators(d):
    projects = ratios.project_table(d)
    assert len(projects) == 7
    assert projects["amount"].sum() == pytest.approx(70.68)
    top = projects.iloc[0]
    assert (top["project_name"], top["amount"], top["share_pct"]) == ("政务服务工作经费", 30.0, 42.44)
    assert (projects["n_indicators"] > 0).all()
    assert (projects["performance_amount"] == projects["amount"]).all()


def test_project_printed_with_one_character_changed_is_still_joined(d):
    row = _row(ratios.project_table(d), "project_name", "橙 e 瀍河青年服务云平台")
    assert row["performance_name"] == "橙 e 潼河青年服务云平台"
    assert row["n_indicators"] == len(ratios.project_indicators(d).query("project_name == @row.performance_name"))


def test_three_public_declared_empty_is_zero_and_agrees_with_the_text(d):
    frame = ratios.three_public_and_operating(d)
    total = _row(frame, "item", "“三公”经费合计")
    assert (total["table_amount"], total["stated"], total["mark"]) == (0.0, 0.0, "✓")
    operating = _row(frame, "item", "机构运转经费")
    assert (operating["table_amount"], operating["stated"], operating["mark"]) == (11.46, 11.46, "✓")
    items = ratios.operating_items(d)
    assert items["amount"].sum() == pytest.approx(11.46)


def test_table_overview_lists_the_template(d):
    overview = ratios.table_overview(d)
    assert len(overview) == 14
    assert _row(overview, "table", "three_public")["status"] == "declared empty"
    assert _row(overview, "table", "projects")["status"] == "present"


def test_an_audit_that_cannot_run_becomes_a_note(d, monkeypatch):
    def broken(_d):
        raise cb.ChanheBudgetError("table damaged beyond reading")

    monkeypatch.setattr(ratios, "audit", broken)
    result = ratios.audit_results(d)
    assert not result.available
    assert "table damaged beyond reading" in result.note


