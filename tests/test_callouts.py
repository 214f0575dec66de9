"""Callouts (GitHub's alerts, ``> [!NOTE]``): parsed into ``Callout`` blocks by GitHub's rules, and
a labelled box in every format, which the outside validators accept."""

from __future__ import annotations

import re
import subprocess
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import CASES, export_bytes, libreoffice_pdf, require_louis, require_tool
from textcheck import html_text, norm, squeeze

import pledgeconv
from pledgeconv import model
from pledgeconv.native import dump
from pledgeconv.options import ExportOptions
from pledgeconv.pledges.markdown import blocks_md
from pledgeconv.resolve import resolve
from pledgeconv.transforms import iter_blocks, iter_inlines, plain_text

CASE = CASES / "callouts.md"
KO = {"note": "참고", "tip": "도움말", "important": "중요", "warning": "경고", "caution": "주의"}
EN = {"note": "Note", "tip": "Tip", "important": "Important", "warning": "Warning", "caution": "Caution"}
# a piece of each callout's body in tests/cases/callouts.md
BODIES = {
    "note": "공약 이행 현황은 매 분기",
    "tip": "신청은 가까운 행정복지센터에서 할 수 있습니다.",
    "important": "기한은 2026년 6월 30일까지입니다.",
    "warning": "서류를 위조하면 지원금을 돌려받습니다.",
    "caution": "개인정보를 다른 사람에게 알려 주지 마십시오.",
}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def callouts(doc: model.Document) -> list[model.Callout]:
    return [b for b in iter_blocks(doc.blocks) if isinstance(b, model.Callout)]


# ---------------------------------------------------------------------------
# Parsing


@pytest.mark.parametrize("kind", model.CALLOUT_KINDS)
@pytest.mark.parametrize("spelling", [str.upper, str.lower, str.title])
def test_each_kind_in_any_case_is_a_callout(kind: str, spelling: object) -> None:
    marker = spelling(kind)  # type: ignore[operator]
    doc = pledgeconv.parse(f"> [!{marker}]\n> 본문입니다.\n")
    para = model.Paragraph((model.Text("본문입니다.", 2),), 2)
    assert doc.blocks == (model.Callout(kind, (para,), 1),)


@pytest.mark.parametrize(
    "source",
    [
        "> [!NOTE] 제목\n> 본문\n",  # text after the marker (a title is not GitHub's syntax)
        "> [!INFO]\n> 본문\n",  # not one of the five kinds
        "> [!NOTE]\n",  # nothing in it
        "> \\[!NOTE]\n> 본문\n",  # escaped
        "> 본문\n> [!NOTE]\n",  # not on the first line
        "> [ !NOTE]\n> 본문\n",
        "> [!NOTE\n> 본문\n",
        "- > [!NOTE]\n  > 본문\n",  # alerts are not nested in other elements (GitHub)
        "> > [!NOTE]\n> > 본문\n",
        "[!NOTE]\n본문\n",  # not a quote
    ],
)
def test_what_github_does_not_render_as_an_alert_stays_as_written(source: str) -> None:
    doc = pledgeconv.parse(source)
    assert callouts(doc) == []
    text = "".join(n.text for n in iter_inlines(doc.blocks) if isinstance(n, model.Text))
    assert "[!" in text or "[ !" in text


def test_a_callout_holds_any_blocks_and_keeps_source_lines() -> None:
    doc = pledgeconv.parse(CASE)
    found = callouts(doc)
    assert [c.kind for c in found] == list(model.CALLOUT_KINDS)
    tip = found[1]
    assert [type(b).__name__ for b in tip.blocks] == ["Paragraph", "BulletList", "CodeBlock"]
    assert tip.line == 8 and tip.blocks[0].line == 9
    assert isinstance(tip.blocks[2], model.CodeBlock) and tip.blocks[2].text == "상담 전화: 120\n"
    warning = found[3]  # a blank quote line between the marker and the text, as GitHub allows
    assert warning.blocks == (model.Paragraph((model.Text(BODIES["warning"], 23),), 23),)
    note = found[0]
    assert isinstance(note.blocks[0], model.Paragraph)
    assert any(isinstance(n, model.Strong) for n in note.blocks[0].children)
    # the three quotes after the callouts are still quotes, their marker text kept
    quotes = [b for b in iter_blocks(doc.blocks) if isinstance(b, model.BlockQuote)]
    assert len(quotes) == 3
    assert all(plain_text(q.blocks[0].children).startswith("[!") for q in quotes)  # type: ignore[union-attr]


