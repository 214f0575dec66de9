"""The election law's checklist: a warning per missing pledge item, and the 선거공약서's closing line."""

from __future__ import annotations

from collections.abc import Sequence

from ..model import Diagnostic, Document
from ..transforms import iter_blocks, plain_text
from .labels import STATUTORY_LINE
from .labels import squeeze as _squeeze
from .recognise import Pledge, find_pledges

MISSING = "pledge-item-missing"
NO_PLEDGES = "no-pledges"
STATUTORY_MISSING = "statutory-line-missing"
#: Codes that make ``check``/``build`` with ``--require-pledge-items`` exit 6.
CODES = frozenset({MISSING, NO_PLEDGES, STATUTORY_MISSING})


def item_warnings(pledges: Sequence[Pledge]) -> list[Diagnostic]:
    """One ``pledge-item-missing`` warning per missing item, at the pledge's line."""
    return [
        Diagnostic(MISSING, f"pledge {p.order} '{p.title}' does not state its {key}", p.line, p.source)
        for p in pledges
        for key in p.missing()
    ]


def has_statutory_line(doc: Document) -> bool:
    """Whether the document states "이 선거공약서는 「공직선거법」 제66조의 규정에 따른 것입니다"."""
    for block in iter_blocks(doc.blocks):
        children = getattr(block, "children", None)
        if children is None:
            continue
        if _squeeze(STATUTORY_LINE) in _squeeze(plain_text(children)):
            return True
    return False


def check_pledges(doc: Document, *, profile: str | None = None) -> list[Diagnostic]:
    """The pledge checklist for ``doc``: missing items and, for a 선거공약서 (``election-book``), the
    statutory closing line. A document with no pledges at all is one warning, not silence."""
    pledges = find_pledges(doc)
    found = item_warnings(pledges)
    if not pledges:
        found.append(
            Diagnostic(
                NO_PLEDGES,
                "no pledges found (a heading with an ordinal such as '첫째,' or '1.', or a '공약순위' line)",
                0,
                doc.source,
            )
        )
    if profile == "election-book" and not has_statutory_line(doc):
        last = doc.origins[-1][1] if doc.origins else doc.source
        found.append(
            Diagnostic(STATUTORY_MISSING, f'a 선거공약서 ends with the line "{STATUTORY_LINE}"', 0, last)
        )
    return found
