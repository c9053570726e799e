"""The one engine that evaluates the identities of :mod:`chanhe_budget.templates.identities`.

Each record type (``Equal``, ``RowSum``, ``RollUp``, ``ByClass``, ``ByCode``,
``ProjectMatch``) has one evaluator, registered by type; they share the cell
selection, the row hierarchy (项 → 款 → 类 → 单位 → 合计) and the rounding
envelope, so every identity reports its evidence the same way.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

import pandas as pd

from ..parse.name_slips import NearNames, one_char_apart
from ..templates.identities import (
    CONDITIONS,
    IDENTITIES,
    ByClass,
    ByCode,
    Equal,
    Identity,
    ProjectMatch,
    RollUp,
    RowSum,
)
from ..templates.spec import compact
from ..templates.vocabulary import FUNCTIONAL_CLASSES
from .context import Context, Record, hierarchy, line_of, number, read_cells, unread
from .context import code as _code
from .context import matches as _matches
from .rows import check, compare, fmt, missing_column_reason, rounding_tolerance, row_label

if TYPE_CHECKING:
    from ..model import Disclosure

__all__ = ["Context", "check_identities", "hierarchy", "match_projects"]

Evaluator = Callable[["Context", Identity], Iterator[dict]]
_EVALUATORS: dict[type, Evaluator] = {}
_MONEY_UNITS = {"万元": 1.0, "元": 1e-4, "亿元": 1e4, "千元": 0.1}


def _evaluator(kind: type) -> Callable[[Evaluator], Evaluator]:
    def register(func: Evaluator) -> Evaluator:
        _EVALUATORS[kind] = func
        return func

    return register


def _applies(ctx: Context, identity: Identity) -> tuple[str, str]:
    """(comparison to make, reason) — comparison ``""`` when the identity does not apply."""
    if identity.when is None:
        return identity.compare, ""
    holds, evidence = ctx.condition(identity.when)
    zh, en = CONDITIONS[identity.when]
    if holds:
        return identity.compare, ""
    if holds is None:
        return "", f"cannot tell whether {zh} ({evidence})"
    if identity.otherwise == "not_applicable":
        return "", f"{en}: {evidence}"
    return identity.otherwise, f"{en} ({evidence}); checked as {identity.otherwise}"


def _row(identity: Identity, status: str, **fields) -> dict:
    return check(identity.id, identity.family, identity.zh, identity.en, status, **fields)


def _verdict(identity: Identity, ok: bool, difference: float = 0.0) -> str:
    if ok and identity.exact and abs(round(difference, 6)) > 0:
        return "warn"  # one printed amount against the same amount printed elsewhere, rounded differently
    return "pass" if ok else identity.severity


def _exact_reason(identity: Identity, ok: bool, found: float, expected: float) -> str:
    if ok and identity.exact and abs(round(found - expected, 6)) > 0:
        return (f"the same amount is printed {fmt(found)} here and {fmt(expected)} there: within rounding, but the "
                "tables round it differently")
    return ""


# ------------------------------------------------------------------ evaluators


@_evaluator(Equal)
def _equal(ctx: Context, identity: Equal) -> Iterator[dict]:
    left = ctx.select(identity.left)
    rights = [ctx.select(cells) for cells in identity.right]
    first = left.rows[0] if left.rows else None
    where = {"table": identity.left.table,
             "row": identity.left.label or (row_label(first) if first is not None else None), "line": line_of(first)}
    broken = [s for s in (left, *rights) if s.value is None]
    if broken:
        status = "cannot_check" if any(s.status == "cannot_check" for s in broken) else "not_applicable"
        yield _row(identity, status, reason="; ".join(s.reason for s in broken), **where)
        return
    how, reason = _applies(ctx, identity)
    expected = round(sum(s.value for s in rights), 6)
    evidence = f"{left.describe()} vs " + " + ".join(s.describe() for s in rights)
    if not how:
        yield _row(identity, "not_applicable", expected=expected, found=left.value, reason=reason,
                   evidence=evidence, **where)
        return
    addends = [a for s in rights for a in s.addends]
    if len(left.addends) > 1:
        addends += left.addends
    tol = rounding_tolerance(addends or [(1.0, ctx.unit(identity.left.table))])
    ok = compare(left.value, expected, tol, how)
    yield _row(identity, _verdict(identity, ok, left.value - expected), expected=expected, found=left.value,
               tolerance=tol, evidence=evidence, **where,
               reason=reason or _exact_reason(identity, ok, left.value, expected)
               or ("" if ok else f"differs by {left.value - expected:+.2f} 万元"))


def _declared_empty(ctx: Context, identity: Identity, table: str) -> Iterator[dict]:
    """A table printed without rows: nothing to add up (C07 judges whether it says why)."""
    meta = ctx.meta.get(table, {})
    why = "declared empty by its note" if meta.get("declared_empty") else "printed without rows"
    yield _row(identity, "not_applicable", table=table, line=meta.get("title_line"),
               reason=f"{ctx.label(table)} is {why}: nothing to add up (see C07)",
               evidence=(meta.get("note") or "").splitlines()[-1] if meta.get("note") else "")


@_evaluator(RowSum)
def _row_sum(ctx: Context, identity: RowSum) -> Iterator[dict]:
    for table in identity.tables:
        records = ctx.tables.get(table)
        if records is not None and not records:
            yield from _declared_empty(ctx, identity, table)
        if not records:
            continue
        missing = [c for c in (identity.total, *identity.parts) if c not in ctx.columns[table]]
        if missing:
            yield _row(identity, "not_applicable", table=table,
                       reason=f"{ctx.label(table)} of the {ctx.disclosure.template.name} template has "
                              f"no column {', '.join(missing)}")
            continue
        parts = list(identity.parts)
        rows = [r for r in records if _matches(r, identity.where)]
        if identity.distinct:
            seen: set[tuple] = set()
            unique = []
            for r in rows:
                key = tuple(r.get(c) for c in identity.distinct)
                if key not in seen:
                    seen.add(key)
                    unique.append(r)
            rows = unique
        unit = ctx.unit(table)
        how, reason = _applies(ctx, identity)
        for row in rows:
            if unread(ctx, table, [row], (identity.total, *parts)):
                yield _row(identity, "cannot_check", table=table, row=row_label(row), line=line_of(row),
                           reason="a cell of the row was left undecided (NaN) by the reader of text without layout")
                continue
            read, why = read_cells([row], [identity.total, *parts])
            where = {"table": table, "row": row_label(row), "line": line_of(row)}
            if read is None:
                if any(number(row.get(c)) for c in (identity.total, *parts)):  # something printed, something unreadable
                    yield _row(identity, "cannot_check", reason=f"{ctx.label(table)}: {why}", **where)
                continue
            found, values = read[0], read[1:]
            if not found and not any(values):
                continue  # nothing printed: the identity holds trivially
            expected = round(sum(values), 6)
            evidence = (f"{table} line {line_of(row)} {row_label(row)}: {identity.total} {fmt(found)}; "
                        + " + ".join(f"{p} {fmt(v)}" for p, v in zip(parts, values, strict=True)))
            if not how:
                yield _row(identity, "not_applicable", expected=expected, found=found, reason=reason,
                           evidence=evidence, **where)
                continue
            tol = rounding_tolerance((v, unit) for v in values)
            ok = compare(found, expected, tol, how)
            yield _row(identity, _verdict(identity, ok), expected=expected, found=found, tolerance=tol,
                       reason=reason or ("" if ok else f"{identity.total} differs from the sum by {found - expected:+.2f}"),
                       evidence=evidence, **where)


def _amount_columns(ctx: Context, table: str) -> list[str]:
    try:
        spec = ctx.disclosure.template.spec(table)
    except KeyError:
        return []
    return [c.name for c in spec.columns if c.name in ctx.columns[table]]


@_evaluator(RollUp)
def _roll_up(ctx: Context, identity: RollUp) -> Iterator[dict]:
    for table in identity.tables:
        records = ctx.tables.get(table)
        if records is not None and not records:
            yield from _declared_empty(ctx, identity, table)
        if not records or "_parent" not in records[0]:
            continue
        columns = list(identity.columns) or _amount_columns(ctx, table)
        unit = ctx.unit(table)
        children: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for i, record in enumerate(records):
            if record["_parent"] is not None:
                children[record["_parent"]]["units" if record["row_kind"] == "unit" else "rows"].append(i)
        for parent, kinds in sorted(children.items()):
            prow = records[parent]
            for kind, members in kinds.items():
                for column in columns:
                    if unread(ctx, table, [prow, *(records[i] for i in members)], (column,)):
                        yield _row(identity, "cannot_check", table=table, row=f"{row_label(prow)} [{column}]",
                                   line=line_of(prow), reason=f"a {column} cell was left undecided (NaN) by the "
                                                              "reader of text without layout")
                        continue
                    read, why = read_cells([prow, *(records[i] for i in members)], [column])
                    if read is None:
                        if any(number(r.get(column)) for r in (prow, *(records[i] for i in members))):
                            yield _row(identity, "cannot_check", reason=f"{ctx.label(table)}: {why}",
                                       table=table, row=f"{row_label(prow)} [{column}]", line=line_of(prow))
                        continue
                    found, values = read[0], read[1:]
                    if not found and not any(values):
                        continue
                    expected = round(sum(values), 6)
                    tol = rounding_tolerance((v, unit) for v in values)
                    ok = compare(found, expected, tol)
                    member_text = " + ".join(f"{row_label(records[i])} {fmt(v)} (line {line_of(records[i])})"
                                             for i, v in zip(members, values, strict=True))
                    yield _row(identity, _verdict(identity, ok), expected=expected, found=found, tolerance=tol,
                               reason="" if ok else f"{column} of {row_label(prow)} differs from the sum of its "
                                                    f"{'sub-units' if kind == 'units' else 'rows'} "
                                                    f"by {found - expected:+.2f}",
                               table=table, row=f"{row_label(prow)} [{column}]", line=line_of(prow),
                               evidence=f"{table} line {line_of(prow)} {row_label(prow)} {column} {fmt(found)} = "
                                        f"{member_text}")


def _loose(ctx: Context, table: str) -> bool:
    return bool(ctx.meta.get(table, {}).get("loose"))


def _class_of(name: str) -> str | None:
    key = re.sub(r"支出$", "", compact(name))
    for code, names in FUNCTIONAL_CLASSES.items():
        if any(re.sub(r"支出$", "", compact(n)) == key for n in names):
            return code
    return None


def _leaf_group_rows(records: list[Record]) -> list[tuple[int, Record]]:
    """Coded rows of units without sub-units, so codes repeated per unit are not counted twice."""
    kinds = [r.get("row_kind") for r in records]
    unit_has_sub = {r["_parent"] for r in records if r.get("row_kind") == "unit" and r.get("_parent") is not None}

    def group(i: int) -> int | None:
        while True:
            p = records[i].get("_parent")
            if p is None or kinds[p] == "total":
                return None
            if kinds[p] == "unit":
                return p
            i = p

    return [(i, r) for i, r in enumerate(records) if _code(r.get("code")) and group(i) not in unit_has_sub]


def _value(row: Record, column: str, loose: bool) -> float:
    """A cell as a number; NaN for a cell the reader of text without layout left undecided (unknown, not 0)."""
    return math.nan if loose and row.get(column) is None else number(row.get(column))


def _code_amounts(records: list[Record], column: str, loose: bool = False) -> dict[str, tuple[float, list[int]]]:
    amounts: dict[str, tuple[float, list[int]]] = {}
    for _, row in _leaf_group_rows(records):
        code = _code(row["code"])
        value, lines = amounts.get(code, (0.0, []))
        amounts[code] = (value + _value(row, column, loose), [*lines, line_of(row)])
    return amounts


def _class_amounts(records: list[Record], column: str, loose: bool = False) -> dict[str, tuple[float, list[int]]]:
    """Per 类: the sum of the top coded rows (the class row, else its sections, else its items)."""
    rows = _leaf_group_rows(records)
    coded = {i for i, _ in rows}
    amounts: dict[str, tuple[float, list[int]]] = {}
    for _, row in rows:
        if row.get("_parent") in coded:
            continue
        code = _code(row["code"])[:3]
        value, lines = amounts.get(code, (0.0, []))
        amounts[code] = (value + _value(row, column, loose), [*lines, line_of(row)])
    return amounts


def _undecided(identity: Identity, found: float, expected: float, where: dict) -> dict | None:
    """A cannot_check row when either side holds a cell left undecided by the reader of text without layout."""
    if found == found and expected == expected:
        return None
    return _row(identity, "cannot_check", reason="a cell was left undecided (NaN) by the reader of text without "
                "layout", **where)


@_evaluator(ByClass)
def _by_class(ctx: Context, identity: ByClass) -> Iterator[dict]:
    left, right = ctx.tables.get(identity.left.table), ctx.tables.get(identity.right.table)
    if left is None or right is None:
        status, reason = ctx.absent(identity.left.table if left is None else identity.right.table)
        yield _row(identity, status, reason=reason, table=identity.left.table)
        return
    missing = [f"{c.table}.{c.columns[0]}" for c in (identity.left, identity.right)
               if c.columns[0] not in ctx.columns[c.table]]
    if "code" not in ctx.columns[identity.right.table]:
        missing.append(f"{identity.right.table}.code (no functional codes)")
    if missing:
        yield _row(identity, "not_applicable", table=identity.left.table,
                   reason=f"the {ctx.disclosure.template.name} template's tables have no column {', '.join(missing)}")
        return
    right_amounts = (_class_amounts(right, identity.right.columns[0], _loose(ctx, identity.right.table))
                     if right and "_parent" in right[0] else {})
    seen: dict[str, tuple[float, list[int], list[str]]] = {}
    for row in (r for r in left if _matches(r, identity.left.where)):
        value = _value(row, identity.left.columns[0], _loose(ctx, identity.left.table))
        code = _class_of(str(row.get("item") or ""))
        if code is None:
            if value:
                yield _row(identity, "cannot_check", found=value, table=identity.left.table, row=row_label(row),
                           line=line_of(row), reason=f"cannot place {row_label(row)!r} in a 功能分类 类",
                           evidence=f"{identity.left.table} line {line_of(row)}")
            continue
        total, lines, names = seen.get(code, (0.0, [], []))
        seen[code] = (total + value, [*lines, line_of(row)], [*names, str(row["item"])])
    unit = ctx.unit(identity.left.table)
    for code in sorted(set(seen) | set(right_amounts)):
        found, lines, names = seen.get(code, (0.0, [], []))
        expected, right_lines = right_amounts.get(code, (0.0, []))
        if not found and not expected:
            continue
        undecided = _undecided(identity, found, expected, {"table": identity.left.table, "row": code})
        if undecided:
            yield undecided
            continue
        tol = rounding_tolerance([(found, unit)] + [(1.0, ctx.unit(identity.right.table))] * max(len(right_lines), 1))
        ok = compare(found, expected, tol)
        name = FUNCTIONAL_CLASSES[code][0] if code in FUNCTIONAL_CLASSES else code
        exact = _exact_reason(identity, ok, found, expected)
        yield _row(identity, _verdict(identity, ok, found - expected), expected=round(expected, 6),
                   found=round(found, 6), tolerance=tol,
                   reason=f"class {code} {name}: {exact}" if exact else
                   "" if ok else f"class {code} {name}: {identity.left.table} {fmt(found)} vs "
                                 f"{identity.right.table} {fmt(expected)}",
                   table=identity.left.table, row=f"{code} {'/'.join(names) or name}", line=lines[0] if lines else None,
                   evidence=f"{identity.left.table} lines {lines or '-'} {fmt(found)}; {identity.right.table} "
                            f"class {code} lines {right_lines or '-'} {fmt(expected)}")


@_evaluator(ByCode)
def _by_code(ctx: Context, identity: ByCode) -> Iterator[dict]:
    left, right = ctx.tables.get(identity.left.table), ctx.tables.get(identity.right.table)
    if not left or "code" not in ctx.columns[identity.left.table] or "_parent" not in left[0]:
        return
    if right is None:
        status, reason = ctx.absent(identity.right.table)
        yield _row(identity, status, table=identity.left.table, reason=reason)
        return
    if not right or "code" not in ctx.columns[identity.right.table] or "_parent" not in right[0]:
        yield _row(identity, "cannot_check", table=identity.left.table,
                   reason=f"{identity.right.table} has no coded rows to compare with")
        return
    how, reason = _applies(ctx, identity)
    right_amounts = _code_amounts(right, identity.right.columns[0], _loose(ctx, identity.right.table))
    labels = {_code(r.get("code")): row_label(r) for r in left}
    for code, (found, lines) in _code_amounts(left, identity.left.columns[0], _loose(ctx, identity.left.table)).items():
        if code in right_amounts:
            expected, right_lines = right_amounts[code]
        else:
            finer = {c: v for c, v in right_amounts.items() if c.startswith(code)}
            expected = sum(v for v, _ in finer.values())
            right_lines = [x for _, ls in finer.values() for x in ls]
        if not found and not expected:
            continue
        label = labels.get(code, code)
        where = {"table": identity.left.table, "row": label, "line": lines[0]}
        undecided = _undecided(identity, found, expected, where)
        if undecided:
            yield undecided
            continue
        evidence = (f"{identity.left.table} {code} {fmt(found)} (line {', '.join(map(str, lines))}); "
                    f"{identity.right.table} {fmt(expected)} (line {', '.join(map(str, right_lines)) or '-'})")
        if not how:
            yield _row(identity, "not_applicable", expected=expected, found=found, reason=reason, evidence=evidence,
                       **where)
            continue
        tol = rounding_tolerance([(found, ctx.unit(identity.left.table))]
                                 + [(1.0, ctx.unit(identity.right.table))] * max(len(right_lines), 1))
        ok = compare(found, expected, tol, how)
        yield _row(identity, _verdict(identity, ok), expected=round(expected, 6), found=round(found, 6), tolerance=tol,
                   reason=reason or ("" if ok else f"{label}: {identity.left.table} {fmt(found)} vs "
                                                   f"{identity.right.table} {fmt(expected)}"),
                   evidence=evidence, **where)


def _first_per_project(targets: list[Record]) -> list[Record]:
    seen: set[tuple] = set()
    first = []
    for r in targets:
        key = (r.get("project_code"), r.get("project_name"))
        if key not in seen:
            seen.add(key)
            first.append(r)
    return first


def _pair_projects(projects: list[Record], targets: list[Record]) -> list[tuple[Record, Record | None, str]]:
    first = _first_per_project(targets)
    names = NearNames([compact(str(t.get("project_name") or "")) for t in first])  # linear look-ups, not P × T
    used: set[int] = set()
    pairs: list[tuple[Record, Record | None, str]] = []
    for project in (r for r in projects if r.get("row_kind") == "project"):
        name = compact(str(project.get("project_name") or ""))
        found, how = None, "no project of this name in 项目绩效目标表"
        same = next((i for i in names.equal(name) if i not in used), None)
        if same is not None:
            found, how = same, "same name"
        else:
            near = next((i for i in names.one_apart(name) if i not in used), None)
            if near is not None:
                target = first[near]
                other = compact(str(target.get("project_name") or ""))
                at = one_char_apart(name, other)
                found, how = near, (f"name printed as {target['project_name']!r} in 项目绩效目标表 (line "
                                    f"{line_of(target)}): one character differs ({name[at]} / {other[at]}), "
                                    f"matched as the same project")
        if found is not None:
            used.add(found)
        pairs.append((project, first[found] if found is not None else None, how))
    return pairs


def match_projects(projects: pd.DataFrame, targets: pd.DataFrame) -> list[tuple[dict, dict | None, str]]:
    """Each project of 项目支出预算表 with its first row in 项目绩效目标表 and how the names matched.

    Names are compared without spaces; a name printed with one character changed
    (an OCR slip such as 潼 for 瀍) still matches, and the match says so.
    """
    return _pair_projects(projects.to_dict("records"), targets.to_dict("records") if not targets.empty else [])


def _cost_amount(indicators: list[Record]) -> tuple[float | None, str, str]:
    """(amount in 万元, operator, evidence) of a project's money cost indicators, None when none states money."""
    money = [r for r in indicators if r.get("level") == "cost" and r.get("value_unit") in _MONEY_UNITS
             and r.get("number") is not None]
    if not money:
        return None, "", ""
    evidence = "; ".join(f"{r['indicator']} {r['value']} (line {line_of(r)})" for r in money)
    operators = {r.get("operator") for r in money}
    if len(money) > 1 and operators != {"="}:
        return None, "mixed", evidence
    amount = sum(float(r["number"]) * _MONEY_UNITS[r["value_unit"]] for r in money)
    return amount, (money[0].get("operator") or "=") if len(money) == 1 else "=", evidence


