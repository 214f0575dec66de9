"""Options declared once: each field of ExportOptions (rendering) and ParseOptions (reading) says its
type, default, help, formats, CLI flag and manifest key; the CLI (convert, build, check, serve), the
pledgeconv.toml reader, the API's checks and the README's options table are made from them."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import MISSING, field, fields
from pathlib import Path
from typing import Any, Literal

from .elections import ELECTIONS
from .errors import UsageError
from .frozen import dataclass
from .paper import SIZES

#: How a value is given: as is, as a path (made absolute against the manifest's folder), as a list of
#: such paths (each flag adds one), or as a file whose text is the value (CSS).
Kind = Literal["value", "path", "paths", "file-text"]


@dataclass(frozen=True, slots=True)
class OptionSpec:
    """One option (rendering or reading) as the CLI, the manifest and validation see it."""

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
        if value is None and (self.default is None or self.name in _NULLABLE):
            return None
        if self.kind == "paths":
            if isinstance(value, (str, os.PathLike)):
                value = (value,)
            if not isinstance(value, (list, tuple)) or not all(
                isinstance(v, (str, os.PathLike)) for v in value
            ):
                raise UsageError(f"{where}: {self.name} takes a list of paths, not {value!r}")
            return tuple(os.fspath(v) for v in value)
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
            raise UsageError(f"unknown {where}(s): {', '.join(unknown)} (valid: {', '.join(sorted(table))})")
        own = {k: table[k].check(v, where) for k, v in options.items() if k in _FIELDS}
        extra = tuple(sorted((k, table[k].check(v, where)) for k, v in options.items() if k not in _FIELDS))
        return cls(**own, extra=extra)

    def get(self, name: str, default: Any = None) -> Any:
        """A plugin's own option (or any option) by name."""
        if name in _FIELDS:
            return getattr(self, name)
        return dict(self.extra).get(name, default)


#: The largest input read by default (``max_input_bytes``), in bytes.
DEFAULT_MAX_INPUT_BYTES = 50 * 1024 * 1024
#: Options whose None means "no limit" although their default is a value.
_NULLABLE = frozenset({"max_input_bytes"})


@dataclass(frozen=True, slots=True)
class ParseOptions:
    """How an input is read and parsed: ``parse``, ``convert``, ``build``, the CLI (``convert``,
    ``build``, ``check``, ``serve``) and ``pledgeconv.toml`` take this one set."""

    strict: bool = _opt(
        False, "pure CommonMark: no extensions, no pledge conventions", flag="--strict", manifest_key="strict",
    )  # fmt: skip
    resource_paths: tuple[str, ...] = _opt(
        (), "another folder images may come from (repeatable)", flag="--resource-path",
        manifest_key="resource_paths", metavar="DIR", kind="paths",
    )  # fmt: skip
    encoding: str | None = _opt(
        None, "input encoding (default: UTF-8, with CP949 detected)", flag="--encoding", manifest_key="encoding",
        metavar="ENC",
    )  # fmt: skip
    encoding_errors: str = _opt(
        "strict", "what to do with undecodable bytes (default strict: an error)", flag="--encoding-errors",
        manifest_key="encoding_errors", choices=("strict", "replace"),
    )  # fmt: skip
    max_input_bytes: int | None = _opt(
        DEFAULT_MAX_INPUT_BYTES, "refuse larger inputs (default 50 MiB)", flag="--max-input-bytes",
        manifest_key="max_input_bytes", metavar="N",
    )  # fmt: skip
    allow_remote: bool = _opt(
        False, "fetch http(s) images (public hosts, 10 s, 20 MB)", flag="--allow-remote", manifest_key="allow_remote",
    )  # fmt: skip

    @classmethod
    def from_mapping(cls, options: Mapping[str, Any], *, where: str = "parse option") -> ParseOptions:
        """Checked parse options from keyword arguments; an unknown name is a UsageError naming the valid ones."""
        table = {s.name: s for s in PARSE_SPECS}
        unknown = sorted(set(options) - set(table))
        if unknown:
            raise UsageError(f"unknown {where}(s): {', '.join(unknown)} (valid: {', '.join(sorted(table))})")
        checked = {k: table[k].check(v, where) for k, v in options.items()}
        if checked.get("max_input_bytes") is not None and checked["max_input_bytes"] < 1:
            raise UsageError(
                f"{where}: max_input_bytes takes a positive number, not {checked['max_input_bytes']}"
            )
        return cls(**checked)


def _specs(cls: type) -> tuple[OptionSpec, ...]:
    types = {"bool": bool, "bool | None": bool, "int": int, "int | None": int, "float": float,
             "tuple[str, ...]": tuple}  # fmt: skip
    out = []
    for f in fields(cls):
        if f.metadata.get("internal"):
            continue
        default = f.default if f.default is not MISSING else None
        out.append(OptionSpec(f.name, types.get(str(f.type), str), default, **dict(f.metadata)))
    return tuple(out)


#: The declared rendering options, in the order the CLI lists them.
SPECS: tuple[OptionSpec, ...] = _specs(ExportOptions)
_FIELDS = frozenset(s.name for s in SPECS)
#: The declared reading options (``ParseOptions``), in the order the CLI lists them.
PARSE_SPECS: tuple[OptionSpec, ...] = _specs(ParseOptions)


def split_options(options: Mapping[str, Any]) -> tuple[ParseOptions, dict[str, Any]]:
    """Keyword arguments split into checked parse options and the rest (rendering options)."""
    names = {s.name for s in PARSE_SPECS}
    read = ParseOptions.from_mapping({k: v for k, v in options.items() if k in names})
    return read, {k: v for k, v in options.items() if k not in names}


def from_manifest(
    book: Mapping[str, Any], root: Path, where: str, specs: Sequence[OptionSpec] = SPECS
) -> dict[str, Any]:
    """The options (of ``specs``) a ``pledgeconv.toml`` sets (manifest keys → option names; paths made
    absolute against the book's folder, CSS files read)."""
    out: dict[str, Any] = {}
    for spec in specs:
        if spec.manifest_key is None or spec.manifest_key not in book:
            continue
        value = book[spec.manifest_key]
        if spec.kind == "paths":
            items = spec.check(value, where)
            value = tuple(str((root / v).resolve()) for v in items)
        elif spec.kind in ("path", "file-text"):
            if not isinstance(value, str):
                raise UsageError(f"{where}: {spec.manifest_key} takes a path, not {value!r}")
            value = str((root / value).resolve())
            if spec.kind == "file-text":
                value = read_text_option(value, spec)
        out[spec.name] = spec.check(value, where)
    return out


def manifest_keys() -> tuple[str, ...]:
    """The option keys (rendering and reading) a manifest may hold."""
    return tuple(s.manifest_key for s in (*SPECS, *PARSE_SPECS) if s.manifest_key)


def read_text_option(path: str, spec: OptionSpec) -> str:
    """The text of a file-valued option (``--css FILE``), or a one-line UsageError."""
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{path}: cannot read {spec.name} ({exc})") from None
