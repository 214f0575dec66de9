"""The pledge conventions on 20+ real Korean Markdown documents (tests/corpus, sources in SOURCES)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED
from textcheck import html_text, missing_blocks

import pledgeconv
from pledgeconv import model
from pledgeconv.transforms import plain_text

CORPUS = Path(__file__).parent / "corpus"
DOCS = sorted(CORPUS.glob("*.md"))


def test_corpus_is_real_small_and_accounted_for() -> None:
    sources = (CORPUS / "SOURCES").read_text(encoding="utf-8")
    assert len(DOCS) >= 20
    assert [d.name for d in DOCS if d.name not in sources] == []
    assert sum(d.stat().st_size for d in DOCS) < 1_000_000


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_no_heading_is_joined_with_a_line_of_its_own(doc: Path) -> None:
    parsed = pledgeconv.parse(doc)
    assert [w.line for w in parsed.warnings if w.code == "joined-heading"] == []


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.stem)
def test_no_text_is_lost(doc: Path) -> None:
    html = pledgeconv.export(pledgeconv.parse(doc), "html", embed_images=False)
    assert isinstance(html, bytes)
    assert missing_blocks(doc.read_text(encoding="utf-8"), html_text(html.decode("utf-8"))) == []


def test_the_corpus_has_headings_followed_directly_by_a_line() -> None:
    # What the old "join whatever follows" rule got wrong: this heading stays as written.
    parsed = pledgeconv.parse(CORPUS / "k8s-what-is-kubernetes.md")
    titles = [plain_text(b.children) for b in parsed.blocks if isinstance(b, model.Heading)]
    assert "여정 돌아보기" in titles


def test_the_seed_still_joins_its_one_wrapped_heading() -> None:
    parsed = pledgeconv.parse(SEED)
    joined = [w.line for w in parsed.warnings if w.code == "joined-heading"]
    assert joined == [67]


def _lists(blocks: tuple[model.Block, ...]) -> list[model.BulletList | model.OrderedList]:
    out: list[model.BulletList | model.OrderedList] = []
    for b in blocks:
        if isinstance(b, (model.BulletList, model.OrderedList)):
            out.append(b)
            for it in b.items:
                out.extend(_lists(it.blocks))
    return out


def test_law_items_and_sub_items_become_nested_lists() -> None:
    parsed = pledgeconv.parse(CORPUS / "law-public-service-committee.md")
    items = [b for b in _lists(parsed.blocks) if b.style == "1."]
    assert items and len(items[0].items) == 2  # 제2조: 1. "공공부문" … 2. "공무직근로자등" …
    sub = [b for it in items[0].items for b in it.blocks if isinstance(b, model.OrderedList)]
    assert [(s.style, len(s.items)) for s in sub] == [("가.", 6), ("가.", 4)]
