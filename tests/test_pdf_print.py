"""Print-ready PDF: no blank pages, tables that fit, anything valid lays out (issue 13)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import require_tool

import pledgeconv

YEARS = [f"{y}년" for y in range(2026, 2038)]
AMOUNTS = [[f"{(r * 7919 + c * 104729) % 98000 + 1000:,}" for c in range(12)] for r in range(4)]
BUDGET = (
    "# 재원 계획\n\n| 사업명 | " + " | ".join(YEARS) + " |\n|---|" + "---:|" * 12 + "\n"
    + "".join(f"| {name} | " + " | ".join(AMOUNTS[r]) + " |\n"
              for r, name in enumerate(["청년 주거 지원 확대", "공공 돌봄 인프라 구축", "지역 균형 발전 기금", "합계"]))
    + "\n표 아래 문단입니다.\n"
)  # fmt: skip


def pdf_of(
    tmp_path: Path, text: str, name: str = "doc", **options: object
) -> tuple[Path, list[pledgeconv.Diagnostic]]:
    src = tmp_path / f"{name}.md"
    src.write_text(text, encoding="utf-8")
    out = tmp_path / f"{name}.pdf"
    result = pledgeconv.convert(src, out, **options)
    return out, list(result.warnings)


def pages(pdf: Path) -> int:
    tool = require_tool("pdfinfo", "apt-get install poppler-utils")
    info = subprocess.run([tool, str(pdf)], capture_output=True, check=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]


def text_of(pdf: Path, *extra: str) -> str:
    tool = require_tool("pdftotext", "apt-get install poppler-utils")
    return subprocess.run([tool, *extra, str(pdf), "-"], capture_output=True, check=True, text=True).stdout


def test_one_heading_and_a_paragraph_is_one_page(tmp_path: Path) -> None:
    pdf, _ = pdf_of(tmp_path, "# 제목\n\n한 문단입니다.\n")
    assert pages(pdf) == 1
    assert "한 문단입니다." in text_of(pdf)


def test_every_number_of_a_twelve_column_budget_table_is_whole(tmp_path: Path) -> None:
    pdf, warnings = pdf_of(tmp_path, BUDGET)
    words = set(text_of(pdf).split())
    for year in YEARS:
        assert year in words
    for row in AMOUNTS:
        for amount in row:
            assert amount in words
    assert not [w for w in warnings if w.code == "table-too-large"]


def test_space_after_a_table(tmp_path: Path) -> None:
    pdf, _ = pdf_of(tmp_path, BUDGET)
    layout = text_of(pdf, "-layout").splitlines()
    last_row = max(i for i, line in enumerate(layout) if "합계" in line)
    after = next(i for i, line in enumerate(layout) if "표 아래 문단입니다." in line)
    assert after - last_row >= 2  # a blank line between the table and the next paragraph


def test_a_page_long_heading_exports(tmp_path: Path) -> None:
    pdf, _ = pdf_of(tmp_path, "# 시험\n\n## " + "아주 긴 제목 " * 1200 + "\n\n본문.\n")
    assert pages(pdf) > 2
    assert text_of(pdf).count("아주 긴 제목") > 1000


def test_a_two_thousand_column_table_exports_with_a_warning(tmp_path: Path) -> None:
    cols = 2000
    text = ("| " + " | ".join(f"열{i}" for i in range(cols)) + " |\n|" + "---|" * cols + "\n| "
            + " | ".join(str(i * 7) for i in range(cols)) + " |\n")  # fmt: skip
    pdf, warnings = pdf_of(tmp_path, text)
    assert [w for w in warnings if w.code == "table-too-large"]
    words = set(text_of(pdf).split())
    assert {str(i * 7) for i in range(cols)} <= words  # every number whole
    assert {f"열{i}" for i in range(cols)} <= words


def test_a_table_too_wide_for_portrait_turns_the_page(tmp_path: Path) -> None:
    cols = 13
    text = ("# 표\n\n| 사업 | " + " | ".join(f"{2020 + i}년" for i in range(cols)) + " |\n|---|" + "---|" * cols
            + "\n| 돌봄 | " + " | ".join("1,234,567" for _ in range(cols)) + " |\n\n끝.\n")  # fmt: skip
    pdf, warnings = pdf_of(tmp_path, text)
    assert not [w for w in warnings if w.code == "table-too-large"]
    qpdf = require_tool("qpdf", "apt-get install qpdf")
    import json

    data = json.loads(subprocess.run([qpdf, "--json", "--json-key=pages", str(pdf)], capture_output=True,
                                     check=True, text=True).stdout)  # fmt: skip
    objects = json.loads(subprocess.run([qpdf, "--json", "--json-key=qpdf", str(pdf)], capture_output=True,
                                        check=True, text=True).stdout)["qpdf"][1]  # fmt: skip
    boxes = [objects[f"obj:{p['object']}"]["value"]["/MediaBox"] for p in data["pages"]]
    assert any(b[2] > b[3] for b in boxes) and any(b[2] < b[3] for b in boxes)
    assert set(text_of(pdf).split()) >= {"1,234,567", "2032년"}


@pytest.mark.parametrize("size", [9.5, 11])
def test_budget_table_fits_without_smaller_type_than_the_floor(tmp_path: Path, size: float) -> None:
    from pledgeconv import tablefit

    rows = [["사업명", *YEARS], *[["청년 주거 지원 확대", *r] for r in AMOUNTS]]
    found = tablefit.fit(rows, 481.9, size, padding=10, header_rows=1)
    assert found is not None and found.size >= 7


SENTENCES = (
    "우리는 한반도의 평화와 번영을 위해 *굳건한 동맹*을 바탕으로 국익 중심의 실용 외교를 펼치겠습니다. "
    "국제 사회에서 대한민국의 위상에 걸맞은 *책임과 역할*을 다하며, 경제 안보와 첨단 기술 협력을 강화하겠습니다. "
) * 4


def body_lines(pdf: Path) -> tuple[float, list[list[dict[str, object]]], list[dict[str, object]]]:
    """The right edge of the text block, the text lines of page 1 below the title, and its curves."""
    import pdfplumber  # the test extra installs it: never skipped

    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        right = float(page.width) - 20 * 72 / 25.4  # the right margin is 20 mm
        lines: dict[int, list[dict[str, object]]] = {}
        for c in page.chars:
            if (
                float(c["size"]) < 11 and 100 < float(c["top"]) < float(page.height) - 80
            ):  # not title, header, footer
                lines.setdefault(round(float(c["top"])), []).append(c)
        return right, [lines[k] for k in sorted(lines)], list(page.curves)


def test_body_text_is_justified_and_the_last_line_ragged(tmp_path: Path) -> None:
    pdf, _ = pdf_of(tmp_path, f"# 외교\n\n{SENTENCES}\n")
    right, lines, _ = body_lines(pdf)
    assert len(lines) >= 4
    ends = [max(float(c["x1"]) for c in line) for line in lines]
    for end in ends[:-1]:
        assert end == pytest.approx(right, abs=0.5)
    assert ends[-1] < right - 5


def test_emphasis_dots_sit_over_their_syllables_on_justified_lines(tmp_path: Path) -> None:
    pdf, _ = pdf_of(tmp_path, f"# 외교\n\n{SENTENCES}\n")
    right, lines, curves = body_lines(pdf)
    assert max(float(c["x1"]) for c in lines[0]) == pytest.approx(right, abs=0.5)  # a stretched line
    chars = [c for line in lines for c in line]
    dots = [cv for cv in curves if float(cv["x1"]) - float(cv["x0"]) < 3]
    assert len(dots) == 10 * 4  # 굳건한 동맹, 책임과 역할: ten syllables, four times
    for dot in dots:
        x = (float(dot["x0"]) + float(dot["x1"])) / 2
        below = [c for c in chars if 0 < float(c["top"]) - float(dot["bottom"]) < 6]
        nearest = min(abs((float(c["x0"]) + float(c["x1"])) / 2 - x) for c in below)
        assert nearest < 0.3


MISC = """# 코드와 인용

