"""Pages: cover, TOC with forward-referenced page numbers, running header and footer, outline."""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFArray, PDFBase85Encode, PDFName, PDFStream, PDFZCompress
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ...fonts import Family
from ...frontpages import TocEntry, byline
from ...model import Text
from ...palette import hex_color
from ...reproducible import source_date
from ...resolved import Chapter, Resolved
from ...version import PRODUCER
from .breaks import install as _install_breaks
from .flow import CHUNK, MARGINS, MUTED, FlowBuilder, HeadingParagraph, Styles, chunk_inlines
from .justify import install as _install_justify
from .listsplit import install as _install_listsplit
from .markup import EMDOT, draw_emphasis_dot
from .press import crop_marks, page_boxes, to_cmyk
from .tags import Marker, Tree, tag
from .tags import install as _install_tags
from .tounicode import install as _install_tounicode

_install_tounicode()  # emoji (beyond U+FFFF) extract as themselves
_install_justify()  # a justified line with no space stretches between syllables; a loose one too
_install_breaks()  # a long ㆍ list or a printed address may break inside (KOREAN.md)
_install_listsplit()  # a list paragraph taller than a page splits (reportlab's widow rule refused)
_install_tags()  # tagged flowables write marked content (a canvas without a marker: none)

TOC_CHARS = 160  # a contents line longer than this (a heading longer than a page) is shortened
LEADER_STEP = 3.5  # points between the dots of a contents line's leader
LOOKAHEAD = 16  # flowables kept ahead of the one being placed, before the next blocks are built
FEED_BLOCKS = 64  # top-level blocks built at a time


def _form_name(key: str) -> str:
    import hashlib

    return "pcpage" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]  # PDF names: ≤ 127 bytes


def _encode_now(page: Any) -> None:
    """Compress a finished page's content stream now, as reportlab would when saving: a book's pages
    are kept until the end, and their drawing commands as text take about four times the room."""
    stream = page.stream
    if not stream or not page.compression or page.Contents is not None:
        return
    filters = [PDFBase85Encode, PDFZCompress] if rl_config.useA85 else [PDFZCompress]
    content: Any = stream
    for f in reversed(filters):
        content = f.encode(content)
    encoded = PDFStream(content=content)
    encoded.dictionary["Filter"] = PDFArray([PDFName(f.pdfname) for f in filters])
    encoded.__Comment__ = "page stream"
    page.Contents, page.stream = encoded, None


