"""The catalogue of a corpus: which documents it holds, where they are, what they are.

Why a file of its own (``data/catalog.csv``): a corpus must be reproducible. The
catalogue pins every document by its sha256, names where it came from, and can
point at files outside ``data/raw`` (the tests register ``../shared/specimens``).
Raw documents are never edited: :func:`add_document` copies a file into
``data/raw/<year>/<department>.<ext>`` once and refuses the same content twice.

Columns of the catalogue (:data:`CATALOG_COLUMNS`): ``path`` (relative to the
project root when it can be, else absolute), ``department``, ``year``,
``template``, ``kind`` (budget / final_accounts), ``sha256``, ``source_url``, ``part`` (``narrative``
or ``tables`` for one file of a publication printed as several, empty for a whole document; the
corpus reads the parts of one department-year-kind together, see :mod:`chanhe_budget.corpus.parts`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd

from ..config import DISCLOSURE_SUFFIXES, FINAL_ACCOUNTS_SUFFIX, disclosure_files, project_root
from ..errors import CatalogError, ChanheBudgetError, DuplicateDocumentError
from ..exports import write_atomic

__all__ = [
    "CATALOG_COLUMNS",
    "DOCUMENT_SUFFIXES",
    "add_document",
    "catalog_path",
    "read_catalog",
    "register",
    "resolve_path",
    "scan_documents",
    "scan_raw",
    "sha256_file",
    "write_catalog",
]

CATALOG_COLUMNS = ("path", "department", "year", "template", "kind", "sha256", "source_url", "part")
#: File types a corpus folder is scanned for (one list, in :mod:`chanhe_budget.config`).
DOCUMENT_SUFFIXES = DISCLOSURE_SUFFIXES
#: File-name suffixes of the parts of a publication printed as several files.
PART_SUFFIXES = {"narrative": "_说明", "tables": "_表格"}
_UNSAFE_RE = re.compile(r'[\\/:*?"<>|\s]+')


def catalog_path(root: str | os.PathLike | None = None) -> Path:
    """``<root>/data/catalog.csv`` (root: the project root of :mod:`chanhe_budget.config` by default)."""
    return Path(root).resolve() / "data" / "catalog.csv" if root is not None else project_root() / "data" / "catalog.csv"


def catalog_base(catalog: str | os.PathLike) -> Path:
    """The folder relative paths of a catalogue are read against: the project root for ``data/catalog.csv``."""
    folder = Path(catalog).resolve().parent
    return folder.parent if folder.name == "data" else folder


def sha256_file(path: str | os.PathLike) -> str:
    """The hex sha256 of a file's bytes: the identity of a document in the corpus and in the cache."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_catalog(path: str | os.PathLike | None = None) -> pd.DataFrame:
    """The catalogue as a DataFrame with :data:`CATALOG_COLUMNS`; empty when the file does not exist yet.

    Everything is read as text (codes and hashes must not become numbers) except ``year`` (Int64).
    """
    path = Path(path) if path is not None else catalog_path()
    if path.exists() and not path.is_file():
        raise CatalogError(f"the catalogue {path} is a directory (or not a regular file); move it away: "
                           "the catalogue must be a CSV file")
    if not path.is_file():
        return _empty()
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        raise CatalogError(f"cannot read the catalogue {path}: {exc}") from None
    for column in frame.columns:
        bad = frame[column].str.contains("\x00", regex=False, na=False)
        if bad.any():  # a NUL byte cannot be part of a path or a name: the file is damaged
            raise CatalogError(f"the catalogue {path} is damaged: a NUL byte in column {column!r}, "
                               f"row {int(bad.to_numpy().argmax()) + 2}")
    missing = [c for c in ("path", "sha256") if c not in frame.columns]
    if missing:
        raise CatalogError(f"the catalogue {path} lacks the column(s) {', '.join(missing)}; "
                           f"expected {', '.join(CATALOG_COLUMNS)}")
    for column in CATALOG_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[list(CATALOG_COLUMNS)].replace("", None)
    frame["year"] = pd.to_numeric(frame["year"], errors="coerce").astype("Int64")
    frame["part"] = [p if isinstance(p, str) and p else None for p in frame["part"].tolist()]  # None, not NaN
    return frame


def write_catalog(frame: pd.DataFrame, path: str | os.PathLike | None = None) -> Path:
    """Write the catalogue atomically (UTF-8, one row per document, sorted by year, department, path)."""
    path = Path(path) if path is not None else catalog_path()
    out = frame.reindex(columns=list(CATALOG_COLUMNS)).sort_values(["year", "department", "path"], na_position="last")
    return write_atomic(path, lambda p: out.to_csv(p, index=False, encoding="utf-8"))


