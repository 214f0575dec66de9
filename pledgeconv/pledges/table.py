"""``--pledge-table``: a 공약 이행계획표 (pledges × the five items) added to the document as a table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from ..model import Block, Div, Document, Heading, Inline, LineBreak, Table, TableCell, Text
from ..transforms import iter_blocks, slugify, split_at_h1
from .labels import ITEMS
from .recognise import Pledge, find_pledges

TITLE = "공약 이행계획표"
CLASS = "pledge-table"
MISSING = "—"
#: A cell shows the first lines of an item, each cut at a readable length; the full text is above.
MAX_LINES = 3
MAX_CHARS = 60


def _cell_text(text: str) -> tuple[Inline, ...]:
    lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
    if not lines:
        return (Text(MISSING),)
    shown = [ln if len(ln) <= MAX_CHARS else ln[: MAX_CHARS - 1].rstrip() + "…" for ln in lines[:MAX_LINES]]
    if len(lines) > MAX_LINES:
        shown[-1] = shown[-1].rstrip("…") + " …"
    out: list[Inline] = []
    for k, line in enumerate(shown):
        if k:
            out.append(LineBreak())
        out.append(Text(line))
    return tuple(out)


def pledge_table(pledges: Sequence[Pledge], level: int, ids: set[str]) -> tuple[Block, ...]:
    """A heading and the table: one row per pledge, one column per item (``—`` where missing)."""
    base = slugify(TITLE)
    anchor, n = base, 1
    while anchor in ids:
        n += 1
        anchor = f"{base}-{n}"
    ids.add(anchor)
    head = tuple(TableCell((Text(label),)) for label in ("공약", *ITEMS))
    rows = tuple(
        (
            TableCell((Text(p.title),)),
            *(TableCell(_cell_text(it.text) if (it := p.item(k)) else (Text(MISSING),)) for k in ITEMS),
        )
        for p in pledges
    )
    heading = Heading(level, (Text(TITLE),), anchor)
    table = Table(head, rows, ("left", *("",) * len(ITEMS)))
    return heading, Div((CLASS,), (table,))  # the class lets HTML/EPUB keep its words whole


def add_pledge_table(doc: Document, where: str = "chapter") -> Document:
    """``doc`` with a 공약 이행계획표 at the end of each chapter that has pledges (``chapter``), or one
    for the whole document at its end (``book``). Every exporter renders it as the table it is."""
    pledges = find_pledges(doc)
    if not pledges:
        return doc
    ids = {b.id for b in iter_blocks(doc.blocks) if isinstance(b, Heading) and b.id}
    if where == "book":
        return replace(doc, blocks=(*doc.blocks, *pledge_table(pledges, 1, ids)))
    parts = split_at_h1(doc.blocks)
    offset = 0 if doc.blocks and isinstance(doc.blocks[0], Heading) and doc.blocks[0].level == 1 else 1
    blocks: list[Block] = []
    for index, part in enumerate(parts):
        blocks.extend(part)
        mine = [p for p in pledges if p.chapter_index + offset == index]
        if mine:
            blocks.extend(pledge_table(mine, 2, ids))
    return replace(doc, blocks=tuple(blocks))
