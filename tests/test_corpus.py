"""The corpus: catalogue, batch reading with failures, cache, year-on-year, Dask, exports and the FDP."""

from __future__ import annotations

import concurrent.futures
import json
import pickle
import shutil
from pathlib import Path

import pandas as pd
import pytest

import chanhe_budget as cb
from chanhe_budget.checks.rows import AUDIT_COLUMNS
from chanhe_budget.cli import main
from chanhe_budget.corpus import load_corpus
from chanhe_budget.corpus import loading as batch_module
from chanhe_budget.corpus.catalog import add_document, read_catalog, register, resolve_path, scan_raw, sha256_file
from chanhe_budget.corpus.fdp import export_corpus, write_fiscal_data_package
from chanhe_budget.errors import (
    CatalogError,
    DuplicateDocumentError,
    NotADisclosureError,
    ParameterError,
    UnknownTableError,
)

from .conftest import FIXTURES, SEED, SHARED

FIXTURE = FIXTURES / "henan_subunits_2024.txt"
SEED_NAME = "洛阳市瀍河回族区行政审批和政务信息管理局"
# the Shanghai and Jiangsu budgets (the 决算 specimens have their own tests); six Jiangsu department-years are
# printed as a narrative PDF plus a tables PDF, which the corpus pairs and reads as one document each
SPECIMENS = sorted([*(SHARED / "specimens").glob("shanghai-putuo-*-budget.pdf"),
                    *(SHARED / "specimens").glob("jiangsu-*.pdf")])
JIANGSU_PAIRS = 6


