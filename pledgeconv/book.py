"""Pledge books: chapters from a folder or pledgeconv.toml, one Document, every format, a manifest."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import __version__, exporters, fonts
from .api import export_options as api_options
from .api import parse_formats, parse_with, render_many
from .errors import ExportError, PledgeconvError, UsageError
from .frontmatter import ALIASES, is_meta_key, read_meta
from .model import Diagnostic, Document, Heading, ImageFile, Inline, Meta, Note, NoteRef, Span, Text
from .options import PARSE_SPECS, ExportOptions, ParseOptions, from_manifest, manifest_keys
from .output import write_atomic
from .resources import resolve_image
from .transforms import assign_ids, map_inlines, slugify

MANIFEST = "pledgeconv.toml"
#: Manifest keys that are neither metadata nor rendering options.
BOOK_KEYS = ("chapters", "formats", "output", "number_chapters")


@dataclass(frozen=True, slots=True)
class BookConfig:
    """A book as the manifest (or the folder) describes it."""

    root: Path
    chapters: tuple[Path, ...]
    meta: dict[str, Any] = field(default_factory=dict)
    formats: tuple[str, ...] = ("html", "epub", "docx", "pdf", "hwpx")
    output: str = ""  # file stem of the artifacts
    number_chapters: bool = True
    options: dict[str, Any] = field(default_factory=dict)  # export options (paper, font_dir, ...)
    read_options: dict[str, Any] = field(default_factory=dict)  # parse options (resource_paths, ...)


@dataclass(frozen=True, slots=True)
class Artifact:
    """One file a build wrote (or kept, when incremental)."""

    format: str
    path: Path
    bytes: int
    sha256: str
    pages: int | None = None
    key: str = ""
    skipped: bool = False


@dataclass(frozen=True, slots=True)
class BuildResult:
    """What :func:`build` did: artifacts, warnings (file names relative to ``root``), failures,
    and the manifest it wrote."""

    artifacts: tuple[Artifact, ...]
    warnings: tuple[Diagnostic, ...]
    errors: tuple[PledgeconvError, ...]
    manifest: Path | None
    root: Path | None = None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _chapter_files(folder: Path) -> list[Path]:
    files = [
        p
        for p in folder.glob("*.md")
        if p.is_file()
        and p.name.lower() not in ("readme.md", "changelog.md")
        and not p.name.startswith((".", "_"))
    ]
    return sorted(files, key=lambda p: p.name)


def load_config(target: str | os.PathLike[str] | None = None) -> BookConfig:
    """Read ``pledgeconv.toml`` (a path to it, or a folder holding it) or list a folder's chapters."""
    path = Path(target) if target is not None else Path.cwd()
    if path.is_dir() and (path / MANIFEST).is_file():
        path = path / MANIFEST
    if path.is_dir():
        chapters = _chapter_files(path)
        if not chapters:
            raise UsageError(f"{path}: no Markdown chapters (*.md) in this folder")
        return BookConfig(path.resolve(), tuple(c.resolve() for c in chapters), output=path.resolve().name)
    if not path.is_file():
        raise UsageError(f"{path}: no such book folder or manifest")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: not a valid TOML manifest ({exc})") from None
    root = path.resolve().parent
    book = data.get("book", data)
    listed = book.get("chapters")
    if listed:
        chapters = []
        for entry in listed:
            chapter = (root / str(entry)).resolve()
            if not chapter.is_relative_to(root):
                raise UsageError(f"{path}: chapter {entry} is outside the book's folder")
            if not chapter.is_file():
                raise UsageError(f"{path}: chapter {entry} not found")
            chapters.append(chapter)
    else:
        chapters = [c.resolve() for c in _chapter_files(root)]
    if not chapters:
        raise UsageError(f"{path}: the book has no chapters")
    meta = {k: book[k] for k in book if is_meta_key(k)}
    known = {*ALIASES, *BOOK_KEYS, *manifest_keys()}
    unknown = sorted(
        k for k in book if k not in known and not is_meta_key(k) and not (k == "book" and book is data)
    )
    if unknown:
        raise UsageError(f"{path}: unknown key(s) {', '.join(unknown)} (valid: {', '.join(sorted(known))})")
    options = from_manifest(book, root, str(path))
    read_options = from_manifest(book, root, str(path), PARSE_SPECS)
    formats = tuple(book.get("formats", ("html", "epub", "docx", "pdf", "hwpx")))
    output = str(book.get("output", "") or slugify(read_meta(meta).title) or root.name)
    return BookConfig(root, tuple(chapters), meta, formats, output, bool(book.get("number_chapters", True)),
                      options, read_options)  # fmt: skip


