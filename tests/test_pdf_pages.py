"""What a printed page must not show (issue 28): a quote's rule beside nothing, a heading stranded
at a page's foot, an inline picture printed as its alt text, a flag printed as two letters."""

from __future__ import annotations

import io
import itertools
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

import pledgeconv

FILLER = "".join(
    f"문단 {i}입니다. 본문을 채우는 글입니다. 여러 줄이 되도록 조금 더 길게 씁니다. 그래서 두 줄이 됩니다.\n\n"
    for i in range(20)
)


def picture(path: Path, size: tuple[int, int] = (960, 540)) -> Path:
    from PIL import Image

    Image.new("RGB", size, (30, 90, 200)).save(path)
    return path


def pdf_pages(tmp_path: Path, text: str, **options: object) -> list[Any]:
    """The pages of ``text`` converted to PDF, as pdfplumber reads them (kept open by the caller's
    test: pdfplumber reads lazily)."""
    import pdfplumber

    src = tmp_path / "doc.md"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / "doc.pdf"
    pledgeconv.convert(src, out, **options)
    return list(pdfplumber.open(io.BytesIO(out.read_bytes())).pages)


def test_a_quote_split_before_its_picture_leaves_no_stub_of_its_rule(tmp_path: Path) -> None:
    """The picture at a quote's top moves to the next page; the spacer before it stayed behind as a
    table row and drew a few points of the quote's rule under the last paragraph."""
    picture(tmp_path / "chart.png")
    pages = pdf_pages(
        tmp_path, "# 인용 시험\n\n" + FILLER + "> ![도표](chart.png)\n>\n> 인용문의 끝 문단입니다.\n"
    )
    assert len(pages) == 2
    seen = 0
    for page in pages:
        for rule in page.lines:
            if abs(float(rule["x0"]) - float(rule["x1"])) > 0.1:
                continue  # the running head's rule
            seen += 1
            top, bottom = float(rule["top"]), float(rule["bottom"])
            beside = [
                c for c in page.chars if float(c["x0"]) > float(rule["x0"]) and float(c["top"]) < bottom
                and float(c["bottom"]) > top
            ]  # fmt: skip
            images = [i for i in page.images if float(i["top"]) < bottom and float(i["bottom"]) > top]
            assert beside or images, f"a rule with nothing beside it on page {page.page_number}"
    assert seen  # the quote has its rule


def _stranded(path: Path, paper: str, tmp_path: Path) -> list[str]:
    """The headings (below the title) that end a page of ``path``'s PDF, their text on the next."""
    import pdfplumber

    from pledgeconv.model import Heading
    from pledgeconv.transforms import iter_blocks, plain_text

    blocks = iter_blocks(pledgeconv.parse(path).blocks)
    followed = {  # a heading with more of its chapter after it (the last heading ends it)
        plain_text(b.children).strip() for b, nxt in itertools.pairwise(blocks)
        if isinstance(b, Heading) and b.level > 1 and not (isinstance(nxt, Heading) and nxt.level == 1)
    }  # fmt: skip
    out = tmp_path / f"{path.stem}-{paper}.pdf"
    pledgeconv.convert(path, out, paper=paper)
    found = []
    with pdfplumber.open(out) as pdf:
        for page in pdf.pages[:-1]:
            foot = float(page.height) - 22 * 72 / 25.4  # the bottom margin: the page number below it
            lines = [ln for ln in page.extract_text_lines() if float(ln["bottom"]) < foot]
            if lines and lines[-1]["text"].strip() in followed and float(lines[-1]["chars"][0]["size"]) > 11:
                found.append(f"{out.name} page {page.page_number}: {lines[-1]['text']}")
    return found


@pytest.mark.parametrize("paper", ["b5", "a5"])
def test_no_page_of_the_corpus_ends_with_a_heading(tmp_path: Path, paper: str) -> None:
    """`제4조 (간호사 면허)` was the last line of a B5 page, its text on the next: a heading is kept
    with the first lines of what follows it (two lines of a paragraph, a list's first item)."""
    corpus = sorted((ROOT / "tests" / "corpus").glob("law-*.md"))
    stranded = [line for path in corpus for line in _stranded(path, paper, tmp_path)]
    assert not stranded
