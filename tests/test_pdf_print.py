"""Print-ready PDF: no blank pages, tables that fit, anything valid lays out (issue 13)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

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


def pdf_of(tmp_path: Path, text: str, name: str = "doc", **options: object) -> tuple[Path, list[pledgeconv.Warning]]:
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
