"""EPUB 3 exporter (ebooklib): one XHTML file per H1 chapter, nav + NCX, accessible, deterministic."""

from __future__ import annotations

import hashlib
import io
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar

from ..errors import ExportError
from ..labels import labels_for
from ..model import Block, Document, Heading, Image, Note
from ..options import ExportOptions
from ..reproducible import build_date, normalise_zip
from ..resources import sniff_mime
from ..sanitize import xml_text
from ..transforms import iter_blocks, iter_inlines, note_homes, plain_text, split_at_h1, toc
from .css import STYLESHEET
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


@dataclass
class Chapter:
    """One XHTML file of the book: a run of blocks that starts at an H1 (or the document start)."""

    file: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    xhtml: str = ""


def split_chapters(doc: Document, fallback_title: str) -> list[Chapter]:
    """One chapter file per top-level H1; blocks before the first H1 form their own file."""
    chapters = []
    for i, part in enumerate(split_at_h1(doc.blocks), 1):
        first = part[0]
        title = (
            plain_text(first.children) if isinstance(first, Heading) and first.level == 1 else fallback_title
        )
        chapters.append(Chapter(f"ch{i:03d}.xhtml", title or fallback_title, part))
    return chapters or [Chapter("ch001.xhtml", fallback_title)]


class _Images:
    """Images copied into the book under generated names, one file per distinct content."""

    def __init__(self) -> None:
        self.by_path: dict[str, str] = {}
        self.by_digest: dict[str, str] = {}
        self.files: list[tuple[str, bytes, str]] = []  # (name, data, media type)

    def href(self, image: Image) -> str | None:
        if image.resolved is None:
            return None
        name = self.by_path.get(image.resolved)
        if name is None:
            data = Path(image.resolved).read_bytes()
            digest = hashlib.sha256(data).hexdigest()
            name = self.by_digest.get(digest)
            if name is None:
                mime = sniff_mime(data)
                ext = {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}[
                    mime
                ]
                name = f"images/img{len(self.files) + 1:04d}.{ext}"
                self.by_digest[digest] = name
                self.files.append((name, data, mime))
            self.by_path[image.resolved] = name
        return name


def _place_notes(doc: Document, chapters: list[Chapter]) -> dict[int, str]:
    """Each note goes to the chapter of its first reference (unreferenced ones: the last chapter)."""
    homes = note_homes([c.blocks for c in chapters], doc.notes)
    for note in doc.notes:
        chapters[homes[note.number]].notes.append(note)
    return {number: chapters[index].file for number, index in homes.items()}


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
    css.append(f'html {{ font-family: "{FONT_FAMILY}", "Noto Sans KR", "Apple SD Gothic Neo", sans-serif; }}')
    return "\n".join(css) + "\n", files


