"""Model to WordprocessingML: paragraphs, runs, lists, tables, figures, links and footnotes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, assert_never

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

from ... import outline
from ...korean import MIDDLE_DOTS, NO_LINE_END, NO_LINE_START, UNITS, is_hangul, mark_breaks, protect_breaks
from ...model import (
    Block,
    BlockQuote,
    BulletList,
    Code,
    CodeBlock,
    Div,
    Document,
    Emph,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
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
    TableCell,
    Text,
    ThematicBreak,
)
from ...palette import word_color
from ...pictures import for_format
from ...resolved import Resolved
from ...sanitize import html_to_text, xml_text
from ...transforms import iter_blocks, plain_text
from .ooxml import PPR, insert_ordered
from .tables import BOX_INDENT, CELL_MARGIN, TWIPS_PER_EMU, box_borders, grid
from .template import Numbers, outline_hanging

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DECORATIVE = (
    '<a:extLst xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
    '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
    '<adec:decorative xmlns:adec="http://schemas.microsoft.com/office/drawing/2017/decorative" val="1"/>'
    "</a:ext></a:extLst>"
)
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


EMU_PER_PX = 9525  # 914400 EMU per inch / 96 pixels per inch


@dataclass(frozen=True, slots=True)
class Fmt:
    """Run formatting accumulated while walking nested inlines."""

    bold: bool = False
    emph: bool = False
    strike: bool = False
    code: bool = False
    link: bool = False
    checkbox: bool = False


_PLAIN = Fmt()  # compared with every run's format: made once


def _sub(parent: Any, tag: str, **attrs: str) -> Any:
    el = etree.SubElement(parent, f"{{{W}}}{tag}")
    for key, value in attrs.items():
        el.set(f"{{{W}}}{key}", value)
    return el


_SPACES = re.compile(r"(\s+)")
HYPHENATION_POINT = "\u2027"
# A hyphen inside a word that holds Hangul or digits (K-외교, 1234-5678): Word and LibreOffice may
# break after a plain hyphen, so it is written as a non-breaking hyphen (w:noBreakHyphen).
_WORD_HYPHEN = re.compile(r"(?<=\w)-(?=\w)")
# protect_breaks only changes a space next to a mark: most runs have none (a cheap test first).
_MARKED_SPACE = re.compile(
    " [" + "".join(map(re.escape, sorted(NO_LINE_START | UNITS))) + "]|["
    + "".join(map(re.escape, sorted(NO_LINE_END))) + "] "
)  # fmt: skip


def _keeps_hyphen(text: str, at: int) -> bool:
    before, after = text[at - 1], text[at + 1]
    return any(is_hangul(c) or c.isdigit() for c in (before, after))


def text_into(r: Any, text: str) -> None:
    """Fill run ``r`` with ``text``: w:t pieces, and w:noBreakHyphen for hyphens inside Korean words."""
    if "-" not in text:
        _t(r, text)
        return
    start = 0
    for m in _WORD_HYPHEN.finditer(text):
        if not _keeps_hyphen(text, m.start()):
            continue
        _t(r, text[start : m.start()])
        _sub(r, "noBreakHyphen")
        start = m.end()
    _t(r, text[start:])


def _t(r: Any, text: str) -> None:
    if not text:
        return
    t = _sub(r, "t")
    t.text = xml_text(text)
    if text[:1].isspace() or text[-1:].isspace():
        t.set(XML_SPACE, "preserve")


def bookmark_names(doc: Document) -> dict[str, str]:
    """Heading id -> Word bookmark name (ASCII, ≤ 40 characters, hidden: it starts with "_")."""
    headings = (b for b in iter_blocks(doc.blocks) if isinstance(b, Heading) and b.id)
    return {b.id: f"_pc{i}" for i, b in enumerate(headings, 1) if b.id}


class Writer:
    """Writes the blocks of one Document into a python-docx document."""

    def __init__(
        self, resolved: Resolved, docx: Any, numbering: dict[str, int], text_width: int
    ) -> None:
        doc = resolved.doc
        self.resolved = resolved
        self.doc = doc
        self.docx = docx
        self.part = docx.part
        self.numbering = numbering
        self.text_width = text_width
        self.korean = resolved.korean
        self.labels = resolved.labels
        self.style_ids: dict[str, str] = {}
        # heading id -> bookmark name (Word: ASCII, ≤ 40 characters), known before writing starts
        # so that a link may point at a heading further down.
        self.bookmarks = bookmark_names(doc)
        self._bookmark_id = 0
        self.footnotes: Any = None  # the w:footnotes element, created on first use
        self._note_ids: dict[int, int] = {}
        self._bullet_num: int | None = None
        self._pic_id = 1000
        self._pictures: dict[str, tuple[str, Any] | None] = {}  # image path -> relationship, picture
        self.numbers = Numbers(docx)
        self.size = 0  # half-points for every run while a table is set in smaller type; 0: the style's
        self.text_height = text_width  # EMU; the exporter sets the page's
        self.landscape_width = text_width  # EMU: the text width of a landscape page
        # (paragraph, orientation) of each section break, filled in once the page setup is final
        self.section_breaks: list[tuple[Any, str]] = []
        self.warnings: list[tuple[str, str, int]] = []

    # -- styles --------------------------------------------------------------

    def sid(self, name: str) -> str:
        """The style id for a style name (a reference document may localise ids)."""
        found = self.style_ids.get(name)
        if found is None:
            found = self.style_ids[name] = self.docx.styles[name].style_id
        return found

    # -- paragraphs and runs -------------------------------------------------

    def paragraph(
        self,
        parent: Any,
        style: str | None = None,
        *,
        num: tuple[int, int] | None = None,
        indent: int | None = None,
        keep_next: bool = False,
        align: str | None = None,
        hanging: int | None = None,
    ) -> Any:
        p = _sub(parent, "p")
        if style or num or indent is not None or keep_next or align:
            ppr = _sub(p, "pPr")
            if style:
                _sub(ppr, "pStyle", val=self.sid(style))
            if keep_next:
                _sub(ppr, "keepNext")
            if num:
                numpr = _sub(ppr, "numPr")
                _sub(numpr, "ilvl", val=str(num[1]))
                _sub(numpr, "numId", val=str(num[0]))
            if indent is not None and hanging:
                _sub(ppr, "ind", left=str(indent), hanging=str(hanging))
            elif indent is not None:
                _sub(ppr, "ind", left=str(indent))
            if align:
                _sub(ppr, "jc", val=align)
        return p

    def run(self, parent: Any, text: str, fmt: Fmt = Fmt()) -> Any:
        if fmt.emph and self.korean and not text.isspace() and any(c.isspace() for c in text):
            # Dots go over characters, not the spaces between words: LibreOffice draws its only
            # dot over a space when a run with spaces is marked.
            last = None
            for part in _SPACES.split(text):
                if part:
                    last = self.run(parent, part, replace(fmt, emph=False) if part.isspace() else fmt)
            return last
        r = _sub(parent, "r")
        if fmt != _PLAIN or self.size:
            rpr = _sub(r, "rPr")
            if fmt.code:
                _sub(rpr, "rStyle", val=self.sid("Verbatim Char"))
            elif fmt.link:
                _sub(rpr, "rStyle", val=self.sid("Hyperlink"))
            elif fmt.checkbox:
                _sub(rpr, "rStyle", val=self.sid("Checkbox"))
            if fmt.bold:
                _sub(rpr, "b")
                _sub(rpr, "bCs")
            if fmt.emph and not self.korean:
                _sub(rpr, "i")
                _sub(rpr, "iCs")
            if fmt.strike:
                _sub(rpr, "strike")
            if self.size:
                _sub(rpr, "sz", val=str(self.size))
                _sub(rpr, "szCs", val=str(self.size))
            if fmt.emph and self.korean:
                # Hangul has no italic: emphasis dots (드러냄표), never a synthesised slant.
                _sub(rpr, "em", val="dot")
        if not fmt.code:
            if _MARKED_SPACE.search(text):
                text = protect_breaks(text)
            if any(c in text for c in MIDDLE_DOTS):
                # ‧ (U+2027) is what authors type for a middle dot, and no Korean font has it: Word
                # and LibreOffice fall back to a full-width bullet, so the DOCX gets ·. Then the one
                # rule of korean.mark_breaks: a long ㆍ list may break after its dots, a pair never.
                text = mark_breaks(text.replace(HYPHENATION_POINT, "\u00b7"), hyphens=False)
            if "-" in text:
                text_into(r, text)
                return r
        t = _sub(r, "t")  # the common case, inline: a run is written for every piece of text
        t.text = xml_text(text)
        if text[:1].isspace() or text[-1:].isspace():
            t.set(XML_SPACE, "preserve")
        return r

    def inlines(self, parent: Any, items: Sequence[Inline], fmt: Fmt = Fmt()) -> None:
        for node in items:
            match node:
                case Text(text=text):
                    if text:
                        self.run(parent, text, fmt)
                case SoftBreak():
                    self.run(parent, " ", fmt)
                case LineBreak():
                    _sub(_sub(parent, "r"), "br")
                case Emph(children=children):
                    self.inlines(parent, children, replace(fmt, emph=True))
                case Strong(children=children):
                    self.inlines(parent, children, replace(fmt, bold=True))
                case Strike(children=children):
                    self.inlines(parent, children, replace(fmt, strike=True))
                case Code(text=text):
                    self.run(parent, text, replace(fmt, code=True))
                case Link(children=children, url=url):
                    self.link(parent, children, url, fmt)
                case Image():
                    self.inline_image(parent, node)
                case NoteRef(number=number):
                    self.note_reference(parent, number)
                case Span(children=children):
                    self.inlines(parent, children, fmt)
                case RawInline(text=text):
                    # Raw HTML has no Word form; its text content is kept, its tags dropped.
                    plain = html_to_text(text)
                    if plain:
                        self.run(parent, plain, fmt)
                case _:
                    assert_never(node)

    def link(self, parent: Any, children: Sequence[Inline], url: str, fmt: Fmt) -> None:
        target = self.resolved.link(url)
        anchor = self.bookmarks.get(target.heading) if target.kind == "heading" else None
        if target.kind in ("unsafe", "missing") or (target.kind == "heading" and anchor is None) or (
            parent.tag != f"{{{W}}}p"
        ):
            self.inlines(parent, children, fmt)  # unsafe, dangling, or links inside links/footnotes
            return
        hyperlink = _sub(parent, "hyperlink")
        if anchor is not None:
            hyperlink.set(qn("w:anchor"), anchor)
        else:
            rel_id = self.part.relate_to(target.href, RT.HYPERLINK, is_external=True)
            hyperlink.set(qn("r:id"), rel_id)
        hyperlink.set(qn("w:history"), "1")
        self.inlines(hyperlink, children, replace(fmt, link=True))

    # -- images --------------------------------------------------------------

    def _picture(self, image: Image, max_height: int, described: str = "", fill: bool = False) -> Any | None:
        """A drawing of ``image`` no taller than ``max_height``; its alternative text (``descr``) is
        the alt text, else ``described`` (a figure's caption); with neither it is marked decorative."""
        found = self.resolved.image(image)
        if found is None:
            return None
        import io
        from pathlib import Path

        from docx.oxml.shape import CT_Inline
        from docx.shared import Length

        # python-docx's new_pic_inline looks for the next free id by scanning the whole document
        # each time (quadratic over a book's images): the ids are counted here instead.
        if found.path not in self._pictures:
            try:
                self._pictures[found.path] = self.part.get_or_add_image(
                    io.BytesIO(for_format(found, "docx").data)
                )
            except Exception as exc:  # a file that passed the probe but python-docx cannot read
                self._pictures[found.path] = None
                reason = f"{type(exc).__name__}: {exc}".rstrip(": ")
                self.warnings.append(("image-invalid", f"image {image.src}: cannot embed ({reason})", image.line))
        embedded = self._pictures[found.path]
        if embedded is None:
            return None
        rel_id, picture = embedded
        # Its natural size, a pixel being 1/96 inch (pandoc's rule; the file's own dpi, often 72 or 300
        # by accident, is not used); ``fill`` (a key visual, the cover) fills the text width.
        cx, cy = max(1, picture.px_width) * EMU_PER_PX, max(1, picture.px_height) * EMU_PER_PX
        scale = min(self.text_width / cx, max_height / cy, self.text_width / cx if fill else 1.0)
        self._pic_id += 1
        width, height = Length(int(cx * scale)), Length(int(cy * scale))
        inline = CT_Inline.new_pic_inline(self._pic_id, rel_id, Path(found.path).name, width, height)
        doc_pr = inline.find(qn("wp:docPr"))
        descr = xml_text(image.alt.strip() or described)
        doc_pr.set("descr", descr)
        if not descr:  # Word's "Mark as decorative": a reader skips it instead of reading its file name
            doc_pr.append(parse_xml(DECORATIVE))
        # No wrap distances and no effect extent, said explicitly: LibreOffice otherwise adds its
        # default spacing around the picture and a full-width picture sticks out past the margin.
        for side in ("distT", "distB", "distL", "distR"):
            inline.set(side, "0")
        extent = inline.find(qn("wp:extent"))
        extent.addnext(parse_xml(f'<wp:effectExtent {nsdecls("wp")} l="0" t="0" r="0" b="0"/>'))
        return inline

    def inline_image(self, parent: Any, image: Image) -> None:
        picture = self._picture(image, int(self.text_width * 0.8)) if parent.tag == f"{{{W}}}p" else None
        if picture is None:
            self.run(parent, f"[{self.resolved.placeholder(image)}] {image.alt}".rstrip(), Fmt())
            return
        _sub(_sub(parent, "r"), "drawing").append(picture)

    # -- notes ---------------------------------------------------------------

    def note_reference(self, parent: Any, number: int) -> None:
        if parent.tag != f"{{{W}}}p" and parent.tag != f"{{{W}}}hyperlink":
            return
        note_id = self._note_ids.get(number)
        if note_id is None:
            note_id = self._note_ids[number] = len(self._note_ids) + 1
        r = _sub(parent, "r")
        _sub(_sub(r, "rPr"), "rStyle", val=self.sid("Footnote Reference"))
        _sub(r, "footnoteReference", id=str(note_id))

    def write_footnotes(self) -> None:
        """Create the footnotes part with every referenced note (Word's real footnotes)."""
        if not self._note_ids:
            return
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart

        root = parse_xml(
            f"<w:footnotes {nsdecls('w', 'r')}>"
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            "<w:r><w:separator/></w:r></w:p></w:footnote>"
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote></w:footnotes>"
        )
        notes = {n.number: n for n in self.doc.notes}
        for number, note_id in sorted(self._note_ids.items(), key=lambda kv: kv[1]):
            footnote = _sub(root, "footnote", id=str(note_id))
            note = notes.get(number)
            blocks: Sequence[Block] = note.blocks if note is not None else ()
            start = len(footnote)
            self.blocks(footnote, blocks, note_style=True)
            paragraphs = [el for el in footnote[start:] if el.tag == f"{{{W}}}p"]
            if not paragraphs:
                paragraphs = [self.paragraph(footnote, "Footnote Text")]
            first = paragraphs[0]
            index = 1 if first.find(qn("w:pPr")) is not None else 0
            mark = etree.Element(f"{{{W}}}r")
            _sub(_sub(mark, "rPr"), "rStyle", val=self.sid("Footnote Reference"))
            _sub(mark, "footnoteRef")
            gap = etree.Element(f"{{{W}}}r")
            space = _sub(gap, "t")
            space.text = " "
            space.set(XML_SPACE, "preserve")
            first.insert(index, mark)
            first.insert(index + 1, gap)
        part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, root, self.part.package)
        self.part.relate_to(part, RT.FOOTNOTES)

    # -- blocks --------------------------------------------------------------

    def blocks(
        self,
        parent: Any,
        blocks: Sequence[Block],
        *,
        level: int = 0,
        note_style: bool = False,
        quote: bool = False,
    ) -> None:
        for block in blocks:
            self.block(parent, block, level=level, note_style=note_style, quote=quote)

    def _body_style(self, note_style: bool, quote: bool) -> str:
        if note_style:
            return "Footnote Text"
        return "Quote" if quote else "Body Text"

    def block(
        self, parent: Any, block: Block, *, level: int = 0, note_style: bool = False, quote: bool = False
    ) -> None:
        body_style = self._body_style(note_style, quote)
        indent = 400 * level if level else None
        match block:
            case Paragraph(children=children):
                self.inlines(self.paragraph(parent, body_style, indent=indent), children)
            case Heading(level=hl, children=children, id=hid):
                if note_style:
                    self.inlines(self.paragraph(parent, body_style), children, Fmt(bold=True))
                    return
                p = self.paragraph(parent, f"Heading {min(hl, 4)}" if hl <= 4 else "Heading 4")
                if hid:
                    self._bookmark(p, hid)
                self.inlines(p, children)
            case Slogan(lines=lines):
                p = self.box(self.paragraph(parent, "Slogan"), word_color("accent"))
                for i, line in enumerate(lines):
                    if i:
                        _sub(_sub(p, "r"), "br")
                    self.run(p, line)
            case Figure(image=image, caption=caption, key_visual=key):
                # The page's text height less room for a caption line: a picture never runs off the page.
                described = image.alt.strip() or plain_text(caption).strip()
                picture = None if note_style else self._picture(image, int(self.text_height * 0.85), described, key)
                if picture is None:
                    # A box (a bordered, shaded paragraph, not a table); the caption below says what it showed.
                    p = self.paragraph(parent, "Image Placeholder", keep_next=bool(caption))
                    self.box(p, word_color("rule"), 120, 120)
                    self.run(p, f"[{self.resolved.placeholder(image)}]")
                else:
                    p = self.paragraph(parent, "Figure", keep_next=bool(caption))
                    _sub(_sub(p, "r"), "drawing").append(picture)
                if caption:
                    self.inlines(self.paragraph(parent, "Caption"), caption)
            case BulletList(items=items, style=style):
                self.list_items(parent, items, "bullet", None, level, note_style, style)
            case OrderedList(items=items, start=start, style=style):
                self.list_items(parent, items, "number", start, level, note_style, style)
            case Table():
                self.table(parent, block, note_style)
            case BlockQuote(blocks=inner):
                self.blocks(parent, inner, level=level, note_style=note_style, quote=True)
            case CodeBlock(text=text):
                code_lines = text.rstrip("\n").split("\n") if text.strip("\n") else [""]
                p = self.paragraph(parent, "Source Code", indent=indent)
                for i, line in enumerate(code_lines):
                    if i:
                        _sub(_sub(p, "r"), "br")
                    self.run(p, line)
            case ThematicBreak():
                p = self.paragraph(parent, body_style, align="center")
                self.run(p, "＊　＊　＊")
            case RawBlock(text=text):
                plain = html_to_text(text).strip()
                if plain:
                    self.run(self.paragraph(parent, body_style, indent=indent), plain)
            case Div(blocks=inner):
                self.blocks(parent, inner, level=level, note_style=note_style, quote=quote)
            case _:
                assert_never(block)

    def _bookmark(self, p: Any, heading_id: str) -> None:
        self._bookmark_id += 1
        name = self.bookmarks[heading_id]
        ppr = p.find(qn("w:pPr"))
        start = etree.Element(f"{{{W}}}bookmarkStart")
        start.set(qn("w:id"), str(self._bookmark_id))
        start.set(qn("w:name"), name)
        end = etree.Element(f"{{{W}}}bookmarkEnd")
        end.set(qn("w:id"), str(self._bookmark_id))
        index = 1 if ppr is not None else 0
        p.insert(index, start)
        p.append(end)

    def list_items(
        self,
        parent: Any,
        items: Sequence[Any],
        kind: str,
        start: int | None,
        level: int,
        note_style: bool,
        marker_style: str = "",
    ) -> None:
        lvl = min(level, 8)
        marks = outline.style(marker_style)
        literal: list[str] = []  # markers Word has no number format for (㉮), written as text
        indent = 400 + 400 * lvl
        if marks is not None:
            hanging = outline_hanging(marker_style)
            indent = 420 * lvl + hanging
            if marks.docx_format is None:
                num = 0
                literal = [marks.marker((start or 1) + k) for k in range(len(items))]
            else:
                num = self.numbers.new(
                    self.numbers.outline(marker_style), start if marks.ordered else None, lvl
                )
        elif kind == "bullet":
            if self._bullet_num is None:
                self._bullet_num = self.numbers.new(self.numbering["bullet"])
            num = self._bullet_num
        else:
            num = self.numbers.new(self.numbering["number"], start if start is not None else 1)
        style = "Footnote Text" if note_style else ("List Bullet" if kind == "bullet" else "List Number")
        for k, item in enumerate(items):
            first = True
            blocks: list[Block] = list(item.blocks) or [Paragraph(())]
            for block in blocks:
                if first and literal:
                    plain = "Footnote Text" if note_style else "List Continue"  # no numbering of its own
                    p = self.paragraph(parent, plain, indent=indent, hanging=outline_hanging(marker_style))
                    self.run(p, literal[k] + "\t")
                    if isinstance(block, Paragraph):
                        self.inlines(p, block.children)
                    else:
                        self.block(parent, block, level=level + 1, note_style=note_style)
                elif first and isinstance(block, Paragraph):
                    p = self.paragraph(parent, style, num=(num, lvl))
                    if item.checked is not None:
                        self.run(p, "☑" if item.checked else "☐", Fmt(checkbox=True))
                        self.run(p, " ")
                    self.inlines(p, block.children)
                elif isinstance(block, (BulletList, OrderedList)):
                    self.block(parent, block, level=level + 1, note_style=note_style)
                elif isinstance(block, Paragraph):
                    self.inlines(self.paragraph(parent, "List Continue", indent=indent), block.children)
                else:
                    if first:
                        p = self.paragraph(parent, style, num=(num, lvl))
                        if item.checked is not None:
                            self.run(p, "☑" if item.checked else "☐", Fmt(checkbox=True))
                    self.block(parent, block, level=level + 1, note_style=note_style)
                first = False

    def box(self, p: Any, rule: str, before: int = 240, after: int = 280) -> Any:
        """Make paragraph ``p`` a shaded box with a ``rule``-coloured left rule and padding, edge to
        edge on the text margins (direct formatting: a campaign's own template keeps the box)."""
        ppr = p.find(f"{{{W}}}pPr")
        for child in (*box_borders(rule, word_color("box")),
                      parse_xml(f'<w:spacing {nsdecls("w")} w:before="{before}" w:after="{after}"/>'),
                      parse_xml(f'<w:ind {nsdecls("w")} w:left="{BOX_INDENT[0]}" w:right="{BOX_INDENT[1]}"/>')):  # fmt: skip
            insert_ordered(ppr, child, PPR)
        return p

    def _grid(self, table: Table, columns: int) -> tuple[list[int], int, str]:
        rows = ([table.head] if table.head else []) + list(table.rows)
        texts = [[plain_text(c.children) for c in r[:columns]] for r in rows]
        found = grid(texts, 1 if table.head else 0, self.text_width, self.landscape_width)
        if found.warning:
            self.warnings.append(("table-too-large", found.warning, table.line))
        return list(found.widths), found.size, found.orientation

    def _break_before_headings(self, parent: Any) -> Any:
        """An empty paragraph to end the portrait section, placed before the headings that lead into
        the table (they are kept with it, and keep-with-next cannot cross a section break)."""
        p = self.paragraph(parent, "Table Spacer")
        headings = {self.sid(f"Heading {n}") for n in range(1, 5)}
        anchor = None
        for el in reversed(parent[:-1]):
            style = el.find(f"{{{W}}}pPr/{{{W}}}pStyle")
            if el.tag != f"{{{W}}}p" or style is None or style.get(f"{{{W}}}val") not in headings:
                break
            anchor = el
        if anchor is not None:
            anchor.addprevious(p)
        return p

    def table(self, parent: Any, table: Table, note_style: bool) -> None:
        columns = max(1, len(table.head), *(len(r) for r in table.rows))
        if note_style:
            widths = [int(self.text_width * TWIPS_PER_EMU / columns)] * columns
            size, orientation = 0, "portrait"
        else:
            widths, size, orientation = self._grid(table, columns)
        if orientation == "landscape":
            self.section_breaks.append((self._break_before_headings(parent), "portrait"))
        tbl = _sub(parent, "tbl")
        tblpr = _sub(tbl, "tblPr")
        _sub(tblpr, "tblStyle", val=self.sid("Pledge Table"))
        _sub(tblpr, "tblW", w=str(sum(widths)), type="dxa")
        _sub(tblpr, "tblInd", w=str(CELL_MARGIN), type="dxa")
        _sub(tblpr, "tblLayout", type="fixed")  # Word and LibreOffice both keep the grid as given
        _sub(
            tblpr,
            "tblLook",
            val="04A0",
            firstRow="1",
            lastRow="0",
            firstColumn="0",
            lastColumn="0",
            noHBand="0",
            noVBand="1",
        )
        grid = _sub(tbl, "tblGrid")
        for width in widths:
            _sub(grid, "gridCol", w=str(width))
        align_map = {"left": "left", "center": "center", "right": "right"}
        style = "Footnote Text" if note_style else "Table Text"

        def row(cells: Sequence[TableCell], header: bool) -> None:
            tr = _sub(tbl, "tr")
            trpr = _sub(tr, "trPr")
            _sub(trpr, "cantSplit")
            if header:
                _sub(trpr, "tblHeader")  # repeats on every page the table spans
            for i in range(columns):
                tc = _sub(tr, "tc")
                tcpr = _sub(tc, "tcPr")
                _sub(tcpr, "tcW", w=str(widths[i]), type="dxa")
                align = table.aligns[i] if i < len(table.aligns) else ""
                p = self.paragraph(tc, style, align=align_map.get(align))
                if i < len(cells):
                    self.inlines(p, cells[i].children, Fmt(bold=header))

        self.size = size
        try:
            if table.head:
                row(table.head, True)
            for cells in table.rows:
                row(cells, False)
        finally:
            self.size = 0
        # Word needs a paragraph between two adjacent tables, and after a table in a cell/note;
        # after a landscape table it ends the landscape section.
        after = self.paragraph(parent, "Table Spacer")
        if orientation == "landscape":
            self.section_breaks.append((after, "landscape"))
