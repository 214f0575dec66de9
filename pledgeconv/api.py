"""The library API behind pledgeconv's top level: parse, export, convert."""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import exporters
from .errors import PledgeconvError, PledgeconvWarning, UsageError, WarningsAsErrors
from .frozen import dataclass
from .model import Diagnostic, Document
from .options import SPECS, ExportOptions, ParseOptions, split_options
from .output import check_writable, write_atomic
from .render import render
from .resolve import resolve
from .resolved import Rendered
from .resources import resolve_images
from .source import SourceText, decode, read
from .transforms import assign_ids
from .workers import EARLY_MAX_INPUT_BYTES, JobResult, Workers


def parse(
    source: str | bytes | os.PathLike[str],
    *,
    base_dir: str | os.PathLike[str] | None = None,
    name: str | None = None,
    **options: Any,
) -> Document:
    """Parse Markdown into a Document.

    ``source`` is Markdown text (``str``), raw bytes, or a path (``pathlib.Path``). Images are
    resolved inside ``base_dir`` (default: the file's folder, else the current folder) and the
    ``resource_paths``. ``options`` are the parse options (``pledgeconv.options.ParseOptions``:
    ``strict``, ``resource_paths``, ``encoding``, ``encoding_errors``, ``max_input_bytes``,
    ``allow_remote``); an unknown one is a UsageError naming the valid ones.
    """
    return parse_with(source, ParseOptions.from_mapping(options), base_dir=base_dir, name=name)


def parse_with(
    source: str | bytes | os.PathLike[str],
    read_options: ParseOptions,
    *,
    base_dir: str | os.PathLike[str] | None = None,
    name: str | None = None,
) -> Document:
    """:func:`parse` with checked options."""
    o = read_options
    if isinstance(source, os.PathLike):
        path = Path(source)
        text = read(path, encoding=o.encoding, errors=o.encoding_errors, max_bytes=o.max_input_bytes)
        label = name or str(path)
        folder = Path(base_dir) if base_dir is not None else path.parent
    else:
        label = name or "<input>"
        if isinstance(source, bytes):
            data = source
        elif isinstance(source, str):
            data = None
        else:
            raise UsageError(f"parse() takes text, bytes or a path, not {type(source).__name__}")
        if data is None:
            assert isinstance(source, str)
            text = decode(source.encode("utf-8", "surrogatepass"), label, max_bytes=o.max_input_bytes)
        else:
            text = decode(
                data, label, encoding=o.encoding, errors=o.encoding_errors, max_bytes=o.max_input_bytes
            )
        folder = Path(base_dir) if base_dir is not None else Path.cwd()
    return _build(text, label, folder, [Path(p) for p in o.resource_paths], o.strict, o.allow_remote)


def _build(
    text: SourceText,
    label: str,
    folder: Path,
    resource_paths: list[Path],
    strict: bool,
    allow_remote: bool = False,
) -> Document:
    warnings = text.warnings
    if not text.text.strip():
        warnings += (
            Diagnostic("empty-input", "the input has no content; the output is an empty document", 0),
        )
    # markdown-it is imported here, not at the top: convert() forks its warm-up workers (DOCX, PDF)
    # before parsing, and they import their exporters while this process imports the parser.
    from .parser import parse_text

    # Parsing builds a large tree with no reference cycles; the cyclic garbage collector would
    # re-scan it over and over as it grows (1.8x the parse time of a 1000-chapter book). Paused
    # for the parse only, and restored as it was.
    collecting = gc.isenabled()
    gc.disable()
    try:
        doc = parse_text(text.text, strict=strict, source=label, warnings=warnings)
        if not strict:
            from .pledges.style import style_labels

            doc = style_labels(assign_ids(doc))
    finally:
        if collecting:
            gc.enable()
    doc = resolve_images(doc, folder, resource_paths, allow_remote=allow_remote)
    stamped = tuple(
        sorted(
            (w if w.source else replace(w, source=label) for w in doc.warnings),
            key=lambda w: w.line,
        )
    )
    return replace(doc, warnings=stamped)


