"""The whole reading pipeline in one function: source → lines → segments → tables → Disclosure."""

from __future__ import annotations

import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace

from .diagnostics import WarningLog
from .errors import NotADisclosureError, ParameterError, TemplateNotRecognisedError
from .model import Disclosure
from .parse import grouped, targets  # noqa: F401  (register the grouped-table and performance-table parsers)
from .parse.blank_form import NO_AMOUNTS, prints_no_amount
from .parse.name_slips import find_name_variants
from .parse.narrative import sections_to_statements, statements_to_frame
from .parse.raw_table import block_to_raw
from .parse.segment import Segments, TableBlock, document_title, lines_to_segments
from .parse.tables import raw_tables_to_frames
from .parse.units import find_unit
from .read.source import Source, read_source, source_to_lines
from .templates import TEMPLATES, Template, compact, templates
from .templates.registry import KIND_WORDS, Detection, detect, document_kind, template_hits

__all__ = ["disclosure_from_source", "read_disclosure", "read_parts"]

_TITLE_YEAR_RE = re.compile(r"((?:19|20)\d{2})\s*年")
Part = str | bytes | os.PathLike


def read_disclosure(source: Part | Sequence[Part], *, template: str | None = None,
                    names: Sequence[str] | None = None) -> Disclosure:
    """Read a budget disclosure (path, text or bytes) into a :class:`Disclosure`.

    ``source`` may also be a list of the parts of one publication printed as several files
    (a narrative PDF and a tables PDF), in any order: they are read as one disclosure.
    ``names`` labels parts given as bytes (their file names), for the provenance of each line.

    The template is detected with a score (:func:`chanhe_budget.templates.registry.detect`);
    a document whose tables fit no template above the floor raises
    :class:`~chanhe_budget.errors.TemplateNotRecognisedError` (closest template, tables found
    and missing). Raises :class:`~chanhe_budget.errors.NotADisclosureError` (or a subclass)
    when the input is not a disclosure; anything doubtful inside a disclosure becomes a
    warning on ``Disclosure.warnings`` instead.
    """
    src, parts = _read_parts(source, names)
    return disclosure_from_source(src, template=template, parts=parts)


