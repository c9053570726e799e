"""One small fixture and one test per conversion quirk, named after the quirk.

Each fixture is a few lines in the shape the PDF converter writes (tab cells,
markdown headings) and shows one kind of damage seen in the reference document
or its siblings.
"""

from __future__ import annotations

import math

import pytest

import chanhe_budget as cb
from chanhe_budget.parse.units import parse_amount
from chanhe_budget.read.source import normalise_text

from .conftest import fixture_text

T = "\t"
HEAD = "2025 年示范区测试局\n部门预算公开\n\n"
EXP_HEAD = [
    T.join(["科目编码", "", "", "单位代码", "单位（科目名称）", "合计", "基本支出", "", "", "", "项目支出"]),
    T.join(["类", "款", "项", "", "", "", "小计", "人员经费", "", "公用经费", "", "小计", "其他运转类", "特定目标类"]),
    T.join(["", "", "", "", "", "", "", "工资福利支出", "对个人和家庭的补助", "商品和服务支出", "资本性支出"]),
]


def expenditure_doc(rows: list[str], unit: str = "万元", head: list[str] | None = None) -> str:
    table = "\n".join([*(head or EXP_HEAD), *rows])
    return f"{HEAD}## 2025 年部门支出预算表\n\n部门名称：示范区测试局\n\n单位：{unit}\n\n{table}\n"


def read(text: str):
    return cb.read_disclosure(text, template="henan")  # fragments of one or two tables: below the detection floor


def test_latex_fragments():
    assert normalise_text(r"$\geq 90\%$") == "≥90%"
    assert normalise_text(r"$\leq 4$ 小时") == "≤4 小时"
    assert normalise_text(r"全年值班时间 $\geq 365$ 天") == "全年值班时间 ≥365 天"


def test_code_split_by_a_space(seed):
    codes = set(seed.tables["project_performance"].project_code)
    assert "410304250000000023106" in codes  # printed '4103042500000 00023106'


def test_page_break_blank_lines_inside_table():
    rows = ["\t\t\t\t合计\t30.00\t30.00\t30.00", "201\t03\t01\t\t行政运行\t10.00\t10.00\t10.00", "", "",
            "201\t03\t02\t\t一般行政管理事务\t20.00\t20.00\t20.00"]
    t = read(expenditure_doc(rows)).tables["expenditure"]
    assert t[t.row_kind == "item"].code.tolist() == ["2010301", "2010302"]


def test_merged_class_cell_continuation_rows():
    rows = ["\t\t\t\t合计\t30.00\t30.00\t30.00", "201\t03\t01\t\t行政运行\t10.00\t10.00\t10.00",
            "\t03\t02\t\t一般行政管理事务\t20.00\t20.00\t20.00"]
    t = read(expenditure_doc(rows)).tables["expenditure"]
    assert t[t.row_kind == "item"].code.tolist() == ["2010301", "2010302"]


def test_header_rows_spread_over_several_lines(seed):
    raw = seed.raw_tables["expenditure"]
    assert len(raw.header) == 3 and raw.rows[0].no == 237
    assert "工资福利支出" in raw.header_text()


def test_unit_row_shifted_by_a_column(seed):
    # 部门支出预算表 prints the unit code in the 项 column, 一般公共预算支出预算表 the name one column left
    for name in ("expenditure", "general_budget_expenditure"):
        unit = seed.tables[name].query("row_kind == 'unit'").iloc[0]
        assert (unit.unit_code, unit.total, unit.basic_total) == ("141", 289.81, 219.13)


def test_markdown_table_fragments():
    rows = ["|  |  |  |  | 合计 | 10.00 | 10.00 | 10.00 |", "|---|---|---|---|---|---|---|---|",
            "| 201 | 03 | 01 |  | 行政运行 | 10.00 | 10.00 | 10.00 |"]
    t = read(expenditure_doc(rows)).tables["expenditure"]
    assert t[t.row_kind == "item"].total.tolist() == [10.0]


def test_full_width_digits_and_punctuation():
    rows = ["\t\t\t\t合计\t１２.５０\t１２.５０", "２０１\t０３\t０１\t\t行政运行（机关）\t１２.５０\t１２.５０"]
    t = read(expenditure_doc(rows)).tables["expenditure"]
    item = t[t.row_kind == "item"].iloc[0]
    assert (item.code, item["name"], item.total) == ("2010301", "行政运行(机关)", 12.5)


