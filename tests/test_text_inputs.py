"""Every text a researcher may hold: layout text, plain extracted text, page JSON — against the PDF.

The fixtures in tests/fixtures/text are the specimen PDFs (../shared/specimens) as
``pdftotext -layout`` wrote them (``.layout.txt``) and as pdfplumber's ``extract_text()``
wrote them page by page, joined with form feeds (``.plain.txt``); ``make_fixtures.py``
beside them regenerates them. The golden tests compare the key figures read from each text
with those read from the PDF, for every specimen the package reads from its PDF (the
four Shanghai budgets today, hand-checked in tests/test_specimens.py; more join
automatically when a template reads them). The damaged copies check that a missing row or
page gives warnings and NaN/None, never a confident wrong figure.
"""

from __future__ import annotations

import json
import math
import re
from functools import cache

import pytest

import chanhe_budget as cb
from chanhe_budget.errors import ChanheBudgetError, NotADisclosureError, TemplateNotRecognisedError
from chanhe_budget.parse.placement import place_rows
from chanhe_budget.read.formats import detect_text_format
from chanhe_budget.templates.spec import Column

from .conftest import FIXTURES, SEED, SHARED, specimen_text

TEXTS = FIXTURES / "text"
SPECIMENS = SHARED / "specimens"
STEMS = sorted(p.name[: -len(".layout.txt")] for p in TEXTS.glob("*.layout.txt"))
FINANCE = "shanghai-putuo-finance-bureau-2025-budget"
WELFARE = "shanghai-putuo-welfare-home-2024-unit-budget"
needs_specimens = pytest.mark.skipif(not SPECIMENS.is_dir(), reason="../shared/specimens is not beside the checkout")
SHANGHAI_BUDGETS = frozenset({FINANCE, WELFARE, "shanghai-putuo-wanli-street-2023-budget",
                              "shanghai-putuo-wanli-street-2024-budget"})
#: The narrative parts of publications split in two: no table, so no template — refused alone, from the PDF
#: and from its text alike (read together with their tables part: tests/test_text_jiangsu.py).
NARRATIVE_PARTS = frozenset(s for s in STEMS if s.endswith("-narrative") or "standing-committee" in s)
#: The figures read from tables, whose text rows this reader rebuilds.
TABLE_FIGURES = ("total_income", "total_expenditure", "expenditure_this_year", "general_budget_income",
                 "basic_expenditure", "project_expenditure", "personnel_expenditure", "public_expenditure",
                 "three_public_total", "operating_expenditure")


@cache
def from_pdf(stem: str):
    """The disclosure read from the specimen PDF, or None when the package refuses that PDF."""
    try:
        return cb.read_disclosure(SPECIMENS / f"{stem}.pdf")
    except ChanheBudgetError:
        return None


from_text = specimen_text


def test_fixtures_cover_every_specimen_and_stay_small():
    if SPECIMENS.is_dir():
        assert set(STEMS) == {p.stem for p in SPECIMENS.glob("*.pdf")}
    for stem in STEMS:
        assert (TEXTS / f"{stem}.plain.txt").is_file()
    total = sum(p.stat().st_size for p in TEXTS.glob("*.txt"))
    assert total < 3_000_000, f"text fixtures hold {total:,} bytes"


@needs_specimens
@pytest.mark.parametrize("form", ["layout", "plain"])
@pytest.mark.parametrize("stem", STEMS)
def test_text_gives_the_key_figures_of_the_pdf(stem, form):
    # every specimen, both text forms: every key figure the PDF gives, and no other number (Shanghai budgets,
    # the 决算 and its planted copy, the blank form — None for money, like its PDF — and every Jiangsu part)
    pdf = from_pdf(stem)
    if pdf is None:  # refused from the PDF: refused from its text, with the same error
        assert stem in NARRATIVE_PARTS
        with pytest.raises(TemplateNotRecognisedError):
            from_text(stem, form)
        return
    d = from_text(stem, form)
    assert d.metadata["input_format"] == f"{form}_text"
    assert d.template.name == pdf.template.name
    differ = {k: (v, d.figures[k]) for k, v in pdf.figures.items() if d.figures[k] != v}
    assert not differ, differ


