"""``chanhe-budget audit``: readable report, JSON lines, verdict line and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chanhe_budget.cli import main

SEED = Path(__file__).resolve().parents[1] / "data/raw/2025/洛阳市瀍河回族区行政审批和政务信息管理局.txt"


@pytest.fixture()
def fixed_seed(tmp_path):
    """The seed with its one failing check (the copied explanation) corrected."""
    text = SEED.read_text(encoding="utf-8").replace(
        "（一）因公出国（境）费 0.00 万元**，主要用于按规定开支的各类公务接待（含外宾接待）支出",
        "（一）因公出国（境）费 0.00 万元**，主要用于单位工作人员公务出国（境）的住宿费、差旅费等支出")
    path = tmp_path / "fixed.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_report_and_verdict(capsys):
    assert main(["audit", str(SEED)]) == 0
    out = capsys.readouterr().out
    verdict = next(line for line in out.splitlines() if line.startswith("VERDICT"))
    assert "VERDICT FAIL: 1 fail" in verdict and str(SEED) in verdict
    assert out.splitlines()[-1].startswith("TOTAL FAIL over 1 file(s)")
    assert "T02" in out and "潼" in out and "transparency score" in out
    assert "C31" in out and "not checkable" in out  # the score explains what it could not check


def test_strict_exits_1_on_a_failure(capsys):
    assert main(["audit", "--strict", str(SEED)]) == 1


def test_strict_exits_0_when_nothing_fails(fixed_seed, capsys):
    assert main(["audit", "--strict", str(fixed_seed)]) == 0
    assert "VERDICT PASS" in capsys.readouterr().out


def test_an_unreadable_file_exits_2_and_the_others_are_still_audited(tmp_path, capsys):
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("not a budget at all", encoding="utf-8")
    code = main(["audit", str(tmp_path / "missing.txt"), str(garbage), str(SEED)])
    captured = capsys.readouterr()
    assert code == 2
    assert "no such file" in captured.err and "garbage.txt" in captured.err
    assert "VERDICT FAIL" in captured.out


def test_json_lines(tmp_path, capsys):
    assert main(["audit", "--json", str(SEED), str(tmp_path / "missing.txt")]) == 2
    lines = capsys.readouterr().out.strip().splitlines()
    first, second = (json.loads(line) for line in lines)
    assert first["summary"]["verdict"] == "fail" and first["summary"]["n_fail"] == 1
    assert len(first["checks"]) == first["summary"]["n_checks"]
    assert {"check_id", "status", "reason", "line"} <= set(first["checks"][0])
    assert sum(r["weight"] for r in first["score_breakdown"]) == pytest.approx(100, abs=0.05)
    assert "error" in second and "missing.txt" in second["file"]


def test_all_lists_every_check(capsys):
    main(["audit", "--all", str(SEED)])
    out = capsys.readouterr().out
    assert "N00" in out and "I07" in out
