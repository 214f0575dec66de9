"""Every registered exporter lays out any valid Document: extreme cases, and a property over the model."""

from __future__ import annotations

import io
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import pledgeconv
from pledgeconv import model as m
from pledgeconv.parser import MAX_NESTING


def registered() -> list[str]:
    """Every format the registry can export now: the built-ins and any plugin installed later."""
    return [f.name for f in pledgeconv.formats() if f.source != "planned"]


def export_everywhere(doc: m.Document) -> dict[str, bytes]:
    out = {}
    for fmt in registered():
        data = pledgeconv.export(doc, fmt)
        assert isinstance(data, bytes) and data, fmt
        out[fmt] = data
    return out


T = m.Text
WORDS = " ".join(["공약을"] * 6250)  # 25,000 characters, breakable at spaces
SOLID = "가" * 25_000  # 25,000 characters, no space at all


def para(*inlines: m.Inline) -> m.Paragraph:
    return m.Paragraph(tuple(inlines))


def nested(depth: int, wrap: Callable[[m.Block], m.Block]) -> m.Block:
    block: m.Block = para(T("가장깊은곳"))
    for _ in range(depth):
        block = wrap(block)
    return block


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    from PIL import Image

    folder = tmp_path_factory.mktemp("pictures")
    paths = {}
    for name, size in {"tall": (40, 9000), "wide": (9000, 40), "dot": (1, 1)}.items():
        path = folder / f"{name}.png"
        Image.new("RGB", size, "navy").save(path)
        paths[name] = str(path)
    return paths


