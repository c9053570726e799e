"""Golden tests on the four published Shanghai 普陀 PDFs (../shared/specimens, used by path).

Every expected value was verified by hand from the PDF: read from the text layer three
ways that agree cell for cell (ruled cells, x positions, pdfplumber layout text) and the
key pages rendered to PNG and read by eye; the page and printed line of each value are
in tests/golden/shanghai_specimens.md. Amounts are the printed 元 / 10,000, rounded half up.
"""

from __future__ import annotations

from functools import cache

import pytest

import chanhe_budget as cb

from .conftest import SHARED

SPECIMENS = SHARED / "specimens"
pytestmark = pytest.mark.skipif(not SPECIMENS.is_dir(), reason="../shared/specimens is not beside the checkout")

GOLDEN = {
    "shanghai-putuo-finance-bureau-2025-budget.pdf": dict(
        department="上海市普陀区财政局", year=2025, scope="department", total_income=3121.42,
        expenditure_this_year=3121.42, general_budget_income=3121.42, basic_expenditure=2512.11,
        project_expenditure=609.31, personnel_expenditure=2282.68, public_expenditure=229.43,
        three_public_total=0.95, operating_expenditure=229.43, procurement_total=117.00,
        prior_year_total=3013.80, change_vs_prior=107.62, change_vs_prior_pct=3.57, basic_share_pct=80.48),
    "shanghai-putuo-wanli-street-2023-budget.pdf": dict(
        department="上海市普陀区人民政府万里街道办事处", year=2023, scope="department", total_income=16497.86,
        expenditure_this_year=16497.86, general_budget_income=16497.86, basic_expenditure=9940.63,
        project_expenditure=6557.23, personnel_expenditure=8402.49, public_expenditure=1538.14,
        three_public_total=22.91, operating_expenditure=786.09, procurement_total=830.00,
        prior_year_total=15076.61, change_vs_prior=1421.25, change_vs_prior_pct=9.43, basic_share_pct=60.25),
    "shanghai-putuo-wanli-street-2024-budget.pdf": dict(
        department="上海市普陀区人民政府万里街道办事处", year=2024, scope="department", total_income=15621.11,
        expenditure_this_year=15621.11, general_budget_income=15621.11, basic_expenditure=9970.60,
        project_expenditure=5650.51, personnel_expenditure=8853.75, public_expenditure=1116.86,
        three_public_total=47.91, operating_expenditure=443.18, procurement_total=1662.44,
        prior_year_total=16497.86, change_vs_prior=-876.75, change_vs_prior_pct=-5.31, basic_share_pct=63.83),
    "shanghai-putuo-welfare-home-2024-unit-budget.pdf": dict(
        department="上海市普陀区社会福利院", year=2024, scope="unit", total_income=1212.12,
        expenditure_this_year=1212.12, general_budget_income=950.12, basic_expenditure=950.12,
        project_expenditure=262.00, personnel_expenditure=738.02, public_expenditure=212.10,
        three_public_total=6.40, operating_expenditure=0.00, procurement_total=120.60,
        prior_year_total=None, change_vs_prior=None, change_vs_prior_pct=None, basic_share_pct=78.38),
}


@cache
def read(name: str):
    return cb.read_disclosure(SPECIMENS / name)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_key_figures(name):
    d = read(name)
    figures = d.figures
    assert d.template.name == "shanghai" and figures["unit"] == "元" and figures["kind"] == "budget"
    assert figures["project_count"] is None  # the template has no 项目支出预算表
    for key, expected in GOLDEN[name].items():
        assert figures[key] == expected, key
    assert figures["total_expenditure"] == figures["total_income"]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_nine_tables_each_once(name):
    d = read(name)
    nine = ["summary", "income", "expenditure", "fiscal_appropriation", "general_budget_expenditure",
            "gov_fund", "state_capital", "general_budget_basic", "three_public"]
    forms = ["project_performance"] if name == "shanghai-putuo-wanli-street-2023-budget.pdf" else []
    assert list(d.tables) == nine + forms
    assert d.tables["gov_fund"].empty and d.tables["gov_fund"].attrs["declared_empty"]
    assert d.tables["three_public"].attrs["source_unit"] == "万元"
    assert d.tables["expenditure"].attrs["source_unit"] == "元"


def test_number_glued_to_label():
    # finance p9: '31,214,205.80一、一般公共服务支出' glued in the text layer
    s = read("shanghai-putuo-finance-bureau-2025-budget.pdf").tables["summary"]
    row = s[(s.side == "expenditure") & (s.item == "一般公共服务支出")]
    assert row.amount.item() == pytest.approx(2218.644080)


