"""Names printed two ways in one document (OCR slips: one character of a place name swapped).

The printed text is kept as it is — correcting it would be guessing — but the
variant is recorded as a warning, saying which spelling the department's own
name supports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..templates.spec import compact

if TYPE_CHECKING:
    from ..model import Disclosure

__all__ = ["find_name_variants", "one_char_apart"]


def one_char_apart(a: str, b: str) -> int | None:
    """The index where two equal-length strings differ, when they differ in exactly one place."""
    if len(a) != len(b) or a == b:
        return None
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return diffs[0] if len(diffs) == 1 else None


def _names(disclosure: Disclosure) -> list[tuple[str, int, str]]:
    found: list[tuple[str, int, str]] = []
    for table, column in (("projects", "project_name"), ("project_performance", "project_name")):
        frame = disclosure.tables.get(table)
        if frame is None or column not in frame:
            continue
        seen: set[str] = set()
        for name, line in zip(frame[column].tolist(), frame["line"].tolist(), strict=True):
            if isinstance(name, str) and name not in seen:
                seen.add(name)
                found.append((name, int(line), table))
    return found


def find_name_variants(disclosure: Disclosure) -> None:
    """Add a ``name_variant`` warning for each project name printed with one character changed."""
    names = _names(disclosure)
    department = compact(disclosure.department or "")
    seen: set[tuple[str, str]] = set()
    for i, (a, line_a, table_a) in enumerate(names):
        for b, line_b, table_b in names[i + 1:]:
            ca, cb = compact(a), compact(b)
            at = one_char_apart(ca, cb)
            if at is None or (ca, cb) in seen:
                continue
            seen.add((ca, cb))
            right = ca[at] if ca[at] in department else cb[at] if cb[at] in department else None
            hint = f"; the department name has {right}" if right else ""
            disclosure.warnings.add(
                "name_variant",
                f"project name printed as {a!r} ({table_a}, line {line_a}) and {b!r} ({table_b}, line {line_b}): "
                f"{ca[at]} / {cb[at]}{hint}; kept as printed",
                line_b if right == ca[at] else line_a, b if right == ca[at] else a, table_b,
            )
