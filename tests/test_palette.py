"""One palette (pledgeconv.palette) feeds every format: each colour the HTML/EPUB stylesheet, the
DOCX, the PDF and the HWPX draw with is a palette entry (or black or white), the accent is the same
colour in all of them, and a changed palette changes every format."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pledgeconv.palette import PALETTE

DOC = """# 외교 정책

```slogan
평화가 경제다
```

## 첫째, 평화를 지키겠습니다

[정책 자료](https://example.org/)와 `코드`를 봅니다.

> 인용문입니다.

```python
print("코드")
```

| 구분 | 목표 |
|---|---|
| 주거 | 10만 호 |

![없는 그림](missing.png)
"""

# Every entry changed (an exporter that writes a colour of its own keeps the old one).
CHANGED = {name: f"{0x11 * (i + 1):02x}{0x30 + i:02x}{0x90 - i:02x}" for i, name in enumerate(PALETTE)}

_EXPORT = """
import json, sys
import pledgeconv.palette as palette
palette.PALETTE.update(json.loads(sys.argv[1]))
import pledgeconv
doc = pledgeconv.parse(open(sys.argv[2], encoding="utf-8").read())
for fmt in ("html", "docx", "pdf", "hwpx"):
    open(f"{sys.argv[3]}/out.{fmt}", "wb").write(pledgeconv.export(doc, fmt))
"""


@pytest.fixture(scope="module", params=["house", "changed"])
def case(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict[str, str], dict[str, bytes]]:
    """The palette and the document in four formats, each made in a fresh interpreter."""
    palette = dict(PALETTE) if request.param == "house" else CHANGED
    folder = tmp_path_factory.mktemp(request.param)
    (folder / "doc.md").write_text(DOC, encoding="utf-8")
    subprocess.run([sys.executable, "-c", _EXPORT, json.dumps(palette), str(folder / "doc.md"), str(folder)],
                   check=True, timeout=300)  # fmt: skip
    return palette, {fmt: (folder / f"out.{fmt}").read_bytes() for fmt in ("html", "docx", "pdf", "hwpx")}


def _hexes(text: str, pattern: str) -> set[str]:
    return {m.lower() for m in re.findall(pattern, text)}


def css_colours(html: bytes) -> set[str]:
    text = html.decode()
    css = text[text.index("<style>") : text.index("</style>")]
    assert not re.search(r"#[0-9a-fA-F]{3}\b", css.replace("#fff;", "")), "a short colour outside the palette"
    return _hexes(css, r"#([0-9a-fA-F]{6})\b")


def docx_colours(data: bytes) -> set[str]:
    """The colours of the document and of every style it uses (python-docx's template also holds
    table styles nobody uses, with colours of their own)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        document, styles = z.read("word/document.xml").decode(), z.read("word/styles.xml").decode()
    by_id = {m[1]: m[0] for m in re.finditer(r'<w:style [^>]*w:styleId="([^"]+)".*?</w:style>', styles, re.S)}
    used = set(re.findall(r'<w:(?:pStyle|rStyle|tblStyle) w:val="([^"]+)"', document))
    todo, xml = list(used), document
    while todo:
        style = by_id.get(todo.pop(), "")
        xml += style
        more = [b for b in re.findall(r'<w:(?:basedOn|link) w:val="([^"]+)"', style) if b not in used]
        used.update(more)
        todo.extend(more)
    return _hexes(xml, r'w:(?:color|fill)="([0-9A-Fa-f]{6})"')


def hwpx_colours(data: bytes) -> set[str]:
    """What is drawn: text colours, shading, border lines and fills (not the unused shadow and
    hatch defaults OWPML requires)."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read("Contents/header.xml").decode()
    found = _hexes(xml, r'(?:textColor|shadeColor|faceColor)="#([0-9A-Fa-f]{6})"')
    return found | _hexes(xml, r'<hh:(?:left|right|top|bottom)Border [^>]*color="#([0-9A-Fa-f]{6})"')


def pdf_colours(data: bytes) -> set[str]:
    """The colours of the characters, boxes and rules on the pages (pdfplumber's reading)."""
    import pdfplumber

    found: set[str] = set()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for obj in (*page.chars, *page.rects, *page.lines):
                for key in ("non_stroking_color", "stroking_color"):
                    colour = obj.get(key)
                    if isinstance(colour, (tuple, list)) and len(colour) == 3:  # not grey 0/1 (black, white)
                        found.add("".join(f"{round(float(c) * 255):02x}" for c in colour))
    return found


READERS = {"html": css_colours, "docx": docx_colours, "pdf": pdf_colours, "hwpx": hwpx_colours}


def _close(value: str, allowed: set[str]) -> bool:
    """PDF stores colours as numbers from 0 to 1: one step of rounding either way is the same colour."""
    rgb = [int(value[i : i + 2], 16) for i in (0, 2, 4)]
    return any(
        all(abs(a - int(p[i : i + 2], 16)) <= 1 for a, i in zip(rgb, (0, 2, 4), strict=True)) for p in allowed
    )


@pytest.mark.parametrize("fmt", list(READERS))
def test_every_colour_is_a_palette_colour_and_the_accent_is_shared(
    case: tuple[dict[str, str], dict[str, bytes]], fmt: str
) -> None:
    palette, outputs = case
    allowed = {v.lower() for v in palette.values()} | {"000000", "ffffff"}
    found = READERS[fmt](outputs[fmt])
    assert any(_close(v, {palette["accent"]}) for v in found), f"{fmt} does not use the accent"
    assert all(_close(v, allowed) for v in found), sorted(v for v in found if not _close(v, allowed))


def test_the_stylesheet_gets_custom_properties_generated_from_the_palette() -> None:
    from pledgeconv.exporters.css import STYLESHEET
    from pledgeconv.palette import css_properties

    assert STYLESHEET.startswith(css_properties())
    source = (Path(__file__).resolve().parent.parent / "pledgeconv" / "styles" / "pledge.css").read_text()
    for name in PALETTE:
        assert f"var(--{name})" in source, f"the stylesheet does not use --{name}"
        assert f"--{name}:" not in source, "pledge.css sets a palette colour itself"