EXTREMES: dict[str, Callable[[dict[str, str]], m.Document]] = {
    "heading-25000-words": lambda _: m.Document(blocks=(m.Heading(2, (T(WORDS),)), para(T("본문")))),
    "heading-25000-solid": lambda _: m.Document(blocks=(m.Heading(1, (T(SOLID),)),)),
    "cell-25000": lambda _: m.Document(
        blocks=(
            m.Table(
                (m.TableCell((T(WORDS),)), m.TableCell((T("둘"),))),
                ((m.TableCell((T(SOLID),)), m.TableCell((T("넷"),))),),
                ("", "right"),
            ),
        )
    ),
    "table-2000-columns": lambda _: m.Document(
        blocks=(
            m.Table(
                tuple(m.TableCell((T(f"열{i}"),)) for i in range(2000)),
                (tuple(m.TableCell((T(f"{i:,}"),)) for i in range(2000)),),
                ("",) * 2000,
            ),
        )
    ),
    "code-line-25000": lambda _: m.Document(blocks=(m.CodeBlock("x" * 25_000 + "\n" + SOLID + "\n"),)),
    "slogan-25000": lambda _: m.Document(blocks=(m.Slogan((SOLID, WORDS)),)),
    "images-beyond-a-page": lambda p: m.Document(
        blocks=(
            m.Figure(m.Image("긴 그림", p["tall"], resolved=p["tall"]), (T("긴 그림"),)),
            m.Figure(m.Image("넓은 그림", p["wide"], resolved=p["wide"]), (T("넓은 그림"),)),
            para(
                m.Image("인라인", p["tall"], resolved=p["tall"]),
                T(" 그리고 "),
                m.Image("점", p["dot"], resolved=p["dot"]),
            ),
        )
    ),
    "quotes-at-the-parser-limit": lambda _: m.Document(
        blocks=(nested(MAX_NESTING, lambda b: m.BlockQuote((b,))),)
    ),
    "callouts-nested-deep": lambda _: m.Document(
        blocks=(nested(MAX_NESTING, lambda b: m.Callout("caution", (para(T("알림 본문")), b))),)
    ),
    "lists-at-the-parser-limit": lambda _: m.Document(
        blocks=(
            nested(MAX_NESTING, lambda b: m.BulletList((m.ListItem((para(T("항목")), b)),))),
            nested(MAX_NESTING, lambda b: m.OrderedList((m.ListItem((b,)),), start=999_999_999)),
        )
    ),
    "2000-notes": lambda _: m.Document(
        blocks=(para(*(m.NoteRef(i + 1, str(i + 1)) for i in range(2000))),),
        notes=tuple(m.Note(i + 1, str(i + 1), (para(T(f"각주 {i + 1}")),)) for i in range(2000)),
    ),
    "urls-30000": lambda _: m.Document(
        blocks=(
            para(m.Link((T("링크"),), "https://example.org/" + "a" * 30_000)),
            para(m.Link((T("https://example.org/" + "b" * 30_000),), "https://example.org/" + "b" * 30_000)),
        )
    ),
    # found by the property below: page breaks inside list items, widths inside lists, control characters
    "blocks-inside-list-items": lambda p: m.Document(
        blocks=(
            m.OrderedList(
                (
                    m.ListItem(
                        (
                            m.Heading(1, (T("목록 안의 장"),)),
                            m.Heading(3, (T("목록 안의 제목"),)),
                            m.Figure(m.Image("긴 그림", p["tall"], resolved=p["tall"]), (T("긴 그림"),)),
                            m.Table((m.TableCell((T(WORDS[:3000]),)), m.TableCell((T("둘"),))), (), ("", "")),
                            m.Slogan(("목록 안의 슬로건",)),
                        )
                    ),
                )
                * 3
            ),
        )
    ),
    "cells-of-raw-html-and-alt-text": lambda _: m.Document(
        blocks=(
            m.Table(
                (
                    m.TableCell((m.RawInline("html", "공약을 " * 12_000),)),
                    m.TableCell((m.Image("<&>" * 12_000, "없는.png"),)),
                ),
                (),
                ("", ""),
            ),
        )
    ),
    "control-characters-in-metadata": lambda _: m.Document(
        meta=m.Meta(
            title="제목\x1f", author="\x1b후보", election="\x01", description="\x0c", keywords=("\x02",)
        ),
        blocks=(para(T("본문")),),
    ),
    "metadata-over-format-limits": lambda _: m.Document(
        meta=m.Meta(
            title="제목 " * 1000,
            subtitle="부제",
            author="후보 " * 200,
            party="정당",
            election="선거 " * 200,
            description="설명 " * 5000,
            keywords=("낱말 " * 200,) * 3,
        ),
        blocks=(para(T("본문")),),
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", list(EXTREMES))
def test_every_exporter_lays_out_extreme_documents(case: str, pictures: dict[str, str]) -> None:
    outputs = export_everywhere(EXTREMES[case](pictures))
    assert outputs["pdf"].startswith(b"%PDF-")


def docx_part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name).decode("utf-8")


def test_docx_core_properties_are_cut_and_the_full_text_kept_in_the_body() -> None:
    title = "대한민국의 미래를 여는 " * 100  # 1,300 characters
    doc = m.Document(meta=m.Meta(title=title.strip(), author="김하늘 " * 100, election="선거 " * 200),
                     blocks=(para(T("본문")),))  # fmt: skip
    data = pledgeconv.export(doc, "docx")
    assert isinstance(data, bytes)
    core = etree.fromstring(docx_part(data, "docProps/core.xml").encode())
    values = {el.tag.rsplit("}", 1)[1]: el.text or "" for el in core}
    assert all(len(v) <= 255 for v in values.values()), {k: len(v) for k, v in values.items()}
    assert values["title"].startswith("대한민국의 미래를 여는") and values["title"].endswith("…")
    body = docx_part(data, "word/document.xml")
    assert title.strip() in "".join(etree.fromstring(body.encode()).itertext())  # the cover keeps it all


def test_docx_heading_title_over_255_characters_exports() -> None:
    doc = pledgeconv.parse("# " + "가나다라 " * 100 + "\n\n본문.\n")
    assert len(doc.meta.title) > 255
    data = pledgeconv.export(doc, "docx")
    assert isinstance(data, bytes)
    body = "".join(etree.fromstring(docx_part(data, "word/document.xml").encode()).itertext())
    assert doc.meta.title in body


# -- the property: directly built Documents, every registered exporter ---------------------------

PLAIN = st.text(
    alphabet=st.one_of(
        st.sampled_from(list("가나다공약은을 ‧·「」①※○□ \t\n2026,.%()<>&\"'{}\\")),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=40,
)
BIG = st.builds(
    lambda unit, times: unit * times,
    st.sampled_from(["가", "공약을 ", "x", "2026", "<&>", "\u200b"]),
    st.sampled_from([300, 2000]),  # bigger ones are in EXTREMES: reportlab is slow on long unbreakable runs
)
TEXT = st.one_of(PLAIN, PLAIN, PLAIN, BIG)
URLS = st.one_of(
    st.sampled_from(
        ["https://example.org/", "#h1", "mailto:a@b.kr", "javascript:alert(1)", "", "상대/경로.md"]
    ),
    st.builds(lambda n: "https://example.org/" + "a" * n, st.sampled_from([100, 5000])),
)


@st.composite
def documents(draw: st.DrawFn, pictures: dict[str, str]) -> m.Document:
    note_count = draw(st.integers(0, 3))
    refs = st.builds(m.NoteRef, st.integers(1, note_count)) if note_count else st.nothing()
    images = st.builds(
        m.Image,
        TEXT,
        st.sampled_from(["없는.png", *pictures]),
    ).map(lambda im: m.Image(im.alt, im.src, resolved=pictures.get(im.src)))
    leaves = st.one_of(
        st.builds(m.Text, TEXT), st.builds(m.Code, TEXT), st.builds(m.SoftBreak), st.builds(m.LineBreak),
        images, refs, st.builds(m.RawInline, st.just("html"), TEXT),
    )  # fmt: skip
    inline = st.recursive(
        leaves,
        lambda kids: st.one_of(
            st.builds(m.Emph, st.tuples(kids, kids)), st.builds(m.Strong, st.tuples(kids)),
            st.builds(m.Strike, st.tuples(kids)), st.builds(m.Link, st.tuples(kids), URLS),
            st.builds(m.Span, st.just(("task",)), st.tuples(kids)),
        ),
        max_leaves=8,
    )  # fmt: skip
    inlines = st.lists(inline, max_size=4).map(tuple)
    cell = st.builds(m.TableCell, inlines)

    @st.composite
    def tables(draw: st.DrawFn) -> m.Table:
        cols = draw(st.sampled_from([1, 2, 5, 40, 300]))
        row = st.lists(cell, min_size=cols, max_size=cols).map(tuple)
        aligns = draw(
            st.lists(st.sampled_from(["", "left", "center", "right"]), min_size=cols, max_size=cols)
        )
        return m.Table(draw(row), tuple(draw(st.lists(row, max_size=3))), tuple(aligns))

    simple = st.one_of(
        st.builds(m.Paragraph, inlines),
        st.builds(m.Heading, st.integers(1, 6), inlines),
        st.builds(m.Slogan, st.lists(TEXT, max_size=3).map(tuple)),
        st.builds(m.Figure, images, inlines, st.booleans()),
        st.builds(m.CodeBlock, TEXT, st.sampled_from(["", "python", "slogan"])),
        st.builds(m.ThematicBreak),
        st.builds(m.RawBlock, st.just("html"), TEXT),
        tables(),
    )
    items = lambda kids: st.lists(st.builds(m.ListItem, st.lists(kids, max_size=2).map(tuple),  # noqa: E731
                                            st.sampled_from([None, True, False])), min_size=1, max_size=3).map(tuple)  # fmt: skip
    block = st.recursive(
        simple,
        lambda kids: st.one_of(
            st.builds(m.BlockQuote, st.lists(kids, max_size=2).map(tuple)),
            st.builds(m.Div, st.just(("note",)), st.lists(kids, max_size=2).map(tuple)),
            st.builds(m.Callout, st.sampled_from(m.CALLOUT_KINDS), st.lists(kids, max_size=2).map(tuple)),
            st.builds(m.BulletList, items(kids), st.booleans()),
            st.builds(m.OrderedList, items(kids), st.integers(0, 10**9), st.booleans()),
        ),
        max_leaves=6,
    )
    blocks = tuple(draw(st.lists(block, max_size=5)))
    notes = tuple(
        m.Note(i + 1, f"n{i + 1}", tuple(draw(st.lists(simple, max_size=2)))) for i in range(note_count)
    )
    meta = m.Meta(
        title=draw(TEXT), subtitle=draw(PLAIN), author=draw(TEXT), election=draw(PLAIN),
        description=draw(TEXT), keywords=tuple(draw(st.lists(TEXT, max_size=2))),
        lang=draw(st.sampled_from(["ko", "en", "ko-KR", ""])),
    )  # fmt: skip
    return m.Document(meta=meta, blocks=blocks, notes=notes)


def _property_pictures() -> dict[str, str]:
    """Small real images for the property (kept in memory-cheap sizes: 1×1 and 3×900)."""
    import tempfile

    from PIL import Image

    folder = Path(tempfile.mkdtemp(prefix="pledgeconv-prop-"))
    out = {}
    for name, size in {"dot.png": (1, 1), "tall.png": (3, 900)}.items():
        Image.new("RGB", size, "navy").save(folder / name)
        out[name] = str(folder / name)
    return out


_PICTURES = _property_pictures()


@pytest.mark.slow
@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(data=st.data())
def test_no_valid_document_makes_a_registered_exporter_fail(data: st.DataObject) -> None:
    drawn = data.draw(documents(_PICTURES).map(Drawn))
    export_everywhere(drawn.doc)  # any exception fails the test, and hypothesis prints the shrunk Document


class Drawn:
    """A drawn Document that hypothesis prints in linear time, repeated runs shortened as ``가{×25000}``
    (its pretty-printer took over 20 minutes on a failing Document with 25,000-character texts)."""

    def __init__(self, doc: m.Document) -> None:
        self.doc = doc

    def __repr__(self) -> str:
        import re

        return re.sub(
            r"(.{1,4}?)\1{9,}", lambda run: f"{run[1]}{{×{len(run[0]) // len(run[1])}}}", repr(self.doc)
        )

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(repr(self))  # before hypothesis's own printer, which retraces every call


def pdf_text(data: bytes) -> str:
    """The PDF's text with all white space removed (a long word wraps over lines)."""
    from conftest import require_tool

    tool = require_tool("pdftotext", "apt-get install poppler-utils")
    out = subprocess.run([tool, "-", "-"], input=data, capture_output=True, check=True).stdout
    return "".join(out.decode("utf-8").split())


def test_head_only_table_with_one_giant_word_lays_out() -> None:
    from pledgeconv import model as m

    head = (m.TableCell(()),) * 4 + (m.TableCell((m.Text("가" * 300),)),)
    doc = m.Document(blocks=(m.Table(head=head, rows=(), aligns=("",) * 5),))
    text = pdf_text(pledgeconv.export(doc, "pdf"))
    assert text.count("가") == 300


@pytest.mark.parametrize("markdown", ["> # 제목\n>\n> 본문", "> > # 제목\n\n# 둘째 장\n\n> # 셋째"])
def test_a_chapter_heading_inside_a_quote_lays_out(markdown: str) -> None:
    """Found by the property test: an H1's page break inside a quote's box failed the PDF."""
    text = pdf_text(pledgeconv.export(pledgeconv.parse(markdown), "pdf"))
    assert "제목" in text


def test_a_picture_inside_a_quote_lays_out(tmp_path: Path) -> None:
    """Found by the property test: a figure kept together inside a quote's box failed the PDF."""
    from PIL import Image as Picture

    Picture.new("RGB", (40, 30), "red").save(tmp_path / "dot.png")
    src = tmp_path / "quote.md"
    src.write_text("> 인용 앞\n>\n> ![붉은 점](dot.png)\n>\n> 인용 뒤\n", encoding="utf-8")
    doc = pledgeconv.parse(src)
    assert "Figure" in repr(doc.blocks)
    text = pdf_text(pledgeconv.export(doc, "pdf"))
    assert "인용앞" in text and "인용뒤" in text


def test_a_very_long_link_in_a_table_head_lays_out() -> None:
    """Found by the property test: the printed address of a link to a 5,000-character URL made a
    repeated table head taller than a page. The address is printed cut to 100 characters; the
    link itself keeps it whole."""
    url = "https://example.org/" + "a" * 5000
    doc = pledgeconv.parse(f"| [링크]({url}) |\n|---|\n| 셀 |\n")
    data = pledgeconv.export(doc, "pdf")
    text = pdf_text(data)
    assert "링크" in text and "셀" in text and "a" * 79 + "…" in text
    assert url in _uris(data)  # the link keeps the whole address


def _uris(data: bytes) -> list[str]:
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [str(a.get("uri") or "") for page in pdf.pages for a in page.annots]


@pytest.mark.parametrize("count", [976, 986, 996])
def test_a_list_paragraph_a_little_taller_than_a_page_lays_out(count: int) -> None:
    """Found by the property test: reportlab refuses to split a paragraph in a list when fewer than
    three lines would go to the next page, so a piece a line or two taller than a page failed (these
    lengths did, in a nested list after a heading)."""
    words = " ".join(["공약을"] * count)
    doc = pledgeconv.parse(f"# 장\n\n- 가\n  - {words}\n")
    assert pdf_text(pledgeconv.export(doc, "pdf")).count("공약을") == count


def test_empty_columns_beside_a_full_one_keep_room_in_the_pdf() -> None:
    """Found by the property test: an empty cell given no room at all made reportlab's row 2^31 pt tall."""
    from pledgeconv import model as m

    cells = (m.TableCell(()),) * 40 + (m.TableCell((m.Text("가" * 300),)),)
    doc = m.Document(blocks=(m.Table(head=cells, rows=(cells,) * 3, aligns=("",) * 41),))
    assert pdf_text(pledgeconv.export(doc, "pdf")).count("가") == 4 * 300
