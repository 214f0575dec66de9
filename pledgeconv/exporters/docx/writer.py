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
from ...labels import callout_label
from ...model import (
    Block,
    BlockQuote,
    BulletList,
    Callout,
    Code,
    CodeBlock,
    Div,
    Document,
    Emph,
    Figure,
    Heading,
    Image,
    ImageFile,
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
from ...pictures import for_format, given_size, placeholder
from ...resolved import Resolved
from ...sanitize import html_to_text, xml_text
from ...transforms import iter_blocks, plain_text
from .ooxml import PPR, RPR, insert_ordered
from .sections import Break
from .tables import BASE_PT, BOX_INDENT, CELL_MARGIN, TWIPS_PER_EMU, box_borders, estimate_height, grid
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
LEAD_IN_PARAGRAPHS = 2  # short paragraphs before a landscape table that go onto its page
LEAD_IN_CHARS = 300  # ... together at most this long
BODY_PT = 10.5  # the body text's size, for estimates of what fits on a landscape page
HEADING_PT = 40.0  # a heading's height with its spacing, by estimate
ROOM_SHARE = 0.85  # of a landscape page's height an estimate may count on
PLACEHOLDER_HEIGHT = 12 * 12700  # a missing inline picture's box: the text's height (12 pt)


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

    def __init__(self, resolved: Resolved, docx: Any, text_width: int) -> None:
        doc = resolved.doc
        self.resolved = resolved
        self.doc = doc
        self.docx = docx
        self.part = docx.part
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
        self._pic_id = 1000
        self._pictures: dict[str, tuple[str, Any] | None] = {}  # image path -> relationship, picture
        self.numbers = Numbers(docx)
        self.size = 0  # half-points for every run while a table is set in smaller type; 0: the style's
        self.text_height = text_width  # EMU; the exporter sets the page's
        self.landscape_width = text_width  # EMU: the text width of a landscape page
        self.landscape_height = text_width  # EMU: the text height of a landscape page
        # the paragraphs that end sections, filled in (sections.break_sections) once the page
        # setup is final
        self.section_breaks: list[Break] = []
        self.head = resolved.head  # the running head of the section being written
        self.has_toc = False  # the contents page ends its own section when the first chapter needs one
        self.front_break = False  # ... and it does
        self.flushed = False  # body elements were written and serialised since the cover
        # a landscape table's section end, while short paragraphs after it may still join its page
        self.landscape_end: Any = None
        self.landscape_room = 0.0  # points left on that page, by estimate
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
        target = self.resolved.link_in(url, "docx")
        anchor = (
            self.bookmarks.get(target.heading) if target is not None and target.kind == "heading" else None
        )
        if target is None or (target.kind == "heading" and anchor is None) or parent.tag != f"{{{W}}}p":
            self.inlines(parent, children, fmt)  # text only (links.KEPT), or a link inside a link
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

    def _picture(
        self,
        image: Image,
        max_height: int,
        described: str = "",
        fill: bool = False,
        found: ImageFile | None = None,
    ) -> Any | None:
        """A drawing of ``image`` (or of ``found`` in its place) no taller than ``max_height``; its
        alternative text (``descr``) is the alt text, else ``described`` (a figure's caption); with
        neither it is marked decorative."""
        found = found or self.resolved.image(image)
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
                self.warnings.append(
                    ("image-invalid", f"image {image.src}: cannot embed ({reason})", image.line)
                )
        embedded = self._pictures[found.path]
        if embedded is None:
            return None
        rel_id, picture = embedded
        # Its natural size, a pixel being 1/96 inch (pandoc's rule; the file's own dpi, often 72 or 300
        # by accident, is not used); ``fill`` (a key visual, the cover) fills the text width.
        px_w, px_h = given_size(
            image.width, image.height, (picture.px_width, picture.px_height)
        )  # <img width>
        cx, cy = px_w * EMU_PER_PX, px_h * EMU_PER_PX
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
        inside = parent.tag in (f"{{{W}}}p", f"{{{W}}}hyperlink")  # a linked picture too (README avatars)
        picture = self._picture(image, int(self.text_width * 0.8)) if inside else None
        if picture is None and inside:  # a picture-sized box, as in the PDF and HWPX, then its alt
            # the box's alternative text is the placeholder's words; its alt follows as text
            said = self.resolved.placeholder(image)
            box = self._picture(replace(image, alt=""), PLACEHOLDER_HEIGHT, said, found=placeholder())
            if box is not None:
                _sub(_sub(parent, "r"), "drawing").append(box)
                if image.alt:
                    self.run(parent, "\u00a0" + image.alt, Fmt())
                return
        if picture is None:
            self.run(parent, self.resolved.placeholder_inline(image), Fmt())
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
                picture = (
                    None if note_style else self._picture(image, int(self.text_height * 0.85), described, key)
                )
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
            case BulletList(items=items, style=style, strong=strong):
                self.list_items(parent, items, "bullet", None, level, note_style, style, strong)
            case OrderedList(items=items, start=start, style=style, strong=strong):
                self.list_items(parent, items, "number", start, level, note_style, style, strong)
            case Table():
                self.table(parent, block, note_style)
            case BlockQuote(blocks=inner):
                self.blocks(parent, inner, level=level, note_style=note_style, quote=True)
            case Callout(kind=kind, blocks=inner):
                self.callout(parent, kind, inner, level, note_style, quote)
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

    def callout(
        self, parent: Any, kind: str, inner: Sequence[Block], level: int, note_style: bool, quote: bool
    ) -> None:
        """A callout: its label, bold in the kind's colour, then its blocks; every paragraph of it
        carries a rule of that colour on its left, in the margin as a quote's, where Word and
        LibreOffice draw one bar beside the whole box."""
        colour = word_color(f"callout-{kind}")
        start = len(parent)
        indent = 400 * level if level else None
        label = self.paragraph(parent, self._body_style(note_style, quote), keep_next=True, indent=indent)
        spacing = f'<w:spacing {nsdecls("w")} w:before="200" w:after="60"/>'
        insert_ordered(label.find(qn("w:pPr")), parse_xml(spacing), PPR)
        run = self.run(label, callout_label(self.labels, kind), Fmt(bold=True))
        insert_ordered(run.find(qn("w:rPr")), parse_xml(f'<w:color {nsdecls("w")} w:val="{colour}"/>'), RPR)
        self.blocks(parent, inner, level=level, note_style=note_style, quote=quote)
        markdown_lists = {self.sid("List Bullet"), self.sid("List Number")}
        for p in parent[start:]:
            ppr = p.find(qn("w:pPr")) if p.tag == f"{{{W}}}p" else None
            if ppr is None or ppr.find(qn("w:pBdr")) is not None:
                continue  # a table keeps its grid, a box of its own (a slogan) its rules
            # A Markdown list's first line starts 2 pt right of the text: its rule stands further out.
            style = ppr.find(qn("w:pStyle"))
            listed = (
                style is not None
                and style.get(qn("w:val")) in markdown_lists
                and ppr.find(qn("w:numPr")) is not None
            )
            rule = (
                f'<w:pBdr {nsdecls("w")}><w:left w:val="single" w:sz="18" w:space="{10 if listed else 8}" '
                f'w:color="{colour}"/></w:pBdr>'
            )
            insert_ordered(ppr, parse_xml(rule), PPR)

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
        strong: bool = False,
    ) -> None:
        """A list through a numbering definition of its marker style (outline.list_style); markers
        Word has no number format for (㉮) and a task item's box (its only marker) written as text."""
        lvl = min(level, 8)
        marks = outline.list_style(marker_style, kind != "bullet", level)
        checks = [it.checked for it in items]
        labels = outline.labels(marks, start or 1, checks)
        hanging = outline_hanging(marks)
        indent = 420 * lvl + hanging
        num = 0
        if marks.docx_format is not None and None in checks:
            num = self.numbers.new(self.numbers.outline(marks, strong), start if marks.ordered else None, lvl)
        style = "Footnote Text" if note_style else ("List Bullet" if kind == "bullet" else "List Number")
        for k, item in enumerate(items):
            first = True
            literal = not num or item.checked is not None
            blocks: list[Block] = list(item.blocks) or [Paragraph(())]
            for block in blocks:
                if first and literal:
                    plain = "Footnote Text" if note_style else "List Continue"  # no numbering of its own
                    p = self.paragraph(parent, plain, indent=indent, hanging=hanging)
                    box = item.checked is not None
                    self.run(p, labels[k], Fmt(checkbox=box, bold=strong and not box))
                    self.run(p, "\t")
                    if isinstance(block, Paragraph):
                        self.inlines(p, block.children)
                    else:
                        self.block(parent, block, level=level + 1, note_style=note_style)
                elif first and isinstance(block, Paragraph):
                    p = self.paragraph(parent, style, num=(num, lvl))
                    self.inlines(p, block.children)
                elif isinstance(block, (BulletList, OrderedList)):
                    self.block(parent, block, level=level + 1, note_style=note_style)
                elif isinstance(block, Paragraph):
                    self.inlines(self.paragraph(parent, "List Continue", indent=indent), block.children)
                else:
                    if first:
                        self.paragraph(parent, style, num=(num, lvl))
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

    # -- sections ------------------------------------------------------------

    def end_section(self, paragraph: Any, orientation: str) -> None:
        """``paragraph`` ends the section being written (its head is the current one)."""
        self.section_breaks.append(Break(paragraph, orientation, self.head))

    def _ends_section(self, el: Any) -> bool:
        return (
            any(b.paragraph is el for b in self.section_breaks)
            or el.find(f"{{{W}}}pPr/{{{W}}}sectPr") is not None
        )

    def chapter_start(self, parent: Any, head: str) -> None:
        """A chapter (H1) is about to be written: its pages carry ``head``, so the section before it
        ends here, on the last paragraph written (a chapter starts a page anyway; no empty page)."""
        if head == self.head:
            return
        last = parent[-1] if len(parent) else None
        if last is None and not self.flushed:  # nothing of the body yet: the cover's section ended
            self.front_break = self.has_toc  # the contents' page ends its own section
            self.head = head
            return
        if last is not None and self._ends_section(last):
            self.head = head  # a section (a landscape table's) ends right there already
            return
        if (
            last is None
            or last.tag != f"{{{W}}}p"
            or last.find(f".//{{{W}}}br[@{{{W}}}type='page']") is not None
        ):
            last = self.paragraph(parent, "Table Spacer")
        self.end_section(last, "portrait")
        self.head = head

    def _break_before_lead_in(self, parent: Any) -> Any:
        """The paragraph that ends the portrait section before a landscape table, or None when one
        ends there already. The table's lead-in goes with it onto the landscape page: the headings
        right before it and up to two short paragraphs between them and the table (an intro
        sentence; keep-with-next cannot cross a section break)."""
        headings = {self.sid(f"Heading {n}") for n in range(1, 5)}
        body = self.sid("Body Text")
        anchor = None
        paragraphs = chars = 0
        seen_heading = False
        for el in reversed(parent):
            style = el.find(f"{{{W}}}pPr/{{{W}}}pStyle")
            name = style.get(f"{{{W}}}val") if style is not None else None
            if el.tag != f"{{{W}}}p" or self._ends_section(el):
                break
            if name in headings:
                anchor, seen_heading = el, True
                continue
            if name != body or seen_heading or paragraphs == LEAD_IN_PARAGRAPHS:
                break
            chars += len("".join(el.itertext()))
            if chars > LEAD_IN_CHARS:
                break
            anchor, paragraphs = el, paragraphs + 1
        before = anchor.getprevious() if anchor is not None else (parent[-1] if len(parent) else None)
        if before is not None and self._ends_section(before):
            return None
        if before is None and not self.flushed:  # the table's page is the first after the front matter
            self.front_break = self.front_break or self.has_toc
            return None
        p = self.paragraph(parent, "Table Spacer")
        if anchor is not None:
            anchor.addprevious(p)
        return p

    def _lead_count(self, parent: Any) -> int:
        """How many of the last elements of ``parent`` lead into the table being written (back to
        the last section end, at most a few): the headings and paragraphs on its landscape page."""
        count = 0
        for el in reversed(parent):
            if self._ends_section(el) or count == LEAD_IN_PARAGRAPHS + 4:
                break
            count += 1
        return count

    def top_block(self, parent: Any, block: Block) -> None:
        """Write a top-level block; a short paragraph right after a landscape table joins the table's
        page when it fits there (by estimate), rather than sitting alone on a portrait page."""
        end = self.landscape_end
        need = 0.0
        if end is not None:
            if isinstance(block, Paragraph):
                need = self._paragraph_height(plain_text(block.children), self.landscape_width)
            if not isinstance(block, Paragraph) or need > self.landscape_room:
                self.landscape_end = end = None
        self.block(parent, block)
        if not isinstance(block, Table) and self.landscape_end is not end:
            self.landscape_end = None  # a landscape table inside a list or a quote: nothing joins its page
        if end is not None and self.landscape_end is end and len(parent):
            # the paragraph ends the landscape section now (the spacer stays, as the table's space)
            last = parent[-1]
            self.section_breaks = [
                replace(b, paragraph=last) if b.paragraph is end else b for b in self.section_breaks
            ]
            self.landscape_end = last
            self.landscape_room -= need

    @staticmethod
    def _paragraph_height(text: str, width_emu: int) -> float:
        """Points a body paragraph of ``text`` takes on a page ``width_emu`` wide, by estimate."""
        from ... import tablefit

        width = max(1.0, width_emu / 12700)
        lines = max(1, -(-int(tablefit.text_width(text, BODY_PT)) // int(width)))
        return lines * BODY_PT * 1.75 + BODY_PT

    def table(self, parent: Any, table: Table, note_style: bool) -> None:
        columns = max(1, len(table.head), *(len(r) for r in table.rows))
        if note_style:
            widths = [int(self.text_width * TWIPS_PER_EMU / columns)] * columns
            size, orientation = 0, "portrait"
        else:
            widths, size, orientation = self._grid(table, columns)
        lead_in = lead_start = len(parent)
        if orientation == "landscape":
            self.landscape_end = None
            brk = self._break_before_lead_in(parent)
            if brk is not None:
                self.end_section(brk, "portrait")
            lead_in = len(parent)
            lead_start = lead_in - self._lead_count(parent)
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
            self.end_section(after, "landscape")
            if parent.tag == f"{{{W}}}body":  # what follows may join the page (top_block)
                page = self.landscape_height / 12700
                lead = sum(
                    HEADING_PT
                    if (s := el.find(f"{{{W}}}pPr/{{{W}}}pStyle")) is not None
                    and s.get(f"{{{W}}}val", "").startswith("Heading")
                    else self._paragraph_height("".join(el.itertext()), self.landscape_width)
                    for el in parent[lead_start:lead_in]
                    if el.tag == f"{{{W}}}p"
                )
                rows = ([table.head] if table.head else []) + list(table.rows)
                texts = [[plain_text(c.children) for c in r[:columns]] for r in rows]
                used = lead + estimate_height(texts, widths, size / 2 if size else BASE_PT)
                self.landscape_end = after
                self.landscape_room = page * ROOM_SHARE - used % page
