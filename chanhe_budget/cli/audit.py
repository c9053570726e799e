"""``chanhe-budget audit FILE... [--json] [--strict] [--all]``: the audit on the command line.

Each file gets a readable report (counts by family and status, the checks that
did not pass, the score and its deductions) and a one-line verdict; ``--json``
prints one JSON object per file per line instead. A file that cannot be read
is reported and the others are still audited. Exit code: 2 when a file could
not be read, else 1 under ``--strict`` when any check failed, else 0.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import pandas as pd

from ..checks.rows import STATUSES
from ..errors import ChanheBudgetError
from ..read.source import require_file
from .command import Command

__all__ = ["audit_file", "format_report", "total_line"]

_SHOWN = ("fail", "warn")


def _args(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="disclosure files (text converted from the PDF, or the PDF); the narrative and the tables "
                        "of one publication printed as two files are paired and audited as one")
    p.add_argument("--json", action="store_true", help="print one JSON object per file (JSON Lines)")
    p.add_argument("--strict", action="store_true", help="exit 1 when any check fails")
    p.add_argument("--all", action="store_true", help="list every check, not only those that did not pass")


def audit_file(path: str) -> tuple[pd.DataFrame, dict, float, pd.DataFrame, object]:
    """Read and audit one file: (audit frame, summary, score, score breakdown, disclosure)."""
    from ..checks.run import audit, summarise, transparency_score
    from ..pipeline import read_disclosure

    disclosure = read_disclosure(require_file(path))
    frame = audit(disclosure)
    score, breakdown = transparency_score(disclosure, frame)
    return frame, summarise(frame), score, breakdown, disclosure


def _clean(value):
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: _clean(v) for k, v in row.items()} for row in frame.to_dict("records")]


def _cell(value, width: int) -> str:
    text = "" if _clean(value) is None else (f"{value:.2f}" if isinstance(value, float) else str(value))
    text = text.replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"


def format_report(path: str, frame: pd.DataFrame, summary: dict, score: float, breakdown: pd.DataFrame,
                  show_all: bool = False) -> str:
    """The readable report of one file."""
    out = [f"== {path}", ""]
    counts = frame.groupby(["family", "status"]).size().unstack(fill_value=0)
    out.append(counts.to_string())
    out.append("")
    shown = frame if show_all else frame[frame["status"].isin(_SHOWN)]
    if not shown.empty:
        out.append("checks" if show_all else "checks that did not pass")
        for row in shown.itertuples():
            where = " ".join(x for x in (_cell(row.table, 28), _cell(row.row, 30),
                                         f"line {row.line}" if not pd.isna(row.line) else "") if x)
            values = ""
            if isinstance(row.expected, int | float) or isinstance(row.found, int | float):
                values = f" expected {_cell(row.expected, 14)} found {_cell(row.found, 14)}"
            out.append(f"  {row.status:<14} {row.check_id:<5} {row.family:<12} {where}{values}")
            if row.reason:
                out.append(f"  {'':<14} {_cell(row.reason, 160)}")
        out.append("")
    hidden = frame[~frame["status"].isin(_SHOWN) & (frame["status"] != "pass")]
    if not show_all and not hidden.empty:
        reasons = hidden.groupby("check_id").size()
        out.append(f"{len(hidden)} figures could not be checked or do not apply "
                   f"({', '.join(f'{k} ×{v}' for k, v in reasons.items())}); --all lists them with the reason")
        out.append("")
    out.append(f"transparency score {score:.1f} / 100")
    for row in breakdown.itertuples():
        if row.deduction > 0 or row.weight == 0:
            out.append(f"  -{row.deduction:5.2f} of {row.weight:5.2f}  {row.component} · {row.item}")
            if row.reason:
                out.append(f"  {'':<16}{_cell(row.reason, 160)}")
    out.append("")
    out.append(_verdict_line(path, summary))
    return "\n".join(out)


def _verdict_line(path: str, summary: dict) -> str:
    return (f"VERDICT {summary['verdict'].upper()}: {summary['n_fail']} fail, {summary['n_warn']} warn, "
            f"{summary['n_pass']} pass, {summary['n_cannot_check']} cannot_check, "
            f"{summary['n_not_applicable']} not_applicable of {summary['n_checks']} checks; "
            f"score {summary['score']:.1f} — {path}")


def total_line(summaries: list[dict], unreadable: int) -> str:
    """The last line of ``audit FILE...``: every file's checks added up, and how many files fail or were unreadable."""
    files = len(summaries) + unreadable
    counts = {status: sum(s[f"n_{status}"] for s in summaries) for status in STATUSES}
    failing = sum(s["verdict"] == "fail" for s in summaries)
    verdict = "FAIL" if failing or unreadable else "PASS"
    return (f"TOTAL {verdict} over {files} file(s): {len(summaries)} audited ({failing} failing), {unreadable} "
            f"unreadable; {counts['fail']} fail, {counts['warn']} warn, {counts['pass']} pass, "
            f"{counts['cannot_check']} cannot_check, {counts['not_applicable']} not_applicable of "
            f"{sum(counts.values())} checks")


def _publications(paths: list[str]) -> list[tuple[str, object]]:
    """The files given, with the parts of one publication (a narrative and a tables file of the same
    department-year) joined: (label, files) in the order given."""
    from ..corpus.parts import PartInfo, examine, pair_parts

    infos: list[PartInfo] = []
    for path in paths:
        infos.append(examine(path)[0] if Path(path).is_file() else PartInfo("unreadable", None, None, None))
    pairs = pair_parts(infos) if len(paths) > 1 else []
    partner = dict(pairs)
    out: list[tuple[str, object]] = []
    for i, path in enumerate(paths):
        if i in partner.values():
            continue
        out.append((f"{path} + {paths[partner[i]]}", [path, paths[partner[i]]]) if i in partner else (path, path))
    return out


def _audit_one(files) -> tuple[pd.DataFrame, dict, float, pd.DataFrame, object]:
    if isinstance(files, str):
        return audit_file(files)
    from ..checks.run import audit, summarise, transparency_score
    from ..pipeline import read_disclosure

    disclosure = read_disclosure(files)
    frame = audit(disclosure)
    score, breakdown = transparency_score(disclosure, frame)
    return frame, summarise(frame), score, breakdown, disclosure


def _audit(args: argparse.Namespace) -> int:
    unreadable = failed = 0
    summaries: list[dict] = []
    for path, files in _publications(args.files):
        try:
            frame, summary, score, breakdown, _ = _audit_one(files)
        except ChanheBudgetError as exc:
            unreadable += 1
            if args.json:
                print(json.dumps({"file": path, "error": str(exc)}, ensure_ascii=False))
            else:
                print(f"== {path}\nchanhe-budget: error: {exc}\n", file=sys.stderr)
            continue
        summaries.append(summary)
        failed += summary["verdict"] == "fail"
        if args.json:
            print(json.dumps({"file": path, "summary": summary, "checks": _records(frame),
                              "score_breakdown": _records(breakdown)}, ensure_ascii=False))
        else:
            print(format_report(path, frame, summary, score, breakdown, args.all))
            print()
    if not args.json:
        print(total_line(summaries, unreadable))
    if unreadable:
        return 2
    return 1 if args.strict and failed else 0


AUDIT = Command("audit", "audit disclosures: identities, narrative, completeness, text, score", _args, _audit)