def _prior_year_copy(seed_text: str, total: str = "660.92", project: str = "12.50") -> str:
    """The seed as if it were the 2024 disclosure: years shifted back, totals set, one project changed."""
    text = seed_text.replace("2024", "2023").replace("2025", "2024")
    text = text.replace("收入总计\t289.81\t支出总计\t289.81", f"收入总计\t{total}\t支出总计\t{total}")
    text = text.replace("一、一般公共预算\t289.81", f"一、一般公共预算\t{total}")
    return text.replace(f"智慧社区\t{SEED_NAME}\t10.00", f"智慧社区\t{SEED_NAME}\t{project}")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project root holding the seed (2025), the Henan fixture (2024) and two damaged files."""
    raw = tmp_path / "data" / "raw"
    (raw / "2025").mkdir(parents=True)
    (raw / "2024").mkdir(parents=True)
    shutil.copyfile(SEED, raw / "2025" / SEED.name)
    shutil.copyfile(FIXTURE, raw / "2024" / "示范县民政局.txt")
    (raw / "2024" / "damaged.txt").write_text(SEED.read_text(encoding="utf-8")[:1500], encoding="utf-8")
    (raw / "2024" / "damaged.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage")
    return tmp_path


# ---------------------------------------------------------------- catalogue


def test_add_copies_into_raw_and_catalogues(tmp_path):
    row = add_document(SEED, source_url="https://example.org/chanhe.pdf", root=tmp_path)
    target = tmp_path / "data" / "raw" / "2025" / SEED.name
    assert target.read_bytes() == SEED.read_bytes()
    assert row["path"] == f"data/raw/2025/{SEED.name}"
    catalog = read_catalog(tmp_path / "data" / "catalog.csv")
    assert catalog.to_dict("records") == [{
        "path": row["path"], "department": SEED_NAME, "year": 2025, "template": "henan", "kind": "budget",
        "sha256": row["sha256"], "source_url": "https://example.org/chanhe.pdf", "part": None}]
    assert not list((tmp_path / "data").rglob("*.tmp"))


def test_duplicate_by_sha256_is_refused_with_a_clear_message(tmp_path, capsys):
    add_document(SEED, root=tmp_path)
    elsewhere = tmp_path / "another name.txt"
    shutil.copyfile(SEED, elsewhere)
    with pytest.raises(DuplicateDocumentError, match=r"already in the catalogue as data/raw/2025/.*nothing was added"):
        add_document(elsewhere, root=tmp_path)
    assert main(["add", str(elsewhere), "--root", str(tmp_path)]) == 2
    assert "already in the catalogue" in capsys.readouterr().err
    assert len(read_catalog(tmp_path / "data" / "catalog.csv")) == 1


def test_add_refuses_a_non_disclosure_and_leaves_nothing(tmp_path):
    junk = tmp_path / "junk.txt"
    junk.write_text("这不是预算公开文件。\n", encoding="utf-8")
    with pytest.raises(NotADisclosureError, match=r"junk\.txt"):
        add_document(junk, root=tmp_path)
    assert read_catalog(tmp_path / "data" / "catalog.csv").empty
    assert not (tmp_path / "data" / "raw").exists()


def test_add_never_overwrites_another_raw_file(tmp_path):
    target = tmp_path / "data" / "raw" / "2025" / SEED.name
    target.parent.mkdir(parents=True)
    target.write_text(SEED.read_text(encoding="utf-8") + "\n修订版\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="never overwritten"):
        add_document(SEED, root=tmp_path)
    assert target.read_text(encoding="utf-8").endswith("修订版\n")


def test_register_without_copy_points_at_the_file(tmp_path):
    row = register(FIXTURE, copy=False, root=tmp_path)
    assert resolve_path(row["path"], tmp_path / "data" / "catalog.csv") == FIXTURE.resolve()
    assert not (tmp_path / "data" / "raw").exists()
    corpus = load_corpus(tmp_path, scheduler="synchronous")
    assert corpus.figures["department"].tolist() == ["示范县民政局"]


def test_cli_add_prints_the_row(tmp_path, capsys):
    assert main(["add", str(FIXTURE), "--root", str(tmp_path), "--source", "https://example.org/f"]) == 0
    assert "示范县民政局 2024" in capsys.readouterr().out
    assert (tmp_path / "data" / "raw" / "2024" / "示范县民政局.txt").is_file()


def test_scan_raw_reads_department_and_year_from_the_path(root):
    frame = scan_raw(root)
    assert set(frame["year"]) == {2024, 2025}
    assert f"data/raw/2025/{SEED.name}" in set(frame["path"])
    assert frame["sha256"].str.len().eq(64).all()


@pytest.fixture(scope="module")
def specimen_corpus(tmp_path_factory):
    """The shared specimen PDFs registered in place, parts of one publication included."""
    if not SPECIMENS:
        pytest.skip("../shared/specimens is not beside the checkout")
    root = tmp_path_factory.mktemp("specimens")
    for path in SPECIMENS:
        row = register(path, copy=False, root=root)
        assert resolve_path(row["path"], root / "data" / "catalog.csv") == path.resolve()
    return SPECIMENS, load_corpus(root, workers=2)


def test_register_shared_specimens_in_place(specimen_corpus):
    specimens, corpus = specimen_corpus
    assert corpus.failures.empty
    assert len(corpus.figures) == len(specimens) - JIANGSU_PAIRS == 12  # 4 Shanghai + 8 Jiangsu department-years
    assert not corpus.documents["path"].str.contains("data/raw").any()
    paired = corpus.documents[corpus.documents["path"].str.contains(" \\+ ")]
    assert len(paired) == JIANGSU_PAIRS
    assert paired["path"].str.contains("narrative|standing-committee").all()
    whole = set(corpus.documents["sha256"]) - set(paired["sha256"])
    assert whole == {sha256_file(p) for p in specimens} - {sha256_file(p) for path in paired["path"]
                                                            for p in specimens if p.name in path}


def test_specimen_panel_carries_figure_status(specimen_corpus):
    _, corpus = specimen_corpus
    panel = corpus.figures
    assert {"total_income_status", "basic_expenditure_status", "reserve_expenditure_status"} <= set(panel.columns)
    assert set(panel["total_income_status"]) == {"confirmed"}
    jiangsu = panel[panel["template"] == "jiangsu"]
    assert len(jiangsu) == 8 and set(jiangsu["reserve_expenditure_status"]) == {"confirmed"}
    assert set(panel.loc[panel["template"] == "shanghai", "reserve_expenditure_status"]) == {"absent"}


def test_specimens_real_year_on_year(specimen_corpus):
    """万里街道 2024 against 2023: the narrative's 比2023年预算减少876.75万元 agrees with the 2023 document."""
    _, corpus = specimen_corpus
    changes = corpus.year_on_year()
    wanli = changes[changes["department"].str.contains("万里街道")]
    total = wanli.set_index(["item_type", "key"]).loc[("figure", "total_expenditure")]
    assert (total["year"], total["prior_year"], total["change"]) == (2024, 2023, -876.75)
    checks = corpus.year_on_year_checks()
    assert len(checks) and set(checks["status"]) == {"pass"}
    assert checks.loc[checks["department"].str.contains("万里街道"), "prior_path"].str.contains("wanli-street-2023").all()


