"""List markers decided once (outline.list_style / outline.labels), read back from every format as
its reader shows it: PDF (poppler), DOCX (LibreOffice), HWPX (rhwp), HTML and EPUB (the marker
text of the page), braille (the ink print liblouis translates). Also: a task item has one marker
(its box), and a law's 호 sit under their 항, indented, with the author's bold numbers."""

from __future__ import annotations

import io
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import libreoffice_pdf, require_louis, require_tool
from hwpxcheck import render

import pledgeconv
from pledgeconv import outline

DOC = """# 목록

1. 하나항목
   1. 둘항목
      1. 셋항목
   - 점항목
     - 점둘항목
       - 점셋항목
2. 넷항목

- [x] 끝난항목
- [ ] 남은항목

##### 제4조 (간호사 면허)

**①** 간호사가 되려는 사람은 다음 각 호의 어느 하나에 해당하여야 한다.

  1\\. 간호학을 전공하는 대학을 졸업한 사람
  2\\. 외국의 간호사 면허를 받은 사람

**②** 졸업예정자는 제1항에도 불구하고 같은 항 제1호에 해당하는 사람으로 본다.
"""

# (the item's first word, its marker): Markdown's lists by depth, the task items' boxes alone.
EXPECTED = [
    ("하나항목", "1."), ("둘항목", "가."), ("셋항목", "1)"), ("점항목", "◦"), ("점둘항목", "▪"),
    ("점셋항목", "•"), ("넷항목", "2."), ("끝난항목", "☑"), ("남은항목", "☐"),
    ("간호사가", "①"), ("간호학을", "1."), ("외국의", "2."), ("졸업예정자는", "②"),
]  # fmt: skip
HANG, HO = "간호사가", "간호학을"


def test_the_decision() -> None:
    assert [outline.list_style("", True, d).marker(1) for d in range(9)] == [
        "1.", "가.", "1)", "가)", "(1)", "(가)", "①", "㉮", "1."
    ]  # fmt: skip
    assert [outline.list_style("", False, d).marker() for d in range(4)] == ["•", "◦", "▪", "•"]
    assert outline.list_style("□", False, 3).marker() == "□"  # the author's marks as written
    assert outline.labels(outline.list_style("", False, 0), 1, [True, None, False]) == ["☑", "•", "☐"]


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The document in every format; DOCX and HWPX laid out by LibreOffice and rhwp as PDF."""
    require_tool("pdftotext", "apt-get install poppler-utils")
    folder = tmp_path_factory.mktemp("markers")
    doc = pledgeconv.parse(DOC)
    out = {}
    for fmt in ("pdf", "docx", "hwpx", "html", "epub"):
        out[fmt] = folder / f"m.{fmt}"
        out[fmt].write_bytes(pledgeconv.export(doc, fmt))  # type: ignore[arg-type]
    out["docx.pdf"] = libreoffice_pdf(folder, {"lo": out["docx"].read_bytes()})["lo"]
    out["hwpx.pdf"] = folder / "m.hwpx.pdf"
    render([(out["hwpx"], out["hwpx.pdf"])])
    return out


def _printed(pdf: Path) -> str:
    assert pdf.exists(), f"{pdf} was not made"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True, text=True)
    return text.stdout


# For each list item, what Chromium shows before its text: the author's marker (text), a checkbox,
# or the list-style-type the stylesheet gives it (Markdown's own lists), with the item's number.
ITEMS = r"""
const out = [];
for (const li of document.querySelectorAll('li')) {
  const span = li.querySelector(':scope > .marker');
  const box = li.querySelector(':scope > input[type=checkbox]');
  const list = li.parentElement;
  const n = (list.tagName.toUpperCase() === 'OL' ? list.start : 1) + [...list.children].indexOf(li);
  const own = [...li.childNodes].filter(c => !['OL', 'UL'].includes(c.nodeName.toUpperCase())).map(c => c.textContent).join('');
  out.push([own.replace(span ? span.textContent : '', '').trim(), span ? span.textContent : null,
            box ? (box.checked ? '☑' : '☐') : null, getComputedStyle(li).listStyleType, n]);
}
return out;
"""


def _browser_shown(paths: list[Path]) -> list[str]:
    """The items of each page as Chromium shows them, one line each: marker, then the item's text."""
    from browser import Browser

    browser = Browser()
    try:
        shown = []
        for path in paths:
            browser.driver.get(path.resolve().as_uri())
            shown.append(_lines(browser.driver.execute_script(ITEMS)))
        return shown
    finally:
        browser.close()


def _lines(items: list[list[object]]) -> str:
    import pledgeconv.exporters.css as css

    # the list-style-type of each marker style ({} where the stylesheet has no such table)
    by_type = {v: k for k, v in getattr(css, "LIST_STYLE_TYPES", {}).items()}
    lines = []
    for text, span, box, kind, n in items:
        marker = span or box
        if marker is None and str(kind).startswith('"'):
            marker = str(kind).strip('"').strip()  # a bullet the stylesheet writes as a string
        elif marker is None:
            style = outline.STYLES.get(by_type.get(str(kind), ""))
            marker = style.marker(int(str(n))) if style else f"({kind})"
        lines.append(f"{marker} {text}")
    return "\n".join(lines)


