"""Assistive technology in the files themselves: the heading-skip warning, EPUB Accessibility 1.1
metadata, alt text and header rows in DOCX and HWPX, and no layout tables (the browser's axe-core
run is in test_browser.py)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BOOK, CASES, IN_CI, ROOT, SEED, export_bytes, require_tool
from hwpxcheck import validate

import pledgeconv
from pledgeconv.book import assemble, load_config

CHART = BOOK / "images" / "jobs-chart.png"
CONFORMS = '<meta property="dcterms:conformsTo">EPUB Accessibility 1.1 - WCAG 2.2 Level AA</meta>'
PICTURES = """# 그림 시험

![청년 일자리 목표 그래프](chart.png)

본문 사이의 그림 ![작은 그래프](chart.png) 입니다.

![](chart.png)

![없는 그림의 설명](nowhere.png)

```slogan
첫 줄 구호
둘째 줄 구호
```

| 구분 | 목표 |
| --- | --- |
| 일자리 | 1만 개 |
"""


def members(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {
            n: zf.read(n).decode("utf-8")
            for n in zf.namelist()
            if n.endswith((".xml", ".xhtml", ".opf", ".hpf"))
        }


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A document with a described picture, an undescribed one, a missing one, a slogan and a table."""
    folder = tmp_path_factory.mktemp("a11y")
    shutil.copy(CHART, folder / "chart.png")
    src = folder / "pictures.md"
    src.write_text(PICTURES, encoding="utf-8")
    return src


# -- check: heading-skip -----------------------------------------------------------------


def test_check_warns_where_the_author_skips_a_heading_level() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pledgeconv", "check", str(SEED), str(CASES / "law.md"), str(BOOK)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    skips = [line for line in proc.stderr.splitlines() if "heading-skip" in line]
    assert any(line.startswith(f"{SEED}:20:") and "H1 to H3" in line for line in skips), proc.stderr
    assert any(line.startswith(f"{CASES / 'law.md'}:5:") and "H2 to H5" in line for line in skips), (
        proc.stderr
    )
    assert any("book/001_경제.md:12:" in line for line in skips), proc.stderr  # the chapter's own file
    assert proc.returncode == 0  # a warning, not a failure (unless --fail-on-warning)


def test_heading_skip_is_quiet_on_a_good_outline_and_sees_raw_html() -> None:
    from pledgeconv.headings import heading_skips

    assert heading_skips(pledgeconv.parse("# 가\n\n## 나\n\n### 다\n\n## 라\n\n# 마\n\n## 바\n")) == []
    nested = heading_skips(pledgeconv.parse("# 가\n\n> #### 인용 속 제목\n\n- ## 목록 속 제목\n"))
    assert [(w.line, w.message.split(":")[0]) for w in nested] == [
        (3, "heading level skips from H1 to H4 (no H2 between)")
    ]  # headings in quotes and lists count, as the contents and the PDF's tags count them
    found = heading_skips(pledgeconv.parse("# 가\n\n<h3>나</h3>\n\n## 다\n\n#### 라\n"))
    assert [(w.code, w.line) for w in found] == [("heading-skip", 3), ("heading-skip", 7)]
    # a front-matter title is drawn as the page's H1: a first ### under it skips H2
    assert [w.line for w in heading_skips(pledgeconv.parse("---\ntitle: 제목\n---\n\n### 가\n"))] == [5]
    assert [w.source for w in heading_skips(assemble(load_config(BOOK)))] == ["001_경제.md", "003_기후.md"]


def test_exports_keep_the_authors_heading_levels() -> None:
    html = export_bytes(SEED, "html").decode()
    levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html) if True]
    assert levels[:3] == [1, 2, 3]  # the title, the contents (h2), then the author's ### as h3


# -- EPUB Accessibility 1.1 ----------------------------------------------------------------