def _meta_from(config: BookConfig, first: Meta) -> Meta:
    """The book's metadata: the manifest's (read as front matter is), falling back to the first
    chapter's front matter field by field."""
    given = read_meta(config.meta)
    names = {ALIASES[str(k).strip().lower()] for k in config.meta}
    return replace(first, **{name: getattr(given, name) for name in names})


def read_options_of(config: BookConfig, options: dict[str, Any] | None = None) -> ParseOptions:
    """The book's parse options: the manifest's, overridden by ``options`` (the caller's)."""
    return ParseOptions.from_mapping({**config.read_options, **(options or {})})


def parse_chapters(config: BookConfig, read_options: ParseOptions | None = None) -> list[Document]:
    """Each chapter on its own, images resolved in its own folder (and the resource paths), named
    relative to the book."""
    o = read_options or read_options_of(config)
    return [parse_with(c, o, name=str(c.relative_to(config.root))) for c in config.chapters]


def assemble(
    config: BookConfig,
    read_options: ParseOptions | None = None,
    *,
    chapters: Sequence[Document] | None = None,
) -> Document:
    """Join the chapters (parsed here unless given) into one Document: notes renumbered, ids
    unique across the book, chapters numbered."""
    o = read_options or read_options_of(config)
    blocks: list[Any] = []
    notes: list[Note] = []
    warnings: list[Diagnostic] = []
    images: dict[str, ImageFile] = {}
    first_meta: Meta | None = None
    origins: list[tuple[int, str]] = []
    for doc in chapters if chapters is not None else parse_chapters(config, o):
        first_meta = first_meta or doc.meta
        origins.append((len(blocks), doc.source))
        offset = len(notes)

        def shift(node: Inline, offset: int = offset) -> Inline:
            return replace(node, number=node.number + offset) if isinstance(node, NoteRef) else node

        blocks.extend(map_inlines(doc.blocks, shift) if offset else doc.blocks)
        notes.extend(
            replace(n, number=n.number + offset, blocks=map_inlines(n.blocks, shift)) for n in doc.notes
        )
        warnings.extend(doc.warnings)
        images.update((f.path, f) for f in doc.images)
    meta = _meta_from(config, first_meta or Meta())
    if any(ALIASES[str(k).strip().lower()] == "cover" for k in config.meta) and meta.cover is not None:
        found = resolve_image(meta.cover.src, config.root)
        meta = replace(meta, cover=replace(meta.cover, resolved=found.path))
        if found.path is None:
            warnings.append(Diagnostic(found.code, f"cover: {found.problem}", 0, MANIFEST))
        else:
            images[found.path] = ImageFile(found.path, found.mime, found.width, found.height, found.data)
    book = Document(
        meta,
        tuple(blocks),
        tuple(notes),
        tuple(warnings),
        config.output,
        tuple(images.values()),
        tuple(origins),
    )
    if o.strict:
        return book
    book = assign_ids(book)  # unique across the whole book; before numbering, so ids stay readable
    if config.number_chapters:
        numbered: list[Any] = []
        number = 0
        for block in book.blocks:
            if isinstance(block, Heading) and block.level == 1:
                number += 1
                label = Span(("chapter-number",), (Text(f"{number}. ", block.line),), block.line)
                block = replace(block, children=(label, *block.children))
            numbered.append(block)
        book = replace(book, blocks=tuple(numbered))
    return book


def _pages(data: bytes) -> int:
    return len(re.findall(rb"/Type /Page\b", data))


def _folder_hash(folder: Path) -> str:
    """The content of every file in ``folder`` (names and bytes), or "" when it cannot be read."""
    digest = hashlib.sha256()
    try:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    except OSError:
        return ""
    return digest.hexdigest()


def _inputs_hash(options: ExportOptions) -> str:
    """The content of every file the options bring in (reference document, font folder): a changed
    file is a changed input, whatever its name. The bundled fonts come with the version; their
    names and sizes are enough (hashing their 11 MB would cost every build 0.09 s)."""
    bundled = fonts.font_dir()
    parts: list[object] = [sorted((p.name, p.stat().st_size) for p in bundled.iterdir() if p.is_file())]
    if options.reference_docx:
        try:
            parts.append(_sha256(Path(options.reference_docx).read_bytes()))
        except OSError:
            parts.append("unreadable")
    if options.font_dir:
        parts.append(_folder_hash(Path(options.font_dir)))
    return _sha256(json.dumps(parts).encode())


