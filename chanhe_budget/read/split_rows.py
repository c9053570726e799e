"""Rows of text without layout whose numbers are printed on two lines: which numbers are whose.

A PDF row is as tall as its tallest cell, and each cell is centred in it. Text extractors
cut rows by height, so a row whose name wraps, or whose cells sit a little higher or lower,
comes out as two lines: ``一般公共服务支出 1,503.52 603.14`` above ``201 2,106.66`` (plain
text), or ``1,503.52 603.14`` above ``201 一般公共服务支出 2,106.66`` (layout text). A line of
numbers without a code (a *float*) belongs to the row above it or to the row below it, and
within the row its numbers may come before or after the row's own: reading order no longer
says which column a number is in.

The table's own arithmetic does (the template's per-row identities, such as
合计 = 基本支出 + 项目支出 + …): every way of giving each float to the row above or below
and of interleaving the lines' numbers is tried, and a row is read only when exactly one
way of giving the floats makes every row concerned add up. Where the columns of the numbers
are still open (1,511.89 = 1,503.52 + 8.37: which is 基本, which 项目?), the row lists each
reading, and the parser's roll-up chooses. Any other row prints ``?`` for its amounts, which
the parser reads as NaN with a warning: never a number that looks certain.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

from ..parse.units import parse_amount

__all__ = ["ALTERNATIVE", "UNDECIDED", "adds_up", "resolve_split_rows", "sum_agrees"]

#: What a row's amounts are written as when the identities cannot tell which numbers are its own.
UNDECIDED = "?"
#: Between two readings of a row's numbers (each in column order) that both add up.
ALTERNATIVE = "|"
_MAX_READINGS = 4096  # chains of rows with more joint readings than this are left undecided
_MAX_PLACEMENTS = 50_000  # a row with more orders × placements than this is left undecided

Rules = Sequence[tuple[int, tuple[int, ...]]]


def sum_agrees(a: float, b: float, addends: int) -> bool:
    """Whether a printed amount ``a`` and ``b``, a sum of ``addends`` printed amounts, agree within the
    rounding of each to the cent (a total against its parts; one cell against another with ``addends`` 1)."""
    return abs(a - b) <= max(0.011, 0.0051 * addends)


def _interleavings(groups: list[list[str]]) -> list[list[str]]:
    """Every merge of the groups that keeps each group's own order (its line's left-to-right order)."""
    groups = [g for g in groups if g]
    if len(groups) <= 1:
        return [list(groups[0]) if groups else []]
    out: list[list[str]] = []
    for k, group in enumerate(groups):
        rest = [*groups[:k], group[1:], *groups[k + 1:]]
        out += [[group[0], *tail] for tail in _interleavings(rest)]
    return out


def _orders(groups: list[list[str]]) -> int:
    """How many interleavings the groups have (a multinomial coefficient)."""
    sizes = [len(g) for g in groups if g]
    return math.factorial(sum(sizes)) // math.prod(math.factorial(n) for n in sizes)


def _readings(groups: list[list[str]], width: int, rules: Rules,
              first: bool = False) -> dict[tuple[float, ...], list[str]] | None:
    """Value vectors (in the template's column order) that add up, each with its numbers in column order;
    None when there are too many ways to try (the row is then left undecided, not guessed)."""
    out: dict[tuple[float, ...], list[str]] = {}
    if sum(len(g) for g in groups) > width:
        return out  # more numbers than columns: not one row
    if _orders(groups) * math.comb(width, sum(len(g) for g in groups)) > _MAX_PLACEMENTS:
        return None
    for sequence in _interleavings(groups):
        values = [parse_amount(t) for t in sequence]
        if len(values) > width or any(math.isnan(v) for v in values):
            continue
        for positions in itertools.combinations(range(width), len(values)):
            vector = [0.0] * width
            for p, v in zip(positions, values, strict=True):
                vector[p] = v
            if all(sum_agrees(vector[t], sum(vector[p] for p in parts), len(parts)) for t, parts in rules):
                out.setdefault(tuple(vector), [t for _, t in sorted(zip(positions, sequence, strict=True))])
                if first:
                    return out
    return out


def adds_up(numbers: list[str], width: int, rules: Rules) -> bool:
    """Whether a line's numbers alone can be a whole row (some placement satisfies every row identity)."""
    return bool(rules) and _readings([numbers], width, rules, first=True) != {}  # too many to try: a row


def resolve_split_rows(rows: list[list], floats: list[bool], width: int, rules: Rules) -> list[list]:
    """Give each float's numbers to the row above or below it, as the row identities decide.

    ``rows`` are ``[codes, name, numbers]`` in printed order; ``floats[i]`` marks a line of
    numbers that is not a row of its own. Returns the rows without the floats; a row that
    took a float's numbers lists them in column order, and a row the identities cannot
    decide lists :data:`UNDECIDED` for each of its numbers.
    """
    anchors = [i for i, f in enumerate(floats) if not f]
    if not anchors:
        return []
    # runs[k]: the floats just above anchors[k]; runs[len(anchors)]: those below the last anchor
    runs: list[list[int]] = [[] for _ in range(len(anchors) + 1)]
    k = 0
    for i, is_float in enumerate(floats):
        if is_float:
            runs[k].append(i)
        else:
            k += 1
    out = {a: rows[a] for a in anchors}
    # chains: anchors linked by runs of floats between them; each is decided on its own
    start = 0
    while start < len(anchors):
        end = start
        while end + 1 < len(anchors) and runs[end + 1]:
            end += 1
        if runs[start] or runs[end + 1] or end > start:
            _decide_chain(rows, anchors[start:end + 1], runs[start:end + 2], width, rules, out,
                          first=start == 0, last=end == len(anchors) - 1)
        start = end + 1
    return [out[a] for a in anchors]


def _decide_chain(rows: list[list], chain: list[int], runs: list[list[int]], width: int, rules: Rules,
                  out: dict[int, list], first: bool, last: bool) -> None:
    """Try every split of every run between the chain's rows; keep the rows on which the readings agree."""
    # a run above the chain's first row goes to it when nothing is above (the table's first row),
    # else that run was already given to the row above: the chain starts at a row with no floats above
    # unless it is the first; likewise below the last row
    lead = runs[0] if first else []
    trail = runs[-1] if last else []
    inner = runs[1:-1]
    choices = [range(len(run) + 1) for run in inner]
    if math.prod(len(c) for c in choices) > _MAX_READINGS:
        _undecided(rows, chain, out)
        return
    agreed: list[set[tuple]] = [set() for _ in chain]
    cache: dict[tuple, dict] = {}
    found = False
    for splits in itertools.product(*choices):
        vectors: list[tuple] = []
        for r, anchor in enumerate(chain):
            above = lead if r == 0 else inner[r - 1][splits[r - 1]:]
            below = trail if r == len(chain) - 1 else inner[r][:splits[r]]
            key = (anchor, tuple(above), tuple(below))
            if key not in cache:
                groups = [rows[i][2] for i in above] + [rows[anchor][2]] + [rows[i][2] for i in below]
                cache[key] = _readings(groups, width, rules)
            if cache[key] is None:
                _undecided(rows, chain, out)  # too many readings to try: nothing decided
                return
            if not cache[key]:
                break
            vectors.append(key)
        else:
            found = True
            for r, key in enumerate(vectors):
                agreed[r].add(key)
    if not found:
        _undecided(rows, chain, out)
        return
    for r, anchor in enumerate(chain):
        key = next(iter(agreed[r])) if len(agreed[r]) == 1 else None
        codes, name, numbers = rows[anchor]
        if key is not None and key[1:] == ((), ()):
            out[anchor] = rows[anchor]  # only its own numbers: placed by the parser (roll-up included)
        elif key is not None:  # its numbers are known; their columns, when several readings add up, are
            # left to the parser's roll-up: each reading in column order, the readings separated by ALTERNATIVE
            readings = list(cache[key].values())
            cells = [*readings[0]]
            for other in readings[1:]:
                cells += [ALTERNATIVE, *other]
            out[anchor] = [codes, name, cells]
        else:
            out[anchor] = [codes, name, [UNDECIDED] * max(len(numbers), 1)]


def _undecided(rows: list[list], chain: list[int], out: dict[int, list]) -> None:
    for anchor in chain:
        codes, name, numbers = rows[anchor]
        out[anchor] = [codes, name, [UNDECIDED] * max(len(numbers), 1)]
