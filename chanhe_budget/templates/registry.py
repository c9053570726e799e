"""The templates the package knows, listed explicitly, and the choice of one for a document.

Why: a new template is one data module in this folder plus one entry in
:data:`TEMPLATES` — nothing registers itself by being imported.
"""

from __future__ import annotations

from .henan import HENAN
from .shanghai import SHANGHAI
from .spec import Template, compact

__all__ = ["TEMPLATES", "detect_template", "templates"]

#: Every template, in the order detection breaks ties.
TEMPLATES: tuple[Template, ...] = (HENAN, SHANGHAI)


def templates() -> dict[str, Template]:
    """All templates by name."""
    return {template.name: template for template in TEMPLATES}


def detect_template(lines_text: str) -> Template:
    """The template whose markers and table titles best fit the document."""
    best, best_score = None, -1
    body = compact(lines_text)
    for template in TEMPLATES:
        score = sum(3 for m in template.markers if compact(m) in body)
        score += sum(1 for t in template.tables if any(compact(x) in body for x in t.titles()))
        if score > best_score:
            best, best_score = template, score
    assert best is not None
    return best