def test_epub_claims_epub_accessibility_1_1_with_metadata_true_of_the_book(
    tmp_path: Path, epubcheck: Callable[[Path], list[dict[str, object]]]
) -> None:
    book = pledgeconv.build(BOOK, tmp_path, to=["epub"])
    assert not book.errors
    files = members((tmp_path / "pledge-book.epub").read_bytes())
    opf = files["EPUB/content.opf"]
    assert CONFORMS in opf
    for needle in (
        '<meta property="schema:accessMode">textual</meta>',
        '<meta property="schema:accessMode">visual</meta>',
        '<meta property="schema:accessModeSufficient">textual</meta>',
        '<meta property="schema:accessibilityFeature">alternativeText</meta>',  # the chart and the cover
        '<meta property="schema:accessibilityFeature">tableOfContents</meta>',
        '<meta property="schema:accessibilityFeature">structuralNavigation</meta>',
        '<meta property="schema:accessibilityFeature">readingOrder</meta>',
        '<meta property="schema:accessibilityHazard">none</meta>',
    ):
        assert needle in opf, needle
    summary = re.search(r'property="schema:accessibilitySummary">([^<]+)<', opf)
    assert summary is not None
    for fact in ("차례", "대체 텍스트", "찾지 못한 그림 1개", "머리글 행", "각주", "EPUB 접근성 1.1"):
        assert fact in summary.group(1), fact
    nav = files["EPUB/nav.xhtml"]
    assert 'epub:type="landmarks"' in nav and 'epub:type="bodymatter"' in nav
    pages = [name for name in files if name.endswith(".xhtml")]
    assert len(pages) >= 6
    assert [name for name in pages if files[name].count("<main>") != 1] == []
    assert epubcheck(tmp_path / "pledge-book.epub") == []


def test_epub_makes_no_claim_when_a_picture_has_no_text(pictures: Path) -> None:
    opf = members(export_bytes(pictures, "epub"))["EPUB/content.opf"]
    assert CONFORMS not in opf
    assert "alternativeText" not in opf
    assert '<meta property="schema:accessModeSufficient">textual</meta>' not in opf
    assert '<meta property="schema:accessModeSufficient">textual,visual</meta>' in opf
    assert "일부 그림에는 대체 텍스트가 없어" in opf
    described = pictures.with_name("described.md")
    described.write_text(PICTURES.replace("![](chart.png)", "![세 번째 그래프](chart.png)"), encoding="utf-8")
    opf = members(export_bytes(described, "epub"))["EPUB/content.opf"]
    assert CONFORMS in opf and "alternativeText" in opf
    raw = members(export_bytes("# 가\n\n<img src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' />\n", "epub"))
    assert CONFORMS not in raw["EPUB/content.opf"]  # raw HTML's picture without alt


def daisy_ace() -> Callable[[Path, Path], list[str]]:
    """DAISY Ace (npm @daisy/ace, installed by tests/run.sh into .cache/ace) with its puppeteer runner
    in the system Chromium: a function giving its violations on an EPUB as "file: rule (impact)"."""
    import json
    import os

    chromium = require_tool("chromium", "apt-get install chromium")
    ace = ROOT / ".cache" / "ace" / "node_modules" / ".bin" / "ace-puppeteer"
    if not ace.exists():
        message = f"DAISY Ace is not installed ({ace}: see NPM_TOOLS in tests/run.sh)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)

    def run(epub: Path, out: Path) -> list[str]:
        env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": chromium}
        proc = subprocess.run([str(ace), "--silent", "--force", "-o", str(out), str(epub)],
                              capture_output=True, text=True, timeout=300, env=env)  # fmt: skip
        assert (out / "report.json").is_file(), proc.stderr
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        return [
            f"{subject['earl:testSubject']['url']}: {test['earl:test']['dct:title']} ({test['earl:test']['earl:impact']})"
            for subject in report["assertions"]
            for test in subject.get("assertions", [])
        ]

    return run


def test_daisy_ace_finds_nothing_but_the_authors_outline(tmp_path: Path) -> None:
    """DAISY Ace (axe-core with EPUB rules, package metadata checks) on the seed, the book and a law:
    its only finding is heading-order where the author's Markdown skips a level (check warns)."""
    ace = daisy_ace()
    book = pledgeconv.build(BOOK, tmp_path / "book", to=["epub"])
    assert not book.errors
    epubs = {"book": tmp_path / "book" / "pledge-book.epub", "seed": tmp_path / "seed.epub",
             "law": tmp_path / "law.epub", "footnotes": tmp_path / "footnotes.epub"}  # fmt: skip
    for name, src in (("seed", SEED), ("law", CASES / "law.md"), ("footnotes", CASES / "footnotes.md")):
        pledgeconv.export(pledgeconv.parse(src), epubs[name])
    found = {name: ace(epub, tmp_path / f"ace-{name}") for name, epub in epubs.items()}
    assert {name: [f for f in v if "heading-order" not in f] for name, v in found.items()} == {
        name: [] for name in epubs
    }
    assert any("heading-order" in f for f in found["book"])  # Ace looked: the book's chapters skip H2


# -- DOCX ----------------------------------------------------------------------------------


