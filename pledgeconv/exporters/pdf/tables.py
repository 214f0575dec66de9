"""Tables that fit: column widths from content (tablefit), smaller type, a landscape page, column groups."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, NextPageTemplate, PageBreak, Spacer, TableStyle
from reportlab.platypus import Table as RLTable

from ... import tablefit
from ...model import Table, TableCell
from ...palette import hex_color
from ...transforms import plain_text
from .tags import Elem, Tree

PADDING = 5.0  # left and right cell padding, points
MIN_SIZE = 7.0  # the smallest type a table is set in
GRID = colors.HexColor(hex_color("grid"))
ALIGN = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}
#: every column has room for one character: reportlab gives a cell with none (an empty one too) a
#: row 2^31 pt tall
MIN_EM = 1.0
HEAD_REPEAT_CHARS = 500  # a table head longer than this is not repeated on each page

#: para(inlines, style) -> flowables of one cell
Para = Callable[[Sequence[Any], ParagraphStyle], list[Flowable]]


def _texts(table: Table, columns: int) -> list[list[str]]:
    rows = ([table.head] if table.head else []) + list(table.rows)
    return [[plain_text(c.children) for c in r[:columns]] for r in rows]


def _squeeze(minimums: list[float], available: float, floor: float) -> list[float]:
    """Widths when the minimums overflow: the narrow columns keep theirs, the widest takes what is
    left (at least ``floor``); if even that fails, equal shares."""
    widest = max(range(len(minimums)), key=minimums.__getitem__)
    rest = sum(m for i, m in enumerate(minimums) if i != widest)
    if available - rest >= floor:
        return [available - rest if i == widest else m for i, m in enumerate(minimums)]
    return [available / len(minimums)] * len(minimums)


class TableLayout:
    """Lays one Markdown table out for a frame width (and a landscape frame width, if any)."""

    def __init__(
        self, cell: ParagraphStyle, head: ParagraphStyle, font: str, para: Para, box: Any,
        width: float, landscape_width: float | None, tree: Tree,
    ) -> None:  # fmt: skip
        self.cell, self.head, self.font, self.para, self.box = cell, head, font, para, box
        self.tree = tree  # each table is a Table element: THead and TBody, TR, TH (column scope), TD
        self.width, self.landscape_width = width, landscape_width
        self.warnings: list[tuple[str, str, int]] = []

    def flowables(self, table: Table) -> list[Flowable]:
        columns = max(1, len(table.head), *(len(r) for r in table.rows))
        texts = _texts(table, columns)
        header = 1 if table.head else 0
        size = self.cell.fontSize
        padding = 2 * PADDING
        found = tablefit.fit(
            texts, self.width, size, min_size=MIN_SIZE, padding=padding, header_rows=header, min_em=MIN_EM
        )
        if found is not None:
            return [
                Spacer(1, 2),
                self._table(table, list(range(columns)), found.size, found.widths),
                self._after(),
            ]
        if self.landscape_width:
            found = tablefit.fit(
                texts,
                self.landscape_width,
                size,
                min_size=MIN_SIZE,
                padding=padding,
                header_rows=header,
                min_em=MIN_EM,
            )
            if found is not None:
                flow = self._table(table, list(range(columns)), found.size, found.widths)
                return [
                    NextPageTemplate("landscape"),
                    PageBreak(),
                    flow,
                    NextPageTemplate("body"),
                    PageBreak(),
                ]
        # Last resort: the columns in groups, each repeating the first column, at the smallest type.
        ranges = tablefit.column_ranges(texts, MIN_SIZE, padding=padding, header_rows=header, min_em=MIN_EM)
        groups = tablefit.column_groups(ranges, self.width)
        self.warnings.append(
            ("table-too-large",
             f"a table of {columns} columns is too wide for the page even at {MIN_SIZE:g} pt in landscape; "
             f"its columns are split over {len(groups)} tables, each repeating the first column",
             table.line)
        )  # fmt: skip
        out: list[Flowable] = [Spacer(1, 2)]
        for group in groups:
            part = [ranges[i] for i in group]
            widths = tablefit.distribute(part, self.width)
            if widths is None:  # one column wider than the page on its own: its words must give
                widths = _squeeze([r.minimum for r in part], self.width, 2 * PADDING + 2 * MIN_SIZE)
            out.extend([self._table(table, group, MIN_SIZE, widths), self._after()])
        return out

    def _after(self) -> Flowable:
        return Spacer(1, self.cell.fontSize * 1.1)

    def _style(self, base: ParagraphStyle, size: float, align: str) -> ParagraphStyle:
        return ParagraphStyle(
            f"{base.name}-{size:g}-{align}", parent=base, fontSize=size, leading=size * 1.45,
            alignment=ALIGN.get(align, TA_LEFT), splitLongWords=1,
        )  # fmt: skip

    def _table(self, table: Table, columns: list[int], size: float, widths: Sequence[float]) -> Flowable:
        aligns = [table.aligns[i] if i < len(table.aligns) else "" for i in columns]
        cell_styles = [self._style(self.cell, size, a) for a in aligns]
        head_styles = [self._style(self.head, size, a) for a in aligns]

        def row(
            cells: Sequence[TableCell], styles: list[ParagraphStyle], group: Elem, cell: str
        ) -> list[Any]:
            out: list[Any] = []
            tr = group.add("TR")
            for k, i in enumerate(columns):
                elem = tr.add(cell)
                if cell == "TH":
                    elem.scope = "Column"
                with self.tree.within(elem):
                    out.append(
                        self.para(cells[i].children, styles[k])
                        if i < len(cells)
                        else self.para((), styles[k])
                    )
            return out

        element = self.tree.add("Table")
        head = [row(table.head, head_styles, element.add("THead"), "TH")] if table.head else []
        body = element.add("TBody")
        data = head + [row(r, cell_styles, body, "TD") for r in table.rows]
        # The head repeats on each page, unless it is long (or alone): a repeated row cannot split,
        # so a head taller than a page would fail.
        head_chars = sum(len(plain_text(c.children)) for c in table.head)
        repeat = 1 if table.head and table.rows and head_chars <= HEAD_REPEAT_CHARS else 0
        flow = RLTable(
            data, colWidths=list(widths), repeatRows=repeat, splitByRow=1, splitInRow=1,
            hAlign="LEFT",
        )  # fmt: skip
        pad = max(2.0, size * 0.3)
        flow.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.font),
            ("GRID", (0, 0), (-1, -1), 0.5, GRID),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), PADDING), ("RIGHTPADDING", (0, 0), (-1, -1), PADDING),
            ("TOPPADDING", (0, 0), (-1, -1), pad), ("BOTTOMPADDING", (0, 0), (-1, -1), pad + 1),
            *([("BACKGROUND", (0, 0), (-1, 0), self.box)] if table.head else []),
        ]))  # fmt: skip
        return flow
