"""Publications printed as several files: which files are parts of the same department-year.

Why: many departments publish the narrative (情况说明) and the tables (公开表) of one budget as two
PDFs. Read apart they are two half-documents — the narrative has no table, the tables have no
statement, no prior-year change, often no year. A part is recognised by what reading it gave:
a narrative part raises :class:`~chanhe_budget.errors.TemplateNotRecognisedError` with its
``part`` (department, year, kind from its title), a tables part reads as a
:class:`~chanhe_budget.model.Disclosure` whose :attr:`~chanhe_budget.model.Disclosure.role` is
``tables``. Two parts pair when their year and kind are equal and their department names are one
department (:func:`~chanhe_budget.templates.vocabulary.same_department`: 中共某某省委办公厅 and
中国共产党某某省委员会办公厅 are).
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from ..errors import ChanheBudgetError, TemplateNotRecognisedError
from ..templates.vocabulary import same_department

__all__ = ["PartInfo", "examine", "pair_parts"]


@dataclass(frozen=True)
class PartInfo:
    """What one file is: ``role`` (``narrative``, ``tables``, ``complete`` or ``unreadable``), and the
    department, year and kind it names; ``error`` is the reason when it cannot be read at all."""

    role: str
    department: str | None
    year: int | None
    kind: str | None
    error: str | None = None


def examine(source: str | os.PathLike | bytes) -> tuple[PartInfo, object]:
    """Read one file and say what it is; returns (info, the Disclosure or the error)."""
    from ..pipeline import read_disclosure

    try:
        d = read_disclosure(source)
    except TemplateNotRecognisedError as exc:
        if exc.part:
            return PartInfo("narrative", exc.part.get("department"), exc.part.get("year"), exc.part.get("kind")), exc
        return PartInfo("unreadable", None, None, None, str(exc)), exc
    except ChanheBudgetError as exc:
        return PartInfo("unreadable", None, None, None, str(exc)), exc
    return PartInfo(d.role, d.department, d.year, d.kind), d


def info_of(role: str | None, department, year, kind) -> PartInfo:
    """A :class:`PartInfo` from stored fields (a catalogue row, a cached summary)."""
    return PartInfo(role or "complete", department, None if year is None else int(year), kind)


def pair_parts(infos: list[PartInfo]) -> list[tuple[int, int]]:
    """(narrative, tables) index pairs of the parts of one department-year-kind; each file used once.

    A narrative part pairs with the first unpaired tables part of the same year and kind whose
    department is the same department; parts that find no partner are left alone.
    """
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    for i, narrative in enumerate(infos):
        if narrative.role != "narrative" or narrative.year is None:
            continue
        for j, tables in enumerate(infos):
            if j in used or tables.role != "tables" or tables.year not in (None, narrative.year):
                continue
            if (tables.kind or "budget") != (narrative.kind or "budget"):
                continue
            if same_department(narrative.department, tables.department):
                pairs.append((i, j))
                used |= {i, j}
                break
    return pairs
