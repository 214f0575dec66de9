"""PDF exporter (reportlab): embedded Korean fonts, Korean line breaking, TOC, outline, PDF/UA-1 tags."""

from __future__ import annotations

import io
from typing import Any, ClassVar

from ...errors import ExportError
from ...model import Diagnostic
from ...options import ExportOptions
from ...paper import size_points
from ...resolved import Rendered, Resolved


class PdfExporter:
    """A print-ready PDF of a pledge chapter or book."""

    name: ClassVar[str] = "pdf"
    suffixes: ClassVar[tuple[str, ...]] = (".pdf",)

    def warm(self, options: ExportOptions) -> None:
        """Import reportlab and load the fonts, before the document is there."""
        from ... import fonts
        from . import layout  # noqa: F401  (reportlab's platypus, through flow and markup)

        fonts.chain(options.font_dir)

    def export(self, resolved: Resolved, options: ExportOptions) -> Rendered:
        from reportlab.platypus.doctemplate import LayoutError

        from ... import fonts
        from .flow import MARGINS, FlowBuilder, Styles, frame_size
        from .inline import InlinePictures
        from .layout import PledgeCanvas, build_story, make_template
        from .markup import Markup

        doc = resolved.doc
        families = fonts.chain(options.font_dir)
        pictures = InlinePictures(resolved, cmyk=bool(options.bleed))
        markup = Markup(
            families, lambda: fonts.mono_chain(options.font_dir), korean_emphasis=resolved.korean,
            link=lambda url: resolved.link_in(url, "pdf"), picture=pictures.markup,
        )  # fmt: skip
        pagesize = size_points(options.paper)
        width, height = frame_size(pagesize, MARGINS)
        styles = Styles.make(families[0].regular, families[0].bold)
        builder = FlowBuilder(resolved, markup, styles, width, height)
        builder.landscape_width = frame_size((pagesize[1], pagesize[0]), MARGINS)[0]
        builder.cmyk = bool(options.bleed)
        buf = io.BytesIO()
        template = make_template(
            buf, resolved, pagesize, families, styles, resolved.has_cover("pdf"), options.bleed
        )
        story = build_story(resolved, builder, template, resolved.contents.shown)
        lang = resolved.locale

        def canvas(*args: Any, **kwargs: Any) -> PledgeCanvas:
            made = PledgeCanvas(*args, **kwargs)
            if options.pdf_tags:  # tagged, PDF/UA-1 (tags.py, structure.py)
                made.start_tagging(builder.tree, resolved.title, lang, doc.meta.author)
            return made

        try:
            template.build(story, canvasmaker=canvas)
        except LayoutError as exc:
            raise ExportError(
                f"{doc.source or '<input>'}: pdf: layout failed: {str(exc).splitlines()[0][:200]}"
            ) from exc
        finally:
            pictures.close()
        warnings = [Diagnostic(code, msg, line, doc.source) for code, msg, line in builder.warnings]
        if markup.missing:
            chars = " ".join(f"{c} (U+{ord(c):04X})" for c in sorted(markup.missing))
            warnings.append(Diagnostic("missing-glyph", f"no bundled font has: {chars}", 0, doc.source))
        return Rendered(buf.getvalue(), tuple(warnings))
