"""Golden values of the reference disclosure (2025 瀍河 行政审批和政务信息管理局).

Every expected value below was read by hand from the seed text
(../shared/seeds/000_fae9c1b2617e279a.txt, copied unchanged into data/raw/2025/);
the line numbers in the comments are the seed's.
"""

from __future__ import annotations

import pytest

from chanhe_budget import TABLE_NAMES
from chanhe_budget.key_figures import FIGURE_NAMES
from chanhe_budget.templates.henan import HENAN

from .conftest import SEED, SHARED


def test_raw_copy_is_unchanged():
    seed = SHARED / "seeds" / "000_fae9c1b2617e279a.txt"
    if not seed.exists():
        pytest.skip("../shared/seeds is not beside the checkout")
    assert SEED.read_bytes() == seed.read_bytes()


def test_metadata(seed):
    assert seed.department == "洛阳市瀍河回族区行政审批和政务信息管理局"  # 部门名称 lines
    assert (seed.year, seed.kind, seed.scope, seed.unit) == (2025, "budget", "department", "万元")
    assert seed.encoding == "utf-8" and seed.template.name == "henan"


def test_all_fourteen_tables_found_once(seed):
    assert list(seed.tables) == [t.name for t in HENAN.tables] == list(TABLE_NAMES)[:14]
    assert not [w for w in seed.warnings if w.code == "duplicate_table"]


def test_figures_match_figures_md(seed):
    f = seed.figures
    assert list(f) == list(FIGURE_NAMES)
    assert f["total_income"] == f["total_expenditure"] == f["expenditure_this_year"] == 289.81  # lines 213, 237
    assert f["general_budget_income"] == 289.81  # line 181
    assert (f["basic_expenditure"], f["project_expenditure"]) == (219.13, 70.68)  # line 237
    assert (f["personnel_expenditure"], f["public_expenditure"]) == (207.67, 11.46)  # line 314
    assert f["three_public_total"] == 0.0  # table declared empty, narrative 0.00 (line 101)
    assert f["operating_expenditure"] == 11.46  # line 407
    assert f["procurement_total"] == 0.0  # line 129
    assert f["project_count"] == 7  # lines 425-432
    assert (f["prior_year_total"], f["change_vs_prior"], f["change_vs_prior_pct"]) == (660.92, -371.11, -56.15)
    assert (f["basic_share_pct"], f["project_share_pct"]) == (75.61, 24.39)
    assert (f["personnel_share_of_basic_pct"], f["public_share_of_basic_pct"]) == (94.77, 5.23)


def test_summary_two_sided(seed):
    s = seed.tables["summary"]
    income = s[s.side == "income"].set_index("key")["amount"]
    assert income["general_budget"] == 289.81 and income["carryover_in"] == 0.0
    spend = s[(s.side == "expenditure") & (s.key == "function")].set_index("item")["amount"]
    assert spend["一般公共服务"] == 242.31 and spend["住房保障支出"] == 15.28  # lines 181, 200
    assert spend.sum() == pytest.approx(289.81)
    assert len(spend) == 30  # 一 … 三十四 as printed (十八, 二十五, 二十六, 二十八 are not printed)


def test_income_units(seed):
    t = seed.tables["income"]
    assert t.row_kind.tolist() == ["total", "unit", "unit"]
    assert t.unit_code.tolist()[1:] == ["141", "141001"]
    assert t.current_general_budget.tolist() == [289.81] * 3
    assert t.current_gov_fund.sum() == 0 and t.carryover_total.sum() == 0


@pytest.mark.parametrize("name", ["expenditure", "general_budget_expenditure"])
def test_functional_tables(seed, name):
    t = seed.tables[name]
    items = t[t.row_kind == "item"].set_index("code")
    assert items.index.tolist() == ["2010301", "2010399", "2080505", "2101101", "2210201"]
    assert items.loc["2010301", ["code_class", "code_section", "code_item"]].tolist() == ["201", "03", "01"]
    assert items.loc["2010301", "name"] == "行政运行"
    assert items.loc["2010301", ["total", "basic_total", "basic_wages", "basic_goods_services"]].tolist() == \
        [171.63, 171.63, 160.17, 11.46]
    assert items.loc["2010399", "project_total"] == 70.68
    unit = t[t.row_kind == "unit"].iloc[0]
    assert unit.unit_code == "141" and unit.total == 289.81  # the unit row printed one column to the left
    assert items.total.sum() == pytest.approx(289.81)


def test_general_budget_basic(seed):
    t = seed.tables["general_budget_basic"]
    rows = t[t.row_kind != "total"].set_index("code")
    assert len(rows) == 12
    assert rows.loc["30103", ["name", "gov_code", "gov_name", "total", "personnel"]].tolist() == \
        ["奖金", "50101", "工资奖金津补贴", 65.75, 65.75]
    assert rows.loc["30201", ["public", "personnel"]].tolist() == [4.20, 0.0]
    assert rows.personnel.sum() == pytest.approx(207.67) and rows.public.sum() == pytest.approx(11.46)


def test_economic_summary_keeps_both_classifications(seed):
    t = seed.tables["economic_summary"]
    rows = t[t.row_kind == "section"].set_index("code")
    assert len(rows) == 15
    assert rows.loc["31007", ["name", "gov_code", "gov_name", "total"]].tolist() == \
        ["信息网络及软件购置更新", "50306", "设备购置", 20.00]  # line 347
    assert rows.loc["30201", "total"] == 34.20  # office costs incl. project spending (line 343)
    assert rows.total.sum() == pytest.approx(289.81)


