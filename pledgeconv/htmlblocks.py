"""Raw HTML blocks the model can hold itself: a ``<table>`` read as a Table, a row of pictures
(README badges) read as a Paragraph, so every format renders them as its own (pledge mode)."""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

from .model import (
    Block,
    Code,
    Div,
    Emph,
    Image,
    Inline,
    LineBreak,
    Link,
    Paragraph,
    Strike,
    Strong,
    Table,
    TableCell,
    Text,
)
from .sanitize import clean_html

_CONTAINERS = {"a", "b", "strong", "i", "em", "s", "strike", "del", "code"}
_BREAKS = {
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "pre",
    "dl",
    "dd",
    "dt",
}
_WRAPPERS = {"p", "div", "center", "span", "a", "picture", "source"}  # around a row of pictures
_SPACE = re.compile(r"[ \t\n\r\f]+")
_ALIGN = re.compile(r"\balign-(left|center|right)\b")
_TEXT_ALIGN = re.compile(r"text-align:\s*(left|center|right)")
_PIXELS = re.compile(r"^\s*(\d{1,5})(?:\.\d+)?\s*(?:px)?\s*;?\s*$", re.IGNORECASE)
MAX_COLUMNS = 64


def _pixels(value: str | None) -> int | None:
    found = _PIXELS.match(value or "")
    return int(found.group(1)) or None if found else None


class _Inlines:
    """Model inlines built from a stream of tags and text (one cell, or one block)."""

    def __init__(self, line: int, link: Callable[[str], str | None]) -> None:
        self.line = line
        self.link = link
        self.stack: list[tuple[str, list[Inline], str]] = [("", [], "")]  # tag, children, href
        self.data = False  # a picture with a data: URI met

    @property
    def out(self) -> list[Inline]:
        return self.stack[-1][1]

    def text(self, data: str) -> None:
        data = _SPACE.sub(" ", data)
        if data:
            self.out.append(Text(data, self.line))

    def brk(self) -> None:
        if self.out and not isinstance(self.out[-1], LineBreak):
            self.out.append(LineBreak(self.line))

    def open(self, tag: str, attrs: dict[str, str | None]) -> None:
        if tag in _CONTAINERS:
            self.stack.append((tag, [], attrs.get("href") or ""))
        elif tag == "br":
            self.out.append(LineBreak(self.line))
        elif tag == "img":
            src = (attrs.get("src") or "").strip()
            if src.lower().startswith("data:"):
                self.data = True
            if src:
                alt, title = attrs.get("alt") or "", attrs.get("title") or ""
                width, height = _pixels(attrs.get("width")), _pixels(attrs.get("height"))
                self.out.append(Image(alt, src, title, None, self.line, width, height))
        elif tag in _BREAKS:
            self.brk()

    def close(self, tag: str) -> None:
        if tag in _BREAKS:
            self.brk()
        if tag not in _CONTAINERS or not any(t == tag for t, _, _ in self.stack[1:]):
            return
        while True:
            name, children, href = self.stack.pop()
            node = self._node(name, _tidy(children), href)
            self.out.extend(node)
            if name == tag:
                return

    def _node(self, tag: str, children: tuple[Inline, ...], href: str) -> tuple[Inline, ...]:
        if not children:
            return ()
        if tag == "a":
            url = self.link(href) if href else None
            return (Link(children, url, "", self.line),) if url is not None else children
        if tag in ("b", "strong"):
            return (Strong(children, self.line),)
        if tag in ("i", "em"):
            return (Emph(children, self.line),)
        if tag in ("s", "strike", "del"):
            return (Strike(children, self.line),)
        text = "".join(c.text for c in children if isinstance(c, Text))  # code
        return (Code(text.strip(), self.line),) if text.strip() else ()

    def finish(self) -> tuple[Inline, ...]:
        while len(self.stack) > 1:
            self.close(self.stack[-1][0])
        return _tidy(self.stack[0][1], strip=True)


def _tidy(items: list[Inline], strip: bool = False) -> tuple[Inline, ...]:
    """Adjacent texts merged, spaces collapsed; with ``strip``, no space or break at either end or
    beside a line break (HTML's white-space rules, roughly)."""
    out: list[Inline] = []
    for node in items:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(_SPACE.sub(" ", out[-1].text + node.text), node.line)
        else:
            out.append(node)
    if not strip:
        return tuple(out)
    for k, node in enumerate(out):
        if isinstance(node, Text):
            text = node.text
            if k == 0 or isinstance(out[k - 1], LineBreak):
                text = text.lstrip()
            if k == len(out) - 1 or isinstance(out[k + 1], LineBreak):
                text = text.rstrip()
            out[k] = Text(text, node.line)
    out = [n for n in out if not (isinstance(n, Text) and not n.text)]
    while out and isinstance(out[0], LineBreak):
        out.pop(0)
    while out and isinstance(out[-1], LineBreak):
        out.pop()
    return tuple(out)


