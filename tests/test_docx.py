"""The DOCX exporter: LibreOffice renders it (text fidelity, no split words), XML-level checks."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import BOOK, CASES, SEED, export_bytes, require_tool
from kitchen import kitchen_sink
from textcheck import missing_blocks, split_words

import pledgeconv
from pledgeconv import model

SAMPLE_FILES = [SEED, *sorted(BOOK.glob("*.md"))]
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def to_docx(source: Path | str | model.Document, **options: object) -> bytes:
    return export_bytes(source, "docx", **options)


def parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {
            n: zf.read(n).decode("utf-8", "replace") for n in zf.namelist() if n.endswith((".xml", ".rels"))
        }


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every sample as DOCX, converted to PDF by LibreOffice headless in one run."""
    soffice = require_tool("soffice", "apt-get install libreoffice-writer-nogui")
    require_tool("pdftotext", "apt-get install poppler-utils")
    folder = tmp_path_factory.mktemp("docx")
    docs = {src.stem: to_docx(src) for src in SAMPLE_FILES}
    docs["kitchen-sink"] = to_docx(kitchen_sink())
    for name, data in docs.items():
        (folder / f"{name}.docx").write_bytes(data)
    profile = folder / "lo-profile"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
         "--outdir", str(folder), *sorted(str(p) for p in folder.glob("*.docx"))],
        capture_output=True, timeout=600, check=False,
    )  # fmt: skip
    return {name: folder / f"{name}.pdf" for name in docs}


def pdf_text(pdf: Path) -> str:
    assert pdf.exists(), f"LibreOffice did not convert {pdf.stem}.docx"
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout


@pytest.mark.parametrize("src", SAMPLE_FILES, ids=lambda p: p.stem)
def test_libreoffice_renders_every_text_block(src: Path, rendered: dict[str, Path]) -> None:
    assert missing_blocks(src.read_text(encoding="utf-8"), pdf_text(rendered[src.stem])) == []


@pytest.mark.parametrize("src", SAMPLE_FILES, ids=lambda p: p.stem)
def test_no_korean_word_is_split_across_lines(src: Path, rendered: dict[str, Path]) -> None:
    assert split_words(src.read_text(encoding="utf-8"), pdf_text(rendered[src.stem])) == []


def test_word_split_check_can_fail() -> None:
    assert (
        split_words(
            "우리 기업을 위한 실용 외교를 펼치겠습니다.\n", "우리 기업을 위한 실용 외교를 펼치\n겠습니다."
        )
        != []
    )


def test_kitchen_sink_opens_in_libreoffice(rendered: dict[str, Path]) -> None:
    text = pdf_text(rendered["kitchen-sink"])
    for needle in ("구호", "주석", "print(1)", "굵게"):
        assert needle in text


def test_python_docx_reads_it_back_with_real_styles() -> None:
    import docx

    document = docx.Document(io.BytesIO(to_docx(BOOK / "001_경제.md")))
    used = {p.style.name for p in document.paragraphs}
    for style in (
        "Heading 1",
        "Heading 3",
        "Body Text",
        "Caption",
        "Figure",
        "List Number",
        "List Bullet",
    ):
        assert style in used, style
    assert any(p.style.name == "Slogan" for p in document.paragraphs)  # a boxed paragraph, not a table
    (table,) = document.tables  # the data table: no layout table around the slogan
    assert table.style.name == "Pledge Table"
    assert document.core_properties.title == "일자리와 경제"


def test_only_korean_language_tags() -> None:
    for name, xml in parts(to_docx(BOOK / "000_여는글.md")).items():
        assert "zh-CN" not in xml and "ja-JP" not in xml, name
        for tag in re.findall(r'w:eastAsia="([^"]+)"', xml):
            assert tag == "ko-KR" or name == "word/styles.xml" or name == "word/fontTable.xml", (name, tag)
    styles = parts(to_docx(SEED))["word/styles.xml"]
    langs = re.findall(r"<w:lang [^>]*>", styles)
    assert langs and all('w:eastAsia="ko-KR"' in tag for tag in langs)
    assert styles.count("<w:style ") == len(
        re.findall(r"<w:style .*?<w:lang [^>]*w:eastAsia=\"ko-KR\"", styles, re.S)
    )


