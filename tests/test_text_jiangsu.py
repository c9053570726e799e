"""The Jiangsu 收支预算总表 (three column groups) and 支出预算总表 read from text, against the PDF.

Each tables part (or one-PDF document) of the 8 Jiangsu department-years, as ``pdftotext
-layout`` and as pdfplumber ``extract_text()`` wrote it (tests/fixtures/text). The summary
table's labels are put together by their grammar, its amounts given by the reading order and
decided by the table's identities (chanhe_budget/read/summary_groups_text.py); the
支出预算总表's one row prints 4 numbers for 5 columns, placed by 合计 = 基本 + 项目 + 预留 + 结转
and by the summary's 支出用途 cells (the same money printed twice). The figures are the
hand-read values of tests/golden/jiangsu_specimens.md.
"""

from __future__ import annotations

import math
import re

import pytest

import chanhe_budget as cb
from chanhe_budget.parse.placement import place_rows, row_identities
from chanhe_budget.read.split_rows import UNDECIDED
from chanhe_budget.read.summary_groups_text import summary_groups_to_rows
from chanhe_budget.templates.jiangsu import JIANGSU

from .conftest import FIXTURES, SHARED, specimen, specimen_text
from .test_jiangsu import DOCUMENTS, GOLDEN

TEXTS = FIXTURES / "text"
SPECIMENS = SHARED / "specimens"
#: The part of each department-year that holds the tables: key → file stem.
STEMS = {key: files[-1].removesuffix(".pdf") for key, files in DOCUMENTS.items()}
FORMS = ("layout", "plain")
#: The figures read from the summary and the 支出预算总表.
FIGURES = ("year", "total_income", "total_expenditure", "expenditure_this_year", "general_budget_income",
           "basic_expenditure", "project_expenditure", "reserve_expenditure", "basic_share_pct", "project_share_pct")
needs_specimens = pytest.mark.skipif(not SPECIMENS.is_dir(), reason="../shared/specimens is not beside the checkout")


def from_pdf(key: str):
    return specimen(STEMS[key])


def from_text(key: str, form: str):
    return specimen_text(STEMS[key], form)


def _text(key: str, form: str) -> str:
    return (TEXTS / f"{STEMS[key]}.{form}.txt").read_text(encoding="utf-8")


def _nan(value) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _warned(d, table: str, line: int) -> bool:
    return any(w.table == table and w.line == line for w in d.warnings)


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("key", list(STEMS))
def test_key_figures_from_text_are_the_hand_read_ones(key, form):
    d = from_text(key, form)
    for name in FIGURES:
        assert d.figures[name] == pytest.approx(GOLDEN[key][name], abs=0.006), name


@needs_specimens
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("key", list(STEMS))
def test_summary_from_text_is_the_pdfs_cell_for_cell(key, form):
    # every row in the PDF's order, its group, label and key; an amount is the PDF's, or NaN with a warning
    pdf, d = from_pdf(key).tables["summary"], from_text(key, form)
    text = d.tables["summary"]
    assert len(text) == len(pdf) > 30
    for (_, a), (_, b) in zip(pdf.iterrows(), text.iterrows(), strict=True):
        assert (b.side, b.group, b["item"], b.key, b.row_kind) == (a.side, a.group, a["item"], a.key, a.row_kind)
        assert b.amount == pytest.approx(a.amount, abs=1e-9) or (_nan(b.amount) and _warned(d, "summary", b.line))
    assert not text.amount.isna().any()  # in these documents every amount is decided


@needs_specimens
@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("key", list(STEMS))
def test_expenditure_table_from_text_is_the_pdfs(key, form):
    pdf, d = from_pdf(key).tables["expenditure"], from_text(key, form)
    text = d.tables["expenditure"]
    assert len(text) == len(pdf) == 1
    for column in ("total", "basic_total", "project_total", "reserve_total", "carryover_out"):
        assert text[column].iloc[0] == pytest.approx(pdf[column].iloc[0], abs=1e-9), column
    assert not [w for w in d.warnings if w.table in ("summary", "expenditure")]


def test_placement_uses_the_templates_own_identity():
    # 合计 = 基本 + 项目 + 预留 + 结转 (J01), not 合计 = 基本 + 项目 (I07, every template but Jiangsu)
    columns = JIANGSU.spec("expenditure").columns
    assert row_identities(columns, template="jiangsu") == [(0, (1, 2, 3, 4))]
    (row,) = place_rows([[9146.79, 5916.27, 3123.68, 106.84]], columns, template="jiangsu")
    assert row.values[0] == 9146.79  # the total is first in every reading that adds up
    assert row.undecided == [1, 2, 3, 4]  # which three of the four parts: the row alone cannot say