class SpaceCountingText(PDFTextObject):
    """A text object that counts the spaces drawn since the line's word spacing was set, so the
    emphasis-dot callback can add the justification's extra word spacing to reportlab's ``cur_x``
    (which leaves it out): dots stay over their syllables on justified lines."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.spaces_on_line = 0

    def setWordSpace(self, wordSpace: float) -> None:
        self.spaces_on_line = 0
        super().setWordSpace(wordSpace)

    def _textOut(self, text: str, TStar: int = 0) -> None:
        self.spaces_on_line += text.count(" ") + text.count("\u00a0")  # reportlab stretches both
        super()._textOut(text, TStar)


class PledgeCanvas(Canvas):
    """A canvas that knows the emphasis-dot callback and fills in TOC page numbers at the end."""

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        return SpaceCountingText(self, x, y, direction=direction)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setNamedCB(EMDOT, draw_emphasis_dot)
        self.pending_forms: dict[str, tuple[str, float, str]] = {}  # form -> (font, size, text)
        self.defined_forms: set[str] = set()
        self.marker: Marker | None = None  # tagged PDF: the marked-content writer
        self._tagging: tuple[str, str, str] = ("", "", "")  # title, language, author
        self._link_target = ""

    def start_tagging(self, tree: Tree, title: str, lang: str, author: str) -> None:
        """Write a tagged PDF (PDF/UA-1): marked content for ``tree``'s elements, artifacts for the
        rest, the structure tree at the end, the file in object streams."""
        from . import objstreams

        self.marker = Marker(tree)
        self._tagging = (title, lang, author)
        objstreams.install(self._doc)

    def linkRect(self, contents: str, destinationname: str, *args: Any, **kwargs: Any) -> Any:
        self._link_target = destinationname
        return super().linkRect(contents, destinationname, *args, **kwargs)

    def linkURL(self, url: str, *args: Any, **kwargs: Any) -> Any:
        self._link_target = url
        return super().linkURL(url, *args, **kwargs)

    def _addAnnotation(self, annotation: Any, name: Any = None, addtopage: int = 1) -> Any:
        result = super()._addAnnotation(annotation, name, addtopage)
        if self.marker is not None:
            annotation._pc_target = self._link_target
            self.marker.annotation(annotation)
        return result

    def _note_of(self, anchor: str) -> Any:
        """The bound destination of the note a back-reference anchor (``<prefix>ref-<n>-<k>``) is
        for, if any."""
        prefix, _, rest = anchor.rpartition("ref-")
        number = rest.split("-")[0]
        note = self._destinations.get(f"{prefix}-{number}")
        return note if note is not None and note.page is not None else None

    def define_page_form(self, key: str, text: str, font: str, size: float) -> None:
        name = _form_name(key)
        if name in self.defined_forms:
            return
        self.defined_forms.add(name)
        self.beginForm(name, lowerx=-60, lowery=-4, upperx=2, uppery=size + 4)
        self.setFont(font, size)
        self.setFillColor(colors.black)
        self.drawRightString(0, 0, text)
        self.endForm()

    def define_head_form(
        self, name: str, text: str, font: str, size: float, width: float, color: Any
    ) -> None:
        """The running head of a page, right-aligned on its origin, cut to one line of ``width``
        (with "…"): drawn at the page's start, defined at its end, when its chapter is known."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        if stringWidth(text, font, size) > width:
            while text and stringWidth(text + "…", font, size) > width:
                text = text[:-1]
            text = text.rstrip() + "…"
        self.beginForm(name, lowerx=-width - 2, lowery=-size / 2, upperx=2, uppery=size * 1.5)
        self.setFont(font, size)
        self.setFillColor(color)
        self.drawRightString(0, 0, text)
        self.endForm()

    def showPage(self) -> None:
        if self._cropMarks:
            page_boxes(self, self._cropMarks)
        if self.marker is not None:  # all on a page that no element claims is an artifact
            self._psCommandsBeforePage.insert(0, "/Artifact BMC")
            self._psCommandsAfterPage.append("EMC")
        super().showPage()
        _encode_now(self._doc.Pages.pages[-1])
        if self.marker is not None:
            self.marker.page_done()

    def save(self) -> None:
        # A note's back-links were counted over the whole document before its chapter was built; a
        # reference that was never drawn (say, in a table set as records) leaves its anchor
        # unbound: it points to the note itself rather than failing the document.
        for name, dest in self._destinations.items():
            if dest.page is None and name.count("ref-") and (note := self._note_of(name)) is not None:
                dest.fmt, dest.page = note.fmt, note.page
        for name, (font, size, _text) in self.pending_forms.items():
            if name not in self.defined_forms:  # a heading that never reached a page: blank number
                self.defined_forms.add(name)
                self.beginForm(name, lowerx=-60, lowery=-4, upperx=2, uppery=size + 4)
                self.setFont(font, size)
                self.endForm()
        # Saving makes an object for each structure element and formats every object of the file:
        # a book's save would otherwise run the cyclic collector over the whole heap several times,
        # for nothing (what it allocates lives until the file is written).
        collecting = gc.isenabled()
        gc.disable()
        try:
            if self.marker is not None:
                from .structure import write

                if self._code:
                    self.showPage()
                write(self, self.marker, *self._tagging)
            super().save()
        finally:
            if collecting:
                gc.enable()


class TocLine(Paragraph):
    """A contents entry followed by a dot leader to the right edge of its column, on the baseline of
    its last line. The dots are one dashed line (round caps), not text: a 100-chapter contents page
    would otherwise send tens of thousands of "." characters through the font machinery. Their
    positions are multiples of LEADER_STEP from the right edge, so they line up from row to row."""

    def draw(self) -> None:
        super().draw()
        lines = self.blPara.lines
        if not lines:
            return
        last = lines[-1]
        extra = last.extraSpace if hasattr(last, "extraSpace") else last[0]
        style = self.style
        start = self.width - style.rightIndent - extra + LEADER_STEP
        end = self.width - LEADER_STEP / 2
        if end - start < LEADER_STEP:
            return
        first = end - LEADER_STEP * int((end - start) / LEADER_STEP)
        canvas = self.canv
        marker: Marker | None = getattr(canvas, "marker", None)
        if marker is not None:
            marker.rest_is_artifact(canvas)  # the leader is decoration
        canvas.saveState()
        canvas.setStrokeColor(style.textColor)
        canvas.setLineWidth(style.fontSize * 0.1)
        canvas.setLineCap(1)
        canvas.setDash([0, LEADER_STEP])
        y = style.leading - style.fontSize  # the last line's baseline
        canvas.line(first, y, end + 0.01, y)
        canvas.restoreState()


