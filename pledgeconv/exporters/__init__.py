"""The Exporter protocol, the lazily imported built-ins, and entry-point plugin discovery."""

from __future__ import annotations

import importlib
from typing import ClassVar, Protocol, runtime_checkable

from ..errors import UsageError
from ..frozen import dataclass
from ..options import ExportOptions, OptionSpec
from ..resolved import Rendered, Resolved

ENTRY_POINT_GROUP = "pledgeconv.exporters"


@runtime_checkable
class Exporter(Protocol):
    """Renders a resolved document as one output format: the bytes, and the warnings it met.

    ``resolved`` holds every cross-format decision (title, language, link targets and what the
    format makes of them, image files and their placeholders, chapters and note homes, the cover
    and the contents page, sanitised raw HTML): an exporter asks it and never re-derives them.
    """

    name: ClassVar[str]
    suffixes: ClassVar[tuple[str, ...]]

    def export(self, resolved: Resolved, options: ExportOptions) -> Rendered:
        """Render ``resolved``; raise a PledgeconvError subclass on failure."""
        ...


# name -> ("module:Class", suffixes, description). Imported only when asked for.
BUILTIN: dict[str, tuple[str, tuple[str, ...], str]] = {
    "html": ("pledgeconv.exporters.html:HtmlExporter", (".html", ".htm"), "standalone HTML5"),
    "epub": ("pledgeconv.exporters.epub:EpubExporter", (".epub",), "EPUB 3 (with EPUB 2 NCX)"),
    "docx": ("pledgeconv.exporters.docx:DocxExporter", (".docx",), "Word document"),
    "pdf": ("pledgeconv.exporters.pdf:PdfExporter", (".pdf",), "PDF with embedded Korean fonts"),
    "hwpx": ("pledgeconv.exporters.hwpx:HwpxExporter", (".hwpx",), "한글 document (HWPX, OWPML)"),
    "brf": (
        "pledgeconv.exporters.brf:BrfExporter",
        (".brf",),
        "braille (BRF) via liblouis: the 점자형 선거공보",
    ),
    "pledges": (
        "pledgeconv.exporters.pledges:PledgesExporter",
        (".pledges.json", ".json"),
        "the pledges and their five items as JSON",
    ),
}
#: Left out of "all" (ask for them by name): data, not the document (pledges); and braille, a
#: separate statutory product with its own page cap that needs a system library (liblouis).
DATA_FORMATS = frozenset({"pledges", "brf"})


@dataclass(frozen=True, slots=True)
class FormatInfo:
    """What ``pledgeconv formats`` lists."""

    name: str
    suffixes: tuple[str, ...]
    description: str
    source: str  # "built-in" or "plugin <dist>"


def _plugins() -> dict[str, object]:
    from importlib.metadata import entry_points  # 15 ms: only when a plugin may be asked for

    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def plugin_options() -> tuple[OptionSpec, ...]:
    """The options installed plugin formats declare (their exporter class's ``options``)."""
    found: list[OptionSpec] = []
    for name, ep in sorted(_plugins().items()):
        if name in BUILTIN:
            continue
        try:
            factory = ep.load()  # type: ignore[attr-defined]
        except Exception:  # a broken plugin is reported when it is asked for
            continue
        for spec in getattr(factory, "options", ()):
            if isinstance(spec, OptionSpec):
                found.append(spec)
    return tuple(found)


def formats() -> list[FormatInfo]:
    """Every format known: built-ins and plugins."""
    found = [FormatInfo(n, sfx, desc, "built-in") for n, (_, sfx, desc) in BUILTIN.items()]
    for name, ep in sorted(_plugins().items()):
        if name in BUILTIN:
            continue
        dist = getattr(getattr(ep, "dist", None), "name", "?")
        try:  # a plugin's suffixes and description are its own
            factory = ep.load()  # type: ignore[attr-defined]
            suffixes = tuple(getattr(factory, "suffixes", ())) or (f".{name}",)
            description = str(getattr(factory, "description", "") or "plugin")
        except Exception:  # a broken plugin: listed, and reported when it is asked for
            suffixes, description = (f".{name}",), "plugin (fails to load)"
        found.append(FormatInfo(name, suffixes, description, f"plugin {dist}"))
    return found


def available() -> list[str]:
    """Names of the formats that can be exported now."""
    return [f.name for f in formats()]


def _builtin_suffix(suffix: str) -> str | None:
    return next((name for name, (_, suffixes, _) in BUILTIN.items() if suffix in suffixes), None)


def get(name: str) -> Exporter:
    """The exporter for ``name``; a UsageError names the formats there are."""
    name = name.lower().strip()
    if name in BUILTIN:
        module, _, cls = BUILTIN[name][0].partition(":")
        exporter = getattr(importlib.import_module(module), cls)()
        assert isinstance(exporter, Exporter)
        return exporter
    plugins = _plugins()
    if name in plugins:
        try:
            factory = plugins[name].load()  # type: ignore[attr-defined]
            exporter = factory()
        except Exception as exc:  # a broken plugin must not crash us
            raise UsageError(f"format {name!r}: plugin failed to load ({exc})") from None
        if not isinstance(exporter, Exporter):
            raise UsageError(f"format {name!r}: plugin is not an Exporter")
        return exporter
    raise UsageError(f"unknown format {name!r} (have: {', '.join(available())})")


def check(name: str) -> None:
    """Raise the same UsageError as :func:`get` for a format that cannot be exported, without
    importing a built-in exporter (that happens in the process that renders it)."""
    if name.lower().strip() not in BUILTIN:
        get(name)


def for_suffix(suffix: str) -> str | None:
    """The format a file suffix stands for (".htm" → "html"), or None."""
    suffix = suffix.lower()
    builtin = _builtin_suffix(suffix)  # no entry-point scan for the common case
    if builtin is not None:
        return builtin
    for info in formats():
        if suffix in info.suffixes:
            return info.name
    return None


def suffix_of(name: str) -> str:
    """The file suffix to write format ``name`` with."""
    if name in BUILTIN:
        return BUILTIN[name][1][0]
    for info in formats():
        if info.name == name:
            return info.suffixes[0]
    return f".{name}"