def export(doc: Document, fmt_or_path: str | os.PathLike[str], **options: Any) -> bytes | Path:
    """Render ``doc`` as ``fmt`` ("html", …) and return the bytes, or write it to a path.

    What the exporter meets while rendering (e.g. a character no font has, in PDF) is issued as a
    :class:`PledgeconvWarning` through Python's :mod:`warnings`; the parse warnings are ``doc.warnings``.

    Given a path (``pathlib.Path``, or a string with a file suffix such as ``"dist/a.pdf"``), the
    format comes from its suffix (or ``to=``), the file is written atomically, and the path is returned.
    """
    if isinstance(fmt_or_path, str) and ("." in fmt_or_path or "/" in fmt_or_path or os.sep in fmt_or_path):
        fmt_or_path = Path(fmt_or_path)
    if isinstance(fmt_or_path, os.PathLike):
        path = Path(fmt_or_path)
        fmt = options.pop("to", None) or exporters.for_suffix(path.suffix)
        if fmt is None:
            raise UsageError(f"{path}: cannot tell the format from the suffix; pass to=")
        data = _render_and_warn(doc, fmt, export_options(options))
        write_atomic(path, data)
        return path
    return _render_and_warn(doc, fmt_or_path, export_options(options))


def export_options(options: dict[str, Any]) -> ExportOptions:
    """Checked export options from keyword arguments (installed plugins' own options included)."""
    plugins = exporters.plugin_options() if set(options) - {s.name for s in SPECS} else ()
    return ExportOptions.from_mapping(options, plugins=plugins)


def _render_and_warn(doc: Document, fmt: str, options: ExportOptions) -> bytes:
    """Resolve and render, passing the exporter's warnings to Python's :mod:`warnings` (the
    caller of export())."""
    rendered = render_document(doc, fmt, options)
    if rendered.warnings:
        import warnings

        for w in rendered.warnings:
            warnings.warn(PledgeconvWarning(w.format(doc.source or "<input>"), w), stacklevel=3)
    return rendered.data


def render_document(doc: Document, fmt: str, options: ExportOptions) -> Rendered:
    """Resolve ``doc`` and render it as ``fmt`` in this process."""
    return render(resolve(doc, options), fmt, options)


@dataclass(frozen=True, slots=True)
class ConvertResult:
    """What :func:`convert` did: files written, warnings, and formats that failed."""

    outputs: tuple[Path, ...]
    warnings: tuple[Diagnostic, ...]
    errors: tuple[PledgeconvError, ...] = ()


def parse_formats(to: str | Iterable[str] | None) -> list[str]:
    """``"html,pdf"``, ``["html"]`` or ``"all"`` to a list of format names (checked)."""
    if to is None:
        return []
    items = to.split(",") if isinstance(to, str) else list(to)
    names: list[str] = []
    for item in items:
        item = item.strip().lower()
        if not item:
            continue
        expanded = (
            [n for n in exporters.available() if n not in exporters.DATA_FORMATS] if item == "all" else [item]
        )
        for name in expanded:
            exporters.check(name)  # a clear UsageError for unknown or planned formats
            if name not in names:
                names.append(name)
    return names


def plan_outputs(
    src: Path | None, dst: Path | None, formats: list[str], stem: str, *, dst_is_dir: bool = False
) -> list[tuple[str, Path | None]]:
    """Decide (format, output path) pairs: ``dst`` is a file (format from its suffix) or a folder
    (``dst_is_dir``: it was written with a trailing slash, which ``Path`` forgets)."""
    if dst is not None and str(dst) == "-":
        if len(formats) > 1:
            raise UsageError("writing to stdout ('-') takes exactly one format")
        return [(formats[0] if formats else "html", None)]
    is_dir = dst is not None and (dst_is_dir or dst.is_dir() or (not dst.suffix and len(formats) != 1))
    if dst is not None and not is_dir:
        fmt = exporters.for_suffix(dst.suffix)
        if formats and len(formats) > 1:
            raise UsageError(f"{dst}: several formats need an output folder, not a file")
        if formats:
            return [(formats[0], dst)]
        if fmt is None:
            raise UsageError(f"{dst}: cannot tell the format from the suffix; give --to")
        exporters.check(fmt)
        return [(fmt, dst)]
    folder = dst if dst is not None else (src.parent if src is not None else Path.cwd())
    if not formats:
        formats = ["html"]
    return [(fmt, folder / f"{stem}{exporters.suffix_of(fmt)}") for fmt in formats]


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # parse() reports it


