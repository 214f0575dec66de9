"""Objects inside a paragraph run: pictures (BinData), tables with content-based column widths."""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from .xml import attrs

SUBLIST = (
    'textDirection="HORIZONTAL" lineWrap="BREAK" linkListIDRef="0" linkListNextIDRef="0" '
    'textWidth="0" textHeight="0" hasTextRef="0" hasNumRef="0"'
)
_POS = (
    '<hp:pos treatAsChar="1" affectLSpacing="0" flowWithText="1" allowOverlap="0" holdAnchorAndSO="0" '
    'vertRelTo="PARA" horzRelTo="COLUMN" vertAlign="TOP" horzAlign="LEFT" vertOffset="0" horzOffset="0"/>'
)


def sublist(paragraphs: str, valign: str = "TOP") -> str:
    """A paragraph list (cell, note, header) holding ``paragraphs``."""
    return f'<hp:subList id=""{attrs(vertAlign=valign)} {SUBLIST}>{paragraphs}</hp:subList>'


@dataclass(frozen=True, slots=True)
class BinItem:
    """An embedded image: its manifest id, path in the package, type and bytes."""

    id: str
    href: str
    media_type: str
    data: bytes


def picture(obj_id: int, bin_id: str, natural: tuple[int, int], width: int, height: int, alt: str) -> str:
    """A picture placed as a character (it flows with the text), shown ``width`` × ``height`` HWPUNIT;
    the original size and the clip stay the image's own (``natural``), as 한글 writes them."""
    w, h = width, height
    nw, nh = natural
    identity = 'e1="1" e2="0" e3="0" e4="0" e5="1" e6="0"'
    return (
        f'<hp:pic textWrap="TOP_AND_BOTTOM" textFlow="BOTH_SIDES" reverse="0"{attrs(id=obj_id)} zOrder="0" '
        f'numberingType="PICTURE" lock="0" dropcapstyle="None" href="" groupLevel="0"{attrs(instid=obj_id)}>'
        f'<hp:offset x="0" y="0"/><hp:orgSz width="{nw}" height="{nh}"/><hp:curSz width="{w}" height="{h}"/>'
        f'<hp:flip horizontal="0" vertical="0"/>'
        f'<hp:rotationInfo angle="0" centerX="{w // 2}" centerY="{h // 2}" rotateimage="1"/>'
        f"<hp:renderingInfo><hc:transMatrix {identity}/><hc:scaMatrix {identity}/><hc:rotMatrix {identity}/>"
        f'</hp:renderingInfo><hp:imgRect><hc:pt0 x="0" y="0"/><hc:pt1 x="{w}" y="0"/><hc:pt2 x="{w}" y="{h}"/>'
        f'<hc:pt3 x="0" y="{h}"/></hp:imgRect><hp:imgClip left="0" right="{nw}" top="0" bottom="{nh}"/>'
        f'<hp:inMargin left="0" right="0" top="0" bottom="0"/><hp:imgDim dimwidth="{nw}" dimheight="{nh}"/>'
        f'<hc:img{attrs(binaryItemIDRef=bin_id)} bright="0" contrast="0" effect="REAL_PIC" alpha="0"/>'
        f'<hp:effects/><hp:sz width="{w}" widthRelTo="ABSOLUTE" height="{h}" heightRelTo="ABSOLUTE" protect="0"/>'
        f'{_POS}<hp:outMargin left="0" right="0" top="0" bottom="0"/>'
        f"<hp:shapeComment>{_escape(alt)}</hp:shapeComment></hp:pic>"
    )


def _escape(value: str) -> str:
    from .xml import text

    return text(value)


# -- tables --------------------------------------------------------------------


def display_width(text: str) -> int:
    """Width in tenths of an em: Hangul and other wide characters 10, digits and Latin about 6.5
    (bold text is a little wider still, so the estimate errs on the wide side)."""
    return sum(10 if unicodedata.east_asian_width(c) in "WFA" else 4 if c == " " else 7 for c in text)


def longest_word(text: str) -> int:
    """The widest run without a space: a cell must not be narrower, or the word would split."""
    return max((display_width(w) for w in text.split()), default=0)


