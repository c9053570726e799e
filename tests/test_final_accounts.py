"""Golden tests of the 部门决算 (final accounts): the published 2024 决算 of 上海市普陀区财政局 (PUB) and the
copy with errors planted on purpose (BAD), both in ../shared/specimens, used by path.

Every expected value is in tests/golden/final_accounts.md, where a colleague read each table and the
narrative by hand from the rendered pages (pdftoppm) and from pdfplumber's ruled cells, cell for cell;
section and page numbers below point there. Amounts are printed in 万元 with 2 decimals.
"""

from __future__ import annotations

import math
from functools import cache

import pandas as pd
import pytest

import chanhe_budget as cb
from chanhe_budget.analysis import execution
from chanhe_budget.templates import detect_template
from chanhe_budget.templates.registry import document_kind

from .conftest import SHARED

SPECIMENS = SHARED / "specimens"
PUB = SPECIMENS / "shanghai-putuo-finance-bureau-2024-final-accounts.pdf"
BAD = SPECIMENS / "shanghai-putuo-finance-bureau-2024-final-accounts-planted-errors.pdf"
TPL = SPECIMENS / "national-final-accounts-template-blank.pdf"
BUDGET = SPECIMENS / "shanghai-putuo-finance-bureau-2025-budget.pdf"
pytestmark = [pytest.mark.skipif(not PUB.is_file(), reason="../shared/specimens is not beside the checkout"),
              pytest.mark.filterwarnings("ignore:.*no text layer:UserWarning")]  # PUB p14: one empty ruled row


@cache
def read(path):
    return cb.read_disclosure(path)


@cache
def audit(path):
    return read(path).audit()


def rows(frame: pd.DataFrame, check_id: str, status: str | None = None) -> pd.DataFrame:
    out = frame[frame["check_id"] == check_id]
    return out if status is None else out[out["status"] == status]


# ---------------------------------------------------------------- §2 key figures, by hand

PUB_FIGURES = dict(
    department="上海市普陀区财政局", year=2024, kind="final_accounts", scope="department", unit="万元",
    total_income=2995.39, total_expenditure=2995.39, expenditure_this_year=2940.05, general_budget_income=2940.05,
    basic_expenditure=2336.91, project_expenditure=603.14, personnel_expenditure=2152.26, public_expenditure=184.65,
    three_public_total=0.00, three_public_budget=0.95, carryover_end=55.34, operating_expenditure=184.65,
    procurement_total=251.25, project_count=None, prior_year_total=3052.34, change_vs_prior=-56.95,
    change_vs_prior_pct=-1.87, basic_share_pct=79.49, project_share_pct=20.51, personnel_share_of_basic_pct=92.10,
    public_share_of_basic_pct=7.90,
)


def test_published_final_accounts_every_key_figure():
    figures = read(PUB).figures
    assert set(PUB_FIGURES) <= set(figures)
    for name, expected in PUB_FIGURES.items():
        assert figures[name] == expected, name
    assert list(figures) == list(cb.FIGURE_NAMES)


def test_planted_copy_key_figures_and_their_sources():
    d = read(BAD)
    figures = d.figures
    for name, expected in PUB_FIGURES.items():
        if name != "three_public_budget":
            assert figures[name] == expected, name
    # 支出决算表 is missing: 基本/项目 come from 一般公共预算财政拨款支出决算表, because all of this year's
    # spending was 一般公共预算 (收入支出决算总表 本年支出合计 = its 合计) — and the figure says so
    assert "一般公共预算财政拨款支出决算表" in d.figure_sources["basic_expenditure"]
    assert "2940.05 = " in d.figure_sources["basic_expenditure"]
    # the emptied “三公” table: its 预算数 is null (the narrative's 0.95 is not used), 决算数 0.00 from the text
    assert figures["three_public_budget"] is None
    assert d.figure_sources["three_public_budget"].startswith("null")
    assert figures["three_public_total"] == 0.0 and d.figure_sources["three_public_total"].startswith("narrative")


def test_budget_figures_of_a_final_accounts_only_are_null():
    figures = read(BUDGET).figures
    assert figures["kind"] == "budget" and figures["three_public_budget"] is None and figures["carryover_end"] is None