@pytest.mark.parametrize("name,fund", [("three_public", "三公"), ("gov_fund", "政府性基金"),
                                       ("state_capital", "国有资本经营")])
def test_declared_empty_tables(seed, name, fund):
    t = seed.tables[name]
    assert t.empty and t.attrs["declared_empty"]
    assert "故本表无数据" in t.attrs["note"] and fund in t.attrs["note"]


def test_operating_funds(seed):
    t = seed.tables["operating_funds"]
    items = t[t.row_kind == "item"].set_index("code")
    assert items.total.to_dict() == {"30201": 4.20, "30228": 2.21, "30229": 2.77, "30239": 2.28}
    assert set(items.category) == {"公用经费项目"}
    assert t[t.row_kind == "total"].total.item() == 11.46


def test_projects(seed):
    t = seed.tables["projects"]
    projects = t[t.row_kind == "project"].set_index("project_name")
    assert projects.total.to_dict() == {
        "橙 e 瀍河青年服务云平台": 10.0, "12345 便民热线平台维护费": 2.0, "电子政务网年租费": 8.54, "智慧社区": 10.0,
        "政务服务工作经费": 30.0, "12345 专项经费": 4.34, "网络使用年租": 5.80,
    }
    assert set(projects.category) == {"其他运转类"}
    assert projects.total.sum() == pytest.approx(70.68)


def test_project_performance_indicators(seed):
    t = seed.tables["project_performance"]
    # 49 (name, value) pairs are printed in lines 497-528; counted by hand, cell by cell.
    assert len(t) == 49
    assert t.project_code.nunique() == 7
    assert (t.project_code.str.len() == 21).all()  # '4103042500000 00023105' joined
    amounts = t.drop_duplicates("project_code").set_index("project_code").project_amount
    assert amounts["410304250000000023105"] == 30.0 and amounts.sum() == pytest.approx(70.68)
    assert t.level.value_counts().to_dict() == {"output": 28, "cost": 7, "satisfaction": 7, "benefit": 7}
    row = t[t.indicator == "业务办理量"].iloc[0]
    assert (row.value, row.operator, row.number, row.value_unit, row.level) == ("≥55万件", "≥", 55.0, "万件", "output")
    latex = t[t.indicator == "有效维护我区社会稳定率"].iloc[0]
    assert (latex.operator, latex.number, latex.value_unit) == ("≥", 90.0, "%")  # $\geq 90\%$
    no_number = t[t.value == "即时响应"]
    assert len(no_number) == 5 and no_number.number.isna().all() and no_number.operator.isna().all()
    joined = t[t.indicator == "平台正常运行率"].value.tolist()
    assert "≥99.5%" in joined  # '平台正常运行率 ≥99.5%' printed in one cell (line 527)
    assert (t.level_source != "").all()


def test_department_performance(seed):
    t = seed.tables["department_performance"]
    assert t.part.value_counts().to_dict() == {"indicator": 28, "budget": 6, "task": 4, "year_goal": 1}
    budget = t[t.part == "budget"].set_index("indicator").number
    assert budget["部门预算总额(万元)"] == 289.81 and budget["(1) 基本支出"] == 219.13
    moved = t[t.indicator == "“三公经费”控制率"].iloc[0]  # row printed one cell short (line 463)
    assert (moved.level_2, moved.value) == ("预算和财务管理", "≤5%")
    cut = t[t.indicator == "评价结果应用率"].iloc[0]  # explanation continued after a page break (line 476)
    assert cut.explanation.endswith(
        "财政重点绩效评价结果应用情况。评价结果应用率=评价提出的意见建议采纳数/提出的意见建议总数*100%")


def test_narrative_statements(seed):
    n = seed.narrative
    change = n[(n.key == "total") & (n.kind == "change_amount")].iloc[0]
    assert (change.value, change.direction, change.compared_year, change.line) == (-371.11, "decrease", 2024, 77)
    shares = n[n.kind == "share"].groupby("key").value.agg(set)
    assert shares["basic_expenditure"] == {75.61} and shares["public_expenditure"] == {5.23}
    assert n[(n.kind == "share") & (n.key == "basic_expenditure")].line.tolist() == [85, 93]
    outbound = n[(n.key == "three_public_outbound") & (n.kind == "amount")]
    assert outbound.line.tolist() == [105]
    assert n[n.key == "project_count"].value.tolist() == [7]


def test_sections(seed):
    titles = [s.title for s in seed.sections]
    assert "一、主要职责" in titles and "名词解释" in titles
    duty = next(s for s in seed.sections if s.title == "一、主要职责")
    assert duty.start == 41 and "数字政府" in duty.text


def test_ocr_slip_warning(seed):
    slips = [w for w in seed.warnings if w.code == "name_variant"]
    assert len(slips) == 1
    assert "潼" in slips[0].message and "瀍" in slips[0].message and slips[0].line == 524
    # the printed text is kept, not corrected
    assert "橙 e 潼河青年服务云平台" in set(seed.tables["project_performance"].project_name)


def test_every_table_amount_is_a_number(seed):
    assert not [w for w in seed.warnings if w.code in ("unreadable_cell", "extra_cells", "header_mismatch")]


def test_chinese_labels_travel_with_each_table(seed):
    labels = seed.tables["expenditure"].attrs["labels"]
    assert labels["basic_total"] == "基本支出-小计" and labels["code_class"] == "类"
    assert labels["name"].startswith("科目名称")
    assert set(labels) == set(seed.tables["expenditure"].columns)
