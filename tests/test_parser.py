"""Parser goldens: each tests/cases/*.md as a model dump (golden/ir) and an HTML fragment (golden/html)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import CASES, GOLDEN

import pledgeconv
from pledgeconv import model
from pledgeconv.native import dump

CASE_FILES = sorted(CASES.glob("*.md"))


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_ir_golden(case: Path, golden: Callable[[Path, str], None]) -> None:
    doc = pledgeconv.parse(case)
    text = dump(doc).replace(str(case), case.name)
    golden(GOLDEN / "ir" / f"{case.stem}.txt", text)


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.stem)
def test_html_golden(case: Path, golden: Callable[[Path, str], None]) -> None:
    doc = pledgeconv.parse(case)
    html = pledgeconv.export(doc, "html", fragment=True, embed_images=False)
    assert isinstance(html, bytes)
    golden(GOLDEN / "html" / f"{case.stem}.html", html.decode("utf-8"))


def test_nodes_are_frozen_and_hashable() -> None:
    doc = pledgeconv.parse("# 제목\n\n본문 *강조*\n")
    assert hash(doc.blocks) == hash(pledgeconv.parse("# 제목\n\n본문 *강조*\n").blocks)
    with pytest.raises(AttributeError):
        doc.blocks[0].level = 2  # type: ignore[misc, union-attr]


def test_every_node_keeps_its_source_line() -> None:
    doc = pledgeconv.parse("첫 줄\n\n- 항목\n\n> 인용\n\n| a |\n|---|\n| b |\n")
    para, blist, quote, table = doc.blocks
    assert (para.line, blist.line, quote.line, table.line) == (1, 3, 5, 7)
    assert isinstance(table, model.Table)
    assert table.rows[0][0].line == 9


def test_same_input_same_document() -> None:
    text = (CASES / "lists.md").read_text(encoding="utf-8")
    assert pledgeconv.parse(text) == pledgeconv.parse(text)


def test_front_matter_fills_meta() -> None:
    doc = pledgeconv.parse(CASES / "front-matter.md")
    meta = doc.meta
    assert (meta.title, meta.subtitle, meta.author, meta.party) == (
        "정책공약집",
        "함께 만드는 약속",
        "김하늘",
        "미래시민당",
    )
    assert meta.date == "2026-05-20" and meta.keywords == ("청년", "복지")
    assert ("unknown-key", "보존됩니다") in meta.extra


def test_broken_front_matter_is_a_warning() -> None:
    doc = pledgeconv.parse("---\ntitle: [unclosed\n---\n\n# 제목\n")
    assert [w.code for w in doc.warnings] == ["front-matter"]
    assert doc.meta.title == "제목"


def test_footnotes_are_numbered_in_reading_order() -> None:
    doc = pledgeconv.parse("둘[^b] 하나[^a]\n\n[^a]: A\n[^b]: B\n")
    assert [(n.number, n.label) for n in doc.notes] == [(1, "b"), (2, "a")]


def test_task_list_items_carry_their_state() -> None:
    doc = pledgeconv.parse("- [x] 끝\n- [ ] 남음\n- 보통\n")
    blist = doc.blocks[0]
    assert isinstance(blist, model.BulletList)
    assert [i.checked for i in blist.items] == [True, False, None]


def test_strict_mode_has_no_extensions() -> None:
    doc = pledgeconv.parse("---\ntitle: x\n---\n\n| a |\n|---|\n\n~~s~~ [^1]\n", strict=True)
    kinds = [type(b).__name__ for b in doc.blocks]
    assert "Table" not in kinds and doc.meta.title == "" and not doc.notes
    assert kinds[0] == "ThematicBreak"