# ---------------------------------------------------------------- detection

def test_final_accounts_template_detected_and_budgets_not():
    assert read(PUB).template.name == read(BAD).template.name == "final_accounts"
    assert read(PUB).template.kind == "final_accounts"
    assert read(BUDGET).template.name == "shanghai" and read(BUDGET).kind == "budget"


def test_kind_comes_from_the_title():
    assert document_kind("上海市普陀区财政局\n2024年度部门决算\n# 目录\n- 一、收入决算表\n") == "final_accounts"
    assert document_kind("2025年部门预算\n\n# 目录\n- 部门收支预算表\n") == "budget"
    assert document_kind("关于某事的通知\n") is None


def test_a_budget_titled_document_is_never_read_as_final_accounts():
    # a budget whose narrative names 决算 tables still goes to a budget template: only its kind competes
    text = ("2025年部门预算\n\n# 目录\n- 部门收支预算表\n\n说明：本文参照收入决算表、支出决算表、收入支出决算总表、"
            "财政拨款收入支出决算总表、一般公共预算财政拨款支出决算表的口径。\n")
    assert detect_template(text).kind == "budget"
    text = "2024年度部门决算\n\n# 目录\n- 部门收支预算表\n- 部门收入预算表\n- 部门支出预算表\n"
    assert detect_template(text).kind == "final_accounts"


def test_blank_national_template_reads_as_final_accounts_with_empty_tables():
    d = read(TPL)
    assert d.template.name == "final_accounts" and d.kind == "final_accounts" and d.year == 2024
    assert {"summary", "income", "expenditure", "general_budget_basic", "three_public"} <= set(d.tables)
    # the blank form's cumulative codes (2050205) are read as codes
    assert "2050205" in set(d.tables["expenditure"]["code"].dropna())


# ---------------------------------------------------------------- §1 tables, by hand

def test_nine_tables_each_once_with_their_titles():
    d = read(PUB)
    assert list(d.tables) == ["summary", "income", "expenditure", "fiscal_appropriation",
                              "general_budget_expenditure", "general_budget_basic", "three_public", "gov_fund",
                              "state_capital"]
    assert d.tables["income"].attrs["title"] == "收入决算表"
    assert d.tables["three_public"].attrs["title"] == "财政拨款“三公”经费支出决算表"
    for name in ("gov_fund", "state_capital"):
        assert d.tables[name].empty and d.tables[name].attrs["declared_empty"]
        assert "故本表无数据" in d.tables[name].attrs["note"]
    assert {t.attrs["source_unit"] for t in d.tables.values()} == {"万元"}


def cell(table: str, side: str, key: str, column: str = "amount", path=PUB) -> float:
    frame = read(path).tables[table]
    return float(frame[(frame["side"] == side) & (frame["key"] == key)][column].iloc[0])


def test_summary_rows_of_a_final_accounts():
    """§1.3: 收入支出决算总表 with its 决算 rows (使用非财政拨款结余, 结余分配, 年初/年末结转和结余)."""
    expected = {("income", "general_budget"): 2940.05, ("income", "other"): 6.20, ("income", "gov_fund"): 0.0,
                ("income", "income_this_year"): 2946.25, ("income", "reserve_fund"): 0.0,
                ("income", "carryover_in"): 49.14, ("income", "total_income"): 2995.39,
                ("expenditure", "expenditure_this_year"): 2940.05, ("expenditure", "surplus_distribution"): 0.0,
                ("expenditure", "carryover_out"): 55.34, ("expenditure", "total_expenditure"): 2995.39}
    for (side, key), value in expected.items():
        assert cell("summary", side, key) == value, key
    functions = read(PUB).tables["summary"].query("key == 'function'")
    assert len(functions) == 26  # PUB prints 26 类 rows (the blank form 24)
    printed = {item: amount for item, amount in zip(functions["item"], functions["amount"], strict=True) if amount}
    assert printed == {"一般公共服务支出": 2106.66, "社会保障和就业支出": 326.71, "卫生健康支出": 60.99,
                       "住房保障支出": 445.69}