def test_thousands_separators():
    assert parse_amount("1,234,567.89") == 1234567.89
    rows = ["\t\t\t\t合计\t1,234.50\t1,234.50", "201\t03\t01\t\t行政运行\t1,234.50\t1,234.50"]
    assert read(expenditure_doc(rows)).figures["expenditure_this_year"] == 1234.5


@pytest.mark.parametrize("mark", ["", "-", "—", "－", "--"])
def test_dash_or_blank_is_zero(mark):
    assert parse_amount(mark) == 0.0
    rows = [f"\t\t\t\t合计\t5.00\t5.00\t{mark}", f"201\t03\t01\t\t行政运行\t5.00\t5.00\t{mark}"]
    assert read(expenditure_doc(rows)).tables["expenditure"].basic_wages.tolist() == [0.0, 0.0]


def test_unreadable_cell_is_reported_not_zero():
    rows = ["\t\t\t\t合计\t5.00\t5.0O", "201\t03\t01\t\t行政运行\t5.00\t5.00"]
    d = read(expenditure_doc(rows))
    assert math.isnan(d.tables["expenditure"].basic_total.iloc[0])
    warning = next(w for w in d.warnings if w.code == "unreadable_cell")
    assert "5.0O" in warning.message and warning.line is not None


def test_amounts_in_yuan_are_converted_once():
    rows = ["\t\t\t\t合计\t2,898,100.00\t2,191,300.00", "201\t03\t01\t\t行政运行\t2,898,100.00\t2,191,300.00"]
    d = read(expenditure_doc(rows, unit="元"))
    t = d.tables["expenditure"]
    assert t.total.tolist() == [289.81, 289.81] and t.attrs["source_unit"] == "元" and t.attrs["unit"] == "万元"
    assert d.figures["expenditure_this_year"] == 289.81 and d.figures["unit"] == "元"


def test_missing_unit_is_a_warning_not_a_guess():
    text = expenditure_doc(["\t\t\t\t合计\t5.00\t5.00"]).replace("单位：万元\n", "")
    d = read(text)
    assert [w.code for w in d.warnings] == ["unit_missing"]


