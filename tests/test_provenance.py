"""Provenance and corroboration of the key figures, scored template detection, the CLI's status output.

The conflict tests change one printed amount in a copy of the bundled disclosure and check that
every figure the amount feeds turns to ``conflict`` — a wrong figure is never ``confirmed``.
"""

from __future__ import annotations

import json

import pytest

import chanhe_budget as cb
from chanhe_budget.cli import main
from chanhe_budget.errors import NotADisclosureError, TemplateNotRecognisedError
from chanhe_budget.provenance import FIGURE_PLACES, PROVENANCE_COLUMNS

from .conftest import FIXTURES, SEED, SHARED

#: The seed's 部门支出预算表 合计 row (合计, 基本支出, 工资福利, 对个人和家庭, 商品和服务, 资本性, 项目支出 …).
EXPENDITURE_TOTAL = "\t\t\t\t合计\t289.81\t219.13\t207.67\t\t11.46\t\t70.68\t70.68\t\t\t\t"


def _status(d) -> dict:
    return dict(zip(d.provenance["figure"], d.provenance["status"], strict=True))


def _replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) >= 1, old
    return text.replace(old, new, 1)


def test_every_figure_has_one_provenance_row(seed):
    p = seed.provenance
    assert list(p.columns) == list(PROVENANCE_COLUMNS)
    assert list(p["figure"]) == list(cb.FIGURE_NAMES)
    assert p["value"].tolist()[5:] == [seed.figures[n] for n in cb.FIGURE_NAMES[5:]]
    status = _status(seed)
    assert status["total_income"] == status["expenditure_this_year"] == status["basic_expenditure"] == "confirmed"
    assert status["reserve_expenditure"] == "absent"
    assert "conflict" not in status.values()
    row = p.set_index("figure").loc["basic_expenditure"]
    assert row["source"].startswith("expenditure 合计 (basic_total; line 237")
    assert "department_performance 资金结构 基本支出" in row["corroborated_by"]


def test_one_changed_amount_turns_the_figures_it_feeds_to_conflict(seed_text):
    """基本支出 of the 部门支出预算表 合计 row printed 229.13 instead of 219.13: basic expenditure disagrees with
    the 整体绩效目标表 and the narrative, the row no longer adds up (合计 ≠ 基本 + 项目), and the share
    computed from it inherits the conflict."""
    changed = EXPENDITURE_TOTAL.replace("\t219.13\t", "\t229.13\t")
    d = cb.read_disclosure(_replace_once(seed_text, EXPENDITURE_TOTAL, changed))
    assert d.figures["basic_expenditure"] == 229.13
    status = _status(d)
    for figure in ("basic_expenditure", "expenditure_this_year", "basic_share_pct"):
        assert status[figure] == "conflict", figure
    conflicts = d.provenance.set_index("figure").at["basic_expenditure", "conflicts"]
    assert "department_performance 资金结构 基本支出" in conflicts and "219.13" in conflicts
    assert status["project_expenditure"] == "confirmed" and status["total_income"] == "confirmed"


@pytest.mark.parametrize("old,new,figures", [
    ("收入总计\t289.81\t支出总计\t289.81", "收入总计\t298.81\t支出总计\t289.81", ("total_income",)),
    ("合计\t\t\t\t219.13\t207.67\t11.46", "合计\t\t\t\t219.13\t217.67\t11.46",
     ("personnel_expenditure", "personnel_share_of_basic_pct", "public_share_of_basic_pct")),
    ("本年收入合计\t289.81\t本年支出合计\t289.81", "本年收入合计\t289.81\t本年支出合计\t298.81", ()),
])
def test_a_wrong_figure_is_never_confirmed(seed_text, seed, old, new, figures):
    d = cb.read_disclosure(_replace_once(seed_text, old, new))
    status = _status(d)
    for name in figures:
        assert d.figures[name] != seed.figures[name]
        assert status[name] == "conflict", name
    for name in cb.FIGURE_NAMES:  # whatever changed value is flagged, never confirmed
        if d.figures[name] != seed.figures[name]:
            assert status[name] != "confirmed", name


def test_places_are_data():
    assert set(FIGURE_PLACES) <= set(cb.FIGURE_NAMES)
    assert {"basic_expenditure", "reserve_expenditure", "procurement_total"} <= set(FIGURE_PLACES)


@pytest.mark.skipif(not (SHARED / "specimens").is_dir(), reason="../shared/specimens is not beside the checkout")
@pytest.mark.parametrize("name", ["shanghai-putuo-finance-bureau-2025-budget.pdf",
                                  "shanghai-putuo-wanli-street-2023-budget.pdf",
                                  "shanghai-putuo-wanli-street-2024-budget.pdf",
                                  "shanghai-putuo-welfare-home-2024-unit-budget.pdf"])
def test_shanghai_figures_have_provenance_and_no_conflict(name):
    d = cb.read_disclosure(SHARED / "specimens" / name)
    status = _status(d)
    assert "conflict" not in status.values(), d.provenance[d.provenance["status"] == "conflict"].to_string()
    assert status["total_income"] == status["three_public_total"] == "confirmed"


# ---------------------------------------------------------------- detection


def test_detection_records_its_score(seed):
    assert seed.detection.template.name == "henan" and seed.detection.score == 1.0
    assert seed.metadata["template_score"] == 1.0 and seed.metadata["tables_missing"] == []