def test_every_specimen_but_the_narrative_parts_is_read_from_its_pdf():
    # the test above compares with the PDF: make sure no specimen escapes it by being refused
    if not SPECIMENS.is_dir():
        pytest.skip("../shared/specimens is not beside the checkout")
    assert {stem for stem in STEMS if from_pdf(stem) is None} == NARRATIVE_PARTS


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_finance_bureau_hand_checked_figures_from_text(form):
    # independent of the PDF: the values of tests/golden/shanghai_specimens.md
    f = from_text(FINANCE, form).figures
    assert (f["total_income"], f["basic_expenditure"], f["project_expenditure"]) == (3121.42, 2512.11, 609.31)
    assert (f["personnel_expenditure"], f["public_expenditure"]) == (2282.68, 229.43)
    # the “三公” table's header spreads over four lines; its one row prints 3 numbers for 7 columns
    assert (f["three_public_total"], f["operating_expenditure"]) == (0.95, 229.43)
    assert (f["prior_year_total"], f["procurement_total"]) == (3013.80, 117.00)


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_three_public_cells_the_identities_cannot_place_are_nan_with_a_warning(form):
    d = from_text(FINANCE, form)
    row = d.tables["three_public"].iloc[0]
    # 0.95 is the total and either 因公出国 or 公务接待 (the PDF: 公务接待); the text cannot say which
    assert row["total"] == 0.95 and row["operating"] == 229.43
    assert math.isnan(row["outbound"]) and math.isnan(row["reception"])
    assert row["vehicles"] == 0 and row["vehicle_purchase"] == 0  # no reading puts 0.95 there
    warned = [w for w in d.warnings if w.code == "ambiguous_columns" and w.table == "three_public"]
    assert warned and "因公出国(境)费" in warned[0].message and "公务接待费" in warned[0].message


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_roll_up_places_a_leaf_that_prints_one_amount_twice(form):
    # 201 06 02 一般行政管理事务 100,000.00 100,000.00: 基本 or 项目? The 款 above it and its siblings say 项目
    t = from_text(FINANCE, form).tables["expenditure"]
    row = t[t.code == "2010602"].iloc[0]
    assert (row["total"], row["basic_total"], row["project_total"]) == (10.0, 0.0, 10.0)
    row = t[t.code == "2010601"].iloc[0]  # printed in full
    assert (row["basic_total"], row["project_total"]) == pytest.approx((1609.3326, 13.85148), abs=1e-9)


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_summary_decides_the_income_table(form):
    # every income row prints 合计 and one source: 财政拨款收入, 事业收入, 经营收入 or 其他收入? 收支总表 prints
    # 事业收入, 事业单位经营收入 and 其他收入 blank (X01e), so the 合计 row is decided, and the roll-up decides the rest
    d = from_text(FINANCE, form)
    income = d.tables["income"]
    assert not income[["total", "current_fiscal", "current_business", "current_other"]].isna().any().any()
    assert income.current_fiscal.sum() == pytest.approx(income.total.sum())
    assert not [w for w in d.warnings if w.table == "income"]


@needs_specimens
@pytest.mark.parametrize("form", ["layout", "plain"])
@pytest.mark.parametrize("stem", [FINANCE, WELFARE])
def test_no_cell_read_from_text_differs_from_the_pdf(stem, form):
    # a cell is either the PDF's value or NaN (with a warning): never another number
    pdf, d = from_pdf(stem), from_text(stem, form)
    for name in ("summary", "expenditure", "general_budget_expenditure", "general_budget_basic", "three_public",
                 "fiscal_appropriation", "income"):
        a, b = pdf.tables[name], d.tables[name]
        assert len(a) == len(b), name
        for column in a.columns:
            if a[column].dtype.kind != "f" or column == "line":
                continue
            for x, y in zip(a[column], b[column], strict=True):
                assert (isinstance(y, float) and math.isnan(y)) or abs(x - y) < 1e-9, (name, column, x, y)


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_damaged_class_code_in_text_is_repaired_and_reported(form):
    # the welfare home prints '7 11 02 事业单位医疗' for 210 11 02 (as in its PDF, tests/test_specimens.py)
    d = from_text(WELFARE, form)
    row = d.tables["expenditure"].set_index("code").loc["2101102"]
    assert (row["name"], row["total"], row["basic_total"]) == ("事业单位医疗", 50.3724, 50.3724)
    assert any(w.code == "code_repaired" and "'7'" in w.message for w in d.warnings)


