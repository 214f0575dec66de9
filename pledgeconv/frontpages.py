"""The pages before the body — the cover and the contents: whether a document gets them, decided once.

The rule, for every format (the resolution pass asks it; each exporter only draws the answer):

* **Cover**: when the metadata says more than the opening H1 does (a subtitle, an author or party,
  an election, a date, a cover picture, or a title the body does not open with). PDF, DOCX and HWPX
  draw a cover page, HTML a title block, EPUB a title page. The braille bulletin always opens with
  its cover (the election commissions' production guides ask for one).
* **Contents**: ``--toc`` forces a contents page (when there is any heading to list), ``--no-toc``
  removes it; by default a document gets one when it has something to find — at least two chapters
  (H1) or four headings — and is long enough to need it: more than about a page and a half of body
  (:data:`CONTENTS_MIN_LINES` estimated lines). Every format lists the same headings (down to
  ``--toc-depth``): PDF, DOCX and HWPX on a page of their own, HTML in a ``nav`` after the title, EPUB
  as its navigation page in the reading order. An EPUB always has its navigation document (reading
  systems build their menu from it); without a contents page it is left out of the reading order.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .frozen import dataclass
from .model import (
    Block,
    CodeBlock,
    Document,
    Figure,
    Heading,
    Inline,
    Meta,
    Paragraph,
    Slogan,
    Table,
)
from .transforms import iter_blocks, plain_text

#: Formats whose cover is not the document's choice.
ALWAYS_COVER = frozenset({"brf"})
#: Estimated body lines (of :data:`LINE_EMS` ems, about 44 to an A4 page) below which a document
#: gets no contents page unless ``--toc`` asks for one: a page and a half.
CONTENTS_MIN_LINES = 66
LINE_EMS = 42.0  # a body line of the A4 page: 42 Hangul syllables, 84 Latin letters


@dataclass(frozen=True, slots=True)
class TocEntry:
    """One heading in the table of contents."""

    level: int
    id: str
    title: str
    children: tuple[Inline, ...]


@dataclass(frozen=True, slots=True)
class Contents:
    """What the contents list (``entries``: always, for a format's own navigation: EPUB's menu)
    and whether a contents page is drawn (``page``)."""

    entries: tuple[TocEntry, ...] = ()
    page: bool = False

    @property
    def shown(self) -> tuple[TocEntry, ...]:
        """The lines of the contents page: the entries when there is a page, else none."""
        return self.entries if self.page else ()


def toc(doc: Document, depth: int = 3) -> tuple[TocEntry, ...]:
    """The headings down to ``depth`` that have ids, in order."""
    return tuple(
        TocEntry(b.level, b.id, plain_text(b.children), b.children)
        for b in iter_blocks(doc.blocks)
        if isinstance(b, Heading) and b.id and b.level <= depth
    )


def contents(doc: Document, option: bool | None, depth: int = 3) -> Contents:
    """The contents decision for ``doc`` with ``--toc`` (True), ``--no-toc`` (False) or neither (None)."""
    entries = toc(doc, depth)
    if option is None and wants_toc(entries, None):  # enough headings: is the body long enough?
        return Contents(entries, wants_toc(entries, None, estimated_lines(doc.blocks, CONTENTS_MIN_LINES)))
    return Contents(entries, wants_toc(entries, option))


def wants_toc(entries: Sequence[TocEntry], option: bool | None, lines: float = math.inf) -> bool:
    """Whether there is a contents page: ``option`` True forces one (when there is any heading),
    False removes it; None decides from the document: at least two chapters (H1) or at least four
    headings, in a body of at least :data:`CONTENTS_MIN_LINES` estimated ``lines``."""
    if option is not None:
        return option and bool(entries)
    chapters = sum(1 for e in entries if e.level == 1)
    return (chapters >= 2 or len(entries) >= 4) and lines >= CONTENTS_MIN_LINES


def _ems(text: str) -> float:
    """The width of ``text`` in ems: a Hangul syllable or a CJK character one, anything else half."""
    return sum(1.0 if ord(ch) >= 0x1100 else 0.5 for ch in text)


def _lines(text: str, width: float = LINE_EMS) -> int:
    return max(1, math.ceil(_ems(text) / width))


def estimated_lines(blocks: Sequence[Block], enough: float = math.inf) -> float:
    """About how many body lines ``blocks`` fill on an A4 page (with the space between blocks): an
    estimate from the text alone, the same for every format, made before any of them lays it out.
    Counting stops once ``enough`` lines are found (a book is not read to the end for the answer)."""
    total = 0.0
    for block in (b for top in blocks if total < enough for b in iter_blocks([top])):
        if isinstance(block, Paragraph):
            total += _lines(plain_text(block.children)) + 0.5
        elif isinstance(block, Heading):
            total += _lines(plain_text(block.children)) + 1.5
        elif isinstance(block, CodeBlock):
            total += block.text.count("\n") + 1.5
        elif isinstance(block, Table):
            rows = (block.head, *block.rows) if block.head else block.rows
            columns = max((len(r) for r in rows), default=1) or 1
            total += 1 + sum(
                max((_lines(plain_text(c.children), LINE_EMS / columns) for c in row), default=1)
                for row in rows
            )
        elif isinstance(block, Figure):
            total += 14
        elif isinstance(block, Slogan):
            total += len(block.lines) + 2
        else:
            total += 0.5
    return total


def title_is_first_h1(doc: Document) -> bool:
    """True when the document opens with an H1 that says the title (convention 1)."""
    first = doc.blocks[0] if doc.blocks else None
    return isinstance(first, Heading) and first.level == 1 and plain_text(first.children) == doc.meta.title


def has_cover_page(doc: Document) -> bool:
    """Whether the metadata says more than the opening H1 does, so a cover page is worth it."""
    meta = doc.meta
    return bool(
        meta.subtitle or meta.author or meta.party or meta.election or meta.date or meta.cover
        or (meta.title and not title_is_first_h1(doc))
    )  # fmt: skip


def byline(meta: Meta) -> str:
    """ "정당 · 후보" as the cover and title blocks print it."""
    return " · ".join(x for x in (meta.party, meta.author) if x)
