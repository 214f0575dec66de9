"""The author's heading outline: where a level is skipped (H1 → H3), which `check` reports."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .frontpages import title_is_first_h1
from .model import Block, Diagnostic, Document, Heading, RawBlock
from .transforms import iter_blocks


def heading_skips(doc: Document) -> list[Diagnostic]:
    """A ``heading-skip`` warning for each heading more than one level below the one before it
    (a screen reader's outline, and axe-core's ``heading-order``, see a missing level). The first
    heading is measured against the title when the title is drawn as an H1 of its own. The exports
    keep the author's levels; this only tells the author. In a book each warning names the chapter."""
    previous = 1 if doc.meta.title and not title_is_first_h1(doc) else 0
    found: list[Diagnostic] = []
    for index, level, line in _levels(doc.blocks):
        if previous and level > previous + 1:
            source = doc.parts()[doc.part_of(index)][2]
            found.append(
                Diagnostic(
                    "heading-skip",
                    f"heading level skips from H{previous} to H{level} (no H{previous + 1} between): "
                    "readers that list headings see a gap; the exports keep the levels as written",
                    line,
                    source,
                )
            )
        previous = level
    return found


_RAW_HEADING = re.compile(r"<h([1-6])[\s>]", re.IGNORECASE)


def _levels(blocks: tuple[Block, ...]) -> Iterator[tuple[int, int, int]]:
    """(top-level block index, level, line) of each heading, those inside quotes, lists and divs
    (as the contents and the PDF's tags count them) and the author's raw HTML ``<h3>`` too."""
    for index, top in enumerate(blocks):
        for block in iter_blocks([top]):
            if isinstance(block, Heading):
                yield index, block.level, block.line
            elif isinstance(block, RawBlock) and block.format == "html":
                for found in _RAW_HEADING.finditer(block.text):
                    yield index, int(found.group(1)), block.line + block.text.count("\n", 0, found.start())