class PageNumberRef(Flowable):
    """The page number of a heading, drawn from a form defined when that heading is placed."""

    def __init__(self, key: str, font: str, size: float, baseline: float | None = None) -> None:
        super().__init__()
        self.key, self.font, self.size = key, font, size
        self.width, self.height = 26, size * 1.2  # the width of its contents column
        self.baseline = size * 0.4 if baseline is None else baseline  # above the bottom of the cell

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        name = _form_name(self.key)
        canvas.pending_forms.setdefault(name, (self.font, self.size, ""))
        canvas.saveState()
        canvas.translate(self.width, self.baseline)
        canvas.doForm(name)
        canvas.restoreState()


class PledgeDocTemplate(BaseDocTemplate):
    """Records headings as they are placed: outline entries and TOC page numbers."""

    def __init__(self, *args: Any, font: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.font = font
        self._open_levels: list[int] = []  # heading levels of the open outline branches
        #: the running head of the page being laid out: the last chapter (H1) started on or before it
        self.running_head = ""

    def filterFlowables(self, flowables: list[Flowable | None]) -> None:
        """Keep a few flowables ahead of the one being placed (a heading keeps with what follows):
        when fewer are left, the chapter feed at the end adds the next blocks."""
        while flowables and isinstance(flowables[-1], ChapterFeed) and len(flowables) <= LOOKAHEAD:
            feed = flowables.pop()
            assert isinstance(feed, ChapterFeed)
            flowables.extend(feed.more())
        if not flowables:
            flowables.append(None)  # reportlab discards a None and goes on: the story is done

    def record_heading(self, flowable: HeadingParagraph) -> None:
        """Called by a heading as it is drawn (at the top level or inside a quote's or a list's
        box, where reportlab's afterFlowable never sees it): its outline entry, its destination
        and the page number the contents show for it."""
        head = getattr(flowable, "running_head", None)
        if head is not None:  # a chapter starts on this page: its pages carry its title
            self.running_head = head
        if flowable.key:
            canvas = self.canv
            while self._open_levels and self._open_levels[-1] >= flowable.outline_level:
                self._open_levels.pop()
            level = len(self._open_levels)  # an H3 under an H1 is one level down, not two
            self._open_levels.append(flowable.outline_level)
            canvas.bookmarkPage(flowable.key + "-page")
            canvas.addOutlineEntry(
                flowable.title or "…", flowable.key + "-page", level=level, closed=level >= 2
            )
            canvas.define_page_form(flowable.key, str(canvas.getPageNumber()), self.font, 10)


def make_template(
    buf: Any,
    resolved: Resolved,
    pagesize: tuple[float, float],
    families: tuple[Family, ...],
    styles: Styles,
    has_cover: bool = True,
    bleed: float = 0.0,
) -> PledgeDocTemplate:
    """The document template with a cover page template and the running body page template."""
    meta = resolved.doc.meta
    title = resolved.title
    top, right, bottom, left = MARGINS
    template = PledgeDocTemplate(
        buf,
        pagesize=pagesize,
        leftMargin=left, rightMargin=right, topMargin=top, bottomMargin=bottom,
        title=title,
        author=meta.author,
        subject=meta.description or meta.subtitle,
        keywords=list(meta.keywords),
        creator=PRODUCER,
        producer=f"{PRODUCER} (reportlab)",
        lang=resolved.locale,
        invariant=1 if source_date() is not None else 0,
        initialFontName=families[0].regular,  # never a non-embedded Helvetica
        font=families[0].regular,
        cropMarks=crop_marks(bleed),  # the press profile: bleed, marks, page boxes, CMYK
        enforceColorSpace=to_cmyk if bleed else None,
    )  # fmt: skip
    frame = Frame(left, bottom, pagesize[0] - left - right, pagesize[1] - top - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
    template.running_head = resolved.head  # the contents' pages: the title
    head_font, head_size = families[0].regular, 8.5
    wide = (pagesize[1], pagesize[0])
    wide_frame = Frame(left, bottom, wide[0] - left - right, wide[1] - top - bottom, id="landscape",
                       leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip

    def decorate(canvas: Canvas, _doc: Any) -> None:
        page_w, page_h = canvas._pagesize
        canvas.saveState()
        # The running head is a form drawn here, in reading order before the page's text, and
        # defined when the page ends (finish): the chapters that start on the page are known then.
        canvas.saveState()
        canvas.translate(page_w - right, page_h - top + 8 * mm - 11 + 2.5)
        canvas.doForm(f"pchead{canvas.getPageNumber()}")
        canvas.restoreState()
        canvas.setStrokeColor(colors.HexColor(hex_color("rule")))
        canvas.setLineWidth(0.5)
        canvas.line(left, page_h - top + 2.5 * mm, page_w - right, page_h - top + 2.5 * mm)
        canvas.setFont(families[0].regular, 9)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(page_w / 2, bottom - 12 * mm, str(canvas.getPageNumber()))
        canvas.restoreState()

    def finish(canvas: Canvas, doc: Any) -> None:
        page_w = canvas._pagesize[0]
        canvas.define_head_form(f"pchead{canvas.getPageNumber()}", doc.running_head, head_font, head_size,
                                page_w - left - right, MUTED)  # fmt: skip

    pages = [
        PageTemplate("cover", [frame]),
        PageTemplate("body", [frame], onPage=decorate, onPageEnd=finish),
        PageTemplate("landscape", [wide_frame], onPage=decorate, onPageEnd=finish, pagesize=wide),
    ]
    if not has_cover:
        pages[0], pages[1] = pages[1], pages[0]  # the first page is a body page: no blank cover page
    template.addPageTemplates(pages)
    return template


def cover(resolved: Resolved, builder: FlowBuilder) -> list[Flowable]:
    """The cover page from the metadata: election, title, subtitle, cover image, party, date."""
    meta = resolved.doc.meta
    title = resolved.title
    s = builder.styles
    base = s.body.fontSize
    center = {"alignment": TA_CENTER}
    big = ParagraphStyle("CoverTitle", parent=s.headings[1], fontSize=base * 2.6, leading=base * 3.4, **center,
                         textColor=colors.HexColor(hex_color("ink")))  # fmt: skip
    sub = ParagraphStyle(
        "CoverSub", parent=s.body, fontSize=base * 1.4, leading=base * 2, textColor=MUTED, **center
    )
    detail = ParagraphStyle("CoverDetail", parent=s.body, fontSize=base * 1.15, leading=base * 1.8, **center)
    out: list[Flowable] = [Spacer(1, builder.height * 0.06)]
    builder.tree.section("Cover")

    def line(text: str, style: ParagraphStyle, role: str = "P") -> None:
        # Pieces of about a page each: reportlab re-wraps the rest of a paragraph on every page.
        limit = max(200, int(CHUNK * (s.body.fontSize / style.fontSize) ** 2))
        elem = builder.tree.add(role)
        for piece in chunk_inlines((Text(text),), limit):
            part = "".join(node.text for node in piece)
            out.append(Paragraph(builder.markup.text(part, builder.style(style)), style))
            out[-1]._pc_tag = elem

    if meta.election:
        line(meta.election, detail)
        out.append(Spacer(1, 10))
    line(title, big, "Title")
    if meta.subtitle:
        line(meta.subtitle, sub)
    out.append(Spacer(1, 18))
    if meta.cover is not None and resolved.image(meta.cover) is not None:
        out.append(builder.picture(meta.cover, builder.height * 0.45, fill=True))
        out.append(Spacer(1, 18))
    if byline(meta):
        line(byline(meta), detail)
    if resolved.date:
        line(resolved.date, detail)
    return out


def toc_flowables(entries: Sequence[TocEntry], builder: FlowBuilder) -> list[Flowable]:
    """A table of contents whose page numbers are forms filled in when each heading is placed."""
    s = builder.styles
    size = s.body.fontSize
    title = ParagraphStyle("TocTitle", parent=s.headings[2], spaceBefore=0)
    rows = []
    top = min((e.level for e in entries), default=1)
    builder.tree.section("Contents")
    heading_elem = builder.tree.add("H1")
    contents = builder.tree.add("TOC")
    for entry in entries:
        key = entry.id
        indent = 14 * max(0, entry.level - top)
        style = ParagraphStyle(f"Toc{entry.level}", parent=s.body, leftIndent=indent, alignment=TA_LEFT, spaceAfter=0,
                               fontName=builder.markup.families[0].bold if entry.level == 1 else s.body.fontName,
                               leading=size * 1.55)  # fmt: skip
        label = entry.title if len(entry.title) <= TOC_CHARS else entry.title[: TOC_CHARS - 1].rstrip() + "…"
        text = f'<a href="#{escape(key)}">{builder.markup.text(label, builder.style(style))}</a>'
        rows.append(tag(
            # The number stands on its entry's last baseline: leading - fontSize above the cell bottom.
            [TocLine(text, style),
             PageNumberRef(key, builder.markup.families[0].regular, size * 0.95, style.leading - style.fontSize)],
            contents.add("TOCI").add("Reference"),  # the entry and its page number
        ))  # fmt: skip
    table_style = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), builder.markup.families[0].regular), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ])  # fmt: skip
    heading = Paragraph(builder.markup.text(builder.labels["contents"], builder.style(title)), title)
    heading._pc_tag = heading_elem
    out: list[Flowable] = [heading, Spacer(1, 6)]
    # Tables of a few dozen rows: reportlab re-measures a split table's remaining rows on every
    # page, so one table of 10,000 entries would take quadratic time.
    for start in range(0, len(rows), 30):
        table = Table(
            rows[start : start + 30], colWidths=[builder.width - 26, 26], repeatRows=0, hAlign="LEFT"
        )
        table.setStyle(table_style)
        out.append(table)
    return out