@needs_specimens
@pytest.mark.parametrize("form", ["layout", "plain"])
@pytest.mark.parametrize("stem", sorted(SHANGHAI_BUDGETS))
def test_audit_of_the_text_fails_what_the_audit_of_the_pdf_fails(stem, form):
    # a cell left NaN is unknown, not 0: the checks that need it cannot be made, they do not fail
    def failed(d) -> list[tuple[str, str]]:
        audit = d.audit()
        return sorted(zip(audit[audit.status == "fail"].check_id, audit[audit.status == "fail"].description_en,
                          strict=True))

    assert failed(from_text(stem, form)) == failed(from_pdf(stem))


@needs_specimens
@pytest.mark.parametrize("form", ["layout", "plain"])
@pytest.mark.parametrize("stem", STEMS)
def test_audit_of_any_specimens_text_fails_no_check_its_pdf_passes(stem, form):
    # Jiangsu, the 决算 and the blank form too: a header whose words text cuts over lines (C16), a placeholder
    # '4 。。。' of the blank form (T07) are not failures; a check the text cannot make is cannot_check
    pdf = from_pdf(stem)
    if pdf is None:
        pytest.skip(f"{stem} is a narrative part: refused alone, audited with its tables part")

    def failed(d) -> set[str]:
        audit = d.audit()
        return set(audit[audit.status == "fail"].check_id)

    assert failed(from_text(stem, form)) <= failed(pdf)


def test_amounts_without_thousands_separators():
    text = (TEXTS / f"{FINANCE}.plain.txt").read_text(encoding="utf-8")
    bare = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    assert "31214205.80" in bare
    f = cb.read_disclosure(bare).figures
    assert {k: f[k] for k in TABLE_FIGURES} == {k: from_text(FINANCE, "plain").figures[k] for k in TABLE_FIGURES}


# ---------------------------------------------------------------- input formats


def test_input_format_detection():
    assert detect_text_format(SEED.read_text(encoding="utf-8")) == "markdown"
    assert detect_text_format("a\tb\tc\n1\t2\t3\n4\t5\t6\n") == "tsv"
    assert detect_text_format((TEXTS / f"{FINANCE}.layout.txt").read_text(encoding="utf-8")) == "layout_text"
    assert detect_text_format((TEXTS / f"{FINANCE}.plain.txt").read_text(encoding="utf-8")) == "plain_text"
    assert cb.read_disclosure(SEED).metadata["input_format"] == "markdown"


@pytest.mark.parametrize("shape", ["object", "list", "objects"])
def test_page_json_reads_like_the_plain_text(shape, tmp_path):
    pages = (TEXTS / f"{FINANCE}.plain.txt").read_text(encoding="utf-8").split("\f")
    data = {"object": {"page_texts": pages}, "list": pages, "objects": {"pages": [{"text": p} for p in pages]}}[shape]
    path = tmp_path / "pages.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    d = cb.read_disclosure(path)
    assert d.metadata["input_format"] == "page_json"
    assert d.figures == from_text(FINANCE, "plain").figures


def test_json_of_another_shape_is_a_typed_error():
    with pytest.raises(NotADisclosureError, match="page_texts"):
        cb.read_disclosure('{"title": "2025年部门预算", "tables": 3}')


@needs_specimens
def test_pdf_input_format_is_recorded():
    assert from_pdf(WELFARE).metadata["input_format"] == "pdf"


# ---------------------------------------------------------------- placement by the identities


COLUMNS = (Column("total", "合计"), Column("basic_total", "基本支出"), Column("project_total", "项目支出"))


