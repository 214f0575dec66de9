"""The raw-HTML policy: obsolete markup made valid HTML5 with its look kept, remote images as in Markdown."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BOOK, CASES

import pledgeconv
from pledgeconv import resources
from pledgeconv.sanitize import clean_html, remote_images


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<strike>지운 글</strike>", "<s>지운 글</s>"),
        ('<acronym title="국회">國會</acronym>', '<abbr title="국회">國會</abbr>'),
        ("<tt>코드</tt>", "<code>코드</code>"),
        ("<center>가운데</center>", '<div class="center">가운데</div>'),
        ('<font color="red" size="4">공약</font>', "공약"),
        ('<p align="center">가</p>', '<p class="align-center">가</p>'),
        ('<h3 align="RIGHT">가</h3>', '<h3 class="align-right">가</h3>'),
        ('<div align="evil">가</div>', "<div>가</div>"),
        (
            '<img src="a.png" alt="가" width="450px" height="40">',
            '<img src="a.png" alt="가" width="450" height="40">',
        ),
        ('<img src="a.png" alt="가" width="40%">', '<img src="a.png" alt="가" style="width: 40%">'),
        ('<img src="a.png" border="0" align="right">', '<img alt="" src="a.png" class="align-right">'),
        ('<hr width="50%" size="1" align="center">', '<hr class="align-center" style="width: 50%">'),
        (
            '<table align="center" border="1" width="40%" bgcolor="#FFF" summary="s" cellpadding="4">'
            '<tr><td valign="top" bgcolor="red;background:url(x)" width="450px" align="right">1,320</td></tr></table>',
            '<div class="table-wrap"><table class="align-center bordered" style="width: 40%; background-color: #fff">'
            '<tbody><tr><td class="valign-top align-right" style="width: 450px">1,320</td></tr></tbody></table></div>',
        ),
        ('<td style="text-align: right" align="left">x</td>', "x"),  # a cell outside a table is dropped
    ],
)
def test_obsolete_markup_becomes_modern_markup(raw: str, clean: str) -> None:
    assert clean_html(raw) == clean


def test_inside_a_paragraph_center_is_a_span_and_tables_are_not_wrapped() -> None:
    assert clean_html("가 <center>나</center> 다", inline=True) == '가 <span class="center">나</span> 다'


def test_class_and_style_already_there_are_kept_with_the_new_ones() -> None:
    html = clean_html('<table><tr><th class="x" style="text-align: left" valign="top">가</th></tr></table>')
    assert '<th class="x valign-top" style="text-align:left">가</th>' in html


def test_remote_images_become_placeholders_with_their_reasons() -> None:
    seen: list[str] = []

    def refuse(url: str) -> tuple[str | None, str]:
        seen.append(url)
        return None, "not fetched"

    html, refused = remote_images(
        '<p><IMG SRC="https://ex.org/a.png" alt="배지 &amp; 로고"><img src=//ex.org/b.png>'
        "<img src='local.png' alt='x'></p>",
        refuse,
        "이미지 없음",
    )
    assert seen == ["https://ex.org/a.png", "https://ex.org/b.png"]
    assert refused == [("https://ex.org/a.png", "not fetched"), ("https://ex.org/b.png", "not fetched")]
    soup = BeautifulSoup(html, "html.parser")
    assert [img["src"] for img in soup.find_all("img")] == ["local.png"]
    holder = soup.select("span.image-placeholder")[0]
    assert holder["aria-label"] == "배지 & 로고" and "이미지 없음: https://ex.org/a.png" in holder.get_text()


def test_a_fetched_remote_image_is_embedded() -> None:
    html, refused = remote_images(
        '<img alt="로고" src="http://ex.org/a.png" width="3">', lambda url: ("data:image/png;base64,AAAA", "")
    )
    assert refused == [] and html == '<img alt="로고" src="data:image/png;base64,AAAA" width="3">'


def test_raw_remote_image_is_refused_with_a_warning_like_a_markdown_one() -> None:
    doc = pledgeconv.parse(CASES / "readme-raw-html.md")
    remote = [w for w in doc.warnings if w.code == "image-remote"]
    assert [(w.line, "img.shields.io" in w.message) for w in remote] == [(3, True), (24, False)]
    out = pledgeconv.export(doc, "html")
    assert isinstance(out, bytes)
    soup = BeautifulSoup(out, "html.parser")
    assert not [img for img in soup.find_all("img") if "example.org" in str(img.get("src"))]
    assert "로고" in soup.get_text() and "http://example.org/logo.png" in soup.get_text()


def _fake_fetch(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    fetched: list[str] = []
    chart = BOOK / "images" / "jobs-chart.png"

    def fetch(url: str) -> resources.Found:
        fetched.append(url)
        return resources.probe_image(chart)

    monkeypatch.setattr(resources, "fetch_remote", fetch)
    return fetched


def test_with_allow_remote_a_raw_remote_image_is_fetched_and_embedded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    fetched = _fake_fetch(monkeypatch)
    src = tmp_path / "x.md"
    src.write_text('# 가\n\n<p align="center"><img src="https://ex.org/chart.png" alt="차트"></p>\n', "utf-8")
    doc = pledgeconv.parse(src, allow_remote=True)
    assert fetched == ["https://ex.org/chart.png"] and not doc.warnings
    html = pledgeconv.export(doc, "html")
    assert isinstance(html, bytes) and b'src="data:image/png;base64,' in html
    epub = pledgeconv.export(doc, "epub")
    assert isinstance(epub, bytes)
    with zipfile.ZipFile(io.BytesIO(epub)) as zf:
        chapter = zf.read("EPUB/ch001.xhtml").decode()
        assert "EPUB/images/img0001.png" in zf.namelist()
    assert 'src="images/img0001.png"' in chapter and "data:" not in chapter


def test_markdown_image_beside_raw_html_stays_an_image_in_epub(tmp_path: Path) -> None:
    (tmp_path / "a.png").write_bytes((BOOK / "images" / "jobs-chart.png").read_bytes())
    src = tmp_path / "x.md"
    src.write_text("# 가\n\n글 <b>굵게</b> ![그림](a.png) 끝\n", encoding="utf-8")
    epub = pledgeconv.export(pledgeconv.parse(src), "epub")
    assert isinstance(epub, bytes)
    with zipfile.ZipFile(io.BytesIO(epub)) as zf:
        chapter = zf.read("EPUB/ch001.xhtml").decode()
    assert 'src="images/img0001.png"' in chapter and "image-placeholder" not in chapter