EXPENDITURE_ROWS = [  # §1.5: code, 本年支出合计, 基本支出, 项目支出 (上缴上级, 经营, 对附属单位补助 blank)
    (None, 2940.05, 2336.91, 603.14), ("201", 2106.66, 1503.52, 603.14), ("20106", 2106.66, 1503.52, 603.14),
    ("2010601", 1511.89, 1503.52, 8.37), ("2010602", 10.00, 0.0, 10.00), ("2010607", 135.25, 0.0, 135.25),
    ("2010608", 449.52, 0.0, 449.52), ("208", 326.72, 326.72, 0.0), ("20805", 326.72, 326.72, 0.0),
    ("2080501", 84.65, 84.65, 0.0), ("2080505", 160.75, 160.75, 0.0), ("2080506", 80.38, 80.38, 0.0),
    ("2080599", 0.94, 0.94, 0.0), ("210", 60.99, 60.99, 0.0), ("21011", 60.99, 60.99, 0.0),
    ("2101101", 60.99, 60.99, 0.0), ("221", 445.69, 445.69, 0.0), ("22102", 445.69, 445.69, 0.0),
    ("2210201", 187.19, 187.19, 0.0), ("2210203", 258.50, 258.50, 0.0),
]


def test_expenditure_table_every_row_with_the_final_accounts_columns():
    """§1.5 支出决算表: values printed above their row in the text layer, codes in three cells."""
    t = read(PUB).tables["expenditure"]
    assert list(t.columns[-7:]) == ["total", "basic_total", "project_total", "remit_to_higher", "business_operations",
                                    "subsidy_to_subordinate", "line"]
    got = [(None if isinstance(c, float) else c, a, b, p) for c, a, b, p in
           t[["code", "total", "basic_total", "project_total"]].itertuples(index=False)]
    assert got == EXPENDITURE_ROWS
    assert t.iloc[0]["row_kind"] == "total"  # 合计 shares its ruled row with the 类 款 项 labels
    assert (t[["remit_to_higher", "business_operations", "subsidy_to_subordinate"]] == 0).all().all()
    assert t.set_index("code").loc["2080505", "name"] == "机关事业单位基本养老保险缴费支出"  # wrapped over 2 lines


def test_general_budget_expenditure_is_the_expenditure_table_with_its_total_at_the_bottom():
    t = read(PUB).tables["general_budget_expenditure"]
    got = [(None if isinstance(c, float) else c, a, b, p) for c, a, b, p in
           t[["code", "total", "basic_total", "project_total"]].itertuples(index=False)]
    assert got[-1] == EXPENDITURE_ROWS[0] and got[:-1] == EXPENDITURE_ROWS[1:]


def test_income_table_rows():
    """§1.4 收入决算表: 本年收入合计 = 财政拨款收入 + 其他收入 per row."""
    t = read(PUB).tables["income"].set_index("code")
    assert t.loc["2010601", ["total", "current_fiscal", "current_other"]].tolist() == [1511.90, 1511.89, 0.01]
    assert t.loc["2010602", ["total", "current_fiscal", "current_other"]].tolist() == [16.19, 10.00, 6.19]
    total = read(PUB).tables["income"].query("row_kind == 'total'").iloc[0]
    assert (total["total"], total["current_fiscal"], total["current_other"]) == (2946.25, 2940.05, 6.20)


def test_fiscal_appropriation_carry_over_rows():
    """§1.6: 年初财政拨款结转和结余 21.63, of which 一般公共预算 21.63; 总计 2961.68 on both sides."""
    assert cell("fiscal_appropriation", "income", "carryover_in", "total") == 21.63
    assert cell("fiscal_appropriation", "income", "carryover_general_budget", "total") == 21.63
    assert cell("fiscal_appropriation", "income", "total_income", "total") == 2961.68
    assert cell("fiscal_appropriation", "expenditure", "carryover_out", "general_budget") == 21.63
    for column in ("total", "general_budget"):
        assert cell("fiscal_appropriation", "expenditure", "total_expenditure", column) == 2961.68