@dataclass(frozen=True, slots=True)
class Layout:
    """Column widths (HWPUNIT), the character height chosen and the cell side margin."""

    widths: tuple[int, ...]
    height: int
    margin: int


def table_layout(
    texts: Sequence[Sequence[str]], columns: int, available: int, height: int, floor: int
) -> Layout:
    """Content-based column widths: each column as wide as its text wants (capped), never narrower
    than its longest word; when even that does not fit, the type shrinks (down to ``floor``)."""
    natural = [0] * columns
    minimum = [10] * columns
    for row in texts:
        for i, cell in enumerate(row[:columns]):
            natural[i] = max(natural[i], display_width(cell))
            minimum[i] = max(minimum[i], longest_word(cell))
    margin = 283 * 2 if columns <= 6 else 283  # 2 mm or 1 mm each side
    size = height
    while True:
        unit = size / 10  # a tenth of an em at this size
        need = sum(m * unit + 2 * margin for m in minimum)
        if need <= available or size <= floor:
            break
        size -= 50
    unit = size / 10
    want = [round(max(minimum[i], min(natural[i], 200)) * unit) + 2 * margin for i in range(columns)]
    least = [round(minimum[i] * unit) + 2 * margin for i in range(columns)]
    total = sum(want)
    if total <= available:
        spare = available - total  # share out the rest in proportion to what each column wants
        widths = [w + spare * w // total for w in want]
    else:  # squeeze the columns that want more than their minimum
        excess = total - available
        slack = sum(w - m for w, m in zip(want, least, strict=True)) or 1
        widths = [w - math.ceil(excess * (w - m) / slack) for w, m in zip(want, least, strict=True)]
    widths[-1] += available - sum(widths)
    return Layout(tuple(widths), size, margin)


def cell_height(text: str, width: int, size: int, margin: int) -> int:
    """A minimum row height for ``text`` in a cell ``width`` wide (the reader grows it as needed)."""
    unit = size / 10
    per_line = max(1.0, (width - 2 * margin) / unit)
    lines = max(1, math.ceil(display_width(text) / per_line))
    return lines * size * 14 // 10 + 2 * 141


def table(
    obj_id: int,
    rows: Sequence[Sequence[str]],
    header_rows: int,
    layout: Layout,
    fills: tuple[int, int],
    heights: Sequence[int],
) -> str:
    """An ``hp:tbl``: ``rows`` holds each cell's paragraphs (XML) already."""
    width = sum(layout.widths)
    margin = layout.margin
    head = (
        f'<hp:tbl{attrs(id=obj_id)} zOrder="0" numberingType="TABLE" textWrap="TOP_AND_BOTTOM" '
        f'textFlow="BOTH_SIDES" lock="0" dropcapstyle="None" pageBreak="CELL" repeatHeader="{int(header_rows > 0)}"'
        f'{attrs(rowCnt=len(rows), colCnt=len(layout.widths))} cellSpacing="0"{attrs(borderFillIDRef=fills[0])} '
        f'noAdjust="0"><hp:sz width="{width}" widthRelTo="ABSOLUTE" height="{sum(heights)}" heightRelTo="ABSOLUTE" '
        f'protect="0"/>{_POS}<hp:outMargin left="0" right="0" top="283" bottom="283"/>'
        f'<hp:inMargin left="{margin}" right="{margin}" top="141" bottom="141"/>'
    )
    out = [head]
    for r, cells in enumerate(rows):
        out.append("<hp:tr>")
        is_head = r < header_rows
        for c, content in enumerate(cells):
            out.append(
                f'<hp:tc name="" header="{int(is_head)}" hasMargin="0" protect="0" editable="0" dirty="0"'
                f"{attrs(borderFillIDRef=fills[1] if is_head else fills[0])}>"
                f'{sublist(content, "CENTER")}<hp:cellAddr colAddr="{c}" rowAddr="{r}"/>'
                f'<hp:cellSpan colSpan="1" rowSpan="1"/><hp:cellSz width="{layout.widths[c]}" height="{heights[r]}"/>'
                f'<hp:cellMargin left="{margin}" right="{margin}" top="141" bottom="141"/></hp:tc>'
            )
        out.append("</hp:tr>")
    out.append("</hp:tbl>")
    return "".join(out)