def test_wrapped_subject_name_is_one_row():
    # Wanli 2023 p12: '机关事业单位基本养老保险缴费支' / '出' with the amounts between the two parts
    t = read("shanghai-putuo-wanli-street-2023-budget.pdf").tables["income"]
    rows = t[t.code == "2080505"]
    assert len(rows) == 1 and rows.name.item() == "机关事业单位基本养老保险缴费支出"


def test_economic_code_with_leading_zero_lost():
    # Wanli 2024 T8 prints '301 2' for 30102 津贴补贴
    t = read("shanghai-putuo-wanli-street-2024-budget.pdf").tables["general_budget_basic"]
    assert t[t.name == "津贴补贴"].code.tolist() == ["30102"]


def test_codes_printed_split_are_joined():
    t = read("shanghai-putuo-finance-bureau-2025-budget.pdf").tables["expenditure"]
    assert {"201", "20106", "2010601"} <= set(t.code)
    assert t.set_index("code").loc["2010601", "basic_total"] == pytest.approx(1609.3326)


def test_damaged_class_code_is_repaired_and_reported():
    # welfare p9: '7 11 02 事业单位医疗' under 210 11
    d = read("shanghai-putuo-welfare-home-2024-unit-budget.pdf")
    assert "2101102" in set(d.tables["expenditure"].code)
    assert any(w.code == "code_repaired" and "'7'" in w.message for w in d.warnings)


def test_continuation_pages_join_their_table():
    # Wanli 2024 T3 runs over p16-20, p20 holding only the 合计 row
    t = read("shanghai-putuo-wanli-street-2024-budget.pdf").tables["expenditure"]
    assert t[t.row_kind == "total"].total.item() == pytest.approx(15621.1123)
    items = t[t.row_kind == "item"]
    assert items.total.sum() == pytest.approx(15621.1123)


def test_business_income_in_a_unit_budget():
    d = read("shanghai-putuo-welfare-home-2024-unit-budget.pdf")
    summary = d.tables["summary"].set_index("key").amount
    assert summary["business"] == pytest.approx(262.0)
    assert d.figures["expenditure_this_year"] != d.figures["general_budget_income"]
    right = d.tables["summary"].query("side == 'expenditure' and row_kind == 'total'").iloc[0]
    assert (right.basic_personnel, right.basic_public, right.project_total) == pytest.approx((738.0214, 212.095, 262.0))


def test_two_years_of_the_same_department():
    old, new = read("shanghai-putuo-wanli-street-2023-budget.pdf"), read("shanghai-putuo-wanli-street-2024-budget.pdf")
    assert old.department == new.department and (old.year, new.year) == (2023, 2024)
    assert new.figures["prior_year_total"] == old.figures["total_income"]  # the 2024 narrative agrees with 2023


def test_project_forms_become_the_project_performance_table():
    # Wanli 2023 p31-35: five 财政项目支出绩效目标填报表, one per project (amounts in 元)
    d = read("shanghai-putuo-wanli-street-2023-budget.pdf")
    t = d.tables["project_performance"]
    amounts = t.drop_duplicates("project_name").set_index("project_name").project_amount
    assert amounts.to_dict() == pytest.approx({"新建万里街道社区公共服务中心": 410.0, "就业援助基地补贴": 635.1,
                                               "社区环境整治和建设经费": 456.38, "各类工作经费": 759.55,
                                               "公共服务设施运行经费": 1090.3043})
    assert not [w for w in d.warnings if w.code == "duplicate_table"]
    area = t[t.indicator == "规划建筑面积"].iloc[0]
    assert (area.level, area.operator, area.number, area.value_unit) == ("output", "≥", 13459.0, "平方米")
    cost = t[t.indicator == "预算内经费"].iloc[0]
    assert (cost.level, cost.level_source) == ("cost", "column: 二级指标")  # 成本指标 printed as a 二级指标
    assert set(t.level) == {"output", "cost", "benefit", "satisfaction"}


def test_plain_page_text_from_pdftotext_gives_the_same_figures(tmp_path):
    # many researchers only have the page text: pages split by form feeds, columns by spaces
    pdfplumber = pytest.importorskip("pdfplumber")
    name = "shanghai-putuo-wanli-street-2024-budget.pdf"
    with pdfplumber.open(SPECIMENS / name) as pdf:
        layout = "\f".join(page.extract_text(layout=True) for page in pdf.pages)
    path = tmp_path / "wanli-2024.txt"
    path.write_text(layout, encoding="utf-8")
    d = cb.read_disclosure(path)
    assert d.source_kind == "plain_text"
    for key in ("total_income", "expenditure_this_year", "basic_expenditure", "project_expenditure",
                "personnel_expenditure", "public_expenditure", "three_public_total", "operating_expenditure"):
        assert d.figures[key] == GOLDEN[name][key], key


