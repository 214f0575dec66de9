"""DOCX exporter (python-docx): Word styles, Korean language and fonts, real footnotes and links."""

from __future__ import annotations

import io
import re
from typing import Any, ClassVar

from ...frontpages import TocEntry, byline
from ...model import Diagnostic, Heading
from ...options import ExportOptions
from ...paper import size_mm
from ...reproducible import build_date, normalise_zip
from ...resolved import Rendered, Resolved
from ...sanitize import xml_text
from ...version import PRODUCER
from . import sections
from .writer import W, Writer, _sub

CORE_PROPERTY_LIMIT = 255  # characters: Word's (and python-docx's) limit for a core property
HEADER_LIMIT = 80  # characters of the title in the running header
LOOK_BACK = 8  # body elements kept unserialised: a section break may go on one of them


APP_PART = "/docProps/app.xml"
APPLICATION = re.compile(rb"<Application>[^<]*</Application>|<Application/>")


def _application(docx: Any) -> None:
    """The extended properties name pledgeconv (and its version) as the application that wrote the file
    (python-docx's template says Microsoft Macintosh Word); a reference document without the element
    keeps its own properties."""
    for part in docx.part.package.iter_parts():
        if part.partname == APP_PART:
            part._blob = APPLICATION.sub(f"<Application>{PRODUCER}</Application>".encode(), part.blob, 1)
            return


