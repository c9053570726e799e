"""Chinese text in the HTML reports, readable on any machine: the shipped font, subset and embedded.

Why: the charts carry their glyphs as pixels, but the HTML text is drawn by the
reader's browser with the fonts *its* machine has — on a server or a fresh
container that is often none for Chinese, and every 瀍 becomes a box. The
report therefore embeds the same OFL font the charts use, cut down to the
characters the page prints (a few hundred glyphs, ~75 KB as OpenType).
"""

from __future__ import annotations

import base64
import io
import threading

from ..config import PACKAGE_DIR, notebook_dirs
from ..plots.disclosure import cjk_font_path

__all__ = ["embed_font", "font_face_css", "preload_font"]

FAMILY = "Chanhe CJK"
#: Tables the subsetter reads: parsed ahead by :func:`preload_font`.
_TABLES = ("cmap", "CFF ", "GSUB", "GPOS", "GDEF", "hmtx", "name", "OS/2", "post", "head", "hhea", "maxp")
_preloaded: list = []
_prepared: list[tuple[frozenset[str], str]] = []  # (characters, @font-face rule) subsets made ahead
_lock = threading.Lock()
#: Characters nbconvert's page template adds (the heading anchors).
TEMPLATE_CHARACTERS = "¶"


def _load_font():
    from fontTools import subset  # noqa: F401  (imported here so that a preload covers it)
    from fontTools.ttLib import TTFont


    # recalcBBoxes=False: the subset keeps the full font's bounding boxes (a superset, harmless for a browser)
    # instead of recomputing them from every kept glyph outline when saving (measured: most of the save time)
    font = TTFont(cjk_font_path(), lazy=True, recalcBBoxes=False)
    for tag in _TABLES:
        if tag in font:
            font[tag]  # parse now
    return font


def preload_font() -> None:
    """Import fontTools and parse the font ahead, for the next :func:`font_face_css` of this process.

    A report calls this from a thread while its kernel runs (the parent is
    only waiting then), so the page export pays only for the subset itself.
    """
    font = _load_font()
    with _lock:
        _preloaded[:] = [font]


def _take_font():
    with _lock:
        if _preloaded:
            return _preloaded.pop()
    return _load_font()  # a subsetter changes the font it cuts: each page needs a fresh one


def _characters(text: str) -> frozenset[str]:
    return frozenset(c for c in text if ord(c) > 127)


def package_text() -> str:
    """Every character the package and its notebooks can print: labels, check descriptions, headings."""

    files = [*PACKAGE_DIR.rglob("*.py"), *(p for folder in notebook_dirs() if folder.is_dir()
                                          for p in folder.glob("*.ipynb"))]
    return "".join(sorted({c for f in files for c in f.read_text(encoding="utf-8") if ord(c) > 127}))


def prepare_font_css(text: str, family: str = FAMILY) -> None:
    """Subset the font ahead to the characters of ``text`` (a superset of the page to come: the source
    document's text plus :func:`package_text`); :func:`font_face_css` uses it when the page's characters
    are all in it, and cuts a fresh subset otherwise. Run in a thread while a kernel runs."""
    characters = _characters(text + TEMPLATE_CHARACTERS)
    rule = _subset_rule(characters, family, _load_font())
    with _lock:
        _prepared[:] = [(characters, rule)]


def font_face_css(text: str, family: str = FAMILY) -> str:
    """A ``@font-face`` rule holding the shipped CJK font, subset to the non-ASCII characters of ``text``
    (or to a superset of them prepared ahead by :func:`prepare_font_css`)."""
    needed = _characters(text)
    if not needed:
        return ""
    with _lock:  # a prepared cut serves the one page it was made for: taken (or dropped) by the next call
        prepared, _prepared[:] = list(_prepared), []
    for characters, rule in prepared:
        if needed <= characters and family in rule:
            return rule
    return _subset_rule(needed, family, _take_font())


def _subset_rule(needed: frozenset[str], family: str, font) -> str:
    from fontTools import subset

    characters = "".join(sorted(needed))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)  # plain OpenType: WOFF's zlib gains nothing on a CFF subset (measured) and costs time
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f'@font-face{{font-family:"{family}";src:url(data:font/otf;base64,{data}) format("opentype");}}'


def embed_font(html: str) -> str:
    """The page with the subset font embedded and put first in its font list (the page's own CSS kept)."""
    rule = font_face_css(html)
    if not rule or "</head>" not in html:
        return html
    style = (f"<style>{rule}body,table,th,td,p,li,h1,h2,h3,h4,div,span"
             f'{{font-family:"{FAMILY}",system-ui,-apple-system,"Segoe UI",sans-serif;}}</style>')
    head, _, rest = html.partition("</head>")
    return f"{head}{style}</head>{rest}"