class _Reader(HTMLParser):
    """Reads one sanitised block: its tables' rows and cells, or its inlines outside any table."""

    def __init__(self, line: int, link: Callable[[str], str | None]) -> None:
        super().__init__(convert_charrefs=True)
        self.line, self.link = line, link
        self.tables = 0  # tables opened at the top level
        self.depth = 0  # tables open now
        self.rows: list[tuple[list[TableCell], list[bool]]] = []  # cells; [in a thead, all th so far]
        self.aligns: list[list[str]] = []
        self.cell: _Inlines | None = None
        self.cell_head = False
        self.cell_span = 1
        self.in_head = False
        self.outside = _Inlines(line, link)  # what stands outside the table
        self.other_tags = False  # a tag a picture row does not have
        self.cells: list[_Inlines] = []  # every cell read

    @property
    def inline_data(self) -> bool:
        """Whether a picture of the block is a ``data:`` URI (the model's pictures are files)."""
        return self.outside.data or any(c.data for c in self.cells)

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        attrs = dict(attr_list)
        if tag == "table":
            if self.depth == 0:
                self.tables += 1
            elif self.cell is not None:
                self.cell.brk()
            self.depth += 1
            return
        if self.depth == 0:
            if tag not in _WRAPPERS and tag not in ("img", "br"):
                self.other_tags = True
            self.outside.open(tag, attrs)
            return
        if self.depth > 1:  # a table in a cell: its text, row by row
            if self.cell is not None and tag in ("tr", "br"):
                self.cell.brk()
            elif self.cell is not None and tag in ("td", "th"):
                self.cell.text(" ")
            elif self.cell is not None:
                self.cell.open(tag, attrs)
            return
        if tag == "thead":
            self.in_head = True
        elif tag == "tr":
            self._end_cell()
            self.rows.append(([], [self.in_head, True]))
            self.aligns.append([])
        elif tag in ("td", "th"):
            self._end_cell()
            if not self.rows:
                self.rows.append(([], [self.in_head, True]))
                self.aligns.append([])
            self.cell = _Inlines(self.line, self.link)
            self.cells.append(self.cell)
            self.cell_head = tag == "th"
            self.cell_span = min(_pixels(attrs.get("colspan")) or 1, MAX_COLUMNS)
            found = _ALIGN.search(attrs.get("class") or "") or _TEXT_ALIGN.search(attrs.get("style") or "")
            self.aligns[-1].append(found.group(1) if found else "")
        elif self.cell is not None:
            self.cell.open(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("img", "br"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            if self.depth == 1:
                self._end_cell()
            self.depth = max(self.depth - 1, 0)
            return
        if self.depth == 0:
            self.outside.close(tag)
        elif self.depth > 1:
            if self.cell is not None and tag not in ("tr", "td", "th", "tbody", "thead", "tfoot"):
                self.cell.close(tag)
        elif tag == "thead":
            self.in_head = False
        elif tag in ("td", "th", "tr"):
            self._end_cell()
        elif self.cell is not None:
            self.cell.close(tag)

    def handle_data(self, data: str) -> None:
        if self.depth == 0:
            self.outside.text(data)
        elif self.cell is not None:
            self.cell.text(data)

    def _end_cell(self) -> None:
        if self.cell is None:
            return
        cells, kind = self.rows[-1]
        cells.append(TableCell(self.cell.finish(), self.line))
        cells.extend(TableCell((), self.line) for _ in range(self.cell_span - 1))
        self.aligns[-1].extend("" for _ in range(self.cell_span - 1))
        kind[1] = kind[1] and self.cell_head
        self.cell = None


def html_block(text: str, line: int, link: Callable[[str], str | None]) -> Block | None:
    """The model's block for a raw HTML block, or None to keep it raw: a block holding one table
    (and nothing else but wrappers) is a Table; a block of pictures (and their links) only is a
    Paragraph. ``link`` normalises a link's URL, or refuses it (None: the text is kept)."""
    lowered = text.lower()
    if "<table" not in lowered and "<img" not in lowered:
        return None
    reader = _Reader(line, link)
    cleaned = clean_html(text)
    reader.feed(cleaned)
    reader.close()
    outside = reader.outside.finish()
    if reader.inline_data:  # a picture inside the HTML itself (data:) stays raw HTML, shown as it was
        return None
    if reader.tables == 1 and not outside:
        rows = [(cells, kind[0] or kind[1]) for cells, kind in reader.rows if cells]
        if not rows:
            return None
        columns = min(max(len(cells) for cells, _ in rows), MAX_COLUMNS)
        aligns = next((a for a, (c, _) in zip(reader.aligns, reader.rows, strict=True) if c), [])
        aligns = (aligns + [""] * columns)[:columns]

        def padded(cells: list[TableCell]) -> tuple[TableCell, ...]:
            return tuple((cells + [TableCell((), line)] * columns)[:columns])

        head: tuple[TableCell, ...] = ()
        if rows[0][1]:
            head = padded(rows.pop(0)[0])
        return Table(head, tuple(padded(cells) for cells, _ in rows), tuple(aligns), line)
    if reader.tables == 0 and not reader.other_tags and any(_has_image(n) for n in outside):
        # in a Div: a picture standing alone here is a README badge, not a figure or key visual
        found = _ALIGN.search(cleaned[: cleaned.find("<img")])
        return Div((found.group(0),) if found else ("pictures",), (Paragraph(outside, line),), line)
    return None


def _has_image(node: Inline) -> bool:
    if isinstance(node, Image):
        return True
    return isinstance(node, Link) and any(_has_image(c) for c in node.children)