def disclosure_from_source(src: Source, *, template: str | None = None, parts: tuple = ()) -> Disclosure:
    """The stages after reading: a decoded :class:`~chanhe_budget.read.source.Source` (and the parts it
    joins) into a Disclosure.

    Separate so the corpus cache can keep the decoded text (data, never code) and rebuild the
    Disclosure from it exactly as the first read did.
    """
    lines = source_to_lines(src)
    detection = _detect(lines, template)
    chosen = detection.template
    segments = lines_to_segments(lines, chosen, list(detection.hits))
    if not segments.blocks:
        raise NotADisclosureError(_no_table_message("\n".join(line.text for line in lines), lines, chosen, template))
    log = WarningLog()
    for hit in segments.unconfirmed:
        log.add("title_unconfirmed", f"{hit.text} reads as the title of {hit.spec.label}, but the header under it "
                f"prints none of {', '.join(hit.spec.header_words)}; not read as that table",
                lines[hit.index].no, hit.text, hit.spec.name)
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
    title = document_title(segments)
    kind = _kind(title, chosen)
    narrative = statements_to_frame(sections_to_statements(segments.sections, kind))
    tables = raw_tables_to_frames(raw_tables, log, narrative)
    if prints_no_amount(raw_tables, tables):
        log.add(NO_AMOUNTS, "the tables print no amount in any cell: a blank form? Their blank cells are not read as "
                "0: the money figures are left None", None, "", None)
    disclosure = Disclosure(
        source=src.name, encoding=src.encoding, template=chosen, title=title,
        department=segments.department or _department_from_title(title), year=_year(title, segments, lines),
        kind=kind,
        scope="unit" if re.search(r"单位(?:预算|决算)", compact(title)) else "department",
        unit=_table_unit(raw_tables), lines=lines, segments=segments, raw_tables=raw_tables,
        tables=tables, narrative=narrative, warnings=log, source_kind=src.kind, input_format=src.input_format,
        parts=parts, detection=detection,
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
    title (or under their own title again, for tables that run over pages so: ``TableSpec.continues``),
    become one block; the header rows a continuation repeats are dropped by the parser."""
    joined: dict[str, TableBlock] = {}
    out: list[TableBlock] = []
    for block in blocks:
        if (block.continued or block.spec.continues) and out and out[-1].spec.name == block.spec.name:
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


def read_parts(source: Part | Sequence[Part], names: Sequence[str] | None = None) -> tuple[Source, tuple]:
    """The decoded source of a document (or of the parts of one publication, joined) and its parts:
    the first stage of :func:`read_disclosure`, for the corpus cache that keeps the text."""
    return _read_parts(source, names)


def _read_parts(source, names: Sequence[str] | None = None) -> tuple[Source, tuple]:
    """One source, or the parts of one publication joined into one (narrative first, then tables).

    Returns the source and the parts as (name, first line, last line) so that every line of
    the joined text can be traced to its file.
    """
    if isinstance(source, str | bytes | bytearray | os.PathLike):
        src = read_source(source, names[0] if names else None)
        if names and src.name is None:
            src = replace(src, name=names[0])
        return src, ()
    if not isinstance(source, Sequence) or not source:
        raise ParameterError("expected a path, str or bytes, or a non-empty list of the parts of one publication")
    if len(source) == 1:
        return _read_parts(source[0], names)
    read = [read_source(part, names[n] if names and n < len(names) else None) for n, part in enumerate(source)]
    if names:
        read = [replace(src, name=src.name or name) for src, name in zip(read, names, strict=False)]
    read.sort(key=_table_share)  # the narrative (title, statements) first, whatever order the parts came in
    texts, parts, start = [], [], 1
    for n, src in enumerate(read):
        text = src.text.rstrip("\n")
        count = text.count("\n") + 1
        name = src.name or f"<part {n + 1}>"
        parts.append((name, start, start + count - 1))
        texts.append(text)
        start += count + 1  # the blank line between parts
    kinds = {src.kind for src in read}
    kind = "pdf" if kinds == {"pdf"} else ("plain_text" if "plain_text" in kinds else read[0].kind)
    joined = Source("\n\n".join(texts) + "\n", read[0].encoding, " + ".join(p[0] for p in parts), kind=kind,
                    input_format=read[-1].input_format)
    return joined, tuple(parts)


def _table_share(src: Source) -> float:
    """The share of a text's lines that are table rows: low for a narrative, high for a tables part."""
    lines = src.text.count("\n") + 1
    return src.text.count("\t") / max(lines, 1)


def _detect(lines, name: str | None) -> Detection:
    """The detection of the named template, or the best one above the floor (else a typed error)."""
    if name is not None:
        known = templates()
        if name not in known:
            raise ParameterError(f"unknown template {name!r}; known: {', '.join(known)}")
        return detect(lines, (known[name],))[0]
    results = detect(lines)
    best = results[0]
    if best.accepted:
        return best
    raise _not_recognised(lines, best, results)


def _not_recognised(lines, best: Detection, results: list[Detection]) -> TemplateNotRecognisedError:
    from .templates.registry import MIN_SHARE, MIN_TABLES

    text = "\n".join(line.text for line in lines)
    part = None
    if not best.found:  # no table at all: say what the title names and which template's titles the text prints
        kind = document_kind(text)
        closest = sorted(TEMPLATES, key=lambda t: (-len(template_hits(text, t)), kind is not None and t.kind != kind))[0]
        best = next((d for d in results if d.template is closest), None) or Detection(
            closest, (), closest.expected, (), 0.0, kind or closest.kind)
        from .parse.narrative import sections_to_statements
        from .parse.segment import lines_to_segments as segment

        segments = segment(lines, best.template, [])
        title = document_title(segments).lstrip("-*# ")
        if len(sections_to_statements(segments.sections)) >= 5 and _TITLE_YEAR_RE.search(title):
            part = {"role": "narrative", "department": segments.department or _department_from_title(title),
                    "year": _year(title, segments, lines), "kind": kind or best.kind, "title": title}
        message = _no_table_message(text, lines, closest, None)
    else:
        others = "; ".join(d.describe() for d in results if d is not best)
        unconfirmed = f"; titles whose header is another table's: {', '.join(best.unconfirmed)}" \
            if best.unconfirmed else ""
        message = (f"no template fits this document: the closest is {best.template.name} ({best.template.label}) "
                   f"with {len(best.found)} of its {len(best.template.expected)} tables ({best.score:.0%}; at least "
                   f"{MIN_SHARE:.0%} and {MIN_TABLES} tables are needed); found: {', '.join(best.found)}; "
                   f"missing: {', '.join(best.missing) or 'none'}{unconfirmed}" + (f"; others: {others}" if others else ""))
    hint = (". It reads as the narrative part of a publication printed as several files: read it with its tables, "
            "read_disclosure([narrative, tables])" if part else "")
    return TemplateNotRecognisedError(message + hint, closest=best.template.name, score=best.score, found=best.found,
                                      missing=best.missing, part=part)


def _year(title: str, segments: Segments, lines=()) -> int | None:
    match = _TITLE_YEAR_RE.search(title)
    if match:
        return int(match.group(1))
    years = Counter(b.year for b in segments.blocks if b.year)
    if years:
        return years.most_common(1)[0][0]
    for line in lines[:20]:  # a cover: '江苏省2018年度' / '省级部门预算公开报表'
        match = _COVER_YEAR_RE.search(compact(line.text)) if not line.is_row else None
        if match:
            return int(match.group(1))
    return None


_COVER_YEAR_RE = re.compile(r"((?:19|20)\d{2})年度?(?:部门|单位|省级|市级|县级)?(?:部门)?(?:预算|决算)?")


def _department_from_title(title: str) -> str | None:
    name = re.sub(r"(?:19|20)\d{2}年(?:度)?", "", compact(title)).lstrip("-*#")
    name = re.sub(r"(?:部门|单位)(?:预算|决算).*$", "", name)
    return name or None


def _table_unit(raw_tables: dict) -> str | None:
    for name in ("summary", "income", "expenditure"):
        if name in raw_tables and raw_tables[name].unit:
            return raw_tables[name].unit
    units = Counter(r.unit for r in raw_tables.values() if r.unit)
    return units.most_common(1)[0][0] if units else None