def convert(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str] | None = None,
    *,
    to: str | Iterable[str] | None = None,
    fail_on_warning: bool = False,
    jobs: int | None = None,
    pledge_table: str | None = None,
    **options: Any,
) -> ConvertResult:
    """Convert a Markdown file to one or more formats: parse once, export each, write atomically.

    ``dst`` is an output file (format from its suffix) or folder (``<stem>.<ext>`` per format);
    by default the outputs go beside the source. A format that fails does not stop the others:
    its error is in ``result.errors``. With ``fail_on_warning`` any parse warning raises
    WarningsAsErrors (carrying the warnings) before anything is written. ``pledge_table``
    ("chapter" or "book") adds a 공약 이행계획표 after each chapter or at the end. ``options`` are
    the parse options (as :func:`parse` takes them) and the rendering options (as :func:`export`).
    """
    read_options, options = split_options(options)
    from_stdin = str(src) == "-"
    src_path = None if from_stdin else Path(src)
    dst_path = Path(dst) if dst is not None else (Path("-") if from_stdin else None)
    checked = export_options(options)
    stem = "stdin" if src_path is None else (src_path.stem or "output")
    dst_is_dir = isinstance(dst, str) and dst.endswith(("/", os.sep))
    plan = plan_outputs(src_path, dst_path, parse_formats(to), stem, dst_is_dir=dst_is_dir)
    for _, out in plan:
        if out is not None:
            if src_path is not None and out.resolve() == src_path.resolve():
                raise UsageError(f"{out}: output would overwrite the input")
            check_writable(out)
    # Exporters that take long to set up (PDF fonts, the Word template) start in worker processes
    # now, while this one parses; a big input is parsed first and inherited by the workers instead.
    size = 0 if src_path is None else _file_size(src_path)
    early = src_path is not None and size <= EARLY_MAX_INPUT_BYTES
    with Workers([(fmt, checked) for fmt, _ in plan], jobs_limit=jobs, input_bytes=size) as workers:
        if early:
            workers.start()
        if src_path is None:
            data = sys.stdin.buffer.read()
            workers.input_bytes = len(data)
            doc = parse_with(data, read_options, name="<stdin>")
            del data
        else:
            doc = parse_with(src_path, read_options)
        if fail_on_warning and doc.warnings:
            raise WarningsAsErrors(
                f"{doc.source}: {len(doc.warnings)} warning(s) and --fail-on-warning; nothing written",
                doc.warnings,
            )
        if pledge_table:
            from .pledges.table import add_pledge_table

            doc = add_pledge_table(doc, pledge_table)

        def deliver(i: int, result: JobResult) -> JobResult:
            """Write each output as soon as it is there, and keep only its warnings and error."""
            if result.error is not None or result.data is None:
                return result
            out = plan[i][1]
            try:
                if out is None:
                    sys.stdout.buffer.write(result.data)
                    sys.stdout.flush()
                else:
                    write_atomic(out, result.data)
            except PledgeconvError as exc:
                return JobResult(None, result.warnings, exc)
            return JobResult(None, result.warnings)

        results = workers.run(resolve(doc, checked), deliver)
    written: list[Path] = []
    errors: list[PledgeconvError] = []
    warnings = list(doc.warnings)
    for (_fmt, out), result in zip(plan, results, strict=True):
        warnings.extend(w for w in result.warnings if w not in warnings)
        if result.error is not None:
            errors.append(result.error)
        elif out is not None:
            written.append(out)
    return ConvertResult(tuple(written), tuple(warnings), tuple(errors))


def render_many(
    jobs: Sequence[tuple[Document, str, ExportOptions]], *, jobs_limit: int | None = None
) -> list[JobResult]:
    """Render several (document, format, options) jobs, sharing them between this process and forked
    workers (up to ``jobs_limit`` processes, default: the CPUs). Results keep the jobs' order. Each
    document is resolved once for every set of options that matters to resolution."""
    weights = [1.0 + len(doc.blocks) for doc, _, _ in jobs]  # bigger documents take longer
    resolved: dict[tuple[int, bool, bool | None, int], Any] = {}
    docs = []
    for doc, _, options in jobs:
        key = (id(doc), options.unsafe_html, options.toc, options.toc_depth)
        if key not in resolved:
            resolved[key] = resolve(doc, options)
        docs.append(resolved[key])
    with Workers(
        [(fmt, options) for _, fmt, options in jobs], jobs_limit=jobs_limit, weights=weights
    ) as workers:
        return workers.run(docs)