def test_basic_table_two_halves_and_its_bottom_line():
    """§1.8: 类 | 款 in two cells, two halves side by side, 人员经费合计 / 公用经费合计 on a bottom line."""
    t = read(PUB).tables["general_budget_basic"]
    coded = t[t["code"].notna()].set_index("code")
    assert len(coded) == 64  # 26 left-half rows (303 06 救济费 not printed) + 38 right-half rows
    assert "30306" not in coded.index
    assert coded.loc["30101", ["total", "personnel", "public"]].tolist() == [262.33, 262.33, 0.0]
    assert coded.loc["30309", "total"] == 0.31
    assert coded.loc["30229", ["total", "personnel", "public"]].tolist() == [42.77, 0.0, 42.77]
    assert coded.loc["31002", "total"] == 13.58 and coded.loc["302", "total"] == 171.07
    assert coded.loc["30212", "name"] == "因公出国(境)费用"  # printed letter-spaced
    total = t[t["row_kind"] == "total"].iloc[0]
    assert (total["personnel"], total["public"], total["total"]) == (2152.26, 184.65, 2336.91)
    assert "人员经费合计 + 公用经费合计" in t.attrs["derived_total"]


def test_three_public_pairs_budget_with_actual():
    """§1.9: one data row, 12 cells: 0.95, _, _, _, _, _, _, _, _, _, 0.95, _ (assigned by ruling, not order)."""
    t = read(PUB).tables["three_public"]
    assert len(t) == 1
    row = t.iloc[0]
    assert [row[c] for c in ("total_budget", "total", "outbound_budget", "outbound", "vehicles_budget", "vehicles",
                             "vehicle_purchase_budget", "vehicle_purchase", "vehicle_operation_budget",
                             "vehicle_operation", "reception_budget", "reception")] == [0.95] + [0.0] * 9 + [0.95, 0.0]


def test_data_dictionary_has_every_final_accounts_column():
    dd = cb.data_dictionary().set_index(["table", "column"])
    d = read(PUB)
    for name, frame in d.tables.items():
        for column in frame.columns:
            assert (name, column) in dd.index, (name, column)
    for column in ("remit_to_higher", "business_operations", "subsidy_to_subordinate"):
        assert dd.loc[("expenditure", column), "unit"] == "万元"
    assert dd.loc[("three_public", "reception_budget"), "label_zh"] == "公务接待费-预算数"
    assert {("figures", "three_public_budget"), ("figures", "carryover_end"), ("executions", "planned")} <= set(dd.index)


# ---------------------------------------------------------------- §3 narrative: 决算 statements

def test_narrative_budget_against_actual_per_item():
    """§3 N11 and items (三) 1–11: 年初预算, 决算, direction word and reason of each 项."""
    e = read(PUB).executions
    general = e[e["key"] == "general_budget_expenditure"].iloc[0]
    assert (general["planned"], general["actual"], general["rate_pct"], general["direction"]) == \
        (2993.92, 2940.05, 98.20, "less")
    items = e[e["key"] == "function_item"]
    assert len(items) == 11
    by_item = {s.split("|")[-1]: (p, a, d) for s, p, a, d in
               items[["subject", "planned", "actual", "direction"]].itertuples(index=False)}
    assert by_item["行政运行"] == (1560.05, 1511.89, "less")
    assert by_item["一般行政管理事务"] == (10.00, 10.00, "equal")
    assert by_item["行政单位医疗"] == (62.29, 60.99, "less")
    assert items["reason"].iloc[0] == "人员进出及退休变化,减少人员经费开支"
    three = e[e["key"] == "three_public_total"].iloc[0]
    assert (three["planned"], three["actual"], three["rate_pct"], three["direction"]) == (0.95, 0.0, 0.0, "less")


# ---------------------------------------------------------------- §4 audit of the published copy

def test_published_copy_has_no_identity_failure_it_does_not_contain():
    a = audit(PUB)
    tables = a[a["family"].isin(["identity", "cross_table"])]
    assert not (tables["status"] == "fail").any(), tables[tables["status"] == "fail"]
    assert set(tables["check_id"]) >= {"FI01", "FI02", "FI03", "FI08", "FI19", "FI20", "FX01", "FX04", "FX09"}
    assert not (a["check_id"].str.match(r"^(I|X)\d")).any()  # no budget identity runs on a 决算


