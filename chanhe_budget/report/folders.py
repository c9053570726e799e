"""Report folders that appear whole: built in a hidden folder, renamed into place, kept aside when they fail."""

from __future__ import annotations

import contextlib
import os
import shutil
import uuid
from pathlib import Path


def _failing_cell(nb_path: Path, error: BaseException) -> str:
    """"cell 'id' (In [n]: first line)" for the cell that raised, found by its error output in the saved notebook."""
    import nbformat

    source = getattr(error, "source", "") or ""
    cell_id = None
    with contextlib.suppress(OSError, ValueError):
        for cell in nbformat.read(nb_path, as_version=4).cells:
            if cell.cell_type == "code" and any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
                cell_id, source = cell.get("id"), cell.source
                break
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    count = getattr(error, "exec_count", None)
    prompt = f"In [{count}]: " if count else ""
    return f"{f'cell {cell_id!r}' if cell_id else 'a cell'} ({prompt}{first[:80]})"


def _new_file_mode(folder: Path) -> int:
    """The mode a new file gets in ``folder`` (0o666 & ~umask); reading the umask itself would change it."""
    probe = folder / f".mode-probe-{uuid.uuid4().hex[:8]}"
    probe.touch()
    try:
        return probe.stat().st_mode & 0o777
    finally:
        probe.unlink()


def _readable(build: Path) -> None:
    """Give the folder and its files the modes the umask allows (mkdtemp and mkstemp make them private)."""
    file_mode = _new_file_mode(build)
    build.chmod(file_mode | ((file_mode & 0o444) >> 2))  # x wherever r
    for path in build.iterdir():
        if path.is_file():
            path.chmod(file_mode)


def _swap_in(build: Path, final: Path) -> None:
    """Replace ``final`` by the finished ``build`` folder with renames only (same file system)."""
    _readable(build)
    final.parent.mkdir(parents=True, exist_ok=True)
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}.old-{uuid.uuid4().hex[:8]}")
        os.replace(final, old)
    try:
        os.replace(build, final)
    except OSError:
        if old is not None:
            os.replace(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _keep_failed(build: Path, failed: Path) -> Path:
    _readable(build)
    failed.parent.mkdir(parents=True, exist_ok=True)
    if failed.exists():
        shutil.rmtree(failed)
    os.replace(build, failed)
    return failed