def test_below_the_floor_is_a_typed_error_naming_the_closest_template(seed_text):
    """Two tables of fourteen: refused, with the closest template, the tables found and missing."""
    text = seed_text[: seed_text.index("## 2025 年部门支出预算表")]
    with pytest.raises(TemplateNotRecognisedError) as caught:
        cb.read_disclosure(text)
    error = caught.value
    assert isinstance(error, NotADisclosureError)
    assert error.closest == "henan" and error.found == ("summary", "income") and "expenditure" in error.missing
    assert "henan" in str(error) and "2 of its 14 tables" in str(error)
    d = cb.read_disclosure(text, template="henan")  # named, the template is used whatever the score
    assert list(d.tables) == ["summary", "income"]


def test_a_document_with_no_table_says_so():
    with pytest.raises(TemplateNotRecognisedError, match="found no table"):
        cb.read_disclosure("江苏省某厅2019年度部门预算公开\n\n一、主要职能\n\n负责全省的某项工作。\n")


# ---------------------------------------------------------------- command line


def test_cli_figures_prints_each_status(capsys):
    assert main(["figures", str(SEED)]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if x.startswith("basic_expenditure"))
    assert "219.13" in line and "confirmed" in line
    assert main(["figures", str(SEED), "--json", "--metadata"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert {r["figure"]: r["status"] for r in payload["provenance"]}["total_income"] == "confirmed"


def test_cli_figures_strict_exits_1_on_a_conflict(tmp_path, seed_text, capsys):
    changed = tmp_path / "changed.txt"
    changed.write_text(_replace_once(seed_text, EXPENDITURE_TOTAL, EXPENDITURE_TOTAL.replace("\t219.13\t", "\t229.13\t")),
                       encoding="utf-8")
    assert main(["figures", str(changed)]) == 0
    assert main(["figures", str(changed), "--strict"]) == 1
    assert "conflict: basic_expenditure 229.13" in capsys.readouterr().err
    assert main(["figures", str(SEED), "--strict"]) == 0


@pytest.mark.skipif(not (SHARED / "specimens").is_dir(), reason="../shared/specimens is not beside the checkout")
def test_cli_commands_take_the_parts_of_one_publication(tmp_path, capsys):
    narrative = SHARED / "specimens" / "jiangsu-cppcc-office-2018-budget-narrative.pdf"
    tables = SHARED / "specimens" / "jiangsu-cppcc-office-2018-budget-tables.pdf"
    assert main(["figures", str(tables), str(narrative), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert (figures["total_income"], figures["reserve_expenditure"], figures["change_vs_prior"]) == \
        (10150.48, 1157.63, 1003.69)
    assert main(["tables", str(narrative), str(tables), "--out", str(tmp_path)]) == 0
    assert (tmp_path / "procurement.csv").is_file()
    capsys.readouterr()
    assert main(["audit", str(tables), str(narrative), "--json"]) == 0
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert len(lines) == 1 and " + " in lines[0]["file"]
    assert main(["figures", str(narrative)]) == 2  # a narrative part alone is refused, with the reason
    assert "narrative part" in capsys.readouterr().err


# ---------------------------------------------------------------- narrative rules (no specimen needed)


def _statements(text: str):
    from chanhe_budget.parse.narrative import sections_to_statements, statements_to_frame
    from chanhe_budget.parse.segment import Section
    from chanhe_budget.read.source import Line

    lines = [Line(n, t) for n, t in enumerate(text.splitlines(), start=1)]
    return statements_to_frame(sections_to_statements([Section("", 0, 1, len(lines), lines)]))


def test_boilerplate_change_is_not_a_change():
    frame = _statements("(2)政府性基金收入预算0万元,与上年相比增加(减少)0万元,增长(减少)0%。")
    assert frame["kind"].tolist() == ["amount", "boilerplate", "boilerplate"]
    assert frame["direction"].isna().all()


def test_the_total_change_comes_from_a_sentence_about_the_total():
    frame = _statements("某厅2018年度收入、支出预算总计24458.43万元,与上年相比收、支预算总计各增加3608.98万元,增长17.31%。\n"
                        "某厅2018年度财政拨款收、支总预算24458.43万元。与上年相比收、支预算总计各增加3756.18万元,增长18.14%。")
    changes = frame[frame["kind"] == "change_amount"].set_index("value")["key"]
    assert changes[3608.98] == "total" and changes[3756.18] == "general_budget_total"
    assert frame.loc[frame["kind"] == "amount", "key"].tolist() == ["total", "general_budget_total"]


@pytest.mark.skipif(not (SHARED / "specimens").is_dir(), reason="../shared/specimens is not beside the checkout")
@pytest.mark.parametrize("form", ["layout", "plain"])
def test_a_cell_the_text_could_not_place_is_no_conflict(form):
    # the finance bureau's “三公” row from text: 出国 and 接待 are NaN (0.95 is one of them, the text cannot say
    # which). Their sum is unknown, not 0.00: it neither confirms nor contradicts the 合计 0.95, which the
    # narrative confirms — the status the PDF gives, where all the cells are read
    stem = "shanghai-putuo-finance-bureau-2025-budget"
    text = cb.read_disclosure(FIXTURES / "text" / f"{stem}.{form}.txt")
    pdf = cb.read_disclosure(SHARED / "specimens" / f"{stem}.pdf")
    row = text.provenance.set_index("figure").loc["three_public_total"]
    assert row["status"] == "confirmed" and not row["conflicts"] and "narrative" in row["corroborated_by"]
    assert _status(text) == _status(pdf)
