"""The intermediate document model: frozen, slotted dataclasses that every exporter walks."""

from __future__ import annotations

from dataclasses import field

from .frozen import dataclass  # dataclasses' own, made at a third of the import cost

# ---------------------------------------------------------------------------
# Inlines


@dataclass(frozen=True, slots=True)
class Text:
    """Plain text, already unescaped (entities decoded, NFC)."""

    text: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Emph:
    """Emphasis (``*x*``); exporters must not slant Hangul."""

    children: tuple[Inline, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Strong:
    """Strong emphasis (``**x**``)."""

    children: tuple[Inline, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Strike:
    """Strikethrough (``~~x~~``, GFM)."""

    children: tuple[Inline, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Code:
    """Inline code span."""

    text: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Link:
    """A hyperlink; ``url`` is normalised (percent-encoded) and already judged safe."""

    children: tuple[Inline, ...]
    url: str
    title: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Image:
    """An image reference; ``resolved`` is the checked local file, or None if unusable. ``width``
    and ``height`` are the CSS pixels raw HTML gave it (``<img width="120">``), else None."""

    alt: str
    src: str
    title: str = ""
    resolved: str | None = None
    line: int = 0
    width: int | None = None
    height: int | None = None


@dataclass(frozen=True, slots=True)
class SoftBreak:
    """A line ending inside a paragraph."""

    line: int = 0


@dataclass(frozen=True, slots=True)
class LineBreak:
    """A hard line break."""

    line: int = 0


@dataclass(frozen=True, slots=True)
class NoteRef:
    """A footnote reference; ``number`` indexes ``Document.notes`` (1-based)."""

    number: int
    label: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class Span:
    """A generic inline container with classes (escape hatch, and checkboxes of task lists)."""

    classes: tuple[str, ...]
    children: tuple[Inline, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class RawInline:
    """Raw inline markup in ``format`` (only "html" comes from Markdown)."""

    format: str
    text: str
    line: int = 0


Inline = (
    Text | Emph | Strong | Strike | Code | Link | Image | SoftBreak | LineBreak | NoteRef | Span | RawInline
)

# ---------------------------------------------------------------------------
# Blocks


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of inlines."""

    children: tuple[Inline, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading; ``id`` is unique in the document, ``ordinal`` is e.g. "첫째", "1", "①"."""

    level: int
    children: tuple[Inline, ...]
    id: str | None = None
    ordinal: str | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class Slogan:
    """A pledge slogan: short lines shown in a box, not code."""

    lines: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Figure:
    """An image standing alone, with a caption; ``key_visual`` marks a chapter's lead image."""

    image: Image
    caption: tuple[Inline, ...]
    key_visual: bool = False
    line: int = 0


@dataclass(frozen=True, slots=True)
class ListItem:
    """One list item; ``checked`` is None unless it is a task-list item."""

    blocks: tuple[Block, ...]
    checked: bool | None = None
    line: int = 0


@dataclass(frozen=True, slots=True)
class BulletList:
    """An unordered list; ``tight`` lists render their paragraphs without spacing.

    ``style`` is the author's 개조식 mark ("□", "○", "-", … a key of ``outline.STYLES``), or ""
    for a Markdown list (``-``/``*``/``+``); ``outline.list_style`` decides every list's markers
    for all formats. ``strong``: the author wrote the marks bold (``**□**``), and they print bold.
    """

    items: tuple[ListItem, ...]
    tight: bool = True
    line: int = 0
    style: str = ""
    strong: bool = False


@dataclass(frozen=True, slots=True)
class OrderedList:
    """An ordered list starting at ``start``.

    ``style`` is the author's marker, written as item 1's: "1.", "1)", "가.", "가)", "(1)", "(가)",
    "①", "㉮" (a key of ``outline.STYLES``; markers are shown exactly so). "" is a Markdown ``1.``
    list (and every list in strict mode), numbered by depth, 1. 가. 1) 가) … — ``outline.list_style``
    decides every list's markers for all formats. ``strong``: the author wrote the numbers bold
    (a law's ``**①**``), and they print bold.
    """

    items: tuple[ListItem, ...]
    start: int = 1
    tight: bool = True
    line: int = 0
    style: str = ""
    strong: bool = False


@dataclass(frozen=True, slots=True)
class TableCell:
    """A table cell of inlines."""

    children: tuple[Inline, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Table:
    """A GFM table; ``aligns`` holds "left", "center", "right" or "" per column."""

    head: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    aligns: tuple[str, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class BlockQuote:
    """A block quotation."""

    blocks: tuple[Block, ...]
    line: int = 0


#: The kinds of callout, as GitHub's alerts name them (``> [!NOTE]`` …), in GitHub's order.
CALLOUT_KINDS = ("note", "tip", "important", "warning", "caution")


@dataclass(frozen=True, slots=True)
class Callout:
    """A labelled box (GitHub's alert, ``> [!NOTE]``): ``kind`` is one of ``CALLOUT_KINDS``;
    exporters print the kind's label (``labels.LABELS``) above the blocks."""

    kind: str
    blocks: tuple[Block, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class CodeBlock:
    """Literal text; ``info`` is the full fence info string, ``lang`` its first word."""

    text: str
    info: str = ""
    line: int = 0

    @property
    def lang(self) -> str:
        """The language tag: the first word of the info string."""
        return self.info.split()[0] if self.info.strip() else ""


@dataclass(frozen=True, slots=True)
class ThematicBreak:
    """A horizontal rule."""

    line: int = 0


@dataclass(frozen=True, slots=True)
class RawBlock:
    """A block of raw markup in ``format`` (only "html" comes from Markdown)."""

    format: str
    text: str
    line: int = 0


@dataclass(frozen=True, slots=True)
class Div:
    """A generic block container with classes (the escape hatch)."""

    classes: tuple[str, ...]
    blocks: tuple[Block, ...]
    line: int = 0


Block = (
    Paragraph
    | Heading
    | Slogan
    | Figure
    | BulletList
    | OrderedList
    | Table
    | BlockQuote
    | Callout
    | CodeBlock
    | ThematicBreak
    | RawBlock
    | Div
)

# ---------------------------------------------------------------------------
# Document


@dataclass(frozen=True, slots=True)
class Note:
    """A footnote definition; ``number`` is its 1-based position in reading order."""

    number: int
    label: str
    blocks: tuple[Block, ...]
    line: int = 0


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """A problem worth telling the user about (a warning); the conversion still goes on. Named so as
    not to shadow Python's built-in ``Warning``."""

    code: str
    message: str
    line: int = 0
    source: str = ""

    def format(self, default_source: str = "<input>") -> str:
        """``file:line: warning[code]: message`` as the CLI prints it."""
        where = self.source or default_source
        if self.line:
            where = f"{where}:{self.line}"
        return f"{where}: warning[{self.code}]: {self.message}"


@dataclass(frozen=True, slots=True)
class ImageFile:
    """An image file read and probed once, when the document was parsed: bytes, type, pixel size."""

    path: str
    mime: str
    width: int
    height: int
    data: bytes = field(repr=False, compare=False)

    @property
    def extension(self) -> str:
        """The file suffix its type calls for ("png", "jpg", …)."""
        return {"image/png": "png", "image/jpeg": "jpg", "image/gif": "gif", "image/webp": "webp"}[self.mime]


@dataclass(frozen=True, slots=True)
class Meta:
    """Document metadata from front matter (and the pledge conventions)."""

    title: str = ""
    subtitle: str = ""
    author: str = ""
    party: str = ""
    election: str = ""
    date: str = ""
    lang: str = "ko"
    cover: Image | None = None
    identifier: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed document: metadata, blocks, footnotes, the warnings met while parsing, and the
    image files its images resolved to (each read and probed once)."""

    meta: Meta = field(default_factory=Meta)
    blocks: tuple[Block, ...] = ()
    notes: tuple[Note, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()
    source: str = ""
    images: tuple[ImageFile, ...] = ()
    #: A book's chapters: (index of the chapter's first block, its file), so data can name its source.
    origins: tuple[tuple[int, str], ...] = ()

    def parts(self) -> tuple[tuple[int, int, str], ...]:
        """The top-level blocks each source file gave, as (first, end, source): a book's chapter
        files in order; the whole document, one part, when it came from one file."""
        origins = self.origins or ((0, self.source),)
        ends = [start for start, _ in origins[1:]] + [len(self.blocks)]
        return tuple((start, end, source) for (start, source), end in zip(origins, ends, strict=True))

    def part_of(self, index: int) -> int:
        """Which of :meth:`parts` holds top-level block ``index``."""
        import bisect

        return max(bisect.bisect_right([start for start, _ in self.origins], index) - 1, 0)
