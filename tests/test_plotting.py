"""Charts render Chinese text with the shipped Noto Sans SC, and no glyph is missing."""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib import font_manager
from matplotlib.text import Text

from chanhe_budget.errors import ChanheBudgetError, FontError, ParameterError
from chanhe_budget.plots import disclosure as plotting

matplotlib.use("Agg")  # MPLBACKEND=Agg: no display, plain raster rendering

ROOT = Path(__file__).resolve().parents[1]

DISTRICT = "洛阳市瀍河回族区"
PROJECT = "橙 e 潼河青年服务云平台"
SANGONG = "“三公”经费"
MINUS_PCT = "−12.5%"  # U+2212 MINUS SIGN
PUNCT = "（）：、"


# --------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------


def _is_glyph_warning(message: str) -> bool:
    return "missing from font" in message or "Glyph" in message


@contextlib.contextmanager
def no_glyph_warnings():
    """Fail if any warning about a missing glyph is emitted inside the block."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield caught
    bad = [str(w.message) for w in caught if _is_glyph_warning(str(w.message))]
    assert not bad, f"glyph warnings: {bad}"


def render(fig, fmt: str = "png") -> bytes:
    """Draw the canvas and save the figure to memory, as a report would."""
    fig.canvas.draw()
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt)
    data = buf.getvalue()
    assert data, f"empty {fmt}"
    return data


def texts_of(ax) -> list[Text]:
    """Every visible, non-empty text of the axes (title, labels, ticks, bar labels)."""
    found = [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.texts]
    found += ax.get_xticklabels() + ax.get_yticklabels()
    return [t for t in found if t.get_visible() and t.get_text()]


def shipped_path() -> str:
    return str(plotting.cjk_font_path())


def assert_uses_shipped_font(ax) -> None:
    family = plotting.setup_cjk_font()
    texts = texts_of(ax)
    assert texts
    for text in texts:
        props = text.get_fontproperties()
        assert props.get_family()[0] == family, (text.get_text(), props.get_family())
        found = font_manager.findfont(props, fallback_to_default=False)
        assert found == shipped_path(), (text.get_text(), found)


def all_text(ax) -> str:
    return "\n".join(t.get_text() for t in texts_of(ax))


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def ax():
    plotting.setup_cjk_font()
    _fig, axes = plt.subplots()
    return axes


FIGURES = {
    "basic_expenditure": 1234.5,
    "project_expenditure": 567.25,
    "personnel_expenditure": 800.0,
    "public_expenditure": 434.5,
}

FUNCTIONAL = pd.DataFrame(
    {
        "name": [
            "一般公共服务支出",
            f"{DISTRICT}社会保障和就业支出",
            SANGONG,
            f"同比 {MINUS_PCT}",
            f"城乡社区支出{PUNCT}",
        ],
        "amount": [523.1, 1400.0, 12.5, -3.2, 88.0],
    }
)

ECONOMIC = pd.DataFrame(
    {
        "name": [
            "工资福利支出",
            "商品和服务支出",
            SANGONG,
            f"对个人和家庭的补助 {MINUS_PCT}",
        ],
        "amount": [900.0, 300.0, 12.5, 45.0],
    }
)

PROJECTS = pd.DataFrame(
    {
        "project_name": [
            PROJECT,
            f"{DISTRICT}老旧小区改造提升工程（二期）：道路、管网",
            f"{SANGONG}压减 {MINUS_PCT}",
        ],
        "amount": [88.8, 1500.0, 6.0],
    }
)

SPLITS = [
    (plotting.plot_basic_project_split, ("基本支出", "项目支出")),
    (plotting.plot_personnel_public_split, ("人员经费", "公用经费")),
]

TABLES = [
    (plotting.plot_functional_structure, FUNCTIONAL, "name"),
    (plotting.plot_economic_structure, ECONOMIC, "name"),
    (plotting.plot_project_amounts, PROJECTS, "project_name"),
]


# --------------------------------------------------------------------------
# the font
# --------------------------------------------------------------------------


def test_setup_returns_shipped_family():
    family = plotting.setup_cjk_font()
    assert family == "Noto Sans SC"
    path = plotting.cjk_font_path()
    assert path.is_file()
    assert path.name == plotting.FONT_FILE
    # It is the file of the dependency, not a system font.
    assert "site-packages" in path.parts or plotting.FONT_PACKAGE in path.parts
    assert list(matplotlib.rcParams["font.family"]) == [family, "DejaVu Sans"]
    names = {e.name for e in font_manager.fontManager.ttflist if e.fname == str(path)}
    assert names == {family}
    assert font_manager.findfont(family, fallback_to_default=False) == str(path)


def test_font_covers_rare_characters_and_punctuation():
    charmap = font_manager.get_font(shipped_path()).get_charmap()
    for ch in "瀍潼橙“”（）：、\u2212" + DISTRICT + PROJECT.replace(" ", ""):
        assert ord(ch) in charmap, f"{ch!r} U+{ord(ch):04X} not in the shipped font"
    # The whole CJK Unified Ideographs block (bar the 16 newest code points),
    # not just GB2312.
    uro = sum(cp in charmap for cp in range(0x4E00, 0xA000))
    assert uro >= 20900


def test_unicode_minus_follows_the_font():
    plotting.setup_cjk_font()
    assert matplotlib.rcParams["axes.unicode_minus"] is True


def test_setup_is_idempotent_and_repairs_rcparams():
    family = plotting.setup_cjk_font()
    entries = len(font_manager.fontManager.ttflist)
    assert plotting.setup_cjk_font() == family
    assert len(font_manager.fontManager.ttflist) == entries
    matplotlib.rcdefaults()
    try:
        assert plotting.setup_cjk_font() == family
        assert matplotlib.rcParams["font.family"][0] == family
        assert len(font_manager.fontManager.ttflist) == entries
    finally:
        plotting.setup_cjk_font()


def test_missing_font_package_raises_font_error(monkeypatch):
    monkeypatch.setattr(plotting, "_state", {})
    monkeypatch.setattr(plotting, "FONT_PACKAGE", "no_such_font_package_xyz")
    with pytest.raises(FontError, match="pip install") as info:
        plotting.setup_cjk_font()
    assert isinstance(info.value, ChanheBudgetError)


def test_missing_font_file_raises_font_error(monkeypatch):
    monkeypatch.setattr(plotting, "_state", {})
    monkeypatch.setattr(plotting, "FONT_FILE", "NoSuchFont-Regular.otf")
    with pytest.raises(FontError, match=r"NoSuchFont-Regular\.otf"):
        plotting.setup_cjk_font()


def test_detector_catches_a_missing_glyph():
    """The check used below does see matplotlib's warning when a glyph is missing."""
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title(DISTRICT)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            render(fig)
    assert any(_is_glyph_warning(str(w.message)) for w in caught)


