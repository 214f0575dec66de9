"""Walking and rebuilding the document tree (every pass uses these), and the heading ids pass."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from .model import (
    Block,
    BlockQuote,
    BulletList,
    Callout,
    Code,
    Div,
    Document,
    Emph,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListItem,
    OrderedList,
    Paragraph,
    SoftBreak,
    Span,
    Strike,
    Strong,
    Table,
    TableCell,
    Text,
)

T = TypeVar("T")


def plain_text(inlines: Sequence[Inline]) -> str:
    """The text of inlines without markup (soft breaks as spaces)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, (Text, Code)):
            out.append(node.text)
        elif isinstance(node, (SoftBreak, LineBreak)):
            out.append(" ")
        elif isinstance(node, (Emph, Strong, Strike, Link, Span)):
            out.append(plain_text(node.children))
        elif isinstance(node, Image):
            out.append(node.alt)
    return "".join(out)


# ---------------------------------------------------------------------------
# Generic rebuilding


InlineFn = Callable[[Inline], Inline]
_CONTAINERS = (Emph, Strong, Strike, Link, Span)


def _kept(old: Sequence[T], new: list[T]) -> tuple[T, ...]:
    """``old`` itself (as a tuple) when ``new`` holds the very same nodes: the passes below rebuild
    only what changed, so an unchanged subtree (most of a book) costs no new objects."""
    if len(old) == len(new) and all(a is b for a, b in zip(old, new, strict=True)):
        return tuple(old)
    return tuple(new)


def map_inlines(blocks: Sequence[Block], fn: InlineFn) -> tuple[Block, ...]:
    """Rebuild ``blocks`` with ``fn`` applied to every inline, innermost first (unchanged blocks are
    kept as they are)."""
    return _kept(blocks, [_map_block(b, fn) for b in blocks])


def _map_inline_seq(items: Sequence[Inline], fn: InlineFn) -> tuple[Inline, ...]:
    out: list[Inline] | None = None  # made at the first change: most runs have none
    for k, node in enumerate(items):
        new = node
        if isinstance(node, _CONTAINERS):
            children = _map_inline_seq(node.children, fn)
            if children is not node.children:
                new = replace(node, children=children)
        new = fn(new)
        if out is not None:
            out.append(new)
        elif new is not node:
            out = [*items[:k], new]
    return tuple(items) if out is None else tuple(out)


def _map_block(block: Block, fn: InlineFn) -> Block:
    if isinstance(block, (Paragraph, Heading)):
        children = _map_inline_seq(block.children, fn)
        return block if children is block.children else replace(block, children=children)
    if isinstance(block, Figure):
        image = fn(block.image)
        assert isinstance(image, Image)
        caption = _map_inline_seq(block.caption, fn)
        if image is block.image and caption is block.caption:
            return block
        return replace(block, image=image, caption=caption)
    if isinstance(block, (BulletList, OrderedList)):
        items = _kept(block.items, [_with_blocks(it, map_inlines(it.blocks, fn)) for it in block.items])
        return block if items is block.items else replace(block, items=items)
    if isinstance(block, (BlockQuote, Callout, Div)):
        return _with_blocks(block, map_inlines(block.blocks, fn))
    if isinstance(block, Table):

        def cell(c: TableCell) -> TableCell:
            children = _map_inline_seq(c.children, fn)
            return c if children is c.children else replace(c, children=children)

        head = _kept(block.head, [cell(c) for c in block.head])
        rows = _kept(block.rows, [_kept(r, [cell(c) for c in r]) for r in block.rows])
        return block if head is block.head and rows is block.rows else replace(block, head=head, rows=rows)
    return block


_WithBlocks = TypeVar("_WithBlocks", bound=ListItem | BlockQuote | Callout | Div)


def _with_blocks(node: _WithBlocks, blocks: tuple[Block, ...]) -> _WithBlocks:
    """``node`` with ``blocks`` as its contents, or ``node`` itself when they are its own."""
    return node if blocks is node.blocks else replace(node, blocks=blocks)


SequenceFn = Callable[[tuple[Inline, ...]], tuple[Inline, ...]]


def map_sequences(blocks: Sequence[Block], fn: SequenceFn) -> tuple[Block, ...]:
    """Rebuild ``blocks`` with ``fn`` applied to every run of inlines (paragraphs, headings,
    captions, cells, and the children of inline containers, innermost first). ``fn`` returning its
    argument itself means "unchanged": such runs, and blocks holding only such runs, are kept."""

    def seq(items: tuple[Inline, ...]) -> tuple[Inline, ...]:
        inner: list[Inline] | None = None  # made at the first changed container
        for k, n in enumerate(items):
            if isinstance(n, _CONTAINERS):
                children = seq(n.children)
                if children is not n.children:
                    n = replace(n, children=children)
                    if inner is None:
                        inner = list(items[:k])
            if inner is not None:
                inner.append(n)
        return fn(items if inner is None else tuple(inner))

    def cell(c: TableCell) -> TableCell:
        children = seq(c.children)
        return c if children is c.children else replace(c, children=children)

    def block(b: Block) -> Block:
        if isinstance(b, (Paragraph, Heading)):
            children = seq(b.children)
            return b if children is b.children else replace(b, children=children)
        if isinstance(b, Figure):
            caption = seq(b.caption)
            return b if caption is b.caption else replace(b, caption=caption)
        if isinstance(b, (BulletList, OrderedList)):
            items = _kept(b.items, [_with_blocks(it, map_sequences(it.blocks, fn)) for it in b.items])
            return b if items is b.items else replace(b, items=items)
        if isinstance(b, (BlockQuote, Callout, Div)):
            return _with_blocks(b, map_sequences(b.blocks, fn))
        if isinstance(b, Table):
            head = _kept(b.head, [cell(c) for c in b.head])
            rows = _kept(b.rows, [_kept(r, [cell(c) for c in r]) for r in b.rows])
            return b if head is b.head and rows is b.rows else replace(b, head=head, rows=rows)
        return b

    return _kept(blocks, [block(b) for b in blocks])