def test_rounding_within_the_tolerance_passes():
    """§4.2: T2 合计 vs Σ类 (2946.26 / 2946.25), T6 302 vs Σ款 (171.09 / 171.07: 12 addends) pass."""
    a = audit(PUB)
    income_total = rows(a, "FI07")
    assert (income_total[income_total["row"] == "合计 [total]"]["status"] == "pass").all()
    goods = rows(a, "FI19")
    assert goods[goods["row"] == "302 商品和服务支出 [total]"]["status"].tolist() == ["pass"]
    assert rows(a, "FI20")["status"].tolist() == ["pass"] and rows(a, "FI21")["status"].tolist() == ["pass"]


def test_326_71_against_326_72_is_reported():
    """§4.2: 208 is 326.71 in T1 and T4 but 326.72 in T2, T3, T5: the same money rounded two ways (warn)."""
    a = audit(PUB)
    for check_id in ("FX05", "FX08"):
        warned = rows(a, check_id, "warn")
        assert len(warned) == 1 and warned["row"].iloc[0].startswith("208")
        assert (warned["found"].iloc[0], warned["expected"].iloc[0]) == (326.71, 326.72)
        assert "rounded" in warned["reason"].iloc[0] or "round it" in warned["reason"].iloc[0]


def test_published_fiscal_total_of_0_3_and_its_flat_change_are_reported():
    """§3 N5, a real error of the published copy: 财政拨款收入支出总计 0.3万元 (T4 总计 2961.68), 持平 explained by
    减少支付."""
    a = audit(PUB)
    fail = rows(a, "N01", "fail")
    assert len(fail[(fail["found"] == 0.3) & (fail["expected"] == 2961.68)]) == 1
    flat = rows(a, "N03", "warn")
    assert flat["reason"].str.contains("持平").any() and flat["reason"].str.contains("减少").any()


def test_published_share_71_73_is_reported():
    """§3 N7: 一般公共服务支出（类）占71.73% — 2106.66 / 2940.05 = 71.65%."""
    fail = rows(audit(PUB), "N02", "fail")
    assert len(fail) == 1 and fail["found"].iloc[0] == 71.73 and round(fail["expected"].iloc[0], 2) == 71.65


def test_published_strict_audit_names_only_its_real_errors():
    with pytest.raises(cb.AuditFailure) as caught:
        read(PUB).audit(strict=True)
    failures = caught.value.failures
    assert sorted(failures["check_id"]) == ["N01", "N02"]


def test_published_execution_checks_pass_and_zero_budgets_warn():
    a = audit(PUB)
    assert set(rows(a, "N07")["status"]) == {"pass"} and len(rows(a, "N07")) == 13
    rates = rows(a, "N06")
    assert rates[rates["row"] == "general_budget_expenditure"]["status"].tolist() == ["pass"]
    # 因公出国 and 公务用车: 完成预算的0% of a budget of 0 (§3 N14, soft)
    assert sorted(rates[rates["status"] == "warn"]["row"]) == ["three_public_outbound", "three_public_vehicles"]
    assert rows(a, "N08", "pass")["row"].str.contains("total_budget").any()  # 0.95 = the table's 预算数
    assert rows(a, "C34")["status"].tolist() == ["pass"]


def test_final_accounts_score_uses_its_own_components():
    score, breakdown = cb.checks.transparency_score(read(PUB), audit(PUB))
    assert 0 < score <= 100
    items = " ".join(breakdown["item"])
    assert "C34" in items and "C25" not in items and "C26" not in items


# ---------------------------------------------------------------- §5 the planted errors, one test each

def strict_failures():
    with pytest.raises(cb.AuditFailure) as caught:
        read(BAD).audit(strict=True)
    return caught.value.failures, str(caught.value)


def test_planted_copy_fails_strict_audit():
    failures, message = strict_failures()
    assert len(failures) >= 10 and message.count("\n") >= len(failures)


