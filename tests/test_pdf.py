"""Tests of chanhe_budget.read.pdf on the Shanghai 普陀 specimens and on made-up PDFs.

The specimens live in ../shared/specimens (never copied into the repository);
the tests that need them are skipped with a reason when that folder is absent.
"""

from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from pathlib import Path

import pytest

from chanhe_budget.errors import (
    ChanheBudgetError,
    PdfDamagedError,
    PdfEncryptedError,
    PdfError,
    PdfNoTextLayerError,
)
from chanhe_budget.read.pdf import (
    pages_to_text,
    pdf_to_pages,
    pdf_to_text,
    plain_text_to_text,
)

from .conftest import SHARED

SPECIMENS = SHARED / "specimens"
FINANCE = "shanghai-putuo-finance-bureau-2025-budget.pdf"
WANLI_2023 = "shanghai-putuo-wanli-street-2023-budget.pdf"
WANLI_2024 = "shanghai-putuo-wanli-street-2024-budget.pdf"
WELFARE = "shanghai-putuo-welfare-home-2024-unit-budget.pdf"

needs_specimens = pytest.mark.skipif(
    not SPECIMENS.is_dir(), reason=f"specimen PDFs not found at {SPECIMENS} (shared/ folder absent)"
)

# The nine table titles of each specimen, as printed (after NFKC).
TITLES = {
    FINANCE: [
        "2025年部门财务收支预算总表",
        "2025年部门收入预算总表",
        "2025年部门支出预算总表",
        "2025年部门财政拨款收支预算总表",
        "2025年部门一般公共预算支出功能分类预算表",
        "2025年部门政府性基金预算支出功能分类预算表",
        "2025年部门国有资本经营预算支出功能分类预算表",
        "2025年部门一般公共预算基本支出部门预算经济分类预算表",
        "2025年部门“三公”经费和机关运行经费预算表",
    ],
    WANLI_2023: [
        "2023年部门财务收支预算总表",
        "2023年部门收入预算总表",
        "2023年部门支出预算总表",
        "2023年部门财政拨款收支预算总表",
        "2023年部门一般公共预算支出功能分类预算表",
        "2023年部门政府性基金预算支出功能分类预算表",
        "2023年部门国有资本经营预算支出功能分类预算表",
        "2023年部门一般公共预算基本支出部门预算经济分类预算表",
        "2023年部门“三公”经费和机关运行经费预算表",
    ],
    WANLI_2024: [
        "2024年部门财务收支预算总表",
        "2024年部门收入预算总表",
        "2024年部门支出预算总表",
        "2024年部门财政拨款收支预算总表",
        "2024年部门一般公共预算支出功能分类预算表",
        "2024年部门政府性基金预算支出功能分类预算表",
        "2024年部门国有资本经营预算支出功能分类预算表",
        "2024年部门一般公共预算基本支出部门预算经济分类预算表",
        "部门“三公”经费和机关运行经费预算表",  # printed without the year
    ],
    WELFARE: [
        "2024年预算单位财务收支预算总表",
        "2024年预算单位收入预算总表",
        "2024年预算单位支出预算总表",
        "2024年预算单位财政拨款收支预算总表",
        "2024年预算单位一般公共预算支出功能分类预算表",
        "2024年预算单位政府性基金预算支出功能分类预算表",
        "2024年预算单位国有资本经营预算支出功能分类预算表",
        "2024年预算单位一般公共预算基本支出部门预算经济分类预算表",
        "单位“三公”经费和机关运行经费预算表",
    ],
}

_CACHE: dict[str, str] = {}


def specimen_text(name: str) -> str:
    if name not in _CACHE:
        _CACHE[name] = pdf_to_text(SPECIMENS / name)
    return _CACHE[name]


def table_rows(text: str, title: str) -> list[list[str]]:
    """The TAB rows written under ``## title`` (up to the next title)."""
    rows: list[list[str]] = []
    inside = False
    for line in text.splitlines():
        if line.startswith("## "):
            inside = line[3:] == title
            continue
        if inside and "\t" in line:
            rows.append(line.split("\t"))
    return rows


def numbers_by_row(rows: list[list[str]]) -> list[list[str]]:
    number = re.compile(r"^[\d,]+(?:\.\d+)?$")
    out = [[c for c in r if number.match(c)] for r in rows]
    return [r for r in out if r]


# ---------------------------------------------------------------------------
# Specimens
# ---------------------------------------------------------------------------


