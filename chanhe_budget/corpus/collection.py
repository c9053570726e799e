"""A corpus of department-years: many disclosures read at once, cached, and compared.

Why: transparency research compares departments and years. :func:`load_corpus`
reads every document of a catalogue (or of ``data/raw``) — in local worker
processes by default, on a Dask cluster when given a scheduler address, with the
same results either way — and keeps what each document gave. A document that
cannot be read is listed in :attr:`Corpus.failures` with its reason; it never
costs the others their results.

Parse results are cached by the document's sha256 under ``data/cache/parsed``:
one file per document, written atomically, keyed by the package version and a
digest of its source (a changed parser never serves stale results). The file
holds data only: a JSON line with a small summary (department, year, figures,
warnings), then the decoded text of the document; a warm load reads only the
summaries, and a document is rebuilt from its text (no PDF converted again) when
its tables, narrative or audit are first asked for. Nothing read from the cache
can run code, and a damaged file is a miss that is reported, never an error.

Sections: one document in a worker · the cache · running the parses (local
processes, this process, Dask) · which documents · the corpus · year on year.
"""


from __future__ import annotations

import hashlib
import math
import os
import pickle
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from ..checks.rows import AUDIT_COLUMNS, check
from ..config import data_dir, project_root
from ..diagnostics import WarningLog
from ..errors import (
    CatalogError,
    ParameterError,
    UnknownTableError,
)
from ..key_figures import FIGURE_NAMES
from ..model import Disclosure
from ..templates.spec import TABLE_LABELS
from ..templates.vocabulary import department_key
from .catalog import catalog_base, read_catalog, resolve_path, scan_documents, scan_raw
from .loading import (
    Job,
    _cache_disclosure,
    _cache_header,
    _cache_store,
    _check_options,
    _run,
    _summary,
    cached_table,
    parse_document,
)
from .parts import PartInfo, info_of, pair_parts
from .year_on_year import CLAIM_COLUMNS, YEAR_ON_YEAR_COLUMNS, changes, claim_checks

#: Leading columns added to every stacked table.
DOCUMENT_KEYS = ("department", "year", "kind", "template")


# ---------------------------------------------------------------- which documents


def _entries(root_or_catalog) -> tuple[list[dict], Path]:
    """Catalogue rows with an absolute ``file``, and the default cache folder of that corpus."""
    if isinstance(root_or_catalog, pd.DataFrame):
        frame, base, cache_home = root_or_catalog, project_root(), data_dir() / "cache"
    else:
        where = Path(root_or_catalog) if root_or_catalog is not None else project_root()
        if where.is_dir() and (where / "data" / "catalog.csv").exists():
            where = where / "data" / "catalog.csv"
            if not where.is_file():
                read_catalog(where)  # raises: the catalogue is a directory, it must not be scanned as documents
        if where.is_file() and where.suffix.lower() == ".csv":
            frame, base, cache_home = read_catalog(where), catalog_base(where), where.resolve().parent / "cache"
        elif where.is_dir() and (where / "data" / "raw").is_dir():
            frame, base, cache_home = scan_raw(where), where.resolve(), where.resolve() / "data" / "cache"
        elif where.is_dir():
            frame, base, cache_home = scan_documents(where), where.resolve(), data_dir() / "cache"
        else:
            raise CatalogError(f"no corpus at {where}: expected a project folder (with data/catalog.csv or "
                               "data/raw), a folder of documents, or a catalogue .csv")
    if "path" not in frame.columns:
        raise CatalogError("a catalogue needs a 'path' column")
    rows = []
    for row in frame.to_dict("records"):
        row = {k: (None if _missing(v) else v) for k, v in row.items()}
        row["file"] = resolve_path(str(row["path"]), base / "data" / "catalog.csv")
        rows.append(row)
    return rows, cache_home


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _cache_folder(cache, default: Path) -> Path | None:
    if cache is True:
        return default / "parsed"
    if cache is False or cache is None:
        return None
    if isinstance(cache, str | os.PathLike):
        return Path(cache)
    raise ParameterError(f"cache must be True, False or a folder, found {cache!r}")


# ---------------------------------------------------------------- the corpus