def _job_key(doc: Document, text_hash: str, fmt: str, options: ExportOptions, inputs: str) -> str:
    """What an artifact depends on: the chapters' text and metadata, the bytes of every image, the
    options (CSS text included) and the files they name, the fonts, the version, the build date."""
    images = sorted((f.path, _sha256(f.data)) for f in doc.images)
    basis = json.dumps(
        [text_hash, images, fmt, repr(options), inputs, __version__, os.environ.get("SOURCE_DATE_EPOCH", "")]
    )
    return _sha256(basis.encode())


def build(
    target: str | os.PathLike[str] | BookConfig | None = None,
    out_dir: str | os.PathLike[str] = "dist",
    *,
    to: Sequence[str] | str | None = None,
    jobs: int | None = None,
    per_chapter: bool = False,
    incremental: bool = False,
    progress: Callable[[str], None] | None = None,
    require_pledge_items: bool = False,
    profile: str | None = None,
    pledge_table: str | None = None,
    **options: Any,
) -> BuildResult:
    """Build a pledge book in every requested format, with ``manifest.json``, into ``out_dir``.

    ``target`` is a folder of chapters (``000_*.md`` …), a ``pledgeconv.toml``, or a loaded BookConfig. ``jobs`` is the
    number of worker processes (default: CPU count). With ``incremental``, artifacts whose inputs,
    options and pledgeconv version are unchanged are kept as they are. ``require_pledge_items`` (or
    ``profile="election-book"``) adds the pledge checklist's warnings; ``pledge_table`` ("chapter" or
    "book") adds a 공약 이행계획표. ``options`` are the parse options (as :func:`pledgeconv.parse`
    takes them) and the rendering options; each overrides the manifest's.
    """
    config = target if isinstance(target, BookConfig) else load_config(target)
    out = Path(out_dir)
    formats = parse_formats(to) if to else parse_formats(list(config.formats))
    names = {s.name for s in PARSE_SPECS}
    read_options = read_options_of(config, {k: v for k, v in options.items() if k in names})
    options = {k: v for k, v in options.items() if k not in names}
    export_options = api_options({**config.options, **options})
    chapter_docs = parse_chapters(config, read_options)  # once, for the book and --per-chapter
    book = assemble(config, read_options, chapters=chapter_docs)
    checked: list[Diagnostic] = []
    if require_pledge_items or profile:
        from .pledges.check import check_pledges

        checked = check_pledges(book, profile=profile)
    if pledge_table:
        from .pledges.table import add_pledge_table

        book = add_pledge_table(book, pledge_table)
        chapter_docs = [add_pledge_table(doc) for doc in chapter_docs]
    sources = [
        {"path": str(c.relative_to(config.root)), "sha256": _sha256(c.read_bytes())} for c in config.chapters
    ]
    doc_hash = _sha256(
        json.dumps(sources).encode()
        + json.dumps(config.meta, default=str, sort_keys=True).encode()
        + f"pledge-table={pledge_table}".encode()  # the table changes the document
        + repr(read_options).encode()  # so do the parse options
    )
    previous = _previous_artifacts(out / "manifest.json") if incremental else {}
    inputs = _inputs_hash(export_options)

    def job_key(doc: Document, text_hash: str, fmt: str) -> str:
        return _job_key(doc, text_hash, fmt, export_options, inputs)

    jobs_list: list[tuple[Document, str, ExportOptions, Path, str]] = []
    for fmt in formats:
        name = "pledges.json" if fmt == "pledges" else f"{config.output}{exporters.suffix_of(fmt)}"
        jobs_list.append((book, fmt, export_options, out / name, job_key(book, doc_hash, fmt)))
    if per_chapter:
        for chapter, doc, source in zip(config.chapters, chapter_docs, sources, strict=True):
            chapter_hash = source["sha256"] + ("+pledge-table" if pledge_table else "")
            for fmt in formats:
                path = out / "chapters" / f"{chapter.stem}{exporters.suffix_of(fmt)}"
                jobs_list.append((doc, fmt, export_options, path, job_key(doc, chapter_hash, fmt)))

    artifacts: list[Artifact] = []
    errors: list[PledgeconvError] = []
    warnings: list[Diagnostic] = [*book.warnings, *checked]
    todo = []
    for doc, fmt, opts, path, key in jobs_list:
        old = previous.get(str(path.relative_to(out)))
        if (
            old
            and old.get("key") == key
            and path.is_file()
            and _sha256(path.read_bytes()) == old.get("sha256")
        ):
            data = path.read_bytes()
            artifacts.append(
                Artifact(fmt, path, len(data), old["sha256"], old.get("pages"), key, skipped=True)
            )
            if progress:
                progress(f"unchanged {path}")
            continue
        todo.append((doc, fmt, opts, path, key))

    results = render_many([(doc, fmt, opts) for doc, fmt, opts, _, _ in todo], jobs_limit=jobs)
    for (_doc, fmt, _opts, path, key), result in zip(todo, results, strict=True):
        warnings.extend(w for w in result.warnings if w not in warnings)
        if result.data is None:
            errors.append(result.error or ExportError(f"{fmt}: export failed"))
            continue
        data = result.data
        try:
            write_atomic(path, data)
        except PledgeconvError as exc:  # this artifact is not written; the others still are
            errors.append(exc)
            continue
        artifacts.append(
            Artifact(fmt, path, len(data), _sha256(data), _pages(data) if fmt == "pdf" else None, key)
        )
        if progress:
            progress(f"wrote {path}")
    artifacts.sort(key=lambda a: str(a.path))
    manifest = out / "manifest.json"
    write_atomic(manifest, _manifest(config, out, artifacts, sources, warnings, errors).encode("utf-8"))
    return BuildResult(tuple(artifacts), tuple(warnings), tuple(errors), manifest, config.root)