def test_jiangsu_years_stack_across_spellings_of_the_department(specimen_corpus):
    """中国共产党江苏省委员会办公厅 (2017) and 中共江苏省委办公厅 (2018) are one department: the 2018 narrative's
    收、支预算总计各增加3608.98万元 agrees with the 2017 document's total 20849.45."""
    _, corpus = specimen_corpus
    changes = corpus.year_on_year()
    party = changes[(changes["year"] == 2018) & (changes["item_type"] == "figure") & (changes["key"] == "total_income")
                    & changes["path"].str.contains("party-office-2018")]
    assert party["previous"].tolist() == [20849.45] and party["change"].tolist() == [3608.98]


# ---------------------------------------------------------------- loading


def test_failures_are_listed_and_the_others_complete(root):
    corpus = load_corpus(root, workers=2)
    failures = corpus.failures.set_index("path")
    assert set(failures.index) == {"data/raw/2024/damaged.txt", "data/raw/2024/damaged.pdf"}
    assert failures.loc["data/raw/2024/damaged.txt", "error"] == "TemplateNotRecognisedError"  # a NotADisclosureError
    assert "not a readable PDF" in failures.loc["data/raw/2024/damaged.pdf", "reason"]
    panel = corpus.figures.set_index("department")
    for path in (SEED, FIXTURE):
        alone = cb.read_disclosure(path).figures
        row = panel.loc[alone["department"]]
        for name, value in alone.items():
            if name == "department":
                continue
            assert (pd.isna(row[name]) and value is None) or row[name] == value, name
    assert list(corpus.figures.columns[:len(cb.FIGURE_NAMES)]) == list(cb.FIGURE_NAMES)
    assert {"template", "path", "sha256"} <= set(corpus.figures.columns)


def test_table_is_stacked_long_with_document_keys(root):
    corpus = load_corpus(root, scheduler="synchronous")
    expenditure = corpus.table("expenditure")
    assert list(expenditure.columns[:4]) == ["department", "year", "kind", "template"]
    assert expenditure.groupby("department").size().to_dict() == {
        SEED_NAME: len(cb.read_disclosure(SEED).tables["expenditure"]),
        "示范县民政局": len(cb.read_disclosure(FIXTURE).tables["expenditure"])}
    assert expenditure.attrs["unit"] == "万元"
    with pytest.raises(UnknownTableError, match="canonical names"):
        corpus.table("budget")


def test_project_root_from_the_environment(root, monkeypatch):
    monkeypatch.setenv("CHANHE_BUDGET_ROOT", str(root))
    corpus = load_corpus(scheduler="synchronous")
    assert len(corpus) == 4 and len(corpus.disclosures) == 2
    assert (root / "data" / "cache" / "parsed").is_dir()