@dataclass(eq=False)
class Document:
    """One catalogued document and what reading it gave.

    ``summary`` (department, year, kind, scope, template, figures, warnings) is None when the document
    failed (then ``error`` and ``reason`` say why). The full :attr:`disclosure` of a document served from
    the cache is unpickled on first use, so a panel of thousands of documents loads in a moment.
    """

    path: str
    file: Path
    sha256: str | None
    source_url: str | None
    status: str  # parsed, cached or failed
    summary: dict | None
    error: str | None = None
    reason: str | None = None
    catalogued: dict | None = None
    cache_folder: Path | None = field(default=None, repr=False)
    _disclosure: Disclosure | None = field(default=None, repr=False)
    _payload: bytes | None = field(default=None, repr=False)
    part: dict | None = None  # a narrative part that failed alone (department, year, kind), see corpus.parts
    parts: tuple[Path, ...] = ()  # the files of a publication printed as several parts, read as one

    @property
    def disclosure(self) -> Disclosure | None:
        """The parsed document (None when it failed): from memory, else the cache, else parsed again."""
        if self.summary is None:
            return None
        if self._disclosure is None:
            disclosure = pickle.loads(self._payload) if self._payload is not None else \
                _cache_disclosure(self.cache_folder, self.sha256)
            if disclosure is None:
                disclosure = self._parse_again()
            disclosure.source = str(self.file)
            self._disclosure, self._payload = disclosure, None
        return self._disclosure

    def _parse_again(self) -> Disclosure:
        files = self.parts or (self.file,)
        try:
            data = [f.read_bytes() for f in files]
        except OSError as exc:
            raise CatalogError(f"cannot read {self.path} again: {exc.strerror or exc}") from None
        digest = _joined_sha([hashlib.sha256(d).hexdigest() for d in data]) if self.parts else \
            hashlib.sha256(data[0]).hexdigest()
        if digest != self.sha256:
            raise CatalogError(f"{self.path} changed since the corpus was loaded; load the corpus again")
        outcome = parse_document(data if self.parts else data[0], str(self.file),
                                 names=tuple(str(f) for f in self.parts))
        if outcome.disclosure is None:
            raise CatalogError(f"{self.path} could not be read again: {outcome.reason}")
        return outcome.disclosure


def load_corpus(root_or_catalog: str | os.PathLike | pd.DataFrame | None = None, *, scheduler=None,
                workers: int | None = None, cache: bool | str | os.PathLike = True) -> Corpus:
    """Read every document of a corpus; failures are listed, never raised.

    ``root_or_catalog``: a project folder (its ``data/catalog.csv``, else the files
    of its ``data/raw``), a catalogue ``.csv``, a catalogue DataFrame, or a plain
    folder of documents; default the project root. ``scheduler``: None /
    ``"processes"`` (local worker processes, ``workers`` of them, default the CPU
    count), ``"synchronous"`` (this process), or a Dask scheduler address
    (``"tcp://host:8786"``) or ``dask.distributed.Client``. ``cache``: True (the
    corpus's ``data/cache/parsed``), False, or a folder.
    """
    workers = _check_options(scheduler, workers)
    start = time.perf_counter()
    entries, cache_home = _entries(root_or_catalog)
    folder = _cache_folder(cache, cache_home)
    documents: dict[int, Document] = {}
    jobs: list[Job] = []
    hashes: dict[int, str] = {}
    notes: list[dict] = []
    from_cache = 0
    for i, entry in enumerate(entries):
        try:
            data = entry["file"].read_bytes()
        except OSError as exc:
            documents[i] = _document(entry, None, "failed", None, folder, error=type(exc).__name__,
                                     reason=f"cannot read {entry['file']}: {exc.strerror or exc}")
            continue
        sha = hashes[i] = hashlib.sha256(data).hexdigest()
        if entry.get("sha256") and entry["sha256"] != sha:
            notes.append({"path": entry["path"], "code": "sha256_mismatch",
                          "message": f"the file changed since it was catalogued (catalogue {entry['sha256'][:12]}…, "
                                     f"file {sha[:12]}…); the file as it is now was read"})
        damaged: list[str] = []
        header = _cache_header(folder, sha, damaged)
        notes.extend({"path": entry["path"], "code": "cache_damaged", "message": m} for m in damaged)
        if header is not None:
            from_cache += 1
            status = "cached" if header["summary"] is not None else "failed"
            documents[i] = _document(entry, sha, status, header["summary"], folder, error=header["error"],
                                     reason=header["reason"], part=header.get("part"))
        else:
            jobs.append(Job(i, str(entry["file"]), data, sha))
    for i, outcome in _run(jobs, scheduler, workers, folder).items():
        if folder is not None and outcome.cacheable and not outcome.stored:
            try:
                _cache_store(folder, hashes[i], outcome)
                outcome.stored = True
            except OSError as exc:
                notes.append({"path": entries[i]["path"], "code": "cache_not_written", "message": str(exc)})
        summary = outcome.summary if outcome.summary is not None else (
            _summary(outcome.disclosure) if outcome.disclosure is not None else None)
        documents[i] = _document(entries[i], hashes[i], "parsed" if summary is not None else "failed", summary,
                                 folder, error=outcome.error, reason=outcome.reason, disclosure=outcome.disclosure,
                                 payload=None if outcome.stored else outcome.payload, part=outcome.part)
    ordered, paired = _pair_parts(entries, documents, folder, scheduler, workers, notes)
    jobs += paired
    stats = {"documents": len(ordered), "parsed": len(jobs), "cached": from_cache,
             "failed": sum(d.status == "failed" for d in ordered),
             "seconds": round(time.perf_counter() - start, 3)}
    return Corpus(ordered, notes=notes, stats=stats)


