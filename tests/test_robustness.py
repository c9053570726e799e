"""Damaged documents: the package raises only its own errors or warns, and reports nothing the text lacks.

Property-based (hypothesis): the seed and the Henan fixture are truncated, have lines
shuffled or dropped, bytes spliced in, are re-encoded as GB18030, have tables printed in
元 instead of 万元, or tables duplicated. Whatever happens, reading either raises a
:class:`~chanhe_budget.errors.ChanheBudgetError` or returns a Disclosure whose every
figure is either the undamaged document's own figure or comes from a table (or a
narrative statement) that the damaged text still holds.
"""

from __future__ import annotations

import functools
import math
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import chanhe_budget as cb
from chanhe_budget.read.source import normalise_text
from chanhe_budget.templates.spec import compact

from .conftest import FIXTURES, SEED

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DOCUMENTS = {"seed": SEED, "fixture": FIXTURES / "henan_subunits_2024.txt"}
NARRATIVE = "narrative"
#: Where each amount figure comes from (tables, else the narrative); shares are checked through their parts.
SOURCES: dict[str, tuple[str, ...]] = {
    "total_income": ("summary",), "total_expenditure": ("summary",),
    "expenditure_this_year": ("expenditure", "summary"), "general_budget_income": ("summary", "income"),
    "basic_expenditure": ("expenditure",), "project_expenditure": ("expenditure",),
    "personnel_expenditure": ("general_budget_basic",), "public_expenditure": ("general_budget_basic",),
    "three_public_total": ("three_public",), "operating_expenditure": ("operating_funds", NARRATIVE),
    "procurement_total": (NARRATIVE,), "project_count": ("projects",),
    "prior_year_total": (NARRATIVE,), "change_vs_prior": (NARRATIVE,), "change_vs_prior_pct": (NARRATIVE,),
}
DERIVED = {
    "basic_share_pct": ("basic_expenditure", "expenditure_this_year"),
    "project_share_pct": ("project_expenditure", "expenditure_this_year"),
    "personnel_share_of_basic_pct": ("personnel_expenditure", "public_expenditure"),
    "public_share_of_basic_pct": ("personnel_expenditure", "public_expenditure"),
}
#: Tables whose amounts are money (converted to 元 by the unit test below).
AMOUNT_TABLES = ("summary", "income", "expenditure", "fiscal_appropriation", "general_budget_expenditure",
                 "general_budget_basic", "economic_summary", "three_public", "gov_fund", "state_capital",
                 "operating_funds", "projects")
_AMOUNT_CELL_RE = re.compile(r"^-?\d[\d,]*\.\d{1,2}$")
_NUMBER_RE = re.compile(r"\d[\d,.]*")


@functools.cache
def text_of(name: str) -> str:
    return DOCUMENTS[name].read_text(encoding="utf-8")


@functools.cache
def figures_of(name: str) -> dict:
    return cb.read_disclosure(DOCUMENTS[name]).figures


def read_or_none(source) -> cb.Disclosure | None:
    """Read; a ChanheBudgetError is an accepted outcome, any other exception fails the test."""
    try:
        disclosure = cb.read_disclosure(source)
        disclosure.figures  # noqa: B018  (computing the figures must not raise either)
    except cb.ChanheBudgetError:
        return None
    return disclosure


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(float(a), float(b), abs_tol=1e-9)


def _supported(d: cb.Disclosure, name: str, full: dict) -> bool:
    value = d.figures[name]
    if value is None or _same(value, full[name]):
        return True
    if name in DERIVED:
        return all(d.figures[part] is not None and _supported(d, part, full) for part in DERIVED[name])
    for source in SOURCES[name]:
        if source == NARRATIVE:
            if not d.narrative.empty:
                return True  # the statement it comes from is in the damaged text (its line is kept)
        elif source in d.tables:
            return True
    return False


def assert_supported(d: cb.Disclosure | None, damaged: str, name: str) -> None:
    """Every figure is the undamaged one, or comes from a table / statement the damaged text still holds."""
    if d is None:
        return
    full = figures_of(name)
    text = compact("".join(normalise_text(line) for line in damaged.splitlines()))
    for figure in (*SOURCES, *DERIVED):
        assert _supported(d, figure, full), f"{figure} = {d.figures[figure]} (undamaged {full[figure]})"
    for table in d.tables.values():  # a table is only reported when its title is in the text
        title = compact(table.attrs.get("title") or "")
        assert not title or title in text, title
    for statement in d.narrative.itertuples():
        number = _NUMBER_RE.search(statement.printed)
        assert (number.group(0) if number else compact(statement.printed)) in text, statement.printed