def test_second_load_reuses_the_cache(root, monkeypatch):
    calls = []
    parse = batch_module.parse_document

    def counting(data, name=None, **options):
        calls.append(name)
        return parse(data, name, **options)

    monkeypatch.setattr(batch_module, "parse_document", counting)
    first = load_corpus(root, scheduler="synchronous")
    assert len(calls) == 4 and first.stats["parsed"] == 4
    second = load_corpus(root, scheduler="synchronous")
    assert len(calls) == 4, "an unchanged corpus must not be parsed again"
    assert second.stats == {**second.stats, "parsed": 0, "cached": 4, "failed": 2}
    pd.testing.assert_frame_equal(first.figures, second.figures)
    pd.testing.assert_frame_equal(first.failures, second.failures)
    assert set(second.documents["status"]) == {"cached", "failed"}
    assert not list((root / "data" / "cache").rglob("*.tmp"))


def test_cache_is_invalidated_by_a_new_version_and_survives_damage(root, monkeypatch):
    load_corpus(root, scheduler="synchronous")
    monkeypatch.setattr(batch_module, "cache_key", lambda: "9.9.9+other")
    assert load_corpus(root, scheduler="synchronous").stats["parsed"] == 4
    files = list((root / "data" / "cache").rglob("*.json"))
    assert len(files) == 4
    for file in files:
        file.write_bytes(file.read_bytes()[:40])  # truncated: a miss, reported, never an error
    with pytest.warns(UserWarning, match="cache file damaged"):
        again = load_corpus(root, scheduler="synchronous")
    assert again.stats["parsed"] == 4 and len(again.disclosures) == 2
    assert (again.warnings["code"] == "cache_damaged").sum() == 4


