"""Fuzz of the whole path: read → figures → audit → report view helpers, on mutants of real documents.

A newcomer's file and an attacker's file look alike to the package: lines lost or
doubled, rows out of order, cells shifted, emptied, negated or absurdly large, a
table retitled as another table or as a 决算 table. Whatever the input, the package
may refuse it with a :class:`~chanhe_budget.errors.ChanheBudgetError` but must never
raise anything else (``KeyError``, ``decimal.InvalidOperation``, ``IndexError``…).

The bases are the seed and the text of every specimen PDF (converted once per
session). ``CHANHE_BUDGET_FUZZ_EXAMPLES`` sets the number of random mutants (default
800, plus the systematic sweep of the seed's rows: about 1,200 mutants, ~3 minutes on
one idle core, as the CI runs it); set it to a few thousand for a longer hunt.
"""

from __future__ import annotations

import functools
import os
import random
import re
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chanhe_budget as cb
from chanhe_budget.analysis.ratios import audit_results
from chanhe_budget.report import audit_view, heading, table
from chanhe_budget.templates import templates

from .conftest import SEED, SHARED

EXAMPLES = int(os.environ.get("CHANHE_BUDGET_FUZZ_EXAMPLES", "800"))
_NUMBER_RE = re.compile(r"^-?[\d,]+(?:\.\d+)?$")


def _titles() -> list[str]:
    titles = {spec.title for template in templates().values() for spec in template.tables}
    titles |= {t.replace("预算", "决算") for t in list(titles)}  # 决算 titles: another kind of document
    return sorted(titles)


TITLES = _titles()


@functools.cache
def bases() -> tuple[str, ...]:
    """The seed and the text of every specimen PDF, computed once per session (not a fixture argument, so
    that a failing example does not print every document)."""
    texts = [SEED.read_text(encoding="utf-8")]
    specimens = sorted((SHARED / "specimens").glob("*.pdf"))
    if specimens:
        from chanhe_budget.read.pdf import pdf_to_text

        for path in specimens:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")  # pages without a text layer: the rest is still a base
                    texts.append(pdf_to_text(path))
            except cb.ChanheBudgetError:
                continue
    return tuple(texts)


def _mutate(lines: list[str], op: str, rnd: random.Random) -> None:
    """Apply one mutation in place."""
    if not lines:
        return
    i = rnd.randrange(len(lines))
    j = rnd.randrange(len(lines))
    if op == "drop":
        del lines[i]
    elif op == "duplicate":
        lines.insert(i, lines[i])
    elif op == "swap":
        lines[i], lines[j] = lines[j], lines[i]
    elif op == "retitle":
        title = rnd.choice(TITLES)
        lines[i] = f"## {rnd.choice(['2025 年', '2024年度', ''])}{title}"
    else:
        rows = [k for k, line in enumerate(lines) if "\t" in line]
        if not rows:
            return
        k = rnd.choice(rows)
        cells = lines[k].split("\t")
        c = rnd.randrange(len(cells))
        if op == "shuffle":
            rnd.shuffle(cells)
        elif op == "empty":
            cells[c] = ""
        elif op == "lose_last":
            cells = cells[:-1] or [""]
        elif op == "negate":
            cells[c] = "-" + cells[c] if _NUMBER_RE.match(cells[c].strip()) else "(" + cells[c] + ")"
        elif op == "huge":
            cells[c] = rnd.choice(["9" * 30, "1" * 18 + ".55", "1e308", "99999999999999999999999999.99"])
        elif op == "text":
            cells[c] = rnd.choice(["合计", "——", "XX", "=HYPERLINK(\"x\")", "12a.3", "\x00", "１２３.４５"])
        lines[k] = "\t".join(cells)


OPS = ("drop", "duplicate", "swap", "retitle", "shuffle", "empty", "lose_last", "negate", "huge", "text")


def _run_whole_path(text: str) -> None:
    try:
        d = cb.read_disclosure(text)
    except cb.ChanheBudgetError:
        return
    figures = d.figures
    assert set(figures) >= {"total_income", "project_count"}
    results = audit_results(d)  # the audit as the report runs it
    heading(d)
    for name, frame in d.tables.items():
        table(frame, name)
    audit_view(results)


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_no_exception_outside_the_package_errors(data):
    texts = bases()
    base = data.draw(st.integers(0, len(texts) - 1), label="base")
    ops = data.draw(st.lists(st.sampled_from(OPS), min_size=1, max_size=6), label="mutations")
    rnd = random.Random(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    lines = texts[base].split("\n")
    for op in ops:
        _mutate(lines, op, rnd)
    _run_whole_path("\n".join(lines))


@pytest.mark.parametrize("op", OPS)
def test_every_mutation_on_every_table_row_of_the_seed(seed_text, op):
    """Each mutation applied to each table row of the seed in turn: a systematic sweep beside the random one."""
    lines = seed_text.split("\n")
    rows = [k for k, line in enumerate(lines) if "\t" in line]
    for k in rows[:: max(1, len(rows) // 40)]:
        mutant = list(lines)
        rnd = random.Random(k)
        if op in ("drop", "duplicate", "retitle"):
            if op == "drop":
                del mutant[k]
            elif op == "duplicate":
                mutant.insert(k, mutant[k])
            else:
                mutant[k] = f"## {rnd.choice(TITLES)}"
        else:
            sub = [mutant[k]]
            _mutate(sub, op, rnd)
            mutant[k] = sub[0]
        _run_whole_path("\n".join(mutant))
