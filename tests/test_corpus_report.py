"""The corpus report: the corpus notebook through papermill, reports/corpus/, the index link, the CLI.

Tests marked ``notebook`` start kernels. The main one builds everything once
per module with ``build_all`` on a project holding the seed (2025) and a 2024
copy of it (see :func:`tests.test_panel.prior_year_copy`), and the others
read what it wrote.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from chanhe_budget import report
from chanhe_budget.cli import main
from chanhe_budget.errors import ParameterError, ReportError

from .conftest import SEED
from .test_panel import corpus_root

ROOT = Path(__file__).resolve().parents[1]
DEPARTMENT = SEED.stem
NOTEBOOK = ROOT / "notebooks" / "corpus_analysis.ipynb"
CHARTS = {"totals.png", "basic_project_shares.png", "personnel_public_shares.png", "three_public.png",
          "transparency_scores.png", "year_on_year.png"}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """``build_all`` on the two-year project: the per-document reports, then the corpus report and the index."""
    root = corpus_root(tmp_path_factory.mktemp("corpus-project"))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHANHE_BUDGET_ROOT", str(root))
        summary = report.build_all(workers=2, progress=False)
    return root, summary


@pytest.fixture(scope="module")
def corpus_json(built):
    _, summary = built
    return json.loads((summary.corpus.parent / "corpus.json").read_text(encoding="utf-8"))


# -- the notebook as committed (fast) ------------------------------------------------


def test_corpus_notebook_is_clean_and_parameterised():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    assert [c.id for c in code if "parameters" in c.metadata.get("tags", [])] == ["parameters"]
    ids = [c.id for c in nb.cells]
    assert len(set(ids)) == len(ids) and all(re.fullmatch(r"[a-z][a-z-]*", i) for i in ids)  # fixed, readable
    import papermill as pm

    assert set(pm.inspect_notebook(NOTEBOOK)) == {"corpus_path", "departments", "years", "template", "scheduler",
                                                  "output_dir"}


def test_corpus_notebook_cells_only_call_the_package():
    for cell in nbformat.read(NOTEBOOK, as_version=4).cells:
        if cell.cell_type == "code":
            source = "\n".join(line.split("#")[0] for line in cell.source.splitlines())  # code, not comments
            assert "def " not in source and "class " not in source and "lambda" not in source
            assert "import pandas" not in source and ".groupby(" not in source
            assert not re.search(r"^\s*(for|while|if)\s", source, flags=re.MULTILINE)  # no logic of its own


# -- parameters (fast: no kernel) ---------------------------------------------------


@pytest.mark.parametrize(("kwargs", "match"), [
    ({"root": "/no/such/corpus"}, "neither a folder"),
    ({"filters": {"department": ["甲局"]}}, r"unknown filter.*allowed: departments, years, template"),
    ({"filters": {"years": ["今年"]}}, "years must be fiscal years"),
    ({"filters": {"departments": ["不存在的局"]}}, rf"unknown department '不存在的局'.*{DEPARTMENT} \(2025\)"),
    ({"filters": {"years": [2030]}}, r"2030.*years held: 2025"),
])
def test_bad_corpus_parameters_fail_before_any_kernel(tmp_path, kwargs, match):
    project = tmp_path / "project"
    (project / "data" / "raw" / "2025").mkdir(parents=True)
    shutil.copyfile(SEED, project / "data" / "raw" / "2025" / SEED.name)
    out = tmp_path / "reports"
    with pytest.raises(ParameterError, match=match):
        report.build_corpus_report(kwargs.get("root", project), out_root=out, filters=kwargs.get("filters"))
    assert not out.exists() or not list(out.iterdir())  # no build, no failed folder


def test_validate_corpus_parameters_defaults_to_the_project(tmp_path, monkeypatch):
    monkeypatch.setenv("CHANHE_BUDGET_ROOT", str(tmp_path))
    source, filters = report.validate_corpus_parameters("", [], [], "", "")
    assert source == tmp_path.resolve() and filters == {"departments": [], "years": [], "template": None}
    (tmp_path / "file.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ParameterError, match=r"output_dir .* is not a folder"):
        report.validate_corpus_parameters("", output_dir=tmp_path / "file.txt")


@pytest.mark.parametrize("argv", [
    ["report", "--all", "--corpus"],
    ["report", "--template", "henan"],
    ["report", "--corpus", "--no-corpus"],
    ["report", "--department", "甲局", "--department", "乙局", "--year", "2025"],
])
def test_cli_option_conflicts_are_one_line_errors(argv, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err


def test_index_links_the_corpus_report_and_escapes_its_names(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "corpus.html").write_text("<html></html>", encoding="utf-8")
    (folder / "corpus.json").write_text(json.dumps({"panel": [{"department": "<script>x</script>", "year": 2024},
                                                              {"department": "乙局", "year": 2025}]}),
                                        encoding="utf-8")
    index = report.write_index(tmp_path).read_text(encoding="utf-8")
    assert 'href="corpus/corpus.html"' in index and "2 个部门年度" in index and "2024–2025" in index
    assert "<script>" not in index


# -- the real notebook (slow) ------------------------------------------------------


@pytest.mark.notebook
def test_build_all_builds_the_corpus_report_and_links_it(built):
    root, summary = built
    assert summary.failed == []
    assert sorted(p.parent.parent.name for p in summary.built) == ["2024", "2025"]
    assert summary.corpus == root / "reports" / "corpus" / "corpus.html"
    index = summary.index.read_text(encoding="utf-8")
    assert 'href="corpus/corpus.html"' in index and "2025/%E6%B4%9B" in index


@pytest.mark.notebook
def test_corpus_json_holds_the_panel_scores_and_year_on_year(corpus_json):
    rows = corpus_json["panel"]
    assert [(r["department"], r["year"]) for r in rows] == [(DEPARTMENT, 2024), (DEPARTMENT, 2025)]
    seed = rows[1]
    assert (seed["basic_share_pct"], seed["project_share_pct"], seed["personnel_share_of_basic_pct"]) == (
        75.61, 24.39, 94.77)
    assert [r["total_expenditure"] for r in rows] == [660.92, 289.81]
    total = [r for r in corpus_json["year_on_year"] if r["item_type"] == "figure" and r["key"] == "total_expenditure"]
    assert len(total) == 1
    assert (total[0]["year"], total[0]["prior_year"], total[0]["change"], total[0]["change_pct"]) == (
        2025, 2024, -371.11, -56.15)
    scores = corpus_json["scores"]
    assert [s["year"] for s in scores] == [2024, 2025]
    assert all(0 < s["transparency_score"] <= 100 and s["verdict"] in ("pass", "warn", "fail") for s in scores)
    marks = {c["check_id"]: c["mark"] for c in corpus_json["year_on_year_checks"]}
    assert marks["yoy.total_expenditure.change_amount"] == "✓"
    assert corpus_json["documents"] == {"catalogued": 2, "read": 2, "failed": 0} and corpus_json["failures"] == []
    assert set(corpus_json["charts"]) == CHARTS


@pytest.mark.notebook
def test_corpus_folder_holds_notebook_html_json_and_charts(built):
    root, summary = built
    folder = summary.corpus.parent
    assert {p.name for p in folder.iterdir()} == {"corpus.ipynb", "corpus.html", "corpus.json", *CHARTS}
    assert all((folder / name).read_bytes().startswith(b"\x89PNG") for name in CHARTS)
    executed = nbformat.read(folder / "corpus.ipynb", as_version=4)
    assert executed.metadata.papermill.parameters["corpus_path"] == str(root.resolve())
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".") or p.name.endswith(".failed")]


@pytest.mark.notebook
def test_corpus_html_has_results_and_charts_but_no_code(built):
    html = built[1].corpus.read_text(encoding="utf-8")
    for value in (DEPARTMENT, "75.61", "24.39", "-371.11", "-56.15", "透明度得分"):
        assert value in html, value
    assert html.count("data:image/png;base64,") >= len(CHARTS)
    for code in ("validate_corpus_parameters", "load_corpus", "panel_table", "corpus_path", "hl-ipython3",
                 'class="jp-InputPrompt', 'class="jp-CodeMirrorEditor'):
        assert code not in html, code


@pytest.mark.notebook
def test_cli_corpus_report_filters_and_escapes_document_text(tmp_path, capsys):
    project = tmp_path / "project"
    (project / "data" / "raw" / "2025").mkdir(parents=True)
    shutil.copyfile(SEED, project / "data" / "raw" / "2025" / SEED.name)
    evil = "<script>alert(1)</script>局"
    (project / "data" / "raw" / "2025" / "局.txt").write_text(
        SEED.read_text(encoding="utf-8").replace(DEPARTMENT, evil), encoding="utf-8")
    out = tmp_path / "reports"
    assert main(["report", "--corpus", str(project), "--department", evil, "--year", "2025", "--out", str(out)]) == 0
    html_path = Path(capsys.readouterr().out.strip().splitlines()[-1].removeprefix("report: "))
    assert html_path == out / "corpus" / "corpus.html"
    html = html_path.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;局" in html
    record = json.loads((out / "corpus" / "corpus.json").read_text(encoding="utf-8"))
    assert [r["department"] for r in record["panel"]] == [evil]
    assert record["filters"] == {"departments": [evil], "years": [2025], "template": None}
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="corpus/corpus.html"' in index and "<script>" not in index


@pytest.mark.notebook
def test_failed_corpus_run_keeps_its_notebook_and_the_good_report(built, tmp_path):
    out = tmp_path / "reports"
    good = out / "corpus"
    shutil.copytree(built[1].corpus.parent, good)
    before = {p.name: p.read_bytes() for p in good.iterdir()}
    project = tmp_path / "project"
    (project / "data" / "raw" / "2025").mkdir(parents=True)
    (project / "data" / "raw" / "2025" / "坏局.txt").write_text("不是预算公开。", encoding="utf-8")
    with pytest.raises(ReportError, match=r"load-corpus.*CatalogError.*坏局.*failed notebook is kept") as info:
        report.build_corpus_report(project, out_root=out)
    assert {p.name: p.read_bytes() for p in good.iterdir()} == before
    failed = out / "corpus.failed" / "corpus.ipynb"
    assert failed.is_file() and str(failed) in str(info.value)
    cells = nbformat.read(failed, as_version=4).cells
    assert any(o.get("output_type") == "error" for c in cells for o in c.get("outputs", []))
    assert not [p for p in out.iterdir() if p.name.startswith(".")]
