"""Chinese text in the HTML reports, readable on any machine: the shipped font, subset and embedded.

Why: the charts carry their glyphs as pixels, but the HTML text is drawn by the
reader's browser with the fonts *its* machine has — on a server or a fresh
container that is often none for Chinese, and every 瀍 becomes a box. The
report therefore embeds the same OFL font the charts use, cut down to the
characters the page prints (a few hundred glyphs, ~80 KB as WOFF).
"""

from __future__ import annotations

import base64
import io

__all__ = ["embed_font", "font_face_css"]

FAMILY = "Chanhe CJK"


def font_face_css(text: str, family: str = FAMILY) -> str:
    """A ``@font-face`` rule holding the shipped CJK font, subset to the non-ASCII characters of ``text``."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from ..plots.disclosure import cjk_font_path

    characters = "".join(sorted({c for c in text if ord(c) > 127}))
    if not characters:
        return ""
    options = subset.Options()
    options.flavor = "woff"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = TTFont(cjk_font_path(), lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff"
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'@font-face{{font-family:"{family}";src:url(data:font/woff;base64,{data}) format("woff");}}'


def embed_font(html: str) -> str:
    """The page with the subset font embedded and put first in its font list (the page's own CSS kept)."""
    rule = font_face_css(html)
    if not rule or "</head>" not in html:
        return html
    style = (f"<style>{rule}body,table,th,td,p,li,h1,h2,h3,h4,div,span"
             f'{{font-family:"{FAMILY}",system-ui,-apple-system,"Segoe UI",sans-serif;}}</style>')
    head, _, rest = html.partition("</head>")
    return f"{head}{style}</head>{rest}"