# ---------------------------------------------------------------- damage


documents = st.sampled_from(sorted(DOCUMENTS))


@SETTINGS
@given(name=documents, data=st.data())
def test_truncated(name, data):
    text = text_of(name)
    cut = data.draw(st.integers(0, len(text)), label="cut")
    damaged = text[:cut]
    assert_supported(read_or_none(damaged), damaged, name)


@SETTINGS
@given(name=documents, data=st.data())
def test_lines_shuffled(name, data):
    lines = text_of(name).split("\n")
    start = data.draw(st.integers(0, len(lines) - 2), label="start")
    window = data.draw(st.permutations(lines[start:start + data.draw(st.integers(2, 25), label="size")]))
    damaged = "\n".join(lines[:start] + list(window) + lines[start + len(window):])
    assert_supported(read_or_none(damaged), damaged, name)


@SETTINGS
@given(name=documents, data=st.data())
def test_lines_dropped(name, data):
    lines = text_of(name).split("\n")
    dropped = data.draw(st.sets(st.integers(0, len(lines) - 1), max_size=40), label="dropped")
    damaged = "\n".join(line for i, line in enumerate(lines) if i not in dropped)
    assert_supported(read_or_none(damaged), damaged, name)


@SETTINGS
@given(st.binary(max_size=3000))
def test_random_bytes(blob):
    read_or_none(blob)


@SETTINGS
@given(name=documents, data=st.data())
def test_random_bytes_spliced_in(name, data):
    raw = text_of(name).encode("utf-8")
    at = data.draw(st.integers(0, len(raw)), label="at")
    blob = data.draw(st.binary(min_size=1, max_size=64), label="blob")
    damaged = raw[:at] + blob + raw[at:]
    d = read_or_none(damaged)
    if d is not None and d.source_kind != "pdf":
        assert_supported(d, damaged.decode(d.encoding), name)


def test_gb18030_reads_like_utf8():
    for name in DOCUMENTS:
        d = cb.read_disclosure(text_of(name).encode("gb18030"))
        assert d.encoding == "gb18030"
        assert d.figures == figures_of(name)


@SETTINGS
@given(name=documents, data=st.data())
def test_gb18030_truncated(name, data):
    raw = text_of(name).encode("gb18030")
    cut = data.draw(st.integers(0, len(raw)), label="cut")
    d = read_or_none(raw[:cut])
    if d is not None:
        assert_supported(d, raw[:cut].decode(d.encoding), name)


