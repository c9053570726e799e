"""Reports: the real notebook through papermill on the seed, HTML without code, atomic folders, safe names.

Tests marked ``notebook`` start a kernel (a few seconds each); the seed report
is built once per module and shared.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

from chanhe_budget import report
from chanhe_budget.cli import main
from chanhe_budget.errors import ParameterError, ReportError

ROOT = Path(__file__).resolve().parents[1]
DEPARTMENT = "洛阳市瀍河回族区行政审批和政务信息管理局"
SEED = ROOT / "data" / "raw" / "2025" / f"{DEPARTMENT}.txt"
CHARTS = {"basic_project_split.png", "personnel_public_split.png", "functional_structure.png",
          "economic_structure.png", "project_amounts.png"}


def make_root(base: Path, files: dict[str, str | Path]) -> Path:
    """A project root with ``data/raw/<year>/<name>`` files (text, or a path to copy)."""
    for relative, content in files.items():
        target = base / "data" / "raw" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, target)
        else:
            target.write_text(content, encoding="utf-8")
    return base


@pytest.fixture
def root(tmp_path, monkeypatch):
    base = make_root(tmp_path / "project", {f"2025/{DEPARTMENT}.txt": SEED, "2024/甲局.txt": "x"})
    monkeypatch.setenv("CHANHE_BUDGET_ROOT", str(base))
    return base


@pytest.fixture(scope="module")
def seed_report(tmp_path_factory):
    """Build the seed's report once, through department + year resolved in a temporary data/."""
    base = make_root(tmp_path_factory.mktemp("seed"), {f"2025/{DEPARTMENT}.txt": SEED})
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHANHE_BUDGET_ROOT", str(base))
        html = report.build_report(department=DEPARTMENT, year=2025)
    return html


# -- names and parameters (fast) ---------------------------------------------


@pytest.mark.parametrize("raw", [
    "../../etc/passwd", "..", "a/../b", "..\\..\\windows", "部门/../../x", "x\x00y\x1b[31m", "\u202e局门部",
    "CON", "  . ", "", "a" * 400, "瀍" * 200,
])
def test_safe_name_leaves_no_path_tricks(raw):
    name = report.safe_name(raw)
    assert name
    assert ".." not in name and "/" not in name and "\\" not in name
    assert not any(ord(ch) < 32 or ord(ch) == 0x7F or 0x202A <= ord(ch) <= 0x202E for ch in name)
    assert not name.startswith(".") and not name.startswith(" ")
    assert len(name.encode("utf-8")) <= 180
    assert name.upper() != "CON"


def test_safe_name_keeps_a_chinese_department_name():
    assert report.safe_name(DEPARTMENT) == DEPARTMENT
    assert report.safe_name("行政（事业）单位: A/B") == "行政（事业）单位_ A_B"


def test_unknown_department_lists_what_data_holds(root):
    with pytest.raises(ParameterError) as info:
        report.build_report(department="不存在的局", year=2025)
    assert "不存在的局" in str(info.value) and DEPARTMENT in str(info.value)


def test_unknown_year_lists_the_years_held(root):
    with pytest.raises(ParameterError, match=r"2030.*years held: 2024, 2025"):
        report.build_report(department=DEPARTMENT, year=2030)


def test_a_near_miss_department_gets_a_suggestion(root):
    with pytest.raises(ParameterError, match="did you mean"):
        report.resolve_disclosure(DEPARTMENT[:-1], 2025)


@pytest.mark.parametrize(("kwargs", "match"), [
    ({}, "give a disclosure file"),
    ({"department": DEPARTMENT}, "both department and year"),
    ({"source": str(SEED), "year": 2025}, "not both"),
    ({"source": "/no/such/file.txt"}, "is not a file"),
])
def test_bad_parameter_combinations_are_clear(root, kwargs, match):
    with pytest.raises(ParameterError, match=match):
        report.build_report(**kwargs)


def test_year_that_is_not_a_number(root):
    with pytest.raises(ParameterError, match="year must be a number"):
        report.validate_parameters("", DEPARTMENT, "二〇二五")