def test_planted_e01_placeholder_in_the_part_heading():
    failures, _ = strict_failures()
    hit = failures[(failures["check_id"] == "C30") & (failures["found"] == "XX")]
    assert len(hit) == 1 and "XX局" in read(BAD).lines[int(hit["line"].iloc[0]) - 1].text


def test_planted_e02_missing_expenditure_table_listed_in_the_contents():
    failures, message = strict_failures()
    hit = failures[failures["check_id"] == "C05"]
    assert hit["table"].tolist() == ["expenditure"]
    assert "支出决算表 (expenditure), listed in the 目录" in hit["reason"].iloc[0]
    assert "支出决算表" in message


def test_planted_e03_three_public_table_emptied():
    failures, _ = strict_failures()
    narrative = failures[(failures["check_id"] == "N08") & (failures["table"] == "three_public")]
    assert narrative["found"].tolist() == [0.95] and "prints no value" in narrative["reason"].iloc[0]
    note = failures[(failures["check_id"] == "C07") & (failures["table"] == "three_public")]
    assert "no data and no note" in note["reason"].iloc[0]


def test_planted_e04_narrative_heading_with_another_year():
    failures, _ = strict_failures()
    hit = failures[(failures["check_id"] == "T06") & (failures["row"] == "2023年度部门决算")]
    assert len(hit) == 1 and hit["expected"].iloc[0] == 2024


def test_planted_e05_total_of_0_against_the_summary():
    failures, _ = strict_failures()
    hit = failures[(failures["check_id"] == "N01") & (failures["table"] == "summary")]
    assert (hit["found"].tolist(), hit["expected"].tolist()) == ([0.0], [2995.39])


@pytest.mark.parametrize("item,printed", [("行政运行", "大于"), ("机关事业单位职业年金缴费支出", "大于"),
                                          ("行政单位医疗", "等于")])
def test_planted_e06_e07_e08_direction_words_against_the_numbers(item, printed):
    failures, _ = strict_failures()
    hit = failures[(failures["check_id"] == "N07") & failures["row"].str.endswith(item)]
    assert hit["found"].tolist() == [printed] and hit["expected"].tolist() == ["小于"]
    if printed == "等于":
        assert "gives a reason" in hit["reason"].iloc[0]


def test_planted_e09_asset_date_of_another_year():
    failures, _ = strict_failures()
    hit = failures[(failures["check_id"] == "T06") & (failures["row"] == "截至2023年12月31日")]
    assert len(hit) == 1


def test_planted_e10_doubled_full_stop():
    failures, _ = strict_failures()
    hit = failures[failures["check_id"] == "T07"]
    assert hit["found"].tolist() == ["。。"]


def test_planted_copy_d1_fiscal_total_is_right_there():
    """§5.3 D1: BAD's 财政拨款收入支出总计 2961.68 … 减少 63.14 万元，下降 2.09% agrees with T4: no finding."""
    a = audit(BAD)
    fiscal = a[(a["family"] == "narrative") & a["evidence"].str.contains("财政拨款收入支出总计", na=False)]
    assert set(fiscal["status"]) <= {"pass", "cannot_check"}


# ---------------------------------------------------------------- execution (analysis)

def test_execution_rates_per_line():
    rates = execution.execution_rates(read(PUB))
    table = rates[rates["source"] == "table"].set_index("item")
    assert table.loc["“三公”经费合计", ["planned", "actual", "rate_pct"]].tolist() == [0.95, 0.0, 0.0]
    assert math.isnan(table.loc["因公出国(境)费", "rate_pct"])  # a plan of 0: no rate
    text = rates[rates["source"] == "narrative"].set_index("item")
    assert text.loc["一般公共预算财政拨款支出", ["rate_pct", "stated_rate_pct"]].tolist() == [98.2, 98.2]
    assert text.loc["行政运行", ["code", "difference", "rate_pct"]].tolist() == ["2010601", -48.16, 96.91]


def test_final_accounts_overview_and_budget_note():
    overview = execution.final_accounts_overview(read(PUB)).set_index("item")
    assert overview.loc["“三公”经费 Three public expenses", ["planned", "actual"]].tolist() == [0.95, 0.0]
    assert overview.loc["年末结转和结余 Carry-over at the end", "actual"] == 55.34
    budget = execution.execution_rates(read(BUDGET))
    assert budget.empty and "预算" in budget.attrs["note"]


