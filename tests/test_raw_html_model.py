"""Raw HTML the model holds itself (issue 28): <b>/<i> are emphasis in every format, a raw <table> is
a table in PDF, DOCX and HWPX, its pictures pictures (or picture-sized boxes), not run-on text."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from conftest import export_bytes

import pledgeconv
from pledgeconv import model

RAW_EMPHASIS = "# 강조\n\n본문의 <b>굵은말</b>과 <i>기울임</i>입니다.\n"

CONTRIBUTORS = """# 기여자

<table>
  <tbody>
    <tr>
      <td align="center"><a href="https://github.com/kim"><img src="https://avatars.example.org/u/1" width="100" alt="김하늘"/><br /><sub><b>김하늘</b></sub></a></td>
      <td align="center"><a href="https://github.com/lee"><img src="icon.png" width="64" alt="이바다"/><br /><sub><b>이바다</b></sub></a></td>
    </tr>
  </tbody>
</table>

표 아래 문단입니다.
"""


def test_raw_bold_and_italic_are_the_models_strong_and_emphasis() -> None:
    [_, para] = pledgeconv.parse(RAW_EMPHASIS).blocks
    assert isinstance(para, model.Paragraph)
    kinds = [type(n).__name__ for n in para.children]
    assert kinds == ["Text", "Strong", "Text", "Emph", "Text"]
    [_, strict] = pledgeconv.parse(RAW_EMPHASIS, strict=True).blocks  # CommonMark keeps raw HTML
    assert any(isinstance(n, model.RawInline) for n in strict.children)  # type: ignore[union-attr]


def test_raw_emphasis_in_html_is_never_a_slant() -> None:
    html = export_bytes(RAW_EMPHASIS, "html").decode()
    assert "<strong>굵은말</strong>" in html
    assert "<i>" not in html and re.search(r"<em[^>]*>기울임</em>", html)


def test_raw_bold_is_bold_in_docx_pdf_and_hwpx() -> None:
    docx = export_bytes(RAW_EMPHASIS, "docx")
    with zipfile.ZipFile(io.BytesIO(docx)) as zf:
        body = zf.read("word/document.xml").decode()
    run = re.search(r"<w:r>(?:(?!</w:r>).)*굵은말", body, re.S)
    assert run and "<w:b/>" in run.group(0)

    import pdfplumber

    with pdfplumber.open(io.BytesIO(export_bytes(RAW_EMPHASIS, "pdf"))) as pdf:
        chars = pdf.pages[-1].chars
    assert {c["fontname"].split("+")[-1] for c in chars if c["text"] in "굵은말"} == {"NanumGothicBold"}
    assert "<b>" not in "".join(c["text"] for c in chars)

    with zipfile.ZipFile(io.BytesIO(export_bytes(RAW_EMPHASIS, "hwpx"))) as zf:
        section, header = zf.read("Contents/section0.xml").decode(), zf.read("Contents/header.xml").decode()
    bold = re.search(r'<hp:run charPrIDRef="(\d+)"><hp:t>굵은말', section)
    assert bold
    shape = re.search(rf'<hh:charPr id="{bold.group(1)}"(?:(?!</hh:charPr>).)*</hh:charPr>', header, re.S)
    assert shape and "<hh:bold/>" in shape.group(0)
    dotted = re.search(r'<hp:run charPrIDRef="(\d+)"><hp:t>기울임', section)
    assert dotted
    shape = re.search(rf'<hh:charPr id="{dotted.group(1)}"(?:(?!</hh:charPr>).)*</hh:charPr>', header, re.S)
    assert shape and 'symMark="DOT_ABOVE"' in shape.group(0) and "<hh:italic/>" not in shape.group(0)


@pytest.fixture
def contributors(tmp_path: Path) -> Path:
    from PIL import Image

    Image.new("RGB", (16, 16), (200, 40, 40)).save(tmp_path / "icon.png")
    src = tmp_path / "readme.md"
    src.write_text(CONTRIBUTORS, encoding="utf-8")
    return src


def test_a_raw_html_table_is_a_table_with_links_and_pictures(contributors: Path) -> None:
    doc = pledgeconv.parse(contributors)
    [table] = [b for b in doc.blocks if isinstance(b, model.Table)]
    assert table.head == () and len(table.rows) == 1 and len(table.rows[0]) == 2
    assert table.aligns == ("center", "center")
    [link] = table.rows[0][1].children
    assert isinstance(link, model.Link) and link.url == "https://github.com/lee"
    picture = link.children[0]
    assert isinstance(picture, model.Image) and picture.width == 64 and picture.resolved
    assert [w.code for w in doc.warnings] == ["image-remote"]


def test_a_raw_html_table_is_a_table_in_docx_and_hwpx(contributors: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(export_bytes(contributors, "docx"))) as zf:
        body = zf.read("word/document.xml").decode()
    assert "<w:tbl>" in body and body.count("<w:tc>") == 2 and "<w:drawing>" in body
    with zipfile.ZipFile(io.BytesIO(export_bytes(contributors, "hwpx"))) as zf:
        section = zf.read("Contents/section0.xml").decode()
    assert "<hp:tbl " in section and section.count("<hp:tc ") == 2


def test_a_raw_html_table_in_the_pdf_has_cells_and_pictures_not_run_on_text(contributors: Path) -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(export_bytes(contributors, "pdf"))) as pdf:
        page = pdf.pages[-1]
        text = page.extract_text()
        kim = [c for c in page.chars if c["text"] == "김" and "Bold" in c["fontname"]]
        lee = [c for c in page.chars if c["text"] == "이" and c["x0"] > page.width / 2]
        assert kim and lee and abs(float(kim[0]["top"]) - float(lee[0]["top"])) < 2  # side by side
        assert len(page.images) == 2  # the picture, and the remote one's box
    assert "이미지 없음" not in text and "https://avatars" not in text


def test_an_inline_picture_is_drawn_in_the_pdf(tmp_path: Path) -> None:
    """It printed as the text "[아이콘]"."""
    import pdfplumber
    from PIL import Image

    Image.new("RGB", (16, 16), (200, 40, 40)).save(tmp_path / "icon.png")
    src = tmp_path / "doc.md"
    src.write_text(
        "문단 안의 ![아이콘](icon.png) 아이콘과 없는 ![없는 그림](none.png) 그림입니다.\n", encoding="utf-8"
    )
    with pdfplumber.open(io.BytesIO(export_bytes(src, "pdf"))) as pdf:
        page = pdf.pages[-1]
        text = page.extract_text()
        [body] = [c for c in page.chars if c["text"] == "문"]
        images = page.images
    assert "[아이콘]" not in text and "아이콘과" in text
    assert len(images) == 2  # the icon, and the missing picture's box
    for image in images:  # at the text's height, on its line
        assert float(image["height"]) <= float(body["size"]) * 1.2
        assert abs(float(image["bottom"]) - float(body["bottom"])) < float(body["size"])


def test_a_flag_is_drawn_as_a_flag_in_the_pdf() -> None:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(export_bytes("국기 🇰🇷 입니다.\n", "pdf"))) as pdf:
        chars = pdf.pages[-1].chars
    flags = [c for c in chars if "Flags" in c["fontname"]]
    assert len(flags) == 1 and flags[0]["text"] == "🇰🇷"  # one glyph, extracted as the flag
