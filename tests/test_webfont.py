"""The HTML reports carry their own subset of the CJK font, so any browser shows the Chinese."""

from __future__ import annotations

import base64
import io
import re

from fontTools.ttLib import TTFont

from chanhe_budget.report.webfont import FAMILY, embed_font, font_face_css


def test_subset_holds_exactly_the_page_characters():
    css = font_face_css("洛阳市瀍河回族区 abc “三公”经费")
    data = base64.b64decode(re.search(r"base64,([A-Za-z0-9+/=]+)", css).group(1))
    font = TTFont(io.BytesIO(data))
    cmap = font.getBestCmap()
    assert {ord(c) for c in "瀍河“三公”经费"} <= set(cmap)
    assert ord("潼") not in cmap  # only what the page prints
    assert len(data) < 60_000


def test_embed_font_puts_the_font_first_and_keeps_the_page():
    page = "<html><head><title>t</title></head><body><p>部门预算 瀍河</p></body></html>"
    html = embed_font(page)
    assert html.count("@font-face") == 1 and f'font-family:"{FAMILY}"' in html
    assert html.endswith("<body><p>部门预算 瀍河</p></body></html>")


def test_ascii_page_is_left_alone():
    page = "<html><head></head><body>plain</body></html>"
    assert embed_font(page) == page