# --------------------------------------------------------------------------
# the charts
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("func", "labels"), SPLITS, ids=lambda x: getattr(x, "__name__", "")
)
def test_split_chart(ax, func, labels):
    with no_glyph_warnings():
        returned = func(FIGURES, ax=ax, title=f"{DISTRICT}{SANGONG} {MINUS_PCT}")
        render(ax.figure)
    assert returned is ax
    text = all_text(ax)
    for label in labels:
        assert label in text
    assert "%" in text  # percentage labels
    assert "万元" in text
    assert_uses_shipped_font(ax)


def test_split_percentages_are_shares_of_the_two():
    ax = plotting.plot_basic_project_split(
        {"basic_expenditure": 75, "project_expenditure": 25}
    )
    text = all_text(ax)
    assert "75.0%" in text
    assert "25.0%" in text


@pytest.mark.parametrize(
    ("func", "df", "col"), TABLES, ids=lambda x: getattr(x, "__name__", "")
)
def test_ranked_chart(ax, func, df, col):
    with no_glyph_warnings():
        returned = func(df, ax=ax)
        render(ax.figure)
    assert returned is ax
    # largest first, at the top
    shown = [t.get_text().replace("\n", "") for t in ax.get_yticklabels()]
    expected = df.sort_values("amount", ascending=False)[col].tolist()
    assert shown == expected
    assert ax.yaxis_inverted()
    assert "万元" in ax.get_xlabel()
    assert_uses_shipped_font(ax)


def test_minus_sign_in_values_renders():
    df = pd.DataFrame({"name": [f"调减 {MINUS_PCT}", "调增"], "amount": [-12.5, 30.0]})
    with no_glyph_warnings():
        ax = plotting.plot_functional_structure(df)
        render(ax.figure)
    assert "\u221212.50" in all_text(ax)


def test_ax_none_makes_a_new_figure():
    before = set(plt.get_fignums())
    with no_glyph_warnings():
        ax = plotting.plot_project_amounts(PROJECTS)
        render(ax.figure)
    assert set(plt.get_fignums()) - before == {ax.figure.number}
    with no_glyph_warnings():
        ax2 = plotting.plot_basic_project_split(FIGURES)
        render(ax2.figure)
    assert ax2.figure is not ax.figure


def test_axes_made_before_setup_still_get_the_cjk_font():
    """Tick labels of an axes created under other rcParams must not stay in DejaVu Sans."""
    matplotlib.rcdefaults()
    try:
        fig, ax = plt.subplots()  # made with matplotlib's defaults
        with no_glyph_warnings():
            assert plotting.plot_project_amounts(PROJECTS, ax=ax) is ax
            render(fig)
        assert_uses_shipped_font(ax)
    finally:
        plotting.setup_cjk_font()


def test_all_charts_on_one_figure_png_pdf_svg():
    fig, axes = plt.subplots(2, 3, figsize=(18, 10))
    with no_glyph_warnings():
        got = [
            plotting.plot_basic_project_split(FIGURES, ax=axes[0, 0]),
            plotting.plot_personnel_public_split(FIGURES, ax=axes[0, 1]),
            plotting.plot_functional_structure(FUNCTIONAL, ax=axes[0, 2]),
            plotting.plot_economic_structure(ECONOMIC, ax=axes[1, 0]),
            plotting.plot_project_amounts(PROJECTS, ax=axes[1, 1]),
            plotting.plot_project_amounts(None, ax=axes[1, 2]),
        ]
        assert render(fig, "png").startswith(b"\x89PNG")
        assert render(fig, "pdf").startswith(b"%PDF")
        assert b"<svg" in render(fig, "svg")
    assert got == list(axes.flat)


