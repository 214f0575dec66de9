"""The document as ink-print lines to braille: each block becomes items (text with its emphasis,
margins and kind) in reading order, tables row by row, notes at their chapter's end, pictures as
their alt text."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from ... import outline
from ...frozen import dataclass
from ...labels import LABELS
from ...model import (
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
    Note,
    NoteRef,
    OrderedList,
    Paragraph,
    RawBlock,
    RawInline,
    SoftBreak,
    Span,
    Strike,
    Strong,
    Table,
    TableCell,
    Text,
    ThematicBreak,
)
from ...model import Slogan as SloganBlock
from ...resolved import Resolved
from ...sanitize import html_to_text
from ...transforms import plain_text
from .louis import BOLD, ITALIC

#: Words the braille layout writes itself (introducing a picture, a table, the notes …): the one
#: table of labels, in Korean (the braille is Korean, ko-g2.ctb).
WORDS = LABELS["ko"]

# White space a line may break at (a no-break space U+00A0 stays, and stays unbroken in braille).
_SPACES = re.compile(r"[ \t\n\r\u2000-\u200b\u3000]+")
NBSP = "\u00a0"
# Characters Korean fonts write but liblouis' Korean tables lack, as the text they stand for: the
# one-dot leader ‧ (U+2027) and the old vowel ㆍ (U+318D) written for the middle dot are the middle
# dot the author meant; a word joiner, a byte-order mark and a soft hyphen are nothing.
_SAME = str.maketrans(
    {"\u2027": "\u00b7", "\u318d": "\u00b7", "\u2060": None, "\ufeff": None, "\u00ad": None}
)


@dataclass(frozen=True, slots=True)
class Run:
    """Ink-print text with one emphasis (a liblouis typeform: 0, ITALIC, BOLD or both)."""

    text: str
    form: int = 0


@dataclass(frozen=True, slots=True)
class Item:
    """One block of braille: ``lines`` of runs (a hard line break starts another), the margin of its
    first line and of the lines after it (cells), and its kind (heading1…6, para, item, quote,
    table, note, picture, code, slogan, cover, blank, page)."""

    kind: str
    lines: tuple[tuple[Run, ...], ...] = ()
    first: int = 0
    rest: int = 0
    center: bool = False
    source: str = ""  # the ink print, as the proof shows it

    @property
    def text(self) -> str:
        """The item's ink print on one line."""
        return " ".join("".join(r.text for r in line) for line in self.lines)


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text.translate(_SAME))


class Inlines:
    """Inlines to runs: emphasis kept as typeforms, links as their text, pictures as their alt
    text, note references as the note's number."""

    def __init__(self, resolved: Resolved) -> None:
        self.resolved = resolved

    def lines(self, inlines: Sequence[Inline]) -> tuple[tuple[Run, ...], ...]:
        """The runs of ``inlines``, cut at hard line breaks; spaces collapsed, ends trimmed."""
        out: list[list[Run]] = [[]]
        self._walk(inlines, 0, out)
        return tuple(t for t in (_trim(line) for line in out) if t)

    def _walk(self, inlines: Sequence[Inline], form: int, out: list[list[Run]]) -> None:
        for node in inlines:
            if isinstance(node, (Text, Code)):
                out[-1].append(Run(_norm(node.text), form))
            elif isinstance(node, SoftBreak):
                out[-1].append(Run(" ", form))
            elif isinstance(node, LineBreak):
                out.append([])
            elif isinstance(node, Emph):
                self._walk(node.children, form | ITALIC, out)
            elif isinstance(node, Strong):
                self._walk(node.children, form | BOLD, out)
            elif isinstance(node, (Strike, Link)):
                self._walk(node.children, form, out)
            elif isinstance(node, Span):
                if "task-done" in node.classes or "checked" in node.classes:
                    out[-1].append(Run(f"({WORDS['done']}) ", form))
                self._walk(node.children, form, out)
            elif isinstance(node, Image):
                out[-1].append(Run(f" {picture(node)} ", form))
            elif isinstance(node, NoteRef):
                out[-1].append(Run(f"({WORDS['note']}{NBSP}{node.number})", form))
            elif isinstance(node, RawInline) and node.format == "html":
                text = _html_text(node.text)
                if text:
                    out[-1].append(Run(text, form))


