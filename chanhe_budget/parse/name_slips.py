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

__all__ = ["NearNames", "find_name_variants", "one_char_apart"]


def one_char_apart(a: str, b: str) -> int | None:
    """The index where two equal-length strings differ, when they differ in exactly one place."""
    if len(a) != len(b) or a == b:
        return None
    diffs = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return diffs[0] if len(diffs) == 1 else None


class NearNames:
    """Names indexed for "equal, or one character apart" look-ups in time linear in the name's length.

    Each name is filed under itself and under every form with one character masked, so
    finding the names one character away from a query is a few dictionary look-ups instead
    of a comparison with every name (which made the audit quadratic in the number of rows).
    Values are the positions the names were added in; results come back in that order.
    """

    def __init__(self, names: list[str] | None = None):
        self._exact: dict[str, list[int]] = {}
        self._masked: dict[tuple[int, str, str], list[int]] = {}
        self._names: list[str] = []
        for name in names or ():
            self.add(name)

    def add(self, name: str) -> int:
        position = len(self._names)
        self._names.append(name)
        self._exact.setdefault(name, []).append(position)
        for i in range(len(name)):
            self._masked.setdefault((i, name[:i], name[i + 1:]), []).append(position)
        return position

    def equal(self, name: str) -> list[int]:
        """Positions of the names equal to ``name``."""
        return list(self._exact.get(name, ()))

    def one_apart(self, name: str) -> list[int]:
        """Positions of the names that differ from ``name`` in exactly one character, in order."""
        found: set[int] = set()
        for i in range(len(name)):
            for position in self._masked.get((i, name[:i], name[i + 1:]), ()):
                if self._names[position] != name:
                    found.add(position)
        return sorted(found)


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
    index = NearNames()
    pairs: list[tuple[int, int]] = []
    for j, (b, _, _) in enumerate(names):
        pairs.extend((i, j) for i in index.one_apart(compact(b)))  # earlier names one character away
        index.add(compact(b))
    seen: set[tuple[str, str]] = set()
    for i, j in sorted(pairs):  # in reading order, as a pairwise comparison would find them
        (a, line_a, table_a), (b, line_b, table_b) = names[i], names[j]
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