class ChapterFeed(Flowable):
    """The chapters not laid out yet, at the end of the story: the template asks it for more when
    few flowables are left (:meth:`PledgeDocTemplate.filterFlowables`), and it builds the next
    FEED_BLOCKS top-level blocks of the chapter at hand (its endnotes after its last block). A
    book's flowables are built as the pages need them, never all at once."""

    def __init__(self, chapters: Sequence[Chapter], builder: FlowBuilder) -> None:
        super().__init__()
        self.pending = deque(chapters)
        self.builder = builder
        self.start = 0  # the first block of pending[0] not built yet
        self.emitted = False

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0  # never laid out itself

    def draw(self) -> None:
        pass

    def more(self) -> list[Flowable]:
        """The next flowables (at least one), then this feed again while anything remains; []
        when nothing remains."""
        builder = self.builder
        while self.pending:
            chapter = self.pending[0]
            if self.start == 0:
                builder.tree.section()  # a Sect for each chapter
            end = self.start + FEED_BLOCKS
            flow = builder.blocks(chapter.blocks[self.start : end])
            self.start = end
            if end >= len(chapter.blocks):
                flow.extend(builder.notes(list(chapter.notes), builder.markup.note_prefix))
                self.pending.popleft()
                self.start = 0
            if flow:
                self.emitted = True
                return [*flow, self] if self.pending else flow
        return [] if self.emitted else [Spacer(1, 1)]  # a PDF has at least one page


def build_story(
    resolved: Resolved, builder: FlowBuilder, template: PledgeDocTemplate, entries: Sequence[TocEntry]
) -> list[Flowable]:
    """Cover and contents, then a :class:`ChapterFeed` for each chapter (H1) with its endnotes."""
    story: list[Flowable] = []
    has_cover = resolved.has_cover("pdf")
    if has_cover:
        story.extend(cover(resolved, builder))
    if has_cover:
        story.append(NextPageTemplate("body"))
        story.append(PageBreak())
    if entries:
        story.extend(toc_flowables(entries, builder))
        story.append(PageBreak())
    if resolved.chapters:
        story.append(ChapterFeed(resolved.chapters, builder))
    if not story:
        story.append(Spacer(1, 1))
    return story


__all__ = ["PledgeCanvas", "PledgeDocTemplate", "build_story", "make_template"]
