"""Tables and data dictionary written as CSV (UTF-8 with BOM), XLSX (a sheet per table), Parquet."""

from __future__ import annotations

import pandas as pd
import pytest

import chanhe_budget as cb
from chanhe_budget.cli import main
from chanhe_budget.errors import ParameterError
from chanhe_budget.exports import write_tables

from .conftest import SEED


def test_csv_has_bom_and_chinese(tmp_path):
    assert main(["tables", str(SEED), "--out", str(tmp_path)]) == 0
    raw = (tmp_path / "expenditure.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and "行政运行".encode() in raw
    back = pd.read_csv(tmp_path / "expenditure.csv", encoding="utf-8-sig", dtype={"code": str})
    assert "2010301" in set(back.code)
    assert (tmp_path / "data_dictionary.csv").exists()
    assert len(list(tmp_path.glob("*.csv"))) == 15


def test_xlsx_one_sheet_per_table(tmp_path):
    assert main(["tables", str(SEED), "--out", str(tmp_path), "--format", "xlsx"]) == 0
    sheets = pd.read_excel(tmp_path / "tables.xlsx", sheet_name=None)
    assert set(cb.TABLE_NAMES[:14]) | {"data_dictionary"} == set(sheets)  # the 14 Henan tables


def test_parquet_round_trip(tmp_path, seed):
    write_tables(seed.tables, tmp_path, "parquet")
    back = pd.read_parquet(tmp_path / "projects.parquet")
    assert back.total.sum() == pytest.approx(seed.tables["projects"].total.sum())


def test_bad_format_names_the_allowed_ones(tmp_path, seed):
    with pytest.raises(ParameterError, match="csv, xlsx, parquet"):
        write_tables(seed.tables, tmp_path, "json")


def test_no_temporary_files_left(tmp_path, seed):
    write_tables(seed.tables, tmp_path, "csv")
    assert not list(tmp_path.glob(".*tmp"))


def test_data_dictionary_covers_every_column(seed):
    dictionary = cb.data_dictionary()
    assert {"table", "column", "label_zh", "unit", "meaning"} <= set(dictionary)
    known = set(zip(dictionary.table, dictionary.column, strict=True))
    for name, frame in seed.tables.items():
        missing = [c for c in frame.columns if (name, c) not in known]
        assert not missing, (name, missing)
    amounts = dictionary[(dictionary.table == "expenditure") & (dictionary.column == "basic_total")]
    assert amounts.unit.item() == "万元" and amounts.label_zh.item() == "基本支出-小计"