def test_cli_parameter_error_is_one_line_and_exit_2(root, capsys):
    assert main(["report", "--department", "不存在的局", "--year", "2025"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and DEPARTMENT in err
    assert main(["report"]) == 2


def test_kernel_is_this_environment_even_with_a_stale_python3_kernelspec(tmp_path, monkeypatch):
    stale = tmp_path / "jupyter" / "kernels" / "python3"
    stale.mkdir(parents=True)
    (stale / "kernel.json").write_text(json.dumps({
        "argv": ["/opt/old-python/bin/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "stale", "language": "python"}), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    from jupyter_client.kernelspec import KernelSpecManager

    assert KernelSpecManager().get_kernel_spec("python3").argv[0] == "/opt/old-python/bin/python"  # the trap
    manager = report.project_kernel_manager()(kernel_name="python3")
    assert manager.kernel_spec.argv[0] == sys.executable


@pytest.mark.parametrize("name", ["ratio_analysis.ipynb", "teaching.ipynb"])
def test_committed_notebooks_are_clean_and_parameterised(name):
    nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    import papermill as pm

    assert {"disclosure_path", "department", "year"} <= set(pm.inspect_notebook(ROOT / "notebooks" / name))


def test_report_notebook_cells_only_call_the_package():
    nb = nbformat.read(ROOT / "notebooks" / "ratio_analysis.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert "def " not in cell.source and "class " not in cell.source
            assert "import pandas" not in cell.source and ".groupby(" not in cell.source


def test_index_escapes_names_and_quotes_links(tmp_path):
    folder = tmp_path / "2025" / "x"
    folder.mkdir(parents=True)
    (folder / "figures.json").write_text(json.dumps({"department": "<script>alert(1)</script>",
                                                     "basic_share_pct": 75.61, "audit": {"verdict": "<b>ok"}}),
                                         encoding="utf-8")
    index = report.write_index(tmp_path, failures=[("/d/<img src=x>.txt", "bad <svg>")]).read_text(encoding="utf-8")
    assert "<script>alert(1)" not in index and "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    assert "<b>ok" not in index and "<img src=x>" not in index and "<svg>" not in index
    assert "75.61" in index and 'href="2025/x/report.html"' in index


# -- the real notebook (slow) --------------------------------------------------


@pytest.mark.notebook
def test_seed_report_figures_json(seed_report):
    figures = json.loads((seed_report.parent / "figures.json").read_text(encoding="utf-8"))
    assert figures["department"] == DEPARTMENT and figures["year"] == 2025
    assert figures["basic_share_pct"] == 75.61
    assert figures["project_share_pct"] == 24.39
    assert figures["personnel_share_of_basic_pct"] == 94.77
    assert figures["public_share_of_basic_pct"] == 5.23
    assert figures["change_vs_prior"] == -371.11
    assert figures["change_vs_prior_pct"] == -56.15
    assert "audit" in figures and "transparency_score" in figures
    assert set(figures["charts"]) == CHARTS
    marks = {row["figure"]: row["mark"] for row in figures["headline"]}
    assert marks["basic_share_pct"] == marks["personnel_share_of_basic_pct"] == "✓"


@pytest.mark.notebook
def test_seed_report_folder(seed_report):
    folder = seed_report.parent
    assert folder.name == DEPARTMENT and folder.parent.name == "2025"
    assert {p.name for p in folder.iterdir()} == {"report.ipynb", "report.html", "figures.json", "build.json", *CHARTS}
    assert all((folder / name).read_bytes().startswith(b"\x89PNG") for name in CHARTS)
    executed = nbformat.read(folder / "report.ipynb", as_version=4)
    assert executed.metadata.papermill.parameters["disclosure_path"].endswith(f"{DEPARTMENT}.txt")
    assert not [p for p in folder.parent.parent.iterdir() if p.name.startswith(".")]  # no build folder left


@pytest.mark.notebook
def test_seed_report_html_has_results_and_charts_but_no_code(seed_report):
    html = seed_report.read_text(encoding="utf-8")
    for value in ("75.61", "24.39", "94.77", "5.23", "-56.15", "371.11", DEPARTMENT):
        assert value in html
    assert html.count("data:image/png;base64,") >= len(CHARTS)
    for code in ("validate_parameters", "headline_comparison", "audit_results", "disclosure_path", "hl-ipython3",
                 'class="jp-InputPrompt', 'class="jp-CodeMirrorEditor'):
        assert code not in html, code


@pytest.mark.notebook
def test_teaching_notebook_runs_and_its_exercises_check(tmp_path, monkeypatch):
    monkeypatch.setenv("CHANHE_BUDGET_ROOT", str(make_root(tmp_path, {f"2025/{DEPARTMENT}.txt": SEED})))
    nb = report.execute_notebook(report.notebook_path("teaching.ipynb"), tmp_path / "teaching.ipynb", {})
    checks = [c for c in nb.cells if c.cell_type == "code" and c.get("id", "").endswith("-check")]
    assert len(checks) >= 4
    assert not any(o.get("output_type") == "error" for c in nb.cells for o in c.get("outputs", []))


@pytest.mark.notebook
def test_document_text_is_escaped_and_folder_name_sanitised(tmp_path, monkeypatch):
    monkeypatch.setenv("CHANHE_BUDGET_ROOT", str(tmp_path))
    text = SEED.read_text(encoding="utf-8").replace("智慧社区", "<script>alert(1)</script>")
    text = text.replace(DEPARTMENT, "../<i>局</i>")
    source = tmp_path / "edited.txt"
    source.write_text(text, encoding="utf-8")
    html_path = report.build_report(source, out_root=tmp_path / "reports")
    html = html_path.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<i>局</i>" not in html and "&lt;i&gt;局&lt;/i&gt;" in html
    folder = html_path.parent
    assert folder.parent == tmp_path / "reports" / "2025"
    assert ".." not in folder.name and "<" not in folder.name


@pytest.mark.notebook
def test_failed_run_keeps_its_notebook_and_the_good_report(seed_report, tmp_path, monkeypatch):
    out = tmp_path / "reports"
    good = out / "2025" / DEPARTMENT
    shutil.copytree(seed_report.parent, good)
    before = {p.name: p.read_bytes() for p in good.iterdir()}
    monkeypatch.setenv("CHANHE_BUDGET_ROOT", str(make_root(tmp_path, {f"2025/{DEPARTMENT}.txt": "不是预算公开。"})))
    with pytest.raises(ReportError, match=r"read-disclosure.*(?:NotADisclosure|TemplateNotRecognised)Error.*"
                       r"failed notebook is kept") as info:
        report.build_report(department=DEPARTMENT, year=2025, out_root=out)
    assert {p.name: p.read_bytes() for p in good.iterdir()} == before
    failed = out / "2025" / f"{DEPARTMENT}.failed" / "report.ipynb"
    assert failed.is_file() and str(failed) in str(info.value)
    cells = nbformat.read(failed, as_version=4).cells
    assert any(o.get("output_type") == "error" for c in cells for o in c.get("outputs", []))
    assert not [p for p in out.iterdir() if p.name.startswith(".")]


@pytest.mark.notebook
def test_build_all_goes_on_after_a_failure_and_writes_the_index(tmp_path, monkeypatch):
    monkeypatch.setenv("CHANHE_BUDGET_ROOT", str(make_root(tmp_path, {
        "2025/甲局.txt": SEED, "2025/乙局.txt": SEED, "2025/坏局.txt": "不是预算公开。"})))
    summary = report.build_all(workers=2, progress=False)
    assert sorted(p.parent.name for p in summary.built) == ["乙局", "甲局"]
    assert [Path(src).name for src, _ in summary.failed] == ["坏局.txt"]
    index = summary.index.read_text(encoding="utf-8")
    assert "2025/%E7%94%B2%E5%B1%80/report.html" in index and "75.61" in index and "坏局.txt" in index


@pytest.mark.notebook
@pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "shared" / "specimens").is_dir(),
                    reason="../shared/specimens is not beside the checkout")
def test_report_of_a_publication_printed_in_two_parts(tmp_path):
    """A Jiangsu budget published as a tables PDF plus a narrative PDF: one report, named by the document."""
    specimens = Path(__file__).resolve().parents[2] / "shared" / "specimens"
    parts = [specimens / "jiangsu-cppcc-office-2018-budget-tables.pdf",
             specimens / "jiangsu-cppcc-office-2018-budget-narrative.pdf"]
    html = report.build_report(parts, out_root=tmp_path / "reports")
    assert html == tmp_path / "reports" / "2018" / "江苏省政协办公厅" / "report.html"
    figures = json.loads((html.parent / "figures.json").read_text(encoding="utf-8"))
    assert figures["reserve_expenditure"] == 1157.63 and figures["change_vs_prior"] == 1003.69
    assert figures["figure_status"]["reserve_expenditure"] == "confirmed"
    assert figures["source"] == ("jiangsu-cppcc-office-2018-budget-narrative.pdf + "
                                 "jiangsu-cppcc-office-2018-budget-tables.pdf")
    assert "✓ confirmed" in html.read_text(encoding="utf-8")


@pytest.mark.skipif(not (Path(__file__).resolve().parents[2] / "shared" / "specimens").is_dir(),
                    reason="../shared/specimens is not beside the checkout")
def test_report_all_pairs_the_parts_of_a_publication(tmp_path, monkeypatch):
    """`report --all` makes one job of a narrative and a tables file that `add` filed as parts."""
    from chanhe_budget.report import batch

    specimens = Path(__file__).resolve().parents[2] / "shared" / "specimens"
    root = make_root(tmp_path, {
        "2018/江苏省政协办公厅_说明.pdf": specimens / "jiangsu-cppcc-office-2018-budget-narrative.pdf",
        "2018/江苏省政协办公厅_表格.pdf": specimens / "jiangsu-cppcc-office-2018-budget-tables.pdf"})
    monkeypatch.setenv("CHANHE_BUDGET_ROOT", str(root))
    items = batch.documents()
    pairs = batch.part_pairs(items)
    assert {n.name: t.name for n, t in pairs.items()} == {"江苏省政协办公厅_说明.pdf": "江苏省政协办公厅_表格.pdf"}
    alone = [item for item in items if item[0] not in set(pairs.values())]
    assert list(batch.plan_folders(alone).values()) == ["2018/江苏省政协办公厅"]
