"""The 决算 (final accounts) read from its text: layout text and plain text, whole and damaged.

The published 决算 of 上海市普陀区财政局 (2024) is the hardest text in the specimens: its rows are
tall (wrapped names), so extractors print a row's numbers on the line above or beside its codes,
and its 基本支出 table is printed in two halves side by side. The expected values are those of
tests/golden/final_accounts.md (read by hand from the rendered pages); the damaged copies check
that a missing row or page gives warnings and None, never a figure the PDF does not print.
"""

from __future__ import annotations

import math
import re
from functools import cache

import pytest

import chanhe_budget as cb
from chanhe_budget.read.halves_text import halves_to_rows
from chanhe_budget.read.plain_text import _fill_gaps
from chanhe_budget.read.split_rows import UNDECIDED, resolve_split_rows
from chanhe_budget.read.text_pages import _restore_years

from .conftest import FIXTURES, SHARED, specimen, specimen_text

TEXTS = FIXTURES / "text"
PUB = "shanghai-putuo-finance-bureau-2024-final-accounts"
BAD = "shanghai-putuo-finance-bureau-2024-final-accounts-planted-errors"
SPECIMENS = SHARED / "specimens"
needs_specimens = pytest.mark.skipif(not SPECIMENS.is_dir(), reason="../shared/specimens is not beside the checkout")
pytestmark = pytest.mark.filterwarnings("ignore:.*no text layer:UserWarning")


@cache
def text_of(stem: str, form: str) -> str:
    return (TEXTS / f"{stem}.{form}.txt").read_text(encoding="utf-8")


read, pdf = specimen_text, specimen


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_published_final_accounts_hand_checked_figures_from_text(form):
    # tests/golden/final_accounts.md §2: T1 总计 2,995.39; T3 合计 2,940.05 = 2,336.91 + 603.14; T6 bottom line
    f = read(PUB, form).figures
    assert (f["department"], f["year"], f["kind"]) == ("上海市普陀区财政局", 2024, "final_accounts")
    assert (f["total_income"], f["total_expenditure"], f["general_budget_income"]) == (2995.39, 2995.39, 2940.05)
    assert (f["expenditure_this_year"], f["basic_expenditure"], f["project_expenditure"]) == (2940.05, 2336.91, 603.14)
    assert (f["personnel_expenditure"], f["public_expenditure"], f["carryover_end"]) == (2152.26, 184.65, 55.34)
    assert (f["operating_expenditure"], f["procurement_total"]) == (184.65, 251.25)


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_three_public_pair_is_decided_by_the_narrative(form):
    # the row prints '0.95 0.95' for six 预算数/决算数 pairs: the 预算数 of the total and of one item, or their
    # 决算数? The table's arithmetic holds either way. The narrative (golden N13, PDF p23) says “三公”经费…年初预算为
    # 0.95万元，支出决算为0.00万元: only the 预算数 readings agree. Which item's 预算数 (the PDF: 公务接待费) it
    # does not say: NaN with a warning
    d = read(PUB, form)
    assert (d.figures["three_public_total"], d.figures["three_public_budget"]) == (0.0, 0.95)
    row = d.tables["three_public"].iloc[0]
    assert (row["total_budget"], row["total"], row["outbound"], row["reception"]) == (0.95, 0.0, 0.0, 0.0)
    assert math.isnan(row["outbound_budget"]) and math.isnan(row["reception_budget"])
    decided = [w for w in d.warnings if w.code == "decided_by_narrative" and w.table == "three_public"]
    assert len(decided) == 1 and "年初预算为0.95万元" in decided[0].message and "0.95" in decided[0].message
    assert any(w.code == "ambiguous_columns" and w.table == "three_public" and "公务接待费-预算数" in w.message
               for w in d.warnings)


