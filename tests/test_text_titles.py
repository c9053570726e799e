"""Table titles in extracted text: where a table starts, and where the one before it ends.

Text extractors do not keep a title on a line of its own: pdfplumber leaves the label
(表六, 公开01表) on the line before it, prints a title last on its page with its 部门/单位
line on the next one, wraps it ('…支出预' / '“ ”' / '算表'), and glues an empty table's
note to it. Each of these used to turn the title into part of the previous table's last
row name and lose the table. The texts are tests/fixtures/text (see test_text_inputs.py).
"""

from __future__ import annotations

import pytest

import chanhe_budget as cb
from chanhe_budget.read.plain_text import unaligned_text_to_text
from chanhe_budget.templates.registry import TEMPLATES

from .conftest import FIXTURES, SHARED

TEXTS = FIXTURES / "text"
SPECIMENS = SHARED / "specimens"
JIANGSU = [p.name[: -len(".layout.txt")] for p in sorted(TEXTS.glob("jiangsu-*.layout.txt"))
           if "narrative" not in p.name and "standing-committee" not in p.name]
TEMPLATE = next(t for t in TEMPLATES if t.name == "jiangsu")


def _text(stem: str, form: str) -> str:
    return (TEXTS / f"{stem}.{form}.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_a_label_line_before_a_title_is_not_the_last_rows_name(form):
    # the 政协 2017 tables: every table starts a page with '表N' above its title
    d = cb.read_disclosure(TEXTS / f"jiangsu-cppcc-office-2017-budget-tables.{form}.txt")
    for name in ("fiscal_appropriation_expenditure", "fiscal_appropriation_basic", "general_budget_basic"):
        assert d.tables[name].name.iloc[-1] == "提租补贴", name
    out = unaligned_text_to_text(_text("jiangsu-cppcc-office-2017-budget-tables", form), TEMPLATE)
    labels = [line for line in out.splitlines() if line.startswith("表") and len(line) <= 4]
    assert labels == ["表一", "表二", "表三", "表四", "表五", "表六", "表七", "表八", "表九", "表十", "表十一", "表十二"]


def test_a_title_last_on_its_page_starts_the_table_on_the_next():
    # 人大 2017, plain text: '一般公共预算机关运行经费支出预算表' ends a page, its 部门/单位 line starts the next
    d = cb.read_disclosure(TEXTS / "jiangsu-provincial-congress-office-2017-budget.plain.txt")
    assert d.tables["general_budget_basic"].name.iloc[-1] == "提租补贴"
    operating = d.tables["operating_funds"]
    assert operating.total.iloc[0] == 5619.31  # the 合计 the PDF prints (checked by hand)


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_a_title_wrapped_over_three_lines(form):
    # 检察院 2017: '十一、一般公共预算 三公 经费、会议费、培训费支出预' / '“ ”' / '算表' (plain text);
    # the “三公” 小计 is tests/golden/jiangsu_specimens.md's 584.35, the 合计 with 会议费/培训费 1452.35
    d = cb.read_disclosure(TEXTS / f"jiangsu-procuratorate-2017-budget.{form}.txt")
    assert d.figures["three_public_total"] == 584.35
    assert d.tables["three_public"].total_with_meetings.iloc[0] == 1452.35
    assert "三公" not in " ".join(d.tables["operating_funds"].name)  # no longer glued to the table above


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_an_empty_tables_note_is_a_note(form):
    # 人大 2017: the 政府性基金 table prints 合计 and '(无政府性基金支出）' — one total row, blank = 0, as in the PDF
    t = cb.read_disclosure(TEXTS / f"jiangsu-provincial-congress-office-2017-budget.{form}.txt").tables["gov_fund"]
    assert list(t.name) == ["合计"] and list(t.total) == [0.0]


@pytest.mark.skipif(not SPECIMENS.is_dir(), reason="../shared/specimens is not beside the checkout")
@pytest.mark.parametrize("form", ["layout", "plain"])
@pytest.mark.parametrize("stem", JIANGSU)
def test_coded_tables_have_the_rows_of_the_pdf(stem, form):
    pdf = cb.read_disclosure(SPECIMENS / f"{stem}.pdf")
    d = cb.read_disclosure(TEXTS / f"{stem}.{form}.txt")
    for name, table in pdf.tables.items():
        if "code" not in table or name not in d.tables:
            continue
        assert list(d.tables[name].name) == list(table.name), name  # '合 计' letter-spaced: '合计' in both
