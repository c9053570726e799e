"""The corpus panel: filters, tables and charts comparing department-years (no notebook run here).

The corpus is the seed (2025) and a 2024 copy of it whose years are shifted
back and whose 收入总计/支出总计 are 660.92, so that the real change is the
−371.11 万元 (−56.15%) the seed states.
"""

from __future__ import annotations

import io
import shutil
import warnings
from pathlib import Path

import matplotlib.text
import pandas as pd
import pytest
from matplotlib.figure import Figure

import chanhe_budget as cb
from chanhe_budget.analysis import panel
from chanhe_budget.errors import CatalogError, ParameterError
from chanhe_budget.plots import corpus as corpus_plots
from chanhe_budget.plots.disclosure import NO_DATA_TEXT

from .conftest import SEED

DEPARTMENT = SEED.stem


def prior_year_copy(text: str) -> str:
    """The seed as if it were the 2024 disclosure: every year one earlier, totals 660.92 (289.81 + 371.11)."""
    text = text.replace("2024", "2023").replace("2025", "2024")
    return text.replace("收入总计\t289.81\t支出总计\t289.81", "收入总计\t660.92\t支出总计\t660.92")


def corpus_root(base: Path) -> Path:
    """A project root whose data/raw holds the seed (2025) and its 2024 copy."""
    for year in ("2024", "2025"):
        (base / "data" / "raw" / year).mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SEED, base / "data" / "raw" / "2025" / SEED.name)
    (base / "data" / "raw" / "2024" / SEED.name).write_text(prior_year_copy(SEED.read_text(encoding="utf-8")),
                                                             encoding="utf-8")
    return base


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return cb.load_corpus(corpus_root(tmp_path_factory.mktemp("panel")), scheduler="synchronous", cache=False)


@pytest.fixture(scope="module")
def scores(corpus):
    return panel.score_table(corpus)


# -- filters -------------------------------------------------------------------


def test_filters_are_normalised():
    assert panel.check_filters(None) == {"departments": [], "years": [], "template": None}
    assert panel.check_filters({"departments": "甲局", "years": "2025", "template": " henan "}) == {
        "departments": ["甲局"], "years": [2025], "template": "henan"}
    assert panel.check_filters({"departments": ["乙", "甲", "乙"], "years": (2025, 2024, 2025.0)})["years"] == [2024,
                                                                                                          2025]


@pytest.mark.parametrize(("filters", "match"), [
    ({"department": ["甲局"]}, r"unknown filter.*'department'.*allowed: departments, years, template"),
    ({"years": ["二〇二五"]}, "years must be fiscal years"),
    ({"years": True}, "years must be fiscal years"),
    ({"years": 2025.5}, "years must be"),
    ({"departments": [3]}, "departments must be a list of department names"),
    ({"departments": {"a": 1}}, "departments must be a list"),
    ({"template": 5}, "template must be a template name"),
])
def test_bad_filters_are_clear(filters, match):
    with pytest.raises(ParameterError, match=match):
        panel.check_filters(filters)


@pytest.mark.parametrize(("filters", "match"), [
    ({"departments": ["不存在的局"]}, rf"unknown department '不存在的局'; the corpus holds {DEPARTMENT} \(2024, 2025\)"),
    ({"departments": [DEPARTMENT[:-1]]}, "did you mean"),
    ({"years": [2030]}, r"year\(s\) 2030.*years held: 2024, 2025"),
    ({"template": "shanghai"}, r"template 'shanghai'.*templates held: henan"),
])
def test_filters_the_corpus_does_not_hold_name_what_it_holds(corpus, filters, match):
    with pytest.raises(ParameterError, match=match):
        panel.check_filters(filters, corpus)


def test_a_corpus_with_nothing_readable_is_a_catalog_error(tmp_path):
    (tmp_path / "data" / "raw" / "2025").mkdir(parents=True)
    (tmp_path / "data" / "raw" / "2025" / "坏局.txt").write_text("不是预算公开。", encoding="utf-8")
    empty = cb.load_corpus(tmp_path, scheduler="synchronous", cache=False)
    with pytest.raises(CatalogError, match=r"no readable document.*坏局\.txt"):
        panel.check_filters({}, empty)
    assert panel.panel_table(empty).empty


