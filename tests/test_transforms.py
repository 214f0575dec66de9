"""The tree passes rebuild only what changes: an unchanged subtree comes back as the same objects."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from pledgeconv.model import (
    BlockQuote,
    BulletList,
    Emph,
    Heading,
    Image,
    Inline,
    ListItem,
    Paragraph,
    Strong,
    Table,
    TableCell,
    Text,
)
from pledgeconv.parser import parse_text
from pledgeconv.resources import resolve_images
from pledgeconv.transforms import map_blocks, map_inlines, map_sequences

DOC = parse_text(
    "# 제목\n\n첫 문단 **굵게 *기울임* 글**.\n\n> 인용 안의 *강조*\n\n- 항목 하나\n- 항목 **둘**\n\n"
    "| 가 | 나 |\n|---|---|\n| **칸** | 칸 |\n\n마지막 문단.\n"
)


def test_unchanged_tree_is_kept() -> None:
    blocks = DOC.blocks
    assert map_inlines(blocks, lambda n: n) is blocks
    assert map_sequences(blocks, lambda s: s) is blocks
    assert map_blocks(blocks, lambda b: b) is blocks


def test_only_the_changed_path_is_rebuilt() -> None:
    def upper(node: Inline) -> Inline:
        return replace(node, text="기울임!") if isinstance(node, Text) and node.text == "기울임" else node

    blocks = DOC.blocks
    out = map_inlines(blocks, upper)
    changed = [i for i, (a, b) in enumerate(zip(blocks, out, strict=True)) if a is not b]
    assert changed == [1]  # the paragraph holding *기울임*; every other block is the same object
    para = out[1]
    assert isinstance(para, Paragraph)
    strong = para.children[1]
    assert isinstance(strong, Strong) and isinstance(strong.children[1], Emph)
    assert strong.children[1].children == (Text("기울임!", 3),)
    assert strong.children[0] is blocks[1].children[1].children[0]  # type: ignore[union-attr]
    assert out[1] == replace(blocks[1], children=para.children)


def test_containers_keep_unchanged_items() -> None:
    quote, lst, table = (b for b in DOC.blocks if isinstance(b, (BlockQuote, BulletList, Table)))

    def drop_strong(seq: tuple[Inline, ...]) -> tuple[Inline, ...]:
        if any(isinstance(n, Strong) for n in seq):
            return tuple(n for n in seq if not isinstance(n, Strong))
        return seq

    out = map_sequences(DOC.blocks, drop_strong)
    new_list = next(b for b in out if isinstance(b, BulletList))
    assert new_list is not lst
    assert new_list.items[0] is lst.items[0]  # "항목 하나" has no strong: the same item
    assert isinstance(new_list.items[1], ListItem) and new_list.items[1] is not lst.items[1]
    assert next(b for b in out if isinstance(b, BlockQuote)) is quote
    new_table = next(b for b in out if isinstance(b, Table))
    assert new_table.head is table.head and new_table.rows[0][1] is table.rows[0][1]
    assert new_table.rows[0][0] == TableCell((), table.rows[0][0].line)
    assert isinstance(out[0], Heading) and out[0] is DOC.blocks[0]


def test_map_blocks_rebuilds_containers_of_changed_blocks() -> None:
    def mark(b: object) -> object:
        return replace(b, children=(Text("바뀜", 0),)) if isinstance(b, Paragraph) and "둘" in str(b) else b

    out = map_blocks(DOC.blocks, mark)  # type: ignore[arg-type]
    lst = next(b for b in DOC.blocks if isinstance(b, BulletList))
    new_list = next(b for b in out if isinstance(b, BulletList))
    assert new_list is not lst and new_list.items[0] is lst.items[0]
    assert new_list.items[1].blocks == (Paragraph((Text("바뀜", 0),), lst.items[1].blocks[0].line),)


def test_resolve_images_keeps_a_document_without_images(tmp_path: Path) -> None:
    doc = resolve_images(DOC, tmp_path)
    assert doc.blocks is DOC.blocks
    assert doc == DOC


def test_resolve_images_rebuilds_only_image_paths(tmp_path: Path) -> None:
    doc = parse_text("첫 문단.\n\n둘째 문단 ![그림](missing.png) 글.\n\n셋째 문단.\n")
    out = resolve_images(doc, tmp_path)
    assert out.blocks[0] is doc.blocks[0] and out.blocks[2] is doc.blocks[2]
    image = out.blocks[1].children[1]  # type: ignore[union-attr]
    assert isinstance(image, Image) and image.resolved is None and image.src == "missing.png"
    assert [w.code for w in out.warnings] == ["image-missing"]