@pytest.mark.parametrize("encoding,expected", [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gb18030", "gb18030")])
def test_encodings_are_detected_and_recorded(seed_text, encoding, expected):
    d = cb.read_disclosure(seed_text.replace("\n", "\r\n").encode(encoding))
    assert d.encoding == expected
    assert d.figures["basic_share_pct"] == 75.61


def test_ocr_slip_kept_and_warned(seed):
    names = set(seed.tables["projects"].project_name.dropna())
    assert "橙 e 瀍河青年服务云平台" in names
    assert any(w.code == "name_variant" for w in seed.warnings)


def test_table_of_contents_is_not_a_table(seed):
    assert all(block.title_line > 170 for block in seed.segments.blocks)  # TOC lines 20-35 repeat every title


def test_declared_empty_table_keeps_its_note(seed):
    t = seed.tables["gov_fund"]
    assert t.empty and "政府性基金" in t.attrs["note"]


def test_duplicated_table_is_reported(seed_text):
    start = seed_text.index("## 2025 年项目支出预算表")
    end = seed_text.index("# 部门（单位）整体绩效目标表")
    d = cb.read_disclosure(seed_text + "\n" + seed_text[start:end])
    assert [w.code for w in d.warnings if w.code == "duplicate_table"] == ["duplicate_table"]
    assert d.figures["project_count"] == 7


def test_sub_units_non_zero_three_public_gov_fund_and_carryover():
    d = cb.read_disclosure(fixture_text("henan_subunits_2024.txt"))
    f = d.figures
    assert (f["total_income"], f["general_budget_income"], f["three_public_total"]) == (600.0, 500.0, 12.5)
    assert (f["basic_share_pct"], f["prior_year_total"], f["change_vs_prior_pct"]) == (66.67, 550.0, 9.09)
    income = d.tables["income"]
    assert income[income.row_kind == "unit"].unit_code.tolist() == ["101", "101001", "101002"]
    assert income.carryover_general_budget.tolist() == [30.0, 30.0, 30.0, 0.0]
    exp = d.tables["expenditure"]
    assert exp[exp.row_kind == "item"].groupby("unit_code").total.sum().to_dict() == {"101001": 370.0, "101002": 230.0}
    three = d.tables["three_public"].iloc[0]
    assert (three.vehicles, three.vehicle_purchase, three.reception) == (8.0, 0.0, 4.5)
    assert d.tables["gov_fund"].query("row_kind == 'item'").code.tolist() == ["2296002"]
    summary = d.tables["summary"].set_index("key").amount
    assert (summary["carryover_in"], summary["gov_fund"], summary["business"]) == (30.0, 50.0, 20.0)
    assert d.tables["projects"].query("row_kind == 'project'").carryover_general_budget.sum() == 30.0
    assert f["personnel_expenditure"] is None  # no 基本支出表 in this fixture: unknown, not 0


@pytest.mark.parametrize("title", [
    "## 2025 年部门支出预算表", "## 示范区测试局2025年部门支出预算表", "## 表3 部门支出预算表", "## 表三、部门支出预算表",
    "## 附表1-3：2025年部门支出预算表", "**三、部门支出预算表**",
])
def test_table_title_variants(title):
    rows = ["\t\t\t\t合计\t12.50\t12.50", "201\t03\t01\t\t行政运行\t12.50\t12.50"]
    text = expenditure_doc(rows).replace("## 2025 年部门支出预算表", title)
    assert read(text).figures["expenditure_this_year"] == 12.5


def test_table_continued_under_its_own_title():
    rows = ["\t\t\t\t合计\t30.00\t30.00", "201\t03\t01\t\t行政运行\t10.00\t10.00"]
    rest = "\n".join(["", "## 2025 年部门支出预算表（续）", "", "单位：万元", "", *EXP_HEAD,
                      "201\t03\t02\t\t一般行政管理事务\t20.00\t20.00"])
    d = read(expenditure_doc(rows) + rest)
    t = d.tables["expenditure"]
    assert t[t.row_kind == "item"].code.tolist() == ["2010301", "2010302"]
    assert not [w for w in d.warnings if w.code == "duplicate_table"]


def test_department_from_the_title_when_no_name_line():
    text = expenditure_doc(["\t\t\t\t合计\t5.00\t5.00"]).replace("部门名称：示范区测试局\n", "")
    text = text.replace("2025 年示范区测试局\n部门预算公开", "示范区测试局 2025 年部门预算公开")
    d = read(text)
    assert (d.department, d.year) == ("示范区测试局", 2025)


def test_narrower_table_than_the_template_keeps_its_columns_in_place():
    # some departments print 部门支出预算表 without the 人员经费 / 公用经费 split
    head = [T.join(["科目编码", "", "", "科目名称", "合计", "基本支出", "项目支出"]), T.join(["类", "款", "项"])]
    rows = ["\t\t\t合计\t30.00\t20.00\t10.00", "201\t03\t01\t行政运行\t20.00\t20.00\t",
            "201\t03\t99\t其他支出\t10.00\t\t10.00"]
    d = read(expenditure_doc(rows, head=head))
    t = d.tables["expenditure"]
    assert "basic_wages" not in t.columns  # not printed: absent, not 0
    assert (d.figures["basic_expenditure"], d.figures["project_expenditure"]) == (20.0, 10.0)
    assert any(w.code == "columns_absent" and "工资福利支出" in w.message for w in d.warnings)


def test_summary_headed_yusuanshu_instead_of_jine():
    text = (HEAD + "## 2025 年部门收支预算表\n\n单位：万元\n\n"
            + "\n".join([T.join(["收入", "", "支出", ""]), T.join(["项目", "预算数", "项目", "预算数"]),
                         T.join(["一、一般公共预算", "12.00", "一、一般公共服务", "12.00"]),
                         T.join(["收入总计", "12.00", "支出总计", "12.00"])]) + "\n")
    f = read(text).figures
    assert (f["total_income"], f["total_expenditure"], f["general_budget_income"]) == (12.0, 12.0, 12.0)


def test_performance_project_printed_without_its_code(seed_text):
    text = seed_text.replace("4103042500000 00023112\t智慧社区", "\t智慧社区")
    d = cb.read_disclosure(text)
    t = d.tables["project_performance"]
    smart = t[t.project_name == "智慧社区"]
    assert len(smart) == 7 and smart.project_code.isna().all() and smart.project_amount.eq(10.0).all()
    assert t.project_name.nunique() == 7
    assert any(w.code == "project_without_code" for w in d.warnings)