# -- tables ----------------------------------------------------------------------


def test_panel_has_one_row_per_department_year(corpus):
    frame = panel.panel_table(corpus)
    assert list(frame["year"]) == [2024, 2025]
    assert list(frame["total_expenditure"]) == [660.92, 289.81]
    assert frame.loc[frame["year"] == 2025, "basic_share_pct"].item() == 75.61
    assert {"template", "path", "sha256", *cb.FIGURE_NAMES} <= set(frame.columns)


def test_filters_select_department_years(corpus):
    only = panel.panel_table(corpus, {"departments": [DEPARTMENT], "years": [2025], "template": "henan"})
    assert list(only["year"]) == [2025]
    assert len(panel.panel_table(corpus, {"template": "henan"})) == 2


def test_year_on_year_is_computed_from_both_documents(corpus):
    figures = panel.year_on_year_table(corpus, item_type="figure")
    total = figures[figures["key"] == "total_expenditure"].iloc[0]
    assert (total["year"], total["prior_year"]) == (2025, 2024)
    assert (total["previous"], total["current"], total["change"], total["change_pct"]) == (660.92, 289.81, -371.11,
                                                                                           -56.15)
    parts = panel.split_items(panel.year_on_year_table(corpus))
    assert set(parts) == {"figure", "function", "project"} and len(parts["function"]) and len(parts["project"])
    assert panel.year_on_year_table(corpus, {"years": [2024]}).empty  # 2023 is not in the corpus
    with pytest.raises(ParameterError, match="allowed: figure, function, project"):
        panel.year_on_year_table(corpus, item_type="projects")


def test_year_on_year_checks_mark_the_stated_change(corpus):
    checks = panel.year_on_year_checks(corpus).set_index("check_id")
    assert list(checks.columns) == [c for c in panel.CHECK_COLUMNS if c != "check_id"]
    assert checks.loc["yoy.total_expenditure.change_amount", "mark"] == "✓"
    assert checks.loc["yoy.total_expenditure.change_percent", "found"] == -56.15
    assert checks.loc["yoy.total_expenditure.change_amount", "prior_year"] == 2024
    # the copy kept 一般公共预算 at 289.81, so the stated −371.11 of it is not borne out
    assert checks.loc["yoy.general_budget_income.change_amount", "mark"] == "✗"


def test_scores_come_from_each_documents_audit_summary(corpus, scores):
    from chanhe_budget.checks import audit, summarise

    assert list(scores.columns) == list(panel.SCORE_COLUMNS)
    seed = scores[scores["year"] == 2025].iloc[0]
    expected = summarise(audit(cb.read_disclosure(SEED)))
    # the reports' verdict levels: every identity holds, the one failed check is text quality → warn
    assert seed["transparency_score"] == expected["score"] and expected["verdict"] == "fail"
    assert seed["verdict"] == "warn"
    assert seed["n_checks"] == expected["n_checks"]
    assert seed["yoy_checks"] >= 4 and seed["yoy_fail"] == 2
    assert scores[scores["year"] == 2024].iloc[0]["yoy_checks"] == 0


def test_three_public_of_a_declared_empty_table_is_zero(corpus):
    table = panel.three_public_table(corpus)
    assert list(table.columns) == list(panel.THREE_PUBLIC_COLUMNS)
    assert (table[["three_public_total", "outbound", "reception", "vehicle_purchase"]] == 0).all().all()
    assert list(table["operating_expenditure"]) == [11.46, 11.46]


def test_overview_and_documents(corpus):
    overview = panel.corpus_overview(corpus, {"years": [2025]}).iloc[0]
    assert (overview["documents"], overview["read"], overview["failed"], overview["selected"]) == (2, 2, 0, 1)
    assert overview["years"] == "2025" and "years=[2025]" in overview["filters"]
    documents = panel.document_table(corpus)
    assert list(documents["year"]) == [2024, 2025] and set(documents["status"]) == {"parsed"}


