"""Blocks to reportlab flowables: headings with outline entries, slogans, figures, lists, tables."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, assert_never
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    ListFlowable,
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
from reportlab.platypus.doctemplate import NotAtTopPageBreak

from ... import outline
from ...fonts import runs
from ...labels import callout_label
from ...model import (
    Block,
    BlockQuote,
    BulletList,
    Callout,
    Code,
    CodeBlock,
    Div,
    Figure,
    Heading,
    Image,
    LineBreak,
    Link,
    ListItem,
    Note,
    OrderedList,
    Paragraph,
    RawBlock,
    RawInline,
    Slogan,
    SoftBreak,
    Table,
    Text,
    ThematicBreak,
)
from ...palette import hex_color
from ...pictures import PT_PER_PX, for_format
from ...resolved import Resolved
from ...sanitize import html_to_text
from ...transforms import plain_text
from .boxes import RULE_INDENT, attribution_style, code_box, quote_box, split_attribution
from .keep import keep_headings
from .markup import Markup, Style
from .tags import Elem, Tree, tag

ACCENT = colors.HexColor(hex_color("accent"))
MUTED = colors.HexColor(hex_color("muted"))
RULE = colors.HexColor(hex_color("rule"))
BOX = colors.HexColor(hex_color("box"))


CHUNK = 2500  # characters of a paragraph laid out at once
SLOGAN_CHUNK = 600  # characters of a slogan box's row: well under a page at the slogan's size


def _length(node: Any) -> int:
    if isinstance(node, (Text, Code, RawInline)):
        return len(node.text)
    if isinstance(node, Image):  # drawn as "[alt]"
        return len(node.alt or node.src) + 2
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
        if isinstance(node, RawInline):  # drawn as its text: cut as text
            node = Text(html_to_text(node.text), node.line)
        elif isinstance(node, Image):
            node = Text(f"[{node.alt or node.src}]", node.line)
        if isinstance(node, (Text, Code)):
            text = node.text
            while text:
                room = max(limit - size, 1)
                if len(text) <= room:
                    chunks[-1].append(replace(node, text=text))
                    size += len(text)
                    break
                cut = text.rfind(" ", room // 2, room)
                cut = cut + 1 if cut > 0 else room
                chunks[-1].append(replace(node, text=text[:cut]))
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
    """A heading that records its outline entry and destination when it is drawn.

    A heading taller than a page is split by reportlab (which builds the pieces with
    ``bulletText``/``frags``): only the first piece carries the outline entry (``key``).
    """

    def __init__(
        self, text: str | None, style: ParagraphStyle, level: int = 0, key: str = "", title: str = "",
        **kwargs: Any,
    ) -> None:  # fmt: skip
        super().__init__(text, style, **kwargs)
        self.outline_level = level
        self.key = key
        self.title = title
        self.running_head: str | None = None  # set on a chapter's H1: the head of its pages

    def draw(self) -> None:
        super().draw()
        record = getattr(getattr(self.canv, "_doctemplate", None), "record_heading", None)
        if record is not None:
            record(self)

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        pieces: list[Flowable] = super().split(avail_width, avail_height)
        if pieces and isinstance(pieces[0], HeadingParagraph):
            first = pieces[0]
            first.outline_level, first.key, first.title = self.outline_level, self.key, self.title
            first.running_head = self.running_head
        return pieces


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
            "Body", fontName=font, fontSize=size, leading=size * 1.7, alignment=TA_JUSTIFY,
            spaceAfter=size * 0.55, splitLongWords=1, allowWidows=0, allowOrphans=0,
            embeddedHyphenation=1,  # the hook breaks.py takes for Korean breaks inside a word
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
            quote=ParagraphStyle("Quote", parent=body, textColor=colors.HexColor(hex_color("ink"))),
            # The box is drawn borderPadding outside the text: indenting the text by as much keeps it
            # inside the margins; spaceBefore/After leave room around it.
            code=ParagraphStyle("Code", parent=body, fontSize=size * 0.88, leading=size * 1.35, alignment=TA_LEFT,
                                backColor=colors.HexColor(hex_color("code")), borderPadding=6, leftIndent=6,
                                rightIndent=6, spaceBefore=12, spaceAfter=14, splitLongWords=1,
                                embeddedHyphenation=0),
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

    def __init__(
        self, resolved: Resolved, markup: Markup, styles: Styles, width: float, height: float
    ) -> None:
        self.resolved = resolved
        self.doc = resolved.doc
        self.markup = markup
        self.styles = styles
        self.width = width
        self.text_width = width  # the page's text width (self.width narrows inside block quotes)
        self.height = height
        self.labels = resolved.labels
        self.warnings: list[tuple[str, str, int]] = []  # (code, message, line)
        self._drawn: dict[str, bytes] = {}  # a picture's bytes as the PDF (or the press) draws them
        self._keys = 0
        self._list_indent = 0.0  # points of list indentation around what is being built
        self._in_list = 0  # lists around what is being built
        self._in_quote = 0  # block quotes around what is being built
        self.landscape_width: float | None = None  # the frame width of a landscape page, if there is one
        self.cmyk = False  # the press profile: images converted to CMYK
        self.tree = Tree()  # the structure tree (tagged PDF), grown as the flowables are built
        self._heading_levels: list[int] = []  # the levels of the open headings (for the H1–H6 tags)

    @property
    def boxed(self) -> bool:
        """Whether what is being built goes inside a list's or a quote's box, where reportlab can
        neither break a page on purpose nor keep flowables together."""
        return bool(self._in_list or self._in_quote)

    @property
    def room(self) -> float:
        """The width a block has here: the text width less the indentation of the lists around it."""
        return self.width - self._list_indent

    def style(self, paragraph_style: ParagraphStyle) -> Style:
        return Style(paragraph_style.fontSize)

    def para(self, inlines: Sequence[Any], style: ParagraphStyle, role: str = "P") -> list[Flowable]:
        """A paragraph (in pieces, if long), one ``role`` element in the structure tree. A paragraph
        that is one code span (a command line) is set flush left: code is never stretched."""
        elem = self.tree.add(role)
        if style.alignment == TA_JUSTIFY and _code_only(inlines):
            style = ParagraphStyle(f"{style.name}-code", parent=style, alignment=TA_LEFT)
        chunks = chunk_inlines(inlines, CHUNK)
        if len(chunks) == 1:
            return tag([RLParagraph(self.markup.inlines(inlines, self.style(style)), style)], elem)
        # A giant paragraph (tens of thousands of characters) becomes several: reportlab re-wraps
        # the rest of a paragraph on every page it splits, which is quadratic in its length.
        tight = ParagraphStyle(f"{style.name}-chunk", parent=style, spaceAfter=0)
        flows = [RLParagraph(self.markup.inlines(c, self.style(style)), tight) for c in chunks[:-1]]
        flows.append(RLParagraph(self.markup.inlines(chunks[-1], self.style(style)), style))
        return tag(flows, elem)

    # -- blocks --------------------------------------------------------------

    def blocks(self, blocks: Sequence[Block], *, quote: bool = False, note: bool = False) -> list[Flowable]:
        groups = [self.block(block, quote=quote, note=note) for block in blocks]
        if not (self.boxed or note):
            keep_headings(blocks, groups)
        return [flow for group in groups for flow in group]

    def block(self, block: Block, *, quote: bool = False, note: bool = False) -> list[Flowable]:
        s = self.styles
        body = s.note if note else (s.quote if quote else s.body)
        match block:
            case Paragraph(children=children):
                return self.para(children, body)
            case Heading(level=level, children=children, id=hid):
                return self.heading(level, children, hid, note)
            case Slogan(lines=lines):
                # One row per line, and a line longer than SLOGAN_CHUNK characters in pieces: a slogan
                # of any length splits between rows, in linear time.
                rows = [
                    [
                        RLParagraph(
                            self.markup.text("".join(n.text for n in piece), self.style(s.slogan))
                            or "\u00a0",
                            s.slogan,
                        )
                    ]
                    for line in lines
                    for piece in chunk_inlines((Text(line),), SLOGAN_CHUNK)
                ]
                rows = rows or [[RLParagraph("", s.slogan)]]
                slogan = self.tree.add("Slogan")
                for row in rows:
                    tag(row, slogan.add("P"))
                box = RLTable(rows, colWidths=[self.room])
                box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.markup.families[0].regular),
                    ("BACKGROUND", (0, 0), (-1, -1), BOX),
                    ("LINEBEFORE", (0, 0), (0, -1), 4, ACCENT),
                    ("LEFTPADDING", (0, 0), (-1, -1), 14), ("RIGHTPADDING", (0, 0), (-1, -1), 14),
                    ("TOPPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, 0), 10), ("BOTTOMPADDING", (0, -1), (-1, -1), 12),
                ]))  # fmt: skip
                return [Spacer(1, 6), box, Spacer(1, 12)]
            case Figure(image=image, caption=caption, key_visual=key):
                parts: list[Flowable] = [self.picture(image, self.height * 0.6, caption, fill=key)]
                if caption:
                    parts.extend(self.para(caption, s.caption, "Caption"))
                kept = parts if self.boxed else [KeepTogether(parts)]
                return [Spacer(1, 4), *kept, Spacer(1, 8)]
            case BulletList() | OrderedList():
                return [self.listing(block, quote, note)]
            case Table():
                flow = self.table(block, note)
                return flow if isinstance(flow, list) else [flow]
            case BlockQuote(blocks=inner):
                return self.quote(inner, note)
            case Callout(kind=kind, blocks=inner):
                return self.callout(kind, inner, quote, note)
            case CodeBlock(text=text):
                mono = Style(s.code.fontSize, mono=True)
                return tag(code_box(text, s.code, self.markup.mono(), self.room,
                                    lambda t: self.markup.text(t, mono), "#" + MUTED.hexval()[2:]),
                           self.tree.add("Code"))  # fmt: skip
            case ThematicBreak():
                return [HRFlowable(width="30%", thickness=0.8, color=RULE, spaceBefore=8, spaceAfter=8)]
            case RawBlock(text=text):
                plain = html_to_text(text).strip()
                if not plain:
                    return []
                return tag([RLParagraph(self.markup.text(plain, self.style(body)), body)], self.tree.add("P"))
            case Div(blocks=inner):
                return self.blocks(inner, quote=quote, note=note)
            case _:
                assert_never(block)

    def _too_deep(self) -> bool:
        """True when a quote or callout box nested here would leave less than half the text width."""
        return self.room - RULE_INDENT < self.text_width / 2

    @contextmanager
    def _ruled(self, elem: Any) -> Iterator[None]:
        """Build a quote's or callout's blocks inside its tag element, one rule's indent narrower."""
        saved, self.width = self.width, self.width - RULE_INDENT
        self._in_quote += 1
        try:
            with self.tree.within(elem):
                yield
        finally:
            self.width = saved
            self._in_quote -= 1

    def quote(self, inner: Sequence[Block], note: bool) -> list[Flowable]:
        """A block quote beside a rule; a closing ``— 이름`` line set apart, right-aligned."""
        blocks, attribution = split_attribution(inner)
        if self._too_deep():  # nested past half the page: no further rule or indent
            return self.blocks(inner, quote=True, note=note)
        room = self.room
        quote = self.tree.add("BlockQuote")
        with self._ruled(quote):
            flows = self.blocks(blocks, quote=True, note=note)
        line = None
        if attribution is not None:
            style = attribution_style(self.styles.note if note else self.styles.quote)
            line = RLParagraph(self.markup.inlines(attribution, self.style(style)), style)
            line._pc_tag = quote.add("P")
        return quote_box(flows, line, room, self.markup.families[0].regular)

    def callout(self, kind: str, inner: Sequence[Block], quote: bool, note: bool) -> list[Flowable]:
        """A callout: its label in words, bold in the kind's colour, then its blocks, beside a rule
        of that colour; one ``Callout`` element (a ``Div``) holding the label's ``P`` and the blocks."""
        colour = hex_color(f"callout-{kind}")
        base = self.styles.note if note else self.styles.body
        style = ParagraphStyle(f"callout-{kind}", parent=base, spaceBefore=0, spaceAfter=3, alignment=TA_LEFT)
        label = self.markup.text(callout_label(self.labels, kind), Style(style.fontSize, bold=True))
        markup = f'<b><font color="{colour}">{label}</font></b>'
        if self._too_deep():  # nested past half the page: the label, no further box
            head = tag([RLParagraph(markup, style)], self.tree.add("P"))
            return head + self.blocks(inner, quote=quote, note=note)
        room = self.room
        elem = self.tree.add("Callout")
        with self._ruled(elem):
            head = tag([RLParagraph(markup, style)], elem.add("P"))
            flows = head + self.blocks(inner, quote=quote, note=note)
        box = quote_box(flows, None, room, self.markup.families[0].regular, colors.HexColor(colour), 3)
        if self.boxed:
            return box  # no page break inside a list's or a quote's box (reportlab cannot wrap one there)
        # the label never stands alone at a page's foot: a new page unless two lines of text fit below it
        return [CondPageBreak(style.leading * 3 + 10), *box]

    def heading(self, level: int, children: Sequence[Any], hid: str | None, note: bool) -> list[Flowable]:
        s = self.styles
        if note:
            text = f"<b>{self.markup.inlines(children, self.style(s.note))}</b>"
            return tag([RLParagraph(text, s.note)], self.tree.add("P"))
        style = s.headings[min(level, 4)]
        self._keys += 1
        key = hid or f"h{self._keys}"
        anchor = f'<a name="{escape(key)}"/>'
        text = anchor + self.markup.inlines(children, Style(style.fontSize, bold=True))
        flow: list[Flowable] = []
        if self.boxed:
            pass  # no page break inside a list item or a quote's box (reportlab cannot wrap one there)
        elif level == 1:
            flow.append(NotAtTopPageBreak())  # a chapter starts a page, never after an empty one
        else:
            flow.append(CondPageBreak(style.fontSize * 6))  # never leave a heading alone at a page foot
        title = plain_text(children)
        self.tree.titles[key] = title
        flow.append(HeadingParagraph(text, style, level, key, title))
        if level == 1 and not self.boxed:  # a chapter's pages carry its running head from here on
            flow[-1].running_head = self.resolved.running_head(hid)
        flow[-1]._pc_tag = self.tree.add(self.heading_role(level))
        if level == 1:
            flow.append(HRFlowable(width="100%", thickness=1.6, color=ACCENT, spaceBefore=0, spaceAfter=10))
        return flow

    def heading_role(self, level: int) -> str:
        """The structure type of a heading: its depth among the headings open (an H3 right under an
        H1 is tagged H2, as the outline nests it), so tag levels never skip and the first is H1."""
        levels = self._heading_levels
        while levels and levels[-1] >= level:
            levels.pop()
        levels.append(level)
        return f"H{min(len(levels), 6)}"

    def picture(
        self, image: Image, max_height: float, caption: Sequence[Any] = (), fill: bool = False
    ) -> Flowable:
        """The image, or a box that says it is missing; a ``Figure`` whose /Alt is the alt text (the
        caption's, if it has none; a picture with neither is decoration, an artifact). A picture is
        drawn at its natural size (a pixel is 1/96 inch, pandoc's rule), never wider than the text
        nor taller than ``max_height``; ``fill`` (a key visual, the cover) fills the text width."""
        alt = image.alt.strip() or plain_text(caption).strip()
        found = self.resolved.image(image)
        if found is not None:
            try:
                import io

                w, h = found.width, found.height
                scale = min(self.room / w, max_height / h, self.room / w if fill else PT_PER_PX)
                data = self._drawn.get(found.path)
                if data is None:  # converted once however often the picture is used
                    data = for_format(found, "pdf").data
                    if self.cmyk:
                        from .press import cmyk_image

                        data = cmyk_image(data).getvalue()
                    self._drawn[found.path] = data
                source: Any = io.BytesIO(data)
                flow = RLImage(source, width=w * scale, height=h * scale)
                flow.hAlign = "CENTER"
                if alt:
                    flow._pc_tag = self.tree.add("Figure", alt)
                return flow
            except Exception as exc:  # a file that passed the probe but reportlab cannot draw
                self.warnings.append(("image-invalid", f"image {image.src}: cannot draw ({exc})", image.line))
        said = self.resolved.placeholder(image)
        text = self.markup.text(said, self.style(self.styles.placeholder))
        inside = tag([RLParagraph(text, self.styles.placeholder)], self.tree.add("Figure", said))
        box = RLTable([inside], colWidths=[self.room * 0.8],
                      rowHeights=[self.height * 0.12])  # fmt: skip
        box.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), self.markup.families[0].regular),
            ("BOX", (0, 0), (-1, -1), 1, RULE, None, (4, 3)), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(hex_color("placeholder"))),
        ]))  # fmt: skip
        box.hAlign = "CENTER"
        return box

    def listing(self, block: BulletList | OrderedList, quote: bool, note: bool, depth: int = 0) -> Flowable:
        style = self.styles.note if note else self.styles.list_item
        landscape, self.landscape_width = self.landscape_width, None  # no page turn inside a list
        self._in_list += 1
        try:
            with self.tree.open("L"):
                return self._listing(block, quote, note, depth, style)
        finally:
            self.landscape_width = landscape
            self._in_list -= 1

    def _listing(
        self, block: BulletList | OrderedList, quote: bool, note: bool, depth: int, style: ParagraphStyle
    ) -> Flowable:
        items = block.items
        ordered = isinstance(block, OrderedList)
        kind = outline.list_style(block.style, ordered, depth)
        start = block.start if isinstance(block, OrderedList) else 1
        labels = outline.labels(kind, start, [it.checked for it in items])
        width = max(16.0, outline.marker_width(labels) * style.fontSize)
        self.tree.parent.numbering = _numbering(kind)
        # Nested lists indent until half the text width is used; deeper ones do not indent and
        # write their marks into the text, so any depth the model holds lays out.
        flat = self._list_indent + width > self.width / 2
        if flat:
            width = 0.0
        self._list_indent += width
        try:
            entries = self._entries(items, quote, note, depth, style, labels if flat else None, block.strong)
        finally:
            self._list_indent -= width
        if flat:
            labels = [""] * len(entries)
        # Each mark from a font that has it (Nanum Gothic has no "▪", the boxes come from DejaVu Sans):
        # never an empty box; the author's bold marks (a law's **①**) in the bold face.
        families = self.markup.families

        def font(label: str) -> str:
            family = families[runs(label, families)[0][0]] if label else families[0]
            return family.bold if block.strong else family.regular

        numbered = [
            RLListItem(e._flowables, value=label, bulletFontName=font(label))
            for e, label in zip(entries, labels, strict=True)
        ]
        return ListFlowable(numbered, bulletType="bullet", leftIndent=width, bulletFontName=font(labels[0] if labels else ""),
                            bulletFontSize=style.fontSize)  # fmt: skip

    def _entries(
        self, items: Sequence[ListItem], quote: bool, note: bool, depth: int, style: ParagraphStyle,
        marks: list[str] | None, strong: bool = False,
    ) -> list[Any]:  # fmt: skip
        entries = []
        for n, item in enumerate(items):
            li = self.tree.add("LI")
            label, body = li.add("Lbl"), li.add("LBody")
            with self.tree.within(body):
                mark = marks[n] if marks else None
                entries.append(self._entry(item, quote, note, depth, style, mark, label, strong))
        return entries

    def _entry(
        self, item: ListItem, quote: bool, note: bool, depth: int, style: ParagraphStyle, flat_mark: str | None,
        label: Elem, strong: bool = False,
    ) -> Any:  # fmt: skip
        """One list item's flowables, its mark drawn by the list as ``label`` (or, in a list too deep to
        indent, written into its first paragraph). A task item's mark is its box (outline.labels)."""
        inner: list[Flowable] = []
        mark = (
            self.markup.text(flat_mark + " ", self.style(style), bold=strong) if flat_mark is not None else ""
        )
        for i, block in enumerate(item.blocks):
            if isinstance(block, (OrderedList, BulletList)):
                inner.append(self.listing(block, quote, note, depth + 1))
            elif isinstance(block, Paragraph):
                text = self.markup.inlines(block.children, self.style(style))
                inner.append(RLParagraph((mark if i == 0 else "") + text, style))
                inner[-1]._pc_tag = self.tree.add("P")
            else:
                inner.extend(self.block(block, quote=quote, note=note))
        if mark and not (item.blocks and isinstance(item.blocks[0], Paragraph)):
            inner.insert(0, RLParagraph(mark, style))
            first = inner[0]._pc_tag = Elem("P", self.tree.parent)
            self.tree.parent.kids.insert(0, first)  # read before the item's blocks
        inner = inner or [Spacer(1, 1)]
        inner[0]._pc_label = label
        return RLListItem(inner)

    def table(self, table: Table, note: bool) -> Flowable | list[Flowable]:
        s = self.styles
        columns = max(1, len(table.head), *(len(r) for r in table.rows))
        biggest = max((_length(c) for r in (table.head, *table.rows) for c in r), default=0)
        if biggest > 2 * CHUNK:
            return self.table_as_records(table, columns)
        from .tables import TableLayout

        layout = TableLayout(s.cell, s.head_cell, self.markup.families[0].regular, self.para, BOX,
                             self.room, self.landscape_width, self.tree)  # fmt: skip
        flow = layout.flowables(table)
        self.warnings.extend(layout.warnings)
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
                elem = self.tree.add("P")
                for k, chunk in enumerate(chunks):
                    prefix = f"<b>{label}</b>: " if label and k == 0 else ""
                    out.append(RLParagraph(prefix + self.markup.inlines(chunk, self.style(s.body)), s.body))
                    out[-1]._pc_tag = elem
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
            # counted over the whole document: a back-link may go to a chapter not built yet
            refs = max(self.resolved.note_refs.get(n, 0), self.markup.note_refs.get(n, 0))
            backs = " ".join(
                f'<a href="#{prefix}ref-{n}-{k}" color="{hex_color("accent")}">↩</a>'
                for k in range(1, refs + 1)
            )
            head = f'<a name="{prefix}-{n}"/><super>{n}</super> '
            named = f"{self.labels['notes']} {n}"
            self.tree.titles[f"{prefix}-{n}"] = named
            for k in range(1, refs + 1):
                self.tree.titles[f"{prefix}ref-{n}-{k}"] = f"{self.labels['back_to_text']} ({named})"
            with self.tree.open("Note") as elem:
                elem.id = f"{prefix}-{n}"  # PDF/UA: a Note has an ID, unique in the file
                blocks = list(note.blocks)
                if blocks and isinstance(blocks[0], Paragraph):
                    text = head + self.markup.inlines(blocks[0].children, self.style(s.note))
                    out.extend(tag([RLParagraph(text, s.note)], self.tree.add("P")))
                    blocks = blocks[1:]
                else:
                    out.extend(tag([RLParagraph(head, s.note)], self.tree.add("P")))
                out.extend(self.blocks(blocks, note=True))
                if backs:
                    out.extend(tag([RLParagraph(backs, s.note)], self.tree.add("P")))
        return out


