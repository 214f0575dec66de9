"""HTML exporter: standalone HTML5 (or a body fragment), also the body renderer EPUB reuses."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import ClassVar, Protocol, assert_never

from .. import outline
from ..frontpages import TocEntry, byline, title_is_first_h1
from ..korean import NO_LINE_START, mark_breaks, sorted_chars
from ..labels import callout_label
from ..links import LinkTarget
from ..model import (
    Block,
    BlockQuote,
    BulletList,
    Callout,
    Code,
    CodeBlock,
    Div,
    Emph,
    Figure,
    Heading,
    Image,
    Inline,
    LineBreak,
    Link,
    ListItem,
    Meta,
    Note,
    NoteRef,
    OrderedList,
    Paragraph,
    RawBlock,
    RawInline,
    Slogan,
    SoftBreak,
    Span,
    Strike,
    Strong,
    Table,
    TableCell,
    Text,
    ThematicBreak,
)
from ..options import ExportOptions
from ..pictures import for_format
from ..resolved import Rendered, Resolved
from ..sanitize import html_escape, image_placeholder, safe_url, to_xhtml
from ..transforms import plain_text
from ..version import PRODUCER
from .css import HYPHENATION_POINT, STYLESHEET, middle_dot_css, middle_dot_font

escape = html_escape  # element content (``"`` too, as CommonMark renderers do)


def attr(text: str) -> str:
    """Escape text for a double-quoted attribute value."""
    return escape(text)


# Closing marks and units (KLREQ's table, less sentence punctuation and middle dots): a Korean
# particle may follow them inside one word, as in 10%로, (안)을, 「법」에.
_GLUE_SET = NO_LINE_START - frozenset(".,?!:;．，？！：；、。·‧ㆍ…‥")
_GLUE = sorted_chars(_GLUE_SET)
_WRAP_MARKS = re.compile(f"[\u2014\u2015\u00b7\u318d{re.escape(_GLUE)}]")  # — ― · ㆍ and the above
_PARTICLE = re.compile(f"(?<=[{re.escape(_GLUE)}])(?=[\uac00-\ud7a3])")
# A middle dot takes a word joiner before it, unless a space is there (a joiner would hold its break).
_DOTS = tuple((dot, f" {dot} ", re.compile(f"(?<![ \u00a0]){dot}")) for dot in ("\u00b7", "\u318d"))


def prose(text: str) -> str:
    """Running text as Korean typesetting wraps it: a dash keeps the word after it on its line
    (an attribution's "— 김하늘" never leaves its dash behind), a middle dot never starts a line
    (browsers may break before · and ㆍ: "국비" / "·시비"), and a particle stays with a word that
    ends in a unit or closing mark (browsers break "10%" / "로"). After a middle dot and a hyphen the
    one rule of :func:`pledgeconv.korean.mark_breaks` holds (a long ㆍ list may break after its dots,
    "전향적·미래지향적" and "K-외교" never). No-break spaces, word joiners and zero-width spaces say
    so; the reader sees the same text."""
    text = mark_breaks(text)
    if _WRAP_MARKS.search(text) is None:
        return text
    if "\u2014 " in text or "\u2015 " in text:
        text = text.replace("\u2014 ", "\u2014\u00a0").replace("\u2015 ", "\u2015\u00a0")
    for dot, spaced, joined in _DOTS:
        if dot in text:
            text = joined.sub(f"\u2060{dot}", text.replace(spaced, f"\u00a0{dot} "))
    return _PARTICLE.sub("\u2060", text)  # (one pass of C: no mark, no change)


def _last_char(node: Inline) -> str:
    """The last character of an inline's text ("" for breaks, notes, images and raw HTML)."""
    while isinstance(node, (Emph, Strong, Strike, Link, Span)) and node.children:
        node = node.children[-1]
    if isinstance(node, (Text, Code)):
        return node.text[-1:]
    return ""


class Files(Protocol):
    """Where the body's links, notes and images point: one HTML file, or the files of a package."""

    format: str  # the format whose links these are ("html", "epub")

    def link(self, target: LinkTarget, current: str) -> str:
        """The ``href`` for a link the format keeps (:data:`pledgeconv.links.KEPT`), from file ``current``."""
        ...

    def note_file(self, number: int) -> str:
        """The file that holds footnote ``number`` ("" for the one file of an HTML page)."""
        ...

    def image_src(self, image: Image) -> str | None:
        """The ``src`` of an image; None draws the placeholder."""
        ...

    def raw_image_src(self, src: str) -> str | None:
        """The ``src`` of an image in raw HTML (EPUB: a file in the package); None: a placeholder."""
        ...


class SingleFile:
    """An HTML page: every link as written, notes at the end, images embedded as data URIs."""

    format = "html"

    def __init__(self, resolved: Resolved, embed_images: bool) -> None:
        self.resolved = resolved
        self.embed_images = embed_images
        self._data_uris: dict[str, str] = {}

    def link(self, target: LinkTarget, current: str) -> str:
        return target.href

    def note_file(self, number: int) -> str:
        return ""

    def raw_image_src(self, src: str) -> str | None:
        return src  # the sanitiser already checked it (a fetched remote image is a data: URI)

    def image_src(self, image: Image) -> str | None:
        if not self.embed_images:
            return safe_url(image.src, image=True)
        found = self.resolved.image(image)
        if found is None:
            return None
        uri = self._data_uris.get(found.path)
        if uri is None:
            found = for_format(found, "html")
            uri = f"data:{found.mime};base64,{base64.b64encode(found.data).decode('ascii')}"
            self._data_uris[found.path] = uri
        return uri


class BodyRenderer:
    """Renders blocks and inlines to HTML (or XHTML, for EPUB) strings."""

    def __init__(
        self, resolved: Resolved, options: ExportOptions, *, xhtml: bool = False, files: Files | None = None
    ) -> None:
        self.resolved = resolved
        self.doc = resolved.doc
        self.options = options
        self.xhtml = xhtml
        self.void = " />" if xhtml else ">"
        self.labels = resolved.labels
        self.files: Files = files if files is not None else SingleFile(resolved, options.embed_images)
        self.noteref_count: dict[int, int] = {}
        self.current_file = ""  # the file being rendered (multi-file output)
        self.ref_locations: dict[int, list[tuple[str, str]]] = {}  # note -> (file, id) of each reference

    def begin_file(self, name: str) -> None:
        """Render what follows into file ``name`` (links and note back-links are relative to it)."""
        self.current_file = name

    def href(self, url: str) -> str | None:
        """Where a link to ``url`` points from the current file; None prints its text only."""
        target = self.resolved.link_in(url, self.files.format)
        return None if target is None else self.files.link(target, self.current_file)

    def raw(self, html: str) -> str:
        """One raw HTML node (sanitised when the document was resolved), as XML for XHTML."""
        if self.xhtml:
            return to_xhtml(html, self.href, self.labels["missing_image"], self.files.raw_image_src)
        return html

    # -- inlines -------------------------------------------------------------

    def inlines(self, items: Sequence[Inline]) -> str:
        out: list[str] = []
        self._inlines(items, out)
        return "".join(out)

    def _inlines(self, items: Sequence[Inline], out: list[str]) -> None:
        for i, node in enumerate(items):
            match node:
                case Text(text=text):
                    if i and "\uac00" <= text[:1] <= "\ud7a3" and _last_char(items[i - 1]) in _GLUE_SET:
                        text = "\u2060" + text  # **10%**로, **마크다운(Markdown)**을: one word
                    out.append(escape(prose(text)))
                case SoftBreak():
                    out.append("\n")
                case LineBreak():
                    out.append(f"<br{self.void}\n")
                case Emph(children=children):
                    out.append("<em>")
                    self._inlines(children, out)
                    out.append("</em>")
                case Strong(children=children):
                    out.append("<strong>")
                    self._inlines(children, out)
                    out.append("</strong>")
                case Strike(children=children):
                    out.append("<del>")
                    self._inlines(children, out)
                    out.append("</del>")
                case Code(text=text):
                    out.append(f"<code>{escape(text)}</code>")
                case Link(children=children, url=url, title=title):
                    href = self.href(url)
                    if href is None:
                        out.append('<span class="unsafe-link">')
                        self._inlines(children, out)
                        out.append("</span>")
                        continue
                    out.append(f'<a href="{attr(href)}"')
                    if title:
                        out.append(f' title="{attr(title)}"')
                    out.append(">")
                    self._inlines(children, out)
                    out.append("</a>")
                case Image():
                    out.append(self.image(node))
                case NoteRef(number=n):
                    k = self.noteref_count.get(n, 0) + 1
                    self.noteref_count[n] = k
                    ref_id = f"fnref-{n}" if k == 1 else f"fnref-{n}-{k}"
                    self.ref_locations.setdefault(n, []).append((self.current_file, ref_id))
                    note_file = self.files.note_file(n) or self.current_file
                    href = f"{note_file if note_file != self.current_file else ''}#fn-{n}"
                    epub = ' epub:type="noteref"' if self.xhtml else ""
                    out.append(
                        f'<sup class="footnote-ref"><a href="{href}" id="{ref_id}" '
                        f'role="doc-noteref"{epub}>{n}</a></sup>'
                    )
                case Span(classes=classes, children=children):
                    out.append(f'<span class="{attr(" ".join(classes))}">')
                    self._inlines(children, out)
                    out.append("</span>")
                case RawInline(format=fmt, text=text):
                    if fmt == "html":
                        out.append(self.raw(text))
                case _:
                    assert_never(node)

    def image_src(self, image: Image) -> str | None:
        """The URL to put in ``src``, or None for a placeholder."""
        return self.files.image_src(image)

    def image(self, image: Image) -> str:
        src = self.image_src(image)
        if src is None:
            return self.placeholder(image)
        title = f' title="{attr(image.title)}"' if image.title else ""
        size = "".join(f' {k}="{v}"' for k, v in (("width", image.width), ("height", image.height)) if v)
        return f'<img src="{attr(src)}" alt="{attr(image.alt)}"{title}{size}{self.void}'

    def placeholder(self, image: Image) -> str:
        return image_placeholder(image.src, image.alt, self.resolved.placeholder(image))

    # -- blocks --------------------------------------------------------------

    def blocks(self, blocks: Sequence[Block], tight: bool = False) -> str:
        out: list[str] = []
        for block in blocks:
            self.block(block, out, tight)
        return "".join(out)

    def block(self, block: Block, out: list[str], tight: bool = False) -> None:
        match block:
            case Paragraph(children=children):
                if tight:
                    out.append(self.inlines(children) + "\n")
                else:
                    out.append(f"<p>{self.inlines(children)}</p>\n")
            case Heading(level=level, children=children, id=hid, ordinal=ordinal):
                attrs = f' id="{attr(hid)}"' if hid else ""
                if ordinal:
                    attrs += ' class="pledge"'
                out.append(f"<h{level}{attrs}>{self.inlines(children)}</h{level}>\n")
            case Slogan(lines=lines):
                text = f"<br{self.void}\n".join(escape(ln) for ln in lines)
                out.append(f'<div class="slogan">\n<p>{text}</p>\n</div>\n')
            case Figure(image=image, caption=caption, key_visual=key):
                classes = ["key-visual"] if key else []
                if self.image_src(image) is None:
                    classes.append("missing")
                cls = f' class="{" ".join(classes)}"' if classes else ""
                out.append(f"<figure{cls}>\n{self.figure_image(image)}\n")
                if caption:
                    out.append(f"<figcaption>{self.inlines(caption)}</figcaption>\n")
                out.append("</figure>\n")
            case BulletList() | OrderedList() if outline.style(block.style):
                self.outline_list(block, out)
            case BulletList(items=items, tight=is_tight):
                # Markdown's own lists stay CommonMark's markup; the generated stylesheet draws
                # outline.list_style's markers by depth (css.list_css). A task item: its box alone.
                task = any(it.checked is not None for it in items)
                cls = ' class="task-list"' if task else ""
                out.append(f"<ul{cls}>\n")
                self.list_items(items, is_tight, out)
                out.append("</ul>\n")
            case OrderedList(items=items, start=start, tight=is_tight):
                start_attr = f' start="{start}"' if start != 1 else ""
                out.append(f"<ol{start_attr}>\n")
                self.list_items(items, is_tight, out)
                out.append("</ol>\n")
            case Table():
                self.table(block, out)
            case BlockQuote(blocks=inner):
                out.append("<blockquote>\n")
                out.append(self.blocks(inner))
                out.append("</blockquote>\n")
            case Callout(kind=kind, blocks=inner):
                label = escape(callout_label(self.labels, kind))
                out.append(
                    f'<div class="callout callout-{kind}" role="note">\n<p class="callout-label">{label}</p>\n'
                )
                out.append(self.blocks(inner))
                out.append("</div>\n")
            case CodeBlock(text=text):
                lang = block.lang
                cls = f' class="language-{attr(lang)}"' if lang else ""
                # A long line scrolls sideways: the box takes the keyboard's focus, so it can be scrolled.
                label = attr(self.labels["code"] + (f" ({lang})" if lang else ""))
                out.append(
                    f'<pre tabindex="0" role="group" aria-label="{label}"><code{cls}>{escape(text)}</code></pre>\n'
                )
            case ThematicBreak():
                out.append(f"<hr{self.void}\n")
            case RawBlock(format=fmt, text=text):
                if fmt == "html":
                    out.append(self.raw(text).rstrip("\n") + "\n")
            case Div(classes=classes, blocks=inner):
                cls = f' class="{attr(" ".join(classes))}"' if classes else ""
                out.append(f"<div{cls}>\n{self.blocks(inner)}</div>\n")
            case _:
                assert_never(block)

    def figure_image(self, image: Image) -> str:
        src = self.image_src(image)
        if src is None:
            return image_placeholder(image.src, image.alt, self.resolved.placeholder(image), block=True)
        return self.image(image)

    def outline_list(self, block: BulletList | OrderedList, out: list[str]) -> None:
        """A list with the author's markers (가. ① □ …, bold when written bold) as text in each item,
        hanging-indented (outline.labels: a task item's marker is its checkbox alone)."""
        ordered = isinstance(block, OrderedList)
        start = block.start if isinstance(block, OrderedList) else 1
        kind = outline.list_style(block.style, ordered, 0)
        markers = outline.labels(kind, start, [it.checked for it in block.items])
        tag = "ol" if ordered else "ul"
        start_attr = f' start="{start}"' if ordered and start != 1 else ""
        out.append(f'<{tag} class="outline {outline.width_class(markers)}"{start_attr}>\n')
        self.list_items(block.items, block.tight, out, markers, block.strong)
        out.append(f"</{tag}>\n")

    def list_items(
        self,
        items: Sequence[ListItem],
        tight: bool,
        out: list[str],
        markers: Sequence[str] = (),
        strong: bool = False,
    ) -> None:
        for k, item in enumerate(items):
            if item.checked is None and markers:
                mark = f"<strong>{escape(markers[k])}</strong>" if strong else escape(markers[k])
                out.append(f'<li><span class="marker">{mark}</span> ')
            elif item.checked is None:
                out.append("<li>")
            else:
                box = (
                    '<input type="checkbox" disabled="disabled"'
                    if self.xhtml
                    else '<input type="checkbox" disabled'
                )
                if item.checked:
                    box += ' checked="checked"' if self.xhtml else " checked"
                # Its name is the task's text (a checkbox with no name is read as just "checkbox").
                first = item.blocks[0] if item.blocks else None
                name = plain_text(first.children).strip() if isinstance(first, Paragraph) else ""
                box += f' aria-label="{attr(name or self.labels["task"])}"'
                out.append(f'<li class="task">{box}{self.void} ')
            body = item.blocks
            if not body:
                out.append("</li>\n")
                continue
            if not (tight and isinstance(body[0], Paragraph)):
                out.append("\n")
            out.append(self.blocks(body, tight))
            if tight and isinstance(body[-1], Paragraph) and out[-1].endswith("\n"):
                out[-1] = out[-1][:-1]
            out.append("</li>\n")

    def table(self, table: Table, out: list[str]) -> None:
        def style(i: int) -> str:
            align = table.aligns[i] if i < len(table.aligns) else ""
            return f' style="text-align: {align}"' if align else ""

        def row(cells: Sequence[TableCell], tag: str) -> None:
            out.append("<tr>\n")
            for i, cell in enumerate(cells):
                scope = ' scope="col"' if tag == "th" else ""
                out.append(f"<{tag}{scope}{style(i)}>{self.inlines(cell.children)}</{tag}>\n")
            out.append("</tr>\n")

        # A wide table scrolls sideways in its box: the box takes the keyboard's focus, so it can be scrolled.
        out.append(
            f'<div class="table-wrap" tabindex="0" role="group" aria-label="{attr(self.labels["table"])}">\n<table>\n'
        )
        if table.head:
            out.append("<thead>\n")
            row(table.head, "th")
            out.append("</thead>\n")
        if table.rows:
            out.append("<tbody>\n")
            for cells in table.rows:
                row(cells, "td")
            out.append("</tbody>\n")
        out.append("</table>\n</div>\n")

    # -- notes and TOC -------------------------------------------------------

    def footnotes(self, notes: Sequence[Note] | None = None) -> str:
        """The notes section with back-links to every reference, or "" when there are none."""
        notes = self.doc.notes if notes is None else notes
        if not notes:
            return ""
        epub = ' epub:type="footnotes"' if self.xhtml else ""
        out = [
            f'<section class="footnotes" role="doc-endnotes"{epub} aria-label="{attr(self.labels["notes"])}">\n'
            f"<hr{self.void}\n<ol>\n"
        ]
        for position, note in enumerate(notes, 1):
            n = note.number
            backs = "".join(
                f' <a href="{file if file != self.current_file else ""}#{ref_id}" class="footnote-back" '
                f'role="doc-backlink" aria-label="{attr(self.labels["back_to_text"])}">↩︎</a>'
                for file, ref_id in self.ref_locations.get(n, ())
            )
            body = self.blocks(note.blocks)
            if backs and body.endswith("</p>\n"):
                body = body[: -len("</p>\n")] + backs + "</p>\n"
            elif backs:
                body += f"<p>{backs.strip()}</p>\n"
            # A chapter's notes keep the book's numbers (its markers show them), not 1, 2, …
            value = f' value="{n}"' if n != position else ""
            if self.xhtml:
                # EPUB: the note itself is an aside (a reading system shows it as a pop-up), with the
                # ARIA role its epub:type says (a list item may not take doc-footnote), named by its number.
                out.append(
                    f'<li{value}><aside id="fn-{n}" epub:type="footnote" role="doc-footnote" '
                    f'aria-label="{attr(self.labels["notes"])} {n}">\n{body}</aside></li>\n'
                )
            else:
                out.append(f'<li id="fn-{n}"{value}>\n{body}</li>\n')
        out.append("</ol>\n</section>\n")
        return "".join(out)


def toc_html(
    entries: Sequence[TocEntry], renderer: BodyRenderer, href: Callable[[str], str] = lambda hid: f"#{hid}"
) -> str:
    """Nested ``<ol>`` lists of TOC entries; a level may skip, or start deeper than it ends."""
    out: list[str] = []
    stack: list[int] = []  # heading level of each open <ol>
    for entry in entries:
        if not stack:
            out.append("<ol>\n<li>")
            stack.append(entry.level)
        elif entry.level > stack[-1]:
            out.append("\n<ol>\n<li>")
            stack.append(entry.level)
        else:
            while len(stack) > 1 and entry.level < stack[-1]:
                out.append("</li>\n</ol>\n")
                stack.pop()
            out.append("</li>\n<li>")
        text = renderer.inlines(_strip_links(entry.children)) or escape(entry.title)
        out.append(f'<a href="{attr(href(entry.id))}">{text}</a>')
    while stack:
        out.append("</li>\n</ol>\n")
        stack.pop()
    return "".join(out)


def _strip_links(items: Sequence[Inline]) -> tuple[Inline, ...]:
    """TOC entries are links: drop nested links, note references and images from their text."""
    out: list[Inline] = []
    for node in items:
        if isinstance(node, Link):
            out.extend(_strip_links(node.children))
        elif isinstance(node, (NoteRef, RawInline)):
            continue
        elif isinstance(node, Image):
            out.append(Text(node.alt, node.line))
        elif isinstance(node, (Emph, Strong, Strike, Span)):
            out.append(replace(node, children=_strip_links(node.children)))
        else:
            out.append(node)
    return tuple(out)


def title_lines(meta: Meta, title: str | None, cover: str | None, date: str) -> list[str]:
    """The lines of a title block (election, cover, title, subtitle, byline, date) as HTML;
    ``title`` None leaves the title out (the body's H1 says it already)."""
    parts: list[str] = []
    if meta.election:
        parts.append(f'<p class="election">{escape(meta.election)}</p>')
    if cover:
        parts.append(f'<p class="cover">{cover}</p>')
    if title:
        parts.append(f'<h1 class="title">{escape(prose(title))}</h1>')
    if meta.subtitle:
        parts.append(f'<p class="subtitle">{escape(meta.subtitle)}</p>')
    if byline(meta):
        parts.append(f'<p class="author">{escape(byline(meta))}</p>')
    if date:
        parts.append(f'<p class="date">{escape(date)}</p>')
    return parts


def title_block(renderer: BodyRenderer) -> str:
    """The header with title and campaign metadata (skipped parts that the body repeats)."""
    doc = renderer.doc
    meta = doc.meta
    if not renderer.resolved.has_cover("html"):
        return ""
    cover = renderer.image(meta.cover) if meta.cover is not None and renderer.image_src(meta.cover) else None
    title = meta.title if meta.title and not title_is_first_h1(doc) else None
    parts = title_lines(meta, title, cover, renderer.resolved.date)
    if not parts:
        return ""
    return '<header class="title-block">\n' + "\n".join(parts) + "\n</header>\n"


class HtmlExporter:
    """Standalone HTML5 with embedded CSS and images, or a body fragment."""

    name: ClassVar[str] = "html"
    suffixes: ClassVar[tuple[str, ...]] = (".html", ".htm")

    def export(self, resolved: Resolved, options: ExportOptions) -> Rendered:
        doc = resolved.doc
        renderer = BodyRenderer(resolved, options)
        # The contents follow the title: when the body's opening H1 is the title, after that H1.
        entries = resolved.contents.shown
        opening = 1 if entries and not options.fragment and title_is_first_h1(doc) else 0
        title_h1 = renderer.blocks(doc.blocks[:opening])
        body = renderer.blocks(doc.blocks[opening:])
        notes = renderer.footnotes()
        if options.fragment:
            return Rendered((body + notes).encode("utf-8"))
        meta = doc.meta
        labels = renderer.labels
        title = resolved.title
        head = [
            "<!DOCTYPE html>",
            f'<html lang="{attr(resolved.lang)}">',
            "<head>",
            '<meta charset="utf-8">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f'<meta name="generator" content="{PRODUCER}">',
        ]
        if meta.author:
            head.append(f'<meta name="author" content="{attr(meta.author)}">')
        if meta.description:
            head.append(f'<meta name="description" content="{attr(meta.description)}">')
        if meta.keywords:
            head.append(f'<meta name="keywords" content="{attr(", ".join(meta.keywords))}">')
        head.append(f"<title>{escape(title)}</title>")
        nav = ""
        if entries:
            nav = (
                f'<nav id="toc" role="doc-toc" aria-labelledby="toc-title">\n'
                f'<h2 id="toc-title">{escape(labels["contents"])}</h2>\n'
                f"{toc_html(entries, renderer)}</nav>\n"
            )
        if title_h1:
            page = f"{title_block(renderer)}<main>\n{title_h1}{nav}{body}{notes}</main>\n"
        else:
            page = f"{title_block(renderer)}{nav}<main>\n{body}{notes}</main>\n"
        css = STYLESHEET + (("\n" + options.css) if options.css else "")
        if HYPHENATION_POINT in page:
            font = base64.b64encode(middle_dot_font()).decode("ascii")
            css = middle_dot_css(f"data:font/woff;base64,{font}") + css
        head.append(f"<style>\n{css}</style>")
        head.append("</head>")
        parts = ["\n".join(head), "\n<body>\n", page, "</body>\n</html>\n"]
        return Rendered("".join(parts).encode("utf-8"))
