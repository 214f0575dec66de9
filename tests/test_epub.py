"""The EPUB exporter: EPUBCheck 5 with zero messages, text fidelity, metadata, determinism."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BOOK, CASES, SEED, export_bytes
from kitchen import kitchen_sink
from textcheck import missing_blocks

from pledgeconv import ExportError, model

SAMPLE_FILES = [SEED, *sorted(BOOK.glob("*.md"))]


def to_epub(source: Path | str | model.Document, **options: object) -> bytes:
    return export_bytes(source, "epub", **options)


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def spine_text(data: bytes) -> str:
    files = members(data)
    opf = BeautifulSoup(files["EPUB/content.opf"], "xml")
    manifest = {item["id"]: item["href"] for item in opf.find_all("item")}
    texts = []
    for ref in opf.find("spine").find_all("itemref"):  # type: ignore[union-attr]
        page = BeautifulSoup(files["EPUB/" + manifest[ref["idref"]]], "xml")
        texts.append(page.body.get_text(" ") if page.body else "")
    return "\n".join(texts)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("epub")
    jobs: dict[str, bytes] = {src.stem: to_epub(src) for src in SAMPLE_FILES}
    jobs["kitchen-sink"] = to_epub(kitchen_sink())
    jobs["embedded-fonts"] = to_epub(BOOK / "000_여는글.md", embed_fonts=True)
    jobs["cases-footnotes"] = to_epub(CASES / "footnotes.md")
    jobs["cases-outline"] = to_epub(CASES / "outline.md")
    jobs["cases-raw-html"] = to_epub(CASES / "raw-html.md")
    jobs["cases-raw-html-unsafe"] = to_epub(CASES / "raw-html.md", unsafe_html=True)
    for name in ("readme-raw-html", "budget-table", "law"):
        jobs[f"cases-{name}"] = to_epub(CASES / f"{name}.md")
    jobs["empty"] = to_epub("")
    paths = {}
    for name, data in jobs.items():
        paths[name] = folder / f"{name}.epub"
        paths[name].write_bytes(data)
    return paths


def test_epubcheck_reports_nothing(
    built: dict[str, Path], epubcheck: Callable[[Path], list[dict[str, object]]]
) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        reports = dict(zip(built, pool.map(epubcheck, built.values()), strict=True))
    problems = {name: msgs for name, msgs in reports.items() if msgs}
    assert problems == {}


def test_epubcheck_does_report_a_broken_book(
    tmp_path: Path, epubcheck: Callable[[Path], list[dict[str, object]]]
) -> None:
    files = members(to_epub(SEED))
    files["EPUB/ch001.xhtml"] = files["EPUB/ch001.xhtml"].replace(
        b"</section>", b"<img src='nowhere.png' /></section>"
    )
    broken = tmp_path / "broken.epub"
    with zipfile.ZipFile(broken, "w") as zf:
        for name, data in files.items():
            zf.writestr(
                name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype" else zipfile.ZIP_DEFLATED
            )
    assert epubcheck(broken)


@pytest.mark.parametrize("src", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_source_block_is_in_the_spine(src: Path) -> None:
    assert missing_blocks(src.read_text(encoding="utf-8"), spine_text(to_epub(src))) == []


def test_container_layout_and_language() -> None:
    data = to_epub(SEED)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        first = zf.infolist()[0]
        assert first.filename == "mimetype" and first.compress_type == zipfile.ZIP_STORED
        assert zf.read("mimetype") == b"application/epub+zip"
    files = members(data)
    for name, content in files.items():
        if name.endswith(".xhtml"):
            assert b'lang="ko" xml:lang="ko"' in content, name
    opf = files["EPUB/content.opf"].decode()
    assert "<dc:language>ko</dc:language>" in opf
    assert "<dc:title>외교안보 정책</dc:title>" in opf


def test_one_document_per_h1_and_nav_depth() -> None:
    text = "# 하나\n\n## 둘\n\n### 셋\n\n#### 넷\n\n# 다섯\n\n본문\n"
    files = members(to_epub(text))
    assert sorted(n for n in files if re.match(r"EPUB/ch\d+\.xhtml", n)) == [
        "EPUB/ch001.xhtml",
        "EPUB/ch002.xhtml",
    ]
    nav = files["EPUB/nav.xhtml"].decode()
    assert 'href="ch001.xhtml#셋"' in nav and "넷" not in nav and 'href="ch002.xhtml#다섯"' in nav
    assert 'epub:type="landmarks"' in nav
    assert "ch002.xhtml#다섯" in files["EPUB/toc.ncx"].decode()


def test_missing_image_is_a_placeholder_not_a_dangling_reference() -> None:
    files = members(to_epub(SEED))
    chapter = files["EPUB/ch001.xhtml"].decode()
    assert "032.jpeg" in chapter and 'src="032.jpeg"' not in chapter and "공약 이미지" in chapter
    assert not [n for n in files if n.startswith("EPUB/images/")]


def test_images_get_generated_names_and_are_deduplicated(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes((BOOK / "images" / "jobs-chart.png").read_bytes())
    (tmp_path / "b.png").write_bytes((BOOK / "images" / "jobs-chart.png").read_bytes())
    src = tmp_path / "x.md"
    src.write_text("# 그림\n\n![가](a.png)\n\n![나](b.png)\n\n![가 again](a.png)\n", encoding="utf-8")
    files = members(to_epub(src))
    assert [n for n in files if n.startswith("EPUB/images/")] == ["EPUB/images/img0001.png"]
    assert files["EPUB/ch001.xhtml"].decode().count('src="images/img0001.png"') == 3


def test_footnotes_are_epub3_notes_across_chapters() -> None:
    text = "# 하나\n\n본문[^a]\n\n# 둘\n\n다시[^a] 그리고[^b]\n\n[^a]: 첫 각주\n[^b]: 둘째 각주\n"
    files = members(to_epub(text))
    one, two = files["EPUB/ch001.xhtml"].decode(), files["EPUB/ch002.xhtml"].decode()
    assert 'epub:type="noteref"' in one and 'epub:type="footnote"' in one
    assert 'href="ch001.xhtml#fn-1"' in two  # the note lives where it was first referenced
    assert 'href="ch002.xhtml#fnref-1-2"' in one  # and links back to every reference
    assert 'id="fn-2"' in two


def test_metadata_identifier_and_accessibility(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    opf = members(to_epub(BOOK / "000_여는글.md"))["EPUB/content.opf"].decode()
    for needle in (
        '<meta property="dcterms:modified">2026-01-01T00:00:00Z</meta>',
        "<dc:creator",
        ">김하늘</dc:creator>",
        "<dc:publisher>미래시민당</dc:publisher>",
        "<dc:date>2026-05-20</dc:date>",
        'properties="cover-image"',
        '<meta property="schema:accessMode">textual</meta>',
        '<meta property="schema:accessModeSufficient">textual</meta>',
        '<meta property="schema:accessibilityFeature">tableOfContents</meta>',
        '<meta property="schema:accessibilityHazard">none</meta>',
        'property="schema:accessibilitySummary"',
    ):
        assert needle in opf, needle
    ident = re.search(r'<dc:identifier id="id">urn:uuid:([0-9a-f-]+)</dc:identifier>', opf)
    assert ident is not None and ident.group(1)[14] == "5"  # UUID version 5, derived from the content
    explicit = members(to_epub("---\nidentifier: urn:isbn:9791100000000\n---\n\n# x\n"))["EPUB/content.opf"]
    assert b"urn:isbn:9791100000000" in explicit


def test_identifier_follows_content() -> None:
    def ident(text: str) -> str:
        opf = members(to_epub(text))["EPUB/content.opf"].decode()
        found = re.search(r"urn:uuid:[0-9a-f-]+", opf)
        assert found is not None
        return found.group(0)

    assert ident("# 가\n") == ident("# 가\n")
    assert ident("# 가\n") != ident("# 나\n")


def test_same_input_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    assert to_epub(BOOK / "001_경제.md") == to_epub(BOOK / "001_경제.md")


def test_embedded_fonts_are_subsets() -> None:
    files = members(to_epub(BOOK / "000_여는글.md", embed_fonts=True))
    fonts = {n: len(d) for n, d in files.items() if n.startswith("EPUB/fonts/")}
    assert set(fonts) == {"EPUB/fonts/NanumGothic-regular.ttf", "EPUB/fonts/NanumGothic-bold.ttf"}
    assert all(size < 300_000 for size in fonts.values())  # the full fonts are 4.6 MB each
    from fontTools.ttLib import TTFont

    cmap = TTFont(io.BytesIO(files["EPUB/fonts/NanumGothic-regular.ttf"])).getBestCmap()
    assert all(ord(ch) in cmap for ch in "공약집여는글")
    assert "@font-face" in files["EPUB/styles/pledge.css"].decode()


def test_korean_css_is_in_the_book() -> None:
    css = members(to_epub(SEED))["EPUB/styles/pledge.css"].decode()
    assert "word-break: keep-all" in css and re.search(r"\bem\s*{[^}]*font-style:\s*normal", css)


def test_library_errors_surface_as_one_line_export_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    import ebooklib.epub

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr(ebooklib.epub, "write_epub", broken)
    with pytest.raises(ExportError, match="epub: ebooklib failed: disk on fire"):
        to_epub(SEED)


def test_book_notes_keep_their_numbers_in_each_chapter() -> None:
    text = "# 하나\n\n가[^a]\n\n# 둘\n\n나[^b] 다[^c]\n\n[^a]: 첫째\n[^b]: 둘째\n[^c]: 셋째\n"
    two = members(to_epub(text))["EPUB/ch002.xhtml"].decode()
    assert '<li value="2"><aside id="fn-2"' in two and '<li value="3"><aside id="fn-3"' in two


def test_hyphenation_point_font_is_packaged_only_when_used() -> None:
    files = members(to_epub(SEED))
    assert "EPUB/fonts/middle-dot.woff" in files
    css = files["EPUB/styles/pledge.css"].decode()
    assert 'url("../fonts/middle-dot.woff")' in css and "unicode-range: U+2027" in css
    assert "EPUB/fonts/middle-dot.woff" not in members(to_epub("# 가\n\n나·다\n"))


def test_links_survive_raw_inline_html() -> None:
    """Raw HTML is sanitised per raw node, never over rendered output: a paragraph that holds
    raw inline HTML keeps its note reference and its link to a heading in another chapter."""
    src = "# 하나\n\nx <kbd>y</kbd> 각주[^1] [둘로](#둘) <sub>z</sub>\n\n# 둘\n\n본문\n\n[^1]: 주석\n"
    chapter = members(to_epub(src))["EPUB/ch001.xhtml"].decode()
    soup = BeautifulSoup(chapter, "html.parser")
    ref = soup.find("a", id="fnref-1")
    assert ref is not None and ref.get("href") == "#fn-1"  # the note lives in this chapter
    assert ref.get("epub:type") == "noteref"
    link = soup.find("a", string="둘로")
    assert link is not None and link.get("href") == "ch002.xhtml#둘"
    assert "<kbd>y</kbd>" in chapter and "<sub>z</sub>" in chapter  # (<b> and <i> are Strong and Emph)


def test_raw_html_balanced_around_markdown_and_script_dropped() -> None:
    src = '가 <span class="x">*강조* 나</span> <script>alert(1)</script> 다\n'
    html = export_bytes(src, "html").decode()
    assert '<span class="x"><em>강조</em> 나</span>' in html
    assert "alert" not in html and "<script" not in html
    chapter = members(to_epub(src))["EPUB/ch001.xhtml"].decode()
    assert '<span class="x"><em>강조</em> 나</span>' in chapter
