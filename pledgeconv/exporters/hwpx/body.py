"""Model to OWPML paragraphs (section0.xml body): runs, lists, tables, figures, links and footnotes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import assert_never

from ... import outline
from ...model import (
    Block,
    BlockQuote,
    BulletList,
    Callout,
    Code,
    CodeBlock,
    Div,
    Emph,
    Figure,
    Heading,
    Image,
    ImageFile,
    Inline,
    LineBreak,
    Link,
    ListItem,
    NoteRef,
    OrderedList,
    Paragraph,
    RawBlock,
    RawInline,
    Slogan,
    SoftBreak,
    Span,
    Strike,
    Strong,
    Table,
    Text,
    ThematicBreak,
)
from ...palette import hwp_color
from ...pictures import for_format, given_size, placeholder
from ...resolved import Resolved
from ...sanitize import html_to_text
from ...transforms import iter_blocks, plain_text
from . import objects
from .header import CODE_FONT, NO_CHAR, Numbering, ParaShape, Shapes
from .styles import (
    LINK,
    STYLE_ID,
    STYLES,
    TABLE_FILL,
    TABLE_HEAD_FILL,
    Page,
    callout_colour,
    register,
    style_para,
)
from .xml import attrs, text

CODE_SHADE = hwp_color("code")  # inline code, shaded as in every format
_SPACES = re.compile(r"(\s+)")
LIST_STEP = 1600  # HWPUNIT a list level indents by (about 5.6 mm)


@dataclass(frozen=True, slots=True)
class Fmt:
    """Run formatting accumulated while walking nested inlines."""

    bold: bool = False
    emph: bool = False
    strike: bool = False
    code: bool = False
    link: bool = False
    superscript: bool = False


@dataclass(frozen=True, slots=True)
class Ctx:
    """Where blocks are being written: the paragraph style, extra left margin, and the container."""

    style: str = "body"
    left: int = 0
    in_note: bool = False
    in_cell: bool = False
    depth: int = 0  # lists around these blocks (outline.list_style decides the markers by it)


class Body:
    """Writes the blocks of one Document as OWPML paragraphs; collects images and shapes on the way."""

    def __init__(self, resolved: Resolved, shapes: Shapes, page: Page) -> None:
        doc = resolved.doc
        self.resolved = resolved
        self.doc = doc
        self.shapes = shapes
        self.page = page
        self.korean = resolved.korean
        self.labels = resolved.labels
        # Numbering 1 is the section's outline shape: 개요 levels with an empty number, so 한글 keeps
        # its outline (개요 보기, 차례) but adds no "1." before headings that carry their own 첫째.
        shapes.numbering(Numbering((("DIGIT", ""),) * 10))
        self.styles = register(shapes)
        self.notes = {n.number: n for n in doc.notes}
        self._noted: set[int] = set()
        self._char_cache: dict[tuple[str, Fmt], int] = {}
        self._para_cache: dict[tuple[str, int, str], int] = {}
        self.images: list[objects.BinItem] = []
        self._image_ids: dict[str, tuple[str, int, int]] = {}
        self._next_id = 1
        self.page_break_next = False
        self.fresh_page = True  # nothing written on this page yet
        self.head = resolved.head  # the running head shown from here on
        self.first_head = resolved.head  # the one the section's properties set, on its first page
        self.started = False  # a paragraph was written
        # The headings of the body get a bookmark (those in footnotes are bold text), known before
        # writing starts so that a link may point at a heading further down.
        self.bookmarks: set[str] = {b.id for b in iter_blocks(doc.blocks) if isinstance(b, Heading) and b.id}

    # -- ids and shapes ------------------------------------------------------

    def new_id(self) -> int:
        self._next_id += 1
        return self._next_id

    def char_id(self, style: str, fmt: Fmt = Fmt()) -> int:
        key = (style, fmt)
        found = self._char_cache.get(key)
        if found is None:
            base = STYLES[STYLE_ID[style]][1].char
            shape = base
            if fmt != Fmt():
                shape = replace(
                    base,
                    bold=base.bold or fmt.bold,
                    dots=fmt.emph and self.korean,
                    italic=fmt.emph and not self.korean,
                    strike=fmt.strike,
                    font=CODE_FONT if fmt.code else base.font,
                    shade=CODE_SHADE if fmt.code else base.shade,
                    underline=fmt.link,
                    color=LINK if fmt.link else base.color,
                    superscript=fmt.superscript,
                )
            found = self._char_cache[key] = self.shapes.char(shape)
        return found

    def para_id(self, style: str, left: int = 0, align: str = "", shape: ParaShape | None = None) -> int:
        if shape is not None:
            return self.shapes.para(shape)
        key = (style, left, align)
        found = self._para_cache.get(key)
        if found is None:
            if not left and not align:
                found = self.styles[style][1]
            else:
                base = style_para(style, self.shapes)
                found = self.shapes.para(replace(base, left=base.left + left, align=align or base.align))
            self._para_cache[key] = found
        return found

    # -- paragraphs and runs -------------------------------------------------

    def paragraph(
        self, style: str, runs: str, *, left: int = 0, align: str = "", para: int | None = None
    ) -> str:
        para_ref = para if para is not None else self.para_id(style, left, align)
        brk = "1" if self.page_break_next else "0"
        self.page_break_next = False
        self.fresh_page = False
        self.started = True
        return (
            f'<hp:p id="{self.new_id()}" paraPrIDRef="{para_ref}" styleIDRef="{self.styles[style][0]}" '
            f'pageBreak="{brk}" columnBreak="0" merged="0">{runs or self.run(style, "")}</hp:p>'
        )

    def run(self, style: str, value: str, fmt: Fmt = Fmt()) -> str:
        if fmt.emph and self.korean and any(c.isspace() for c in value) and not value.isspace():
            # Dots go over characters, not the spaces between words.
            return "".join(
                self.run(style, part, replace(fmt, emph=False) if part.isspace() else fmt)
                for part in _SPACES.split(value)
                if part
            )
        return f'<hp:run charPrIDRef="{self.char_id(style, fmt)}"><hp:t>{text(value)}</hp:t></hp:run>'

    def inlines(self, style: str, items: Sequence[Inline], ctx: Ctx, fmt: Fmt = Fmt()) -> str:
        out: list[str] = []
        for node in items:
            match node:
                case Text(text=value):
                    if value:
                        out.append(self.run(style, value, fmt))
                case SoftBreak():
                    out.append(self.run(style, " ", fmt))
                case LineBreak():
                    out.append(
                        f'<hp:run charPrIDRef="{self.char_id(style, fmt)}"><hp:t><hp:lineBreak/></hp:t></hp:run>'
                    )
                case Emph(children=children):
                    out.append(self.inlines(style, children, ctx, replace(fmt, emph=True)))
                case Strong(children=children):
                    out.append(self.inlines(style, children, ctx, replace(fmt, bold=True)))
                case Strike(children=children):
                    out.append(self.inlines(style, children, ctx, replace(fmt, strike=True)))
                case Code(text=value):
                    out.append(self.run(style, value, replace(fmt, code=True)))
                case Link(children=children, url=url):
                    out.append(self.link(style, children, url, ctx, fmt))
                case Image():
                    out.append(self.inline_image(style, node, fmt))
                case NoteRef(number=number):
                    out.append(self.note(style, number, ctx))
                case Span(children=children):
                    out.append(self.inlines(style, children, ctx, fmt))
                case RawInline(text=value):
                    plain = html_to_text(value)  # raw HTML has no 한글 form: its text is kept
                    if plain:
                        out.append(self.run(style, plain, fmt))
                case _:
                    assert_never(node)
        return "".join(out)

    def link(self, style: str, children: Sequence[Inline], url: str, ctx: Ctx, fmt: Fmt) -> str:
        target = self.resolved.link_in(url, "hwpx")
        if fmt.link or target is None:  # a link inside a link, or text only (links.KEPT)
            return self.inlines(style, children, ctx, fmt)
        if target.kind == "heading" and target.heading in self.bookmarks:
            field = hyperlink_field("#" + target.heading)
        elif target.kind == "external" and target.href:
            field = hyperlink_field(target.href)
        else:  # a heading whose bookmark is not drawn
            return self.inlines(style, children, ctx, fmt)
        return self.field(style, field, self.inlines(style, children, ctx, replace(fmt, link=True)), fmt)

    def field(self, style: str, parameters: str, runs: str, fmt: Fmt = Fmt()) -> str:
        """``runs`` inside a HYPERLINK field (fieldBegin … fieldEnd), as 한글 stores a link."""
        begin = self.new_id()
        zero = self.char_id(style, fmt)
        return (
            f'<hp:run charPrIDRef="{zero}"><hp:ctrl><hp:fieldBegin id="{begin}" type="HYPERLINK" name="" '
            f'editable="0" dirty="0" zorder="-1" fieldid="{HYPERLINK_FIELD_ID}">{parameters}</hp:fieldBegin>'
            f"</hp:ctrl></hp:run>{runs}"
            f'<hp:run charPrIDRef="{zero}"><hp:ctrl><hp:fieldEnd beginIDRef="{begin}" fieldid="{HYPERLINK_FIELD_ID}"/>'
            "</hp:ctrl></hp:run>"
        )

    def page_reference(self, style: str, heading_id: str) -> str:
        """A tab (the paragraph's right tab, dots before it) and a cross-reference (상호 참조) to the
        page of the bookmark ``heading_id``, written as 한글 writes one (8 parameters, ``%xrf``):
        한글 computes its page. Its stored result is empty, as no layout is made here: a reader that
        only shows stored results (rhwp) shows the leader without a number."""
        begin = self.new_id()
        zero = self.char_id(style)
        target = _escape(heading_id)
        params = (
            '<hp:parameters cnt="8" name=""><hp:booleanParam name="Fiexde">1</hp:booleanParam>'
            '<hp:integerParam name="Prop">0</hp:integerParam>'
            f'<hp:stringParam name="Command">?{text(target)};6;0;0;0;</hp:stringParam>'
            f'<hp:stringParam name="RefPath">?{text(target)};</hp:stringParam>'
            '<hp:stringParam name="RefType">TARGET_BOOKMARK</hp:stringParam>'
            '<hp:stringParam name="RefContentType">OBJECT_TYPE_PAGE</hp:stringParam>'
            '<hp:booleanParam name="RefHyperLink">0</hp:booleanParam>'
            '<hp:stringParam name="RefOpenType">HWPHYPERLINK_JUMP_CURRENTTAB</hp:stringParam></hp:parameters>'
        )
        return (
            f'<hp:run charPrIDRef="{zero}"><hp:t><hp:tab leader="DOT" type="RIGHT"/></hp:t></hp:run>'
            f'<hp:run charPrIDRef="{zero}"><hp:ctrl><hp:fieldBegin id="{begin}" type="CROSSREF" name="" '
            f'editable="0" dirty="0" zorder="-1" fieldid="{CROSSREF_FIELD_ID}">{params}</hp:fieldBegin></hp:ctrl>'
            f'<hp:ctrl><hp:fieldEnd beginIDRef="{begin}" fieldid="{CROSSREF_FIELD_ID}"/></hp:ctrl><hp:t/></hp:run>'
        )

    def bookmark(self, style: str, heading_id: str | None) -> str:
        """The bookmark a heading carries, so that links and the contents can jump to it."""
        if not heading_id or heading_id not in self.bookmarks:
            return ""
        return f'<hp:run charPrIDRef="{self.char_id(style)}"><hp:ctrl><hp:bookmark{attrs(name=heading_id)}/></hp:ctrl></hp:run>'

    def header_ctrl(self, head: str) -> str:
        """A header control (머리말, both odd and even pages) that shows ``head``."""
        state = self.page_break_next, self.fresh_page, self.started  # a header is not body text
        para = self.paragraph("header", self.run("header", head))
        self.page_break_next, self.fresh_page, self.started = state
        return f'<hp:ctrl><hp:header{attrs(id=self.new_id())} applyPageType="BOTH">{objects.sublist(para)}</hp:header></hp:ctrl>'

    # -- images --------------------------------------------------------------

    def _bin(self, image: Image, file: ImageFile | None = None) -> tuple[str, int, int] | None:
        """The BinData id and natural size (HWPUNIT) of a resolved image (or of ``file`` in its
        place), embedded once; a size raw HTML gave it (``<img width="64">``) is its natural size."""
        file = file or self.resolved.image(image)
        if file is None or not file.width or not file.height:
            return None
        found = self._image_ids.get(file.path)
        if found is not None:
            return found
        bin_id = f"image{len(self.images) + 1}"
        file = for_format(file, "hwpx")
        self.images.append(
            objects.BinItem(bin_id, f"BinData/{bin_id}.{file.extension}", file.mime, file.data)
        )
        per_px = 75  # HWPUNIT per pixel at 96 dpi, as 한글 places a picture without a resolution
        found = self._image_ids[file.path] = (bin_id, file.width * per_px, file.height * per_px)
        return found

    def picture(
        self,
        image: Image,
        max_width: int,
        max_height: int,
        described: str = "",
        file: ImageFile | None = None,
    ) -> str | None:
        """A picture no larger than the bounds, its alternative text (``hp:shapeComment``) the alt
        text, else ``described`` (a figure's caption); None when the image cannot be embedded."""
        found = self._bin(image, file)
        if found is None:
            return None
        bin_id, w, h = found
        if image.width or image.height:  # HWPUNIT: 75 a pixel
            w, h = (75 * n for n in given_size(image.width, image.height, (w // 75, h // 75)))
        scale = min(1.0, max_width / w, max_height / h)
        size = (max(1, round(w * scale)), max(1, round(h * scale)))
        return objects.picture(self.new_id(), bin_id, (w, h), *size, image.alt.strip() or described)

    def inline_image(self, style: str, image: Image, fmt: Fmt) -> str:
        pic = self.picture(image, self.page.text_width * 8 // 10, self.page.height // 3)
        if pic is None:  # a picture-sized box at the text's height (12 pt), as in PDF and DOCX, then its alt
            said = self.resolved.placeholder(image)
            # the box's alternative text is the placeholder's words; its alt follows as text
            box = self.picture(
                replace(image, alt=""), self.page.text_width * 8 // 10, 1200, said, placeholder()
            )
            if box is None:
                return self.run(style, self.resolved.placeholder_inline(image), fmt)
            alt = self.run(style, "\u00a0" + image.alt, fmt) if image.alt else ""
            return f'<hp:run charPrIDRef="{self.char_id(style, fmt)}">{box}<hp:t/></hp:run>{alt}'
        return f'<hp:run charPrIDRef="{self.char_id(style, fmt)}">{pic}<hp:t/></hp:run>'

    # -- notes ---------------------------------------------------------------

    def note(self, style: str, number: int, ctx: Ctx) -> str:
        if ctx.in_note or number in self._noted:
            # 한글 footnotes cannot nest nor be cited twice: the number is shown instead.
            return self.run(style, str(number), Fmt(superscript=True))
        self._noted.add(number)
        note = self.notes.get(number)
        blocks: Sequence[Block] = note.blocks if note is not None else ()
        inner = self.blocks(blocks or (Paragraph(()),), Ctx(style="footnote", in_note=True))
        auto = (
            f'<hp:run charPrIDRef="{self.char_id("footnote")}"><hp:ctrl><hp:autoNum{attrs(num=len(self._noted))} '
            'numType="FOOTNOTE"><hp:autoNumFormat type="DIGIT" userChar="" prefixChar="" suffixChar=")" '
            'supscript="0"/></hp:autoNum></hp:ctrl><hp:t> </hp:t></hp:run>'
        )
        if inner.startswith("<hp:p "):  # the number goes at the start of the first paragraph
            cut = inner.index(">") + 1
            inner = inner[:cut] + auto + inner[cut:]
        return (
            f'<hp:run charPrIDRef="{self.char_id(style, Fmt())}"><hp:ctrl><hp:footNote'
            f'{attrs(number=len(self._noted))} suffixChar="41"{attrs(instId=self.new_id())}>'
            f"{objects.sublist(inner)}</hp:footNote></hp:ctrl></hp:run>"
        )

    # -- blocks --------------------------------------------------------------

    def blocks(self, blocks: Sequence[Block], ctx: Ctx = Ctx()) -> str:
        return "".join(self.block(b, ctx) for b in blocks)

    def block(self, block: Block, ctx: Ctx) -> str:
        style = ctx.style
        match block:
            case Paragraph(children=children):
                return self.paragraph(style, self.inlines(style, children, ctx), left=ctx.left)
            case Heading(level=level, children=children, id=heading_id):
                if ctx.in_note or ctx.in_cell:
                    return self.paragraph(
                        style, self.inlines(style, children, ctx, Fmt(bold=True)), left=ctx.left
                    )
                key = f"h{min(level, 7)}"
                runs = self.bookmark(key, heading_id) + self.inlines(key, children, ctx)
                if level == 1 and not self.fresh_page and not ctx.left:
                    self.page_break_next = True  # a chapter starts a page, as in the DOCX and PDF
                head = self.resolved.running_head(heading_id) if level == 1 and not ctx.left else None
                if head is not None and not self.started:  # the section's own header shows it
                    self.head = self.first_head = head
                elif head is not None and head != self.head:
                    # 한글 shows a header from the page of the control that sets it until the next
                    # one: each chapter's first paragraph sets its own running head.
                    self.head = head
                    runs = (
                        f'<hp:run charPrIDRef="{self.char_id("normal")}">{self.header_ctrl(head)}</hp:run>'
                        + runs
                    )
                return self.paragraph(key, runs)
            case Slogan(lines=lines):
                brk = f'<hp:run charPrIDRef="{self.char_id("slogan")}"><hp:t><hp:lineBreak/></hp:t></hp:run>'
                return self.paragraph("slogan", brk.join(self.run("slogan", line) for line in lines))
            case Figure(image=image, caption=caption):
                max_h = self.page.height * 35 // 100
                described = plain_text(caption).strip()
                pic = (
                    None
                    if ctx.in_note
                    else self.picture(image, self.page.text_width - ctx.left, max_h, described)
                )
                if pic is None:
                    # A box (the placeholder style's border fill); the caption below says what it showed.
                    label = f"[{self.resolved.placeholder(image)}]"
                    out = self.paragraph("placeholder", self.run("placeholder", label))
                else:
                    out = self.paragraph(
                        "figure", f'<hp:run charPrIDRef="{self.char_id("figure")}">{pic}<hp:t/></hp:run>'
                    )
                if caption:
                    out += self.paragraph("caption", self.inlines("caption", caption, ctx))
                return out
            case BulletList(items=items, tight=tight, style=key, strong=strong):
                return self.list_items(items, False, key, 1, tight, ctx, strong)
            case OrderedList(items=items, start=start, tight=tight, style=key, strong=strong):
                return self.list_items(items, True, key, start, tight, ctx, strong)
            case Table():
                return self.table(block, ctx)
            case BlockQuote(blocks=inner):
                if ctx.in_note or ctx.in_cell:
                    return self.blocks(inner, replace(ctx, left=ctx.left + LIST_STEP))
                quote_left = ctx.left if ctx.style != "quote" else ctx.left + LIST_STEP
                return self.blocks(inner, replace(ctx, style="quote", left=quote_left))
            case Callout(kind=kind, blocks=inner):
                label = self.labels[f"callout_{kind}"]
                if ctx.in_note or ctx.in_cell:  # no box there: the label in bold, then the blocks
                    return self.paragraph(
                        style, self.run(style, label, Fmt(bold=True)), left=ctx.left
                    ) + self.blocks(inner, ctx)
                key = f"callout-{kind}"
                char = replace(STYLES[STYLE_ID[key]][1].char, bold=True, color=callout_colour(kind))
                head = f'<hp:run charPrIDRef="{self.shapes.char(char)}"><hp:t>{text(label)}</hp:t></hp:run>'
                base = style_para(key, self.shapes)  # the label keeps with the text after it
                para = self.shapes.para(replace(base, left=base.left + ctx.left, keep_next=True))
                return self.paragraph(key, head, para=para) + self.blocks(inner, replace(ctx, style=key))
            case CodeBlock(text=value):
                code_lines = value.rstrip("\n").replace("\t", "    ").split("\n")
                key = "code" if not (ctx.in_note or ctx.in_cell) else style
                brk = f'<hp:run charPrIDRef="{self.char_id(key, Fmt(code=key != "code"))}"><hp:t><hp:lineBreak/></hp:t></hp:run>'
                runs = brk.join(self.run(key, line, Fmt(code=key != "code")) for line in code_lines)
                return self.paragraph(key, runs, left=ctx.left)
            case ThematicBreak():
                return self.paragraph("break", self.run("break", "＊　＊　＊"))
            case RawBlock(text=value):
                plain = html_to_text(value).strip()
                return self.paragraph(style, self.run(style, plain), left=ctx.left) if plain else ""
            case Div(blocks=inner):
                return self.blocks(inner, ctx)
            case _:
                assert_never(block)

    def list_items(
        self,
        items: Sequence[ListItem],
        numbered: bool,
        key: str,
        start: int,
        tight: bool,
        ctx: Ctx,
        strong: bool = False,
    ) -> str:
        """A list through a 문단 번호 (numbered) or 글머리표 (bullet) definition, never typed markers:
        the marker style outline.list_style decides (1. 가. 1) (가) ① ㉮ □ ○ • …) maps to OWPML number
        formats. A task item's only marker is its box, written as text."""
        level = ctx.left // LIST_STEP
        item_style = (
            ctx.style
            if ctx.style in ("footnote", "quote", "table") or ctx.style.startswith("callout-")
            else "list"
        )
        base = style_para(item_style, self.shapes)
        marker = outline.list_style(key, numbered, ctx.depth)
        char = self.char_id(item_style, Fmt(bold=True)) if strong else NO_CHAR
        ref, kind = 0, "NONE"
        if all(item.checked is not None for item in items):
            pass  # a task list: each item's box is its marker
        elif marker.ordered:
            head = (marker.hwpx_format or "DIGIT", f"{marker.prefix}^1{marker.suffix}")
            ref = self.shapes.numbering(Numbering((head,), start, char))
            kind = "NUMBER"
        else:
            ref = self.shapes.bullet(marker.prefix, level, char)
            kind = "BULLET"
        left = base.left + ctx.left + LIST_STEP // 2
        gap = base.next if tight else base.next + 400
        para = self.shapes.para(replace(base, left=left, heading=kind, heading_ref=ref, next=gap))
        boxed = self.shapes.para(replace(base, left=left, next=gap))  # a task item: its box, no bullet
        inner = replace(ctx, style=item_style, left=ctx.left + LIST_STEP, depth=ctx.depth + 1)
        out: list[str] = []
        for item in items:
            blocks: list[Block] = list(item.blocks) or [Paragraph(())]
            first = blocks[0]
            box = "" if item.checked is None else outline.TASK_BOXES[item.checked] + " "
            where = para if item.checked is None else boxed
            if isinstance(first, Paragraph):
                runs = (self.run(item_style, box) if box else "") + self.inlines(
                    item_style, first.children, ctx
                )
                out.append(self.paragraph(item_style, runs, para=where))
                blocks = blocks[1:]
            else:
                out.append(self.paragraph(item_style, self.run(item_style, box.strip()), para=where))
            out.append(self.blocks(blocks, inner))
        return "".join(out)

    def table(self, table: Table, ctx: Ctx) -> str:
        columns = max(1, len(table.head), *(len(r) for r in table.rows))
        rows = ([table.head] if table.head else []) + list(table.rows)
        texts = [[plain_text(c.children) for c in row] for row in rows]
        available = self.page.text_width - ctx.left - 200
        base_size = STYLES[STYLE_ID["table"]][1].char.height
        layout = objects.table_layout(texts, columns, available, base_size, 750, 1 if table.head else 0)
        aligns = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}
        cell_ctx = Ctx(style="table", in_cell=True, in_note=ctx.in_note)
        cells_xml: list[list[str]] = []
        heights: list[int] = []
        for r, row in enumerate(rows):
            header = bool(table.head) and r == 0
            out_row: list[str] = []
            height = 0
            for c in range(columns):
                align = aligns.get(table.aligns[c] if c < len(table.aligns) else "", "LEFT")
                para = self._cell_para(layout.height, align)
                runs = ""
                if c < len(row):
                    fmt = Fmt(bold=header)
                    runs = self._cell_inlines(row[c].children, cell_ctx, fmt, layout.height)
                out_row.append(self.paragraph("table", runs or self.run("table", ""), para=para))
                text_c = texts[r][c] if c < len(texts[r]) else ""
                height = max(
                    height, objects.cell_height(text_c, layout.widths[c], layout.height, layout.margin)
                )
            cells_xml.append(out_row)
            heights.append(height)
        fills = (self.shapes.fill(TABLE_FILL), self.shapes.fill(TABLE_HEAD_FILL))
        tbl = objects.table(self.new_id(), cells_xml, 1 if table.head else 0, layout, fills, heights)
        anchor = ctx.style if ctx.in_note else "normal"
        return self.paragraph(
            anchor, f'<hp:run charPrIDRef="{self.char_id("normal")}">{tbl}<hp:t/></hp:run>', left=ctx.left
        )

    def _cell_para(self, size: int, align: str) -> int:
        return self.para_id("table", align=align)

    def _cell_inlines(self, children: Sequence[Inline], ctx: Ctx, fmt: Fmt, size: int) -> str:
        runs = self.inlines("table", children, ctx, fmt)
        default = STYLES[STYLE_ID["table"]][1].char.height
        if size == default:
            return runs
        # Shrunk type for a table too wide for the page: the same runs, smaller characters.
        return re.sub(
            r'charPrIDRef="(\d+)"', lambda m: f'charPrIDRef="{self._smaller(int(m.group(1)), size)}"', runs
        )

    def _smaller(self, char_id: int, size: int) -> int:
        shape = self.shapes.char_shape(char_id)
        return self.shapes.char(replace(shape, height=size))


# 한글's control id for hyperlink fields (%hlk), the fieldid every one of its links carries.
HYPERLINK_FIELD_ID = "627600491"
# ... and for cross-references (%xrf, 0x25787266), shared by every one of them.
CROSSREF_FIELD_ID = "628650598"
_ESCAPED = re.compile(r"([:?;#])")


def _escape(target: str) -> str:
    return _ESCAPED.sub(r"\\\1", target)


def hyperlink_field(url: str) -> str:
    """The ``hp:parameters`` 한글 keeps a link's target in: ``Command`` (the target with ``: ? ; #``
    escaped, then a tail naming the kind), ``Path``, ``Category``. ``#name`` is a bookmark."""
    if url.startswith("#"):
        command, path, category = f"?{_escape(url[1:])};0;0;0;", None, "HWPHYPERLINK_TYPE_HWP"
    elif url.lower().startswith("mailto:"):
        command, path, category = f"{url};2;0;0", url, "HWPHYPERLINK_TYPE_EMAIL"
    else:
        command, path, category = f"{_escape(url)};1;0;0;", url, "HWPHYPERLINK_TYPE_URL"
    params = [("integerParam", "Prop", "0"), ("stringParam", "Command", command)]
    if path is not None:
        params.append(("stringParam", "Path", path))
    params += [
        ("stringParam", "Category", category),
        ("stringParam", "TargetType", "HWPHYPERLINK_TARGET_BOOKMARK"),
        ("stringParam", "DocOpenType", "HWPHYPERLINK_JUMP_CURRENTTAB"),
    ]
    inner = "".join(f"<hp:{kind}{attrs(name=name)}>{text(value)}</hp:{kind}>" for kind, name, value in params)
    return f'<hp:parameters cnt="{len(params)}" name="">{inner}</hp:parameters>'