def test_strict_commonmark_keeps_quotes() -> None:
    doc = pledgeconv.parse(CASE, strict=True)
    assert callouts(doc) == []
    quotes = [b for b in iter_blocks(doc.blocks) if isinstance(b, model.BlockQuote)]
    assert len(quotes) == 8
    assert plain_text(quotes[0].blocks[0].children).startswith("[!NOTE]")  # type: ignore[union-attr]


def test_pledge_markdown_writes_the_alert_syntax_back() -> None:
    doc = pledgeconv.parse(CASE)
    again = pledgeconv.parse(blocks_md(doc.blocks))
    assert dump(model.Document(blocks=again.blocks), lines=False) == dump(
        model.Document(blocks=doc.blocks), lines=False
    )


def test_labels_follow_the_document_language() -> None:
    for lang, labels in (("ko", KO), ("en", EN), ("ja", EN)):
        source = f"---\nlang: {lang}\n---\n\n" + "".join(f"> [!{k}]\n> 본문 {k}\n\n" for k in KO)
        html = html_text(export_bytes(source, "html").decode("utf-8"))
        for kind, label in labels.items():
            assert f"{label} 본문 {kind}" in norm(html), (lang, kind)


# ---------------------------------------------------------------------------
# Every format


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("callouts")
    doc = pledgeconv.parse(CASE)
    out: dict[str, Path] = {}
    for fmt in ("html", "epub", "pdf", "docx", "hwpx"):
        out[fmt] = folder / f"callouts.{fmt}"
        out[fmt].write_bytes(export_bytes(doc, fmt))
    return out


def _members(path: Path, suffix: str) -> Iterator[tuple[str, str]]:
    with zipfile.ZipFile(path) as zf:
        for name in sorted(zf.namelist()):
            if name.endswith(suffix):
                yield name, zf.read(name).decode("utf-8")


def _label_then_body(text: str, fmt: str) -> None:
    """Each kind's label, right before its body, in the document's order."""
    flat = squeeze(norm(text))
    at = 0
    for kind, label in KO.items():
        found = flat.find(squeeze(label + BODIES[kind]), at)
        assert found >= 0, (fmt, kind, flat[at : at + 200])
        at = found
    assert "[!NOTE]이름표" in flat and "[!INFO]" in flat, fmt  # the quotes keep their text


def test_html_is_a_labelled_note_and_valid(outputs: dict[str, Path], vnu: object) -> None:
    html = outputs["html"].read_text(encoding="utf-8")
    _label_then_body(html_text(html), "html")
    for kind, label in KO.items():
        assert (
            f'<div class="callout callout-{kind}" role="note">\n<p class="callout-label">{label}</p>' in html
        )
    assert vnu([outputs["html"]]) == []  # type: ignore[operator]


def test_epub_is_labelled_and_epubcheck_is_clean(outputs: dict[str, Path], epubcheck: object) -> None:
    text = " ".join(html_text(page) for _, page in _members(outputs["epub"], ".xhtml"))
    _label_then_body(text, "epub")
    messages = epubcheck(outputs["epub"])  # type: ignore[operator]
    assert [m for m in messages if m.get("severity") in ("FATAL", "ERROR", "WARNING")] == []


def test_pdf_shows_and_tags_each_callout(outputs: dict[str, Path]) -> None:
    pdftotext = require_tool("pdftotext", "apt-get install poppler-utils")
    text = subprocess.run([pdftotext, str(outputs["pdf"]), "-"], capture_output=True, text=True, check=True)
    _label_then_body(text.stdout, "pdf")
    pdfinfo = require_tool("pdfinfo", "apt-get install poppler-utils")
    tree = subprocess.run([pdfinfo, "-struct-text", str(outputs["pdf"])], capture_output=True, text=True)
    lines = [line.strip() for line in tree.stdout.splitlines()]
    for label in KO.values():  # a Callout (poppler prints its standard role, Div): the label first
        at = lines.index(f'"{label}"')
        assert lines[at - 1].startswith("P") and lines[at - 2] == "Div", lines[at - 2 : at + 1]
    assert "/Callout /Div" in re.sub(r"\s+", " ", _role_map(outputs["pdf"]))


def _role_map(pdf: Path) -> str:
    from conftest import require_module

    pikepdf = require_module("pikepdf", "pip install pikepdf")
    with pikepdf.open(pdf) as opened:  # type: ignore[attr-defined]
        return str(opened.Root.StructTreeRoot.RoleMap.unparse().decode())


