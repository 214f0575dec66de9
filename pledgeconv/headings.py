"""The author's heading outline: where a level is skipped (H1 → H3), which `check` reports."""

from __future__ import annotations

import bisect

from .model import Diagnostic, Document, Heading
from .transforms import title_is_first_h1


def heading_skips(doc: Document) -> list[Diagnostic]:
    """A ``heading-skip`` warning for each heading more than one level below the one before it
    (a screen reader's outline, and axe-core's ``heading-order``, see a missing level). The first
    heading is measured against the title when the title is drawn as an H1 of its own. The exports
    keep the author's levels; this only tells the author. In a book each warning names the chapter."""
    starts = [start for start, _ in doc.origins]
    previous = 1 if doc.meta.title and not title_is_first_h1(doc) else 0
    found: list[Diagnostic] = []
    for index, block in enumerate(doc.blocks):
        if not isinstance(block, Heading):
            continue
        if previous and block.level > previous + 1:
            source = doc.origins[bisect.bisect_right(starts, index) - 1][1] if doc.origins else doc.source
            found.append(
                Diagnostic(
                    "heading-skip",
                    f"heading level skips from H{previous} to H{block.level} (no H{previous + 1} between): "
                    "readers that list headings see a gap; the exports keep the levels as written",
                    block.line,
                    source,
                )
            )
        previous = block.level
    return found
