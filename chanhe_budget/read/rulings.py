"""Ruling lines drawn on a page → the grids of the tables, each character in its cell.

The rulings are what makes a PDF better than its text: a merged header, a blank
cell and a wrapped name are all placed by the lines around them, not guessed.
"""

from __future__ import annotations

import bisect
import ctypes
from typing import TYPE_CHECKING

from .pages import Char, Grid, cell_text, find_root

if TYPE_CHECKING:
    from .pdfium import View

_THIN = 2.5  # a filled rectangle thinner than this is a ruling line
_SNAP = 2.0  # rulings closer than this are the same line


def page_rulings(page, view: View) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) ruling segments."""
    import pypdfium2.raw as raw

    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    pg = page.raw
    left, low, right, high = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for i in range(raw.FPDFPage_CountObjects(pg)):
        obj = raw.FPDFPage_GetObject(pg, i)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, left, low, right, high):
            continue
        x0, top, x1, bottom = view.box(left.value, low.value, right.value, high.value)
        w, h = x1 - x0, bottom - top
        if w <= _THIN and h > _THIN:
            vs.append(((x0 + x1) / 2, top, bottom))
        elif h <= _THIN and w > _THIN:
            hs.append(((top + bottom) / 2, x0, x1))
        elif w > _THIN and h > _THIN:
            raw.FPDFPath_GetDrawMode(obj, fill, stroke)
            if stroke.value:
                _stroked_segments(obj, view, hs, vs)
    return hs, vs


def _stroked_segments(obj, view: View, hs: list, vs: list) -> None:
    """Axis-parallel straight segments of a stroked path (rectangles, grids)."""
    import pypdfium2.raw as raw

    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        return
    px, py = ctypes.c_float(), ctypes.c_float()
    points: list[tuple[float, float] | None] = []
    start: tuple[float, float] | None = None
    for i in range(raw.FPDFPath_CountSegments(obj)):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
        raw.FPDFPathSegment_GetPoint(seg, px, py)
        x = m.a * px.value + m.c * py.value + m.e
        y = m.b * px.value + m.d * py.value + m.f
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            points.append(None)
            start = (x, y)
        elif kind != raw.FPDF_SEGMENT_LINETO:
            points.append(None)  # curves are not rulings
        points.append((x, y))
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            points.append(start)
    prev = None
    for p in points:
        if p is None or prev is None:
            prev = p
            continue
        x0, top, x1, bottom = view.box(min(prev[0], p[0]), min(prev[1], p[1]), max(prev[0], p[0]), max(prev[1], p[1]))
        if x1 - x0 <= _THIN < bottom - top:
            vs.append(((x0 + x1) / 2, top, bottom))
        elif bottom - top <= _THIN < x1 - x0:
            hs.append(((top + bottom) / 2, x0, x1))
        prev = p


def _merge_segments(segs: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Join collinear segments that touch or overlap."""
    out: list[list[float]] = []
    for pos, a, b in sorted(segs, key=lambda s: (round(s[0] / _SNAP), s[1])):
        if out and abs(out[-1][0] - pos) <= _SNAP and a <= out[-1][2] + _SNAP:
            out[-1][2] = max(out[-1][2], b)
        else:
            out.append([pos, a, b])
    return [(p, a, b) for p, a, b in out]


def _cluster(values: list[float], tol: float) -> list[float]:
    out: list[list[float]] = []
    for v in sorted(values):
        if out and v - out[-1][-1] <= tol:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(c) / len(c) for c in out]


def grids_from_rulings(hs, vs) -> list[tuple[list, list]]:
    """Group ruling segments into tables (connected components of crossing lines)."""
    hs, vs = _merge_segments(hs), _merge_segments(vs)
    segs = [("h", s) for s in hs] + [("v", s) for s in vs]
    parent = list(range(len(segs)))

    tol = 3.0
    for i, (ki, (pi, ai, bi)) in enumerate(segs):
        for j in range(i + 1, len(segs)):
            kj, (pj, aj, bj) = segs[j]
            if ki == kj:
                continue
            # h=(y, x0, x1), v=(x, top, bottom): they touch where they cross
            if ai - tol <= pj <= bi + tol and aj - tol <= pi <= bj + tol:
                parent[find_root(parent, i)] = find_root(parent, j)
    groups: dict[int, tuple[list, list]] = {}
    for i, (kind, seg) in enumerate(segs):
        g = groups.setdefault(find_root(parent, i), ([], []))
        (g[0] if kind == "h" else g[1]).append(seg)
    return [g for g in groups.values() if len(g[0]) >= 2 and len(g[1]) >= 2]


def _covers(segs: list[tuple[float, float, float]], pos: float, at: float) -> bool:
    return any(abs(p - pos) <= _SNAP + 0.5 and a - 1.0 <= at <= b + 1.0 for p, a, b in segs)


def build_grid(hs, vs, chars: list[Char]) -> tuple[Grid, set[int]] | None:
    xs = _cluster([v[0] for v in vs], _SNAP + 1)
    ys = _cluster([h[0] for h in hs], _SNAP + 1)
    if len(xs) < 2 or len(ys) < 2 or xs[-1] - xs[0] < 20 or ys[-1] - ys[0] < 8:
        return None
    ncol, nband = len(xs) - 1, len(ys) - 1
    # owner[i][j]: the (row, column) of the top-left corner of the cell holding
    # elementary cell (i, j) — walk up/left while no ruling separates them
    owner: list[list[tuple[int, int]]] = []
    for i in range(nband):
        my = (ys[i] + ys[i + 1]) / 2
        row = []
        for j in range(ncol):
            mx = (xs[j] + xs[j + 1]) / 2
            ti = i
            while ti > 0 and not _covers(hs, ys[ti], mx):
                ti -= 1
            lj = j
            while lj > 0 and not _covers(vs, xs[lj], my):
                lj -= 1
            row.append((ti, lj))
        owner.append(row)
    cells: dict[tuple[int, int], list[Char]] = {}
    used: set[int] = set()
    x_lo, x_hi, y_lo, y_hi = xs[0] - 2, xs[-1] + 2, ys[0] - 2, ys[-1] + 2
    for k, ch in enumerate(chars):
        cx, cy = (ch[0] + ch[2]) / 2, (ch[1] + ch[3]) / 2
        if not (x_lo <= cx <= x_hi and y_lo <= cy <= y_hi):
            continue
        used.add(k)
        j = min(max(bisect.bisect_right(xs, cx) - 1, 0), ncol - 1)
        i = min(max(bisect.bisect_right(ys, cy) - 1, 0), nband - 1)
        cells.setdefault(owner[i][j], []).append(ch)
    rows = [[""] * ncol for _ in range(nband)]
    for (i, j), cell_chars in cells.items():
        rows[i][j] = cell_text(cell_chars)
    rows = [r for r in rows if any(r)]
    if not rows:
        return None
    return Grid(ys[0], ys[-1], xs, rows), used