def test_docx_rules_each_callout_in_its_colour_and_libreoffice_opens_it(
    outputs: dict[str, Path], tmp_path: Path
) -> None:
    from lxml import etree

    from pledgeconv.palette import PALETTE

    xml = dict(_members(outputs["docx"], ".xml"))["word/document.xml"]
    body = etree.fromstring(xml.encode("utf-8")).find(f"{W}body")
    assert body is not None
    paragraphs = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in body.iter(f"{W}p")]
    rules = [
        (left.get(f"{W}color") if (left := p.find(f"{W}pPr/{W}pBdr/{W}left")) is not None else None)
        for p in body.iter(f"{W}p")
    ]
    for kind, label in KO.items():
        at = paragraphs.index(label)
        colour = PALETTE[f"callout-{kind}"].upper()
        assert rules[at] == colour and rules[at + 1] == colour, kind
        assert paragraphs[at + 1].startswith(BODIES[kind][:6])
    tip = paragraphs.index(KO["tip"])
    assert rules[tip : tip + 5] == [PALETTE["callout-tip"].upper()] * 5  # label, text, two items, code
    pdf = libreoffice_pdf(tmp_path, {"callouts": outputs["docx"].read_bytes()})["callouts"]
    assert pdf.exists(), "LibreOffice did not open the DOCX"
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    _label_then_body(text, "docx")


def test_hwpx_has_a_style_per_kind_validates_and_rhwp_draws_it(
    outputs: dict[str, Path], tmp_path: Path
) -> None:
    from hwpxcheck import render, validate

    files = dict(_members(outputs["hwpx"], ".xml"))
    section, header = files["Contents/section0.xml"], files["Contents/header.xml"]
    _label_then_body(" ".join(re.findall(r"<hp:t>([^<]*)</hp:t>", section)), "hwpx")
    for label in KO.values():
        assert f'name="알림 {label}"' in header, label
    assert validate(outputs["hwpx"]) == []
    pdf = tmp_path / "callouts-hwpx.pdf"
    render([(outputs["hwpx"], pdf)])
    drawn = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    _label_then_body(drawn, "hwpx (rhwp)")


def test_braille_prints_each_label_in_bold_before_its_body() -> None:
    from pledgeconv.exporters.brf import brf_bytes, typeset
    from pledgeconv.exporters.brf.cells import to_ascii
    from pledgeconv.exporters.brf.ink import BOLD

    options = ExportOptions.from_mapping({})
    require_louis()
    book = typeset(resolve(pledgeconv.parse(CASE), options), options)
    items = [item for item, _ in book.translations]
    texts = [squeeze(norm("".join(run.text for line in item.lines for run in line))) for item in items]
    brf = brf_bytes(book.pages).decode("ascii")
    flowing = re.sub(r"\s+", "", brf)
    for kind, label in KO.items():
        at = texts.index(label)
        assert all(run.form == BOLD for line in items[at].lines for run in line), kind
        assert texts[at + 1].startswith(squeeze(BODIES[kind])[:6]), kind
        cells = dict(book.translations)[items[at]]
        assert re.sub(r"\s+", "", to_ascii(cells)) in flowing, kind


@pytest.mark.browser
def test_axe_finds_nothing_in_the_html_and_epub_callouts(outputs: dict[str, Path], tmp_path: Path) -> None:
    """axe-core (WCAG 2.2 A/AA, best practices: contrast of each kind's label, the note role) on the
    HTML page and every EPUB content document, desktop and phone."""
    from browser import DESKTOP, PHONE, Browser, epub_pages

    pages = [outputs["html"], *epub_pages(outputs["epub"], tmp_path / "epub")]
    chromium = Browser()
    try:
        found = {
            f"{page.name} at {width} px": [f"{v['id']}: {v['nodes']}" for v in chromium.axe(page, width)]
            for page in pages
            for width in (DESKTOP[0], PHONE[0])
        }
    finally:
        chromium.close()
    assert len(found) >= 4
    assert {page: v for page, v in found.items() if v} == {}


def test_a_pdf_label_never_stands_alone_at_a_page_foot(tmp_path: Path) -> None:
    """Paragraphs before a callout push it over the page's foot one line at a time: the label
    always shares its page with the start of the text."""
    pdftotext = require_tool("pdftotext", "apt-get install poppler-utils")
    pages_of_label = set()
    for n in range(22, 31):
        filler = "\n\n".join(f"문단 {i}입니다. 공약을 지키겠습니다." for i in range(n))
        pdf = tmp_path / f"foot-{n}.pdf"
        pdf.write_bytes(export_bytes(f"# 제목\n\n{filler}\n\n> [!WARNING]\n> 경고 본문입니다.\n", "pdf"))
        text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        for number, page in enumerate(text.split("\f"), 1):
            lines = [line.strip() for line in page.splitlines() if line.strip()]
            if "경고" in lines:
                pages_of_label.add(number)
                assert "경고 본문입니다." in lines, (n, lines[-4:])
    assert pages_of_label == {1, 2}  # the range crosses the page's foot
