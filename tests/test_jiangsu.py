"""Golden tests on the 14 Jiangsu provincial budget PDFs (../shared/specimens, used by path): 8 department-years.

Every expected value was read by hand from the PDFs (text layer with two tools, doubtful pages
rendered and read by eye, every identity recomputed): tests/golden/jiangsu_specimens.md gives the
page of each. One test per trait of the family: split publications, titles with labels, prefixes,
qualifiers and wraps, the three-group summary, the reserve as a third spending category, the “三公”
table whose first total includes 会议费 and 培训费, one-column basic tables by economic code, the
total's change stated only by a sentence about the total, and the family's identities.
"""

from __future__ import annotations

from functools import cache

import pytest

import chanhe_budget as cb
from chanhe_budget.errors import TemplateNotRecognisedError
from chanhe_budget.templates.registry import detect
from chanhe_budget.templates.spec import title_key

from .conftest import SHARED

SPECIMENS = SHARED / "specimens"
pytestmark = pytest.mark.skipif(not SPECIMENS.is_dir(), reason="../shared/specimens is not beside the checkout")

#: The files of each department-year (golden key → files); six are a narrative PDF plus a tables PDF.
DOCUMENTS = {
    "po17": ("jiangsu-provincial-party-office-2017-budget-narrative.pdf",
             "jiangsu-provincial-party-office-2017-budget-tables.pdf"),
    "po18": ("jiangsu-provincial-party-office-2018-budget-narrative.pdf",
             "jiangsu-provincial-party-office-2018-budget-tables.pdf"),
    "po19": ("jiangsu-provincial-party-office-2019-budget-narrative.pdf",
             "jiangsu-provincial-party-office-2019-budget-tables.pdf"),
    "co17": ("jiangsu-provincial-congress-office-2017-budget.pdf",),
    "co19": ("jiangsu-provincial-congress-standing-committee-2019-budget.pdf",
             "jiangsu-provincial-congress-office-2019-budget-tables.pdf"),
    "pr17": ("jiangsu-procuratorate-2017-budget.pdf",),
    "cp17": ("jiangsu-cppcc-office-2017-budget-narrative.pdf", "jiangsu-cppcc-office-2017-budget-tables.pdf"),
    "cp18": ("jiangsu-cppcc-office-2018-budget-narrative.pdf", "jiangsu-cppcc-office-2018-budget-tables.pdf"),
}
KEYS = tuple(DOCUMENTS)

#: The key figures of tests/golden/jiangsu_specimens.md ("Key figures"), in the order of KEYS.
_GOLDEN_ROWS = {
    "department": ("中国共产党江苏省委员会办公厅", "中共江苏省委办公厅", "中共江苏省委办公厅", "江苏省人大常委会办公厅",
                   "江苏省人大常委会办公厅", "江苏省人民检察院", "江苏省政协办公厅", "江苏省政协办公厅"),
    "year": (2017, 2018, 2019, 2017, 2019, 2017, 2017, 2018),
    "total_income": (20849.45, 24458.43, 27664.22, 13649.07, 18330.37, 17996.68, 9146.79, 10150.48),
    "total_expenditure": (20849.45, 24458.43, 27664.22, 13649.07, 18330.37, 17996.68, 9146.79, 10150.48),
    "expenditure_this_year": (20849.45, 24458.43, 27664.22, 13649.07, 18330.37, 17996.68, 9146.79, 10150.48),
    "general_budget_income": (20702.25, 24458.43, 27664.22, 13649.07, 18330.37, 17981.68, 9066.79, 10070.48),
    "basic_expenditure": (9964.07, 10403.11, 11700.63, 7666.68, 9312.90, 12323.48, 5916.27, 5678.17),
    "project_expenditure": (10688.66, 12081.46, 13025.38, 5853.96, 6459.58, 5533.00, 3123.68, 3314.68),
    "reserve_expenditure": (196.72, 1973.86, 2938.21, 128.43, 2557.89, 140.20, 106.84, 1157.63),
    "personnel_expenditure": (7819.47, 8308.53, 9467.72, 6080.72, 7670.82, 9710.42, 4704.35, 4482.32),
    "public_expenditure": (2144.60, 2094.58, 2232.91, 1585.96, 1642.08, 2598.06, 1131.92, 1115.85),
    "three_public_total": (509.20, 508.20, 508.20, 833.60, 767.60, 584.35, 676.10, 675.10),
    "operating_expenditure": (10101.76, 2094.58, 2232.91, 5619.31, 1642.08, 6032.55, 3348.98, 1115.85),
    "procurement_total": (1774.70, 1449.50, 1422.50, 2247.85, 2416.43, 2889.80, 1271.22, 1281.76),
    "prior_year_total": (18805.87, 20849.45, 24458.43, 12804.92, 15897.44, 16532.88, 8648.07, 9146.79),
    "change_vs_prior": (2043.58, 3608.98, 3205.79, 844.15, 2432.93, 1463.80, 498.72, 1003.69),
    "change_vs_prior_pct": (10.87, 17.31, 13.11, 6.59, 15.30, 8.85, 5.77, 10.97),
    "basic_share_pct": (47.79, 42.53, 42.30, 56.17, 50.81, 68.48, 64.68, 55.94),
    "project_share_pct": (51.27, 49.40, 47.08, 42.89, 35.24, 30.74, 34.15, 32.66),
    "personnel_share_of_basic_pct": (78.48, 79.87, 80.92, 79.31, 82.37, 78.89, 80.61, 80.07),
    "public_share_of_basic_pct": (21.52, 20.13, 19.08, 20.69, 17.63, 21.11, 19.39, 19.93),
}
GOLDEN = {key: {name: values[i] for name, values in _GOLDEN_ROWS.items()} for i, key in enumerate(KEYS)}
for _figures in GOLDEN.values():
    _figures.update(kind="budget", scope="department", unit="万元", project_count=None)