def test_east_asian_font_and_line_breaking_rules() -> None:
    xml = parts(to_docx(SEED))
    defaults = re.search(r"<w:docDefaults>.*</w:docDefaults>", xml["word/styles.xml"])
    assert defaults is not None
    assert 'w:eastAsia="맑은 고딕"' in defaults.group(0)
    assert '<w:kinsoku w:val="1"/>' in defaults.group(0)
    assert '<w:autoSpaceDN w:val="0"/>' in defaults.group(0)
    assert 'w:noLineBreaksBefore w:lang="ko-KR"' in xml["word/settings.xml"]
    assert "updateFields" not in xml["word/settings.xml"]  # Word would ask "update fields?" on open
    other = parts(to_docx(SEED, east_asian_font="나눔고딕"))["word/styles.xml"]
    assert 'w:eastAsia="나눔고딕"' in other


def test_emphasis_on_hangul_is_dots_not_italic() -> None:
    document = parts(to_docx("*공약*은 **굵게** ~~취소~~\n"))["word/document.xml"]
    assert '<w:em w:val="dot"/>' in document
    assert "<w:i/>" not in document
    english = parts(to_docx("---\nlang: en\n---\n\n*word*\n"))["word/document.xml"]
    assert "<w:i/>" in english and "<w:em " not in english


def test_emphasis_dots_skip_the_spaces_between_words() -> None:
    # LibreOffice draws a lone dot over the space of a marked run (and none over the Hangul).
    document = parts(to_docx("이것은 *매우  중요한 공약* 입니다\n"))["word/document.xml"]
    marked = re.findall(r'<w:r><w:rPr><w:em w:val="dot"/></w:rPr><w:t[^>]*>([^<]*)</w:t>', document)
    assert marked == ["매우", "중요한", "공약"]
    assert '<w:t xml:space="preserve">  </w:t>' in document


def test_footnotes_are_real_word_footnotes() -> None:
    xml = parts(to_docx(CASES / "footnotes.md"))
    refs = re.findall(r'<w:footnoteReference w:id="(\d+)"/>', xml["word/document.xml"])
    assert refs == ["1", "1", "2"]
    notes = xml["word/footnotes.xml"]
    assert '<w:footnote w:type="separator" w:id="-1">' in notes
    assert re.search(r'<w:footnote w:id="1">.*통계청 자료\(2024\)입니다.*두 번째 문단', notes, re.S)
    assert '<w:footnote w:id="2">' in notes and "바로 쓰는 각주" in notes
    assert "footnotes.xml" in xml["word/_rels/document.xml.rels"]
    assert "footnotes+xml" in xml["[Content_Types].xml"]


def test_hyperlinks_are_real() -> None:
    xml = parts(to_docx(BOOK / "000_여는글.md"))
    rels = xml["word/_rels/document.xml.rels"]
    rid = re.search(
        r'Id="(rId\d+)" Type="[^"]*/hyperlink" Target="https://example.org/pledges" TargetMode="External"',
        rels,
    )
    assert rid is not None
    assert f'<w:hyperlink r:id="{rid.group(1)}"' in xml["word/document.xml"]
    internal = parts(to_docx("# 제목\n\n[위로](#제목)\n"))["word/document.xml"]
    assert '<w:hyperlink w:anchor="_pc1"' in internal and 'w:name="_pc1"' in internal
    forward = parts(to_docx("[아래로](#끝)\n\n# 처음\n\n## 끝\n"))["word/document.xml"]
    assert '<w:hyperlink w:anchor="_pc2"' in forward and 'w:name="_pc2"' in forward