@needs_specimens
@pytest.mark.parametrize("name", sorted(TITLES))
def test_nine_titles_once_each_and_toc_gives_none(name: str) -> None:
    text = specimen_text(name)
    titles = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    for title in TITLES[name]:
        assert titles.count(title) == 1, (title, titles)
    # every other ## line is one of the project performance forms (2023 only)
    assert {t for t in titles if t not in TITLES[name]} <= {"财政项目支出绩效目标填报表"}
    # the TOC repeats each title: written as "- " entries, never as "##"
    toc = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(toc) >= 9
    for title in TITLES[name]:
        assert any(line.endswith(title) for line in toc), title
    assert "# 目录" in text.splitlines()


@needs_specimens
@pytest.mark.parametrize("name", sorted(TITLES))
def test_each_table_has_a_unit_line_and_rectangular_rows(name: str) -> None:
    text = specimen_text(name)
    lines = text.splitlines()
    for title in TITLES[name]:
        at = lines.index(f"## {title}")
        following = [line for line in lines[at + 1:at + 6] if line]
        assert any(re.match(r"^单位:(万元|元)$", line) for line in following), following
        rows = table_rows(text, title)
        assert rows, title
        assert len({len(r) for r in rows}) == 1, f"{title}: rows of unequal width"


@needs_specimens
@pytest.mark.parametrize("name", sorted(TITLES))
def test_text_is_nfkc(name: str) -> None:
    text = specimen_text(name)
    assert text == unicodedata.normalize("NFKC", text)
    assert not re.search(r"[\u2f00-\u2fdf\uff01-\uff5e]", text)  # Kangxi radicals, full-width forms


@needs_specimens
def test_units_yuan_for_tables_and_wan_for_three_public() -> None:
    text = specimen_text(FINANCE)
    lines = text.splitlines()
    at = lines.index("## 2025年部门财务收支预算总表")
    assert "单位:元" in lines[at:at + 6]
    at = lines.index("## 2025年部门“三公”经费和机关运行经费预算表")
    assert "单位:万元" in lines[at:at + 6]
    # the 编制部门 / 单位 line is written as two lines
    assert "编制部门:上海市普陀区财政局" in lines[at:at + 6]


@needs_specimens
def test_glued_number_split_into_cells() -> None:
    # the text layer runs "31,214,205.80一、一般公共服务支出" together (gap < 1 pt)
    expected = ["一、财政拨款收入", "31,214,205.80", "一、一般公共服务支出", "22,186,440.80"]
    rows = table_rows(specimen_text(FINANCE), "2025年部门财务收支预算总表")
    assert expected in rows
    # without the rulings the columns come from x positions: still split
    loose = pages_to_text(pdf_to_pages(SPECIMENS / FINANCE, rulings=False))
    row = next(r for r in table_rows(loose, "2025年部门财务收支预算总表") if "31,214,205.80" in r)
    assert [c for c in row if c] == expected


def test_glued_number_split_in_plain_text() -> None:
    page = (
        "             2025年部门财务收支预算总表\n"
        "  编制部门:某局                          单位:元\n"
        "  项目          预算数          项目               预算数\n"
        "  一、财政拨款收入   1,234,567一、社会保障和就业支出   1,234,567\n"
        "  收入总计      1,234,567       支出总计           1,234,567\n"
    )
    rows = table_rows(plain_text_to_text(page), "2025年部门财务收支预算总表")
    assert ["一、财政拨款收入", "1,234,567", "一、社会保障和就业支出", "1,234,567"] in [
        [c for c in r if c] for r in rows
    ]


@needs_specimens
def test_continuation_pages_join_the_table_without_second_title_or_header() -> None:
    text = specimen_text(WANLI_2024)
    title = "2024年部门收入预算总表"  # pages 11-15
    rows = table_rows(text, title)
    assert sum(1 for r in rows if r[0] == "功能分类科目编码") == 1
    assert rows[-1][3:5] == ["合计", "156,211,123"]
    assert sum(1 for r in rows if r[0].isdigit()) == 66  # 12 + 18 + 18 + 18 code rows on pages 11-14
    # the one-row last page (合计 only) is part of the table
    title = "2024年部门支出预算总表"
    assert table_rows(text, title)[-1][-3:] == ["156,211,123", "99,706,020", "56,505,103"]


