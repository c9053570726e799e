"""Writing tables out: CSV (UTF-8 with BOM, for Excel), XLSX, Parquet — always atomically.

A file is written to a temporary name in the same folder and renamed, so a
crash never leaves a half-written file where a good one was.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from .errors import ParameterError

__all__ = ["FORMATS", "atomic_path", "is_formula_like", "neutralise_formulas", "write_atomic", "write_tables"]

FORMATS = ("csv", "xlsx", "parquet")


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success rename it onto ``target``."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        yield Path(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; the result is an ordinary file
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(target: str | os.PathLike, write: Callable[[Path], object]) -> Path:
    """Call ``write(tmp_path)`` and move the result onto ``target`` atomically."""
    with atomic_path(target) as tmp:
        write(tmp)
    return Path(target)


def write_text_atomic(target: str | os.PathLike, text: str) -> Path:
    return write_atomic(target, lambda p: p.write_text(text, encoding="utf-8"))


def write_tables(tables: dict[str, pd.DataFrame], out_dir: str | os.PathLike, fmt: str = "csv",
                 dictionary: pd.DataFrame | None = None) -> list[Path]:
    """Write every table (and the data dictionary) to ``out_dir`` in ``fmt``; returns the paths.

    CSV is UTF-8 with BOM so Excel shows the Chinese; XLSX is one workbook, one sheet per table.
    """
    if fmt not in FORMATS:
        raise ParameterError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ParameterError(f"--out {out} is an existing file: the tables are written into a folder; "
                             "name a folder (it is created when missing)")
    frames = dict(tables)
    if dictionary is not None:
        frames["data_dictionary"] = dictionary
    if fmt == "xlsx":
        def write_book(path: Path) -> None:
            with pd.ExcelWriter(path, engine="openpyxl") as book:
                for name, frame in frames.items():
                    _plain(frame).to_excel(book, sheet_name=name[:31], index=False)
                for sheet in book.book.worksheets:
                    _text_not_formulas(sheet)
        return [write_atomic(out / "tables.xlsx", write_book)]
    paths = []
    for name, frame in frames.items():
        if fmt == "csv":
            paths.append(write_atomic(out / f"{name}.csv", lambda p, f=frame: neutralise_formulas(_plain(f)).to_csv(
                p, index=False, encoding="utf-8-sig")))
        else:
            paths.append(write_atomic(out / f"{name}.parquet", lambda p, f=frame: _plain(f).to_parquet(p, index=False)))
    return paths


#: Characters that make a spreadsheet read a cell as a formula (CSV injection: =HYPERLINK(…), @SUM(…), +cmd|…).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER_RE = re.compile(r"^[+-]?[\d,]*\.?\d+%?$|^[-—–－]+$")


def is_formula_like(value: object) -> bool:
    """Text a spreadsheet would evaluate: it starts with = + - @ tab or CR (a plain number or a dash is not)."""
    return isinstance(value, str) and value.startswith(FORMULA_LEADS) and not _PLAIN_NUMBER_RE.match(value)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose formula-like text cells are prefixed with ``'`` so Excel shows them as text.

    Why: names in a disclosure (a department, a project) are text from outside; opened in
    Excel, ``=HYPERLINK(…)`` would become a live formula. Numbers are untouched.
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            values = out[column]
            mask = values.map(is_formula_like).astype(bool)
            if mask.any():
                out[column] = values.astype(object).where(~mask, "'" + values.astype(str))
    return out


def _text_not_formulas(sheet) -> None:
    """Every formula-like text cell of an openpyxl sheet written as text (quote prefix), never as a formula."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f" or is_formula_like(cell.value):
                cell.data_type = "s"
                cell.quotePrefix = True


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy without attrs (parquet would try to serialise them)."""
    copy = frame.copy()
    copy.attrs = {}
    return copy