def test_docx_pictures_have_alt_text_and_tables_are_data_tables(pictures: Path) -> None:
    document = members(export_bytes(pictures, "docx"))["word/document.xml"]
    doc_prs = re.findall(r"<wp:docPr\b.*?(?:/>|</wp:docPr>)", document, re.S)
    assert len(doc_prs) == 3
    assert 'descr="청년 일자리 목표 그래프"' in doc_prs[0] and 'descr="작은 그래프"' in doc_prs[1]
    assert 'descr=""' in doc_prs[2] and "<adec:decorative" in doc_prs[2] and 'val="1"' in doc_prs[2]
    # the missing picture: a placeholder, then the caption that says what it showed
    placeholder = re.search(r'w:val="ImagePlaceholder".*?</w:p>\s*<w:p>(.*?)</w:p>', document, re.S)
    assert placeholder is not None and "없는 그림의 설명" in placeholder.group(1)
    # no layout tables: one table, the data table, its first row a repeating header row
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", document, re.S)
    assert len(tables) == 1
    first_row = re.search(r"<w:tr\b.*?</w:tr>", tables[0], re.S)
    assert first_row is not None and "<w:tblHeader/>" in first_row.group(0) and "구분" in first_row.group(0)
    # the boxes are bordered, shaded paragraphs
    for style in ("Slogan", "ImagePlaceholder"):
        box = re.search(rf'<w:p><w:pPr><w:pStyle w:val="{style}"/>(.*?)</w:pPr>', document, re.S)
        assert box is not None, style
        assert "<w:pBdr>" in box.group(1) and "<w:shd " in box.group(1), style


def test_docx_of_the_seed_and_book_has_no_layout_table_and_keeps_title_and_language(tmp_path: Path) -> None:
    book = pledgeconv.build(BOOK, tmp_path, to=["docx"])
    assert not book.errors
    for data in (export_bytes(SEED, "docx"), (tmp_path / "pledge-book.docx").read_bytes()):
        files = members(data)
        document = files["word/document.xml"]
        for table in re.findall(r"<w:tbl>.*?</w:tbl>", document, re.S):
            first_row = re.search(r"<w:tr\b.*?</w:tr>", table, re.S)
            assert first_row is not None and "<w:tblHeader/>" in first_row.group(0)
        assert 'w:val="Slogan"' in document
        for doc_pr in re.findall(r"<wp:docPr\b[^>]*>", document):
            assert re.search(r'descr="[^"]+"', doc_pr), doc_pr
        assert re.search(r"<dc:title>[^<]+</dc:title>", files["docProps/core.xml"])
        assert 'w:eastAsia="ko-KR"' in files["word/styles.xml"]


# -- HWPX ----------------------------------------------------------------------------------


def test_hwpx_pictures_have_alt_text_and_tables_repeat_their_header_row(
    pictures: Path, tmp_path: Path
) -> None:
    data = export_bytes(pictures, "hwpx")
    section = members(data)["Contents/section0.xml"]
    comments = re.findall(r"<hp:shapeComment>([^<]*)</hp:shapeComment>", section)
    assert comments[:2] == ["청년 일자리 목표 그래프", "작은 그래프"] and len(comments) == 3
    assert re.search(
        r"이미지 없음: nowhere.png.*?없는 그림의 설명", section, re.S
    )  # placeholder, then its caption
    tables = re.findall(r"<hp:tbl\b.*?</hp:tbl>", section, re.S)
    assert len(tables) == 1 and 'repeatHeader="1"' in tables[0]
    first_row = re.search(r"<hp:tr>.*?</hp:tr>", tables[0], re.S)
    assert first_row is not None and first_row.group(0).count('header="1"') == 2
    path = tmp_path / "pictures.hwpx"
    path.write_bytes(data)
    assert validate(path) == []


def test_hwpx_of_the_book_describes_every_picture(tmp_path: Path) -> None:
    book = pledgeconv.build(BOOK, tmp_path, to=["hwpx"])
    assert not book.errors
    section = "".join(
        text
        for name, text in members((tmp_path / "pledge-book.hwpx").read_bytes()).items()
        if "section" in name
    )
    comments = re.findall(r"<hp:shapeComment>([^<]*)</hp:shapeComment>", section)
    assert len(comments) >= 2 and all(c.strip() for c in comments), comments
    assert any(c.startswith("표지: ") for c in comments)  # the cover
    package = members((tmp_path / "pledge-book.hwpx").read_bytes())["Contents/content.hpf"]
    assert "<opf:title>더 나은 내일" in package and "<opf:language>ko</opf:language>" in package