@needs_specimens
def test_wrapped_subject_name_merged_into_its_row() -> None:
    # 2023 page 12: "机关事业单位基本养老保险缴费支" / "出" above and below the amounts
    rows = table_rows(specimen_text(WANLI_2023), "2023年部门收入预算总表")
    assert ["208", "05", "05", "机关事业单位基本养老保险缴费支出", "4,412,547", "4,412,547"] == rows[
        next(i for i, r in enumerate(rows) if r[:3] == ["208", "05", "05"])
    ][:6]
    rows = table_rows(specimen_text(WANLI_2023), "2023年部门财政拨款收支预算总表")
    assert any(r[2] == "四、文化旅游体育与传媒支出" and r[3] == "200,000" for r in rows)
    assert not any(r[2] in ("支出", "四、文化旅游体育与传媒") for r in rows)


@needs_specimens
def test_codes_written_as_printed_one_cell_per_code_column() -> None:
    rows = table_rows(specimen_text(WANLI_2024), "2024年部门一般公共预算基本支出部门预算经济分类预算表")
    assert ["301", "2", "津贴补贴", "16,623,810", "16,623,810", "0"] in rows  # 30102, leading zero lost
    assert ["301", "7", "绩效工资", "11,447,100", "11,447,100", "0"] in rows
    rows = table_rows(specimen_text(FINANCE), "2025年部门支出预算总表")
    assert rows[next(i for i, r in enumerate(rows) if r[3] == "机关事业单位基本养老保险缴费支出")][:3] == ["208", "05", "05"]


@needs_specimens
def test_text_outside_the_clip_is_dropped() -> None:
    # finance page 8 repeats items 1-8 of page 7 outside its clipping path; only 9-11 show
    text = specimen_text(FINANCE)
    assert text.count("887.36万元") == 1
    assert text.count("268.77万元") == 1


@needs_specimens
def test_narrative_lines_joined_into_paragraphs() -> None:
    text = specimen_text(FINANCE)
    assert (
        "2025年,上海市普陀区财政局收入预算3,121.42万元,其中:财政拨款收入3,121.42万元,"
        "比2024年预算增加107.62万元;事业收入0万元;事业单位经营收入0万元;其他收入0万元。"
    ) in text.splitlines()


@needs_specimens
def test_three_public_table_cells_in_their_columns() -> None:
    rows = table_rows(specimen_text(WELFARE), "单位“三公”经费和机关运行经费预算表")
    assert rows[-1] == ["6.4", "0", "0", "6.4", "", "6.4", "0"]  # 购置费 blank
    rows = table_rows(specimen_text(FINANCE), "2025年部门“三公”经费和机关运行经费预算表")
    assert rows[-1] == ["0.95", "", "0.95", "", "", "", "229.43"]


@needs_specimens
@pytest.mark.parametrize("name", sorted(TITLES))
def test_column_guessing_agrees_with_rulings(name: str) -> None:
    ruled = specimen_text(name)
    loose = pages_to_text(pdf_to_pages(SPECIMENS / name, rulings=False))
    for title in TITLES[name]:
        assert numbers_by_row(table_rows(loose, title)) == numbers_by_row(table_rows(ruled, title)), title


@needs_specimens
def test_plain_layout_text_gives_the_same_tables() -> None:
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(SPECIMENS / WANLI_2024) as pdf:
        layout = "\f".join(page.extract_text(layout=True) for page in pdf.pages)
    text = plain_text_to_text(layout)
    ruled = specimen_text(WANLI_2024)
    titles = [line[3:] for line in text.splitlines() if line.startswith("## ")]
    assert sorted(titles) == sorted(TITLES[WANLI_2024])
    for title in TITLES[WANLI_2024]:
        assert numbers_by_row(table_rows(text, title)) == numbers_by_row(table_rows(ruled, title)), title


@needs_specimens
def test_bytes_and_path_give_the_same_text() -> None:
    data = (SPECIMENS / WELFARE).read_bytes()
    assert pdf_to_text(data) == specimen_text(WELFARE)
    assert pdf_to_text(str(SPECIMENS / WELFARE)) == specimen_text(WELFARE)


# ---------------------------------------------------------------------------
# Plain text
# ---------------------------------------------------------------------------


