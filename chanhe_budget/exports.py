"""Writing tables out: CSV (UTF-8 with BOM, for Excel), XLSX, Parquet — always atomically.

A file is written to a temporary name in the same folder and renamed, so a
crash never leaves a half-written file where a good one was.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pandas as pd

from .errors import ParameterError

__all__ = ["FORMATS", "atomic_path", "write_atomic", "write_tables"]

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
        return [write_atomic(out / "tables.xlsx", write_book)]
    paths = []
    for name, frame in frames.items():
        if fmt == "csv":
            paths.append(write_atomic(out / f"{name}.csv",
                                      lambda p, f=frame: _plain(f).to_csv(p, index=False, encoding="utf-8-sig")))
        else:
            paths.append(write_atomic(out / f"{name}.parquet", lambda p, f=frame: _plain(f).to_parquet(p, index=False)))
    return paths


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy without attrs (parquet would try to serialise them)."""
    copy = frame.copy()
    copy.attrs = {}
    return copy