def resolve_path(path: str, catalog: str | os.PathLike) -> Path:
    """An absolute path for a catalogue entry (relative entries are read against :func:`catalog_base`)."""
    candidate = Path(path)
    return candidate if candidate.is_absolute() else (catalog_base(catalog) / candidate).resolve()


def add_document(path: str | os.PathLike, source_url: str | None = None, *,
                 root: str | os.PathLike | None = None) -> dict:
    """Copy a disclosure into ``data/raw/<year>/<department>.<ext>`` and catalogue it; returns its row.

    The file is parsed first, to learn its department and year. One part of a publication printed
    as several files (a narrative without tables, tables without a narrative) is filed as such
    (``part``, file name ``<department>_说明`` / ``_表格``), and the corpus reads it with its partner. Raises
    :class:`~chanhe_budget.errors.DuplicateDocumentError` when the same content
    (sha256) is already catalogued, :class:`~chanhe_budget.errors.NotADisclosureError`
    when it is not a disclosure, and :class:`~chanhe_budget.errors.CatalogError`
    when another document already occupies its place in ``data/raw``.
    """
    return register(path, source_url, copy=True, root=root)


def register(path: str | os.PathLike, source_url: str | None = None, *, copy: bool = True,
             root: str | os.PathLike | None = None, catalog: str | os.PathLike | None = None) -> dict:
    """Catalogue a disclosure; with ``copy=False`` the file stays where it is and the catalogue points at it.

    ``root`` is the project root (default :func:`chanhe_budget.config.project_root`);
    ``catalog`` overrides the catalogue file (default ``<root>/data/catalog.csv``).
    Returns the new catalogue row (:data:`CATALOG_COLUMNS`).
    """
    from ..read.source import require_file
    from .parts import examine

    source = Path(os.path.abspath(require_file(path)))  # symlinks kept: a path beside the project stays relative
    catalog = Path(catalog) if catalog is not None else catalog_path(root)
    sha = sha256_file(source)
    with _locked(catalog):
        frame = read_catalog(catalog)
        _refuse_duplicate(frame, sha, source)
        info, read = examine(source)
        if info.role == "unreadable":
            assert isinstance(read, ChanheBudgetError)
            raise _with_file(read, source) from None
        if not info.department or info.year is None:
            raise CatalogError(f"cannot file {source}: the document names no "
                               f"{'department' if not info.department else 'year'} in its title or tables")
        part = info.role if info.role in PART_SUFFIXES else None
        template = getattr(getattr(read, "template", None), "name", None)  # a narrative part has none
        target = source
        if copy:
            target = _raw_target(catalog, info, source.suffix, part)
            _copy_into_raw(source, target, sha)
        row = {"path": _portable(target, catalog_base(catalog)), "department": info.department,
               "year": info.year, "template": template, "kind": info.kind,
               "sha256": sha, "source_url": source_url, "part": part}
        frame = pd.concat([frame, pd.DataFrame([row])], ignore_index=True) if len(frame) else pd.DataFrame([row])
        write_catalog(frame, catalog)
    return row


def scan_raw(root: str | os.PathLike | None = None) -> pd.DataFrame:
    """A catalogue made from the files of ``<root>/data/raw`` alone, when there is no ``catalog.csv``.

    Department and year come from the path (``<year>/<department>.<ext>``); ``template``
    is unknown until the document is parsed. Columns: :data:`CATALOG_COLUMNS`.
    """
    base = Path(root).resolve() if root is not None else project_root()
    return scan_documents(base / "data" / "raw", base=base)


def scan_documents(folder: str | os.PathLike, *, base: str | os.PathLike | None = None) -> pd.DataFrame:
    """Every document (``.txt``, ``.md``, ``.pdf``) under ``folder``, as catalogue rows; hidden files skipped.

    Paths are written relative to ``base`` (default: ``folder``) when they lie under it.
    """
    folder = Path(folder).resolve()
    base = Path(base).resolve() if base is not None else folder
    rows = []
    if folder.is_dir():
        for file in disclosure_files(folder):
            relative = file.relative_to(folder)
            year = relative.parts[0] if len(relative.parts) > 1 else ""
            stem, part = file.stem, None
            for role, suffix in PART_SUFFIXES.items():
                if stem.endswith(suffix):
                    stem, part = stem.removesuffix(suffix), role
            final = stem.endswith(FINAL_ACCOUNTS_SUFFIX)
            rows.append({"path": _portable(file, base),
                         "department": stem.removesuffix(FINAL_ACCOUNTS_SUFFIX),
                         "year": int(year) if year.isdigit() else None, "template": None,
                         "kind": "final_accounts" if final else None,
                         "sha256": sha256_file(file), "source_url": None, "part": part})
    if not rows:
        return _empty()
    frame = pd.DataFrame(rows, columns=list(CATALOG_COLUMNS))
    frame["year"] = frame["year"].astype("Int64")
    return frame


