"""The resolved document every exporter renders: what was decided once, for all formats."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field
from urllib.parse import unquote

from .frontpages import ALWAYS_COVER, Contents
from .frozen import dataclass
from .labels import placeholder_text
from .links import LinkTarget, kept, resolve_link
from .model import Block, Diagnostic, Document, Heading, Image, ImageFile, Note

HEAD_LIMIT = 60  # characters of a running head: one line at the head's size on an A4 page


def running_head(title: str, limit: int = HEAD_LIMIT) -> str:
    """``title`` as a running head: one line of text, cut at a space (if one is in the last half)
    with "…" when longer than ``limit`` characters (the full title stays on its chapter's page)."""
    text = " ".join(title.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", limit // 2, limit)
    return text[: cut if cut > 0 else limit - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Chapter:
    """One part of the document that starts at an H1 (blocks before the first H1 are a part too)."""

    index: int
    title: str
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...] = ()
    #: the running head of this chapter's pages: its title, shortened to one line (HEAD_LIMIT)
    head: str = ""

    @property
    def file(self) -> str:
        """The file name a multi-file format (EPUB) gives this chapter."""
        return f"ch{self.index + 1:03d}.xhtml"


@dataclass(frozen=True, slots=True)
class Resolved:
    """A Document with every cross-format decision taken: exporters ask it, never re-derive.

    ``doc`` has its raw HTML sanitised (unless ``--unsafe-html``), once per raw node. ``title``
    falls back to the file stem, then the "untitled" label; ``lang`` is the front matter's
    language (``ko`` when none), ``locale`` the same with its region where a format asks for one
    (Word's and the PDF's ``ko-KR``); ``korean`` says whether the Korean rules (break rules,
    emphasis dots, ``ko-KR`` tags) apply. ``chapters`` split the body at H1s, with each footnote
    placed in the chapter of its first reference. ``cover`` and ``contents`` say whether the
    document gets a cover and a contents page (:mod:`pledgeconv.frontpages`); ``link_in`` what
    each format makes of a link (:data:`pledgeconv.links.KEPT`).
    """

    doc: Document
    title: str
    lang: str
    korean: bool
    labels: Mapping[str, str]
    chapters: tuple[Chapter, ...]
    heading_chapter: Mapping[str, int]
    note_chapter: Mapping[int, int]
    links: Mapping[str, LinkTarget]
    date: str = ""  # the front matter's date as the document's language prints it (2026년 5월 20일)
    images: Mapping[str, ImageFile] = field(default_factory=dict)
    #: how many references each note has in the whole document (body and notes): a format that
    #: links a note back to its references may build the note before the later ones are drawn
    note_refs: Mapping[int, int] = field(default_factory=dict)
    cover: bool = False
    contents: Contents = Contents()

    @property
    def locale(self) -> str:
        """The language with its region where a format wants one: ``ko-KR`` for Korean."""
        return "ko-KR" if self.korean else self.lang

    def has_cover(self, fmt: str) -> bool:
        """Whether format ``fmt`` opens with a cover (its page, title block or title page)."""
        return self.cover or fmt in ALWAYS_COVER

    def link(self, url: str) -> LinkTarget:
        """Where ``url`` leads (every link of the document was resolved; raw HTML's on demand)."""
        found = self.links.get(url)
        if found is None:
            found = resolve_link(url, self.heading_chapter)
        return found

    def link_in(self, url: str, fmt: str) -> LinkTarget | None:
        """Where a link to ``url`` leads in format ``fmt``, or None when it prints as its text only."""
        target = self.link(url)
        return target if kept(target, fmt) else None

    def image(self, image: Image) -> ImageFile | None:
        """The probed file behind ``image``, or None when a placeholder must stand in for it."""
        return self.images.get(image.resolved) if image.resolved is not None else None

    def placeholder(self, image: Image) -> str:
        """The words that stand for a missing image: ``이미지 없음: 032.jpeg`` (its name as the author
        wrote it: markdown-it percent-encodes ``없음.png`` in the URL)."""
        return placeholder_text(self.labels["missing_image"], unquote(image.src))

    def placeholder_inline(self, image: Image) -> str:
        """A missing image as a run of text, where a format has no box to draw:
        ``[이미지 없음: 032.jpeg] 공약 이미지`` (its alt text after)."""
        return f"[{self.placeholder(image)}] {image.alt}".rstrip()

    @property
    def head(self) -> str:
        """The running head of the pages before the first chapter (the contents): the title."""
        return running_head(self.title)

    def running_head(self, heading_id: str | None) -> str | None:
        """The running head from the page where the heading ``heading_id`` stands on, when that
        heading starts a chapter (a top-level H1); None for any other heading. Every paged format
        asks this, so a page's head is the last chapter started on or before it, everywhere."""
        index = self.heading_chapter.get(heading_id or "")
        if index is None:
            return None
        chapter = self.chapters[index]
        first = chapter.blocks[0] if chapter.blocks else None
        if isinstance(first, Heading) and first.level == 1 and first.id == heading_id:
            return chapter.head or running_head(chapter.title)
        return None

    def chapter_file(self, heading_id: str) -> str | None:
        """The EPUB file holding a heading, or None when there is no such heading."""
        index = self.heading_chapter.get(heading_id)
        return None if index is None else self.chapters[index].file


@dataclass(frozen=True, slots=True)
class Rendered:
    """An exporter's output: the file's bytes and what it met while rendering (missing glyphs…)."""

    data: bytes
    warnings: tuple[Diagnostic, ...] = ()
