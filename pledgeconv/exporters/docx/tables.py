"""Table geometry for Word: column grids measured like the PDF's (tablefit), and the slogan's box."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from ... import tablefit
from ...frozen import dataclass

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


def estimate_height(texts: Sequence[Sequence[str]], widths: Sequence[int], size: float) -> float:
    """Points a table of ``texts`` takes with column ``widths`` (twips) at ``size`` pt, by estimate:
    each row as many lines as its fullest cell needs (line spacing 1.2), plus its borders."""
    total = 0.0
    for row in texts:
        lines = 1
        for text, width in zip(row, widths, strict=False):
            room = max(1.0, width / 20 - CELL_PADDING_PT)
            lines = max(lines, -(-int(tablefit.text_width(text, size)) // int(room)) if text else 1)
        total += lines * size * 1.2 * 1.15 + 1
    return total


BOX_PAD = 200  # twips between a box's edge and its text (10 pt)
BOX_RULE = 90  # twips: the accent rule on a box's left (4.5 pt)


def box_borders(rule: str, fill: str) -> tuple[Any, Any]:
    """A box drawn by the paragraph itself (no layout table, which a screen reader would announce):
    ``w:pBdr`` (a ``rule``-coloured rule on the left, edges in the ``fill`` colour that pad the text)
    and ``w:shd``. With :data:`BOX_INDENT` the rule stands on the left margin and the shading
    reaches the right one."""
    pt = BOX_PAD // 20
    borders = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:top w:val="single" w:sz="4" w:space="{pt}" w:color="{fill}"/>'
        f'<w:left w:val="single" w:sz="{BOX_RULE * 8 // 20}" w:space="{pt}" w:color="{rule}"/>'
        f'<w:bottom w:val="single" w:sz="4" w:space="{pt}" w:color="{fill}"/>'
        f'<w:right w:val="single" w:sz="4" w:space="{pt}" w:color="{fill}"/></w:pBdr>'
    )
    shading = parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{fill}"/>')
    return borders, shading


BOX_INDENT = (BOX_RULE + BOX_PAD, 10 + BOX_PAD)  # left, right (twips): the borders sit on the margins
