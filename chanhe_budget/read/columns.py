"""The cells of a table row without rulings: chunks split where cells touch, columns from x.

Used for tables read from plain page text and for PDF tables drawn without
rulings: numbers share right edges, labels left edges, and a name wrapped onto
a second line is merged back into its row.
"""

from __future__ import annotations

import itertools
import re
import statistics

from ..parse.units import AMOUNT_RE, NUMERIC_RE
from ..templates.spec import compact
from ..templates.vocabulary import TOTAL_LABELS
from .pages import Chunk, TextLine, display_width, find_root, is_cjk

_GLUE_HEAD_RE = re.compile(
    r"^([-+]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+))\s?"
    r"(?=[一二三四五六七八九十(（\u4e00-\u9fff])(?![万亿千元年月日%])"
)
_GLUE_TAIL_RE = re.compile(r"^(.*[\u4e00-\u9fff)）])\s?([-+]?(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+))$")
ORDINAL_RE = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[、.．](?!\d))")
_NO_SPLIT_AFTER_NUMBER = ("年", "月", "日", "万", "元", "亿", "千", "%", "个", "人", "辆", "项", "家")


def split_glued(text: str) -> list[str]:
    """``1,234,567一、社会保障和就业支出`` -> two cells; also label+amount."""
    m = _GLUE_HEAD_RE.match(text)
    if m and len(text) > m.end():
        return [m.group(1), *split_glued(text[m.end():].strip())]
    m = _GLUE_TAIL_RE.match(text)
    if m and not m.group(1).endswith(_NO_SPLIT_AFTER_NUMBER):
        return [m.group(1).strip(), m.group(2)]
    return [text]


def split_row_chunk(chunk: Chunk) -> list[Chunk]:
    """Split a chunk of a table row where two cells were printed too close."""
    tokens = chunk.text.split(" ")
    pieces: list[list[str]] = [[tokens[0]]]
    for tok in tokens[1:]:
        left = pieces[-1][-1]
        label_after_number = is_cjk(tok[0]) and not tok.startswith(_NO_SPLIT_AFTER_NUMBER)
        if (
            (NUMERIC_RE.match(left) and (NUMERIC_RE.match(tok) or label_after_number))
            or (is_cjk(left[-1]) and AMOUNT_RE.match(tok.removesuffix("%")) and ("," in tok or "." in tok))
        ):
            pieces.append([tok])
        else:
            pieces[-1].append(tok)
    texts = [t for p in pieces for t in split_glued(" ".join(p))]
    if len(texts) == 1:
        return [chunk]
    if chunk.boxes is not None and len(chunk.boxes) == len(chunk.text):
        out, start = [], 0
        for t in texts:
            i = chunk.text.find(t, start)
            if i < 0:
                break
            spans = [b for b in chunk.boxes[i:i + len(t)] if b is not None]
            out.append(Chunk(spans[0][0], spans[-1][1], t))
            start = i + len(t)
        else:
            return out
    # share the chunk's extent out by display width
    total = sum(display_width(t) for t in texts) + len(texts) - 1
    scale = (chunk.x1 - chunk.x0) / total if total else 0
    out, x = [], chunk.x0
    for t in texts:
        w = display_width(t) * scale
        out.append(Chunk(x, x + w, t))
        x += w + scale
    return out


def is_numeric_cell(text: str) -> bool:
    t = text.replace(" ", "")
    return bool(t) and bool(NUMERIC_RE.match(t))


def is_data_row(row: list[str]) -> bool:
    first = next((c for c in row if c), "")
    return any(is_numeric_cell(c) for c in row) or _is_total(first)