본문 문단입니다. 인라인 코드 `print("안녕")`와 이모지 🌟 🚀 ✨ 🤝 😀 를 씁니다.

```python
def 인사(이름: str) -> str:
    return f"안녕하세요, {이름}님! 이 줄은 아주 길어서 상자 너비를 넘어서면 이어짐 표시와 함께 다음 줄로 넘어가야 합니다. 0123456789"
```

> 정치는 국민의 삶을 바꾸는 일입니다. 우리는 약속을 지키는 정치를 하겠습니다.
> — 김하늘

끝 문단.
"""


def page_one(pdf: Path) -> object:
    import pdfplumber  # the test extra installs it: never skipped

    doc = pdfplumber.open(pdf)
    return doc.pages[0]


def test_emoji_are_drawn_and_extract_as_text(tmp_path: Path) -> None:
    pdf, warnings = pdf_of(tmp_path, MISC)
    assert not [w for w in warnings if w.code == "missing-glyph"]
    text = text_of(pdf)
    for emoji in "🌟🚀✨🤝😀":
        assert emoji in text


def test_code_is_monospace_and_its_box_stays_inside_the_margins(tmp_path: Path) -> None:
    pdf, _ = pdf_of(tmp_path, MISC)
    page: Any = page_one(pdf)
    code = [c for c in page.chars if "D2Coding" in c["fontname"] and c["text"].isascii() and c["text"] != " "]
    assert len(code) > 40
    advances = {round(float(c["x1"]) - float(c["x0"]), 2) for c in code if float(c["size"]) < 10}
    assert len(advances) == 1  # every code character of the block: one advance
    [advance] = advances
    hangul = [c for c in page.chars if "D2Coding" in c["fontname"] and "가" <= c["text"] <= "힣"]
    assert hangul
    for c in hangul:
        if float(c["size"]) < 10:
            assert float(c["x1"]) - float(c["x0"]) == pytest.approx(2 * advance, abs=0.02)  # two columns
    left, right = 20 * 72 / 25.4, float(page.width) - 20 * 72 / 25.4
    boxes = [r for r in page.rects if r.get("non_stroking_color") and float(r["height"]) > 20]
    assert boxes
    for box in boxes:
        assert float(box["x0"]) >= left - 0.5 and float(box["x1"]) <= right + 0.5
    assert "↪" in text_of(pdf)  # the long line wrapped with a continuation mark
    assert max(float(c["x1"]) for c in code) <= right


def test_a_quote_has_a_rule_and_its_attribution_on_a_right_aligned_line(tmp_path: Path) -> None:
    pdf, _ = pdf_of(tmp_path, MISC)
    page: Any = page_one(pdf)
    right = float(page.width) - 20 * 72 / 25.4
    [kim] = [c for c in page.chars if c["text"] == "김"]
    name = [c for c in page.chars if abs(float(c["top"]) - float(kim["top"])) < 1]
    quote = [c for c in page.chars if c["text"] == "정"]
    assert max(float(c["x1"]) for c in name) == pytest.approx(right, abs=0.6)
    assert min(float(c["top"]) for c in name) > min(float(c["top"]) for c in quote) + 5  # a line of its own
    rules = [ln for ln in page.lines if abs(float(ln["x0"]) - float(ln["x1"])) < 0.1]
    rules += [r for r in page.rects if float(r["width"]) <= 3 and float(r["height"]) > 10]
    assert rules


def test_contents_page_rule(tmp_path: Path) -> None:
    from pledgeconv.frontpages import TocEntry, wants_toc

    def entries(*levels: int) -> list[TocEntry]:
        return [TocEntry(level, f"h{i}", "제목", ()) for i, level in enumerate(levels)]

    assert not wants_toc(entries(1, 2, 2), None)  # one short chapter: no contents page
    assert wants_toc(entries(1, 1), None)  # two chapters
    assert wants_toc(entries(1, 2, 3, 3), None)  # four headings
    assert wants_toc(entries(1), True) and not wants_toc(entries(1, 1), False)
    assert not wants_toc([], True)  # nothing to list
    assert not wants_toc(entries(1, 1), None, lines=20)  # two chapters on less than a page and a half
    short = "# 제목\n\n## 하나\n\n문단.\n\n## 둘\n\n문단.\n"
    assert pages(pdf_of(tmp_path, short, "short")[0]) == 1
    assert pages(pdf_of(tmp_path, short, "forced", toc=True)[0]) == 2
    two = "# 하나\n\n문단.\n\n# 둘\n\n문단.\n"
    assert pages(pdf_of(tmp_path, two, "two")[0]) == 2  # two short chapters: no contents page
    assert pages(pdf_of(tmp_path, two, "forced", toc=True)[0]) == 3  # contents, chapter, chapter
    long = two.replace("문단.", "긴 문단입니다. " * 400)
    assert pages(pdf_of(tmp_path, long, "long")[0]) == pages(pdf_of(tmp_path, long, "none", toc=False)[0]) + 1


def test_contents_lines_have_dot_leaders_and_numbers_on_their_baseline(tmp_path: Path) -> None:
    import pdfplumber  # the test extra installs it: never skipped

    pdf, _ = pdf_of(tmp_path, "# 하나\n\n문단.\n\n# 둘\n\n문단.\n", toc=True)
    with pdfplumber.open(pdf) as doc:
        words = doc.pages[0].extract_words()
        rules = doc.pages[0].lines
    for title, number in (("하나", "2"), ("둘", "3")):
        [entry] = [w for w in words if w["text"] == title and w["top"] > 80]  # not the running header
        [num] = [w for w in words if w["text"] == number and abs(w["bottom"] - entry["bottom"]) < 3]
        assert num["bottom"] == pytest.approx(entry["bottom"], abs=0.3)
        # a dotted (dashed, round-capped) rule from after the entry to before the number
        leaders = [r for r in rules if r.get("dash") and entry["x1"] < r["x0"] < entry["x1"] + 10
                   and r["x1"] > num["x0"] - 25 and abs(float(r["bottom"]) - entry["bottom"]) < 4]  # fmt: skip
        assert leaders, (entry, [(r["x0"], r["x1"], r["top"], r.get("dash")) for r in rules])


def test_cover_prints_an_iso_date_the_korean_way(tmp_path: Path) -> None:
    from pledgeconv.korean import korean_date

    assert korean_date("2026-05-20") == "2026년 5월 20일"
    assert korean_date("2026-05") == "2026년 5월"
    assert korean_date("2026년 5월") == "2026년 5월" and korean_date("2026-13-01") == "2026-13-01"
    pdf, _ = pdf_of(
        tmp_path, "---\ntitle: 공약\ndate: 2026-05-20\n---\n\n# 공약\n\n본문의 2026-05-20은 그대로.\n"
    )
    text = text_of(pdf)
    assert "2026년 5월 20일" in text and "2026-05-20은" in text


def test_external_link_addresses_print_once(tmp_path: Path) -> None:
    md = ("# 링크\n\n[공약 저장소](https://example.org/pledges)를 보세요. 메일: [문의](mailto:help@example.org?subject=x).\n\n"
          "다시 [공약 저장소](https://example.org/pledges)와 <https://example.org/raw>, [장](#링크).\n")  # fmt: skip
    text = text_of(pdf_of(tmp_path, md)[0])
    assert "공약 저장소(https://example.org/pledges)" in text
    assert "문의(help@example.org)" in text and "mailto" not in text
    assert text.count("https://example.org/pledges") == 1
    assert text.count("https://example.org/raw") == 1


def test_bleed_sets_the_page_boxes_crop_marks_and_cmyk_only(tmp_path: Path) -> None:
    md = "---\ntitle: 공약\ndate: 2026-05-20\n---\n\n# 공약\n\n> 인용\n> — 김하늘\n\n| 가 | 나 |\n|---|---|\n| 1 | 2 |\n\n[링크](https://example.org)\n"
    pdf, _ = pdf_of(tmp_path, md, bleed=3)
    qpdf = require_tool("qpdf", "apt-get install qpdf")
    flat = tmp_path / "flat.pdf"
    subprocess.run([qpdf, "--qdf", "--object-streams=disable", str(pdf), str(flat)], check=True)
    raw = flat.read_bytes().decode("latin-1")
    boxes = {name: [float(v) for v in re.search(rf"/{name} \[\s*([\d.\s]+)\]", raw).group(1).split()]  # type: ignore[union-attr]
             for name in ("TrimBox", "BleedBox", "MediaBox")}  # fmt: skip
    trim, bleed, media = boxes["TrimBox"], boxes["BleedBox"], boxes["MediaBox"]
    for i in range(2):
        assert trim[i] - bleed[i] == pytest.approx(8.5, abs=0.01)
        assert bleed[i + 2] - trim[i + 2] == pytest.approx(8.5, abs=0.01)
    assert trim[2] - trim[0] == pytest.approx(595.28, abs=0.01)  # the trimmed page is A4
    assert media[0] <= bleed[0] and media[2] >= bleed[2]
    ops = re.findall(r"(?m)(?:^|\s)(rg|RG|g|G|k|K|sc|SC|scn|SCN)$", raw)
    assert ops and set(ops) <= {"k", "K"}
    plain, _ = pdf_of(tmp_path, md, "plain")
    assert b"/TrimBox" not in plain.read_bytes()


def test_bleed_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    src = tmp_path / "a.md"
    src.write_text("# 가\n", encoding="utf-8")
    result = pledgeconv.convert(src, tmp_path / "a.pdf", bleed=50)
    assert not result.outputs and not (tmp_path / "a.pdf").exists()
    [error] = result.errors
    assert isinstance(error, pledgeconv.UsageError) and "--bleed 50" in str(error)


def test_a_number_wider_than_the_page_and_long_boxes_lay_out(tmp_path: Path) -> None:
    md = ("# 숫자\n\n```\n" + "\n".join(f"구호 {i}" for i in range(300)) + "\n```\n\n"
          "| 가 | 나 |\n|---|---|\n| " + "1" * 2000 + " | 짧음 |\n\n"
          "```text\n" + "\n".join(f"code {i} " + "x" * (i % 150) for i in range(300)) + "\n```\n")  # fmt: skip
    pdf, warnings = pdf_of(tmp_path, md)
    assert [w for w in warnings if w.code == "table-too-large"]
    text = text_of(pdf)
    assert all(f"구호 {i}\n" in text for i in range(300))  # the slogan box, split between pages
    assert all(f"code {i}" in text for i in range(300))
    assert text.replace("\n", "").count("1" * 50) >= 1 and "짧음" in text


def test_toc_and_bleed_are_declared_options() -> None:
    from pledgeconv.cli import build_parser
    from pledgeconv.options import ExportOptions, manifest_keys

    assert ExportOptions().toc is None and ExportOptions().bleed == 0.0
    assert ExportOptions.from_mapping({"bleed": 3}).bleed == 3.0
    with pytest.raises(pledgeconv.UsageError, match="bleed takes a number"):
        ExportOptions.from_mapping({"bleed": "3mm"})
    assert {"toc", "bleed"} <= set(manifest_keys())
    parser = build_parser()
    for argv, toc in ((["--toc"], True), (["--no-toc"], False), ([], None)):
        args = parser.parse_args(["convert", "a.md", "--bleed", "3", *argv])
        assert getattr(args, "opt_toc", None) is toc and args.opt_bleed == 3.0
    with pytest.raises(pledgeconv.UsageError, match="not allowed with"):
        parser.parse_args(["convert", "a.md", "--toc", "--no-toc"])


def test_a_line_without_spaces_stretches_between_syllables_and_nothing_overflows(tmp_path: Path) -> None:
    word = "가나다라마바사아자차카타파하"
    pdf, _ = pdf_of(tmp_path, f"# 긴 낱말\n\n{word * 30} 끝.\n\n*{word * 10}* 끝.\n")
    right, lines, _ = body_lines(pdf)
    ends = [max(float(c["x1"]) for c in line) for line in lines]
    assert len(ends) >= 10
    assert ends[0] == pytest.approx(right, abs=0.3)  # a syllable-broken line, stretched to the edge
    assert max(ends) <= right + 0.5  # the long emphasised word wraps too
