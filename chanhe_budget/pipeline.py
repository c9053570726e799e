"""The whole reading pipeline in one function: source → lines → segments → tables → Disclosure."""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import replace

from .diagnostics import WarningLog
from .errors import NotADisclosureError
from .model import Disclosure
from .parse import targets  # noqa: F401  (registers the performance-table parsers)
from .parse.name_slips import find_name_variants
from .parse.narrative import sections_to_statements, statements_to_frame
from .parse.raw_table import block_to_raw
from .parse.segment import Segments, TableBlock, document_title, lines_to_segments
from .parse.tables import raw_tables_to_frames
from .parse.units import find_unit
from .read.source import Source, read_source, source_to_lines
from .templates import TEMPLATES, Template, compact, detect_template, templates
from .templates.registry import KIND_WORDS, document_kind, template_hits

__all__ = ["disclosure_from_source", "read_disclosure"]

_TITLE_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")


def read_disclosure(source: str | bytes | os.PathLike, *, template: str | None = None) -> Disclosure:
    """Read a budget disclosure (path, text or bytes) into a :class:`Disclosure`.

    Raises :class:`~chanhe_budget.errors.NotADisclosureError` (or a subclass)
    when the input is not a disclosure; anything doubtful inside a disclosure
    becomes a warning on ``Disclosure.warnings`` instead.
    """
    return disclosure_from_source(read_source(source), template=template)


def disclosure_from_source(src: Source, *, template: str | None = None) -> Disclosure:
    """The stages after reading: a decoded :class:`~chanhe_budget.read.source.Source` into a Disclosure.

    Separate so the corpus cache can keep the decoded text (data, never code) and rebuild the
    Disclosure from it exactly as the first read did.
    """
    lines = source_to_lines(src)
    text = "\n".join(line.text for line in lines)
    chosen = _template(text, template)
    segments = lines_to_segments(lines, chosen)
    if not segments.blocks:
        raise NotADisclosureError(_no_table_message(text, lines, chosen, template))
    log = WarningLog()
    document_unit = next((u for u in (find_unit(line.text) for line in lines) if u), None)
    raw_tables = {}
    for block in _join_repeated(segments.blocks):
        if block.spec.name in raw_tables:
            log.add("duplicate_table", f"{block.spec.label} appears again; the first one is kept",
                    block.title_line, block.title, block.spec.name)
            continue
        raw_tables[block.spec.name] = block_to_raw(block, document_unit, log, loose=src.kind == "plain_text")
    if document_unit is None:
        log.add("unit_missing", "no 单位 line anywhere; amounts are read as 万元", None, "", None)
    tables = raw_tables_to_frames(raw_tables, log)
    title = document_title(segments)
    kind = _kind(title, chosen)
    narrative = statements_to_frame(sections_to_statements(segments.sections, kind))
    disclosure = Disclosure(
        source=src.name, encoding=src.encoding, template=chosen, title=title,
        department=segments.department or _department_from_title(title), year=_year(title, segments),
        kind=kind,
        scope="unit" if re.search(r"单位(?:预算|决算)", compact(title)) else "department",
        unit=_table_unit(raw_tables), lines=lines, segments=segments, raw_tables=raw_tables,
        tables=tables, narrative=narrative, warnings=log, source_kind=src.kind, input_format=src.input_format,
    )
    find_name_variants(disclosure)
    return disclosure


def _kind(title: str, template: Template) -> str:
    """budget or final_accounts: as the title says (部门预算 / 部门决算), else as the template is."""
    words = [kind for kind, word in KIND_WORDS.items() if word in compact(title)]
    return words[0] if len(words) == 1 else template.kind


def _no_table_message(text: str, lines: list, chosen: Template, asked: str | None) -> str:
    """Why nothing was read: the kind the title names, the closest template and which of its tables it found."""
    kind = document_kind(text)
    said = {"budget": "a budget (部门预算)", "final_accounts": "final accounts (部门决算)"}.get(
        kind, "neither a budget (预算) nor final accounts (决算)")
    if asked is None:
        ranked = sorted(TEMPLATES, key=lambda t: (-len(template_hits(text, t)), kind is not None and t.kind != kind))
        chosen = ranked[0]
    hits = template_hits(text, chosen)
    missing = [t.title for t in chosen.tables if t.name not in hits]
    found = (f"it names {len(hits)} of its {len(chosen.tables)} tables "
             f"({', '.join(chosen.spec(n).title for n in hits)}) but prints none of them as a table"
             if hits else f"none of its {len(chosen.tables)} table titles appear")
    first = next((line.text[:40] for line in lines if line.text), "")
    expected = ", ".join(missing[:3] or [chosen.tables[0].title])
    known = ", ".join(t.name for t in TEMPLATES)
    return (f"found no table of a known template in {len(lines)} lines (first text: {first!r}): the title says "
            f"{said}; the closest template is {chosen.name!r} ({chosen.label}): {found}; expected tables such as "
            f"{expected} (known templates: {known})")


def _join_repeated(blocks: list[TableBlock]) -> list[TableBlock]:
    """Tables printed once per item (a form per project), and tables continued under a …（续）
    title, become one block; the header rows a continuation repeats are dropped by the parser."""
    joined: dict[str, TableBlock] = {}
    out: list[TableBlock] = []
    for block in blocks:
        if block.continued and out and out[-1].spec.name == block.spec.name:
            header = [line.cells for line in out[-1].lines if line.is_row][:6]  # what a continuation repeats
            out[-1].lines.extend(line for line in block.lines if line.is_row and line.cells not in header)
            continue
        if not block.spec.repeats:
            out.append(replace(block, lines=list(block.lines)))
        elif block.spec.name in joined:
            joined[block.spec.name].lines.extend(block.lines)
        else:
            joined[block.spec.name] = replace(block, lines=list(block.lines))
            out.append(joined[block.spec.name])
    return out


def _template(text: str, name: str | None) -> Template:
    from .errors import ParameterError

    if name is None:
        return detect_template(text)
    known = templates()
    if name not in known:
        raise ParameterError(f"unknown template {name!r}; known: {', '.join(known)}")
    return known[name]


def _year(title: str, segments: Segments) -> int | None:
    match = _TITLE_YEAR_RE.search(title)
    if match:
        return int(match.group(1))
    years = Counter(b.year for b in segments.blocks if b.year)
    return years.most_common(1)[0][0] if years else None


def _department_from_title(title: str) -> str | None:
    name = re.sub(r"(?:19|20)\d{2}年(?:度)?", "", compact(title))
    name = re.sub(r"(?:部门|单位)(?:预算|决算).*$", "", name)
    return name or None


def _table_unit(raw_tables: dict) -> str | None:
    for name in ("summary", "income", "expenditure"):
        if name in raw_tables and raw_tables[name].unit:
            return raw_tables[name].unit
    units = Counter(r.unit for r in raw_tables.values() if r.unit)
    return units.most_common(1)[0][0] if units else None
