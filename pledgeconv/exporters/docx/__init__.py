"""DOCX exporter (python-docx): Word styles, Korean language and fonts, real footnotes and links."""

from __future__ import annotations

import io
from typing import Any, ClassVar

from ...options import ExportOptions
from ...reproducible import build_date, normalise_zip
from ...resolved import Rendered, Resolved
from ...transforms import TocEntry, byline, has_cover_page, toc
from .writer import Writer, _sub


class DocxExporter:
    """A Word document a campaign office can hand to its printer."""

    name: ClassVar[str] = "docx"
    suffixes: ClassVar[tuple[str, ...]] = (".docx",)

    def warm(self, options: ExportOptions) -> None:
        """Import python-docx and build the template, before the document is there."""
        from .template import warm

        warm(options.reference_docx, options.east_asian_font)

    def export(self, resolved: Resolved, options: ExportOptions) -> Rendered:
        from docx.shared import Mm

        from .template import take

        docx, numbering = take(options.reference_docx, options.east_asian_font)
        section = docx.sections[0]
        if not options.reference_docx:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.left_margin = section.right_margin = Mm(22)
            section.top_margin, section.bottom_margin = Mm(25), Mm(22)
            section.header_distance = section.footer_distance = Mm(12)
        text_width = int(section.page_width - section.left_margin - section.right_margin)
        doc = resolved.doc
        writer = Writer(resolved, docx, numbering, text_width)
        body = docx.element.body
        # Written in place, after the section properties, which then move back to the end
        # (moving a big subtree between lxml documents costs time per node).
        sect_pr = body.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr")

        title = resolved.title
        self._cover(writer, body, title)
        toc_at = len(body)
        writer.blocks(body, doc.blocks)
        # The TOC goes before the content but is written after it, so that it can link to the
        # bookmarks of headings: a few paragraphs, built apart and inserted.
        entries = toc(doc, options.toc_depth) if options.toc else ()
        if len(entries) > 1:
            box = body.makeelement(body.tag, {})
            self._toc(writer, box, entries)
            for offset, child in enumerate(list(box)):
                body.insert(toc_at + offset, child)
        writer.write_footnotes()
        if sect_pr is not None:
            body.append(sect_pr)
        if not options.reference_docx:
            self._header_footer(docx, writer, title)
        self._properties(docx, resolved)
        buf = io.BytesIO()
        docx.save(buf)
        return Rendered(normalise_zip(buf.getvalue(), first=("[Content_Types].xml", "_rels/.rels")))

    def _cover(self, writer: Writer, parent: Any, title: str) -> None:
        doc = writer.doc
        if not has_cover_page(doc):
            return
        writer.docx.sections[0].different_first_page_header_footer = True  # no header on the cover
        meta = doc.meta
        if meta.election:
            writer.run(writer.paragraph(parent, "Cover Detail"), meta.election)
        writer.run(writer.paragraph(parent, "Title"), title)
        if meta.subtitle:
            writer.run(writer.paragraph(parent, "Subtitle"), meta.subtitle)
        if meta.cover is not None:
            picture = writer._picture(meta.cover, 3_240_000)  # at most 90 mm tall
            if picture is not None:
                _sub(_sub(writer.paragraph(parent, "Figure"), "r"), "drawing").append(picture)
        if byline(meta):
            writer.run(writer.paragraph(parent, "Cover Detail"), byline(meta))
        if meta.date:
            writer.run(writer.paragraph(parent, "Cover Detail"), meta.date)
        _sub(_sub(writer.paragraph(parent), "r"), "br", type="page")

    @staticmethod
    def _toc(writer: Writer, parent: Any, entries: tuple[TocEntry, ...]) -> None:
        """A real TOC field (Word fills in page numbers on open), pre-filled with linked headings."""
        from docx.oxml.ns import qn

        writer.run(writer.paragraph(parent, "TOC Heading"), writer.labels["contents"])
        depth = max(e.level for e in entries)
        last = len(entries) - 1
        for i, entry in enumerate(entries):
            p = writer.paragraph(parent, f"TOC {min(entry.level, 3)}")
            if i == 0:
                _sub(_sub(p, "r"), "fldChar", fldCharType="begin", dirty="true")
                instr = _sub(_sub(p, "r"), "instrText")
                instr.text = f' TOC \\o "1-{depth}" \\h \\z \\u '
                instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                _sub(_sub(p, "r"), "fldChar", fldCharType="separate")
            link = _sub(p, "hyperlink")
            link.set(qn("w:anchor"), writer.bookmarks.get(entry.id, ""))
            writer.run(link, entry.title)
            if i == last:
                _sub(_sub(p, "r"), "fldChar", fldCharType="end")
        _sub(_sub(writer.paragraph(parent), "r"), "br", type="page")

    @staticmethod
    def _header_footer(docx: Any, writer: Writer, title: str) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls

        section = docx.sections[0]
        header = section.header.paragraphs[0]
        header.style = docx.styles["Header"]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        header.add_run(title)
        footer = section.footer.paragraphs[0]
        footer.style = docx.styles["Footer"]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer._p.append(
            parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
        )

    @staticmethod
    def _properties(docx: Any, resolved: Resolved) -> None:
        props = docx.core_properties
        meta = resolved.doc.meta
        props.title = resolved.title
        props.author = meta.author or ""
        props.subject = meta.description or meta.subtitle or ""
        props.keywords = ", ".join(meta.keywords)
        props.language = "ko-KR" if resolved.korean else resolved.lang
        props.last_modified_by = "pledgeconv"
        props.comments = ""
        props.category = meta.election or ""
        props.revision = 1
        when = build_date().replace(tzinfo=None)
        props.created = when
        props.modified = when
        props.last_printed = when