def _without_three_public_sentences(text: str) -> str:
    """The text without the narrative's section 七 (the “三公” figures in words); the 目录 keeps its line."""
    lines = text.split("\n")
    start = [k for k, line in enumerate(lines) if re.match(r"\s*七、财政拨款.*经费支出决算情况说明", line)][-1]
    stop = next(k for k in range(start, len(lines)) if re.match(r"\s*八、政府性基金.*决算情况说明", lines[k]))
    return "\n".join(lines[:start] + lines[stop:])


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_three_public_budget_or_spent_is_none_when_nothing_else_decides(form):
    # without the narrative's 年初预算 / 决算 of the “三公” total the text cannot say: None, never 0.95 spent
    text = _without_three_public_sentences(text_of(PUB, form))
    assert "0.95" not in text.split("单位：万元")[-1].split("八、政府性基金")[-1] and "三公”经费财政拨款支出年初" not in text
    d = cb.read_disclosure(text)
    assert d.figures["three_public_total"] is None and d.figures["three_public_budget"] is None
    assert any(w.code == "ambiguous_columns" and w.table == "three_public" for w in d.warnings)
    assert not any(w.code == "decided_by_narrative" for w in d.warnings)


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_narrative_that_no_reading_of_the_row_agrees_with_decides_nothing(form):
    # a narrative 年初预算 of 0.59 is no reading of '0.95 0.95': it is not taken, and the row stays undecided
    text = re.sub(r"0\.95(?=万元，支出决算|\s+0\.00)", "0.59", text_of(PUB, form), count=1)
    assert text != text_of(PUB, form)
    d = cb.read_disclosure(text)
    assert d.figures["three_public_budget"] is None and d.figures["three_public_total"] is None
    assert not any(w.code == "decided_by_narrative" for w in d.warnings)


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_rows_printed_on_two_lines_are_put_back_together(form):
    # 支出决算表 201 06 01 行政运行: '1,503.52' on the line above (or beside the name), '1,511.89 8.37' beside
    # the codes; only 1,511.89 = 1,503.52 + 8.37 adds up
    t = read(PUB, form).tables["expenditure"].set_index("code")
    assert tuple(t.loc["2010601", ["total", "basic_total", "project_total"]]) == (1511.89, 1503.52, 8.37)
    assert tuple(t.loc["201", ["total", "basic_total", "project_total"]]) == (2106.66, 1503.52, 603.14)
    total = read(PUB, form).tables["expenditure"].query("row_kind == 'total'").iloc[0]
    assert (total["total"], total["basic_total"], total["project_total"]) == (2940.05, 2336.91, 603.14)


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_halves_interleaved_in_text_give_only_the_confirmed_bottom_line(form):
    d = read(PUB, form)
    t = d.tables["general_budget_basic"]
    assert list(t.row_kind) == ["total"]  # no amount is given to a row the text cannot tie it to
    assert (t.personnel.iloc[0], t.public.iloc[0]) == (2152.26, 184.65)
    assert any(w.code == "halves_rows_unread" for w in d.warnings)


@needs_specimens
@pytest.mark.parametrize("form", ["layout", "plain"])
def test_halves_one_row_a_line_are_read_row_by_row(form):
    # the planted copy's text keeps each printed row on one line: every row as in its PDF
    a, b = pdf(BAD).tables["general_budget_basic"], read(BAD, form).tables["general_budget_basic"]
    columns = ["code", "name", "total", "personnel", "public", "row_kind"]
    assert a[columns].to_dict("records") == b[columns].to_dict("records")


# ---------------------------------------------------------------- damaged copies


def _pages(stem: str, form: str) -> list[str]:
    return text_of(stem, form).split("\f")


def _page_of(pages: list[str], title: str) -> int:
    def key(text: str) -> str:
        return re.sub(r"[\s“”\"]", "", text)

    return next(i for i, p in enumerate(pages)
                if any(key(line) == key(title) for line in [t for t in p.split("\n") if t.strip()][:6]))


def _never_wrong(d, stem: str) -> list[str]:
    """The figures the damaged text leaves None; fails on any figure that is not the PDF's."""
    reference = pdf(stem).figures
    wrong = {k: (v, d.figures[k]) for k, v in reference.items() if d.figures[k] not in (v, None)}
    assert not wrong, wrong
    return [k for k, v in reference.items() if v is not None and d.figures[k] is None]