def map_blocks(blocks: Sequence[Block], fn: Callable[[Block], Block]) -> tuple[Block, ...]:
    """Rebuild ``blocks`` with ``fn`` applied to every block, contents before their containers
    (blocks that ``fn`` returns as they are, with unchanged contents, are kept)."""

    def block(b: Block) -> Block:
        if isinstance(b, (BulletList, OrderedList)):
            items = _kept(b.items, [_with_blocks(it, map_blocks(it.blocks, fn)) for it in b.items])
            if items is not b.items:
                b = replace(b, items=items)
        elif isinstance(b, (BlockQuote, Callout, Div)):
            b = _with_blocks(b, map_blocks(b.blocks, fn))
        return fn(b)

    return _kept(blocks, [block(b) for b in blocks])


def iter_blocks(blocks: Sequence[Block]) -> list[Block]:
    """Every block, containers before their contents, in document order."""
    out: list[Block] = []
    stack: list[Block] = list(reversed(blocks))
    while stack:
        block = stack.pop()
        out.append(block)
        if isinstance(block, (BulletList, OrderedList)):
            for item in reversed(block.items):
                stack.extend(reversed(item.blocks))
        elif isinstance(block, (BlockQuote, Callout, Div)):
            stack.extend(reversed(block.blocks))
    return out


def iter_inlines(blocks: Sequence[Block]) -> list[Inline]:
    """Every inline in ``blocks`` (captions and table cells too), containers before contents."""
    return inlines_of(iter_blocks(blocks))


def inlines_of(every: Sequence[Block]) -> list[Inline]:
    """The inlines held directly by each block of ``every`` (a list from :func:`iter_blocks`), in order."""
    out: list[Inline] = []

    def walk(items: Sequence[Inline]) -> None:
        for node in items:
            out.append(node)
            if isinstance(node, (Emph, Strong, Strike, Link, Span)):
                walk(node.children)

    for block in every:
        if isinstance(block, (Paragraph, Heading)):
            walk(block.children)
        elif isinstance(block, Figure):
            out.append(block.image)
            walk(block.caption)
        elif isinstance(block, Table):
            for cell in (*block.head, *(c for row in block.rows for c in row)):
                walk(cell.children)
    return out


def split_at_h1(blocks: Sequence[Block]) -> list[list[Block]]:
    """Cut top-level blocks before every H1 (blocks before the first H1 form their own part)."""
    parts: list[list[Block]] = []
    for block in blocks:
        if not parts or (isinstance(block, Heading) and block.level == 1):
            parts.append([])
        parts[-1].append(block)
    return parts


# ---------------------------------------------------------------------------
# Heading ids

_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def slugify(text: str) -> str:
    """A heading id: lower-case letters and digits (Hangul kept), words joined by hyphens."""
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text)).lower()
    chars: list[str] = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat[0] in "LN" or ch in "-_":
            chars.append(ch)
        elif cat[0] == "Z" or ch in "\t\n" or cat == "Pd":
            chars.append("-")
    slug = re.sub("-{2,}", "-", "".join(chars)).strip("-")
    if not slug:
        return "section"
    if not (slug[0].isalpha() or slug[0] == "_"):
        slug = "h-" + slug  # ids must start with a letter to be XML names (EPUB, DOCX bookmarks)
    return slug


def assign_ids(doc: Document) -> Document:
    """Give every heading a stable, unique id derived from its text."""
    seen: set[str] = set()
    next_suffix: dict[str, int] = {}  # per base: the pledge book's hundredth "현황" is not quadratic

    def unique(base: str) -> str:
        candidate, n = base, next_suffix.get(base, 0)
        if n:
            candidate = f"{base}-{n}"
        while candidate in seen:
            n += 1
            candidate = f"{base}-{n}"
        next_suffix[base] = n + 1
        seen.add(candidate)
        return candidate

    def visit(blocks: Sequence[Block]) -> tuple[Block, ...]:
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, Heading):
                block = replace(block, id=unique(slugify(plain_text(block.children))))
            elif isinstance(block, (BlockQuote, Callout, Div)):
                block = replace(block, blocks=visit(block.blocks))
            elif isinstance(block, (BulletList, OrderedList)):
                block = replace(
                    block, items=tuple(replace(it, blocks=visit(it.blocks)) for it in block.items)
                )
            out.append(block)
        return tuple(out)

    return replace(doc, blocks=visit(doc.blocks))


__all__ = [
    "ListItem",
    "assign_ids",
    "inlines_of",
    "iter_blocks",
    "iter_inlines",
    "map_blocks",
    "map_inlines",
    "map_sequences",
    "slugify",
    "split_at_h1",
]