# ---------------------------------------------------------------- not a disclosure of a known template

def test_unknown_layout_names_the_closest_template_and_the_tables_it_found():
    text = ("某某单位\n2024年度部门决算\n\n# 目录\n\n- 一、收入支出决算总表\n- 二、收入决算表\n- 三、支出决算表\n\n"
            "本单位的决算表格另行印发。\n")
    with pytest.raises(cb.NotADisclosureError) as caught:
        cb.read_disclosure(text)
    message = str(caught.value)
    assert "final_accounts" in message and "final accounts (部门决算)" in message
    assert "it names 3 of its 9 tables (收入支出决算总表, 收入决算表, 支出决算表)" in message
    assert "expected a budget" not in message


def test_text_of_neither_kind_says_so():
    with pytest.raises(cb.NotADisclosureError, match=r"neither a budget \(预算\) nor final accounts \(决算\)"):
        cb.read_disclosure("会议纪要\n\n今天讨论了若干事项。\n")


# ---------------------------------------------------------------- budget against 决算 across documents

def test_execution_of_a_final_accounts_against_itself():
    """The pairing and arithmetic of Corpus.execution on real documents. The specimens hold this bureau's 2025
    budget and 2024 决算 — no budget and 决算 of the same year exist here — so the 决算 is set against itself:
    every quantity both sides give is 100 % executed, every functional code of its 支出决算表 is paired."""
    from chanhe_budget.corpus.execution import EXECUTION_COLUMNS, execution_rows

    d = read(PUB)
    frame = pd.DataFrame(execution_rows(d, d, "a", "b"), columns=list(EXECUTION_COLUMNS))
    both = frame[frame["presence"] == "both"]
    assert set(frame["presence"]) == {"both"}
    assert (both["difference"] == 0).all() and set(both.dropna(subset=["rate_pct"])["rate_pct"]) == {100.0}
    functions = frame[frame["item_type"] == "function"].set_index("key")
    assert len(functions) == 19 and functions.loc["2010601", "actual"] == 1511.89
    figures = frame[frame["item_type"] == "figure"].set_index("key")
    assert figures.loc["expenditure_this_year", ["planned", "actual"]].tolist() == [2940.05, 2940.05]
    assert math.isnan(figures.loc["three_public_total", "rate_pct"])  # a plan of 0 has no rate


def test_corpus_execution_pairs_only_the_same_department_year(tmp_path):
    from chanhe_budget.analysis import panel
    from chanhe_budget.corpus.catalog import register
    from chanhe_budget.corpus.execution import EXECUTION_COLUMNS

    for path in (PUB, BUDGET):
        register(path, copy=False, root=tmp_path)
    corpus = cb.load_corpus(tmp_path, scheduler="synchronous")
    assert sorted(corpus.figures["kind"]) == ["budget", "final_accounts"]
    frame = corpus.execution()
    assert frame.empty and list(frame.columns) == list(EXECUTION_COLUMNS)  # 2025 budget, 2024 决算: no pair
    assert panel.execution_table(corpus).empty
    assert corpus.year_on_year().empty  # a budget and a 决算 are never compared year on year


@pytest.mark.notebook
def test_report_of_a_final_accounts_builds(tmp_path):
    """The ratio-analysis notebook, unchanged in its cells, on a 决算: budget-only sections say so."""
    import json

    from chanhe_budget import report

    html_path = report.build_report(PUB, out_root=tmp_path)
    figures = json.loads((html_path.parent / "figures.json").read_text(encoding="utf-8"))
    assert figures["kind"] == "final_accounts" and figures["three_public_budget"] == 0.95
    assert figures["audit"]["verdict"] == "fail" and figures["audit"]["n_fail"] == 2
    html = html_path.read_text(encoding="utf-8")
    for text in ("部门决算 final accounts", "决算概览", "2,993.92", "98.20", "此模板无项目支出预算表", "支出决算表"):
        assert text in html, text
