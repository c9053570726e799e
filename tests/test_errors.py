"""Bad input: one typed error under ChanheBudgetError, and exit code 2 with one line from the CLI."""

from __future__ import annotations

import os

import pytest

import chanhe_budget as cb
from chanhe_budget.cli import main
from chanhe_budget.errors import ChanheBudgetError, DecodeError, NotADisclosureError, UnknownTableError

from .conftest import SEED


@pytest.mark.parametrize("source,needle", [
    ("", "empty"),
    ("just some random words\nand another line\n", "no table"),
    (b"\x00\x01\x02binary\x00junk" * 10, "binary"),
    (os.urandom(64) + b"\x00", "binary"),
])
def test_not_a_disclosure(source, needle):
    with pytest.raises(NotADisclosureError, match=needle):
        cb.read_disclosure(source)


def test_undecodable_bytes():
    with pytest.raises(DecodeError, match="UTF-8 or GB18030"):
        cb.read_disclosure(b"\x81\x30\xff\xfe\x80" * 3)


def test_truncated_file_without_tables(seed_text):
    with pytest.raises(NotADisclosureError, match="found no table"):
        cb.read_disclosure(seed_text[: seed_text.index("附件：2025")])


def test_truncated_file_keeps_the_tables_it_has(seed_text):
    d = cb.read_disclosure(seed_text[: seed_text.index("## 2025 年财政拨款收支预算表")])
    assert list(d.tables) == ["summary", "income", "expenditure"]
    assert d.figures["basic_share_pct"] == 75.61 and d.figures["personnel_expenditure"] is None


def test_missing_file_is_typed(tmp_path):
    with pytest.raises(NotADisclosureError):
        cb.read_disclosure(tmp_path / "nope.txt")


def test_unknown_table_lists_names(seed):
    with pytest.raises(UnknownTableError, match="canonical names: summary"):
        seed.table("budget")


def test_every_error_has_one_root():
    for error in (NotADisclosureError, DecodeError, UnknownTableError, cb.AuditFailure, cb.ReportError):
        assert issubclass(error, ChanheBudgetError)


def test_cli_error_is_one_line_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.txt"
    bad.write_text("nothing to see", encoding="utf-8")
    assert main(["figures", str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("chanhe-budget: error:") and "Traceback" not in err


def test_cli_pdf_passed_as_text(tmp_path, capsys):
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    assert main(["figures", str(bad)]) == 2


def test_cli_figures_json(capsys):
    import json

    assert main(["figures", str(SEED), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)
    assert list(figures) == list(cb.FIGURE_NAMES)
    assert figures["change_vs_prior_pct"] == -56.15


def test_cli_figures_json_with_metadata(capsys):
    import json

    assert main(["figures", str(SEED), "--json", "--metadata"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["metadata"]["template"] == "henan" and payload["metadata"]["encoding"] == "utf-8"
    assert payload["figures"]["basic_share_pct"] == 75.61
