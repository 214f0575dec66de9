"""Pledge item labels written inside paragraphs (``▲목표: …``) shown alike in every format: bold, each on its own line."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from ..model import (
    Block,
    BlockQuote,
    BulletList,
    Callout,
    Div,
    Document,
    Inline,
    LineBreak,
    OrderedList,
    Paragraph,
    SoftBreak,
    Strong,
    Text,
)
from .labels import LABELS, MARKERS, match_label

#: What a label line can start with: a marker, a digit (N순위) or a label's first letter. Lines
#: starting otherwise are passed over without running the label pattern (most of a book).
_FIRST = frozenset(MARKERS + "0123456789제" + "".join(label[0] for label in LABELS))
_NEC_TITLE = re.compile(r"\s*제\s*목\s*[:：]")


def _label_end(node: Inline | None) -> int | None:
    """Where a label (with its marker or colon) ends in a line's first text, else None."""
    if isinstance(node, Text):
        if node.text.lstrip()[:1] not in _FIRST:
            return None
        title = _NEC_TITLE.match(node.text)  # "제목 : …" under "공약순위: 1"
        if title is not None:
            return title.end()
        found = match_label(node.text)
        if found is not None and (found.marker or found.colon):
            return len(node.text[: found.end].rstrip())
        return None
    if isinstance(node, Strong) and node.children and isinstance(node.children[0], Text):
        found = match_label(node.children[0].text, marked=True)
        return 0 if found is not None else None  # already bold: only its own line
    return None


def _paragraph(para: Paragraph) -> Paragraph:
    children = para.children
    labelled: dict[int, int] = {}
    for i, node in enumerate(children):
        if i == 0 or isinstance(children[i - 1], (SoftBreak, LineBreak)):
            end = _label_end(node)
            if end is not None:
                labelled[i] = end
    if not labelled:
        return para
    out: list[Inline] = []
    for i, node in enumerate(children):
        if isinstance(node, SoftBreak) and (i + 1 in labelled or _standalone_label(children, i, labelled)):
            out.append(LineBreak(node.line))
            continue
        end = labelled.get(i)
        if end and isinstance(node, Text):
            out.append(Strong((Text(node.text[:end], node.line),), node.line))
            if node.text[end:]:
                out.append(Text(node.text[end:], node.line))
            continue
        out.append(node)
    return replace(para, children=tuple(out))


def _standalone_label(children: Sequence[Inline], brk: int, labelled: dict[int, int]) -> bool:
    """A soft break right after a label that stands alone on its line (``□ 목 표``) breaks the line too."""
    start = max((s for s in labelled if s <= brk), default=None)
    if start is None:
        return False
    return (
        all(isinstance(n, (Text, Strong)) for n in children[start:brk])
        and brk == start + 1
        and (
            isinstance(children[start], Text) and not children[start].text[labelled[start] :].strip(" :：")  # type: ignore[union-attr]
        )
    )


def _blocks(blocks: Sequence[Block]) -> tuple[Block, ...]:
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            block = _paragraph(block)
        elif isinstance(block, (BlockQuote, Callout, Div)):
            block = replace(block, blocks=_blocks(block.blocks))
        elif isinstance(block, (BulletList, OrderedList)):
            block = replace(block, items=tuple(replace(it, blocks=_blocks(it.blocks)) for it in block.items))
        out.append(block)
    return tuple(out)


def style_labels(doc: Document) -> Document:
    """Make each item label written in running text bold and start its own line (the author's words kept)."""
    blocks = _blocks(doc.blocks)
    same = all(a is b for a, b in zip(blocks, doc.blocks, strict=True))
    return doc if same else replace(doc, blocks=blocks)
