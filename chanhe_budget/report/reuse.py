"""Reusing a report that is already current: same input bytes, same parameters, same package and notebook.

A finished report folder holds ``build.json``, the stamp of what made it. A
new request with the same stamp returns that folder instead of starting a
kernel (a report takes seconds; checking the stamp takes milliseconds);
``force=True`` rebuilds anyway. The package part of the stamp is
:func:`chanhe_budget.corpus.loading.cache_key` (version plus a digest of the
package source), so editing the parser or the notebook makes every report stale.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..corpus.loading import cache_key
from ..exports import write_text_atomic

#: The stamp file in each report folder.
STAMP_FILE = "build.json"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def build_stamp(sources: list[Path], notebook: Path, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """What identifies a report's inputs: the source files (path and sha256), the notebook, the parameters, the package."""

    return {"sources": [{"path": str(p), "sha256": _sha256(p)} for p in sources],
            "notebook_sha256": _sha256(notebook), "parameters": {k: parameters[k] for k in sorted(parameters)},
            "package": cache_key()}


def write_stamp(folder: Path, stamp: Mapping[str, Any]) -> None:
    write_text_atomic(folder / STAMP_FILE, json.dumps(stamp, ensure_ascii=False, indent=1) + "\n")


def _matches(folder: Path, stamp: Mapping[str, Any], needed: tuple[str, ...]) -> bool:
    try:
        held = json.loads((folder / STAMP_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return held == stamp and all((folder / name).is_file() for name in needed)


def current_report(root: Path, stamp: Mapping[str, Any], needed: tuple[str, ...],
                   folder: str | os.PathLike | None = None) -> Path | None:
    """The folder under ``root`` built from exactly ``stamp`` and still holding ``needed`` files, or None.

    ``folder`` (relative to ``root``) is where the report would go when that is
    known before the run; otherwise every ``<year>/<name>/`` folder is looked at.
    """
    candidates = [root / folder] if folder is not None else sorted(root.glob(f"*/*/{STAMP_FILE}"))
    for candidate in candidates:
        place = candidate if folder is not None else candidate.parent
        if _matches(place, stamp, needed):
            return place
    return None