def test_views_show_chinese_headers_and_drop_a_single_kind(corpus):
    shown = panel.view(panel.panel_table(corpus), "shares")
    assert list(shown.columns[:4]) == ["部门名称", "年度", "基本支出", "项目支出"]
    assert "类型" not in shown.columns and "基本支出占比(%)" in shown.columns
    with pytest.raises(ParameterError, match="unknown view 'total'"):
        panel.view(shown, "total")


# -- charts ----------------------------------------------------------------------


def _glyph_warnings(caught) -> list[str]:
    return [str(w.message) for w in caught if "missing from font" in str(w.message) or "Glyph" in str(w.message)]


def _render(fig: Figure) -> None:
    """Draw every text for real (a bare Figure's canvas draws nothing): glyphs and mathtext are resolved here."""
    fig.savefig(io.BytesIO(), format="png")


def _texts(ax) -> str:
    return " ".join(t.get_text() for t in ax.figure.findobj(matplotlib.text.Text))


def test_each_chart_draws_on_the_given_ax_without_missing_glyphs(corpus, scores):
    frame = panel.panel_table(corpus)
    drawings = [
        (corpus_plots.plot_totals, frame, {}), (corpus_plots.plot_shares, frame, {}),
        (corpus_plots.plot_shares, frame, {"pair": "personnel_public"}),
        (corpus_plots.plot_three_public, panel.three_public_table(corpus), {}), (corpus_plots.plot_scores, scores, {}),
        (corpus_plots.plot_year_on_year, panel.year_on_year_table(corpus), {}),
        (corpus_plots.plot_year_on_year, panel.year_on_year_table(corpus), {"value": "change"}),
    ]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for plot, data, kwargs in drawings:
            fig = Figure(layout="constrained")
            ax = fig.subplots()
            assert plot(data, ax=ax, **kwargs) is ax
            _render(fig)
            assert DEPARTMENT in _texts(ax), plot.__name__  # one department: named in the title
    assert not _glyph_warnings(caught)


def test_year_on_year_chart_labels_the_change(corpus):
    ax = corpus_plots.plot_year_on_year(panel.year_on_year_table(corpus), ax=Figure().subplots())
    text = _texts(ax).replace("\u2212", "-")
    assert "-371.11 万元（-56.15%）" in text and "2025 比 2024" in text


def test_several_departments_label_each_bar(corpus):
    frame = panel.panel_table(corpus)
    other = frame.assign(department="上海市普陀区财政局")
    ax = corpus_plots.plot_shares(pd.concat([frame, other], ignore_index=True), ax=Figure().subplots())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == 4 and any("上海市普陀区财政局" in label for label in labels)


def test_charts_without_data_say_so():
    empty = pd.DataFrame(columns=["department", "year", "basic_share_pct", "project_share_pct"])
    for plot in (corpus_plots.plot_shares, corpus_plots.plot_totals, corpus_plots.plot_three_public,
                 corpus_plots.plot_scores,
                 corpus_plots.plot_year_on_year):
        for data in (None, empty):
            ax = plot(data, ax=Figure().subplots())
            assert NO_DATA_TEXT in _texts(ax), plot.__name__


def test_a_row_without_shares_is_left_out_and_counted(corpus):
    frame = panel.panel_table(corpus).copy()
    frame.loc[0, ["basic_share_pct", "project_share_pct"]] = None
    ax = corpus_plots.plot_shares(frame, ax=Figure().subplots())
    assert [t.get_text() for t in ax.get_yticklabels()] == ["2025"]
    assert "另有 1 项无数据" in ax.get_xlabel()


def test_a_dollar_in_a_department_name_is_not_mathtext(corpus):
    frame = panel.panel_table(corpus).assign(department=r"局$\notacommand{$")
    fig = Figure()
    corpus_plots.plot_totals(frame, ax=fig.subplots())
    _render(fig)  # mathtext would raise on the unknown command


def test_bad_chart_options_name_the_allowed_values(corpus):
    with pytest.raises(ParameterError, match="allowed: basic_project, personnel_public"):
        corpus_plots.plot_shares(panel.panel_table(corpus), pair="basic")
    with pytest.raises(ParameterError, match="allowed: change_pct, change"):
        corpus_plots.plot_year_on_year(panel.year_on_year_table(corpus), value="pct")
