"""Braille Ready Format (BRF): the 점자형 선거공보 in the ASCII braille embossers take, translated by
liblouis' Korean tables, paged, with a braille cover, page numbers, the statutory page cap checked,
and (``--braille-proof``) a PDF a sighted reader can check it with."""

from __future__ import annotations

from pathlib import Path

from ...elections import CAPS, election_kind
from ...errors import UsageError
from ...frozen import dataclass
from ...model import Diagnostic
from ...options import ExportOptions
from ...resolved import Rendered, Resolved
from .cells import to_ascii
from .cover import cover_items
from .ink import Item, Linearise
from .layout import Geometry, Page, Typesetter
from .louis import TABLES, louis

#: The smallest page that still holds a word, its continuation sign and a page number.
MIN_CELLS = 12
MIN_LINES = 4


@dataclass(frozen=True, slots=True)
class BrailleBook:
    """The braille pages of a document, what went into them, and the cap they are held to."""

    pages: tuple[Page, ...]
    geometry: Geometry
    table: str
    translations: tuple[tuple[Item, str], ...]
    kind: str | None
    cap: int | None
    warnings: tuple[Diagnostic, ...]


def geometry(options: ExportOptions) -> Geometry:
    """The page geometry the options ask for (a UsageError for one too small to set text on)."""
    cells, lines = options.braille_cells, options.braille_lines
    if cells < MIN_CELLS or lines < MIN_LINES:
        raise UsageError(f"brf: a braille page needs at least {MIN_CELLS} cells and {MIN_LINES} lines, "
                         f"not {cells} × {lines}")  # fmt: skip
    return Geometry(cells, lines)


def table_for(options: ExportOptions) -> str:
    """The liblouis table of the braille grade asked for."""
    if options.braille_grade not in TABLES:
        raise UsageError(f"brf: braille_grade takes 1 or 2, not {options.braille_grade!r}")
    return TABLES[options.braille_grade]


def typeset(resolved: Resolved, options: ExportOptions) -> BrailleBook:
    """Translate and page ``resolved``; check the page count against the election's cap."""
    shape = geometry(options)
    table = table_for(options)
    lib = louis()
    lib.check_table(table)
    lib.dropped.clear()
    setter = Typesetter(lib, table, shape)
    if resolved.has_cover("brf"):  # always: the production guides ask for a cover (frontpages.py)
        setter.place_all(cover_items(resolved.doc.meta, resolved.title))
        setter.new_page()
    setter.place_all(Linearise(resolved, lib.known(table)).items())
    pages = tuple(setter.finish())
    meta = resolved.doc.meta
    kind = options.election_kind or election_kind(meta.election)
    cap = CAPS.get(kind) if kind else None
    warnings: list[Diagnostic] = []
    if cap is not None and len(pages) > cap:
        warnings.append(Diagnostic(
            "braille-pages",
            f"the braille bulletin has {len(pages)} pages, over the cap of {cap} for a {kind} election "
            f"(공직선거법 §65; {shape.cells} cells × {shape.lines} lines, {table})",
            0, resolved.doc.source,
        ))  # fmt: skip
    dropped = sorted(lib.dropped)
    if dropped:
        lib.dropped.clear()
        warnings.append(Diagnostic(
            "braille-undefined",
            f"{table} has no braille for {' '.join(dropped)} (U+{', U+'.join(f'{ord(c):04X}' for c in dropped)}); left out",
            0, resolved.doc.source,
        ))  # fmt: skip
    return BrailleBook(pages, shape, table, tuple(setter.translations), kind, cap, tuple(warnings))


def brf_bytes(pages: tuple[Page, ...]) -> bytes:
    """The pages as BRF: Braille ASCII lines ended by CR LF, pages separated by form feeds."""
    out = []
    for page in pages:
        out.append("\r\n".join(to_ascii(line.cells).rstrip(" ") for line in page.lines) + "\r\n")
    return "\f".join(out).encode("ascii")


class BrfExporter:
    """The braille bulletin as BRF (and its proof PDF when ``braille_proof`` names a file)."""

    name = "brf"
    suffixes = (".brf",)

    def export(self, resolved: Resolved, options: ExportOptions) -> Rendered:
        """Translate, page, write the proof if asked, return the BRF bytes and the warnings."""
        book = typeset(resolved, options)
        if options.braille_proof:
            from ...output import write_atomic
            from .proof import proof_pdf

            write_atomic(proof_path(options.braille_proof, resolved), proof_pdf(book, resolved))
        return Rendered(brf_bytes(book.pages), book.warnings)


def proof_path(given: str, resolved: Resolved) -> Path:
    """Where the proof goes: the file given, or in a folder given, ``<stem>.proof.pdf``."""
    path = Path(given)
    if given.endswith(("/", "\\")) or path.is_dir():
        source = resolved.doc.source
        stem = Path(source).stem if source and not source.startswith("<") else "braille"
        return path / f"{stem}.proof.pdf"
    return path
