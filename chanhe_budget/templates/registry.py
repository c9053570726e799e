"""The templates the package knows, listed explicitly, and the choice of one for a document.

Why: a new template is one data module in this folder plus one entry in
:data:`TEMPLATES` — nothing registers itself by being imported.

Detection is scored, not guessed: every template of the document's kind (预算 or 决算, from
the words of its title) looks for its own tables — a table counts when its title is
recognised and its header rows print the table's own column words — and the template that
finds the largest share of the tables it expects wins. Below :data:`MIN_SHARE` of them (or
fewer than :data:`MIN_TABLES`) the document is refused with
:class:`~chanhe_budget.errors.TemplateNotRecognisedError`, naming the closest template and the
tables found and missing: a document is never read with a template that matches one table
in fourteen.
"""

from __future__ import annotations

from dataclasses import dataclass

from .final_accounts import FINAL_ACCOUNTS
from .henan import HENAN
from .jiangsu import JIANGSU
from .shanghai import SHANGHAI
from .spec import Template, compact

__all__ = ["KIND_WORDS", "MIN_SHARE", "MIN_TABLES", "TEMPLATES", "Detection", "detect", "detect_template",
           "document_kind", "template_hits", "templates"]

#: Every template, in the order detection breaks ties.
TEMPLATES: tuple[Template, ...] = (HENAN, SHANGHAI, FINAL_ACCOUNTS, JIANGSU)

#: The floor of detection: the share of a template's expected tables a document must print, and
#: the fewest tables (title recognised and header confirmed) it must print.
MIN_SHARE = 0.2
MIN_TABLES = 3

#: The word a document's title uses for each kind of disclosure.
KIND_WORDS: dict[str, str] = {"budget": "预算", "final_accounts": "决算"}


def templates() -> dict[str, Template]:
    """All templates by name."""
    return {template.name: template for template in TEMPLATES}


@dataclass(frozen=True)
class Detection:
    """How well one template fits a document.

    ``found``: canonical names of its tables whose title was recognised and whose header
    confirmed it; ``unconfirmed``: titles recognised whose header is another table's;
    ``missing``: expected tables not found; ``score``: share of the expected tables found.
    """

    template: Template
    found: tuple[str, ...]
    missing: tuple[str, ...]
    unconfirmed: tuple[str, ...]
    score: float
    kind: str
    hits: tuple = ()

    @property
    def accepted(self) -> bool:
        """True when the document is above the floor for this template."""
        return len(self.found) >= MIN_TABLES and self.score >= MIN_SHARE

    def describe(self) -> str:
        return (f"{self.template.name}: {len(self.found)} of {len(self.template.expected)} tables "
                f"({self.score:.0%}); missing {', '.join(self.missing) or 'none'}")


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


def _kind_of_lines(lines) -> str | None:
    """:func:`document_kind` of numbered lines, reading only the title lines it needs."""
    head: list[str] = []
    for line in lines:
        if not line.text.strip():
            continue
        if line.is_row or len(head) >= 8:
            break
        head.append(line.text)
    return document_kind("\n".join(head))


def template_hits(lines_text: str, template: Template) -> list[str]:
    """The canonical names of the template's tables whose title (or an alias) the text prints."""
    body = compact(lines_text)
    return [t.name for t in template.tables if any(compact(x) in body for x in t.titles())]


def score(lines, template: Template, kind: str, candidates=None) -> Detection:
    """How well ``template`` fits the numbered lines of a document (``candidates``: its title candidates)."""
    from ..parse.segment import find_titles

    hits = find_titles(lines, template, candidates)
    found = tuple(dict.fromkeys(h.spec.name for h in hits if h.confirmed))
    unconfirmed = tuple(dict.fromkeys(h.spec.name for h in hits if not h.confirmed and h.spec.name not in found))
    expected = template.expected
    missing = tuple(name for name in expected if name not in found)
    share = sum(1 for name in found if name in expected) / len(expected) if expected else 0.0
    return Detection(template, found, missing, unconfirmed, round(share, 4), kind, tuple(hits))


def detect(lines, candidates: tuple[Template, ...] | None = None) -> list[Detection]:
    """Every template of the document's kind scored against it, best first (the first may be below the floor).

    Templates are compared by the share of their own expected tables found, then by the number
    found, then by their order in :data:`TEMPLATES`. Only templates of the kind the title names
    (预算 or 决算, :func:`document_kind`) compete, so a 决算 is never read as a budget template nor a
    budget as a 决算; all compete when the title names neither.
    """
    from ..parse.segment import title_candidates

    kind = _kind_of_lines(lines)
    pool = candidates if candidates is not None else TEMPLATES
    same = tuple(t for t in pool if kind is None or t.kind == kind) or pool
    titles = title_candidates(lines)
    results = [score(lines, template, kind or template.kind, titles) for template in same]
    order = {t.name: i for i, t in enumerate(pool)}
    return sorted(results, key=lambda d: (-d.score, -len(d.found), order[d.template.name]))


def detect_template(lines_text: str) -> Template:
    """The template that fits a document's text best (no floor; see :func:`detect`).

    Text whose tables are not cells yet (page text before :mod:`chanhe_budget.read.plain_text`
    has read it) confirms no table: then the template whose markers and table titles the text
    prints wins, among those of the kind its title names.
    """
    from ..read.source import Source, source_to_lines

    best = detect(source_to_lines(Source(lines_text, "str")))[0]
    if best.found:
        return best.template
    kind = document_kind(lines_text)
    candidates = [t for t in TEMPLATES if kind is None or t.kind == kind] or list(TEMPLATES)
    body = compact(lines_text)
    return max(candidates, key=lambda t: sum(3 for m in t.markers if compact(m) in body)
               + len(template_hits(lines_text, t)))


def markers_found(text: str, template: Template) -> int:
    """How many of the template's marker phrases the text prints (a hint for error messages)."""
    body = compact(text)
    return sum(1 for m in template.markers if compact(m) in body)
