"""Every template in the registry passes the same contract, so a new template cannot half-land.

A template is data (``chanhe_budget/templates/``): its tables' titles must resolve to
those tables, each table's layout must have a parser, each column must have a
data-dictionary entry, and each identity that applies to the template must name
tables and columns the template really produces.
"""

from __future__ import annotations

import pytest

import chanhe_budget as cb
from chanhe_budget import pipeline  # noqa: F401  (the parse stage with every table parser loaded)
from chanhe_budget.parse.tables import PARSERS
from chanhe_budget.templates import TABLE_LABELS, TEMPLATES, TableSpec, Template
from chanhe_budget.templates.columns import LABEL_COLUMNS
from chanhe_budget.templates.identities import IDENTITIES, Cells, Identity

KINDS = ("budget", "final_accounts")


def _columns(spec: TableSpec) -> set[str]:
    """The columns the parser of ``spec`` can produce (label columns, amounts, line)."""
    amounts = {c.name for c in (*spec.columns, *spec.right_columns)}
    if spec.layout == "two_sided":
        return {"side", "item", "key", "row_kind", "line", "amount", *amounts}
    if spec.layout == "coded":
        return {*LABEL_COLUMNS[spec.labels], "line", *amounts}
    dictionary = cb.data_dictionary()
    return set(dictionary.loc[dictionary["table"] == spec.name, "column"]) | amounts | {"line"}


def _cells(identity: Identity) -> list[Cells]:
    found: list[Cells] = []
    for value in vars(identity).values():
        for item in value if isinstance(value, tuple) else (value,):
            if isinstance(item, Cells):
                found.append(item)
    return found


def _applies(identity: Identity, template: Template) -> bool:
    return not identity.templates or template.name in identity.templates


@pytest.fixture(params=TEMPLATES, ids=lambda t: t.name)
def template(request) -> Template:
    return request.param


def test_registry_lists_distinct_templates():
    names = [t.name for t in TEMPLATES]
    assert len(names) == len(set(names))
    assert set(cb.templates.templates()) == set(names)


def test_template_kind_and_markers(template):
    assert template.kind in KINDS
    assert template.markers, "a template needs words that recognise it"
    assert template.tables


def test_every_table_has_a_canonical_name_and_unique_title(template):
    names = [spec.name for spec in template.tables if not spec.repeats]
    assert len(names) == len(set(names)), "a canonical table appears twice"
    for spec in template.tables:
        assert spec.name in TABLE_LABELS, f"{spec.name} has no Chinese label in TABLE_LABELS"


def test_every_title_and_alias_resolves_to_its_table(template):
    for spec in template.tables:
        for title in spec.titles():
            found = template.match_title(f"2025年{title}")
            assert found is not None, f"{template.name}: title {title!r} does not resolve"
            assert found.name == spec.name, f"{template.name}: {title!r} resolves to {found.name}, not {spec.name}"


def test_every_layout_has_a_parser(template):
    for spec in template.tables:
        assert spec.layout in PARSERS, f"{template.name}.{spec.name}: no parser for layout {spec.layout!r}"
        if spec.layout == "coded":
            assert spec.labels in LABEL_COLUMNS, f"{spec.name}: unknown label kind {spec.labels!r}"


def test_every_column_has_a_dictionary_entry(template):
    dictionary = cb.data_dictionary()
    documented = set(zip(dictionary["table"], dictionary["column"], strict=True))
    for spec in template.tables:
        for column in (*spec.columns, *spec.right_columns):
            assert (spec.name, column.name) in documented, f"{spec.name}.{column.name} is not in the data dictionary"
    labels = dictionary.dropna(subset=["label_zh"])
    assert (labels["label_zh"].str.len() > 0).all()


def _named(identity: Identity) -> list[tuple[str, set[str]]]:
    """(table, columns) pairs an identity reads; ``_x`` columns are computed by the engine, not parsed."""
    pairs = [(c.table, {*c.columns, *(column for column, _ in c.where)}) for c in _cells(identity)]
    wanted: set[str] = set()
    for attribute in ("total", "parts", "columns"):
        value = getattr(identity, attribute, None) or ()
        wanted |= {value} if isinstance(value, str) else set(value)
    pairs += [(table, set(wanted)) for table in getattr(identity, "tables", ())]
    return [(table, {c for c in columns if not c.startswith("_")}) for table, columns in pairs]


def test_scoped_identities_name_real_tables_and_columns(template):
    """An identity written for this template's layout names only cells the template produces."""
    produced = {spec.name: _columns(spec) for spec in template.tables}
    for identity in IDENTITIES:
        if template.name not in identity.templates:
            continue
        for table, columns in _named(identity):
            assert table in produced, f"{identity.id} names table {table}, absent from {template.name}"
            missing = columns - produced[table]
            assert not missing, f"{identity.id} names {sorted(missing)} absent from {template.name}.{table}"


def test_every_identity_can_apply_somewhere():
    """A generic identity (no ``templates``) applies where its cells exist: each of its (table, columns)
    pairs must exist in at least one template, so a misspelt column cannot hide as not_applicable."""
    for identity in IDENTITIES:
        for name in identity.templates:
            assert name in {t.name for t in TEMPLATES}, f"{identity.id} is scoped to unknown template {name}"
        scope = [t for t in TEMPLATES if _applies(identity, t)]
        for table, columns in _named(identity):
            assert any(
                table in {s.name for s in t.tables} and columns <= _columns(t.spec(table)) for t in scope
            ), f"{identity.id}: no template produces {table} with {sorted(columns)}"