@pytest.mark.parametrize("form", FORMS)
def test_expenditure_total_without_the_summary_is_read_and_the_rest_left_empty(form):
    # the summary's page dropped: nothing pins 基本 / 项目 / 预留 / 结转, the identity still places 合计
    pages = _text("cp17", form).split("\f")
    d = cb.read_disclosure("\f".join(p for p in pages if "功能分类" not in p))
    row = d.tables["expenditure"].iloc[0]
    assert row.total == 9146.79
    assert all(_nan(row[c]) for c in ("basic_total", "project_total", "reserve_total", "carryover_out"))
    assert any(w.code == "ambiguous_columns" and w.table == "expenditure" for w in d.warnings)
    assert d.figures["expenditure_this_year"] == 9146.79 and d.figures["basic_expenditure"] is None


# ---------------------------------------------------------------- the grammar, line by line


def _rows(text: str) -> list[list[str]]:
    return [row.split("\t") for row in summary_groups_to_rows([line.split() for line in text.strip().splitlines()])[1:]]


_CUT = """
一、财政拨款 100.00 一、一般公共服务支出 60.00 一、基本支出 70.00
1.一般公共预
100.00 二、外交支出 二、项目支出 20.00
算
2.政府性基金 三、单位预留机
三、国防支出 10.00
预算 动经费
二、其他资金 四、公共安全支出 40.00
当年收入小计 100.00 当年支出小计 100.00
收入合计 100.00 支出合计 100.00
"""


def test_labels_cut_in_their_cells_are_joined_and_the_identities_give_the_amount():
    # '10.00' follows 三、国防支出 but belongs to 三、单位预留机动经费, cut around its line: 支出用途 adds up only so
    rows = _rows(_CUT)
    assert rows[1][:2] == ["1.一般公共预算", "100.00"]
    assert rows[2] == ["2.政府性基金预算", "", "三、国防支出", "", "三、单位预留机动经费", "10.00"]
    assert rows[3] == ["二、其他资金", "", "四、公共安全支出", "40.00", "", ""]


def test_an_amount_the_identities_cannot_give_to_one_label_is_undecided():
    # without the closing rows nothing checks where '10.00' goes: both labels it may belong to are undecided
    rows = _rows(_CUT.split("当年收入小计")[0])
    assert rows[2] == ["2.政府性基金预算", "", "三、国防支出", UNDECIDED, "三、单位预留机动经费", UNDECIDED]
    assert rows[0][5] == "70.00"  # an amount right after its label, with no label cut around it, stays


# ---------------------------------------------------------------- damaged copies


_ROW_RE = r"^[^\S\n]*{}[^\n\f]*\n?"  # a page's last line ends at its form feed


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(("row", "unread"), [
    ("一、财政拨款", ("basic_expenditure", "project_expenditure", "reserve_expenditure")),
    ("八、社会保障和就业支出", ()),
    ("收入合计", ()),  # the totals may come from another table (收入预算总表 收入总计): the same money
])
def test_a_deleted_summary_row_gives_nan_and_warnings_never_a_wrong_figure(form, row, unread):
    text = _text("po17", form)
    pattern = re.compile(_ROW_RE.format(row), re.M)
    assert pattern.search(text)
    d = cb.read_disclosure(pattern.sub("", text, count=1))
    for name in FIGURES:
        assert d.figures[name] in (GOLDEN["po17"][name], None) or d.figures[name] == pytest.approx(
            GOLDEN["po17"][name], abs=0.006), name
    assert all(d.figures[name] is None for name in unread)
    summary = d.tables["summary"]
    assert re.sub(r"^.*、", "", row) not in set(summary["item"])
    if row != "收入合计":  # a group that no longer adds up: every amount of it unknown, each with a warning
        assert summary.amount.isna().sum() >= 3
        assert all(_warned(d, "summary", line) for line in summary[summary.amount.isna()].line)


@pytest.mark.parametrize("form", FORMS)
def test_a_deleted_row_without_amounts_is_reported_by_the_ordinals(form):
    # 六、科学技术支出 prints no amount: every identity still holds, but 七、 follows 五、 in its column group
    text = _text("cp17", form)
    pattern = re.compile(_ROW_RE.format("六、科学技术支出"), re.M)
    d = cb.read_disclosure(pattern.sub("", text, count=1))
    for name in FIGURES:
        assert d.figures[name] == pytest.approx(GOLDEN["cp17"][name], abs=0.006), name
    (warning,) = [w for w in d.warnings if w.code == "summary_row_missing"]
    assert "七、文化体育与传媒支出" in warning.message and "function" in warning.message
    assert not [w for w in from_text("cp17", form).warnings if w.code == "summary_row_missing"]


def test_a_title_year_moved_to_the_next_line_is_put_back_before_年部门预算():
    # pdfplumber prints the cover '江苏省人民检察院' / '年部门预算' / '2017': the year sits lower than the Chinese
    assert _text("pr17", "plain").startswith("江苏省人民检察院\n年部门预算\n2017\f")
    assert from_text("pr17", "plain").title == "江苏省人民检察院2017年部门预算"
