"""Report folders that appear whole: built in a hidden folder, renamed into place, kept aside when they fail."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
import uuid
from pathlib import Path

#: Hidden folders a run works in: ``.build-<pid>-<random>`` (its owner's pid, so a stale one can be told apart).
BUILD_PREFIX = ".build-"
_OWNED_RE = re.compile(r"^\.(?:build-|.+\.old-)(?:(\d+)-)?")


def new_build_folder(root: Path) -> Path:
    """A private hidden folder in ``root`` for one run, named with this process's pid."""
    root.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f"{BUILD_PREFIX}{os.getpid()}-", dir=root))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def clean_stale(root: Path, pids: tuple[int, ...] = ()) -> list[Path]:
    """Remove the hidden build folders of ``root`` (and its year folders) whose process is gone.

    A run stopped hard (Ctrl-C, a killed worker) leaves its ``.build-<pid>-…``
    folder behind; the next run removes it. ``pids`` are processes known to be
    stopped (the workers of an interrupted pool), removed even if the pid is
    still taken. Folders of live runs are left alone; folders without a pid
    (older releases) count as stale.
    """
    removed = []
    for folder in [*root.glob(".*"), *root.glob("*/.*")]:
        match = _OWNED_RE.match(folder.name)
        if not folder.is_dir() or not match:
            continue
        pid = int(match.group(1)) if match.group(1) else None
        if pid is None or pid in pids or not _alive(pid):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


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
        old = final.with_name(f".{final.name}.old-{os.getpid()}-{uuid.uuid4().hex[:8]}")
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