@needs_specimens
@pytest.mark.parametrize("form", ["layout", "plain"])
@pytest.mark.parametrize(("title", "lost", "warning"), [
    ("一般公共预算财政拨款支出决算表", "personnel_expenditure", "unconfirmed_total"),  # nothing confirms the bottom line
    ("一般公共预算财政拨款基本支出决算表", "personnel_expenditure", None),
    ("收入支出决算总表", "total_income", None),
])
def test_a_dropped_page_of_the_final_accounts_gives_none_never_a_wrong_figure(form, title, lost, warning):
    pages = _pages(PUB, form)
    drop = _page_of(pages, title)
    d = cb.read_disclosure("\f".join(pages[:drop] + pages[drop + 1:]))
    assert lost in _never_wrong(d, PUB)
    if warning:
        assert any(w.code == warning for w in d.warnings)


@needs_specimens
@pytest.mark.parametrize("form", ["layout", "plain"])
@pytest.mark.parametrize(("stem", "title", "table"), [(PUB, "支出决算表", "expenditure"),
                                                      (BAD, "一般公共预算财政拨款支出决算表", "general_budget_expenditure")])
def test_a_deleted_row_of_the_final_accounts_gives_warnings_and_none(form, stem, title, table):
    # 201 06 01 行政运行 deleted (its code line; the planted copy prints no 支出决算表): the numbers left
    # around it no longer add up
    pages = _pages(stem, form)
    page = _page_of(pages, title)
    pattern = re.compile(r"^.*201\s+06\s+01\b.*\n", re.M)
    assert pattern.search(pages[page])
    pages[page] = pattern.sub("", pages[page], count=1)
    d = cb.read_disclosure("\f".join(pages))
    _never_wrong(d, stem)
    t = d.tables[table]
    assert "2010601" not in set(t.code)
    assert any(w.code in ("ambiguous_columns", "ambiguous_row") and w.table == table for w in d.warnings) \
        or t.query("code == '20106'")[["total"]].notna().all(axis=None)  # rows printed whole are read whole
    audit = d.audit()  # the audit still fails at least what the PDF's fails (the planted errors)
    assert (audit.status == "fail").sum() >= (pdf(stem).audit().status == "fail").sum()


# ---------------------------------------------------------------- the pieces


def test_a_float_goes_to_the_row_it_makes_add_up():
    rules = [(0, (1, 2))]
    rows = [[[], "合计", ["300.00", "100.00", "200.00"]], [[], "", ["150.00"]], [["201"], "x", ["100.00", "50.00"]],
            [["202"], "y", ["150.00", "150.00"]]]
    out = resolve_split_rows(rows, [False, True, False, False], 3, rules)
    assert out[0] == rows[0] and out[2] == rows[3]
    assert out[1] == [["201"], "x", ["150.00", "100.00", "50.00"]]  # 150 = 100 + 50, in column order


def test_a_float_that_fits_either_row_is_undecided():
    rules = [(0, (1, 2))]
    rows = [[["201"], "x", ["100.00", "100.00"]], [[], "", ["0.00"]], [["202"], "y", ["50.00", "50.00"]]]
    out = resolve_split_rows(rows, [False, True, False], 3, rules)
    assert out[0][2] == [UNDECIDED, UNDECIDED] and out[1][2] == [UNDECIDED, UNDECIDED]


def test_a_float_no_row_can_take_leaves_its_rows_undecided():
    rules = [(0, (1, 2))]
    rows = [[["201"], "x", ["100.00", "100.00"]], [[], "", ["7.00"]], [["202"], "y", ["50.00", "50.00"]]]
    out = resolve_split_rows(rows, [False, True, False], 3, rules)
    assert all(cell == UNDECIDED for row in out for cell in row[2])


def test_an_undecided_cell_is_nan_with_a_warning():
    d = cb.read_disclosure(read(PUB, "plain").lines and text_of(PUB, "plain").replace(
        "201 06 01 1,511.89 8.37", "201 06 01 1,511.89 8.37 9.99", 1))
    t = d.tables["expenditure"].set_index("code")
    assert math.isnan(t.loc["2010601", "total"])
    assert d.figures["basic_expenditure"] in (2336.91, None)


def test_year_moved_to_the_next_line_is_put_back():
    assert _restore_years(["上海市普陀区财政局", "年度部门决算", "2024目 录"]) == \
        ["上海市普陀区财政局", "2024年度部门决算", "目 录"]
    assert _restore_years(["2024年度部门决算", "2025 年"]) == ["2024年度部门决算", "2025 年"]


