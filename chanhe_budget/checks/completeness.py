"""Completeness against the disclosure rules (checklist C01–C33 of disclosure-rules.md §1.3).

Each checklist item is a record (:data:`CHECKLIST`): its id, severity — E
(binding rule: missing is a ``fail``), W (template or good practice: missing is
a ``warn``) — and the function that looks for it in the text. A check returns a
credit of 1 (present), 0.5 (partly) or 0 (absent); the audit row carries it in
``found`` (``expected`` is 1) so the transparency score can use it as printed.
Items the text cannot show (publication date, portal) are ``cannot_check``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..templates.spec import TABLE_LABELS, compact
from ..templates.vocabulary import FUNDS, department_key
from .document_text import (
    body_start,
    change_statements,
    find_line,
    has_amount,
    narrative_lines,
    narrative_text,
    reason_near,
    statements_about,
    text_after,
)
from .identities import match_projects
from .rows import described, missing_column_reason

if TYPE_CHECKING:
    from ..model import Disclosure

__all__ = ["CHECKLIST", "Item", "check_completeness"]

#: The 8 tables of 财预〔2016〕143号 (C05), by canonical name.
NATIONAL_TABLES = ("summary", "income", "expenditure", "fiscal_appropriation", "general_budget_expenditure",
                   "general_budget_basic", "three_public", "gov_fund")
#: The tables a disclosure of each kind must print (C05): a 决算 the national 9-table 部门决算 set.
REQUIRED_TABLES: dict[str, tuple[str, ...]] = {
    "budget": NATIONAL_TABLES,
    "final_accounts": ("summary", "income", "expenditure", "fiscal_appropriation", "general_budget_expenditure",
                       "general_budget_basic", "three_public", "gov_fund", "state_capital"),
}
#: Terms the 名词解释 must define (C27): label → pattern.
GLOSSARY_TERMS = {
    "财政拨款收入": r"财政拨款收入", "基本支出": r"基本支出", "项目支出": r"项目支出",
    "“三公”经费": r"三公", "机关运行经费/机构运转经费": r"机关运行经费|机构运转经费",
}


@dataclass(frozen=True)
class Finding:
    """What a checklist function found: a credit, why, where."""

    credit: float
    reason: str = ""
    line: int | None = None
    evidence: str = ""
    table: str | None = None
    status: str | None = None  # set only to force cannot_check / not_applicable


@dataclass(frozen=True)
class Item:
    """One checklist item: id, severity (E/W), and the function that checks it (descriptions: :mod:`.catalogue`)."""

    id: str
    severity: str
    run: Callable[[Disclosure], Finding | list[Finding]]
    kinds: tuple[str, ...] = ("budget", "final_accounts")  # the kinds of document the rule is about


# ------------------------------------------------------------------ checklist functions


def _c01(d: Disclosure) -> Finding:
    title = compact(d.title)
    missing = [what for what, ok in (("year", re.search(r"(?:19|20)\d{2}年", title)),
                                      ("部门预算/单位预算", re.search(r"(?:部门|单位)(?:预算|决算)", title)),
                                      ("department name", d.department and (compact(d.department)[:4] in title
                                                                            or department_key(d.department)[:4] in title)))
               if not ok]
    line = d.segments.title_lines[0].no if d.segments.title_lines else None
    return Finding(0.0 if missing else 1.0, f"title lacks {', '.join(missing)}" if missing else "", line, d.title)


def _c02(d: Disclosure) -> Finding:
    text, line = text_after(d, r"主要职责|部门职责|职能职责|主要职能", r"预算单位构成|机构设置|第二部分")
    if line is None:
        return Finding(0.0, "no 主要职责 / 主要职能 heading")
    if len(text) < 30:
        return Finding(0.0, f"主要职责 has only {len(text)} characters", line)
    return Finding(1.0, "", line, text[:60])


def _c03(d: Disclosure) -> Finding:
    text, line = text_after(d, r"机构设置|预算单位构成|单位构成", r"第二部分|人员构成")
    if line is None:
        return Finding(0.0, "no 机构设置 / 预算单位构成 section")
    return Finding(1.0 if len(text) >= 10 else 0.0, "" if len(text) >= 10 else "the section is empty", line, text[:60])


def _c04(d: Disclosure) -> Finding:
    text = narrative_text(d)
    match = re.search(r"编制\d+(?:名|人)|实有(?:在职)?人员\d+人|在职(?:人员)?\d+人|人员编制", text)
    if match:
        return Finding(1.0, "", evidence=match.group(0))
    return Finding(0.0, "no 人员构成 (编制数 / 实有人数) stated")


def _toc_entries(d: Disclosure) -> list:
    """The table-of-contents lines (``- …`` entries before the body)."""
    start = body_start(d)
    return [line for line in d.lines if line.no <= start and line.text.startswith("-")]


def _c05(d: Disclosure) -> Finding:
    kind = d.template.kind if d.template.kind in REQUIRED_TABLES else "budget"
    required = REQUIRED_TABLES[kind]
    missing = [n for n in required if n not in d.tables]
    which = "the national 部门决算 set" if kind == "final_accounts" else "财预〔2016〕143号"
    if missing:
        labels = []
        toc = _toc_entries(d)
        for name in missing:
            label = d.template.table_label(name)
            listed = next((line for line in toc if d.template.match_title(line.text) is d.template.spec(name)), None) \
                if name in {t.name for t in d.template.tables} else None
            labels.append(f"{label} ({name})" + (f", listed in the 目录 at line {listed.no} but not printed"
                                                  if listed is not None else ""))
        return Finding(0.0, f"{len(required) - len(missing)} of the {len(required)} tables of {which}; missing: "
                       + "; ".join(labels), table=missing[0])
    return Finding(1.0, "", evidence=f"all {len(required)} tables of {which} present")


def _c06(d: Disclosure) -> Finding:
    names = [t.name for t in d.template.tables]
    missing = [n for n in names if n not in d.tables]
    credit = 1.0 if not missing else 0.5 if len(missing) <= 2 else 0.0
    reason = "missing: " + ", ".join(f"{d.template.table_label(n)} ({n})" for n in missing) if missing else ""
    return Finding(credit, reason, table=missing[0] if missing else None,
                   evidence=f"{len(names) - len(missing)} of {len(names)} tables of the {d.template.name} template")


def _has_data_in(d: Disclosure, table: str, columns: tuple[str, ...]) -> bool:
    """Whether the table prints a non-zero amount in one of the columns (spent, for a 决算's “三公” table)."""
    frame = d.tables.get(table)
    if frame is None or frame.empty:
        return False
    present = [c for c in columns if c in frame]
    return bool(present) and bool((frame[present].fillna(0) != 0).any().any())


def _has_data(frame) -> bool:
    """Whether the table prints an amount. A cell read from text without layout and left NaN holds a
    number the reader could not place (never a blank, which reads 0): the table is not empty."""
    amounts = frame.select_dtypes("number").drop(columns=["line"], errors="ignore")
    return bool((amounts if frame.attrs.get("loose") else amounts.fillna(0)).ne(0).any().any())


def _c07(d: Disclosure) -> list[Finding]:
    """Each fund table (and any table without data) is shown, and an empty one says why, naming its fund."""
    findings: list[Finding] = []
    for spec in d.template.tables:
        frame = d.tables.get(spec.name)
        if frame is None:
            if spec.fund:
                findings.append(Finding(0.0, f"{spec.label} is not shown (an empty table must still be shown)",
                                        table=spec.name))
            continue
        if spec.layout in ("department_performance", "project_performance", "two_sided"):
            continue
        note = frame.attrs.get("note") or ""
        line = frame.attrs.get("title_line")
        data = _has_data(frame)
        if data and frame.attrs.get("declared_empty"):
            findings.append(Finding(0.0, f"a note declares {spec.label} empty but it holds amounts", line, note,
                                    spec.name))
        elif data:
            if spec.fund:
                findings.append(Finding(1.0, "", line, "has data", spec.name))
        elif not frame.attrs.get("declared_empty"):
            findings.append(Finding(0.0, f"{spec.label} has no data and no note saying why", line, note, spec.name))
        elif spec.fund and spec.fund not in compact(note):
            others = [f for f in FUNDS if f != spec.fund and f in compact(note)]
            wrong = f"; it names {', '.join(others)} (copied from another table?)" if others else ""
            findings.append(Finding(0.0, f"the empty-table note does not name {spec.fund}{wrong}", line, note,
                                    spec.name))
        else:
            findings.append(Finding(1.0, "", line, note.splitlines()[-1] if note else "", spec.name))
    return findings


def _c08(d: Disclosure) -> Finding:
    frame = d.tables.get("general_budget_expenditure")
    if frame is None:
        return Finding(0.0, "一般公共预算支出预算表 is absent", table="general_budget_expenditure")
    coded = frame[frame["code"].notna()]
    if coded.empty:
        return Finding(0.0, "no classification codes", table="general_budget_expenditure")
    items = coded[coded["code"].str.len() == 7]
    sections = coded[(coded["code"].str.len() == 5) & (coded["total"].fillna(0) != 0)]
    childless = [c for c in sections["code"] if not items["code"].str.startswith(c).any()]
    if items.empty:
        return Finding(0.0, "codes stop above 项 (no 7-digit code)", table="general_budget_expenditure")
    if childless:
        return Finding(0.0, f"款 without 项: {', '.join(childless)}", table="general_budget_expenditure")
    return Finding(1.0, "", table="general_budget_expenditure", evidence=f"{len(items)} rows at 项 level")


def _c09(d: Disclosure) -> Finding:
    frame = d.tables.get("general_budget_basic")
    if frame is None:
        return Finding(0.0, "一般公共预算基本支出预算表 is absent", table="general_budget_basic")
    if frame.attrs.get("rows_unread"):
        return Finding(0.0, "its rows were not read from text without layout", table="general_budget_basic",
                       status="cannot_check")
    coded = frame[frame["code"].notna()]
    sections = coded[coded["code"].str.len() == 5]
    classes = coded[(coded["code"].str.len() == 3) & (coded["total"].fillna(0) != 0)]
    childless = [c for c in classes["code"] if not sections["code"].str.startswith(c).any()]
    if sections.empty or childless:
        return Finding(0.0, "basic expenditure stops at 类" + (f" ({', '.join(childless)})" if childless else ""),
                       table="general_budget_basic")
    return Finding(1.0, "", table="general_budget_basic", evidence=f"{len(sections)} rows at 款 level")


def _c10(d: Disclosure) -> list[Finding]:
    findings = []
    for name in ("expenditure", "general_budget_expenditure"):
        raw = d.raw_tables.get(name)
        if raw is None:
            findings.append(Finding(0.0, f"{d.template.table_label(name)} is absent", table=name))
            continue
        header = raw.header_text()
        missing = [w for w in ("基本支出", "项目支出") if w not in header]
        findings.append(Finding(0.0 if missing else 1.0, f"header lacks {', '.join(missing)}" if missing else "",
                                raw.title_line, table=name))
    return findings


_TOTAL_KEYS = ("total", "total_income", "total_expenditure")


_TOTAL_CHANGE_RE = re.compile(r"收(?:入|支)(?:预算)?(?:总计|合计|总预算|总额)?(?:为|是)?\d[\d,.]*万?元.{0,60}?"
                              r"(?:比|与|较).{0,20}?(?:增加|减少|增长|下降|持平|一致)")


def _total_change_line(d: Disclosure) -> tuple[int | None, str]:
    """The line stating the total and its change on last year: from the narrative figures, else by wording."""
    changes = change_statements(d, _TOTAL_KEYS)
    if not changes.empty:
        return int(changes["line"].iloc[0]), changes["sentence"].iloc[0]
    start = body_start(d)
    for line in narrative_lines(d):
        if line.no > start and _TOTAL_CHANGE_RE.search(compact(line.text)):
            return line.no, line.text
    return None, ""


def _c11(d: Disclosure) -> Finding:
    line, sentence = _total_change_line(d)
    if line is not None:
        return Finding(1.0, "", line, sentence)
    totals = statements_about(d, "total_income").index.union(statements_about(d, "total").index)
    if not len(totals):
        return Finding(0.0, "收入总计 / 收支总计 and its change against last year are not stated in the text")
    return Finding(0.0, "the change of the total against last year is not stated", int(d.narrative.loc[totals[0], "line"]))




def _c12(d: Disclosure) -> Finding:
    line, sentence = _total_change_line(d)
    if line is None:
        return Finding(0.0, "no change of the total stated, so no reason either")
    changes = change_statements(d, _TOTAL_KEYS)
    if not changes.empty and (changes["direction"] == "flat").all():
        return Finding(1.0, "the total is unchanged: no reason needed", line)
    ok = reason_near(d, line)
    return Finding(1.0 if ok else 0.0, "" if ok else "the change is not explained (no 主要原因)", line, sentence)


def _c13(d: Disclosure) -> Finding:
    line = find_line(d, r"财政拨款收(?:入)?支(?:出)?(?:预算|决算)?(?:总体)?情况")
    if line is None:
        return Finding(0.0, "no 财政拨款收支 section")
    keyed = statements_about(d, "general_budget_total").index.union(statements_about(d, "general_budget_income").index) \
        .union(statements_about(d, "fiscal_total").index)
    return Finding(1.0 if len(keyed) else 0.5, "" if len(keyed) else "the section states no amount", line.no)


def _c14(d: Disclosure) -> Finding:
    frame = d.tables.get("general_budget_expenditure")
    text = narrative_text(d)
    if re.search(r"\(类\).{0,30}\(款\).{0,30}\(项\)", text):
        return Finding(1.0, "", evidence="（类）（款）（项） explanation found")
    if frame is None:
        return Finding(0.0, "一般公共预算支出预算表 is absent")
    names = [compact(n) for n in frame.loc[frame["code"].notna() & (frame["total"].fillna(0) != 0), "name"]]
    mentioned = [n for n in names if n in text]
    if names and len(mentioned) == len(names):
        return Finding(1.0, "", evidence=f"all {len(names)} items named in the text")
    credit = 0.5 if mentioned else 0.0
    return Finding(credit, f"the text explains {len(mentioned)} of {len(names)} 功能分类 items of the general budget "
                           "(no （类）（款）（项） explanation)", table="general_budget_expenditure")


def _c15(d: Disclosure) -> Finding:
    found = [k for k in ("personnel_expenditure", "public_expenditure") if has_amount(d, k)]
    line = has_amount(d, "personnel_expenditure") or has_amount(d, "public_expenditure")
    credit = {2: 1.0, 1: 0.5, 0: 0.0}[len(found)]
    return Finding(credit, "" if credit == 1 else "人员经费 / 公用经费 not both stated", line)


def _c16(d: Disclosure) -> Finding:
    raw = d.raw_tables.get("three_public")
    if raw is None:
        return Finding(0.0, "“三公”经费预算表 is absent", table="three_public")
    header = raw.header_text()
    words = {"因公出国": "因公出国", "公务用车购置费": "(?<!及)购置费", "公务用车运行费": "(?<!及)运行(?:维护)?费",
             "公务接待费": "公务接待", "小计/合计": "小计|合计"}
    missing = [label for label, pattern in words.items() if not re.search(pattern, header)]
    if missing and raw.loose:  # text without layout cuts the header's words over lines: '公务用车购' / '置费'
        return Finding(0.0, f"read from text without layout, the header does not show {', '.join(missing)}",
                       raw.title_line, table="three_public", status="cannot_check")
    return Finding(0.0 if missing else 1.0, f"columns missing: {', '.join(missing)}" if missing else "",
                   raw.title_line, table="three_public")


_THREE_PUBLIC_KEYS = ("three_public_total", "three_public_outbound", "three_public_reception",
                      "three_public_vehicles", "three_public_vehicle_purchase", "three_public_vehicle_operation")


def _c17(d: Disclosure) -> Finding:
    frame = d.narrative
    if frame.empty:
        return Finding(0.0, "no narrative figures")
    changes = frame[frame["key"].isin(_THREE_PUBLIC_KEYS) & frame["kind"].isin(("change_amount", "change_percent"))]
    if changes.empty:
        return Finding(0.0, "the change of “三公”经费 against last year is not stated")
    moving = changes[changes["direction"] != "flat"]
    if moving.empty:
        return Finding(1.0, "“三公”经费 unchanged (持平/保持一致): no reason needed", int(changes["line"].iloc[0]))
    unexplained = [int(n) for n in moving["line"].unique() if not reason_near(d, int(n))]
    if unexplained:
        return Finding(0.0, f"the change is not explained (line {', '.join(map(str, unexplained))})", unexplained[0])
    return Finding(1.0, "", int(moving["line"].iloc[0]))


_THREE_PUBLIC_PARTS = {  # label → (narrative key, wording of the amount in the text)
    "因公出国（境）费": ("three_public_outbound", r"因公出国\(境\)费"),
    "公务接待费": ("three_public_reception", r"公务接待费"),
    "公务用车购置费": ("three_public_vehicle_purchase", r"(?<!及)购置费"),
    "公务用车运行费": ("three_public_vehicle_operation", r"(?<!及)运行(?:维护)?费"),
}


_NO_THREE_PUBLIC_RE = re.compile(r"无[“\"]?三公[”\"]?经费(?:财政拨款)?支出")


def _c18(d: Disclosure) -> Finding:
    text = narrative_text(d)
    none = _NO_THREE_PUBLIC_RE.search(text)
    if none and not _has_data_in(d, "three_public", ("outbound", "vehicles", "reception", "total")):
        return Finding(1.0, "states that there is none", evidence=none.group(0))
    missing = [label for label, (key, wording) in _THREE_PUBLIC_PARTS.items()
               if has_amount(d, key) is None and not re.search(wording + r"[^,，。;；]{0,8}?\d[\d,.]*万?元", text)]
    if len(missing) == len(_THREE_PUBLIC_PARTS):
        return Finding(0.0, "“三公”经费 components are not stated")
    return Finding(0.0 if missing else 1.0, f"not stated: {', '.join(missing)}" if missing else "",
                   has_amount(d, "three_public_outbound"))


def _c19(d: Disclosure) -> Finding:
    line = has_amount(d, "operating_expenditure")
    if line is None:
        match = re.search(r"无(?:机关运行经费|机构运转经费)", narrative_text(d))
        if match:
            return Finding(1.0, "states that there is none", evidence=match.group(0))
        return Finding(0.0, "机关运行经费 / 机构运转经费 not explained with an amount")
    return Finding(1.0, "", line)


def _c19b(d: Disclosure) -> Finding:
    line = has_amount(d, "operating_expenditure")
    changes = change_statements(d, ("operating_expenditure",))
    if line is None:
        return Finding(0.0, "机构运转经费 not explained")
    if changes.empty:
        return Finding(0.0, "the change of 机构运转经费 against last year is not stated", line)
    moving = changes[changes["direction"] != "flat"]
    if not moving.empty and not reason_near(d, int(moving["line"].iloc[0])):
        return Finding(0.5, "the change is stated without its reason", int(moving["line"].iloc[0]))
    return Finding(1.0, "", int(changes["line"].iloc[0]))


def _c21(d: Disclosure) -> Finding:
    line = has_amount(d, "procurement_total")
    text = narrative_text(d)
    if line is None:
        if re.search(r"无政府采购|未安排政府采购", text):
            return Finding(1.0, "states that there is no 政府采购")
        return Finding(0.0, "政府采购 total not stated")
    missing = [label for label, key in (("货物", "procurement_goods"), ("工程", "procurement_works"),
                                        ("服务", "procurement_services")) if has_amount(d, key) is None]
    return Finding(0.0 if missing else 1.0, f"not split into {', '.join(missing)}" if missing else "", line)


def _c23(d: Disclosure) -> Finding:
    line = find_line(d, r"国有资产占(?:有)?(?:使)?用")
    if line is None:
        return Finding(0.0, "no 国有资产占用 section")
    text, _ = text_after(d, r"国有资产占(?:有)?(?:使)?用", r"专项转移支付|第三部分|第四部分|名词解释")
    found = [label for label, pattern in (("车辆", r"车辆?\d+辆|公务用车\d+辆"),
                                          ("设备", r"设备(?:\([^()]{0,8}\))?\d+(?:台|套)"),
                                          ("日期", r"截[至止]|期末|年底|年末"))
             if re.search(pattern, text)]
    credit = 1.0 if len(found) == 3 else 0.5
    return Finding(credit, "" if credit == 1 else f"gives only {', '.join(found) or 'a heading'}", line.no, text[:80])


def _c24(d: Disclosure) -> Finding:
    line = find_line(d, r"绩效目标|预算绩效")
    if line is None:
        return Finding(0.0, "no 绩效目标 section")
    count, amount = has_amount(d, "performance_amount"), None
    frame = d.narrative
    if not frame.empty:
        rows = frame[(frame["key"] == "project_count") & (frame["kind"] == "count")]
        amount = int(rows["line"].iloc[0]) if not rows.empty else None
    credit = 1.0 if count and amount else 0.5
    return Finding(credit, "" if credit == 1 else "coverage (项目个数 and 金额) not stated", line.no)


def _c25(d: Disclosure) -> Finding:
    missing = [n for n in ("department_performance", "project_performance") if n not in d.tables]
    if missing:
        return Finding(0.0 if len(missing) == 2 else 0.5, f"missing: {', '.join(TABLE_LABELS[n] for n in missing)}",
                       table=missing[0])
    projects = d.tables.get("projects")
    if projects is None:
        return Finding(1.0, "no 项目支出预算表 to compare coverage with")
    pairs = match_projects(projects, d.tables["project_performance"])
    lacking = [str(p["project_name"]) for p, t, _ in pairs if t is None]
    if lacking:
        return Finding(0.5, f"{len(lacking)} of {len(pairs)} projects have no targets: {', '.join(lacking)}",
                       table="project_performance")
    return Finding(1.0, "", table="project_performance", evidence=f"all {len(pairs)} projects have targets")


def _c26(d: Disclosure) -> Finding:
    line = find_line(d, r"专项转移支付")
    return Finding(1.0 if line else 0.0, "" if line else "专项转移支付 not mentioned", line.no if line else None)


def _glossary(d: Disclosure) -> tuple[str, int | None]:
    return text_after(d, r"名词解释", r"^附件|^附表", limit=10_000)


def _c27(d: Disclosure) -> Finding:
    text, line = _glossary(d)
    if line is None:
        return Finding(0.0, "no 名词解释")
    missing = [label for label, pattern in GLOSSARY_TERMS.items() if not re.search(pattern, text)]
    return Finding(0.0 if missing else 1.0, f"not defined: {', '.join(missing)}" if missing else "", line)


def _c28(d: Disclosure) -> Finding:
    text, line = _glossary(d)
    body = narrative_text(d).replace(text, "")
    used = [t for t in ("机构运转经费", "机关运行经费") if t in body]
    undefined = [t for t in used if t not in text]
    if line is None:
        return Finding(0.0, "no 名词解释")
    return Finding(0.0 if undefined else 1.0, f"used but not defined: {', '.join(undefined)}" if undefined else "",
                   line)


def _c29(d: Disclosure) -> list[Finding]:
    findings = []
    for name, raw in d.raw_tables.items():
        text = compact("".join(line.text for line in raw.header + raw.rows))
        declared = raw.unit_line is not None or re.search(r"\((?:万元|元)\)", text)
        findings.append(Finding(1.0 if declared else 0.0, "" if declared else "no 单位 line and no unit in the header",
                                raw.unit_line or raw.title_line, raw.title, name))
    return findings


def _c34(d: Disclosure) -> Finding:
    """决算: 完成年初预算 stated, and every item whose 决算数 differs from its 预算数 explained."""
    executions = d.executions
    if executions.empty:
        return Finding(0.0, "the text compares no 决算数 with its 年初预算 (no '年初预算为 … 支出决算为 …')")
    known = executions.dropna(subset=["planned", "actual"])
    differ = known[(known["actual"] - known["planned"]).abs() > 0.005]
    unexplained = differ[differ["reason"].isna()]
    rate = executions["rate_pct"].notna().any()
    line = int(executions["line"].iloc[0])
    problems = []
    if not rate:
        problems.append("no 完成预算的 X% stated")
    if len(unexplained):
        problems.append(f"{len(unexplained)} of {len(differ)} differences without a reason: "
                        + ", ".join(str(x) for x in unexplained["subject"].head(5)))
    credit = 1.0 if not problems else (0.5 if len(unexplained) < max(len(differ), 1) else 0.0)
    return Finding(credit, "; ".join(problems), line,
                   f"{len(known)} items with 预算 and 决算, {len(differ)} differ, all explained" if not problems else "")


def _unknowable(reason: str) -> Callable[[Disclosure], Finding]:
    def run(d: Disclosure) -> Finding:
        return Finding(0.0, reason, status="cannot_check")

    return run


def _c33(d: Disclosure) -> Finding:
    if d.source_kind == "pdf":
        return Finding(1.0, "", evidence="read from the PDF's text layer")
    return Finding(0.0, "the audit reads a text conversion, not the published file", status="cannot_check")


CHECKLIST: tuple[Item, ...] = (
    Item("C01", "E", _c01),
    Item("C02", "E", _c02),
    Item("C03", "E", _c03),
    Item("C04", "W", _c04),
    Item("C05", "E", _c05),
    Item("C06", "W", _c06),
    Item("C07", "E", _c07),
    Item("C08", "E", _c08),
    Item("C09", "E", _c09),
    Item("C10", "E", _c10),
    Item("C11", "E", _c11),
    Item("C12", "E", _c12),
    Item("C13", "W", _c13),
    Item("C14", "W", _c14),
    Item("C15", "W", _c15),
    Item("C16", "E", _c16),
    Item("C17", "E", _c17),
    Item("C18", "E", _c18),
    Item("C19", "E", _c19),
    Item("C19b", "W", _c19b),
    Item("C21", "E", _c21),
    Item("C23", "W", _c23),
    Item("C24", "W", _c24),
    Item("C25", "W", _c25, ("budget",)),
    Item("C26", "W", _c26, ("budget",)),
    Item("C27", "E", _c27),
    Item("C28", "W", _c28),
    Item("C29", "E", _c29),
    Item("C31", "E",
         _unknowable("needs the 批复 date and the publication date, which the text does not give")),
    Item("C32", "W",
         _unknowable("needs the publication URL, which the text does not give")),
    Item("C33", "I", _c33),
    Item("C34", "E", _c34, ("final_accounts",)),
)


def _status(item: Item, finding: Finding) -> str:
    if finding.status:
        return finding.status
    if finding.credit >= 1:
        return "pass"
    return "fail" if item.severity == "E" else "warn"


def check_completeness(disclosure: Disclosure) -> Iterator[dict]:
    """One audit row per checklist finding: ``expected`` 1, ``found`` the credit (1, 0.5 or 0)."""
    lines = narrative_lines(disclosure)
    searched = f"searched the narrative, lines {lines[0].no}–{lines[-1].no}" if lines else "the document has no narrative"
    for item in CHECKLIST:
        if disclosure.template.kind not in item.kinds:
            continue  # a rule about the other kind of document (绩效目标表 of a budget, 决算 execution)
        try:
            result = item.run(disclosure)
        except KeyError as exc:  # a table without a column the item reads: cannot be checked, say why
            result = Finding(0.0, missing_column_reason(exc, item.id), status="cannot_check")
        for finding in result if isinstance(result, list) else [result]:
            status = _status(item, finding)
            evidence = finding.evidence
            if not evidence and finding.line is None and finding.table is None:
                evidence = "not in the text" if status == "cannot_check" else searched
            reason = finding.reason
            if status == "warn" and reason:
                reason = f"{reason} (W: expected by the template, not a binding rule)"
            yield described(item.id, "completeness", status, expected=1.0,
                        found=None if status == "cannot_check" else finding.credit, tolerance=None,
                        reason=reason, table=finding.table, line=finding.line, evidence=evidence,
                        row=disclosure.template.table_label(finding.table) if finding.table else None)