def _document(entry: dict, sha, status: str, summary, folder, *, error=None, reason=None,
              disclosure: Disclosure | None = None, payload: bytes | None = None, part: dict | None = None,
              parts: tuple[Path, ...] = ()) -> Document:
    if disclosure is not None:
        disclosure.source = str(entry["file"]) if not parts else " + ".join(str(f) for f in parts)
    return Document(str(entry["path"]), entry["file"], sha, entry.get("source_url"), status, summary, error, reason,
                    {k: v for k, v in entry.items() if k != "file"}, folder, disclosure, payload, part, parts)


def _joined_sha(hashes: list[str]) -> str:
    """The identity of a publication read from several files: the sha256 of its parts' sha256s, in order."""
    return hashlib.sha256("+".join(hashes).encode()).hexdigest()


def _part_info(doc: Document) -> PartInfo:
    if doc.summary is not None:
        return info_of(doc.summary.get("role"), doc.summary["department"], doc.summary["year"], doc.summary["kind"])
    if doc.part:
        return info_of("narrative", doc.part.get("department"), doc.part.get("year"), doc.part.get("kind"))
    return PartInfo("unreadable", None, None, None)


def _pair_parts(entries: list[dict], documents: dict[int, Document], folder, scheduler, workers: int,
                notes: list[dict]) -> tuple[list[Document], list[Job]]:
    """The documents in catalogue order, with the parts of one publication (a narrative part and a tables
    part of the same department-year-kind) replaced by one document read from both; and the jobs run."""
    ordered = [documents[i] for i in range(len(entries))]
    pairs = pair_parts([_part_info(doc) for doc in ordered])
    if not pairs:
        return ordered, []
    jobs: list[Job] = []
    owner: dict[int, int] = {}  # job index → position of the narrative part it replaces
    combined: dict[int, Document] = {}
    for n, (a, b) in enumerate(pairs):
        files = (entries[a]["file"], entries[b]["file"])
        sha = _joined_sha([ordered[a].sha256, ordered[b].sha256])
        entry = {**entries[a], "path": f"{entries[a]['path']} + {entries[b]['path']}",
                 "source_url": entries[a].get("source_url") or entries[b].get("source_url")}
        header = _cache_header(folder, sha)
        if header is not None:
            status = "cached" if header["summary"] is not None else "failed"
            combined[a] = _document(entry, sha, status, header["summary"], folder, error=header["error"],
                                    reason=header["reason"], parts=files)
            continue
        try:
            data = [f.read_bytes() for f in files]
        except OSError as exc:
            combined[a] = _document(entry, sha, "failed", None, folder, error=type(exc).__name__,
                                    reason=f"cannot read a part again: {exc.strerror or exc}", parts=files)
            continue
        job = Job(len(entries) + n, entry["path"], data, sha, tuple(str(f) for f in files))
        jobs.append(job)
        owner[job.index] = a
        combined[a] = _document(entry, sha, "failed", None, folder, parts=files)  # replaced when the job ends
    by_index = {job.index: job for job in jobs}
    for index, outcome in _run(jobs, scheduler, workers, folder).items():
        a, job = owner[index], by_index[index]
        if folder is not None and outcome.cacheable and not outcome.stored:
            try:
                _cache_store(folder, job.sha256, outcome)
                outcome.stored = True
            except OSError as exc:
                notes.append({"path": job.name, "code": "cache_not_written", "message": str(exc)})
        summary = outcome.summary if outcome.summary is not None else (
            _summary(outcome.disclosure) if outcome.disclosure is not None else None)
        old = combined[a]
        combined[a] = _document({**(old.catalogued or {}), "path": old.path, "file": old.file}, job.sha256,
                                "parsed" if summary is not None else "failed", summary, folder, error=outcome.error,
                                reason=outcome.reason, disclosure=outcome.disclosure,
                                payload=None if outcome.stored else outcome.payload, parts=old.parts)
    out: list[Document] = []
    partner = dict(pairs)
    for i, doc in enumerate(ordered):
        if i in partner.values():
            continue  # read with its narrative part
        if i in combined:
            notes.append({"path": combined[i].path, "code": "parts_paired",
                          "message": f"{entries[i]['path']} and {entries[partner[i]]['path']} are the narrative "
                                     "and the tables of one publication: read as one document"})
            out.append(combined[i])
        else:
            out.append(doc)
    return out, jobs