def test_scanned_pdf_is_one_line_exit_2(tmp_path, capsys):
    from chanhe_budget.cli import main

    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = plt.figure()
    fig.figimage([[0.0, 1.0], [1.0, 0.0]])  # an image, no text layer: what a scanner gives
    scan = tmp_path / "scan.pdf"
    fig.savefig(scan)
    plt.close(fig)
    assert main(["figures", str(scan)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "OCR" in err


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_identities_hold_on_published_tables(name):
    # no 1-元 rounding break was found inside or between the tables (tests/golden/shanghai_specimens.md)
    checks = read(name).audit()
    identities = checks[checks.family.isin(["identity", "cross_table"])]
    assert (identities.status == "pass").sum() > 50
    assert not (identities.status == "fail").any(), identities[identities.status == "fail"].reason.tolist()
    assert identities[identities.status.isin(["not_applicable", "cannot_check"])].reason.str.len().gt(0).all()


def test_audit_finds_the_copied_empty_table_note():
    # finance p18: the 国有资本经营 table's note names 政府性基金 (copied from the table before)
    checks = read("shanghai-putuo-finance-bureau-2025-budget.pdf").audit()
    fails = checks[checks.status == "fail"]
    # the other failure is the narrative's 887.36 for 87.36 (test_narrative_items_against_the_tables)
    assert sorted(fails[["check_id", "table"]].values.tolist()) == [["C07", "state_capital"],
                                                                   ["N01", "general_budget_expenditure"]]


def test_audit_finds_a_table_declared_empty_that_holds_amounts():
    # Wanli 2024 p31: 本表为空表 under real 三公 values
    checks = read("shanghai-putuo-wanli-street-2024-budget.pdf").audit()
    fails = checks[checks.status == "fail"]
    assert fails[["check_id", "table"]].values.tolist() == [["C07", "three_public"]]


@pytest.mark.notebook
def test_report_runs_unchanged_on_a_specimen_pdf(tmp_path, monkeypatch):
    import json

    from chanhe_budget import report

    monkeypatch.setenv("CHANHE_BUDGET_ROOT", str(tmp_path))
    html = report.build_report(SPECIMENS / "shanghai-putuo-welfare-home-2024-unit-budget.pdf", out_root=tmp_path)
    figures = json.loads((html.parent / "figures.json").read_text(encoding="utf-8"))
    assert figures["department"] == "上海市普陀区社会福利院" and figures["year"] == 2024
    assert figures["basic_share_pct"] == 78.38 and figures["public_expenditure"] == 212.10
    assert "78.38" in html.read_text(encoding="utf-8")


def test_shanghai_only_identities_run_on_shanghai_documents():
    checks = read("shanghai-putuo-welfare-home-2024-unit-budget.pdf").audit()
    ran = checks[checks.check_id.isin(["I05b", "I06f"])]
    assert set(ran.check_id) == {"I05b", "I06f"} and (ran.status == "pass").all()


def test_narrative_items_against_the_tables():
    # finance p7-8: each '(类)(款)(项)' figure of the narrative against T5 (verified in tests/golden)
    checks = read("shanghai-putuo-finance-bureau-2025-budget.pdf").audit()
    items = checks[(checks.check_id == "N01") & checks.row.astype(str).str.match(r"\d{7} ")]
    assert len(items) == 11
    assert items[items.status == "fail"].line.tolist() == [93]  # 887.36 printed for 87.36
    truncated = items[items.status == "warn"]
    assert truncated.line.tolist() == [89, 97, 99, 101] and truncated.reason.str.contains("truncates").all()
    renamed = items[items.line == 95].iloc[0]  # 其它 in the text, 其他 in the table
    assert renamed.status == "pass" and "其他" in renamed.reason


def test_narrative_item_that_disagrees_with_the_table():
    # welfare p6 item 4: 738.66 万元 against T5 6,964,796 元 (696.48 万元)
    checks = read("shanghai-putuo-welfare-home-2024-unit-budget.pdf").audit()
    fails = checks[(checks.check_id == "N01") & (checks.status == "fail")]
    assert len(fails) == 1 and "738.66" in fails.reason.item() and "696.48" in fails.reason.item()


def test_narrative_headings_printed_as_plain_lines_are_sections():
    titles = [s.title for s in read("shanghai-putuo-finance-bureau-2025-budget.pdf").sections]
    assert {"上海市普陀区财政局主要职能", "名词解释", "2025年部门预算编制说明", "其他相关情况说明",
            "一、2025年“三公”经费预算情况说明", "三、政府采购预算情况"} <= set(titles)
    assert not [t for t in titles if t.startswith("-")]  # table-of-contents entries are not sections
