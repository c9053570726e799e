"""What the report kernel imports while it starts, so the notebook's first cells do not wait for them.

Why: a report's kernel spends most of its first second importing pandas, matplotlib
and the package; started in a thread as the kernel boots (``exec_lines`` of the
kernel, see :func:`chanhe_budget.report.execute.project_kernel_manager`), that work
overlaps with papermill connecting to the kernel.
"""

from __future__ import annotations

import threading

__all__ = ["start"]


def _load() -> None:
    import matplotlib.figure  # noqa: F401

    from ..analysis import ratios  # noqa: F401
    from . import views  # noqa: F401


def start() -> None:
    """Begin the imports in a daemon thread and return at once."""
    threading.Thread(target=_load, daemon=True).start()
