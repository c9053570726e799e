"""``reports/index.html``: every report with its headline figures and audit verdict, and the corpus report."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from ..checks.levels import LEVELS
from ..config import reports_dir
from ..exports import write_text_atomic
from .first_screen import KIND_LABELS
from .folders import _new_file_mode
from .names import _CORPUS_FOLDER, _CORPUS_HTML, _CORPUS_JSON, _FAILED_SUFFIX, _FIGURES_JSON, _REPORT_HTML
from .views import _fmt
from .webfont import embed_font

_INDEX_COLUMNS = (
    ("total_expenditure", "支出总计(万元)"), ("basic_share_pct", "基本支出占比%"),
    ("project_share_pct", "项目支出占比%"), ("personnel_share_of_basic_pct", "人员经费占基本支出%"),
    ("change_vs_prior_pct", "比上年增减%"),
)


def write_index(out_root: str | os.PathLike | None = None, failures: Iterable[tuple[str, str]] = ()) -> Path:
    """Write ``<out_root>/index.html``: every report found there with its headline figures and audit verdict.

    Reports are found by their ``figures.json`` (``<year>/<department>/``),
    the corpus report by ``corpus/corpus.html``; every name and message is
    HTML-escaped and every link URL-quoted.
    """
    root = Path(out_root).resolve() if out_root is not None else reports_dir()
    esc = html.escape
    rows = []
    for path in sorted(root.glob("*/*/" + _FIGURES_JSON), key=lambda p: (p.parent.parent.name, p.parent.name)):
        folder = path.parent
        if folder.name.startswith(".") or folder.name.endswith(_FAILED_SUFFIX):
            continue
        try:
            figures = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        link = quote(f"{folder.parent.name}/{folder.name}/{_REPORT_HTML}")
        audit = figures.get("audit") or {}
        level = str(audit.get("verdict") or "")
        label = " ".join(LEVELS[level]) if level in LEVELS else "—"
        count = f" ({audit['n_findings']})" if isinstance(audit.get("n_findings"), int) and audit["n_findings"] else ""
        cells = "".join(f"<td class='num'>{_fmt(figures.get(key))}</td>" for key, _ in _INDEX_COLUMNS)
        department = str(figures.get("department") or folder.name)
        rows.append(((department, folder.parent.name, folder.name),
                     f"<tr><td>{esc(department)}</td><td>{esc(folder.parent.name)}</td>"
                     f"<td>{esc(KIND_LABELS.get(figures.get('kind'), str(figures.get('kind') or '')))}</td>"
                     f"<td><a href=\"{esc(link)}\">{esc(folder.name)}</a></td>"
                     f"<td>{esc(str(figures.get('template') or ''))}</td>{cells}"
                     f"<td class='cb-{esc(level) or 'none'}'>{esc(label + count)}</td>"
                     f"<td class='num'>{_fmt(figures.get('transparency_score'))}</td></tr>"))
    head = "".join(f"<th>{esc(label)}</th>" for _, label in _INDEX_COLUMNS)
    failed = "".join(f"<li><b>{esc(_short(src, root))}</b>: {esc(_short(msg, root))}</li>" for src, msg in failures)
    page = (
        "<!DOCTYPE html>\n<html lang='zh-CN'><head><meta charset='utf-8'><title>部门预算报告 Reports</title>"
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}td.num{text-align:right}"
        "td.cb-fail{color:#fff;background:#b3261e}td.cb-warn{color:#fff;background:#a66300}"
        "td.cb-pass{color:#fff;background:#2e7d32}</style></head><body>"
        "<h1>部门预算比率分析报告 Budget disclosure reports</h1>"
        f"{_corpus_entry(root)}"
        f"<table><tr><th>部门 Department</th><th>年度 Year</th><th>类型 Kind</th><th>报告 Report</th>"
        f"<th>模板 Template</th>{head}<th>审计结论 Audit (findings)</th><th>透明度得分 Score</th></tr>"
        f"{''.join(row for _, row in sorted(rows))}</table>"
        "<p>审计结论 Audit: 未通过 fail = an identity, a cross-table check, the narrative against the tables or a "
        "required item fails; 需注意 warn = text-quality or soft findings only; 通过 pass = neither. "
        "比上年增减 is the change the document states.</p>"
        + (f"<h2>失败 Failed</h2><ul>{failed}</ul>" if failed else "")
        + "</body></html>\n"
    )
    index = write_text_atomic(root / "index.html", embed_font(page))
    index.chmod(_new_file_mode(root))
    return index


def _corpus_entry(root: Path) -> str:
    """The index's link to the corpus report, with what it compares; empty when there is none."""
    folder = root / _CORPUS_FOLDER
    if not (folder / _CORPUS_HTML).is_file():
        return ""
    try:
        record = json.loads((folder / _CORPUS_JSON).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        record = {}
    rows = record.get("panel") if isinstance(record.get("panel"), list) else []
    departments = {str(r.get("department")) for r in rows if isinstance(r, dict)}
    years = sorted({str(r.get("year")) for r in rows if isinstance(r, dict) and r.get("year") is not None})
    what = (f"{len(rows)} 个部门年度 department-years, {len(departments)} 个部门 departments, "
            f"{'–'.join(dict.fromkeys([years[0], years[-1]])) if years else '—'}")
    link = quote(f"{_CORPUS_FOLDER}/{_CORPUS_HTML}")
    return (f"<h2>横向比较 Departments and years compared</h2><p><a href=\"{html.escape(link)}\">"
            f"部门预算横向比较 Corpus report</a> ({html.escape(what)})</p><h2>部门年度报告 Department-year reports</h2>")



def _short(text: object, root: Path) -> str:
    """A message for the index without this machine's folders: paths under the reports folder made relative."""
    return str(text).replace(f"{root}{os.sep}", "").replace(str(Path.home()), "~")