def files(key: str) -> list:
    return [SPECIMENS / name for name in DOCUMENTS[key]]


@cache
def read(key: str):
    parts = files(key)
    return cb.read_disclosure(parts if len(parts) > 1 else parts[0])


@cache
def read_file(name: str):
    return cb.read_disclosure(SPECIMENS / name)


# ---------------------------------------------------------------- every figure, by hand


@pytest.mark.parametrize("key", KEYS)
def test_key_figures_of_every_department_year(key):
    d = read(key)
    assert d.template.name == "jiangsu"
    for name, expected in GOLDEN[key].items():
        assert d.figures[name] == expected, name


@pytest.mark.parametrize("key", KEYS)
def test_twelve_tables_each_once(key):
    d = read(key)
    assert sorted(d.tables) == sorted(["summary", "income", "expenditure", "fiscal_appropriation",
                                       "fiscal_appropriation_expenditure", "fiscal_appropriation_basic", "gov_fund",
                                       "general_budget_expenditure", "general_budget_basic", "operating_funds",
                                       "three_public", "procurement"])
    assert d.detection.score == 1.0 and not d.detection.missing
    assert not [w for w in d.warnings if w.code in ("duplicate_table", "title_unconfirmed", "unreadable_cell")]
    assert d.tables["gov_fund"].empty or d.tables["gov_fund"]["total"].fillna(0).eq(0).all()


# ---------------------------------------------------------------- detection and titles


def test_detection_scores_each_template_and_picks_jiangsu():
    """The tables PDF of cp18 once read as Henan because one title matched; scored, Jiangsu finds 12 of 12."""
    d = read_file("jiangsu-cppcc-office-2018-budget-tables.pdf")
    results = {r.template.name: r for r in detect(d.lines)}
    assert results["jiangsu"].score == 1.0 and len(results["jiangsu"].found) == 12
    assert not results["henan"].accepted and not results["shanghai"].accepted  # below the floor either way
    assert results["henan"].found == ("summary",)  # 收支预算总表 is a Henan alias too
    # one of fourteen; the titles Henan shares are refused by their headers (no 基本支出/人员经费 columns)
    assert results["henan"].unconfirmed == ("general_budget_expenditure", "general_budget_basic")