def _markers(text: str) -> dict[str, str]:
    """For each expected item, the marker printed right before its first word on its line."""
    found = {}
    for word, _ in EXPECTED:
        m = re.search(rf"^\s*(\S+?)\s*{word}", text, re.M)  # rhwp sets a bullet close to its text
        found[word] = m.group(1) if m else "(none)"
    return found


@pytest.fixture(scope="module")
def texts(outputs: dict[str, Path]) -> dict[str, str]:
    folder = outputs["epub"].parent / "epub"
    with zipfile.ZipFile(outputs["epub"]) as z:
        z.extractall(folder)
    chapter = next(
        p for p in sorted(folder.rglob("*.xhtml")) if "nav" not in p.name and "제4조" in p.read_text()
    )
    html, epub = _browser_shown([outputs["html"], chapter])
    return {
        "pdf": _printed(outputs["pdf"]),
        "docx": _printed(outputs["docx.pdf"]),
        "hwpx": _printed(outputs["hwpx.pdf"]),
        "html": html,
        "epub": epub,
    }


def test_every_format_shows_the_same_markers(texts: dict[str, str]) -> None:
    want = dict(EXPECTED)
    for fmt, text in texts.items():
        assert _markers(text) == want, fmt


def test_a_task_item_has_one_marker_its_box(texts: dict[str, str]) -> None:
    for fmt, text in texts.items():
        line = next(ln for ln in text.splitlines() if "끝난항목" in ln)
        assert line.split("끝난항목")[0].split() == ["☑"], (fmt, line)


def _x0(pdf: Path, word: str) -> tuple[float, str]:
    """Where the line holding ``word`` starts (its marker) and the marker's font."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            words = page.extract_words(extra_attrs=["fontname"])
            for k, w in enumerate(words):
                if w["text"].startswith(word):
                    line = [v for v in words[: k + 1] if abs(v["top"] - w["top"]) < 3]
                    return line[0]["x0"], line[0]["fontname"]
    raise AssertionError(f"{word} not in {pdf}")


@pytest.mark.parametrize("fmt", ["pdf", "docx.pdf", "hwpx.pdf"])
def test_a_laws_items_sit_under_its_paragraphs(outputs: dict[str, Path], fmt: str) -> None:
    """호 (1. 2.) are indented under their 항 (①), and the author's bold ① stays bold."""
    hang, font = _x0(outputs[fmt], HANG)
    ho, _ = _x0(outputs[fmt], HO)
    assert ho > hang + 5, (fmt, hang, ho)
    if fmt != "hwpx.pdf":  # rhwp draws a paragraph number in the text's face: read the file
        assert "bold" in font.lower(), (fmt, font)
        return
    with zipfile.ZipFile(outputs["hwpx"]) as z:
        header = z.read("Contents/header.xml").decode()
    char = re.search(r'numFormat="CIRCLED_DIGIT" charPrIDRef="(\d+)"', header)
    assert char is not None, "the 항 numbers have no character shape of their own"
    shape = re.search(rf'<hh:charPr id="{char.group(1)}".*?</hh:charPr>', header, re.S)
    assert shape is not None and "<hh:bold/>" in shape.group(0)


def test_a_laws_items_nest_in_html_and_epub(outputs: dict[str, Path]) -> None:
    with zipfile.ZipFile(outputs["epub"]) as z:
        epub = "".join(z.read(n).decode() for n in z.namelist() if n.endswith(".xhtml"))
    for markup in (outputs["html"].read_text(encoding="utf-8"), epub):
        assert '<span class="marker"><strong>①</strong></span>' in markup
        hang = markup[markup.index("<strong>①</strong>") :]
        assert hang.index("<ol") < hang.index(HO) < hang.index("</li>")  # 호 inside 항's item


def test_braille_writes_the_same_markers() -> None:
    from pledgeconv.exporters.brf import typeset
    from pledgeconv.options import ExportOptions
    from pledgeconv.resolve import resolve

    require_louis()
    options = ExportOptions()
    book = typeset(resolve(pledgeconv.parse(DOC), options), options)
    items = [item.text for item, _ in book.translations if item.kind == "item"]
    # Braille has no ◦ ▪ ① nor boxes: the dash, the number in brackets, the task's state in words.
    braille = {"◦": "-", "▪": "-", "☑": "(완료)", "☐": "(미완료)", "①": "(1)", "②": "(2)"}
    for word, marker in EXPECTED:
        line = next(t for t in items if word in t)
        head = line.split(word)[0].split()
        assert head == [braille.get(marker, marker)], (word, line)


def test_pledge_markdown_keeps_the_bold_law_numbers() -> None:
    from pledgeconv.pledges.markdown import block_md

    doc = pledgeconv.parse(DOC)
    law = next(b for b in doc.blocks if getattr(b, "style", "") == "①")
    assert block_md(law).startswith("**①** 간호사가")
    assert io.StringIO(block_md(law)).read().count("\n1. 간호학을") == 0  # the 호 stay nested