def fit(text: str, limit: int = CORE_PROPERTY_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, at a space if there is one in the last half, with "…"
    (the full text stays in the body: the title on the cover or as the heading it came from)."""
    text = xml_text(text)
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit // 2, limit)
    return text[: cut if cut > 0 else limit - 1].rstrip() + "…"


def _field(parent: Any, instruction: str) -> None:
    """The start of a complex field: begin, instruction, separate (the cached result follows)."""
    _sub(_sub(parent, "r"), "fldChar", fldCharType="begin")
    instr = _sub(_sub(parent, "r"), "instrText")
    instr.text = instruction
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    _sub(_sub(parent, "r"), "fldChar", fldCharType="separate")


class DocxExporter:
    """A Word document a campaign office can hand to its printer."""

    name: ClassVar[str] = "docx"
    suffixes: ClassVar[tuple[str, ...]] = (".docx",)

    def warm(self, options: ExportOptions) -> None:
        """Import python-docx and build the template, before the document is there."""
        from .template import warm

        warm(options.reference_docx, options.east_asian_font or "맑은 고딕")

    def export(self, resolved: Resolved, options: ExportOptions) -> Rendered:
        doc = resolved.doc
        entries = resolved.contents.shown
        pages: dict[str, int] | None = None
        problem = ""
        if entries and options.toc_page_numbers:
            from .pages import read_pages
            from .writer import bookmark_names

            pages, problem = read_pages(
                lambda numbers: self._export(resolved, options, entries, numbers)[0],
                [e.id for e in entries],
                bookmark_names(doc),
            )
        data, met = self._export(resolved, options, entries, pages)
        warnings = [Diagnostic(code, msg, line, doc.source) for code, msg, line in met]
        if problem:
            warnings.append(Diagnostic("toc-page-numbers", problem, 0, doc.source))
        return Rendered(data, tuple(warnings))

    def _export(
        self,
        resolved: Resolved,
        options: ExportOptions,
        entries: tuple[TocEntry, ...],
        pages: dict[str, int] | None,
    ) -> tuple[bytes, list[tuple[str, str, int]]]:
        from docx.shared import Mm
        from lxml import etree

        from .pieces import BODY_MARKER, PIECE_ELEMENTS, BodyPieces
        from .template import take

        docx = take(options.reference_docx, options.east_asian_font or "맑은 고딕")
        section = docx.sections[0]
        if not options.reference_docx:
            width, height = size_mm(options.paper)  # the page setup is the reference document's when given
            section.page_width, section.page_height = Mm(width), Mm(height)
            section.left_margin = section.right_margin = Mm(22)
            section.top_margin, section.bottom_margin = Mm(25), Mm(22)
            section.header_distance = section.footer_distance = Mm(12)
        text_width = int(section.page_width - section.left_margin - section.right_margin)
        doc = resolved.doc
        writer = Writer(resolved, docx, text_width)
        writer.text_height = int(section.page_height - section.top_margin - section.bottom_margin)
        writer.landscape_width = int(section.page_height - section.left_margin - section.right_margin)
        writer.landscape_height = int(section.page_width - section.top_margin - section.bottom_margin)
        body = docx.element.body
        title = resolved.title
        headers: sections.Headers | None = None
        if not options.reference_docx:  # a campaign's own template keeps its own header
            headers = self._header_footer(docx, writer, resolved.head)  # first: breaks copy the page setup
        writer.has_toc = bool(entries)
        # The body is written in pieces: a run of blocks is serialised as soon as it is written and
        # dropped from the tree, which would otherwise hold the whole book's XML nodes at once (ten
        # times the size of the XML); the pieces take a marker's place when the package is written.
        pieces = BodyPieces(body)
        cover = self._cover(writer, body, title)
        sect_pr = body.find(f"{{{W}}}sectPr")  # out of the body until the end: the pieces go before it
        if sect_pr is not None:
            body.remove(sect_pr)
        self._flush(writer, pieces, sect_pr, headers)  # the cover is a section of its own
        writer.flushed = False
        previous: Any = None
        for block in doc.blocks:
            # Each chapter is a section with its own running head (Word and LibreOffice show a
            # section's header as it is; neither updates a STYLEREF field in LibreOffice 7).
            head = resolved.running_head(block.id) if isinstance(block, Heading) and headers else None
            if head is not None and headers is not None:
                writer.chapter_start(body, head)
                headers(head)  # its header part made now: parts are numbered in document order
            # never between headings and what follows them (a landscape table's section break goes
            # before the headings that lead into it), nor while paragraphs may join a landscape page
            if (
                len(body) >= PIECE_ELEMENTS + LOOK_BACK
                and not isinstance(previous, Heading)
                and (writer.landscape_end is None)
            ):
                self._flush(writer, pieces, sect_pr, headers, keep=LOOK_BACK)
                writer.flushed = True
            writer.top_block(body, block)
            previous = block
        landscape = writer.landscape_end is not None and len(body) > 0 and body[-1] is writer.landscape_end
        if landscape:  # the document ends on the landscape page: the last section is turned instead
            writer.section_breaks = [
                b for b in writer.section_breaks if b.paragraph is not writer.landscape_end
            ]
        self._flush(writer, pieces, sect_pr, headers)
        # The TOC goes before the content but is written after it, so that it can link to the
        # bookmarks of headings.
        if entries:
            self._toc(writer, body, entries, pages, resolved.head)
            self._flush(writer, pieces, sect_pr, headers, at=1)
        writer.write_footnotes()
        body.append(etree.Comment(BODY_MARKER))
        if sect_pr is not None:
            sections.last_section(sect_pr, headers, writer.head, first=not cover, landscape=landscape)
            body.append(sect_pr)
        self._properties(docx, resolved)
        buf = io.BytesIO()
        docx.save(buf)
        marker = f"<!--{BODY_MARKER}-->".encode()
        data = normalise_zip(
            buf.getvalue(),
            first=("[Content_Types].xml", "_rels/.rels"),
            splice={"word/document.xml": (marker, pieces.done)},
        )
        return data, writer.warnings

    @staticmethod
    def _flush(
        writer: Writer,
        pieces: Any,
        sect_pr: Any,
        headers: sections.Headers | None,
        at: int | None = None,
        keep: int = 0,
    ) -> None:
        if sect_pr is not None and writer.section_breaks:
            sections.break_sections(writer.section_breaks, sect_pr, headers)
        writer.section_breaks.clear()
        pieces.flush(at, keep)

    def _cover(self, writer: Writer, parent: Any, title: str) -> bool:
        """The cover page, a section of its own (no header on it); False when there is none."""
        doc = writer.doc
        if not writer.resolved.has_cover("docx"):
            return False
        writer.docx.sections[0].different_first_page_header_footer = True  # no header on the cover
        meta = doc.meta
        if meta.election:
            writer.run(writer.paragraph(parent, "Cover Detail"), meta.election)
        writer.run(writer.paragraph(parent, "Title"), title)
        if meta.subtitle:
            writer.run(writer.paragraph(parent, "Subtitle"), meta.subtitle)
        if meta.cover is not None:
            cover = f"{writer.resolved.labels['cover']}: {title}"  # its text, as the EPUB's cover says
            picture = writer._picture(meta.cover, 3_240_000, cover, fill=True)  # at most 90 mm tall
            if picture is not None:
                _sub(_sub(writer.paragraph(parent, "Figure"), "r"), "drawing").append(picture)
        if byline(meta):
            writer.run(writer.paragraph(parent, "Cover Detail"), byline(meta))
        if writer.resolved.date:
            writer.run(writer.paragraph(parent, "Cover Detail"), writer.resolved.date)
        writer.section_breaks.append(
            sections.Break(writer.paragraph(parent), "portrait", writer.head, first=True)
        )
        return True

    @staticmethod
    def _toc(
        writer: Writer, parent: Any, entries: tuple[TocEntry, ...], pages: dict[str, int] | None, head: str
    ) -> None:
        """The contents: each heading linked, a dot leader, and its page number as a PAGEREF field.

        By default the entries are plain paragraphs (styles TOC 1–3): LibreOffice computes each
        PAGEREF as it lays the file out, and shows the numbers on open; Word shows a field's last
        result, here none, until its fields are updated (Ctrl+A, F9). Inside a TOC field LibreOffice
        would show the cached text instead, so the TOC field is written only when a layout pass has
        read the numbers back (``--toc-page-numbers``): then they are its cached result, Word shows
        them on open and "Update Table" remakes it."""
        from docx.oxml.ns import qn

        writer.run(writer.paragraph(parent, "TOC Heading"), writer.labels["contents"])
        depth = max(e.level for e in entries)
        last = len(entries) - 1
        tab = str(int(writer.text_width / 635))
        for i, entry in enumerate(entries):
            p = writer.paragraph(parent, f"TOC {min(entry.level, 3)}")
            ppr = p.find(qn("w:pPr"))
            _sub(_sub(ppr, "tabs"), "tab", val="right", leader="dot", pos=tab)
            if i == 0 and pages is not None:
                _field(p, f' TOC \\o "1-{depth}" \\h \\z \\u ')
            bookmark = writer.bookmarks.get(entry.id, "")
            link = _sub(p, "hyperlink")
            link.set(qn("w:anchor"), bookmark)
            link.set(qn("w:history"), "1")
            writer.run(link, entry.title)
            if bookmark:
                number = (pages or {}).get(entry.id)
                _sub(_sub(link, "r"), "tab")
                _field(link, f" PAGEREF {bookmark} \\h ")
                if number is not None:
                    _sub(_sub(link, "r"), "t").text = str(number)
                _sub(_sub(link, "r"), "fldChar", fldCharType="end")
            if i == last and pages is not None:
                _sub(_sub(p, "r"), "fldChar", fldCharType="end")
        if writer.front_break:  # the first chapter has a running head of its own: a new section
            writer.section_breaks.append(sections.Break(writer.paragraph(parent), "portrait", head))
        else:
            _sub(_sub(writer.paragraph(parent), "r"), "br", type="page")

    @staticmethod
    def _header_footer(docx: Any, writer: Writer, head: str) -> sections.Headers:
        """The footer's page number, and the header parts: the first (``head``) in the document's
        own section properties, one more for each chapter's running head as it is needed."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls, qn

        section = docx.sections[0]
        header = section.header.paragraphs[0]
        header.style = docx.styles["Header"]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        header.add_run(fit(head, HEADER_LIMIT))  # one line: the full title is on the cover
        headers = sections.Headers(docx, writer.sid("Header"))
        for ref in section._sectPr.findall(qn("w:headerReference")):
            if ref.get(qn("w:type")) == "default":
                headers.add(head, ref.get(qn("r:id")))
        footer = section.footer.paragraphs[0]
        footer.style = docx.styles["Footer"]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer._p.append(
            parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>')
        )
        return headers

    @staticmethod
    def _properties(docx: Any, resolved: Resolved) -> None:
        props = docx.core_properties
        meta = resolved.doc.meta
        props.title = fit(resolved.title)
        props.author = fit(meta.author or "")
        props.subject = fit(meta.description or meta.subtitle or "")
        props.keywords = fit(", ".join(meta.keywords))
        props.language = fit(resolved.locale)
        props.last_modified_by = "pledgeconv"
        props.comments = ""
        props.category = fit(meta.election or "")
        props.revision = 1
        when = build_date().replace(tzinfo=None)
        props.created = when
        props.modified = when
        props.last_printed = when
        _application(docx)