def _blocks(text: str) -> list[list[str]]:
    """The text split before each heading line: table blocks start with their ``#`` title."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.startswith("#"):
            blocks.append([])
        blocks[-1].append(line)
    return blocks


def _table_of(block: list[str]) -> str | None:
    title = compact(block[0].lstrip("#")) if block and block[0].startswith("#") else ""
    for table in AMOUNT_TABLES:
        label = compact(cb.TABLE_LABELS[table])
        if title.endswith(label) or (table == "operating_funds" and "机构运转经费预算表" in title):
            return table
    return None


def _to_yuan(block: list[str]) -> list[str]:
    out = []
    for line in block:
        if "单位" in line and "万元" in line:
            out.append(line.replace("万元", "元"))
        elif "\t" in line:
            out.append("\t".join(f"{float(c.replace(',', '')) * 10000:.2f}" if _AMOUNT_CELL_RE.match(c.strip())
                                 else c for c in line.split("\t")))
        else:
            out.append(line)
    return out


@SETTINGS
@given(name=documents, data=st.data())
def test_amounts_in_yuan_read_as_wan(name, data):
    blocks = _blocks(text_of(name))
    candidates = sorted({t for b in blocks if (t := _table_of(b))})
    chosen = data.draw(st.sets(st.sampled_from(candidates), min_size=1), label="tables in 元")
    damaged = "\n".join("\n".join(_to_yuan(b) if _table_of(b) in chosen else b) for b in blocks)
    d = cb.read_disclosure(damaged)
    assert d.figures == {**figures_of(name), "unit": d.figures["unit"]}
    for table in chosen:
        assert d.tables[table].attrs["source_unit"] == "元"


@SETTINGS
@given(name=documents, data=st.data())
def test_tables_duplicated(name, data):
    blocks = _blocks(text_of(name))
    tables = [i for i, b in enumerate(blocks) if _table_of(b)]
    i = data.draw(st.sampled_from(tables), label="table")
    at = data.draw(st.integers(i + 1, len(blocks)), label="copy at")
    damaged_blocks = [*blocks[:at], blocks[i], *blocks[at:]]
    damaged = "\n".join("\n".join(b) for b in damaged_blocks)
    d = cb.read_disclosure(damaged)
    assert d.figures == figures_of(name)
    assert "duplicate_table" in {w.code for w in d.warnings}


#: Fragments a conversion can lose, double or misplace: separators, digits, units, headings, totals.
FRAGMENTS = ("\t", "\n", "\t\t", "0", "9", ".", ",", "-", "合计", "单位：元", "单位：亿元", "## ", "|", "万元", "减少",
             "增加", "2024 年", "小计", "其中：", "一、", "（", "）", "$", "\\", "*", "%", "\f", "\r", " ", "项", "个")


@SETTINGS
@given(name=documents, data=st.data())
def test_fragments_inserted_deleted_replaced(name, data):
    text = text_of(name)
    for _ in range(data.draw(st.integers(1, 20), label="edits")):
        at = data.draw(st.integers(0, len(text)), label="at")
        fragment = data.draw(st.sampled_from(FRAGMENTS), label="fragment")
        operation = data.draw(st.sampled_from(("insert", "delete", "replace")), label="operation")
        end = at + (data.draw(st.integers(1, 20)) if operation == "delete" else len(fragment))
        text = text[:at] + ("" if operation == "delete" else fragment) + text[at if operation == "insert" else end:]
    assert_supported(read_or_none(text), text, name)


@settings(max_examples=15, deadline=None)
@given(name=documents, data=st.data())
def test_all_lines_shuffled(name, data):
    damaged = "\n".join(data.draw(st.permutations(text_of(name).split("\n")), label="lines"))
    assert_supported(read_or_none(damaged), damaged, name)


def test_count_change_is_not_an_amount(seed_text):
    """Quirk found by test_fragments_…: 「比 2024 年减少 2 个」 crashed the narrative (a count sent to to_wan)."""
    d = cb.read_disclosure(seed_text.replace("共 7 个项目，", "共 7 个项目，比 2024 年减少 2 个，"))
    counts = d.narrative[d.narrative["kind"] == "change_count"]
    assert counts[["key", "value", "unit"]].to_dict("records") == [{"key": "project_count", "value": -2.0, "unit": "个"}]
    assert d.figures == cb.read_disclosure(seed_text).figures


#: Files a batch may meet: two good documents and four kinds of damage.
BATCH_FILES = {
    "seed": lambda: text_of("seed").encode("utf-8"),
    "fixture": lambda: text_of("fixture").encode("gb18030"),
    "truncated": lambda: text_of("seed")[:900].encode("utf-8"),
    "binary": lambda: b"\x00\x01\x02PK\x03\x04" * 50,
    "empty": lambda: b"",
    "pdf": lambda: b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
}


@settings(max_examples=10, deadline=None)
@given(st.lists(st.sampled_from(sorted(BATCH_FILES)), min_size=1, max_size=6))
def test_a_batch_completes_for_the_readable_files_and_lists_the_others(kinds):
    from chanhe_budget.corpus import load_corpus

    with tempfile.TemporaryDirectory() as folder:
        raw = Path(folder) / "data" / "raw" / "2024"
        raw.mkdir(parents=True)
        for i, kind in enumerate(kinds):
            (raw / f"{i}-{kind}.{'pdf' if kind == 'pdf' else 'txt'}").write_bytes(BATCH_FILES[kind]())
        corpus = load_corpus(folder, scheduler="synchronous", cache=False)
    good = sum(kind in ("seed", "fixture") for kind in kinds)
    assert len(corpus) == len(kinds) and len(corpus.figures) == good
    failures = corpus.failures
    assert len(failures) == len(kinds) - good
    assert failures["reason"].str.len().gt(0).all() and failures["error"].str.endswith("Error").all()
