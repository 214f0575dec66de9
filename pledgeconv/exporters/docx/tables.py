"""Table geometry for Word: column grids measured like the PDF's (tablefit), and the slogan's box."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ... import tablefit
from ...frozen import dataclass
from ...palette import word_color

TWIPS_PER_EMU = 1 / 635
CELL_MARGIN = 100  # twips, left and right, as in the table style
CELL_PADDING_PT = CELL_MARGIN * 2 / 20
# In Word 2010 layout (compatibilityMode 14, python-docx's template; LibreOffice follows it) a table's
# edge sits its first cell's left margin left of w:tblInd: indenting by that margin puts it on the margin.
FIT_SLACK = 1.06  # Word's faces (맑은 고딕) run a little wider than the bundled metrics we measure with
TABLE_MIN_PT = 7.0
TEXT_FLOOR_EM = 6.0  # a column of wrapping text is at least this wide (or as wide as its longest line)
BASE_PT = 10.5  # the Normal style's size


@dataclass(frozen=True, slots=True)
class Grid:
    """Column widths (twips), run size (half-points, 0: the style's), page orientation, and a warning."""

    widths: tuple[int, ...]
    size: int
    orientation: str
    warning: str = ""


def grid(texts: Sequence[Sequence[str]], header_rows: int, text_width: int, landscape_width: int) -> Grid:
    """The grid of a table whose cells say ``texts``, for text widths in EMU: the full size if it fits,
    smaller type (down to 7 pt), then a landscape page; failing that, the smallest type in landscape
    with columns in proportion to their narrowest (some words must break), and a warning."""
    for orientation, width_emu in (("portrait", text_width), ("landscape", landscape_width)):
        available = width_emu / 12700 / FIT_SLACK  # points
        found = tablefit.fit(
            texts, available, BASE_PT, min_size=TABLE_MIN_PT, padding=CELL_PADDING_PT / FIT_SLACK,
            header_rows=header_rows, floor_em=TEXT_FLOOR_EM,
        )  # fmt: skip
        if found is not None:
            size = 0 if found.size == BASE_PT else round(found.size * 2)
            return Grid(tuple(round(w * FIT_SLACK * 20) for w in found.widths), size, orientation)
    ranges = tablefit.column_ranges(texts, TABLE_MIN_PT, padding=CELL_PADDING_PT, header_rows=header_rows)
    total = sum(r.minimum for r in ranges) or 1.0
    twips = landscape_width * TWIPS_PER_EMU
    columns = len(ranges)
    return Grid(
        tuple(round(r.minimum / total * twips) for r in ranges), round(TABLE_MIN_PT * 2), "landscape",
        f"a table of {columns} columns is too wide for a landscape page even at {TABLE_MIN_PT:g} pt; "
        "some of its words are broken",
    )  # fmt: skip


def box_xml(width: int) -> Any:
    """A one-cell table ``width`` twips wide, edge to edge on the text margins: shaded, a rule on the
    left, padding all round (the slogan's box)."""
    return parse_xml(
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:tblInd w:w="240" w:type="dxa"/>'
        '<w:tblBorders><w:top w:val="nil"/><w:left w:val="single" w:sz="36" w:space="0" '
        f'w:color="{word_color("accent")}"/>'
        '<w:bottom w:val="nil"/><w:right w:val="nil"/><w:insideH w:val="nil"/><w:insideV w:val="nil"/>'
        '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="170" w:type="dxa"/>'
        '<w:left w:w="240" w:type="dxa"/><w:bottom w:w="170" w:type="dxa"/><w:right w:w="240" w:type="dxa"/>'
        '</w:tblCellMar><w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" '
        'w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>'
        f'<w:tblGrid><w:gridCol w:w="{width}"/></w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc>'
        f'<w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{word_color("box")}"/>'
        "</w:tcPr></w:tc></w:tr></w:tbl>"
    )