def test_numbers_moved_below_their_sentence_fill_its_gaps_one_for_one():
    para = ["本年收入合计 万元，其中：财政拨款收入 万元，占 ；其他"]
    assert _fill_gaps(para, "2946.25 2940.05 99.79%")
    assert para == ["本年收入合计2946.25万元，其中：财政拨款收入2940.05万元，占99.79%；其他"]
    para = ["第二部分 上海市普陀区财政局 年度部门决算表"]
    assert not _fill_gaps(para, "2024")  # two gaps, one number: which gap is not certain


def test_halves_grammar():
    lines = [["301", "工资福利支出", "2,082.85", "302", "商品和服务支出", "171.07"],
             ["301", "01", "基本工资", "302", "01", "办公费", "21.21"],
             ["302", "40", "税金及附加费用"], ["310", "资本性支出", "13.58"],
             ["人员经费合计", "2,082.85", "公用经费合计", "184.65"]]
    rows, read_rows = halves_to_rows(lines, True)
    assert read_rows
    assert "301\t01\t基本工资\t\t\t\t\t" in rows  # no amount: the 21.21 follows 办公费's name
    assert "\t\t\t\t302\t01\t办公费\t21.21" in rows
    assert "\t\t\t\t310\t\t资本性支出\t13.58" in rows  # after a right-only line, a new class is the right half's
    rows, read_rows = halves_to_rows([["262.33", "21.21"], ["301", "01", "302"], *lines[-1:]], True)
    assert not read_rows and len(rows) == 2  # header and the bottom line only


def test_many_floats_are_left_undecided_quickly():
    # a table whose rows lost their codes (another template's layout read as coded rows): twelve lines of
    # numbers over one row would have 12!/2^6 orders; the reader gives up on them at once, undecided
    import time

    rules = [(0, tuple(range(1, 12)))]
    rows = [[[], "", [f"{k}.00", f"{k + 1}.00"]] for k in range(6)] + [[["201"], "x", []]]
    start = time.perf_counter()
    out = resolve_split_rows(rows, [True] * 6 + [False], 12, rules)
    assert time.perf_counter() - start < 1.0
    assert out == [[["201"], "x", [UNDECIDED]]]


def test_a_year_is_put_back_only_into_a_gap():
    assert _restore_years(["比上年度增加", "2023 2.55"]) == ["比上年度增加", "2023 2.55"]


# ---------------------------------------------------------------- the audit of the text


@needs_specimens
@pytest.mark.parametrize("form", ["layout", "plain"])
@pytest.mark.parametrize("stem", [PUB, BAD])
def test_audit_of_the_text_fails_nothing_the_audit_of_the_pdf_passes(stem, form):
    # a cell the text cannot place is unknown, not 0: a check that needs it cannot be made, it does not fail.
    # What the PDF's audit fails, the text's fails too, unless the text could not read what the check needs
    # (then that check says cannot_check): PUB N01 (golden N5, 0.3 ≠ 2961.68) needs T4 总计, which plain text
    # prints on a line of its own between two rows; BAD N07 (E6, 行政运行 大于) needs the item's amounts, which
    # the letter-spaced narrative of BAD's text does not give
    from collections import Counter

    def failed(audit) -> Counter:
        return Counter(zip(audit[audit.status == "fail"].check_id, audit[audit.status == "fail"].description_en,
                           strict=True))

    text, reference = read(stem, form).audit(), pdf(stem).audit()
    assert not failed(text) - failed(reference), failed(text) - failed(reference)
    for check_id, _ in failed(reference) - failed(text):
        assert (text[text.check_id == check_id].status == "cannot_check").any(), check_id
    assert (text.status == "fail").sum() >= (reference.status == "fail").sum() - 1


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_published_final_accounts_audit_fails_the_documents_own_errors_from_text(form):
    # golden §3: N5 '财政拨款收入支出总计0.3万元' (T4 总计 2961.68) and N7 '占71.73%' (2106.66 / 2940.05 = 71.65%)
    audit = read(PUB, form).audit()
    fails = audit[audit.status == "fail"]
    assert set(fails.check_id) <= {"N01", "N02"}
    n02 = fails[fails.check_id == "N02"]
    assert list(n02.found) == [71.73] and round(float(n02.expected.iloc[0]), 2) == 71.65
    n01 = audit[(audit.check_id == "N01") & (audit.found == 0.3)]
    assert list(n01.status) == (["fail"] if form == "layout" else ["cannot_check"])