def picture(image: Image, caption: str = "") -> str:
    """A picture as the braille reader meets it: "그림: " and its alt text (or caption, or file)."""
    words = _norm(caption or image.alt or image.title).strip()
    return f"{WORDS['picture']}: {words}" if words else WORDS["picture"]


def _html_text(text: str) -> str:
    return _norm(html_to_text(text))


def _trim(runs: list[Run]) -> tuple[Run, ...]:
    """Runs merged where the emphasis is the same, spaces collapsed across them, ends trimmed."""
    merged: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if merged and merged[-1].form == run.form:
            merged[-1] = Run(merged[-1].text + run.text, run.form)
        else:
            merged.append(run)
    out: list[Run] = []
    previous_space = True
    for run in merged:
        text = _SPACES.sub(" ", run.text)
        if previous_space:
            text = text.lstrip(" ")
        if text:
            out.append(Run(text, run.form))
            previous_space = text.endswith(" ")
    while out and out[-1].text.endswith(" "):
        last = out.pop()
        if last.text.rstrip(" "):
            out.append(Run(last.text.rstrip(" "), last.form))
    return tuple(out)


#: Margins (cells): a paragraph's first line, list levels, quotes; headings below H1 start here.
PARA_INDENT = 2
LEVEL_INDENT = 2
HEADING_INDENT = 4


