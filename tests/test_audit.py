"""The audit on the seed document: its contract (columns, statuses, strict) and its findings."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import chanhe_budget as cb
from chanhe_budget.checks import AUDIT_COLUMNS, audit, summarise, transparency_score
from chanhe_budget.errors import AuditFailure, ParameterError
from chanhe_budget.templates.identities import IDENTITIES, Equal, RowSum

SEED = Path(__file__).resolve().parents[1] / "data/raw/2025/洛阳市瀍河回族区行政审批和政务信息管理局.txt"


@pytest.fixture(scope="module")
def seed():
    return cb.read_disclosure(SEED)


@pytest.fixture(scope="module")
def checks(seed):
    return audit(seed)


def test_columns_are_the_contract(checks):
    assert tuple(checks.columns) == AUDIT_COLUMNS == (
        "check_id", "family", "description_zh", "description_en", "expected", "found", "difference", "tolerance",
        "status", "reason", "table", "row", "line", "evidence")


def test_statuses_and_families_are_known(checks):
    assert set(checks["status"]) <= {"pass", "fail", "warn", "not_applicable", "cannot_check"}
    assert set(checks["family"]) <= {"identity", "cross_table", "narrative", "completeness", "text_quality", "soft"}
    assert set(checks["family"]) == {"identity", "cross_table", "narrative", "completeness", "text_quality", "soft"}


def test_unchecked_rows_always_say_why(checks):
    unchecked = checks[checks["status"].isin(["not_applicable", "cannot_check"])]
    assert not unchecked.empty
    assert unchecked["reason"].str.len().gt(0).all()


def test_every_row_names_a_table_or_a_line_or_its_evidence(checks):
    located = checks["table"].notna() | checks["line"].notna() | checks["evidence"].str.len().gt(0)
    assert located.all(), checks[~located]


def test_all_identities_hold_on_the_seed(checks):
    identities = checks[checks["family"].isin(["identity", "cross_table"])]
    assert len(identities) > 200
    assert not identities["status"].isin(["fail", "warn", "cannot_check"]).any()
    empty = identities[identities["status"] == "not_applicable"]
    assert set(empty["table"]) == {"gov_fund", "state_capital", "three_public"}  # declared empty by their notes
    assert empty["reason"].str.contains("declared empty").all()


def test_every_identity_record_is_evaluated_on_the_seed(checks):
    ran = set(checks["check_id"])
    missing = {i.id for i in IDENTITIES if i.id not in ran and (not i.templates or "henan" in i.templates)
               and "budget" in i.kinds}
    # I06c, I14c: carry-over and unit-fund columns are blank in the seed; I09b: no carry-over printed
    assert missing <= {"I06c", "I14c"}, missing


def test_identity_records_are_data(seed):
    ids = [i.id for i in IDENTITIES]
    assert {"I03", "I07", "I08", "X06", "X07", "X10", "X14", "I13a"} <= set(ids)
    first = next(i for i in IDENTITIES if i.id == "I03")
    assert isinstance(first, Equal) and first.left.table == "summary" and first.zh and first.en
    rows = next(i for i in IDENTITIES if i.id == "I07")
    assert isinstance(rows, RowSum) and rows.parts == ("basic_total", "project_total")


def test_narrative_figures_all_match(checks, seed):
    narrative = checks[checks["family"] == "narrative"]
    assert len(narrative) == len(seed.narrative), "every statement gets exactly one row"
    assert not (narrative["status"] == "fail").any()
    matched = narrative[narrative["check_id"].isin(["N01", "N02", "N04"])]
    assert len(matched) == 29 and (matched["status"] == "pass").all()


def test_shares_are_recomputed_from_the_tables(checks):
    share = checks[(checks["check_id"] == "N02") & (checks["line"] == 85)].iloc[0]
    assert share["found"] == 75.61
    assert share["expected"] == pytest.approx(219.13 / 289.81 * 100, abs=1e-3)
    assert share["table"] == "expenditure"


def test_change_percent_is_recomputed_from_the_prior_total(checks):
    pct = checks[(checks["check_id"] == "N03") & (checks["line"] == 77) & (checks["found"] == -56.15)].iloc[0]
    assert pct["status"] == "pass"
    assert pct["expected"] == pytest.approx(-371.11 / (289.81 + 371.11) * 100, abs=1e-3)


def test_statements_without_a_table_are_cannot_check_not_dropped(checks):
    equipment = checks[(checks["check_id"] == "N00") & (checks["row"] == "equipment")]
    assert len(equipment) == 2 and (equipment["status"] == "cannot_check").all()
    assert equipment["reason"].str.contains("国有资产").all()


def test_the_ocr_slip_is_listed(checks):
    slip = checks[(checks["check_id"] == "T01") & (checks["status"] == "warn")]
    assert len(slip) == 1
    row = slip.iloc[0]
    assert row["line"] == 524 and row["table"] == "project_performance"
    assert "潼" in row["reason"] and "瀍" in row["reason"]


def test_the_project_still_matches_across_the_slip_and_says_so(checks):
    row = checks[(checks["check_id"] == "X14") & (checks["line"] == 425)].iloc[0]
    assert row["status"] == "pass"
    assert "one character differs" in row["reason"] and "潼" in row["reason"]


def test_the_copied_outbound_explanation_is_listed(checks):
    copied = checks[(checks["check_id"] == "T02") & (checks["status"] == "fail")]
    assert len(copied) == 1
    row = copied.iloc[0]
    assert row["line"] == 105
    assert "因公出国" in row["reason"] and "公务接待" in row["reason"] and "line 107" in row["reason"]


def test_soft_warnings_on_the_seed(checks):
    soft = checks[(checks["family"] == "soft") & (checks["status"] == "warn")]
    assert set(soft["check_id"]) == {"S01", "S03"}
    capital = soft[soft["check_id"] == "S01"].iloc[0]
    assert capital["line"] == 347 and "31007" in capital["reason"] and "20.00" in capital["reason"]
    stale = soft[soft["check_id"] == "S03"].iloc[0]
    assert stale["table"] == "fiscal_appropriation" and stale["line"] == 263 and "卫生健康支出" in stale["reason"]


def test_summary_counts_and_verdict(checks):
    summary = summarise(checks)
    assert set(summary) == {"verdict", "n_checks", "n_pass", "n_fail", "n_warn", "n_not_applicable",
                            "n_cannot_check", "score"}
    assert summary["n_checks"] == len(checks)
    assert sum(summary[f"n_{s}"] for s in ("pass", "fail", "warn", "not_applicable", "cannot_check")) == len(checks)
    assert summary["verdict"] == "fail" and summary["n_fail"] == 1  # the copied explanation
    assert 0 <= summary["score"] <= 100


def test_strict_raises_with_every_failure(seed):
    with pytest.raises(AuditFailure) as info:
        audit(seed, strict=True)
    failures = info.value.failures
    assert isinstance(failures, pd.DataFrame) and list(failures["check_id"]) == ["T02"]
    assert "T02" in str(info.value) and "line 105" in str(info.value)


def test_strict_must_be_a_bool(seed):
    with pytest.raises(ParameterError):
        audit(seed, strict="yes")


def test_entry_points_delegate(seed, checks):
    pd.testing.assert_frame_equal(seed.audit(), checks)
    pd.testing.assert_frame_equal(cb.audit(seed), checks)


def test_transparency_score_breakdown(seed, checks):
    score, breakdown = transparency_score(seed, checks)
    assert list(breakdown.columns) == ["component", "item", "weight", "points", "deduction", "reason"]
    assert breakdown["weight"].sum() == pytest.approx(100, abs=0.05)
    assert breakdown["points"].sum() == pytest.approx(score, abs=0.05)
    assert 80 < score < 100
    deducted = breakdown[breakdown["deduction"] > 0]
    assert (deducted["reason"].str.len() > 0).all()
    items = " ".join(deducted["item"])
    assert "C04" in items and "C14" in items and "text_quality" in items
    timeliness = breakdown[breakdown["item"].str.startswith("C31")].iloc[0]
    assert timeliness["weight"] == 0 and "not checkable" in timeliness["reason"]


def test_transparency_score_audits_when_no_frame_is_given(seed, checks):
    assert transparency_score(seed)[0] == transparency_score(seed, checks)[0]