@_evaluator(ProjectMatch)
def _project_match(ctx: Context, identity: ProjectMatch) -> Iterator[dict]:
    projects, targets = ctx.tables.get("projects"), ctx.tables.get("project_performance")
    if identity.what == "cost":
        yield from _cost_checks(ctx, identity, targets or [])
        return
    if projects is None or targets is None:
        status, reason = ctx.absent("projects" if projects is None else "project_performance")
        yield _row(identity, status, reason=reason, table="projects")
        return
    unit = ctx.unit("projects")
    matched: set[int] = set()
    for project, target, how in _pair_projects(projects, targets):
        found = number(project.get("total"))
        where = {"table": "projects", "row": str(project.get("project_name")), "line": line_of(project)}
        if target is None:
            yield _row(identity, "cannot_check", found=found, reason=how, **where)
            continue
        matched.add(id(target))
        expected = number(target.get("project_amount"))
        tol = rounding_tolerance([(found, unit)])
        ok = compare(found, expected, tol)
        note = "" if how == "same name" else how
        yield _row(identity, _verdict(identity, ok), expected=expected, found=found, tolerance=tol,
                   reason="; ".join(x for x in (note, "" if ok else f"amounts differ by {found - expected:+.2f}") if x),
                   evidence=f"projects line {line_of(project)} {fmt(found)}; project_performance line "
                            f"{line_of(target)} {target.get('project_name')} {fmt(expected)}", **where)
    for target in _first_per_project(targets):
        if id(target) not in matched:
            yield _row(identity, "cannot_check", found=number(target.get("project_amount")), table="project_performance",
                       row=str(target.get("project_name")), line=line_of(target),
                       reason="no project of this name in 项目支出预算表")


