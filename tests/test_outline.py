"""Korean outline numbering and 개조식 lines as real lists (issue 16): parser, model and every format."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import CASES, export_bytes, require_tool
from textcheck import html_text, missing_blocks

import pledgeconv
from pledgeconv import model, outline
from pledgeconv.korean import heading_wrapped
from pledgeconv.transforms import plain_text

OUTLINE = CASES / "outline.md"


def lists(blocks: tuple[model.Block, ...]) -> list[model.BulletList | model.OrderedList]:
    """Every list in reading order, nested ones included."""
    found: list[model.BulletList | model.OrderedList] = []
    for block in blocks:
        if isinstance(block, (model.BulletList, model.OrderedList)):
            found.append(block)
            for item in block.items:
                found.extend(lists(item.blocks))
        elif isinstance(block, model.BlockQuote):
            found.extend(lists(block.blocks))
    return found


def item_texts(block: model.BulletList | model.OrderedList) -> list[str]:
    first = [it.blocks[0] for it in block.items]
    return [plain_text(p.children) if isinstance(p, model.Paragraph) else "" for p in first]


def shape(block: model.Block, depth: int = 0) -> list[str]:
    """``style text`` per item, indented by nesting depth."""
    out: list[str] = []
    if isinstance(block, (model.BulletList, model.OrderedList)):
        kind = outline.STYLES.get(block.style)
        start = block.start if isinstance(block, model.OrderedList) else 1
        for k, item in enumerate(block.items):
            mark = kind.marker(start + k) if kind else "*"
            head = item.blocks[0]
            text = plain_text(head.children) if isinstance(head, model.Paragraph) else ""
            out.append("  " * depth + f"{mark} {text}")
            for inner in item.blocks[1:]:
                out.extend(shape(inner, depth + 1))
    return out


def parse(text: str, **kw: object) -> model.Document:
    return pledgeconv.parse(text, **kw)  # type: ignore[arg-type]


# -- the marker table ---------------------------------------------------------------------------


def test_marker_table_follows_the_government_order() -> None:
    assert [s.key for s in outline.ORDERED] == ["1.", "가.", "1)", "가)", "(1)", "(가)", "①", "㉮"]
    assert [s.marker(3) for s in outline.ORDERED] == ["3.", "다.", "3)", "다)", "(3)", "(다)", "③", "㉰"]
    assert outline.STYLES["가."].marker(15) == "거."  # after 하 comes 거
    assert outline.STYLES["①"].marker(36) == "(36)"  # past ㉟ the bundled font has no glyph
    assert [s.key for s in outline.BULLETS][:3] == ["□", "■", "○"]


@pytest.mark.parametrize(
    ("line", "style", "value"),
    [("1. 가", "1.", 1), ("12) 가", "1)", 12), ("다. 가", "가.", 3), ("(나) 가", "(가)", 2), ("(3) 가", "(1)", 3),
     ("④ 가", "①", 4), ("㉯ 가", "㉮", 2), ("□ 가", "□", 1), ("- 가", "-", 1), ("※참고", "※", 1)],
)  # fmt: skip
def test_markers_are_recognised(line: str, style: str, value: int) -> None:
    m = outline.match_marker(line)
    assert m is not None and (m.style, m.value) == (style, value)


@pytest.mark.parametrize(
    "line", ["2026. 5. 20. 선거", "1.5배 늘었다", "5. 20. 선거", "○○○ 후보", "-5도", "가나다"]
)
def test_dates_decimals_and_words_are_not_markers(line: str) -> None:
    assert outline.match_marker(line) is None


# -- parsing ------------------------------------------------------------------------------------


def test_gaejosik_lines_nest_box_circle_dash() -> None:
    doc = parse(
        "□ 추진 배경\n ○ 합계출산율 0.72명\n  - 돌봄 공백\n  - 주거 부담\n ○ 격차 확대\n□ 추진 방향\n"
    )
    assert len(doc.blocks) == 1
    assert shape(doc.blocks[0]) == [
        "□ 추진 배경", "  ○ 합계출산율 0.72명", "    - 돌봄 공백", "    - 주거 부담", "  ○ 격차 확대", "□ 추진 방향",
    ]  # fmt: skip


def test_a_less_indented_new_mark_leaves_the_deeper_level() -> None:
    (top,) = parse("□ 재원\n ○ 연평균 2조\n※ 세부 내용\n").blocks
    assert shape(top) == ["□ 재원", "  ○ 연평균 2조", "  ※ 세부 내용"]


def test_government_order_nests_level_by_level() -> None:
    text = "1\\. 가\n가\\. 나\n1) 다\n가) 라\n(1) 마\n(가) 바\n① 사\n㉮ 아\n2\\. 자\n"
    (top,) = parse(text).blocks
    assert [ls.style for ls in lists((top,))] == ["1.", "가.", "1)", "가)", "(1)", "(가)", "①", "㉮"]
    assert item_texts(top) == ["가", "자"]


def test_law_paragraphs_items_and_sub_items() -> None:
    doc = parse(
        "제1조(목적) ① 이 법은 돌봄을 지원한다.\n② 다음 각 호를 시행한다.\n1. 센터 설치\n2. 인력 양성\n가. 교육\n③ 세부 사항\n"
    )
    lead, items = doc.blocks
    assert (
        isinstance(lead, model.Paragraph)
        and plain_text(lead.children) == "제1조(목적) ① 이 법은 돌봄을 지원한다."
    )
    assert isinstance(items, model.OrderedList) and (items.style, items.start) == ("①", 2)
    assert shape(items) == [
        "② 다음 각 호를 시행한다.",
        "  1. 센터 설치",
        "  2. 인력 양성",
        "    가. 교육",
        "③ 세부 사항",
    ]


def test_escaped_law_items_indented_by_level() -> None:
    text = "다음 각 호와 같다.\n\n  1\\. 첫째 호\n  1의2\\. 가지 호\n    가\\. 목 하나\n    나\\. 목 둘\n  2\\. 둘째 호\n"
    (_, items) = parse(text).blocks
    assert shape(items) == [
        "1. 첫째 호 1의2\\. 가지 호".replace("\\", ""),
        "  가. 목 하나",
        "  나. 목 둘",
        "2. 둘째 호",
    ]


def test_outline_levels_stop_at_nine() -> None:
    staircase = "".join(" " * (2 * i) + "○ 항목\n" for i in range(20))
    (top,) = parse(staircase).blocks

    def depth(block: model.Block) -> int:
        if not isinstance(block, (model.BulletList, model.OrderedList)):
            return 0
        return 1 + max((depth(b) for it in block.items for b in it.blocks), default=0)

    assert depth(top) == 9
    assert len(lists((top,))) == 9 and sum(len(ls.items) for ls in lists((top,))) == 20


def test_a_markdown_list_right_under_a_run_joins_it_but_task_lists_keep_their_boxes() -> None:
    (top,) = parse("□ 추진 배경\n  - 돌봄 공백\n  - 주거 부담\n").blocks
    assert shape(top) == ["□ 추진 배경", "  - 돌봄 공백", "  - 주거 부담"]
    run, tasks = parse("□ 할 일\n- [x] 끝낸 일\n- [ ] 남은 일\n").blocks
    assert isinstance(run, model.BulletList) and run.style == "□"
    assert isinstance(tasks, model.BulletList) and [it.checked for it in tasks.items] == [True, False]


def test_a_line_without_marker_continues_the_item_above() -> None:
    (top,) = parse("□ 첫 항목\n이어지는 줄\n□ 둘째 항목\n").blocks
    assert isinstance(top, model.BulletList)
    first = top.items[0].blocks[0]
    assert isinstance(first, model.Paragraph)
    assert [type(c).__name__ for c in first.children] == ["Text", "SoftBreak", "Text"]


def test_inline_markup_notes_and_links_survive_in_items() -> None:
    doc = parse("○ **굵게** 그리고 [링크](https://example.org)[^1]\n○ 둘째\n\n[^1]: 주석\n")
    (top,) = doc.blocks
    para = top.items[0].blocks[0]  # type: ignore[union-attr]
    assert isinstance(para, model.Paragraph)
    kinds = [type(c).__name__ for c in para.children]
    assert kinds == ["Strong", "Text", "Link", "NoteRef"]


def test_a_lone_number_inside_prose_is_not_a_list() -> None:
    for text in ("선거일은\n2026. 6. 3.이다.\n", "예산이\n1.5배 늘었다.\n", "올해 순위는\n2. 라고 한다.\n"):
        (only,) = parse(text).blocks
        assert isinstance(only, model.Paragraph), text


def test_author_numbers_are_kept_when_they_skip() -> None:
    (first, second) = parse("1\\. 하나\n2\\. 둘\n5\\. 다섯\n").blocks
    assert isinstance(first, model.OrderedList) and isinstance(second, model.OrderedList)
    assert (first.start, len(first.items), second.start) == (1, 2, 5)


def test_markdown_paren_list_keeps_its_marker_but_strict_is_commonmark() -> None:
    (pledge,) = parse("1) 하나\n2) 둘\n").blocks
    (strict,) = parse("1) 하나\n2) 둘\n", strict=True).blocks
    assert isinstance(pledge, model.OrderedList) and pledge.style == "1)"
    assert isinstance(strict, model.OrderedList) and strict.style == ""


def test_strict_mode_leaves_outline_lines_alone() -> None:
    (only,) = parse("□ 추진 배경\n○ 합계출산율\n", strict=True).blocks
    assert isinstance(only, model.Paragraph)


def test_every_character_of_the_source_stays() -> None:
    source = OUTLINE.read_text(encoding="utf-8")
    html = export_bytes(OUTLINE, "html").decode("utf-8")
    assert missing_blocks(source, html_text(html)) == []


# -- the heading-join rule ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "line", "joined"),
    [("둘째, 글로벌 평화·번영에 기여하는 K-외교로 G7+ 대한민국을", "이루겠습니다.", True),
     ("셋째, 국민과 함께하는 안보를", "만들겠습니다", True),
     ("1.1. 마크다운이란?", "마크다운은 일반 텍스트 기반의 경량 마크업 언어다.", False),
     ("설치", "다음 명령으로 설치합니다.", False),
     ("참고", "자세한 내용은 위키를 보세요.", False),
     ("여정 돌아보기", "시간이 지나면서 쿠버네티스가 왜 유용하게 되었는지 살펴본다.", False),
     ("셋째, 다음 줄이 문단인 경우", "첫 줄은 제목에 붙지 않고", False),
     ("첫째, 청년에게 기회를", "드리는 일자리 정책으로 모든 청년이 일할 수 있는 나라를 만들겠습니다.", False)],
)  # fmt: skip
def test_heading_joins_only_a_really_wrapped_line(heading: str, line: str, joined: bool) -> None:
    assert heading_wrapped(heading, line) is joined


# -- every format shows the author's markers ----------------------------------------------------


def test_html_every_marked_line_is_its_own_item() -> None:
    html = export_bytes(OUTLINE, "html", fragment=True).decode("utf-8")
    markers = re.findall(r'<li><span class="marker">([^<]+)</span>', html)
    assert markers[:6] == ["□", "○", "-", "-", "○", "□"]
    assert {"1.", "가.", "1)", "가)", "(1)", "(가)", "①", "㉮", "②", "③", "※"} <= set(markers)
    assert '<ol class="outline m1" start="2">' in html  # ② … ③ keeps its number for assistive tech


def test_epub_shows_the_markers_too(tmp_path: Path) -> None:
    data = export_bytes(OUTLINE, "epub")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        text = "".join(zf.read(n).decode("utf-8") for n in zf.namelist() if n.endswith(".xhtml"))
    assert '<span class="marker">(가)</span>' in text and '<span class="marker">□</span>' in text


def _numbering(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read("word/numbering.xml").decode("utf-8")


def test_docx_numbering_definitions_per_marker_style() -> None:
    xml = _numbering(export_bytes(OUTLINE, "docx"))
    for fmt, text in [("ganada", "%2."), ("decimal", "%3)"), ("ganada", "(%6)"), ("decimalEnclosedCircle", "%7"),
                      ("bullet", "□"), ("bullet", "○")]:  # fmt: skip
        assert re.search(f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{re.escape(text)}"/>', xml), (fmt, text)


def test_docx_and_pdf_show_every_marker_at_a_line_start(tmp_path: Path) -> None:
    soffice = require_tool("soffice", "apt-get install libreoffice-writer-nogui")
    require_tool("pdftotext", "apt-get install poppler-utils")
    (tmp_path / "outline.docx").write_bytes(export_bytes(OUTLINE, "docx"))
    (tmp_path / "direct.pdf").write_bytes(export_bytes(OUTLINE, "pdf"))
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(tmp_path / "outline.docx")],
        capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    for pdf in ("outline.pdf", "direct.pdf"):
        text = subprocess.run(
            ["pdftotext", str(tmp_path / pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        starts = [ln.strip().split(" ")[0] for ln in text.splitlines() if ln.strip()]
        for marker in ("□", "○", "-", "1.", "가.", "1)", "가)", "(1)", "(가)", "①", "㉮", "②", "③", "2)"):
            assert marker in starts, (pdf, marker)
