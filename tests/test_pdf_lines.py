"""Justified PDF lines without holes (issue 28): the loose-line measure and text extraction over the
stress documents, and the one Korean rule for breaks inside a word (korean.line_breaks)."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, export_bytes, require_tool
from textcheck import missing_blocks, print_text, split_words

from pledgeconv import korean

sys.path.insert(0, str(ROOT / "benchmarks"))
import loose_lines

STRESS = {
    (ROOT / rel).stem if (ROOT / rel).suffix else (ROOT / rel).name: ROOT / rel for rel in loose_lines.STRESS
}


@pytest.fixture(scope="module")
def stress(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("lines")
    out = {}
    for name, src in STRESS.items():
        out[name] = folder / f"{name}.pdf"
        out[name].write_bytes(export_bytes(loose_lines.document(src), "pdf"))
    return out


@pytest.mark.parametrize("name", list(STRESS))
def test_no_body_line_has_a_word_gap_over_one_em(name: str, stress: dict[str, Path]) -> None:
    lines = loose_lines.lines(stress[name])
    assert lines, name
    assert [(line.word_gap, line.text[:40]) for line in lines if line.word_gap > loose_lines.LIMIT] == []


@pytest.mark.parametrize("name", list(STRESS))
def test_letter_spacing_stays_within_its_limit(name: str, stress: dict[str, Path]) -> None:
    from pledgeconv.exporters.pdf.justify import LETTER_SPACE

    worst = max((line.letter_gap for line in loose_lines.lines(stress[name])), default=0.0)
    assert worst <= LETTER_SPACE + 0.01, worst  # under poppler's word-break threshold (0.1 em)


def body_text(pdf: Path) -> str:
    """pdftotext's reading of ``pdf`` without its running heads and page numbers."""
    tool = require_tool("pdftotext", "apt-get install poppler-utils")
    pages = subprocess.run([tool, str(pdf), "-"], capture_output=True, check=True, text=True).stdout.split(
        "\f"
    )
    out = []
    for page in pages:
        lines = [line for line in page.splitlines() if line.strip()]
        if len(lines) > 1 and lines[-1].strip().isdigit():
            lines.pop()  # the folio
        if len(lines) > 1 and all(lines[0] == p.splitlines()[0] for p in pages if p.strip()):
            lines.pop(0)  # the running head, the same on every page
        out.append("\n".join(lines))
    return "\n".join(out)


@pytest.mark.parametrize("name", [n for n, p in STRESS.items() if p.is_file()])
def test_every_block_extracts_whole_and_in_order(name: str, stress: dict[str, Path]) -> None:
    text = print_text(body_text(stress[name]))
    source = STRESS[name].read_text(encoding="utf-8")
    assert missing_blocks(source, text) == []
    assert split_words(source, text) == []


def test_a_long_middle_dot_list_breaks_after_its_dots_a_pair_never() -> None:
    run = "특별시장ㆍ광역시장ㆍ특별자치시장ㆍ도지사ㆍ특별자치도지사(이하"
    assert [run[:i] for i in korean.line_breaks(run)][-1] == "특별시장ㆍ광역시장ㆍ특별자치시장ㆍ도지사ㆍ"
    assert len(korean.line_breaks(run)) == 4
    for whole in (
        "미‧중",
        "전향적·미래지향적으로",
        "한·미·일",
        "「초ㆍ중등교육법」",
        "시ㆍ도지사는",
        "K-외교로",
    ):
        assert korean.line_breaks(whole) == [], whole


def test_an_address_breaks_after_slash_dot_query_amp_and_before_a_hyphen() -> None:
    word = "안내서(https://example.org/a-b/c.html?x=1&y=2)에서"
    heads = [word[:i] for i in korean.line_breaks(word)]
    assert heads[0] == "안내서"  # before the printed address's "("
    assert "안내서(https://example." in heads and "안내서(https://example.org/" in heads
    assert "안내서(https://example.org/a" in heads  # the hyphen starts the next line
    assert not any(h.endswith(("-", ":", ":/", "://")) for h in heads)
    assert any(h.endswith("?") for h in heads) and any(h.endswith("&") for h in heads)


def test_mark_breaks_tells_browsers_and_word_processors_the_same_rule() -> None:
    zw, wj = korean.ZWSP, korean.WJ
    assert korean.mark_breaks("시장ㆍ군수ㆍ구청장") == f"시장ㆍ{zw}군수ㆍ{zw}구청장"
    assert korean.mark_breaks("미‧중 관계") == f"미‧{wj}중 관계"
    assert korean.mark_breaks("전향적·미래지향적으로") == f"전향적·{wj}미래지향적으로"
    assert korean.mark_breaks("K-외교로") == f"K-{wj}외교로"
    assert korean.mark_breaks("state-of-the-art 국비 · 시비") == "state-of-the-art 국비 · 시비"


def test_a_split_address_keeps_its_hyphens(tmp_path: Path) -> None:
    """reportlab rejoins a split word's pieces when it lays a paragraph out again and strips a "-"
    ending a head (it thinks it added it): an address breaks before its hyphens, so none is lost."""
    address = "https://github.com/example-org/pledge-validators/blob/main/docs/how-to-check-outputs.md"
    md = (
        f"- 변환 결과를 검사하는 방법은 검사 도구 모음 설명서({address})에 정리했습니다. 점자 공보물 규정은 "
        f"[시각장애인 선거공보 제작 안내]({address})를 참고하세요.\n"
    )
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(export_bytes(md, "pdf"))
    raw = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert address in "".join(raw.split())


def test_a_link_on_a_letter_spaced_line_is_where_its_text_is(tmp_path: Path) -> None:
    """reportlab places link areas by its own measure of the words: on a line with letter spacing
    (justify.py) that measure is widened as the text is, so the area stays on the link's text."""
    import pdfplumber

    words = " ".join(["가나", "다라", "마바", "사아", "자차", "카타", "파하"])
    md = f"# 제목\n\n{words} {words} [연결고리](#제목) {'가' * 30}\n"
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(export_bytes(md, "pdf"))
    with pdfplumber.open(str(pdf)) as doc:
        page = next(p for p in doc.pages if any(c["text"] == "연" for c in p.chars))
        chars = [c for c in page.chars if c["text"] in "연결고리"]
        links = [
            a
            for a in page.annots
            if a.get("uri") is None and abs(float(a["top"]) - float(chars[0]["top"])) < 8
        ]
    letter = [float(b["x0"]) - float(a["x1"]) for a, b in itertools.pairwise(chars)]
    assert min(letter) > 0.1  # the line is letter-spaced (else this test proves nothing)
    assert links, page.annots
    # (its left edge is reportlab's: on any justified line it leaves out the stretch of the spaces
    # before the link and starts too far left, with or without letter spacing)
    assert float(links[0]["x1"]) == pytest.approx(float(chars[-1]["x1"]), abs=1.5)