def _cost_checks(ctx: Context, identity: ProjectMatch, targets: list[Record]) -> Iterator[dict]:
    groups: dict[tuple, list[Record]] = defaultdict(list)
    for r in targets:
        groups[(r.get("project_code"), r.get("project_name"))].append(r)
    for (code, _), indicators in groups.items():
        first = indicators[0]
        where = {"table": "project_performance", "row": str(first.get("project_name")), "line": line_of(first)}
        amount, operator, evidence = _cost_amount(indicators)
        project_amount = number(first.get("project_amount"))
        if amount is None:
            reason = ("several cost indicators with bounds; their sum cannot be compared" if operator == "mixed"
                      else "no cost indicator (成本指标) states an amount of money")
            yield _row(identity, "not_applicable", found=project_amount, reason=reason, evidence=evidence, **where)
            continue
        how = {"=": "eq", "≥": "ge", ">": "ge", "≤": "le", "<": "le"}.get(operator, "eq")
        tol = rounding_tolerance([(project_amount, ctx.unit("project_performance"))])
        # the project amount must satisfy "amount <operator> stated cost", e.g. amount ≥ 10 for "≥10 万元"
        ok = compare(project_amount, amount, tol, how)
        bound = "" if operator == "=" else f" (the indicator states {operator}{fmt(amount)})"
        yield _row(identity, _verdict(identity, ok), expected=round(amount, 6), found=project_amount, tolerance=tol,
                   reason=("" if ok else f"project amount {fmt(project_amount)} vs cost indicator {fmt(amount)}") + bound,
                   evidence=f"project {code}: amount {fmt(project_amount)}; {evidence}", **where)


def check_identities(disclosure: Disclosure, identities: tuple[Identity, ...] = IDENTITIES,
                     ctx: Context | None = None) -> list[dict]:
    """Evaluate every identity on a disclosure: one audit row per comparison made (see :mod:`.rows`)."""
    ctx = ctx or Context(disclosure)
    rows: list[dict] = []
    for identity in identities:
        if not identity.applies_to(disclosure.template.name, disclosure.template.kind):
            continue  # a layout of another template, or a budget identity on a 决算 (or the reverse)
        try:
            rows.extend(list(_EVALUATORS[type(identity)](ctx, identity)))
        except KeyError as exc:  # a table without a column the identity reads: cannot_check with the reason
            rows.append(_row(identity, "cannot_check", reason=missing_column_reason(exc, identity.id)))
    return rows
