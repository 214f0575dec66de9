"""The resolution pass: every cross-format decision taken once, before any exporter runs."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from PIL import Image

import pledgeconv
from pledgeconv.links import resolve_link
from pledgeconv.model import RawInline, Text
from pledgeconv.options import ExportOptions
from pledgeconv.resolve import clean_inline_run, resolve

FORMATS = ("html", "epub", "docx", "pdf")


def test_links_are_classified_once() -> None:
    doc = pledgeconv.parse("# 하나\n\n[a](#둘) [b](#없음) [c](https://example.org) [d](other.md) \n\n# 둘\n")
    resolved = resolve(doc, ExportOptions())
    kinds = {url: target.kind for url, target in resolved.links.items()}
    assert kinds == {
        "#%EB%91%98": "heading",
        "#%EC%97%86%EC%9D%8C": "missing",
        "https://example.org": "external",
        "other.md": "relative",
    }
    assert resolved.link("#%EB%91%98").chapter == 1 and resolved.chapter_file("둘") == "ch002.xhtml"
    assert resolve_link("#둘", {"둘": 0}).heading == "둘"
    assert resolve_link("java\tscript:alert(1)", {}).kind == "unsafe"


def test_title_language_chapters_and_note_homes() -> None:
    doc = pledgeconv.parse("서문[^a]\n\n# 하나\n\n본문[^b]\n\n# 둘\n\n[^a]: 가\n[^b]: 나\n", name="책.md")
    resolved = resolve(doc, ExportOptions())
    assert resolved.title == "하나" and resolved.lang == "ko" and resolved.korean
    assert [c.title for c in resolved.chapters] == ["하나", "하나", "둘"]  # the part before an H1: the title
    assert [[n.number for n in c.notes] for c in resolved.chapters] == [[1], [2], []]
    again = resolve(
        pledgeconv.parse("가[^a]\n\n# 하나\n\n나[^a] 다[^b]\n\n[^a]: 주[^b]\n[^b]: 석\n"), ExportOptions()
    )
    assert dict(again.note_refs) == {1: 2, 2: 2}  # in the body and in the notes
    assert resolve(pledgeconv.parse("본문\n", name="dir/책.md"), ExportOptions()).title == "책"
    english = resolve(pledgeconv.parse("---\nlang: en\n---\ntext\n", name=""), ExportOptions())
    assert english.title == "Untitled" and not english.korean


def test_raw_html_is_cleaned_per_node_with_the_markdown_around_it_kept() -> None:
    items = (RawInline("html", "<b onclick='x()'>"), Text("굵게"), RawInline("html", "</b>"))
    cleaned = clean_inline_run(items)
    assert cleaned == (RawInline("html", "<b>"), Text("굵게"), RawInline("html", "</b>"))
    unsafe = resolve(pledgeconv.parse("a <kbd onclick='x()'>b</kbd>\n"), ExportOptions(unsafe_html=True))
    assert "onclick" in str(unsafe.doc.blocks)


@pytest.mark.parametrize("fmt", FORMATS)
def test_exporters_never_reread_an_image(tmp_path: Path, fmt: str) -> None:
    """Images are read and probed once, at parse time: an exporter that opened the file again
    would not find it here."""
    picture = tmp_path / "chart.png"
    Image.new("RGB", (64, 32), (200, 30, 30)).save(picture)
    doc = pledgeconv.parse(Path(_write(tmp_path / "a.md", "# 제목\n\n![차트](chart.png)\n")))
    picture.unlink()
    data = pledgeconv.export(doc, fmt)
    assert isinstance(data, bytes)
    if fmt == "html":
        assert b"data:image/png;base64," in data
    elif fmt in ("epub", "docx"):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            assert any(n.endswith(".png") for n in zf.namelist())
    else:
        assert b"/Subtype /Image" in data


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_cover_date_is_decided_once_for_every_format() -> None:
    doc = pledgeconv.parse("---\ntitle: 공약\ndate: 2026-05-20\n---\n\n본문의 2026-05-20은 그대로.\n")
    assert resolve(doc, ExportOptions()).date == "2026년 5월 20일"
    html = pledgeconv.export(doc, "html")
    assert isinstance(html, bytes) and '<p class="date">2026년 5월 20일</p>' in html.decode()
    import docx

    data = pledgeconv.export(doc, "docx")
    assert isinstance(data, bytes)
    paragraphs = [p.text.replace("\u00a0", " ") for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "2026년 5월 20일" in paragraphs and any("2026-05-20은" in p for p in paragraphs)
    english = pledgeconv.parse("---\ntitle: x\nlang: en\ndate: 2026-05-20\n---\n\ntext\n")
    assert resolve(english, ExportOptions()).date == "2026-05-20"
