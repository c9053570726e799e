"""What a newcomer hits first: the one path rule, files named as what they are, one-line errors on paths."""

from __future__ import annotations

import os
import zipfile

import pytest

import chanhe_budget as cb
from chanhe_budget.cli import main
from chanhe_budget.cli.documents import display_width, figures_text
from chanhe_budget.corpus.catalog import read_catalog
from chanhe_budget.errors import NotADisclosureError, PdfDamagedError

from .conftest import SEED, SHARED

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the header of old Word and Excel files
COMMANDS = (["figures"], ["tables", "--out", "OUT"], ["audit"], ["report"], ["add"])


def _argv(command: list[str], path: str, tmp_path) -> list[str]:
    argv = [command[0], path, *command[1:]]
    return [str(tmp_path / "out") if a == "OUT" else a for a in argv]


@pytest.mark.parametrize("name", ["no-such-file.txt", "no-such-file.pdf", "sub/folder/missing"])
def test_a_missing_path_is_no_such_file_not_the_text(name, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(NotADisclosureError, match=f"^{name}: no such file$"):
        cb.read_disclosure(name)


def test_a_directory_is_a_directory(tmp_path):
    with pytest.raises(NotADisclosureError, match="is a directory"):
        cb.read_disclosure(str(tmp_path))
    with pytest.raises(NotADisclosureError, match="is a directory"):
        cb.read_disclosure(tmp_path)


def test_one_line_of_text_without_a_suffix_is_still_text():
    with pytest.raises(NotADisclosureError, match="found no table"):
        cb.read_disclosure("收入总计 289.81 万元")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_every_command_says_the_same(command, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CHANHE_BUDGET_ROOT", str(tmp_path))
    for path, words in ((str(tmp_path / "nope.txt"), "no such file"), (str(tmp_path), "is a directory")):
        code = main(_argv(command, path, tmp_path))
        err = capsys.readouterr().err
        assert code == 2
        assert f"chanhe-budget: error: {path}: {words}" in err, err
        assert "Traceback" not in err


def _docx(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")


def _xlsx(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")


def _zip(path):
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("budget.txt", "收入总计")


@pytest.mark.parametrize(("suffix", "make", "words"), [
    (".docx", _docx, "a Word document: export it to PDF or text"),
    (".xlsx", _xlsx, "an Excel workbook"),
    (".zip", _zip, "a zip archive"),
    (".doc", lambda p: p.write_bytes(OLE + b"\x00" * 64 + "WordDocument".encode("utf-16-le")), "a Word document"),
    (".html", lambda p: p.write_text("<!DOCTYPE html>\n<html><body>部门预算</body></html>", encoding="utf-8"),
     "an HTML page"),
])
def test_office_files_are_named_as_what_they_are(tmp_path, suffix, make, words, capsys):
    path = tmp_path / f"budget{suffix}"
    make(path)
    with pytest.raises(NotADisclosureError, match=words):
        cb.read_disclosure(path)
    assert main(["figures", str(path)]) == 2
    assert words in capsys.readouterr().err


def test_a_damaged_pdf_names_the_file(tmp_path):
    path = tmp_path / "damaged.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"garbage " * 50)
    with pytest.raises(PdfDamagedError) as info:
        cb.read_disclosure(path)
    assert str(path) in str(info.value) and "<bytes>" not in str(info.value)


def test_tables_out_an_existing_file_is_one_line(tmp_path, capsys):
    existing = tmp_path / "existing"
    existing.write_text("x")
    assert main(["tables", str(SEED), "--out", str(existing)]) == 2
    err = capsys.readouterr().err
    assert "is an existing file" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_report_out_an_existing_file_is_one_line(tmp_path, capsys):
    existing = tmp_path / "existing"
    existing.write_text("x")
    assert main(["report", str(SEED), "--out", str(existing)]) == 2
    err = capsys.readouterr().err
    assert "is an existing file" in err and "Traceback" not in err


def test_add_of_a_300_character_department_is_filed(tmp_path, capsys):
    text = SEED.read_text(encoding="utf-8").replace("洛阳市瀍河回族区行政审批和政务信息管理局", "很长的部门名称" * 43)
    source = tmp_path / "long.txt"
    source.write_text(text, encoding="utf-8")
    root = tmp_path / "project"
    assert main(["add", str(source), "--root", str(root)]) == 0, capsys.readouterr().err
    filed = next((root / "data" / "raw" / "2025").iterdir())
    assert len(filed.name.encode()) <= 255
    assert read_catalog(root / "data" / "catalog.csv")["department"].iloc[0] == "很长的部门名称" * 43


def test_catalogue_that_is_a_directory_is_one_line(tmp_path, capsys):
    (tmp_path / "data" / "catalog.csv").mkdir(parents=True)
    for argv in (["add", str(SEED), "--root", str(tmp_path)], ["corpus", str(tmp_path)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "catalog.csv is a directory" in err and "Traceback" not in err


def test_a_nul_byte_in_the_catalogue_is_one_line(tmp_path, capsys):
    catalog = tmp_path / "data" / "catalog.csv"
    catalog.parent.mkdir(parents=True)
    catalog.write_bytes(b"path,sha256\nda\x00ta/x.txt,abc\n")
    for argv in (["add", str(SEED), "--root", str(tmp_path)], ["corpus", str(tmp_path)]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert "NUL byte" in err and "Traceback" not in err


def test_audit_of_several_files_ends_with_a_total(tmp_path, capsys):
    assert main(["audit", str(SEED), str(SEED), str(tmp_path / "missing.txt")]) == 2
    last = capsys.readouterr().out.strip().splitlines()[-1]
    assert last.startswith("TOTAL FAIL over 3 file(s): 2 audited (2 failing), 1 unreadable; 2 fail,")


def test_figures_unit_reads_as_the_tables_unit_and_columns_align(capsys):
    assert main(["figures", str(SEED)]) == 0
    lines = capsys.readouterr().out.splitlines()
    unit = next(line for line in lines if line.startswith("unit "))
    assert unit.endswith("表格金额单位 万元 (figures in 万元)")
    department = next(line for line in lines if line.startswith("department "))
    year = next(line for line in lines if line.startswith("year "))
    # the label column starts at the same screen column on every line, Chinese names included
    assert display_width(department[: department.index("部门名称")]) == display_width(year[: year.index("年度")])


def test_figures_text_pads_by_display_width():
    text = figures_text({"department": "瀍河局", "unit": "元", "year": 2025},
                        {"department": "部门名称", "unit": "表格金额单位", "year": "年度"})
    starts = [display_width(line[: line.rindex("  ") + 2]) for line in text.splitlines()]
    assert len(set(starts)) == 1
    assert "表格金额单位 元 (figures in 万元)" in text


@pytest.mark.skipif(not (SHARED / "specimens").is_dir(), reason="needs ../shared/specimens (set CHANHE_BUDGET_SHARED)")
def test_no_copy_keeps_a_path_beside_the_project_relative(tmp_path):
    """--no-copy of ../shared/…: the catalogue holds a relative path even when ../shared is a symlink."""
    from chanhe_budget.corpus.catalog import register

    project = tmp_path / "project"
    project.mkdir()
    (tmp_path / "shared").symlink_to(SHARED.resolve())
    specimen = next((tmp_path / "shared" / "specimens").glob("shanghai-putuo-wanli-street-2024*.pdf"))
    row = register(os.path.relpath(specimen), None, copy=False, root=project)
    assert row["path"] == "../shared/specimens/" + specimen.name


def test_pdf_given_as_bytes_with_its_name_names_the_file_in_warnings():
    # the corpus reads files as bytes (cache, workers): the blank-page warning must still say which file
    pdf = SHARED / "specimens" / "shanghai-putuo-finance-bureau-2024-final-accounts.pdf"
    if not pdf.is_file():
        pytest.skip("../shared/specimens is not beside the checkout")
    with pytest.warns(UserWarning) as caught:
        cb.read_disclosure(pdf.read_bytes(), names=["final-accounts.pdf"])
    messages = [str(w.message) for w in caught if "text layer" in str(w.message)]
    assert messages and all(m.startswith("final-accounts.pdf:") for m in messages), messages
