"""The Jiangsu 收入预算总表, 政府采购预算表 and “三公” table read from text, against the PDF and the golden file.

Text without layout (tests/fixtures/text: ``pdftotext -layout`` and pdfplumber's
``extract_text()``) keeps neither the merged group cells of the 收入预算总表 nor the five label
columns of the 政府采购预算表, and the “三公” row prints fewer numbers than columns. Each
table read from text must be the PDF's cell for cell, or leave a cell empty (NaN / None)
with a warning — never another value. The figures are the hand-read values of
tests/golden/jiangsu_specimens.md. The damaged copies (a row deleted) must give warnings and
never a figure the document does not print.
"""

from __future__ import annotations

import math
import re

import pytest

import chanhe_budget as cb

from .conftest import FIXTURES, SHARED, specimen, specimen_text

TEXTS = FIXTURES / "text"
SPECIMENS = SHARED / "specimens"
needs_specimens = pytest.mark.skipif(not SPECIMENS.is_dir(), reason="../shared/specimens is not beside the checkout")
pytestmark = pytest.mark.filterwarnings("ignore:.*no text layer:UserWarning")
FORMS = ("layout", "plain")
CP17 = "jiangsu-cppcc-office-2017-budget-tables"
PO17 = "jiangsu-provincial-party-office-2017-budget-tables"
CO17 = "jiangsu-provincial-congress-office-2017-budget"  # a Word re-typeset: labels wrap inside their cells
#: tests/golden/jiangsu_specimens.md, "Key figures": procurement_total, three_public_total (“三公”经费 小计)
GOLDEN = {
    PO17: (1774.70, 509.20),
    "jiangsu-provincial-party-office-2018-budget-tables": (1449.50, 508.20),
    "jiangsu-provincial-party-office-2019-budget-tables": (1422.50, 508.20),
    CO17: (2247.85, 833.60),
    "jiangsu-provincial-congress-office-2019-budget-tables": (2416.43, 767.60),
    "jiangsu-procuratorate-2017-budget": (2889.80, 584.35),
    CP17: (1271.22, 676.10),
    "jiangsu-cppcc-office-2018-budget-tables": (1281.76, 675.10),
}
STEMS = sorted(GOLDEN)
LABELS = ("group", "item", "category", "project_name", "economic_item", "item_name", "method")


from_pdf, from_text = specimen, specimen_text