# ---------------------------------------------------------------- the blank form

TPL = "national-final-accounts-template-blank"
MONEY = ("total_income", "total_expenditure", "expenditure_this_year", "general_budget_income", "basic_expenditure",
         "project_expenditure", "personnel_expenditure", "public_expenditure", "three_public_total",
         "three_public_budget", "carryover_end")


@pytest.mark.parametrize("form", ["layout", "plain", "pdf"])
def test_blank_form_gives_no_money_figure_and_says_why(form):
    # golden §6.6: the national 决算 template prints every table with no amount at all (XXX in the text):
    # not a department that spent 0
    if form == "pdf" and not SPECIMENS.is_dir():
        pytest.skip("../shared/specimens is not beside the checkout")
    d = pdf(TPL) if form == "pdf" else read(TPL, form)
    assert d.template.name == "final_accounts" and d.department == "上海市XX局"
    assert {k: d.figures[k] for k in MONEY} == dict.fromkeys(MONEY)
    assert [w.code for w in d.warnings].count("no_amounts") == 1
    assert "blank form" in next(w.message for w in d.warnings if w.code == "no_amounts")
    assert "blank form" in d.provenance.set_index("figure").loc["total_income", "source"] or \
        d.provenance.set_index("figure").loc["total_income", "status"] == "absent"
    # the tables themselves keep the template's rule (a blank cell reads 0)
    assert (d.tables["expenditure"]["total"].dropna() == 0).all()


@pytest.mark.parametrize("stem", sorted({p.name.split(".")[0] for p in TEXTS.glob("*.layout.txt")} - {TPL}))
def test_only_the_blank_form_is_taken_for_one(stem):
    # a table with some blank cells keeps its 0s: no other specimen prints no amount
    try:
        d = read(stem, "layout")
    except cb.ChanheBudgetError:
        pytest.skip(f"the package does not read the text of {stem} alone")
    assert not any(w.code == "no_amounts" for w in d.warnings)


def test_one_printed_amount_makes_the_form_a_document_again():
    # the blank form with 0.00 printed as its 收入总计: a form that prints an amount (even 0) is read as printed
    text = text_of(TPL, "plain")
    filled = re.sub(r"^(总计)(\s+总计)", r"\1 0.00\2", text, count=1, flags=re.M)
    assert filled != text
    d = cb.read_disclosure(filled)
    assert not any(w.code == "no_amounts" for w in d.warnings)
    assert d.figures["total_income"] == 0.0


# ---------------------------------------------------------------- provenance of the figures only a 决算 has


def _status(d, figure: str) -> tuple[str, str, str]:
    row = d.provenance.set_index("figure").loc[figure]
    return row["status"], row["corroborated_by"], row["conflicts"]


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_three_public_budget_and_carryover_are_confirmed_by_other_places(form):
    # 预算数 0.95: the “三公” table's 合计 and the narrative's 年初预算 (golden N13); 年末结转和结余 55.34 =
    # 支出总计 2995.39 − 本年支出合计 2940.05 − 结余分配 (blank) (golden §1.3)
    d = read(PUB, form)
    status, agree, _ = _status(d, "three_public_budget")
    assert status == "confirmed" and "年初预算为0.95万元" in agree
    status, agree, _ = _status(d, "carryover_end")
    assert status == "confirmed" and "支出总计 − 本年支出合计 − 结余分配" in agree and "55.34" in agree


def test_three_public_budget_the_narrative_disagrees_with_is_a_conflict():
    # the row printed whole (12 cells, so the table alone decides it) and a narrative that says 0.59
    text = text_of(PUB, "layout")
    row = re.search(r"^\s+0\.95\s+0\.95\s*$", text, re.M)
    whole = "  " + " ".join(["0.95", *["0.00"] * 9, "0.95", "0.00"])
    text = text[:row.start()] + whole + text[row.end():]
    text = text.replace("年初预算为0.95万元", "年初预算为0.59万元", 1)
    d = cb.read_disclosure(text)
    assert d.figures["three_public_budget"] == 0.95 and d.tables["three_public"].iloc[0]["reception_budget"] == 0.95
    status, _, conflicts = _status(d, "three_public_budget")
    assert status == "conflict" and "0.59" in conflicts