def test_lists_use_real_multilevel_numbering() -> None:
    xml = parts(to_docx(CASES / "lists.md"))
    document, numbering = xml["word/document.xml"], xml["word/numbering.xml"]
    assert '<w:ilvl w:val="2"/>' in document  # the third level of the nested list
    assert '<w:multiLevelType w:val="multilevel"/>' in numbering
    assert '<w:startOverride w:val="7"/>' in numbering  # "7. 일곱째부터" keeps its start
    assert "☑" in document and "☐" in document
    nested = parts(to_docx("1. 하나\n   1. 둘\n"))["word/numbering.xml"]
    assert '<w:numFmt w:val="ganada"/>' in nested  # 가. 나. 다. at the second level (outline.list_style)


def test_table_header_repeats_and_alignment() -> None:
    document = parts(to_docx(CASES / "table.md"))["word/document.xml"]
    first_row = re.search(r"<w:tr>.*?</w:tr>", document, re.S)
    assert first_row is not None and "<w:tblHeader/>" in first_row.group(0)
    assert document.count("<w:tblHeader/>") == 1
    assert '<w:jc w:val="right"/>' in document and '<w:jc w:val="center"/>' in document


def test_figures_are_scaled_and_missing_ones_are_placeholders() -> None:
    data = to_docx(BOOK / "001_경제.md")
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        assert "word/media/image1.png" in zf.namelist()
    document = parts(data)["word/document.xml"]
    cx = max(int(v) for v in re.findall(r'<wp:extent cx="(\d+)"', document))
    assert 100 * 36000 < cx <= 167 * 36000  # scaled to A4 minus margins (166 mm), in EMU
    seed = parts(to_docx(SEED))["word/document.xml"]
    assert "[이미지 없음: 032.jpeg]" in seed and "공약 이미지" in seed


def test_cover_toc_header_and_footer() -> None:
    xml = parts(to_docx(BOOK / "000_여는글.md", toc=True))
    document = xml["word/document.xml"]
    # the entries carry PAGEREF fields LibreOffice computes; the TOC field only with checked numbers
    assert "PAGEREF _pc1 \\h" in document and "TOC \\o" not in document
    assert '<w:pStyle w:val="Title"/>' in document and "함께 만드는 약속" in document
    headers = [v for k, v in xml.items() if k.startswith("word/header")]
    footers = [v for k, v in xml.items() if k.startswith("word/footer")]
    assert any("더 나은 내일" in h for h in headers)
    assert any('w:instr=" PAGE "' in f for f in footers)
    assert "<w:titlePg/>" in document


