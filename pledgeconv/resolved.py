"""The resolved document every exporter renders: what was decided once, for all formats."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import field

from .frozen import dataclass
from .links import LinkTarget, resolve_link
from .model import Block, Diagnostic, Document, Image, ImageFile, Note


@dataclass(frozen=True, slots=True)
class Chapter:
    """One part of the document that starts at an H1 (blocks before the first H1 are a part too)."""

    index: int
    title: str
    blocks: tuple[Block, ...]
    notes: tuple[Note, ...] = ()

    @property
    def file(self) -> str:
        """The file name a multi-file format (EPUB) gives this chapter."""
        return f"ch{self.index + 1:03d}.xhtml"


@dataclass(frozen=True, slots=True)
class Resolved:
    """A Document with every cross-format decision taken: exporters ask it, never re-derive.

    ``doc`` has its raw HTML sanitised (unless ``--unsafe-html``), once per raw node. ``title``
    falls back to the file stem, then the "untitled" label; ``korean`` says whether the Korean
    rules (break rules, emphasis dots, ``ko-KR`` tags) apply. ``chapters`` split the body at H1s,
    with each footnote placed in the chapter of its first reference.
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

    def link(self, url: str) -> LinkTarget:
        """Where ``url`` leads (every link of the document was resolved; raw HTML's on demand)."""
        found = self.links.get(url)
        if found is None:
            found = resolve_link(url, self.heading_chapter)
        return found

    def image(self, image: Image) -> ImageFile | None:
        """The probed file behind ``image``, or None when a placeholder must stand in for it."""
        return self.images.get(image.resolved) if image.resolved is not None else None

    def placeholder(self, image: Image) -> str:
        """The words that stand for a missing image: ``이미지 없음: 032.jpeg``."""
        return f"{self.labels['missing_image']}: {image.src}"

    def chapter_file(self, heading_id: str) -> str | None:
        """The EPUB file holding a heading, or None when there is no such heading."""
        index = self.heading_chapter.get(heading_id)
        return None if index is None else self.chapters[index].file


@dataclass(frozen=True, slots=True)
class Rendered:
    """An exporter's output: the file's bytes and what it met while rendering (missing glyphs…)."""

    data: bytes
    warnings: tuple[Diagnostic, ...] = ()
