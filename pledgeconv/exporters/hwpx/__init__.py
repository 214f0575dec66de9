"""HWPX exporter (한글, OWPML / KS X 6101): styles 한글 users expect, real numbering and footnotes."""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from ...frontpages import byline
from ...model import Document
from ...options import ExportOptions
from ...resolved import Rendered, Resolved
from ...transforms import plain_text
from .body import Body, Ctx, hyperlink_field
from .header import CODE_FACE, DEFAULT_BODY_FACE, DEFAULT_HEADING_FACE, Shapes
from .package import package
from .styles import STYLES, page, style_para
from .xml import DECLARATION, NAMESPACES, attrs


class HwpxExporter:
    """A 한글 document (.hwpx) a campaign office can edit and print."""

    name: ClassVar[str] = "hwpx"
    suffixes: ClassVar[tuple[str, ...]] = (".hwpx",)

    def export(self, resolved: Resolved, options: ExportOptions) -> Rendered:
        doc = resolved.doc
        paper = page(options.paper)
        shapes = Shapes()
        body = Body(resolved, shapes, paper)
        title = resolved.title
        cover = resolved.has_cover("hwpx")
        parts: list[str] = []
        if cover:
            parts.append(self._cover(doc, body, title, resolved.date))
        entries = resolved.contents.shown
        if entries:
            parts.append(body.paragraph("toc-heading", body.run("toc-heading", resolved.labels["contents"])))
            for entry in entries:
                key = f"toc{min(entry.level, 3)}"
                runs = body.run(key, entry.title)
                para = None
                if entry.id in body.bookmarks:  # each entry jumps to its heading; its page: 한글's
                    runs = body.field(key, hyperlink_field("#" + entry.id), runs) + body.page_reference(
                        key, entry.id
                    )
                    base = style_para(key, shapes)
                    para = shapes.para(replace(base, tab=paper.text_width - base.left))
                parts.append(body.paragraph(key, runs, para=para))
            body.page_break_next = True
        # The section is kept as UTF-8 pieces, one per top-level block, and written into the package
        # piece by piece: a book's section XML is never one string (nor a string and its bytes).
        pieces = [part.encode("utf-8") for part in parts if part]
        ctx = Ctx()
        for block in doc.blocks:
            xml = body.block(block, ctx)
            if xml:
                pieces.append(xml.encode("utf-8"))
        if not pieces:
            pieces.append(body.paragraph("body", "").encode("utf-8"))
        # The section properties (page, footnote shape, page number, running header) open the first
        # paragraph, as 한글 writes them.
        cut = pieces[0].index(b">") + 1
        pieces[0] = pieces[0][:cut] + self._sec_pr(body, title, cover).encode("utf-8") + pieces[0][cut:]
        section = [f"{DECLARATION}<hs:sec {NAMESPACES}>".encode(), *pieces, b"</hs:sec>"]
        east = options.east_asian_font.strip()
        faces = (east or DEFAULT_BODY_FACE, east or DEFAULT_HEADING_FACE, CODE_FACE)
        style_ids = [body.styles[key][1:] for key, _ in STYLES]
        header = shapes.render(faces, [s for _, s in STYLES], style_ids)
        meta = {
            "title": title,
            "author": byline(doc.meta) or doc.meta.author,
            "subject": doc.meta.subtitle or doc.meta.election,
            "description": doc.meta.description,
            "keywords": ", ".join(doc.meta.keywords),
            "language": resolved.lang,
        }
        preview = "\n".join(plain_text(b.children) for b in doc.blocks if hasattr(b, "children"))[:1000]
        return Rendered(package(header, section, meta, body.images, preview))

    @staticmethod
    def _cover(doc: Document, body: Body, title: str, date: str) -> str:
        meta = doc.meta
        out = []
        if meta.election:
            out.append(body.paragraph("cover-detail", body.run("cover-detail", meta.election)))
        out.append(body.paragraph("cover-title", body.run("cover-title", title)))
        if meta.subtitle:
            out.append(body.paragraph("cover-subtitle", body.run("cover-subtitle", meta.subtitle)))
        if meta.cover is not None:
            described = f"{body.labels['cover']}: {title}"  # its text, as the EPUB's cover says
            pic = body.picture(meta.cover, body.page.text_width, body.page.height * 40 // 100, described)
            if pic is not None:
                out.append(
                    body.paragraph(
                        "figure", f'<hp:run charPrIDRef="{body.char_id("figure")}">{pic}<hp:t/></hp:run>'
                    )
                )
        if byline(meta):
            out.append(body.paragraph("cover-detail", body.run("cover-detail", byline(meta))))
        if date:
            out.append(body.paragraph("cover-detail", body.run("cover-detail", date)))
        body.page_break_next = True
        return "".join(out)

    @staticmethod
    def _sec_pr(body: Body, title: str, cover: bool) -> str:
        p = body.page
        hide = int(cover)
        return (
            f'<hp:run charPrIDRef="{body.char_id("normal")}"><hp:secPr id="" textDirection="HORIZONTAL" '
            'spaceColumns="1134" tabStop="8000" tabStopVal="4000" tabStopUnit="HWPUNIT" outlineShapeIDRef="1" '
            'memoShapeIDRef="0" textVerticalWidthHead="0" masterPageCnt="0">'
            '<hp:grid lineGrid="0" charGrid="0" wonggojiFormat="0"/>'
            '<hp:startNum pageStartsOn="BOTH" page="0" pic="0" tbl="0" equation="0"/>'
            f'<hp:visibility hideFirstHeader="{hide}" hideFirstFooter="{hide}" hideFirstMasterPage="0" '
            f'border="SHOW_ALL" fill="SHOW_ALL" hideFirstPageNum="{hide}" hideFirstEmptyLine="0" showLineNumber="0"/>'
            '<hp:lineNumberShape restartType="0" countBy="0" distance="0" startNumber="0"/>'
            f'<hp:pagePr landscape="WIDELY"{attrs(width=p.width, height=p.height)} gutterType="LEFT_ONLY">'
            f'<hp:margin{attrs(header=p.header, footer=p.footer)} gutter="0"'
            f"{attrs(left=p.left, right=p.right, top=p.top, bottom=p.bottom)}/></hp:pagePr>"
            '<hp:footNotePr><hp:autoNumFormat type="DIGIT" userChar="" prefixChar="" suffixChar=")" supscript="0"/>'
            '<hp:noteLine length="-1" type="SOLID" width="0.12 mm" color="#000000"/>'
            '<hp:noteSpacing betweenNotes="283" belowLine="567" aboveLine="850"/>'
            '<hp:numbering type="CONTINUOUS" newNum="1"/><hp:placement place="EACH_COLUMN" beneathText="0"/>'
            "</hp:footNotePr>"
            '<hp:endNotePr><hp:autoNumFormat type="DIGIT" userChar="" prefixChar="" suffixChar=")" supscript="0"/>'
            '<hp:noteLine length="14692344" type="SOLID" width="0.12 mm" color="#000000"/>'
            '<hp:noteSpacing betweenNotes="0" belowLine="567" aboveLine="850"/>'
            '<hp:numbering type="CONTINUOUS" newNum="1"/><hp:placement place="END_OF_DOCUMENT" beneathText="0"/>'
            "</hp:endNotePr>"
            + "".join(
                f'<hp:pageBorderFill type="{kind}" borderFillIDRef="1" textBorder="PAPER" headerInside="0" '
                'footerInside="0" fillArea="PAPER"><hp:offset left="1417" right="1417" top="1417" bottom="1417"/>'
                "</hp:pageBorderFill>"
                for kind in ("BOTH", "EVEN", "ODD")
            )
            + "</hp:secPr>"
            '<hp:ctrl><hp:colPr id="" type="NEWSPAPER" layout="LEFT" colCount="1" sameSz="1" sameGap="0"/></hp:ctrl>'
            f"{body.header_ctrl(body.first_head)}"
            '<hp:ctrl><hp:pageNum pos="BOTTOM_CENTER" formatType="DIGIT" sideChar="-"/></hp:ctrl>'
            "</hp:run>"
        )