class EpubExporter:
    """EPUB 3 with an EPUB 2 NCX; passes epubcheck 5 with no messages."""

    name: ClassVar[str] = "epub"
    suffixes: ClassVar[tuple[str, ...]] = (".epub",)

    def export(self, doc: Document, options: ExportOptions) -> bytes:
        from ebooklib import epub

        # ebooklib refuses control characters in metadata (parsed input never has them).
        m = doc.meta
        meta = replace(m, title=xml_text(m.title), subtitle=xml_text(m.subtitle), author=xml_text(m.author),
                       party=xml_text(m.party), election=xml_text(m.election), date=xml_text(m.date),
                       lang=xml_text(m.lang), identifier=xml_text(m.identifier),
                       description=xml_text(m.description), keywords=tuple(xml_text(k) for k in m.keywords))  # fmt: skip
        doc = replace(doc, meta=meta)
        lang = meta.lang or "ko"
        labels = labels_for(lang)
        title = meta.title or Path(doc.source).stem or labels["untitled"]
        renderer = BodyRenderer(doc, options, xhtml=True)
        images = _Images()
        renderer.image_href = images.href

        chapters = split_chapters(doc, title)
        renderer.note_files = _place_notes(doc, chapters)
        head_files: dict[str, str] = {}
        for chapter in chapters:
            for block in iter_blocks(chapter.blocks):
                if isinstance(block, Heading) and block.id:
                    head_files[block.id] = chapter.file
        renderer.link_href = lambda href: _package_link(href, head_files, renderer.current_file)
        bodies = []
        for chapter in chapters:
            renderer.current_file = chapter.file
            bodies.append(renderer.blocks(chapter.blocks))
        for chapter, body in zip(chapters, bodies, strict=True):
            renderer.current_file = chapter.file
            notes = renderer.footnotes(chapter.notes)
            chapter.xhtml = (
                XHTML_HEAD.format(lang=attr(lang), title=escape(chapter.title))
                + f'<body>\n<section epub:type="chapter" role="doc-chapter">\n{body}</section>\n{notes}</body>\n</html>\n'
            )

        cover_href = images.href(meta.cover) if meta.cover is not None else None
        titlepage = self._titlepage(doc, title, lang, cover_href)
        entries = toc(doc, min(options.toc_depth, 3))
        nav = self._nav(entries, renderer, head_files, chapters, title, lang, labels)

        book = epub.EpubBook()
        identifier = meta.identifier or "urn:uuid:" + str(
            uuid.uuid5(ID_NAMESPACE, hashlib.sha256("".join(c.xhtml for c in chapters).encode()).hexdigest())
        )
        book.set_identifier(identifier)
        book.set_title(title)
        book.set_language(lang)
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
        self._accessibility(book, doc, images, labels, lang)

        css = STYLESHEET + (("\n" + options.css) if options.css else "")
        font_files: list[tuple[str, bytes]] = []
        if options.embed_fonts:
            chars = set(titlepage + nav + "".join(c.xhtml for c in chapters))
            font_css, font_files = _font_css(chars, options)
            css = font_css + css
        book.add_item(
            epub.EpubItem(
                uid="css", file_name="styles/pledge.css", media_type="text/css", content=css.encode()
            )
        )
        for i, (name, data) in enumerate(font_files, 1):
            book.add_item(epub.EpubItem(uid=f"font{i}", file_name=name, media_type="font/ttf", content=data))
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

        spine = [page("titlepage", "titlepage.xhtml", titlepage), page("nav", "nav.xhtml", nav, ["nav"])]
        spine += [
            page(f"ch{i:03d}", c.file, c.xhtml, ["scripted"] if SCRIPTED.search(c.xhtml) else [])
            for i, c in enumerate(chapters, 1)
        ]
        book.spine = spine
        book.toc = self._ncx_toc(entries, head_files, chapters, epub)
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
        return normalise_zip(
            buf.getvalue(),
            first=("mimetype", "META-INF/container.xml", "EPUB/content.opf"),
            stored=("mimetype",),
        )

    @staticmethod
    def _titlepage(doc: Document, title: str, lang: str, cover_href: str | None) -> str:
        meta = doc.meta
        labels = labels_for(lang)
        cover = None
        if cover_href:
            cover = f'<img src="{attr(cover_href)}" alt="{attr(labels["cover"])}: {attr(title)}" />'
        parts = [
            '<section epub:type="titlepage" class="title-block titlepage">',
            *title_lines(meta, title, cover),
        ]
        parts.append("</section>")
        return (
            XHTML_HEAD.format(lang=attr(lang), title=escape(title))
            + "<body>\n"
            + "\n".join(parts)
            + "\n</body>\n</html>\n"
        )

    @staticmethod
    def _nav(
        entries: Sequence[Any],
        renderer: BodyRenderer,
        head_files: dict[str, str],
        chapters: list[Chapter],
        title: str,
        lang: str,
        labels: dict[str, str],
    ) -> str:
        renderer.current_file = "nav.xhtml"
        items: list[str] = []
        if entries:
            items.append(toc_html(entries, renderer, lambda hid: f"{head_files[hid]}#{hid}"))
        else:
            items.append(
                "<ol>\n"
                + "".join(f'<li><a href="{c.file}">{escape(c.title)}</a></li>\n' for c in chapters)
                + "</ol>\n"
            )
        landmarks = (
            f'<nav epub:type="landmarks" id="landmarks" hidden="hidden">\n<h2>{escape(labels["contents"])}</h2>\n<ol>\n'
            f'<li><a epub:type="titlepage" href="titlepage.xhtml">{escape(labels["cover"])}</a></li>\n'
            f'<li><a epub:type="toc" href="nav.xhtml#toc">{escape(labels["contents"])}</a></li>\n'
            f'<li><a epub:type="bodymatter" href="{chapters[0].file}">{escape(title)}</a></li>\n'
            "</ol>\n</nav>\n"
        )
        return (
            XHTML_HEAD.format(lang=attr(lang), title=escape(labels["contents"]))
            + f'<body>\n<nav epub:type="toc" id="toc" role="doc-toc">\n<h1>{escape(labels["contents"])}</h1>\n'
            + "".join(items)
            + "</nav>\n"
            + landmarks
            + "</body>\n</html>\n"
        )

    @staticmethod
    def _ncx_toc(
        entries: Sequence[Any], head_files: dict[str, str], chapters: list[Chapter], epub: Any
    ) -> list[Any]:
        if not entries:
            return [epub.Link(c.file, c.title, f"nav-{i}") for i, c in enumerate(chapters, 1)]
        root: list[Any] = []
        stack: list[tuple[int, list[Any]]] = [(0, root)]
        for i, entry in enumerate(entries, 1):
            link = epub.Link(
                f"{head_files.get(entry.id, chapters[0].file)}#{entry.id}", entry.title, f"nav-{i}"
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
    def _accessibility(book: Any, doc: Document, images: _Images, labels: dict[str, str], lang: str) -> None:
        all_images = [n for n in iter_inlines(doc.blocks) if isinstance(n, Image)]
        shown = [i for i in all_images if i.resolved is not None]
        modes = ["textual"] + (["visual"] if shown or images.files else [])
        features = ["tableOfContents", "readingOrder", "structuralNavigation"]
        if shown and all(i.alt.strip() for i in shown):
            features.append("alternativeText")
        if any(type(b).__name__ == "Table" for b in iter_blocks(doc.blocks)):
            features.append("table")
        add = book.add_metadata
        for mode in modes:
            add(None, "meta", mode, {"property": "schema:accessMode"})
        add(None, "meta", "textual", {"property": "schema:accessModeSufficient"})
        for feature in features:
            add(None, "meta", feature, {"property": "schema:accessibilityFeature"})
        add(None, "meta", "none", {"property": "schema:accessibilityHazard"})
        if lang.startswith("ko"):
            summary = "모든 내용은 텍스트로 제공되며, 차례와 제목 구조로 탐색할 수 있습니다."
            if shown:
                summary += (
                    " 그림에는 대체 텍스트가 있습니다."
                    if "alternativeText" in features
                    else " 일부 그림에는 대체 텍스트가 없습니다."
                )
        else:
            summary = "All content is available as text, navigable by table of contents and headings."
        add(None, "meta", summary, {"property": "schema:accessibilitySummary"})


def _package_link(href: str, head_files: dict[str, str], current: str) -> str | None:
    """Where a link may point inside an EPUB: the web, or a heading of this book; None unlinks it."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(href)
    if parts.scheme:
        return href
    if not parts.path and parts.fragment:
        target = unquote(parts.fragment)
        file = head_files.get(target)
        if file is None:
            return None
        return f"#{target}" if file == current else f"{file}#{target}"
    return None  # a relative file link: the file is not in the package