def test_core_properties_and_reproducibility(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    first, second = to_docx(BOOK / "000_여는글.md"), to_docx(BOOK / "000_여는글.md")
    assert first == second
    core = parts(first)["docProps/core.xml"]
    for needle in (
        "<dc:title>더 나은 내일 — 2026 정책공약집</dc:title>",
        "<dc:creator>김하늘</dc:creator>",
        "<dc:language>ko-KR</dc:language>",
        "2026-01-01T00:00:00Z",
        "<cp:keywords>공약집, 지방선거",
    ):
        assert needle in core, needle
    with zipfile.ZipFile(io.BytesIO(first)) as zf:
        assert zf.namelist()[0] == "[Content_Types].xml"
        assert {i.date_time for i in zf.infolist()} == {(2026, 1, 1, 0, 0, 0)}
        assert "docProps/thumbnail.jpeg" not in zf.namelist()


def test_reference_docx_supplies_styles_and_page_setup(tmp_path: Path) -> None:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, RGBColor

    ref = docx.Document()
    ref.styles["Heading 1"].font.color.rgb = RGBColor(0xAA, 0x00, 0x00)
    section = ref.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.header.paragraphs[0].text = "캠프 머리글"
    ref.add_paragraph("template body text that must not leak")
    path = tmp_path / "reference.docx"
    ref.save(str(path))
    out = docx.Document(io.BytesIO(to_docx(SEED, reference_docx=str(path))))
    assert out.styles["Heading 1"].font.color.rgb == RGBColor(0xAA, 0x00, 0x00)
    assert abs(out.sections[0].page_width - Mm(297)) < Mm(1)
    assert out.sections[0].header.paragraphs[0].text == "캠프 머리글"
    assert all("must not leak" not in p.text for p in out.paragraphs)


def test_bad_reference_docx_is_a_usage_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_text("not a zip")
    with pytest.raises(pledgeconv.UsageError, match="not a usable reference"):
        to_docx(SEED, reference_docx=str(bad))


def test_xml_illegal_characters_never_reach_lxml() -> None:
    doc = model.Document(blocks=(model.Paragraph((model.Text("a\x01b\x0c\ufffe"),)),))
    assert "ab" in parts(to_docx(doc))["word/document.xml"]


def test_cli_writes_docx(tmp_path: Path) -> None:
    out = tmp_path / "x.docx"
    # The console script installed beside this interpreter (a virtual environment's bin is not always on PATH).
    script = Path(sys.executable).parent / "pledgeconv"
    proc = subprocess.run([str(script), "convert", str(SEED), "-o", str(out), "-q"], capture_output=True,
                          env={**os.environ}, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert zipfile.is_zipfile(out)


def test_the_body_written_in_pieces_is_the_body_written_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    """The body is serialised in pieces as it is written (memory); cutting it after every few
    elements must give the same package as cutting it never: TOC, landscape sections, notes, links."""
    from pledgeconv.exporters.docx import pieces

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # the two exports may fall in different seconds

    texts = [SEED.read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted(CASES.glob("*.md")) if p.stem != "front-matter"]
    years = " | ".join(f"{2020 + i}년" for i in range(14))
    texts.append(
        f"# 넓은 표\n\n## 예산\n\n| 사업 | {years} |\n|{'---|' * 15}\n| 청년 | {' | '.join(['1,234,567'] * 14)} |"
    )
    doc = pledgeconv.parse("\n\n".join(texts), resource_paths=[str(CASES)])
    monkeypatch.setattr(pieces, "PIECE_ELEMENTS", 10**9)
    whole = to_docx(doc)
    monkeypatch.setattr(pieces, "PIECE_ELEMENTS", 3)
    cut = to_docx(doc)
    assert 'w:orient="landscape"' in parts(whole)["word/document.xml"]
    assert cut == whole


def test_pictures_at_their_natural_size_key_visuals_fill_the_width(tmp_path: Path) -> None:
    """A 40×30 px picture is 40×30 px at 96 dpi (9525 EMU a pixel), not scaled to the text width;
    a picture wider than the text is fitted to it; a key visual (right after its H1) fills the width."""
    import re

    from PIL import Image

    for name, size in (("small.png", (40, 30)), ("wide.png", (3000, 1000)), ("key.png", (200, 100))):
        Image.new("RGB", size, (200, 30, 40)).save(tmp_path / name, dpi=(300, 300))
    (tmp_path / "a.md").write_text(
        "# 제목\n\n![대표](key.png)\n\n본문입니다.\n\n![작은 그림](small.png)\n\n![넓은 그림](wide.png)\n",
        encoding="utf-8",
    )
    body = parts(to_docx(pledgeconv.parse(tmp_path / "a.md"), toc=False))["word/document.xml"]
    key, small, wide = [
        (int(cx), int(cy)) for cx, cy in re.findall(r'<wp:extent cx="(\d+)" cy="(\d+)"', body)
    ]
    assert small == (40 * 9525, 30 * 9525)  # the file's 300 dpi is not used
    assert key[0] == wide[0] and key[0] > 5_000_000  # the text width (about 16 cm)
    assert wide[1] == pytest.approx(wide[0] / 3, rel=0.01)