# --------------------------------------------------------------------------
# missing data
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "figures",
    [
        None,
        {},
        {
            "basic_expenditure": None,
            "project_expenditure": None,
            "personnel_expenditure": None,
            "public_expenditure": None,
        },
        {
            "basic_expenditure": float("nan"),
            "project_expenditure": pd.NA,
            "personnel_expenditure": float("nan"),
            "public_expenditure": pd.NA,
        },
    ],
)
@pytest.mark.parametrize(
    ("func", "labels"), SPLITS, ids=lambda x: getattr(x, "__name__", "")
)
def test_split_without_data_says_so(ax, func, labels, figures):
    with no_glyph_warnings():
        assert func(figures, ax=ax) is ax
        render(ax.figure)
    assert plotting.NO_DATA_TEXT in [t.get_text() for t in ax.texts]


def test_split_with_one_part_missing():
    with no_glyph_warnings():
        ax = plotting.plot_personnel_public_split(
            {"personnel_expenditure": 800.0, "public_expenditure": None}
        )
        render(ax.figure)
    text = all_text(ax)
    assert "无数据" in text
    assert "800.00" in text
    assert "%" not in text  # no share without both parts


@pytest.mark.parametrize("empty", ["none", "no_rows", "all_missing"])
@pytest.mark.parametrize(
    ("func", "df", "col"), TABLES, ids=lambda x: getattr(x, "__name__", "")
)
def test_ranked_without_data_says_so(ax, func, df, col, empty):
    data = {
        "none": None,
        "no_rows": df.iloc[0:0],
        "all_missing": df.assign(amount=None),
    }[empty]
    with no_glyph_warnings():
        assert func(data, ax=ax) is ax
        render(ax.figure)
    assert plotting.NO_DATA_TEXT in [t.get_text() for t in ax.texts]


def test_ranked_skips_and_counts_missing_rows():
    df = pd.DataFrame(
        {
            "project_name": [PROJECT, SANGONG, DISTRICT],
            "amount": [10.0, None, float("nan")],
        }
    )
    with no_glyph_warnings():
        ax = plotting.plot_project_amounts(df)
        render(ax.figure)
    assert [t.get_text() for t in ax.get_yticklabels()] == [PROJECT]
    assert "另有 2 项无数据" in ax.get_xlabel()


def test_series_input():
    series = pd.Series({SANGONG: 12.5, DISTRICT: 100.0})
    ax = plotting.plot_economic_structure(series)
    assert [t.get_text() for t in ax.get_yticklabels()] == [DISTRICT, SANGONG]


def test_wrong_columns_raise_parameter_error():
    with pytest.raises(ParameterError, match="project_name"):
        plotting.plot_project_amounts(pd.DataFrame({"name": ["x"], "amount": [1.0]}))


def test_non_numeric_amount_raises_type_error():
    with pytest.raises(TypeError, match="万元"):
        plotting.plot_functional_structure(
            pd.DataFrame({"name": ["x"], "amount": ["abc"]})
        )


# --------------------------------------------------------------------------
# imports
# --------------------------------------------------------------------------


def test_importing_the_package_does_not_import_matplotlib():
    code = "import sys, chanhe_budget; print('matplotlib' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "False"


def test_shipped_font_wins_over_a_system_font_of_the_same_name(tmp_path):
    """A copy of Noto Sans SC registered first (as a system font would be) is not used."""
    copy = tmp_path / "NotoSansSC-Regular.otf"
    copy.write_bytes(Path(shipped_path()).read_bytes())
    code = textwrap.dedent(
        f"""
        from matplotlib import font_manager
        font_manager.fontManager.addfont({str(copy)!r})
        from chanhe_budget.plots import disclosure as plotting
        family = plotting.setup_cjk_font()
        print(font_manager.findfont(family, fallback_to_default=False))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )
    assert out.stdout.strip() == shipped_path()


def test_basic_project_split_shows_a_reserve_as_a_third_bar():
    """Jiangsu budgets have a third spending category (单位预留机动经费): shares are of the three."""
    from chanhe_budget.plots import plot_basic_project_split

    ax = plot_basic_project_split({"basic_expenditure": 12323.48, "project_expenditure": 5533.00,
                                   "reserve_expenditure": 140.20})
    assert [t.get_text() for t in ax.get_xticklabels()] == ["基本支出", "项目支出", "单位预留机动经费"]
    labels = [t.get_text() for t in ax.texts]
    assert any("68.5" in t for t in labels) and any("0.8" in t for t in labels)
    assert len(plot_basic_project_split({"basic_expenditure": 1.0, "project_expenditure": 1.0,
                                         "reserve_expenditure": None}).patches) == 2