def test_titles_with_labels_prefixes_qualifiers_and_departments_normalised():
    for printed in ("表一", "公开01表", "公开表一", "一、", "十一、", "附表3", "表1-3"):
        assert title_key(f"{printed}收支预算总表") == "收支预算总表", printed
    assert title_key("财政拨款支出预算表（功能科目）") == "财政拨款支出预算表"
    assert title_key("“三公”经费、会议费、培训费支出预算表（一般公共预算）") == "“三公”经费、会议费、培训费支出预算表"
    assert title_key("2017 年政府采购预算表") == "政府采购预算表"
    assert title_key("一般公共预算机关运行经费支出预算表部门: 江苏省人大常委会办公厅 单位:万元") == \
        "一般公共预算机关运行经费支出预算表"
    jiangsu = cb.templates.templates()["jiangsu"]
    assert jiangsu.match_title("中共江苏省委办公厅收支预算总表").name == "summary"  # a department before the title
    assert jiangsu.match_title("支出预算表") is None  # Henan's alias is not Jiangsu's 支出预算总表


@pytest.mark.parametrize("name,label", [
    ("jiangsu-cppcc-office-2017-budget-tables.pdf", "表一"),  # label above the title
    ("jiangsu-cppcc-office-2018-budget-tables.pdf", "公开01表"),
    ("jiangsu-provincial-congress-office-2019-budget-tables.pdf", "公开表一"),  # label below the title
    ("jiangsu-procuratorate-2017-budget.pdf", "一、"),  # TOC numbering fused to the title
    ("jiangsu-provincial-party-office-2019-budget-tables.pdf", "（功能科目）"),  # qualifier after the title
])
def test_titles_with_labels_read_as_their_tables(name, label):
    d = read_file(name)
    assert d.tables["summary"].query("key == 'total_income'")["amount"].tolist() == [GOLDEN[_key_of(name)]["total_income"]]
    assert len(d.tables) == 12


def _key_of(name: str) -> str:
    return next(k for k, names in DOCUMENTS.items() if name in names)


def test_wrapped_titles_and_the_table_of_contents():
    # co17 p20 prints “三公”经费、会议费、培训费支出预算 / 表; pr17's TOC wraps the same title; po18's tables PDF
    # has a TOC page listing all twelve titles (in another order): none of them is a table
    co17 = read("co17")
    assert co17.tables["three_public"]["total"].tolist() == [833.60]
    po18 = read_file("jiangsu-provincial-party-office-2018-budget-tables.pdf")
    assert len(po18.tables) == 12 and not list(po18.warnings)


# ---------------------------------------------------------------- the family's tables


def test_summary_has_three_column_groups():
    """po17 T1: 收入 | 支出·功能分类 | 支出·支出用途, each a label and an amount (golden "Summary table")."""
    s = read("po17").tables["summary"]
    by = {(r.group, r.item): r.amount for r in s.itertuples()}
    assert by[("income", "财政拨款")] == 20702.25 and by[("income", "1.一般公共预算")] == 20702.25
    assert by[("income", "财政专户管理资金")] == 147.20
    assert by[("function", "一般公共服务支出")] == 16992.37 and by[("function", "住房保障支出")] == 1856.69
    assert by[("function", "社会保障和就业支出")] == 2000.39
    assert by[("purpose", "基本支出")] == 9964.07 and by[("purpose", "项目支出")] == 10688.66
    assert by[("purpose", "单位预留机动经费")] == 196.72
    keyed = s.set_index(["side", "key"])["amount"]
    assert keyed[("income", "income_this_year")] == keyed[("income", "total_income")] == 20849.45
    assert keyed[("expenditure", "expenditure_this_year")] == keyed[("expenditure", "total_expenditure")] == 20849.45
    functions = s[s["key"] == "function"]
    assert len(functions) == 20 and round(functions["amount"].sum(), 2) == 20849.45
    assert round(s[s["group"] == "purpose"]["amount"].sum(), 2) == 20849.45


def test_summary_labels_cut_by_a_break_are_joined():
    """co17 p7–9: 八、社会保障和就 / 业支出 and 当 年 收 入 / 小计 are one row each."""
    s = read("co17").tables["summary"]
    assert s.loc[s["item"] == "社会保障和就业支出", "amount"].tolist() == [1608.51]
    assert s.loc[s["item"] == "当年收入小计", "amount"].tolist() == [13649.07]
    assert len(s[s["key"] == "function"]) == 20


