"""The HTML exporter: judged by vnu, read back for text fidelity, Korean typography and safety."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import BOOK, CASES, SEED
from kitchen import kitchen_sink
from textcheck import html_text, missing_blocks

import pledgeconv
from pledgeconv import model

SAMPLE_FILES = [SEED, *sorted(BOOK.glob("*.md"))]


def to_html(source: Path | str, **options: object) -> str:
    doc = pledgeconv.parse(source)
    out = pledgeconv.export(doc, "html", **options)
    assert isinstance(out, bytes)
    return out.decode("utf-8")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[Path, Path]:
    out_dir = tmp_path_factory.mktemp("html")
    files: dict[Path, Path] = {}
    for src in [*SAMPLE_FILES, *sorted(CASES.glob("*.md"))]:
        target = out_dir / f"{src.parent.name}-{src.stem}.html"
        target.write_text(to_html(src), encoding="utf-8")
        files[src] = target
    return files


def test_vnu_finds_no_errors(
    rendered: dict[Path, Path], vnu: Callable[[list[Path]], list[dict[str, object]]]
) -> None:
    errors = vnu(list(rendered.values()))
    assert errors == [], "\n".join(f"{e.get('url')}:{e.get('lastLine')}: {e.get('message')}" for e in errors)


def test_vnu_does_report_invalid_html(
    tmp_path: Path, vnu: Callable[[list[Path]], list[dict[str, object]]]
) -> None:
    # The validator check can fail: a broken document must produce errors.
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><head></head><body><p><div></p></body></html>", encoding="utf-8")
    assert vnu([bad])


@pytest.mark.parametrize("src", SAMPLE_FILES, ids=lambda p: p.stem)
def test_every_source_block_is_in_the_output(src: Path, rendered: dict[Path, Path]) -> None:
    html = rendered[src].read_text(encoding="utf-8")
    assert missing_blocks(src.read_text(encoding="utf-8"), html_text(html)) == []


def test_fidelity_check_can_fail() -> None:
    assert missing_blocks("# 제목\n\n사라진 문단\n", "제목") == ["사라진 문단"]


def test_seed_standalone_document() -> None:
    html = to_html(SEED)
    soup = BeautifulSoup(html, "html.parser")
    assert html.startswith("<!DOCTYPE html>")
    assert soup.html is not None and soup.html["lang"] == "ko"
    assert soup.find("meta", charset="utf-8") is not None
    assert soup.title is not None and soup.title.string == "외교안보 정책"
    assert "미‧중" in soup.get_text().replace(
        "\u2060", ""
    )  # a word joiner holds the pair (korean.mark_breaks)
    slogan = soup.select_one("main div.slogan")
    assert slogan is not None and "외교안보 강국을 만들겠습니다" in slogan.get_text()
    figure = soup.select_one("figure.key-visual.missing")
    assert figure is not None and "공약 이미지" in figure.get_text() and "032.jpeg" in figure.get_text()
    assert not soup.select("img[src='032.jpeg']")  # never a dangling reference
    pledges = soup.select("h3.pledge")
    assert len(pledges) == 4 and pledges[1].get_text().endswith("대한민국을 이루겠습니다.")


def test_korean_typography_css() -> None:
    html = to_html(SEED)
    assert re.search(r":lang\(ko\)\s*{[^}]*word-break:\s*keep-all", html)
    assert re.search(r":lang\(ko\)\s*{[^}]*line-break:\s*strict", html)
    assert re.search(r"line-height:\s*1\.7", html)
    assert re.search(r"\bem\s*{[^}]*font-style:\s*normal", html)
    assert "@media print" in html and "max-width: 30em" in html


def test_toc_links_resolve_and_ids_are_unique() -> None:
    html = to_html(SEED)
    soup = BeautifulSoup(html, "html.parser")
    ids = [el["id"] for el in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    links = [a["href"] for a in soup.select("nav#toc a")]
    # the title's H1 and the four pledges: every format's contents list the same headings (frontpages.py)
    assert len(links) == 5 and links[0] == "#외교안보-정책"
    assert all(href[1:] in ids for href in links)


def test_images_are_embedded_as_data_uris() -> None:
    html = to_html(BOOK / "001_경제.md")
    soup = BeautifulSoup(html, "html.parser")
    img = soup.select_one("figure.key-visual img")
    assert img is not None and str(img["src"]).startswith("data:image/png;base64,")
    assert img["alt"] == "청년 일자리 목표 그래프"


def test_images_can_be_linked_instead() -> None:
    html = to_html(BOOK / "001_경제.md", embed_images=False)
    assert 'src="images/jobs-chart.png"' in html


def test_title_block_from_front_matter() -> None:
    soup = BeautifulSoup(to_html(BOOK / "000_여는글.md"), "html.parser")
    header = soup.select_one("header.title-block")
    assert header is not None
    text = header.get_text(" ")
    for part in (
        "더 나은 내일",
        "함께 만드는 약속",
        "김하늘",
        "미래시민당",
        "2026년 5월 20일",  # the cover date as Korean print writes it, in every format (resolve)
        "제9회 전국동시지방선거",
    ):
        assert part in text
    assert soup.find("meta", attrs={"name": "author"})["content"] == "김하늘"  # type: ignore[index]


def test_footnotes_link_both_ways() -> None:
    soup = BeautifulSoup(to_html(CASES / "footnotes.md"), "html.parser")
    refs = soup.select("sup.footnote-ref a")
    assert [a["href"] for a in refs] == ["#fn-1", "#fn-1", "#fn-2"]
    backs = soup.select("a.footnote-back")
    assert sorted(a["href"] for a in backs) == ["#fnref-1", "#fnref-1-2", "#fnref-2"]
    for a in backs:
        assert soup.find(id=str(a["href"])[1:]) is not None


def test_raw_html_is_sanitised() -> None:
    html = to_html(CASES / "raw-html.md", fragment=True)
    lowered = html.lower()
    for bad in ("<script", "onclick", "onmouseover", "onerror", "javascript:", 'style="color'):
        assert bad not in lowered
    assert "<b>굵은</b>" in html and "<span>인라인</span>" in html


def test_unsafe_html_passes_raw_html_through() -> None:
    html = to_html(CASES / "raw-html.md", fragment=True, unsafe_html=True)
    assert 'onclick="alert(1)"' in html


def test_dangerous_link_schemes_never_become_links() -> None:
    html = to_html(CASES / "links.md", fragment=True)
    soup = BeautifulSoup(html, "html.parser")
    hrefs = [str(a.get("href", "")) for a in soup.find_all("a")]
    assert not any(h.lower().startswith(("javascript:", "file:", "data:")) for h in hrefs)
    # a model built by hand (not from Markdown) is checked again by the exporter
    doc = model.Document(
        blocks=(model.Paragraph((model.Link((model.Text("x"),), "JaVa\tScript:alert(1)"),)),)
    )
    out = pledgeconv.export(doc, "html", fragment=True)
    assert isinstance(out, bytes) and b"href" not in out and b"x" in out


def test_fragment_is_body_only() -> None:
    html = to_html(SEED, fragment=True)
    assert "<html" not in html and "<style" not in html and html.startswith("<h1")


def test_kitchen_sink_renders_every_node(
    tmp_path: Path, vnu: Callable[[list[Path]], list[dict[str, object]]]
) -> None:
    out = pledgeconv.export(kitchen_sink(), "html")
    assert isinstance(out, bytes)
    html = out.decode("utf-8")
    for needle in (
        "<em>",
        "<strong>",
        "<del>",
        "<code>c</code>",
        'href="https://example.org"',
        "<br>",
        'href="#fn-1"',
        'class="mark"',
        "<b>굵게</b>",
        'class="slogan"',
        "<figure",
        'start="3"',
        "<table>",
        "<blockquote>",
        "language-python",
        "<hr>",
        "<p>raw</p>",
        'class="box"',
        "주석",
        'type="checkbox"',
    ):
        assert needle in html, needle
    page = tmp_path / "sink.html"
    page.write_text(html, encoding="utf-8")
    assert vnu([page]) == []


def test_hyphenation_point_is_drawn_from_the_bundled_dejavu_glyph() -> None:
    import io

    from fontTools.ttLib import TTFont
    from middle_dot import ROOT, make

    from pledgeconv.exporters.css import middle_dot_font

    shipped = TTFont(io.BytesIO(middle_dot_font()))
    assert set(shipped.getBestCmap()) == {0x2027}
    assert "Bitstream" not in shipped["name"].getDebugName(1)  # renamed, as the licence asks
    dejavu = TTFont(str(ROOT / "fonts" / "DejaVuSans.ttf"))
    name = dejavu.getBestCmap()[0x2027]
    assert shipped["hmtx"][shipped.getBestCmap()[0x2027]] == dejavu["hmtx"][name]
    assert TTFont(io.BytesIO(make())).getBestCmap() == shipped.getBestCmap()
    html = to_html(SEED)
    assert "unicode-range: U+2027" in html and "data:font/woff;base64," in html
    assert "unicode-range: U+2027" not in to_html("# 가\n\n나·다\n")


def test_title_h1_comes_before_the_contents() -> None:
    html = to_html(SEED)
    assert html.index('<h1 id="외교안보-정책">') < html.index('<nav id="toc"') < html.index("<h3")


@pytest.mark.parametrize(
    ("text", "wrapped"),
    [("국비·시비", "국비\u2060·\u2060시비"), ("국비 · 시비", "국비\u00a0· 시비"), ("·시비", "\u2060·\u2060시비"),
     ("국비 ·시비", "국비 ·\u2060시비"), ("국비\u00a0·시비", "국비\u00a0·\u2060시비"),
     ("남북ㆍ북미", "남북\u2060ㆍ\u2060북미"), ("K-외교로", "K-\u2060외교로"),
     ("시장ㆍ군수ㆍ구청장", "시장\u2060ㆍ\u200b군수\u2060ㆍ\u200b구청장"),
     ("— 김하늘", "—\u00a0김하늘"), ("10%로 (안)을", "10%\u2060로 (안)\u2060을"), ("평범한 문장.", "평범한 문장.")],
)  # fmt: skip
def test_prose_keeps_marks_with_their_words(text: str, wrapped: str) -> None:
    from pledgeconv.exporters.html import prose

    assert prose(text) == wrapped
