"""pledgeconv: Korean pledge documents (공약, 공약집) from Markdown to HTML, DOCX, PDF and EPUB."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import (
    ExportError,
    InputError,
    OutputError,
    PledgeconvError,
    PledgeconvWarning,
    UsageError,
)
from .exporters import FormatInfo
from .exporters import formats as _formats
from .model import Diagnostic, Document, Meta
from .version import __version__

if TYPE_CHECKING:
    from .api import ConvertResult, convert, export, parse
    from .book import BuildResult, build

_LAZY = {"parse": "api", "export": "api", "convert": "api", "ConvertResult": "api",
         "build": "book", "BuildResult": "book"}  # fmt: skip


def __getattr__(name: str) -> object:
    """The API loads the parser (and the book machinery) only when first asked for, so that
    ``--version`` is instant and the CLI can start export workers before the parser is imported."""
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'pledgeconv' has no attribute {name!r}")


def formats() -> list[FormatInfo]:
    """The output formats: built-in, from plugins, and planned ones not available yet."""
    return _formats()


__all__ = [
    "BuildResult",
    "ConvertResult",
    "Diagnostic",
    "Document",
    "ExportError",
    "FormatInfo",
    "InputError",
    "Meta",
    "OutputError",
    "PledgeconvError",
    "PledgeconvWarning",
    "UsageError",
    "__version__",
    "build",
    "convert",
    "export",
    "formats",
    "parse",
]
