"""Shared fixtures: the bundled reference disclosure and helpers to edit copies of it."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "2025" / "洛阳市瀍河回族区行政审批和政务信息管理局.txt"
#: The shared folder (specimens, seeds, reference): ``$CHANHE_BUDGET_SHARED``, else ``../shared`` beside the checkout.
#: Tests that need it skip with the reason when it is missing (``pytest -rs`` lists them).
SHARED = Path(os.environ["CHANHE_BUDGET_SHARED"]).expanduser() if os.environ.get("CHANHE_BUDGET_SHARED") \
    else ROOT.parent / "shared"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Each specimen PDF as pdftotext -layout (``<stem>.layout.txt``) and pdfplumber (``<stem>.plain.txt``) wrote it.
TEXTS = FIXTURES / "text"


@cache
def specimen(stem: str):
    """The disclosure read from ``../shared/specimens/<stem>.pdf`` (once per test session)."""
    import chanhe_budget as cb

    return cb.read_disclosure(SHARED / "specimens" / f"{stem}.pdf")


@cache
def specimen_text(stem: str, form: str):
    """The disclosure read from the specimen's text fixture, ``form`` = ``layout`` or ``plain``."""
    import chanhe_budget as cb

    return cb.read_disclosure(TEXTS / f"{stem}.{form}.txt")


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed():
    import chanhe_budget as cb

    return cb.read_disclosure(SEED)


def fixture_text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")
