"""Each check family on an edited copy of the seed: one number, one table or one sentence changed.

Every failing case asserts the exact set of new findings (check id, table, line)
against the seed's own findings, so a check that fires too widely fails too.
Line numbers stay those of the seed: edits happen inside a line, and a removed
table is blanked line by line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pandas as pd
import pytest

import chanhe_budget as cb
from chanhe_budget.checks import audit
from chanhe_budget.checks.rows import rounding_tolerance

SEED = Path(__file__).resolve().parents[1] / "data/raw/2025/洛阳市瀍河回族区行政审批和政务信息管理局.txt"
SEED_TEXT = SEED.read_text(encoding="utf-8")
DEPARTMENT = "洛阳市瀍河回族区行政审批和政务信息管理局"


def edit(*changes: tuple[int, str, str], text: str = SEED_TEXT) -> str:
    """The seed with ``old`` replaced by ``new`` on line ``no`` (1-based), for each change."""
    lines = text.split("\n")
    for no, old, new in changes:
        assert lines[no - 1].count(old) == 1, f"line {no} does not hold {old!r} once: {lines[no - 1]!r}"
        lines[no - 1] = lines[no - 1].replace(old, new)
    return "\n".join(lines)


def blank(start: int, end: int, text: str = SEED_TEXT) -> str:
    """The seed with lines ``start``–``end`` emptied (numbering kept)."""
    lines = text.split("\n")
    for no in range(start, end + 1):
        lines[no - 1] = ""
    return "\n".join(lines)


def run(text: str) -> pd.DataFrame:
    return audit(cb.read_disclosure(text))


def _keys(frame: pd.DataFrame, statuses: tuple[str, ...]) -> set[tuple]:
    rows = frame[frame["status"].isin(statuses)]
    return {(r.check_id, r.table if isinstance(r.table, str) else None, None if pd.isna(r.line) else int(r.line))
            for r in rows.itertuples()}


@cache
def _seed_frame() -> pd.DataFrame:
    return run(SEED_TEXT)


def new_findings(frame: pd.DataFrame, statuses: tuple[str, ...] = ("fail",)) -> set[tuple]:
    """Findings of an edited copy that the seed does not have."""
    return _keys(frame, statuses) - _keys(_seed_frame(), statuses)


def rows(frame: pd.DataFrame, check_id: str, **where) -> pd.DataFrame:
    mask = frame["check_id"] == check_id
    for column, value in where.items():
        mask &= frame[column] == value
    return frame[mask]


# ------------------------------------------------------------------ identity


def test_identity_a_changed_item_total_fails_its_row_its_unit_and_the_summary_class():
    frame = run(edit((239, "\t171.63\t171.63", "\t171.73\t171.63")))
    assert new_findings(frame) == {("I07", "expenditure", 239), ("I08", "expenditure", 238),
                                   ("X02b", "summary", 181)}
    row = rows(frame, "I07", line=239).iloc[0]
    assert row["row"] == "2010301 行政运行" and row["found"] == 171.73 and row["expected"] == 171.63
    assert "differs" in row["reason"]


def test_identity_a_one_cent_rounding_difference_passes():
    frame = run(edit((242, "15.58\t15.58\t15.58", "15.59\t15.59\t15.59")))
    assert new_findings(frame) == set()
    unit = rows(frame, "I08", table="expenditure", row="141 洛阳市瀍河回族区行政审批和政务信息管理局 [total]").iloc[0]
    assert unit["status"] == "pass" and unit["difference"] == pytest.approx(-0.01) and unit["tolerance"] == 0.025


def test_identity_three_public_components_must_add_up():
    frame = run(edit((364, "0\t0\t0\t0\t0\t0", "0\t1.00\t0\t0\t0\t0")))
    assert new_findings(frame) == {("I13a", "three_public", 364), ("C07", "three_public", 356),
                                   ("N01", "three_public", 105)}
    assert "holds amounts" in rows(frame, "C07", table="three_public").iloc[0]["reason"]


def test_identity_cost_indicator_must_state_the_project_amount():
    frame = run(edit((506, "5.8 万元", "6.8 万元")))
    assert new_findings(frame) == {("I16b", "project_performance", 506)}
    row = rows(frame, "I16b", line=506).iloc[0]
    assert row["row"] == "网络使用年租" and row["expected"] == pytest.approx(6.8)


def test_identity_tolerance_is_per_rounded_addend_and_per_unit():
    assert rounding_tolerance([(1.0, "万元")]) == 0.01
    assert rounding_tolerance([(1.0, "万元")] * 5) == 0.025
    assert rounding_tolerance([(0.0, "万元")] * 5) == 0.01  # blank cells are exact zeros
    assert rounding_tolerance([(1.0, "元")] * 3) == pytest.approx(0.0003)  # 1 元 per addend


# ------------------------------------------------------------------ cross_table


def test_cross_table_project_amount_must_match_its_performance_targets():
    frame = run(edit((520, "10.00\t10.00", "10.50\t10.50")))
    assert new_findings(frame) == {("X14", "projects", 428)}
    row = rows(frame, "X14", line=428).iloc[0]
    assert row["row"] == "智慧社区" and row["expected"] == 10.5 and row["found"] == 10.0


def test_cross_table_project_matched_across_the_ocr_slip_still_fails_on_its_amount():
    frame = run(edit((524, "10.00\t10.00", "11.00\t11.00")))
    assert new_findings(frame) == {("X14", "projects", 425), ("I16b", "project_performance", 524)}
    reason = rows(frame, "X14", line=425).iloc[0]["reason"]
    assert "one character differs" in reason and "amounts differ" in reason


def test_cross_table_basic_table_total_must_equal_the_general_budget_basic_column():
    frame = run(edit((314, "219.13\t207.67", "219.23\t207.67")))
    assert ("X06", "general_budget_expenditure", 298) in new_findings(frame)
    assert ("I11a", "general_budget_basic", 314) in new_findings(frame)


def test_cross_table_identities_do_not_apply_when_other_funds_exist():
    frame = run(edit((186, "五、事业收入\t", "五、事业收入\t10.00")))
    x08 = rows(frame, "X08")
    assert len(x08) == 3 and (x08["status"] == "not_applicable").all()
    assert x08["reason"].str.contains("事业收入 10.00").all()
    assert ("I04", "summary", 211) in new_findings(frame)  # the summary itself no longer adds up


# ------------------------------------------------------------------ narrative


def test_narrative_a_wrong_share_fails():
    frame = run(edit((85, "75.61%", "75.71%")))
    assert new_findings(frame) == {("N02", "expenditure", 85)}
    assert "75.61%" in rows(frame, "N02", line=85, found=75.71).iloc[0]["reason"]


def test_narrative_a_direction_word_contradicting_the_sign_fails():
    frame = run(edit((77, "下降 56.15%", "增长 56.15%")))
    assert new_findings(frame) == {("N03", None, 77)}
    assert rows(frame, "N03", line=77)["reason"].str.contains("direction").all()


def test_narrative_a_wrong_amount_fails():
    frame = run(edit((97, "207.67", "207.76")))
    assert new_findings(frame) == {("N01", "general_budget_basic", 97)}


def test_narrative_a_wrong_project_count_fails():
    frame = run(edit((135, "共 7 个项目", "共 8 个项目")))
    assert new_findings(frame) == {("N04", "projects", 135)}


def test_narrative_parts_that_do_not_sum_to_the_stated_total_fail():
    frame = run(edit((129, "政府采购货物预算 0.00", "政府采购货物预算 5.00")))
    assert new_findings(frame) == {("N05", None, 129)}


def test_narrative_a_figure_without_a_table_is_cannot_check():
    frame = run(edit((139, "共有车辆 0 辆", "共有车辆 0 辆，其中新增车辆 2 辆")))
    assert new_findings(frame) == set()
    new = rows(frame, "N03", line=139).iloc[0]  # 新增 2 辆: a change, needs last year's document
    assert new["status"] == "cannot_check" and new["found"] == 2 and "previous year" in new["reason"]
    assert (rows(frame, "N05", line=139)["status"] == "cannot_check").sum() == 4


# ------------------------------------------------------------------ completeness


def test_completeness_a_removed_table_is_missing_and_not_shown():
    frame = run(blank(372, 384))  # 政府性基金支出预算表
    assert new_findings(frame) == {("C05", "gov_fund", None), ("C07", "gov_fund", None)}
    assert "政府性基金支出预算表" in rows(frame, "C05").iloc[0]["reason"]
    assert rows(frame, "C06").iloc[0]["status"] == "warn"
    assert rows(frame, "X05").iloc[0]["status"] == "cannot_check"


def test_completeness_an_empty_table_note_naming_another_fund_fails():
    frame = run(edit((383, "无政府性基金支出预算安排的支出", "无国有资本经营预算拨款安排的支出")))
    assert new_findings(frame) == {("C07", "gov_fund", 372)}
    assert "国有资本经营" in rows(frame, "C07", table="gov_fund").iloc[0]["reason"]


def test_completeness_a_change_without_its_reason_fails():
    frame = run(edit((77, "主要原因：减少项目经费支出。", "")))
    assert new_findings(frame) == {("C12", None, 77)}


def test_completeness_a_table_without_its_unit_fails():
    frame = run(edit((232, "单位：万元", "")))
    assert new_findings(frame) == {("C29", "expenditure", 228)}


def test_completeness_staffing_stated_passes():
    frame = run(edit((69, "的预算。", "的预算。编制 5 人，实有人员 4 人。")))
    assert rows(frame, "C04").iloc[0]["status"] == "pass"
    assert rows(_seed_frame(), "C04").iloc[0]["status"] == "warn"


# ------------------------------------------------------------------ text_quality


def test_text_a_placeholder_fails():
    frame = run(edit((143, "无负责管理的", "无 XX 负责管理的")))
    assert new_findings(frame) == {("C30", None, 143)}


def test_text_a_table_title_with_another_year_fails():
    frame = run(edit((228, "2025 年部门支出预算表", "2024 年部门支出预算表")))
    assert new_findings(frame) == {("T04", "expenditure", 228)}


def test_text_a_doubled_word_warns():
    frame = run(edit((77, "各减少", "各减少减少")))
    assert new_findings(frame, ("warn",)) == {("T05", None, 77)}
    assert new_findings(frame) == set()


def test_text_the_department_name_with_one_character_changed_warns():
    frame = run(edit((81, DEPARTMENT, DEPARTMENT.replace("瀍", "潼"))))
    assert new_findings(frame, ("warn",)) == {("T01", None, 81)}


def test_text_fixed_slips_pass_and_the_verdict_passes():
    fixed = edit((105, "各类公务接待（含外宾接待）支出", "公务出国（境）的住宿费、差旅费等支出"), (524, "潼", "瀍"))
    frame = run(fixed)
    assert rows(frame, "T02").iloc[0]["status"] == "pass"
    assert rows(frame, "T01").iloc[0]["status"] == "pass"
    assert not (frame["status"] == "fail").any()


# ------------------------------------------------------------------ soft


def test_soft_capital_spending_with_a_procurement_budget_passes():
    frame = run(edit((129, "预算安排 0.00 万元", "预算安排 20.00 万元"), (129, "货物预算 0.00", "货物预算 20.00")))
    assert rows(frame, "S01").iloc[0]["status"] == "pass"
    assert new_findings(frame) == set()


def test_soft_without_the_stale_row_passes():
    frame = run(blank(263, 263))
    assert rows(frame, "S03").iloc[0]["status"] == "pass"
    assert new_findings(frame) == set()


def test_soft_operating_funds_differing_from_public_expenditure_warn():
    totals = [(no, "11.46\t11.46\t11.46", "12.46\t12.46\t12.46") for no in (407, 408, 409)]  # 合计, 141, 141001
    frame = run(edit(*totals, (410, "4.20\t4.20\t4.20", "5.20\t5.20\t5.20")))  # 30201 办公费 +1.00
    assert new_findings(frame, ("warn",)) == {("S04", "operating_funds", 407), ("S04b", "operating_funds", 410)}
    assert new_findings(frame) == {("N01", "operating_funds", 125)}  # the text still says 11.46


def test_soft_three_public_against_economic_codes_warns():
    frame = run(edit((364, "0\t0\t0\t0\t0\t0", "1.00\t0\t0\t0\t0\t1.00")))
    warned = rows(frame, "S02", status="warn")
    assert len(warned) == 1 and "reception" in warned.iloc[0]["description_en"]


# ------------------------------------------------------------------ score


def test_score_drops_with_a_removed_table_and_says_why():
    seed_score = cb.audit(cb.read_disclosure(SEED_TEXT))
    from chanhe_budget.checks.score import score_frame

    before, _ = score_frame(seed_score)
    after, breakdown = score_frame(run(blank(372, 384)))
    assert after < before
    c05 = breakdown[breakdown["item"].str.startswith("C05")].iloc[0]
    assert c05["points"] == 0 and "gov_fund" in c05["reason"]


def test_score_policies_for_what_the_text_cannot_show():
    from chanhe_budget.checks.score import score_frame
    from chanhe_budget.errors import ParameterError

    frame = _seed_frame()
    rescaled, zero, full = (score_frame(frame, p)[0] for p in ("rescale", "zero", "full"))
    assert zero < rescaled < full
    with pytest.raises(ParameterError):
        score_frame(frame, "guess")
