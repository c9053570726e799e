"""The report's first screen: what a researcher wants before scrolling.

Department, year and kind; the headline figures computed from the tables with
the document's own statement of each beside them (✓ agrees, ✗ does not, ?
cannot be checked, — not stated); the change against last year (as the
document states it, and as the previous year's document gives it when the
project holds one); the audit verdict in colour (:mod:`.verdict` levels) with
its few real findings, the most serious first; the transparency score.
Everything from the document is escaped.
"""

from __future__ import annotations

import html
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..checks.levels import LEVELS, findings, verdict
from ..config import available_disclosures, raw_layout
from ..errors import ChanheBudgetError
from ..pipeline import read_disclosure
from .views import _number

if TYPE_CHECKING:
    import pandas as pd

    from ..analysis.ratios import AuditResults
    from ..model import Disclosure

#: Kind of document → its label.
KIND_LABELS = {"budget": "部门预算 budget", "final_accounts": "部门决算 final accounts"}
#: The headline rows: (key figure, label, unit, share figure shown beside it or None).
HEADLINE_FIGURES = (
    ("total_expenditure", "支出总计 Total expenditure", "万元", None),
    ("basic_expenditure", "基本支出 Basic", "万元", "basic_share_pct"),
    ("project_expenditure", "项目支出 Projects", "万元", "project_share_pct"),
    ("personnel_expenditure", "人员经费 Personnel", "万元", "personnel_share_of_basic_pct"),
    ("public_expenditure", "公用经费 Running costs", "万元", "public_share_of_basic_pct"),
    ("three_public_total", "“三公”经费 Three public expenses", "万元", None),
    ("project_count", "项目个数 Projects listed", "个", None),
)
_MARK_RANK = {"✗": 0, "?": 1, "⚠": 1, "✓": 2}  # the worst of two statements is the row's mark
#: How many findings the first screen lists (the audit section lists them all).
MAX_FINDINGS = 6


def previous_year(source: str | os.PathLike) -> Disclosure | None:
    """The same department's document of the year before, when ``source`` sits in ``data/raw/<year>/`` and
    ``data/raw/<year-1>/`` holds a file of the same name; None otherwise (or when it cannot be read)."""

    if isinstance(source, list | tuple):
        return None  # a publication printed in several files: not laid out by name in data/raw
    layout = raw_layout(source)
    if layout is None:
        return None
    prior = available_disclosures().get(int(layout[0]) - 1, {}).get(layout[1])
    if prior is None:
        return None
    try:
        return read_disclosure(prior)
    except ChanheBudgetError:
        return None