class Linearise:
    """A resolved document as braille items, chapter by chapter (each chapter's notes at its end)."""

    def __init__(self, resolved: Resolved, known: Callable[[str], bool] = lambda ch: True) -> None:
        self.resolved = resolved
        self.inlines = Inlines(resolved)
        self.known = known

    def items(self) -> Iterator[Item]:
        """Every item of the body in reading order; a chapter (H1) starts a new braille page."""
        for index, chapter in enumerate(self.resolved.chapters):
            if index:
                yield Item("page")
            for block in chapter.blocks:
                yield from self.block(block, 0)
            if chapter.notes:
                yield from self.notes(chapter.notes)

    def notes(self, notes: Sequence[Note]) -> Iterator[Item]:
        """A chapter's footnotes, gathered under their heading."""
        yield Item("blank")
        yield self._item("heading3", ((Run(WORDS["notes"]),),), HEADING_INDENT, HEADING_INDENT)
        for note in notes:
            label = (Run(f"{WORDS['note']} {note.number} "),)
            first = True
            for block in note.blocks:
                for item in self.block(block, 0):
                    if first and item.lines:
                        item = Item("note", (label + item.lines[0], *item.lines[1:]), 0, LEVEL_INDENT,
                                    source=item.source)  # fmt: skip
                        first = False
                    yield item
            if first:  # an empty note still has its number
                yield self._item("note", (label,), 0, LEVEL_INDENT)

    def _item(self, kind: str, lines: tuple[tuple[Run, ...], ...], first: int, rest: int,
              center: bool = False) -> Item:  # fmt: skip
        item = Item(kind, lines, first, rest, center)
        return Item(kind, lines, first, rest, center, item.text)

    def block(self, block: Block, margin: int) -> Iterator[Item]:
        """The items of one block at ``margin`` cells."""
        if isinstance(block, Heading):
            lines = self.inlines.lines(block.children)
            if block.level == 1:
                yield self._item("heading1", lines, margin, margin, center=True)
            else:
                yield Item("blank")
                yield self._item(
                    f"heading{block.level}", lines, margin + HEADING_INDENT, margin + HEADING_INDENT
                )
        elif isinstance(block, Paragraph):
            lines = self.inlines.lines(block.children)
            if lines:
                yield self._item("para", lines, margin + PARA_INDENT, margin)
        elif isinstance(block, SloganBlock):
            for line in block.lines:
                if line.strip():
                    yield self._item(
                        "slogan", ((Run(_norm(line).strip()),),), margin + PARA_INDENT, margin + PARA_INDENT
                    )
        elif isinstance(block, Figure):
            caption = plain_text(block.caption)
            yield self._item(
                "picture", ((Run(picture(block.image, caption)),),), margin, margin + LEVEL_INDENT
            )
        elif isinstance(block, (BulletList, OrderedList)):
            yield from self.listing(block, margin, 0)
        elif isinstance(block, BlockQuote):
            for child in block.blocks:
                yield from (self._quoted(i) for i in self.block(child, margin + LEVEL_INDENT))
        elif isinstance(block, Callout):  # its label in bold, then its blocks one level in
            label = self.resolved.labels[f"callout_{block.kind}"]
            yield self._item("para", ((Run(label, BOLD),),), margin + PARA_INDENT, margin)
            for child in block.blocks:
                yield from self.block(child, margin + LEVEL_INDENT)
        elif isinstance(block, Table):
            yield from self.table(block, margin)
        elif isinstance(block, CodeBlock):
            for line in block.text.rstrip("\n").split("\n"):
                if line.strip():
                    yield self._item(
                        "code", ((Run(_norm(line).strip()),),), margin + PARA_INDENT, margin + PARA_INDENT
                    )
        elif isinstance(block, ThematicBreak):
            yield Item("blank")
        elif isinstance(block, RawBlock):
            text = _html_text(block.text).strip() if block.format == "html" else ""
            if text:
                yield self._item("para", ((Run(text),),), margin + PARA_INDENT, margin)
        elif isinstance(block, Div):
            for child in block.blocks:
                yield from self.block(child, margin)

    @staticmethod
    def _quoted(item: Item) -> Item:
        kind = "quote" if item.kind == "para" else item.kind
        return Item(kind, item.lines, item.first, item.rest, item.center, item.source)

    def listing(self, block: BulletList | OrderedList, margin: int, depth: int) -> Iterator[Item]:
        """A list: each item with its marker as the author wrote it, later lines hanging under the
        text; nested lists one level in."""
        for marker, item in zip(markers(block, depth, self.known), block.items, strict=True):
            yield from self.list_item(item, marker, margin, depth)

    def list_item(self, item: ListItem, marker: str, margin: int, depth: int) -> Iterator[Item]:
        """One list item: its first paragraph carries the marker."""
        head: tuple[Run, ...] = (Run(marker + " "),) if marker else ()
        rest = margin + LEVEL_INDENT
        first = True
        for block in item.blocks:
            if isinstance(block, (BulletList, OrderedList)):
                if first:
                    yield self._item("item", (head,), margin, rest)
                    first = False
                for marker2, child in zip(markers(block, depth + 1, self.known), block.items, strict=True):
                    yield from self.list_item(child, marker2, rest, depth + 1)
                continue
            for found in self.block(block, rest):
                if first and found.kind == "para" and found.lines:
                    found = self._item("item", (head + found.lines[0], *found.lines[1:]), margin, rest)
                    first = False
                yield found
        if first:
            yield self._item("item", (head,), margin, rest)

    def table(self, table: Table, margin: int) -> Iterator[Item]:
        """A table row by row: the row's cells one under the other, each after its column head."""
        heads = [_cell(self.inlines, c) for c in table.head]
        yield self._item("table", ((Run(f"{WORDS['table']}: {' · '.join(h for h in heads if h)}"),),),
                         margin, margin + LEVEL_INDENT)  # fmt: skip
        for row in table.rows:
            for col, cell in enumerate(row):
                value = _cell(self.inlines, cell)
                head = heads[col] if col < len(heads) else ""
                text = f"{head}: {value}" if head and value else head or value
                if not text:
                    continue
                first = margin + (LEVEL_INDENT if col == 0 else 2 * LEVEL_INDENT)
                yield self._item("table", ((Run(text),),), first, first + LEVEL_INDENT)


def _cell(inlines: Inlines, cell: TableCell) -> str:
    return " ".join("".join(r.text for r in line) for line in inlines.lines(cell.children))


def markers(block: BulletList | OrderedList, depth: int, known: Callable[[str], bool]) -> list[str]:
    """Each item's marker as every format writes it (outline.list_style and outline.labels: the
    author's 1. 가. ① □ ○, else by depth), a task item's box in words ("(완료)", its only marker).
    A mark the braille table lacks becomes one it has: a circled number its number in brackets (as
    past ㉟ in print), a box, bullet or arrow the dash of Markdown's own lists."""
    kind = outline.list_style(block.style, isinstance(block, OrderedList), depth)
    start = block.start if isinstance(block, OrderedList) else 1
    marks = outline.labels(kind, start, [it.checked for it in block.items])
    out: list[str] = []
    for i, (mark, item) in enumerate(zip(marks, block.items, strict=True)):
        if item.checked is not None:
            out.append(f"({WORDS['done' if item.checked else 'todo']})")
        elif all(map(known, mark)):
            out.append(mark)
        else:
            out.append(f"({start + i})" if kind.ordered else "-")
    return out