def test_carryover_the_other_cells_disagree_with_is_a_conflict():
    text = text_of(PUB, "layout")
    assert len(re.findall(r"年末结转和结余\s+55\.34", text)) == 1
    d = cb.read_disclosure(re.sub(r"(年末结转和结余\s+)55\.34", r"\g<1>55.43", text))
    assert d.figures["carryover_end"] == 55.43
    status, _, conflicts = _status(d, "carryover_end")
    assert status == "conflict" and "55.34" in conflicts


@pytest.mark.parametrize("form", ["layout", "plain"])
@pytest.mark.parametrize(("stem", "expected"), [
    # tests/golden/jiangsu_specimens.md (pr17, co17): 支出预算总表 合计, 基本支出, 项目支出 (all funds); the narrative
    # states them ('本年支出预算合计 … 万元，其中：基本支出 … 万元', '项目支出预算数为 … 万元')
    ("jiangsu-procuratorate-2017-budget", (17996.68, 12323.48, 5533.00)),
    ("jiangsu-provincial-congress-office-2017-budget", (13649.07, 7666.68, 5853.96)),
])
def test_narrative_decides_a_budget_total_row_the_text_prints_short(stem, form, expected):
    d = read(stem, form)
    f = d.figures
    assert (f["expenditure_this_year"], f["basic_expenditure"], f["project_expenditure"]) == expected
    total = d.tables["expenditure"].query("row_kind == 'total'").iloc[0]
    decided = [w for w in d.warnings if w.code == "decided_by_narrative" and w.table == "expenditure"]
    assert not decided or decided[0].line == total["line"]


@needs_specimens
@pytest.mark.parametrize("form", ["layout", "plain"])
def test_fiscal_summary_from_text_has_no_cell_the_pdf_does_not_print(form):
    # T4 (golden §1.6): layout text prints 本年收入合计's 2,940.05 on the line above it, after the last 类 row
    # (二十六、抗疫特别国债安排的支出, blank); plain text prints 一般公共服务支出's 2,106.66 below it. A line of
    # amounts between two rows that could both take it is neither's: NaN, never 0 or another row's amount
    a, b = pdf(PUB).tables["fiscal_appropriation"], read(PUB, form).tables["fiscal_appropriation"]
    reference = {(r.side, r.key, r.item): r for r in a.itertuples()}
    compared = 0
    for row in b.itertuples():
        other = reference.get((row.side, row.key, row.item))
        if other is None:
            continue  # a label the text wrapped differently
        for column in ("total", "general_budget"):
            x, y = getattr(other, column), getattr(row, column)
            assert math.isnan(y) or (not math.isnan(x) and abs(x - y) < 1e-9), (row.item, column, x, y)
            compared += not math.isnan(y)
    assert compared >= 10
    this_year = b.query("key == 'income_this_year'").total.iloc[0]
    assert this_year == 2940.05 if form == "plain" else math.isnan(this_year)


def test_quote_marks_and_a_number_ending_the_line_above_fill_the_gaps():
    # plain text of the published 决算, p23: the digits and the “ ” of a Latin font drop to the next line
    para = ["三公 经费财政拨款支出年初预算为 万元，支出决算为 万元，完成预算的"]
    assert _fill_gaps(para, "“ ” 0.95 0.00")
    assert para == ["“三公”经费财政拨款支出年初预算为0.95万元，支出决算为0.00万元，完成预算的"]
    para = ["，其中：因公出国（境）费决算为 万元，完成预算的 ；公务用车购置及运行"]
    assert _fill_gaps(para, "0% 0.00 0%")  # the first 0% ended the line above ('完成预算的' / '0%')
    assert para == ["0%，其中：因公出国（境）费决算为0.00万元，完成预算的0%；公务用车购置及运行"]
    para = ["支出决算为 万元"]
    assert not _fill_gaps(para, "0.95 0.00")  # one gap, two numbers, and nothing says where the other goes
