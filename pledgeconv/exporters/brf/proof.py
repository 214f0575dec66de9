"""The braille proof: a PDF page per braille page, each braille line drawn in Unicode braille (DejaVu
Sans has all 256 patterns) with its ink print under it, so a sighted reader can check what is sent."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from ...fonts import Family, chain, runs
from ...paper import POINTS_PER_MM, size_points
from ...reproducible import source_date
from ...resolved import Resolved

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from . import BrailleBook

MM = POINTS_PER_MM
PAGE = size_points("a4")  # the proof is printed on an office printer
MARGIN = 15 * MM
BRAILLE_FONT = "DejaVuSans"
GREY = (0.35, 0.35, 0.35)


def _draw_ink(c: Canvas, text: str, x: float, y: float, size: float, families: tuple[Family, ...]) -> None:
    """Ink print in the first bundled face that has each character (Nanum Gothic, then DejaVu …)."""
    for index, part in runs(text, families):
        c.setFont(families[index].regular, size)
        c.drawString(x, y, part)
        x += c.stringWidth(part, families[index].regular, size)


def _ink_width(c: Canvas, text: str, size: float, families: tuple[Family, ...]) -> float:
    return float(sum(c.stringWidth(part, families[i].regular, size) for i, part in runs(text, families)))


def proof_pdf(book: BrailleBook, resolved: Resolved) -> bytes:
    """The proof of ``book`` as PDF bytes."""
    from reportlab.pdfgen.canvas import Canvas

    families = chain()
    buffer = io.BytesIO()
    c = Canvas(buffer, pagesize=PAGE, invariant=1 if source_date() is not None else 0)
    c.setTitle(f"{resolved.title} — 점자 교정지")
    c.setAuthor(resolved.doc.meta.author)
    c.setSubject(f"{book.table}, {book.geometry.cells} × {book.geometry.lines}")
    width = PAGE[0] - 2 * MARGIN
    # The braille size that sets a full line across the text width; ink print under it.
    advance = c.stringWidth("\u283f", BRAILLE_FONT, 10) / 10
    braille_size = min(16.0, width / (book.geometry.cells * advance))
    ink_size = 7.5
    header = 9.0
    step = (PAGE[1] - 2 * MARGIN - 2 * header) / book.geometry.lines
    braille_size = min(braille_size, step * 0.62)
    total = len(book.pages)
    cap = f", 상한 {book.cap}쪽" if book.cap else ""
    for page in book.pages:
        top = PAGE[1] - MARGIN
        c.setFillColorRGB(*GREY)
        _draw_ink(c, f"{resolved.title} — 점자 교정지 {page.number}/{total}쪽 ({book.table}, "
                     f"{book.geometry.cells}칸 × {book.geometry.lines}줄{cap})", MARGIN, top - header, header,
                  families)  # fmt: skip
        c.setStrokeColorRGB(0.8, 0.8, 0.8)
        c.rect(MARGIN - 2, MARGIN - 2, width + 4, PAGE[1] - 2 * MARGIN - 2 * header + 4, stroke=1, fill=0)
        y = top - 2 * header
        for line in page.lines:
            c.setFillColorRGB(0, 0, 0)
            c.setFont(BRAILLE_FONT, braille_size)
            if line.cells:
                c.drawString(MARGIN, y - braille_size, line.cells)
            if line.ink:
                c.setFillColorRGB(*GREY)
                size = ink_size
                while size > 4 and _ink_width(c, line.ink, size, families) > width:
                    size -= 0.5
                _draw_ink(c, line.ink, MARGIN, y - braille_size - size - 1, size, families)
            y -= step
        c.showPage()
    c.save()
    return buffer.getvalue()