def test_a_changed_file_is_read_as_it_is_and_noted(tmp_path):
    add_document(FIXTURE, root=tmp_path)
    target = tmp_path / "data" / "raw" / "2024" / "示范县民政局.txt"
    target.write_text(FIXTURE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    corpus = load_corpus(tmp_path, scheduler="synchronous")
    assert "sha256_mismatch" in set(corpus.warnings["code"])
    assert len(corpus.disclosures) == 1
    assert corpus.changed_files["path"].tolist() == ["data/raw/2024/示范县民政局.txt"]
    assert corpus.documents["changed_since_filed"].tolist() == [True]


def test_the_cli_says_when_a_catalogued_file_changed(tmp_path, capsys):
    add_document(FIXTURE, root=tmp_path)
    target = tmp_path / "data" / "raw" / "2024" / "示范县民政局.txt"
    target.write_text(FIXTURE.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert main(["corpus", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert "changed since filed: data/raw/2024/示范县民政局.txt: the file changed since it was catalogued" in err


def test_missing_file_is_a_failure(tmp_path):
    catalog = pd.DataFrame([{"path": str(tmp_path / "gone.txt")}, {"path": str(FIXTURE)}])
    corpus = load_corpus(catalog, scheduler="synchronous", cache=tmp_path / "cache")
    assert corpus.failures["reason"].str.contains("gone.txt").tolist() == [True]
    assert len(corpus.disclosures) == 1


def test_bad_options_raise_at_once(root):
    with pytest.raises(ParameterError, match="unknown scheduler"):
        load_corpus(root, scheduler="threads")
    with pytest.raises(ParameterError, match="workers"):
        load_corpus(root, workers=0)
    with pytest.raises(CatalogError, match="no corpus"):
        load_corpus(root / "nowhere")


# ---------------------------------------------------------------- year on year


@pytest.fixture
def two_years(tmp_path, seed_text):
    def make(total: str) -> Path:
        root = tmp_path / f"root-{total}"
        (root / "data" / "raw" / "2025").mkdir(parents=True)
        (root / "data" / "raw" / "2024").mkdir(parents=True)
        shutil.copyfile(SEED, root / "data" / "raw" / "2025" / SEED.name)
        (root / "data" / "raw" / "2024" / SEED.name).write_text(_prior_year_copy(seed_text, total), encoding="utf-8")
        return root
    return make


def test_year_on_year_computes_the_real_change(two_years):
    corpus = load_corpus(two_years("660.92"), scheduler="synchronous")
    changes = corpus.year_on_year().set_index(["item_type", "key"])
    total = changes.loc[("figure", "total_income")]
    assert (total["year"], total["prior_year"], total["current"], total["previous"]) == (2025, 2024, 289.81, 660.92)
    assert total["change"] == -371.11 and total["change_pct"] == -56.15
    project = changes.loc[("project", "智慧社区")]
    assert (project["current"], project["previous"], project["change"]) == (10.0, 12.5, -2.5)
    function = changes.loc[("function", "2010301")]
    assert function["name"] == "行政运行" and function["change"] == 0.0
    assert set(changes["presence"]) == {"both"}
    assert (changes["path"] == f"data/raw/2025/{SEED.name}").all()


def test_narrative_change_agrees_with_the_previous_document(two_years):
    checks = load_corpus(two_years("660.92"), scheduler="synchronous").year_on_year_checks()
    totals = checks[checks["check_id"].str.startswith(("yoy.total_income", "yoy.total_expenditure"))]
    assert len(totals) == 4 and set(totals["status"]) == {"pass"}
    assert set(checks["status"]) == {"pass"}


def test_disagreement_is_a_finding_naming_both_documents(two_years):
    corpus = load_corpus(two_years("650.00"), scheduler="synchronous")
    checks = corpus.year_on_year_checks()
    finding = checks.set_index("check_id").loc["yoy.total_income.change_amount"]
    assert finding["status"] == "fail" and finding["family"] == "year_on_year"
    assert (finding["expected"], finding["found"]) == (-371.11, -360.19)
    assert finding["difference"] == pytest.approx(10.92)
    assert f"data/raw/2025/{SEED.name}" in finding["reason"] and f"data/raw/2024/{SEED.name}" in finding["reason"]
    assert finding["prior_path"] == f"data/raw/2024/{SEED.name}" and finding["line"] == 77
    assert set(AUDIT_COLUMNS) <= set(checks.columns)


def test_corpus_audit_stacks_documents_and_year_on_year(two_years):
    corpus = load_corpus(two_years("650.00"), scheduler="synchronous")
    audit = corpus.audit()
    assert {"department", "year", "path", "check_id", "status"} <= set(audit.columns)
    assert set(audit["year"].dropna().astype(int)) == {2024, 2025}
    assert "yoy.total_income.change_amount" in set(audit["check_id"])


# ---------------------------------------------------------------- schedulers


def test_local_processes_match_this_process(root):
    local = load_corpus(root, workers=2, cache=False)
    inline = load_corpus(root, scheduler="synchronous", cache=False)
    pd.testing.assert_frame_equal(local.figures, inline.figures)
    pd.testing.assert_frame_equal(local.failures, inline.failures)
    pd.testing.assert_frame_equal(local.table("projects"), inline.table("projects"))


def test_dask_cluster_gives_identical_results(root):
    distributed = pytest.importorskip("distributed")
    local = load_corpus(root, workers=2, cache=False)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None) as cluster:
        remote = load_corpus(root, scheduler=cluster.scheduler_address, cache=False)
    pd.testing.assert_frame_equal(local.figures, remote.figures)
    pd.testing.assert_frame_equal(local.failures, remote.failures)
    for name in ("expenditure", "projects", "project_performance"):
        pd.testing.assert_frame_equal(local.table(name), remote.table(name))
    pd.testing.assert_frame_equal(local.year_on_year(), remote.year_on_year())


# ---------------------------------------------------------------- exports


def test_exports_csv_parquet_xlsx(root, tmp_path):
    corpus = load_corpus(root, scheduler="synchronous")
    out = tmp_path / "export"
    export_corpus(corpus, out, ("csv", "parquet", "xlsx"))
    assert (out / "figures.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(out / "expenditure.csv", encoding="utf-8-sig", dtype={"code": str})
    assert "2010301" in set(back["code"]) and {"department", "year", "template"} <= set(back.columns)
    pd.testing.assert_frame_equal(pd.read_parquet(out / "figures.parquet"), corpus.figures, check_dtype=False)
    sheets = pd.read_excel(out / "tables.xlsx", sheet_name=None)
    assert {"figures", "documents", "year_on_year", "expenditure", "data_dictionary"} <= set(sheets)
    dictionary = pd.read_csv(out / "data_dictionary.csv", encoding="utf-8-sig")
    assert ((dictionary["table"] == "expenditure") & (dictionary["column"] == "department")).any()


def test_fiscal_data_package_validates(two_years, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    corpus = load_corpus(two_years("650.00"), scheduler="synchronous")
    write_fiscal_data_package(corpus, tmp_path / "fdp")
    report = frictionless.validate(str(tmp_path / "fdp" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])
    descriptor = json.loads((tmp_path / "fdp" / "datapackage.json").read_text(encoding="utf-8"))
    resources = {r["name"]: r for r in descriptor["resources"]}
    assert set(resources) == {"budget_lines", "economic_lines", "figures", "data_dictionary"}
    fields = {f["name"]: f for f in resources["budget_lines"]["schema"]["fields"]}
    assert fields["functional_item_code"] == {**fields["functional_item_code"], "type": "string",
                                              "columnType": "functional-classification:generic:level3:code"}
    assert fields["functional_class_code"]["columnType"] == "functional-classification:generic:level1:code"
    assert fields["fiscal_year"]["columnType"] == "date:fiscal-year"
    assert fields["amount"] == {**fields["amount"], "columnType": "value", "unit": "万元", "factor": 10000}
    assert fields["department"]["columnType"].startswith("administrative-classification:generic:level1")
    assert descriptor["fiscalPeriod"] == {"start": "2024-01-01", "end": "2025-12-31"}
    lines = frictionless.Package(str(tmp_path / "fdp" / "datapackage.json")).get_resource("budget_lines")
    rows = lines.read_rows()
    assert {row["functional_item_code"] for row in rows} >= {"2010301", "2080505"}
    assert all(isinstance(row["functional_class_code"], str) for row in rows)


def test_cli_corpus_prints_panel_failures_and_exports(root, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["corpus", str(root), "--workers", "1", "--export", str(out), "--format", "csv", "fdp"]) == 0
    captured = capsys.readouterr()
    assert SEED_NAME in captured.out and "示范县民政局" in captured.out
    assert "failed: data/raw/2024/damaged.txt:" in captured.err
    assert (out / "figures.csv").is_file() and (out / "fdp" / "datapackage.json").is_file()


def test_cli_corpus_exits_2_only_when_nothing_is_read(tmp_path, capsys):
    raw = tmp_path / "data" / "raw" / "2024"
    raw.mkdir(parents=True)
    (raw / "bad.txt").write_text("没有表格", encoding="utf-8")
    assert main(["corpus", str(tmp_path), "--workers", "1"]) == 2
    assert "failed: data/raw/2024/bad.txt" in capsys.readouterr().err


def crash_on_marker(data: bytes, name: str | None = None, **options):
    """A parse function whose worker dies (like a crash in a PDF library) on one document."""
    import os

    if b"CRASH" in data:
        os._exit(70)
    return batch_module.parse_document(data, name, **options)


def test_a_crashing_worker_costs_only_its_own_document():
    jobs = [batch_module.Job(i, name, data, str(i)) for i, (name, data) in enumerate(
        [("seed", SEED.read_bytes()), ("crash", b"CRASH"), ("fixture", FIXTURE.read_bytes())])]
    outcomes = batch_module._run_processes(jobs, 2, parse=crash_on_marker)
    assert outcomes[0].disclosure is not None and outcomes[2].disclosure is not None
    assert outcomes[1].error == "WorkerDied" and not outcomes[1].cacheable


def test_a_failed_export_leaves_earlier_files_whole(root, tmp_path, monkeypatch):
    corpus = load_corpus(root, scheduler="synchronous")
    out = tmp_path / "export"
    export_corpus(corpus, out, ("csv",))
    before = {p.name: p.read_bytes() for p in out.glob("*.csv")}
    original = pd.DataFrame.to_csv
    calls = []

    def failing(self, path=None, *args, **kwargs):
        calls.append(path)
        if len(calls) == 3:
            Path(path).write_text("half a fil", encoding="utf-8")
            raise OSError("disk full")
        return original(self, path, *args, **kwargs)

    monkeypatch.setattr(pd.DataFrame, "to_csv", failing)
    with pytest.raises(OSError, match="disk full"):
        export_corpus(corpus, out, ("csv",))
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in out.glob("*.csv")} == before
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_warm_load_unpickles_a_document_only_when_its_tables_are_needed(root):
    cold = load_corpus(root, scheduler="synchronous")
    warm = load_corpus(root, scheduler="synchronous")
    pd.testing.assert_frame_equal(warm.figures, cold.figures)
    pd.testing.assert_frame_equal(warm.warnings, cold.warnings)
    assert all(doc._disclosure is None for doc in warm.records)
    for file in (root / "data" / "cache").rglob("*.json"):  # keep the summaries, damage the source text
        with open(file, "rb") as handle:
            end = len(handle.readline())
        file.write_bytes(file.read_bytes()[:end + 10])
    with pytest.warns(UserWarning, match="cache file damaged"):
        pd.testing.assert_frame_equal(warm.table("expenditure"), cold.table("expenditure"))
    assert sum(doc._disclosure is not None for doc in warm.records) == 2


def test_cli_add_several_files_refuses_only_the_duplicate(tmp_path, capsys):
    copy = tmp_path / "copy.txt"
    shutil.copyfile(FIXTURE, copy)
    assert main(["add", str(FIXTURE), str(copy), str(SEED), "--root", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert captured.out.count("added ") == 2 and "already in the catalogue" in captured.err
    assert len(read_catalog(tmp_path / "data" / "catalog.csv")) == 2


class _Payload:
    """What an attacker plants: unpickling it would create a file."""

    def __init__(self, target: str):
        self.target = target

    def __reduce__(self):
        return (open, (self.target, "w"))


def test_a_poisoned_cache_file_runs_nothing(root, tmp_path):
    """A research group shares project folders: a crafted cache file must be data, never code."""
    load_corpus(root, scheduler="synchronous")
    marker = tmp_path / "pwned"
    for file in (root / "data" / "cache").rglob("*.json"):
        poison = pickle.dumps(_Payload(str(marker)))
        file.write_bytes(poison)  # the cache file itself replaced by a pickle
        file.with_suffix(".pickle").write_bytes(poison)  # and where the old pickle cache kept its files
    with pytest.warns(UserWarning, match="cache file damaged"):
        again = load_corpus(root, scheduler="synchronous")
    assert again.stats["parsed"] == 4, "a foreign cache file is a miss: the documents are parsed again"
    assert len(again.disclosures) == 2 and not again.figures.empty
    assert not marker.exists(), "reading the cache ran code"
    assert (again.warnings["code"] == "cache_damaged").sum() == 4


def test_cache_files_hold_json_and_text_only(root):
    load_corpus(root, scheduler="synchronous")
    for file in (root / "data" / "cache").rglob("*.json"):
        header, *body = file.read_text(encoding="utf-8").splitlines()
        parsed = json.loads(header)
        assert parsed["format"].startswith("chanhe-budget-cache/") and parsed["key"] == batch_module.cache_key()
        if parsed["summary"] is not None:
            assert isinstance(json.loads(body[0])["text"], str)


def test_one_uncached_document_is_parsed_without_workers(tmp_path, monkeypatch):
    """Starting worker processes costs more than one document: a small load runs in this process."""
    add_document(FIXTURE, root=tmp_path)

    def no_pool(*args, **kwargs):
        raise AssertionError("a worker pool was started for one document")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    corpus = load_corpus(tmp_path, workers=2)
    assert corpus.stats["parsed"] == 1 and len(corpus.disclosures) == 1


def test_a_script_from_standard_input_loads_a_corpus(tmp_path):
    """`python - < script.py`: spawned workers cannot import a main module read from stdin."""
    import subprocess
    import sys

    add_document(FIXTURE, root=tmp_path)
    script = (f"import chanhe_budget as cb\ncorpus = cb.load_corpus({str(tmp_path)!r})\n"
              "print(len(corpus.disclosures), corpus.stats['failed'])\n")
    done = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "0"]


def test_work_is_sent_to_workers_in_a_few_even_chunks():
    jobs = [batch_module.Job(i, f"d{i}", b"x" * (1000 + 37 * i), f"{i:064x}") for i in range(100)]
    chunks = batch_module._chunks(jobs, 2)
    assert len(chunks) == 2 * batch_module.CHUNKS_PER_WORKER
    assert sorted(job.index for chunk in chunks for job in chunk) == list(range(100))
    sizes = [sum(len(job.data) for job in chunk) for chunk in chunks]
    assert max(sizes) - min(sizes) <= 1000 + 37 * 99  # within one document of each other
    assert batch_module.estimated_seconds(jobs[:1]) < batch_module.IN_PROCESS_SECONDS


def test_a_warm_table_is_read_from_parquet_once_a_document_was_rebuilt(root):
    cold = load_corpus(root, scheduler="synchronous")
    load_corpus(root, scheduler="synchronous").table("expenditure")  # rebuilds the documents, writes their tables
    assert len(list((root / "data" / "cache").rglob("*.expenditure.parquet"))) == 2
    warm = load_corpus(root, scheduler="synchronous")
    pd.testing.assert_frame_equal(warm.table("expenditure"), cold.table("expenditure"))
    assert all(doc._disclosure is None for doc in warm.records), "the Parquet tables were not used"


@pytest.mark.skipif(not SPECIMENS, reason="../shared/specimens is not beside the checkout")
def test_add_files_the_parts_of_a_publication_and_names_the_partner(tmp_path, capsys):
    narrative = SHARED / "specimens" / "jiangsu-cppcc-office-2018-budget-narrative.pdf"
    tables = SHARED / "specimens" / "jiangsu-cppcc-office-2018-budget-tables.pdf"
    assert main(["add", str(narrative), "--root", str(tmp_path)]) == 0
    assert "the narrative part of a publication in several files, its other part not catalogued yet" in \
        capsys.readouterr().out
    assert main(["add", str(tables), "--root", str(tmp_path)]) == 0
    assert "the tables part of a publication in several files, read with data/raw/2018/江苏省政协办公厅_说明.pdf" in \
        capsys.readouterr().out
    catalog = read_catalog(tmp_path / "data" / "catalog.csv").set_index("part")
    assert catalog.loc["narrative", "path"] == "data/raw/2018/江苏省政协办公厅_说明.pdf"
    assert catalog.loc["tables", "template"] == "jiangsu" and pd.isna(catalog.loc["narrative", "template"])
    corpus = load_corpus(tmp_path, scheduler="synchronous")
    assert len(corpus.figures) == 1 and corpus.failures.empty
    row = corpus.figures.iloc[0]
    assert (row["total_income"], row["change_vs_prior"], row["change_vs_prior_status"]) == (10150.48, 1003.69, "single")
    assert "parts_paired" in set(corpus.warnings["code"])
    again = load_corpus(tmp_path, scheduler="synchronous")  # the pair comes from the cache the second time
    assert again.documents["status"].tolist() == ["cached"] and again.figures.equals(corpus.figures)