def loose_rows(lines: list[TextLine], plain: bool) -> tuple[list[list[str]], list[float]]:
    """Rows of a table without rulings: columns from the x extents of the data rows.

    Numbers and text get bands of their own (in layout text a CJK label can start
    inside the span of the right-aligned numbers above it); a header chunk goes to
    the band it overlaps most, or makes a band of its own.
    """
    split = [[c for ch in line.chunks for c in split_row_chunk(ch)] for line in lines]
    is_data = [any(is_numeric_cell(c.text) for c in chunks) for chunks in split]
    if not any(is_data):
        is_data = [True] * len(split)

    def merged(spans: list[tuple[float, float]], kind: bool) -> list[list]:
        out: list[list] = []
        for a, b in sorted(spans):
            if out and a < out[-1][1] - 0.5:
                out[-1][1] = max(out[-1][1], b)
            else:
                out.append([a, b, kind])
        return out

    def aligned(spans: list[tuple[float, float]], tol: float) -> list[list]:
        # numbers in one column share their right edge, centre or left edge
        spans = sorted(set(spans))
        parent = list(range(len(spans)))

        for key in (lambda s: s[1], lambda s: (s[0] + s[1]) / 2, lambda s: s[0]):
            order = sorted(range(len(spans)), key=lambda i: key(spans[i]))
            for a, b in itertools.pairwise(order):
                if key(spans[b]) - key(spans[a]) <= tol:
                    parent[find_root(parent, a)] = find_root(parent, b)
        groups: dict[int, list] = {}
        for i, (a, b) in enumerate(spans):
            g = groups.setdefault(find_root(parent, i), [a, b, True])
            g[0], g[1] = min(g[0], a), max(g[1], b)
        return list(groups.values())

    data_chunks = [c for chunks, d in zip(split, is_data, strict=True) if d for c in chunks]
    num = [(c.x0, c.x1) for c in data_chunks if is_numeric_cell(c.text)]
    txt = [(c.x0, c.x1) for c in data_chunks if not is_numeric_cell(c.text)]
    bands = aligned(num, 1.5 if plain else 3.0) + merged(txt, False)
    reach = 2.5 * statistics.median(line.em for line in lines)
    for chunks, d in zip(split, is_data, strict=True):
        if not d:
            for c in chunks:
                # a header centred over right-aligned narrow numbers overlaps none of
                # them: it belongs to the nearest band when that band is close
                if not any(min(b, c.x1) - max(a, c.x0) > -reach for a, b, _ in bands):
                    bands.append([c.x0, c.x1, False])
    bands.sort(key=lambda band: (band[0], band[1]))

    def column(c: Chunk, typed: bool) -> int:
        kind = is_numeric_cell(c.text)
        best, best_score = 0, -1e18
        for k, (a, b, band_kind) in enumerate(bands):
            if typed and band_kind != kind:
                continue
            score = min(b, c.x1) - max(a, c.x0)
            if score > best_score + 1e-9:
                best, best_score = k, score
        return best

    ncol = len(bands)
    grid: list[list[str]] = []
    for chunks, d in zip(split, is_data, strict=True):
        row = [""] * ncol
        for c in chunks:
            k = column(c, typed=d)
            row[k] = f"{row[k]} {c.text}".strip() if row[k] else c.text
        grid.append(row)

    # merge wrapped names: single text fragment next to a data row
    keep = [True] * len(grid)
    for k, (line, row) in enumerate(zip(lines, grid, strict=True)):
        filled = [j for j, t in enumerate(row) if t]
        if is_data[k] or len(filled) != 1:
            continue
        j = filled[0]
        text = row[j]
        if any(ch.isdigit() for ch in text) or ORDINAL_RE.match(text) or _is_total(text):
            continue
        near = 1.6 * line.em

        def close(m: int, k: int = k, near: float = near) -> bool:
            return 0 <= m < len(grid) and keep[m] and is_data[m] and abs(lines[m].middle - lines[k].middle) <= near

        below, above = k + 1, k - 1
        above_is_own_row = close(above) and not _original_has(split[above], j, column, is_data[above])
        if close(below) and not grid[below][j] and not above_is_own_row:
            grid[below][j] = text
            keep[k] = False
        elif close(above) and not any(is_numeric_cell(t) for t in [grid[above][j]]):
            grid[above][j] = grid[above][j] + text
            keep[k] = False
    rows = [r for r, kp in zip(grid, keep, strict=True) if kp]
    xs = [bands[0][0]] + [(bands[k][1] + bands[k + 1][0]) / 2 for k in range(ncol - 1)] + [max(b[1] for b in bands)]
    return rows, xs


def _original_has(chunks: list[Chunk], j: int, column, typed: bool) -> bool:
    return any(column(c, typed) == j for c in chunks)


def _is_total(label: str) -> bool:
    """合计, 总计, 小计 and the longer totals (收入总计, 本年支出合计)."""
    return compact(label).endswith(TOTAL_LABELS)