def _marks(headline: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    """figure → (mark, title text) of the document's own statement."""
    if headline is None or headline.empty:
        return {}
    out = {}
    for row in headline.to_dict("records"):
        stated = row.get("stated")
        note = row.get("note") or ""
        text = f"文件所述 stated: {_number(stated)}" if stated is not None else ""
        out[row["figure"]] = (str(row.get("mark") or "?"), f"{text} {note}".strip())
    return out


def _change_line(d: Disclosure, prior: Disclosure | None, marks: dict[str, tuple[str, str]]) -> str:
    esc = html.escape
    f = d.figures
    parts = []
    stated, pct = f.get("change_vs_prior"), f.get("change_vs_prior_pct")
    if stated is not None:
        share = f"（{_number(pct)}%）" if pct is not None else ""
        mark = marks.get("change_vs_prior", ("?", ""))[0]  # the prior-year total is only in the text: "?"
        parts.append(f"文件所述 as the document states: {_number(stated)} 万元{share} "
                     f"<span class='cb-mark' title='上年数只见于文字说明'>{esc(mark)}</span>")
    if prior is not None:
        now, before = f.get("total_expenditure"), prior.figures.get("total_expenditure")
        if now is not None and before is not None:
            change = now - before
            share = f"（{_number(100 * change / before)}%）" if before else ""
            parts.append(f"两年文件计算 from the {esc(str(prior.year))} document: {_number(change)} 万元{share}")
    if not parts:
        return "<p class='cb-change'>比上年 Change on last year: 文件未述 not stated</p>"
    return f"<p class='cb-change'>比上年增减 Change on last year: {'；'.join(parts)}</p>"


def _findings_list(audit: AuditResults) -> str:
    esc = html.escape
    if not audit.available:
        return f"<p>{esc(audit.note)}</p>"
    rows = findings(audit.frame)
    if rows.empty:
        return "<p>没有发现 No findings.</p>"
    items = []
    for row in rows.head(MAX_FINDINGS).to_dict("records"):
        where = f" · 第 {int(row['line'])} 行 line" if isinstance(row.get("line"), int | float) and \
            row.get("line") == row.get("line") else ""
        reason = " ".join(str(row.get("reason") or row.get("evidence") or "").split())[:160]
        items.append(f"<li class='cb-{row['level']}'><b>{esc(LEVELS[row['level']][0])}</b> "
                     f"{esc(str(row.get('description_zh') or row.get('check_id')))}{esc(where)}"
                     f"{'：' + esc(reason) if reason else ''}</li>")
    more = len(rows) - MAX_FINDINGS
    tail = f"<p>另有 {more} 项 and {more} more in section 6.</p>" if more > 0 else ""
    return f"<ol class='cb-findings'>{''.join(items)}</ol>{tail}"


def first_screen(d: Disclosure, audit: AuditResults, headline: pd.DataFrame | None = None,
                 prior: Disclosure | None = None, source: str | os.PathLike | None = None) -> Any:
    """The report's first screen as escaped HTML (see the module docstring)."""
    from IPython.display import HTML

    esc = html.escape
    f = d.figures
    marks = _marks(headline)
    rows = []
    for figure, label, unit, share in HEADLINE_FIGURES:
        value = f.get(figure)
        if value is None and (share is None or f.get(share) is None):
            continue
        amount = "" if value is None else (_number(value, integer=unit == "个") + f" {unit}")
        share_text = f"{_number(f[share])}%" if share and f.get(share) is not None else ""
        stated = [marks[k] for k in (figure, share) if k in marks]  # the amount's and the share's statements
        mark, title = min(stated, key=lambda m: _MARK_RANK.get(m[0], 9)) if stated else ("—", "文件未述 not stated")
        rows.append(f"<tr><th>{esc(label)}</th><td class='num'>{esc(amount)}</td><td class='num'>{esc(share_text)}"
                    f"</td><td class='cb-mark' title='{esc(title)}'>{esc(mark)}</td></tr>")
    level = verdict(audit.frame) if audit.available else None
    score = f"{_number(audit.score)} / 100" if audit.score is not None else "—"
    verdict_text = " ".join(LEVELS[level]) if level else "未审计 not audited"
    kind = KIND_LABELS.get(d.kind, d.kind or "")
    shown = " + ".join(Path(p).name for p in source) if isinstance(source, list | tuple) else \
        Path(source).name if source else d.source
    meta = " · ".join(esc(str(x)) for x in (kind, d.template.label, shown) if x)
    return HTML(
        "<section class='cb-first'>"
        f"<h1>{esc(str(d.year or ''))} {esc(d.department or '')} <small>{esc(kind)}</small></h1>"
        f"<p class='cb-meta'>{meta}</p>"
        "<div class='cb-columns'><div>"
        "<table class='cb-headline'><thead><tr><th>关键指标 Headline</th><th>万元</th><th>占比 share</th>"
        "<th title='文件自述与表格计算 the document’s own statement'>文件自述</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
        f"{_change_line(d, prior, marks)}"
        "<p class='cb-legend'>✓ 文件自述与表格一致 statement agrees · ✗ 不一致 disagrees · ? 无法核对 cannot be "
        "checked · — 文件未述 not stated</p></div>"
        f"<div><p class='cb-verdict cb-{level or 'none'}'>审计结论 Audit: {esc(verdict_text)}</p>"
        f"<p class='cb-score'>透明度得分 Transparency score: <b>{esc(score)}</b></p>"
        f"<h3>主要发现 Findings</h3>{_findings_list(audit)}</div></div></section>"
    )
