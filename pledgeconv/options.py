"""Export options, declared once: each field says its type, default, help, formats, CLI flag and
manifest key; the CLI (convert and build), the pledgeconv.toml reader and validation are made from it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import MISSING, field, fields
from pathlib import Path
from typing import Any, Literal

from .elections import ELECTIONS
from .errors import UsageError
from .frozen import dataclass
from .paper import SIZES

#: How a value is given: as is, as a path (made absolute against the manifest's folder), or as a
#: file whose text is the value (CSS).
Kind = Literal["value", "path", "file-text"]


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """One rendering option as the CLI, the manifest and validation see it."""

    name: str
    type: type
    default: Any
    help: str
    formats: tuple[str, ...] = ()  # () for every format
    flag: str = ""  # e.g. "--toc-depth"; a True default is switched off by its "--no-…" flag
    off_flag: str = ""  # a three-state bool (default None, "automatic"): flag sets True, off_flag False
    manifest_key: str | None = None  # the key in pledgeconv.toml ([book] table), None if none
    choices: tuple[str, ...] = ()
    metavar: str | None = None
    kind: Kind = "value"
    off_help: str = ""  # the help of ``off_flag``

    def check(self, value: Any, where: str) -> Any:
        """``value`` as this option takes it, or a UsageError naming the option and what it takes."""
        if value is None and self.default is None:
            return None
        if self.type is bool and not isinstance(value, bool):
            raise UsageError(f"{where}: {self.name} takes true or false, not {value!r}")
        if self.type is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise UsageError(f"{where}: {self.name} takes a whole number, not {value!r}")
        if self.type is float:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise UsageError(f"{where}: {self.name} takes a number, not {value!r}")
            value = float(value)
        if self.type is str and not isinstance(value, str):
            raise UsageError(f"{where}: {self.name} takes text, not {value!r}")
        if self.choices and value not in self.choices:
            raise UsageError(f"{where}: {self.name} {value!r} is not one of: {', '.join(self.choices)}")
        return value


def _opt(default: Any, help: str, **spec: Any) -> Any:
    """A dataclass field that carries its option declaration in its metadata."""
    return field(default=default, metadata={"help": help, **spec})


PAPERS = tuple(SIZES)


@dataclass(frozen=True, slots=True)
class ExportOptions:
    """Options for exporters; each exporter reads the ones that concern it. Plugins' own options
    are in ``extra`` (name, value) pairs."""

    fragment: bool = _opt(False, "body content only", formats=("html",), flag="--fragment")
    toc: bool | None = _opt(
        None, "a contents page even for a short document (default: two chapters or four headings, "
        "in more than about a page and a half)",
        flag="--toc", off_flag="--no-toc", off_help="no contents page", manifest_key="toc",
    )  # fmt: skip
    toc_page_numbers: bool = _opt(
        False, "page numbers in the contents, read back from one LibreOffice layout pass",
        formats=("docx",), flag="--toc-page-numbers", manifest_key="toc_page_numbers",
    )  # fmt: skip
    toc_depth: int = _opt(
        3, "heading levels in the table of contents (default 3)", flag="--toc-depth",
        manifest_key="toc_depth", metavar="N",
    )  # fmt: skip
    unsafe_html: bool = _opt(
        False, "pass raw HTML through without sanitising", formats=("html", "epub"), flag="--unsafe-html",
        manifest_key="unsafe_html",
    )  # fmt: skip
    embed_images: bool = _opt(
        True, "link images instead of embedding them", formats=("html",), flag="--no-embed-images",
        manifest_key="embed_images",
    )  # fmt: skip
    css: str | None = _opt(
        None, "extra CSS, appended to the built-in style sheet", formats=("html", "epub"), flag="--css", manifest_key="css",
        metavar="FILE", kind="file-text",
    )  # fmt: skip
    paper: str = _opt(
        "a4", "paper size (default a4)", formats=("pdf", "docx", "hwpx"), flag="--paper", manifest_key="paper",
        choices=PAPERS,
    )  # fmt: skip
    font_dir: str | None = _opt(
        None, "a folder of TrueType fonts to prefer over the bundled Nanum Gothic",
        formats=("pdf", "epub"), flag="--font-dir", manifest_key="fonts", metavar="DIR", kind="path",
    )  # fmt: skip
    east_asian_font: str = _opt(
        "", "the East Asian font name (default: 맑은 고딕 in DOCX, 함초롬바탕/함초롬돋움 in HWPX)",
        formats=("docx", "hwpx"), flag="--east-asian-font",
        manifest_key="east_asian_font", metavar="NAME",
    )  # fmt: skip
    reference_docx: str | None = _opt(
        None, "styles, page setup, header/footer from FILE", formats=("docx",),
        flag="--reference-docx", manifest_key="reference_docx", metavar="FILE", kind="path",
    )  # fmt: skip
    embed_fonts: bool = _opt(
        False, "embed the Korean font, subset to the text", formats=("epub",), flag="--embed-fonts",
        manifest_key="embed_fonts",
    )  # fmt: skip
    bleed: float = _opt(
        0.0, "for a press: MM of bleed, crop marks, TrimBox/BleedBox, CMYK colour (e.g. 3; default none)",
        formats=("pdf",), flag="--bleed", manifest_key="bleed", metavar="MM",
    )  # fmt: skip
    pdf_tags: bool = _opt(
        True, "an untagged PDF: no structure tree, not PDF/UA (default: tagged, PDF/UA-1)",
        formats=("pdf",), flag="--no-pdf-tags", manifest_key="pdf_tags",
    )  # fmt: skip
    pledges_shape: str = _opt(
        "pledgeconv", "the shape of -t pledges: pledgeconv's schema, or the NEC's open-data fields",
        formats=("pledges",), flag="--pledges-shape", manifest_key="pledges_shape", choices=("pledgeconv", "nec"),
    )  # fmt: skip
    # Braille (-t brf): the 점자형 선거공보.
    braille_grade: int = _opt(
        2, "2: contracted Korean braille (약자, ko-g2.ctb, the standard); 1: uncontracted (ko-g1.ctb)",
        formats=("brf",), flag="--braille-grade", manifest_key="braille_grade", metavar="1|2",
    )  # fmt: skip
    braille_cells: int = _opt(
        32, "cells per braille line (default 32)", formats=("brf",), flag="--braille-cells",
        manifest_key="braille_cells", metavar="N",
    )  # fmt: skip
    braille_lines: int = _opt(
        26, "lines per braille page, the page number's included (default 26)", formats=("brf",),
        flag="--braille-lines", manifest_key="braille_lines", metavar="N",
    )  # fmt: skip
    election_kind: str | None = _opt(
        None, "the kind of election, for the cap on braille pages (default: from the front matter's election)",
        formats=("brf",), flag="--election", manifest_key="election_kind", choices=ELECTIONS,
    )  # fmt: skip
    braille_proof: str | None = _opt(
        None, "also write a PDF proof: each braille line with its ink print under it", formats=("brf",),
        flag="--braille-proof", manifest_key="braille_proof", metavar="FILE", kind="path",
    )  # fmt: skip
    extra: tuple[tuple[str, Any], ...] = field(default=(), metadata={"internal": True})

    @classmethod
    def from_mapping(
        cls, options: Mapping[str, Any], *, plugins: Sequence[OptionSpec] = (), where: str = "option"
    ) -> ExportOptions:
        """Build options from keyword arguments, checked against the declarations (and the
        ``plugins``' own); an unknown name is a UsageError that names the valid ones."""
        table = {s.name: s for s in (*SPECS, *plugins)}
        unknown = sorted(set(options) - set(table))
        if unknown:
            raise UsageError(
                f"unknown {where}(s): {', '.join(unknown)} (valid: {', '.join(sorted(table))})"
            )
        own = {k: table[k].check(v, where) for k, v in options.items() if k in _FIELDS}
        extra = tuple(sorted((k, table[k].check(v, where)) for k, v in options.items() if k not in _FIELDS))
        return cls(**own, extra=extra)

    def get(self, name: str, default: Any = None) -> Any:
        """A plugin's own option (or any option) by name."""
        if name in _FIELDS:
            return getattr(self, name)
        return dict(self.extra).get(name, default)


def _specs() -> tuple[OptionSpec, ...]:
    out = []
    for f in fields(ExportOptions):
        if f.metadata.get("internal"):
            continue
        meta = dict(f.metadata)
        kind = {"bool": bool, "bool | None": bool, "int": int, "float": float}.get(str(f.type), str)
        default = f.default if f.default is not MISSING else None
        out.append(OptionSpec(f.name, kind, default, **meta))
    return tuple(out)


#: The declared options, in the order the CLI lists them.
SPECS: tuple[OptionSpec, ...] = _specs()
_FIELDS = frozenset(s.name for s in SPECS)


def from_manifest(book: Mapping[str, Any], root: Path, where: str) -> dict[str, Any]:
    """The options a ``pledgeconv.toml`` sets (manifest keys → option names; paths made absolute
    against the book's folder, CSS files read)."""
    out: dict[str, Any] = {}
    for spec in SPECS:
        if spec.manifest_key is None or spec.manifest_key not in book:
            continue
        value = book[spec.manifest_key]
        if spec.kind in ("path", "file-text"):
            if not isinstance(value, str):
                raise UsageError(f"{where}: {spec.manifest_key} takes a path, not {value!r}")
            value = str((root / value).resolve())
            if spec.kind == "file-text":
                value = read_text_option(value, spec)
        out[spec.name] = spec.check(value, where)
    return out


def manifest_keys() -> tuple[str, ...]:
    """The option keys a manifest may hold."""
    return tuple(s.manifest_key for s in SPECS if s.manifest_key)


def read_text_option(path: str, spec: OptionSpec) -> str:
    """The text of a file-valued option (``--css FILE``), or a one-line UsageError."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read {spec.name} ({exc})") from None