def _previous_artifacts(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {a["path"]: a for a in data.get("artifacts", [])}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _manifest(config: BookConfig, out: Path, artifacts: Sequence[Artifact], sources: list[dict[str, str]],
              warnings: Sequence[Diagnostic], errors: Sequence[PledgeconvError]) -> str:  # fmt: skip
    data = {
        "pledgeconv": __version__,
        "book": config.output,
        "artifacts": [
            {
                "format": a.format,
                "path": str(a.path.relative_to(out)),
                "bytes": a.bytes,
                "sha256": a.sha256,
                **({"pages": a.pages} if a.pages is not None else {}),
                "key": a.key,
            }
            for a in artifacts
        ],
        "sources": sources,
        "warnings": [
            {"file": w.source, "line": w.line, "code": w.code, "message": w.message} for w in warnings
        ],
        "errors": [str(e) for e in errors],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def merge_manifests(paths: Sequence[str | os.PathLike[str]]) -> str:
    """Join the manifests of several shards (or books) into one, sorted by artifact path."""
    merged: dict[str, Any] = {"pledgeconv": __version__, "books": [], "artifacts": [], "sources": [],
                              "warnings": [], "errors": []}  # fmt: skip
    for path in paths:
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise UsageError(f"{path}: not a readable manifest ({exc})") from None
        if "books" in data:  # already a merged manifest: its items carry their book
            merged["books"].extend(data["books"])
            for key in ("artifacts", "sources", "warnings", "errors"):
                merged[key].extend(data.get(key, []))
            continue
        book = data.get("book", "")
        merged["books"].append(book)
        for key in ("artifacts", "sources", "warnings"):
            merged[key].extend({**item, "book": book} for item in data.get(key, []))
        merged["errors"].extend(data.get("errors", []))
    merged["artifacts"].sort(key=lambda a: (a["book"], a["path"]))
    return json.dumps(merged, indent=2, ensure_ascii=False) + "\n"


def shard(targets: Sequence[str], spec: str) -> list[str]:
    """The targets of shard ``I/N`` (1-based): every N-th of the name-sorted list."""
    match = re.fullmatch(r"(\d+)/(\d+)", spec.strip())
    if not match:
        raise UsageError(f"--shard takes I/N (e.g. 2/4), not {spec!r}")
    index, count = int(match.group(1)), int(match.group(2))
    if not 1 <= index <= count:
        raise UsageError(f"--shard {spec}: I must be between 1 and N")
    ordered = sorted(targets)
    return [t for i, t in enumerate(ordered) if i % count == index - 1]