@pytest.mark.parametrize("key", KEYS)
def test_reserve_is_a_third_spending_category(key):
    f = read(key).figures
    assert round(f["basic_expenditure"] + f["project_expenditure"] + f["reserve_expenditure"], 2) == \
        f["expenditure_this_year"]
    assert round(f["basic_share_pct"] + f["project_share_pct"], 2) < 100
    row = read(key).tables["expenditure"].iloc[0]
    assert row["row_kind"] == "total" and row["reserve_total"] == f["reserve_expenditure"]


def test_reserve_is_null_where_the_template_has_none(seed):
    assert seed.figures["reserve_expenditure"] is None
    assert seed.provenance.set_index("figure").at["reserve_expenditure", "status"] == "absent"


@pytest.mark.parametrize("key", KEYS)
def test_three_public_first_total_includes_meetings_and_training(key):
    t = read(key).tables["three_public"]
    assert len(t) == 1
    row = t.iloc[0]
    assert row["total"] == GOLDEN[key]["three_public_total"] == read(key).figures["three_public_total"]
    assert round(row["outbound"] + row["vehicles"] + row["reception"], 2) == row["total"]
    assert round(row["total"] + row["meetings"] + row["training"], 2) == row["total_with_meetings"]
    assert row["total_with_meetings"] > row["total"]


def test_three_public_rows_by_hand():
    # golden "“三公” table" of pr17 p16 and co17 p20 (the explicit 0 under 公务用车购置费)
    pr = read("pr17").tables["three_public"].iloc[0]
    assert (pr["total_with_meetings"], pr["total"], pr["outbound"], pr["vehicles"], pr["vehicle_purchase"],
            pr["vehicle_operation"], pr["reception"], pr["meetings"], pr["training"]) == \
        (1452.35, 584.35, 110.00, 317.80, 50.00, 267.80, 156.55, 168.00, 700.00)
    co = read("co17").tables["three_public"].iloc[0]
    assert (co["total_with_meetings"], co["vehicle_purchase"], co["meetings"], co["training"]) == \
        (2542.60, 0.0, 1305.25, 403.75)


@pytest.mark.parametrize("key", KEYS)
def test_basic_tables_have_one_column_by_economic_code(key):
    d = read(key)
    basic = d.tables["general_budget_basic"]
    assert "personnel" not in basic and list(basic.columns[-2:]) == ["total", "line"]
    classes = basic[basic["row_kind"] == "class"].set_index("code")["total"]
    assert set(classes.index) == {"301", "302", "303"}
    total = basic.loc[basic["row_kind"] == "total", "total"].item()
    assert round(classes["301"] + classes["303"], 2) == d.figures["personnel_expenditure"]
    assert classes["302"] == d.figures["public_expenditure"]
    assert round(d.figures["personnel_expenditure"] + d.figures["public_expenditure"], 2) == total


def test_general_budget_basic_total_differs_from_all_funds_basic():
    """pr17 has 15.00 其他资金: 一般公共预算基本支出 12308.48, basic expenditure (all funds) 12323.48."""
    d = read("pr17")
    assert d.tables["general_budget_basic"].query("row_kind == 'total'")["total"].item() == 12308.48
    assert d.figures["basic_expenditure"] == 12323.48


# ---------------------------------------------------------------- split publications


def test_split_publication_reads_as_one_in_any_order():
    narrative, tables = files("cp18")
    forward = cb.read_disclosure([narrative, tables])
    backward = cb.read_disclosure([tables, narrative])
    assert forward.figures == backward.figures == read("cp18").figures
    assert [name for name, _, _ in backward.parts] == [str(narrative), str(tables)]  # the narrative first
    assert backward.department == "江苏省政协办公厅" and backward.year == 2018 and backward.role == "complete"


def test_narrative_part_alone_is_refused_with_what_it_is():
    narrative, _ = files("po18")
    with pytest.raises(TemplateNotRecognisedError, match="narrative part") as caught:
        cb.read_disclosure(narrative)
    error = caught.value
    assert error.found == () and error.closest and "summary" in error.missing
    assert error.part == {"role": "narrative", "department": "江苏省委办公厅", "year": 2018, "kind": "budget",
                          "title": "江苏省委办公厅2018年度部门预算公开"}


