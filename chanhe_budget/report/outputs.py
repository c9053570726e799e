"""What a report run writes beside its notebook: chart PNGs, ``figures.json`` and ``corpus.json``."""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..checks.levels import findings, verdict
from ..exports import write_atomic, write_text_atomic
from .names import _CORPUS_JSON, _FIGURES_JSON, safe_name

if TYPE_CHECKING:
    import pandas as pd

    from ..analysis.ratios import AuditResults
    from ..model import Disclosure
    from .views import Chart


def save_outputs(output_dir: str | os.PathLike | None, d: Disclosure, audit: AuditResults | None,
                 charts: Mapping[str, Chart | None], headline: pd.DataFrame | None = None) -> list[Path]:
    """Write the charts as ``<name>.png`` and ``figures.json`` into ``output_dir`` (atomically, file by file).

    ``figures.json`` holds the key figures of FIGURES.md at the top level
    (amounts in 万元, shares in %), then ``audit`` (the audit summary with
    the report's verdict level and its first findings, or null),
    ``transparency_score``, ``headline`` (the document's statements with
    their marks), ``charts`` (file names) and provenance; Chinese is kept
    readable (not ``\\u`` escapes). Nothing is written when ``output_dir`` is empty.
    """
    if not output_dir:
        return []
    out = Path(output_dir)
    paths = _write_charts(out, charts)

    record: dict[str, Any] = dict(d.figures)
    record.update({
        "audit": _audit_record(audit),
        "audit_note": audit.note if audit is not None else "not run",
        "transparency_score": audit.score if audit is not None else None,
        "headline": [] if headline is None else headline.drop(columns=["sentence"], errors="ignore")
        .to_dict("records"),
        "charts": [p.name for p in paths],
        "source": " + ".join(Path(part).name for part in d.source.split(" + ")) if d.source else None,
        "template": d.template.name,
        "figure_status": dict(zip(d.provenance["figure"], d.provenance["status"], strict=True)),
        "warnings": len(d.warnings),
        "chanhe_budget_version": __version__,
        "generated": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
    })
    text = json.dumps(_plain(record), ensure_ascii=False, indent=2)
    paths.append(write_text_atomic(out / _FIGURES_JSON, text + "\n"))
    return paths


def _audit_record(audit: AuditResults | None) -> dict[str, Any] | None:
    """The audit summary with the report's verdict level (:mod:`.verdict`; the checks' own is ``checks_verdict``)
    and the first findings."""

    if audit is None or audit.summary is None:
        return None
    found = findings(audit.frame)
    listed = [{"level": r["level"], "check_id": r["check_id"], "family": r["family"],
               "description_zh": r["description_zh"]} for r in found.head(10).to_dict("records")]
    return {**audit.summary, "verdict": verdict(audit.frame), "checks_verdict": audit.summary.get("verdict"),
            "n_findings": len(found), "findings": listed}


def save_corpus_outputs(output_dir: str | os.PathLike | None, tables: Mapping[str, pd.DataFrame],
                        charts: Mapping[str, Chart | None], *, corpus: Any = None,
                        filters: Mapping[str, Any] | None = None) -> list[Path]:
    """Write the charts as ``<name>.png`` and ``corpus.json`` into ``output_dir`` (atomically, file by file).

    ``corpus.json`` holds each table of ``tables`` as a list of rows under its
    name (the notebook gives ``panel`` — one row per department-year, the
    FIGURES.md names, amounts in 万元, shares in % — ``scores``,
    ``three_public``, ``year_on_year`` and ``year_on_year_checks``), then
    ``filters``, ``documents`` (counts), ``failures`` (documents that could not
    be read, with the reason), ``charts`` (file names) and provenance. Nothing
    is written when ``output_dir`` is empty.
    """
    if not output_dir:
        return []
    out = Path(output_dir)
    paths = _write_charts(out, charts)

    record: dict[str, Any] = {name: _records(frame) for name, frame in tables.items()}
    if corpus is not None:
        documents = corpus.documents
        record["documents"] = {"catalogued": len(documents), "read": int((documents["status"] != "failed").sum()),
                               "failed": int((documents["status"] == "failed").sum())}
        record["failures"] = _records(corpus.failures)
    record.update({
        "filters": dict(filters or {}),
        "charts": [p.name for p in paths],
        "chanhe_budget_version": __version__,
        "generated": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
    })
    text = json.dumps(_plain(record), ensure_ascii=False, indent=2)
    paths.append(write_text_atomic(out / _CORPUS_JSON, text + "\n"))
    return paths


def _write_charts(out: Path, charts: Mapping[str, Chart | None]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, item in charts.items():
        if item is None:  # no data, no chart
            continue
        file = f"{safe_name(name, 'chart')}.png"
        paths.append(write_atomic(out / file, lambda p, png=item.png: p.write_bytes(png)))
    return paths


def _records(frame: pd.DataFrame) -> list[dict]:
    """A DataFrame as JSON-ready rows: missing values (NaN, pd.NA, None) become None."""
    return frame.astype(object).where(frame.notna(), None).to_dict("records")


def _plain(value: Any) -> Any:
    """JSON-safe copy: numpy scalars to Python, NaN to null."""
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item") and not isinstance(value, str | bytes):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
