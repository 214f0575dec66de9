"""Pages: cover, TOC with forward-referenced page numbers, running header and footer, outline."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
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
from ...palette import hex_color
from ...reproducible import source_date
from ...resolved import Resolved
from ...transforms import TocEntry, byline, has_cover_page
from .flow import MARGINS, MUTED, FlowBuilder, HeadingParagraph, Styles
from .markup import EMDOT, draw_emphasis_dot


def _form_name(key: str) -> str:
    import hashlib

    return "pcpage" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]  # PDF names: ≤ 127 bytes


class PledgeCanvas(Canvas):
    """A canvas that knows the emphasis-dot callback and fills in TOC page numbers at the end."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setNamedCB(EMDOT, draw_emphasis_dot)
        self.pending_forms: dict[str, tuple[str, float, str]] = {}  # form -> (font, size, text)
        self.defined_forms: set[str] = set()

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

    def save(self) -> None:
        for name, (font, size, _text) in self.pending_forms.items():
            if name not in self.defined_forms:  # a heading that never reached a page: blank number
                self.defined_forms.add(name)
                self.beginForm(name, lowerx=-60, lowery=-4, upperx=2, uppery=size + 4)
                self.setFont(font, size)
                self.endForm()
        super().save()


class PageNumberRef(Flowable):
    """The page number of a heading, drawn from a form defined when that heading is placed."""

    def __init__(self, key: str, font: str, size: float) -> None:
        super().__init__()
        self.key, self.font, self.size = key, font, size
        self.width, self.height = 30, size * 1.2

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        name = _form_name(self.key)
        canvas.pending_forms.setdefault(name, (self.font, self.size, ""))
        canvas.saveState()
        canvas.translate(self.width, self.size * 0.4)
        canvas.doForm(name)
        canvas.restoreState()


class PledgeDocTemplate(BaseDocTemplate):
    """Records headings as they are placed: outline entries and TOC page numbers."""

    def __init__(self, *args: Any, font: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.font = font
        self._open_levels: list[int] = []  # heading levels of the open outline branches

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, HeadingParagraph):
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
    buf: Any, resolved: Resolved, pagesize: tuple[float, float], families: tuple[Family, ...], styles: Styles
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
        creator="pledgeconv",
        producer="pledgeconv (reportlab)",
        lang="ko-KR" if resolved.korean else resolved.lang,
        invariant=1 if source_date() is not None else 0,
        initialFontName=families[0].regular,  # never a non-embedded Helvetica
        font=families[0].regular,
    )  # fmt: skip
    frame = Frame(left, bottom, pagesize[0] - left - right, pagesize[1] - top - bottom, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)  # fmt: skip
    header_style = ParagraphStyle("Header", fontName=families[0].regular, fontSize=8.5, leading=11,
                                  textColor=MUTED, alignment=TA_RIGHT)  # fmt: skip
    header_text = escape(title)

    def decorate(canvas: Canvas, _doc: Any) -> None:
        canvas.saveState()
        header = Paragraph(header_text, header_style)
        _, h = header.wrap(frame._width, 20)
        header.drawOn(canvas, left, pagesize[1] - top + 8 * mm - h)
        canvas.setStrokeColor(colors.HexColor(hex_color("rule")))
        canvas.setLineWidth(0.5)
        canvas.line(left, pagesize[1] - top + 2.5 * mm, pagesize[0] - right, pagesize[1] - top + 2.5 * mm)
        canvas.setFont(families[0].regular, 9)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(pagesize[0] / 2, bottom - 12 * mm, str(canvas.getPageNumber()))
        canvas.restoreState()

    template.addPageTemplates([
        PageTemplate("cover", [frame]),
        PageTemplate("body", [frame], onPage=decorate),
    ])  # fmt: skip
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

    def line(text: str, style: ParagraphStyle) -> None:
        out.append(Paragraph(builder.markup.text(text, builder.style(style)), style))

    if meta.election:
        line(meta.election, detail)
        out.append(Spacer(1, 10))
    line(title, big)
    if meta.subtitle:
        line(meta.subtitle, sub)
    out.append(Spacer(1, 18))
    if meta.cover is not None and resolved.image(meta.cover) is not None:
        out.append(builder.picture(meta.cover, builder.height * 0.45))
        out.append(Spacer(1, 18))
    if byline(meta):
        line(byline(meta), detail)
    if meta.date:
        line(meta.date, detail)
    return out


def toc_flowables(entries: Sequence[TocEntry], builder: FlowBuilder) -> list[Flowable]:
    """A table of contents whose page numbers are forms filled in when each heading is placed."""
    s = builder.styles
    size = s.body.fontSize
    title = ParagraphStyle("TocTitle", parent=s.headings[2], spaceBefore=0)
    rows = []
    top = min((e.level for e in entries), default=1)
    for entry in entries:
        key = entry.id
        indent = 14 * max(0, entry.level - top)
        style = ParagraphStyle(f"Toc{entry.level}", parent=s.body, leftIndent=indent, alignment=TA_LEFT, spaceAfter=0,
                               fontName=builder.markup.families[0].bold if entry.level == 1 else s.body.fontName,
                               leading=size * 1.55)  # fmt: skip
        text = f'<a href="#{escape(key)}">{builder.markup.text(entry.title, builder.style(style))}</a>'
        rows.append(
            [Paragraph(text, style), PageNumberRef(key, builder.markup.families[0].regular, size * 0.95)]
        )
    table_style = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), builder.markup.families[0].regular), ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ])  # fmt: skip
    heading = Paragraph(builder.markup.text(builder.labels["contents"], builder.style(title)), title)
    out: list[Flowable] = [heading, Spacer(1, 6)]
    # Tables of a few dozen rows: reportlab re-measures a split table's remaining rows on every
    # page, so one table of 10,000 entries would take quadratic time.
    for start in range(0, len(rows), 30):
        table = Table(
            rows[start : start + 30], colWidths=[builder.width - 34, 34], repeatRows=0, hAlign="LEFT"
        )
        table.setStyle(table_style)
        out.append(table)
    return out


def build_story(
    resolved: Resolved, builder: FlowBuilder, template: PledgeDocTemplate, entries: Sequence[TocEntry]
) -> list[Flowable]:
    """Cover, TOC, then each chapter (H1) with its endnotes."""
    story: list[Flowable] = []
    has_cover = has_cover_page(resolved.doc)
    if has_cover:
        story.extend(cover(resolved, builder))
    story.append(NextPageTemplate("body"))
    if has_cover:
        story.append(PageBreak())
    if len(entries) > 1:
        story.extend(toc_flowables(entries, builder))
        story.append(PageBreak())
    chapters = resolved.chapters
    bodies = [builder.blocks(c.blocks) for c in chapters]  # all references first: back-links complete
    for chapter, flow in zip(chapters, bodies, strict=True):
        story.extend(flow)
        story.extend(builder.notes(list(chapter.notes), builder.markup.note_prefix))
    if not story:
        story.append(Spacer(1, 1))
    return story


__all__ = ["PledgeCanvas", "PledgeDocTemplate", "build_story", "make_template"]