def _empty(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _same_or_empty(pdf_row, text_row, columns) -> list[tuple[str, object, object]]:
    """The cells of a text row that are neither the PDF's value nor empty."""
    wrong = []
    for column in columns:
        x, y = pdf_row[column], text_row[column]
        if _empty(y):
            continue
        if isinstance(x, float) and not _empty(x) and isinstance(y, float):
            if abs(x - y) > 1e-9:
                wrong.append((column, x, y))
        elif x != y and not (_empty(x) and _empty(y)):
            wrong.append((column, x, y))
    return wrong


def _warned(d, table: str, codes: tuple[str, ...]) -> bool:
    return any(w.table == table and w.code in codes for w in d.warnings)


def _assert_cell_for_cell(pdf, text, table: str, codes: tuple[str, ...]) -> None:
    a, b = pdf.tables[table], text.tables[table]
    if table == "procurement":
        # a 专项's 经济科目 cell is merged over its items and its text lands on one item row of the merge: in
        # the PDF on one, in the text (po17) on another; of an item row it says nothing the 专项 row does not
        a, b = (t.assign(economic_item=t.economic_item.where(t.row_kind != "item")) for t in (a, b))
    assert len(a) == len(b), (table, len(a), len(b))
    columns = [c for c in a.columns if c != "line"]
    emptied = False
    for (_, x), (_, y) in zip(a.iterrows(), b.iterrows(), strict=True):
        assert not _same_or_empty(x, y, columns), (table, x.to_dict(), y.to_dict())
        emptied = emptied or any(_empty(y[c]) and not _empty(x[c]) for c in columns)
    if emptied:
        assert _warned(text, table, codes), f"{table}: cells left empty without a warning"


# ---------------------------------------------------------------- against the PDF, cell for cell


@needs_specimens
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("stem", STEMS)
def test_income_table_from_text_is_the_pdfs_cell_for_cell(stem, form):
    pdf, text = from_pdf(stem), from_text(stem, form)
    _assert_cell_for_cell(pdf, text, "income", ("ambiguous_row", "ambiguous_label"))
    assert list(text.tables["income"].group.dropna()) == list(pdf.tables["income"].group.dropna())


@pytest.mark.parametrize("form", FORMS)
def test_income_labels_wrapped_inside_their_cells_are_joined(form):
    # co17 wraps its labels character-wise inside the cells ('财政专户管' / '理资金'; '上年结转和' / '其中:动用上年'
    # / '结余资金' / '结转和结余资金'): two pieces that make one of the template's labels are put together
    d = from_text(CO17, form)
    income = d.tables["income"]
    assert list(dict.fromkeys(income.group.dropna())) == [
        "一般公共预算资金", "政府性基金", "财政专户管理资金", "其他资金", "上年结转和结余资金"]
    assert list(income[income.group == "财政专户管理资金"]["item"]) == ["小计", "专户管理教育收费", "其他非税收入"]
    assert list(income[income.group == "上年结转和结余资金"]["item"]) == ["小计", "其中:动用上年结转和结余资金"]
    assert list(income.total[:2]) == [13649.07, 13649.07]  # 收入总计, 一般公共预算资金 小计 (golden: p9)
    row = income[income["item"] == "公共财政拨款(补助)资金"].iloc[0]
    if form == "layout":  # its amount on a line of its own between the two lines of its wrapped cells:
        # 公共财政拨款(补助)资金 or 专项收入? Both add up to the 小计
        assert math.isnan(row.total)
        assert any(w.code == "ambiguous_row" and w.table == "income" for w in d.warnings)
    else:
        assert row.total == 13649.07


@needs_specimens
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("stem", STEMS)
def test_procurement_table_from_text_is_the_pdfs_cell_for_cell(stem, form):
    pdf, text = from_pdf(stem), from_text(stem, form)
    _assert_cell_for_cell(pdf, text, "procurement", ("ambiguous_label",))
    a, b = pdf.tables["procurement"], text.tables["procurement"]
    assert list(a.row_kind) == list(b.row_kind)
    assert list(a.total) == list(b.total)  # one amount per row: every amount is certain


@needs_specimens
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("stem", STEMS)
def test_three_public_table_from_text_is_the_pdfs_cell_for_cell(stem, form):
    _assert_cell_for_cell(from_pdf(stem), from_text(stem, form), "three_public", ("ambiguous_columns",))


# ---------------------------------------------------------------- the hand-read values


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("stem", STEMS)
def test_procurement_and_three_public_totals_from_text_are_the_golden_figures(stem, form):
    f = from_text(stem, form).figures
    assert (f["procurement_total"], f["three_public_total"]) == GOLDEN[stem]


@pytest.mark.parametrize("form", FORMS)
def test_income_amounts_printed_below_their_labels(form):
    # po17's plain text prints every amount of the 收入预算总表 on the line below its label ('小计' / '147.20' /
    # '财政专户管理资金 专户管理教育收费'): above or below, the identities decide (golden: T2)
    income = from_text(PO17, form).tables["income"].set_index(["group", "item"])
    assert from_text(PO17, form).tables["income"].iloc[0].total == 20849.45
    assert income.loc[("一般公共预算资金", "小计"), "total"] == 20702.25
    assert income.loc[("一般公共预算资金", "公共财政拨款(补助)资金"), "total"] == 20702.25
    assert income.loc[("财政专户管理资金", "小计"), "total"] == 147.20
    assert income.loc[("财政专户管理资金", "其他非税收入"), "total"] == 147.20
    assert income.loc[("财政专户管理资金", "专户管理教育收费"), "total"] == 0
    assert len(income) == 15


@pytest.mark.parametrize("form", FORMS)
def test_cppcc_income_group_names_as_printed(form):
    # the group name printed once, in the middle of its rows: on a line of its own between its two rows
    # (上年结转和结余资金), with its middle row (其他资金 经营收入), or with its only row (政府性基金 小计);
    # cp17 prints 财政转专户管理资金 (sic)
    income = from_text(CP17, form).tables["income"]
    assert list(dict.fromkeys(income.group.dropna())) == [
        "一般公共预算资金", "政府性基金", "财政转专户管理资金", "其他资金", "上年结转和结余资金"]
    other = income[income.group == "其他资金"]
    assert list(other["item"]) == ["小计", "事业收入", "经营收入", "其他收入", "债务资金(银行贷款)"]
    assert list(other.total) == [80.0, 0.0, 0.0, 80.0, 0.0]


@pytest.mark.parametrize("form", FORMS)
def test_three_public_purchase_or_operation_is_nan_with_a_warning(form):
    # cp17 prints 8 numbers for 9 columns: 156.60 is 公务用车 小计 and one of 购置费 / 运行维护费 (the PDF:
    # 运行维护费, 购置费 blank); both readings add up, so both cells are NaN — the rest is the golden row
    d = from_text(CP17, form)
    row = d.tables["three_public"].iloc[0]
    assert (row.total_with_meetings, row.total, row.outbound, row.vehicles) == (1852.32, 676.10, 76.00, 156.60)
    assert (row.reception, row.meetings, row.training) == (443.50, 1094.62, 81.60)
    assert math.isnan(row.vehicle_purchase) and math.isnan(row.vehicle_operation)
    warning = next(w for w in d.warnings if w.table == "three_public" and w.code == "ambiguous_columns")
    assert "公务用车购置费" in warning.message and "公务用车运行维护费" in warning.message


@pytest.mark.parametrize("form", FORMS)
def test_procurement_rows_glued_on_one_line_and_bare_amounts(form):
    # po17: '会议服务 政府集中采购 25.00会议费 50.00' is two rows; '30.00' printed above its 专项's labels
    t = from_text(PO17, form).tables["procurement"]
    assert (t.row_kind == "total").sum() == 1 and t.iloc[0].total == 1774.70
    categories = t[t.row_kind == "category"]
    assert list(zip(categories.category, categories.total, strict=True)) == [("货物A", 496.20), ("服务C", 1278.50)]
    row = t[(t.row_kind == "project") & (t.total == 30.0)].iloc[0]
    assert (row.project_name, row.economic_item) == ("机要及电子政务业务费", "办公设备购置")
    row = t[(t.row_kind == "project") & (t.total == 50.0)].iloc[0]
    assert (row.project_name, row.economic_item) == ("商品和服务支出", "会议费")  # its 专项 cell merged above


# ---------------------------------------------------------------- damaged copies


def _delete(stem: str, form: str, pattern: str) -> str:
    text = (TEXTS / f"{stem}.{form}.txt").read_text(encoding="utf-8")
    damaged, n = re.subn(pattern, "", text, count=1, flags=re.M)
    assert n == 1, pattern
    return damaged


def _never_confidently_wrong(d, reference) -> None:
    for key, value in reference.figures.items():
        assert d.figures[key] in (value, None), (key, value, d.figures[key])


@pytest.mark.parametrize("form", FORMS)
def test_a_deleted_income_row_gives_a_warning_never_a_wrong_cell(form):
    d = cb.read_disclosure(_delete(CP17, form, r"^\s*其他收入\s+80\.00\s*\n"))
    reference = from_text(CP17, form)
    _never_confidently_wrong(d, reference)
    intact = reference.tables["income"].set_index(["group", "item"]).total
    income = d.tables["income"]
    assert ("其他资金", "其他收入") not in set(zip(income.group, income["item"], strict=True))
    for r in income.itertuples():
        if isinstance(r.item, str) and not _empty(r.total):
            assert intact.get((r.group, r.item), intact.get((None, r.item))) == r.total or r.item == "收入总计"
    assert any(w.code == "rows_do_not_add_up" and w.table == "income" for w in d.warnings)


@pytest.mark.parametrize("form", FORMS)
def test_a_deleted_row_whose_amounts_are_printed_below_their_labels(form):
    # po17 (plain) prints each amount on the line below its label: without the row 其他非税收入 147.20 nothing
    # adds up, and the 小计's amount may be its own or the next row's: left empty, never given to the wrong row
    d = cb.read_disclosure(_delete(PO17, form, r"^\s*其他非税收入\s*(?:\n\s*)?147\.20\s*\n"))
    reference = from_text(PO17, form)
    _never_confidently_wrong(d, reference)
    intact = reference.tables["income"].set_index(["group", "item"]).total
    income = d.tables["income"]
    for r in income.itertuples():
        if isinstance(r.group, str) and not _empty(r.total):
            assert intact[(r.group, r.item)] == r.total, (r.group, r.item, r.total)
    assert ("财政专户管理资金", "其他非税收入") not in set(zip(income.group, income["item"], strict=True))
    assert any(w.table == "income" and w.code in ("rows_do_not_add_up", "ambiguous_row") for w in d.warnings)


@pytest.mark.parametrize("form", FORMS)
def test_a_deleted_subtotal_line_leaves_the_groups_undecided(form):
    # without 其他资金's 小计 line, its rows run into the group above: two group names in one group
    d = cb.read_disclosure(_delete(CP17, form, r"^\s*小计\s+80\.00\s*\n"))
    _never_confidently_wrong(d, from_text(CP17, form))
    income = d.tables["income"]
    assert "其他资金" not in set(income.group.dropna())
    assert income[income["item"] == "其他收入"].group.isna().all()
    assert any(w.code in ("ambiguous_label", "rows_do_not_add_up") and w.table == "income" for w in d.warnings)


@pytest.mark.parametrize("form", FORMS)
def test_a_deleted_procurement_row_gives_a_warning_never_a_wrong_figure(form):
    d = cb.read_disclosure(_delete(CP17, form, r"^\s*复印机\s+分散自行组织\s+6\.00\s*\n"))
    _never_confidently_wrong(d, from_text(CP17, form))
    assert d.figures["procurement_total"] == 1271.22  # the printed 合计
    assert any(w.code == "rows_do_not_add_up" and w.table == "procurement" for w in d.warnings)


@pytest.mark.parametrize("form", FORMS)
def test_a_deleted_procurement_total_label_is_no_total(form):
    # '合计' gone, its amount left alone on its line: an amount without a label is not the 合计
    d = cb.read_disclosure(_delete(CP17, form, r"^\s*合计(?=\s+1,271\.22)"))
    assert d.figures["procurement_total"] is None
    assert "total" not in set(d.tables["procurement"].row_kind)
    assert any(w.table == "procurement" and w.code in ("ambiguous_label", "rows_do_not_add_up") for w in d.warnings)


# ---------------------------------------------------------------- the PDF


@needs_specimens
def test_a_wrapped_header_word_is_not_the_procurement_total_rows_method():
    # po19's header wraps 采购组织形 / 式 just above the 合计 row: '式' is no 采购组织形式
    row = from_pdf("jiangsu-provincial-party-office-2019-budget-tables").tables["procurement"].iloc[0]
    assert (row.row_kind, row.total) == ("total", 1422.50)
    assert row[["category", "project_name", "economic_item", "item_name", "method"]].isna().all()
