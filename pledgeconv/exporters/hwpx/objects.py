"""Objects inside a paragraph run: pictures (BinData), tables with content-based column widths."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ... import tablefit
from .xml import attrs

SPACE_AFTER = 1000  # HWPUNIT under a table (10 pt), as the PDF and the DOCX leave before the next paragraph
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


#: 함초롬바탕 (and rhwp's stand-in, Noto Serif CJK) runs a little wider than the bundled metrics
FIT_SLACK = 1.08
TEXT_FLOOR_EM = 6.0  # a column of wrapping text is at least this wide (or as wide as its longest line)
LINE_SPACING = 1.4  # the table text style's line spacing (140 %)


@dataclass(frozen=True, slots=True)
class Layout:
    """Column widths (HWPUNIT), the character height chosen (HWPUNIT) and the cell side margin."""

    widths: tuple[int, ...]
    height: int
    margin: int


def table_layout(
    texts: Sequence[Sequence[str]],
    columns: int,
    available: int,
    height: int,
    floor: int,
    header_rows: int = 0,
) -> Layout:
    """Column widths from content, measured as the PDF and the DOCX measure them
    (:mod:`pledgeconv.tablefit`, CSS automatic table layout): a column is never narrower than its
    widest number or word, a column of wrapping text gets at least 6 em; when even that does not
    fit, the type shrinks (down to ``floor``), and failing that the columns share the width in
    proportion to their narrowest."""
    margin = 283 * 2 if columns <= 6 else 283  # 2 mm or 1 mm each side
    rows = [[*row[:columns], *[""] * (columns - len(row))] for row in texts]
    padding = 2 * margin / 100  # points
    found = tablefit.fit(
        rows, available / 100 / FIT_SLACK, height / 100, min_size=floor / 100, padding=padding / FIT_SLACK,
        header_rows=header_rows, floor_em=TEXT_FLOOR_EM,
    )  # fmt: skip
    if found is not None:
        widths = [round(w * FIT_SLACK * 100) for w in found.widths]
        size = round(found.size * 100)
    else:
        ranges = tablefit.column_ranges(rows, floor / 100, padding=padding, header_rows=header_rows)
        total = sum(r.minimum for r in ranges) or 1.0
        widths = [round(r.minimum / total * available) for r in ranges]
        size = floor
    widths[-1] += available - sum(widths)
    return Layout(tuple(widths), size, margin)


def cell_height(text: str, width: int, size: int, margin: int) -> int:
    """A minimum row height for ``text`` in a cell ``width`` wide (the reader grows it as needed)."""
    room = max(1.0, (width - 2 * margin) / 100 / FIT_SLACK)
    lines = sum(
        max(1, math.ceil(tablefit.text_width(line, size / 100) / room)) for line in (text.split("\n") or [""])
    )
    return round(lines * size * LINE_SPACING) + 2 * 141


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
        f'protect="0"/>{_POS}<hp:outMargin left="0" right="0" top="283" bottom="{SPACE_AFTER}"/>'
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