class Corpus:
    """Many disclosures, read: the panel of key figures, stacked tables, audits and real year-on-year.

    Build it with :func:`load_corpus`. Amounts are in 万元 throughout.
    """

    def __init__(self, documents: list[Document], *, notes: list[dict] | None = None, stats: dict | None = None):
        self._documents = list(documents)
        self._notes = list(notes or [])
        self.stats: dict = dict(stats or {})

    # -- what was read

    @property
    def records(self) -> list[Document]:
        """Every catalogued document with its outcome (read or failed) and provenance, in catalogue order."""
        return list(self._documents)

    @property
    def disclosures(self) -> list[Disclosure]:
        """The documents that could be read, in catalogue order (those served from the cache are unpickled now)."""
        return [doc.disclosure for doc in self._read()]

    @property
    def documents(self) -> pd.DataFrame:
        """One row per catalogued document: ``path``, ``department``, ``year``, ``kind``, ``scope``,
        ``template``, ``sha256``, ``source_url``, ``status`` (parsed / cached / failed),
        ``changed_since_filed`` (the file's sha256 differs from the catalogue's: its numbers are not
        the ones filed), ``warnings`` (count), ``error``, ``reason``."""
        changed = {n["path"] for n in self._notes if n.get("code") == "sha256_mismatch"}
        rows = []
        for doc in self._documents:
            known = doc.summary or {k: (doc.catalogued or {}).get(k) for k in ("department", "year", "kind", "template")}
            rows.append({"path": doc.path, **{k: known.get(k) for k in ("department", "year", "kind", "scope",
                                                                         "template")},
                         "sha256": doc.sha256, "source_url": doc.source_url, "status": doc.status,
                         "changed_since_filed": doc.path in changed,
                         "warnings": len(doc.summary["warnings"]) if doc.summary else None, "error": doc.error,
                         "reason": doc.reason})
        frame = pd.DataFrame(rows, columns=["path", "department", "year", "kind", "scope", "template", "sha256",
                                            "source_url", "status", "changed_since_filed", "warnings", "error",
                                            "reason"])
        frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
        frame["warnings"] = frame["warnings"].astype("Int64")
        return frame

    @property
    def changed_files(self) -> pd.DataFrame:
        """Catalogued files whose content changed since they were filed (sha256 differs): ``path``, ``message``.
        They were read as they are now, so their numbers are not the ones the catalogue pinned."""
        rows = [{"path": n["path"], "message": n["message"]} for n in self._notes if n.get("code") == "sha256_mismatch"]
        return pd.DataFrame(rows, columns=["path", "message"])

    @property
    def failures(self) -> pd.DataFrame:
        """Documents that could not be read: ``path``, ``sha256``, ``error`` (type), ``reason``."""
        docs = self.documents
        return docs.loc[docs["status"] == "failed", ["path", "sha256", "error", "reason"]].reset_index(drop=True)

    @property
    def warnings(self) -> pd.DataFrame:
        """Every parse warning of every document, and the corpus's own notes (changed files, duplicates,
        cache trouble): ``path``, ``department``, ``year``, ``code``, ``message``, ``line``, ``text``, ``table``."""
        frames = []
        for doc in self._read():
            if doc.summary["warnings"]:
                frame = WarningLog(doc.summary["warnings"]).to_frame()
                frame.insert(0, "year", doc.summary["year"])
                frame.insert(0, "department", doc.summary["department"])
                frame.insert(0, "path", doc.path)
                frames.append(frame)
        notes = pd.DataFrame(self._notes + self._duplicate_notes(), columns=["path", "code", "message"])
        frames.append(notes)
        columns = ["path", "department", "year", "code", "message", "line", "text", "table"]
        return pd.concat([f for f in frames if len(f)] or [pd.DataFrame(columns=columns)],
                         ignore_index=True).reindex(columns=columns)

    def __len__(self) -> int:
        return len(self._documents)

    def __iter__(self):
        return iter(self.disclosures)

    def __repr__(self) -> str:
        return (f"Corpus({len(self._documents)} documents, {len(self._read())} read, "
                f"{self.stats.get('failed', 0)} failed, {self.stats.get('cached', 0)} from cache)")

    # -- panel and long tables

    @cached_property
    def figures(self) -> pd.DataFrame:
        """The panel: one row per document read (department-year-kind), columns :data:`FIGURE_NAMES`
        (amounts 万元, shares %) then ``template``, ``path``, ``sha256``, then ``<figure>_status`` for each
        figure (confirmed / single / conflict / absent, see :mod:`chanhe_budget.provenance`); sorted by
        department, year, kind."""
        status_columns = [f"{name}_status" for name in FIGURE_NAMES]
        rows = [{**doc.summary["figures"], "template": doc.summary["template"], "path": doc.path,
                 "sha256": doc.sha256,
                 **{f"{name}_status": status for name, status in (doc.summary.get("status") or {}).items()}}
                for doc in self._read()]
        frame = pd.DataFrame(rows, columns=[*FIGURE_NAMES, "template", "path", "sha256", *status_columns])
        for column in FIGURE_NAMES[5:]:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64" if column == "project_count"
                                                                                  else "float64")
        frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
        frame = frame.sort_values(["department", "year", "kind", "path"], na_position="last", kind="stable")
        return frame.reset_index(drop=True)

    def table(self, name: str) -> pd.DataFrame:
        """Table ``name`` from every document that has it, stacked long: ``department``, ``year``, ``kind``,
        ``template``, then the table's own columns (amounts 万元), then ``path``. Documents without it are
        skipped (see :attr:`documents`)."""
        if name not in TABLE_LABELS:
            raise UnknownTableError(f"unknown table {name!r}; canonical names: {', '.join(TABLE_LABELS)}")
        frames = []
        for doc in self._read():
            frame = None
            if doc._disclosure is None and "tables" in doc.summary:  # a cached document: its Parquet table
                if name not in doc.summary["tables"]:
                    continue
                frame = cached_table(doc.cache_folder, doc.sha256, name)
            if frame is None:
                d = doc.disclosure
                if name not in d.tables:
                    continue
                frame = d.tables[name].copy()
                frame.attrs = {}
            keys = (doc.summary["department"], doc.summary["year"], doc.summary["kind"], doc.summary["template"])
            for position, (column, value) in enumerate(zip(DOCUMENT_KEYS, keys, strict=True)):
                frame.insert(position, column, value)
            frame["path"] = doc.path
            frames.append(frame)
        stacked = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=[*DOCUMENT_KEYS, "path"])
        stacked["year"] = pd.to_numeric(stacked["year"], errors="coerce").astype("Int64")
        stacked.attrs = {"table": name, "label": TABLE_LABELS[name], "unit": "万元"}
        return stacked

    # -- audit

    def audit(self, *, year_on_year: bool = True) -> pd.DataFrame:
        """Every document's checks (:func:`chanhe_budget.checks.audit`) in one frame, with ``department``,
        ``year``, ``kind``, ``path`` in front; then the year-on-year checks of :meth:`year_on_year_checks`.

        A document whose audit raises gets one ``cannot_check`` row with the reason; the others are kept.
        """
        from ..checks.run import audit as audit_one  # here: loading a corpus needs no audit

        frames = []
        for doc in self._read():
            d = doc.disclosure
            try:
                frame = audit_one(d).copy()
            except Exception as exc:  # one document's audit must not cost the others theirs
                frame = pd.DataFrame([check("audit.error", "audit", "审计未能完成",
                                            "the audit of this document did not complete", "cannot_check",
                                            reason=f"{type(exc).__name__}: {exc}", evidence=doc.path)])
            frame.attrs = {}
            for position, (column, value) in enumerate(zip(("department", "year", "kind", "path"),
                                                           (d.department, d.year, d.kind, doc.path), strict=True)):
                frame.insert(position, column, value)
            frames.append(frame)
        if year_on_year:
            frames.append(self.year_on_year_checks())
        frames = [f for f in frames if len(f)]
        if not frames:
            return pd.DataFrame(columns=["department", "year", "kind", "path", *AUDIT_COLUMNS])
        return pd.concat(frames, ignore_index=True)

    # -- year on year

    def year_on_year(self) -> pd.DataFrame:
        """Actual change between a document and the same department's previous-year document of the same kind.

        One row per compared quantity: ``department``, ``kind``, ``year``, ``prior_year``, ``item_type``
        (``figure`` — a key figure; ``function`` — a functional code of the expenditure table, summed over
        units; ``project`` — a project of the project table, by name), ``key`` (figure name, code, or
        compacted project name), ``name`` (label as printed), ``current``, ``previous``, ``change`` (万元,
        or a count for project_count), ``change_pct`` (%), ``presence`` (both / current_only /
        previous_only), ``path``, ``prior_path``. ``change`` is null unless both years give the quantity.
        """
        rows = [row for doc, prior in self._pairs() for row in changes(doc, prior)]
        frame = pd.DataFrame(rows, columns=list(YEAR_ON_YEAR_COLUMNS))
        for column in ("current", "previous", "change", "change_pct"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        for column in ("year", "prior_year"):
            frame[column] = frame[column].astype("Int64")
        return frame

    def year_on_year_checks(self) -> pd.DataFrame:
        """The narrative's stated change (比上年增减额 / 增减率) against the change between the two documents.

        Check-like rows (the columns of :func:`chanhe_budget.checks.audit`, family ``year_on_year``, plus
        ``department``, ``year``, ``kind``, ``path``, ``prior_path``) so they can be appended to the audit. A
        disagreement is a ``fail`` whose evidence names both documents; a claim whose figure one of the
        documents lacks is ``cannot_check`` with the reason. Tolerance: 0.01 万元 for amounts (two rounded
        addends), the propagated rounding of both amounts for percentages.
        """
        rows = [row for doc, prior in self._pairs() for row in claim_checks(doc, prior)]
        return pd.DataFrame(rows, columns=list(CLAIM_COLUMNS))

    # -- budget execution

    def execution(self) -> pd.DataFrame:
        """Each department-year's budget (预算) against its final accounts (决算), when the corpus holds both.

        One row per compared quantity (:data:`~chanhe_budget.corpus.execution.EXECUTION_COLUMNS`):
        ``department``, ``year``, ``item_type`` (``figure`` — a key figure; ``function`` — a functional code
        of the expenditure tables, summed over units), ``key``, ``name``, ``planned`` (the budget, 万元),
        ``actual`` (the 决算, 万元), ``difference`` (actual − planned), ``rate_pct`` (actual / planned × 100),
        ``presence`` (both / budget_only / final_only), ``budget_path``, ``final_path``. Documents are paired
        by department and year as they read them; the first document of each wins (see :attr:`warnings`).
        """
        from .execution import EXECUTION_COLUMNS, execution_rows

        index: dict[tuple, Document] = {}
        for doc in self._read():
            d = doc.summary
            if d["department"] and d["year"] is not None:
                index.setdefault((d["department"], d["kind"], d["year"]), doc)
        rows = [row for (department, kind, year), doc in index.items() if kind == "final_accounts"
                and (department, "budget", year) in index
                for row in execution_rows(index[(department, "budget", year)].disclosure, doc.disclosure,
                                          index[(department, "budget", year)].path, doc.path)]
        frame = pd.DataFrame(rows, columns=list(EXECUTION_COLUMNS))
        for column in ("planned", "actual", "difference", "rate_pct"):
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
        return frame

    # -- helpers

    def _read(self) -> list[Document]:
        return [doc for doc in self._documents if doc.summary is not None]

    def _pairs(self) -> list[tuple[Document, Document]]:
        """(document, the same department's document of the previous year and same kind), first one wins."""
        index: dict[tuple, Document] = {}
        for doc in self._read():
            d = doc.summary
            if d["department"] and d["year"] is not None:  # one department however its name is spelled
                index.setdefault((department_key(d["department"]), d["kind"], d["year"]), doc)
        return [(doc, index[(dep, kind, year - 1)]) for (dep, kind, year), doc in index.items()
                if (dep, kind, year - 1) in index]

    def _duplicate_notes(self) -> list[dict]:
        seen: dict[tuple, str] = {}
        notes = []
        for doc in self._read():
            key = (doc.summary["department"], doc.summary["year"], doc.summary["kind"])
            if key in seen:
                notes.append({"path": doc.path, "code": "duplicate_department_year",
                              "message": f"{key[0]} {key[1]} ({key[2]}) is also read from {seen[key]}; "
                                         "year-on-year comparisons use the first"})
            else:
                seen[key] = doc.path
        return notes