# ---------------------------------------------------------------- helpers


def _empty() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype=object) for c in CATALOG_COLUMNS})
    frame["year"] = frame["year"].astype("Int64")
    return frame


def _refuse_duplicate(frame: pd.DataFrame, sha: str, source: Path) -> None:
    same = frame[frame["sha256"] == sha]
    if not same.empty:
        known = same.iloc[0]
        raise DuplicateDocumentError(
            f"{source} is already in the catalogue as {known['path']} "
            f"({known['department']}, {known['year']}; same sha256 {sha[:12]}…); nothing was added")


def _with_file(exc: ChanheBudgetError, source: Path) -> ChanheBudgetError:
    """The same error type with the file named, so the CLI's one-line message says which file."""
    message = str(exc)
    if str(source) in message:
        return exc
    try:
        return type(exc)(f"{source}: {message}")
    except TypeError:
        return CatalogError(f"{source}: {message}")


#: Longest file-name stem written in data/raw, in bytes (file systems allow 255 for the whole name).
_MAX_STEM_BYTES = 180


def _raw_target(catalog: Path, disclosure, suffix: str, part: str | None = None) -> Path:
    name = _UNSAFE_RE.sub("_", disclosure.department).strip("._") or "unnamed"
    if len(name.encode("utf-8")) > _MAX_STEM_BYTES:  # a name longer than a file system allows: shortened, made unique
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:10]
        name = name.encode("utf-8")[:_MAX_STEM_BYTES - 11].decode("utf-8", "ignore") + "_" + digest
    if disclosure.kind == "final_accounts":
        name += FINAL_ACCOUNTS_SUFFIX
    if part:
        name += PART_SUFFIXES[part]
    return catalog_base(catalog) / "data" / "raw" / str(disclosure.year) / f"{name}{(suffix or '.txt').lower()}"


def _copy_into_raw(source: Path, target: Path, sha: str) -> None:
    if target.exists():
        if sha256_file(target) == sha:
            return  # already in place, only not catalogued yet
        raise CatalogError(f"cannot copy {source} to {target}: another document (sha256 "
                           f"{sha256_file(target)[:12]}…) is already there; raw files are never overwritten — "
                           "remove or rename it first if the new one replaces it")
    write_atomic(target, lambda tmp: shutil.copyfile(source, tmp))


def _portable(path: Path, base: Path) -> str:
    """``path`` relative to ``base`` when it is in or beside it (``../shared``), else absolute; always with ``/``.

    Paths are compared as given (absolute, symlinks kept) first: ``../shared`` may be a
    symlink, and resolving it would turn a path beside the project into a distant absolute one.
    """
    for candidate, against in ((Path(os.path.abspath(path)), Path(os.path.abspath(base))),
                               (Path(path).resolve(), Path(base).resolve())):
        try:
            relative = Path(os.path.relpath(candidate, against))
        except ValueError:  # another drive on Windows
            continue
        if sum(1 for part in relative.parts if part == "..") <= 1:
            return relative.as_posix()
    return Path(path).resolve().as_posix()


@contextlib.contextmanager
def _locked(catalog: Path) -> Iterator[None]:
    """Hold an exclusive lock beside the catalogue, so two ``add`` runs cannot lose each other's row."""
    catalog.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: no advisory locks; the atomic write still protects the file
        yield
        return
    with open(catalog.parent / f".{catalog.name}.lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def find_partner(row: dict, catalog: pd.DataFrame) -> str | None:
    """The path of the other part of the publication ``row`` is a part of, when it is catalogued."""
    from .parts import info_of, pair_parts

    if not row.get("part"):
        return None
    others = [r for r in catalog.to_dict("records") if r.get("part") and r.get("sha256") != row.get("sha256")]
    infos = [info_of(r.get("part"), r.get("department"), r.get("year"), r.get("kind")) for r in [row, *others]]
    for a, b in pair_parts(infos):
        if 0 in (a, b):
            return others[(b if a == 0 else a) - 1]["path"]
    return None
