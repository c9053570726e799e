"""The templates the package knows, listed explicitly, and the choice of one for a document.

Why: a new template is one data module in this folder plus one entry in
:data:`TEMPLATES` — nothing registers itself by being imported.
"""

from __future__ import annotations

from .final_accounts import FINAL_ACCOUNTS
from .henan import HENAN
from .shanghai import SHANGHAI
from .spec import Template, compact

__all__ = ["KIND_WORDS", "TEMPLATES", "detect_template", "document_kind", "template_hits", "templates"]

#: Every template, in the order detection breaks ties.
TEMPLATES: tuple[Template, ...] = (HENAN, SHANGHAI, FINAL_ACCOUNTS)


def templates() -> dict[str, Template]:
    """All templates by name."""
    return {template.name: template for template in TEMPLATES}


#: The word a document's title uses for each kind of disclosure.
KIND_WORDS: dict[str, str] = {"budget": "预算", "final_accounts": "决算"}


def document_kind(lines_text: str) -> str | None:
    """``"budget"`` or ``"final_accounts"`` as the document's title says (部门预算 / 部门决算), None when
    the title (the first lines, before the table of contents) names neither or both."""
    head: list[str] = []
    for line in lines_text.splitlines():
        text = compact(line).lstrip("-*")
        if not text:
            continue
        if text.startswith(("#", "目录")) or "\t" in line or len(head) >= 8:
            break
        head.append(text)
    title = "".join(head)
    kinds = [kind for kind, word in KIND_WORDS.items() if word in title]
    return kinds[0] if len(kinds) == 1 else None


def template_hits(lines_text: str, template: Template) -> list[str]:
    """The canonical names of the template's tables whose title (or an alias) the text prints."""
    body = compact(lines_text)
    return [t.name for t in template.tables if any(compact(x) in body for x in t.titles())]


def detect_template(lines_text: str) -> Template:
    """The template whose markers and table titles best fit the document.

    Only templates of the kind the title names (预算 or 决算, see :func:`document_kind`) compete,
    so a 决算 is never read as a budget template nor a budget as a 决算.
    """
    kind = document_kind(lines_text)
    candidates = [t for t in TEMPLATES if kind is None or t.kind == kind] or list(TEMPLATES)
    best, best_score = None, -1
    body = compact(lines_text)
    for template in candidates:
        score = sum(3 for m in template.markers if compact(m) in body)
        score += len(template_hits(lines_text, template))
        if score > best_score:
            best, best_score = template, score
    assert best is not None
    return best
