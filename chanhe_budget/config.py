"""Paths of the project in one place: where raw disclosures and reports live.

``CHANHE_BUDGET_ROOT`` overrides the project root (tests and batch runs use it).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["PACKAGE_DIR", "data_dir", "notebook_dirs", "project_root", "raw_dir", "reports_dir"]

#: The installed package folder (``chanhe_budget/``).
PACKAGE_DIR = Path(__file__).resolve().parent


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
