"""A warm preview of a document or book: chapters parsed once and again only when they change."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from .api import export_options, parse_with, render_document
from .errors import PledgeconvError
from .frozen import dataclass
from .model import Block, Diagnostic, Div, Document
from .options import ParseOptions
from .resources import MIME_BY_SUFFIX

MARK = "pc-src"  # the class of the empty markers that tie the page to source lines


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One rendering: its number, the number of the page shown (the last good one: an edit that
    fails keeps it), the page, the warnings (each with its chapter and line), the error of the last
    edit, and the time it took."""

    version: int
    page: int
    html: bytes
    warnings: tuple[dict[str, Any], ...]
    error: str
    seconds: float
    sources: tuple[str, ...]


def _stamp(path: Path) -> tuple[int, int]:
    st = path.stat()
    return st.st_mtime_ns, st.st_size


class Preview:
    """The document (a Markdown file) or book (a folder or ``pledgeconv.toml``) behind a preview."""

    def __init__(
        self,
        target: Path,
        *,
        read_options: dict[str, Any] | None = None,
        options: dict[str, Any] | None = None,
        css_file: Path | None = None,
        pledge_checks: dict[str, Any] | None = None,
    ) -> None:
        self.target = target
        self.book = target.is_dir() or target.name == "pledgeconv.toml"
        self.root = (target if target.is_dir() else target.parent).resolve()
        self.read_options = dict(
            read_options or {}
        )  # the parse options given (a book's manifest adds its own)
        self.options = dict(options or {})
        self.css_file = css_file
        self.pledge_checks = {k: v for k, v in (pledge_checks or {}).items() if v}
        self._chapters: dict[Path, tuple[tuple[int, int], Document]] = {}
        self._lock = threading.Lock()
        self.doc: Document | None = None
        self.snapshot = Snapshot(0, 0, b"", (), "", 0.0, ())

    # -- parsing --------------------------------------------------------------

    def _chapter(self, path: Path, name: str, changed: set[Path], read: ParseOptions) -> Document:
        """A chapter from the cache, parsed again when its file (or a picture it uses) changed."""
        stamp = _stamp(path)
        cached = self._chapters.get(path)
        if cached is not None and cached[0] == stamp and not self._touches(cached[1], changed):
            return cached[1]
        doc = parse_with(path, read, name=name)
        self._chapters[path] = (stamp, doc)
        return doc

    @staticmethod
    def _touches(doc: Document, changed: set[Path]) -> bool:
        """Whether a changed file is a picture of ``doc``, or may be one it missed (then any picture)."""
        pictures = {p.resolve() for p in changed if p.suffix.lower() in MIME_BY_SUFFIX}
        if not pictures:
            return False
        used = {Path(f.path) for f in doc.images}
        missing = any(w.code.startswith("image-") for w in doc.warnings)
        return missing or bool(used & pictures)

    def _document(self, changed: set[Path]) -> Document:
        if not self.book:
            name = os.path.relpath(self.target)
            return self._chapter(self.target, name, changed, ParseOptions.from_mapping(self.read_options))
        from .book import assemble, load_config, read_options_of

        config = load_config(self.target)
        read = read_options_of(config, self.read_options)
        chapters = [self._chapter(c, str(c.relative_to(config.root)), changed, read) for c in config.chapters]
        for gone in set(self._chapters) - set(config.chapters):
            del self._chapters[gone]
        book = assemble(config, read, chapters=chapters)
        for key, value in config.options.items():
            self.options.setdefault(key, value)
        return book

    def stale(self) -> bool:
        """Whether a chapter changed on disk since it was read (or the book's list of chapters)."""
        try:
            if self.book:
                from .book import load_config

                paths = set(load_config(self.target).chapters)
            else:
                paths = {self.target}
            return paths != set(self._chapters) or any(_stamp(p) != self._chapters[p][0] for p in paths)
        except (PledgeconvError, OSError):
            return True

    def _checks(self, doc: Document) -> list[Diagnostic]:
        if not self.pledge_checks:
            return []
        from .pledges.check import check_pledges

        return list(check_pledges(doc, profile=self.pledge_checks.get("profile")))

    # -- rendering ------------------------------------------------------------

    def refresh(self, changed: Iterable[Path] = ()) -> Snapshot:
        """Parse what changed, render the page, and keep it as the current snapshot; a broken edit
        keeps the last good page and reports its error."""
        with self._lock:
            start = time.perf_counter()
            version = self.snapshot.version + 1
            try:
                doc = self._document({Path(p) for p in changed})
                options = dict(self.options, embed_images=False, fragment=False)
                if self.css_file is not None:
                    options["css"] = self.css_file.read_text(encoding="utf-8")
                sources = tuple(s for _, s in doc.origins) or (doc.source,)
                rendered = render_document(marked(doc), "html", export_options(options))
                warnings = [*doc.warnings, *rendered.warnings, *self._checks(doc)]
                self.doc = doc
                self.snapshot = Snapshot(
                    version, version, rendered.data, tuple(_warning(w, doc.source, sources) for w in warnings), "",
                    time.perf_counter() - start, sources,
                )  # fmt: skip
            except (PledgeconvError, OSError, UnicodeError) as exc:
                message = str(exc) if isinstance(exc, PledgeconvError) else f"{type(exc).__name__}: {exc}"
                self.snapshot = replace(self.snapshot, version=version, error=message,
                                        seconds=time.perf_counter() - start)  # fmt: skip
            return self.snapshot

    def export(self, fmt: str) -> bytes:
        """The current document in another format, from the warm parse."""
        with self._lock:
            if self.doc is None:
                raise PledgeconvError("nothing to export: the document has not been read yet")
            options = {k: v for k, v in self.options.items() if k != "embed_images"}
            if self.css_file is not None:
                options["css"] = self.css_file.read_text(encoding="utf-8")
            return render_document(self.doc, fmt, export_options(options)).data

    @property
    def missing_label(self) -> str:
        """What a placeholder says before the file name (이미지 없음, in a Korean document)."""
        from .labels import labels_for

        return labels_for(self.doc.meta.lang if self.doc is not None else "ko")["missing_image"]

    @property
    def stem(self) -> str:
        if self.doc is not None and self.book:
            return self.doc.source or "book"
        return self.target.stem


def marked(doc: Document) -> Document:
    """``doc`` with an empty marker after each top-level block, naming the chapter and the line the
    block starts on, so the page can scroll to the place a warning names."""
    blocks: list[Block] = []
    for chapter, (first, end, _) in enumerate(doc.parts()):
        for block in doc.blocks[first:end]:
            blocks.append(block)
            line = getattr(block, "line", 0)
            if line:
                blocks.append(Div((MARK, f"pc-c{chapter}", f"pc-l{line}"), (), line))
    return replace(doc, blocks=tuple(blocks))


def _warning(w: Diagnostic, default: str, sources: tuple[str, ...]) -> dict[str, Any]:
    source = w.source or default
    chapter = sources.index(source) if source in sources else -1
    return {"code": w.code, "message": w.message, "source": source, "line": w.line, "chapter": chapter}
