"""EPUB 3 exporter (ebooklib): one XHTML file per H1 chapter, nav + NCX, accessible, deterministic."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from collections.abc import Sequence
from dataclasses import replace
from typing import Any, ClassVar

from ..errors import ExportError
from ..links import LinkTarget
from ..model import Image
from ..options import ExportOptions
from ..pictures import for_format
from ..reproducible import build_date, normalise_zip
from ..resolved import Rendered, Resolved
from ..resources import MAX_IMAGE_BYTES, sniff_mime
from ..sanitize import xml_text
from ..version import PRODUCER
from .css import HYPHENATION_POINT, MIDDLE_DOT_FAMILY, STYLESHEET, middle_dot_css, middle_dot_font
from .epubmeta import CONFORMS_TO, accessibility_facts
from .html import BodyRenderer, attr, escape, title_lines, toc_html

XHTML_HEAD = (
    '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
    '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops" '
    'lang="{lang}" xml:lang="{lang}">\n<head>\n<meta charset="utf-8" />\n<title>{title}</title>\n'
    '<link rel="stylesheet" type="text/css" href="styles/pledge.css" />\n</head>\n'
)
ID_NAMESPACE = uuid.UUID("6c0c5f4e-6a43-5b7e-9d0e-70ec1ed9c0a1")  # pledgeconv's UUID5 namespace
W3CDTF = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
FONT_FAMILY = "PledgeconvNanumGothic"
SCRIPTED = re.compile(r"<script\b|<[^>]+\son[a-z]+=", re.IGNORECASE)  # only with --unsafe-html


class Package:
    """The files of the book: links to headings go to their chapter's file, notes live in the
    chapter of their first reference, images are copied in once per distinct content."""

    format = "epub"

    def __init__(self, resolved: Resolved) -> None:
        self.resolved = resolved
        self.by_path: dict[str, str] = {}
        self.by_digest: dict[str, str] = {}
        self.files: list[tuple[str, bytes, str]] = []  # (name, data, media type)

    def link(self, target: LinkTarget, current: str) -> str:
        if target.kind == "heading":
            file = self.resolved.chapters[target.chapter].file
            return f"#{target.heading}" if file == current else f"{file}#{target.heading}"
        return target.href  # a web address (nothing outside the package is kept: links.KEPT)

    def note_file(self, number: int) -> str:
        return self.resolved.chapters[self.resolved.note_chapter[number]].file

    def image_src(self, image: Image) -> str | None:
        found = self.resolved.image(image)
        if found is None:
            return None
        name = self.by_path.get(found.path)
        if name is None:
            found = for_format(found, "epub")
            name = self.by_path[found.path] = self.add(found.data, found.mime, found.extension)
        return name

    def add(self, data: bytes, mime: str, extension: str) -> str:
        """The package name of an image with these bytes (added once)."""
        digest = hashlib.sha256(data).hexdigest()
        name = self.by_digest.get(digest)
        if name is None:
            name = f"images/img{len(self.files) + 1:04d}.{extension}"
            self.by_digest[digest] = name
            self.files.append((name, data, mime))
        return name

    def raw_image_src(self, src: str) -> str | None:
        """Where a raw-HTML ``<img>`` points in the package: an image already in it, or a
        ``data:`` image (a remote one fetched with --allow-remote) stored as a file; else None."""
        if src in self.by_digest.values():
            return src
        if src.startswith("data:image/") and ";base64," in src:
            import base64
            import binascii

            try:
                data = base64.b64decode(src.split(",", 1)[1], validate=True)
            except (binascii.Error, ValueError):
                return None
            mime = sniff_mime(data)
            extension = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}
            if mime in extension and len(data) <= MAX_IMAGE_BYTES:
                return self.add(data, mime, extension[mime])
        return None


def _font_css(chars: set[str], options: ExportOptions) -> tuple[str, list[tuple[str, bytes]]]:
    """Subset the bundled Korean font to ``chars`` (fontTools) and the @font-face rules for it."""
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    from ..fonts import bundled

    text = "".join(sorted(chars))
    files: list[tuple[str, bytes]] = []
    css: list[str] = []
    for role, weight in (("regular", 400), ("bold", 700)):
        font = TTFont(str(bundled(role)), lazy=True)
        opts = subset.Options()
        opts.name_IDs = ["*"]
        opts.name_languages = ["*"]
        opts.notdef_outline = True
        opts.recalc_timestamp = False
        opts.layout_features = ["*"]
        opts.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "DSIG"]  # VTT sources, signature
        logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
        subsetter = subset.Subsetter(opts)
        subsetter.populate(text=text)
        subsetter.subset(font)
        buf = io.BytesIO()
        font.save(buf)
        name = f"fonts/NanumGothic-{role}.ttf"
        files.append((name, buf.getvalue()))
        css.append(
            f'@font-face {{ font-family: "{FONT_FAMILY}"; font-weight: {weight}; font-style: normal; '
            f'src: url("../{name}") format("truetype"); }}'
        )
    css.append(
        f'html {{ font-family: "{MIDDLE_DOT_FAMILY}", "{FONT_FAMILY}", "Noto Sans KR", "Apple SD Gothic Neo", sans-serif; }}'
    )
    return "\n".join(css) + "\n", files


class EpubExporter:
    """EPUB 3 with an EPUB 2 NCX; passes epubcheck 5 with no messages."""

    name: ClassVar[str] = "epub"
    suffixes: ClassVar[tuple[str, ...]] = (".epub",)

    def export(self, resolved: Resolved, options: ExportOptions) -> Rendered:
        from ebooklib import epub

        # ebooklib refuses control characters in metadata (parsed input never has them).
        m = resolved.doc.meta
        meta = replace(m, title=xml_text(m.title), subtitle=xml_text(m.subtitle), author=xml_text(m.author),
                       party=xml_text(m.party), election=xml_text(m.election), date=xml_text(m.date),
                       lang=xml_text(m.lang), identifier=xml_text(m.identifier),
                       description=xml_text(m.description), keywords=tuple(xml_text(k) for k in m.keywords))  # fmt: skip
        resolved = replace(resolved, doc=replace(resolved.doc, meta=meta), title=xml_text(resolved.title),
                           lang=xml_text(resolved.lang))  # fmt: skip
        doc = resolved.doc
        lang, title = resolved.lang, resolved.title
        images = Package(resolved)
        renderer = BodyRenderer(resolved, options, xhtml=True, files=images)

        chapters = resolved.chapters
        bodies = []
        for chapter in chapters:
            renderer.begin_file(chapter.file)
            bodies.append(renderer.blocks(chapter.blocks))
        xhtml: dict[str, str] = {}
        for chapter, body in zip(chapters, bodies, strict=True):
            renderer.begin_file(chapter.file)
            notes = renderer.footnotes(chapter.notes)
            xhtml[chapter.file] = (
                XHTML_HEAD.format(lang=attr(lang), title=escape(chapter.title))
                + f'<body>\n<main>\n<section epub:type="chapter" role="doc-chapter">\n{body}</section>\n{notes}</main>\n'
                "</body>\n</html>\n"
            )

        cover_href = images.image_src(meta.cover) if meta.cover is not None else None
        titlepage = self._titlepage(resolved, cover_href) if resolved.has_cover("epub") else ""
        # The navigation document is always there (reading systems build their menu from it); it
        # is a page of the reading order only when the document gets a contents page (else linear="no").
        entries = resolved.contents.entries
        nav = self._nav(entries, renderer, resolved, bool(titlepage))

        book = epub.EpubBook()
        identifier = meta.identifier or "urn:uuid:" + str(
            uuid.uuid5(ID_NAMESPACE, hashlib.sha256("".join(xhtml.values()).encode()).hexdigest())
        )
        book.set_identifier(identifier)
        book.set_title(title)
        book.set_language(lang)
        # ebooklib names itself the generator; the book's maker is pledgeconv (with its version)
        book.set_unique_metadata("OPF", "generator", "", {"name": "generator", "content": PRODUCER})
        if meta.author:
            book.add_author(meta.author)
        if meta.party:
            book.add_metadata("DC", "publisher", meta.party)
        if meta.date and W3CDTF.match(meta.date):
            book.add_metadata("DC", "date", meta.date)
        if meta.description:
            book.add_metadata("DC", "description", meta.description)
        for keyword in meta.keywords:
            book.add_metadata("DC", "subject", keyword)
        self._accessibility(book, resolved, images, [titlepage, nav, *xhtml.values()])

        css = STYLESHEET + (("\n" + options.css) if options.css else "")
        font_files: list[tuple[str, bytes]] = []
        if options.embed_fonts:
            chars = set(titlepage + nav + "".join(xhtml.values()))
            font_css, font_files = _font_css(chars, options)
            css = font_css + css
        if HYPHENATION_POINT in titlepage or any(HYPHENATION_POINT in page for page in xhtml.values()):
            font_files.append(("fonts/middle-dot.woff", middle_dot_font()))
            css = middle_dot_css("../fonts/middle-dot.woff") + css
        book.add_item(
            epub.EpubItem(
                uid="css", file_name="styles/pledge.css", media_type="text/css", content=css.encode()
            )
        )
        for i, (name, data) in enumerate(font_files, 1):
            media_type = "font/woff" if name.endswith(".woff") else "font/ttf"
            book.add_item(epub.EpubItem(uid=f"font{i}", file_name=name, media_type=media_type, content=data))
        for i, (name, data, mime) in enumerate(images.files, 1):
            item = epub.EpubItem(uid=f"img{i:04d}", file_name=name, media_type=mime, content=data)
            if name == cover_href:
                item.properties = ["cover-image"]
                book.add_metadata(None, "meta", "", {"name": "cover", "content": item.id})
            book.add_item(item)

        def page(uid: str, file: str, content: str, properties: Sequence[str] = ()) -> Any:
            item = epub.EpubItem(
                uid=uid, file_name=file, media_type="application/xhtml+xml", content=content.encode()
            )
            item.properties = list(properties)
            book.add_item(item)
            return item

        spine = [page("titlepage", "titlepage.xhtml", titlepage)] if titlepage else []
        navigation = page("nav", "nav.xhtml", nav, ["nav"])
        spine.append(navigation if resolved.contents.page else (navigation, "no"))
        spine += [
            page(f"ch{i:03d}", c.file, xhtml[c.file], ["scripted"] if SCRIPTED.search(xhtml[c.file]) else [])
            for i, c in enumerate(chapters, 1)
        ]
        book.spine = spine
        book.toc = self._ncx_toc(entries, resolved, epub)
        book.add_item(epub.EpubNcx())

        buf = io.BytesIO()
        try:
            epub.write_epub(
                buf,
                book,
                {
                    "raise_exceptions": True,
                    "epub2_guide": False,
                    "epub3_landmark": False,
                    "epub3_pages": False,
                    "mtime": build_date(),
                },
            )
        except Exception as exc:
            raise ExportError(f"{doc.source or '<input>'}: epub: ebooklib failed: {exc}") from exc
        return Rendered(
            normalise_zip(
                buf.getvalue(),
                first=("mimetype", "META-INF/container.xml", "EPUB/content.opf"),
                stored=("mimetype",),
                # The package's own language (ebooklib writes dc:language only): reading systems and
                # DAISY Ace take the metadata's language from it.
                splice={"EPUB/content.opf": (b"<package ", (f'<package xml:lang="{attr(lang)}" '.encode(),))},
            )
        )

    @staticmethod
    def _titlepage(resolved: Resolved, cover_href: str | None) -> str:
        meta = resolved.doc.meta
        title, lang, labels = resolved.title, resolved.lang, resolved.labels
        cover = None
        if cover_href:
            cover = f'<img src="{attr(cover_href)}" alt="{attr(labels["cover"])}: {attr(title)}" />'
        parts = [
            '<section epub:type="titlepage" class="title-block titlepage">',
            *title_lines(meta, title, cover, resolved.date),
        ]
        parts.append("</section>")
        return (
            XHTML_HEAD.format(lang=attr(lang), title=escape(title))
            + "<body>\n<main>\n"
            + "\n".join(parts)
            + "\n</main>\n</body>\n</html>\n"
        )

    @staticmethod
    def _nav(entries: Sequence[Any], renderer: BodyRenderer, resolved: Resolved, titlepage: bool) -> str:
        chapters, title, lang, labels = resolved.chapters, resolved.title, resolved.lang, resolved.labels
        renderer.begin_file("nav.xhtml")
        items: list[str] = []
        if entries:
            items.append(toc_html(entries, renderer, lambda hid: f"{resolved.chapter_file(hid)}#{hid}"))
        else:
            items.append(
                "<ol>\n"
                + "".join(f'<li><a href="{c.file}">{escape(c.title)}</a></li>\n' for c in chapters)
                + "</ol>\n"
            )
        cover = f'<li><a epub:type="titlepage" href="titlepage.xhtml">{escape(labels["cover"])}</a></li>\n'
        landmarks = (
            f'<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<h2>{escape(labels["contents"])}</h2>\n<ol>\n'
            f"{cover if titlepage else ''}"
            f'<li><a epub:type="toc" href="nav.xhtml#toc">{escape(labels["contents"])}</a></li>\n'
            f'<li><a epub:type="bodymatter" href="{chapters[0].file}">{escape(title)}</a></li>\n'
            "</ol>\n</nav>\n"
        )
        return (
            XHTML_HEAD.format(lang=attr(lang), title=escape(labels["contents"]))
            + f'<body>\n<main>\n<nav epub:type="toc" id="toc" role="doc-toc">\n<h1>{escape(labels["contents"])}</h1>\n'
            + "".join(items)
            + "</nav>\n</main>\n"
            + landmarks
            + "</body>\n</html>\n"
        )

    @staticmethod
    def _ncx_toc(entries: Sequence[Any], resolved: Resolved, epub: Any) -> list[Any]:
        chapters = resolved.chapters
        if not entries:
            return [epub.Link(c.file, xml_text(c.title), f"nav-{i}") for i, c in enumerate(chapters, 1)]
        root: list[Any] = []
        stack: list[tuple[int, list[Any]]] = [(0, root)]
        for i, entry in enumerate(entries, 1):
            link = epub.Link(
                f"{resolved.chapter_file(entry.id) or chapters[0].file}#{entry.id}",
                xml_text(entry.title),
                f"nav-{i}",
            )
            while len(stack) > 1 and entry.level <= stack[-1][0]:
                stack.pop()
            children: list[Any] = []
            stack[-1][1].append([link, children])
            stack.append((entry.level, children))

        def freeze(nodes: list[Any]) -> list[Any]:
            out: list[Any] = []
            for link, children in nodes:
                if children:
                    out.append((epub.Section(link.title, link.href), freeze(children)))
                else:
                    out.append(link)
            return out

        return freeze(root)

    @staticmethod
    def _accessibility(book: Any, resolved: Resolved, images: Package, pages: Sequence[str]) -> None:
        """Discovery metadata (schema.org) true of this book, and the EPUB Accessibility 1.1 claim
        (WCAG 2.2 AA) when nothing in it is known to fall short: every picture has its text, no script."""
        facts = accessibility_facts(resolved, images, pages)
        add = book.add_metadata
        for mode in facts.modes:
            add(None, "meta", mode, {"property": "schema:accessMode"})
        for sufficient in facts.sufficient:
            add(None, "meta", sufficient, {"property": "schema:accessModeSufficient"})
        for feature in facts.features:
            add(None, "meta", feature, {"property": "schema:accessibilityFeature"})
        add(None, "meta", "none", {"property": "schema:accessibilityHazard"})
        add(None, "meta", facts.summary, {"property": "schema:accessibilitySummary"})
        if facts.conforms:
            add(None, "meta", CONFORMS_TO, {"property": "dcterms:conformsTo"})