def test_tables_part_alone_is_half_a_document():
    d = read_file("jiangsu-provincial-party-office-2018-budget-tables.pdf")
    assert d.role == "tables" and d.narrative.empty
    assert d.figures["total_income"] == 24458.43 and d.figures["prior_year_total"] is None
    assert d.year == 2018  # from its cover: 江苏省2018年度 / 省级部门预算公开报表


def test_provenance_names_the_file_of_each_part():
    p = read("cp18").provenance.set_index("figure")
    assert "jiangsu-cppcc-office-2018-budget-tables.pdf" in p.at["total_income", "source"]
    assert "jiangsu-cppcc-office-2018-budget-narrative.pdf" in p.at["change_vs_prior", "source"]


# ---------------------------------------------------------------- narrative


def test_total_change_only_from_a_sentence_about_the_total():
    """po18 p8 says 财政拨款收、支总预算… 收、支预算总计各增加3756.18万元 — the 财政拨款 change; the total's
    change is p5's 3608.98 (= po17's total 20849.45 → 24458.43). pr17 likewise: 1463.8, not 1454.35."""
    n = read("po18").narrative
    changes = n[n["kind"] == "change_amount"]
    assert changes.loc[changes["key"] == "total", "value"].tolist() == [3608.98]
    assert 3756.18 in changes.loc[changes["key"] == "general_budget_total", "value"].tolist()
    assert read("po18").figures["change_vs_prior"] == 3608.98
    assert read("pr17").figures["change_vs_prior"] == 1463.80


def test_boilerplate_change_is_recognised_not_read_as_a_value():
    """co19 p9–10: '政府性基金收入预算0万元，与上年相比增加（减少）0万元，增长（减少）0%' is a placeholder."""
    n = read("co19").narrative
    boiler = n[n["kind"] == "boilerplate"]
    assert len(boiler) >= 8 and (boiler["value"] == 0).all() and boiler["direction"].isna().all()
    changes = n[(n["kind"] == "change_amount") & (n["key"].isin(["total", "total_income", "total_expenditure"]))]
    assert changes["value"].tolist()[:1] == [2432.93]
    assert read("co19").figures["change_vs_prior"] == 2432.93


# ---------------------------------------------------------------- provenance and identities


@pytest.mark.parametrize("key", KEYS)
def test_every_figure_has_a_provenance_row(key):
    d = read(key)
    p = d.provenance
    assert list(p["figure"]) == list(d.figures)
    assert set(p["status"]) <= {"confirmed", "single", "conflict", "absent"}
    assert (p.loc[p["status"] == "absent", "value"].isna()).all()
    for name in ("total_income", "expenditure_this_year", "basic_expenditure", "reserve_expenditure",
                 "personnel_expenditure", "three_public_total", "procurement_total"):
        assert p.set_index("figure").at[name, "status"] in ("confirmed", "conflict"), name


def test_narrative_slip_is_a_conflict_not_a_confirmation():
    """pr17 p19: '基本支出预算数为 12323.46 万元' (the tables and p19's shares line say 12323.48)."""
    p = read("pr17").provenance.set_index("figure")
    assert p.at["basic_expenditure", "status"] == "conflict"
    assert "12323.46" in p.at["basic_expenditure", "conflicts"]
    assert "summary 基本支出" in p.at["basic_expenditure", "corroborated_by"]
    assert p.at["basic_share_pct", "status"] == "conflict"


@pytest.mark.parametrize("key", KEYS)
def test_jiangsu_identities_hold(key):
    audit = read(key).audit()
    jiangsu = audit[audit["check_id"].str.startswith("J")]
    assert set(jiangsu["check_id"]) == {f"J{n:02d}" for n in range(1, 11)}
    assert set(jiangsu["status"]) <= {"pass", "not_applicable"}, jiangsu[jiangsu["status"] != "pass"].to_string()
    identities = audit[audit["family"].isin(["identity", "cross_table"])]
    assert not len(identities[identities["status"] == "fail"]), identities[identities["status"] == "fail"].to_string()
    assert "I07" not in set(audit["check_id"])  # 合计 = 基本 + 项目 does not hold with a reserve: J01 instead