def _code_only(inlines: Sequence[Any]) -> bool:
    """True for inlines that are code spans and white space only (at least one code span)."""
    blank = (SoftBreak, LineBreak)
    kinds = [
        type(n) for n in inlines if not (isinstance(n, blank) or (isinstance(n, Text) and not n.text.strip()))
    ]
    return bool(kinds) and all(k is Code for k in kinds)


def _numbering(kind: outline.MarkerStyle) -> str:
    """A list's /ListNumbering: Decimal for 1. 1) (1) ①; None (the labels say it) for 가. ㉮ and
    marks like - ※; the shape of a bullet."""
    if kind.ordered:
        return "Decimal" if kind.counter in ("decimal", "circled") else "None"
    mark = kind.prefix
    return {"□": "Square", "■": "Square", "▪": "Square", "○": "Circle", "◦": "Circle", "●": "Disc",
            "•": "Disc"}.get(mark, "None")  # fmt: skip


def frame_size(page: tuple[float, float], margins: tuple[float, float, float, float]) -> tuple[float, float]:
    """Width and height of the text frame for a page size and (top, right, bottom, left) margins."""
    return page[0] - margins[1] - margins[3], page[1] - margins[0] - margins[2]


MARGINS = (24 * mm, 20 * mm, 22 * mm, 20 * mm)
