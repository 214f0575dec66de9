"""Blocks to reportlab flowables: headings with outline entries, slogans, figures, lists, tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, assert_never
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    ListFlowable,
    PageBreakIfNotEmpty,
    Spacer,
    TableStyle,
)
from reportlab.platypus import (
    Image as RLImage,
)
from reportlab.platypus import (
    ListItem as RLListItem,
)
from reportlab.platypus import (
    Paragraph as RLParagraph,
)
from reportlab.platypus import (
    Table as RLTable,
)

from ... import outline
from ...model import (
    Block,
    BlockQuote,
    BulletList,
    Code,
    CodeBlock,
    Div,
    Figure,
    Heading,
    Image,
    Link,
    ListItem,
    Note,
    OrderedList,
    Paragraph,
    RawBlock,
    Slogan,
    Table,
    Text,
    ThematicBreak,
)
from ...palette import hex_color
from ...resolved import Resolved
from ...sanitize import html_to_text
from ...transforms import plain_text
from .markup import Markup, Style

ACCENT = colors.HexColor(hex_color("accent"))
MUTED = colors.HexColor(hex_color("muted"))
RULE = colors.HexColor(hex_color("rule"))
BOX = colors.HexColor(hex_color("box"))

ORDINAL_LEVELS = ("1.", "가.", "1)", "가)", "(1)", "(가)")
GANADA = "가나다라마바사아자차카타파하"


CHUNK = 2500  # characters of a paragraph laid out at once


def _length(node: Any) -> int:
    if isinstance(node, (Text, Code)):
        return len(node.text)
    children = getattr(node, "children", None)
    return sum(_length(c) for c in children) if children else 1


def chunk_inlines(items: Sequence[Any], limit: int) -> list[tuple[Any, ...]]:
    """Cut a run of inlines into pieces of about ``limit`` characters, at spaces where there are
    any; containers are cut too, each piece keeping its formatting."""
    if sum(_length(n) for n in items) <= limit:
        return [tuple(items)]
    chunks: list[list[Any]] = [[]]
    size = 0
    for node in items:
        length = _length(node)
        if size + length <= limit:
            chunks[-1].append(node)
            size += length
            continue
        if isinstance(node, Text):
            text = node.text
            while text:
                room = max(limit - size, 1)
                if len(text) <= room:
                    chunks[-1].append(Text(text, node.line))
                    size += len(text)
                    break
                cut = text.rfind(" ", room // 2, room)
                cut = cut + 1 if cut > 0 else room
                chunks[-1].append(Text(text[:cut], node.line))
                chunks.append([])
                size = 0
                text = text[cut:]
        elif getattr(node, "children", None) and not isinstance(node, Link):
            parts = chunk_inlines(node.children, limit)
            for i, part in enumerate(parts):
                if i:
                    chunks.append([])
                chunks[-1].append(replace(node, children=part))
            size = sum(_length(n) for n in chunks[-1])
        else:
            if size:
                chunks.append([])
            chunks[-1].append(node)
            size = length
    return [tuple(c) for c in chunks if c]


class HeadingParagraph(RLParagraph):
    """A heading that records its outline entry and destination when it is drawn."""

    def __init__(self, text: str, style: ParagraphStyle, level: int, key: str, title: str) -> None:
        super().__init__(text, style)
        self.outline_level = level
        self.key = key
        self.title = title


@dataclass
class Styles:
    """The paragraph styles of one PDF, derived from the base font and size."""

    body: ParagraphStyle
    headings: dict[int, ParagraphStyle]
    slogan: ParagraphStyle
    caption: ParagraphStyle
    quote: ParagraphStyle
    code: ParagraphStyle
    cell: ParagraphStyle
    head_cell: ParagraphStyle
    note: ParagraphStyle
    placeholder: ParagraphStyle
    list_item: ParagraphStyle

    @classmethod
    def make(cls, font: str, bold: str, size: float = 10.5) -> Styles:
        body = ParagraphStyle(
            "Body", fontName=font, fontSize=size, leading=size * 1.7, alignment=TA_LEFT,
            spaceAfter=size * 0.55, splitLongWords=1, allowWidows=0, allowOrphans=0,
        )  # fmt: skip
        headings = {}
        for level, (scale, before) in {1: (2.0, 0), 2: (1.55, 16), 3: (1.3, 14), 4: (1.12, 10)}.items():
            headings[level] = ParagraphStyle(
                f"H{level}", parent=body, fontName=bold, fontSize=size * scale, leading=size * scale * 1.35,
                spaceBefore=before, spaceAfter=size * 0.6, alignment=TA_LEFT,
                textColor=ACCENT if level == 1 else colors.HexColor(hex_color("ink")),
            )  # fmt: skip
        return cls(
            body=body,
            headings=headings,
            slogan=ParagraphStyle("Slogan", parent=body, fontName=bold, fontSize=size * 1.3,
                                  leading=size * 1.3 * 1.5, alignment=TA_LEFT, spaceAfter=0),
            caption=ParagraphStyle("Caption", parent=body, fontSize=size * 0.88, leading=size * 1.3,
                                   alignment=TA_CENTER, textColor=MUTED, spaceBefore=3),
            quote=ParagraphStyle("Quote", parent=body, textColor=MUTED, leftIndent=12, borderPadding=0),
            code=ParagraphStyle("Code", parent=body, fontSize=size * 0.88, leading=size * 1.35, alignment=TA_LEFT,
                                backColor=colors.HexColor(hex_color("code")), borderPadding=5, spaceBefore=4, spaceAfter=8),
            cell=ParagraphStyle("Cell", parent=body, fontSize=size * 0.92, leading=size * 1.4, alignment=TA_LEFT,
                                spaceAfter=0),
            head_cell=ParagraphStyle("HeadCell", parent=body, fontName=bold, fontSize=size * 0.92,
                                     leading=size * 1.4, alignment=TA_LEFT, spaceAfter=0),
            note=ParagraphStyle("Note", parent=body, fontSize=size * 0.85, leading=size * 1.35, spaceAfter=2),
            placeholder=ParagraphStyle("Placeholder", parent=body, alignment=TA_CENTER, textColor=MUTED),
            list_item=ParagraphStyle("ListItem", parent=body, spaceAfter=2),
        )  # fmt: skip


class FlowBuilder:
    """Turns the blocks of a Document into flowables for one frame width and height."""

    def __init__(self, resolved: Resolved, markup: Markup, styles: Styles, width: float, height: float) -> None:
        self.resolved = resolved
        self.doc = resolved.doc
        self.markup = markup
        self.styles = styles
        self.width = width
        self.height = height
        self.labels = resolved.labels
        self.warnings: list[tuple[str, str, int]] = []  # (code, message, line)
        self._keys = 0
        self._first_h1 = True

    def style(self, paragraph_style: ParagraphStyle) -> Style:
        return Style(paragraph_style.fontSize)

    def para(self, inlines: Sequence[Any], style: ParagraphStyle) -> list[Flowable]:
        chunks = chunk_inlines(inlines, CHUNK)
        if len(chunks) == 1:
            return [RLParagraph(self.markup.inlines(inlines, self.style(style)), style)]
        # A giant paragraph (tens of thousands of characters) becomes several: reportlab re-wraps
        # the rest of a paragraph on every page it splits, which is quadratic in its length.
        tight = ParagraphStyle(f"{style.name}-chunk", parent=style, spaceAfter=0)
        flows = [RLParagraph(self.markup.inlines(c, self.style(style)), tight) for c in chunks[:-1]]
        flows.append(RLParagraph(self.markup.inlines(chunks[-1], self.style(style)), style))
        return flows

    # -- blocks --------------------------------------------------------------

    def blocks(self, blocks: Sequence[Block], *, quote: bool = False, note: bool = False) -> list[Flowable]:
        out: list[Flowable] = []
        for block in blocks:
            out.extend(self.block(block, quote=quote, note=note))
        return out

    def block(self, block: Block, *, quote: bool = False, note: bool = False) -> list[Flowable]:
        s = self.styles
        body = s.note if note else (s.quote if quote else s.body)
        match block:
            case Paragraph(children=children):
                return self.para(children, body)
            case Heading(level=level, children=children, id=hid):
                return self.heading(level, children, hid, note)
            case Slogan(lines=lines):
                text = "<br/>".join(self.markup.text(line, self.style(s.slogan)) for line in lines)
                box = RLTable([[RLParagraph(text, s.slogan)]], colWidths=[self.width])
                box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.markup.families[0].regular),
                    ("BACKGROUND", (0, 0), (-1, -1), BOX),
                    ("LINEBEFORE", (0, 0), (0, -1), 4, ACCENT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 14), ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                    ("TOPPADDING", (0, 0), (-1, -1), 10), ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
                ]))  # fmt: skip
                return [Spacer(1, 6), box, Spacer(1, 12)]
            case Figure(image=image, caption=caption):
                parts: list[Flowable] = [self.picture(image, self.height * 0.6)]
                if caption:
                    parts.extend(self.para(caption, s.caption))
                return [Spacer(1, 4), KeepTogether(parts), Spacer(1, 8)]
            case BulletList(items=items, style=style):
                return [self.listing(items, None, quote, note, marks=style)]
            case OrderedList(items=items, start=start, style=style):
                return [self.listing(items, start, quote, note, marks=style)]
            case Table():
                flow = self.table(block, note)
                return flow if isinstance(flow, list) else [flow]
            case BlockQuote(blocks=inner):
                return self.blocks(inner, quote=True, note=note)
            case CodeBlock(text=text):
                code_lines = text.rstrip("\n").split("\n")
                markup = "<br/>".join(
                    self.markup.text(line.replace(" ", "\u00a0"), Style(s.code.fontSize, mono=True))
                    for line in code_lines
                )
                return [RLParagraph(markup, s.code)]
            case ThematicBreak():
                return [HRFlowable(width="30%", thickness=0.8, color=RULE, spaceBefore=8, spaceAfter=8)]
            case RawBlock(text=text):
                plain = html_to_text(text).strip()
                return [RLParagraph(self.markup.text(plain, self.style(body)), body)] if plain else []
            case Div(blocks=inner):
                return self.blocks(inner, quote=quote, note=note)
            case _:
                assert_never(block)

    def heading(self, level: int, children: Sequence[Any], hid: str | None, note: bool) -> list[Flowable]:
        s = self.styles
        if note:
            return [RLParagraph(f"<b>{self.markup.inlines(children, self.style(s.note))}</b>", s.note)]
        style = s.headings[min(level, 4)]
        self._keys += 1
        key = hid or f"h{self._keys}"
        anchor = f'<a name="{escape(key)}"/>'
        text = anchor + self.markup.inlines(children, Style(style.fontSize, bold=True))
        flow: list[Flowable] = []
        if level == 1:
            flow.append(PageBreakIfNotEmpty())
        else:
            flow.append(CondPageBreak(style.fontSize * 6))  # never leave a heading alone at a page foot
        flow.append(HeadingParagraph(text, style, level, key, plain_text(children)))
        if level == 1:
            flow.append(HRFlowable(width="100%", thickness=1.6, color=ACCENT, spaceBefore=0, spaceAfter=10))
        return flow

    def picture(self, image: Image, max_height: float) -> Flowable:
        found = self.resolved.image(image)
        if found is not None:
            try:
                import io

                w, h = found.width, found.height
                scale = min(self.width / w, max_height / h, 1.0 if w > 600 else self.width / w)
                flow = RLImage(io.BytesIO(found.data), width=w * scale, height=h * scale)
                flow.hAlign = "CENTER"
                return flow
            except Exception as exc:  # a file that passed the probe but reportlab cannot draw
                self.warnings.append(("image-invalid", f"image {image.src}: cannot draw ({exc})", image.line))
        text = self.markup.text(self.resolved.placeholder(image), self.style(self.styles.placeholder))
        box = RLTable([[RLParagraph(text, self.styles.placeholder)]], colWidths=[self.width * 0.8],
                      rowHeights=[self.height * 0.12])  # fmt: skip
        box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.markup.families[0].regular),
            ("BOX", (0, 0), (-1, -1), 1, RULE, None, (4, 3)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(hex_color("placeholder"))),
        ]))  # fmt: skip
        box.hAlign = "CENTER"
        return box

    def listing(
        self,
        items: Sequence[ListItem],
        start: int | None,
        quote: bool,
        note: bool,
        depth: int = 0,
        marks: str = "",
    ) -> Flowable:
        style = self.styles.note if note else self.styles.list_item
        entries = []
        for item in items:
            inner: list[Flowable] = []
            mark = ""
            if item.checked is not None:
                mark = self.markup.text(("☑" if item.checked else "☐") + " ", self.style(style))
            for i, block in enumerate(item.blocks):
                if isinstance(block, OrderedList):
                    inner.append(self.listing(block.items, block.start, quote, note, depth + 1, block.style))
                elif isinstance(block, BulletList):
                    inner.append(self.listing(block.items, None, quote, note, depth + 1, block.style))
                elif isinstance(block, Paragraph):
                    text = self.markup.inlines(block.children, self.style(style))
                    inner.append(RLParagraph((mark if i == 0 else "") + text, style))
                else:
                    inner.extend(self.block(block, quote=quote, note=note))
            if mark and not (item.blocks and isinstance(item.blocks[0], Paragraph)):
                inner.insert(0, RLParagraph(mark, style))
            entries.append(RLListItem(inner or [Spacer(1, 1)]))
        kind = outline.style(marks)
        if kind is not None:  # the author's markers (가. ① □ …), hanging by the widest one
            labels = [kind.marker((start or 1) + i) for i in range(len(entries))]
            width = outline.marker_width(labels) * style.fontSize
            marked = [RLListItem(e._flowables, value=label) for e, label in zip(entries, labels, strict=True)]
            return ListFlowable(marked, bulletType="bullet", leftIndent=width, bulletFontName=self.markup.families[0].regular,
                                bulletFontSize=style.fontSize)  # fmt: skip
        if start is None:
            bullet = "•◦▪"[depth % 3]
            return ListFlowable(entries, bulletType="bullet", start=bullet, leftIndent=16, bulletFontName=self.markup.families[0].regular,
                                bulletFontSize=style.fontSize)  # fmt: skip
        fmt = ORDINAL_LEVELS[depth % len(ORDINAL_LEVELS)]
        if "가" in fmt:
            labels = [fmt.replace("가", GANADA[(start - 1 + i) % len(GANADA)]) for i in range(len(entries))]
        else:
            labels = [fmt.replace("1", str(start + i)) for i in range(len(entries))]
        width = max(16.0, 6 + style.fontSize * 0.6 * max(len(x) for x in labels)) if labels else 16.0
        numbered = [RLListItem(e._flowables, value=label) for e, label in zip(entries, labels, strict=True)]
        return ListFlowable(numbered, bulletType="bullet", leftIndent=width, bulletFontName=self.markup.families[0].regular,
                            bulletFontSize=style.fontSize)  # fmt: skip

    def table(self, table: Table, note: bool) -> Flowable | list[Flowable]:
        s = self.styles
        columns = max(1, len(table.head), *(len(r) for r in table.rows))
        biggest = max((_length(c) for r in (table.head, *table.rows) for c in r), default=0)
        if biggest > 2 * CHUNK:
            return self.table_as_records(table, columns)
        align = {"left": TA_LEFT, "center": TA_CENTER, "right": TA_RIGHT}

        def cell_style(i: int, header: bool) -> ParagraphStyle:
            base = s.head_cell if header else s.cell
            a = table.aligns[i] if i < len(table.aligns) else ""
            return (
                ParagraphStyle(f"{base.name}-{a}", parent=base, alignment=align.get(a, TA_LEFT))
                if a
                else base
            )

        def row(cells: Sequence[Any], header: bool) -> list[Flowable]:
            out: list[Flowable] = []
            for i in range(columns):
                st = cell_style(i, header)
                out.append(self.para(cells[i].children, st) if i < len(cells) else RLParagraph("", st))
            return out

        data = ([row(table.head, True)] if table.head else []) + [row(r, False) for r in table.rows]
        # Column widths follow the text length, within bounds, so narrow number columns stay narrow.
        lengths = [1.0] * columns
        for r in [table.head, *table.rows]:
            for i, c in enumerate(r[:columns]):
                lengths[i] = max(lengths[i], min(40.0, len(plain_text(c.children)) + 2.0))
        total = sum(lengths)
        widths = [self.width * x / total for x in lengths]
        flow = RLTable(
            data,
            colWidths=widths,
            repeatRows=1 if table.head else 0,
            splitByRow=1,
            splitInRow=1,
            hAlign="LEFT",
        )
        flow.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.markup.families[0].regular),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor(hex_color("grid"))),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 5), ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("TOPPADDING", (0, 0), (-1, -1), 3), ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            *([("BACKGROUND", (0, 0), (-1, 0), BOX)] if table.head else []),
        ]))  # fmt: skip
        return flow

    def table_as_records(self, table: Table, columns: int) -> list[Flowable]:
        """A table with a cell longer than a page, as one record per row ("column: value"):
        reportlab re-lays out a split cell on every page, which would take quadratic time."""
        s = self.styles
        self.warnings.append(
            (
                "table-too-large",
                "a table cell is longer than a page; the table is set as one record per row",
                table.line,
            )
        )
        out: list[Flowable] = []
        for row in table.rows:
            out.append(HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=4, spaceAfter=4))
            for i in range(columns):
                label = (
                    self.markup.inlines(table.head[i].children, self.style(s.body))
                    if i < len(table.head)
                    else ""
                )
                cell = row[i].children if i < len(row) else ()
                chunks = chunk_inlines(cell, CHUNK)
                for k, chunk in enumerate(chunks):
                    prefix = f"<b>{label}</b>: " if label and k == 0 else ""
                    out.append(RLParagraph(prefix + self.markup.inlines(chunk, self.style(s.body)), s.body))
        return out

    # -- notes ---------------------------------------------------------------

    def notes(self, notes: Sequence[Note], prefix: str) -> list[Flowable]:
        """Chapter endnotes: numbered, each linked back to its references."""
        if not notes:
            return []
        s = self.styles
        out: list[Flowable] = [Spacer(1, 10)]
        out.append(HRFlowable(width="25%", thickness=0.6, color=MUTED, hAlign="LEFT", spaceAfter=4))
        for note in notes:
            n = note.number
            refs = self.markup.note_refs.get(n, 0)
            backs = " ".join(
                f'<a href="#{prefix}ref-{n}-{k}" color="{hex_color("accent")}">↩</a>' for k in range(1, refs + 1)
            )
            head = f'<a name="{prefix}-{n}"/><super>{n}</super> '
            blocks = list(note.blocks)
            if blocks and isinstance(blocks[0], Paragraph):
                out.append(
                    RLParagraph(head + self.markup.inlines(blocks[0].children, self.style(s.note)), s.note)
                )
                blocks = blocks[1:]
            else:
                out.append(RLParagraph(head, s.note))
            out.extend(self.blocks(blocks, note=True))
            if backs:
                out.append(RLParagraph(backs, s.note))
        return out


def frame_size(page: tuple[float, float], margins: tuple[float, float, float, float]) -> tuple[float, float]:
    """Width and height of the text frame for a page size and (top, right, bottom, left) margins."""
    return page[0] - margins[1] - margins[3], page[1] - margins[0] - margins[2]


MARGINS = (24 * mm, 20 * mm, 22 * mm, 20 * mm)
