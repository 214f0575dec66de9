"""PDF exporter (reportlab): embedded Korean fonts, Korean line breaking, TOC, outline, one pass."""

from __future__ import annotations

import io
from pathlib import Path
from typing import ClassVar

from ...errors import ExportError, UsageError
from ...model import Document, Heading, Warning
from ...options import ExportOptions
from ...transforms import has_cover_page, iter_blocks, toc, wants_toc

PAPERS = {"a4": "A4", "b5": "B5", "letter": "letter", "a5": "A5"}


def _page_size(name: str) -> tuple[float, float]:
    from reportlab.lib import pagesizes

    key = PAPERS.get(name.lower())
    if key is None:
        raise UsageError(f"unknown paper size {name!r} (have: {', '.join(PAPERS)})")
    size: tuple[float, float] = getattr(pagesizes, key)
    return size


class PdfExporter:
    """A print-ready PDF of a pledge chapter or book."""

    name: ClassVar[str] = "pdf"
    suffixes: ClassVar[tuple[str, ...]] = (".pdf",)

    #: warnings met while exporting the last document (missing glyphs, oversize content)
    warnings: list[Warning]

    def __init__(self) -> None:
        self.warnings = []

    def warm(self, options: ExportOptions) -> None:
        """Import reportlab and load the fonts, before the document is there."""
        from ... import fonts
        from . import layout  # noqa: F401  (reportlab's platypus, through flow and markup)

        fonts.chain(options.font_dir)

    def export(self, doc: Document, options: ExportOptions) -> bytes:
        from reportlab.platypus.doctemplate import LayoutError

        from ... import fonts
        from .flow import MARGINS, FlowBuilder, Styles, frame_size
        from .layout import PledgeCanvas, build_story, make_template
        from .markup import Markup

        families = fonts.chain(options.font_dir)
        korean = (doc.meta.lang or "ko").lower().startswith("ko")
        anchors = {b.id for b in iter_blocks(doc.blocks) if isinstance(b, Heading) and b.id}
        markup = Markup(
            families, lambda: fonts.mono_chain(options.font_dir), korean_emphasis=korean, anchors=anchors
        )
        pagesize = _page_size(options.paper)
        width, height = frame_size(pagesize, MARGINS)
        styles = Styles.make(families[0].regular, families[0].bold)
        builder = FlowBuilder(doc, markup, styles, width, height)
        builder.landscape_width = frame_size((pagesize[1], pagesize[0]), MARGINS)[0]
        builder.cmyk = bool(options.bleed)
        title = doc.meta.title or Path(doc.source).stem or builder.labels["untitled"]
        entries = toc(doc, options.toc_depth)
        if not wants_toc(entries, options.toc):
            entries = ()
        buf = io.BytesIO()
        template = make_template(
            buf, doc, pagesize, title, families, styles, korean, has_cover_page(doc), options.bleed
        )
        story = build_story(doc, builder, template, entries, title)
        try:
            template.build(story, canvasmaker=PledgeCanvas)
        except LayoutError as exc:
            raise ExportError(
                f"{doc.source or '<input>'}: pdf: layout failed: {str(exc).splitlines()[0][:200]}"
            ) from exc
        self.warnings = [Warning(code, msg, line, doc.source) for code, msg, line in builder.warnings]
        if markup.missing:
            chars = " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(markup.missing))
            self.warnings.append(Warning("missing-glyph", f"no bundled font has: {chars}", 0, doc.source))
        return buf.getvalue()
