"""The report page as a researcher reads it: first screen, clean tables, self-contained HTML, verdict levels;
reuse of current reports; `report --all` folders, progress and interruption.

Tests marked ``notebook`` start a kernel; the seed report is built once for the module.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from chanhe_budget import report
from chanhe_budget.checks import levels
from chanhe_budget.cli import main
from chanhe_budget.report import batch, folders, names

from .test_report import DEPARTMENT, SEED, make_root


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    """The seed's report and index, built once in a temporary project."""
    base = make_root(tmp_path_factory.mktemp("page"), {f"2025/{DEPARTMENT}.txt": SEED})
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHANHE_BUDGET_ROOT", str(base))
        html, reused = report.build_or_reuse(department=DEPARTMENT, year=2025)
        index = report.write_index(html.parents[2])
    assert not reused
    return base, html, index


class Cells(HTMLParser):
    """The text of every table cell of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def cells_of(path: Path) -> list[str]:
    parser = Cells()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.cells


# -- tables, verdicts, names (fast) ------------------------------------------


def test_html_table_blanks_missing_values_and_reads_well():
    frame = pd.DataFrame({"name": ["一般公共服务支出", None, "说明"], "amount": [1234.5, -0.001, float("nan")],
                          "year": pd.array([2024, 2023, None], dtype="Int64"),
                          "rows": [13.0, float("nan"), 2.0], "n_pass": pd.array([3, None, 1], dtype="Int64"),
                          "flag": [pd.NA, "x", None]})
    page = report.html_table(frame)
    parser = Cells()
    parser.feed(page)
    body = parser.cells[len(frame.columns):]
    assert body == ["一般公共服务支出", "1,234.50", "2024", "13", "3", "",
                    "", "0.00", "2023", "", "", "x",
                    "说明", "", "", "2", "1", ""]
    assert "<td class='text'>一般公共服务支出</td>" in page and "<td class='num'>1,234.50</td>" in page


def test_verdict_levels_by_family():
    def frame(*rows):
        return pd.DataFrame(rows, columns=["check_id", "family", "status", "description_zh"])

    assert levels.verdict(frame(("I01", "identity", "pass", "a"), ("T02", "text_quality", "fail", "b"))) == "warn"
    assert levels.verdict(frame(("I01", "identity", "fail", "a"), ("T02", "text_quality", "fail", "b"))) == "fail"
    assert levels.verdict(frame(("N01", "narrative", "fail", "a"))) == "fail"
    assert levels.verdict(frame(("S01", "soft", "warn", "a"), ("C07", "completeness", "not_applicable", "c"))) \
        == "warn"
    assert levels.verdict(frame(("I01", "identity", "pass", "a"), ("C31", "completeness", "cannot_check", "b"))) \
        == "pass"
    found = levels.findings(frame(("T02", "text_quality", "fail", "t"), ("S01", "soft", "warn", "s"),
                                   ("N01", "narrative", "fail", "n"), ("I05", "identity", "fail", "i"),
                                   ("C07", "completeness", "not_applicable", "c")))
    assert list(found["check_id"]) == ["I05", "N01", "T02", "S01"]
    assert list(found["level"]) == ["fail", "fail", "warn", "warn"]


@pytest.mark.parametrize("names_", [["CON", "..", "", "unnamed"], ["a/b", "a_b"], ["NUL.txt", "nul", "局"]])
def test_folder_names_are_unique_and_stable(names_):
    first = [names.folder_name(n) for n in names_]
    assert len(set(first)) == len(first)
    assert first == [names.folder_name(n) for n in names_]
    assert all(f == names.safe_name(f) for f in first)  # each is itself a safe name


def test_plan_folders_separates_documents_that_meet(tmp_path):
    a, b, c = tmp_path / "x" / "局.pdf", tmp_path / "y" / "局.pdf", tmp_path / "z.txt"
    plan = batch.plan_folders([(a, "2024", "局"), (b, "2024", "局"), (c, "2024", "CON")])
    assert len(set(plan.values())) == 3 and plan == batch.plan_folders([(c, "2024", "CON"), (b, "2024", "局"),
                                                                          (a, "2024", "局")])
    assert plan[a].startswith("2024/局-") and plan[c].startswith("2024/unnamed-")


def test_report_all_covers_catalogued_documents_outside_data_raw(tmp_path, monkeypatch):
    project = make_root(tmp_path / "project", {f"2025/{DEPARTMENT}.txt": SEED})
    elsewhere = tmp_path / "elsewhere" / "甲局2024.txt"
    elsewhere.parent.mkdir()
    shutil.copyfile(SEED, elsewhere)
    (project / "data" / "catalog.csv").write_text(
        "path,department,year,template,kind,sha256,source_url\n"
        f"{elsewhere},甲局,2024,henan,budget,abc,\n", encoding="utf-8")
    monkeypatch.setenv("CHANHE_BUDGET_ROOT", str(project))
    found = {file.name: (year, name) for file, year, name in batch.documents()}
    assert found == {"甲局2024.txt": ("2024", "甲局"), f"{DEPARTMENT}.txt": ("2025", DEPARTMENT)}


def test_stale_build_folders_are_cleaned_and_live_ones_kept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".build-{dead.pid}-abc"
    old = tmp_path / "2025" / f".局.old-{dead.pid}-1234abcd"
    live = tmp_path / f".build-{os.getpid()}-def"
    for folder in (stale, old, live):
        folder.mkdir(parents=True)
    removed = folders.clean_stale(tmp_path)
    assert set(removed) == {stale, old} and live.is_dir()
    assert folders.clean_stale(tmp_path, (os.getpid(),)) == [live]


def test_department_without_year_names_the_missing_option(capsys):
    assert main(["report", "--department", "甲局"]) == 2
    assert "--department 甲局 needs --year" in capsys.readouterr().err
    assert main(["report", "--year", "2025"]) == 2
    assert "--year 2025 needs --department" in capsys.readouterr().err


def test_no_chart_for_missing_data_and_titles_state_scope():
    from chanhe_budget import plots

    assert report.chart(plots.plot_project_amounts, pd.DataFrame(columns=["project_name", "amount"])) is None
    basic = pd.DataFrame({"name": ["工资福利支出"], "code": ["301"], "amount": [10.0], "share_pct": [100.0]})
    basic.attrs["table"] = "general_budget_basic"
    drawn = report.chart(plots.plot_economic_structure, basic)
    assert "basic expenditure only" in drawn.figure.axes[0].get_title()


# -- the seed's page (notebook) ------------------------------------------------


@pytest.mark.notebook
def test_page_has_no_missing_value_markers(page):
    _, html, index = page
    for page in (html, index):
        bad = [c for c in cells_of(page) if c in ("None", "<NA>", "nan", "NaN", "NaT", "-0.00")]
        assert not bad, f"{page.name}: {bad[:5]}"
    text = html.read_text(encoding="utf-8")
    assert "basic_project_split.png'" not in text  # the stray list of written files is gone


@pytest.mark.notebook
def test_page_loads_nothing_from_the_network(page):
    _, html, index = page
    for page in (html, index):
        text = page.read_text(encoding="utf-8")
        assert not re.findall(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", text, re.IGNORECASE)
        assert "@font-face" in text  # the CJK font stays embedded


@pytest.mark.notebook
def test_verdict_levels_in_the_page_the_json_and_the_index(page):
    _, html, index = page
    record = json.loads((html.parent / "figures.json").read_text(encoding="utf-8"))
    # every identity holds; the findings are text quality (the copied 因公出国 explanation), completeness
    # warnings and soft checks: "warn", where the audit's own summary says "fail"
    assert record["audit"]["verdict"] == "warn" and record["audit"]["checks_verdict"] == "fail"
    assert record["audit"]["findings"][0]["check_id"] == "T02"
    assert '<p class="cb-verdict cb-warn">审计结论 Audit: 需注意 warn</p>' in html.read_text(encoding="utf-8")
    assert "<td class='cb-warn'>需注意 warn (" in index.read_text(encoding="utf-8")


@pytest.mark.notebook
def test_figures_json_keeps_chinese_readable(page):
    _, html, _ = page
    raw = (html.parent / "figures.json").read_text(encoding="utf-8")
    assert f'"department": "{DEPARTMENT}"' in raw and "\\u" not in raw


@pytest.mark.notebook
def test_first_screen_states_the_headline_and_its_marks(page):
    _, html, _ = page
    cells = cells_of(html)
    start = cells.index("支出总计 Total expenditure")
    assert cells[start:start + 4] == ["支出总计 Total expenditure", "289.81 万元", "", "✓"]
    basic = cells.index("基本支出 Basic")
    assert cells[basic:basic + 4] == ["基本支出 Basic", "219.13 万元", "75.61%", "✓"]
    text = html.read_text(encoding="utf-8")
    # the change is the document's own; its prior-year total is only in the text, so it is not ✓
    assert ('文件所述 as the document states: -371.11 万元（-56.15%） <span class="cb-mark" title="上年数只见于文字说明">?'
            in text)
    assert "This notebook is the template" not in text  # the notebook's how-to is left out of the page


@pytest.mark.notebook
def test_rebuilding_an_unchanged_report_reuses_it(page, monkeypatch, capsys):
    base, html, _ = page
    monkeypatch.setenv("CHANHE_BUDGET_ROOT", str(base))
    before = html.stat().st_mtime_ns
    assert report.build_or_reuse(department=DEPARTMENT, year=2025) == (html, True)
    assert main(["report", str(base / "data" / "raw" / "2025" / f"{DEPARTMENT}.txt")]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("current:") and out[-1] == f"report: {html}"
    assert html.stat().st_mtime_ns == before


SCREEN_PROBE = """<script>
window.addEventListener('load', () => {
  const box = (s) => { const e = document.querySelector(s); if (!e) return null;
                       const r = e.getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right]; };
  const out = document.createElement('pre'); out.id = 'probe';
  out.textContent = JSON.stringify({h1: box('.cb-first h1'), headline: box('.cb-headline'),
                                    verdict: box('.cb-verdict'), score: box('.cb-score'),
                                    width: window.innerWidth, height: window.innerHeight});
  document.body.appendChild(out);
});
</script></body>"""


@pytest.mark.notebook
def test_headline_block_is_on_the_first_screen_in_a_browser(page, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no chromium on this machine (Debian: apt-get install chromium)")
    _, html, _ = page
    page = tmp_path / "probe.html"
    page.write_text(html.read_text(encoding="utf-8").replace("</body>", SCREEN_PROBE, 1), encoding="utf-8")
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1280,900",
             f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    match = re.search(r'<pre id="probe">(.*?)</pre>', dom)
    assert match, "the page did not load in chromium"
    boxes = json.loads(match.group(1).replace("&quot;", '"'))
    for part in ("h1", "headline", "verdict", "score"):
        top, bottom, _, right = boxes[part]
        assert 0 <= top and bottom <= 900 and right <= 1280, f"{part} is outside the first 1280×900 screen: {boxes}"
    shot = tmp_path / "first-screen.png"
    subprocess.run([*flags, f"--screenshot={shot}", html.as_uri()], capture_output=True, timeout=120)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# -- report --all (notebook) ---------------------------------------------------


@pytest.mark.notebook
def test_report_all_keeps_documents_whose_names_sanitise_alike(tmp_path, monkeypatch):
    project = make_root(tmp_path / "project", {"2025/CON.txt": SEED, "2025/unnamed.txt": SEED.read_text(
        encoding="utf-8").replace("289.81", "289.81 ")})
    monkeypatch.setenv("CHANHE_BUDGET_ROOT", str(project))
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / "reports" / f".build-{dead.pid}-left"  # as a killed run leaves it
    stale.mkdir(parents=True)
    summary = report.build_all(1, out_root=tmp_path / "reports", corpus=False, progress=False)
    assert not stale.exists()
    assert not summary.failed and len(summary.built) == 2
    assert sorted(p.parent.name for p in summary.built) == sorted(["unnamed", names.folder_name("CON")])
    again = report.build_all(1, out_root=tmp_path / "reports", corpus=False, progress=False)
    assert again.reused == 2 and sorted(again.built) == sorted(summary.built)


@pytest.mark.notebook
def test_ctrl_c_stops_report_all_and_cleans_its_build_folders(tmp_path):
    project = make_root(tmp_path / "project", {f"2025/局{i}.txt": SEED for i in range(4)})
    out = tmp_path / "reports"
    command = [sys.executable, "-c", "import sys; from chanhe_budget.cli import main; sys.exit(main())",
               "report", "--all", "--workers", "2", "--no-corpus", "--out", str(out)]
    # a terminal's foreground job has SIGINT at its default; a CI runner's background job may inherit it
    # ignored (and Python then raises no KeyboardInterrupt), so give the command what a terminal gives it
    process = subprocess.Popen(command, env={**os.environ, "CHANHE_BUDGET_ROOT": str(project)},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.monotonic() + 120
    while not list(out.glob(".build-*")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
    assert list(out.glob(".build-*")), "no build started"
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the whole foreground group
    start = time.monotonic()
    process.wait(timeout=30)
    assert time.monotonic() - start < 15
    assert process.returncode != 0
    assert not list(out.glob(".build-*")) and not list(out.glob("*/.*.old-*"))