def test_plain_text_toc_continuation_and_wrapped_name() -> None:
    toc = "目 录\n一、部门收支预算表 ........ 3\n二、部门支出预算表 ........ 4\n"
    page1 = (
        "                 2025年部门支出预算表\n"
        "单位:万元\n"
        " 科目编码      科目名称                        合计      基本支出\n"
        " 201           一般公共服务支出               10.00        10.00\n"
        "               机关事业单位基本养老保险缴费支\n"
        " 208 05 05                                     2.00         2.00\n"
        "               出\n"
    )
    page2 = (
        " 科目编码      科目名称                        合计      基本支出\n"
        " 210 11 01     行政单位医疗                    1.00         1.00\n"
        "               合计                           13.00        13.00\n"
    )
    text = plain_text_to_text("\f".join([toc, page1, page2]))
    lines = text.splitlines()
    assert [line for line in lines if line.startswith("## ")] == ["## 2025年部门支出预算表"]
    assert "- 一、部门收支预算表" in lines and "# 目录" in lines
    rows = table_rows(text, "2025年部门支出预算表")
    assert sum(1 for r in rows if "科目编码" in r) == 1
    assert any("机关事业单位基本养老保险缴费支出" in r and "2.00" in r for r in rows)
    assert [c for c in rows[-1] if c] == ["合计", "13.00", "13.00"]


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


def _pdf(objects: list[bytes], trailer_extra: bytes = b"") -> bytes:
    """A PDF file from numbered object bodies (1-based), with a correct xref table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, trailer_extra, xref)
    return bytes(out)


def _page_objects(content: bytes) -> list[bytes]:
    return [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
    ]


def scanned_pdf() -> bytes:
    """A page with only graphics (a grey box standing in for the scanned image)."""
    return _pdf(_page_objects(b"0.5 g 50 50 495 742 re f"))


def _rc4(key: bytes, data: bytes) -> bytes:
    s = list(range(256))
    j = 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    i = j = 0
    out = bytearray()
    for byte in data:
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out.append(byte ^ s[(s[i] + s[j]) % 256])
    return bytes(out)


_PAD = bytes.fromhex("28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A")


def encrypted_pdf(user_password: bytes = b"secret") -> bytes:
    """Standard security handler, revision 2 (RC4 40-bit), with a user password."""
    file_id = hashlib.md5(b"chanhe-budget-test").digest()
    permissions = -4
    owner_key = hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5]
    owner = _rc4(owner_key, (user_password + _PAD)[:32])
    key = hashlib.md5(
        (user_password + _PAD)[:32] + owner + permissions.to_bytes(4, "little", signed=True) + file_id
    ).digest()[:5]
    user = _rc4(key, _PAD)
    objects = _page_objects(b"")  # an empty stream needs no decryption
    objects.append(
        b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P %d >>" % (owner.hex().encode(), user.hex().encode(), permissions)
    )
    trailer = b"/Encrypt 5 0 R /ID [<%s> <%s>] " % (file_id.hex().encode(), file_id.hex().encode())
    return _pdf(objects, trailer)


def test_scanned_pdf_raises_no_text_layer_error() -> None:
    with pytest.raises(PdfNoTextLayerError, match="OCR") as info:
        pdf_to_text(scanned_pdf())
    assert isinstance(info.value, PdfError) and isinstance(info.value, ChanheBudgetError)


def test_matplotlib_image_pdf_raises_no_text_layer_error(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    import numpy as np
    from matplotlib.figure import Figure  # no pyplot: no global state

    fig = Figure(figsize=(3, 4))
    fig.figimage(np.random.default_rng(0).random((60, 40)), cmap="gray")
    path = tmp_path / "scan.pdf"
    fig.savefig(path)
    with pytest.raises(PdfNoTextLayerError, match="run OCR first"):
        pdf_to_text(path)


def test_random_bytes_raise_damaged_error() -> None:
    with pytest.raises(PdfDamagedError):
        pdf_to_text(os.urandom(2048))
    with pytest.raises(PdfDamagedError):
        pdf_to_text(b"%PDF-1.7\n" + os.urandom(512))
    with pytest.raises(PdfDamagedError):
        pdf_to_text(b"")


def test_truncated_specimen_is_damaged_or_readable() -> None:
    # a PDF cut short either fails as damaged or yields what pdfium could rebuild
    data = scanned_pdf()[:60]
    with pytest.raises(PdfError):
        pdf_to_text(data)


def test_encrypted_pdf_raises_encrypted_error() -> None:
    data = encrypted_pdf()
    with pytest.raises(PdfEncryptedError, match="password"):
        pdf_to_text(data)
    # with the right password the file opens (and has no text: a different error)
    with pytest.raises(PdfNoTextLayerError):
        pdf_to_text(data, password="secret")


def test_missing_path_raises_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        pdf_to_text(tmp_path / "absent.pdf")
