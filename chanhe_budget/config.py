"""Paths of the project in one place: where raw disclosures and reports live, and how raw files are named.

``CHANHE_BUDGET_ROOT`` overrides the project root (tests and batch runs use it).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

__all__ = [
    "DISCLOSURE_SUFFIXES",
    "FINAL_ACCOUNTS_SUFFIX",
    "PACKAGE_DIR",
    "available_disclosures",
    "data_dir",
    "disclosure_files",
    "is_disclosure_file",
    "notebook_dirs",
    "project_root",
    "raw_dir",
    "raw_layout",
    "reports_dir",
]

#: The installed package folder (``chanhe_budget/``).
PACKAGE_DIR = Path(__file__).resolve().parent
#: Files a disclosure may be, in order of preference when a department-year has several (text before PDF).
DISCLOSURE_SUFFIXES = (".txt", ".md", ".pdf")
#: File-name suffix of a final-accounts document (决算), so that it can sit beside the budget of the same year.
FINAL_ACCOUNTS_SUFFIX = "_决算"
_YEAR_RE = re.compile(r"\d{4}")


def project_root() -> Path:
    """The project folder: $CHANHE_BUDGET_ROOT, else the checkout this package sits in, else the cwd."""
    env = os.environ.get("CHANHE_BUDGET_ROOT")
    if env:
        return Path(env).resolve()
    here = PACKAGE_DIR.parent
    if (here / "pyproject.toml").is_file() and (here / "data").is_dir():
        return here
    return Path.cwd().resolve()


def data_dir() -> Path:
    return project_root() / "data"


def raw_dir() -> Path:
    """Raw disclosures, never edited: ``data/raw/<year>/<department>.<ext>``."""
    return data_dir() / "raw"


def reports_dir() -> Path:
    return project_root() / "reports"


def notebook_dirs() -> tuple[Path, ...]:
    """Where the report notebooks are: ``notebooks/`` of the checkout, then a copy installed in the package."""
    return (PACKAGE_DIR.parent / "notebooks", PACKAGE_DIR / "notebooks")


def is_disclosure_file(path: Path) -> bool:
    """A visible file with a :data:`DISCLOSURE_SUFFIXES` suffix."""
    return path.is_file() and not path.name.startswith(".") and path.suffix.lower() in DISCLOSURE_SUFFIXES


def disclosure_files(folder: str | os.PathLike) -> Iterator[Path]:
    """Every disclosure file under ``folder``, sorted; hidden files and folders are skipped."""
    base = Path(folder)
    if not base.is_dir():
        return
    for path in sorted(base.rglob("*")):
        if not any(part.startswith(".") for part in path.relative_to(base).parts) and is_disclosure_file(path):
            yield path


def raw_layout(path: str | os.PathLike, raw: str | os.PathLike | None = None) -> tuple[str, str] | None:
    """(year, file stem) when ``path`` sits at ``data/raw/<year>/<name>.<ext>``; else None."""
    try:
        relative = Path(path).resolve().relative_to(Path(raw if raw is not None else raw_dir()).resolve())
    except ValueError:
        return None
    if len(relative.parts) == 2 and _YEAR_RE.fullmatch(relative.parts[0]):
        return relative.parts[0], Path(relative.parts[1]).stem
    return None


def available_disclosures(root: str | os.PathLike | None = None) -> dict[int, dict[str, Path]]:
    """What ``data/raw`` holds: ``{year: {name: path}}``, from ``data/raw/<year>/<name>.<ext>``.

    Only year folders (four digits) and :func:`is_disclosure_file` files count;
    when a name has several files (text and PDF), the first suffix of
    :data:`DISCLOSURE_SUFFIXES` wins. ``root`` is the raw folder (default :func:`raw_dir`).
    """
    base = Path(root) if root is not None else raw_dir()
    held: dict[int, dict[str, Path]] = {}
    if not base.is_dir():
        return held
    for folder in sorted(p for p in base.iterdir() if p.is_dir() and _YEAR_RE.fullmatch(p.name)):
        files = sorted((p for p in folder.iterdir() if is_disclosure_file(p)),
                       key=lambda p: (DISCLOSURE_SUFFIXES.index(p.suffix.lower()), p.name))
        names: dict[str, Path] = {}
        for path in files:
            names.setdefault(path.stem, path.resolve())
        if names:
            held[int(folder.name)] = names
    return held