def test_a_short_row_alone_is_undecided():
    (row,) = place_rows([[100.0, 100.0]], COLUMNS)
    assert row.values[0] == 100.0 and math.isnan(row.values[1]) and math.isnan(row.values[2])
    assert row.undecided == [1, 2]


def test_a_row_that_adds_up_one_way_only_is_decided():
    (row,) = place_rows([[300.0, 100.0, 200.0]], COLUMNS)
    assert row.values == [300.0, 100.0, 200.0] and not row.undecided
    (row,) = place_rows([[0.0, 0.0]], COLUMNS)  # zeros are zeros wherever they go
    assert row.values == [0.0, 0.0, 0.0]


def test_roll_up_decides_children_from_their_parent():
    rows = place_rows([[300.0, 100.0, 200.0], [100.0, 100.0], [200.0, 200.0]], COLUMNS,
                      codes=["201", "20101", "20102"], kinds=["class", "section", "section"])
    assert [r.values for r in rows[1:]] == [[100.0, 100.0, 0.0], [200.0, 0.0, 200.0]]


def test_roll_up_that_does_not_add_up_decides_nothing():
    # a child row is missing (deleted, or on a dropped page): no reading adds up, nothing is guessed
    rows = place_rows([[300.0, 100.0, 200.0], [100.0, 100.0]], COLUMNS,
                      codes=["201", "20101"], kinds=["class", "section"])
    assert rows[1].undecided == [1, 2]


# ---------------------------------------------------------------- damaged copies


def _pages(form: str) -> list[str]:
    return (TEXTS / f"{FINANCE}.{form}.txt").read_text(encoding="utf-8").split("\f")


def _never_confidently_wrong(d, reference) -> None:
    for key, value in reference.figures.items():
        assert d.figures[key] in (value, None), (key, value, d.figures[key])


@pytest.mark.parametrize("form", ["layout", "plain"])
def test_a_deleted_row_gives_warnings_and_nan_never_a_wrong_cell(form):
    pages = _pages(form)
    page = next(i for i, p in enumerate(pages) if "部门支出预算总表" in p and "编制部门" in p)
    pattern = re.compile(r"^.*201\s+06\s+02\s+一般行政管理事务.*\n", re.M)
    assert pattern.search(pages[page])
    pages[page] = pattern.sub("", pages[page], count=1)
    d = cb.read_disclosure("\f".join(pages))
    reference = from_text(FINANCE, form)
    _never_confidently_wrong(d, reference)
    t = d.tables["expenditure"]
    assert "2010602" not in set(t.code)
    for code in ("2010607", "2010608"):  # the siblings can no longer be placed by the roll-up
        row = t[t.code == code].iloc[0]
        assert math.isnan(row["basic_total"]) and math.isnan(row["project_total"]), code
        assert any(w.code == "ambiguous_columns" and w.line == row["line"] for w in d.warnings)
    assert d.audit().query("status == 'fail'").shape[0] > 0  # the missing row breaks an identity


@pytest.mark.parametrize("form", ["layout", "plain"])
@pytest.mark.parametrize(("title", "after"), [("“三公”经费和机关运行经费预算表", 0), ("部门支出预算总表", 1)])
def test_a_dropped_page_gives_warnings_and_none_never_a_wrong_figure(form, title, after):
    # the “三公” table's page; the expenditure table's continuation page, which holds its 合计 row
    pages = _pages(form)
    drop = next(i for i, p in enumerate(pages) if title in p and "编制部门" in p) + after
    d = cb.read_disclosure("\f".join(pages[:drop] + pages[drop + 1:]))
    _never_confidently_wrong(d, from_text(FINANCE, form))
    assert [k for k in TABLE_FIGURES if d.figures[k] is None]
    audit = d.audit()
    flagged = audit[audit.status.isin(["fail", "warn"]) & (audit.family == "completeness")]
    said = {w.code for w in d.warnings} - {w.code for w in from_text(FINANCE, form).warnings}
    assert said or not flagged.empty, "a dropped page must be reported"
    if after:
        assert "total_row_missing" in said
